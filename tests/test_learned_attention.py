"""helpers.llm.learned_attention: the tiny matching task, its hand-written gradients and training."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.llm import self_attention
from helpers.llm.learned_attention import (
    Projections,
    attention_gradients,
    attention_predictions,
    matching_task,
    train_attention,
)


def _random_projections(d: int, seed: int) -> Projections:
    rng = np.random.default_rng(seed)
    return Projections(*(np.eye(d) + 0.3 * rng.normal(size=(d, d)) for _ in range(3)), [])


def test_every_sequence_has_one_partner_of_the_last_tokens_group() -> None:
    task = matching_task(200, seed=4)
    for sequence, partner in zip(task.sequences, task.partners, strict=True):
        same = task.groups[sequence[:-1]] == task.groups[sequence[-1]]
        assert np.flatnonzero(same).tolist() == [partner]
        assert sequence[partner] != sequence[-1]
    assert np.allclose(np.linalg.norm(task.embeddings, axis=1), 1.0)
    assert np.array_equal(matching_task(3, seed=9).embeddings, task.embeddings)  # shared table


def test_the_weights_are_the_last_row_of_causal_self_attention() -> None:
    task = matching_task(6, seed=2)
    p = _random_projections(16, 0)
    weights, scores = attention_predictions(task.embeddings, task.sequences, p)
    for n, sequence in enumerate(task.sequences):
        step = self_attention(task.embeddings[sequence], p.W_q, p.W_k, p.W_v, causal=True)
        assert np.allclose(weights[n], step.weights[-1])
        assert np.allclose(scores[n], step.output[-1] @ task.embeddings.T)


def test_gradients_match_finite_differences() -> None:
    task = matching_task(9, seed=5)
    p = _random_projections(16, 1)
    _, *grads = attention_gradients(task.embeddings, task.sequences, task.partners, p)
    rng, eps = np.random.default_rng(3), 1e-6
    for which in range(3):
        for _ in range(4):
            a, b = rng.integers(16, size=2)
            moved = []
            for sign in (1, -1):
                params = [p.W_q.copy(), p.W_k.copy(), p.W_v.copy()]
                params[which][a, b] += sign * eps
                args = (task.embeddings, task.sequences, task.partners, Projections(*params, []))
                moved.append(attention_gradients(*args)[0])
            assert (moved[0] - moved[1]) / (2 * eps) == pytest.approx(grads[which][a, b], abs=1e-7)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_training_finds_the_partner_on_held_out_sequences(seed: int) -> None:
    train = matching_task(1000, seed=10 + seed, embedding_seed=seed)
    test = matching_task(300, seed=20 + seed, embedding_seed=seed)
    trained = train_attention(train.embeddings, train.sequences, train.partners)
    weights, scores = attention_predictions(test.embeddings, test.sequences, trained)
    rows = np.arange(len(test.sequences))
    assert np.mean(scores.argmax(axis=1) == test.sequences[rows, test.partners]) > 0.8
    assert np.mean(weights[rows, test.partners]) > 0.7
    assert trained.losses[-1] < 0.2 * trained.losses[0]


def test_training_is_deterministic() -> None:
    task = matching_task(100, seed=1)
    first = train_attention(task.embeddings, task.sequences, task.partners, steps=5)
    second = train_attention(task.embeddings, task.sequences, task.partners, steps=5)
    assert np.array_equal(first.W_q, second.W_q) and first.losses == second.losses


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: matching_task(0), "n_sequences must be a whole number"),
        (lambda: matching_task(5, length=2), "length must be a whole number of at least 3"),
        (
            lambda: attention_predictions(np.eye(3), np.array([[0, 5]]), _random_projections(3, 0)),
            "token ids from 0 to 2",
        ),
        (
            lambda: train_attention(np.eye(3), np.array([[0, 1]]), np.array([0]), steps=0),
            "steps must be a whole number",
        ),
    ],
)
def test_errors_are_one_sentence(call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=message):
        call()
