"""Exercises of notebook 05 (geometry): cases, references and diagnoses (keys "5.x").

* 5.1 ``cosine(u, v)``: the cosine of the angle between two vectors;
* 5.2 ``nearest(unit_vectors, i, k)``: the ``k`` nearest neighbours of row ``i`` as
  ``(row, cosine)`` pairs, the query itself left out;
* 5.3 ``pca(x, k)``: PCA by the SVD, the coordinates of the centred rows on the first ``k``
  right singular vectors (either sign per column is right) and the explained-variance ratios;
* 5.4 ``spearman(x, y)``: Spearman's ρ, Pearson's correlation of the ranks (ties share the
  average of their ranks);
* 5.5 ``human_agreement(vectors, words, pairs)``: ρ between cosines and human scores over the
  pairs whose two words the vectors know, and how many pairs that is.

Every case is built from this module's own seeded generator, so checking changes no other random
number in the notebook. See :mod:`helpers.exercises.language_model` for the pattern.

Examples
--------
>>> round(spearman(np.array([1.0, 2.0, 2.0, 3.0]), np.array([10.0, 30.0, 20.0, 40.0])), 4)
0.9487
>>> human_agreement(np.eye(3), ["a", "b", "c"], [("a", "b", 1.0), ("a", "zz", 2.0)])[1]
1
>>> coordinates, ratios = pca(np.array([[0.0, 0.0], [2.0, 0.0], [4.0, 0.1]]), 1)
>>> np.round(coordinates.ravel(), 2) + 0.0, np.round(ratios, 4)
(array([-2.,  0.,  2.]), array([0.9998]))
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.stats import rankdata, spearmanr

from helpers.exercises.checks import _describe, close
from helpers.exercises.registry import Exercise, register
from helpers.projection.maps import pca_coordinates
from helpers.vectors.similarity import cosine_similarity, top_k

__all__ = ["cosine_similarity", "human_agreement", "nearest", "pca", "spearman"]

SEED = 501
"""The seed of every case in this module (independent of the notebook's generator)."""


# --------------------------------------------------------------------------------------------
# References (5.1 is helpers.vectors.cosine_similarity)


def nearest(unit_vectors: np.ndarray, i: int, k: int) -> list[tuple[int, float]]:
    """The ``k`` rows with the highest cosine to row ``i``, best first, ``i`` left out (5.2).

    Returns ``(row, cosine)`` pairs; equal cosines keep row order; when ``k`` exceeds the number
    of other rows, all of them are returned.

    Examples
    --------
    >>> nearest(np.array([[1.0, 0.0], [0.6, 0.8], [1.0, 0.0], [0.0, 1.0]]), 0, 2)
    [(2, 1.0), (1, 0.6)]
    """
    scores = unit_vectors @ unit_vectors[i]
    return top_k(scores, min(k, len(scores) - 1), exclude=[i])


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation of ``x`` and ``y``, ties with average ranks (exercise 5.4)."""
    return float(spearmanr(x, y).statistic)


def human_agreement(
    vectors: np.ndarray, words: Sequence[str], pairs: Sequence[tuple[str, str, float]]
) -> tuple[float, int]:
    """(Spearman ρ of cosine against human score, number of pairs used) (exercise 5.5).

    Pairs with a word the vocabulary does not know are left out.
    """
    index = {w: i for i, w in enumerate(words)}
    kept = [(a, b, s) for a, b, s in pairs if a in index and b in index]
    cosines = [cosine_similarity(vectors[index[a]], vectors[index[b]]) for a, b, _ in kept]
    human = [s for *_, s in kept]
    return spearman(np.array(human), np.array(cosines)), len(kept)


# --------------------------------------------------------------------------------------------
# Cases


def _cosine_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED)
    cases: list[tuple[Any, ...]] = [
        (np.array([3.0, 4.0]), np.array([1.0, 2.0])),  # lengths 5 and √5: every slip differs
        (np.array([2.0, 0.0, 1.0]), np.array([-4.0, 3.0, 0.5])),  # a negative cosine
    ]
    for d, scale in [(5, 3.0), (50, 0.2)]:
        cases.append((rng.normal(size=d) * scale, rng.normal(size=d) * scale * 7))
    cases.append((np.array([1, 0, 0]), np.array([0, 2, 0])))  # integers, orthogonal
    return cases


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def _nearest_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 1)
    m = rng.normal(size=(7, 3))
    m[1] = m[3]  # rows 1 and 3 are the same word vector: a tie at cosine 1 for query 3
    m[5] = m[0]  # rows 0 and 5 too: a tie at every query
    m[6] = 0.0  # a word without a vector (a zero row: cosine 0 with everyone)
    unit = _unit_rows(m)
    big = _unit_rows(rng.normal(size=(30, 4)))
    directions = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8], [0.8, 0.6]])
    ties = directions[rng.integers(0, 4, size=40)]
    return [
        (unit, 2, 6),  # k = n − 1: every other row, the zero row included
        (unit, 3, 3),  # row 1 ties with the query itself at cosine 1
        (unit, 4, 10),  # k larger than n − 1
        (big, 7, 5),
        # 40 rows in 4 directions: ties that only an unstable sort of more than 16 rows breaks
        (ties, 0, 25),
    ]


def _spearman_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 2)
    cases: list[tuple[Any, ...]] = [
        (np.array([7.1, 3.0, 7.1, 1.0, 9.0]), np.array([0.8, 0.1, 0.3, 0.2, 0.9])),
    ]
    for n in (12, 40):
        human = rng.integers(0, 6, size=n).astype(float)  # few values: many ties
        model = np.round(np.exp(human / 2 + rng.normal(size=n)), 1)  # not linear, ties too
        cases.append((human, model))
    cases.append((rng.normal(size=9), rng.normal(size=9)))  # no ties
    return cases


def _agreement_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 3)
    words = [f"w{i}" for i in range(10)]
    vectors = rng.normal(size=(10, 4)) * rng.uniform(0.2, 5.0, size=(10, 1))  # unequal norms
    pairs: list[tuple[str, str, float]] = []
    for _ in range(14):
        a, b = rng.choice(10, size=2, replace=False)
        pairs.append((words[a], words[b], float(rng.integers(0, 8))))
    pairs[2] = ("xyz", pairs[2][1], 9.0)  # unknown first word
    pairs[7] = (pairs[7][0], "qqq", 0.0)  # unknown second word
    pairs[11] = ("zzz", "yyy", 4.0)  # both unknown
    small = [("w0", "w1", 3.0), ("w0", "w2", 1.0), ("w1", "w2", 2.0), ("nope", "w0", 5.0)]
    return [(vectors, words, small), (vectors, words, pairs), (vectors[:6], words[:6], pairs)]


# --------------------------------------------------------------------------------------------
# Diagnoses: recognise the usual mistakes by recomputing them


_close = close


def _diagnose_cosine(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    u, v = (np.asarray(a, dtype=float) for a in args)
    dot, nu, nv = float(u @ v), float(np.linalg.norm(u)), float(np.linalg.norm(v))
    if _close(got, dot / nu * nv):
        return (
            "You divided by ‖u‖ and then multiplied by ‖v‖: division and multiplication go "
            "left to right, so the product of the two lengths needs its own parentheses."
        )
    if _close(got, dot):
        return "That is the dot product: divide it by the product of the two lengths."
    if _close(got, dot / nu) or _close(got, dot / nv) or _close(got, dot / nu**2):
        return "Only one length is divided out: the cosine divides by ‖u‖ and by ‖v‖."
    if _close(got, 1 - expected):
        return "That is the cosine distance 1 − cos (what scipy's `cosine` returns)."
    if _close(got, np.arccos(np.clip(expected, -1, 1))):
        return "That is the angle in radians; return its cosine, u · v / (‖u‖ ‖v‖)."
    return None


def _diagnose_nearest(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    unit, i, k = args
    try:
        rows = [int(p[0]) for p in got]
        cosines = [float(p[1]) for p in got]
    except (TypeError, ValueError, IndexError):
        return "Return a list of (row, cosine) pairs, best first."
    n = len(unit)
    scores = np.asarray(unit, dtype=float) @ np.asarray(unit, dtype=float)[i]
    stable = [int(j) for j in np.argsort(-scores, kind="stable")]
    others = [j for j in stable if j != i]
    reversed_ties = [int(j) for j in np.argsort(scores)[::-1] if j != i]
    if rows == stable[:k]:
        return "The query itself is in its own answer (cosine 1): leave it out of its neighbours."
    if rows == stable[1 : k + 1]:
        return (
            "The query itself is in the answer: dropping the first result is not enough when "
            "another word ties with it at cosine 1; leave the query out by its row number."
        )
    if i in rows and len(rows) > n - 1:
        return (
            "k is larger than the number of other words: return all of them (n − 1), and "
            "never the query itself."
        )
    if not all(np.isfinite(cosines)):
        return (
            "A zero row (a word without a vector) has cosine 0 with everyone; dividing it by "
            "its length again gives 0/0. The rows are already of length 1."
        )
    if rows == reversed_ties[:k] != others[:k]:
        return "Equal cosines came out in reverse order: ties must keep row order."
    if sorted(rows) == sorted(others[:k]):
        return "Right rows, wrong order: best first, and equal cosines in row order."
    return None


def _ranks(values: np.ndarray, method: str) -> np.ndarray:
    return np.asarray(rankdata(values, method=method), dtype=float)


def _pearson(x: Any, y: Any) -> float:
    return float(np.corrcoef(np.asarray(x, dtype=float), np.asarray(y, dtype=float))[0, 1])


def _diagnose_spearman(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    x, y = (np.asarray(a, dtype=float) for a in args)
    if _close(got, _pearson(x, y)):
        return (
            "That is Pearson's correlation of the raw values; Spearman's ρ is Pearson's "
            "correlation of the two lists of ranks."
        )
    for method in ("ordinal", "min", "max", "dense"):
        if _close(got, _pearson(_ranks(x, method), _ranks(y, method))):
            return (
                "Tied values must share one rank, the average of the positions they occupy "
                "(two values tied for places 2 and 3 both get 2.5)."
            )
    rx, ry = _ranks(x, "average"), _ranks(y, "average")
    n = len(x)
    if _close(got, 1 - 6 * np.sum((rx - ry) ** 2) / (n * (n**2 - 1))):
        return (
            "The shortcut 1 − 6 Σd² / (n(n² − 1)) is exact only without ties; compute "
            "Pearson's correlation of the (average) ranks instead."
        )
    if _close(got, _pearson(np.argsort(x), np.argsort(y))) or _close(
        got, _pearson(np.argsort(-x), np.argsort(-y))
    ):
        return (
            "The order that sorts the values is not each value's rank: the rank of x[i] is "
            "its place in the sorted list (the inverse of that order)."
        )
    if _close(got, _pearson(rx, y)) or _close(got, _pearson(x, ry)):
        return "Rank both lists, not just one of them."
    return None


def _diagnose_agreement(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    vectors, words, pairs = args
    if not isinstance(got, tuple) or len(got) != 2:
        return "Return a tuple of two things: (ρ, the number of pairs used)."
    rho, count = got
    index = {w: i for i, w in enumerate(words)}
    known = [p for p in pairs if p[0] in index and p[1] in index]
    if count != len(known) and count == sum(p[0] in index for p in pairs):
        return "A pair is usable only when both of its words are known, not just the first."
    if count == len(pairs) != len(known):
        return (
            "Pairs with a word the vectors do not know must be left out (and not counted), "
            "not scored with a made-up cosine."
        )
    if count != len(known):
        return "Count the pairs you actually used: those whose two words are both known."
    human = np.array([s for *_, s in known])
    dots = np.array([vectors[index[a]] @ vectors[index[b]] for a, b, _ in known])
    cos = np.array([cosine_similarity(vectors[index[a]], vectors[index[b]]) for a, b, _ in known])
    if _close(rho, _pearson(human, cos)):
        return "That is Pearson's correlation of the raw values; the agreement is Spearman's ρ."
    if _close(rho, spearman(human, dots)):
        return "Compare by cosine: the dot product also sees the vectors' lengths."
    return None


# --------------------------------------------------------------------------------------------
# 5.3 PCA by the SVD


def pca(x: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``(coordinates, ratios)``: PCA of the rows of ``x`` on ``k`` components (exercise 5.3).

    The coordinates are :func:`helpers.projection.pca_coordinates`'s (centred rows times the
    first ``k`` right singular vectors, each sign fixed); ``ratios[j]`` is the share
    ``s_j² / Σ s_i²`` of the variation that component ``j`` keeps.
    """
    singular = np.linalg.svd(x - x.mean(axis=0), compute_uv=False)
    return pca_coordinates(x, k), (singular**2 / (singular**2).sum())[:k]


def _pca_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 4)

    def cloud(n: int, scales: list[float]) -> np.ndarray:
        d = len(scales)
        rotation, _ = np.linalg.qr(rng.normal(size=(d, d)))
        offset = rng.uniform(2.0, 5.0, size=d)  # far from 0: forgetting to centre shows
        return (rng.normal(size=(n, d)) * scales) @ rotation + offset

    return [
        (np.array([[0.0, 0.0], [2.0, 0.0], [4.0, 0.1]]), 1),
        (cloud(12, [4.0, 2.0, 1.0, 0.5]), 2),
        (cloud(5, [3.0, 2.0, 1.1, 1.0, 0.8, 0.5, 0.3]), 3),  # fewer points than dimensions
        (cloud(6, [3.0, 1.1, 1.0, 0.7, 0.4, 0.2]), 2),  # square: U and V have the same shape
        (cloud(9, [2.0, 1.0, 0.3]), 3),  # k = d
    ]


def _coordinate_difference(got: Any, expected: np.ndarray) -> str | None:
    got = np.asarray(got, dtype=float)
    if got.shape != expected.shape:
        return f"expected coordinates of shape {expected.shape}, got shape {got.shape}"
    for j in range(expected.shape[1]):
        if not any(
            np.allclose(sign * got[:, j], expected[:, j], atol=1e-6, rtol=1e-5)
            for sign in (1.0, -1.0)
        ):
            return f"column {j} of the coordinates differs (even allowing its sign to flip)"
    return None


def _compare_pca(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    if not isinstance(got, tuple | list) or len(got) != 2:
        return f"expected a pair (coordinates, ratios), got {_describe(got)}"
    coordinates, ratios = got
    difference = _coordinate_difference(coordinates, expected[0])
    if difference:
        return difference
    ratios = np.asarray(ratios, dtype=float)
    if ratios.shape != expected[1].shape:
        return f"expected {len(expected[1])} ratios, got shape {ratios.shape}"
    if not np.allclose(ratios, expected[1], atol=1e-6, rtol=1e-5):
        return f"expected ratios {np.round(expected[1], 4)}, got {np.round(ratios, 4)}"
    return None


def _diagnose_pca(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    x, k = args
    if not isinstance(got, tuple | list) or len(got) != 2:
        return "Return a pair: (coordinates, ratios)."
    coordinates, ratios = got
    n, d = x.shape
    centred = x - x.mean(axis=0)
    u, s, vt = np.linalg.svd(centred, full_matrices=False)

    def same(candidate: np.ndarray) -> bool:
        return _coordinate_difference(coordinates, candidate) is None

    if np.shape(coordinates) == (d, k) and (n, k) != (d, k):
        return "One row per point: the coordinates are n × k (centred rows times V's columns)."
    if np.shape(coordinates) == (k, n) and k != n:
        return "One row per point and one column per component: n × k, not k × n."
    raw_u, raw_s, raw_vt = np.linalg.svd(x, full_matrices=False)
    if same(x @ raw_vt[:k].T) or same(raw_u[:, :k] * raw_s[:k]):
        return "Centre first: subtract the mean row (the average point) before the SVD."
    row_centred = x - x.mean(axis=1, keepdims=True)
    *_, own_vt = np.linalg.svd(row_centred, full_matrices=False)
    if same(row_centred @ own_vt[:k].T):
        return (
            "Subtract the mean ROW, x.mean(axis=0) (the average point), not each row's own "
            "mean: it is the columns that must average 0."
        )
    if same(u[:, :k]):
        return (
            "U's columns are the coordinates divided by the singular values: project the "
            "centred rows onto V's first k columns (the first k rows of Vt)."
        )
    if n == d and same(centred @ u[:, :k]):
        return "Project onto V's columns (the rows of Vt), not onto U's: U lives in point space."
    if same(centred @ vt.T[:k].T) and k < len(s):
        return "The principal directions are the ROWS of Vt: use vt[:k].T, not vt[:, :k]."
    if same(centred @ vt[-k:].T):
        return "The singular values come largest first: keep the FIRST k directions."
    if _coordinate_difference(coordinates, expected[0]) is None:
        ratios = np.asarray(ratios, dtype=float)
        if _close(ratios, (s / s.sum())[:k]):
            return (
                "The variance along a direction is its singular value SQUARED (over n − 1): "
                "the ratios are s_j² / Σ s_i²."
            )
        if _close(ratios, (s**2 / (s[:k] ** 2).sum())[:k]) and k < len(s):
            return "Divide by the variance of ALL components, Σ s_i² over every i, not the first k."
        if _close(ratios, (raw_s**2 / (raw_s**2).sum())[:k]):
            return "The ratios come from the singular values of the CENTRED rows."
        if _close(ratios, s[:k] ** 2 / (n - 1)):
            return "Those are the variances themselves: divide each by their total."
    return None


# --------------------------------------------------------------------------------------------
# The exercises

register(
    Exercise(
        "5.1",
        "cosine",
        cosine_similarity,
        _cosine_cases,
        points=1,
        hint="The cosine is the dot product divided by the product of the two lengths.",
        diagnose=_diagnose_cosine,
    )
)
register(
    Exercise(
        "5.2",
        "nearest",
        nearest,
        _nearest_cases,
        points=2,
        hint="Score every row against the query with one product, leave the query's own "
        "row out, then keep the k best (equal scores in row order).",
        diagnose=_diagnose_nearest,
        atol=1e-5,
    )
)
register(
    Exercise(
        "5.4",
        "spearman",
        spearman,
        _spearman_cases,
        points=2,
        hint="Replace each list by its ranks (tied values share their average rank), then take "
        "Pearson's correlation of the two rank lists.",
        diagnose=_diagnose_spearman,
    )
)
register(
    Exercise(
        "5.5",
        "human_agreement",
        human_agreement,
        _agreement_cases,
        points=3,
        hint="Keep the pairs whose two words are known, score each by cosine, and compare the "
        "cosines with the human scores by Spearman's ρ; also return how many pairs you kept.",
        diagnose=_diagnose_agreement,
    )
)
register(
    Exercise(
        "5.3",
        "pca",
        pca,
        _pca_cases,
        points=3,
        hint="Subtract the mean row, take the SVD of the centred rows, multiply them by the "
        "first k right singular vectors (rows of Vt), and divide each squared singular value "
        "by the sum of all of them.",
        diagnose=_diagnose_pca,
        compare=_compare_pca,
    )
)
