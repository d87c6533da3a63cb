"""Position and attention: what happens to token embeddings right after the lookup.

Small pieces of a Transformer, in NumPy:

* :func:`sinusoidal_positions`, the fixed position signal of Vaswani et al. (2017), added to
  the token embeddings so that the model can tell *first* from *last*;
* :func:`self_attention`, one scaled dot-product attention step (``softmax(Q Kᵀ / √d_k) V``):
  every output vector is a weighted average (a *mix*) of the value vectors of its context;
  with ``causal=True`` (:func:`causal_mask`) token ``t`` sees only positions ``0 .. t``, as in a
  decoder-only model such as Llama;
* :func:`mean_pool`, the simplest way to turn a sequence of token vectors into one vector for
  the whole text (what WordLlama and many sentence-embedding models do).

Examples
--------
>>> X = np.array([[1.0, 0.0], [0.0, 1.0]])
>>> result = self_attention(X, temperature=1.0)
>>> np.round(result.weights, 3)
array([[0.731, 0.269],
       [0.269, 0.731]])
>>> np.round(self_attention(X, temperature=1.0, causal=True).weights, 3)
array([[1.   , 0.   ],
       [0.269, 0.731]])
>>> mean_pool(X)
array([0.5, 0.5])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from helpers.validate import positive_float, real_matrix
from helpers.vectors.similarity import unit_rows

__all__ = [
    "AttentionResult",
    "causal_mask",
    "mean_pool",
    "mean_pool_batch",
    "self_attention",
    "sinusoidal_positions",
    "softmax",
]


def sinusoidal_positions(n_positions: int, d: int, base: float = 10_000.0) -> np.ndarray:
    """Sinusoidal position encodings (Vaswani et al., 2017, section 3.5).

    ``P[p, 2i] = sin(p / base^(2i/d))`` and ``P[p, 2i+1] = cos(p / base^(2i/d))``: each pair of
    columns is a clock ticking at its own speed, fast in the first columns, slow in the last.

    Parameters
    ----------
    n_positions : int
        Number of positions (``0 .. n_positions - 1``).
    d : int
        Embedding dimension; must be even.
    base : float
        The wavelength scale; 10 000 in the paper.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_positions, d)``, float64, values in ``[-1, 1]``.

    Examples
    --------
    >>> np.round(sinusoidal_positions(2, 4), 4)
    array([[0.    , 1.    , 0.    , 1.    ],
           [0.8415, 0.5403, 0.01  , 1.    ]])
    """
    for name, value in (("n_positions", n_positions), ("d", d)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise ValueError(f"{name} must be a positive whole number, got {value!r}.")
    if d % 2:
        raise ValueError(f"d must be even (sine and cosine columns come in pairs), got {d}.")
    positions = np.arange(n_positions, dtype=np.float64)[:, None]
    frequencies = base ** (-np.arange(0, d, 2, dtype=np.float64) / d)
    angles = positions * frequencies[None, :]
    encoding = np.empty((n_positions, d), dtype=np.float64)
    encoding[:, 0::2] = np.sin(angles)
    encoding[:, 1::2] = np.cos(angles)
    return encoding


def softmax(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    """Turn scores into positive weights that sum to 1 along ``axis`` (numerically stable).

    ``-inf`` scores get weight 0 (that is how a token is kept from attending somewhere). NaN or
    ``+inf`` scores, and a row of ``-inf`` only, have no meaningful softmax and are refused.

    Examples
    --------
    >>> softmax(np.array([0.0, np.log(3.0)]))
    array([0.25, 0.75])
    >>> softmax(np.array([1.0, np.nan]))
    Traceback (most recent call last):
    ...
    ValueError: softmax() got NaN scores: look for NaN in the vectors the scores came from.
    """
    scores = np.asarray(scores, dtype=np.float64)
    if scores.size == 0 or scores.ndim == 0:
        raise ValueError(
            f"softmax() needs at least one score along an axis, got an array of shape {scores.shape}."
        )
    if np.isnan(scores).any():
        raise ValueError(
            "softmax() got NaN scores: look for NaN in the vectors the scores came from."
        )
    if np.isposinf(scores).any():
        raise ValueError(
            "softmax() got +inf scores: scale the scores down (or check for overflow)."
        )
    if scores.size and np.isneginf(scores).all(axis=axis).any():
        raise ValueError(
            "softmax() got a row whose scores are all -inf: leave at least one position unmasked."
        )
    shifted = scores - np.max(scores, axis=axis, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=axis, keepdims=True)


def causal_mask(n_tokens: int) -> np.ndarray:
    """Which positions each token may attend to in a decoder-only model: itself and earlier ones.

    ``mask[t, j]`` is True when ``j <= t``. A model that predicts the next token must not look at
    it, so token ``t`` never sees positions ``t + 1, t + 2, ...`` (Llama, GPT).

    Examples
    --------
    >>> causal_mask(3).astype(int)
    array([[1, 0, 0],
           [1, 1, 0],
           [1, 1, 1]])
    """
    if isinstance(n_tokens, bool) or not isinstance(n_tokens, int | np.integer) or n_tokens < 1:
        raise ValueError(f"n_tokens must be a positive whole number, got {n_tokens!r}.")
    return np.tril(np.ones((n_tokens, n_tokens), dtype=bool))


@dataclass(frozen=True)
class AttentionResult:
    """The outcome of one self-attention step.

    Attributes
    ----------
    scores : numpy.ndarray
        ``(n, n)`` scores: how well query ``i`` matches key ``j``, divided by the temperature;
        ``-inf`` where the mask forbids looking.
    weights : numpy.ndarray
        ``(n, n)`` softmax of each row of ``scores``; row ``i`` says how much token ``i`` takes
        from each token of the context. Rows sum to 1.
    output : numpy.ndarray
        ``(n, d_v)``: row ``i`` is ``sum_j weights[i, j] * values[j]``, a mix of the context.
    """

    scores: np.ndarray
    weights: np.ndarray
    output: np.ndarray


def _check_matrix(X: np.ndarray, name: str) -> np.ndarray:
    """``X`` as a finite float64 ``(n_tokens, d)`` matrix with at least one token, else one sentence."""
    X = np.asarray(real_matrix(X, name), dtype=np.float64)
    if X.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one token vector, got shape {X.shape}.")
    return X


def self_attention(
    X: np.ndarray,
    W_q: np.ndarray | None = None,
    W_k: np.ndarray | None = None,
    W_v: np.ndarray | None = None,
    *,
    temperature: float | None = None,
    normalize: bool = False,
    mask_self: bool = False,
    causal: bool = False,
) -> AttentionResult:
    """One step of scaled dot-product self-attention over the rows of ``X``.

    Queries, keys and values are ``Q = X W_q``, ``K = X W_k``, ``V = X W_v`` (each projection is
    the identity when not given). Scores are ``Q Kᵀ / temperature`` (``temperature = √d_k`` by
    default: the Transformer's scaling); masked positions get ``-inf``; the weights are the
    softmax of each row over the allowed positions; the output is ``weights @ V``.

    Parameters
    ----------
    X : numpy.ndarray
        Token vectors, shape ``(n_tokens, d)``.
    W_q, W_k, W_v : numpy.ndarray, optional
        Projection matrices of shape ``(d, d_k)`` (``(d, d_v)`` for ``W_v``).
    temperature : float, optional
        Divides the scores; the Transformer's default is ``sqrt(d_k)``. Smaller means sharper.
    normalize : bool
        Scale queries and keys to unit length first, so scores are cosine similarities
        divided by the temperature (values are not changed).
    mask_self : bool
        Give each token's own position weight 0, so it mixes only its context (a teaching
        simplification: with ``Q = K`` a token's best match is itself). With ``causal=True`` the
        first token has nothing else to look at and keeps its own position.
    causal : bool
        Let token ``t`` attend only to positions ``0 .. t`` (:func:`causal_mask`), as in a
        decoder-only language model.

    Raises
    ------
    ValueError
        If ``X`` or a projection holds NaN or infinite values, has the wrong shape, or the
        temperature is not a positive number.

    Returns
    -------
    AttentionResult
        Scores, weights and output.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> np.round(self_attention(X, mask_self=True, temperature=1.0).weights, 3)
    array([[0.   , 0.269, 0.731],
           [0.269, 0.   , 0.731],
           [0.5  , 0.5  , 0.   ]])
    """
    X = _check_matrix(X, "X")
    n, d = X.shape
    projected = []
    for name, W in (("W_q", W_q), ("W_k", W_k), ("W_v", W_v)):
        if W is None:
            projected.append(X)
            continue
        projected.append(X @ np.asarray(real_matrix(W, name, rows=d), dtype=np.float64))
    Q, K, V = projected
    if Q.shape[1] != K.shape[1]:
        raise ValueError(
            f"W_q and W_k must have the same output size, got {Q.shape[1]} and {K.shape[1]}."
        )
    if normalize:
        Q, K = unit_rows(Q, "the queries"), unit_rows(K, "the keys")
    if temperature is None:
        temperature = float(np.sqrt(Q.shape[1]))
    temperature = positive_float(temperature, "temperature")
    allowed = causal_mask(n) if causal else np.ones((n, n), dtype=bool)
    if mask_self:
        if n < 2 and not causal:
            raise ValueError("mask_self needs at least two tokens: a lone token has no context.")
        np.fill_diagonal(allowed, False)
        if causal:
            allowed[0, 0] = True  # the first token has no earlier one: it keeps itself
    scores = np.where(allowed, (Q @ K.T) / temperature, -np.inf)
    weights = softmax(scores, axis=1)
    return AttentionResult(scores=scores, weights=weights, output=weights @ V)


def mean_pool(X: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Average the token vectors of one text into a single vector.

    Parameters
    ----------
    X : numpy.ndarray
        Token vectors, shape ``(n_tokens, d)``.
    mask : numpy.ndarray of bool, optional
        Which rows to include (e.g. leave out padding); all rows by default.

    Returns
    -------
    numpy.ndarray
        Shape ``(d,)``, float64.

    Examples
    --------
    >>> mean_pool(np.array([[1.0, 2.0], [3.0, 4.0], [9.0, 9.0]]), mask=np.array([1, 1, 0], bool))
    array([2., 3.])
    """
    X = _check_matrix(X, "X")
    if mask is None:
        return X.mean(axis=0)
    mask = np.asarray(mask, dtype=bool)
    if mask.shape != (X.shape[0],):
        raise ValueError(
            f"mask must have shape ({X.shape[0]},), one entry per token, got {mask.shape}."
        )
    if not mask.any():
        raise ValueError("mask leaves no token to average; keep at least one.")
    return X[mask].mean(axis=0)


def mean_pool_batch(X: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean-pool a padded batch: each text's average over its real tokens only.

    ``pooled[i] = Σ_t mask[i, t] X[i, t] / Σ_t mask[i, t]``: padding positions (``mask`` False)
    count neither in the sum nor in the number of tokens, wherever they are. This is the
    formula of WordLlama's ``avg_pool`` (``wordllama/inference.py``).

    Parameters
    ----------
    X : numpy.ndarray
        Token vectors of a padded batch, shape ``(n_texts, n_positions, d)``.
    mask : numpy.ndarray of bool
        Shape ``(n_texts, n_positions)``; True for real tokens. Every text needs at least one.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_texts, d)``, float64.

    Examples
    --------
    >>> X = np.array([[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [9.0, 9.0]]])
    >>> mean_pool_batch(X, np.array([[True, True], [True, False]]))
    array([[2., 3.],
           [5., 6.]])
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 3:
        raise ValueError(f"X must have shape (n_texts, n_positions, d), got shape {X.shape}.")
    if not np.all(np.isfinite(X)):
        raise ValueError("X holds NaN or infinite values; check the vectors it came from.")
    mask = np.asarray(mask)
    if mask.shape != X.shape[:2]:
        raise ValueError(
            f"mask must have shape {X.shape[:2]}, one entry per text and position, "
            f"got {mask.shape}."
        )
    weights = mask.astype(np.float64)[:, :, None]  # 1 for a real token, 0 for padding
    counts = weights.sum(axis=1)
    if np.any(counts == 0):
        raise ValueError(f"text {int(np.argmax(counts[:, 0] == 0))} has no real token to average.")
    return (X * weights).sum(axis=1) / counts
