"""Exercise checks: run a learner's function on fixed cases and say in one sentence what differs.

Importing this package registers every exercise whose cases live in the package (one module per
notebook, e.g. :mod:`helpers.exercises.language_model`) in :data:`EXERCISES`.
"""

from helpers.exercises import language_model as _language_model  # noqa: F401  (registers 8.x)
from helpers.exercises.checks import (
    TIME_LIMIT,
    F,
    Verdict,
    call_with_time_limit,
    check_function,
    evaluate_function,
    explain_difference,
)
from helpers.exercises.registry import EXERCISES, Exercise, check_exercise, evaluate_exercise

__all__ = [
    "EXERCISES",
    "TIME_LIMIT",
    "Exercise",
    "F",
    "Verdict",
    "call_with_time_limit",
    "check_exercise",
    "check_function",
    "evaluate_exercise",
    "evaluate_function",
    "explain_difference",
]
