"""Tests for helpers.agreement against scipy's Spearman and hand-made reports."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import spearmanr

from helpers.evaluation.agreement import agreement_figure, agreement_table, largest_disagreements
from helpers.vectors.wordvectors import WordVectors

RNG = np.random.default_rng(0)
WORDS = [f"w{i}" for i in range(12)]
WV = WordVectors(WORDS, RNG.normal(size=(12, 4)))
INDEX_PAIRS = [(0, 1), (2, 3), (4, 5), (6, 7), (8, 9), (10, 11), (0, 5), (1, 9), (3, 7)]
PAIRS = [(WORDS[i], WORDS[j], float(RNG.integers(0, 10))) for i, j in INDEX_PAIRS]
PAIRS.append(("w0", "unknown", 3.0))  # not covered
REPORT = WV.evaluate_similarity(PAIRS)  # type: ignore[arg-type]


def test_table_reports_spearman_and_coverage() -> None:
    table = agreement_table({"m": {"set": REPORT}, "n": {"set": REPORT}})
    assert table.columns.tolist() == [
        "model",
        "dataset",
        "spearman",
        "pairs",
        "covered",
        "coverage",
    ]
    unit = WV.vectors / np.linalg.norm(WV.vectors, axis=1, keepdims=True)
    cos = [unit[int(a[1:])] @ unit[int(b[1:])] for a, b, _ in PAIRS[:-1]]
    rho = spearmanr([h for *_, h in PAIRS[:-1]], cos).statistic
    assert table.loc[0, "spearman"] == round(rho, 3)
    assert table.loc[0, "covered"] == 9 and table.loc[0, "coverage"] == 0.9
    with pytest.raises(ValueError, match="at least one"):
        agreement_table({})


def test_figure_has_one_panel_per_report() -> None:
    fig = agreement_figure({"m": {"s1": REPORT, "s2": REPORT}, "n": {"s1": REPORT, "s2": REPORT}},
                           "Agreement")  # fmt: skip
    assert len(fig.data) == 4
    assert fig.layout.title.text == "Agreement"
    assert list(fig.data[0].x) == list(np.round(REPORT.human_scores, 3))
    assert "ρ =" in fig.layout.annotations[0].text
    with pytest.raises(ValueError, match="same datasets"):
        agreement_figure({"m": {"s1": REPORT}, "n": {"s2": REPORT}}, "t")


def test_largest_disagreements_by_hand() -> None:
    wv = WordVectors(
        ["a", "b", "c", "d"], np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.5, 0.5]])
    )
    # cosines: a–b highest, a–c lowest; people rate a–c highest and a–b lowest
    report = wv.evaluate_similarity([("a", "b", 1.0), ("a", "c", 9.0), ("a", "d", 5.0)])
    table = largest_disagreements(report, n=2)
    assert table["pair"].tolist() == ["a – b", "a – c"]
    assert table["gap"].tolist() == [1.0, -1.0]


def test_figure_names_each_rows_dataset_and_shares_the_cosine_range() -> None:
    fig = agreement_figure({"m": {"s1": REPORT, "s2": REPORT}, "n": {"s1": REPORT, "s2": REPORT}},
                           "Agreement")  # fmt: skip
    assert fig.layout.xaxis.title.text == "human score (s1)"
    assert fig.layout.xaxis3.title.text == "human score (s2)"
    matches = [fig.layout[f"yaxis{k}"].matches for k in ("", "2", "3", "4")]
    assert len({m for m in matches if m is not None}) == 1 and matches.count(None) == 1
    assert "m" in fig.layout.annotations[0].text and "covered" in fig.layout.annotations[0].text
