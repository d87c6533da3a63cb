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


def test_an_unseeded_draw_gets_the_same_hint_whatever_it_drew() -> None:
    """`default_rng()` without the seed draws anew at every call, so the hint must not depend on
    the draw. Once in 1 024 calls the first case's 5 × 2 matrix is all non-negative (as it is with
    entropy 372 here); that draw is still centred at 0, not uniform, and gets the unseeded hint
    (it used to get "Every entry is non-negative", which made the teacher guide flaky)."""
    from helpers.exercises.projection import _gaussian_cases

    def unseeded_but_drew_372(n: int, d: int, seed: int) -> np.ndarray:
        return np.random.default_rng(372).normal(size=(n, d)) / np.sqrt(d)

    n, d, seed = _gaussian_cases()[0]
    assert (unseeded_but_drew_372(n, d, seed) >= 0).all()  # the rare draw this test is about
    verdict = evaluate_exercise("3.2", unseeded_but_drew_372)
    assert "make the generator from the `seed` argument" in verdict.message, verdict.message


def _gaussian_hint(candidate: Callable[..., Any], case: int) -> str | None:
    from helpers.exercises.projection import (
        _diagnose_gaussian,
        _gaussian_cases,
        gaussian_projection_matrix,
    )

    args = _gaussian_cases()[case]
    return _diagnose_gaussian(args, candidate(*args), gaussian_projection_matrix(*args))


@pytest.mark.parametrize(
    "uniform",
    [
        lambda n, d, seed: np.random.default_rng(seed).random((n, d)),
        lambda n, d, seed: np.random.default_rng(seed).uniform(0.1, 1 / np.sqrt(d), (n, d)),
    ],
    ids=["random", "uniform-between"],
)
def test_the_seeds_uniform_draws_are_called_non_negative_in_every_case(
    uniform: Callable[..., Any],
) -> None:
    for case in (0, 1, 2):
        hint = _gaussian_hint(uniform, case)
        assert hint is not None and hint.startswith("Every entry is non-negative"), hint


def test_other_one_sided_draws_are_called_non_negative_where_chance_cannot_explain_it() -> None:
    """|N(0, 1)| + 1 from another seed: in the 320-entry case no centred draw is that one-sided
    (2^-320); in the 10-entry case one in 1 024 is, so only the unseeded hint is sure."""

    def folded(n: int, d: int, seed: int) -> np.ndarray:
        return np.abs(np.random.default_rng(seed + 1).normal(size=(n, d))) + 1.0

    hint = _gaussian_hint(folded, 1)
    assert hint is not None and hint.startswith("Every entry is non-negative"), hint
    hint = _gaussian_hint(folded, 0)
    assert hint is not None and "not the draws of np.random.default_rng(seed)" in hint, hint
