"""Projections f: ℝⁿ → ℝᵈ: random ones (Johnson–Lindenstrauss) and a learned one (truncated SVD).

An embedding is a linear map from an n-dimensional space (one dimension per word) to d ≪ n
dimensions, written as an n × d matrix ``W``. This module builds ``W`` two ways:

* **randomly** (:func:`random_projection_matrix`, :func:`random_project`), with scikit-learn's
  ``random_projection``: pairwise distances survive (the Johnson–Lindenstrauss lemma, measured
  by :func:`distance_ratios` and :func:`distortion`), but nothing is learned;
* **from data** (:func:`truncated_svd`, :func:`svd_embeddings`, :func:`ppmi_svd_vectors`): the
  top singular vectors of a word × context PPMI matrix, weighted by their singular values
  raised to a power ``p`` (``U·Σᵖ``).

Singular vectors are only defined up to sign; every function here flips each one so that its
largest-magnitude entry is positive (the first such entry when several are equal up to rounding),
so results are the same on every run and machine.

Examples
--------
>>> import numpy as np
>>> x = np.random.default_rng(0).random((30, 20))
>>> svd_embeddings(x, d=3).shape
(30, 3)
>>> random_project(x, d=5).shape
(30, 5)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

import numpy as np
import scipy.sparse as sp
from sklearn.random_projection import (
    GaussianRandomProjection,
    SparseRandomProjection,
    johnson_lindenstrauss_min_dim,
)
from sklearn.utils.extmath import randomized_svd
from threadpoolctl import threadpool_limits

if TYPE_CHECKING:
    from helpers.vectors.wordvectors import WordVectors

__all__ = [
    "distance_ratios",
    "distortion",
    "fix_signs",
    "jl_epsilon",
    "ppmi_svd_vectors",
    "random_project",
    "random_projection_matrix",
    "sample_pairs",
    "svd_embeddings",
    "truncated_svd",
    "weight_singular_vectors",
]

_TIE = 1e-6  # relative tolerance for "equally large" when fixing signs
_RARE = "\x00rare"  # stands for every word below min_count; cannot be a real token
ProjectionKind = Literal["gaussian", "sparse"]
Matrix: TypeAlias = np.ndarray | sp.spmatrix | sp.sparray


def _check_matrix(matrix: object, name: str = "matrix") -> tuple[int, int]:
    if not (sp.issparse(matrix) or isinstance(matrix, np.ndarray)):
        raise TypeError(
            f"{name} must be a NumPy array or a scipy.sparse matrix, got {type(matrix).__name__}."
        )
    shape = matrix.shape  # type: ignore[attr-defined]
    if len(shape) != 2:
        raise ValueError(f"{name} must be 2-D (rows × columns), got shape {tuple(shape)}.")
    return int(shape[0]), int(shape[1])


def _check_dimension(d: object, largest: int, what: str) -> int:
    if isinstance(d, bool) or not isinstance(d, int | np.integer):
        raise TypeError(f"d must be a whole number of dimensions, got {d!r}.")
    if not 1 <= d <= largest:
        raise ValueError(f"d must be between 1 and {largest} ({what}), got {d}.")
    return int(d)


def fix_signs(u: np.ndarray, vt: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Flip singular vectors so that each column of ``u`` has its largest-magnitude entry positive.

    ``u[:, j] s[j] vt[j]`` is unchanged when both ``u[:, j]`` and ``vt[j]`` change sign, so an SVD
    routine may return either sign; fixing it makes embeddings (and printed numbers) deterministic.

    Parameters
    ----------
    u : numpy.ndarray, shape (n, k)
        Left singular vectors, one per column.
    vt : numpy.ndarray, shape (k, m), optional
        Right singular vectors, one per row; flipped together with ``u``.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray or None)
        New arrays ``u`` and ``vt`` with fixed signs (the inputs are not modified).

    Examples
    --------
    >>> u, _ = fix_signs(np.array([[0.6, 0.2], [-0.8, -0.9]]))
    >>> u
    array([[-0.6, -0.2],
           [ 0.8,  0.9]])
    """
    u = np.asarray(u, dtype=float)
    if u.ndim != 2:
        raise ValueError(f"u must be 2-D (one singular vector per column), got shape {u.shape}.")
    # The first entry within a relative 1e-6 of the column's largest magnitude: entries that tie
    # exactly (words with identical contexts) must not be decided by rounding noise.
    magnitude = np.abs(u)
    biggest = (magnitude >= magnitude.max(axis=0) * (1 - _TIE)).argmax(axis=0)
    signs = np.sign(u[biggest, np.arange(u.shape[1])])
    signs[signs == 0] = 1.0
    new_vt = None if vt is None else np.asarray(vt, dtype=float) * signs[:, None]
    return u * signs, new_vt


def truncated_svd(
    matrix: Matrix, d: int, seed: int = 42, n_iter: int = 5
) -> tuple[np.ndarray, np.ndarray]:
    """The ``d`` largest singular values of a matrix and their left singular vectors.

    Uses scikit-learn's ``randomized_svd`` (dense or sparse input; only ``d + 10`` directions are
    ever computed, so it is fast for large sparse matrices) with one BLAS thread, then
    :func:`fix_signs`.

    Parameters
    ----------
    matrix : numpy.ndarray or scipy.sparse matrix, shape (n, m)
        The matrix to factorise, e.g. a word × context PPMI matrix.
    d : int
        Number of singular vectors to keep (1 ≤ d ≤ min(n, m)).
    seed : int
        Seed of the random starting directions (the result is then deterministic).
    n_iter : int
        Power iterations; more is more accurate for slowly decaying spectra.

    Returns
    -------
    u : numpy.ndarray, shape (n, d)
        Orthonormal columns, largest singular value first, largest-magnitude entry positive.
    s : numpy.ndarray, shape (d,)
        Singular values, in decreasing order.

    Examples
    --------
    >>> u, s = truncated_svd(np.diag([3.0, 1.0, 2.0]), d=2)
    >>> s
    array([3., 2.])
    >>> np.round(u, 6) + 0.0
    array([[1., 0.],
           [0., 0.],
           [0., 1.]])
    """
    n, m = _check_matrix(matrix)
    d = _check_dimension(d, min(n, m), "at most the smaller side of the matrix")
    data = (
        sp.csr_matrix(matrix, dtype=np.float64)
        if sp.issparse(matrix)
        else np.asarray(matrix, float)
    )
    # One BLAS thread: on a busy 2-core machine two threads made this 3-10x slower (see
    # bench/README.md), and one thread gives bitwise the same result whatever OPENBLAS_NUM_THREADS.
    with threadpool_limits(limits=1, user_api="blas"):
        u, s, vt = randomized_svd(
            data, d, n_iter=n_iter, random_state=np.random.RandomState(seed), flip_sign=False
        )
    u, _ = fix_signs(u, vt)
    return u, s


def weight_singular_vectors(u: np.ndarray, s: np.ndarray, p: float = 0.5) -> np.ndarray:
    """Scale each singular vector by its singular value to the power ``p``: ``U·Σᵖ``.

    ``p = 1`` gives the best rank-d approximation's row coordinates (dot products reproduce the
    matrix), ``p = 0`` gives every direction equal weight (only the orthonormal ``U``), and
    ``p = 0.5`` is in between; on word-similarity tasks ``p ≤ 0.5`` usually works best.

    Parameters
    ----------
    u : numpy.ndarray, shape (n, k)
        Left singular vectors.
    s : numpy.ndarray, shape (k,)
        Their singular values (non-negative).
    p : float
        Eigenvalue-weighting exponent.

    Returns
    -------
    numpy.ndarray, shape (n, k)
        ``u * s ** p``.

    Examples
    --------
    >>> weight_singular_vectors(np.eye(2), np.array([4.0, 1.0]), p=0.5)
    array([[2., 0.],
           [0., 1.]])
    """
    u = np.asarray(u, dtype=float)
    s = np.asarray(s, dtype=float)
    if u.ndim != 2 or s.shape != (u.shape[1],):
        raise ValueError(
            f"s must have shape ({u.shape[1] if u.ndim == 2 else 'k'},), one singular value per "
            f"column of u, got u of shape {u.shape} and s of shape {s.shape}."
        )
    if (s < 0).any():
        raise ValueError("Singular values must be non-negative.")
    return u * s**p


def svd_embeddings(matrix: Matrix, d: int, p: float = 0.5, seed: int = 42) -> np.ndarray:
    """Embeddings from a truncated SVD: the rows of ``U·Σᵖ`` for the ``d`` largest singular values.

    Parameters
    ----------
    matrix : numpy.ndarray or scipy.sparse matrix, shape (n, m)
        One row per item (e.g. a word's PPMI row).
    d : int
        Embedding dimension.
    p : float
        Eigenvalue-weighting exponent (see :func:`weight_singular_vectors`).
    seed : int
        Seed of the randomized SVD.

    Returns
    -------
    numpy.ndarray, shape (n, d)
        One embedding per row of ``matrix``; singular-vector signs fixed (see :func:`fix_signs`).

    Examples
    --------
    >>> np.round(svd_embeddings(np.diag([9.0, 4.0, 1.0]), d=2, p=0.5), 6) + 0.0
    array([[3., 0.],
           [0., 2.],
           [0., 0.]])
    """
    u, s = truncated_svd(matrix, d, seed=seed)
    return weight_singular_vectors(u, s, p)


def ppmi_svd_vectors(
    tokens: Sequence[str] | Sequence[Sequence[str]],
    d: int = 100,
    window: int = 5,
    min_count: int = 5,
    p: float = 0.5,
    alpha: float = 0.75,
    seed: int = 42,
) -> WordVectors:
    """Word vectors from a corpus: count co-occurrences, take PPMI, keep a truncated SVD.

    The whole classic count-based pipeline in one call (Levy, Goldberg & Dagan, 2015): a
    vocabulary of the words seen at least ``min_count`` times, symmetric window counts,
    positive PMI with context-distribution smoothing ``alpha``, and ``U·Σᵖ``. Rarer words are
    removed from the text before windows are taken, as word2vec does.

    Parameters
    ----------
    tokens : sequence of str, or sequence of sequences of str
        The corpus as one flat list of tokens, or as a list of sentences (windows then stop at
        sentence ends).
    d : int
        Embedding dimension.
    window : int
        Context words counted on each side of a word.
    min_count : int
        Words rarer than this are left out (they are not neighbours either).
    p : float
        Eigenvalue-weighting exponent (see :func:`weight_singular_vectors`).
    alpha : float
        Context-distribution smoothing of the PPMI (0.75 as in word2vec's negative sampling).
    seed : int
        Seed of the randomized SVD.

    Returns
    -------
    WordVectors
        One d-dimensional vector per vocabulary word, most frequent word first.

    Examples
    --------
    >>> tokens = ("the king rules the land . the queen rules the land . " * 50).split()
    >>> wv = ppmi_svd_vectors(tokens, d=2, window=2, min_count=1)
    >>> len(wv), wv.dim
    (6, 2)
    """
    from helpers.counting.cooccurrence import cooccurrence_matrix, ppmi
    from helpers.text.vocab import Vocabulary
    from helpers.vectors.wordvectors import WordVectors

    if isinstance(tokens, str | bytes):
        raise TypeError(
            "ppmi_svd_vectors() expects a list of tokens, not a single string: "
            "split the text into words first."
        )
    flat = len(tokens) == 0 or isinstance(tokens[0], str)
    sentences = cast(Sequence[Sequence[str]], [tokens] if flat else tokens)
    vocab = Vocabulary.build(
        (t for sentence in sentences for t in sentence), min_count=min_count, unk=_RARE
    )
    words = vocab.words[1:]
    if len(words) < 2:
        raise ValueError(
            f"Only {len(words)} word(s) occur at least min_count={min_count} times: "
            "use a larger corpus or a smaller min_count."
        )
    d = _check_dimension(d, len(words) - 1, "fewer than the number of vocabulary words")
    ids = []
    for sentence in sentences:
        encoded = vocab.encode(sentence)
        ids.append(encoded[encoded != 0] - 1)
    counts = cooccurrence_matrix(ids if len(ids) > 1 else ids[0], len(words), window=window)
    vectors = svd_embeddings(ppmi(counts, alpha=alpha), d, p=p, seed=seed)
    return WordVectors(words, vectors)


def random_projection_matrix(
    n_features: int, d: int, kind: ProjectionKind = "gaussian", seed: int = 42
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
    matrix: Matrix, d: int, kind: ProjectionKind = "gaussian", seed: int = 42
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


def sample_pairs(n: int, n_pairs: int = 2000, seed: int = 42) -> np.ndarray:
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
    seed: int = 42,
) -> np.ndarray:
    """How much a projection stretched or shrank distances: ‖yᵢ − yⱼ‖ / ‖xᵢ − xⱼ‖ for pairs of rows.

    A ratio of 1 means the distance survived exactly; the Johnson–Lindenstrauss lemma says a
    random projection to d ≳ 8 ln(n) / ε² dimensions keeps all squared ratios within 1 ± ε.

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
    ``johnson_lindenstrauss_min_dim(n_samples, eps=ε) <= d``, i.e. a random projection to ``d``
    dimensions keeps every squared pairwise distance within a factor 1 ± ε (with high
    probability). Returns ``inf`` when ``d`` is too small for any ε < 1 (fewer than about
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
