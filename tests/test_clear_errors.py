"""Issue 29 §3: common slips get one clear sentence, and nothing runs forever or fills memory."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from helpers.beyond.images import knn_accuracy
from helpers.beyond.recommendation import generate_ratings, matrix_factorization
from helpers.counting.cooccurrence import cooccurrence_matrix
from helpers.llm.attention import softmax
from helpers.projection.random import random_project
from helpers.projection.svd import truncated_svd
from helpers.text.wikimarkup import strip_balanced
from helpers.vectors.wordvectors import WordVectors
from helpers.word2vec.train import train_sgns


def _sentence(error: pytest.ExceptionInfo[BaseException]) -> str:
    message = str(error.value)
    assert "\n" not in message and message.endswith("."), message
    return message


def test_a_row_number_in_brackets_names_the_right_spelling():
    wv = WordVectors(["the", "king"], np.eye(2))
    with pytest.raises(TypeError) as error:
        wv[0]  # type: ignore[index]
    assert "wv.vectors[i]" in _sentence(error)


@pytest.mark.parametrize(
    ("k", "y_train", "expected"),
    [
        (0, [0, 0, 1, 1], "k must be a positive whole number"),
        (5, [0, 0, 1, 1], "k must be at most 4"),
        (1, [0, 1, 1], "y_train must hold one label per row (4)"),
    ],
)
def test_knn_accuracy_slips(k, y_train, expected):
    Z = np.array([[0.0], [0.1], [5.0], [5.1]])
    with pytest.raises(ValueError) as error:
        knn_accuracy(Z, np.array(y_train), np.array([[0.2]]), np.array([0]), k=k)
    assert expected in _sentence(error)
    assert (
        knn_accuracy(Z, np.array([0, 0, 1, 1]), np.array([[0.2], [4.9]]), np.array([0, 1]), k=3)
        == 1.0
    )


@pytest.mark.parametrize("sparse", [False, True])
def test_nan_into_projections_is_named(sparse):
    matrix = np.eye(4)
    matrix[1, 2] = np.nan
    given = sp.csr_matrix(matrix) if sparse else matrix
    for call in (lambda: random_project(given, 2), lambda: truncated_svd(given, 2)):
        with pytest.raises(ValueError) as error:
            call()
        assert "matrix must be finite, but 1 of its entries are NaN or infinite" in _sentence(error)


def test_softmax_of_nothing_is_refused():
    with pytest.raises(ValueError) as error:
        softmax([])  # type: ignore[arg-type]
    assert "at least one score" in _sentence(error)
    np.testing.assert_allclose(softmax(np.array([0.0, np.log(3.0)])), [0.25, 0.75])


def test_matrix_factorization_without_regularisation_says_what_to_do():
    ratings = generate_ratings(n_users=30, n_items=40, density=0.05, seed=0).ratings
    with pytest.raises(ValueError) as error:
        matrix_factorization(ratings, d=20, reg=0)
    assert "use reg > 0" in _sentence(error)


@pytest.mark.timeout(10)
@pytest.mark.parametrize(("opener", "closer"), [("", ")"), ("(", ""), ("", "")])
def test_strip_balanced_refuses_empty_markers_instead_of_looping(opener, closer):
    with pytest.raises(ValueError) as error:
        strip_balanced("a (b) c", opener, closer)
    assert "would never finish" in _sentence(error)


def test_sgns_refuses_a_batch_that_cannot_fit():
    ids = np.tile(np.arange(10), 50)
    with pytest.raises(MemoryError) as error:
        train_sgns(ids, np.bincount(ids), negatives=10**6, progress=False)
    assert "negatives=1,000,000" in _sentence(error)


def test_cooccurrence_refuses_a_vocabulary_that_cannot_fit():
    with pytest.raises(MemoryError) as error:
        cooccurrence_matrix([1, 2], 10**9)  # type: ignore[arg-type]
    assert "1,000,000,000 words" in _sentence(error)
    huge_window = cooccurrence_matrix(np.array([1, 2]), 3, 10**9).toarray()
    np.testing.assert_array_equal(huge_window, [[0, 0, 0], [0, 0, 1], [0, 1, 0]])
