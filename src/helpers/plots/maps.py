"""Figures of maps: labelled word groups drawn in 2-D or 3-D, one colour and marker per group.

The coordinates come from :mod:`helpers.projection.maps` (PCA, t-SNE, a chosen plane);
:data:`WORD_GROUPS` and :func:`group_words` pick the words, :func:`map_figure` draws them. The
figure shows coordinates to ``decimals`` places (3 by default): that is presentation, so that a
stored figure is the same on every run whatever the number of BLAS threads; the coordinates
themselves are never rounded.

Examples
--------
>>> import numpy as np
>>> fig = map_figure(np.array([[0.0, 1.0], [1.0, 0.0]]), ["a", "b"], ["x", "y"], "Map", ["u", "v"])
>>> len(fig.data)
2
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from helpers.plots.style import OKABE_ITO, style_figure
from helpers.validate import positive_int

__all__ = ["MARKERS", "MARKERS_3D", "WORD_GROUPS", "group_words", "map_figure", "words_to_label"]

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
    "circle", "square", "diamond-open", "cross", "x", "circle-open", "square-open", "diamond",
)  # fmt: skip
"""One marker symbol per group, so groups differ by shape as well as by colour.

Only the eight symbols that 3-D scatters support too, so a group keeps its symbol from a 2-D map
to a 3-D one; the open (outline-only) ones go to dark colours of
:data:`~helpers.plots.OKABE_ITO`, and its grey gets a filled symbol.
"""

MARKERS_3D: tuple[str, ...] = MARKERS
"""The symbols of 3-D scatters: the same as :data:`MARKERS`."""


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
    if per_group is not None:
        per_group = positive_int(per_group, "per_group")
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


def map_figure(
    coords: np.ndarray,
    words: Sequence[str],
    labels: Sequence[str],
    title: str,
    axis_titles: Sequence[str],
    *,
    show_text: bool = True,
    height: int = 560,
    decimals: int = 3,
    label_per_group: int | None = None,
) -> go.Figure:
    """A 2-D or 3-D scatter of labelled words: one colour and marker per group, words on hover.

    Parameters
    ----------
    coords : numpy.ndarray, shape (n, 2) or (n, 3)
        Map coordinates (e.g. from :func:`helpers.projection.pca_coordinates` or
        :func:`helpers.projection.tsne_coordinates`).
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
    decimals : int
        Decimals of the coordinates stored in the figure (presentation only).
    label_per_group : int, optional
        Write only this many words of each group on the map (the first ones in ``words`` that
        do not land on an already written word; see :func:`words_to_label`); every word still
        shows on hover. By default every word is written (when ``show_text``).

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
    points = np.round(points, decimals) + 0.0  # what the figure shows (+ 0.0: no "-0")
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
    written = (
        words_to_label(points, labels, positive_int(label_per_group, "label_per_group"))
        if label_per_group is not None
        else None
    )
    fig = go.Figure()
    for g, group in enumerate(groups):
        rows = np.flatnonzero(label_array == group)
        names = [words[int(i)] for i in rows]
        symbol = (MARKERS if dims == 2 else MARKERS_3D)[g % len(MARKERS)]
        style = {
            "color": OKABE_ITO[g],
            "symbol": symbol,
            "size": 5 if dims == 3 else 8,
            # an open symbol is drawn by its outline alone, in the group's colour
            "line": {"width": 1.5 if symbol.endswith("-open") else 0.5, "color": "#333333"},
        }
        common: dict[str, object] = {
            "mode": mode,
            "name": group,
            "text": names,
            "textposition": "top center",
            "textfont": {"size": 12},
            "marker": style,
            "hovertemplate": "%{text}<br>" + group + "<extra></extra>",
        }
        if written is not None:  # a few words written, every word on hover
            common["text"] = [words[int(i)] if int(i) in written else "" for i in rows]
            common["customdata"] = names
            common["hovertemplate"] = "%{customdata}<br>" + group + "<extra></extra>"
        if dims == 2:
            fig.add_trace(go.Scatter(x=points[rows, 0], y=points[rows, 1], **common))
        else:
            fig.add_trace(
                go.Scatter3d(x=points[rows, 0], y=points[rows, 1], z=points[rows, 2], **common)
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


def words_to_label(
    coords: np.ndarray, labels: Sequence[str], per_group: int, min_gap: float = 0.08
) -> set[int]:
    """The rows whose word a map writes: up to ``per_group`` per group, not on top of each other.

    Rows are taken in order, group by group in turns (first word of every group, then the
    second, ...); a row closer than ``min_gap`` × the map's extent to a row already chosen is
    skipped, so labels do not overplot.

    Examples
    --------
    >>> xy = np.array([[0.0, 0.0], [0.01, 0.0], [1.0, 1.0], [0.0, 1.0]])
    >>> sorted(words_to_label(xy, ["a", "a", "b", "a"], per_group=2))
    [0, 2, 3]
    """
    points = np.asarray(coords, dtype=float)
    extent = float(np.ptp(points, axis=0).max()) if len(points) else 0.0
    gap = min_gap * extent
    members: dict[str, list[int]] = {}
    for row, label in enumerate(labels):
        members.setdefault(label, []).append(row)
    queues = {label: list(rows) for label, rows in members.items()}
    counts = dict.fromkeys(members, 0)
    chosen: list[int] = []
    progress = True
    while progress:
        progress = False
        for label, queue in queues.items():
            while queue and counts[label] < per_group:
                row = queue.pop(0)
                if all(np.linalg.norm(points[row] - points[c]) >= gap for c in chosen):
                    chosen.append(row)
                    counts[label] += 1
                    progress = True
                    break
    return set(chosen)
