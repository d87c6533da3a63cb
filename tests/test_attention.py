"""Tests for helpers.attention against explicit loops and textbook formulas."""

import math

import numpy as np
import pytest

from helpers.llm.attention import (
    causal_mask,
    mean_pool,
    mean_pool_batch,
    self_attention,
    sinusoidal_positions,
    softmax,
)


def test_sinusoidal_positions_match_the_formula_elementwise():
    P = sinusoidal_positions(7, 6, base=100.0)
    for p in range(7):
        for i in range(3):
            angle = p / 100.0 ** (2 * i / 6)
            assert P[p, 2 * i] == pytest.approx(math.sin(angle))
            assert P[p, 2 * i + 1] == pytest.approx(math.cos(angle))


def test_sinusoidal_positions_are_distinct_and_bounded():
    P = sinusoidal_positions(50, 16)
    assert np.abs(P).max() <= 1.0
    distances = np.linalg.norm(P[:, None] - P[None], axis=2) + np.eye(50)
    assert distances.min() > 0.1


@pytest.mark.parametrize("args", [(0, 4), (3, 5), (3, 0)])
def test_sinusoidal_positions_reject_bad_sizes(args):
    with pytest.raises(ValueError, match="must be"):
        sinusoidal_positions(*args)


def test_softmax_matches_naive_and_survives_large_scores():
    x = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, -np.inf]])
    naive = np.exp([1.0, 2.0, 3.0]) / np.exp([1.0, 2.0, 3.0]).sum()
    out = softmax(x)
    np.testing.assert_allclose(out[0], naive)
    np.testing.assert_allclose(out[1], [0.5, 0.5, 0.0])


def naive_attention(X, Wq, Wk, Wv, temperature, normalize, mask_self):
    n = len(X)
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    if normalize:
        Q = np.array([q / math.sqrt(sum(v * v for v in q)) for q in Q])
        K = np.array([k / math.sqrt(sum(v * v for v in k)) for k in K])
    weights = np.zeros((n, n))
    out = np.zeros((n, V.shape[1]))
    for i in range(n):
        scores = [
            -math.inf if (mask_self and i == j) else float(np.dot(Q[i], K[j])) / temperature
            for j in range(n)
        ]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        for j in range(n):
            weights[i, j] = exps[j] / sum(exps)
            out[i] += weights[i, j] * V[j]
    return weights, out


@pytest.mark.parametrize("normalize", [False, True])
@pytest.mark.parametrize("mask_self", [False, True])
def test_self_attention_matches_explicit_loops(normalize, mask_self):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 4))
    Wq, Wk, Wv = rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    result = self_attention(
        X, Wq, Wk, Wv, temperature=0.7, normalize=normalize, mask_self=mask_self
    )
    weights, out = naive_attention(X, Wq, Wk, Wv, 0.7, normalize, mask_self)
    np.testing.assert_allclose(result.weights, weights, atol=1e-12)
    np.testing.assert_allclose(result.output, out, atol=1e-12)
    np.testing.assert_allclose(result.weights.sum(axis=1), 1.0)


def test_self_attention_default_temperature_is_sqrt_d_and_identity_projections():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(4, 9))
    result = self_attention(X)
    weights, out = naive_attention(X, np.eye(9), np.eye(9), np.eye(9), 3.0, False, False)
    np.testing.assert_allclose(result.weights, weights, atol=1e-12)
    np.testing.assert_allclose(result.output, out, atol=1e-12)


def test_self_attention_errors_are_clear():
    X = np.ones((3, 4))
    with pytest.raises(ValueError, match=r"^W_q must have 4 rows, got shape \(3, 2\)\.$"):
        self_attention(X, W_q=np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"^X must be a 2-D matrix"):
        self_attention(np.ones(4))
    with pytest.raises(ValueError, match="at least one token vector"):
        self_attention(np.ones((0, 4)))
    with pytest.raises(ValueError, match="at least two tokens"):
        self_attention(np.ones((1, 4)), mask_self=True)
    with pytest.raises(ValueError, match="temperature"):
        self_attention(X, temperature=0.0)
    with pytest.raises(ValueError, match="temperature must be a finite number"):
        self_attention(X, temperature=float("nan"))


def test_mean_pool_matches_a_loop_and_respects_the_mask():
    X = np.arange(12.0).reshape(4, 3)
    expected = [sum(X[i, j] for i in range(4)) / 4 for j in range(3)]
    np.testing.assert_allclose(mean_pool(X), expected)
    np.testing.assert_allclose(
        mean_pool(X, np.array([True, False, False, True])), (X[0] + X[3]) / 2
    )
    with pytest.raises(ValueError, match="one entry per token"):
        mean_pool(X, np.array([True, False]))
    with pytest.raises(ValueError, match="no token"):
        mean_pool(X, np.zeros(4, bool))


def test_attention_temperature_and_zero_rows_refused():
    with pytest.raises(ValueError, match="temperature must be a finite number"):
        self_attention(np.eye(2), temperature=float("nan"))
    with pytest.raises(ValueError, match="row 0 of the queries is all zeros"):
        self_attention(np.array([[0.0, 0.0], [0.0, 1.0]]), normalize=True)


def causal_loop(X, temperature, mask_self=False):
    """Causal attention written out: token t scores only positions 0..t, then a softmax."""
    n = len(X)
    weights = np.zeros((n, n))
    for t in range(n):
        allowed = [j for j in range(t + 1) if not (mask_self and j == t)] or [t]
        scores = [float(np.dot(X[t], X[j])) / temperature for j in allowed]
        exps = [math.exp(s - max(scores)) for s in scores]
        for j, e in zip(allowed, exps, strict=True):
            weights[t, j] = e / sum(exps)
    return weights, weights @ X


@pytest.mark.parametrize("mask_self", [False, True])
def test_causal_attention_matches_an_explicit_loop(mask_self):
    X = np.random.default_rng(3).normal(size=(6, 5))
    result = self_attention(X, causal=True, mask_self=mask_self)
    weights, out = causal_loop(X, math.sqrt(5), mask_self)
    np.testing.assert_allclose(result.weights, weights, atol=1e-12)
    np.testing.assert_allclose(result.output, out, atol=1e-12)
    for t in range(6):
        assert np.all(result.weights[t, t + 1 :] == 0.0)  # exactly 0, not merely small
        assert np.all(np.isneginf(result.scores[t, t + 1 :]))
    np.testing.assert_allclose(result.weights.sum(axis=1), 1.0)


def test_causal_first_token_sees_only_itself_and_a_prefix_is_unchanged_by_later_tokens():
    X = np.random.default_rng(4).normal(size=(5, 3))
    full = self_attention(X, causal=True, mask_self=True)
    assert full.weights[0, 0] == 1.0
    prefix = self_attention(X[:3], causal=True, mask_self=True)
    np.testing.assert_allclose(full.output[:3], prefix.output, atol=1e-12)
    assert self_attention(X[:1], causal=True, mask_self=True).weights.tolist() == [[1.0]]


def test_default_scores_are_scaled_dot_products():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(4, 16))
    Wq, Wk = rng.normal(size=(16, 8)), rng.normal(size=(16, 8))
    result = self_attention(X, Wq, Wk)
    manual = np.array(
        [
            [sum((X @ Wq)[i, c] * (X @ Wk)[j, c] for c in range(8)) / 8**0.5 for j in range(4)]
            for i in range(4)
        ]
    )
    np.testing.assert_allclose(result.scores, manual, atol=1e-12)


def test_causal_mask_against_a_loop():
    mask = causal_mask(5)
    assert mask.tolist() == [[j <= t for j in range(5)] for t in range(5)]
    with pytest.raises(ValueError, match="n_tokens must be a positive whole number"):
        causal_mask(0)


@pytest.mark.parametrize("where", ["X", "W_q", "W_v"])
def test_self_attention_refuses_nan_in_one_sentence(where):
    X = np.ones((3, 4))
    W = np.eye(4)
    bad = W.copy()
    bad[1, 2] = np.nan
    kwargs = {"W_q": bad} if where == "W_q" else {"W_v": bad} if where == "W_v" else {}
    if where == "X":
        X = X.copy()
        X[0, 0] = np.nan
    with pytest.raises(ValueError, match=rf"^{where} must be finite, but 1 of its entries"):
        self_attention(X, **kwargs)


def test_softmax_refuses_nan_plus_inf_and_all_masked_rows():
    with pytest.raises(ValueError, match="NaN scores"):
        softmax(np.array([0.0, np.nan]))
    with pytest.raises(ValueError, match=r"\+inf scores"):
        softmax(np.array([0.0, np.inf]))
    with pytest.raises(ValueError, match="all -inf"):
        softmax(np.array([[0.0, 1.0], [-np.inf, -np.inf]]))


def test_mean_pool_refuses_nan():
    with pytest.raises(ValueError, match="X must be finite"):
        mean_pool(np.array([[1.0, np.nan]]))


def test_mean_pool_batch_is_mean_pool_of_each_text_with_padding_anywhere():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(3, 5, 4))
    mask = np.array(
        [[True, True, True, False, False], [False, False, True, True, True], [True] * 5]
    )
    expected = np.stack([mean_pool(X[i], mask[i]) for i in range(3)])  # one text at a time
    np.testing.assert_allclose(mean_pool_batch(X, mask), expected)
    np.testing.assert_allclose(mean_pool_batch(X, np.ones((3, 5), bool)), X.mean(axis=1))


def test_mean_pool_batch_errors_are_clear():
    X = np.zeros((2, 3, 4))
    with pytest.raises(ValueError, match="n_texts, n_positions, d"):
        mean_pool_batch(np.zeros((3, 4)), np.ones((3, 4), bool))
    with pytest.raises(ValueError, match="one entry per text and position"):
        mean_pool_batch(X, np.ones((2, 4), bool))
    with pytest.raises(ValueError, match="text 1 has no real token"):
        mean_pool_batch(X, np.array([[True, False, False], [False, False, False]]))
    with pytest.raises(ValueError, match="NaN"):
        mean_pool_batch(np.full((1, 1, 1), np.nan), np.ones((1, 1), bool))
