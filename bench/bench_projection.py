"""Benchmark: PPMI + truncated SVD (helpers.projection) against gensim's Word2Vec, same run.

Bar (issue 5): on the Wikipedia sample, PPMI + SVD reaches at least gensim's WordSim-353
Spearman correlation in at most 0.5x gensim's wall time, gensim running skip-gram with
negative sampling at the issue's settings (sg, 5 negatives, window 5, d = 100, 5 epochs,
min_count 5, workers=1, seed 42).

Both sides start from the same tokenised sentences and build their own vocabulary (min_count 5),
so the wall times include counting words. Runs alternate (gensim, SVD, gensim, SVD, ...) and the
best time of each is kept, so a burst of load on the shared machine hits both sides alike. Both
sets of vectors are scored by the same code (``WordVectors.evaluate_similarity``).

Also printed: where the PPMI + SVD time goes, the effect of the eigenvalue weight p, and the
effect of the number of BLAS threads on the randomized SVD.

Run: ``.venv/bin/python bench/bench_projection.py [--repeat 2]``.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from helpers.counting.cooccurrence import cooccurrence_matrix, ppmi
from helpers.evaluation.benchmarks import wordsim353
from helpers.projection.svd import ppmi_svd_vectors, truncated_svd, weight_singular_vectors
from helpers.text.vocab import Vocabulary
from helpers.vectors.wordvectors import WordVectors

D, WINDOW, MIN_COUNT, EPOCHS, NEGATIVES, SEED = 100, 5, 5, 5, 5, 42


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def train_gensim(sentences: list[list[str]]) -> WordVectors:
    from gensim.models import Word2Vec

    model = Word2Vec(
        sentences,
        vector_size=D,
        window=WINDOW,
        min_count=MIN_COUNT,
        sg=1,
        negative=NEGATIVES,
        hs=0,
        epochs=EPOCHS,
        workers=1,
        seed=SEED,
    )
    return WordVectors(list(model.wv.index_to_key), model.wv.vectors)


def train_svd(sentences: list[list[str]], p: float = 0.5) -> WordVectors:
    return ppmi_svd_vectors(sentences, d=D, window=WINDOW, min_count=MIN_COUNT, p=p, seed=SEED)


def stages(sentences: list[list[str]]) -> None:
    """Where the PPMI + SVD time goes, stage by stage."""
    t_vocab, vocab = timed(
        lambda: Vocabulary.build((t for s in sentences for t in s), min_count=MIN_COUNT)
    )
    t_encode, ids = timed(
        lambda: [(e := vocab.encode(s, unknown="unk"))[e != 0] - 1 for s in sentences]
    )
    n = len(vocab) - 1
    t_counts, counts = timed(lambda: cooccurrence_matrix(ids, n, window=WINDOW))
    t_ppmi, matrix = timed(lambda: ppmi(counts))
    t_svd, (u, s) = timed(lambda: truncated_svd(matrix, D, seed=SEED))
    print(
        f"stages: vocabulary {t_vocab:.2f} s, encode {t_encode:.2f} s, counts {t_counts:.2f} s, "
        f"PPMI {t_ppmi:.2f} s, SVD (d={D}) {t_svd:.2f} s; {n:,} words, {matrix.nnz:,} PPMI non-zeros"
    )
    pairs = wordsim353()
    words = vocab.words[1:]
    for p in (0.0, 0.5, 1.0):
        rho = WordVectors(words, weight_singular_vectors(u, s, p)).evaluate_similarity(pairs)
        print(f"  p = {p:3.1f}: WordSim-353 Spearman {rho.spearman:.3f}")
    for threads in (1, 2):
        # truncated_svd pins BLAS to one thread; call scikit-learn directly to compare
        from sklearn.utils.extmath import randomized_svd

        with threadpool_limits(limits=threads, user_api="blas"):
            t, _ = timed(
                lambda: randomized_svd(matrix, D, n_iter=5, random_state=np.random.RandomState(0))
            )
        print(f"  randomized_svd with {threads} BLAS thread(s): {t:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="alternating runs of each side")
    args = parser.parse_args()
    logging.getLogger("gensim").setLevel(logging.WARNING)
    import gensim

    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
        f"NumPy {np.__version__}, gensim {gensim.__version__}, "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}"
    )
    from helpers.text.corpus import wikipedia_sentences

    sentences = wikipedia_sentences()
    print(
        f"Wikipedia sample: {sum(map(len, sentences)):,} tokens in {len(sentences):,} sentences; "
        f"d={D}, window={WINDOW}, min_count={MIN_COUNT}; gensim: sg, {NEGATIVES} negatives, "
        f"{EPOCHS} epochs, workers=1"
    )
    pairs = wordsim353()
    t_gensim, t_svd = float("inf"), float("inf")
    for run in range(args.repeat):
        t, gensim_wv = timed(lambda: train_gensim(sentences))
        t_gensim = min(t_gensim, t)
        t2, svd_wv = timed(lambda: train_svd(sentences))
        t_svd = min(t_svd, t2)
        print(f"run {run + 1}: gensim {t:.2f} s, PPMI+SVD {t2:.2f} s")
    g = gensim_wv.evaluate_similarity(pairs)
    s = svd_wv.evaluate_similarity(pairs)
    print(
        f"gensim Word2Vec  {t_gensim:6.2f} s  WordSim-353 {g.spearman:.3f} "
        f"({g.n_covered}/{g.n_pairs} pairs, {len(gensim_wv):,} words)"
    )
    print(
        f"PPMI + SVD       {t_svd:6.2f} s  WordSim-353 {s.spearman:.3f} "
        f"({s.n_covered}/{s.n_pairs} pairs, {len(svd_wv):,} words)"
    )
    ratio = t_svd / t_gensim
    ok = ratio <= 0.5 and s.spearman >= g.spearman
    print(
        f"bar: time ratio {ratio:.2f} (<= 0.5), Spearman {s.spearman:.3f} vs {g.spearman:.3f} "
        f"(difference {s.spearman - g.spearman:+.3f}, >= 0): {'OK' if ok else 'NOT MET'}"
    )
    stages(sentences)


if __name__ == "__main__":
    main()
