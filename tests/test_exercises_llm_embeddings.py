"""Notebook 07's exercises: realistic wrong answers get ❌ with the intended hint.

The generic wrong functions every exercise must survive are in tests/test_exercises_generic.py."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from helpers.exercises import EXERCISES, evaluate_exercise
from helpers.exercises.mistakes.llm_embeddings import (
    attention_correct,
    bpe_correct,
    bpe_sennrich,
    pool_correct,
    projected_correct,
)


@pytest.mark.parametrize(
    ("key", "correct"),
    [
        ("7.2", attention_correct),
        ("7.3", projected_correct),
        ("7.4", pool_correct),
        ("7.1", bpe_correct),
        ("7.1", bpe_sennrich),
    ],
)
def test_independently_written_answers_pass(key: str, correct: Callable[..., Any]) -> None:
    verdict = evaluate_exercise(key, correct)
    assert verdict.passed, verdict.message


def test_every_exercise_of_notebook_07_is_registered_and_fast() -> None:
    keys = [key for key in EXERCISES if key.startswith("7.")]
    assert keys == ["7.1", "7.2", "7.3", "7.4"]
    start = time.perf_counter()
    for key in keys:
        exercise = EXERCISES[key]
        for args in exercise.make_cases():
            exercise.reference(*args)
    assert time.perf_counter() - start < 0.5


def test_the_cases_hold_the_edges_they_are_meant_to() -> None:
    pool = EXERCISES["7.4"].make_cases()
    assert any((~mask[:, 0]).any() for _, mask in pool)  # a left-padded text
    assert any((mask.sum(axis=1) == 1).any() for _, mask in pool)  # a one-token text
    projected = EXERCISES["7.3"].make_cases()
    assert any(len(X) == 1 for X, *_ in projected)  # one token
    assert any(X.shape[1] != W_k.shape[1] != W_v.shape[1] for X, _, W_k, W_v in projected)


def test_the_bpe_cases_hold_the_edges_they_are_meant_to() -> None:
    from helpers.exercises.llm_embeddings import bpe_merges

    cases = EXERCISES["7.1"].make_cases()
    assert bpe_merges(*cases[0])[:3] == [("e", "s"), ("es", "t"), ("l", "o")]  # the paper's start
    assert bpe_merges(*cases[1])[0] == ("a", "b")  # a tie that first-seen order breaks otherwise
    assert bpe_merges({"aaa": 1}, 1) == [("a", "a")]
    assert len(bpe_merges(*cases[4])) == 1 < cases[4][1]  # stops early
    for args in cases:
        assert bpe_merges(*args) == bpe_correct(*args)
