"""Exercise checks: a verdict the learner can act on, and a fallback so *Run All* always completes.

Every exercise in the course is a function the learner completes. The cell after it calls
:func:`check_function`, which runs the learner's function and a reference implementation on the
same inputs and prints one of three verdicts:

* ``✅`` passed: the learner's function is used from here on;
* ``❌`` not yet right: what differed, for which input, and a hint; the reference is used instead;
* ``⏳`` not done yet (the function still raises ``NotImplementedError``); the reference is used.

So an unfinished or wrong exercise never stops the notebook.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import numpy as np

Status = Literal["pass", "fail", "todo"]
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Verdict:
    """The outcome of one exercise check.

    Attributes
    ----------
    exercise : str
        The exercise's name, e.g. ``"1.1 one_hot"``.
    status : {"pass", "fail", "todo"}
        Passed, answered wrongly, or not attempted yet.
    message : str
        The sentence printed for the learner.
    """

    exercise: str
    status: Status
    message: str

    @property
    def passed(self) -> bool:
        """True when the learner's answer agreed with the reference."""
        return self.status == "pass"


def _describe(value: Any) -> str:
    if hasattr(value, "toarray") and hasattr(value, "shape"):
        return f"a sparse matrix of shape {tuple(value.shape)}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _to_comparable(value: Any) -> Any:
    if hasattr(value, "toarray") and hasattr(value, "shape"):
        return np.asarray(value.toarray())
    return value


def explain_difference(got: Any, expected: Any, *, atol: float = 1e-6) -> str | None:
    """Say how ``got`` differs from ``expected``, or return ``None`` if they agree.

    Arrays (dense or scipy.sparse) are compared by shape, then values within ``atol``;
    sequences and dicts element by element; floats within ``atol``; everything else with ``==``.

    Parameters
    ----------
    got, expected : Any
        The learner's result and the reference result.
    atol : float
        Absolute tolerance for numbers.

    Returns
    -------
    str or None
        A short phrase describing the first difference found.

    Examples
    --------
    >>> explain_difference(np.zeros(3), np.zeros(3)) is None
    True
    >>> explain_difference(np.zeros((1, 3)), np.zeros(3))
    'expected shape (3,), got shape (1, 3)'
    """
    got, expected = _to_comparable(got), _to_comparable(expected)
    if isinstance(expected, np.ndarray) or isinstance(got, np.ndarray):
        if not isinstance(got, np.ndarray):
            return f"expected {_describe(expected)}, got {_describe(got)}"
        expected = np.asarray(expected)
        if got.shape != expected.shape:
            return f"expected shape {expected.shape}, got shape {got.shape}"
        if got.dtype.kind not in "biuf" or expected.dtype.kind not in "biuf":
            if not np.array_equal(got, expected):
                return "the values differ"
            return None
        if not np.allclose(got, expected, atol=atol, rtol=1e-5, equal_nan=True):
            where = np.argwhere(~np.isclose(got, expected, atol=atol, rtol=1e-5))[0]
            index = tuple(int(i) for i in where)
            shown = index[0] if len(index) == 1 else index
            return (
                f"at index {shown} expected {np.round(expected[index], 4)}, "
                f"got {np.round(got[index], 4)}"
            )
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"expected a dict, got {_describe(got)}"
        if set(got) != set(expected):
            missing = sorted(map(str, set(expected) - set(got)))[:3]
            extra = sorted(map(str, set(got) - set(expected)))[:3]
            return f"the keys differ (missing {missing}, unexpected {extra})"
        for key in expected:
            diff = explain_difference(got[key], expected[key], atol=atol)
            if diff:
                return f"for key {key!r}: {diff}"
        return None
    if isinstance(expected, list | tuple):
        if not isinstance(got, list | tuple):
            return f"expected a {type(expected).__name__}, got {_describe(got)}"
        if len(got) != len(expected):
            return f"expected {len(expected)} items, got {len(got)}"
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            diff = explain_difference(g, e, atol=atol)
            if diff:
                return f"at position {i}: {diff}"
        return None
    if isinstance(expected, float | np.floating) and isinstance(got, int | float | np.number):
        if not np.isclose(float(got), float(expected), atol=atol, rtol=1e-5):
            return f"expected {float(expected):.4g}, got {float(got):.4g}"
        return None
    if got != expected:
        return f"expected {_describe(expected)}, got {_describe(got)}"
    return None


def _call_text(name: str, args: tuple[Any, ...]) -> str:
    return f"{name}({', '.join(_describe(a) for a in args)})"


def _report(verdict: Verdict) -> Verdict:
    print(verdict.message)
    return verdict


def evaluate_function(
    exercise: str,
    candidate: Callable[..., Any],
    reference: Callable[..., Any],
    cases: Sequence[tuple[Any, ...]],
    *,
    hint: str,
    diagnose: Callable[[tuple[Any, ...], Any, Any], str | None] | None = None,
    atol: float = 1e-6,
) -> Verdict:
    """Run ``candidate`` and ``reference`` on every case and return (and print) the verdict.

    Parameters
    ----------
    exercise : str
        Name shown to the learner, e.g. ``"1.1 one_hot"``.
    candidate : callable
        The learner's function.
    reference : callable
        A correct implementation.
    cases : sequence of tuple
        Positional arguments for each test call.
    hint : str
        What to look at when the answer is wrong.
    diagnose : callable, optional
        ``diagnose(args, got, expected)`` may return a more specific hint for a wrong result.
    atol : float
        Absolute tolerance for numeric comparisons.

    Returns
    -------
    Verdict
        The verdict, also printed.

    Examples
    --------
    >>> v = evaluate_function("0.1 double", lambda x: 2 * x, lambda x: x + x, [(1,), (2.5,)],
    ...                       hint="Multiply by two.")
    ✅ Exercise 0.1 double passed: 2 test cases agree with the reference.
    >>> v.passed
    True
    """
    if not cases:
        raise ValueError("evaluate_function() needs at least one test case.")
    name = getattr(candidate, "__name__", "your function")
    for args in cases:
        expected = reference(*args)
        try:
            got = candidate(*args)
        except NotImplementedError:
            return _report(
                Verdict(
                    exercise,
                    "todo",
                    f"⏳ Exercise {exercise} is not done yet: complete `{name}` above and run "
                    "both cells again. The notebook continues with the reference implementation.",
                )
            )
        except Exception as error:  # the learner's code may fail in any way
            return _report(
                Verdict(
                    exercise,
                    "fail",
                    f"❌ Exercise {exercise}: {_call_text(name, args)} raised "
                    f"{type(error).__name__}: {error}. Hint: {hint} "
                    "The notebook continues with the reference implementation.",
                )
            )
        difference = explain_difference(got, expected, atol=atol)
        if difference:
            specific = diagnose(args, got, expected) if diagnose else None
            return _report(
                Verdict(
                    exercise,
                    "fail",
                    f"❌ Exercise {exercise} is not right yet: for {_call_text(name, args)} "
                    f"{difference}. Hint: {specific or hint} "
                    "The notebook continues with the reference implementation.",
                )
            )
    return _report(
        Verdict(
            exercise,
            "pass",
            f"✅ Exercise {exercise} passed: {len(cases)} test case"
            f"{'s agree' if len(cases) != 1 else ' agrees'} with the reference.",
        )
    )


def check_function(
    exercise: str,
    candidate: F,
    reference: F,
    cases: Sequence[tuple[Any, ...]],
    *,
    hint: str,
    diagnose: Callable[[tuple[Any, ...], Any, Any], str | None] | None = None,
    atol: float = 1e-6,
) -> F:
    """Check the learner's function and return the one the notebook should go on with.

    The same as :func:`evaluate_function`, but returns ``candidate`` when it passed and
    ``reference`` otherwise, so a notebook can write ``one_hot = check_function(...)`` and
    continue whatever the learner did.

    Examples
    --------
    >>> def mine(x):
    ...     raise NotImplementedError
    >>> f = check_function("0.1 double", mine, lambda x: 2 * x, [(1,)], hint="Multiply by two.")
    ⏳ Exercise 0.1 double is not done yet: complete `mine` above and run both cells again. The notebook continues with the reference implementation.
    >>> f(4)
    8
    """
    verdict = evaluate_function(
        exercise, candidate, reference, cases, hint=hint, diagnose=diagnose, atol=atol
    )
    return candidate if verdict.passed else reference
