"""Notebook 08's exercises: realistic wrong answers get ❌ with the intended hint.

The generic wrong functions every exercise must survive are in tests/test_exercises_generic.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from helpers.exercises import evaluate_exercise
from helpers.exercises.language_model import embedding_gradient, next_token_loss

# ---- 8.1 next_token_loss ------------------------------------------------------------------


def loss_without_max(E, U, b, ids, targets):  # type: ignore[no-untyped-def]
    logits = E[ids] @ U.T + b
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return float(np.mean(-np.log(p[np.arange(len(ids)), targets])))


def loss_summed(E, U, b, ids, targets):  # type: ignore[no-untyped-def]
    return next_token_loss(E, U, b, ids, targets) * len(ids)


def loss_without_bias(E, U, b, ids, targets):  # type: ignore[no-untyped-def]
    return next_token_loss(E, U, np.zeros_like(b), ids, targets)


def loss_swapped_ids(E, U, b, ids, targets):  # type: ignore[no-untyped-def]
    return next_token_loss(E, U, b, targets, ids)


# ---- 8.2 embedding_gradient ---------------------------------------------------------------


def gradient_fancy_index(ids, grad_rows, vocab_size):  # type: ignore[no-untyped-def]
    grad = np.zeros((vocab_size, grad_rows.shape[1]))
    grad[ids] += grad_rows
    return grad


def gradient_transposed(ids, grad_rows, vocab_size):  # type: ignore[no-untyped-def]
    return embedding_gradient(ids, grad_rows, vocab_size).T


def gradient_not_scattered(ids, grad_rows, vocab_size):  # type: ignore[no-untyped-def]
    return grad_rows.copy()


# ---- 8.3 causal_mask ----------------------------------------------------------------------


def mask_all(n):  # type: ignore[no-untyped-def]
    return np.ones((n, n), dtype=bool)


def mask_strict(n):  # type: ignore[no-untyped-def]
    return np.tril(np.ones((n, n), dtype=bool), k=-1)


def mask_upper(n):  # type: ignore[no-untyped-def]
    return np.triu(np.ones((n, n), dtype=bool))


def mask_float(n):  # type: ignore[no-untyped-def]
    return np.tril(np.ones((n, n)))


# ---- 8.4 sgd_step -------------------------------------------------------------------------


def _step(E, U, b, ids, targets, lr, *, sign=1.0, scale=1.0, bias=True, scatter="add"):  # type: ignore[no-untyped-def]
    x = E[ids]
    logits = x @ U.T + b
    shifted = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    loss = float(np.mean(-np.log(p[np.arange(len(ids)), targets])))
    d_logits = p.copy()
    d_logits[np.arange(len(ids)), targets] -= 1
    d_logits *= scale / len(ids)
    grad_e = np.zeros_like(E)
    if scatter == "add":
        np.add.at(grad_e, ids, d_logits @ U)
    else:
        grad_e[ids] += d_logits @ U
    new_b = b - sign * lr * d_logits.sum(axis=0) if bias else b.copy()
    return loss, E - sign * lr * grad_e, U - sign * lr * d_logits.T @ x, new_b


def step_uphill(*args):  # type: ignore[no-untyped-def]
    return _step(*args, sign=-1.0)


def step_summed(E, U, b, ids, targets, lr):  # type: ignore[no-untyped-def]
    return _step(E, U, b, ids, targets, lr, scale=len(ids))


def step_no_bias(*args):  # type: ignore[no-untyped-def]
    return _step(*args, bias=False)


def step_fancy_index(*args):  # type: ignore[no-untyped-def]
    return _step(*args, scatter="fancy")


def step_correct(*args):  # type: ignore[no-untyped-def]
    return _step(*args)


WRONG = [
    ("8.1", loss_without_max, "subtract each row's maximum"),
    ("8.1", loss_summed, "the loss is the mean"),
    ("8.1", loss_without_bias, "The bias b is missing"),
    ("8.1", loss_swapped_ids, "ids and targets are swapped"),
    ("8.2", gradient_fancy_index, "`grad[ids] += rows` keeps only one"),
    ("8.2", gradient_transposed, "The result is transposed"),
    ("8.2", gradient_not_scattered, "scatter them into a V × d table"),
    ("8.3", mask_all, "must not look at the future"),
    ("8.3", mask_strict, "Off by one"),
    ("8.3", mask_upper, "Transposed"),
    ("8.3", mask_float, "expected a boolean (True/False) array"),
    ("8.4", step_uphill, "The step goes uphill"),
    ("8.4", step_summed, "the loss (and its gradient) is a mean"),
    ("8.4", step_no_bias, "The bias b did not move"),
    ("8.4", step_fancy_index, "a token seen twice gets both gradients"),
]


@pytest.mark.parametrize(("key", "wrong", "phrase"), WRONG, ids=[w[1].__name__ for w in WRONG])
def test_realistic_wrong_answers_fail_with_the_intended_hint(
    key: str, wrong: Callable[..., Any], phrase: str
) -> None:
    with np.errstate(all="ignore"):
        verdict = evaluate_exercise(key, wrong)
    assert verdict.status == "fail", verdict.message
    assert phrase in verdict.message, verdict.message


def loss_log_sum_exp(E, U, b, ids, targets):  # type: ignore[no-untyped-def]
    """The notebook's solution: log-sum-exp of shifted logits minus the target's."""
    logits = E[ids] @ U.T + b
    logits = logits - logits.max(axis=1, keepdims=True)
    log_sum = np.log(np.exp(logits).sum(axis=1))
    return float(np.mean(log_sum - logits[np.arange(len(ids)), targets]))


def gradient_loop(ids, grad_rows, vocab_size):  # type: ignore[no-untyped-def]
    grad = np.zeros((vocab_size, grad_rows.shape[1]))
    for position, token in enumerate(ids):
        grad[token] += grad_rows[position]
    return grad


def gradient_one_hot(ids, grad_rows, vocab_size):  # type: ignore[no-untyped-def]
    one_hot = np.zeros((len(ids), vocab_size))
    one_hot[np.arange(len(ids)), ids] = 1.0
    return one_hot.T @ grad_rows  # Oᵀ ∂L/∂X


def mask_compare(n):  # type: ignore[no-untyped-def]
    positions = np.arange(n)
    return positions[None, :] <= positions[:, None]


RIGHT = [
    ("8.1", loss_log_sum_exp),
    ("8.2", gradient_loop),
    ("8.2", gradient_one_hot),
    ("8.3", mask_compare),
    ("8.4", step_correct),
]


@pytest.mark.parametrize(("key", "right"), RIGHT, ids=[r[1].__name__ for r in RIGHT])
def test_independent_correct_answers_pass(key: str, right: Callable[..., Any]) -> None:
    verdict = evaluate_exercise(key, right)
    assert verdict.passed, verdict.message
