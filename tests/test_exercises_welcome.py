"""Notebook 00's warm-up: realistic wrong answers get ❌ with the intended hint."""

from __future__ import annotations

import numpy as np

from helpers.exercises import evaluate_exercise


def squared(v):  # type: ignore[no-untyped-def]
    return float(np.sum(v * v))


def plain_sum(v):  # type: ignore[no-untyped-def]
    return float(np.sum(v))


def taxicab(v):  # type: ignore[no-untyped-def]
    return float(np.sum(np.abs(v)))


def root_of_sum(v):  # type: ignore[no-untyped-def]
    return float(np.sqrt(np.abs(np.sum(v))))


WRONG = [
    ("0.1", squared, "squared length"),
    ("0.1", plain_sum, "plain sum"),
    ("0.1", taxicab, "taxicab"),
    ("0.1", root_of_sum, "Square the components before adding"),
]


def test_an_independent_loop_passes() -> None:
    def loop(v):  # type: ignore[no-untyped-def]
        total = 0.0
        for x in v:
            total += x * x
        return total**0.5

    assert evaluate_exercise("0.1", loop).passed
