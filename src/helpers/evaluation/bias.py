"""Measuring a social bias in word vectors: a gender direction and a WEAT-style test.

Word vectors learn from text, so they learn its statistics, including which occupations are
written about together with *he* and which with *she*. Two standard measurements:

* **Projection on a direction** (Bolukbasi et al., 2016): take a direction such as
  ``she − he`` (or the average of several such differences, :func:`direction`) and report,
  for each word, the cosine of its vector with that direction (:func:`projection`). Positive
  means "closer to *she* than to *he*" in this space, nothing more.
* **WEAT** (Word Embedding Association Test, Caliskan et al., 2017): two *target* sets X, Y
  (e.g. career words, family words) and two *attribute* sets A, B (e.g. male, female words).
  Each target word w gets ``s(w) = mean cos(w, A) − mean cos(w, B)``; the effect size
  (:func:`weat_effect_size`) is ``(mean s(X) − mean s(Y)) / std s(X ∪ Y)``, a Cohen's-d-like
  number, and :func:`weat_p_value` is a permutation test of the same statistic.

The same three steps on plain arrays, as notebook 06's exercises write them:
:func:`association_scores` (rows of vectors), :func:`effect_size` and :func:`permutation_p_value`
(from the scores of the X and Y words).

These numbers describe the geometry of one set of vectors trained on one corpus; they are not
measurements of people, and a small WEAT set makes the estimate noisy (see the permutation test).

Examples
--------
>>> import numpy as np
>>> from helpers.vectors.wordvectors import WordVectors
>>> wv = WordVectors(["he", "she", "nurse"], np.array([[1.0, 0.0], [0.0, 1.0], [0.2, 1.0]]))
>>> g = direction(wv, [("he", "she")])
>>> [(w, round(c, 4)) for w, c in projection(wv, ["nurse"], g)]
[('nurse', 0.5547)]
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from math import comb

import numpy as np

from helpers.validate import positive_int, real_matrix, real_vector, token_list
from helpers.vectors.similarity import unit_vector
from helpers.vectors.wordvectors import WordVectors

__all__ = [
    "GENDER_PAIRS",
    "association",
    "association_scores",
    "direction",
    "effect_size",
    "permutation_p_value",
    "projection",
    "weat_effect_size",
    "weat_p_value",
]

GENDER_PAIRS: tuple[tuple[str, str], ...] = (
    ("he", "she"),
    ("man", "woman"),
    ("his", "her"),
    ("him", "her"),
    ("father", "mother"),
    ("son", "daughter"),
    ("boy", "girl"),
    ("brother", "sister"),
    ("mr", "mrs"),
    ("male", "female"),
)
"""Definitional (male, female) word pairs (after Bolukbasi et al., 2016)."""


def direction(wv: WordVectors, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """A unit vector pointing from the first word of each pair to the second, averaged over pairs.

    Each pair ``(a, b)`` contributes ``b̂ − â`` (unit vectors, so frequent words do not weigh
    more); the mean of the differences is scaled to length 1. With ``pairs=[("he", "she")]``
    this is the he → she direction.

    Parameters
    ----------
    wv : WordVectors
        The vectors.
    pairs : sequence of (str, str)
        Word pairs, e.g. :data:`GENDER_PAIRS`.

    Returns
    -------
    numpy.ndarray, shape (d,)
        Unit length, float64.

    Examples
    --------
    >>> wv = WordVectors(["he", "she"], np.array([[1.0, 0.0], [0.0, 1.0]]))
    >>> np.round(direction(wv, [("he", "she")]), 4)
    array([-0.7071,  0.7071])
    """
    if isinstance(pairs, tuple) and len(pairs) == 2 and all(isinstance(p, str) for p in pairs):
        raise TypeError('pairs must be a list of (a, b) pairs, e.g. [("he", "she")].')
    pairs = list(pairs)
    if not pairs:
        raise ValueError('direction() needs at least one word pair, e.g. [("he", "she")].')
    for pair in pairs:
        if len(pair) != 2:
            raise ValueError(f"each pair must hold two words, got {pair!r}.")
    normed = wv.normed
    diffs = [
        normed[wv.index(b)].astype(np.float64) - normed[wv.index(a)].astype(np.float64)
        for a, b in pairs
    ]
    return unit_vector(np.mean(diffs, axis=0), "the mean difference of the pairs")


def projection(wv: WordVectors, words: Sequence[str], axis: np.ndarray) -> list[tuple[str, float]]:
    """The cosine of each word's vector with a direction (unrounded).

    Parameters
    ----------
    wv : WordVectors
        The vectors.
    words : sequence of str
        Words to place on the axis.
    axis : numpy.ndarray, shape (d,)
        A direction (normalised here), e.g. from :func:`direction`.
    Returns
    -------
    list of (str, float)
        ``(word, cos(word, axis))`` in the given order.

    Examples
    --------
    >>> wv = WordVectors(["x", "y"], np.array([[3.0, 4.0], [0.0, -2.0]]))
    >>> [(w, round(c, 4)) for w, c in projection(wv, ["x", "y"], np.array([0.0, 1.0]))]
    [('x', 0.8), ('y', -1.0)]
    """
    if isinstance(words, str):
        raise TypeError("words must be a list of words, not a single string.")
    a = unit_vector(real_vector(axis, "axis", length=wv.dim).astype(np.float64), "axis")
    normed = wv.normed
    return [(w, float(normed[wv.index(w)].astype(np.float64) @ a)) for w in words]


def _unit_rows(wv: WordVectors, words: Sequence[str], name: str) -> np.ndarray:
    words = token_list(words, name)
    if len(words) == 0:
        raise ValueError(f"{name} must be a non-empty list of words.")
    return wv.normed[[wv.index(w) for w in words]].astype(np.float64)


def association(
    wv: WordVectors, words: Sequence[str], a: Sequence[str], b: Sequence[str]
) -> np.ndarray:
    """WEAT's ``s(w, A, B) = mean_{a∈A} cos(w, a) − mean_{b∈B} cos(w, b)`` for each word ``w``.

    Examples
    --------
    >>> wv = WordVectors(["w", "a", "b"], np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
    >>> association(wv, ["w"], ["a"], ["b"])
    array([1.])
    """
    w = _unit_rows(wv, words, "words")
    return (w @ _unit_rows(wv, a, "a").T).mean(axis=1) - (w @ _unit_rows(wv, b, "b").T).mean(axis=1)


def association_scores(w: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``s(w, A, B)`` for each row of ``w``, from vectors of any length (rows are normalised).

    Parameters
    ----------
    w : numpy.ndarray, shape (n, d)
        The target words' vectors.
    a, b : numpy.ndarray, shapes (n_a, d) and (n_b, d)
        The two attribute sets' vectors.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Mean cosine with the rows of ``a`` minus mean cosine with the rows of ``b``.

    Examples
    --------
    >>> association_scores(np.array([[2.0, 0.0]]), np.array([[3.0, 0.0]]), np.array([[0.0, 1.0]]))
    array([1.])
    """
    w, a, b = (real_matrix(m, name) for m, name in ((w, "w"), (a, "a"), (b, "b")))
    unit_w, unit_a, unit_b = (m / np.linalg.norm(m, axis=1, keepdims=True) for m in (w, a, b))
    return (unit_w @ unit_a.T).mean(axis=1) - (unit_w @ unit_b.T).mean(axis=1)


def effect_size(s_x: np.ndarray, s_y: np.ndarray) -> float:
    """WEAT's effect size from the association scores of the X and the Y words.

    ``(mean s_x − mean s_y) / std(s_x ∪ s_y)``: the difference of the two means in units of the
    sample standard deviation (``ddof=1``) of all target words' scores, X and Y pooled together
    (Caliskan et al., 2017). ``0.0`` if every score is the same.

    Examples
    --------
    >>> round(effect_size(np.array([1.0, -0.2]), np.array([-1.0, 0.2])), 4)
    0.9608
    """
    s_x, s_y = np.asarray(s_x, dtype=np.float64), np.asarray(s_y, dtype=np.float64)
    spread = np.concatenate([s_x, s_y]).std(ddof=1)
    if spread == 0:
        return 0.0
    return float((s_x.mean() - s_y.mean()) / spread)


def _effect(s: np.ndarray, in_x: np.ndarray) -> float:
    return effect_size(s[in_x], s[~in_x])


def permutation_p_value(
    s_x: np.ndarray, s_y: np.ndarray, n_permutations: int = 10_000, seed: int = 42
) -> float:
    """One-sided permutation p-value of ``sum s_x − sum s_y`` (see :func:`weat_p_value`).

    The scores are split into two groups of the sizes of ``s_x`` and ``s_y`` in every possible
    way, or, when there are more than ``n_permutations`` ways, in ``n_permutations`` random ways
    drawn with ``seed`` (plus the observed split); the p-value is the share of splits whose
    statistic is at least the observed one.

    Examples
    --------
    >>> permutation_p_value(np.array([1.0, -0.2]), np.array([-1.0, 0.2]))  # 2 of the 6 splits
    0.3333333333333333
    """
    s_x, s_y = np.asarray(s_x, dtype=np.float64), np.asarray(s_y, dtype=np.float64)
    n_permutations = positive_int(n_permutations, "n_permutations")
    s = np.concatenate([s_x, s_y])
    n, nx = len(s), len(s_x)
    total = s.sum()
    observed = 2 * s[:nx].sum() - total  # = sum s(X) − sum s(Y)
    tol = 1e-12 * max(1.0, float(np.abs(s).sum()))
    if comb(n, nx) <= n_permutations:
        stats = np.array([2 * s[list(idx)].sum() - total for idx in combinations(range(n), nx)])
    else:
        rng = np.random.default_rng(seed)
        picks = np.argsort(rng.random((n_permutations, n)), axis=1)[:, :nx]
        stats = np.concatenate([[observed], 2 * s[picks].sum(axis=1) - total])
    return float(np.mean(stats >= observed - tol))


def _check_targets(x: Sequence[str], y: Sequence[str]) -> None:
    x, y = token_list(x, "x"), token_list(y, "y")  # one string would be read as its letters
    if set(x) & set(y):
        raise ValueError(f"the target sets share words {sorted(set(x) & set(y))}; keep them apart.")
    if len(x) + len(y) < 3:
        raise ValueError("WEAT needs at least three target words in total.")


def weat_effect_size(
    wv: WordVectors,
    x: Sequence[str],
    y: Sequence[str],
    a: Sequence[str],
    b: Sequence[str],
) -> float:
    """WEAT effect size: ``(mean s(X) − mean s(Y)) / std_{w ∈ X ∪ Y} s(w)`` (sample std).

    Positive: the X words are closer to the A words (relative to B) than the Y words are.
    It ranges roughly from −2 to 2.

    Parameters
    ----------
    wv : WordVectors
        The vectors.
    x, y : sequence of str
        The two target sets (e.g. career words, family words).
    a, b : sequence of str
        The two attribute sets (e.g. male words, female words).

    Returns
    -------
    float

    Examples
    --------
    >>> wv = WordVectors(["x1", "x2", "y1", "a", "b"],
    ...                  np.array([[1.0, 0.1], [1.0, 0.3], [0.1, 1.0], [1.0, 0.0], [0.0, 1.0]]))
    >>> round(weat_effect_size(wv, ["x1", "x2"], ["y1"], ["a"], ["b"]), 4)
    1.7205
    """
    _check_targets(x, y)
    s = association(wv, list(x) + list(y), a, b)
    in_x = np.arange(len(s)) < len(x)
    return _effect(s, in_x)


def weat_p_value(
    wv: WordVectors,
    x: Sequence[str],
    y: Sequence[str],
    a: Sequence[str],
    b: Sequence[str],
    n_permutations: int = 10_000,
    seed: int = 42,
) -> float:
    """One-sided permutation p-value of the WEAT statistic ``sum s(X) − sum s(Y)``.

    The targets are split into two sets of the sizes of X and Y in every possible way (or,
    when there are more than ``n_permutations`` ways, in ``n_permutations`` random ways drawn
    with ``seed``); the p-value is the fraction of splits whose statistic is at least the
    observed one (the observed split included). Small p: the observed split is unusual.

    Returns
    -------
    float

    Examples
    --------
    >>> wv = WordVectors(["x1", "x2", "y1", "y2", "a", "b"],
    ...                  np.array([[1.0, 0.1], [1.0, 0.3], [0.1, 1.0], [0.2, 1.0],
    ...                            [1.0, 0.0], [0.0, 1.0]]))
    >>> weat_p_value(wv, ["x1", "x2"], ["y1", "y2"], ["a"], ["b"])  # 1 of the 6 splits
    0.16666666666666666
    """
    _check_targets(x, y)
    s = association(wv, list(x) + list(y), a, b)
    return permutation_p_value(s[: len(x)], s[len(x) :], n_permutations, seed)
