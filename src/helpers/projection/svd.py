"""A learned projection f: ℝⁿ → ℝᵈ: truncated SVD of a word × context matrix.

An embedding is a linear map from an n-dimensional space (one dimension per word) to d ≪ n
dimensions. Learned from data (:func:`truncated_svd`, :func:`svd_embeddings`,
:func:`ppmi_svd_vectors`), it is given by the top singular vectors of a word × context PPMI
matrix, weighted by their singular values raised to a power ``p`` (``U·Σᵖ``). The random
projections it is compared with in notebook 03 are in :mod:`helpers.projection.random`, the
maps for looking at an embedding (PCA, t-SNE) in :mod:`helpers.projection.maps`.

Singular vectors are only defined up to sign; every function here flips each one so that its
largest-magnitude entry is positive (the first such entry when several are equal up to rounding),
so results are the same on every run and machine.

Examples
--------
>>> import numpy as np
>>> x = np.random.default_rng(0).random((30, 20))
>>> svd_embeddings(x, d=3).shape
(30, 3)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias, cast

import numpy as np
import scipy.sparse as sp
from sklearn.utils.extmath import randomized_svd
from threadpoolctl import threadpool_limits

from helpers.notebook import SEED
from helpers.validate import finite_float

if TYPE_CHECKING:
    from helpers.vectors.wordvectors import WordVectors

__all__ = [
    "fix_signs",
    "ppmi_svd_vectors",
    "svd_embeddings",
    "truncated_svd",
    "weight_singular_vectors",
]

_TIE = 1e-6  # relative tolerance for "equally large" when fixing signs
_RARE = "\x00rare"  # stands for every word below min_count; cannot be a real token
Matrix: TypeAlias = np.ndarray | sp.spmatrix | sp.sparray


def _check_matrix(matrix: object, name: str = "matrix") -> tuple[int, int]:
    if not (sp.issparse(matrix) or isinstance(matrix, np.ndarray)):
        raise TypeError(
            f"{name} must be a NumPy array or a scipy.sparse matrix, got {type(matrix).__name__}."
        )
    shape = matrix.shape  # type: ignore[attr-defined]
    if len(shape) != 2:
        raise ValueError(f"{name} must be 2-D (rows × columns), got shape {tuple(shape)}.")
    values = np.asarray(matrix.data if sp.issparse(matrix) else matrix)  # type: ignore[attr-defined]
    if values.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got an array of dtype {values.dtype}.")
    if not np.isfinite(values).all():
        bad = int(np.size(values) - np.count_nonzero(np.isfinite(values)))
        raise ValueError(
            f"{name} must be finite, but {bad} of its entries are NaN or infinite: look for a "
            "division by zero or a log of 0 where it was made."
        )
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
    matrix: Matrix, d: int, seed: int = SEED, n_iter: int = 5
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
    p = finite_float(p, "p")
    return u * s**p


def svd_embeddings(matrix: Matrix, d: int, p: float = 0.5, seed: int = SEED) -> np.ndarray:
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
    seed: int = SEED,
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
        encoded = vocab.encode(sentence, unknown="unk")
        ids.append(encoded[encoded != 0] - 1)
    counts = cooccurrence_matrix(ids if len(ids) > 1 else ids[0], len(words), window=window)
    vectors = svd_embeddings(ppmi(counts, alpha=alpha), d, p=p, seed=seed)
    return WordVectors(words, vectors)
