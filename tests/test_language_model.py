"""The tiny language model: gradients against finite differences, shapes, training, refusals."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.llm.language_model import (
    _AdamState,
    adam_step,
    causal_mask,
    context_windows,
    factor_cosines,
    init_language_model,
    loss_and_gradients,
    next_token_logits,
    softmax_cross_entropy,
    train_language_model,
)


def loop_loss(model, contexts, targets) -> float:  # type: ignore[no-untyped-def]
    """The model's loss written example by example with plain loops (independent of the code)."""
    total = 0.0
    out = model.E if model.U is None else model.U
    for context, target in zip(contexts, targets, strict=True):
        x = np.concatenate([model.E[i] for i in context])
        h = np.tanh(x @ model.W1 + model.b1)
        o = h @ model.W2
        scores = [float(o @ out[j] + model.b[j]) for j in range(len(model.b))]
        total += np.log(sum(np.exp(s) for s in scores)) - scores[target]
    return total / len(targets)


@pytest.fixture(params=[False, True], ids=["untied", "tied"])
def tiny(request):  # type: ignore[no-untyped-def]
    model = init_language_model(7, d=3, k=2, hidden=4, tied=request.param, seed=3)
    rng = np.random.default_rng(0)
    for p in model.parameters().values():
        p += rng.normal(scale=0.3, size=p.shape)  # non-zero biases, so every term is tested
    contexts = np.array([[0, 1], [1, 1], [2, 5], [6, 0], [1, 1]])  # repeated ids on purpose
    targets = np.array([3, 2, 2, 6, 0])
    return model, contexts, targets


def test_loss_matches_a_loop(tiny) -> None:  # type: ignore[no-untyped-def]
    model, contexts, targets = tiny
    loss, _ = loss_and_gradients(model, contexts, targets)
    assert loss == pytest.approx(loop_loss(model, contexts, targets), rel=1e-10)


def test_gradients_match_finite_differences(tiny) -> None:  # type: ignore[no-untyped-def]
    model, contexts, targets = tiny
    _, grads = loss_and_gradients(model, contexts, targets)
    eps = 1e-6
    for name, p in model.parameters().items():
        numeric = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + eps
            plus = loop_loss(model, contexts, targets)
            p[i] = old - eps
            minus = loop_loss(model, contexts, targets)
            p[i] = old
            numeric[i] = (plus - minus) / (2 * eps)
        np.testing.assert_allclose(grads[name], numeric, atol=1e-8, err_msg=name)


def test_only_rows_of_seen_tokens_get_input_gradient() -> None:
    model = init_language_model(9, d=2, k=2, hidden=3, seed=1)
    _, grads = loss_and_gradients(model, np.array([[1, 4], [4, 4]]), np.array([0, 2]))
    nonzero = np.flatnonzero(np.abs(grads["E"]).sum(axis=1))
    assert nonzero.tolist() == [1, 4]


def test_tied_and_untied_shapes() -> None:
    untied = init_language_model(11, d=4, k=3, hidden=5, tied=False)
    tied = init_language_model(11, d=4, k=3, hidden=5, tied=True)
    assert untied.U is not None and untied.U.shape == (11, 4) and not untied.tied
    assert tied.U is None and tied.output_embeddings is tied.E and tied.tied
    assert set(untied.parameters()) - set(tied.parameters()) == {"U"}
    assert next_token_logits(tied, np.array([[0, 1, 2]])).shape == (1, 11)


def test_softmax_cross_entropy_is_stable_and_matches_log_of_softmax() -> None:
    logits = np.array([[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]])
    loss, grad = softmax_cross_entropy(logits, np.array([2, 0]))
    first = -np.log(np.exp(3.0) / (np.exp(1.0) + np.exp(2.0) + np.exp(3.0)))
    assert loss == pytest.approx((first + 0.0) / 2)
    assert np.isfinite(grad).all() and np.allclose(grad.sum(axis=1), 0.0)


def test_causal_mask_lets_each_position_see_only_the_past() -> None:
    mask = causal_mask(4)
    for t in range(4):
        for s in range(4):
            assert mask[t, s] == (s <= t)
    scores = np.arange(16.0).reshape(4, 4)
    weights = np.exp(np.where(mask, scores, -np.inf))
    weights /= weights.sum(axis=1, keepdims=True)
    assert np.all(weights[~mask] == 0) and weights[0, 0] == 1.0


def test_context_windows_pad_each_sentence() -> None:
    contexts, targets = context_windows(np.array([5, 6, 7, 8, 9]), np.array([2, 3]), 3, 0)
    assert contexts.tolist() == [[0, 0, 0], [0, 0, 5], [0, 0, 0], [0, 0, 7], [0, 7, 8]]
    assert targets.tolist() == [5, 6, 7, 8, 9]


def test_adam_first_step_moves_each_number_by_lr() -> None:
    params = {"w": np.array([1.0, -2.0, 3.0])}
    adam_step(params, {"w": np.array([10.0, -0.001, 0.0])}, _AdamState(), lr=0.1)
    np.testing.assert_allclose(params["w"], [0.9, -1.9, 3.0], atol=1e-5)


def test_training_lowers_the_loss_and_is_seeded() -> None:
    ids = np.tile(np.array([1, 2, 3, 4]), 50)
    lengths = np.full(50, 4)
    contexts, targets = context_windows(ids, lengths, 2, 0)
    run = [
        train_language_model(
            contexts,
            targets,
            5,
            d=4,
            k=2,
            hidden=8,
            epochs=5,
            batch_size=20,
            lr=0.02,
            progress=False,
            loss_points=5,
        )
        for _ in range(2)
    ]
    assert run[0].loss_history[-1] < 0.2 * run[0].loss_history[0]
    assert np.array_equal(run[0].model.E, run[1].model.E)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"lr": -1.0}, "lr must be greater than 0"),
        ({"d": 0}, "d must be a positive whole number"),
        ({"epochs": 1.5}, "epochs must be a whole number"),
        ({"vocab_size": 3}, "vocab_size is 3"),
        ({"k": 3}, "contexts must have shape"),
    ],
)
def test_bad_settings_are_refused_with_one_sentence(options: dict, message: str) -> None:
    contexts, targets = context_windows(np.array([1, 2, 3, 4]), np.array([4]), 2, 0)
    settings = {"vocab_size": 5, "d": 2, "k": 2, "hidden": 3, "progress": False} | options
    with pytest.raises((ValueError, TypeError), match=message):
        train_language_model(contexts, targets, **settings)


def test_nan_loss_stops_training_and_blames_the_learning_rate() -> None:
    contexts, targets = context_windows(np.arange(1, 5).repeat(20), np.full(4, 20), 2, 0)
    with np.errstate(all="ignore"), pytest.raises(FloatingPointError, match="lr=1e\\+200 is too"):
        train_language_model(contexts, targets, 5, d=2, k=2, hidden=3, lr=1e200, epochs=3,
                             batch_size=8, progress=False)  # fmt: skip


def test_factor_cosines_against_a_loop() -> None:
    rng = np.random.default_rng(2)
    v, groups = rng.normal(size=(6, 3)), [0, 1, 0, 1, 1, 2]
    unit = v / np.linalg.norm(v, axis=1, keepdims=True)
    same = [
        unit[i] @ unit[j] for i in range(6) for j in range(6) if i != j and groups[i] == groups[j]
    ]
    diff = [unit[i] @ unit[j] for i in range(6) for j in range(6) if groups[i] != groups[j]]
    assert factor_cosines(v, groups) == pytest.approx((np.mean(same), np.mean(diff)))


def test_training_is_the_same_whatever_the_blas_threads() -> None:
    from threadpoolctl import threadpool_limits

    contexts, targets = context_windows(np.tile(np.arange(1, 9), 40), np.full(40, 8), 2, 0)
    options = {"d": 8, "k": 2, "hidden": 16, "epochs": 2, "batch_size": 32, "progress": False}
    runs = []
    for threads in (1, 2):
        with threadpool_limits(limits=threads, user_api="blas"):
            runs.append(train_language_model(contexts, targets, 9, **options).model.E)
    assert np.array_equal(runs[0], runs[1])


def test_held_out_loss_is_the_mean_cross_entropy_row_by_row():
    """Chunked held-out loss against a plain loop over rows with math.log/math.exp."""
    import math

    from helpers.llm.language_model import (
        held_out_loss,
        init_language_model,
        next_token_logits,
    )

    model = init_language_model(vocab_size=7, d=3, k=2, hidden=5, seed=3)
    rng = np.random.default_rng(0)
    contexts = rng.integers(0, 7, size=(11, 2))
    targets = rng.integers(0, 7, size=11)
    logits = next_token_logits(model, contexts)
    by_hand = 0.0
    for row, target in zip(logits.tolist(), targets.tolist(), strict=True):
        by_hand += math.log(sum(math.exp(v) for v in row)) - row[target]
    by_hand /= len(targets)
    for batch_size in (1, 4, 11, 100):
        assert held_out_loss(model, contexts, targets, batch_size=batch_size) == pytest.approx(
            by_hand, rel=1e-12
        )
    with pytest.raises(ValueError, match="same, non-zero number of rows"):
        held_out_loss(model, contexts, targets[:5])
    with pytest.raises(ValueError, match="ids go from 0 to 6"):
        held_out_loss(model, contexts, np.full(11, 9))
