"""Benchmark: how fast the notebook-05/06 explorer widgets answer over all 400 000 GloVe words.

The bar (issue 6): the analogy explorer answers in ≤ 100 ms. Timed here is the whole callback
(``helpers.explorers.analogy_html`` / ``neighbours_html``: the query plus building the HTML
table), median and worst of several repeats, next to gensim's ``KeyedVectors`` doing the bare
query on the same vectors in the same run (``most_similar`` / ``most_similar_cosmul`` /
``most_similar``), with the ratio ours / gensim. An unknown word (close-match suggestions) is
timed too.

Run: ``.venv/bin/python bench/bench_explorers.py`` (about half a minute).
Timings are noisy on a shared machine: compare the ratios, and re-run when it is quiet.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable

from gensim.models import KeyedVectors

from helpers.plots.explorers import analogy_html, neighbours_html
from helpers.vectors.pretrained import load_glove

REPEATS = 15
QUERIES = [("man", "king", "woman"), ("france", "paris", "japan"), ("slow", "slower", "fast")]


def timed(fn: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float]:
    """Median and maximum wall time in milliseconds (after one warm-up call)."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")  # fmt: skip
    wv = load_glove()
    _ = wv.normed
    kv = KeyedVectors(vector_size=wv.dim)
    kv.add_vectors(wv.words, wv.vectors)
    kv.fill_norms()
    print(f"vocabulary: {len(wv)} words × {wv.dim} dims\n")
    print(
        f"{'query':44s} {'ours median':>12s} {'ours max':>9s} {'gensim median':>14s} {'ratio':>6s}"
    )
    worst = 0.0
    for a, b, c in QUERIES:
        for method in ("3cosadd", "3cosmul"):
            ours, ours_max = timed(lambda a=a, b=b, c=c, m=method: analogy_html(wv, a, b, c, m))
            query = kv.most_similar if method == "3cosadd" else kv.most_similar_cosmul
            theirs, _ = timed(
                lambda q=query, a=a, b=b, c=c: q(positive=[b, c], negative=[a], topn=5)
            )
            worst = max(worst, ours_max)
            label = f"analogy {a}:{b}::{c}:? ({method})"
            print(
                f"{label:44s} {ours:10.1f}ms {ours_max:7.1f}ms {theirs:12.1f}ms {ours / theirs:6.2f}"
            )
    ours, ours_max = timed(lambda: neighbours_html(wv, "frog", 10))
    theirs, _ = timed(lambda: kv.most_similar("frog", topn=10))
    print(
        f"{'neighbours of frog (k=10)':44s} {ours:10.1f}ms {ours_max:7.1f}ms {theirs:12.1f}ms {ours / theirs:6.2f}"
    )
    ours, ours_max = timed(lambda: neighbours_html(wv, "kitchenn", 10), repeats=5)
    print(
        f"{'unknown word kitchenn (suggestions)':44s} {ours:10.1f}ms {ours_max:7.1f}ms {'-':>12s}"
    )
    # Where 3CosMul's time goes: the cosines of the three inputs with every word. WordVectors
    # computes normed @ normed[ids].T (400 000 × 3 result, column access); the transposed
    # product normed[ids] @ normed.T (3 × 400 000, contiguous rows) does the same work.
    normed = wv.normed
    ids = [wv.index(w) for w in ("man", "king", "woman")]
    as_columns, _ = timed(lambda: normed @ normed[ids].T)
    as_rows, _ = timed(lambda: normed[ids] @ normed.T)
    print(f"\n3CosMul input cosines: normed @ normed[ids].T {as_columns:.1f} ms, "
          f"normed[ids] @ normed.T {as_rows:.1f} ms (ratio {as_columns / as_rows:.2f})")  # fmt: skip
    print(f"\nworst analogy callback: {worst:.1f} ms (bar: 100 ms) -> "
          f"{'OK' if worst <= 100 else 'TOO SLOW'}")  # fmt: skip


if __name__ == "__main__":
    main()
