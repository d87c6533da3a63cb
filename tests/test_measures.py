"""Tests for helpers.measures against scipy.spatial.distance and hand computations."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial import distance

from helpers.vectors.similarity import (
    cosine_similarity,
    dot,
    euclidean_distance,
    rank_by,
    unit_rows,
)

RNG = np.random.default_rng(0)
PAIRS = [(RNG.normal(size=7), RNG.normal(size=7)) for _ in range(5)]


@pytest.mark.parametrize(("u", "v"), PAIRS)
def test_measures_match_scipy(u: np.ndarray, v: np.ndarray) -> None:
    assert cosine_similarity(u, v) == pytest.approx(1 - distance.cosine(u, v), abs=1e-12)
    assert euclidean_distance(u, v) == pytest.approx(distance.euclidean(u, v), abs=1e-4)
    assert dot(u, v) == pytest.approx(
        float(sum(a * b for a, b in zip(u, v, strict=True))), abs=1e-4
    )


def test_on_unit_vectors_the_three_measures_rank_alike() -> None:
    cands = unit_rows(RNG.normal(size=(30, 5)))
    q = unit_rows(RNG.normal(size=(1, 5)))[0]
    names = [f"w{i}" for i in range(30)]
    orders = [[n for n, _ in rank_by(q, cands, names, m)] for m in ("dot", "cosine", "euclidean")]
    assert orders[0] == orders[1] == orders[2]
    assert rank_by(q, cands, names, "cosine", k=3) == rank_by(q, cands, names, "cosine")[:3]


def test_the_disagreement_example() -> None:
    q = np.array([1.0, 1.0])
    cands = np.array([[0.45, 0.55], [1.0, 0.6], [6.0, 1.0]])
    winners = {
        m: rank_by(q, cands, ["A", "B", "C"], m)[0][0] for m in ("cosine", "euclidean", "dot")
    }
    assert winners == {"cosine": "A", "euclidean": "B", "dot": "C"}
    # hand computation of the cosine of A: 1.0 / (sqrt(2) * sqrt(0.505))
    assert rank_by(q, cands, ["A", "B", "C"], "cosine")[0][1] == round(1.0 / np.sqrt(2 * 0.505), 4)


def test_unit_rows_keeps_zero_rows() -> None:
    out = unit_rows(np.array([[0.0, 0.0], [0.0, -2.0]]))
    np.testing.assert_array_equal(out, [[0.0, 0.0], [0.0, -1.0]])


def test_errors_are_one_clear_sentence() -> None:
    with pytest.raises(ValueError, match="zero vector"):
        cosine_similarity(np.zeros(3), np.ones(3))
    with pytest.raises(ValueError, match="same length"):
        dot(np.ones(3), np.ones(4))
    with pytest.raises(ValueError, match="measure must be"):
        rank_by(np.ones(2), np.ones((2, 2)), ["a", "b"], "manhattan")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="one name per candidate"):
        rank_by(np.ones(2), np.ones((2, 2)), ["a"], "dot")
    with pytest.raises(ValueError, match="k must be"):
        rank_by(np.ones(2), np.ones((2, 2)), ["a", "b"], "dot", k=0)
    with pytest.raises(ValueError, match="2-D"):
        unit_rows(np.ones(3))
