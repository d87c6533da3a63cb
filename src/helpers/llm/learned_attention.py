"""Attention with learned projections, trained on a tiny task (notebook 07).

Causal scaled dot-product attention with ``Q = X W_q``, ``K = X W_k``, ``V = X W_v`` can only find
the right earlier token if its projections have learned what "right" means. This module makes a
tiny task where that is the whole job, and trains the three matrices on it in NumPy:

* :func:`matching_task`: 24 tokens in 4 groups, each with a fixed random vector; in every
  sequence the last token's group occurs exactly once before it (the *partner*), at a random
  position among tokens of other groups. Nothing in the vectors says which tokens share a
  group: the projections must learn it;
* :func:`attention_predictions`: the last position's attention step, its output read out as
  scores over the tokens (``output @ embeddingsᵀ``);
* :func:`train_attention`: full-batch Adam on the cross-entropy of naming the partner from the
  last position's output, from ``W_q = W_k = W_v = I`` (the ``q = k = v = x`` of section 4),
  with gradients by hand (:func:`attention_gradients`, tested against finite differences).

Examples
--------
>>> task = matching_task(400, seed=0)
>>> trained = train_attention(task.embeddings, task.sequences, task.partners, steps=100)
>>> weights, scores = attention_predictions(task.embeddings, task.sequences, trained)
>>> bool(np.mean(scores.argmax(axis=1) == task.sequences[np.arange(400), task.partners]) > 0.9)
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "MatchingTask",
    "Projections",
    "attention_gradients",
    "attention_predictions",
    "matching_task",
    "train_attention",
]


@dataclass(frozen=True)
class MatchingTask:
    """Sequences whose last token must find the one earlier token of its own group.

    Attributes
    ----------
    embeddings : numpy.ndarray
        ``(n_tokens, d)`` fixed random token vectors (unit length).
    groups : numpy.ndarray
        ``(n_tokens,)`` the group of each token (hidden from the model).
    sequences : numpy.ndarray
        ``(n_sequences, length)`` token ids.
    partners : numpy.ndarray
        ``(n_sequences,)`` the position of the earlier token of the last token's group.
    """

    embeddings: np.ndarray
    groups: np.ndarray
    sequences: np.ndarray
    partners: np.ndarray


@dataclass(frozen=True)
class Projections:
    """Query, key and value matrices, and the training loss after each step.

    Attributes
    ----------
    W_q, W_k, W_v : numpy.ndarray
        ``(d, d)`` projection matrices.
    losses : list of float
        Mean cross-entropy after each step (empty before training).
    """

    W_q: np.ndarray
    W_k: np.ndarray
    W_v: np.ndarray
    losses: list[float]


def _whole(value: int, name: str, smallest: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < smallest:
        raise ValueError(f"{name} must be a whole number of at least {smallest}, got {value!r}.")
    return int(value)


def matching_task(
    n_sequences: int,
    *,
    n_groups: int = 4,
    group_size: int = 6,
    d: int = 16,
    length: int = 6,
    seed: int = 0,
    embedding_seed: int = 0,
) -> MatchingTask:
    """Draw sequences in which the last token's partner (same group) sits at a random position.

    Token ``i`` belongs to group ``i % n_groups``. Each sequence puts its last token's group at
    one random earlier position (a different token of that group) and tokens of other groups
    everywhere else. The token vectors depend on ``embedding_seed`` only, so sequences drawn
    with different ``seed`` share them (a training set and a held-out set).

    Parameters
    ----------
    n_sequences : int
        How many sequences.
    n_groups, group_size : int
        The vocabulary is ``n_groups * group_size`` tokens.
    d : int
        Width of the token vectors.
    length : int
        Tokens per sequence (at least 3: a partner, a distractor and the last token).
    seed, embedding_seed : int
        Seeds of the sequences and of the token vectors.

    Returns
    -------
    MatchingTask

    Examples
    --------
    >>> task = matching_task(2, seed=1)
    >>> last, partner = task.sequences[0, -1], task.sequences[0, task.partners[0]]
    >>> bool(task.groups[last] == task.groups[partner] and last != partner)
    True
    """
    n_sequences = _whole(n_sequences, "n_sequences", 1)
    n_groups = _whole(n_groups, "n_groups", 2)
    group_size = _whole(group_size, "group_size", 2)
    d = _whole(d, "d", 1)
    length = _whole(length, "length", 3)
    n_tokens = n_groups * group_size
    vectors = np.random.default_rng(embedding_seed).normal(size=(n_tokens, d))
    embeddings = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    groups = np.arange(n_tokens) % n_groups
    rng = np.random.default_rng(seed)
    sequences = np.empty((n_sequences, length), dtype=np.int64)
    partners = rng.integers(0, length - 1, size=n_sequences)
    for s in range(n_sequences):
        group = int(rng.integers(n_groups))
        members = np.flatnonzero(groups == group)
        last, partner = rng.choice(members, size=2, replace=False)
        others = np.flatnonzero(groups != group)
        sequences[s] = rng.choice(others, size=length)
        sequences[s, partners[s]] = partner
        sequences[s, -1] = last
    return MatchingTask(embeddings, groups, sequences, partners)


def _check(embeddings: np.ndarray, sequences: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    embeddings = np.asarray(embeddings, dtype=np.float64)
    sequences = np.asarray(sequences)
    if embeddings.ndim != 2 or not np.all(np.isfinite(embeddings)):
        raise ValueError("embeddings must be a finite (n_tokens, d) matrix.")
    if sequences.ndim != 2 or sequences.shape[1] < 2:
        raise ValueError(f"sequences must have shape (n, length ≥ 2), got {sequences.shape}.")
    if sequences.min() < 0 or sequences.max() >= len(embeddings):
        raise ValueError(f"sequences must hold token ids from 0 to {len(embeddings) - 1}.")
    return embeddings, sequences


def attention_predictions(
    embeddings: np.ndarray, sequences: np.ndarray, projections: Projections
) -> tuple[np.ndarray, np.ndarray]:
    """The last position's causal attention weights, and its output scored against every token.

    Parameters
    ----------
    embeddings : numpy.ndarray
        ``(n_tokens, d)`` token vectors.
    sequences : numpy.ndarray
        ``(n, length)`` token ids.
    projections : Projections
        ``W_q``, ``W_k``, ``W_v``.

    Returns
    -------
    weights : numpy.ndarray
        ``(n, length)``: how much the last token takes from each position (itself included).
    scores : numpy.ndarray
        ``(n, n_tokens)``: ``output @ embeddingsᵀ``, the logits of "which token did I find?".

    Examples
    --------
    >>> identity = Projections(np.eye(2), np.eye(2), np.eye(2), [])
    >>> weights, _ = attention_predictions(np.eye(2), np.array([[0, 1]]), identity)
    >>> np.round(weights, 3)  # softmax([0, 1] / √2)
    array([[0.33, 0.67]])
    """
    embeddings, sequences = _check(embeddings, sequences)
    weights, _, _, output, _ = _forward(embeddings, sequences, projections)
    return weights, output @ embeddings.T


def _forward(
    embeddings: np.ndarray, sequences: np.ndarray, p: Projections
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    X = embeddings[sequences]  # (n, length, d)
    q = X[:, -1] @ p.W_q  # only the last position's query is trained
    K, V = X @ p.W_k, X @ p.W_v
    scores = np.einsum("nd,nld->nl", q, K) / np.sqrt(K.shape[-1])
    scores -= scores.max(axis=1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=1, keepdims=True)  # the last position sees every position
    output = np.einsum("nl,nld->nd", weights, V)
    return weights, q, K, output, V


def attention_gradients(
    embeddings: np.ndarray, sequences: np.ndarray, partners: np.ndarray, projections: Projections
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """Mean cross-entropy of naming the partner token, and its gradients for W_q, W_k, W_v.

    Parameters
    ----------
    embeddings, sequences : numpy.ndarray
        As in :func:`attention_predictions`.
    partners : numpy.ndarray
        ``(n,)`` the partner's position in each sequence.
    projections : Projections
        The point where the gradients are taken.

    Returns
    -------
    tuple
        ``(loss, dW_q, dW_k, dW_v)``.

    Examples
    --------
    >>> task = matching_task(5)
    >>> identity = Projections(np.eye(16), np.eye(16), np.eye(16), [])
    >>> loss, dq, dk, dv = attention_gradients(task.embeddings, task.sequences, task.partners, identity)
    >>> dq.shape, round(loss, 2) > 0
    ((16, 16), True)
    """
    embeddings, sequences = _check(embeddings, sequences)
    n = len(sequences)
    target = sequences[np.arange(n), np.asarray(partners)]
    X = embeddings[sequences]
    weights, q, K, output, V = _forward(embeddings, sequences, projections)
    logits = output @ embeddings.T
    logits -= logits.max(axis=1, keepdims=True)
    probs = np.exp(logits)
    probs /= probs.sum(axis=1, keepdims=True)
    loss = float(-np.mean(np.log(probs[np.arange(n), target])))
    d_logits = probs
    d_logits[np.arange(n), target] -= 1.0
    d_output = d_logits @ embeddings / n
    rows = X.reshape(-1, X.shape[-1])  # every position of every sequence
    dW_v = rows.T @ (weights[:, :, None] * d_output[:, None, :]).reshape(len(rows), -1)
    d_weights = np.einsum("nld,nd->nl", V, d_output)
    d_scores = weights * (d_weights - (weights * d_weights).sum(axis=1, keepdims=True))
    d_scores /= np.sqrt(K.shape[-1])
    dW_q = X[:, -1].T @ np.einsum("nl,nld->nd", d_scores, K)
    dW_k = rows.T @ (d_scores[:, :, None] * q[:, None, :]).reshape(len(rows), -1)
    return loss, dW_q, dW_k, dW_v


def train_attention(
    embeddings: np.ndarray,
    sequences: np.ndarray,
    partners: np.ndarray,
    *,
    steps: int = 150,
    learning_rate: float = 0.05,
) -> Projections:
    """Train W_q, W_k, W_v from the identity by full-batch Adam (Kingma & Ba, 2015).

    The loss is the cross-entropy of naming the partner token from the last position's
    attention output (:func:`attention_gradients`). Deterministic: no random numbers.

    Parameters
    ----------
    embeddings, sequences, partners : numpy.ndarray
        As in :func:`attention_gradients`.
    steps : int
        Adam steps over the whole set.
    learning_rate : float
        Adam's step size.

    Returns
    -------
    Projections
        The trained matrices and the loss before each step.

    Examples
    --------
    >>> task = matching_task(200, seed=3)
    >>> trained = train_attention(task.embeddings, task.sequences, task.partners, steps=20)
    >>> trained.losses[-1] < trained.losses[0]
    True
    """
    embeddings, sequences = _check(embeddings, sequences)
    steps = _whole(steps, "steps", 1)
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate!r}.")
    d = embeddings.shape[1]
    params: list[np.ndarray] = [np.eye(d), np.eye(d), np.eye(d)]
    first = [np.zeros((d, d)) for _ in params]
    second = [np.zeros((d, d)) for _ in params]
    losses = []
    for step in range(1, steps + 1):
        loss, *grads = attention_gradients(
            embeddings, sequences, partners, Projections(params[0], params[1], params[2], [])
        )
        losses.append(loss)
        for i, g in enumerate(grads):
            first[i] = 0.9 * first[i] + 0.1 * g
            second[i] = 0.999 * second[i] + 0.001 * g**2
            m, v = first[i] / (1 - 0.9**step), second[i] / (1 - 0.999**step)
            params[i] = params[i] - learning_rate * m / (np.sqrt(v) + 1e-8)
    return Projections(params[0], params[1], params[2], losses)
