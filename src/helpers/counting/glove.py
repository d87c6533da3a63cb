"""GloVe: word vectors fitted to the logarithm of co-occurrence counts (notebook 05).

GloVe (Pennington, Socher & Manning, 2014) looks for vectors ``w_i`` (a word's) and ``w̃_j`` (a
context's) and biases ``b_i``, ``b̃_j`` such that ``w_i · w̃_j + b_i + b̃_j ≈ log X_ij`` for every
non-zero count ``X_ij``, by weighted least squares::

    J = Σ_{X_ij > 0} f(X_ij) (w_i · w̃_j + b_i + b̃_j − log X_ij)²,
    f(x) = min(1, (x / x_max)^α)

Zero counts are left out of the sum (their logarithm is −∞), and ``f`` keeps rare, noisy pairs
from counting as much as frequent ones while capping the frequent ones at 1. The gradients, with
``e = w_i · w̃_j + b_i + b̃_j − log X_ij``, are summed over the non-zero entries::

    ∂J/∂w_i = Σ_j 2 f(X_ij) e_ij w̃_j      ∂J/∂b_i = Σ_j 2 f(X_ij) e_ij
    ∂J/∂w̃_j = Σ_i 2 f(X_ij) e_ij w_i      ∂J/∂b̃_j = Σ_i 2 f(X_ij) e_ij

Everything here works on the non-zero entries as three aligned arrays ``rows, cols, counts``
(``scipy.sparse``'s COO layout), vectorised in float32: the sums over entries are sparse matrix
products, never a Python loop. :func:`train_glove` fits the parameters by AdaGrad, one step per
epoch on the whole sum (full batch), and returns ``W + W̃``, the vectors the paper uses.

Examples
--------
>>> rows, cols, counts = np.array([0, 1]), np.array([1, 0]), np.array([4.0, 4.0])
>>> params = init_glove(2, 3, seed=0)
>>> loss, *grads = glove_loss_and_gradients(*params, rows, cols, counts, x_max=4.0)
>>> round(loss, 3)  # two entries of weight 1, each error close to −log 4 (2 · 1.386² = 3.84)
3.766
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from helpers.validate import positive_float, positive_int

__all__ = [
    "GloveParameters",
    "glove_loss_and_gradients",
    "glove_weighting",
    "init_glove",
    "nonzero_entries",
    "train_glove",
]


class GloveParameters(NamedTuple):
    """GloVe's four parameter arrays: word vectors, context vectors and their biases."""

    w: np.ndarray
    """Word vectors, ``(V, d)``."""
    w_context: np.ndarray
    """Context vectors, ``(V, d)``."""
    b: np.ndarray
    """Word biases, ``(V,)``."""
    b_context: np.ndarray
    """Context biases, ``(V,)``."""


def nonzero_entries(counts: sp.spmatrix | sp.sparray | np.ndarray) -> tuple[np.ndarray, ...]:
    """``(rows, cols, values)`` of the non-zero entries of a count matrix, values in float32.

    Examples
    --------
    >>> rows, cols, values = nonzero_entries(np.array([[0.0, 2.0], [2.0, 1.0]]))
    >>> rows.tolist(), cols.tolist(), values.tolist()
    ([0, 1, 1], [1, 0, 1], [2.0, 2.0, 1.0])
    """
    matrix = sp.coo_matrix(counts)
    matrix.sum_duplicates()  # also sorts the entries by row, then column
    keep = matrix.data != 0
    if np.any(matrix.data[keep] < 0):
        raise ValueError("Co-occurrence counts cannot be negative; pass the counts themselves.")
    return (
        matrix.row[keep].astype(np.int64),
        matrix.col[keep].astype(np.int64),
        matrix.data[keep].astype(np.float32),
    )


def glove_weighting(counts: np.ndarray, x_max: float = 100.0, alpha: float = 0.75) -> np.ndarray:
    """GloVe's weight ``f(x) = min(1, (x / x_max)^alpha)`` of each count.

    Examples
    --------
    >>> glove_weighting(np.array([1.0, 50.0, 100.0, 400.0]), x_max=100.0, alpha=1.0)
    array([0.01, 0.5 , 1.  , 1.  ])
    """
    return np.minimum(1.0, (np.asarray(counts) / x_max) ** alpha)


def init_glove(vocab_size: int, d: int, seed: int = 0) -> GloveParameters:
    """GloVe's starting point: vectors uniform in ``[-0.5, 0.5) / d``, biases 0, float32.

    ``w`` is drawn first, then ``w_context``, from ``np.random.default_rng(seed)``.

    Examples
    --------
    >>> params = init_glove(4, 2, seed=0)
    >>> params.w.shape, params.b.tolist(), params.w.dtype.name
    ((4, 2), [0.0, 0.0, 0.0, 0.0], 'float32')
    """
    vocab_size, d = positive_int(vocab_size, "vocab_size"), positive_int(d, "d")
    rng = np.random.default_rng(seed)
    w = ((rng.random((vocab_size, d)) - 0.5) / d).astype(np.float32)
    w_context = ((rng.random((vocab_size, d)) - 0.5) / d).astype(np.float32)
    zeros = np.zeros(vocab_size, dtype=np.float32)
    return GloveParameters(w, w_context, zeros, zeros.copy())


def _check_entries(
    params: tuple[np.ndarray, ...], rows: np.ndarray, cols: np.ndarray, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w, w_context, b, b_context = (np.asarray(p) for p in params)
    if w.ndim != 2 or w_context.shape != w.shape:
        raise ValueError(
            f"w and w_context must be two matrices of the same shape (V, d), got {w.shape} and "
            f"{w_context.shape}."
        )
    if b.shape != (len(w),) or b_context.shape != (len(w),):
        raise ValueError(
            f"b and b_context must hold one bias per word ({len(w)}), got shapes {b.shape} and "
            f"{b_context.shape}."
        )
    rows, cols, counts = np.asarray(rows), np.asarray(cols), np.asarray(counts)
    if not rows.shape == cols.shape == counts.shape or rows.ndim != 1:
        raise ValueError(
            "rows, cols and counts must be three 1-D arrays of the same length (one entry per "
            f"non-zero count), got shapes {rows.shape}, {cols.shape} and {counts.shape}."
        )
    if rows.size and (rows.dtype.kind not in "iu" or cols.dtype.kind not in "iu"):
        raise TypeError("rows and cols must be arrays of whole numbers (word ids).")
    if rows.size and (min(rows.min(), cols.min()) < 0 or max(rows.max(), cols.max()) >= len(w)):
        raise ValueError(f"rows and cols must be word ids between 0 and {len(w) - 1}.")
    if rows.size and not np.all(counts > 0):
        raise ValueError(
            "Every count must be positive: GloVe sums over the non-zero counts only (log 0 is "
            "−∞); pass nonzero_entries(counts)."
        )
    return rows, cols, counts


def glove_loss_and_gradients(
    w: np.ndarray,
    w_context: np.ndarray,
    b: np.ndarray,
    b_context: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    counts: np.ndarray,
    x_max: float = 100.0,
    alpha: float = 0.75,
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """GloVe's loss over the given non-zero counts, and its gradients for ``w, w̃, b, b̃``.

    Parameters
    ----------
    w, w_context : ndarray, shape (V, d)
        Word and context vectors.
    b, b_context : ndarray, shape (V,)
        Word and context biases.
    rows, cols : ndarray of int, shape (n,)
        The word and context id of each non-zero count.
    counts : ndarray, shape (n,)
        The counts ``X_ij`` themselves (all positive).
    x_max, alpha : float
        The weighting ``f(x) = min(1, (x / x_max)^alpha)``.

    Returns
    -------
    (loss, grad_w, grad_w_context, grad_b, grad_b_context)
        The loss as a float and four arrays shaped like the parameters (float32 when they are).

    Examples
    --------
    >>> w, wc = np.array([[1.0, 0.0]]), np.array([[0.5, 2.0]])
    >>> b, bc = np.array([0.25]), np.array([0.0])
    >>> loss, gw, gwc, gb, gbc = glove_loss_and_gradients(
    ...     w, wc, b, bc, np.array([0]), np.array([0]), np.array([1.0]), x_max=1.0)
    >>> loss, gw.tolist(), gwc.tolist(), gb.tolist()  # e = 0.5 + 0.25 − log 1 = 0.75
    (0.5625, [[0.75, 3.0]], [[1.5, 0.0]], [1.5])
    """
    x_max, alpha = positive_float(x_max, "x_max"), positive_float(alpha, "alpha")
    rows, cols, counts = _check_entries((w, w_context, b, b_context), rows, cols, counts)
    return _loss_and_gradients(w, w_context, b, b_context, rows, cols, counts, x_max, alpha)


def _loss_and_gradients(
    w: np.ndarray,
    w_context: np.ndarray,
    b: np.ndarray,
    b_context: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    counts: np.ndarray,
    x_max: float,
    alpha: float,
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`glove_loss_and_gradients` without the argument checks (the training loop's)."""
    dtype = np.result_type(w, w_context, b, b_context)
    vocab_size = len(w)
    weight = glove_weighting(counts, x_max, alpha).astype(dtype)
    error = (
        np.einsum("nd,nd->n", w[rows], w_context[cols])
        + b[rows]
        + b_context[cols]
        - np.log(counts).astype(dtype)
    )
    loss = float(np.sum(weight * error**2, dtype=np.float64))
    coefficient = 2 * weight * error  # ∂J/∂(w_i · w̃_j) for each entry
    # S[i, j] = 2 f(X_ij) e_ij: every sum over entries is a product with this sparse matrix
    s = sp.csr_matrix((coefficient, (rows, cols)), shape=(vocab_size, vocab_size))
    grad_w = np.asarray(s @ w_context, dtype=dtype)
    grad_w_context = np.asarray(s.T @ w, dtype=dtype)
    grad_b = np.bincount(rows, coefficient, minlength=vocab_size).astype(dtype)
    grad_b_context = np.bincount(cols, coefficient, minlength=vocab_size).astype(dtype)
    return loss, grad_w, grad_w_context, grad_b, grad_b_context


def train_glove(
    params: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    rows: np.ndarray,
    cols: np.ndarray,
    counts: np.ndarray,
    epochs: int = 10,
    lr: float = 0.05,
    batch_size: int = 4096,
    x_max: float = 100.0,
    alpha: float = 0.75,
) -> tuple[GloveParameters, list[float]]:
    """Fit GloVe by AdaGrad from ``params``, in batches of entries taken in the order given.

    Each epoch walks through the entries in batches of ``batch_size`` (shuffle them once
    beforehand, as GloVe's own ``shuffle`` tool does). For each batch it computes the loss and
    the four gradients at the current parameters, adds each gradient's square to its running
    sum ``G`` (one per parameter entry, from 0), and moves every parameter by
    ``−lr · g / √(G + 1e-8)``. The starting arrays are not changed.

    Parameters
    ----------
    params : (w, w_context, b, b_context)
        The starting point, e.g. :func:`init_glove`.
    rows, cols, counts : ndarray
        The non-zero counts (:func:`nonzero_entries`), in the order to train on.
    epochs : int
        Passes over the entries.
    lr : float
        AdaGrad's learning rate.
    batch_size : int
        Entries per step.
    x_max, alpha : float
        The weighting ``f``.

    Returns
    -------
    (GloveParameters, list of float)
        The trained parameters and each epoch's loss: the sum of its batches' losses, each
        measured before that batch's step.

    Examples
    --------
    >>> rows, cols, counts = nonzero_entries(np.array([[0.0, 8.0, 1.0], [8.0, 0.0, 2.0],
    ...                                                [1.0, 2.0, 0.0]]))
    >>> trained, losses = train_glove(init_glove(3, 2, seed=0), rows, cols, counts,
    ...                               epochs=100, lr=0.1, batch_size=2, x_max=8.0)
    >>> losses[-1] < 0.01 * losses[0]
    True
    """
    epochs, lr = positive_int(epochs, "epochs"), positive_float(lr, "lr")
    batch_size = positive_int(batch_size, "batch_size")
    x_max, alpha = positive_float(x_max, "x_max"), positive_float(alpha, "alpha")
    current = [np.array(p, copy=True) for p in params]  # never change the caller's arrays
    rows, cols, counts = _check_entries(tuple(current), rows, cols, counts)
    squares = [np.zeros_like(p) for p in current]
    losses = []
    for _ in range(epochs):
        total = 0.0
        for start in range(0, len(counts), batch_size):
            batch = slice(start, start + batch_size)
            w, w_context, b, b_context = current
            loss, *grads = _loss_and_gradients(
                w, w_context, b, b_context, rows[batch], cols[batch], counts[batch], x_max, alpha
            )
            total += loss
            for p, g, g2 in zip(current, grads, squares, strict=True):
                g2 += g**2
                p -= lr * g / np.sqrt(g2 + 1e-8)
        losses.append(total)
    return GloveParameters(*current), losses
