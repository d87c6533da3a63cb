"""Tests for helpers.bias: WEAT and projections computed by hand on tiny vectors."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.evaluation.bias import (
    association,
    direction,
    projection,
    weat_effect_size,
    weat_p_value,
)
from helpers.vectors.wordvectors import UnknownWordError, WordVectors

# a = (1, 0), b = (0, 1); the targets' cosines with a and b are easy to read off:
# s(x1) = 1 − 0 = 1, s(x2) = 0.6 − 0.8 = −0.2, s(y1) = 0 − 1 = −1, s(y2) = 0.8 − 0.6 = 0.2
WV = WordVectors(
    ["a", "b", "x1", "x2", "y1", "y2"],
    np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 0.0], [3.0, 4.0], [0.0, 0.5], [4.0, 3.0]]),
)


def test_association_by_hand() -> None:
    np.testing.assert_allclose(
        association(WV, ["x1", "x2", "y1", "y2"], ["a"], ["b"]), [1.0, -0.2, -1.0, 0.2], atol=1e-6
    )
    # two attribute words: mean of cosines
    np.testing.assert_allclose(association(WV, ["x2"], ["a", "x1"], ["b"]), [-0.2], atol=1e-6)


def test_weat_effect_size_by_hand() -> None:
    # means 0.4 and −0.4; sample std of (1, −0.2, −1, 0.2) is sqrt(2.08 / 3)
    expected = 0.8 / np.sqrt(2.08 / 3)
    assert weat_effect_size(WV, ["x1", "x2"], ["y1", "y2"], ["a"], ["b"]) == pytest.approx(
        expected, abs=1e-6
    )
    # swapping the attribute sets flips the sign
    assert weat_effect_size(WV, ["x1", "x2"], ["y1", "y2"], ["b"], ["a"]) == pytest.approx(
        -expected, abs=1e-6
    )


def test_weat_p_value_by_enumeration() -> None:
    # the six 2+2 splits give statistics 1.6 (observed), 0, 2.4, −2.4, 0, −1.6: two are ≥ 1.6
    assert weat_p_value(WV, ["x1", "x2"], ["y1", "y2"], ["a"], ["b"]) == pytest.approx(
        2 / 6, abs=1e-4
    )
    # fewer permutations than splits: random splits plus the observed one, so p is in (0, 1]
    sampled = weat_p_value(WV, ["x1", "x2"], ["y1", "y2"], ["a"], ["b"], n_permutations=4, seed=0)
    assert 0.0 < sampled <= 1.0


def test_weat_p_value_sampling_agrees_with_exact() -> None:
    rng = np.random.default_rng(3)
    words = [f"w{i}" for i in range(12)] + ["a", "b"]
    wv = WordVectors(words, rng.normal(size=(14, 5)))
    x, y = words[:6], words[6:12]
    exact = weat_p_value(wv, x, y, ["a"], ["b"], n_permutations=1000)  # C(12, 6) = 924 splits
    sampled = weat_p_value(wv, x, y, ["a"], ["b"], n_permutations=900, seed=1)
    assert abs(exact - sampled) < 0.06


def test_direction_and_projection_by_hand() -> None:
    wv = WordVectors(["he", "she", "nurse", "man", "woman"],
                     np.array([[2.0, 0.0], [0.0, 3.0], [0.2, 1.0], [1.0, 0.2], [0.2, 1.0]]))  # fmt: skip
    g = direction(wv, [("he", "she")])
    np.testing.assert_allclose(g, [-np.sqrt(0.5), np.sqrt(0.5)], atol=1e-7)
    nurse = np.array([0.2, 1.0]) / np.linalg.norm([0.2, 1.0])
    assert projection(wv, ["nurse"], g) == [("nurse", pytest.approx(float(nurse @ g), abs=1e-7))]
    # averaging over pairs: mean of the unit differences, then normalised
    d1 = np.array([-1.0, 1.0])
    d2 = np.array([0.2, 1.0]) / np.linalg.norm([0.2, 1.0]) - np.array([1.0, 0.2]) / np.linalg.norm(
        [1.0, 0.2]
    )
    mean = (d1 + d2) / 2
    np.testing.assert_allclose(
        direction(wv, [("he", "she"), ("man", "woman")]), mean / np.linalg.norm(mean), atol=1e-6
    )


def test_errors() -> None:
    with pytest.raises(TypeError, match="list of"):
        direction(WV, ("a", "b"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least one"):
        direction(WV, [])
    with pytest.raises(UnknownWordError):
        direction(WV, [("a", "zzz")])
    with pytest.raises(ValueError, match="axis must have"):
        projection(WV, ["a"], np.ones(3))
    with pytest.raises(TypeError, match="single string"):
        projection(WV, "a", np.ones(2))
    with pytest.raises(ValueError, match="share words"):
        weat_effect_size(WV, ["x1", "x2"], ["x2", "y1"], ["a"], ["b"])
    with pytest.raises(ValueError, match="non-empty"):
        weat_effect_size(WV, ["x1", "x2"], ["y1"], [], ["b"])
