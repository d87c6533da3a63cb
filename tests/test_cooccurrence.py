"""Tests for helpers.cooccurrence against naive Python-loop implementations."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.counting.cooccurrence import (
    cooccurrence_matrix,
    most_similar_rows,
    nonzero_share,
    ppmi,
)


def naive_counts(sentences, vocab_size, window, weighting="uniform", exclude=()):
    """For each token, look left and right up to `window` positions, one pair at a time."""
    table = [[0.0] * vocab_size for _ in range(vocab_size)]
    for sentence in sentences:
        for i, word in enumerate(sentence):
            for j in range(max(0, i - window), min(len(sentence), i + window + 1)):
                if j == i or word in exclude or sentence[j] in exclude:
                    continue
                weight = 1.0 if weighting == "uniform" else 1.0 / abs(i - j)
                table[word][sentence[j]] += weight
    return np.array(table)


def naive_ppmi(table, alpha):
    """PPMI from the definition with Python floats and math.log."""
    n_rows, n_cols = len(table), len(table[0])
    total = sum(sum(r) for r in table)
    row_sum = [sum(r) for r in table]
    col_sum = [sum(table[i][j] for i in range(n_rows)) for j in range(n_cols)]
    smoothed_total = sum(c**alpha for c in col_sum)
    out = np.zeros((n_rows, n_cols))
    for i in range(n_rows):
        for j in range(n_cols):
            if table[i][j] > 0:
                p_wc = table[i][j] / total
                p_w = row_sum[i] / total
                p_c = col_sum[j] ** alpha / smoothed_total
                out[i, j] = max(0.0, math.log(p_wc / (p_w * p_c)))
    return out


corpora = st.integers(1, 7).flatmap(
    lambda v: st.tuples(
        st.just(v),
        st.lists(st.lists(st.integers(0, v - 1), max_size=12), min_size=1, max_size=4),
    )
)


@settings(max_examples=150, deadline=None)
@given(corpus=corpora, window=st.integers(1, 6), weighting=st.sampled_from(["uniform", "harmonic"]))
def test_counts_match_naive_per_sentence(corpus, window, weighting):
    vocab_size, sentences = corpus
    got = cooccurrence_matrix(
        [np.array(s, dtype=np.int32) for s in sentences], vocab_size, window, weighting
    )
    assert sp.issparse(got) and got.format == "csr" and got.dtype == np.float64
    expected = naive_counts(sentences, vocab_size, window, weighting)
    np.testing.assert_allclose(got.toarray(), expected)
    assert got.has_sorted_indices
    assert (got.data != 0).all()


@settings(max_examples=100, deadline=None)
@given(corpus=corpora, window=st.integers(1, 4), data=st.data())
def test_flat_stream_and_exclude_match_naive(corpus, window, data):
    vocab_size, sentences = corpus
    flat = [w for s in sentences for w in s]
    excluded = data.draw(st.sets(st.integers(0, vocab_size - 1), max_size=2))
    got = cooccurrence_matrix(np.array(flat, dtype=np.int64), vocab_size, window, exclude=excluded)
    np.testing.assert_allclose(
        got.toarray(), naive_counts([flat], vocab_size, window, "uniform", excluded)
    )
    # a plain list of ints is a flat stream too
    np.testing.assert_allclose(
        cooccurrence_matrix(flat, vocab_size, window).toarray(),
        naive_counts([flat], vocab_size, window),
    )


def test_exclude_single_id_and_symmetry():
    rng = np.random.default_rng(0)
    ids = rng.integers(0, 30, size=2000)
    counts = cooccurrence_matrix(ids, 30, window=3, exclude=0)
    assert (counts != counts.T).nnz == 0
    assert counts[0].nnz == 0 and counts[:, 0].nnz == 0
    # every non-excluded token at position i has min(i,3)+min(n-1-i,3) neighbours
    full = cooccurrence_matrix(ids, 30, window=3)
    assert full.sum() == pytest.approx(2 * (3 * 2000 - 6))


def test_counts_errors():
    with pytest.raises(ValueError, match="id 5 is out of range for a vocabulary of 5 words"):
        cooccurrence_matrix(np.array([0, 5]), 5)
    with pytest.raises(ValueError, match="id -1 is out of range"):
        cooccurrence_matrix(np.array([-1, 2]), 5)
    with pytest.raises(ValueError, match="window must be"):
        cooccurrence_matrix(np.array([0, 1]), 5, window=0)
    with pytest.raises(ValueError, match="weighting must be 'uniform' or 'harmonic'"):
        cooccurrence_matrix(np.array([0, 1]), 5, weighting="linear")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="1-D array"):
        cooccurrence_matrix(np.zeros((2, 2), dtype=int), 5)
    with pytest.raises(TypeError, match="must be integers"):
        cooccurrence_matrix(np.array([0.5, 1.0]), 5)
    with pytest.raises(ValueError, match="vocab_size must be at least 1"):
        cooccurrence_matrix(np.array([0]), 0)


def test_short_and_empty_inputs():
    assert cooccurrence_matrix(np.array([3]), 4).nnz == 0
    assert cooccurrence_matrix(np.array([], dtype=int), 4).shape == (4, 4)
    assert cooccurrence_matrix([], 4).nnz == 0


@settings(max_examples=100, deadline=None)
@given(
    table=st.integers(1, 5).flatmap(
        lambda n: st.lists(
            st.lists(st.integers(0, 6), min_size=n, max_size=n), min_size=1, max_size=5
        )
    ),
    alpha=st.sampled_from([1.0, 0.75, 0.5]),
)
def test_ppmi_matches_naive(table, alpha):
    array = np.array(table, dtype=float)
    if array.sum() == 0:
        assert ppmi(array, alpha).nnz == 0
        return
    expected = naive_ppmi(table, alpha)
    for given_matrix in (array, sp.csr_matrix(array), sp.coo_array(array)):
        got = ppmi(given_matrix, alpha)
        assert got.format == "csr" and got.shape == array.shape
        np.testing.assert_allclose(got.toarray(), expected, atol=1e-12)
        assert (got.data > 0).all()


def test_ppmi_of_random_corpus_counts():
    rng = np.random.default_rng(1)
    sentences = [rng.integers(0, 12, size=20).tolist() for _ in range(10)]
    counts = cooccurrence_matrix([np.array(s) for s in sentences], 12, window=2)
    expected = naive_ppmi(naive_counts(sentences, 12, 2).tolist(), 0.75)
    np.testing.assert_allclose(ppmi(counts).toarray(), expected, atol=1e-12)


def test_ppmi_smoothing_lowers_rare_context_scores():
    # context 1 is rare: with alpha < 1 it gets more probability, so its PMI drops
    table = np.array([[10.0, 1.0], [10.0, 0.0]])
    assert ppmi(table, 0.75)[0, 1] < ppmi(table, 1.0)[0, 1]


def test_ppmi_errors():
    with pytest.raises(ValueError, match="non-negative"):
        ppmi(np.array([[1.0, -1.0]]))
    with pytest.raises(ValueError, match=r"alpha must be in \(0, 1\]"):
        ppmi(np.eye(2), alpha=0)


def test_nonzero_share():
    assert nonzero_share(np.eye(5)) == pytest.approx(0.2)
    assert nonzero_share(sp.csr_matrix(np.eye(4))) == pytest.approx(0.25)


def test_most_similar_rows_matches_dense_cosine():
    rng = np.random.default_rng(3)
    dense = rng.integers(0, 3, size=(15, 8)).astype(float)
    dense[4] = 0
    norms = np.linalg.norm(dense, axis=1)
    for row in (0, 7):
        got = most_similar_rows(sp.csr_matrix(dense), row, k=5, exclude=[2])
        cos = []
        for j in range(15):
            if j in (row, 2) or norms[j] == 0:
                continue
            cos.append((float(dense[row] @ dense[j] / (norms[row] * norms[j])), -j))
        cos.sort(reverse=True)
        expected = [(-j, c) for c, j in cos[:5] if c > 0]
        assert [i for i, _ in got] == [i for i, _ in expected]
        np.testing.assert_allclose([c for _, c in got], [c for _, c in expected], atol=1e-12)
    with pytest.raises(ValueError, match="row 4 is all zeros"):
        most_similar_rows(dense, 4)
    with pytest.raises(ValueError, match="row must be a whole number from 0 to 14, got 15"):
        most_similar_rows(dense, 15)
    with pytest.raises(ValueError, match="k must be a positive whole number, got -1"):
        most_similar_rows(dense, 0, k=-1)
    with pytest.raises(ValueError, match="NaN"):
        most_similar_rows(np.array([[1.0, np.nan], [1.0, 0.0]]), 0)


def naive_pair_dict(sentences, window, weighting):
    """The naive loop again, but into a dict, for vocabularies too large for a dense table."""
    pairs: dict[tuple[int, int], float] = {}
    for sentence in sentences:
        for i, word in enumerate(sentence):
            for j in range(max(0, i - window), min(len(sentence), i + window + 1)):
                if j != i:
                    weight = 1.0 if weighting == "uniform" else 1.0 / abs(i - j)
                    pairs[word, sentence[j]] = pairs.get((word, sentence[j]), 0.0) + weight
    return pairs


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    window=st.integers(1, 5),
    weighting=st.sampled_from(["uniform", "harmonic"]),
)
def test_large_vocabulary_path_matches_naive(seed, window, weighting):
    # a vocabulary much larger than the number of pairs takes the sorting path, not bincount
    rng = np.random.default_rng(seed)
    vocab_size = 5000
    sentences = [rng.integers(0, 60, size=rng.integers(0, 40)).tolist() for _ in range(6)]
    sentences[0] += [vocab_size - 1, vocab_size - 1]
    got = cooccurrence_matrix(
        [np.array(s, dtype=np.int64) for s in sentences], vocab_size, window, weighting
    )
    expected = naive_pair_dict(sentences, window, weighting)
    coo = got.tocoo()
    found = {(int(r), int(c)): float(x) for r, c, x in zip(coo.row, coo.col, coo.data, strict=True)}
    assert found.keys() == expected.keys()
    for pair, value in expected.items():
        assert found[pair] == pytest.approx(value)
    assert got.has_sorted_indices


def test_ppmi_refuses_nan_counts():
    with pytest.raises(ValueError, match="counts must be finite, but 1 entries are NaN"):
        ppmi(np.array([[1.0, np.nan], [2.0, 1.0]]))
    with pytest.raises(ValueError, match="alpha must be a finite number"):
        ppmi(np.eye(2), alpha=float("nan"))


def test_a_window_longer_than_every_sentence_is_capped_not_run_on() -> None:
    sentences = [np.array([0, 1, 2, 1]), np.array([2, 0])]
    longest = cooccurrence_matrix(sentences, 3, window=3)  # 3 = longest sentence − 1
    for window in (4, 50, 10**9):
        for weighting in ("uniform", "harmonic"):
            np.testing.assert_array_equal(
                cooccurrence_matrix(sentences, 3, window=window, weighting=weighting).toarray(),
                cooccurrence_matrix(sentences, 3, window=3, weighting=weighting).toarray(),
            )
    flat = np.array([0, 1, 2, 0, 1])
    np.testing.assert_array_equal(
        cooccurrence_matrix(flat, 3, window=10**9).toarray(),
        cooccurrence_matrix(flat, 3, window=4).toarray(),
    )
    assert longest.sum() > 0


def test_pairs_that_cannot_fit_in_memory_are_refused() -> None:
    ids = np.zeros(2_000_000, dtype=np.int64)
    with pytest.raises(
        MemoryError, match=r"Counting window 1,999,999 over 2,000,000 tokens would need"
    ):
        cooccurrence_matrix(ids, 1, window=10**9)
