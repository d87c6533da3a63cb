"""Exercise checks: run a learner's function on fixed cases and say in one sentence what differs."""

from helpers.exercises.checks import (
    F,
    Verdict,
    check_function,
    evaluate_function,
    explain_difference,
)

__all__ = [
    "F",
    "Verdict",
    "check_function",
    "evaluate_function",
    "explain_difference",
]
