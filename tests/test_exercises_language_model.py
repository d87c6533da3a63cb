"""Notebook 08's exercises: realistic wrong answers get ❌ with the intended hint.

The generic wrong functions every exercise must survive are in tests/test_exercises_generic.py."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from helpers.exercises import evaluate_exercise
from helpers.exercises.language_model import backprop, embedding_gradient
from helpers.exercises.mistakes.language_model import _backprop
from helpers.llm.language_model import (
    init_language_model,
    loss_and_gradients,
    softmax_cross_entropy,
)


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


def backprop_notebook(model, contexts, targets):  # type: ignore[no-untyped-def]
    """The notebook's solution: the helper's softmax, 8.2's scatter block by block."""
    B, k = contexts.shape
    d = model.E.shape[1]
    out = model.E if model.U is None else model.U
    x = model.E[contexts].reshape(B, k * d)
    h = np.tanh(x @ model.W1 + model.b1)
    o = h @ model.W2
    loss, G = softmax_cross_entropy(o @ out.T + model.b, targets)
    d_o = G @ out
    d_a = (d_o @ model.W2.T) * (1 - h**2)
    d_x = d_a @ model.W1.T
    d_E = sum(
        embedding_gradient(contexts[:, j], d_x[:, j * d : (j + 1) * d], len(model.E))
        for j in range(k)
    )
    d_U = G.T @ o
    grads = (x.T @ d_a, d_a.sum(axis=0), h.T @ d_o)
    if model.U is None:
        return loss, d_E + d_U, *grads, None, G.sum(axis=0)
    return loss, d_E, *grads, d_U, G.sum(axis=0)


def backprop_loops(model, contexts, targets):  # type: ignore[no-untyped-def]
    """One example at a time, with Python loops for the scatter."""
    total = [0.0, np.zeros_like(model.E), 0.0, 0.0, 0.0, 0.0, 0.0]
    for i in range(len(targets)):
        loss, d_E, *rest = _backprop(model, contexts[i : i + 1], targets[i : i + 1])
        total[0] += loss / len(targets)
        total[1] = total[1] + d_E / len(targets)
        for j, g in enumerate(rest):
            total[2 + j] = None if g is None else total[2 + j] + g / len(targets)
    return tuple(total)


def perplexity_from_probabilities(logits, targets):  # type: ignore[no-untyped-def]
    """Softmax probabilities first (stably), then the geometric mean of 1/p."""
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = shifted / shifted.sum(axis=1, keepdims=True)
    return float(np.prod(p[np.arange(len(targets)), targets] ** (-1.0 / len(targets))))


def perplexity_base_2(logits, targets):  # type: ignore[no-untyped-def]
    """The loss in bits (log₂) with 2 to its power: the same number."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    log2_p = (shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))) / np.log(2)
    return float(2.0 ** -np.mean(log2_p[np.arange(len(targets)), targets]))


def sgd_with_its_own_gradients(model, contexts, targets, epochs, batch_size, lr, seed):  # type: ignore[no-untyped-def]
    """A loop over the helper's loss_and_gradients, a dict of gradients, its own slicing."""
    model = copy.deepcopy(model)
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        shuffled = rng.permutation(len(targets))
        starts = np.arange(0, len(targets), batch_size)
        for batch in np.split(shuffled, starts[1:]):
            loss, grads = loss_and_gradients(model, contexts[batch], targets[batch])
            for name, param in model.parameters().items():
                param -= lr * grads[name]
            losses.append(loss)
    return model, losses


def sgd_with_index_batches(model, contexts, targets, epochs, batch_size, lr, seed):  # type: ignore[no-untyped-def]
    """A different generator use (shuffle in place: the same draws as permutation(n)) and
    batches of the reordered arrays themselves."""
    trained = copy.deepcopy(model)
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        order = np.arange(len(targets))
        rng.shuffle(order)
        c, t = contexts[order], targets[order]
        for start in range(0, len(t), batch_size):
            loss, dE, dW1, db1, dW2, dU, db = _backprop(
                trained, c[start : start + batch_size], t[start : start + batch_size]
            )
            trained.E -= lr * dE
            trained.W1 -= lr * dW1
            trained.b1 -= lr * db1
            trained.W2 -= lr * dW2
            trained.b -= lr * db
            if dU is not None:
                trained.U -= lr * dU
            losses.append(loss)
    return trained, losses


RIGHT = [
    ("8.1", loss_log_sum_exp),
    ("8.2", gradient_loop),
    ("8.2", gradient_one_hot),
    ("8.3", mask_compare),
    ("8.4", backprop_notebook),
    ("8.4", backprop_loops),
    ("8.4", _backprop),
    ("8.5", perplexity_from_probabilities),
    ("8.5", perplexity_base_2),
    ("8.6", sgd_with_its_own_gradients),
    ("8.6", sgd_with_index_batches),
]


@pytest.mark.parametrize(("key", "right"), RIGHT, ids=[r[1].__name__ for r in RIGHT])
def test_independent_correct_answers_pass(key: str, right: Callable[..., Any]) -> None:
    verdict = evaluate_exercise(key, right)
    assert verdict.passed, verdict.message


def test_backprop_is_the_helpers_gradients_and_matches_finite_differences() -> None:
    from helpers.exercises.language_model import GRADIENT_NAMES
    from helpers.llm.language_model import loss_and_gradients
    from helpers.word2vec import finite_difference_gradient

    contexts, targets = np.array([[1, 1, 3], [0, 2, 1]]), np.array([2, 4])
    for tied in (False, True):
        model = init_language_model(5, d=2, k=3, hidden=3, tied=tied, seed=3)
        loss, *grads = backprop(model, contexts, targets)
        assert loss == loss_and_gradients(model, contexts, targets)[0]
        for name, grad in zip(GRADIENT_NAMES, grads, strict=True):
            if grad is None:
                assert tied and name == "U"
                continue
            param = getattr(model, name)

            def loss_at(value, param=param, model=model):  # type: ignore[no-untyped-def]
                saved = param.copy()
                param[...] = value
                result = backprop(model, contexts, targets)[0]
                param[...] = saved
                return result

            assert np.abs(grad - finite_difference_gradient(loss_at, param)).max() < 1e-8, name


def test_perplexity_of_a_uniform_guess_is_the_vocabulary_size() -> None:
    from helpers.exercises.language_model import perplexity

    assert np.isclose(perplexity(np.zeros((3, 7)), np.array([0, 4, 6])), 7.0)
    assert np.isclose(perplexity(np.array([[50.0, 0.0]]), np.array([0])), 1.0)


def test_the_loop_check_follows_the_prescribed_steps() -> None:
    """8.6 checks the text's procedure: each step's loss and the final parameters, on cases with
    at least two epochs and different seeds (the notebook then asserts an exact perplexity)."""
    from helpers.exercises.language_model import (
        GRADIENT_NAMES,
        LOOP_ATOL,
        LOOP_RTOL,
        _loop_cases,
        train_sgd,
    )

    cases = _loop_cases()
    assert all(args[3] >= 2 for args in cases)
    assert len({args[6] for args in cases}) == len(cases) >= 3
    for args in cases:
        reference, reference_losses = train_sgd(*args)
        for right in (sgd_with_its_own_gradients, sgd_with_index_batches):
            model, losses = right(*args)
            assert np.allclose(losses, reference_losses, rtol=LOOP_RTOL, atol=LOOP_ATOL)
            for name in GRADIENT_NAMES:
                if getattr(reference, name) is not None:
                    assert np.allclose(
                        getattr(model, name),
                        getattr(reference, name),
                        rtol=LOOP_RTOL,
                        atol=LOOP_ATOL,
                    )
