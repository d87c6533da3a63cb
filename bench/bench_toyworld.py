"""Benchmark the toy-world generator (helpers.toyworld).

Run with ``.venv/bin/python bench/bench_toyworld.py``. Prints the median time to generate 1 M
and 5 M tokens through each public path (id arrays, flat tokens, sentences) and, as references
measured in the same run, (a) drawing the same number of words one at a time in a Python loop
(what a per-word generator would cost at best) and (b) drawing them with one vectorised
``numpy`` call from the corpus's own unigram distribution (a floor: no grammar at all).
Target from the course issue: 1 M tokens in under 2 s.
"""

from __future__ import annotations

import platform
import random
import statistics
import time
from collections.abc import Callable

import numpy as np

from helpers.text.toyworld import toy_world_corpus, toy_world_sentences


def median_seconds(function: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def python_loop_words(words: list[str], n: int) -> list[str]:
    """Reference: one Python-level random choice per word."""
    rng = random.Random(0)
    return [rng.choice(words) for _ in range(n)]


def main() -> None:
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python "
        f"{platform.python_version()}, NumPy {np.__version__}"
    )
    toy_world_corpus(1_000, seed=0)  # load and compile the grammar once
    ids, lengths, words = toy_world_corpus(1_000_000, seed=42)
    unigram = np.bincount(ids, minlength=len(words)) / ids.size
    print(
        f"corpus (1 M tokens, seed 42): {ids.size:,} tokens, {lengths.size:,} sentences "
        f"(mean {ids.size / lengths.size:.2f} tokens), {np.count_nonzero(unigram)} of "
        f"{len(words)} vocabulary words used"
    )
    top = np.argsort(-unigram)[:5]
    print("most frequent:", ", ".join(f"{words[i]} {unigram[i]:.3f}" for i in top))

    for n, repeats in ((1_000_000, 5), (5_000_000, 3)):
        label = f"{n // 1_000_000} M"
        t_ids = median_seconds(lambda n=n: toy_world_corpus(n, seed=42), repeats)
        t_sentences = median_seconds(lambda n=n: toy_world_sentences(n, seed=42), repeats)
        rng = np.random.default_rng(0)
        t_numpy = median_seconds(
            lambda n=n, rng=rng: rng.choice(len(words), size=n, p=unigram), repeats
        )
        t_loop = median_seconds(lambda n=n: python_loop_words(words, n), 1)
        print(f"\n{label} tokens (median of {repeats}):")
        print(f"  toy_world_corpus (id arrays)      {t_ids:6.3f} s")
        print(f"  toy_world_sentences               {t_sentences:6.3f} s")
        print(
            f"  reference: numpy unigram draw     {t_numpy:6.3f} s  "
            f"(grammar costs {t_ids / t_numpy:.1f}x a bag of words)"
        )
        print(
            f"  reference: per-word Python loop   {t_loop:6.3f} s  "
            f"(ids path is {t_loop / t_ids:.1f}x faster, sentences {t_loop / t_sentences:.1f}x)"
        )
    budget = median_seconds(lambda: toy_world_sentences(1_000_000, seed=42), 3)
    verdict = "OK" if budget < 2.0 else "OVER"
    print(f"\ntarget: 1 M tokens as sentences in < 2 s -> {budget:.3f} s {verdict}")


if __name__ == "__main__":
    main()
