"""Exercises of notebook 02 (co-occurrence): cases, references and diagnoses (keys "2.x").

* 2.1 ``count_cooccurrences(sentences, vocab_size, window)``: windowed counts, with loops;
* 2.2 ``ppmi(table, alpha)``: PPMI with context-distribution smoothing, for a dense table;
* 2.3 ``nearest_rows(matrix, row, k)``: the ``k`` rows most similar to one row by cosine.

Every case is built from this module's own seeded generator, so checking changes no other random
number in the notebook. The diagnoses recompute the usual mistakes (a window one position short, a
negative index at a sentence start, no smoothing, the query not left out, ...) and name the one
that matches. See :mod:`helpers.exercises.language_model` for the pattern.

Examples
--------
>>> count_cooccurrences([[0, 1, 0]], vocab_size=2, window=1)
array([[0., 2.],
       [2., 0.]])
>>> nearest_rows(np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 0.2]]), 0, k=2)
[2, 1]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from helpers.counting import cooccurrence_matrix, most_similar_rows
from helpers.counting import ppmi as sparse_ppmi
from helpers.exercises.checks import close
from helpers.exercises.registry import Exercise, register

__all__ = ["count_cooccurrences", "nearest_rows", "ppmi_dense"]

SEED = 201
"""The seed of every case in this module (independent of the notebook's generator)."""


# --------------------------------------------------------------------------------------------
# References


def count_cooccurrences(
    sentences: Sequence[Sequence[int]], vocab_size: int, window: int
) -> np.ndarray:
    """Symmetric window counts as a dense float array (exercise 2.1).

    The course's fast helper :func:`helpers.counting.cooccurrence_matrix`, as a dense array.
    """
    ids = [np.asarray(s, dtype=np.int64) for s in sentences]
    return cooccurrence_matrix(ids, vocab_size, window).toarray()


def ppmi_dense(table: np.ndarray, alpha: float) -> np.ndarray:
    """PPMI with context smoothing ``alpha`` of a dense table of counts (exercise 2.2).

    The course's sparse helper :func:`helpers.counting.ppmi`, as a dense array.
    """
    return sparse_ppmi(table, alpha=alpha).toarray()


def nearest_rows(matrix: np.ndarray, row: int, k: int) -> list[int]:
    """The ``k`` rows most similar to row ``row`` by cosine, best first, itself left out (2.3).

    Equal cosines keep the lower row index first (as :func:`helpers.counting.most_similar_rows`).
    """
    norms = np.linalg.norm(matrix, axis=1)
    cosines = matrix @ matrix[row] / (norms * norms[row])
    order = np.argsort(-cosines, kind="stable")
    return [int(j) for j in order if j != row][:k]


# --------------------------------------------------------------------------------------------
# Cases

HAND_TABLE = np.array([[12, 8, 6, 4, 0, 0], [10, 7, 2, 1, 0, 1], [14, 9, 0, 0, 7, 0]], dtype=float)
"""Notebook 02's worked example: music, poetry, river × the, of, songs, folk, water, dithyrambic."""


def _count_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED)
    # shown as values: a window at each sentence start, an empty and a one-word sentence,
    # a word next to itself ("2, 2"), and a window longer than a sentence
    hand = [[0, 1, 2, 1, 3], [], [3], [2, 2, 0]]
    lengths = (9, 4, 1, 0, 12)
    random_corpus = [rng.integers(0, 7, size=n) for n in lengths]
    longer = [rng.integers(0, 5, size=n) for n in (6, 11, 3)]
    # first a case whose sentences are all longer than the window, so that a window that runs
    # past a sentence start gives wrong counts (diagnosed) rather than an IndexError; window 1
    # comes after window 2, as "one position short on one side" is "one side only" at window 1
    plain = [rng.integers(0, 6, size=n) for n in (6, 8, 5)]
    return [
        (plain, 6, 2),
        (hand, 4, 2),
        (random_corpus, 7, 3),
        (hand, 4, 1),
        (longer, 5, 2),
        (hand, 4, 9),
    ]


def _ppmi_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 1)
    with_zeros = rng.integers(0, 6, size=(5, 6)).astype(float)
    with_zeros[2] = 0.0  # a word with no context at all
    with_zeros[:, 4] = 0.0  # a context never seen
    with_zeros[0, 0] = 40.0  # one very frequent pair
    square = rng.integers(0, 9, size=(5, 5)).astype(float) + np.eye(5)
    return [
        (HAND_TABLE.copy(), 0.75),
        (HAND_TABLE.copy(), 1.0),
        (with_zeros, 0.75),
        (square, 0.5),
    ]


def _nearest_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 2)
    # Row 0 is the query; row 1 points the same way but is 10 times longer; row 2 is long and
    # only roughly aligned (first by dot product, not by cosine); rows 3 and 4 are equal (a tie).
    small = np.array(
        [
            [1.0, 2.0, 0.0, 1.0],
            [10.0, 20.0, 0.0, 10.0],
            [30.0, 10.0, 25.0, 0.0],
            [1.0, 1.0, 1.0, 1.0],
            [1.0, 1.0, 1.0, 1.0],
            [0.0, 0.0, 3.0, 0.5],
        ]
    )
    counts = rng.integers(0, 5, size=(9, 7)).astype(float)
    counts *= rng.integers(1, 20, size=(9, 1))  # unequal lengths, as for frequent and rare words
    counts[:, 0] += 1.0  # no zero row
    # Every other row points away from the query: a query scored 0 instead of left out wins.
    away = np.array([[1.0, 0.0], [-1.0, 0.1], [-1.0, -0.2]])
    return [
        (small, 0, 3),
        (small, 3, 2),
        (small, 4, 2),  # the query's twin comes first in a sort: dropping "the first" keeps it
        (away, 0, 2),
        (counts, 4, 5),
        (counts, 8, 8),
    ]


# --------------------------------------------------------------------------------------------
# Diagnoses: recognise the usual mistakes by recomputing them


def _close(got: Any, value: Any) -> bool:
    return close(got, value, same_shape=True)


def _loop_counts(
    sentences: Sequence[Sequence[int]],
    vocab_size: int,
    window: int,
    *,
    left: int | None = None,
    right: int | None = None,
    clip_left: bool = True,
    with_self: bool = False,
    binary: bool = False,
) -> np.ndarray:
    """Window counts with the usual mistakes switched on (``left``/``right``: positions looked
    at on each side; ``clip_left=False``: a negative index wraps to the sentence's end)."""
    left = window if left is None else left
    right = window if right is None else right
    counts = np.zeros((vocab_size, vocab_size))
    for sentence in sentences:
        n = len(sentence)
        for i, word in enumerate(sentence):
            start = max(0, i - left) if clip_left else i - left
            for j in range(start, min(n, i + right + 1)):
                if j == i and not with_self:
                    continue
                if binary and counts[word, sentence[j]] > 0:
                    continue
                counts[word, sentence[j]] += 1
    return counts


def _diagnose_counts(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    sentences, vocab_size, window = args
    if np.shape(got) != expected.shape:
        return None

    def same(**mistake: Any) -> bool:
        try:
            return _close(got, _loop_counts(sentences, vocab_size, window, **mistake))
        except IndexError:
            return False

    if same(left=0) or same(right=0):
        return (
            "Your matrix is not symmetric: you look to one side only, but the window has "
            "`window` positions on the left AND on the right of each token."
        )
    if same(right=window - 1) or same(left=window - 1):
        return (
            "The window misses its last position on one side: a word exactly `window` positions "
            "away still counts (remember that the end of a range is not included)."
        )
    if same(left=window - 1, right=window - 1):
        return "The window is one position too short on each side: distance `window` counts too."
    if same(left=window + 1, right=window + 1):
        return "The window is one position too long on each side: distance `window` is the last."
    if same(clip_left=False):
        return (
            "Near the start of a sentence i − window is negative, and a negative index counts "
            "from the END of the sentence in Python: the window must stop at the first word."
        )
    if same(with_self=True):
        return "The diagonal is too large: a token is never its own context (skip its position)."
    if same(binary=True):
        return "Count every occurrence of a pair, not only whether the pair occurs."
    flat = [[t for s in sentences for t in s]]
    if _close(got, _loop_counts(flat, vocab_size, window)):
        return "Windows must stop at the end of a sentence: never pair words of two sentences."
    return None


def _ppmi_variant(table: np.ndarray, alpha: float, *, smooth: str = "contexts") -> np.ndarray:
    """PPMI with the smoothing done wrong: on the words, or without dividing by the new sum."""
    n = table.sum()
    p_w = table.sum(axis=1, keepdims=True) / n
    p_c = table.sum(axis=0) / n
    if smooth == "words":
        p_w = table.sum(axis=1, keepdims=True) ** alpha
        p_w = p_w / p_w.sum()
    elif smooth == "unnormalised":
        p_c = p_c**alpha
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(table / n / (p_w * p_c))
    return np.where(table > 0, np.maximum(pmi, 0.0), 0.0)


def _diagnose_ppmi(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    table, alpha = args
    got = np.asarray(got, dtype=float)
    if got.shape != expected.shape:
        return None
    if (got[~np.isnan(got)] < 0).any():
        return "Some values are negative: PPMI keeps the positive part, max(0, PMI)."
    if np.isnan(got).any():
        if (table.sum(axis=1) == 0).any() or (table.sum(axis=0) == 0).any():
            return (
                "A word with no contexts at all (an all-zero row) gives 0 / 0 = NaN: every "
                "entry whose count is 0 must come out as 0, whatever its row."
            )
        return "Entries with count 0 must come out as 0, not NaN."
    if np.isinf(got).any():
        return "Entries with count 0 must come out as 0: log 0 is −∞, and PPMI clips it to 0."
    finite = np.isfinite(got)
    if alpha != 1 and _close(got, ppmi_dense(table, 1.0)):
        return (
            "That is PPMI without smoothing: raise the context counts to the power alpha before "
            "turning them into probabilities."
        )
    if alpha != 1 and _close(got, _ppmi_variant(table, alpha, smooth="words")):
        return "The smoothing applies to the contexts (column sums), not to the words (row sums)."
    if alpha != 1 and _close(got, _ppmi_variant(table, alpha, smooth="unnormalised")):
        return (
            "P_α(c) must be a probability distribution: divide n(c)^α by the sum of n(c')^α over "
            "all contexts (not by N, and not (n(c) / N)^α)."
        )
    for base in (2.0, 10.0):
        if finite.all() and _close(got * np.log(base), expected):
            return "Use the natural logarithm np.log (not log2 or log10)."
    return None


def _as_indices(got: Any) -> list[int] | None:
    """``got`` as a list of whole numbers, or None if it is not a sequence of them."""
    try:
        array = np.asarray(got)
    except Exception:
        return None
    if array.ndim != 1 or (array.size and array.dtype.kind not in "iu"):
        return None
    return [int(j) for j in array]


def _compare_nearest(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    matrix, row, k = args
    indices = _as_indices(got)
    if indices is None:
        return f"expected a list of {k} row indices (whole numbers), got {_short(got)}"
    if len(indices) != k:
        return f"expected {k} row indices, got {len(indices)}"
    n = matrix.shape[0]
    if any(not 0 <= j < n for j in indices):
        return f"row indices go from 0 to {n - 1}, got {indices}"
    if len(set(indices)) != k:
        return f"a row appears twice in {indices}"
    norms = np.linalg.norm(matrix, axis=1)
    cosines = matrix @ matrix[row] / (norms * norms[row])
    for place, (g, e) in enumerate(zip(indices, expected, strict=True)):
        if g == row:
            return f"place {place + 1} holds row {row}, the query itself"
        if not np.isclose(cosines[g], cosines[e], atol=1e-9):
            return (
                f"place {place + 1} holds row {g} (cosine {cosines[g]:.4f}), but the row there has "
                f"cosine {cosines[e]:.4f}"
            )
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _diagnose_nearest(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    matrix, row, k = args
    indices = _as_indices(got)
    if indices is None:
        if np.asarray(got).dtype.kind == "f":
            return "Return the row indices of the neighbours (whole numbers), not their scores."
        return None
    if row in indices:
        return (
            "Every row is its own nearest neighbour (cosine 1): leave the query row out of "
            "the ranking."
        )
    by_dot = [int(j) for j in np.argsort(-(matrix @ matrix[row]), kind="stable") if j != row]
    if indices == by_dot[: len(indices)]:
        return (
            "That ranks by the dot product, which favours long rows (frequent words): divide "
            "by the lengths of BOTH rows to get the cosine."
        )
    distance = np.linalg.norm(matrix - matrix[row], axis=1)
    by_distance = [int(j) for j in np.argsort(distance, kind="stable") if j != row]
    if indices == by_distance[: len(indices)]:
        return "That ranks by Euclidean distance, which depends on the lengths: rank by cosine."
    norms = np.linalg.norm(matrix, axis=1)
    cosines = matrix @ matrix[row] / (norms * norms[row])
    worst = [int(j) for j in np.argsort(cosines, kind="stable") if j != row]
    if indices == worst[: len(indices)]:
        return "Those are the LEAST similar rows: sort from the highest cosine down."
    if len(indices) != k:
        return "Return exactly k neighbours (after leaving the query out)."
    return None


register(
    Exercise(
        "2.1",
        "count_cooccurrences",
        count_cooccurrences,
        _count_cases,
        solved_by=(cooccurrence_matrix,),
        points=3,
        hint="For each token, add 1 to X[word, other] for every other token of the same "
        "sentence at most `window` positions to its left or right (the window stops at the "
        "sentence's first and last word).",
        diagnose=_diagnose_counts,
    )
)
register(
    Exercise(
        "2.2",
        "ppmi",
        ppmi_dense,
        _ppmi_cases,
        solved_by=(sparse_ppmi,),
        points=3,
        hint="PPMI = max(0, log(P(w, c) / (P(w) P_α(c)))) with P_α(c) = n(c)^α / Σ n(c')^α; "
        "an entry whose count is 0 is 0.",
        diagnose=_diagnose_ppmi,
    )
)
register(
    Exercise(
        "2.3",
        "nearest_rows",
        nearest_rows,
        _nearest_cases,
        solved_by=(most_similar_rows,),
        points=2,
        hint="Cosine of the query row with every row (dot product over both lengths), then the "
        "k highest, the query itself left out.",
        diagnose=_diagnose_nearest,
        compare=_compare_nearest,
    )
)
