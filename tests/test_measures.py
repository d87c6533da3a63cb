"""Tests for helpers.measures against scipy.spatial.distance and hand computations."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial import distance

from helpers.vectors.similarity import (
    cosine_similarity,
    dot,
    euclidean_distance,
    nearest,
    rank_by,
    top_k,
    unit_rows,
    unit_vector,
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
    assert rank_by(q, cands, ["A", "B", "C"], "cosine")[0][1] == pytest.approx(
        1.0 / np.sqrt(2 * 0.505), abs=1e-12
    )


def test_unit_rows_zero_rows_refused_or_kept() -> None:
    with pytest.raises(ValueError, match=r"^row 0 of matrix is all zeros"):
        unit_rows(np.array([[0.0, 0.0], [0.0, -2.0]]))
    out = unit_rows(np.array([[0.0, 0.0], [0.0, -2.0]]), zero_rows="keep")
    np.testing.assert_array_equal(out, [[0.0, 0.0], [0.0, -1.0]])
    with pytest.raises(ValueError, match="zero_rows must be"):
        unit_rows(np.zeros((1, 2)), zero_rows="drop")  # type: ignore[arg-type]
    rows = RNG.normal(size=(6, 4))
    np.testing.assert_allclose(
        unit_rows(rows), [r / np.sqrt(sum(x * x for x in r)) for r in rows], atol=1e-15
    )
    for r in rows:  # one arithmetic: unit_vector of a row is bit-identical to its unit row
        assert (unit_vector(r) == unit_rows(r[None, :])[0]).all()
    assert unit_rows(rows.astype(np.float32)).dtype == np.float32


def test_top_k_and_nearest_against_loops() -> None:
    scores = np.array([0.3, 0.9, 0.3, 0.9, 0.1, 0.3])
    assert top_k(scores, 3) == [(1, 0.9), (3, 0.9), (0, 0.3)]  # ties: lower index first
    assert top_k(scores, 3, exclude=[1, 0]) == [(3, 0.9), (2, 0.3), (5, 0.3)]
    assert top_k(scores, 6, exclude=range(6)) == []
    assert all(type(s) is float for _, s in top_k(scores.astype(np.float32), 2))
    matrix = RNG.normal(size=(40, 5))
    query = RNG.normal(size=5)
    cosines = [float(row @ query / np.sqrt(row @ row) / np.sqrt(query @ query)) for row in matrix]
    want = sorted(range(40), key=lambda i: (-cosines[i], i))[:7]
    got = nearest(matrix, query, k=7)
    assert [i for i, _ in got] == want
    np.testing.assert_allclose([s for _, s in got], [cosines[i] for i in want], atol=1e-12)
    assert [i for i, _ in nearest(matrix, query, k=7, exclude=[want[0]])] == [
        *want[1:],
        sorted(range(40), key=lambda i: (-cosines[i], i))[7],
    ]


@pytest.mark.parametrize(
    ("call", "error", "text"),
    [
        (lambda: top_k(np.ones(3), -1), ValueError, "k must be a positive whole number, got -1"),
        (lambda: top_k(np.ones(3), 0), ValueError, "k must be a positive whole number"),
        (lambda: top_k(np.ones(3), 4), ValueError, "at most the number of candidates (3)"),
        (lambda: top_k(np.ones(3), 1.5), TypeError, "k must be a whole number"),
        (lambda: top_k(np.array([1.0, np.nan]), 1), ValueError, "scores must be finite"),
        (lambda: top_k(np.ones(3), 1, exclude=[3]), IndexError, "from 0 to 2"),
        (lambda: nearest(np.eye(3), np.zeros(3)), ValueError, "the query vector is all zeros"),
        (lambda: nearest(np.zeros((2, 3)), np.ones(3)), ValueError, "row 0 of the matrix"),
        (lambda: nearest(np.eye(3), np.ones(2)), ValueError, "the same length"),
        (lambda: unit_vector(np.zeros(2)), ValueError, "all zeros"),
        (lambda: dot(np.array([np.nan, 1.0]), np.ones(2)), ValueError, "u must be finite"),
        (lambda: cosine_similarity(np.ones(2), np.array([1, np.inf])), ValueError, "v must be"),
        (lambda: euclidean_distance(np.ones(2), np.array([np.nan, 0])), ValueError, "finite"),
        (lambda: rank_by(np.zeros(2), np.eye(2), ["a", "b"], "cosine"), ValueError, "all zeros"),
    ],
)
def test_refusals_are_one_sentence(call, error, text) -> None:
    with pytest.raises(error) as info:
        call()
    assert text in str(info.value), str(info.value)
    assert "\n" not in str(info.value) and str(info.value).endswith(".")


def test_errors_are_one_clear_sentence() -> None:
    with pytest.raises(ValueError, match="all zeros"):
        cosine_similarity(np.zeros(3), np.ones(3))
    with pytest.raises(ValueError, match="measure must be"):
        rank_by(np.ones(2), np.ones((2, 2)), ["a", "b"], "manhattan")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="one name per candidate"):
        rank_by(np.ones(2), np.ones((2, 2)), ["a"], "dot")
    with pytest.raises(ValueError, match="k must be"):
        rank_by(np.ones(2), np.ones((2, 2)), ["a", "b"], "dot", k=0)
    with pytest.raises(ValueError, match="2-D"):
        unit_rows(np.ones(3))
    with pytest.raises(ValueError, match="u and v must be two vectors of the same length"):
        dot(np.ones(3), np.ones(4))
