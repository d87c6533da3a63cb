"""The registry of exercises whose cases, reference, diagnoses and known mistakes live in the package.

A notebook's check cell is then one line, ``my_function = check_exercise("8.1", my_function)``:
the check runs the learner's function on the exercise's fixed cases (built from the exercise's own
seeded generator, so re-running a check changes nothing else in the notebook), prints the verdict,
and returns the function the notebook goes on with: the learner's if it passed, else a
:func:`~helpers.exercises.checks.stand_in` for the reference, which a re-run of the check
recognises and never grades.

One module per notebook (e.g. :mod:`helpers.exercises.language_model`) registers its exercises.
It is imported only when one of its exercises is first asked for (:data:`MODULES` maps a key's
notebook number to it), so checking exercise 0.1 does not import pandas.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from helpers.exercises.checks import F, Verdict, evaluate_function, is_stand_in, stand_in
from helpers.exercises.refusal import refusable

__all__ = [
    "EXERCISES",
    "MODULES",
    "Exercise",
    "Mistake",
    "check_exercise",
    "evaluate_exercise",
    "register",
]

MODULES = {
    "0": "helpers.exercises.welcome",
    "1": "helpers.exercises.one_hot",
    "2": "helpers.exercises.cooccurrence",
    "3": "helpers.exercises.projection",
    "4": "helpers.exercises.word2vec",
    "5": "helpers.exercises.geometry",
    "6": "helpers.exercises.analogies",
    "7": "helpers.exercises.llm_embeddings",
    "8": "helpers.exercises.language_model",
    "9": "helpers.exercises.beyond_words",
}
"""The module that registers the exercises of each notebook, by the notebook's number."""


@dataclass(frozen=True)
class Mistake:
    """A realistic wrong answer to an exercise and the phrase its check must answer with.

    Attributes
    ----------
    function : callable
        The wrong answer, written as a learner would.
    phrase : str
        A phrase of the verdict that is true for this mistake (tested, and quoted in the guide).
    what : str
        The mistake in a few words (the teacher guide's "the wrong answer" column).
    """

    function: Callable[..., Any]
    phrase: str
    what: str = ""

    @property
    def description(self) -> str:
        """``what`` (its docstring's first line), else its name in words."""
        if self.what:
            return self.what
        name = getattr(self.function, "__qualname__", getattr(self.function, "__name__", "?"))
        return f"`{name}`" if "." in name else name.replace("_", " ")


@dataclass(frozen=True)
class Exercise:
    """One exercise: what the learner writes, how it is checked, and the mistakes it must catch.

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
    time_limit : float, optional
        Seconds a case may take at least (see :func:`~helpers.exercises.checks.evaluate_function`).
    points : int
        Its weight in a graded lab, by effort: 1 a line or two (a byte count, a mask), 2 a short
        function with one idea, 3 a derivation or a several-step function, 5 a training loop or a
        whole evaluation.
    solved_by : tuple of callable
        Course functions (plain Python functions) that solve it outright, e.g. the helper that
        the reference is or wraps. While the check runs the learner's function, they and the
        reference refuse to run, however they are reached (a global name, ``helpers.x.f``, an
        import in the function, a partial, a default argument...): a learner's function that
        calls one fails ("calls the course's `helpers.x.f`, which hands back the course's
        answer"), never passes (see :mod:`helpers.exercises.refusal`).

    Its known realistic mistakes are :attr:`mistakes`.
    """

    key: str
    name: str
    reference: Callable[..., Any]
    make_cases: Callable[[], list[tuple[Any, ...]]]
    hint: str
    diagnose: Callable[[tuple[Any, ...], Any, Any], str | None] | None = None
    atol: float = 1e-6
    compare: Callable[[tuple[Any, ...], Any, Any], str | None] | None = None
    time_limit: float | None = None
    points: int = 1
    solved_by: tuple[Callable[..., Any], ...] = ()

    def __post_init__(self) -> None:
        for function in self.solved_by:
            if not refusable(function):  # found when the module is imported, not in a check
                raise TypeError(
                    f"Exercise {self.key}: solved_by lists plain Python functions, not {function!r}."
                )

    @property
    def mistakes(self) -> tuple[Mistake, ...]:
        """Realistic wrong answers, each with the phrase its verdict must contain.

        They are written in the notebook's module of :mod:`helpers.exercises.mistakes` (imported
        only when asked for, never by a check). The exercise tests, the teacher guide and the
        graded edition read them from here.
        """
        module = importlib.import_module(mistakes_module(self.key))
        return tuple(
            Mistake(function, phrase, what=_own_doc(function, module.__name__))
            for key, function, phrase in getattr(module, "WRONG", [])
            if key == self.key
        )

    @property
    def title(self) -> str:
        """The name shown in verdicts, e.g. ``"8.1 next_token_loss"``."""
        return f"{self.key} {self.name}"


def mistakes_module(key: str) -> str:
    """The module that holds the known mistakes of exercise ``key``'s notebook.

    Examples
    --------
    >>> mistakes_module("8.1")
    'helpers.exercises.mistakes.language_model'
    """
    return MODULES[key.split(".")[0]].replace(".exercises.", ".exercises.mistakes.")


def _own_doc(function: Callable[..., Any], module: str) -> str:
    """The first line of a wrong answer's docstring, if that module wrote it (else empty)."""
    if getattr(function, "__module__", None) != module:
        return ""
    doc = (function.__doc__ or "").strip().splitlines()
    return doc[0].rstrip(".") if doc else ""


class _Registry(Mapping[str, Exercise]):
    """Every exercise by key; a notebook's module is imported when one of its keys is asked for."""

    def __init__(self) -> None:
        self._known: dict[str, Exercise] = {}

    def _load(self, notebook: str) -> None:
        if notebook in MODULES:
            importlib.import_module(MODULES[notebook])

    def _load_all(self) -> None:
        for notebook in MODULES:
            self._load(notebook)

    def __getitem__(self, key: str) -> Exercise:
        if key not in self._known and isinstance(key, str):
            self._load(key.split(".")[0])
        return self._known[key]

    def __contains__(self, key: object) -> bool:
        try:
            self[key]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        self._load_all()
        return iter(sorted(self._known, key=lambda k: tuple(int(p) for p in k.split("."))))

    def __len__(self) -> int:
        self._load_all()
        return len(self._known)

    def add(self, exercise: Exercise) -> None:
        if self._known.get(exercise.key, exercise) is not exercise:
            raise ValueError(f"Exercise {exercise.key} is registered twice.")
        self._known[exercise.key] = exercise


EXERCISES = _Registry()
"""Every registered exercise by key, in the course's order (importing a notebook's module on use)."""


def register(exercise: Exercise) -> Exercise:
    """Add ``exercise`` to :data:`EXERCISES` (its key must be new) and return it."""
    EXERCISES.add(exercise)
    return exercise


def _lookup(key: Any) -> Exercise:
    if not isinstance(key, str):
        raise TypeError(
            f"The exercise number goes in quotes, as text: check_exercise({str(key)!r}, "
            f"your_function), not check_exercise({key!r}, your_function)."
        )
    if key not in EXERCISES:
        notebook = key.split(".")[0]
        same = [k for k in EXERCISES if k.split(".")[0] == notebook]
        known = ", ".join(same or list(EXERCISES))
        raise KeyError(f"There is no exercise {key!r}; this notebook's are: {known}.")
    return EXERCISES[key]


_MISSING: Any = object()


def evaluate_exercise(key: str, candidate: Callable[..., Any], *, quiet: bool = False) -> Verdict:
    """Check ``candidate`` against exercise ``key`` and return (and, unless quiet, print) the verdict."""
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
        quiet=quiet,
        time_limit=exercise.time_limit,
        solved_by=exercise.solved_by,
    )


def check_exercise(key: str, candidate: F = _MISSING) -> F:
    """Check the learner's function and return the one the notebook should go on with.

    Examples
    --------
    >>> def causal_mask(n):
    ...     raise NotImplementedError
    >>> f = check_exercise("8.3", causal_mask)
    ⏳ Exercise 8.3 causal_mask is not done yet: complete `causal_mask` above and run both cells again. The notebook continues with the reference implementation.
    >>> f(2).tolist()
    [[True, False], [True, True]]
    >>> causal_mask = check_exercise("8.3", f)  # the check cell run a second time  # doctest: +ELLIPSIS
    ⏳ Exercise 8.3 causal_mask: `causal_mask` is now the course's reference ... run the cell that defines `causal_mask` again, then this check. ...
    """
    exercise = _lookup(key)
    if candidate is _MISSING:
        raise TypeError(
            f"check_exercise needs your function too: check_exercise({key!r}, {exercise.name})."
        )
    verdict = evaluate_exercise(key, candidate)
    if verdict.passed:
        return candidate
    if is_stand_in(candidate):
        return candidate
    learner_name = getattr(candidate, "__name__", exercise.name)
    return stand_in(exercise.title, exercise.reference, learner_name)  # type: ignore[return-value]
