"""Benchmark: ``train_sgns`` against gensim's ``Word2Vec`` on a 1.5 M-token corpus, in one process.

Issue 24. Settings for both: skip-gram, 5 negatives, window 5, d = 100, 5 epochs, subsampling
1e-3, min_count 5, learning rate 0.025 falling to 0.0001, ``--workers`` threads (1 or 2).

The corpus is built offline: the first ``--tokens`` tokens of text8 when ``text8.zip`` is
already in the course cache, otherwise the Wikipedia sample shipped with the course, repeated
with its sentences shuffled (seed 0) until it has at least ``--tokens`` tokens. Both trainers
get the same sentences; each builds its own min_count 5 vocabulary (the same words); gensim's
``build_vocab`` is not timed.

Each repeat trains both (the order alternates between repeats) with the repeat's seed, and
prints the CPU seconds of this process (``time.process_time``, the figure to compare on a
shared machine; it counts every thread), the wall seconds, and the WordSim-353 and SimLex-999
Spearman and Google analogy accuracy (3CosAdd) of both sets of vectors, scored by the same
``WordVectors`` methods. With ``--before`` a third trainer runs in the same rotation:
``train_sgns`` with the minibatch step of an earlier commit (read with ``git show``), compared on
time and scores; ``--same-bits`` (with ``workers=1``) also fails unless both give bit-identical
vectors (SHA-256 of the input and output vectors), for a change meant to keep the arithmetic.
Run it after any change under ``src/helpers/word2vec/``:

    .venv/bin/python bench/bench_sgns_gensim.py                      # workers=1, 3 repeats
    .venv/bin/python bench/bench_sgns_gensim.py --workers 2
    .venv/bin/python bench/bench_sgns_gensim.py --before 664f2ff     # also the step of 664f2ff
    .venv/bin/python bench/bench_sgns_gensim.py --before HEAD --same-bits   # and demand equal bits

About 4 minutes per repeat on 2 quiet cores (workers=1, both trainers), more under load.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import inspect
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gensim
import numpy as np
from gensim.models import Word2Vec
from threadpoolctl import threadpool_info

from helpers.datafiles import cache_dir
from helpers.evaluation.benchmarks import google_analogies, simlex999, wordsim353
from helpers.text.vocab import Vocabulary
from helpers.vectors.wordvectors import WordVectors
from helpers.word2vec import fast
from helpers.word2vec.train import train_sgns

SETTINGS = {"d": 100, "window": 5, "negatives": 5, "epochs": 5, "subsample": 1e-3, "min_count": 5}
REPO = Path(__file__).resolve().parent.parent


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def blas_kernel() -> str:
    parts = []
    for info in threadpool_info():
        if info.get("user_api") == "blas":
            parts.append(
                f"{info['internal_api']} {info.get('version')} kernel "
                f"{info.get('architecture', '?')}, {info['num_threads']} threads"
            )
    return "; ".join(parts) or "no BLAS found by threadpoolctl"


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}"


def build_corpus(min_tokens: int) -> tuple[str, list[list[str]]]:
    """A description and the sentences: text8 from the cache if present, else the Wikipedia sample."""
    text8 = cache_dir() / "text8.zip"
    if text8.is_file():
        from helpers.text.text8 import load_text8

        tokens = load_text8(min_tokens, progress=False)
        chunks = [tokens[i : i + 10_000] for i in range(0, len(tokens), 10_000)]
        return f"text8, first {len(tokens):,} tokens in 10 000-token chunks", chunks
    from helpers.text.corpus import wikipedia_sentences

    base = [s for s in wikipedia_sentences() if s]
    base_tokens = sum(len(s) for s in base)
    copies = -(-min_tokens // base_tokens)
    rng = np.random.default_rng(0)
    sentences = [base[i] for _ in range(copies) for i in rng.permutation(len(base))]
    return (
        f"Wikipedia sample x{copies}, sentence order shuffled (seed 0): "
        f"{len(sentences):,} sentences",
        sentences,
    )


def encode(sentences: list[list[str]]) -> tuple[Vocabulary, list[np.ndarray]]:
    vocab = Vocabulary.build(
        (t for s in sentences for t in s), min_count=SETTINGS["min_count"], unk=None
    )
    known = set(vocab.words)
    return vocab, [vocab.encode([t for t in s if t in known]) for s in sentences]


def scores(words: list[str], vectors: np.ndarray) -> dict[str, float]:
    wv = WordVectors(words, vectors)
    return {
        "WordSim-353": wv.evaluate_similarity(wordsim353()).spearman,
        "SimLex-999": wv.evaluate_similarity(simlex999()).spearman,
        "Google": wv.evaluate_analogies(google_analogies()).accuracy,
    }


def vector_hash(*arrays: np.ndarray) -> str:
    digest = hashlib.sha256()
    for array in arrays:
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()[:16]


def old_step(commit: str) -> Callable[..., float]:
    """``sgd_step`` of ``src/helpers/word2vec/fast.py`` at ``commit`` (read with git show)."""
    source = subprocess.run(
        ["git", "show", f"{commit}:src/helpers/word2vec/fast.py"],
        capture_output=True, text=True, check=True, cwd=REPO,
    ).stdout  # fmt: skip
    path = Path(tempfile.mkdtemp()) / f"fast_{commit}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(f"fast_{commit}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    step: Callable[..., float] = module.sgd_step
    if "work" in inspect.signature(step).parameters:
        # the trainer hands the step a workspace of today's fast.py: give the earlier step one
        # of its own module's instead, one per thread (made at the thread's first call)
        own = threading.local()

        def with_its_workspace(*args: Any) -> float:
            w_in, w_out, _, targets = args[:4]
            if not hasattr(own, "work"):
                n_rows = max(w_in.shape[0], w_out.shape[0])
                own.work = module.Workspace(*targets.shape, w_in.shape[1], n_rows, w_in.dtype)
            return step(*args[:6], own.work)

        return with_its_workspace

    def without_workspace(*args: Any) -> float:  # steps before the workspace take six arguments
        return step(*args[:6])

    return without_workspace


def run_gensim(sentences: list[list[str]], seed: int, workers: int) -> dict[str, Any]:
    model = Word2Vec(
        vector_size=SETTINGS["d"], window=SETTINGS["window"], negative=SETTINGS["negatives"],
        sg=1, hs=0, sample=SETTINGS["subsample"], min_count=SETTINGS["min_count"],
        workers=workers, epochs=SETTINGS["epochs"], seed=seed, alpha=0.025, min_alpha=0.0001,
    )  # fmt: skip
    model.build_vocab(sentences)
    wall, cpu = time.perf_counter(), time.process_time()
    model.train(sentences, total_examples=len(sentences), epochs=SETTINGS["epochs"])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "cpu": cpu,
        "wall": wall,
        "hash": "",
        **scores(list(model.wv.index_to_key), model.wv.vectors),
    }


def run_project(
    vocab: Vocabulary, ids: list[np.ndarray], seed: int, workers: int, step: Callable[..., float]
) -> dict[str, Any]:
    current = fast.sgd_step
    fast.sgd_step = step  # train_sgns looks the step up in helpers.word2vec.fast at each call
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        result = train_sgns(
            ids, vocab.counts, d=SETTINGS["d"], window=SETTINGS["window"],
            negatives=SETTINGS["negatives"], epochs=SETTINGS["epochs"],
            subsample=SETTINGS["subsample"], seed=seed, progress=False, workers=workers,
        )  # fmt: skip
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        fast.sgd_step = current
    return {
        "cpu": cpu,
        "wall": wall,
        "hash": vector_hash(result.input_vectors, result.output_vectors),
        **scores(vocab.words, result.input_vectors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, choices=[1, 2], default=1)
    parser.add_argument("--repeats", type=int, default=3, help="seeds 1 … repeats, one run each")
    parser.add_argument("--tokens", type=int, default=1_500_000, help="minimum corpus tokens")
    parser.add_argument("--before", metavar="COMMIT", help="also time the step of this commit")
    parser.add_argument(
        "--same-bits",
        action="store_true",
        help="with --before and --workers 1: fail unless the vectors are bit-identical",
    )
    parser.add_argument("--epochs", type=int, default=5, help="5 for the figures; 1 to smoke-test")
    args = parser.parse_args()
    SETTINGS["epochs"] = args.epochs

    print(f"CPU: {cpu_model()}, {len(os.sched_getaffinity(0))} cores available")
    print(f"BLAS: {blas_kernel()}")
    print(
        f"Python {platform.python_version()}, NumPy {np.__version__}, gensim {gensim.__version__}"
        f", {load()} at start"
    )
    description, sentences = build_corpus(args.tokens)
    vocab, ids = encode(sentences)
    n_tokens = sum(len(s) for s in sentences)
    print(
        f"corpus: {description}; {n_tokens:,} tokens, {sum(i.size for i in ids):,} after "
        f"min_count, {len(vocab):,} words; workers={args.workers}"
    )

    trainers: dict[str, Callable[[int], dict[str, Any]]] = {
        "gensim": lambda seed: run_gensim(sentences, seed, args.workers),
        "train_sgns": lambda seed: run_project(vocab, ids, seed, args.workers, fast.sgd_step),
    }
    if args.before:
        before = old_step(args.before)
        trainers[f"train_sgns at {args.before}"] = lambda seed: run_project(
            vocab, ids, seed, args.workers, before
        )
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in trainers}
    print(
        "\n| seed | trainer | CPU s | wall s | WordSim-353 | SimLex-999 | Google | vectors | load |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for repeat in range(args.repeats):
        seed = repeat + 1
        order = list(trainers) if repeat % 2 == 0 else list(reversed(trainers))
        for name in order:
            run = trainers[name](seed)
            runs[name].append(run)
            print(
                f"| {seed} | {name} | {run['cpu']:.1f} | {run['wall']:.1f} "
                f"| {run['WordSim-353']:.3f} | {run['SimLex-999']:.3f} | {run['Google']:.3f} "
                f"| {run['hash'] or '-'} | {load()} |",
                flush=True,
            )

    print(f"\nMedians over {args.repeats} seeds (scores: means), workers={args.workers}:")
    print("\n| trainer | CPU s | wall s | gensim / it (CPU) | gensim / it (wall) "
          "| WordSim-353 | SimLex-999 | Google |\n|---|---|---|---|---|---|---|---|")  # fmt: skip
    g_cpu = statistics.median(r["cpu"] for r in runs["gensim"])
    g_wall = statistics.median(r["wall"] for r in runs["gensim"])
    for name, rows in runs.items():
        cpu = statistics.median(r["cpu"] for r in rows)
        wall = statistics.median(r["wall"] for r in rows)
        means = {
            k: statistics.mean(r[k] for r in rows) for k in ("WordSim-353", "SimLex-999", "Google")
        }
        print(
            f"| {name} | {cpu:.1f} | {wall:.1f} | {g_cpu / cpu:.2f}x | {g_wall / wall:.2f}x "
            f"| {means['WordSim-353']:.3f} | {means['SimLex-999']:.3f} | {means['Google']:.3f} |"
        )
    gap = statistics.mean(r["WordSim-353"] for r in runs["train_sgns"]) - statistics.mean(
        r["WordSim-353"] for r in runs["gensim"]
    )
    print(f"\nWordSim-353, train_sgns minus gensim (mean over seeds): {gap:+.3f} (bar: >= -0.02)")
    if args.before and args.workers == 1:
        new = [r["hash"] for r in runs["train_sgns"]]
        old = [r["hash"] for r in runs[f"train_sgns at {args.before}"]]
        same = new == old
        print(f"vectors bit-identical to {args.before} for every seed: {same}")
        if args.same_bits and not same:
            raise SystemExit(f"The vectors differ from {args.before}'s: {new} vs {old}.")
    print(f"{load()} at the end")


if __name__ == "__main__":
    main()
