"""Exercise checks: verdicts, hints and the reference fallback."""

from __future__ import annotations

import time

import numpy as np
import pytest
import scipy.sparse as sp

from helpers.exercises.checks import (
    CheckCall,
    add_observer,
    call_if_fast_enough,
    check_function,
    evaluate_function,
    explain_difference,
    is_stand_in,
    remove_observer,
)


def reference(x: np.ndarray) -> np.ndarray:
    return np.asarray(x) * 2


def unfinished(x: np.ndarray) -> np.ndarray:
    raise NotImplementedError("Exercise: replace this line with your code.")


CASES = [(np.array([1.0, 2.0]),), (np.array([0.5]),)]


def test_pass_returns_candidate_and_prints_tick(capsys: pytest.CaptureFixture[str]) -> None:
    def mine(x: np.ndarray) -> np.ndarray:
        return x + x

    result = check_function("9.9 double", mine, reference, CASES, hint="multiply by two")
    assert result is mine
    out = capsys.readouterr().out
    assert out.startswith("✅ Exercise 9.9 double passed: 2 test cases agree")


def test_unfinished_returns_reference_and_says_not_done(capsys: pytest.CaptureFixture[str]) -> None:
    result = check_function("9.9 double", unfinished, reference, CASES, hint="multiply by two")
    assert is_stand_in(result) and result.__wrapped__ is reference  # type: ignore[attr-defined]
    out = capsys.readouterr().out
    assert out.startswith("⏳ Exercise 9.9 double is not done yet")
    assert "continues with the reference implementation" in out


def test_wrong_value_names_input_difference_and_hint(capsys: pytest.CaptureFixture[str]) -> None:
    def mine(x: np.ndarray) -> np.ndarray:
        return x * 3

    verdict = evaluate_function("9.9 double", mine, reference, CASES, hint="multiply by two")
    assert verdict.status == "fail" and not verdict.passed
    assert "at index 0 expected 2, got 3" in verdict.message
    assert "Hint: multiply by two" in verdict.message
    assert capsys.readouterr().out.strip() == verdict.message


def test_wrong_shape_is_reported_as_shape() -> None:
    verdict = evaluate_function(
        "9.9 double", lambda x: (2 * x)[None, :], reference, CASES, hint="keep it 1-D"
    )
    assert "expected shape (2,), got shape (1, 2)" in verdict.message


def test_specific_diagnosis_replaces_generic_hint() -> None:
    verdict = evaluate_function(
        "9.9 double",
        lambda x: x * 4,
        reference,
        CASES,
        hint="generic",
        diagnose=lambda args, got, expected: (
            "you doubled twice" if np.allclose(got, 2 * expected) else None
        ),
    )
    assert "Hint: you doubled twice" in verdict.message and "generic" not in verdict.message


def test_exception_in_learner_code_is_a_failing_verdict() -> None:
    def broken(x: np.ndarray) -> np.ndarray:
        return x.nonexistent  # type: ignore[attr-defined]

    verdict = evaluate_function("9.9 double", broken, reference, CASES, hint="look at the error")
    assert verdict.status == "fail"
    assert "raised AttributeError" in verdict.message


def test_no_cases_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="at least one test case"):
        evaluate_function("9.9", reference, reference, [], hint="")


@pytest.mark.parametrize(
    ("got", "expected", "phrase"),
    [
        (1.0, 1.0 + 1e-9, None),
        (1.0, 2.0, "expected 2, got 1"),
        ([1, 2], [1, 2, 3], "expected 3 items, got 2"),
        ({"a": 1}, {"b": 1}, "the keys differ"),
        ({"a": 1.0}, {"a": 1.5}, "for key 'a': expected 1.5, got 1"),
        ("king", "queen", "expected 'queen', got 'king'"),
        (sp.csr_matrix(np.eye(2)), np.eye(2), "got a sparse matrix: return `result.toarray()`"),
        (
            sp.csr_matrix(np.eye(2)),
            sp.csr_matrix(np.ones((2, 2))),
            "at index (0, 1) expected 1, got 0",
        ),
        ((1, 2), [1, 2], "expected a list, got a tuple"),
        (4.0, 4, "expected an integer, got the float 4.0"),
        (np.array([1.0, 2.0]), np.array([1, 2]), "expected an integer array"),
        ([1.0], np.array([1.0]), "right but you returned a list: return a NumPy array"),
        ([3.0], np.array([1.0]), "expected np.array([1.]), got [3.0]"),
        (np.array(["a", "b"]), np.array(["a", "c"]), "at index 1 expected 'c', got 'b'"),
    ],
)
def test_explain_difference(got: object, expected: object, phrase: str | None) -> None:
    diff = explain_difference(got, expected)
    if phrase is None:
        assert diff is None
    else:
        assert diff is not None and phrase in diff


# ---- robustness (issue 14's rule): a check never crashes and never passes wrong code ---------


def test_returning_none_asks_about_return() -> None:
    verdict = evaluate_function("9.9 double", lambda x: None, reference, CASES, hint="h")
    assert "returned None" in verdict.message and "forget `return`" in verdict.message


def test_nan_is_named() -> None:
    verdict = evaluate_function("9.9 double", lambda x: x * np.nan, reference, CASES, hint="h")
    assert verdict.status == "fail" and "returned nan" in verdict.message


def test_mutating_the_input_fails_and_does_not_change_the_case() -> None:
    def mine(x: np.ndarray) -> np.ndarray:
        x *= 2
        return x

    cases = [(np.array([1.0, 2.0]),)]
    verdict = evaluate_function("9.9 double", mine, reference, cases, hint="h")
    assert "changed its argument `x` in place" in verdict.message
    assert cases[0][0].tolist() == [1.0, 2.0]


def test_a_crashing_diagnosis_falls_back_to_the_hint() -> None:
    def bad_diagnosis(args: object, got: object, expected: object) -> str:
        raise RuntimeError("oops")

    verdict = evaluate_function(
        "9.9 double", lambda x: x * 3, reference, CASES, hint="generic", diagnose=bad_diagnosis
    )
    assert verdict.status == "fail" and "Hint: generic" in verdict.message


def test_an_incomparable_answer_is_a_verdict_not_a_crash() -> None:
    class Weird:
        def __eq__(self, other: object) -> bool:
            raise RuntimeError("cannot compare")

    verdict = evaluate_function("9.9 one", lambda: Weird(), lambda: 1, [()], hint="h")
    assert verdict.status == "fail"


@pytest.mark.parametrize("use_thread", [False, True], ids=["alarm", "thread-fallback"])
def test_time_limit_stops_an_endless_loop(
    use_thread: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    import helpers.exercises.checks as checks

    monkeypatch.setattr(checks, "TIME_LIMIT", 0.2)
    if use_thread:  # what happens on Windows, where there is no SIGALRM
        monkeypatch.delattr(checks.signal, "SIGALRM")
    stop = time.perf_counter() + 3.0

    def slow(x: np.ndarray) -> np.ndarray:
        while time.perf_counter() < stop:  # "endless", but ends so the test leaves no thread
            pass
        return x * 2

    start = time.perf_counter()
    verdict = evaluate_function("9.9 double", slow, reference, CASES, hint="h")
    assert time.perf_counter() - start < 2.0
    assert "did not finish within 0.2 s" in verdict.message


def test_the_thread_fallback_returns_values_and_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    import helpers.exercises.checks as checks

    monkeypatch.delattr(checks.signal, "SIGALRM")
    assert checks.call_with_time_limit(sum, ([1, 2],), 1.0) == 3
    with pytest.raises(ZeroDivisionError):
        checks.call_with_time_limit(lambda: 1 / 0, (), 1.0)


def test_a_loop_that_retries_under_except_exception_still_hits_the_time_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import helpers.exercises.checks as checks

    monkeypatch.setattr(checks, "TIME_LIMIT", 0.2)
    monkeypatch.setattr(checks, "SLOWER_THAN_REFERENCE", 1.0)

    def retrying(x: np.ndarray) -> np.ndarray:
        while True:
            try:
                time.sleep(0.01)
            except Exception:  # a learner's catch-all: must not swallow the time limit
                pass

    start = time.perf_counter()
    verdict = evaluate_function("9.9 double", retrying, reference, CASES, hint="h")
    assert time.perf_counter() - start < 5
    assert verdict.status == "fail" and "did not finish within" in verdict.message


def test_objects_that_are_not_plain_data_are_neither_copied_nor_reported() -> None:
    class Table:  # like WordVectors: compares by identity and caches a derived array
        def __init__(self) -> None:
            self.cache: list[int] = []

        def value(self) -> int:
            self.cache.append(1)
            return 2

    table = Table()
    verdict = evaluate_function("9.9 table", lambda t: t.value(), lambda t: 2, [(table,)], hint="")
    assert verdict.passed


def test_a_function_that_changes_a_dataclass_argument_in_place_fails() -> None:
    from dataclasses import dataclass

    @dataclass
    class Params:
        w: np.ndarray
        name: str = "p"

    def reference(p: Params) -> float:
        return float(p.w.sum())

    def sneaky(p: Params) -> float:
        total = float(p.w.sum())
        p.w[0] = 99.0
        return total

    verdict = evaluate_function(
        "9.9 total", sneaky, reference, [(Params(np.ones(3)),)], hint="add them up"
    )
    assert verdict.status == "fail" and "in place" in verdict.message, verdict.message


# ---- what a check hands back is never graded (issue 22 §1, §5) ------------------------------


def test_a_rerun_of_a_rebinding_check_cell_never_passes_the_reference() -> None:
    def mine(x: np.ndarray) -> np.ndarray:
        return x * 3

    double = check_function("9.9 double", mine, reference, CASES, hint="multiply by two")
    assert is_stand_in(double)
    np.testing.assert_allclose(double(np.array([1.0])), [2.0])  # Run All goes on
    again = evaluate_function("9.9 double", double, reference, CASES, hint="multiply by two")
    assert again.status == "todo" and "✅" not in again.message
    assert "run the cell that defines `mine` again" in again.message
    assert check_function("9.9 double", double, reference, CASES, hint="h") is double
    assert evaluate_function("9.9 double", reference, reference, CASES, hint="h").status == "todo"


def test_a_function_that_calls_the_handed_back_reference_fails() -> None:
    handed_back = check_function("9.9 double", unfinished, reference, CASES, hint="h")

    def mine(x: np.ndarray) -> np.ndarray:
        return handed_back(x)

    verdict = evaluate_function("9.9 double", mine, reference, CASES, hint="h")
    assert verdict.status == "fail" and "calls the course's reference" in verdict.message
    # another exercise may build on a reference handed back earlier (7.3 on 7.2's) ...
    other = evaluate_function("9.8 other", mine, lambda x: 2 * np.asarray(x), CASES, hint="h")
    assert other.passed
    # ... unless that reference is its own answer: then it hands back the course's answer
    same = evaluate_function("9.8 other", mine, reference, CASES, hint="h")
    assert same.status == "fail" and "calls the course's `test_checks.reference`" in same.message


def test_observers_see_every_check_and_quiet_checks_print_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    seen: list[CheckCall] = []
    add_observer(seen.append)
    try:
        evaluate_function("9.9 double", reference, lambda x: 2 * x, CASES, hint="h")
        evaluate_function("9.9 double", reference, lambda x: 2 * x, CASES, hint="h", quiet=True)
    finally:
        remove_observer(seen.append)
    assert [c.exercise for c in seen] == ["9.9 double"] and seen[0].cases == CASES
    assert capsys.readouterr().out.count("✅") == 1


# ---- messages name what differs (issue 22 §3) -----------------------------------------------


def test_numbers_get_enough_digits_to_differ() -> None:
    assert explain_difference(0.98391, 0.98388) == "expected 0.98388, got 0.98391"
    assert explain_difference(np.array([0.98391]), np.array([0.98388])) == (
        "at index 0 expected 0.98388, got 0.98391"
    )


def test_a_list_where_an_array_is_expected_says_return_an_array() -> None:
    diff = explain_difference([2.0, 4.0], np.array([2.0, 4.0]))
    assert diff is not None and "return a NumPy array" in diff


def test_an_array_where_a_list_is_expected_fails() -> None:
    diff = explain_difference(np.array([1, 2]), [1, 2])
    assert diff is not None and "expected a list" in diff and ".tolist()" in diff


def test_small_inputs_are_shown_in_full() -> None:
    verdict = evaluate_function("9.9 double", lambda x: x * 3, reference, CASES, hint="h")
    assert "x=np.array([1., 2.])" in verdict.message


def test_values_that_read_the_same_are_told_apart() -> None:
    got, expected = np.array([True, False, True]), np.array([True, True, True])
    assert explain_difference(got, expected) == "at index 1 expected True, got False"


def test_a_slow_reference_scales_the_time_limit() -> None:
    import time

    def slow_reference(x: np.ndarray) -> np.ndarray:
        time.sleep(0.05)
        return 2 * x

    def slower_but_right(x: np.ndarray) -> np.ndarray:
        time.sleep(0.3)
        return 2 * x

    import helpers.exercises.checks as checks

    limit = checks.TIME_LIMIT
    checks.TIME_LIMIT = 0.1
    try:
        verdict = evaluate_function("9.9 d", slower_but_right, slow_reference, CASES, hint="h")
    finally:
        checks.TIME_LIMIT = limit
    assert verdict.passed, verdict.message


def test_call_if_fast_enough_ignores_one_interrupted_run() -> None:
    """A linear function delayed once (as a busy machine does) is still used, not the fallback."""
    calls = []

    def linear(xs: list[int]) -> int:
        calls.append(len(xs))
        if calls.count(2_000) == 1 and len(xs) == 2_000:  # the first run on 2 000 is interrupted
            time.sleep(0.3)
        return sum(xs)

    data = list(range(50_000))
    result = call_if_fast_enough(linear, data, fallback=lambda xs: -1, seconds=1.0, sample=1_000)
    assert result == sum(data)


def test_call_if_fast_enough_falls_back_for_a_quadratic_function(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def quadratic(xs: list[int]) -> int:
        return sum(xs.count(x) for x in xs)

    data = list(range(200_000))
    result = call_if_fast_enough(quadratic, data, fallback=lambda xs: -1, seconds=5.0, sample=1_000)
    assert result == -1
    assert "would take about" in capsys.readouterr().out


# A learner's function that calls the course's own solution: tests/test_refusal.py.
def test_an_error_message_ending_in_a_full_stop_gets_only_one() -> None:
    from helpers.exercises.checks import evaluate_function

    def mine(x: float) -> float:
        raise ValueError("pass a positive number.")

    verdict = evaluate_function(
        "0.1 double", mine, lambda x: 2 * x, [(1,)], hint="Multiply by two.", quiet=True
    )
    assert "raised ValueError: pass a positive number. Hint: Multiply by two." in verdict.message
    assert ".." not in verdict.message


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGALRM"), reason="POSIX alarm only")
def test_an_alarm_lost_in_a_finaliser_does_not_leave_an_endless_loop_running() -> None:
    """Python drops an exception raised inside a finaliser or a gc callback (hypothesis installs
    one): the first alarm can land there and be lost, so the alarm repeats until the call ends,
    and nothing of it is left afterwards."""
    import signal

    import helpers.exercises.checks as checks

    lost = []

    def endless() -> None:
        while True:
            try:
                time.sleep(0.001)
            except checks.TimeLimitExceeded:
                if lost:
                    raise
                lost.append(time.perf_counter())  # the first alarm, swallowed as a finaliser would

    handler = signal.getsignal(signal.SIGALRM)
    start = time.perf_counter()
    with pytest.raises(checks.TimeLimitExceeded):
        checks.call_with_time_limit(endless, (), 0.2)
    assert len(lost) == 1 and time.perf_counter() - start < 0.2 + 10 * checks.ALARM_REPEAT
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is handler
    assert checks.call_with_time_limit(sum, ([1, 2],), 0.2) == 3
