"""Tests for helpers.benchmarks: each loader against an independent reading of the same file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from gensim.test.utils import datapath

from helpers import datafiles
from helpers.evaluation import benchmarks
from helpers.evaluation.benchmarks import google_analogies, simlex999, wordsim353

EXPECTED_CATEGORIES = [
    "capital-common-countries",
    "capital-world",
    "currency",
    "city-in-state",
    "family",
    "gram1-adjective-to-adverb",
    "gram2-opposite",
    "gram3-comparative",
    "gram4-superlative",
    "gram5-present-participle",
    "gram6-nationality-adjective",
    "gram7-past-tense",
    "gram8-plural",
    "gram9-plural-verbs",
]


def test_google_analogies_matches_independent_parse() -> None:
    lines = Path(datapath("questions-words.txt")).read_text().splitlines()
    expected: list[tuple[str, tuple[str, ...]]] = []
    category = ""
    for line in lines:
        if line.startswith(": "):
            category = line[2:]
        else:
            expected.append((category, tuple(w.lower() for w in line.split(" "))))
    questions = google_analogies()
    assert list(questions) == EXPECTED_CATEGORIES
    flat = [(cat, q) for cat, qs in questions.items() for q in qs]
    assert flat == expected
    assert len(flat) == 19544


def test_google_analogies_known_rows() -> None:
    questions = google_analogies()
    assert questions["capital-common-countries"][0] == ("athens", "greece", "baghdad", "iraq")
    assert questions["family"][0] == ("boy", "girl", "brother", "sister")
    assert questions["gram9-plural-verbs"][-1] == ("write", "writes", "work", "works")
    assert len(questions["capital-common-countries"]) == 506
    assert len(questions["family"]) == 506
    assert all(q == tuple(w.lower() for w in q) for qs in questions.values() for q in qs)


def _read_tsv(name: str) -> list[tuple[str, str, float]]:
    with open(datapath(name), newline="") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]
    return [(a.lower(), b.lower(), float(s)) for a, b, s in rows]


def test_wordsim353_matches_csv_reader() -> None:
    pairs = wordsim353()
    assert pairs == _read_tsv("wordsim353.tsv")
    assert len(pairs) == 353
    assert pairs[0] == ("love", "sex", 6.77)
    assert ("jerusalem", "israel", 8.46) in pairs
    assert all(0 <= s <= 10 for _, _, s in pairs)


def test_simlex999_matches_csv_reader() -> None:
    pairs = simlex999()
    assert pairs == _read_tsv("simlex999.txt")
    assert len(pairs) == 999
    assert pairs[0] == ("old", "new", 1.58)
    assert all(0 <= s <= 10 for _, _, s in pairs)


def test_benchmarks_need_no_gensim(monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmark files ship with the course: no installed gensim is needed to read them."""
    monkeypatch.setattr(datafiles.importlib.util, "find_spec", lambda name: None)
    assert len(benchmarks.wordsim353()) == 353


def test_missing_file_is_one_clear_sentence(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(datafiles, "project_file", lambda relative: tmp_path / relative)
    with pytest.raises(
        datafiles.MissingDataError,
        match=r"The data file thirdparty/simlex999\.txt is missing from the course: install the course",
    ):
        benchmarks.simlex999()
