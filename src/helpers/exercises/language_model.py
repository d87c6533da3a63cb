"""Exercises of notebook 08 (a tiny language model): cases, references and diagnoses.

Exercises 8.1–8.3 use the simplest language model with an embedding table: a *bigram* model
that scores the next token from the current token's embedding alone, ``logits = E[ids] @ Uᵀ + b``.
Exercise 8.4 is the backward pass of the context model that notebook 08 trains (the k previous
tokens' rows, a tanh hidden layer, the output layer; :mod:`helpers.llm.language_model`), 8.5 its
perplexity on held-out text and 8.6 its training loop, minibatch SGD over 8.4's gradients. Every
case is built from this module's own seeded generator, so checking changes no other random
number in the notebook.

Examples
--------
>>> E, U, b = np.eye(2), np.eye(2), np.zeros(2)
>>> round(next_token_loss(E, U, b, np.array([0]), np.array([0])), 4)  # −log(e / (e + 1))
0.3133
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np

from helpers.exercises.checks import _describe, close, explain_difference
from helpers.exercises.registry import Exercise, register
from helpers.llm.attention import causal_mask
from helpers.llm.language_model import (
    LanguageModel,
    init_language_model,
    loss_and_gradients,
    next_token_logits,
    softmax_cross_entropy,
    train_language_model,
)

__all__ = [
    "GRADIENT_NAMES",
    "backprop",
    "causal_mask",
    "embedding_gradient",
    "next_token_loss",
    "perplexity",
    "train_sgd",
]

SEED = 815
"""The seed of every case in this module (independent of the notebook's generator)."""


# --------------------------------------------------------------------------------------------
# References


def next_token_loss(
    E: np.ndarray, U: np.ndarray, b: np.ndarray, ids: np.ndarray, targets: np.ndarray
) -> float:
    """Mean cross-entropy of ``targets`` under softmax(E[ids] @ Uᵀ + b) (exercise 8.1)."""
    loss, _ = softmax_cross_entropy(E[ids] @ U.T + b, targets)
    return loss


def embedding_gradient(ids: np.ndarray, grad_rows: np.ndarray, vocab_size: int) -> np.ndarray:
    """∂L/∂E (V × d) from the gradients of the looked-up rows E[ids] (exercise 8.2)."""
    grad = np.zeros((vocab_size, grad_rows.shape[1]))
    np.add.at(grad, ids, grad_rows)
    return grad


GRADIENT_NAMES = ("E", "W1", "b1", "W2", "U", "b")
"""The order of the gradients after the loss in what :func:`backprop` returns."""


def backprop(model: LanguageModel, contexts: np.ndarray, targets: np.ndarray) -> tuple[Any, ...]:
    """(loss, ∂L/∂E, ∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂U, ∂L/∂b) of the context model (8.4).

    The course's :func:`helpers.llm.language_model.loss_and_gradients` as a tuple, in the order
    of :data:`GRADIENT_NAMES`; ∂L/∂U is ``None`` for a tied model (it has no U of its own).

    Examples
    --------
    >>> from helpers.llm.language_model import init_language_model
    >>> model = init_language_model(5, d=2, k=3, hidden=4, tied=True)
    >>> loss, dE, dW1, db1, dW2, dU, db = backprop(model, np.array([[0, 0, 1]]), np.array([2]))
    >>> dE.shape, dW1.shape, dU is None
    ((5, 2), (6, 4), True)
    """
    loss, grads = loss_and_gradients(model, contexts, targets)
    return (loss, *(grads.get(name) for name in GRADIENT_NAMES))


def perplexity(logits: np.ndarray, targets: np.ndarray) -> float:
    """e to the mean cross-entropy of ``targets`` under softmax(``logits``) (exercise 8.5).

    Examples
    --------
    >>> perplexity(np.zeros((2, 4)), np.array([0, 3]))  # a uniform guess among 4 tokens
    4.0
    """
    logits = np.asarray(logits, dtype=float)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_z = np.log(np.exp(shifted).sum(axis=1))
    rows = np.arange(len(targets))
    return float(np.exp(np.mean(log_z - shifted[rows, targets])))  # no (B, V) gradient kept


def train_sgd(
    model: LanguageModel,
    contexts: np.ndarray,
    targets: np.ndarray,
    epochs: int,
    batch_size: int,
    lr: float,
    seed: int,
) -> tuple[LanguageModel, list[float]]:
    """Minibatch SGD on :func:`backprop`'s gradients (exercise 8.6): (trained copy, step losses).

    Each epoch visits the examples in a fresh order drawn from ``default_rng(seed)``,
    ``batch_size`` at a time (the last batch may be smaller); each step moves every parameter by
    −lr × its gradient. ``model`` itself is left as it was.

    Examples
    --------
    >>> start = init_language_model(4, d=2, k=1, hidden=3, seed=0)
    >>> contexts, targets = np.array([[0], [1], [2], [3]] * 8), np.array([1, 2, 3, 0] * 8)
    >>> trained, losses = train_sgd(start, contexts, targets, 30, 8, 1.0, seed=0)
    >>> len(losses), losses[-1] < losses[0]
    (120, True)
    """
    model = copy.deepcopy(model)
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(targets))
        for first in range(0, len(order), batch_size):
            batch = order[first : first + batch_size]
            loss, *grads = backprop(model, contexts[batch], targets[batch])
            for name, grad in zip(GRADIENT_NAMES, grads, strict=True):
                if grad is not None:  # a tied model has no U
                    getattr(model, name)[...] -= lr * grad
            losses.append(loss)
    return model, losses


# --------------------------------------------------------------------------------------------
# Cases


def _bigram_case(
    rng: np.random.Generator, vocab: int, d: int, batch: int, scale: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    E = rng.normal(size=(vocab, d)) * scale
    U = rng.normal(size=(vocab, d)) * scale
    b = rng.normal(size=vocab)
    ids = rng.integers(0, vocab, size=batch)
    ids[1] = ids[0]  # a repeated token in every case
    targets = rng.integers(0, vocab, size=batch)
    return E, U, b, ids, targets


def _loss_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED)
    return [
        _bigram_case(rng, 6, 3, 4),
        _bigram_case(rng, 9, 4, 7),
        _bigram_case(rng, 5, 2, 3, scale=30.0),  # logits in the thousands: exp overflows
    ]


def _gradient_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 1)
    cases: list[tuple[Any, ...]] = [(np.array([2, 0, 2, 2]), rng.normal(size=(4, 3)), 5)]
    for vocab, d, batch in [(7, 2, 6), (10, 4, 12)]:
        cases.append((rng.integers(0, vocab, size=batch), rng.normal(size=(batch, d)), vocab))
    return cases


def _mask_cases() -> list[tuple[Any, ...]]:
    return [(1,), (2,), (4,), (7,)]


def _perplexity_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 2)
    cases: list[tuple[Any, ...]] = []
    # B = V first, so that a softmax over the wrong axis gives a number rather than an error
    for batch, vocab, scale in [(5, 5, 2.0), (7, 4, 1.0), (6, 9, 3.0)]:
        cases.append((rng.normal(size=(batch, vocab)) * scale, rng.integers(0, vocab, batch)))
    big = rng.normal(size=(400, 6)) * 2.0 + 900.0  # exp overflows unless each row is shifted,
    # and the batch's summed loss (about 1 000 nats) overflows e^x
    cases.append((big, rng.integers(0, 6, 400)))
    return cases


LOOP_VOCAB, LOOP_K = 8, 2
"""The training-loop cases' vocabulary and context length (tiny, so a check takes a moment)."""


def _rule_data(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Contexts of random tokens; the next token is the last one plus 1 (mod V), 10 % noise."""
    contexts = rng.integers(0, LOOP_VOCAB, size=(n, LOOP_K))
    targets = (contexts[:, -1] + 1) % LOOP_VOCAB
    noisy = rng.random(n) < 0.1
    targets[noisy] = rng.integers(0, LOOP_VOCAB, int(noisy.sum()))
    return contexts, targets


def _loop_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 4)
    cases: list[tuple[Any, ...]] = []
    # at least two epochs and a different seed in each case, so that the order of every epoch
    # and the seed passed in both show in the losses
    for tied, n, epochs, batch_size, seed in [
        (False, 480, 3, 16, 0),
        (True, 500, 3, 24, 1),
        (False, 100, 2, 32, 7),
    ]:
        contexts, targets = _rule_data(rng, n)
        order = np.argsort(targets, kind="stable")  # sorted by next token: shuffling matters
        model = init_language_model(LOOP_VOCAB, d=4, k=LOOP_K, hidden=8, tied=tied, seed=seed)
        cases.append((model, contexts[order], targets[order], epochs, batch_size, 0.5, seed))
    return cases


def _context_model(
    rng: np.random.Generator, vocab: int, d: int, k: int, hidden: int, *, tied: bool
) -> LanguageModel:
    """Random weights, biases not zero (so a forgotten bias shows), tanh not saturated."""
    return LanguageModel(
        E=rng.normal(size=(vocab, d)),
        W1=rng.normal(size=(k * d, hidden)) / np.sqrt(k * d),
        b1=rng.normal(size=hidden) * 0.5,
        W2=rng.normal(size=(hidden, d)),
        U=None if tied else rng.normal(size=(vocab, d)),
        b=rng.normal(size=vocab) * 0.5,
        k=k,
    )


def _backprop_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 3)
    cases: list[tuple[Any, ...]] = []
    # k = 1 with d = hidden first: W1 and W2 are square, so a transposed weight gives numbers
    # (that the diagnosis recognises) rather than a shape error.
    for tied in (False, True):
        contexts = np.array([[2], [0], [2], [5], [2]])  # token 2 three times
        cases.append((_context_model(rng, 6, 4, 1, 4, tied=tied), contexts, rng.integers(0, 6, 5)))
    # k = 3: a token twice within one context, and across contexts.
    for tied in (False, True):
        contexts = np.array([[3, 3, 1], [6, 6, 6], [1, 4, 3], [0, 2, 4]])
        cases.append((_context_model(rng, 7, 2, 3, 5, tied=tied), contexts, rng.integers(0, 7, 4)))
    return cases


# --------------------------------------------------------------------------------------------
# Diagnoses: recognise the usual mistakes by recomputing them


_close = close


def _diagnose_loss(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    E, U, b, ids, targets = args
    if not np.all(np.isfinite(np.asarray(got, dtype=float))):
        return (
            "exp of a large logit overflows to inf; subtract each row's maximum logit first "
            "(it cancels between the numerator and the denominator of the softmax)."
        )
    if _close(got, expected * len(ids)):
        return "That is the sum over the batch; the loss is the mean over the examples."
    if _close(got, next_token_loss(E, U, np.zeros_like(b), ids, targets)):
        return "The bias b is missing: every token's score is its dot product plus its bias."
    if _close(got, next_token_loss(E, U, b, targets, ids)):
        return "ids and targets are swapped: look up the current tokens, score the next ones."
    if _close(got, next_token_loss(U, E, b, ids, targets)):
        return "E and U are swapped: the input lookup uses E, the scores use the rows of U."
    return None


def _diagnose_gradient(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    ids, grad_rows, vocab = args
    assigned = np.zeros((vocab, grad_rows.shape[1]))
    assigned[ids] += grad_rows  # the classic bug: repeated ids keep only one contribution
    if _close(got, assigned):
        return (
            "A token that appears several times in the batch must get the sum of all its "
            "rows' gradients; `grad[ids] += rows` keeps only one of them (NumPy has a function "
            "that adds at repeated indices)."
        )
    if np.shape(got) == (grad_rows.shape[1], vocab):
        return "The result is transposed: one row per vocabulary token, d columns."
    if np.shape(got) == grad_rows.shape:
        return "Those are the rows' gradients; scatter them into a V × d table of zeros."
    return None


def _diagnose_mask(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    n = args[0]
    if _close(got, np.ones((n, n))):
        return "Every position may see every other: a decoder must not look at the future."
    if _close(got, np.tril(np.ones((n, n)), k=-1)):
        return "Off by one: position t may see itself (s ≤ t), not only the strictly earlier ones."
    if _close(got, np.triu(np.ones((n, n)))):
        return "Transposed: row t is the position that looks, column s the one it looks at."
    return None


def _per_token_losses(logits: np.ndarray, targets: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_z = np.log(np.exp(shifted).sum(axis=1))
    return log_z - shifted[np.arange(len(targets)), targets]


def _diagnose_perplexity(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    logits, targets = args
    losses = _per_token_losses(logits, targets)
    mean = float(losses.mean())
    value = float(np.asarray(got, dtype=float))
    with np.errstate(over="ignore"):
        summed = float(np.exp(losses.sum()))
    with np.errstate(under="ignore"):
        product = float(np.prod(np.exp(-losses)))  # the targets' probabilities multiplied
    if math.isinf(value) and product == 0.0:
        return (
            f"The product of the {len(targets)} target probabilities underflows to 0 (it is "
            f"e^−{losses.sum():.0f}), and 0 to the power −1/B is ∞: stay in logs, e to the mean "
            "of −log p (the mean cross-entropy)."
        )
    if _close(value, summed):
        return (
            "That is e to the summed loss of the batch: perplexity is e to the mean loss per "
            "token, so that it does not grow with the number of tokens."
        )
    if _close(value, mean):
        return "That is the mean cross-entropy itself; perplexity is e to its power."
    if _close(value, 2.0**mean) or _close(value, 10.0**mean):
        return (
            "The loss is in nats (natural log): perplexity is e to its power (2 to the power "
            "goes with a loss in bits, log₂)."
        )
    if _close(value, float(np.exp(mean / np.log(10)))) or _close(
        value, float(np.exp(mean / np.log(2)))
    ):
        return (
            "log₁₀ or log₂ of the probabilities and then e to the power mixes two bases: use "
            "the natural log throughout (np.log), then np.exp."
        )
    if _close(value, float(np.mean(np.exp(losses)))):
        return (
            "That is the mean of each token's e^loss (1/p): average the losses first, then take "
            "e to the mean (a geometric mean of 1/p)."
        )
    if logits.shape[0] == logits.shape[1]:
        column = logits - logits.max(axis=0, keepdims=True)
        log_z = np.log(np.exp(column).sum(axis=0))[targets]  # each target's column
        by_column = log_z - column[np.arange(len(targets)), targets]
        if _close(value, float(np.exp(by_column.mean()))):
            return (
                "The softmax was normalised over the batch (axis 0): each row's scores are "
                "normalised over the vocabulary, so sum over axis 1."
            )
    return None


LOOP_RTOL, LOOP_ATOL = 1e-5, 1e-7
"""How close a right loop's step losses and final parameters are to the reference's."""


def _compare_loop(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    """Same losses, step by step, and same final parameters as the reference (within LOOP_*TOL)."""
    targets, epochs, batch_size = args[2:5]
    if not isinstance(got, tuple | list) or len(got) != 2:
        return f"expected a tuple (trained model, list of losses), got {_describe(got)}"
    trained, losses = got
    if not isinstance(trained, LanguageModel):
        return f"expected the trained LanguageModel first, got {_describe(trained)}"
    steps = epochs * -(-len(targets) // batch_size)
    if np.ndim(losses) != 1 or len(losses) != steps:
        return (
            f"expected one loss per step: {epochs} epochs × ⌈{len(targets)} / {batch_size}⌉ = "
            f"{steps} losses (the last batch of an epoch may be smaller), got "
            f"{np.size(losses)} {'losses' if np.ndim(losses) == 1 else 'numbers, not a list'}"
        )
    mine, reference = np.asarray(losses, dtype=float), np.asarray(expected[1], dtype=float)
    wrong = ~np.isclose(mine, reference, rtol=LOOP_RTOL, atol=LOOP_ATOL)
    if wrong.any():
        step = int(np.argmax(wrong))
        return (
            f"the loss of step {step + 1} (epoch {step // (steps // epochs) + 1}) is "
            f"{mine[step]:.6g}, where the reference loop's is {reference[step]:.6g}"
            + (f" (the {step} steps before agree)" if step else "")
        )
    for name in GRADIENT_NAMES:
        want = getattr(expected[0], name)
        have = getattr(trained, name)
        if want is None:
            continue
        if (
            have is None
            or np.shape(have) != want.shape
            or not np.allclose(have, want, rtol=LOOP_RTOL, atol=LOOP_ATOL)
        ):
            return (
                f"the step losses agree, but the trained {name} differs from the reference loop's"
            )
    return None


def _train_on(
    model: LanguageModel,
    contexts: np.ndarray,
    targets: np.ndarray,
    lr: float,
    batches: list[np.ndarray],
    *,
    loss_after: bool = False,
) -> tuple[LanguageModel, list[float]]:
    """:func:`train_sgd`'s steps on the given ``batches`` (for the diagnoses of 8.6)."""
    model = copy.deepcopy(model)
    losses = []
    for batch in batches:
        loss, *grads = backprop(model, contexts[batch], targets[batch])
        for name, grad in zip(GRADIENT_NAMES, grads, strict=True):
            if grad is not None:
                getattr(model, name)[...] -= lr * grad
        if loss_after:  # the loss recomputed on the updated parameters
            loss = backprop(model, contexts[batch], targets[batch])[0]
        losses.append(loss)
    return model, losses


def _epoch_batches(order: np.ndarray, batch_size: int) -> list[np.ndarray]:
    return [order[first : first + batch_size] for first in range(0, len(order), batch_size)]


def _loop_variants(args: tuple[Any, ...]) -> list[tuple[list[np.ndarray], bool, str]]:
    """(batches, loss after the update?, hint) of the usual ways to get 8.6's steps wrong."""
    _, _, targets, epochs, batch_size, _, seed = args
    n = len(targets)
    rng = np.random.default_rng(seed)
    right = [b for _ in range(epochs) for b in _epoch_batches(rng.permutation(n), batch_size)]
    once = _epoch_batches(np.random.default_rng(seed).permutation(n), batch_size)
    rng = np.random.default_rng(seed)
    drawn = [rng.integers(0, n, size=batch_size) for _ in range(len(right))]
    variants = [
        (
            right,
            True,
            "Record the loss that backprop returns for the minibatch, computed before the "
            "update, not a loss recomputed after the step.",
        ),
        (
            once * epochs,
            False,
            "Every epoch visited the examples in the same order: make the generator once, "
            "before the epochs (`rng = np.random.default_rng(seed)`), and draw a new "
            "permutation from it at the start of each epoch.",
        ),
        (
            drawn,
            False,
            "The minibatches were drawn with replacement (`rng.integers`/`rng.choice`), so "
            "some examples come twice in an epoch and others never: take consecutive slices "
            "of a permutation, `rng.permutation(len(targets))`, drawn once per epoch.",
        ),
    ]
    for other in (0, 1, 42, 123):
        if other != seed:
            rng = np.random.default_rng(other)
            batches = [
                b for _ in range(epochs) for b in _epoch_batches(rng.permutation(n), batch_size)
            ]
            variants.append(
                (
                    batches,
                    False,
                    f"The order was drawn with seed {other}, not with the seed passed in: "
                    "make the generator with `np.random.default_rng(seed)`.",
                )
            )
    return variants


def _diagnose_loop(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    hint = _diagnose_loop_outcome(args, got, expected)
    if hint is not None or not isinstance(got, tuple | list) or len(got) != 2:
        return hint
    model, contexts, targets, _, _, lr, _ = args
    trained, losses = got
    mine = np.asarray(losses, dtype=float)
    if not isinstance(trained, LanguageModel) or mine.shape != (len(expected[1]),):
        return None
    for batches, loss_after, message in _loop_variants(args):
        wanted = _train_on(model, contexts, targets, lr, batches, loss_after=loss_after)[1]
        if np.allclose(mine, wanted, rtol=LOOP_RTOL, atol=LOOP_ATOL):
            return message
    same = all(
        np.allclose(p, q, rtol=LOOP_RTOL, atol=LOOP_ATOL)
        for p, q in zip(_values(trained), _values(expected[0]), strict=True)
    )
    if same:
        return (
            "The trained parameters are right but the losses are not: append, at each step, "
            "the loss that backprop returned for that minibatch."
        )
    if not np.isclose(mine[0], expected[1][0], rtol=LOOP_RTOL, atol=LOOP_ATOL):
        return (
            "The first minibatch is not the reference's: it is the first batch_size examples "
            "of `np.random.default_rng(seed).permutation(len(targets))`, with the seed passed "
            "in (not a fixed seed, not `default_rng()` without one)."
        )
    return None


def _diagnose_loop_outcome(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    model, contexts, targets, epochs, batch_size = args[:5]
    if not isinstance(got, tuple | list) or len(got) != 2:
        return "Return a tuple of two things: (the trained model, the list of step losses)."
    trained, losses = got
    if not isinstance(trained, LanguageModel):
        return None
    if all(np.array_equal(p, q) for p, q in zip(_values(trained), _values(model), strict=True)):
        return (
            "The parameters never moved: `param = param - lr * grad` makes a new array and "
            "leaves the model's own unchanged; update it in place (`param -= lr * grad`)."
        )
    losses = np.asarray(losses, dtype=float)
    if len(losses) != epochs * -(-len(targets) // batch_size):
        return None
    if not np.all(np.isfinite(losses)) or losses[-batch_size:].mean() > losses[0] + 0.1:
        return (
            "The loss rose during training: move each parameter against its gradient "
            "(−lr × grad), and step with this minibatch's gradients alone, not a running sum "
            "of earlier steps' gradients."
        )
    per_example = _per_token_losses(next_token_logits(trained, contexts), targets)
    head, tail = per_example[:batch_size].mean(), per_example[-batch_size:].mean()
    whole = float(per_example.mean())
    if tail < whole - 1.0:
        return (
            "The examples were visited in their stored order (here sorted by next token), so "
            "the model ends up fitting the last ones: shuffle them every epoch with "
            "`np.random.default_rng(seed).permutation`."
        )
    if head < whole - 1.0 or float(np.mean(losses[-3:])) < whole - 1.0:
        return (
            "Every step used the same minibatch: the model fits those few examples and no "
            "others; take the next batch_size examples of the shuffled order at each step."
        )
    return None


def _values(model: LanguageModel) -> list[np.ndarray]:
    return [model.E, model.W1, model.b1, model.W2, model.b] + ([] if model.U is None else [model.U])


def _backprop_with(
    model: LanguageModel, contexts: np.ndarray, targets: np.ndarray, mistake: str
) -> tuple[Any, ...]:
    """:func:`backprop` with one usual ``mistake`` made on purpose (for the diagnoses)."""
    batch, k = contexts.shape
    out = model.output_embeddings
    x = model.E[contexts].reshape(batch, -1)
    h = np.tanh(x @ model.W1 + model.b1)
    o = h @ model.W2
    loss, g = softmax_cross_entropy(o @ out.T + model.b, targets)
    if mistake == "sum":
        g = g * batch
    d_out, d_b, d_o = g.T @ o, g.sum(axis=0), g @ out
    d_w2 = d_o.T @ h if mistake == "dW2 transposed" else h.T @ d_o
    back = d_o @ model.W2 if mistake == "W2 transposed" else d_o @ model.W2.T
    slope = {"no tanh'": 1.0, "1 - h": 1.0 - h}.get(mistake, 1.0 - h**2)
    d_a = back * slope
    d_w1 = d_a.T @ x if mistake == "dW1 transposed" else x.T @ d_a
    d_x = d_a @ (model.W1 if mistake == "W1 transposed" else model.W1.T)
    d = model.E.shape[1]
    if mistake == "interleaved":  # column j·k + i taken as block i, position j
        blocks = d_x.reshape(batch, d, k).transpose(0, 2, 1)
    else:
        blocks = d_x.reshape(batch, k, d)
    ids, rows = contexts.ravel(), blocks.reshape(-1, d)
    if mistake == "last only":
        ids, rows = contexts[:, -1], d_x[:, -d:]
    d_e = np.zeros_like(model.E)
    if mistake == "fancy":
        d_e[ids] += rows
    else:
        np.add.at(d_e, ids, rows)
    if model.U is None and mistake != "tied not added":
        d_e = d_e + d_out
    d_u = None if model.U is None else d_out
    return loss, d_e, d_w1, d_a.sum(axis=0), d_w2, d_u, d_b


_BACKPROP_MISTAKES = {
    "no tanh'": "The gradient must go through tanh too: multiply by its derivative on the way "
    "down (the derivative of tanh a is 1 − tanh² a).",
    "1 - h": "The derivative of tanh a is 1 − tanh² a, not 1 − tanh a: square the hidden values.",
    "W2 transposed": "Going down through a layer y = x W takes the gradient times W transposed "
    "(check the shapes: the result has the shape of x).",
    "W1 transposed": "Going down through a layer y = x W takes the gradient times W transposed "
    "(check the shapes: the result has the shape of x).",
    "dW1 transposed": "A weight's gradient has the shape of the weight: (its input)ᵀ times "
    "(the gradient of its output), not the other way round.",
    "dW2 transposed": "A weight's gradient has the shape of the weight: (its input)ᵀ times "
    "(the gradient of its output), not the other way round.",
    "sum": "These are the gradients of the summed loss: the loss is the mean over the batch, "
    "so G = (softmax − one-hot) / B.",
    "interleaved": "∂L/∂x holds k blocks of d numbers side by side, in the order of the "
    "context: cut it into consecutive blocks, block j goes to the j-th context token's row.",
    "last only": "Every context token was looked up, so every one gets its block of ∂L/∂x, "
    "not only the last.",
    "fancy": "A token that appears several times in the contexts (even twice in one context) "
    "must get all its gradients added; `dE[ids] += rows` keeps only one of them.",
    "tied not added": "Tied, E is also the output table: ∂L/∂E also gets the output layer's "
    "gradient, Gᵀ o.",
}


def _same_gradients(got: Any, wanted: tuple[Any, ...]) -> bool:
    return all(
        (g is None) == (w is None) and (w is None or _close(g, w))
        for g, w in zip(got[1:], wanted[1:], strict=True)
    )


def _compare_backprop(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    """Name the first wrong gradient (the value-by-value comparison says only "item 3")."""
    if explain_difference(backprop(*args), expected) is not None:
        return "it changed the model's parameters in place; compute new arrays instead"
    if not isinstance(got, tuple | list) or len(got) != len(expected):
        return explain_difference(got, expected) or "expected a tuple of seven items"
    for name, g, e in zip(
        ("loss", *(f"∂L/∂{n}" for n in GRADIENT_NAMES)), got, expected, strict=True
    ):
        if e is None and g is not None:
            return "∂L/∂U should be None: a tied model has no U (its output table is E)"
        if e is not None and g is None:
            return f"{name} is None, but this model has that parameter"
        difference = None if e is None else explain_difference(g, e)
        if difference:
            return f"{name} is wrong: {difference}"
    return None


def _diagnose_backprop(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    model = args[0]
    if not isinstance(got, tuple | list) or len(got) != len(expected):
        return "Return seven things: (loss, dE, dW1, db1, dW2, dU, db), dU None when tied."
    if model.U is None and got[5] is not None:
        return "Tied, U is E: add the output layer's gradient to ∂L/∂E and return None for ∂L/∂U."
    for mistake, message in _BACKPROP_MISTAKES.items():
        try:
            wrong = _backprop_with(args[0], args[1], args[2], mistake)
        except ValueError:  # a transposed weight only fits when it is square
            continue
        if _same_gradients(got, wrong):
            return message
    for g, e in zip(got[1:], expected[1:], strict=True):
        if e is not None and e.ndim == 2 and e.shape[0] != e.shape[1] and np.shape(g) == e.T.shape:
            return _BACKPROP_MISTAKES["dW1 transposed"]
    return None


register(
    Exercise(
        "8.1",
        "next_token_loss",
        next_token_loss,
        _loss_cases,
        solved_by=(softmax_cross_entropy,),
        points=3,
        hint="Look up the rows, score every token (dot product plus bias), then take the mean "
        "of log-sum-exp minus the target's score, computed stably.",
        diagnose=_diagnose_loss,
    )
)
register(
    Exercise(
        "8.2",
        "embedding_gradient",
        embedding_gradient,
        _gradient_cases,
        points=1,
        hint="Row i of grad_rows belongs to token ids[i]: add it to that token's row of a "
        "V × d table of zeros.",
        diagnose=_diagnose_gradient,
    )
)
register(
    Exercise(
        "8.3",
        "causal_mask",
        causal_mask,
        _mask_cases,
        points=1,
        hint="mask[t, s] is True exactly when s ≤ t: the lower triangle, diagonal included.",
        diagnose=_diagnose_mask,
    )
)
register(
    Exercise(
        "8.4",
        "backprop",
        backprop,
        _backprop_cases,
        solved_by=(loss_and_gradients,),
        points=3,
        hint="Go down one layer at a time from G = ∂L/∂logits: each gradient has the shape of "
        "what it is the gradient of; through tanh, multiply by its derivative; cut ∂L/∂x back "
        "into the k looked-up rows and add each to its token's row of E.",
        diagnose=_diagnose_backprop,
        compare=_compare_backprop,
    )
)
register(
    Exercise(
        "8.5",
        "perplexity",
        perplexity,
        _perplexity_cases,
        hint="Perplexity is e to the mean cross-entropy per token: the log-softmax of each row "
        "(stably, natural log) at its target, averaged over the examples, then np.exp.",
        diagnose=_diagnose_perplexity,
        atol=1e-6,
        points=2,
    )
)
register(
    Exercise(
        "8.6",
        "train_sgd",
        train_sgd,
        _loop_cases,
        solved_by=(train_language_model,),
        hint="Copy the model; make rng = np.random.default_rng(seed) once; per epoch, a fresh "
        "rng.permutation of the examples; per consecutive minibatch of it, backprop (8.4), "
        "record its loss, then move every parameter in place by −lr × its gradient.",
        diagnose=_diagnose_loop,
        compare=_compare_loop,
        # a right loop takes a few hundredths of a second per case; the limit is wall-clock
        # time on a machine that may be busy
        time_limit=30.0,
        points=5,
    )
)
