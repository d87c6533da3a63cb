"""Notebook 05's exercises: realistic wrong answers get ❌ with the intended hint.

The generic wrong functions every exercise must survive are in tests/test_exercises_generic.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from sklearn.decomposition import PCA

from helpers.exercises import evaluate_exercise
from helpers.exercises.mistakes.geometry import (
    agreement_right,
    glove_right,
    pca_right,
    pca_sklearn,
    spearman_right,
    train_right,
)


@pytest.mark.parametrize(
    ("key", "right"),
    [("5.2", spearman_right), ("5.3", agreement_right), ("5.1", pca_right),
     ("5.1", pca_sklearn), ("5.4", glove_right), ("5.5", train_right)],
)  # fmt: skip
def test_independent_correct_answers_pass(key: str, right: Callable[..., Any]) -> None:
    assert evaluate_exercise(key, right).passed


def test_pca_accepts_either_sign_of_each_component_and_matches_the_helper() -> None:
    from helpers.exercises import EXERCISES
    from helpers.projection import pca_coordinates

    def flipped(x, k):  # type: ignore[no-untyped-def]
        coordinates, ratios = pca_right(x, k)
        return coordinates * (-1.0) ** np.arange(k), ratios

    assert evaluate_exercise("5.1", flipped).passed
    for x, k in EXERCISES["5.1"].make_cases():
        coordinates, ratios = EXERCISES["5.1"].reference(x, k)
        assert np.allclose(coordinates, pca_coordinates(x, k))
        assert np.allclose(ratios, PCA(n_components=k).fit(x).explained_variance_ratio_)
