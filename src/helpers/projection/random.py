"""Random projections f: ℝⁿ → ℝᵈ and how well they keep distances (Johnson–Lindenstrauss).

A projection to d dimensions is an n × d matrix ``W``; a row vector ``x`` maps to ``x @ W``.
Drawn at random (:func:`random_projection_matrix`, :func:`random_project`, with scikit-learn's
``random_projection``), nothing is learned, yet pairwise distances survive: the
Johnson–Lindenstrauss lemma (:func:`jl_epsilon`), measured by :func:`distance_ratios` and
:func:`distortion`. :func:`random_projection` is the same matrix as a function, for data
that comes in a training and a test part (notebook 09).

Examples
--------
>>> import numpy as np
>>> x = np.random.default_rng(0).random((30, 20))
>>> random_project(x, d=5).shape
(30, 5)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
from sklearn.random_projection import (
    GaussianRandomProjection,
    SparseRandomProjection,
    johnson_lindenstrauss_min_dim,
)

from helpers.notebook import SEED
from helpers.projection.svd import Matrix, _check_dimension, _check_matrix

__all__ = [
    "distance_ratios",
    "distortion",
    "jl_epsilon",
    "random_project",
    "random_projection",
    "random_projection_matrix",
    "sample_pairs",
]

ProjectionKind = Literal["gaussian", "sparse"]
Projection = Callable[[np.ndarray], np.ndarray]


def random_projection_matrix(
    n_features: int, d: int, kind: ProjectionKind = "gaussian", seed: int = SEED
) -> np.ndarray:
    """A random n × d projection matrix ``W`` from scikit-learn's ``random_projection``.

    ``x @ W`` maps a row vector ``x`` of length ``n_features`` to ``d`` numbers. ``"gaussian"``
    draws entries from N(0, 1/d); ``"sparse"`` uses Achlioptas/Li's sparse ±√(s/d) entries (most
    are 0). Either way, squared distances are preserved in expectation.

    Parameters
    ----------
    n_features : int
        Input dimension n.
    d : int
        Output dimension.
    kind : {"gaussian", "sparse"}
        Which random projection.
    seed : int
        Seed; the same seed gives the same matrix.

    Returns
    -------
    numpy.ndarray, shape (n_features, d)
        The projection matrix (dense).

    Examples
    --------
    >>> W = random_projection_matrix(1000, 50, seed=0)
    >>> W.shape, bool(abs((W**2).sum(axis=1).mean() - 1) < 0.05)
    ((1000, 50), True)
    """
    if isinstance(n_features, bool) or not isinstance(n_features, int | np.integer):
        raise TypeError(f"n_features must be a whole number, got {n_features!r}.")
    if n_features < 1:
        raise ValueError(f"n_features must be at least 1, got {n_features}.")
    d = _check_dimension(d, 10**9, "the output dimension")
    projector = _projector(kind, d, seed)
    projector.fit(sp.csr_matrix((1, int(n_features))))
    components = projector.components_
    dense = components.toarray() if sp.issparse(components) else np.asarray(components)
    return np.ascontiguousarray(dense.T)


def _projector(
    kind: object, d: int, seed: int
) -> GaussianRandomProjection | SparseRandomProjection:
    if kind == "gaussian":
        return GaussianRandomProjection(n_components=d, random_state=seed)
    if kind == "sparse":
        return SparseRandomProjection(n_components=d, random_state=seed, dense_output=True)
    raise ValueError(f"kind must be 'gaussian' or 'sparse', got {kind!r}.")


def random_project(
    matrix: Matrix, d: int, kind: ProjectionKind = "gaussian", seed: int = SEED
) -> np.ndarray:
    """Project each row of ``matrix`` to ``d`` dimensions with a random matrix (nothing learned).

    Equal to ``matrix @ random_projection_matrix(matrix.shape[1], d, kind, seed)``, computed by
    scikit-learn without making the random matrix dense when it is sparse.

    Parameters
    ----------
    matrix : numpy.ndarray or scipy.sparse matrix, shape (n, m)
        The vectors to project, one per row.
    d : int
        Output dimension.
    kind : {"gaussian", "sparse"}
        Which random projection.
    seed : int
        Seed of the random matrix.

    Returns
    -------
    numpy.ndarray, shape (n, d)
        The projected rows.

    Examples
    --------
    >>> random_project(np.eye(4), d=2, seed=0).shape
    (4, 2)
    """
    _check_matrix(matrix)
    d = _check_dimension(d, 10**9, "the output dimension")
    projector = _projector(kind, d, seed)
    # fit() only reads the number of columns; scikit-learn keeps a sparse matrix sparse
    projected = projector.fit(matrix).transform(matrix)
    return np.asarray(projected.toarray() if sp.issparse(projected) else projected, dtype=float)


def random_projection(X_train: np.ndarray, d: int, seed: int = SEED) -> Projection:
    """:func:`random_projection_matrix` as a function ``X ↦ X @ W`` (Gaussian, nothing learned).

    ``X_train`` is only used for its number of columns; the returned function maps any
    ``(n, n_features)`` array to ``(n, d)``.

    Examples
    --------
    >>> project = random_projection(np.zeros((5, 64)), d=2, seed=0)
    >>> project(np.ones((3, 64))).shape
    (3, 2)
    """
    n_features = _check_matrix(np.asarray(X_train), "X_train")[1]
    d = _check_dimension(d, n_features, "at most the number of features")
    W = random_projection_matrix(n_features, d, "gaussian", seed)
    return lambda X: np.asarray(X, dtype=np.float64) @ W


def sample_pairs(n: int, n_pairs: int = 2000, seed: int = SEED) -> np.ndarray:
    """Distinct random pairs of row indices ``(i, j)`` with ``i < j``, sorted.

    Parameters
    ----------
    n : int
        Number of rows to choose from (at least 2).
    n_pairs : int
        How many pairs (fewer if there are fewer than that many pairs).
    seed : int
        Seed.

    Returns
    -------
    numpy.ndarray of int64, shape (k, 2)

    Examples
    --------
    >>> sample_pairs(3, n_pairs=10).tolist()
    [[0, 1], [0, 2], [1, 2]]
    """
    if n < 2:
        raise ValueError(f"Need at least 2 rows to form pairs, got {n}.")
    total = n * (n - 1) // 2
    rng = np.random.default_rng(seed)
    if total <= n_pairs:
        i, j = np.triu_indices(n, k=1)
        return np.stack([i, j], axis=1).astype(np.int64)
    chosen: set[tuple[int, int]] = set()
    while len(chosen) < n_pairs:
        a = rng.integers(0, n, size=2 * (n_pairs - len(chosen)))
        b = rng.integers(0, n, size=a.size)
        for x, y in zip(a.tolist(), b.tolist(), strict=True):
            if x != y and len(chosen) < n_pairs:
                chosen.add((min(x, y), max(x, y)))
    return np.array(sorted(chosen), dtype=np.int64)


def _row_distances(matrix: Any, pairs: np.ndarray) -> np.ndarray:
    a = matrix[pairs[:, 0]]
    b = matrix[pairs[:, 1]]
    diff = a - b
    if sp.issparse(diff):
        return np.sqrt(np.asarray(diff.multiply(diff).sum(axis=1)).ravel())
    return np.linalg.norm(np.asarray(diff, dtype=float), axis=1)


def distance_ratios(
    original: Matrix,
    projected: Matrix,
    pairs: np.ndarray | None = None,
    n_pairs: int = 2000,
    seed: int = SEED,
) -> np.ndarray:
    """How much a projection stretched or shrank distances: ‖yᵢ − yⱼ‖ / ‖xᵢ − xⱼ‖ for pairs of rows.

    A ratio of 1 means the distance survived exactly; the Johnson–Lindenstrauss lemma bounds
    how far the squared ratios of m points can move (see :func:`jl_epsilon`).

    Parameters
    ----------
    original : numpy.ndarray or scipy.sparse matrix, shape (n, m)
        The vectors before projection, one per row.
    projected : numpy.ndarray, shape (n, d)
        The same rows after projection.
    pairs : numpy.ndarray of int, shape (k, 2), optional
        Which row pairs to compare; by default :func:`sample_pairs` ``(n, n_pairs, seed)``.
        Pairs of identical rows (distance 0) are skipped.
    n_pairs, seed : int
        Used when ``pairs`` is not given.

    Returns
    -------
    numpy.ndarray, shape (k,)
        One ratio per pair with a non-zero original distance.

    Examples
    --------
    >>> x = np.eye(3)
    >>> distance_ratios(x, 2 * x).tolist()
    [2.0, 2.0, 2.0]
    """
    n, _ = _check_matrix(original, "original")
    n_projected, _ = _check_matrix(projected, "projected")
    if n_projected != n:
        raise ValueError(
            f"projected must have one row per row of original ({n}), got {n_projected} rows."
        )
    if pairs is None:
        pairs = sample_pairs(n, n_pairs=n_pairs, seed=seed)
    pairs = np.asarray(pairs, dtype=np.int64)
    if pairs.ndim != 2 or pairs.shape[1] != 2:
        raise ValueError(f"pairs must have shape (k, 2), got shape {pairs.shape}.")
    before = _row_distances(original, pairs)
    after = _row_distances(projected, pairs)
    keep = before > 0
    return after[keep] / before[keep]


def distortion(ratios: np.ndarray) -> float:
    """The worst relative change of a squared distance: max |ratio² − 1| (the ε of the JL lemma).

    Parameters
    ----------
    ratios : numpy.ndarray
        Distance ratios from :func:`distance_ratios`.

    Returns
    -------
    float

    Examples
    --------
    >>> distortion(np.array([1.0, 0.5, 1.25]))
    0.75
    """
    ratios = np.asarray(ratios, dtype=float)
    if ratios.size == 0:
        raise ValueError("distortion() needs at least one distance ratio.")
    return float(np.abs(ratios**2 - 1).max())


def jl_epsilon(n_samples: int, d: int) -> float:
    """The distortion ε the Johnson–Lindenstrauss lemma guarantees for ``n_samples`` points in d dims.

    The inverse of scikit-learn's ``johnson_lindenstrauss_min_dim``: the smallest ε in (0, 1) with
    ``johnson_lindenstrauss_min_dim(n_samples, eps=ε) <= d``, i.e. a Gaussian random projection
    to ``d`` dimensions keeps every squared pairwise distance within a factor 1 ± ε with
    probability at least ``1 / n_samples`` (the bound d ≥ 4 ln m / (ε²/2 − ε³/3) of Dasgupta &
    Gupta, 2003; probability 1 − m^(−β) needs 4 + 2β instead of 4, Achlioptas, 2003). Returns ``inf`` when ``d`` is too small for any ε < 1 (fewer than about
    24 ln(n_samples) dimensions): the lemma then promises nothing.

    Parameters
    ----------
    n_samples : int
        Number of points whose pairwise distances should survive (at least 2).
    d : int
        Target dimension.

    Returns
    -------
    float

    Examples
    --------
    >>> round(jl_epsilon(1000, 5000), 3)
    0.109
    >>> jl_epsilon(1000, 100)
    inf
    """
    if n_samples < 2:
        raise ValueError(f"n_samples must be at least 2 (distances need pairs), got {n_samples}.")
    d = _check_dimension(d, 10**12, "the target dimension")

    def needed(eps: float) -> int:
        return int(johnson_lindenstrauss_min_dim(n_samples, eps=eps))

    if needed(1 - 1e-9) > d:
        return math.inf
    low, high = 1e-6, 1 - 1e-9  # needed() decreases as eps grows
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if needed(middle) > d else (low, middle)
    return high
