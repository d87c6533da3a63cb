"""Tests for helpers.recommend against dense references (normal equations, lstsq, loops)."""

import numpy as np
import pytest

from helpers.beyond.recommendation import (
    als_step,
    factor_recovery,
    generate_ratings,
    matrix_factorization,
    nearest_items,
    recommend,
    rmse,
)


def test_generated_ratings_have_the_promised_structure():
    data = generate_ratings(n_users=50, n_items=15, density=0.3, seed=3)
    assert data.ratings.shape == data.complete.shape == (50, 15)
    observed = data.observed
    np.testing.assert_array_equal(data.ratings[observed], data.complete[observed])
    assert observed.sum(axis=1).min() >= 2 and observed.sum(axis=0).min() >= 2
    assert 0.2 < observed.mean() < 0.45
    assert set(np.unique(data.complete * 2).astype(int)) <= set(range(1, 11))
    assert data.item_genres == [data.factor_names[i % 3] for i in range(15)]
    assert data.item_names[3] == "action film 2"
    same = generate_ratings(n_users=50, n_items=15, density=0.3, seed=3)
    np.testing.assert_array_equal(same.complete, data.complete)


def test_generate_ratings_rejects_bad_arguments():
    with pytest.raises(ValueError, match="density"):
        generate_ratings(density=0.0)
    with pytest.raises(ValueError, match="at least"):
        generate_ratings(n_users=1)


def test_als_step_solves_each_rows_ridge_regression():
    rng = np.random.default_rng(0)
    fixed = rng.normal(size=(8, 3))
    ratings = rng.normal(size=(5, 8))
    observed = rng.random((5, 8)) < 0.6
    observed[:, :2] = True
    got = als_step(fixed, ratings, observed, reg=0.5)
    for u in range(5):
        cols = [j for j in range(8) if observed[u, j]]
        A = sum(np.outer(fixed[j], fixed[j]) for j in cols) + 0.5 * np.eye(3)
        b = sum(ratings[u, j] * fixed[j] for j in cols)
        np.testing.assert_allclose(got[u], np.linalg.inv(A) @ b, atol=1e-10)
        # the gradient of the ridge loss is zero at the solution
        grad = sum((got[u] @ fixed[j] - ratings[u, j]) * fixed[j] for j in cols) + 0.5 * got[u]
        np.testing.assert_allclose(grad, 0.0, atol=1e-9)
    with pytest.raises(ValueError, match="shape"):
        als_step(fixed, ratings[:, :4], observed[:, :4], 0.5)


def test_matrix_factorization_fits_and_recovers_the_hidden_factors():
    data = generate_ratings(n_users=200, n_items=30, density=0.4, seed=1)
    result = matrix_factorization(data.ratings, d=3, reg=1.0, sweeps=15)
    assert result.train_rmse[-1] < result.train_rmse[0]
    held_out = rmse(result.predict(), data.complete, ~data.observed)
    baseline = rmse(np.full(data.ratings.shape, result.mean), data.complete, ~data.observed)
    assert held_out < 0.6 * baseline
    assert factor_recovery(result.item_vectors, data.item_factors).min() > 0.9
    assert factor_recovery(result.user_vectors, data.user_factors).min() > 0.9


def test_matrix_factorization_needs_a_rating_per_row_and_column():
    ratings = np.array([[1.0, np.nan], [np.nan, np.nan]])
    with pytest.raises(ValueError, match="at least one observed rating"):
        matrix_factorization(ratings)


def test_rmse_matches_a_loop_over_observed_entries():
    predicted = np.array([[1.0, 2.0], [3.0, 4.0]])
    actual = np.array([[2.0, np.nan], [3.0, 1.0]])
    expected = np.sqrt(((1 - 2) ** 2 + 0 + (4 - 1) ** 2) / 3)
    assert rmse(predicted, actual) == pytest.approx(expected)
    assert rmse(predicted, actual, np.array([[True, True], [False, False]])) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="same shape"):
        rmse(predicted, actual[0])


def test_nearest_items_and_recommend_match_sorted_loops():
    rng = np.random.default_rng(4)
    V = rng.normal(size=(12, 3))
    cos = [float(V[j] @ V[2] / np.linalg.norm(V[j]) / np.linalg.norm(V[2])) for j in range(12)]
    expected = sorted((j for j in range(12) if j != 2), key=lambda j: -cos[j])[:4]
    assert [j for j, _ in nearest_items(V, 2, k=4)] == expected
    predicted = rng.normal(size=(3, 12))
    ratings = np.where(rng.random((3, 12)) < 0.5, 3.0, np.nan)
    unseen = [j for j in range(12) if np.isnan(ratings[1, j])]
    best = sorted(unseen, key=lambda j: -predicted[1, j])[:3]
    assert [j for j, _ in recommend(predicted, ratings, 1, k=3)] == best
    with pytest.raises(IndexError, match="item must be"):
        nearest_items(V, 12)
    with pytest.raises(IndexError, match="user must be"):
        recommend(predicted, ratings, 5)


def test_factor_recovery_matches_lstsq_r2_and_is_invariant_to_invertible_maps():
    rng = np.random.default_rng(5)
    true = rng.normal(size=(100, 2))
    learned = true @ rng.normal(size=(2, 2)) + 0.3 * rng.normal(size=(100, 2))
    r2 = factor_recovery(learned, true)
    from sklearn.linear_model import LinearRegression

    for k in range(2):
        model = LinearRegression().fit(learned, true[:, k])
        assert r2[k] == pytest.approx(model.score(learned, true[:, k]))
    mixed = learned @ np.array([[2.0, 1.0], [0.5, -1.0]])
    np.testing.assert_allclose(factor_recovery(mixed, true), r2)
    with pytest.raises(ValueError, match="same number of rows"):
        factor_recovery(learned[:5], true)


def test_nearest_items_refusals_are_one_sentence():
    V = np.array([[1.0, 0.0], [0.0, 0.0], [0.5, 0.5]])
    with pytest.raises(ValueError, match="row 1 of the matrix is all zeros"):
        nearest_items(V, 0, k=1)
    with pytest.raises(ValueError, match="k must be a positive whole number, got -1"):
        nearest_items(np.eye(3), 0, k=-1)
    with pytest.raises(ValueError, match="item_vectors must be finite"):
        nearest_items(np.array([[1.0, np.nan], [1.0, 0.0]]), 0, k=1)
