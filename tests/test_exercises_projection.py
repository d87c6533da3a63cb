"""Notebook 03's exercises: realistic wrong answers get ❌ with the intended hint.

The generic wrong functions every exercise must survive are in tests/test_exercises_generic.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from helpers.exercises import evaluate_exercise
from helpers.exercises.mistakes.projection import (
    embed_correct,
    gaussian_correct,
    gaussian_correct_drawn_transposed,
    learned_correct_by_eigh,
    ratios_correct,
    svd_correct_by_eigh,
    svd_precedence_bug,
)
from helpers.exercises.projection import svd_word_vectors

RIGHT = [
    ("3.1", embed_correct),
    ("3.2", gaussian_correct),
    ("3.2", gaussian_correct_drawn_transposed),
    ("3.3", ratios_correct),
    ("3.4", svd_correct_by_eigh),
    ("3.5", learned_correct_by_eigh),
]


@pytest.mark.parametrize(("key", "right"), RIGHT, ids=[r[1].__name__ for r in RIGHT])
def test_independent_correct_answers_pass(key: str, right: Callable[..., Any]) -> None:
    assert evaluate_exercise(key, right).passed


def test_the_precedence_bug_only_shows_at_p_zero() -> None:
    """Why 3.4 needs a p = 0 case: for p > 0, np.diag(s) ** p is the diagonal of s ** p."""
    M = np.random.default_rng(0).random((5, 4))
    for p in (0.5, 1.0):
        assert np.allclose(svd_precedence_bug(M, 3, p), svd_word_vectors(M, 3, p))
    assert not np.allclose(svd_precedence_bug(M, 3, 0.0), svd_word_vectors(M, 3, 0.0))


def test_the_learned_matrix_projects_rows_to_the_svd_word_vectors() -> None:
    """The two views of one projection: M @ V_d Σ_d^(p−1) = U_d Σ_d^p, for every p."""
    from helpers.exercises.projection import learned_projection_matrix

    M = np.random.default_rng(1).random((9, 6))
    for p in (0.0, 0.5, 1.0):
        assert np.allclose(M @ learned_projection_matrix(M, 4, p), svd_word_vectors(M, 4, p))


def test_the_gaussian_reference_has_variance_one_over_d() -> None:
    from helpers.exercises.projection import gaussian_projection_matrix

    W = gaussian_projection_matrix(50_000, 8, seed=3)
    assert abs(W.mean()) < 0.01 and abs(W.var() * 8 - 1) < 0.02
