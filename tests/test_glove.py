"""helpers.counting.glove: GloVe's loss, gradients and AdaGrad loop, against independent computations."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from helpers.counting import (
    glove_loss_and_gradients,
    glove_weighting,
    init_glove,
    nonzero_entries,
    train_glove,
)


def _small_problem(
    seed: int = 0,
) -> tuple[tuple[np.ndarray, ...], np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    dense = rng.choice([0.0, 0.0, 1.0, 2.0, 5.0, 30.0, 200.0], size=(6, 6))
    rows, cols, counts = nonzero_entries(dense)
    params = tuple(rng.normal(size=s) * 0.3 for s in [(6, 3), (6, 3), (6,), (6,)])
    return params, rows, cols, counts.astype(float)


def _loss(params: tuple[np.ndarray, ...], rows, cols, counts, x_max=100.0, alpha=0.75) -> float:  # type: ignore[no-untyped-def]
    """The loss as a plain loop over the entries (independent of the vectorised helper)."""
    w, wc, b, bc = params
    total = 0.0
    for i, j, x in zip(rows, cols, counts, strict=True):
        f = min(1.0, (x / x_max) ** alpha)
        total += f * (w[i] @ wc[j] + b[i] + bc[j] - np.log(x)) ** 2
    return float(total)


def test_a_case_worked_by_hand() -> None:
    # one pair, x = x_max so f = 1; e = 1·0.5 + 0·2 + 0.25 + 0 − log 1 = 0.75
    w, wc = np.array([[1.0, 0.0]]), np.array([[0.5, 2.0]])
    b, bc = np.array([0.25]), np.array([0.0])
    loss, gw, gwc, gb, gbc = glove_loss_and_gradients(
        w, wc, b, bc, np.array([0]), np.array([0]), np.array([1.0]), x_max=1.0
    )
    assert loss == pytest.approx(0.5625)  # 0.75²
    assert np.allclose(gw, [[0.75, 3.0]])  # 2 · 0.75 · w̃
    assert np.allclose(gwc, [[1.5, 0.0]])  # 2 · 0.75 · w
    assert np.allclose(gb, [1.5]) and np.allclose(gbc, [1.5])


def test_loss_matches_a_loop_and_gradients_match_finite_differences() -> None:
    params, rows, cols, counts = _small_problem()
    loss, *grads = glove_loss_and_gradients(*params, rows, cols, counts)
    assert loss == pytest.approx(_loss(params, rows, cols, counts), rel=1e-10)
    h = 1e-6
    for k, (p, g) in enumerate(zip(params, grads, strict=True)):
        numeric = np.zeros_like(p)
        for index in np.ndindex(p.shape):
            plus = [q.copy() for q in params]
            minus = [q.copy() for q in params]
            plus[k][index] += h
            minus[k][index] -= h
            numeric[index] = (
                _loss(tuple(plus), rows, cols, counts) - _loss(tuple(minus), rows, cols, counts)
            ) / (2 * h)
        assert np.allclose(g, numeric, atol=1e-5), k


def test_float32_parameters_give_float32_gradients() -> None:
    params, rows, cols, counts = _small_problem(1)
    params32 = tuple(p.astype(np.float32) for p in params)
    loss, *grads = glove_loss_and_gradients(*params32, rows, cols, counts.astype(np.float32))
    assert all(g.dtype == np.float32 for g in grads)
    assert loss == pytest.approx(_loss(params, rows, cols, counts), rel=1e-4)


def test_weighting_is_capped_at_one() -> None:
    assert np.allclose(glove_weighting(np.array([1.0, 100.0, 1e5]), 100.0, 0.75),
                       [100 ** -0.75, 1.0, 1.0])  # fmt: skip


def test_nonzero_entries_of_a_sparse_and_a_dense_matrix_agree() -> None:
    dense = np.array([[0.0, 3.0, 0.0], [3.0, 1.0, 0.0], [0.0, 0.0, 2.0]])
    for matrix in (dense, sp.csr_matrix(dense)):
        rows, cols, values = nonzero_entries(matrix)
        assert rows.tolist() == [0, 1, 1, 2] and cols.tolist() == [1, 0, 1, 2]
        assert values.tolist() == [3.0, 3.0, 1.0, 2.0] and values.dtype == np.float32


def test_training_matches_an_independent_adagrad_loop_and_lowers_the_loss() -> None:
    params, rows, cols, counts = _small_problem(2)
    trained, losses = train_glove(params, rows, cols, counts, epochs=30, lr=0.1, batch_size=4)
    # the same loop written out with finite-difference-checked gradients
    mine = [p.copy() for p in params]
    sums = [np.zeros_like(p) for p in params]
    for _ in range(30):
        for start in range(0, len(counts), 4):
            batch = slice(start, start + 4)
            _, *grads = glove_loss_and_gradients(*mine, rows[batch], cols[batch], counts[batch])
            for k in range(4):
                sums[k] += grads[k] ** 2
                mine[k] = mine[k] - 0.1 * grads[k] / np.sqrt(sums[k] + 1e-8)
    assert all(np.allclose(t, m) for t, m in zip(trained, mine, strict=True))
    assert losses[-1] < 0.5 * losses[0]
    assert np.array_equal(params[0], _small_problem(2)[0][0])  # the start is not changed


def test_init_glove_is_seeded_and_small() -> None:
    a, b = init_glove(5, 4, seed=3), init_glove(5, 4, seed=3)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert np.abs(a.w).max() <= 0.5 / 4 and not a.b.any()


@pytest.mark.parametrize(
    ("change", "phrase"),
    [
        (lambda p, r, c, x: (p, r, c, np.where(x > 2, x, 0.0)), "Every count must be positive"),
        (lambda p, r, c, x: (p, r + 10, c, x), "word ids between 0 and 5"),
        (lambda p, r, c, x: (p, r[:-1], c, x), "three 1-D arrays of the same length"),
        (lambda p, r, c, x: ((p[0], p[1][:, :2], *p[2:]), r, c, x), "the same shape"),
        (lambda p, r, c, x: ((*p[:2], p[2][:3], p[3]), r, c, x), "one bias per word"),
    ],
)
def test_bad_input_gets_one_sentence(change, phrase) -> None:  # type: ignore[no-untyped-def]
    params, rows, cols, counts = change(*_small_problem())
    with pytest.raises((ValueError, TypeError), match=phrase) as error:
        glove_loss_and_gradients(*params, rows, cols, counts)
    assert "\n" not in str(error.value)
