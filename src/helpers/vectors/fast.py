"""Fast paths for big jobs: the same answers as the readable code, several times faster.

Nothing here is needed to understand the course; read :mod:`helpers.vectors.analogies` and
:func:`helpers.vectors.similarity.top_k` instead. These functions exist because two jobs are
large enough for speed to matter:

* :func:`best_answers_fast`: the full Google analogy benchmark over all of GloVe (19 544
  questions × 400 000 words, notebook 06 and ``bench/bench_vectors.py``), used by
  :func:`helpers.vectors.analogies.evaluate_analogies` for large jobs;
* :func:`top_k_rows`: the top ``k`` of many rows of scores at once, used by
  :meth:`WordVectors.most_similar_batch`.

``tests/test_vectors.py`` checks that each returns exactly what the readable version returns
(same answers, same order, ties included) on GloVe subsets and on random data with ties.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from itertools import pairwise

import numpy as np

from helpers.vectors.similarity import unit_rows

__all__ = ["best_answers_fast", "top_k_rows"]

#: How many questions :func:`best_answers_fast` scores per matrix product, and how many
#: vocabulary rows per block (a block of scores, 1024 × 1024 float32 = 4 MB, fits in cache).
QUESTION_CHUNK = 1024
VOCAB_BLOCK = 1024


def best_answers_fast(
    normed: np.ndarray,
    questions: np.ndarray,
    method: str = "3cosadd",
    eps: float = 1e-3,
    same_word: Mapping[int, np.ndarray] | None = None,
) -> np.ndarray:
    """:func:`helpers.vectors.analogies.best_answers`, chunked, cache-blocked and threaded.

    Asking the questions one by one costs a pass over the whole matrix per question. Here a
    chunk of 1024 questions is scored at once: its 1024 query vectors times a block of 1024
    vocabulary rows is one matrix product whose result (4 MB) stays in the processor cache; the
    input words are set to ``-inf``, the best of the block is found with ``argmax``, and each
    question keeps its running best (an earlier block wins a tie, as ``argmax`` does). Chunks
    are shared out between threads (one per core, each running single-threaded BLAS: NumPy
    releases the GIL inside matrix products and ``argmax``). See ``bench/README.md``.
    """
    starts = range(0, len(questions), QUESTION_CHUNK)

    def work(start: int) -> np.ndarray:
        chunk = questions[start : start + QUESTION_CHUNK]
        return _best_in_chunk(normed, chunk, same_word, method, eps)

    workers = min(_n_cores(), len(starts))
    if workers <= 1:
        parts = [work(start) for start in starts]
    else:
        with _single_threaded_blas(), ThreadPoolExecutor(workers) as pool:
            parts = list(pool.map(work, starts))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _best_in_chunk(
    normed: np.ndarray,
    chunk: np.ndarray,
    same_word: Mapping[int, np.ndarray] | None,
    method: str,
    eps: float,
) -> np.ndarray:
    """Best answer (vocabulary row) for each question ``(a, b, c, d)`` of one chunk."""
    m = len(chunk)
    if method == "3cosadd":
        offsets = normed[chunk[:, 1]] - normed[chunk[:, 0]] + normed[chunk[:, 2]]
        queries = [unit_rows(offsets, "b - a + c")]
    else:
        queries = [normed[chunk[:, j]] for j in range(3)]
    # Inputs to mask: (question row, vocabulary row) pairs, sorted by vocabulary row.
    mask_rows = np.repeat(np.arange(m), 3)
    mask_cols = chunk[:, :3].ravel()
    if same_word is not None:
        mask_rows, mask_cols = _expand_variants(mask_rows, mask_cols, same_word)
    order = np.argsort(mask_cols, kind="stable")
    mask_rows, mask_cols = mask_rows[order], mask_cols[order]
    bounds = np.searchsorted(mask_cols, np.arange(0, len(normed) + VOCAB_BLOCK, VOCAB_BLOCK))
    top_score = np.full(m, -np.inf, dtype=np.float32)
    top_index = np.zeros(m, dtype=np.int64)
    rows = np.arange(m)
    eps32 = np.float32(eps)
    for number, lo in enumerate(range(0, len(normed), VOCAB_BLOCK)):
        block_t = normed[lo : lo + VOCAB_BLOCK].T
        if method == "3cosadd":
            scores = queries[0] @ block_t
        else:
            sa, sb, sc = (qj @ block_t for qj in queries)
            for s in (sa, sb, sc):  # cos' = (1 + cos) / 2, in place
                s += np.float32(1.0)
                s /= np.float32(2.0)
            sa += eps32
            scores = sb
            scores *= sc
            scores /= sa
        i0, i1 = bounds[number], bounds[number + 1]
        scores[mask_rows[i0:i1], mask_cols[i0:i1] - lo] = -np.inf
        arg = scores.argmax(axis=1)
        value = scores[rows, arg]
        better = value > top_score
        top_score[better] = value[better]
        top_index[better] = arg[better] + lo
    return top_index


def _expand_variants(
    rows: np.ndarray, cols: np.ndarray, same_word: Mapping[int, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Add every case variant of each masked word (so 'King' is masked with 'king')."""
    extra_rows, extra_cols = [rows], [cols]
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        group = same_word.get(c)
        if group is not None:
            extra_rows.append(np.full(len(group), r))
            extra_cols.append(group)
    return np.concatenate(extra_rows), np.concatenate(extra_cols)


def top_k_rows(scores: np.ndarray, k: int) -> list[np.ndarray]:
    """:func:`helpers.vectors.similarity.top_k` for each row of a 2-D array, vectorised.

    Scores of ``-inf`` (excluded words) are never returned, so a row may get fewer than ``k``.
    A full sort of n scores costs O(n log n); only the largest k are needed. For long rows, a
    *threshold* first: the k-th largest value of a strided 1 % sample. At least k scores are
    ≥ it, so every one of the k largest is too; the candidates above it are few (about 100·k),
    and only those are sorted.
    """
    m, n = scores.shape
    if n >= 20_000 and k <= n // 400:
        sample = scores[:, :: max(1, n // (100 * max(k, 40)))]
        threshold = np.partition(sample, sample.shape[1] - k, axis=1)[:, sample.shape[1] - k]
        threshold = np.maximum(threshold, np.finfo(scores.dtype).min)  # never admit -inf
        rows, cols = np.nonzero(scores >= threshold[:, None])
    else:
        kk = min(k, n)
        kth = np.partition(scores, n - kk, axis=1)[:, n - kk]
        rows, cols = np.nonzero(scores >= kth[:, None])  # every tie with the k-th is a candidate
    values = scores[rows, cols]
    finite = values > -np.inf
    rows, cols, values = rows[finite], cols[finite], values[finite]
    order = np.lexsort((cols, -values, rows))  # by row, then best first, then lower index
    rows, cols = rows[order], cols[order]
    starts = np.searchsorted(rows, np.arange(m + 1))
    return [cols[lo : min(hi, lo + k)] for lo, hi in pairwise(starts)]


def _n_cores() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover (macOS, Windows)
        return os.cpu_count() or 1


@contextmanager
def _single_threaded_blas() -> Iterator[None]:
    """Limit BLAS to one thread inside the block (no-op if threadpoolctl is missing)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield
