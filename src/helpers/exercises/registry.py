"""The registry of exercises whose cases, reference and diagnoses live in the package.

A notebook's check cell is then one line, ``my_function = check_exercise("8.1", my_function)``:
the check runs the learner's function on the exercise's fixed cases (built from the exercise's own
seeded generator, so re-running a check changes nothing else in the notebook), prints the verdict,
and returns the function the notebook goes on with (the learner's if it passed, else the
reference). One module per notebook (e.g. :mod:`helpers.exercises.language_model`) registers its
exercises when :mod:`helpers.exercises` is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from helpers.exercises.checks import F, Verdict, evaluate_function

__all__ = ["EXERCISES", "Exercise", "check_exercise", "evaluate_exercise", "register"]


@dataclass(frozen=True)
class Exercise:
    """One exercise: what the learner writes and how it is checked.

    Attributes
    ----------
    key : str
        Its number in the course, e.g. ``"8.1"``.
    name : str
        The name of the function the learner completes.
    reference : callable
        A correct implementation.
    make_cases : callable
        Returns the list of argument tuples to test (built from a fixed seed).
    hint : str
        What to look at when the answer is wrong (the idea, not the code).
    diagnose : callable, optional
        ``diagnose(args, got, expected)`` returns a specific hint for a recognised mistake.
    atol : float
        Absolute tolerance of the comparison.
    compare : callable, optional
        ``compare(args, got, expected)`` replaces the value-by-value comparison where a right
        answer need not equal the reference's (random draws, a trained model); it returns a
        phrase saying what is wrong, or ``None`` to accept.
    """

    key: str
    name: str
    reference: Callable[..., Any]
    make_cases: Callable[[], list[tuple[Any, ...]]]
    hint: str
    diagnose: Callable[[tuple[Any, ...], Any, Any], str | None] | None = None
    atol: float = 1e-6
    compare: Callable[[tuple[Any, ...], Any, Any], str | None] | None = None

    @property
    def title(self) -> str:
        """The name shown in verdicts, e.g. ``"8.1 next_token_loss"``."""
        return f"{self.key} {self.name}"


EXERCISES: dict[str, Exercise] = {}
"""Every registered exercise by key, in the order they were registered."""


def register(exercise: Exercise) -> Exercise:
    """Add ``exercise`` to :data:`EXERCISES` (its key must be new) and return it."""
    if exercise.key in EXERCISES and EXERCISES[exercise.key] is not exercise:
        raise ValueError(f"Exercise {exercise.key} is registered twice.")
    EXERCISES[exercise.key] = exercise
    return exercise


def _lookup(key: str) -> Exercise:
    if key not in EXERCISES:
        known = ", ".join(EXERCISES) or "none"
        raise KeyError(f"There is no exercise {key!r}; the registered ones are: {known}.")
    return EXERCISES[key]


def evaluate_exercise(key: str, candidate: Callable[..., Any]) -> Verdict:
    """Check ``candidate`` against exercise ``key`` and return (and print) the verdict."""
    exercise = _lookup(key)
    return evaluate_function(
        exercise.title,
        candidate,
        exercise.reference,
        exercise.make_cases(),
        hint=exercise.hint,
        diagnose=exercise.diagnose,
        atol=exercise.atol,
        compare=exercise.compare,
    )


def check_exercise(key: str, candidate: F) -> F:
    """Check the learner's function and return the one the notebook should go on with.

    Examples
    --------
    >>> def causal_mask(n):
    ...     raise NotImplementedError
    >>> f = check_exercise("8.3", causal_mask)
    ⏳ Exercise 8.3 causal_mask is not done yet: complete `causal_mask` above and run both cells again. The notebook continues with the reference implementation.
    >>> f(2).tolist()
    [[True, False], [True, True]]
    """
    verdict = evaluate_exercise(key, candidate)
    reference: F = _lookup(key).reference  # type: ignore[assignment]
    return candidate if verdict.passed else reference
