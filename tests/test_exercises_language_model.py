"""Notebook 08's exercises: realistic wrong answers get ❌ with the intended hint, and every
registered exercise survives the generic wrong functions (None, raises, wrong type, NaN, mutation,
endless loop)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import helpers.exercises.checks as checks
from helpers.exercises import EXERCISES, evaluate_exercise
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


@pytest.mark.parametrize("right", [step_correct])
def test_an_independent_correct_step_passes(right: Callable[..., Any]) -> None:
    assert evaluate_exercise("8.4", right).passed


@pytest.mark.parametrize("key", list(EXERCISES))
def test_the_reference_passes_and_cases_are_fixed(key: str) -> None:
    exercise = EXERCISES[key]
    assert evaluate_exercise(key, exercise.reference).passed
    first, second = exercise.make_cases(), exercise.make_cases()
    assert checks._same(first, second)  # the same cases every time


# ---- generic wrong functions for every registered exercise ---------------------------------


def returns_none(*args: Any) -> None:
    return None


def raises(*args: Any) -> None:
    raise ValueError("boom")


def wrong_type(*args: Any) -> str:
    return "a string"


def _with_nan(value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(_with_nan(v) for v in value)
    array = np.array(value, dtype=float)
    array.flat[0] = np.nan
    return array if array.ndim else float(array)


GENERIC = [
    (returns_none, "returned None for"),
    (raises, "raised ValueError: boom"),
    (wrong_type, "got 'a string'"),
]


@pytest.mark.parametrize("key", list(EXERCISES))
@pytest.mark.parametrize(("wrong", "phrase"), GENERIC, ids=[g[0].__name__ for g in GENERIC])
def test_generic_wrong_functions_fail_in_one_sentence(
    key: str, wrong: Callable[..., Any], phrase: str
) -> None:
    verdict = evaluate_exercise(key, wrong)
    assert verdict.status == "fail" and phrase in verdict.message, verdict.message
    assert verdict.message.count("\n") == 0


@pytest.mark.parametrize("key", list(EXERCISES))
def test_nan_result_fails(key: str) -> None:
    reference = EXERCISES[key].reference
    verdict = evaluate_exercise(key, lambda *args: _with_nan(reference(*args)))
    assert verdict.status == "fail" and "nan" in verdict.message, verdict.message


@pytest.mark.parametrize("key", list(EXERCISES))
def test_mutating_an_input_fails(key: str) -> None:
    reference = EXERCISES[key].reference

    def mutating(*args: Any) -> Any:
        result = reference(*args)
        for arg in args:
            if isinstance(arg, np.ndarray):
                arg[...] = 0
                break
        return result

    verdict = evaluate_exercise(key, mutating)
    has_array = any(isinstance(a, np.ndarray) for a in EXERCISES[key].make_cases()[0])
    if has_array:
        assert verdict.status == "fail" and "in place" in verdict.message, verdict.message
    else:
        assert verdict.passed  # nothing to mutate (e.g. causal_mask(n))


@pytest.mark.parametrize("key", list(EXERCISES))
def test_endless_loop_hits_the_time_limit(key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "TIME_LIMIT", 0.2)

    def endless(*args: Any) -> None:
        while True:
            pass

    start = time.perf_counter()
    verdict = evaluate_exercise(key, endless)
    assert time.perf_counter() - start < 5
    assert verdict.status == "fail" and "did not finish within 0.2 s" in verdict.message
