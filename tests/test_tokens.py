"""Tests for helpers.tokens and helpers.semantic_search on the real Llama-2 tokenizer and matrix."""

import json

import numpy as np
import pytest
from safetensors.numpy import load_file
from tokenizers import Tokenizer

from helpers.datafiles import package_file
from helpers.llm.semantic_search import embed_texts, load_sentences, search
from helpers.llm.tokens import (
    character_tokens,
    embedding_lookup,
    pad_token_ids,
    random_embeddings_like,
    sequence_lengths,
    token_strings,
    tokenize_text,
    word_tokens,
)


@pytest.fixture(scope="module")
def tokenizer():
    return Tokenizer.from_file(
        str(package_file("wordllama", "tokenizers/l2_supercat_tokenizer_config.json"))
    )


@pytest.fixture(scope="module")
def E():
    path = package_file("wordllama", "weights/l2_supercat_256.safetensors")
    return load_file(str(path))["embedding.weight"].astype(np.float32)


def test_tokenize_text_gives_llama_pieces(tokenizer):
    tokens = tokenize_text(tokenizer, "The king spoke")
    assert tokens.pieces == ["▁The", "▁king", "▁spoke"]
    assert tokens.ids.tolist() == [450, 6989, 12707]
    assert tokens.table()[1] == (1, 6989, "▁king")
    with_bos = tokenize_text(tokenizer, "The king", add_special_tokens=True)
    assert with_bos.pieces[0] == "<s>"
    with pytest.raises(TypeError, match="string"):
        tokenize_text(tokenizer, ["not", "a", "string"])


def test_rare_words_split_into_pieces_that_spell_the_word(tokenizer):
    tokens = tokenize_text(tokenizer, "antidisestablishmentarianism")
    assert len(tokens) > 3
    assert "".join(tokens.pieces).replace("▁", "") == "antidisestablishmentarianism"


def test_token_strings_agree_with_the_tokenizer(tokenizer):
    words = token_strings(tokenizer)
    assert len(words) == 32000 == len(set(words))
    for i in (0, 1, 2, 450, 6989, 31999):
        assert tokenizer.id_to_token(i) == words[i]


def test_word_and_character_tokens():
    assert word_tokens(" a  b\tc ") == ["a", "b", "c"]
    assert character_tokens("ab c") == ["a", "b", " ", "c"]


def test_sequence_lengths_match_per_text_counts(tokenizer):
    texts = ["the cat sat on the mat", "photosynthesis", "a"]
    lengths = sequence_lengths(tokenizer, texts)
    assert lengths["characters"].tolist() == [len(t) for t in texts]
    assert lengths["words"].tolist() == [len(t.split()) for t in texts]
    expected = [len(tokenizer.encode(t, add_special_tokens=False).ids) for t in texts]
    assert lengths["subword tokens"].tolist() == expected


def test_embedding_lookup_equals_one_hot_product(E):
    ids = [6989, 450, 6989, 0]
    one_hot = np.zeros((len(ids), E.shape[0]), dtype=np.float32)
    for row, i in enumerate(ids):
        one_hot[row, i] = 1.0
    np.testing.assert_array_equal(embedding_lookup(E, ids), one_hot @ E)
    np.testing.assert_array_equal(embedding_lookup(E, 5), E[5])


def test_embedding_lookup_errors_are_clear():
    E = np.zeros((4, 2))
    with pytest.raises(
        IndexError, match="Token id 4 is outside the vocabulary: ids run from 0 to 3"
    ):
        embedding_lookup(E, [1, 4])
    with pytest.raises(TypeError, match="whole numbers"):
        embedding_lookup(E, [0.5])
    with pytest.raises(ValueError, match="vocab_size, d"):
        embedding_lookup(np.zeros(4), [0])


def test_random_embeddings_like_keeps_shape_dtype_and_column_statistics():
    rng = np.random.default_rng(0)
    E = (rng.normal(size=(20000, 3)) * [1.0, 2.0, 0.5] + [0.0, 1.0, -1.0]).astype(np.float16)
    R = random_embeddings_like(E, seed=3)
    assert R.shape == E.shape and R.dtype == E.dtype
    np.testing.assert_allclose(R.astype(float).mean(0), E.astype(float).mean(0), atol=0.05)
    np.testing.assert_allclose(R.astype(float).std(0), E.astype(float).std(0), rtol=0.05)
    np.testing.assert_array_equal(R, random_embeddings_like(E, seed=3))


def test_sentences_file_has_fifty_sentences_in_five_topics():
    sentences = load_sentences()
    assert len(sentences) == 50
    topics = [s.topic for s in sentences]
    assert sorted(set(topics)) == ["animals", "food", "money", "space", "sport"]
    assert all(topics.count(t) == 10 for t in set(topics))


def test_load_sentences_reads_another_file_and_reports_a_missing_one(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"topics": {"a": ["x y"], "b": ["z"]}}))
    assert [(s.topic, s.text) for s in load_sentences(path)] == [("a", "x y"), ("b", "z")]
    with pytest.raises(FileNotFoundError, match="missing"):
        load_sentences(tmp_path / "nope.json")


def test_embed_texts_is_the_normalised_mean_of_token_rows(tokenizer, E):
    texts = ["The cat sat.", "Money in the bank"]
    got = embed_texts(tokenizer, E, texts)
    for row, text in enumerate(texts):
        ids = tokenizer.encode(text, add_special_tokens=False).ids
        mean = np.zeros(E.shape[1])
        for i in ids:
            mean += E[i].astype(np.float64)
        mean /= len(ids)
        np.testing.assert_allclose(got[row], mean / np.linalg.norm(mean), atol=1e-6)
    with pytest.raises(TypeError, match="list of texts"):
        embed_texts(tokenizer, E, "one text")
    with pytest.raises(ValueError, match="has no tokens"):
        embed_texts(tokenizer, E, [""])


def test_search_ranks_by_cosine_like_a_sorted_loop():
    rng = np.random.default_rng(2)
    vectors, query = rng.normal(size=(30, 5)), rng.normal(size=5)
    cosines = [float(v @ query / np.linalg.norm(v) / np.linalg.norm(query)) for v in vectors]
    expected = sorted(range(30), key=lambda i: -cosines[i])[:4]
    got = search(query, vectors, k=4)
    assert [i for i, _ in got] == expected
    np.testing.assert_allclose([c for _, c in got], [cosines[i] for i in expected], atol=1e-12)
    with pytest.raises(ValueError, match="same length"):
        search(np.ones(3), vectors)
    with pytest.raises(ValueError, match="the query vector is all zeros"):
        search(np.zeros(5), vectors)
    with pytest.raises(ValueError, match="k must be"):
        search(query, vectors, k=31)


def test_semantic_search_finds_the_topic_of_a_query(tokenizer, E):
    sentences = load_sentences()
    V = embed_texts(tokenizer, E, [s.text for s in sentences])
    q = embed_texts(tokenizer, E, ["planets and stars"])[0]
    assert all(sentences[i].topic == "space" for i, _ in search(q, V, k=3))


def test_pad_token_ids_pads_on_the_right_with_end_of_text(tokenizer):
    texts = ["The cat sat on the mat.", "Hi", "photosynthesis"]
    ids, mask = pad_token_ids(tokenizer, texts)
    pieces = [tokenizer.encode(t, add_special_tokens=False).ids for t in texts]
    assert ids.shape == mask.shape == (3, max(len(p) for p in pieces))
    for row, p in enumerate(pieces):  # real ids first, then </s> (id 2), the mask says which
        assert ids[row].tolist() == p + [2] * (ids.shape[1] - len(p))
        assert mask[row].tolist() == [True] * len(p) + [False] * (ids.shape[1] - len(p))
    assert tokenizer.id_to_token(2) == "</s>"
    assert pad_token_ids(tokenizer, ["Hi"], pad_id=0)[0].tolist() == [pieces[1]]


def test_pad_token_ids_errors_are_clear(tokenizer):
    with pytest.raises(TypeError, match="list of texts"):
        pad_token_ids(tokenizer, "a text")
    with pytest.raises(ValueError, match="at least one text"):
        pad_token_ids(tokenizer, [])
    with pytest.raises(ValueError, match="has no tokens"):
        pad_token_ids(tokenizer, ["fine", ""])
