"""Hubs: words that are the nearest neighbour of far too many other words.

In a high-dimensional space some points end up close to a great many others ("hubs", Radovanović
et al., 2010). Count, for every word, in how many other words' k-nearest-neighbour lists it
appears: its **k-occurrence** N_k. If neighbourhoods were fair, every word would have
N_k ≈ k; in real embeddings the distribution is skewed, a few hubs have N_k in the hundreds
and many words are nobody's neighbour. Hubs then pop up as the answer to unrelated queries,
including analogy questions.

Examples
--------
>>> import numpy as np
>>> x = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
>>> k_occurrence(x, k=1).tolist()
[1, 1, 1, 1]
"""

from __future__ import annotations

import numpy as np

from helpers.validate import positive_int, real_matrix
from helpers.vectors.similarity import unit_rows

__all__ = ["k_occurrence", "skewness"]

_BLOCK = 1024


def k_occurrence(vectors: np.ndarray, k: int = 10) -> np.ndarray:
    """For each row, how many other rows have it among their ``k`` nearest neighbours (cosine).

    Parameters
    ----------
    vectors : numpy.ndarray, shape (n, d)
        One vector per word (e.g. ``wv.restrict(20_000).vectors``); zero rows are not allowed.
    k : int
        Neighbourhood size, 1 ≤ k < n. A word is never its own neighbour.

    Returns
    -------
    numpy.ndarray of int64, shape (n,)
        N_k for each row; the counts sum to ``n · k``.

    Notes
    -----
    Scores are computed a block of 1024 rows at a time (one matrix product each) and the ``k``
    largest per row are found with :func:`numpy.argpartition`, so 20 000 words take about a
    second. Exactly tied scores may be broken either way.

    Examples
    --------
    >>> x = np.array([[1.0, 0.0], [0.8, 0.6], [0.6, 0.8], [0.0, 1.0]])
    >>> k_occurrence(x, k=1).tolist()
    [0, 2, 2, 0]
    """
    x = real_matrix(vectors, "vectors")
    if len(x) < 2:
        raise ValueError(
            f"vectors must have shape (n_words, d) with at least two words, got {x.shape}."
        )
    n = len(x)
    k = positive_int(k, "k")
    if k >= n:
        raise ValueError(f"k must be a whole number from 1 to {n - 1}, got {k!r}.")
    unit = unit_rows(x.astype(np.float32), "vectors")
    counts = np.zeros(n, dtype=np.int64)
    for start in range(0, n, _BLOCK):
        stop = min(start + _BLOCK, n)
        scores = unit[start:stop] @ unit.T
        scores[np.arange(stop - start), np.arange(start, stop)] = -np.inf
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        counts += np.bincount(top.ravel(), minlength=n)
    return counts


def skewness(counts: np.ndarray) -> float:
    """The skewness of a distribution (0 for a symmetric one; large and positive with hubs).

    ``mean((x − mean)³) / std³`` with the population standard deviation, as in
    :func:`scipy.stats.skew` (unrounded).

    Examples
    --------
    >>> round(skewness(np.array([1, 1, 1, 9])), 4)
    1.1547
    """
    x = np.asarray(counts, dtype=np.float64)
    if x.ndim != 1 or len(x) < 2:
        raise ValueError(f"counts must be a 1-D array with at least two values, got {x.shape}.")
    sd = x.std()
    if sd == 0:
        return 0.0
    return float(((x - x.mean()) ** 3).mean() / sd**3)
