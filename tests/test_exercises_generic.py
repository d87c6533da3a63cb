"""Every registered exercise, whatever notebook it belongs to: the reference passes, the cases are
fixed, and generic wrong functions (None, raises, wrong type, NaN, mutation, an endless loop) get ❌
and one sentence instead of a crash."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import helpers.exercises.checks as checks
from helpers.exercises import EXERCISES, check_exercise, evaluate_exercise, is_stand_in

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_every_notebook_has_registered_exercises() -> None:
    notebooks = {key.split(".")[0] for key in EXERCISES}
    assert notebooks == {str(int(p.name[:2])) for p in NOTEBOOKS}, sorted(notebooks)


@pytest.fixture
def reference_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a test's function call the reference: these tests are about what it does with the
    result (the refusal of course functions is tested in tests/test_refusal.py)."""
    monkeypatch.setattr(checks, "_refused_functions", lambda reference, solved_by: [])


@pytest.mark.parametrize("key", list(EXERCISES))
@pytest.mark.usefixtures("reference_allowed")
def test_the_reference_passes_and_cases_are_fixed(key: str) -> None:
    exercise = EXERCISES[key]
    reference = exercise.reference
    assert evaluate_exercise(key, lambda *args: reference(*args)).passed
    first, second = exercise.make_cases(), exercise.make_cases()
    assert checks._same(first, second)  # the same cases every time


# ---- generic wrong functions for every registered exercise ---------------------------------


def returns_none(*args: Any) -> None:
    return None


def raises(*args: Any) -> None:
    raise ValueError("boom")


def wrong_type(*args: Any) -> str:
    return "a string"


def _has_numbers(value: Any) -> bool:
    if isinstance(value, str | bytes) or value is None:
        return False
    if isinstance(value, dict):
        return any(_has_numbers(v) for v in value.values())
    if isinstance(value, tuple | list) and not isinstance(value, np.ndarray):
        return any(_has_numbers(v) for v in value)
    try:
        return np.asarray(value, dtype=float).size > 0
    except (TypeError, ValueError):
        return False


def _with_nan(value: Any) -> Any:
    """``value`` with NaN in place of its first number (containers keep their type); a result
    without numbers (words, merges) gets NaN in place of its first item."""
    if not _has_numbers(value):
        if isinstance(value, list | tuple) and value:
            return type(value)([np.nan, *value[1:]])
        return np.nan
    if isinstance(value, dict):
        key = next(k for k, v in value.items() if _has_numbers(v))
        return {**value, key: _with_nan(value[key])}
    if isinstance(value, tuple | list) and not all(
        isinstance(v, int | float | np.number) for v in value
    ):
        i = next(i for i, v in enumerate(value) if _has_numbers(v))
        items = list(value)
        items[i] = _with_nan(items[i])
        return type(value)(items) if isinstance(value, tuple) else items
    array = np.array(value, dtype=float)
    array.flat[0] = np.nan
    return array if array.ndim else float(array)


GENERIC = [
    (returns_none, "returned None for"),
    (raises, "raised ValueError: boom"),
    (wrong_type, "got 'a string'"),
]


@pytest.mark.parametrize("key", list(EXERCISES))
@pytest.mark.parametrize(("wrong", "phrase"), GENERIC, ids=[g[0].__name__ for g in GENERIC])
def test_generic_wrong_functions_fail_in_one_sentence(
    key: str, wrong: Callable[..., Any], phrase: str
) -> None:
    verdict = evaluate_exercise(key, wrong)
    assert verdict.status == "fail" and phrase in verdict.message, verdict.message
    assert verdict.message.count("\n") == 0


@pytest.mark.parametrize("key", list(EXERCISES))
@pytest.mark.usefixtures("reference_allowed")
def test_nan_result_fails(key: str) -> None:
    reference = EXERCISES[key].reference
    verdict = evaluate_exercise(key, lambda *args: _with_nan(reference(*args)))
    assert verdict.status == "fail" and "nan" in verdict.message, verdict.message


@pytest.mark.parametrize("key", list(EXERCISES))
@pytest.mark.usefixtures("reference_allowed")
def test_mutating_an_input_fails(key: str) -> None:
    reference = EXERCISES[key].reference

    def mutating(*args: Any) -> Any:
        result = reference(*args)
        for arg in args:
            if isinstance(arg, np.ndarray):
                arg[...] = 0
                break
        return result

    verdict = evaluate_exercise(key, mutating)
    has_array = any(isinstance(a, np.ndarray) for a in EXERCISES[key].make_cases()[0])
    if has_array:
        assert verdict.status == "fail" and "in place" in verdict.message, verdict.message
    else:
        assert verdict.passed  # nothing to mutate (e.g. causal_mask(n))


@pytest.mark.parametrize("key", list(EXERCISES))
def test_endless_loop_hits_the_time_limit(key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "TIME_LIMIT", 0.2)

    def endless(*args: Any) -> None:
        while True:
            pass

    exercise = EXERCISES[key]
    exercise.reference(*exercise.make_cases()[0])  # computed (and cached, for 4.7) before timing
    monkeypatch.setattr(checks, "SLOWER_THAN_REFERENCE", 1.0)
    start = time.perf_counter()
    verdict = checks.evaluate_function(
        exercise.title,
        endless,
        exercise.reference,
        exercise.make_cases()[:1],
        hint=exercise.hint,
        compare=exercise.compare,
    )
    assert time.perf_counter() - start < 5
    assert verdict.status == "fail" and "did not finish within" in verdict.message
    assert "the reference needs" in verdict.message


# ---- what a check hands back is never graded (issue 22 §1, §5) ------------------------------


def _stub(*args: Any) -> Any:
    raise NotImplementedError


@pytest.mark.parametrize("key", list(EXERCISES))
def test_a_second_run_of_the_check_cell_never_grades_what_the_first_handed_back(key: str) -> None:
    handed_back = check_exercise(key, _stub)
    assert is_stand_in(handed_back)
    again = evaluate_exercise(key, handed_back)
    assert again.status == "todo" and "run the cell that defines `_stub` again" in again.message
    assert check_exercise(key, handed_back) is handed_back

    def delegating(*args: Any) -> Any:
        return handed_back(*args)

    verdict = evaluate_exercise(key, delegating)
    assert verdict.status == "fail" and "calls the course's reference" in verdict.message


# ---- every exercise's known realistic mistakes (its record's ``mistakes``) -------------------

REALISTIC = [
    (key, mistake.function, mistake.phrase)
    for key in EXERCISES
    for mistake in EXERCISES[key].mistakes
]


def test_every_exercise_has_at_least_four_realistic_wrong_answers() -> None:
    for key in EXERCISES:
        assert len(EXERCISES[key].mistakes) >= 4, f"exercise {key}"


@pytest.mark.parametrize(
    ("key", "wrong", "phrase"),
    REALISTIC,
    ids=[f"{k}-{getattr(w, '__name__', 'wrong')}-{i}" for i, (k, w, _) in enumerate(REALISTIC)],
)
def test_realistic_wrong_answers_fail_with_the_intended_hint(
    key: str, wrong: Callable[..., Any], phrase: str
) -> None:
    errors = len(checks.DIAGNOSIS_ERRORS)
    with np.errstate(all="ignore"):
        verdict = evaluate_exercise(key, wrong)
        again = evaluate_exercise(key, wrong)  # the check cell run a second time
    assert verdict.status == "fail", verdict.message
    assert phrase.lower() in verdict.message.lower(), verdict.message
    assert verdict.message.count("\n") == 0
    # the same verdict and hint (an unseeded answer's numbers may differ: they are what it returned)
    assert again.status == verdict.status
    assert again.message.partition("Hint:")[2] == verdict.message.partition("Hint:")[2], (
        "a second run of the check gives another hint"
    )
    assert checks.DIAGNOSIS_ERRORS[errors:] == [], "a diagnosis raised: the hint fell back"
