"""Exercise checks: verdicts, hints and the reference fallback."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from helpers.exercises.checks import check_function, evaluate_function, explain_difference


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
    assert result is reference
    out = capsys.readouterr().out
    assert out.startswith("⏳ Exercise 9.9 double is not done yet")
    assert "continues with the reference implementation" in out


def test_wrong_value_names_input_difference_and_hint(capsys: pytest.CaptureFixture[str]) -> None:
    def mine(x: np.ndarray) -> np.ndarray:
        return x * 3

    verdict = evaluate_function("9.9 double", mine, reference, CASES, hint="multiply by two")
    assert verdict.status == "fail" and not verdict.passed
    assert "at index 0 expected 2.0, got 3.0" in verdict.message
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
        (sp.csr_matrix(np.eye(2)), np.eye(2), None),
        (sp.csr_matrix(np.eye(2)), np.ones((2, 2)), "at index (0, 1) expected 1.0, got 0.0"),
        ([1.0], np.array([1.0]), "expected an array of shape (1,)"),
        (np.array(["a", "b"]), np.array(["a", "c"]), "the values differ"),
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
