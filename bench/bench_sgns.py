"""Benchmark: the NumPy SGNS trainer (helpers.word2vec) against gensim's Word2Vec, in one run.

Settings for both: skip-gram, 5 negatives, window 5, d = 100, 5 epochs, subsampling 1e-3,
min_count 5, linear learning-rate decay from 0.025, gensim with workers=1.

1. Speed on a ~5 M-token corpus (the Wikipedia sample repeated; ``--corpus zipf`` uses a
   synthetic Zipfian corpus instead): corpus words per second of training, for gensim
   (``train`` only; vocabulary building timed separately) and for ``train_sgns`` with one
   thread (deterministic) and with two Hogwild threads. Ratios against gensim are printed.
2. Quality on the Wikipedia sample (~0.85 M tokens): WordSim-353 Spearman for both trainers
   over several seeds (mean ± standard deviation: on a corpus this small the seed alone moves
   the score by about 0.01–0.02).

3. ``--scatter``: the minibatch step of ``helpers.word2vec.fast`` (public SciPy: sum each
   touched row's updates with a sparse × dense product, add the old row, write it back; see
   ``bench_sgns_gensim.py`` for the comparison with gensim) against the former step built on
   SciPy's private ``csc_matvecs`` kernel (accumulating straight into the weights), as whole
   ``train_sgns`` runs on the same corpus, alternating. The private kernel is imported here only,
   for this comparison.

Run: ``.venv/bin/python bench/bench_sgns.py`` (about 15 minutes on 2 cores)
     ``.venv/bin/python bench/bench_sgns.py --skip-quality`` / ``--skip-speed`` / ``--seeds 3``.
Timings are noisy on a shared machine: compare the ratios, and re-run when it is quiet.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
from gensim.models import Word2Vec

from helpers.text.vocab import Vocabulary
from helpers.word2vec import fast
from helpers.word2vec.train import train_sgns

SETTINGS = {"d": 100, "window": 5, "negatives": 5, "epochs": 5, "subsample": 1e-3, "min_count": 5}


def wikipedia_tokens() -> list[str]:
    from helpers.text.corpus import wikipedia_tokens as load

    return load()


def zipf_tokens(n: int, vocab: int = 50_000, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, vocab + 1)
    ids = rng.choice(vocab, size=n, p=p / p.sum())
    names = np.array([f"w{i}" for i in range(vocab)])
    return names[ids].tolist()


def prepare(tokens: list[str]) -> tuple[Vocabulary, np.ndarray, list[list[str]]]:
    """Vocabulary (min_count), the filtered id stream, and the same stream as gensim sentences."""
    vocab = Vocabulary.build(tokens, min_count=SETTINGS["min_count"], unk=None)
    known = set(vocab.words)
    kept = [t for t in tokens if t in known]
    ids = vocab.encode(kept)
    # gensim truncates sentences at 10 000 words; train_sgns reads 10 000-token blocks too
    sentences = [kept[i : i + 10_000] for i in range(0, len(kept), 10_000)]
    return vocab, ids, sentences


def gensim_model(seed: int) -> Word2Vec:
    return Word2Vec(
        vector_size=SETTINGS["d"], window=SETTINGS["window"], negative=SETTINGS["negatives"],
        sg=1, hs=0, sample=SETTINGS["subsample"], min_count=SETTINGS["min_count"],
        workers=1, epochs=SETTINGS["epochs"], seed=seed, alpha=0.025, min_alpha=0.0001,
    )  # fmt: skip


def run_gensim(sentences: list[list[str]], seed: int) -> tuple[Word2Vec, float, float, float]:
    """Model, build_vocab seconds, train seconds (wall) and train seconds (CPU of this process)."""
    model = gensim_model(seed)
    t0 = time.perf_counter()
    model.build_vocab(sentences)
    t1, c1 = time.perf_counter(), time.process_time()
    model.train(sentences, total_examples=len(sentences), epochs=SETTINGS["epochs"])
    return model, t1 - t0, time.perf_counter() - t1, time.process_time() - c1


def run_numpy(vocab: Vocabulary, ids: np.ndarray, seed: int, workers: int = 1):
    """Result, train seconds (wall) and train seconds (CPU of this process)."""
    t0, c0 = time.perf_counter(), time.process_time()
    result = train_sgns(
        ids, vocab.counts, d=SETTINGS["d"], window=SETTINGS["window"],
        negatives=SETTINGS["negatives"], epochs=SETTINGS["epochs"],
        subsample=SETTINGS["subsample"], seed=seed, progress=False, workers=workers,
    )  # fmt: skip
    return result, time.perf_counter() - t0, time.process_time() - c0


def speed(corpus: str, target_tokens: int) -> None:
    base = wikipedia_tokens() if corpus == "wikipedia" else zipf_tokens(target_tokens)
    repeats = max(1, round(target_tokens / len(base)))
    vocab, ids, sentences = prepare(base * repeats)
    words = ids.size * SETTINGS["epochs"]
    print(
        f"\n== Speed: {corpus} x{repeats} = {ids.size:,} tokens after min_count, "
        f"{len(vocab):,} words, {SETTINGS['epochs']} epochs =="
    )
    _, vocab_s, gensim_s, gensim_cpu = run_gensim(sentences, seed=42)
    print(f"gensim Word2Vec workers=1: build_vocab {vocab_s:.1f} s, train {gensim_s:.1f} s "
          f"(CPU {gensim_cpu:.1f} s), {words / gensim_s:,.0f} words/s")  # fmt: skip
    rows = [("gensim workers=1 (train only)", gensim_s, gensim_cpu)]
    for workers in (1, 2):
        result, seconds, cpu = run_numpy(vocab, ids, seed=42, workers=workers)
        assert np.all(np.isfinite(result.input_vectors))
        rows.append((f"train_sgns workers={workers}", seconds, cpu))
        print(f"train_sgns workers={workers}: {seconds:.1f} s (CPU {cpu:.1f} s), "
              f"{words / seconds:,.0f} words/s, {result.pairs_processed:,} pairs")  # fmt: skip
    print("\n(CPU = CPU seconds of this process: less sensitive to other jobs on a shared machine,"
          "\n but it counts both threads of workers=2, so judge that one by wall time.)")  # fmt: skip
    print("\n| trainer | wall s | words/s (wall) | ratio to gensim (wall) | CPU s | ratio (CPU) |"
          "\n|---|---|---|---|---|---|")  # fmt: skip
    for name, seconds, cpu in rows:
        print(f"| {name} | {seconds:.1f} | {words / seconds:,.0f} | {gensim_s / seconds:.2f}x "
              f"| {cpu:.1f} | {gensim_cpu / cpu:.2f}x |")  # fmt: skip


def wordsim_spearman(words: list[str], vectors: np.ndarray) -> tuple[float, float]:
    from helpers.evaluation.benchmarks import wordsim353
    from helpers.vectors.wordvectors import WordVectors

    report = WordVectors(words, vectors).evaluate_similarity(wordsim353())
    return report.spearman, report.coverage


def quality(seeds: int) -> None:
    vocab, ids, sentences = prepare(wikipedia_tokens())
    print(f"\n== Quality: Wikipedia sample, {ids.size:,} tokens, {len(vocab):,} words ==")
    scores: dict[str, list[float]] = {"gensim": [], "train_sgns": []}
    times: dict[str, list[float]] = {"gensim": [], "train_sgns": []}
    for seed in range(1, seeds + 1):
        model, vocab_s, train_s, _ = run_gensim(sentences, seed)
        rho_g, coverage = wordsim_spearman(list(model.wv.index_to_key), model.wv.vectors)
        result, seconds, _ = run_numpy(vocab, ids, seed)
        rho_n, _ = wordsim_spearman(vocab.words, result.input_vectors)
        scores["gensim"].append(rho_g)
        scores["train_sgns"].append(rho_n)
        times["gensim"].append(vocab_s + train_s)
        times["train_sgns"].append(seconds)
        print(f"seed {seed}: WordSim-353 Spearman gensim {rho_g:.4f}, train_sgns {rho_n:.4f} "
              f"(coverage {coverage:.1%}); seconds gensim {vocab_s + train_s:.1f}, "
              f"train_sgns {seconds:.1f}")  # fmt: skip
    print("\n| trainer | WordSim-353 Spearman (mean ± sd) | wall time per run (s) |\n|---|---|---|")
    for name, values in scores.items():
        print(f"| {name} | {np.mean(values):.3f} ± {np.std(values, ddof=1) if seeds > 1 else 0:.3f} "
              f"| {np.mean(times[name]):.1f} |")  # fmt: skip
    gap = np.mean(scores["train_sgns"]) - np.mean(scores["gensim"])
    print(f"\nmean difference train_sgns − gensim: {gap:+.4f} (bar: ≥ −0.02)")


def private_sgd_step(w_in, w_out, centres, targets, lr, heavy, work=None) -> float:
    """The trainer's former minibatch step: gathers per example, then SciPy's private compiled
    ``csc_matvecs`` kernel accumulating straight into the weight matrices (``work`` unused)."""
    from scipy.sparse._sparsetools import csc_matvecs

    def scatter(out, rows, coef, per_column, x) -> None:
        batch = x.shape[0]
        indptr = np.arange(0, batch * per_column + 1, per_column, dtype=rows.dtype)
        csc_matvecs(out.shape[0], batch, x.shape[1], indptr, rows.ravel(), coef.ravel(),
                    x.ravel(), out.ravel())  # fmt: skip

    v = np.take(w_in, centres, axis=0)
    u = np.take(w_out, targets, axis=0)
    scores = np.vecdot(u, v[:, None, :])
    scores[:, 0] *= -1.0
    np.clip(scores, -30.0, 30.0, out=scores)
    expo = np.exp(scores)
    loss = float(np.log1p(expo).sum())
    step = expo / (1.0 + expo)
    step[:, 0] *= lr
    step[:, 1:] *= -lr
    step_v = np.matmul(step[:, None, :], u)[:, 0, :]
    scatter(w_out, targets, fast.damp(step, targets, heavy), targets.shape[1], v)
    ones = np.ones(centres.shape[0], dtype=v.dtype)
    scatter(w_in, centres, fast.damp(ones, centres, heavy), 1, step_v)
    return loss


def scatter(corpus: str, target_tokens: int, rounds: int) -> None:
    base = wikipedia_tokens() if corpus == "wikipedia" else zipf_tokens(target_tokens)
    repeats = max(1, round(target_tokens / len(base)))
    vocab, ids, _ = prepare(base * repeats)
    words = ids.size * SETTINGS["epochs"]
    print(f"\n== Minibatch step before/after: {ids.size:,} tokens, {len(vocab):,} words ==")
    public = fast.sgd_step
    before, after = "private csc_matvecs (before)", "public SciPy (after)"
    times: dict[str, list[tuple[float, float]]] = {before: [], after: []}
    vectors = {}
    for _ in range(rounds):
        for name, step in ((before, private_sgd_step), (after, public)):
            fast.sgd_step = step
            try:
                result, seconds, cpu = run_numpy(vocab, ids, seed=42)
            finally:
                fast.sgd_step = public
            times[name].append((seconds, cpu))
            vectors[name] = result.input_vectors
            print(f"{name}: {seconds:.1f} s (CPU {cpu:.1f} s), {words / seconds:,.0f} words/s")
    a, b = vectors.values()
    print(f"largest difference between the two sets of vectors: {np.abs(a - b).max():.2e}")
    print("\n| minibatch step | wall s (best) | CPU s (best) | words/s (CPU) |\n|---|---|---|---|")
    for name, runs in times.items():
        wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {words / cpu:,.0f} |")
    ratio = min(r[1] for r in times[after]) / min(r[1] for r in times[before])
    print(f"after / before (CPU): {ratio:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=["wikipedia", "zipf"], default="wikipedia")
    parser.add_argument("--tokens", type=int, default=5_000_000)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--scatter", action="store_true", help="only the scatter before/after")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, NumPy {np.__version__}, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")  # fmt: skip
    if args.scatter:
        scatter(args.corpus, args.tokens, args.rounds)
        return
    if not args.skip_speed:
        speed(args.corpus, args.tokens)
    if not args.skip_quality:
        quality(args.seeds)


if __name__ == "__main__":
    main()
