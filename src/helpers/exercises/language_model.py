"""Exercises of notebook 08 (a tiny language model): cases, references and diagnoses.

The exercises use the simplest language model with an embedding table: a *bigram* model that
scores the next token from the current token's embedding alone, ``logits = E[ids] @ Uᵀ + b``
(notebook 08 then puts a context model between the lookup and the output layer). Every case is
built from this module's own seeded generator, so checking changes no other random number in the
notebook.

Examples
--------
>>> E, U, b = np.eye(2), np.eye(2), np.zeros(2)
>>> round(next_token_loss(E, U, b, np.array([0]), np.array([0])), 4)  # −log(e / (e + 1))
0.3133
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.exercises.registry import Exercise, register
from helpers.llm.attention import causal_mask
from helpers.llm.language_model import softmax_cross_entropy

__all__ = ["causal_mask", "embedding_gradient", "next_token_loss", "sgd_step"]

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
    """One SGD step of the bigram model: (loss before the step, new E, new U, new b) (8.4)."""
    x = E[ids]
    loss, d_logits = softmax_cross_entropy(x @ U.T + b, targets)
    grad_u = d_logits.T @ x
    grad_b = d_logits.sum(axis=0)
    grad_e = embedding_gradient(ids, d_logits @ U, E.shape[0])
    return loss, E - lr * grad_e, U - lr * grad_u, b - lr * grad_b


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


# --------------------------------------------------------------------------------------------
# Diagnoses: recognise the usual mistakes by recomputing them


def _close(got: Any, value: Any) -> bool:
    try:
        return bool(np.allclose(np.asarray(got, dtype=float), value, atol=1e-6, rtol=1e-5))
    except (TypeError, ValueError):
        return False


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


register(
    Exercise(
        "8.1",
        "next_token_loss",
        next_token_loss,
        _loss_cases,
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
        hint="mask[t, s] is True exactly when s ≤ t: the lower triangle, diagonal included.",
        diagnose=_diagnose_mask,
    )
)
register(
    Exercise(
        "8.4",
        "sgd_step",
        sgd_step,
        _step_cases,
        hint="Forward (8.1), gradient of the mean loss with respect to the logits, then of U, b "
        "and the looked-up rows (8.2), and move each parameter against its gradient.",
        diagnose=_diagnose_step,
    )
)
