"""While a check runs the learner's function, the course functions that solve the exercise refuse.

An exercise's reference, and the course functions that solve it outright (``solved_by`` in
:class:`~helpers.exercises.registry.Exercise`), must not simply be called by the learner's
function: the check would then grade what the course handed back. So, for exactly the time the
check runs the learner's function, :class:`RefusedCalls` replaces the *code* of each such
function (its ``__code__``) by a stub that notes the call and raises :class:`CourseFunctionCalled`.
The function object stays where it is, so every way of reaching it meets the stub: a global name,
a module attribute (``helpers.beyond.recall_at_k``, ``hb.recall_at_k``), a re-export, an import
inside the learner's function, ``functools.partial``, a default argument, a closure cell,
``getattr``, a class attribute or method, ``map``, ``np.vectorize``, a lambda.

Two kinds of call are let through while the window is open:

* a call made, however deep, by the *stand-in of another exercise* (the reference a check handed
  back for an earlier exercise, which the notebook goes on with: exercise 7.3 may use what 7.2's
  check handed back, whose reference uses ``self_attention``), unless that stand-in's reference
  is itself refused now;
* a call after the window was left without being closed (a second Ctrl-C during the restoring):
  the stub then sees that no check is running, puts the original code back and runs it.

The original code is put back when the window closes, whatever closes it (a result, an exception,
the time limit's ``TimeLimitExceeded``, ``KeyboardInterrupt``). The swap is process-wide, so the
learner's function is caught in whichever thread the time limit runs it (a worker thread on
Windows); a thread the learner's function starts itself is caught too. Nested windows (a check
run inside a check) count their users and restore only when the last one closes.

Not caught: a *copy* of a course function's code made before the check
(``types.FunctionType(f.__code__, ...)``), or its source pasted into the notebook; those are no
longer the course's function.
"""

from __future__ import annotations

import sys
import threading
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CourseFunctionCalled", "RefusedCalls", "course_name", "refusable", "refused_now"]


class CourseFunctionCalled(Exception):
    """Raised, during a check, by a course function that solves the exercise being checked."""


@dataclass
class _Swapped:
    """One course function whose code is the refusing stub while some window is open."""

    function: types.FunctionType
    original: types.CodeType
    stub: types.CodeType
    users: int = 0
    runnable: Callable[..., Any] | None = field(default=None, repr=False)

    def run_original(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Call the function as it was, while its own ``__code__`` is still the stub."""
        if self.runnable is None:
            f = self.function
            copy = types.FunctionType(
                self.original, f.__globals__, f.__name__, f.__defaults__, f.__closure__
            )
            copy.__kwdefaults__ = f.__kwdefaults__
            copy.__qualname__ = f.__qualname__
            self.runnable = copy
        return self.runnable(*args, **kwargs)


_LOCK = threading.RLock()
_ACTIVE: list[RefusedCalls] = []
"""The open windows, innermost last."""
_KNOWN: dict[int, _Swapped] = {}
"""By ``id`` of the function: every function ever refused, and its stub (kept, so ids stay unique)."""
_BY_STUB: dict[int, _Swapped] = {}
"""By ``id`` of a stub's code: whose stub it is."""

_STUB_SOURCE = """
def factory():
{cells}
    def refused(*args, **kwargs):
{uses}
        import sys
        return sys.modules["helpers.exercises.refusal"]._refused_call(sys._getframe(), args, kwargs)
    return refused
"""


def _stub_for(function: types.FunctionType) -> types.CodeType:
    """Code that refuses (see :func:`_refused_call`), with as many free variables as ``function``.

    A function's ``__code__`` can only be replaced by code with the same number of free
    variables (the cells of its closure), so the stub declares that many unused ones.
    """
    free = len(function.__code__.co_freevars)
    names = [f"cell_{i}" for i in range(free)]
    source = _STUB_SOURCE.format(
        cells="\n".join(f"    {n} = None" for n in names) or "    pass",
        uses=f"        ({', '.join(names)},)" if names else "",
    )
    namespace: dict[str, Any] = {}
    exec(compile(source, "<course function refused during a check>", "exec"), namespace)
    code: types.CodeType = namespace["factory"]().__code__
    # its own code object (named like the function, for tracebacks) identifies whose stub it is
    return code.replace(co_name=function.__code__.co_name, co_qualname=function.__qualname__)


def refusable(function: object) -> bool:
    """Whether :class:`RefusedCalls` can refuse ``function`` (a plain Python function).

    Examples
    --------
    >>> refusable(refusable), refusable(len), refusable(print)
    (True, False, False)
    """
    return isinstance(function, types.FunctionType)


def course_name(function: Callable[..., Any]) -> str:
    """The shortest dotted name under which the course's package offers ``function``.

    Examples
    --------
    >>> from helpers.beyond.recommendation import recall_at_k
    >>> course_name(recall_at_k)
    'helpers.beyond.recall_at_k'
    """
    qualname = getattr(function, "__qualname__", getattr(function, "__name__", "?"))
    home = getattr(function, "__module__", None) or "?"
    top, _, rest = qualname.partition(".")
    owner = function if not rest else vars(sys.modules.get(home, sys)).get(top)
    found = [
        name
        for name, module in list(sys.modules.items())
        if (name == "helpers" or name.startswith("helpers."))
        and isinstance(module, types.ModuleType)
        and owner is not None
        and vars(module).get(top) is owner
    ]
    best = min(found, key=lambda n: (n.count("."), len(n)), default=home)
    return f"{best}.{qualname}"


class RefusedCalls:
    """For the time of a ``with`` block, ``functions`` refuse to run (see the module's text).

    Parameters
    ----------
    exercise : str
        The exercise being checked (a stand-in of this exercise is not let through).
    functions : iterable of function
        Plain Python functions (see :func:`refusable`); others raise ``TypeError``.

    Attributes
    ----------
    called : function or None
        The first of ``functions`` that was called (and refused) in the window.

    Examples
    --------
    >>> def double(x):
    ...     return 2 * x
    >>> import functools
    >>> mine = functools.partial(double)
    >>> with RefusedCalls("0.1 double", [double]) as refused:
    ...     mine(3)
    Traceback (most recent call last):
    ...
    helpers.exercises.refusal.CourseFunctionCalled: Write it yourself: calling the course's `helpers.exercises.refusal.double` hands back the course's answer.
    >>> refused.called is double, mine(3)
    (True, 6)
    """

    def __init__(self, exercise: str, functions: Iterable[Callable[..., Any]]) -> None:
        unique: dict[int, types.FunctionType] = {}
        for function in functions:
            if not refusable(function):
                raise TypeError(
                    f"Only plain Python functions can be refused during a check, not {function!r}."
                )
            unique[id(function)] = function  # type: ignore[assignment]
        self.exercise = exercise
        self.functions: tuple[types.FunctionType, ...] = tuple(unique.values())
        self.called: types.FunctionType | None = None
        self._mine: list[_Swapped] = []

    def __enter__(self) -> RefusedCalls:
        with _LOCK:
            try:
                _restore_stale()
                _ACTIVE.append(self)
                for function in self.functions:
                    swapped = _KNOWN.get(id(function))
                    if swapped is None:
                        swapped = _Swapped(function, function.__code__, _stub_for(function))
                        _KNOWN[id(function)] = _BY_STUB[id(swapped.stub)] = swapped
                    if swapped.users == 0 and function.__code__ is not swapped.stub:
                        if function.__code__ is not swapped.original:  # changed since
                            swapped.original, swapped.runnable = function.__code__, None
                    swapped.users += 1
                    self._mine.append(swapped)
                    function.__code__ = swapped.stub
            except BaseException:
                self._close()
                raise
        return self

    def __exit__(self, *exc: object) -> None:
        with _LOCK:
            self._close()

    def _close(self) -> None:
        if self in _ACTIVE:
            _ACTIVE.remove(self)
        while self._mine:
            swapped = self._mine.pop()
            swapped.users -= 1
            if swapped.users <= 0:
                swapped.users = 0
                swapped.function.__code__ = swapped.original


def refused_now() -> list[Callable[..., Any]]:
    """The functions whose code is the refusing stub at this moment (none between checks).

    Examples
    --------
    >>> refused_now()
    []
    """
    with _LOCK:
        return [s.function for s in _KNOWN.values() if s.function.__code__ is s.stub]


def _restore_stale() -> None:
    """Put back the code of functions no open window refuses (a window left mid-way)."""
    wanted = {id(f) for window in _ACTIVE for f in window.functions}
    for key, swapped in _KNOWN.items():
        if key not in wanted:
            swapped.users = 0
            if swapped.function.__code__ is swapped.stub:
                swapped.function.__code__ = swapped.original


def _let_through_by_a_stand_in(frame: types.FrameType | None, window: RefusedCalls) -> bool:
    """Whether the call was made (however deep) by the stand-in another exercise's check handed back."""
    while frame is not None:
        code = frame.f_code
        if code.co_name == "handed_back" and frame.f_globals.get("__name__") == (
            "helpers.exercises.checks"
        ):
            local = frame.f_locals
            reference = local.get("reference")
            if local.get("exercise") != window.exercise and not any(
                reference is f for f in window.functions
            ):
                return True
        frame = frame.f_back
    return False


def _refused_call(frame: types.FrameType, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """What a refused function's stub does: refuse if a window refuses it, else run it."""
    with _LOCK:
        swapped = _BY_STUB[id(frame.f_code)]
        window = next((w for w in reversed(_ACTIVE) if swapped.function in w.functions), None)
        if window is None:  # left without closing: heal, then behave as the function
            _restore_stale()
    if window is None:
        return swapped.run_original(args, kwargs)
    if _let_through_by_a_stand_in(frame.f_back, window):
        return swapped.run_original(args, kwargs)
    if window.called is None:
        window.called = swapped.function
    raise CourseFunctionCalled(
        f"Write it yourself: calling the course's `{course_name(swapped.function)}` hands back "
        "the course's answer."
    )
