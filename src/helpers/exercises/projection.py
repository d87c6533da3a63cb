"""Exercises of notebook 03 (projection): cases, references and diagnoses (keys "3.x").

The learner writes the mechanisms of the notebook: an embedding lookup as a one-hot matrix
product (3.1), a Gaussian random projection matrix (3.2), the distance-ratio measurement of the
Johnson–Lindenstrauss lemma (3.3), SVD word vectors ``U_d Σ_d^p`` (3.4) and the learned
projection matrix ``V_d Σ_d^(p−1)`` that maps the matrix's rows to them (3.5). Every case is built
from this module's own seeded generator, so checking changes no other random number in the
notebook. See :mod:`helpers.exercises.language_model` for the pattern.

Examples
--------
>>> embed_by_matmul(np.array([1, 1]), np.arange(6.0).reshape(3, 2)).tolist()
[[2.0, 3.0], [2.0, 3.0]]
>>> gaussian_projection_matrix(4, 2, seed=0).shape
(4, 2)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.exercises.checks import close, explain_difference
from helpers.exercises.registry import Exercise, register
from helpers.projection.random import distance_ratios, random_projection_matrix
from helpers.projection.svd import weight_singular_vectors

__all__ = [
    "distance_ratios",
    "embed_by_matmul",
    "gaussian_projection_matrix",
    "learned_projection_matrix",
    "svd_word_vectors",
]

SEED = 301
"""The seed of every case in this module (independent of the notebook's generator)."""


# --------------------------------------------------------------------------------------------
# References


def embed_by_matmul(ids: np.ndarray, W: np.ndarray) -> np.ndarray:
    """The rows ``W[ids]``: what one-hot(ids) @ W gives, computed as a lookup (exercise 3.1)."""
    return np.asarray(W)[np.asarray(ids)]


def gaussian_projection_matrix(n: int, d: int, seed: int) -> np.ndarray:
    """An n × d matrix of independent N(0, 1/d) entries drawn from ``default_rng(seed)`` (3.2).

    The variance 1/d makes a projected squared length ``‖x W‖²`` equal ``‖x‖²`` on average.

    Examples
    --------
    >>> W = gaussian_projection_matrix(20_000, 4, seed=1)
    >>> round(float(W.var()), 2)  # 1/d
    0.25
    """
    rng = np.random.default_rng(seed)
    return rng.normal(0.0, 1.0 / np.sqrt(d), size=(n, d))


def svd_word_vectors(M: np.ndarray, d: int, p: float) -> np.ndarray:
    """Rows of ``U_d Σ_d^p`` from NumPy's SVD of the dense matrix ``M`` (exercise 3.4).

    Examples
    --------
    >>> svd_word_vectors(np.diag([4.0, 1.0, 9.0]), d=2, p=0.5).round(6) + 0.0
    array([[0., 2.],
           [0., 0.],
           [3., 0.]])
    """
    U, s, _ = np.linalg.svd(M, full_matrices=False)
    return U[:, :d] * s[:d] ** p


def learned_projection_matrix(M: np.ndarray, d: int, p: float) -> np.ndarray:
    """The m × d matrix ``W = V_d Σ_d^(p−1)``, so that ``M @ W = U_d Σ_d^p`` (exercise 3.5).

    Examples
    --------
    >>> M = np.diag([4.0, 1.0, 9.0])
    >>> bool(np.allclose(np.abs(M @ learned_projection_matrix(M, 2, 0.5)),
    ...                  np.abs(svd_word_vectors(M, 2, 0.5))))
    True
    """
    _, s, Vt = np.linalg.svd(M, full_matrices=False)
    return Vt[:d].T * s[:d] ** (p - 1)


# --------------------------------------------------------------------------------------------
# Cases


def _embed_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED)
    W = np.arange(20.0).reshape(5, 4)
    return [
        (np.array([2]), W),
        (np.array([0, 4, 4, 1]), W),  # a repeated id, out of order
        (np.array([3, 1]), np.round(rng.normal(size=(6, 3)), 2)),
    ]


def _gaussian_cases() -> list[tuple[Any, ...]]:
    return [(5, 2, SEED), (40, 8, SEED + 1), (3, 6, SEED + 2)]  # the last one has d > n


def _ratio_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 3)
    cases: list[tuple[Any, ...]] = []
    for n, m, d, pairs in [
        (6, 5, 2, [[0, 1], [2, 5], [4, 1], [3, 0]]),  # a pair with i > j
        (10, 8, 3, [[0, 9], [1, 2], [0, 9], [5, 7], [3, 8]]),  # a repeated pair
    ]:
        X = rng.normal(size=(n, m)) * rng.uniform(0.5, 3.0, size=(n, 1))  # unequal norms
        Y = X @ rng.normal(size=(m, d)) / np.sqrt(d)
        cases.append((X, Y, np.array(pairs)))
    return cases


def _svd_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 4)
    ppmi_like = np.maximum(rng.normal(size=(8, 8)), 0.0)  # non-negative, with zeros
    return [
        (np.array([[3.0, 1.0, 0.0], [1.0, 3.0, 0.0], [0.0, 0.0, 1.0]]), 2, 0.5),
        (np.round(rng.random((6, 4)), 2), 3, 1.0),
        (np.round(rng.random((7, 5)), 2), 3, 0.0),  # p = 0: every direction weighs the same
        (ppmi_like, 4, 0.5),
    ]


# --------------------------------------------------------------------------------------------
# Diagnoses: recognise the usual mistakes by recomputing them


def _close(got: Any, value: Any) -> bool:
    return close(got, value, same_shape=True)


def _aligned(got: Any, expected: np.ndarray) -> np.ndarray | None:
    """``got`` with each column's sign flipped to match ``expected`` (None if shapes differ)."""
    try:
        g = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return None
    if g.shape != expected.shape or g.ndim != 2:
        return None
    signs = np.sign((g * expected).sum(axis=0))
    signs[signs == 0] = 1.0
    return g * signs


def _close_up_to_sign(got: Any, value: np.ndarray) -> bool:
    aligned = _aligned(got, value)
    return aligned is not None and _close(aligned, value)


def _diagnose_embed(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    ids, W = args
    if _close(got, W):
        return "That is all of W; multiply only the one-hot rows of `ids` (one row per id)."
    if _close(got, np.asarray(expected).T):
        return "The result is transposed: (k × n one-hot matrix) @ (n × d matrix W) is k × d."
    if _close(got, W[ids].sum(axis=0)):
        return (
            "You added the one-hot vectors into one row (a bag of words); keep one one-hot "
            "row per id, so that the product has one row per id."
        )
    if _close(got, W[np.unique(ids)]):
        return "Give one row per id, in the order of `ids` and repeats included."
    return None


ONE_SIDED_BY_CHANCE = 1e-9
"""A centred draw has all its entries non-negative with probability 2^-size: below this, the
non-negative diagnosis says so (a 5 × 2 draw without the seed is all non-negative once in 1 024)."""


def _one_sided(values: np.ndarray, seed: int) -> bool:
    """Whether ``values`` are surely not centred at 0: all non-negative where a centred draw of
    that size would be with probability under :data:`ONE_SIDED_BY_CHANCE`, or a positive multiple
    (plus a constant) of this seed's uniform draws ``default_rng(seed).random(shape)``."""
    if not (values >= 0).all():
        return False
    if 0.5**values.size < ONE_SIDED_BY_CHANCE:
        return True
    uniform = np.random.default_rng(seed).random(values.shape).ravel()
    slope, intercept = np.polyfit(uniform, values.ravel(), 1)
    return bool(slope > 0 and _close(values, slope * uniform.reshape(values.shape) + intercept))


def _diagnose_gaussian(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    n, d, seed = args
    if np.shape(got) == (d, n) and (n, d) != (d, n):
        return (
            "Your matrix is d × n: the course writes a projection as x @ W, so W must be n × d "
            "(one row per input dimension, d columns)."
        )
    if n != d and _close(got, expected * np.sqrt(d / n)):
        return (
            "The entries have variance 1/n (n, the input dimension): their variance is 1/d, "
            "one over the number of output dimensions."
        )
    if _close(got, expected * np.sqrt(d)):
        return (
            "The entries have variance 1, so a projected squared length is about d times the "
            "original; scale them so that their variance is 1/d."
        )
    if _close(got, expected / np.sqrt(d)):
        return (
            "The entries have standard deviation 1/d; the variance should be 1/d, so the "
            "standard deviation is its square root."
        )
    values = np.asarray(got, dtype=float)
    if values.shape == (n, d) and _one_sided(values, seed):
        return (
            "Every entry is non-negative: draw from a normal distribution centred at 0 "
            "(uniform numbers in [0, 1) are not Gaussian)."
        )
    if values.shape == (n, d):
        return (
            "The shape is right but these are not the draws of np.random.default_rng(seed): "
            "make the generator from the `seed` argument (the same seed must give the same "
            "matrix) and draw the whole n × d matrix at once."
        )
    return None


def _compare_gaussian(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    """Accept the reference's draws, or the same draws made as a d × n matrix and transposed."""
    n, d, seed = args
    drawn_transposed = np.random.default_rng(seed).normal(0.0, 1.0 / np.sqrt(d), size=(d, n)).T
    if _close(got, drawn_transposed):
        return None
    return explain_difference(got, expected)


def _pair_distances(X: np.ndarray, pairs: np.ndarray, order: float = 2) -> np.ndarray:
    return np.linalg.norm(X[pairs[:, 0]] - X[pairs[:, 1]], ord=order, axis=1)


def _diagnose_ratios(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    X, Y, pairs = args
    before, after = _pair_distances(X, pairs), _pair_distances(Y, pairs)
    if _close(got, expected**2):
        return "Those are ratios of squared distances; take the ratio of the distances themselves."
    if _close(got, before / after):
        return "The ratio is upside down: distance after the projection divided by the one before."
    if _close(got, after - before):
        return "That is the difference of the distances; the measurement is their ratio."
    if np.ndim(got) == 0 and _close(got, np.mean(expected)):
        return "Return one ratio per pair (an array), not their mean."
    if _close(got, _pair_distances(Y, pairs, 1) / _pair_distances(X, pairs, 1)):
        return "Use the Euclidean distance (square root of the sum of squares), not the sum of |differences|."
    return None


def _compare_svd(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    """Compare column by column up to sign: a singular vector and its negative are both right."""
    aligned = _aligned(got, expected)
    return explain_difference(got if aligned is None else aligned, expected)


def _learned_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 5)
    return [
        (np.array([[3.0, 1.0, 0.0], [1.0, 3.0, 0.0], [0.0, 0.0, 1.0]]), 2, 0.5),
        (np.round(rng.random((6, 4)), 2) + np.eye(6, 4), 3, 1.0),  # more rows than columns
        (np.round(rng.random((5, 7)), 2), 3, 0.0),  # more columns than rows
        (np.maximum(rng.normal(size=(8, 8)), 0.0) + np.eye(8), 4, 0.5),
    ]


def _diagnose_learned(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    M, d, p = args
    U, s, Vt = np.linalg.svd(M, full_matrices=False)
    if np.shape(got) == (d, M.shape[1]) and d != M.shape[1]:
        return "The result is transposed: W has one row per column of M and d columns."
    if _close_up_to_sign(got, Vt[:d].T * s[:d] ** p):
        return (
            "With Σ^p, M @ W is U_d Σ_d^(p+1): M V_d already brings one factor Σ_d, so W "
            "needs the power p − 1."
        )
    if _close_up_to_sign(got, Vt[:, :d] * s[:d] ** (p - 1)):
        return (
            "The right singular vectors are the rows of Vt (the columns of V); "
            "Vt[:, :d] takes columns of Vt instead."
        )
    if _close_up_to_sign(got, Vt[:d].T):
        return "That is V_d alone: it gives M @ W = U_d Σ_d, the case p = 1 only; weight it by Σ_d^(p−1)."
    if np.shape(got) == (M.shape[0], d) and (
        M.shape[0] != M.shape[1] or _close_up_to_sign(got, U[:, :d] * s[:d] ** (p - 1))
    ):
        return (
            "W multiplies the rows of M from the right, so it lives on the context side: "
            "use V (from Vt), not U."
        )
    return None


def _diagnose_svd(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    M, d, p = args
    U, s, Vt = np.linalg.svd(M, full_matrices=False)
    if np.shape(got) == np.shape(expected)[::-1] and np.shape(got) != np.shape(expected):
        if _close_up_to_sign(np.transpose(got), expected):
            return "The result is transposed: one row per row of M, d columns."
        return (
            "The result needs one row per row of M and d columns: the first d columns of U "
            "(U[:, :d], not its first d rows), each scaled by its singular value to the power p."
        )
    if np.shape(got) == (M.shape[0], len(s)) and len(s) != d:
        return "Keep only the first d directions (columns of U and singular values)."
    if _close_up_to_sign(got, U[:, :d] @ np.diag(s[:d]) ** p):
        return (
            "np.diag(s) ** p raises every entry of the diagonal matrix to the power p, the "
            "zeros too, and 0 ** 0 = 1: for p = 0 it is a matrix of ones. Raise the singular "
            "values to the power p before they go on the diagonal (or scale the columns)."
        )
    if _close_up_to_sign(got, Vt[:d].T * s[:d] ** p):
        return "You used V (the context side, rows of Vt); the word vectors come from U."
    if _close_up_to_sign(got, U[:, :d]):
        return "That is U_d alone: the weights σ_k^p are missing (they only vanish for p = 0)."
    if _close_up_to_sign(got, U[:, :d] * s[:d]):
        return "You scaled by σ instead of σ to the power p."
    return None


register(
    Exercise(
        "3.1",
        "embed_by_matmul",
        embed_by_matmul,
        _embed_cases,
        points=1,
        hint="Build one one-hot row of length n (the rows of W) per id, then multiply that "
        "matrix by W: the product has one row per id and d columns.",
        diagnose=_diagnose_embed,
    )
)
register(
    Exercise(
        "3.2",
        "gaussian_projection_matrix",
        gaussian_projection_matrix,
        _gaussian_cases,
        solved_by=(random_projection_matrix,),
        points=1,
        hint="A generator made from the seed, normal entries centred at 0 with variance 1/d, "
        "n rows and d columns.",
        diagnose=_diagnose_gaussian,
        compare=_compare_gaussian,
    )
)
register(
    Exercise(
        "3.3",
        "distance_ratios",
        distance_ratios,
        _ratio_cases,
        points=2,
        hint="For each pair (i, j): the Euclidean distance between rows i and j of Y, divided "
        "by the one between rows i and j of X; one ratio per pair.",
        diagnose=_diagnose_ratios,
    )
)
register(
    Exercise(
        "3.4",
        "svd_word_vectors",
        svd_word_vectors,
        _svd_cases,
        solved_by=(weight_singular_vectors,),
        points=2,
        hint="Take the SVD, keep the first d columns of U and the first d singular values, and "
        "multiply column k by σ_k to the power p.",
        diagnose=_diagnose_svd,
        compare=_compare_svd,
    )
)
register(
    Exercise(
        "3.5",
        "learned_projection_matrix",
        learned_projection_matrix,
        _learned_cases,
        points=3,
        hint="M = U Σ Vᵀ and Vᵀ V_d keeps the first d directions: which power of Σ_d must W = "
        "V_d Σ_d^? carry so that M @ W = U_d Σ_d^p?",
        diagnose=_diagnose_learned,
        compare=_compare_svd,
    )
)
