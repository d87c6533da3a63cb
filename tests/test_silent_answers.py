"""Issue 29 §2: helpers never answer silently wrong; each case is refused in one sentence or answered right."""

from __future__ import annotations

import copy
import math
import pickle
import warnings

import numpy as np
import pytest

from helpers.counting.cooccurrence import cooccurrence_matrix, most_similar_rows
from helpers.evaluation.bias import weat_effect_size
from helpers.llm.language_model import (
    context_windows,
    init_language_model,
    loss_and_gradients,
    next_token_logits,
    softmax_cross_entropy,
    train_language_model,
)
from helpers.projection.svd import svd_embeddings
from helpers.text.vocab import Vocabulary
from helpers.validate import UnknownWordError
from helpers.vectors.wordvectors import WordVectors
from helpers.word2vec.sgns import sigmoid


def _one_sentence(error: pytest.ExceptionInfo[BaseException]) -> str:
    message = str(error.value)
    assert "\n" not in message and message.endswith((".", "?")), message
    return message


# -- WordVectors owns its data ------------------------------------------------------------------


def test_editing_the_callers_array_changes_nothing():
    E = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]], dtype=np.float32)
    wv = WordVectors(["king", "queen", "apple"], E)
    before = wv.most_similar("king", k=2)
    E[1] = [0.0, 1.0]  # the caller edits its own array afterwards
    assert wv["queen"].tolist() == pytest.approx([0.9, 0.1])
    assert wv.most_similar("king", k=2) == before
    assert wv.similarity("king", "queen") == pytest.approx(0.9 / math.hypot(0.9, 0.1), abs=1e-6)


def test_a_read_only_array_is_used_without_a_copy():
    E = np.eye(3, dtype=np.float32)
    E.flags.writeable = False  # e.g. a memory-mapped file opened read-only
    assert np.shares_memory(WordVectors(["a", "b", "c"], E).vectors, E)


def test_the_words_cannot_be_reordered_in_place():
    wv = WordVectors(["king", "queen", "apple"], np.eye(3))
    with pytest.raises(TypeError) as error:
        wv.words.sort()
    assert "sorted(wv.words)" in _one_sentence(error)
    for change in (
        lambda w: w.append("x"),
        lambda w: w.__setitem__(0, "x"),
        lambda w: w.reverse(),
        lambda w: w.pop(),
    ):
        with pytest.raises(TypeError):
            change(wv.words)
    assert wv.words == ["king", "queen", "apple"] and wv.index("apple") == 2
    assert sorted(wv.words) == ["apple", "king", "queen"]  # a copy is an ordinary list
    assert wv.words[:2] == ["king", "queen"] and type(wv.words[:2]) is list
    assert pickle.loads(pickle.dumps(wv)).words == wv.words
    assert copy.deepcopy(wv).words == wv.words


# -- a string where a list is expected ---------------------------------------------------------


def test_weat_refuses_one_string_for_a_word_list():
    words = [*"doctrnsehmwa", "he", "she"]
    wv = WordVectors(words, np.random.default_rng(0).normal(size=(14, 4)))
    with pytest.raises(TypeError) as error:
        weat_effect_size(wv, "doctor", ["nurse"], ["he"], ["she"])
    assert "x must be a list of words, not one string" in _one_sentence(error)
    with pytest.raises(TypeError):
        weat_effect_size(wv, ["d", "o"], ["n"], "he", ["she"])


def test_sequence_lengths_refuses_one_string():
    from helpers.llm.tokens import sequence_lengths

    with pytest.raises(TypeError) as error:
        sequence_lengths(None, "abc")  # type: ignore[arg-type]
    assert "[text]" in _one_sentence(error)


# -- ignored or misread arguments --------------------------------------------------------------


def test_cooccurrence_exclude_refuses_a_word():
    with pytest.raises(TypeError) as error:
        cooccurrence_matrix(np.array([0, 1, 2, 1]), 3, window=1, exclude="<unk>")  # type: ignore[arg-type]
    assert "ids" in _one_sentence(error)
    counts = cooccurrence_matrix(np.array([0, 1, 2, 1]), 3, window=1, exclude=[0]).toarray()
    assert counts[0].sum() == 0 and counts[1, 2] == 2


@pytest.mark.parametrize(
    "call",
    [
        lambda m: next_token_logits(m, np.array([[0, -1]])),
        lambda m: loss_and_gradients(m, np.array([[0, 1]]), np.array([-1])),
        lambda m: loss_and_gradients(m, np.array([[-2, 1]]), np.array([1])),
        lambda m: softmax_cross_entropy(np.zeros((1, 5)), np.array([-1])),
    ],
)
def test_negative_ids_are_refused_not_wrapped(call):
    model = init_language_model(vocab_size=5, d=3, k=2, hidden=4, seed=0)
    with pytest.raises(ValueError) as error:
        call(model)
    assert "ids go from 0 to 4" in _one_sentence(error)


def test_decode_refuses_a_batch_and_a_single_id():
    vocab = Vocabulary.build("to be or not to be".split())
    with pytest.raises(ValueError) as error:
        vocab.decode([[1, 2], [3, 4]])
    assert "for row in batch" in _one_sentence(error)
    with pytest.raises(TypeError) as error:
        vocab.decode(3)  # type: ignore[arg-type]
    assert "decode([3])" in _one_sentence(error)
    assert vocab.decode([1, 2]) == ["be", "to"]


def test_encode_refuses_an_unknown_word_unless_asked_for_unk():
    vocab = Vocabulary.build("the queen and the king".split())
    with pytest.raises(UnknownWordError) as error:
        vocab.encode(["Queen"])
    assert _one_sentence(error) == (
        "'Queen' is not in the vocabulary (5 words), and unknown=\"unk\" would encode it as "
        "'<unk>'; did you mean 'queen'?"
    )
    with pytest.raises(UnknownWordError, match="'prince' is not in the vocabulary"):
        vocab.encode(["queen", "prince"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the explicit option is silent, as asked
        assert vocab.words == ["<unk>", "the", "and", "king", "queen"]
        assert vocab.encode(["prince", "queen"], unknown="unk").tolist() == [0, 4]
        assert vocab.encode(["<unk>", "king"]).tolist() == [0, 3]
    with pytest.raises(ValueError) as error:
        vocab.encode(["queen"], unknown="skip")  # type: ignore[arg-type]
    assert 'unknown must be "raise"' in _one_sentence(error)


def test_most_similar_rows_refuses_a_row_with_nothing_in_common():
    with pytest.raises(ValueError) as error:
        most_similar_rows(np.eye(3), 0, k=1)
    assert "shares no context" in _one_sentence(error)


# -- NaN or constant answers -------------------------------------------------------------------


def test_sigmoid_refuses_none():
    with pytest.raises(TypeError):
        sigmoid(None)  # type: ignore[arg-type]


def test_svd_embeddings_refuses_a_nan_exponent():
    with pytest.raises(ValueError) as error:
        svd_embeddings(np.diag([3.0, 2.0, 1.0]), d=2, p=float("nan"))
    assert "p must be a finite number" in _one_sentence(error)


def test_spearman_refuses_one_pair_and_constant_scores():
    wv = WordVectors(["a", "b", "c", "d"], np.random.default_rng(1).normal(size=(4, 3)))
    with pytest.raises(ValueError) as error:
        wv.evaluate_similarity([("a", "b", 1.0), ("a", "zzz", 2.0)])
    assert "only 1 of the 2 pairs" in _one_sentence(error)
    with pytest.raises(ValueError) as error:
        wv.evaluate_similarity([("a", "b", 5.0), ("a", "c", 5.0), ("b", "d", 5.0)])
    assert "every human score" in _one_sentence(error)


def test_a_huge_float32_query_still_ranks_by_cosine():
    wv = WordVectors(["x", "y", "z"], np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]]))
    found = wv.most_similar(np.array([1e30, 1e29], dtype=np.float32), k=3)
    assert [w for w, _ in found] == ["x", "y", "z"]
    assert found[0][1] == pytest.approx(1 / math.hypot(1, 0.1), abs=1e-6)


# -- divergence --------------------------------------------------------------------------------


def test_language_model_reports_divergence():
    rng = np.random.default_rng(0)
    ids = rng.integers(1, 20, size=400)
    contexts, targets = context_windows(ids, np.array([400]), k=2, bos_id=0)
    with pytest.raises(FloatingPointError) as error:
        train_language_model(
            contexts, targets, vocab_size=20, d=8, k=2, hidden=16, epochs=3, lr=1.0, progress=False
        )
    assert "diverged" in _one_sentence(error)
    fine = train_language_model(
        contexts, targets, vocab_size=20, d=8, k=2, hidden=16, epochs=3, lr=0.01, progress=False
    )
    assert fine.loss_history[-1] < math.log(20)


def test_language_model_refuses_a_negative_seed():
    with pytest.raises(ValueError) as error:
        train_language_model(np.array([[0, 1]]), np.array([2]), vocab_size=3, k=2, seed=-1)
    assert "seed must be 0 or more" in _one_sentence(error)
