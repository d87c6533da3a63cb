"""Where skip-gram's training examples come from: context windows, negatives and subsampling.

Three ingredients of word2vec (Mikolov et al., 2013), each a few lines of NumPy:

* :func:`skipgram_pairs`: every (centre, context) pair within a window, with word2vec's dynamic
  window (each centre draws its own window size, so nearer words count more);
* :func:`negative_sampling_distribution`: negatives are drawn from the word counts raised to the
  power 0.75;
* :func:`subsample_keep_probability`: very frequent words are randomly discarded.

Examples
--------
>>> import numpy as np
>>> c, o = skipgram_pairs(np.array([7, 8, 9]), window=1, dynamic=False)
>>> list(zip(c.tolist(), o.tolist()))
[(7, 8), (8, 7), (8, 9), (9, 8)]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from helpers.validate import finite_float, positive_int

__all__ = [
    "negative_sampling_distribution",
    "skipgram_pairs",
    "subsample_keep_probability",
]


def _as_counts(counts: Sequence[int] | np.ndarray) -> np.ndarray:
    """``counts`` as a float array, or one sentence saying what is wrong with it."""
    array = np.asarray(counts)
    if array.dtype.kind not in "iuf":
        raise TypeError(
            f"counts must hold one number per word id (e.g. vocab.counts), got values of type "
            f"{array.dtype}."
        )
    if array.ndim != 1 or array.size == 0:
        raise ValueError(
            f"counts must be a non-empty 1-D array of word counts, got shape {array.shape}."
        )
    array = array.astype(np.float64)
    if not np.isfinite(array).all() or np.any(array < 0) or array.sum() <= 0:
        raise ValueError("counts must be finite, non-negative and not all zero.")
    return array


def negative_sampling_distribution(
    counts: Sequence[int] | np.ndarray, power: float = 0.75
) -> np.ndarray:
    """Probability of drawing each word as a negative: count^power, normalised.

    The power 0.75 (Mikolov et al., 2013) flattens the unigram distribution, so rare words are
    drawn a little more often than their frequency and "the" a little less.

    Parameters
    ----------
    counts : array_like of int, shape (V,)
        Corpus count of each word id.
    power : float
        Exponent applied to the counts (1 = unigram, 0 = uniform).

    Returns
    -------
    numpy.ndarray, shape (V,)
        Probabilities summing to 1.

    Examples
    --------
    >>> print(np.round(negative_sampling_distribution([16, 1], power=0.75), 4))
    [0.8889 0.1111]
    """
    counts = _as_counts(counts)
    power = finite_float(power, "power")
    weights = counts**power
    weights[counts == 0] = 0.0  # 0**0 would be 1: a word never seen is never drawn
    return weights / weights.sum()


def subsample_keep_probability(
    counts: Sequence[int] | np.ndarray, threshold: float | None = 1e-3
) -> np.ndarray:
    """Probability of keeping each occurrence of a word under frequent-word subsampling.

    The formula of the word2vec C code and gensim: with ``f`` the word's share of the corpus
    and ``t`` the threshold, ``keep = (sqrt(f / t) + 1) · t / f``, capped at 1. Words rarer
    than about ``t`` are always kept; "the" (f ≈ 0.06) is kept about 15 % of the time at
    t = 1e-3. Fewer copies of "the" means less time spent on uninformative pairs and, in
    effect, wider windows.

    Parameters
    ----------
    counts : array_like of int, shape (V,)
        Corpus count of each word id.
    threshold : float or None
        ``t``; ``None`` or 0 switches subsampling off (every word kept).

    Returns
    -------
    numpy.ndarray, shape (V,)
        Keep probabilities in (0, 1].

    Examples
    --------
    >>> print(np.round(subsample_keep_probability([60, 30, 10], threshold=0.1), 4))
    [0.5749 0.9107 1.    ]
    """
    counts = _as_counts(counts)
    if threshold is None or (finite_float(threshold, "threshold") == 0):
        return np.ones_like(counts)
    if threshold < 0:
        raise ValueError(f"threshold must be positive (or None to switch off), got {threshold}.")
    freq = counts / counts.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        keep = (np.sqrt(freq / threshold) + 1.0) * threshold / freq
    keep[freq == 0] = 1.0
    return np.minimum(keep, 1.0)


def skipgram_pairs(
    ids: np.ndarray,
    window: int = 5,
    rng: np.random.Generator | None = None,
    *,
    dynamic: bool = True,
    sentence_ids: np.ndarray | None = None,
    reach: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """All (centre, context) pairs of a token stream, in corpus order.

    Parameters
    ----------
    ids : numpy.ndarray of int, shape (n,)
        Word ids in corpus order.
    window : int
        Maximum distance between centre and context.
    rng : numpy.random.Generator, optional
        Needed when ``dynamic`` is true.
    dynamic : bool
        If true (word2vec's default), each centre word uses its own window size drawn uniformly
        from 1 … window, so a neighbour at distance k is used with probability (window−k+1)/window:
        close words count more. If false, every word within ``window`` is a context.
    sentence_ids : numpy.ndarray, optional
        Sentence number of each token; pairs never cross a sentence boundary.
    reach : numpy.ndarray of int, shape (n,), optional
        The window size of each centre, already drawn (``rng.integers(1, window + 1, size=n)``
        is what ``dynamic`` draws); when given, ``rng`` and ``dynamic`` are not used. This is the
        form of notebook 04's exercise: the context of centre i is every word within reach[i].

    Returns
    -------
    centres, contexts : numpy.ndarray
        Word ids of each pair.

    Examples
    --------
    >>> c, o = skipgram_pairs(np.array([7, 8, 9]), window=1, dynamic=False)
    >>> list(zip(c.tolist(), o.tolist()))
    [(7, 8), (8, 7), (8, 9), (9, 8)]
    >>> c, o = skipgram_pairs(np.array([7, 8, 9]), window=2, reach=np.array([2, 1, 1]))
    >>> list(zip(c.tolist(), o.tolist()))
    [(7, 8), (7, 9), (8, 7), (8, 9), (9, 8)]
    """
    ids = np.asarray(ids)
    window = positive_int(window, "window")
    n = ids.shape[0]
    if reach is not None:
        reach = np.asarray(reach)
        if reach.shape != (n,) or reach.dtype.kind not in "iu" or (n and reach.min() < 1):
            raise ValueError(
                f"reach must hold one window size ≥ 1 per token (shape ({n},)), "
                f"got shape {reach.shape} and dtype {reach.dtype}."
            )
        window = max(window, int(reach.max()) if n else 1)
    reach_max = min(window, max(n - 1, 1))  # no pair is further apart than the stream is long
    offsets = np.concatenate([np.arange(-reach_max, 0), np.arange(1, reach_max + 1)])
    positions = np.arange(n)[:, None] + offsets[None, :]
    valid = (positions >= 0) & (positions < n)
    if reach is not None:
        valid &= np.abs(offsets)[None, :] <= reach[:, None]
    elif dynamic:
        if rng is None:
            raise ValueError("A dynamic window needs rng=np.random.default_rng(seed).")
        reach = np.asarray(rng.integers(1, window + 1, size=n))
        valid &= np.abs(offsets)[None, :] <= reach[:, None]
    if sentence_ids is not None:
        clipped = np.clip(positions, 0, max(n - 1, 0))
        valid &= sentence_ids[clipped] == sentence_ids[:, None]
    rows, cols = np.nonzero(valid)
    return ids[rows], ids[positions[rows, cols]]
