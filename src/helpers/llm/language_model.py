"""A tiny next-token language model in NumPy, with backpropagation written by hand.

The model is the one of Bengio et al. (2003), "A Neural Probabilistic Language Model" (JMLR 3),
without its direct connections: to predict token ``t`` it looks up the embeddings of the ``k``
previous tokens in a table ``E`` (V × d), concatenates them, passes them through one ``tanh``
hidden layer and a linear map back to ``d`` numbers ``o``, and scores every word of the
vocabulary with a dot product::

    x      = concat(E[w(t-k)], ..., E[w(t-1)])         (k·d)
    h      = tanh(x @ W1 + b1)                           (hidden)
    o      = h @ W2                                      (d)
    logits = o @ Uᵀ + b,   U = E (tied) or its own V × d matrix (untied)
    loss   = mean over the batch of −log softmax(logits)[target]

Training is minibatch Adam (Kingma & Ba, 2015), written out below in NumPy, on the mean
cross-entropy of the next token. Sentences are padded on the left with ``k`` copies of
:data:`BOS` so that the first words have a context. The model only ever looks at *earlier*
tokens: it is causal by construction, the property an attention model gets from
:func:`helpers.llm.attention.causal_mask` (re-exported here for the exercises).

Examples
--------
>>> model = init_language_model(vocab_size=5, d=3, k=2, hidden=4, seed=0)
>>> contexts, targets = np.array([[0, 1], [1, 2]]), np.array([2, 3])
>>> loss, grads = loss_and_gradients(model, contexts, targets)
>>> bool(abs(loss - np.log(5)) < 0.5)  # close to log(V) for a fresh model
True
>>> sorted(grads) == sorted(model.parameters())
True
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from helpers.llm.attention import causal_mask
from helpers.validate import non_negative_int, positive_float, positive_int

__all__ = [
    "BOS",
    "LanguageModel",
    "LanguageModelResult",
    "adam_step",
    "causal_mask",
    "context_windows",
    "factor_cosines",
    "init_language_model",
    "loss_and_gradients",
    "next_token_logits",
    "random_table_like",
    "softmax_cross_entropy",
    "train_language_model",
]

BOS = "<s>"
"""The padding token placed before every sentence (and its id is the last row of ``E``)."""


@dataclass
class LanguageModel:
    """The parameters of the tiny language model (see the module docstring for the maths).

    Attributes
    ----------
    E : numpy.ndarray, shape (V, d)
        The embedding table: row ``i`` is token ``i``'s vector.
    W1 : numpy.ndarray, shape (k·d, hidden)
        Weights of the hidden layer, one block of ``d`` rows per context position.
    b1 : numpy.ndarray, shape (hidden,)
    W2 : numpy.ndarray, shape (hidden, d)
        Maps the hidden layer back to ``d`` numbers, the space of the output vectors.
    U : numpy.ndarray or None, shape (V, d)
        The output embeddings; ``None`` when tied (then ``E`` is used).
    b : numpy.ndarray, shape (V,)
        The output bias: a learned log-frequency for every token.
    k : int
        Number of previous tokens the model sees.
    """

    E: np.ndarray
    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    U: np.ndarray | None
    b: np.ndarray
    k: int

    @property
    def tied(self) -> bool:
        """True when the output layer uses the embedding table ``E`` itself."""
        return self.U is None

    @property
    def output_embeddings(self) -> np.ndarray:
        """The V × d matrix that scores the next token: ``E`` if tied, else ``U``."""
        return self.E if self.U is None else self.U

    def __repr__(self) -> str:
        """Its sizes, not its numbers (a check's message names the model this way).

        Examples
        --------
        >>> init_language_model(10, d=4, k=2, hidden=6, tied=True)
        LanguageModel(V=10, d=4, k=2, hidden=6, tied)
        """
        vocab, d = self.E.shape
        kind = "tied" if self.U is None else "untied"
        return f"LanguageModel(V={vocab}, d={d}, k={self.k}, hidden={self.W1.shape[1]}, {kind})"

    def parameters(self) -> dict[str, np.ndarray]:
        """The trainable arrays by name (the arrays themselves, not copies)."""
        names = ["E", "W1", "b1", "W2", "b"] + ([] if self.U is None else ["U"])
        return {name: getattr(self, name) for name in names}


def init_language_model(
    vocab_size: int,
    d: int = 32,
    k: int = 3,
    hidden: int = 64,
    *,
    tied: bool = False,
    seed: int = 0,
) -> LanguageModel:
    """A freshly initialised model: small random weights (scaled by 1/√fan-in), zero biases.

    Examples
    --------
    >>> m = init_language_model(10, d=4, k=2, hidden=6, tied=True)
    >>> m.E.shape, m.W1.shape, m.W2.shape, m.U is None
    ((10, 4), (8, 6), (6, 4), True)
    """
    vocab_size = positive_int(vocab_size, "vocab_size")
    d, k, hidden = positive_int(d, "d"), positive_int(k, "k"), positive_int(hidden, "hidden")
    rng = np.random.default_rng(non_negative_int(seed, "seed"))
    return LanguageModel(
        E=rng.normal(0.0, 1.0 / math.sqrt(d), size=(vocab_size, d)),
        W1=rng.normal(0.0, 1.0 / math.sqrt(k * d), size=(k * d, hidden)),
        b1=np.zeros(hidden),
        W2=rng.normal(0.0, 1.0 / math.sqrt(hidden), size=(hidden, d)),
        U=None if tied else rng.normal(0.0, 1.0 / math.sqrt(d), size=(vocab_size, d)),
        b=np.zeros(vocab_size),
        k=k,
    )


def softmax_cross_entropy(logits: np.ndarray, targets: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of the targets under softmax(logits), and its gradient.

    The maximum of each row is subtracted before ``exp`` (it cancels in the softmax), so large
    logits do not overflow.

    Parameters
    ----------
    logits : numpy.ndarray, shape (B, V)
    targets : numpy.ndarray of int, shape (B,)

    Returns
    -------
    loss : float
        ``mean_i [log Σ_j exp(logits[i, j]) − logits[i, targets[i]]]``.
    grad : numpy.ndarray, shape (B, V)
        ∂loss/∂logits = (softmax(logits) − one_hot(targets)) / B.

    Examples
    --------
    >>> loss, grad = softmax_cross_entropy(np.array([[1000.0, 1000.0]]), np.array([0]))
    >>> round(loss, 4), grad.tolist()
    (0.6931, [[-0.5, 0.5]])
    """
    logits = np.asarray(logits, dtype=float)
    if logits.ndim != 2:
        raise ValueError(f"logits must be a 2-D array (B, V), got shape {logits.shape}.")
    targets = _token_ids(targets, logits.shape[1], "targets")
    if targets.shape != (logits.shape[0],):
        raise ValueError(
            f"targets must hold one id per row of logits ({logits.shape[0]}), got shape "
            f"{targets.shape}."
        )
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_z = np.log(np.exp(shifted).sum(axis=1))
    rows = np.arange(len(targets))
    loss = float(np.mean(log_z - shifted[rows, targets]))
    grad = np.exp(shifted - log_z[:, None])
    grad[rows, targets] -= 1.0
    return loss, grad / len(targets)


def _token_ids(ids: object, vocab_size: int, name: str) -> np.ndarray:
    """``ids`` as an int array of ids in ``0 .. vocab_size - 1``; a negative id is refused.

    NumPy would read -1 as the last row, a silently wrong answer.
    """
    array = np.asarray(ids)
    if array.size == 0 or not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"{name} must hold token ids (whole numbers ≥ 0), got {ids!r}.")
    low, high = int(array.min()), int(array.max())
    if low < 0 or high >= vocab_size:
        raise ValueError(
            f"{name} holds the id {low if low < 0 else high}, but ids go from 0 to "
            f"{vocab_size - 1}."
        )
    return array


def _forward(
    model: LanguageModel, contexts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    contexts = _token_ids(contexts, model.E.shape[0], "contexts")
    if contexts.ndim != 2 or contexts.shape[1] != model.k:
        raise ValueError(
            f"contexts must have shape (B, k={model.k}), got {contexts.shape}: build them with "
            f"context_windows(..., k={model.k})."
        )
    x = model.E[contexts].reshape(len(contexts), -1)  # (B, k·d): the lookups, side by side
    h = np.tanh(x @ model.W1 + model.b1)
    o = h @ model.W2
    logits = o @ model.output_embeddings.T + model.b
    return x, h, o, logits


def next_token_logits(model: LanguageModel, contexts: np.ndarray) -> np.ndarray:
    """Scores of every vocabulary token for each row of ``contexts`` (B, k) of token ids."""
    return _forward(model, contexts)[3]


def held_out_loss(
    model: LanguageModel, contexts: np.ndarray, targets: np.ndarray, *, batch_size: int = 2048
) -> float:
    """Mean cross-entropy of ``targets`` after ``contexts``, computed a batch of rows at a time.

    The same number as ``softmax_cross_entropy(next_token_logits(model, contexts), targets)[0]``
    without holding the (B, V) logits, their softmax and its gradient at once: 30 000 held-out
    examples of a 534-token vocabulary would take about 0.5 GB that way.

    Parameters
    ----------
    model : LanguageModel
    contexts : numpy.ndarray of int, shape (B, k)
    targets : numpy.ndarray of int, shape (B,)
    batch_size : int
        Rows scored at once.

    Returns
    -------
    float
        The mean loss in nats; ``exp`` of it is the perplexity.

    Examples
    --------
    >>> model = init_language_model(vocab_size=5, d=2, k=1, hidden=3, seed=0)
    >>> contexts, targets = np.array([[0], [1], [2]]), np.array([1, 2, 3])
    >>> whole = softmax_cross_entropy(next_token_logits(model, contexts), targets)[0]
    >>> bool(np.isclose(held_out_loss(model, contexts, targets, batch_size=2), whole))
    True
    """
    from helpers.validate import positive_int

    batch_size = positive_int(batch_size, "batch_size")
    targets = np.asarray(targets)
    if len(contexts) != len(targets) or len(targets) == 0:
        raise ValueError(
            f"contexts and targets must have the same, non-zero number of rows, got "
            f"{len(contexts)} and {len(targets)}."
        )
    total = 0.0
    for start in range(0, len(targets), batch_size):
        part = slice(start, start + batch_size)
        logits = next_token_logits(model, contexts[part])
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_z = np.log(np.exp(shifted).sum(axis=1))
        picked = _token_ids(targets[part], logits.shape[1], "targets")
        total += float(np.sum(log_z - shifted[np.arange(len(picked)), picked]))
    return total / len(targets)


def loss_and_gradients(
    model: LanguageModel, contexts: np.ndarray, targets: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    """Mean next-token cross-entropy of a batch and the gradient of every parameter.

    Backpropagation, layer by layer from the loss down to the embedding table; the gradient
    into ``E`` adds up the rows of every token seen in the contexts (``np.add.at``, so a token
    that appears twice gets both contributions) and, when tied, the output layer's gradient.

    Parameters
    ----------
    model : LanguageModel
    contexts : numpy.ndarray of int, shape (B, k)
        The ``k`` previous token ids of each example, oldest first.
    targets : numpy.ndarray of int, shape (B,)
        The next token of each example.

    Returns
    -------
    loss : float
    grads : dict of numpy.ndarray
        Same names and shapes as :meth:`LanguageModel.parameters`.
    """
    contexts = np.asarray(contexts)  # checked by _forward
    x, h, o, logits = _forward(model, contexts)
    loss, d_logits = softmax_cross_entropy(logits, targets)
    out = model.output_embeddings
    grads = {"b": d_logits.sum(axis=0)}
    d_out = d_logits.T @ o  # (V, d): gradient of the output embeddings
    d_o = d_logits @ out  # (B, d)
    grads["W2"] = h.T @ d_o
    d_pre = (d_o @ model.W2.T) * (1.0 - h**2)  # through tanh: tanh' = 1 − tanh²
    grads["W1"] = x.T @ d_pre
    grads["b1"] = d_pre.sum(axis=0)
    d_x = (d_pre @ model.W1.T).reshape(len(contexts), model.k, -1)  # (B, k, d)
    d_e = np.zeros_like(model.E)
    np.add.at(d_e, contexts.ravel(), d_x.reshape(-1, d_x.shape[2]))
    if model.tied:
        d_e += d_out
    else:
        grads["U"] = d_out
    grads["E"] = d_e
    return loss, grads


@dataclass
class _AdamState:
    m: dict[str, np.ndarray] = field(default_factory=dict)
    v: dict[str, np.ndarray] = field(default_factory=dict)
    t: int = 0


def adam_step(
    params: dict[str, np.ndarray],
    grads: dict[str, np.ndarray],
    state: _AdamState,
    lr: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> None:
    """One Adam update (Kingma & Ba, 2015) of every array in ``params``, in place.

    Adam keeps a running mean ``m`` of each gradient and of its square ``v`` and moves each
    number by ``lr · m̂ / (√v̂ + eps)`` (hats: corrected for the zero start), so every
    parameter takes steps of about ``lr`` whatever the scale of its gradient.
    """
    state.t += 1
    for name, p in params.items():
        g = grads[name]
        m = state.m.setdefault(name, np.zeros_like(p))
        v = state.v.setdefault(name, np.zeros_like(p))
        m *= beta1
        m += (1.0 - beta1) * g
        v *= beta2
        v += (1.0 - beta2) * g * g
        m_hat = m / (1.0 - beta1**state.t)
        v_hat = v / (1.0 - beta2**state.t)
        p -= lr * m_hat / (np.sqrt(v_hat) + eps)


def context_windows(
    ids: np.ndarray, lengths: np.ndarray, k: int, bos_id: int
) -> tuple[np.ndarray, np.ndarray]:
    """Every (previous k tokens, next token) example of a corpus of sentences.

    Each sentence is preceded by ``k`` copies of ``bos_id``, so its first word has the context
    ``(<s>, …, <s>)``; contexts never cross a sentence boundary.

    Parameters
    ----------
    ids : numpy.ndarray of int
        All sentences one after the other.
    lengths : numpy.ndarray of int
        The length of each sentence.

    Returns
    -------
    contexts : numpy.ndarray of int, shape (N, k)
    targets : numpy.ndarray of int, shape (N,)

    Examples
    --------
    >>> c, t = context_windows(np.array([5, 6, 7, 8]), np.array([3, 1]), k=2, bos_id=0)
    >>> c.tolist(), t.tolist()
    ([[0, 0], [0, 5], [5, 6], [0, 0]], [5, 6, 7, 8])
    """
    k = positive_int(k, "k")
    ids, lengths = np.asarray(ids, dtype=np.int64), np.asarray(lengths, dtype=np.int64)
    if int(lengths.sum()) != ids.size:
        raise ValueError(f"lengths add up to {int(lengths.sum())} but there are {ids.size} ids.")
    sentence = np.repeat(np.arange(len(lengths)), lengths)
    position = np.arange(ids.size) + k * (sentence + 1)  # where each token sits once padded
    padded = np.full(ids.size + k * len(lengths), bos_id, dtype=np.int64)
    padded[position] = ids
    contexts = padded[position[:, None] - k + np.arange(k)]
    return contexts, ids.copy()


@dataclass
class LanguageModelResult:
    """What :func:`train_language_model` returns.

    Attributes
    ----------
    model : LanguageModel
        The trained parameters.
    loss_history : numpy.ndarray
        Mean training loss over consecutive stretches of training (``loss_points`` values).
    loss_progress : numpy.ndarray
        Where each loss point ends, as a fraction of training (0–1].
    seconds : float
        Wall-clock training time.
    steps : int
        Number of Adam steps taken.
    """

    model: LanguageModel
    loss_history: np.ndarray
    loss_progress: np.ndarray
    seconds: float
    steps: int


def train_language_model(
    contexts: np.ndarray,
    targets: np.ndarray,
    vocab_size: int,
    d: int = 32,
    k: int = 3,
    hidden: int = 64,
    *,
    tied: bool = False,
    epochs: int = 1,
    batch_size: int = 256,
    lr: float = 0.003,
    seed: int = 0,
    progress: bool = True,
    loss_points: int = 50,
) -> LanguageModelResult:
    """Train the tiny language model with minibatch Adam on next-token examples.

    Each epoch visits the examples in a fresh random order (seeded), ``batch_size`` at a time;
    each batch is one Adam step on its mean cross-entropy. NumPy's linear algebra runs on one
    thread meanwhile: the matrices are small, so a second thread costs more than it saves (and
    on a busy machine far more), and the result is the same whatever the number of cores.

    Parameters
    ----------
    contexts, targets : numpy.ndarray of int
        From :func:`context_windows`; every id must be below ``vocab_size``.
    vocab_size, d, k, hidden, tied, seed
        As in :func:`init_language_model`; ``k`` must equal ``contexts.shape[1]``.
    epochs, batch_size, lr
        Passes over the data, examples per step, Adam's step size.
    progress : bool
        Show a tqdm progress bar (a widget in Jupyter).
    loss_points : int
        Number of points in the loss history.

    Returns
    -------
    LanguageModelResult

    Raises
    ------
    FloatingPointError
        If the loss becomes NaN or infinite (the learning rate is too high).

    Examples
    --------
    >>> c, t = context_windows(np.array([1, 2, 3, 1, 2, 3]), np.array([3, 3]), k=1, bos_id=0)
    >>> r = train_language_model(c, t, vocab_size=4, d=2, k=1, hidden=4, epochs=30,
    ...                          batch_size=2, lr=0.05, progress=False, loss_points=2)
    >>> bool(r.loss_history[-1] < r.loss_history[0])
    True
    """
    vocab_size, k = positive_int(vocab_size, "vocab_size"), positive_int(k, "k")
    epochs, batch_size = positive_int(epochs, "epochs"), positive_int(batch_size, "batch_size")
    lr, loss_points = positive_float(lr, "lr"), positive_int(loss_points, "loss_points")
    contexts, targets = np.asarray(contexts), np.asarray(targets)
    if contexts.ndim != 2 or contexts.shape[1] != k or targets.shape != (len(contexts),):
        raise ValueError(
            f"contexts must have shape (N, k={k}) and targets shape (N,), got "
            f"{contexts.shape} and {targets.shape}: build them with context_windows(..., k={k})."
        )
    if len(targets) == 0:
        raise ValueError("There are no training examples: give a non-empty corpus.")
    for name, array in (("contexts", contexts), ("targets", targets)):
        if not np.issubdtype(array.dtype, np.integer) or array.min() < 0:
            raise ValueError(f"{name} must hold token ids (whole numbers ≥ 0).")
        if array.max() >= vocab_size:
            raise ValueError(
                f"{name} holds the id {int(array.max())}, but vocab_size is {vocab_size}: "
                "count the padding token <s> in the vocabulary."
            )
    seed = non_negative_int(seed, "seed")
    model = init_language_model(vocab_size, d, k, hidden, tied=tied, seed=seed)
    rng = np.random.default_rng(seed)
    n_batches = -(-len(targets) // batch_size)
    total = epochs * n_batches
    losses = np.empty(total)
    bar = None
    if progress:
        from helpers.widgettext import progress_bar

        bar = progress_bar(total=total, desc="LM training", unit=" steps")
    start = time.perf_counter()
    with threadpool_limits(limits=1, user_api="blas"):
        _adam_epochs(model, contexts, targets, epochs, batch_size, lr, rng, losses, bar)
    if bar is not None:
        bar.close()
    seconds = time.perf_counter() - start
    edges = np.linspace(0, total, min(loss_points, total) + 1).round().astype(int)
    history = np.array([losses[a:b].mean() for a, b in itertools.pairwise(edges)])
    _check_converged(history, vocab_size, lr)
    return LanguageModelResult(model, history, edges[1:] / total, seconds, total)


def _check_converged(history: np.ndarray, vocab_size: int, lr: float) -> None:
    """Refuse a run that ends worse than a uniform guess: training diverged, as in train_sgns."""
    uniform = math.log(vocab_size)
    if history[-1] > uniform + 1.0 and history[-1] >= history[0]:
        raise FloatingPointError(
            f"Training diverged: the loss rose from {history[0]:.3g} to {history[-1]:.3g}, worse "
            f"than a uniform guess ({uniform:.3g}); lower lr (now {lr}), e.g. ten times smaller."
        )


def _adam_epochs(
    model: LanguageModel,
    contexts: np.ndarray,
    targets: np.ndarray,
    epochs: int,
    batch_size: int,
    lr: float,
    rng: np.random.Generator,
    losses: np.ndarray,
    bar: Any,
) -> int:
    """The training loop of :func:`train_language_model`; returns the number of steps taken."""
    state = _AdamState()
    total = len(losses)
    step = 0
    for _ in range(epochs):
        order = rng.permutation(len(targets))
        for first in range(0, len(order), batch_size):
            batch = order[first : first + batch_size]
            loss, grads = loss_and_gradients(model, contexts[batch], targets[batch])
            if not math.isfinite(loss):
                if bar is not None:
                    bar.close()
                raise FloatingPointError(
                    f"The loss became {loss} at step {step + 1}: the learning rate lr={lr} is "
                    "too high; try one ten times smaller."
                )
            adam_step(model.parameters(), grads, state, lr)
            losses[step] = loss
            step += 1
            if bar is not None and (step % 50 == 0 or step == total):
                bar.update(step - bar.n)
    return step


def random_table_like(table: np.ndarray, seed: int = 0) -> np.ndarray:
    """A random table of the same shape as ``table`` (Gaussian): the baseline that learned nothing.

    Examples
    --------
    >>> random_table_like(np.zeros((3, 2))).shape
    (3, 2)
    """
    return np.random.default_rng(seed).normal(size=np.shape(table))


def factor_cosines(vectors: np.ndarray, groups: Sequence[int] | np.ndarray) -> tuple[float, float]:
    """Mean cosine of pairs of rows in the same group and in different groups.

    A table that has learned a factor (e.g. grammatical number) puts rows of the same value
    closer together than rows of different values: the first number exceeds the second.

    Examples
    --------
    >>> v = np.array([[1.0, 0.1], [1.0, -0.1], [-1.0, 0.0]])
    >>> [round(c, 2) for c in factor_cosines(v, [0, 0, 1])]
    [0.98, -1.0]
    """
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    cos = unit @ unit.T
    groups = np.asarray(groups)
    same = groups[:, None] == groups[None, :]
    off_diagonal = ~np.eye(len(groups), dtype=bool)
    return float(cos[same & off_diagonal].mean()), float(cos[~same].mean())
