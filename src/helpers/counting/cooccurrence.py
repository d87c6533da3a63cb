"""Co-occurrence counts and PPMI: the word × context matrix behind count-based embeddings.

Conventions (the same in every function here):

* **Window.** For each token, every other token at most ``window`` positions to its left or right
  is a context and adds 1 (``"uniform"``) or ``1 / distance`` (``"harmonic"``, as in GloVe) to
  ``counts[word, context]``. Every pair is therefore seen from both sides and the matrix is
  symmetric; a word next to itself ("very very") adds 2 to its diagonal entry.
* **Sentence boundaries.** Pass a flat id array to treat the corpus as one stream, or a list of
  id arrays (one per sentence) so that windows never cross from one sentence into the next.
* **Unknown / excluded ids.** Every id is counted, the unknown token's (id 0 of a
  :class:`~helpers.vocab.Vocabulary`) included. Pass ``exclude=vocab.unk_id`` to leave ids out:
  their rows and columns stay zero, but they keep their place in the text, so the window is not
  stretched over them.

Examples
--------
>>> m = cooccurrence_matrix(np.array([0, 1, 2]), vocab_size=3, window=1)
>>> m.toarray()
array([[0., 1., 0.],
       [1., 0., 1.],
       [0., 1., 0.]])
>>> np.round(ppmi(m, alpha=1.0).toarray(), 3)
array([[0.   , 0.693, 0.   ],
       [0.693, 0.   , 0.693],
       [0.   , 0.693, 0.   ]])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
import scipy.sparse as sp

from helpers.validate import check_size, finite_float, positive_int
from helpers.vectors.similarity import top_k

__all__ = ["cooccurrence_matrix", "most_similar_rows", "nonzero_share", "ppmi"]

Weighting = Literal["uniform", "harmonic"]


def _flatten(
    ids: np.ndarray | Sequence[int] | Sequence[np.ndarray] | Sequence[Sequence[int]],
) -> tuple[np.ndarray, np.ndarray | None]:
    """A flat int64 id array and, for a list of sentences, each token's sentence number."""
    if isinstance(ids, np.ndarray) and ids.dtype != object:
        if ids.ndim != 1:
            raise ValueError(
                f"ids must be a 1-D array of word ids or a list of 1-D arrays (one per sentence), "
                f"got an array of shape {ids.shape}."
            )
        return ids, None
    items = list(ids)
    if not items or all(isinstance(x, int | np.integer) for x in items):
        return np.asarray(items, dtype=np.int64), None
    sentences = [np.asarray(s) for s in items]
    if any(s.ndim != 1 for s in sentences):
        raise ValueError("Each sentence must be a 1-D sequence of word ids.")
    lengths = np.array([s.size for s in sentences], dtype=np.int64)
    flat = np.concatenate(sentences) if sentences else np.zeros(0, dtype=np.int64)
    return flat, np.repeat(np.arange(lengths.size), lengths)


def _longest_run(sentence: np.ndarray | None, n_tokens: int) -> int:
    """Length of the longest sentence (the whole stream if there are no sentence numbers)."""
    if sentence is None or sentence.size == 0:
        return n_tokens
    return int(np.bincount(sentence).max())


def cooccurrence_matrix(
    ids: np.ndarray | Sequence[int] | Sequence[np.ndarray] | Sequence[Sequence[int]],
    vocab_size: int,
    window: int = 5,
    weighting: Weighting = "uniform",
    *,
    exclude: int | Iterable[int] | None = None,
) -> sp.csr_matrix:
    """Count how often each word appears within ``window`` tokens of each other word.

    Vectorised: for each distance ``d = 1 .. window`` the pairs ``(ids[i], ids[i + d])`` are
    two aligned slices of the id array, encoded as one integer ``left * V + right`` each; equal
    keys are then counted by sorting (or, for a small vocabulary, with ``np.bincount``), and the
    matrix is made symmetric by adding its transpose. No Python loop over tokens.

    Parameters
    ----------
    ids : 1-D array of int, or list of 1-D arrays
        The corpus as word ids: one flat stream, or one array per sentence (windows then stop
        at sentence ends).
    vocab_size : int
        Number of words; ids must be in ``0 .. vocab_size - 1``.
    window : int
        How many positions on each side count as context (>= 1). A window longer than the
        longest sentence counts the same pairs as one of that length.
    weighting : {"uniform", "harmonic"}
        Each pair adds 1, or ``1 / distance``.
    exclude : int or iterable of int, optional
        Ids not counted at all (e.g. ``vocab.unk_id``); see the module notes.

    Returns
    -------
    scipy.sparse.csr_matrix of float64
        Symmetric ``(vocab_size, vocab_size)`` matrix with sorted indices and no explicit zeros.

    Raises
    ------
    ValueError
        For a window below 1, an unknown weighting, or ids out of range.
    MemoryError
        If the pairs to count could not fit in memory (the message gives the size).

    Examples
    --------
    >>> ids = [np.array([0, 1, 1]), np.array([2, 0])]  # two sentences
    >>> cooccurrence_matrix(ids, 3, window=2).toarray()
    array([[0., 2., 1.],
           [2., 2., 0.],
           [1., 0., 0.]])
    >>> cooccurrence_matrix(np.array([0, 1, 2]), 3, window=2, weighting="harmonic").toarray()[0]
    array([0. , 1. , 0.5])
    """
    if isinstance(vocab_size, bool) or not isinstance(vocab_size, int | np.integer):
        raise TypeError(f"vocab_size must be an integer, got {vocab_size!r}.")
    if vocab_size < 1:
        raise ValueError(f"vocab_size must be at least 1, got {vocab_size}.")
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 1:
        raise ValueError(f"window must be a whole number of positions >= 1, got {window!r}.")
    if weighting not in ("uniform", "harmonic"):
        raise ValueError(f"weighting must be 'uniform' or 'harmonic', got {weighting!r}.")
    # the sparse result alone keeps two int64 row pointers per word (the matrix and its transpose)
    check_size(int(vocab_size) + 1, 16, f"A co-occurrence matrix of {int(vocab_size):,} words")
    flat, sentence = _flatten(ids)
    if flat.size and flat.dtype.kind not in "iu":
        raise TypeError(f"Word ids must be integers, got values of type {flat.dtype}.")
    if flat.size:
        low, high = int(flat.min()), int(flat.max())
        if low < 0 or high >= vocab_size:
            bad = low if low < 0 else high
            raise ValueError(
                f"id {bad} is out of range for a vocabulary of {vocab_size} words "
                f"(valid ids are 0 to {vocab_size - 1})."
            )
    keep = None
    if exclude is not None:
        excluded = _excluded_ids(exclude)
        keep = ~np.isin(flat, excluded)

    v = int(vocab_size)
    harmonic = weighting == "harmonic"
    flat64 = flat.astype(np.int64)
    # A window longer than the longest sentence (or the whole stream) counts the same pairs as
    # one of that length: cap it, so window=10**9 does not loop over a billion distances.
    window = min(int(window), max(_longest_run(sentence, flat.size) - 1, 1))
    distances = [d for d in range(1, window + 1) if d < flat.size]
    # every (token, token at distance d) pair costs one int64 key: refuse what cannot fit
    check_size(
        sum(flat.size - d for d in distances),
        8,
        f"Counting window {window:,} over {flat.size:,} tokens",
    )

    def pair_keys(d: int, out: np.ndarray | None = None) -> np.ndarray:
        """One int64 key per (left word, right word) pair at distance d: left * V + right."""
        key = np.multiply(flat64[:-d], v, out=out)
        np.add(key, flat64[d:], out=key)
        valid = None
        if sentence is not None:
            valid = sentence[:-d] == sentence[d:]
        if keep is not None:
            both = keep[:-d] & keep[d:]
            valid = both if valid is None else valid & both
        return key if valid is None else key[valid]

    n_pairs = sum(flat.size - d for d in distances)
    if n_pairs == 0:
        return sp.csr_matrix((v, v), dtype=np.float64)
    if v * v <= max(4 * n_pairs, 1 << 20):
        # small vocabulary: a dense V x V tally, filled distance by distance, beats sorting
        tally = np.zeros(v * v)
        for d in distances:
            tally += np.bincount(pair_keys(d), minlength=v * v) / (d if harmonic else 1)
        upper = sp.csr_matrix(tally.reshape(v, v))
    else:
        if sentence is None and keep is None:  # fill one buffer in place (no concatenation)
            key = np.empty(n_pairs, dtype=np.int64)
            offsets = np.cumsum([0] + [flat.size - d for d in distances])
            for d, a, b in zip(distances, offsets[:-1], offsets[1:], strict=True):
                pair_keys(d, out=key[a:b])
            sizes = [flat.size - d for d in distances]
        else:
            parts = [pair_keys(d) for d in distances]
            sizes = [p.size for p in parts]
            key = np.concatenate(parts)
            del parts
        dist = np.repeat(np.array(distances, dtype=np.int64), sizes) if harmonic else None
        upper = _sorted_pair_counts(key, dist, v, int(window))
    counts = (upper + upper.T).tocsr()
    counts.sum_duplicates()
    counts.sort_indices()
    counts.eliminate_zeros()
    return counts


def _sorted_pair_counts(
    key: np.ndarray, dist: np.ndarray | None, v: int, window: int
) -> sp.csr_matrix:
    """Count repeated pair keys by sorting them (one direction only, left word as row)."""
    if dist is not None:  # keep the distance in the key so each run has one weight
        key = key * window + (dist - 1)
    key.sort()
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    unique = key[starts]
    values = np.diff(np.append(starts, key.size)).astype(np.float64)
    if dist is not None:
        values /= unique % window + 1
        unique //= window
        pair_starts = np.flatnonzero(np.concatenate(([True], unique[1:] != unique[:-1])))
        values = np.add.reduceat(values, pair_starts)
        unique = unique[pair_starts]
    rows, cols = np.divmod(unique, v)
    indptr = np.zeros(v + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=v), out=indptr[1:])
    index_dtype = np.int32 if v < 2**31 else np.int64
    return sp.csr_matrix(
        (values, cols.astype(index_dtype), indptr.astype(index_dtype)), shape=(v, v)
    )


def ppmi(counts: sp.spmatrix | sp.sparray | np.ndarray, alpha: float = 0.75) -> sp.csr_matrix:
    """Positive pointwise mutual information with context-distribution smoothing.

    ``PPMI(w, c) = max(0, log( P(w, c) / (P(w) · P_α(c)) ))`` where ``P(w, c) = n(w, c) / N``,
    ``P(w) = n(w) / N`` (row sums) and ``P_α(c) = n(c)^α / Σ_c' n(c')^α`` (column sums raised
    to ``α``; Levy, Goldberg & Dagan 2015). ``α < 1`` gives rare contexts a little more
    probability, which lowers their inflated PMI. Natural logarithm. Pairs never seen stay 0.

    Parameters
    ----------
    counts : sparse or dense matrix, shape (n_words, n_contexts)
        Non-negative co-occurrence counts.
    alpha : float
        Smoothing exponent in ``(0, 1]``; 1 gives plain PPMI.

    Returns
    -------
    scipy.sparse.csr_matrix of float64
        Same shape; only positive entries are stored.

    Raises
    ------
    ValueError
        For a negative count, a matrix that is not 2-D, or ``alpha`` outside ``(0, 1]``.

    Examples
    --------
    >>> table = np.array([[2.0, 0.0], [1.0, 1.0]])
    >>> np.round(ppmi(table, alpha=1.0).toarray(), 4)
    array([[0.2877, 0.    ],
           [0.    , 0.6931]])
    """
    alpha = finite_float(alpha, "alpha")
    if not 0 < alpha <= 1:
        raise ValueError(f"alpha must be in (0, 1] (0.75 is the usual choice), got {alpha}.")
    matrix = sp.csr_matrix(counts, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError(f"counts must be a 2-D matrix, got {matrix.ndim} dimensions.")
    matrix.sum_duplicates()
    if matrix.nnz and not np.isfinite(matrix.data).all():
        bad = int((~np.isfinite(matrix.data)).sum())
        raise ValueError(
            f"counts must be finite, but {bad} entries are NaN or infinite: counts are numbers "
            "of co-occurrences."
        )
    matrix.eliminate_zeros()
    if matrix.nnz and matrix.data.min() < 0:
        raise ValueError("counts must be non-negative: co-occurrence counts cannot be below 0.")
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    col_sums = np.asarray(matrix.sum(axis=0)).ravel()
    smoothed = col_sums**alpha
    total = smoothed.sum()
    result = matrix.copy()
    if matrix.nnz == 0:
        return result
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    p_context = smoothed[matrix.indices] / total
    # log( (n_wc / N) / ((n_w / N) * P_a(c)) ) = log n_wc - log n_w - log P_a(c)
    pmi = np.log(matrix.data) - np.log(row_sums[rows]) - np.log(p_context)
    result.data = np.maximum(pmi, 0.0)
    result.eliminate_zeros()
    return result


def nonzero_share(matrix: sp.spmatrix | sp.sparray | np.ndarray) -> float:
    """The fraction of a matrix's entries that are not zero (``nnz / (rows × columns)``).

    Examples
    --------
    >>> nonzero_share(np.eye(4))
    0.25
    """
    if sp.issparse(matrix):
        m = sp.csr_matrix(matrix)
        m.eliminate_zeros()
        nnz = m.nnz
    else:
        nnz = int(np.count_nonzero(matrix))
    rows, cols = matrix.shape
    return float(nnz / (rows * cols)) if rows * cols else 0.0


def most_similar_rows(
    matrix: sp.spmatrix | sp.sparray | np.ndarray,
    row: int,
    k: int = 10,
    exclude: Iterable[int] = (),
) -> list[tuple[int, float]]:
    """The ``k`` rows with the highest cosine similarity to row ``row`` (itself left out).

    Works on sparse rows directly (no dense V × V matrix). Ties are broken by row index, so the
    result is deterministic.

    Parameters
    ----------
    matrix : sparse or dense matrix, shape (n, m)
        One vector per row (e.g. co-occurrence counts or PPMI).
    row : int
        The query row.
    k : int
        How many neighbours.
    exclude : iterable of int
        Rows never returned (e.g. the unknown token).

    Returns
    -------
    list of (int, float)
        ``(row index, cosine)`` pairs, most similar first (unrounded); rows with cosine 0
        (nothing in common, or all zeros) are not returned.

    Examples
    --------
    >>> [(i, round(c, 4)) for i, c in most_similar_rows(np.array([[1.0, 0.0], [2.0, 0.1], [0.0, 1.0]]), 0, k=2)]
    [(1, 0.9988)]
    """
    m = sp.csr_matrix(matrix, dtype=np.float64)
    n = m.shape[0]
    if isinstance(row, bool) or not isinstance(row, int | np.integer) or not 0 <= row < n:
        raise ValueError(f"row must be a whole number from 0 to {n - 1}, got {row!r}.")
    k = positive_int(k, "k")
    if m.nnz and not np.isfinite(m.data).all():
        raise ValueError("matrix must be finite, but it holds NaN or infinite entries.")
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    if norms[row] == 0:
        raise ValueError(
            f"row {row} is all zeros (this word has no context at all), so it has no direction "
            "and no nearest rows."
        )
    dots = np.asarray((m @ m[row].T).todense()).ravel()
    # A zero row has cosine 0 with everything (it is dropped below with the other zeros).
    cosines = dots / (np.where(norms > 0, norms, 1.0) * norms[row])
    exclude = _excluded_ids(exclude).tolist()
    best = top_k(cosines, min(k + 1 + len(set(exclude)), n), exclude=[row, *exclude])
    found = [(i, c) for i, c in best if c > 0][:k]
    if not found:
        raise ValueError(
            f"row {row} shares no context with any other row (every cosine is 0), "
            "so it has no nearest rows."
        )
    return found


def _excluded_ids(exclude: object) -> np.ndarray:
    """``exclude`` (one id or an iterable of ids) as a 1-D int array; a word is refused."""
    if _is_id(exclude):
        return np.array([int(exclude)], dtype=np.int64)  # type: ignore[call-overload]
    if isinstance(exclude, str | bytes) or not hasattr(exclude, "__iter__"):
        raise TypeError(
            f"exclude must be word ids (e.g. vocab.unk_id), got {exclude!r}: "
            "turn words into ids first, e.g. vocab.index('<unk>')."
        )
    ids = list(exclude)
    for item in ids:
        if not _is_id(item):
            raise TypeError(
                f"exclude must be word ids (e.g. vocab.unk_id), but it holds {item!r}: "
                "turn words into ids first."
            )
    return np.array([int(i) for i in ids], dtype=np.int64)


def _is_id(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)
