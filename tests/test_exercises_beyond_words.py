"""Notebook 09's exercises: realistic wrong answers get ❌ with the intended hint.

The generic wrong functions every exercise must survive are in tests/test_exercises_generic.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from helpers.beyond import generate_ratings, initial_item_vectors, matrix_factorization
from helpers.exercises import evaluate_exercise
from helpers.exercises.mistakes.beyond_words import (
    als_right,
    recall_right,
    update_right,
)


@pytest.mark.parametrize(
    ("key", "right"), [("9.1", update_right), ("9.2", als_right), ("9.3", recall_right)]
)
def test_independent_correct_answers_pass(key: str, right: Callable[..., Any]) -> None:
    assert evaluate_exercise(key, right).passed


def test_the_loop_matches_matrix_factorization_and_its_loss_never_rises() -> None:
    data = generate_ratings(n_users=40, n_items=12, density=0.4, seed=3)
    U, V, losses = als_right(data.ratings, initial_item_vectors(12, 3, seed=5), 1.0, 6)
    model = matrix_factorization(data.ratings, d=3, reg=1.0, sweeps=6, seed=5)
    assert np.allclose(U, model.user_vectors) and np.allclose(V, model.item_vectors)
    assert np.allclose(losses, model.loss)
    assert np.all(np.diff(model.loss) <= 1e-9)
