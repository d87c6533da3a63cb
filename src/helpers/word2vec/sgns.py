"""Skip-gram with negative sampling (word2vec): the maths of one example, as notebook 04 derives it.

The model keeps two vectors per word: an *input* vector ``v`` (the embedding we keep) and an
*output* vector ``u``. For a centre word ``c`` seen next to a context word ``o``, and ``K``
"negative" words ``n_1 … n_K`` drawn at random, the loss of that one example is

.. math::

    L = -\\log \\sigma(u_o \\cdot v_c) - \\sum_k \\log \\sigma(-u_{n_k} \\cdot v_c)

so training pulls ``v_c`` towards the output vectors of words it really occurs with and pushes
it away from random words. :func:`sigmoid`, :func:`sgns_loss` and :func:`sgns_gradients` are that
formula for one example, and :func:`finite_difference_gradient` checks the gradients numerically.
Where the examples come from is in :mod:`helpers.word2vec.sampling`; the training loop that
applies these gradients to a whole corpus is :func:`helpers.word2vec.train.train_sgns`.

Examples
--------
>>> import numpy as np
>>> round(sgns_loss(np.zeros(2), np.zeros(2), np.zeros((1, 2))), 4)  # 2 × log 2
1.3863
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = [
    "finite_difference_gradient",
    "log_sigmoid",
    "sgns_gradients",
    "sgns_loss",
    "sigmoid",
]


def sigmoid(x: np.ndarray | float) -> np.ndarray:
    """The logistic function σ(x) = 1 / (1 + e^(−x)), computed without overflow.

    Parameters
    ----------
    x : array_like
        Scores (any shape).

    Returns
    -------
    numpy.ndarray
        σ(x), values in (0, 1), same shape as ``x``.

    Examples
    --------
    >>> print(np.round(sigmoid(np.array([-2.0, 0.0, 2.0])), 4))
    [0.1192 0.5    0.8808]
    """
    if x is None:
        raise TypeError("sigmoid needs numbers, got None.")
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def log_sigmoid(x: np.ndarray | float) -> np.ndarray:
    """log σ(x) = −log(1 + e^(−x)), computed without overflow for large |x|.

    Examples
    --------
    >>> log_sigmoid(np.array([-1000.0, 0.0, 1000.0])).round(4).tolist()
    [-1000.0, -0.6931, -0.0]
    """
    x = np.asarray(x, dtype=float)
    return -np.logaddexp(0.0, -x)


def _check_example(center: np.ndarray, context: np.ndarray, negatives: np.ndarray) -> None:
    center, context, negatives = np.asarray(center), np.asarray(context), np.asarray(negatives)
    if center.ndim != 1:
        raise ValueError(f"center must be one vector of shape (d,), got shape {center.shape}.")
    d = center.shape[0]
    if context.shape != (d,):
        raise ValueError(f"context must have the centre's shape ({d},), got shape {context.shape}.")
    if negatives.ndim != 2 or negatives.shape[1] != d:
        raise ValueError(
            f"negatives must be a (K, {d}) array (one row per negative word), "
            f"got shape {negatives.shape}."
        )


def sgns_loss(center: np.ndarray, context: np.ndarray, negatives: np.ndarray) -> float:
    """Loss of one skip-gram example: −log σ(u_o·v_c) − Σ_k log σ(−u_k·v_c).

    Parameters
    ----------
    center : numpy.ndarray, shape (d,)
        Input vector ``v_c`` of the centre word.
    context : numpy.ndarray, shape (d,)
        Output vector ``u_o`` of the observed context word.
    negatives : numpy.ndarray, shape (K, d)
        Output vectors ``u_k`` of the K sampled negative words.

    Returns
    -------
    float
        The loss (≥ 0; small when the context scores high and the negatives low).

    Examples
    --------
    >>> d = 3
    >>> round(sgns_loss(np.zeros(d), np.zeros(d), np.zeros((2, d))), 4)  # 3 × log 2
    2.0794
    """
    _check_example(center, context, negatives)
    center, context, negatives = (np.asarray(a, dtype=float) for a in (center, context, negatives))
    positive = log_sigmoid(np.asarray(context @ center))
    negative = log_sigmoid(-(negatives @ center)).sum()
    return float(-positive - negative)


def sgns_gradients(
    center: np.ndarray, context: np.ndarray, negatives: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of :func:`sgns_loss` with respect to its three arguments.

    With ``g_o = σ(u_o·v_c) − 1`` and ``g_k = σ(u_k·v_c)``:
    ``∂L/∂v_c = g_o u_o + Σ_k g_k u_k``, ``∂L/∂u_o = g_o v_c``, ``∂L/∂u_k = g_k v_c``.

    Parameters
    ----------
    center, context, negatives : numpy.ndarray
        As in :func:`sgns_loss`: shapes (d,), (d,) and (K, d).

    Returns
    -------
    tuple of numpy.ndarray
        ``(grad_center (d,), grad_context (d,), grad_negatives (K, d))``.

    Examples
    --------
    >>> g_c, g_o, g_n = sgns_gradients(np.ones(2), np.zeros(2), np.zeros((3, 2)))
    >>> print(g_o, g_n.shape)
    [-0.5 -0.5] (3, 2)
    """
    _check_example(center, context, negatives)
    center, context, negatives = (np.asarray(a, dtype=float) for a in (center, context, negatives))
    g_pos = sigmoid(context @ center) - 1.0  # how far σ(u_o·v_c) is from its target 1
    g_neg = sigmoid(negatives @ center)  # how far each σ(u_k·v_c) is from its target 0
    grad_center = g_pos * context + g_neg @ negatives
    grad_context = g_pos * center
    grad_negatives = g_neg[:, None] * center[None, :]
    return grad_center, grad_context, grad_negatives


def finite_difference_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    """Numerical gradient of a scalar function by central differences.

    Each coordinate ``i`` is nudged by ±eps: ``(f(x + eps e_i) − f(x − eps e_i)) / (2 eps)``.

    Parameters
    ----------
    f : callable
        Function of one array returning a float.
    x : numpy.ndarray
        Where to take the gradient (any shape; not modified).
    eps : float
        Step size.

    Returns
    -------
    numpy.ndarray
        The gradient estimate, same shape as ``x``.

    Examples
    --------
    >>> print(np.round(finite_difference_gradient(lambda v: float(v @ v), np.array([1.0, 2.0])), 4))
    [2. 4.]
    """
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        plus = f(x)
        x[i] = original - eps
        minus = f(x)
        x[i] = original
        grad[i] = (plus - minus) / (2 * eps)
    return grad
