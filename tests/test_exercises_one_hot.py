"""Notebook 01's exercises: realistic wrong answers get ❌ with the intended hint.

The generic wrong functions every exercise must survive are in tests/test_exercises_generic.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from helpers.exercises import evaluate_exercise
from helpers.exercises.mistakes.one_hot import (
    bytes_right,
    cosine_right,
    ids_right,
    one_hot_right,
    tokenize_loop,
    tokenize_regex,
)
from helpers.text import Vocabulary


@pytest.mark.parametrize(
    ("key", "right"),
    [("1.2", ids_right), ("1.3", one_hot_right), ("1.4", bytes_right), ("1.5", cosine_right),
     ("1.1", tokenize_loop), ("1.1", tokenize_regex)],
)  # fmt: skip
def test_independent_correct_answers_pass(key: str, right: Callable[..., Any]) -> None:
    assert evaluate_exercise(key, right).passed


def test_token_ids_follow_the_vocabulary_of_the_course() -> None:
    tokens = "the cat and the dog and the bird".split()
    assert (
        ids_right(tokens, 2).tolist()
        == Vocabulary.build(tokens, 2).encode(tokens, unknown="unk").tolist()
    )


def test_the_byte_formulas_match_real_arrays() -> None:
    from helpers.exercises.one_hot import one_hot_bytes
    from helpers.text import one_hot, one_hot_sparse

    ids = np.array([4, 0, 2, 2])
    dense, sparse = one_hot(ids, 7), one_hot_sparse(ids, 7)
    real_sparse = sparse.data.nbytes + sparse.indices.nbytes + sparse.indptr.nbytes
    assert one_hot_bytes(4, 7) == (dense.nbytes, real_sparse)


def test_the_tokenizer_cases_hold_the_edges_they_are_meant_to() -> None:
    from helpers.exercises import EXERCISES

    texts = [text for (text,) in EXERCISES["1.1"].make_cases()]
    joined = " ".join(texts)
    for edge in ("’", "'", "_", "1066", " 'q", "s' ", "-", "\n"):
        assert edge in joined, edge
    assert "" in texts
    assert tokenize_loop(joined) == EXERCISES["1.1"].reference(joined)
