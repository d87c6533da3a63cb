"""Exercise checks: run a learner's function on fixed cases and say in one sentence what differs.

Each notebook's exercises (cases, reference, diagnoses, known mistakes) live in one module, e.g.
:mod:`helpers.exercises.language_model`, registered in :data:`EXERCISES` when one of its keys is
first used, so importing this package imports none of them.
"""

from helpers.exercises.checks import (
    TIME_LIMIT,
    CheckCall,
    F,
    Verdict,
    add_observer,
    call_with_time_limit,
    check_function,
    evaluate_function,
    explain_difference,
    is_stand_in,
    remove_observer,
    stand_in,
)
from helpers.exercises.registry import (
    EXERCISES,
    Exercise,
    Mistake,
    check_exercise,
    evaluate_exercise,
)

__all__ = [
    "EXERCISES",
    "TIME_LIMIT",
    "CheckCall",
    "Exercise",
    "F",
    "Mistake",
    "Verdict",
    "add_observer",
    "call_with_time_limit",
    "check_exercise",
    "check_function",
    "evaluate_exercise",
    "evaluate_function",
    "explain_difference",
    "is_stand_in",
    "remove_observer",
    "stand_in",
]
