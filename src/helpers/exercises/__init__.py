"""Exercise checks: run a learner's function on fixed cases and say in one sentence what differs.

Importing this package registers every exercise whose cases live in the package (one module per
notebook, e.g. :mod:`helpers.exercises.language_model`) in :data:`EXERCISES`.
"""

# One module per notebook; importing it registers that notebook's exercises.
from helpers.exercises import analogies as _analogies  # noqa: F401  (06, keys 6.x)
from helpers.exercises import beyond_words as _beyond_words  # noqa: F401  (09, keys 9.x)
from helpers.exercises import cooccurrence as _cooccurrence  # noqa: F401  (02, keys 2.x)
from helpers.exercises import geometry as _geometry  # noqa: F401  (05, keys 5.x)
from helpers.exercises import language_model as _language_model  # noqa: F401  (08, keys 8.x)
from helpers.exercises import llm_embeddings as _llm_embeddings  # noqa: F401  (07, keys 7.x)
from helpers.exercises import one_hot as _one_hot  # noqa: F401  (01, keys 1.x)
from helpers.exercises import projection as _projection  # noqa: F401  (03, keys 3.x)
from helpers.exercises import welcome as _welcome  # noqa: F401  (00, keys 0.x)
from helpers.exercises import word2vec as _word2vec  # noqa: F401  (04, keys 4.x)
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
