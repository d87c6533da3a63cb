"""Exercises of notebook 00 (welcome): cases, reference and diagnoses (keys "0.x").

The warm-up: the Euclidean length of a vector, written without ``np.linalg.norm``. Every case is
fixed, so checking changes no other random number in the notebook.

Examples
--------
>>> vector_length(np.array([3.0, 4.0]))
5.0
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.exercises.registry import Exercise, register

__all__ = ["vector_length"]

SEED = 1
"""The seed of every random case in this module (independent of the notebook's generator)."""


def vector_length(v: np.ndarray) -> float:
    """The Euclidean length √(v₁² + … + vₙ²) of a 1-D array (exercise 0.1)."""
    return float(np.sqrt(np.sum(np.asarray(v, dtype=float) ** 2)))


def _cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED)
    return [
        (np.array([3.0, 4.0]),),
        (np.array([1.0, -2.0, 2.0]),),  # a negative component
        (np.zeros(5),),
        (rng.normal(size=7),),
    ]


def _close(a: Any, b: float) -> bool:
    try:
        return bool(np.isclose(float(a), b, rtol=1e-6, atol=1e-9))
    except (TypeError, ValueError):
        return False


def _diagnose(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    (v,) = args
    v = np.asarray(v, dtype=float)
    if _close(got, float(np.sum(v**2))):
        return "That is the squared length: take the square root of the sum of squares."
    if _close(got, float(np.sum(v))):
        return "That is the plain sum of the components: square each one first."
    if _close(got, float(np.sum(np.abs(v)))):
        return (
            "That is the sum of absolute values (the 'taxicab' length); the Euclidean length "
            "squares the components, adds them and takes the square root."
        )
    if _close(got, float(np.sqrt(np.sum(v)))) or _close(got, float(np.sum(np.sqrt(np.abs(v))))):
        return "Square the components before adding them, and take one square root at the end."
    return None


register(
    Exercise(
        "0.1",
        "vector_length",
        vector_length,
        _cases,
        points=1,
        hint="Square each component, add the squares up, then take the square root.",
        diagnose=_diagnose,
    )
)
