"""Images as embeddings: 8 × 8 handwritten digits as 64-d vectors, projected to a few dimensions.

scikit-learn ships a small data set of 1 797 handwritten digits (``sklearn.datasets.load_digits``,
from the UCI ML hand-written digits collection): each image is 8 × 8 grey levels 0–16, i.e. a
point in R⁶⁴. A good low-dimensional embedding keeps images of the same digit close together;
we measure that with the accuracy of a k-nearest-neighbour classifier in the embedding space.

Three projections R⁶⁴ → Rᵈ are compared: a random one
(:func:`helpers.projection.random_projection`), PCA (:func:`helpers.projection.pca_projection`,
learned from the pixels alone) and the hidden layer of a small neural network trained to
recognise the digits (:func:`mlp_projection`, here). Maps are drawn with
:func:`helpers.projection.tsne_coordinates`.

Examples
--------
>>> digits = load_digit_images()
>>> digits.X.shape, digits.images.shape, sorted(set(digits.y.tolist()))[:3]
((1797, 64), (1797, 8, 8), [0, 1, 2])
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from helpers.notebook import SEED
from helpers.validate import positive_int, real_matrix
from helpers.vectors.similarity import top_k

__all__ = [
    "DigitImages",
    "knn_accuracy",
    "load_digit_images",
    "mlp_projection",
    "nearest_images",
    "train_test_indices",
]

Projection = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class DigitImages:
    """The digits data set.

    Attributes
    ----------
    X : numpy.ndarray
        ``(1797, 64)`` pixel vectors scaled to [0, 1].
    y : numpy.ndarray
        ``(1797,)`` the digit 0–9 each image shows.
    images : numpy.ndarray
        ``(1797, 8, 8)`` the same pixels as images.
    """

    X: np.ndarray
    y: np.ndarray
    images: np.ndarray


def load_digit_images() -> DigitImages:
    """Load scikit-learn's bundled handwritten digits (no download), pixels scaled to [0, 1]."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return DigitImages(
        X=bunch.data.astype(np.float64) / 16.0,
        y=bunch.target.astype(np.int64),
        images=bunch.images.astype(np.float64) / 16.0,
    )


def train_test_indices(
    n: int, test_fraction: float = 0.3, seed: int = SEED
) -> tuple[np.ndarray, np.ndarray]:
    """A seeded random split of ``range(n)`` into sorted train and test indices.

    Examples
    --------
    >>> train, test = train_test_indices(10, 0.3, seed=0)
    >>> len(train), len(test), sorted(np.concatenate([train, test]).tolist()) == list(range(10))
    (7, 3, True)
    """
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}.")
    order = np.random.default_rng(seed).permutation(n)
    n_test = round(n * test_fraction)
    return np.sort(order[n_test:]), np.sort(order[:n_test])


def _check_dim(d: int, n_features: int) -> None:
    if isinstance(d, bool) or not isinstance(d, int | np.integer) or not 1 <= d <= n_features:
        raise ValueError(f"d must be a whole number from 1 to {n_features}, got {d!r}.")


def mlp_projection(
    X_train: np.ndarray, y_train: np.ndarray, d: int, seed: int = SEED, max_iter: int = 300
) -> Projection:
    """Train a one-hidden-layer network (scikit-learn's ``MLPClassifier``) and use its hidden layer.

    The network maps 64 pixels → ``d`` hidden units (ReLU) → 10 digit scores. Training to
    recognise digits forces the ``d`` hidden units to keep what tells digits apart: the hidden
    activations are a *learned* embedding. Returns a function mapping ``(n, 64)`` to ``(n, d)``.

    Examples
    --------
    >>> digits = load_digit_images()
    >>> project = mlp_projection(digits.X[:300], digits.y[:300], d=4, max_iter=50)
    >>> project(digits.X[:2]).shape
    (2, 4)
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X_train = np.asarray(X_train, dtype=np.float64)
    _check_dim(d, X_train.shape[1])
    model = MLPClassifier(hidden_layer_sizes=(d,), max_iter=max_iter, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X_train, y_train)
    W, b = model.coefs_[0], model.intercepts_[0]
    return lambda X: np.maximum(np.asarray(X, dtype=np.float64) @ W + b, 0.0)


def knn_accuracy(
    Z_train: np.ndarray, y_train: np.ndarray, Z_test: np.ndarray, y_test: np.ndarray, k: int = 5
) -> float:
    """Accuracy of a k-nearest-neighbour vote (Euclidean distance) in an embedding space.

    Examples
    --------
    >>> Z = np.array([[0.0], [0.1], [5.0], [5.1]])
    >>> knn_accuracy(Z, np.array([0, 0, 1, 1]), np.array([[0.2], [4.9]]), np.array([0, 1]), k=1)
    1.0
    """
    from sklearn.neighbors import KNeighborsClassifier

    Z_train = real_matrix(Z_train, "Z_train").astype(np.float64, copy=False)
    Z_test = real_matrix(Z_test, "Z_test").astype(np.float64, copy=False)
    if Z_train.shape[1] != Z_test.shape[1]:
        raise ValueError(
            f"Z_train and Z_test must have the same number of columns, got {Z_train.shape} and {Z_test.shape}."
        )
    y_train, y_test = np.asarray(y_train), np.asarray(y_test)
    for name, labels, points in (("y_train", y_train, Z_train), ("y_test", y_test, Z_test)):
        if labels.shape != (len(points),):
            raise ValueError(
                f"{name} must hold one label per row ({len(points)}), got shape {labels.shape}."
            )
    k = positive_int(k, "k")
    if k > len(Z_train):
        raise ValueError(f"k must be at most {len(Z_train)} (the training rows), got {k}.")
    classifier = KNeighborsClassifier(n_neighbors=k, algorithm="brute")
    classifier.fit(Z_train, y_train)
    return float(np.mean(classifier.predict(Z_test) == np.asarray(y_test)))


def nearest_images(Z: np.ndarray, index: int, k: int = 5) -> np.ndarray:
    """Indices of the ``k`` rows of ``Z`` closest (Euclidean) to row ``index``, itself left out.

    Ties are broken by index, so the answer is reproducible.

    Examples
    --------
    >>> nearest_images(np.array([[0.0], [3.0], [1.0], [1.0]]), 0, k=2)
    array([2, 3])
    """
    Z = real_matrix(Z, "Z").astype(np.float64, copy=False)
    if (
        isinstance(index, bool)
        or not isinstance(index, int | np.integer)
        or not 0 <= index < len(Z)
    ):
        raise IndexError(f"index must be a whole number from 0 to {len(Z) - 1}, got {index!r}.")
    k = positive_int(k, "k")
    if k >= len(Z):
        raise ValueError(f"k must be at most {len(Z) - 1} (the other rows), got {k}.")
    distances = np.linalg.norm(Z - Z[index], axis=1)
    closest = top_k(-distances, k, exclude=[int(index)])  # smallest distance = largest score
    return np.array([i for i, _ in closest], dtype=np.int64)
