"""Known realistic mistakes of notebook welcome's exercises: wrong answers a learner writes.

Each entry of :data:`WRONG` is ``(exercise key, wrong function, phrase)``: the phrase its check
must answer with, true for that mistake. The exercise's record
(:attr:`helpers.exercises.registry.Exercise.mistakes`) reads them from here; the exercise
tests, the teacher guide and the graded edition read the record.
"""

from __future__ import annotations

import numpy as np


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
