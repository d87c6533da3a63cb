"""Three ways to compare two vectors, and why embeddings are compared by cosine.

* the **dot product** ``u · v`` grows with the lengths of both vectors;
* the **Euclidean distance** ``|u − v|`` (smaller is closer) also depends on the lengths;
* the **cosine similarity** ``u · v / (|u| |v|)`` depends only on the angle.

In a trained embedding a vector's length mostly reflects how often and in how many different
contexts a word occurs, while its direction reflects what it means. So neighbours are found by
cosine, and vectors are usually *normalised* to length 1 first: on unit vectors the three
measures agree (``|û − v̂|² = 2 − 2 cos(u, v)`` and ``û · v̂ = cos(u, v)``), and one matrix
product scores every word at once.

Examples
--------
>>> import numpy as np
>>> u, v = np.array([3.0, 4.0]), np.array([4.0, 3.0])
>>> dot(u, v), euclidean_distance(u, v), round(cosine_similarity(u, v), 4)
(24.0, 1.4142, 0.96)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

__all__ = ["MEASURES", "cosine_similarity", "dot", "euclidean_distance", "rank_by", "unit_rows"]

Measure = Literal["dot", "cosine", "euclidean"]
MEASURES: tuple[str, ...] = ("dot", "cosine", "euclidean")
"""The three measures, in the order the notebooks show them."""


def _pair(u: object, v: object) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(u, dtype=np.float64)
    b = np.asarray(v, dtype=np.float64)
    if a.ndim != 1 or a.shape != b.shape:
        raise ValueError(
            f"u and v must be two 1-D vectors of the same length, got shapes {a.shape} and "
            f"{b.shape}."
        )
    return a, b


def dot(u: np.ndarray, v: np.ndarray) -> float:
    """The dot product ``Σ uᵢ vᵢ``, rounded to 4 decimals.

    Examples
    --------
    >>> dot(np.array([1.0, 2.0]), np.array([3.0, -1.0]))
    1.0
    """
    a, b = _pair(u, v)
    return float(np.round(a @ b, 4) + 0.0)


def euclidean_distance(u: np.ndarray, v: np.ndarray) -> float:
    """The straight-line distance ``|u − v|``, rounded to 4 decimals (smaller is closer).

    Examples
    --------
    >>> euclidean_distance(np.array([0.0, 0.0]), np.array([3.0, 4.0]))
    5.0
    """
    a, b = _pair(u, v)
    return float(np.round(np.linalg.norm(a - b), 4) + 0.0)


def cosine_similarity(u: np.ndarray, v: np.ndarray) -> float:
    """The cosine of the angle between ``u`` and ``v``, between −1 and 1.

    Raises a clear error for a zero vector (it has no direction).

    Examples
    --------
    >>> cosine_similarity(np.array([1.0, 0.0]), np.array([5.0, 0.0]))
    1.0
    >>> cosine_similarity(np.array([1.0, 0.0]), np.array([0.0, 2.0]))
    0.0
    """
    a, b = _pair(u, v)
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na == 0 or nb == 0:
        raise ValueError("the cosine is undefined for a zero vector (it has no direction).")
    return float(np.clip(a @ b / (na * nb), -1.0, 1.0))


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row divided by its length (rows of zeros stay zero).

    Examples
    --------
    >>> unit_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    array([[0.6, 0.8],
           [0. , 0. ]])
    """
    m = np.asarray(matrix, dtype=np.float64)
    if m.ndim != 2:
        raise ValueError(f"expected a 2-D array (one vector per row), got shape {m.shape}.")
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


def rank_by(
    query: np.ndarray,
    candidates: np.ndarray,
    names: Sequence[str],
    measure: Measure,
    k: int | None = None,
) -> list[tuple[str, float]]:
    """The candidates ordered from closest to farthest from ``query`` under one measure.

    Parameters
    ----------
    query : numpy.ndarray, shape (d,)
    candidates : numpy.ndarray, shape (n, d)
    names : sequence of str
        One name per candidate row.
    measure : {"dot", "cosine", "euclidean"}
        Larger is closer for dot and cosine; smaller is closer for Euclidean distance.
    k : int, optional
        Return only the ``k`` closest (default: all).

    Returns
    -------
    list of (str, float)
        ``(name, score)`` closest first, scores rounded to 4 decimals (ties: given order).

    Examples
    --------
    >>> cands = np.array([[0.45, 0.55], [1.0, 0.6], [6.0, 1.0]])
    >>> [name for name, _ in rank_by(np.array([1.0, 1.0]), cands, ["A", "B", "C"], "dot")]
    ['C', 'B', 'A']
    >>> [name for name, _ in rank_by(np.array([1.0, 1.0]), cands, ["A", "B", "C"], "euclidean")]
    ['B', 'A', 'C']
    """
    q = np.asarray(query, dtype=np.float64)
    c = np.asarray(candidates, dtype=np.float64)
    if c.ndim != 2 or q.shape != (c.shape[1],):
        raise ValueError(
            f"query must have shape (d,) and candidates shape (n, d), got {q.shape} and {c.shape}."
        )
    if len(names) != len(c):
        raise ValueError(f"give one name per candidate: {len(c)} rows but {len(names)} names.")
    if measure == "dot":
        scores, closer_is_larger = c @ q, True
    elif measure == "cosine":
        scores, closer_is_larger = unit_rows(c) @ unit_rows(q[None, :])[0], True
    elif measure == "euclidean":
        scores, closer_is_larger = np.linalg.norm(c - q, axis=1), False
    else:
        raise ValueError(f'measure must be "dot", "cosine" or "euclidean", got {measure!r}.')
    if k is not None and (isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1):
        raise ValueError(f"k must be a positive whole number or None, got {k!r}.")
    order = np.argsort(-scores if closer_is_larger else scores, kind="stable")[:k]
    return [(names[i], round(float(scores[i]), 4) + 0.0) for i in order]
