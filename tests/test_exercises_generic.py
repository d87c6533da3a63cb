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
from helpers.exercises import EXERCISES, evaluate_exercise

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_every_notebook_has_registered_exercises() -> None:
    notebooks = {key.split(".")[0] for key in EXERCISES}
    assert notebooks == {str(int(p.name[:2])) for p in NOTEBOOKS}, sorted(notebooks)


@pytest.mark.parametrize("key", list(EXERCISES))
def test_the_reference_passes_and_cases_are_fixed(key: str) -> None:
    exercise = EXERCISES[key]
    assert evaluate_exercise(key, exercise.reference).passed
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
def test_nan_result_fails(key: str) -> None:
    reference = EXERCISES[key].reference
    verdict = evaluate_exercise(key, lambda *args: _with_nan(reference(*args)))
    assert verdict.status == "fail" and "nan" in verdict.message, verdict.message


@pytest.mark.parametrize("key", list(EXERCISES))
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

    start = time.perf_counter()
    verdict = evaluate_exercise(key, endless)
    assert time.perf_counter() - start < 5
    assert verdict.status == "fail" and "did not finish within 0.2 s" in verdict.message


# ---- every module's realistic wrong answers ---------------------------------------------------
# Each tests/test_exercises_<notebook>.py lists ``WRONG = [(key, wrong_function, phrase), ...]``:
# the mistakes learners really make, with the phrase of the hint its check must give.


def _realistic_wrong_answers() -> list[tuple[str, Callable[..., Any], str]]:
    from tools.teacher_guide import wrong_answers

    return wrong_answers()


REALISTIC = _realistic_wrong_answers()


def test_every_exercise_has_at_least_three_realistic_wrong_answers() -> None:
    for key in EXERCISES:
        assert sum(k == key for k, _, _ in REALISTIC) >= 3, f"exercise {key}"


@pytest.mark.parametrize(
    ("key", "wrong", "phrase"),
    REALISTIC,
    ids=[f"{k}-{getattr(w, '__name__', 'wrong')}-{i}" for i, (k, w, _) in enumerate(REALISTIC)],
)
def test_realistic_wrong_answers_fail_with_the_intended_hint(
    key: str, wrong: Callable[..., Any], phrase: str
) -> None:
    with np.errstate(all="ignore"):
        verdict = evaluate_exercise(key, wrong)
    assert verdict.status == "fail", verdict.message
    assert phrase.lower() in verdict.message.lower(), verdict.message
    assert verdict.message.count("\n") == 0
