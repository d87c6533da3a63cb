"""Before/after issue 13 in one process: the old WordVectors (git 48fc3fa) against the new one.

Run with ``.venv/bin/python bench/bench_before_after.py`` from a git checkout (the old module is
read with ``git show``). Both answer the same questions on all 400 000 GloVe words; the script
checks that the answers are identical and prints both times.
"""

import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from helpers.evaluation.benchmarks import google_analogies
from helpers.vectors.analogies import evaluate_analogies
from helpers.vectors.pretrained import glove_arrays
from helpers.vectors.wordvectors import WordVectors

OLD = subprocess.run(
    ["git", "show", "48fc3fa:src/helpers/vectors/wordvectors.py"],
    capture_output=True,
    text=True,
    check=True,
    cwd=Path(__file__).parent,
).stdout
old_file = Path(tempfile.mkdtemp()) / "old_wordvectors.py"
old_file.write_text(OLD)
spec = importlib.util.spec_from_file_location("old_wv", old_file)
old = importlib.util.module_from_spec(spec)
sys.modules["old_wv"] = old  # dataclasses look their module up there
spec.loader.exec_module(old)  # type: ignore[union-attr]

words, matrix = glove_arrays()
new_wv = WordVectors(words, matrix)
old_wv = old.WordVectors(words, matrix)
new_wv.normed  # noqa: B018
old_wv.normed  # noqa: B018
q = google_analogies()


def med(fn, n=15):
    ts = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts) * 1000


for name, fn_old, fn_new in [
    (
        "most_similar('frog', 10)",
        lambda: old_wv.most_similar("frog", 10),
        lambda: new_wv.most_similar("frog", 10),
    ),
    (
        "analogy man:king::woman 3CosAdd",
        lambda: old_wv.analogy("man", "king", "woman"),
        lambda: new_wv.analogy("man", "king", "woman"),
    ),
    (
        "analogy man:king::woman 3CosMul",
        lambda: old_wv.analogy("man", "king", "woman", method="3cosmul"),
        lambda: new_wv.analogy("man", "king", "woman", method="3cosmul"),
    ),
]:
    a, b = med(fn_old), med(fn_new)
    assert fn_old() == fn_new(), name
    print(f"{name}: before {a:.1f} ms, after {b:.1f} ms (median of 15), same answer")

batch = words[:1000]
t = time.perf_counter()
ob = old_wv.most_similar_batch(batch, k=10)
a = time.perf_counter() - t
t = time.perf_counter()
nb = new_wv.most_similar_batch(batch, k=10)
b = time.perf_counter() - t
print(f"most_similar_batch 1000 words: before {a:.2f} s, after {b:.2f} s, same answers: {ob == nb}")

for method in ("3cosadd", "3cosmul"):
    t = time.perf_counter()
    ro = old_wv.evaluate_analogies(q, method=method)
    a = time.perf_counter() - t
    t = time.perf_counter()
    rn = new_wv.evaluate_analogies(q, method=method)
    b = time.perf_counter() - t
    print(
        f"Google {method} 19 544 q x 400k: before {a:.1f} s, after (fast path) {b:.1f} s; "
        f"same predictions: {ro.predictions == rn.predictions}, accuracy {rn.accuracy:.4f}"
    )
# readable path on a slice, to show why the fast path exists
sub = {c: v[:40] for c, v in q.items()}
t = time.perf_counter()
r1 = evaluate_analogies(new_wv, sub, fast=False)
a = time.perf_counter() - t
t = time.perf_counter()
r2 = evaluate_analogies(new_wv, sub, fast=True)
b = time.perf_counter() - t
n = r1.n_covered
print(
    f"{n} questions x 400k: readable loop {a:.2f} s ({a / n * 1000:.1f} ms/question), fast {b:.2f} s; same: {r1.predictions == r2.predictions}"
)
