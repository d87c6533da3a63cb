"""Figures a notebook quotes from elsewhere (another notebook's output, bench/README.md) are there.

A notebook cannot assert a number it does not compute. When its prose quotes one (notebook 05
quotes gensim's WordSim-353 scores from notebook 04 and the benchmark), this test checks the
quote against its source, so the two cannot drift apart.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cells(name: str) -> list[dict]:
    path = ROOT / "notebooks" / f"{name}.ipynb"
    notebook: dict = json.loads(path.read_text(encoding="utf-8"))
    return notebook["cells"]


def markdown(name: str) -> str:
    return "\n".join("".join(c["source"]) for c in cells(name) if c["cell_type"] == "markdown")


def outputs(name: str) -> str:
    texts = []
    for cell in cells(name):
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("text", "")))
    return "\n".join(texts)


def test_04_quotes_the_seed_spread_of_both_sgns_trainers_from_the_benchmark() -> None:
    prose = " ".join(markdown("04_word2vec").split())
    quoted = re.search(
        r"over seeds 1–3 `bench/README.md` gives ours ([\d.]+) to ([\d.]+) and gensim ([\d.]+) to "
        r"([\d.]+)",
        prose,
    )
    assert quoted, "notebook 04 no longer quotes the benchmark's seed spread in the expected words"
    bench = (ROOT / "bench" / "README.md").read_text(encoding="utf-8")
    for row, (low, high) in [
        ("train_sgns", quoted.groups()[:2]),
        ("gensim Word2Vec", quoted.groups()[2:]),
    ]:
        per_seed = re.search(rf"\| {row} \| [\d.]+ ± [\d.]+ \| ([\d., ]+) \|", bench)
        assert per_seed, f"bench/README.md no longer has {row}'s per-seed scores"
        scores = [float(x) for x in per_seed[1].split(",")]
        assert (min(scores), max(scores)) == (float(low), float(high)), row
    assert "(3 epochs: 0.08 for both)" in bench
