"""Notebook 02's exercises: realistic wrong answers get ❌ with the intended hint.

The generic wrong functions every exercise must survive are in tests/test_exercises_generic.py."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from helpers.exercises import EXERCISES, evaluate_exercise
from helpers.exercises.mistakes.cooccurrence import (
    counts_correct,
    nearest_correct,
    ppmi_correct,
)


@pytest.mark.parametrize(
    ("key", "right"), [("2.1", counts_correct), ("2.2", ppmi_correct), ("2.3", nearest_correct)]
)
def test_independent_correct_answers_pass(key: str, right: Callable[..., Any]) -> None:
    verdict = evaluate_exercise(key, right)
    assert verdict.passed, verdict.message


def test_cases_cover_the_edges() -> None:
    count_cases = EXERCISES["2.1"].make_cases()
    lengths = {len(s) for sentences, _, _ in count_cases for s in sentences}
    assert {0, 1} <= lengths  # an empty and a one-word sentence
    # a window longer than every sentence of its case
    assert any(window >= max(len(s) for s in sentences) for sentences, _, window in count_cases)
    ppmi_cases = EXERCISES["2.2"].make_cases()
    assert any(alpha == 0.75 for _, alpha in ppmi_cases)
    assert any((table.sum(axis=1) == 0).any() for table, _ in ppmi_cases)  # a zero row
    for matrix, _row, k in EXERCISES["2.3"].make_cases():
        assert np.linalg.norm(matrix, axis=1).min() > 0 and k < len(matrix)


def test_all_cases_run_fast() -> None:
    start = time.perf_counter()
    for key in ("2.1", "2.2", "2.3"):
        exercise = EXERCISES[key]
        for args in exercise.make_cases():
            exercise.reference(*args)
    assert time.perf_counter() - start < 0.5
