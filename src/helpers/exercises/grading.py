"""Grading support for the nbgrader classroom edition: graded tests that never see the reference.

The classroom edition (built by ``tools/nbgrader_course.py``) runs :func:`record_checks` once,
near its top. From then on every exercise check remembers *which* function it tested and on
*which* inputs. The graded (nbgrader "autograder test") cell after the check calls
:func:`assert_graded`, which runs that function again on the same inputs and compares each result
with a **fingerprint** of the reference result taken when the course was built: the shape and
type of the result, its strings, and three fixed weighted sums of its numbers. The fingerprints
are written into the hidden tests, so grading needs no reference implementation at all, and a
graded test cannot be passed by calling the course's own helper (:func:`assert_graded` refuses a
function that calls the reference of its exercise).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType
from typing import Any

import numpy as np

import helpers.exercises.checks as checks
from helpers.exercises.refusal import RefusedCalls, course_name

RECHECK = {"structure": "checked by the exercise's own comparison", "sums": [], "size": 0}
"""The stand-in fingerprint of a case whose result is judged by the exercise's ``compare``."""
RECORD_MARKER = "[grading] recorded check: "
"""Printed by a check cell when recording at build time, so the builder can find that cell."""
FINGERPRINT_WEIGHTS = 3
"""How many fixed weighted sums summarise the numbers of a result."""


@dataclass
class Record:
    """What one exercise check tested: the learner's function, its inputs, the reference's results.

    Attributes
    ----------
    exercise : str
        The exercise's name as the check cell gives it, e.g. ``"1.1 one_hot"``.
    candidate : callable
        The learner's function the check received.
    cases : list of tuple
        The positional arguments of every test call.
    expected : list of dict
        Fingerprints of the reference's results (only when recording at build time).
    forbidden : list of str
        Course helpers the reference relies on, which the learner's function must not call.
    refused : tuple of callable
        The course functions the check refused while it ran the learner's function (the
        exercise's reference and ``solved_by``); the graded test refuses them too.
    """

    exercise: str
    candidate: Callable[..., Any]
    cases: list[tuple[Any, ...]]
    expected: list[dict[str, Any]] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    recheck: Callable[[], bool] | None = None
    refused: tuple[Callable[..., Any], ...] = ()


RECORDS: dict[str, Record] = {}
"""The checks recorded in this kernel, by exercise name (the latest check of each exercise wins)."""


def _leaves(value: Any, numbers: list[float], parts: list[str]) -> None:
    if hasattr(value, "toarray") and hasattr(value, "shape"):
        value = np.asarray(value.toarray())
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        parts.append(f"array{tuple(value.shape)}")
        numbers.extend(np.asarray(value, dtype=float).ravel().tolist())
    elif isinstance(value, bool | int | float | np.number):
        parts.append("number")
        numbers.append(float(value))
    elif isinstance(value, str):
        parts.append(json.dumps(value))
    elif isinstance(value, list | tuple):
        parts.append(f"sequence[{len(value)}](")
        for item in value:
            _leaves(item, numbers, parts)
        parts.append(")")
    elif isinstance(value, dict):
        parts.append(f"dict[{len(value)}](")
        for key in sorted(value, key=str):
            parts.append(json.dumps(str(key)) + ":")
            _leaves(value[key], numbers, parts)
        parts.append(")")
    elif isinstance(value, np.ndarray):
        parts.append(f"array{tuple(value.shape)}" + json.dumps([str(v) for v in value.ravel()]))
    else:
        parts.append(type(value).__name__ + ":" + repr(value))


def _weights(n: int) -> np.ndarray:
    return np.random.default_rng(n).uniform(-1.0, 1.0, size=(FINGERPRINT_WEIGHTS, n))


def fingerprint(value: Any) -> dict[str, Any]:
    """Summarise a result in a few numbers: its structure, and fixed weighted sums of its numbers.

    Lists and tuples count as the same kind of sequence, integers and floats as numbers, and
    scipy.sparse matrices as the dense arrays they stand for, so a learner's result does not have
    to match the reference's container types, only its content.

    Parameters
    ----------
    value : Any
        A result: numbers, arrays, strings, and lists, tuples or dicts of them.

    Returns
    -------
    dict
        ``{"structure": str, "sums": list of float, "size": float}`` (JSON-serialisable).

    Examples
    --------
    >>> a = fingerprint([("queen", 0.85), ("throne", 0.77)])
    >>> a == fingerprint((["queen", 0.85], ["throne", 0.77]))
    True
    >>> a["structure"]
    'sequence[2]( sequence[2]( "queen" number ) sequence[2]( "throne" number ) )'
    """
    numbers: list[float] = []
    parts: list[str] = []
    _leaves(value, numbers, parts)
    x = np.asarray(numbers, dtype=float)
    sums = _weights(x.size) @ x if x.size else np.zeros(FINGERPRINT_WEIGHTS)
    return {
        "structure": " ".join(parts),
        "sums": [float(s) for s in sums],
        "size": float(np.abs(x).sum()) if x.size else 0.0,
    }


def fingerprint_difference(got: Any, expected: dict[str, Any], *, rtol: float = 1e-5) -> str | None:
    """Say how a result differs from a fingerprint, or return ``None`` if it matches.

    Examples
    --------
    >>> fingerprint_difference(np.eye(2), fingerprint(np.eye(2))) is None
    True
    >>> fingerprint_difference(np.eye(3), fingerprint(np.eye(2)))
    'the result has another shape or type (array(3, 3) instead of array(2, 2))'
    >>> fingerprint_difference(2 * np.eye(2), fingerprint(np.eye(2)))
    'the result has the expected shape but other values'
    """
    mine = fingerprint(got)
    if mine["structure"] != expected["structure"]:
        return (
            f"the result has another shape or type ({_short(mine['structure'])} instead of "
            f"{_short(expected['structure'])})"
        )
    if not all(np.isfinite(mine["sums"])):
        return "the result contains NaN or infinite values"
    tolerance = rtol * (1.0 + expected["size"])
    if not np.allclose(mine["sums"], expected["sums"], rtol=0.0, atol=tolerance):
        return "the result has the expected shape but other values"
    return None


def _short(structure: str) -> str:
    return structure if len(structure) <= 60 else structure[:57] + "..."


def _code_names(code: CodeType) -> set[str]:
    names = set(code.co_names) | set(code.co_freevars)
    for const in code.co_consts:
        if isinstance(const, CodeType):
            names |= _code_names(const)
    return names


def _namespace(function: Callable[..., Any]) -> dict[str, Any]:
    """The names a function can see: its module's globals and the variables it closes over."""
    namespace = dict(getattr(function, "__globals__", {}))
    code = getattr(function, "__code__", None)
    closure = getattr(function, "__closure__", None) or ()
    if isinstance(code, CodeType):
        for name, cell in zip(code.co_freevars, closure, strict=False):
            try:
                namespace[name] = cell.cell_contents
            except ValueError:  # an empty cell
                pass
    return namespace


def _qualified(obj: Any) -> str | None:
    module = getattr(obj, "__module__", None)
    name = getattr(obj, "__qualname__", None)
    if isinstance(module, str) and isinstance(name, str):
        return f"{module}.{name}"
    return None


def helpers_used_by(function: Callable[..., Any]) -> list[str]:
    """The course helpers a reference stands for: itself, or the ``helpers.*`` functions it calls.

    A reference from the course's package is itself the helper a learner must not call; a
    reference written in the notebook (a small wrapper) names the helpers it calls by a global name.

    Examples
    --------
    >>> from helpers.exercises.checks import explain_difference
    >>> helpers_used_by(explain_difference)
    ['helpers.exercises.checks.explain_difference']
    >>> helpers_used_by(np.linalg.norm)
    []
    """
    own = _qualified(function)
    if own and own.startswith("helpers."):
        return [own]
    found = set()
    code = getattr(function, "__code__", None)
    namespace = _namespace(function)
    if isinstance(code, CodeType):
        for name in _code_names(code):
            qualified = _qualified(namespace.get(name))
            if qualified and qualified.startswith("helpers.") and callable(namespace.get(name)):
                found.add(qualified)
    return sorted(found)


def calls_forbidden(function: Callable[..., Any], forbidden: Sequence[str]) -> str | None:
    """Return the name of a forbidden helper that ``function`` refers to, or ``None``.

    A name counts when the function's code mentions it (as a global, an attribute or an import)
    and it does not resolve to something else of the learner's own.

    Examples
    --------
    >>> from helpers.exercises.checks import explain_difference
    >>> calls_forbidden(lambda a, b: explain_difference(a, b),
    ...                 ["helpers.exercises.checks.explain_difference"])
    'explain_difference'
    >>> calls_forbidden(lambda v: np.sqrt(v @ v), ["helpers.exercises.checks.explain_difference"])
    """
    code = getattr(function, "__code__", None)
    if not isinstance(code, CodeType):
        return None
    names = _code_names(code)
    namespace = _namespace(function)
    for qualified in forbidden:
        short = qualified.rsplit(".", 1)[-1]
        if short in names:
            resolved = namespace.get(short)
            if resolved is None or _qualified(resolved) == qualified:
                return short
    return None


def record_checks(*, with_expected: bool = False) -> None:
    """Make every exercise check of this kernel remember its function and inputs in :data:`RECORDS`.

    It adds an observer to the check engine (:func:`helpers.exercises.checks.add_observer`), so
    every check, whichever module runs it, is recorded; nothing is replaced.

    Parameters
    ----------
    with_expected : bool
        Also fingerprint the reference's results and note the helpers it relies on (used once,
        when the course is built; never in a learner's kernel).

    Examples
    --------
    >>> record_checks()
    >>> _ = checks.check_function("0.1 double", lambda x: 2 * x, lambda x: x + x, [(3,)],
    ...                           hint="Multiply by two.")
    ✅ Exercise 0.1 double passed: 1 test case agrees with the reference.
    >>> RECORDS["0.1 double"].cases
    [(3,)]
    """
    for observer in (_record, _record_with_expected):
        checks.remove_observer(observer)
    checks.add_observer(_record_with_expected if with_expected else _record)


def _record(call: checks.CheckCall) -> None:
    _recorded(call)


def _recorded(call: checks.CheckCall) -> Record:
    record = Record(call.exercise, call.candidate, list(call.cases))
    record.refused = tuple(
        checks._refused_functions(call.reference, call.options.get("solved_by", ()))
    )
    if call.options.get("compare") is not None:
        # A right answer need not equal the reference (random draws, a trained model): the
        # graded test runs the exercise's own comparison again instead of fingerprints.
        def recheck() -> bool:
            return checks.evaluate_function(
                call.exercise,
                call.candidate,
                call.reference,
                call.cases,
                quiet=True,
                **call.options,
            ).passed

        record.recheck = recheck
    RECORDS[call.exercise] = record
    return record


def _record_with_expected(call: checks.CheckCall) -> None:
    record = _recorded(call)
    record.expected = (
        [dict(RECHECK) for _ in call.cases]
        if record.recheck is not None
        else [fingerprint(call.reference(*args)) for args in call.cases]
    )
    record.forbidden = helpers_used_by(call.reference)
    print(f"{RECORD_MARKER}{call.exercise}")  # tells the course builder which cell checked it


def write_records(path: str | Path) -> None:
    """Write the recorded checks (name, function name, cell, fingerprints) to a JSON file."""
    data = [
        {
            "exercise": record.exercise,
            "function": getattr(record.candidate, "__name__", ""),
            "expected": record.expected,
            "forbidden": record.forbidden,
        }
        for record in RECORDS.values()
    ]
    Path(path).write_text(json.dumps(data, indent=1), encoding="utf-8")


def _fresh(args: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args)


def assert_graded(
    exercise: str, expected: Sequence[dict[str, Any]], forbidden: Sequence[str] = ()
) -> None:
    """The graded test of one exercise: raise ``AssertionError`` with one sentence unless it passes.

    Runs the function the exercise's check received on the check's inputs and compares every
    result with the reference fingerprints written into the hidden test when the course was built.

    Parameters
    ----------
    exercise : str
        The exercise's name, as its check cell gives it.
    expected : sequence of dict
        One :func:`fingerprint` per test case, in the check's order.
    forbidden : sequence of str
        Qualified names of course helpers the function must not call.

    Examples
    --------
    >>> record_checks()
    >>> _ = checks.check_function("0.2 triple", lambda x: 3 * x, lambda x: x * 3, [(2,), (5,)],
    ...                           hint="Multiply by three.")
    ✅ Exercise 0.2 triple passed: 2 test cases agree with the reference.
    >>> assert_graded("0.2 triple", [fingerprint(6), fingerprint(15)])
    >>> assert_graded("0.2 triple", [fingerprint(6), fingerprint(16)])
    Traceback (most recent call last):
    AssertionError: Exercise 0.2 triple: for test case 2 the result has the expected shape but other values.
    """
    record = RECORDS.get(exercise)
    if record is None:
        raise AssertionError(
            f"Exercise {exercise} was not checked: run the notebook from the top so its check "
            "cell runs before this graded cell."
        )
    if len(record.cases) != len(expected):
        raise AssertionError(
            f"Exercise {exercise}: its check ran {len(record.cases)} cases instead of "
            f"{len(expected)}; do not edit the check cell."
        )
    if checks.is_stand_in(record.candidate):
        raise AssertionError(
            f"Exercise {exercise}: the check received the course's reference (what an earlier "
            "check handed back), not your function; run your definition cell, then the check."
        )
    used = calls_forbidden(record.candidate, forbidden)
    if used:
        raise AssertionError(
            f"Exercise {exercise}: your function calls the course's own `{used}`; "
            "write the computation yourself."
        )
    if all(e == RECHECK for e in expected) and record.recheck is not None:
        try:
            passed = record.recheck()
        except Exception as error:  # the check itself never raises, but be safe in a graded cell
            raise AssertionError(f"Exercise {exercise}: {type(error).__name__}: {error}.") from None
        if not passed:
            raise AssertionError(
                f"Exercise {exercise} does not pass its check yet: see the verdict under it."
            )
        return
    for number, (args, fingerprint_) in enumerate(zip(record.cases, expected, strict=True), 1):
        refused = RefusedCalls(exercise, record.refused)
        try:
            with checks.StandInWatch(exercise) as watch, refused:
                got = record.candidate(*_fresh(args))
        except NotImplementedError:
            raise AssertionError(f"Exercise {exercise} is not done yet.") from None
        except Exception as error:
            if refused.called is None:
                raise AssertionError(
                    f"Exercise {exercise}: test case {number} raised "
                    f"{type(error).__name__}: {error}."
                ) from None
        if refused.called is not None:
            raise AssertionError(
                f"Exercise {exercise}: your function calls the course's own "
                f"`{course_name(refused.called)}`, which hands back the course's answer; write "
                "the computation yourself."
            )
        if watch.called:
            raise AssertionError(
                f"Exercise {exercise}: your function calls the course's reference that a check "
                "handed back; write the computation yourself."
            )
        difference = fingerprint_difference(got, fingerprint_)
        if difference:
            raise AssertionError(f"Exercise {exercise}: for test case {number} {difference}.")
