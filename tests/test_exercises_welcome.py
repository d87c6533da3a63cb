"""Notebook 00's warm-up: realistic wrong answers get ❌ with the intended hint."""

from __future__ import annotations

from helpers.exercises import evaluate_exercise


def test_an_independent_loop_passes() -> None:
    def loop(v):  # type: ignore[no-untyped-def]
        total = 0.0
        for x in v:
            total += x * x
        return total**0.5

    assert evaluate_exercise("0.1", loop).passed
