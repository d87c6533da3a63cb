"""Tests for helpers.hubness against scikit-learn's brute-force nearest neighbours and scipy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import skew
from sklearn.neighbors import NearestNeighbors

from helpers.evaluation.hubness import k_occurrence, skewness


@pytest.mark.parametrize(("n", "k"), [(50, 1), (300, 5), (1500, 10)])
def test_k_occurrence_matches_sklearn(n: int, k: int) -> None:
    x = np.random.default_rng(n).normal(size=(n, 8)).astype(np.float32)
    nn = NearestNeighbors(n_neighbors=k + 1, metric="cosine", algorithm="brute").fit(x)
    _, idx = nn.kneighbors(x)
    expected = np.zeros(n, dtype=np.int64)
    for i, row in enumerate(idx):
        others = [j for j in row if j != i][:k]
        for j in others:
            expected[j] += 1
    got = k_occurrence(x, k=k)
    np.testing.assert_array_equal(got, expected)
    assert got.sum() == n * k


def test_a_hub_in_the_middle() -> None:
    # points on a circle arc plus one point at the arc's centre direction: it is everyone's neighbour
    angles = np.linspace(0, 1.0, 9)
    x = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    counts = k_occurrence(x, k=2)
    assert counts.sum() == 18
    assert counts[4] == 2 and counts[0] <= 1


def test_skewness_matches_scipy() -> None:
    x = np.random.default_rng(1).exponential(size=500)
    assert skewness(x) == pytest.approx(float(skew(x)), abs=1e-4)
    assert skewness(np.array([3, 3, 3])) == 0.0


def test_errors() -> None:
    with pytest.raises(ValueError, match="k must be"):
        k_occurrence(np.ones((3, 2)), k=3)
    with pytest.raises(ValueError, match="shape"):
        k_occurrence(np.ones(3), k=1)
    with pytest.raises(ValueError, match="row 0 of vectors is all zeros"):
        k_occurrence(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]), k=1)
    with pytest.raises(ValueError, match="1-D"):
        skewness(np.ones((2, 2)))
