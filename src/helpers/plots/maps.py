"""Maps of an embedding: labelled word groups drawn in 2-D or 3-D with PCA or t-SNE.

A 50- or 100-dimensional space cannot be looked at directly. A *map* places each word in two
or three dimensions so that, as far as possible, words close in the embedding stay close on
the page. Two classic ways, both from scikit-learn:

* **PCA** (:func:`pca_coordinates`): a *linear* projection onto the directions of largest
  variance. Distances are only shrunk, never invented, and directions mean the same thing
  everywhere on the map, but most of the variance (and so most of the structure) is usually
  lost in the dimensions that are thrown away.
* **t-SNE** (:func:`tsne_coordinates`): a *non-linear* map that tries to keep each word's
  nearest neighbours near it. Clusters come out clearly, but distances *between* clusters,
  cluster sizes and global directions are not meaningful.

:func:`neighbour_preservation` measures how much of each word's neighbourhood a map keeps,
and :func:`map_figure` draws the result with one colour and marker per group.

All coordinates are rounded (3 decimals by default) so that stored figures are identical on
every run, whatever the number of BLAS threads.

Examples
--------
>>> import numpy as np
>>> x = np.random.default_rng(0).normal(size=(20, 5))
>>> pca_coordinates(x, n_components=2).shape
(20, 2)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from helpers.plots.style import OKABE_ITO, style_figure

__all__ = [
    "MARKERS",
    "MARKERS_3D",
    "WORD_GROUPS",
    "cosine_distances",
    "group_words",
    "map_figure",
    "neighbour_preservation",
    "pca_coordinates",
    "plane_coordinates",
    "same_group_rate",
    "tsne_coordinates",
]

WORD_GROUPS: dict[str, tuple[str, ...]] = {
    "countries": (
        "france", "germany", "italy", "spain", "portugal", "greece", "russia", "china",
        "japan", "india", "brazil", "mexico", "canada", "egypt", "kenya", "nigeria",
        "australia", "sweden", "norway", "poland", "turkey", "iran", "iraq", "argentina",
        "chile", "peru", "vietnam", "thailand", "ireland", "austria", "hungary", "finland",
        "denmark", "cuba", "morocco", "indonesia", "pakistan", "ukraine",
    ),
    "capitals": (
        "paris", "berlin", "rome", "madrid", "lisbon", "athens", "moscow", "beijing",
        "tokyo", "delhi", "brasilia", "ottawa", "cairo", "nairobi", "canberra", "stockholm",
        "oslo", "warsaw", "ankara", "tehran", "baghdad", "santiago", "lima", "hanoi",
        "bangkok", "dublin", "vienna", "budapest", "helsinki", "copenhagen", "havana",
        "rabat", "jakarta", "islamabad", "kiev", "manila", "seoul", "damascus",
    ),
    "animals": (
        "dog", "cat", "horse", "cow", "pig", "sheep", "goat", "lion", "tiger", "elephant",
        "bear", "wolf", "fox", "rabbit", "mouse", "rat", "deer", "monkey", "giraffe", "zebra",
        "camel", "snake", "frog", "eagle", "owl", "duck", "chicken", "parrot", "whale",
        "dolphin", "shark", "salmon", "bee", "ant", "spider", "butterfly", "turtle", "donkey",
    ),
    "numbers": (
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
        "eighty", "ninety", "hundred", "thousand", "million", "billion", "dozen", "first",
        "second", "third", "fourth", "fifth", "half",
    ),
    "royalty and family": (
        "king", "queen", "prince", "princess", "emperor", "empress", "duke", "duchess",
        "monarch", "throne", "crown", "royal", "kingdom", "palace", "man", "woman", "boy",
        "girl", "father", "mother", "son", "daughter", "brother", "sister", "uncle", "aunt",
        "husband", "wife", "nephew", "niece", "grandfather", "grandmother", "he", "she",
        "his", "her", "mr", "mrs",
    ),
    "verbs": (
        "run", "walk", "swim", "eat", "drink", "sleep", "write", "read", "speak", "sing",
        "dance", "think", "know", "see", "hear", "give", "take", "buy", "sell", "build",
        "ran", "walked", "swam", "ate", "drank", "slept", "wrote", "spoke", "sang", "danced",
        "thought", "knew", "saw", "heard", "gave", "took", "bought", "sold",
    ),
    "colours": (
        "red", "blue", "green", "yellow", "black", "white", "orange", "purple", "pink",
        "brown", "grey", "gray", "violet", "golden", "silver", "crimson", "scarlet", "beige",
        "turquoise", "maroon", "navy", "indigo", "cyan", "magenta", "lavender", "ivory",
    ),
    "food": (
        "bread", "cheese", "butter", "milk", "egg", "rice", "pasta", "pizza", "soup",
        "salad", "apple", "banana", "orange", "grape", "lemon", "potato", "tomato", "carrot",
        "onion", "garlic", "beef", "pork", "sugar", "salt", "pepper", "chocolate", "cake",
        "coffee", "tea", "wine", "beer", "honey",
    ),
}  # fmt: skip
"""About 300 common English words in eight labelled groups, for maps of an embedding.

A word listed in two groups (``orange``) is kept only in the first one by :func:`group_words`.
"""

MARKERS: tuple[str, ...] = (
    "circle", "square", "diamond", "cross", "x", "triangle-up", "triangle-down", "star",
)  # fmt: skip
"""One marker symbol per group, so groups differ by shape as well as by colour."""

MARKERS_3D: tuple[str, ...] = (
    "circle", "square", "diamond", "cross", "x", "circle-open", "square-open", "diamond-open",
)  # fmt: skip
"""The same for 3-D scatters, which support fewer symbols."""


def group_words(
    groups: Mapping[str, Sequence[str]], vocabulary: object, per_group: int | None = None
) -> tuple[list[str], list[str]]:
    """The words of each group that the vocabulary knows, and the group label of each.

    Parameters
    ----------
    groups : dict of str to sequence of str
        Group label -> words, e.g. :data:`WORD_GROUPS`.
    vocabulary : container of str
        Anything supporting ``word in vocabulary`` (a :class:`~helpers.vectors.WordVectors`,
        a set, a list).
    per_group : int, optional
        Keep at most this many (known) words per group, in the given order.

    Returns
    -------
    words : list of str
        The kept words, group by group; each word appears once (its first group wins).
    labels : list of str
        The group label of each kept word.

    Examples
    --------
    >>> group_words({"pets": ["cat", "dog", "gnu"], "fruit": ["apple", "cat"]}, {"cat", "dog", "apple"})
    (['cat', 'dog', 'apple'], ['pets', 'pets', 'fruit'])
    """
    if per_group is not None and (isinstance(per_group, bool) or per_group < 1):
        raise ValueError(f"per_group must be a positive whole number or None, got {per_group!r}.")
    words: list[str] = []
    labels: list[str] = []
    seen: set[str] = set()
    for label, members in groups.items():
        if isinstance(members, str):
            raise TypeError(f"group {label!r} must be a list of words, not a single string.")
        kept = 0
        for word in members:
            if word in seen or word not in vocabulary:  # type: ignore[operator]
                continue
            if per_group is not None and kept >= per_group:
                break
            words.append(word)
            labels.append(label)
            seen.add(word)
            kept += 1
    return words, labels


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


def _check_components(n_components: int, largest: int) -> int:
    if isinstance(n_components, bool) or n_components not in (2, 3):
        raise ValueError(f"n_components must be 2 or 3 (a map on the page), got {n_components!r}.")
    if n_components > largest:
        raise ValueError(
            f"n_components={n_components} needs at least {n_components} points and dimensions."
        )
    return int(n_components)


def _round(x: np.ndarray, decimals: int) -> np.ndarray:
    return np.round(x, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0


def pca_coordinates(vectors: np.ndarray, n_components: int = 2, decimals: int = 3) -> np.ndarray:
    """Coordinates of each row on the first principal components (scikit-learn ``PCA``).

    Parameters
    ----------
    vectors : numpy.ndarray, shape (n, d)
        One point per row.
    n_components : {2, 3}
        Dimensions of the map.
    decimals : int
        Rounding of the result (deterministic figures).

    Returns
    -------
    numpy.ndarray, shape (n, n_components)
        The centred points projected on the top principal directions. Each direction's sign is
        fixed so that its largest-magnitude coordinate is positive.

    Examples
    --------
    >>> pca_coordinates(np.array([[0.0, 0.0], [2.0, 0.0], [4.0, 0.1]]), decimals=2)
    array([[-2.  , -0.02],
           [ 0.  ,  0.03],
           [ 2.  , -0.02]])
    """
    from sklearn.decomposition import PCA

    x = _check_points(vectors)
    k = _check_components(n_components, min(x.shape))
    coords = PCA(n_components=k, svd_solver="full").fit_transform(x)
    return _round(_fix_column_signs(coords), decimals)


def _fix_column_signs(coords: np.ndarray) -> np.ndarray:
    biggest = np.abs(coords).argmax(axis=0)
    signs = np.sign(coords[biggest, np.arange(coords.shape[1])])
    signs[signs == 0] = 1.0
    return coords * signs


def cosine_distances(vectors: np.ndarray, decimals: int = 6) -> np.ndarray:
    """The matrix of cosine distances ``1 − cos(x_i, x_j)``, rounded, with an exact zero diagonal.

    Parameters
    ----------
    vectors : numpy.ndarray, shape (n, d)
        One point per row (none may be all zeros).
    decimals : int
        Rounding (so that the same input gives bit-identical distances on any machine).

    Returns
    -------
    numpy.ndarray, shape (n, n)
        Symmetric, non-negative, zero on the diagonal.

    Examples
    --------
    >>> cosine_distances(np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]), decimals=4)
    array([[0.    , 1.    , 0.2929],
           [1.    , 0.    , 0.2929],
           [0.2929, 0.2929, 0.    ]])
    """
    x = _check_points(vectors)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    if (norms == 0).any():
        raise ValueError("cosine distances need non-zero vectors, but a row is all zeros.")
    unit = x / norms
    distances = np.clip(1.0 - unit @ unit.T, 0.0, 2.0)
    distances = _round((distances + distances.T) / 2.0, decimals)
    np.fill_diagonal(distances, 0.0)
    return distances


def tsne_coordinates(
    vectors: np.ndarray,
    n_components: int = 2,
    perplexity: float = 15.0,
    seed: int = 42,
    decimals: int = 3,
) -> np.ndarray:
    """A t-SNE map of the rows (scikit-learn ``TSNE``) using cosine distances.

    The inputs to t-SNE are made bit-identical on every machine first (rounded cosine
    distances, a PCA start rounded and scaled as scikit-learn's ``init="pca"`` does), because
    t-SNE's many iterations would otherwise magnify last-bit differences into a different map.

    Parameters
    ----------
    vectors : numpy.ndarray, shape (n, d)
        One point per row; a few hundred rows take a few seconds.
    n_components : {2, 3}
        Dimensions of the map.
    perplexity : float
        Roughly the number of neighbours each point tries to keep close (must be < n).
    seed : int
        Random seed of the optimisation.
    decimals : int
        Rounding of the result.

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
    if not 0 < perplexity < len(x):
        raise ValueError(
            f"perplexity must be between 0 and the number of points ({len(x)}), got {perplexity}."
        )
    distances = cosine_distances(x)
    start = pca_coordinates(x, n_components=k, decimals=6)
    start = start / start[:, 0].std() * 1e-4  # scikit-learn's scaling of its own PCA start
    tsne = TSNE(
        n_components=k,
        perplexity=perplexity,
        metric="precomputed",
        init=start,
        random_state=seed,
        method="barnes_hut" if k < 4 else "exact",
    )
    # One thread: scikit-learn's Barnes–Hut gradient is parallelised with OpenMP, whose
    # reductions make 3-D maps differ between thread counts, and on a busy 2-core machine its
    # spinning threads made a 300-word map take 20 s instead of 2 s.
    with threadpool_limits(limits=1):
        coords = tsne.fit_transform(distances)
    return _round(coords, decimals)


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
        d_high = cosine_distances(x, decimals=12)
    elif metric == "euclidean":
        d_high = _euclidean_matrix(x)
    else:
        raise ValueError(f'metric must be "cosine" or "euclidean", got {metric!r}.')
    d_low = _euclidean_matrix(y)
    near_high = _neighbour_sets(d_high, int(k))
    near_low = _neighbour_sets(d_low, int(k))
    shared = (near_high & near_low).sum(axis=1)
    return float(np.round(shared.mean() / k, 12))


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
        d = cosine_distances(x, decimals=12)
    elif metric == "euclidean":
        d = _euclidean_matrix(x)
    else:
        raise ValueError(f'metric must be "cosine" or "euclidean", got {metric!r}.')
    nearest = _neighbour_sets(d, 1).argmax(axis=1)
    label_array = np.asarray(labels)
    return float(np.mean(label_array[nearest] == label_array))


def _euclidean_matrix(x: np.ndarray) -> np.ndarray:
    squared = (x * x).sum(axis=1)
    d2 = np.maximum(squared[:, None] + squared[None, :] - 2.0 * x @ x.T, 0.0)
    return np.sqrt(d2)


def _neighbour_sets(distances: np.ndarray, k: int) -> np.ndarray:
    """Boolean matrix: row i marks the k nearest other points of i (ties: lower index first)."""
    d = distances.copy()
    np.fill_diagonal(d, np.inf)
    n = len(d)
    order = np.lexsort((np.broadcast_to(np.arange(n), d.shape), d), axis=1)[:, :k]
    marks = np.zeros(d.shape, dtype=bool)
    marks[np.arange(n)[:, None], order] = True
    return marks


def map_figure(
    coords: np.ndarray,
    words: Sequence[str],
    labels: Sequence[str],
    title: str,
    axis_titles: Sequence[str],
    *,
    show_text: bool = True,
    height: int = 560,
) -> go.Figure:
    """A 2-D or 3-D scatter of labelled words: one colour and marker per group, words on hover.

    Parameters
    ----------
    coords : numpy.ndarray, shape (n, 2) or (n, 3)
        Map coordinates (e.g. from :func:`pca_coordinates` or :func:`tsne_coordinates`).
    words, labels : sequence of str
        The word and the group of each row.
    title : str
        Figure title.
    axis_titles : sequence of str
        One title per axis (2 or 3).
    show_text : bool
        Write each word next to its marker (otherwise only on hover).
    height : int
        Figure height in pixels.

    Returns
    -------
    plotly.graph_objects.Figure
        One trace per group, in order of first appearance; colours from
        :data:`~helpers.plots.OKABE_ITO`, symbols from :data:`MARKERS`.

    Examples
    --------
    >>> fig = map_figure(np.array([[0.0, 1.0], [1.0, 0.0]]), ["a", "b"], ["x", "y"], "Map",
    ...                  ["first", "second"])
    >>> [trace.name for trace in fig.data]
    ['x', 'y']
    """
    points = np.asarray(coords, dtype=float)
    if points.ndim != 2 or points.shape[1] not in (2, 3):
        raise ValueError(f"coords must have shape (n, 2) or (n, 3), got {points.shape}.")
    if not len(words) == len(labels) == len(points):
        raise ValueError(
            f"coords, words and labels need one entry per point, got {len(points)}, "
            f"{len(words)} and {len(labels)}."
        )
    dims = points.shape[1]
    if len(axis_titles) != dims:
        raise ValueError(f"give {dims} axis titles for a {dims}-D map, got {len(axis_titles)}.")
    groups = list(dict.fromkeys(labels))
    if len(groups) > len(OKABE_ITO):
        raise ValueError(
            f"at most {len(OKABE_ITO)} groups can get distinct colour-blind-safe colours, "
            f"got {len(groups)}."
        )
    label_array = np.asarray(labels)
    mode = "markers+text" if show_text else "markers"
    fig = go.Figure()
    for g, group in enumerate(groups):
        rows = np.flatnonzero(label_array == group)
        names = [words[int(i)] for i in rows]
        style = {
            "color": OKABE_ITO[g],
            "symbol": (MARKERS if dims == 2 else MARKERS_3D)[g % len(MARKERS)],
            "size": 5 if dims == 3 else 8,
            "line": {"width": 0.5, "color": "#333333"},
        }
        common = {
            "mode": mode,
            "name": group,
            "text": names,
            "textposition": "top center",
            "textfont": {"size": 9},
            "marker": style,
        }
        if dims == 2:
            fig.add_trace(
                go.Scatter(
                    x=points[rows, 0],
                    y=points[rows, 1],
                    hovertemplate="%{text}<br>" + group + "<extra></extra>",
                    **common,
                )
            )
        else:
            fig.add_trace(
                go.Scatter3d(
                    x=points[rows, 0],
                    y=points[rows, 1],
                    z=points[rows, 2],
                    hovertemplate="%{text}<br>" + group + "<extra></extra>",
                    **common,
                )
            )
    style_figure(fig, title, axis_titles[0], axis_titles[1], height=height)
    fig.update_layout(legend_title_text="group")
    if dims == 3:
        fig.update_layout(
            scene={
                "xaxis_title": axis_titles[0],
                "yaxis_title": axis_titles[1],
                "zaxis_title": axis_titles[2],
            }
        )
    return fig


def plane_coordinates(
    points: np.ndarray, origin: np.ndarray, u: np.ndarray, v: np.ndarray, decimals: int = 3
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
    decimals : int
        Rounding of the result.

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
    >>> coords
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
    return _round(coords, decimals), kept
