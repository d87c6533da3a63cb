"""Three ways to compare two vectors, and the one home of unit vectors and nearest neighbours.

* the **dot product** ``u · v`` grows with the lengths of both vectors;
* the **Euclidean distance** ``|u − v|`` (smaller is closer) also depends on the lengths;
* the **cosine similarity** ``u · v / (|u| |v|)`` depends only on the angle.

In a trained embedding a vector's length mostly reflects how often and in how many different
contexts a word occurs, while its direction reflects what it means. So neighbours are found by
cosine, and vectors are usually *normalised* to length 1 first: on unit vectors the three
measures agree (``|û − v̂|² = 2 − 2 cos(u, v)`` and ``û · v̂ = cos(u, v)``), and one matrix
product scores every word at once.

Every helper of the course that needs these ideas uses the functions below:

* :func:`unit_vector` and :func:`unit_rows` scale to length 1. A zero vector has no direction,
  so it is refused with a sentence naming it. Only :func:`unit_rows` with ``zero_rows="keep"``
  leaves zero rows at zero (then every cosine with them is 0); that is for a whole vocabulary,
  where one untrained word must not stop the others (:attr:`WordVectors.normed` uses it).
* :func:`top_k` picks the ``k`` largest scores (ties: lower index first) and :func:`nearest`
  is "cosine of a query with every row, then :func:`top_k`". Both return one shape: a list of
  ``(row index, score)`` pairs, best first, the scores unrounded Python floats.

Nothing here rounds: print with ``round(x, 4)`` or an f-string such as ``f"{x:.4f}"``.

Examples
--------
>>> import numpy as np
>>> u, v = np.array([3.0, 4.0]), np.array([4.0, 3.0])
>>> dot(u, v), euclidean_distance(u, v), cosine_similarity(u, v)
(24.0, 1.4142135623730951, 0.96)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np

from helpers.validate import positive_int, real_matrix, real_vector

__all__ = [
    "MEASURES",
    "cosine_similarity",
    "dot",
    "euclidean_distance",
    "nearest",
    "rank_by",
    "top_k",
    "unit_rows",
    "unit_vector",
]

Measure = Literal["dot", "cosine", "euclidean"]
MEASURES: tuple[str, ...] = ("dot", "cosine", "euclidean")
"""The three measures, in the order the notebooks show them."""


def _pair(u: object, v: object) -> tuple[np.ndarray, np.ndarray]:
    a = real_vector(u, "u").astype(np.float64, copy=False)
    b = real_vector(v, "v").astype(np.float64, copy=False)
    if a.shape != b.shape:
        raise ValueError(
            f"u and v must be two vectors of the same length, got lengths {len(a)} and {len(b)}."
        )
    return a, b


def dot(u: np.ndarray, v: np.ndarray) -> float:
    """The dot product ``Σ uᵢ vᵢ``.

    Examples
    --------
    >>> dot(np.array([1.0, 2.0]), np.array([3.0, -1.0]))
    1.0
    """
    a, b = _pair(u, v)
    return float(a @ b)


def euclidean_distance(u: np.ndarray, v: np.ndarray) -> float:
    """The straight-line distance ``|u − v|`` (smaller is closer).

    Examples
    --------
    >>> euclidean_distance(np.array([0.0, 0.0]), np.array([3.0, 4.0]))
    5.0
    """
    a, b = _pair(u, v)
    return float(np.linalg.norm(a - b))


def cosine_similarity(u: np.ndarray, v: np.ndarray) -> float:
    """The cosine of the angle between ``u`` and ``v``, between −1 and 1.

    A zero vector has no direction: it is refused with one sentence.

    Examples
    --------
    >>> cosine_similarity(np.array([1.0, 0.0]), np.array([5.0, 0.0]))
    1.0
    >>> cosine_similarity(np.array([1.0, 0.0]), np.array([0.0, 2.0]))
    0.0
    """
    a, b = _pair(u, v)
    return float(np.clip(unit_vector(a, "u") @ unit_vector(b, "v"), -1.0, 1.0))


def unit_vector(vector: object, name: str = "the query vector") -> np.ndarray:
    """``vector / |vector|``; a zero, NaN or infinite vector is refused with one sentence.

    A float32 vector stays float32; anything else becomes float64.

    Examples
    --------
    >>> unit_vector(np.array([3.0, 4.0]))
    array([0.6, 0.8])
    >>> unit_vector(np.zeros(3))
    Traceback (most recent call last):
    ...
    ValueError: the query vector is all zeros: it has no direction, so no cosine with it is defined; pass a non-zero vector.
    """
    v = real_vector(vector, name)
    if v.dtype != np.float32:
        v = v.astype(np.float64, copy=False)
    with np.errstate(over="ignore"):  # an overflow is caught just below
        norm = np.sqrt(np.sum(v * v))  # the same arithmetic as unit_rows, row by row
    if not np.isfinite(norm):
        # the squares overflowed (e.g. float32 entries near 1e30): scale down first, or every
        # cosine would silently come out 0
        v = v / np.abs(v).max()
        norm = np.sqrt(np.sum(v * v))
    if norm == 0:
        raise ValueError(
            f"{name} is all zeros: it has no direction, so no cosine with it is defined; "
            "pass a non-zero vector."
        )
    return v / norm


def unit_rows(
    matrix: object, name: str = "matrix", *, zero_rows: Literal["refuse", "keep"] = "refuse"
) -> np.ndarray:
    """Each row divided by its length, so that ``unit_rows(M) @ unit_vector(q)`` are cosines.

    Parameters
    ----------
    matrix : array-like, shape (n, d)
        One vector per row, all finite. A float32 matrix stays float32, else float64.
    name : str
        How the error messages call the matrix.
    zero_rows : {"refuse", "keep"}
        A row of zeros has no direction. ``"refuse"`` (the default) raises one sentence naming
        the first such row. ``"keep"`` leaves it at zero, so its cosine with anything is 0: for
        a whole vocabulary, where one word without a vector must not stop the others.

    Examples
    --------
    >>> unit_rows(np.array([[3.0, 4.0], [0.0, 2.0]]))
    array([[0.6, 0.8],
           [0. , 1. ]])
    >>> unit_rows(np.array([[3.0, 4.0], [0.0, 0.0]]), zero_rows="keep")
    array([[0.6, 0.8],
           [0. , 0. ]])
    >>> unit_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    Traceback (most recent call last):
    ...
    ValueError: row 1 of matrix is all zeros: it has no direction, so no cosine with it is defined.
    """
    m = real_matrix(matrix, name)
    if m.dtype != np.float32:
        m = m.astype(np.float64, copy=False)
    norms = np.sqrt(np.sum(m * m, axis=1, keepdims=True))
    zero = norms[:, 0] == 0
    if zero.any():
        if zero_rows == "refuse":
            raise ValueError(
                f"row {int(np.argmax(zero))} of {name} is all zeros: it has no direction, so no "
                "cosine with it is defined."
            )
        if zero_rows != "keep":
            raise ValueError(f'zero_rows must be "refuse" or "keep", got {zero_rows!r}.')
        norms[zero] = 1.0
    return m / norms


def _python_float(x: np.floating) -> float:
    """A score as a Python float; a float32 one as the float with its short decimal form
    (``0.8``, not ``0.800000011920929``: the same float32 number, printed as NumPy prints it)."""
    return float(str(x)) if isinstance(x, np.float32) else float(x)


def top_k(scores: object, k: int, exclude: Iterable[int] = ()) -> list[tuple[int, float]]:
    """The ``k`` largest scores and their positions, largest first (equal scores: lower index first).

    Parameters
    ----------
    scores : array-like, shape (n,)
        One finite score per candidate (e.g. the cosines of a query with every word).
    k : int
        How many to return, from 1 to ``n``; fewer come back only if ``exclude`` leaves fewer.
    exclude : iterable of int
        Positions never returned (e.g. the query word itself).

    Returns
    -------
    list of (int, float)
        ``(index, score)`` pairs, best first; scores are unrounded Python floats (a float32
        score as the float with the same short decimal form).

    Examples
    --------
    >>> top_k(np.array([0.5, 0.9, 0.5, 0.1]), k=2)
    [(1, 0.9), (0, 0.5)]
    >>> top_k(np.array([0.5, 0.9, 0.5, 0.1]), k=2, exclude=[1])
    [(0, 0.5), (2, 0.5)]
    """
    values = real_vector(scores, "scores")
    n = len(values)
    k = positive_int(k, "k")
    if k > n:
        raise ValueError(f"k must be at most the number of candidates ({n:,}), got {k:,}.")
    excluded = sorted({_position(i, n) for i in exclude})
    # The k best that are not excluded are among the k + len(excluded) largest scores: find the
    # (k + len(excluded))-th largest value without sorting everything, keep the scores ≥ it.
    m = k + len(excluded)
    if m < n:
        threshold = np.partition(values, n - m)[n - m]
        index = np.flatnonzero(values >= threshold)
    else:
        index = np.arange(n)
    index = index[~np.isin(index, excluded)]
    order = index[np.argsort(-values[index], kind="stable")][:k]  # stable: ties in index order
    return [(int(i), _python_float(values[i])) for i in order]


def _position(i: object, n: int) -> int:
    if isinstance(i, bool) or not isinstance(i, int | np.integer) or not 0 <= int(i) < n:
        raise IndexError(f"exclude must hold row numbers from 0 to {n - 1}, got {i!r}.")
    return int(i)


def nearest(
    matrix: object, query: object, k: int = 10, exclude: Iterable[int] = ()
) -> list[tuple[int, float]]:
    """The ``k`` rows of ``matrix`` with the highest cosine similarity to ``query``.

    The readable recipe every nearest-neighbour helper of the course follows: scale the rows and
    the query to length 1, one matrix-vector product gives every cosine, :func:`top_k` keeps the
    best. A zero query or a zero row is refused (it has no direction).

    Parameters
    ----------
    matrix : array-like, shape (n, d)
        One vector per row.
    query : array-like, shape (d,)
        The vector to compare with.
    k : int
        How many rows (1 to n).
    exclude : iterable of int
        Rows never returned (e.g. the query's own row).

    Returns
    -------
    list of (int, float)
        ``(row, cosine)`` pairs, best first (equal cosines: lower row first), unrounded.

    Examples
    --------
    >>> m = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]])
    >>> nearest(m, np.array([1.0, 0.0]), k=2, exclude=[0])
    [(1, 0.6), (2, 0.0)]
    """
    unit = unit_rows(matrix, "the matrix")
    q = unit_vector(query)
    if q.shape[0] != unit.shape[1]:
        raise ValueError(
            f"the query has {q.shape[0]} entries but the rows have {unit.shape[1]}: they must "
            "be the same length."
        )
    return top_k(unit @ q, k, exclude)


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
        ``(name, score)`` closest first, unrounded (ties: given order).

    Examples
    --------
    >>> cands = np.array([[0.45, 0.55], [1.0, 0.6], [6.0, 1.0]])
    >>> [name for name, _ in rank_by(np.array([1.0, 1.0]), cands, ["A", "B", "C"], "dot")]
    ['C', 'B', 'A']
    >>> [name for name, _ in rank_by(np.array([1.0, 1.0]), cands, ["A", "B", "C"], "euclidean")]
    ['B', 'A', 'C']
    """
    c = real_matrix(candidates, "candidates").astype(np.float64, copy=False)
    q = real_vector(query, "query", length=c.shape[1]).astype(np.float64, copy=False)
    if len(names) != len(c):
        raise ValueError(f"give one name per candidate: {len(c)} rows but {len(names)} names.")
    k = len(c) if k is None else positive_int(k, "k")
    if measure == "dot":
        scores = c @ q
    elif measure == "cosine":
        scores = unit_rows(c, "candidates") @ unit_vector(q, "query")
    elif measure == "euclidean":
        scores = -np.linalg.norm(c - q, axis=1)  # smaller distance = larger score
    else:
        raise ValueError(f'measure must be "dot", "cosine" or "euclidean", got {measure!r}.')
    best = top_k(scores, min(k, len(c)))
    sign = -1.0 if measure == "euclidean" else 1.0
    return [(names[i], sign * score + 0.0) for i, score in best]
