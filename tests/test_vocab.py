"""Tests for helpers.vocab and helpers.onehot against naive re-implementations."""

from __future__ import annotations

import re

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.text.onehot import check_ids, one_hot, one_hot_sparse
from helpers.text.vocab import UnknownTokenError, Vocabulary, close_matches

WORDS = st.lists(st.sampled_from([*"abcdefgh", "the", "cat", "<unk>"]), max_size=60)


def naive_vocab(tokens, min_count, max_size, unk):
    """Count with a plain dict and rank with explicit comparisons (no Counter, no sort keys)."""
    counts: dict[str, int] = {}
    for t in tokens:
        counts[t] = counts.get(t, 0) + 1
    if unk is not None:
        counts.pop(unk, None)
    kept = [(w, c) for w, c in counts.items() if c >= min_count]
    # selection sort: highest count first, ties alphabetical
    ordered = []
    while kept:
        best = kept[0]
        for item in kept[1:]:
            if item[1] > best[1] or (item[1] == best[1] and item[0] < best[0]):
                best = item
        ordered.append(best)
        kept.remove(best)
    if max_size is not None:
        ordered = ordered[: max_size - (unk is not None)]
    words = [w for w, _ in ordered]
    cnts = [c for _, c in ordered]
    if unk is not None:
        return [unk, *words], [len(tokens) - sum(cnts), *cnts]
    return words, cnts


@settings(max_examples=150, deadline=None)
@given(
    tokens=WORDS,
    min_count=st.integers(1, 4),
    max_size=st.one_of(st.none(), st.integers(2, 8)),
    unk=st.sampled_from(["<unk>", None]),
)
def test_build_matches_naive(tokens, min_count, max_size, unk):
    vocab = Vocabulary.build(tokens, min_count=min_count, max_size=max_size, unk=unk)
    words, counts = naive_vocab(tokens, min_count, max_size, unk)
    assert vocab.words == words
    assert vocab.counts.tolist() == counts
    assert vocab.counts.dtype == np.int64
    assert len(vocab) == len(words)
    if max_size is not None:
        assert len(vocab) <= max_size
    if unk is not None:
        assert vocab.counts.sum() == len(tokens)


@settings(max_examples=100, deadline=None)
@given(tokens=WORDS, queries=WORDS, min_count=st.integers(1, 3))
def test_encode_decode_match_naive(tokens, queries, min_count):
    vocab = Vocabulary.build(tokens, min_count=min_count)
    ids = vocab.encode(queries, unknown="unk")
    assert ids.dtype == np.int32
    expected = [vocab.words.index(q) if q in vocab.words else 0 for q in queries]
    missing = [q for q in queries if q not in vocab.words]
    if missing:  # without unknown="unk" the first unknown word is refused, by name
        with pytest.raises(UnknownTokenError, match=f"^{re.escape(repr(missing[0]))} is not in"):
            vocab.encode(queries)
    else:
        assert vocab.encode(queries).tolist() == expected
    assert ids.tolist() == expected
    assert vocab.decode(ids) == [q if q in vocab.words else "<unk>" for q in queries]
    for w in vocab.words:
        assert w in vocab
        assert vocab.words[vocab.index(w)] == w


def test_order_and_unk_counts():
    vocab = Vocabulary.build("b a c a b a d".split(), min_count=2)
    assert vocab.words == ["<unk>", "a", "b"]
    assert vocab.counts.tolist() == [2, 3, 2]
    assert vocab.unk_id == 0
    assert Vocabulary.build(["x"], unk=None).unk_id is None
    assert "Vocabulary(3 words" in repr(vocab)


def test_empty_corpus():
    assert Vocabulary.build([]).words == ["<unk>"]
    assert len(Vocabulary.build([], unk=None)) == 0
    assert Vocabulary.build(["a"]).decode([]) == []


def test_unknown_word_without_unk_suggests_close_matches():
    vocab = Vocabulary.build("the queen and the king".split(), unk=None)
    with pytest.raises(UnknownTokenError, match=r"'qeen' is not in the vocabulary.*'queen'"):
        vocab.encode(["the", "qeen"])
    with pytest.raises(KeyError, match="did you mean 'king'"):
        vocab.index("kin")
    with pytest.raises(KeyError, match="no word in it looks similar"):
        vocab.index("zzzzzz")
    with pytest.raises(KeyError) as info:
        vocab.index("kng")
    # str() is the plain sentence (KeyError would otherwise wrap it in quotes)
    assert str(info.value) == "'kng' is not in the vocabulary (4 words); did you mean 'king'?"


def test_index_is_strict_even_with_unk():
    vocab = Vocabulary.build("a b".split())
    with pytest.raises(KeyError, match="'c' is not in the vocabulary"):
        vocab.index("c")


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"min_count": 0}, ValueError, "min_count must be at least 1"),
        ({"min_count": 1.5}, TypeError, "min_count must be an integer"),
        ({"max_size": 1}, ValueError, "max_size must be at least 2"),
        ({"max_size": 0, "unk": None}, ValueError, "max_size must be at least 1"),
    ],
)
def test_build_errors(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        Vocabulary.build(["a", "b"], **kwargs)


def test_string_instead_of_tokens():
    with pytest.raises(TypeError, match="not a single string"):
        Vocabulary.build("the cat sat")
    with pytest.raises(TypeError, match=r"encode\(text.split\(\)\)"):
        Vocabulary.build(["a"]).encode("a b")


def test_decode_errors():
    vocab = Vocabulary.build(["a", "b"])
    with pytest.raises(
        ValueError, match=r"id 3 is out of range .* 3 words \(valid ids are 0 to 2\)"
    ):
        vocab.decode([0, 3])
    with pytest.raises(ValueError, match="id -1 is out of range"):
        vocab.decode(np.array([-1]))
    with pytest.raises(TypeError, match="integer ids"):
        vocab.decode([0.5])


def test_direct_construction_errors():
    with pytest.raises(ValueError, match="distinct"):
        Vocabulary(["a", "a"], np.array([1, 1]), unk=None)
    with pytest.raises(ValueError, match="first word"):
        Vocabulary(["a", "<unk>"], np.array([1, 1]))
    with pytest.raises(ValueError, match="shape"):
        Vocabulary(["a"], np.array([1, 1]), unk=None)


def test_close_matches():
    assert close_matches("qeen", ["the", "queen", "king"]) == ["queen"]
    assert close_matches("xyz", ["the"]) == []


# ---- one-hot -----------------------------------------------------------------------------


def naive_one_hot(ids, vocab_size):
    rows = []
    for i in ids:
        row = [0.0] * vocab_size
        row[i] = 1.0
        rows.append(row)
    return np.array(rows, dtype=float).reshape(len(ids), vocab_size)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), vocab_size=st.integers(1, 12))
def test_one_hot_matches_naive(data, vocab_size):
    ids = data.draw(st.lists(st.integers(0, vocab_size - 1), max_size=15))
    expected = naive_one_hot(ids, vocab_size)
    dense = one_hot(ids, vocab_size)
    assert dense.dtype == np.float64
    np.testing.assert_array_equal(dense, expected)
    sparse = one_hot_sparse(ids, vocab_size)
    assert sp.issparse(sparse) and sparse.format == "csr"
    assert sparse.nnz == len(ids)
    np.testing.assert_array_equal(sparse.toarray(), expected)


def test_one_hot_single_id_and_selects_row():
    np.testing.assert_array_equal(one_hot(2, 4), [0, 0, 1, 0])
    assert one_hot_sparse(2, 4).shape == (1, 4)
    w = np.arange(12.0).reshape(4, 3)
    np.testing.assert_array_equal(one_hot(2, 4) @ w, w[2])
    np.testing.assert_array_equal(one_hot_sparse([3, 1], 4) @ w, w[[3, 1]])


def test_one_hot_errors():
    with pytest.raises(ValueError, match=r"id 5 is out of range for a vocabulary of 5 words"):
        one_hot([1, 5], 5)
    with pytest.raises(ValueError, match="id -2 is out of range"):
        one_hot_sparse([-2], 5)
    with pytest.raises(TypeError, match="must be integers"):
        one_hot([1.0], 5)
    with pytest.raises(ValueError, match="vocab_size must be at least 1"):
        one_hot([], 0)
    with pytest.raises(TypeError, match="vocab_size must be an integer"):
        check_ids([0], 3.0)
    with pytest.raises(ValueError, match="1-D"):
        one_hot([[0]], 3)


@pytest.mark.parametrize(
    ("tokens", "message"),
    [
        (
            [["the", "cat"], ["a", "dog"]],
            r"tokens\[0\] is list \['the', 'cat'\], not a word: it looks like a list of sentences",
        ),
        (
            ["the", None, "cat"],
            r"tokens\[1\] is None, not a word: every token must be a string",
        ),
        ([3, 1, 4], r"tokens\[0\] is int 3, not a word: it looks like ids"),
        (np.array([3, 1]), r"tokens\[0\] is int64 np.int64\(3\), not a word: it looks like ids"),
        (None, "tokens must be a list of words, got None"),
    ],
)
def test_build_and_encode_refuse_what_is_not_words(tokens: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        Vocabulary.build(tokens)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=message):
        Vocabulary.build(["the", "cat"]).encode(tokens)  # type: ignore[arg-type]


def test_build_accepts_a_generator_of_words() -> None:
    sentences = [["the", "cat"], ["the", "dog"]]
    vocab = Vocabulary.build((w for s in sentences for w in s), unk=None)
    assert vocab.words == ["the", "cat", "dog"] and vocab.counts.tolist() == [2, 1, 1]
