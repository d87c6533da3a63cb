"""Tests for helpers.images against scikit-learn and brute-force references."""

import numpy as np
import pytest
from sklearn.decomposition import PCA
from sklearn.neighbors import KNeighborsClassifier

from helpers.beyond.images import (
    knn_accuracy,
    load_digit_images,
    mlp_projection,
    nearest_images,
    train_test_indices,
)
from helpers.projection import pca_projection, random_projection, tsne_coordinates


@pytest.fixture(scope="module")
def digits():
    return load_digit_images()


def test_digits_are_1797_scaled_images(digits):
    assert digits.X.shape == (1797, 64) and digits.images.shape == (1797, 8, 8)
    assert digits.X.min() == 0.0 and digits.X.max() == 1.0
    np.testing.assert_array_equal(digits.images.reshape(1797, 64), digits.X)


def test_split_is_a_seeded_partition():
    train, test = train_test_indices(100, 0.25, seed=1)
    assert len(test) == 25 and np.intersect1d(train, test).size == 0
    np.testing.assert_array_equal(train_test_indices(100, 0.25, seed=1)[1], test)
    with pytest.raises(ValueError, match="test_fraction"):
        train_test_indices(10, 1.5)


def test_pca_projection_matches_sklearn_up_to_sign(digits):
    X = digits.X[:400]
    ours = pca_projection(X, 5)(digits.X[400:450])
    ref = PCA(n_components=5, svd_solver="full").fit(X).transform(digits.X[400:450])
    for k in range(5):
        sign = np.sign(ours[:, k] @ ref[:, k])
        np.testing.assert_allclose(ours[:, k], sign * ref[:, k], atol=1e-8)


def test_random_projection_is_linear_and_seeded():
    X = np.random.default_rng(0).random((6, 64))
    project = random_projection(X, 3, seed=2)
    np.testing.assert_allclose(project(X[:2] + X[2:4]), project(X[:2]) + project(X[2:4]))
    np.testing.assert_array_equal(project(X), random_projection(X, 3, seed=2)(X))
    with pytest.raises(ValueError, match="d must be"):
        random_projection(X, 65)


def test_mlp_projection_is_the_relu_hidden_layer_and_learns(digits):
    train, test = train_test_indices(1797, seed=0)
    project = mlp_projection(digits.X[train], digits.y[train], d=8, max_iter=200)
    Z = project(digits.X[test])
    assert Z.shape == (len(test), 8) and Z.min() >= 0.0
    learned = knn_accuracy(project(digits.X[train]), digits.y[train], Z, digits.y[test])
    rand = random_projection(digits.X[train], 8)
    random = knn_accuracy(
        rand(digits.X[train]), digits.y[train], rand(digits.X[test]), digits.y[test]
    )
    assert learned > random + 0.05


def test_knn_accuracy_matches_sklearn_and_a_brute_force_vote(digits):
    Z_train, y_train = digits.X[:300], digits.y[:300]
    Z_test, y_test = digits.X[300:360], digits.y[300:360]
    ref = KNeighborsClassifier(n_neighbors=3).fit(Z_train, y_train).score(Z_test, y_test)
    assert knn_accuracy(Z_train, y_train, Z_test, y_test, k=1) == pytest.approx(
        np.mean(
            [
                y_train[np.argmin(((Z_train - z) ** 2).sum(1))] == t
                for z, t in zip(Z_test, y_test, strict=True)
            ]
        )
    )
    assert knn_accuracy(Z_train, y_train, Z_test, y_test, k=3) == pytest.approx(ref)
    with pytest.raises(ValueError, match="same number of columns"):
        knn_accuracy(Z_train, y_train, Z_test[:, :5], y_test)


def test_nearest_images_match_a_sorted_loop():
    Z = np.random.default_rng(3).normal(size=(40, 4))
    dist = [float(np.sqrt(((Z[j] - Z[7]) ** 2).sum())) for j in range(40)]
    expected = sorted((j for j in range(40) if j != 7), key=lambda j: dist[j])[:5]
    assert nearest_images(Z, 7, k=5).tolist() == expected
    with pytest.raises(IndexError, match="index must be"):
        nearest_images(Z, 40)


def test_tsne_map_is_reproducible_and_keeps_neighbours(digits):
    X = digits.X[:200]
    Y = tsne_coordinates(X, seed=0, perplexity=10, max_iter=250, metric="euclidean")
    assert Y.shape == (200, 2)
    np.testing.assert_array_equal(
        Y, tsne_coordinates(X, seed=0, perplexity=10, max_iter=250, metric="euclidean")
    )
    # most points' nearest map neighbour shows the same digit
    nearest = [nearest_images(Y, i, k=1)[0] for i in range(200)]
    assert np.mean(digits.y[:200][nearest] == digits.y[:200]) > 0.7
    with pytest.raises(ValueError, match="perplexity"):
        tsne_coordinates(X[:20], perplexity=30, metric="euclidean")


def test_nearest_images_refusals_are_one_sentence():
    with pytest.raises(ValueError, match="k must be a positive whole number, got -1"):
        nearest_images(np.eye(3), 0, k=-1)
    with pytest.raises(ValueError, match="Z must be finite"):
        nearest_images(np.array([[1.0, np.nan], [1.0, 0.0]]), 0, k=1)
