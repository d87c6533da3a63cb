"""Maps of an embedding: each point placed in 2-D or 3-D with PCA or t-SNE, and how faithful that is.

A 50- or 100-dimensional space cannot be looked at directly. A *map* places each point in two
or three dimensions so that, as far as possible, points close in the embedding stay close on
the page. Two classic ways:

* **PCA** (:func:`pca_projection`, :func:`pca_coordinates`): a *linear* projection onto the
  directions of largest variance (centre the points, keep the top right singular vectors).
  Distances are only shrunk, never invented, and directions mean the same thing everywhere on
  the map, but most of the variance is usually lost in the dimensions that are thrown away.
* **t-SNE** (:func:`tsne_coordinates`, scikit-learn's ``TSNE``): a *non-linear* map that tries
  to keep each point's nearest neighbours near it. Clusters come out clearly, but distances
  *between* clusters, cluster sizes and global directions are not meaningful.

:func:`neighbour_preservation` and :func:`same_group_rate` measure how much of each point's
neighbourhood a map keeps; :func:`plane_coordinates` draws points in a chosen plane (an
analogy's parallelogram). The figures are drawn by :func:`helpers.plots.map_figure`.

Nothing here rounds its result. The one deliberate exception is inside :func:`tsne_coordinates`:
its *inputs* are made bit-identical on every machine (see there), because t-SNE's many
iterations would otherwise magnify last-bit differences into a visibly different map.

Examples
--------
>>> import numpy as np
>>> x = np.random.default_rng(0).normal(size=(20, 5))
>>> pca_coordinates(x, n_components=2).shape
(20, 2)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from helpers.notebook import SEED
from helpers.validate import positive_float, positive_int
from helpers.vectors.similarity import unit_rows

__all__ = [
    "PERPLEXITY",
    "cosine_distances",
    "neighbour_preservation",
    "pca_coordinates",
    "pca_projection",
    "plane_coordinates",
    "same_group_rate",
    "tsne_coordinates",
]

PERPLEXITY = 30.0
"""The default t-SNE perplexity (scikit-learn's): roughly how many neighbours each point keeps close."""

Projection = Callable[[np.ndarray], np.ndarray]


def _check_points(vectors: object, name: str = "vectors") -> np.ndarray:
    array = np.asarray(vectors, dtype=np.float64)
    if array.ndim != 2 or array.shape[0] < 2 or array.shape[1] < 1:
        raise ValueError(
            f"{name} must be a 2-D array of shape (n_points, n_dimensions) with at least two "
            f"points, got shape {array.shape}."
        )
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values.")
    return array


def _check_components(n_components: int, largest: int, name: str = "n_components") -> int:
    k = positive_int(n_components, name)
    if k > largest:
        raise ValueError(f"{name}={k} needs at least {k} points and {k} dimensions.")
    return k


def pca_projection(X_train: np.ndarray, d: int) -> Projection:
    """PCA learned on ``X_train``: centre, then keep the top ``d`` right singular vectors.

    Each direction's sign is fixed so that the training point farthest along it (largest
    magnitude) has a positive coordinate, so results are the same on every run. Returns a
    function mapping any ``(n, D)`` array to ``(n, d)`` (new points are centred with the
    training mean).

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [2.0, 0.0], [4.0, 0.1]])
    >>> np.round(pca_projection(X, 1)(X).ravel(), 2) + 0.0
    array([-2.,  0.,  2.])
    """
    x = _check_points(X_train, "X_train")
    d = _check_components(d, min(x.shape), "d")
    mean = x.mean(axis=0)
    _, _, vt = np.linalg.svd(x - mean, full_matrices=False)
    components = vt[:d]
    train = (x - mean) @ components.T
    biggest = np.abs(train).argmax(axis=0)
    signs = np.sign(train[biggest, np.arange(d)])
    signs[signs == 0] = 1.0
    components = components * signs[:, None]
    return lambda X: (np.asarray(X, dtype=np.float64) - mean) @ components.T


def pca_coordinates(vectors: np.ndarray, n_components: int = 2) -> np.ndarray:
    """Coordinates of each row on its first principal components: ``pca_projection(x, k)(x)``.

    Parameters
    ----------
    vectors : numpy.ndarray, shape (n, d)
        One point per row.
    n_components : int
        Dimensions of the map (2 or 3 to draw it).

    Returns
    -------
    numpy.ndarray, shape (n, n_components)
        The centred points projected on the top principal directions (signs fixed so that
        each column's largest-magnitude coordinate is positive).

    Examples
    --------
    >>> np.round(pca_coordinates(np.array([[0.0, 0.0], [2.0, 0.0], [4.0, 0.1]])), 2) + 0.0
    array([[-2.  , -0.02],
           [ 0.  ,  0.03],
           [ 2.  , -0.02]])
    """
    x = _check_points(vectors)
    return pca_projection(x, _check_components(n_components, min(x.shape)))(x)


def cosine_distances(vectors: np.ndarray) -> np.ndarray:
    """The matrix of cosine distances ``1 − cos(x_i, x_j)``: symmetric, exact zero diagonal.

    Parameters
    ----------
    vectors : numpy.ndarray, shape (n, d)
        One point per row (none may be all zeros).

    Returns
    -------
    numpy.ndarray, shape (n, n)
        Symmetric, between 0 and 2, zero on the diagonal.

    Examples
    --------
    >>> np.round(cosine_distances(np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])), 4) + 0.0
    array([[0.    , 1.    , 0.2929],
           [1.    , 0.    , 0.2929],
           [0.2929, 0.2929, 0.    ]])
    """
    unit = unit_rows(_check_points(vectors), "vectors")
    distances = np.clip(1.0 - unit @ unit.T, 0.0, 2.0)
    distances = (distances + distances.T) / 2.0
    np.fill_diagonal(distances, 0.0)
    return distances


def _euclidean_distances(x: np.ndarray) -> np.ndarray:
    squared = (x * x).sum(axis=1)
    d2 = np.maximum(squared[:, None] + squared[None, :] - 2.0 * x @ x.T, 0.0)
    distances = np.sqrt((d2 + d2.T) / 2.0)
    np.fill_diagonal(distances, 0.0)
    return distances


def tsne_coordinates(
    vectors: np.ndarray,
    n_components: int = 2,
    perplexity: float = PERPLEXITY,
    seed: int = SEED,
    metric: str = "cosine",
    max_iter: int = 1000,
) -> np.ndarray:
    """A t-SNE map of the rows (scikit-learn's ``TSNE``, started from the PCA map).

    Reproducible on every machine: t-SNE runs on one thread, and its two inputs, the distance
    matrix and the PCA start, are rounded to 6 decimals first, so that last-bit differences
    (BLAS thread counts change them) cannot grow over the iterations into a different map.

    Parameters
    ----------
    vectors : numpy.ndarray, shape (n, d)
        One point per row; a few hundred rows take a few seconds, 500 about ten.
    n_components : {2, 3}
        Dimensions of the map.
    perplexity : float
        Roughly the number of neighbours each point tries to keep close (< n).
    seed : int
        Passed to scikit-learn as ``random_state``. With the PCA start it changes nothing: the
        map is deterministic, and only the perplexity or the start moves it.
    metric : {"cosine", "euclidean"}
        Distance between the rows (cosine for word vectors, Euclidean for pixels).
    max_iter : int
        Optimisation steps (at least 250).

    Returns
    -------
    numpy.ndarray, shape (n, n_components)

    Examples
    --------
    >>> x = np.random.default_rng(0).normal(size=(30, 5))
    >>> tsne_coordinates(x, perplexity=5).shape
    (30, 2)
    """
    from sklearn.manifold import TSNE
    from threadpoolctl import threadpool_limits

    x = _check_points(vectors)
    k = _check_components(n_components, min(x.shape))
    if k > 3:
        raise ValueError(f"n_components must be 2 or 3 (a map on the page), got {k}.")
    perplexity = positive_float(perplexity, "perplexity")
    if perplexity >= len(x):
        raise ValueError(
            f"perplexity must be between 0 and the number of points ({len(x)}), got {perplexity}."
        )
    max_iter = positive_int(max_iter, "max_iter")
    if metric == "cosine":
        distances = cosine_distances(x)
    elif metric == "euclidean":
        distances = _euclidean_distances(x) ** 2  # squared, as scikit-learn's own "euclidean"
    else:
        raise ValueError(f'metric must be "cosine" or "euclidean", got {metric!r}.')
    distances = np.round(distances, 6)  # bit-identical input (see above), not for printing
    start = np.round(pca_coordinates(x, n_components=k), 6)
    start = start / start[:, 0].std() * 1e-4  # scikit-learn's scaling of its own PCA start
    tsne = TSNE(
        n_components=k,
        perplexity=perplexity,
        metric="precomputed",
        init=start,
        random_state=seed,
        max_iter=max_iter,
        method="barnes_hut",
    )
    # One thread: scikit-learn's Barnes–Hut gradient is parallelised with OpenMP, whose
    # reductions make maps differ between thread counts, and on a busy 2-core machine its
    # spinning threads made a 300-word map take 20 s instead of 2 s.
    with threadpool_limits(limits=1):
        return np.asarray(tsne.fit_transform(distances), dtype=np.float64)


def neighbour_preservation(
    high: np.ndarray, low: np.ndarray, k: int = 10, metric: str = "cosine"
) -> float:
    """How much of each point's neighbourhood a map keeps: mean overlap of k-nearest-neighbour sets.

    For every point, take its ``k`` nearest neighbours in the original space (by ``metric``)
    and its ``k`` nearest neighbours on the map (Euclidean), and count how many are shared.
    The result is the shared fraction averaged over all points: 1 means every neighbourhood
    survived, and a random map scores about ``k / (n − 1)``.

    Parameters
    ----------
    high : numpy.ndarray, shape (n, d)
        The original vectors.
    low : numpy.ndarray, shape (n, m)
        Their map coordinates, same row order.
    k : int
        Neighbourhood size (1 ≤ k < n).
    metric : {"cosine", "euclidean"}
        Distance in the original space.

    Returns
    -------
    float
        Between 0 and 1.

    Examples
    --------
    >>> x = np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 0.0], [6.0, 0.0]])
    >>> neighbour_preservation(x, x[:, :1], k=1, metric="euclidean")
    1.0
    """
    x = _check_points(high, "high")
    y = _check_points(low, "low")
    if len(x) != len(y):
        raise ValueError(
            f"high and low must have one row per point each, got {len(x)} and {len(y)} rows."
        )
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 1 <= k < len(x):
        raise ValueError(f"k must be a whole number from 1 to {len(x) - 1}, got {k!r}.")
    if metric == "cosine":
        d_high = cosine_distances(x)
    elif metric == "euclidean":
        d_high = _euclidean_distances(x)
    else:
        raise ValueError(f'metric must be "cosine" or "euclidean", got {metric!r}.')
    d_low = _euclidean_distances(y)
    near_high = _neighbour_sets(d_high, int(k))
    near_low = _neighbour_sets(d_low, int(k))
    shared = (near_high & near_low).sum(axis=1)
    return float(shared.mean() / k)


def same_group_rate(points: np.ndarray, labels: Sequence[str], metric: str = "euclidean") -> float:
    """The share of points whose single nearest neighbour has the same group label.

    Computed in the full space (``metric="cosine"``) and on a map (``"euclidean"``), it says
    whether the map keeps groups together as well as the space itself does.

    Parameters
    ----------
    points : numpy.ndarray, shape (n, d)
        Vectors or map coordinates.
    labels : sequence of str
        The group of each point.
    metric : {"euclidean", "cosine"}
        Distance used to find each point's nearest neighbour (ties: lower index).

    Returns
    -------
    float
        Between 0 and 1.

    Examples
    --------
    >>> same_group_rate(np.array([[0.0], [0.1], [5.0], [5.2]]), ["a", "a", "b", "b"])
    1.0
    """
    x = _check_points(points, "points")
    if len(labels) != len(x):
        raise ValueError(f"give one label per point: {len(x)} points but {len(labels)} labels.")
    if metric == "cosine":
        d = cosine_distances(x)
    elif metric == "euclidean":
        d = _euclidean_distances(x)
    else:
        raise ValueError(f'metric must be "cosine" or "euclidean", got {metric!r}.')
    nearest = _neighbour_sets(d, 1).argmax(axis=1)
    label_array = np.asarray(labels)
    return float(np.mean(label_array[nearest] == label_array))


def _neighbour_sets(distances: np.ndarray, k: int) -> np.ndarray:
    """Boolean matrix: row i marks the k nearest other points of i (ties: lower index first)."""
    d = distances.copy()
    np.fill_diagonal(d, np.inf)
    n = len(d)
    order = np.lexsort((np.broadcast_to(np.arange(n), d.shape), d), axis=1)[:, :k]
    marks = np.zeros(d.shape, dtype=bool)
    marks[np.arange(n)[:, None], order] = True
    return marks


def plane_coordinates(
    points: np.ndarray, origin: np.ndarray, u: np.ndarray, v: np.ndarray
) -> tuple[np.ndarray, float]:
    """Coordinates of points in the plane through ``origin`` spanned by directions ``u`` and ``v``.

    ``u`` is normalised to the first axis; ``v`` is made orthogonal to it (Gram–Schmidt) for
    the second. This is how an analogy's parallelogram is drawn *faithfully*: choose the plane
    of the two offsets (e.g. ``u = king − man``, ``v = woman − man`` with ``origin = man``), so
    the four words' offsets are shown without the distortion of a generic projection.

    Parameters
    ----------
    points : numpy.ndarray, shape (n, d)
        The points to place.
    origin : numpy.ndarray, shape (d,)
        The point at (0, 0).
    u, v : numpy.ndarray, shape (d,)
        Two directions that are not parallel.
    Returns
    -------
    coords : numpy.ndarray, shape (n, 2)
        In-plane coordinates of each point.
    kept : float
        The fraction of the points' squared distance from ``origin`` that lies in the plane
        (1.0: all points lie in the plane; the rest of each offset is not shown).

    Examples
    --------
    >>> pts = np.array([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [1.0, 1.0, 1.0]])
    >>> coords, kept = plane_coordinates(pts, np.zeros(3), np.array([2.0, 0, 0]), np.array([1.0, 1, 0]))
    >>> np.round(coords, 4) + 0.0
    array([[1., 0.],
           [0., 2.],
           [1., 1.]])
    >>> round(kept, 4)
    0.875
    """
    x = np.asarray(points, dtype=np.float64)
    o = np.asarray(origin, dtype=np.float64)
    a = np.asarray(u, dtype=np.float64)
    b = np.asarray(v, dtype=np.float64)
    if x.ndim != 2 or o.shape != (x.shape[1],) or a.shape != o.shape or b.shape != o.shape:
        raise ValueError(
            "points must have shape (n, d) and origin, u and v shape (d,), got "
            f"{x.shape}, {o.shape}, {a.shape} and {b.shape}."
        )
    norm_a = float(np.linalg.norm(a))
    e1 = a / norm_a if norm_a > 0 else a
    rest = b - (b @ e1) * e1
    if norm_a == 0 or float(np.linalg.norm(rest)) <= 1e-12 * max(float(np.linalg.norm(b)), 1.0):
        raise ValueError("u and v must be two non-zero, non-parallel directions to span a plane.")
    e2 = rest / np.linalg.norm(rest)
    offsets = x - o
    coords = np.stack([offsets @ e1, offsets @ e2], axis=1)
    total = float((offsets**2).sum())
    kept = float((coords**2).sum()) / total if total > 0 else 1.0
    return coords, kept
