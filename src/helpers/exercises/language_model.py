"""Exercises of notebook 08 (a tiny language model): cases, references and diagnoses.

Exercises 8.1–8.3 and 8.5 use the simplest language model with an embedding table: a *bigram* model
that scores the next token from the current token's embedding alone, ``logits = E[ids] @ Uᵀ + b``.
Exercise 8.4 is the backward pass of the context model that notebook 08 trains (the k previous
tokens' rows, a tanh hidden layer, the output layer; :mod:`helpers.llm.language_model`). Every
case is built from this module's own seeded generator, so checking changes no other random
number in the notebook.

Examples
--------
>>> E, U, b = np.eye(2), np.eye(2), np.zeros(2)
>>> round(next_token_loss(E, U, b, np.array([0]), np.array([0])), 4)  # −log(e / (e + 1))
0.3133
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.exercises.checks import close, explain_difference
from helpers.exercises.registry import Exercise, register
from helpers.llm.attention import causal_mask
from helpers.llm.language_model import LanguageModel, loss_and_gradients, softmax_cross_entropy

__all__ = [
    "GRADIENT_NAMES",
    "backprop",
    "causal_mask",
    "embedding_gradient",
    "next_token_loss",
    "sgd_step",
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


def sgd_step(
    E: np.ndarray,
    U: np.ndarray,
    b: np.ndarray,
    ids: np.ndarray,
    targets: np.ndarray,
    lr: float,
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """One SGD step of the bigram model: (loss before the step, new E, new U, new b) (8.5)."""
    x = E[ids]
    loss, d_logits = softmax_cross_entropy(x @ U.T + b, targets)
    grad_u = d_logits.T @ x
    grad_b = d_logits.sum(axis=0)
    grad_e = embedding_gradient(ids, d_logits @ U, E.shape[0])
    return loss, E - lr * grad_e, U - lr * grad_u, b - lr * grad_b


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


def _step_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 2)
    return [(*_bigram_case(rng, 6, 3, 5), 0.5), (*_bigram_case(rng, 8, 2, 9), 0.1)]


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


def _diagnose_step(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    if not isinstance(got, tuple) or len(got) != 4:
        return "Return a tuple of four things: (loss, new_E, new_U, new_b)."
    _, U, b, ids, _, _ = args
    _, _, new_u, new_b = got
    _, _, u_ref, b_ref = expected
    if all(_close(g, e) for g, e in zip(got[1:], expected[1:], strict=True)):
        if _close(got[0], expected[0] * len(ids)):
            return "E, U and b are right but the loss is summed: it is the mean over the batch."
        return (
            "E, U and b are right but the loss is not: return the mean loss of the parameters "
            "you were given, computed before the step."
        )
    if _close(new_u, 2 * U - u_ref):
        return "The step goes uphill: subtract lr × gradient, do not add it."
    if _close(new_u, U - len(ids) * (U - u_ref)):
        return "The gradient is of the summed loss: the loss (and its gradient) is a mean."
    if _close(new_b, b):
        return "The bias b did not move: it has a gradient too (the sum of ∂L/∂logits)."
    if _close(new_u, u_ref) and _close(new_b, b_ref):
        return (
            "U and b are right but E is not: only the rows of the tokens seen change, and a "
            "token seen twice gets both gradients added (see exercise 8.2)."
        )
    return None


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
        "8.5",
        "sgd_step",
        sgd_step,
        _step_cases,
        points=3,
        hint="Forward (8.1), gradient of the mean loss with respect to the logits, then of U, b "
        "and the looked-up rows (8.2), and move each parameter against its gradient.",
        diagnose=_diagnose_step,
    )
)
register(
    Exercise(
        "8.4",
        "backprop",
        backprop,
        _backprop_cases,
        points=3,
        hint="Go down one layer at a time from G = ∂L/∂logits: each gradient has the shape of "
        "what it is the gradient of; through tanh, multiply by its derivative; cut ∂L/∂x back "
        "into the k looked-up rows and add each to its token's row of E.",
        diagnose=_diagnose_backprop,
        compare=_compare_backprop,
    )
)
