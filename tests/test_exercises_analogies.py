"""Notebook 06's exercises: realistic wrong answers get ❌ with the intended hint.

The generic wrong functions every exercise must survive are in tests/test_exercises_generic.py."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from typing import Any

import numpy as np
import pytest

from helpers.evaluation.benchmarks import GOOGLE_CATEGORY_LABELS, category_label, google_analogies
from helpers.exercises import EXERCISES, evaluate_exercise
from helpers.exercises.analogies import _add_cases, three_cos_add
from helpers.exercises.mistakes.analogies import (
    WRONG,
    accuracy_correct,
    add_correct,
    add_inputs_allowed,
    add_rows_not_normalised,
    add_wrong_direction,
    association_correct,
    effect_correct,
    mul_correct,
    p_correct,
    p_correct_exact,
)


def test_at_least_three_wrong_answers_per_exercise() -> None:
    keys = [k for k in EXERCISES if k.startswith("6.")]
    assert keys == ["6.1", "6.2", "6.3", "6.4", "6.5", "6.6"]
    for key in keys:
        assert sum(w[0] == key for w in WRONG) >= 3, key


CORRECT = [
    ("6.1", add_correct),
    ("6.2", accuracy_correct),
    ("6.3", mul_correct),
    ("6.4", association_correct),
    ("6.5", effect_correct),
    ("6.6", p_correct),
    ("6.6", p_correct_exact),
]


@pytest.mark.parametrize(("key", "right"), CORRECT, ids=[c[1].__name__ for c in CORRECT])
def test_independent_correct_answers_pass(key: str, right: Callable[..., Any]) -> None:
    verdict = evaluate_exercise(key, right)
    assert verdict.passed, verdict.message


def test_cases_are_the_edges_they_claim() -> None:
    # 6.1: in the first case each usual mistake gives a different row from the right answer
    vectors, a, b, c = _add_cases()[0]
    answers = {
        f(vectors, a, b, c)
        for f in (three_cos_add, add_inputs_allowed, add_rows_not_normalised, add_wrong_direction)
    }
    assert len(answers) == 4


def test_category_labels_cover_the_benchmark() -> None:
    assert set(GOOGLE_CATEGORY_LABELS) == set(google_analogies())
    assert category_label("gram1-adjective-to-adverb") == "adjective → adverb"
    assert category_label("unknown-id") == "unknown-id"


# ---- the array helpers the exercises use as references (helpers.evaluation.bias) -----------


def test_bias_array_helpers_by_hand() -> None:
    from helpers.evaluation.bias import association_scores, effect_size, permutation_p_value

    # cosines with a = (1, 0) and b = (0, 1) read off: s = 1, −0.2, −1, 0.2 (as in test_bias.py)
    w = np.array([[2.0, 0.0], [3.0, 4.0], [0.0, 0.5], [4.0, 3.0]])
    s = association_scores(w, np.array([[5.0, 0.0]]), np.array([[0.0, 2.0]]))
    np.testing.assert_allclose(s, [1.0, -0.2, -1.0, 0.2], atol=1e-12)
    # means 0.4 and −0.4, sample std of the four scores sqrt(2.08 / 3)
    assert effect_size(s[:2], s[2:]) == pytest.approx(0.8 / np.sqrt(2.08 / 3))
    assert effect_size(np.ones(2), np.ones(3)) == 0.0
    # the six 2 + 2 splits: two are at least as extreme as the observed one
    assert permutation_p_value(s[:2], s[2:]) == pytest.approx(2 / 6)


def test_permutation_p_value_sampling_agrees_with_enumeration() -> None:
    from helpers.evaluation.bias import permutation_p_value

    rng = np.random.default_rng(11)
    s_x, s_y = rng.normal(0.5, 1.0, size=7), rng.normal(0.0, 1.0, size=7)  # C(14, 7) = 3432
    exact = permutation_p_value(s_x, s_y, n_permutations=5_000)
    sampled = permutation_p_value(s_x, s_y, n_permutations=3_000, seed=5)
    splits = list(combinations(range(14), 7))
    both = np.concatenate([s_x, s_y])
    by_hand = np.mean([both[list(i)].sum() >= s_x.sum() - 1e-12 for i in splits])
    assert exact == pytest.approx(by_hand)
    assert abs(sampled - exact) < 5 * np.sqrt(exact * (1 - exact) / 3_000) + 1e-3


def test_weat_helpers_use_the_array_helpers() -> None:
    from helpers.evaluation.bias import association, effect_size, weat_effect_size
    from helpers.vectors.wordvectors import WordVectors

    rng = np.random.default_rng(12)
    words = [f"w{i}" for i in range(10)]
    wv = WordVectors(words, rng.normal(size=(10, 4)))
    x, y, a, b = words[:3], words[3:6], words[6:8], words[8:]
    s = association(wv, x + y, a, b)
    assert weat_effect_size(wv, x, y, a, b) == pytest.approx(effect_size(s[:3], s[3:]))
