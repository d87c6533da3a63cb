"""Benchmark: co-occurrence counts and PPMI (helpers.cooccurrence) against references, same run.

Bars (issue 4): counts for the whole Wikipedia sample (window 5) <= 3 s; counts + PPMI for a
5 M-token toy-world corpus <= 15 s.

References timed in the same process:
* ``np.unique`` counter: the same pair arrays encoded as one int64 key per pair, counted with
  ``np.unique(..., return_counts=True)`` (the obvious vectorised alternative);
* a pure-Python ``collections.Counter`` over pairs, on a 100 000-token slice (extrapolated
  linearly to the full corpus; the naive loop a learner writes first).
Both references are also checked to give the same matrix as the helper.

Run: ``.venv/bin/python bench/bench_cooccurrence.py`` (best of 3 runs per figure).
"""

from __future__ import annotations

import os
import platform
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.sparse as sp

from helpers.counting.cooccurrence import cooccurrence_matrix, ppmi
from helpers.text.vocab import Vocabulary

WINDOW = 5


def best_of(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Best wall-clock time of ``repeat`` calls and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def unique_counts(ids: np.ndarray, vocab_size: int, window: int) -> sp.csr_matrix:
    """Reference: one int64 key per (left, right) pair, counted with np.unique."""
    ids64 = ids.astype(np.int64)
    keys = np.concatenate([ids64[:-d] * vocab_size + ids64[d:] for d in range(1, window + 1)])
    unique, counts = np.unique(keys, return_counts=True)
    upper = sp.coo_matrix(
        (counts.astype(np.float64), (unique // vocab_size, unique % vocab_size)),
        shape=(vocab_size, vocab_size),
    ).tocsr()
    return (upper + upper.T).tocsr()


def counter_counts(ids: np.ndarray, vocab_size: int, window: int) -> sp.csr_matrix:
    """Reference: the naive loop, one Python dict update per (word, context) pair."""
    pairs: Counter[tuple[int, int]] = Counter()
    tokens = ids.tolist()
    n = len(tokens)
    for i, word in enumerate(tokens):
        for j in range(max(0, i - window), min(n, i + window + 1)):
            if j != i:
                pairs[word, tokens[j]] += 1
    rows, cols = zip(*pairs.keys(), strict=True)
    return sp.csr_matrix(
        (np.array(list(pairs.values()), dtype=np.float64), (rows, cols)),
        shape=(vocab_size, vocab_size),
    )


def same(a: sp.csr_matrix, b: sp.csr_matrix) -> bool:
    return abs(a - b).max() < 1e-9


def bench_corpus(name: str, tokens: list[str], bar: float, with_ppmi: bool) -> None:
    vocab = Vocabulary.build(tokens)
    ids = vocab.encode(tokens)
    v = len(vocab)
    print(f"\n== {name}: {ids.size:,} tokens, {v:,} word types, window {WINDOW} ==")
    t_counts, counts = best_of(lambda: cooccurrence_matrix(ids, v, WINDOW))
    print(f"helper counts           {t_counts:6.2f} s   ({counts.nnz:,} non-zeros)")
    t_unique, reference = best_of(lambda: unique_counts(ids, v, WINDOW), repeat=1)
    assert same(counts, reference), "np.unique reference disagrees with the helper"
    print(
        f"np.unique counts        {t_unique:6.2f} s   -> helper is {t_unique / t_counts:4.1f}x faster"
    )
    piece = ids[:100_000]
    t_loop, loop = best_of(lambda: counter_counts(piece, v, WINDOW), repeat=1)
    assert same(loop, cooccurrence_matrix(piece, v, WINDOW)), "Counter reference disagrees"
    t_loop_full = t_loop * ids.size / piece.size
    print(
        f"Python Counter loop     {t_loop_full:6.2f} s   (extrapolated from 100 000 tokens) "
        f"-> helper is {t_loop_full / t_counts:4.0f}x faster"
    )
    total = t_counts
    if with_ppmi:
        t_ppmi, weights = best_of(lambda: ppmi(counts, alpha=0.75))
        print(f"PPMI (alpha 0.75)       {t_ppmi:6.2f} s   ({weights.nnz:,} positive entries)")
        total += t_ppmi
    t_vocab, _ = best_of(lambda: vocab.encode(tokens), repeat=1)
    print(f"(encoding tokens to ids {t_vocab:6.2f} s, not part of the bar)")
    verdict = "OK" if total <= bar else "OVER"
    print(
        f"bar: {'counts + PPMI' if with_ppmi else 'counts'} {total:.2f} s <= {bar:.0f} s: {verdict}"
    )


def bench_notebook_02(sentences: list[list[str]]) -> None:
    """What notebook 02 runs: per-sentence windows, min_count 5, <unk> excluded, then PPMI."""
    vocab = Vocabulary.build([t for s in sentences for t in s], min_count=5)
    ids = [vocab.encode(s, unknown="unk") for s in sentences]
    t_counts, counts = best_of(
        lambda: cooccurrence_matrix(ids, len(vocab), WINDOW, exclude=vocab.unk_id)
    )
    t_ppmi, _ = best_of(lambda: ppmi(counts))
    print(
        f"notebook 02 set-up ({len(sentences):,} sentences, {len(vocab):,} words, <unk> "
        f"excluded): counts {t_counts:.2f} s, PPMI {t_ppmi:.2f} s"
    )


def main() -> None:
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, NumPy {np.__version__}, "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}"
    )
    from helpers.text.corpus import wikipedia_sentences, wikipedia_tokens

    bench_corpus("Wikipedia sample", wikipedia_tokens(), bar=3.0, with_ppmi=False)
    bench_notebook_02(wikipedia_sentences())

    from helpers.text.toyworld import toy_world_corpus

    start = time.perf_counter()
    ids, _, words = toy_world_corpus(n_tokens=5_000_000, seed=42)
    toy = [words[i] for i in ids.tolist()]
    print(f"\n(generating the toy-world corpus took {time.perf_counter() - start:.1f} s)")
    bench_corpus("Toy world", toy, bar=15.0, with_ppmi=True)


if __name__ == "__main__":
    main()
