"""Exercises of notebook 02 (co-occurrence): cases, references and diagnoses (keys "2.x").

Every case is built from this module's own seeded generator, so checking changes no other random
number in the notebook. See :mod:`helpers.exercises.language_model` for the pattern.
"""

from __future__ import annotations

__all__: list[str] = []

SEED = 201
"""The seed of every case in this module (independent of the notebook's generator)."""
