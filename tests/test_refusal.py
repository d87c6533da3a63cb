"""A check never gives ✅ for the course's own solution, however the learner's function reaches it.

While a check runs the learner's function, the exercise's reference and its ``solved_by``
functions refuse to run (:mod:`helpers.exercises.refusal`). Each learner answer below is written
as a learner would, in a notebook's namespace, and each really solves its exercise outside a
check: only the refusal stands between it and a ✅.
"""

from __future__ import annotations

import functools
import re
import sys
import textwrap
import threading
import time
import types
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import helpers.exercises.checks as checks
from helpers.exercises import EXERCISES, check_exercise, evaluate_exercise, stand_in
from helpers.exercises.checks import evaluate_function, explain_difference
from helpers.exercises.refusal import CourseFunctionCalled, RefusedCalls, course_name, refused_now

# ---- the learner's answers ------------------------------------------------------------------

# exercise -> (the course function that solves it, the learner's parameters, the body that
# solves it with that function, written as `{f}`)
CHEATS: dict[str, tuple[str, str, str]] = {
    "9.3": (
        "helpers.beyond.recommendation.recall_at_k",
        "scores, seen, relevant, k",
        "return {f}(scores, seen, relevant, k)",
    ),
    "7.3": (
        "helpers.llm.attention.self_attention",
        "X, W_q, W_k, W_v",
        "result = {f}(X, W_q, W_k, W_v, causal=True)\nreturn result.weights, result.output",
    ),
    "7.2": (
        "helpers.llm.attention.self_attention",
        "X",
        "return {f}(X, causal=True).weights",
    ),
    "4.7": (
        "helpers.word2vec.sampling.subsample_keep_probability",
        "counts, t",
        "return {f}(counts, t)",
    ),
}


def _split(qualified: str) -> tuple[str, str]:
    """``(module, attribute path)``: ``helpers.text.vocab.Vocabulary.build`` is
    ``("helpers.text.vocab", "Vocabulary.build")``."""
    parts = qualified.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        module = ".".join(parts[:cut])
        try:
            __import__(module)
        except ImportError:
            continue
        return module, ".".join(parts[cut:])
    raise ImportError(qualified)


def _function(qualified: str) -> Callable[..., Any]:
    module, path = _split(qualified)
    found: Any = sys.modules[module]
    for attribute in path.split("."):
        found = getattr(found, attribute)
    return getattr(found, "__func__", found)  # type: ignore[no-any-return]


def _paths(qualified: str) -> dict[str, tuple[str, str, str]]:
    """Every way of reaching ``qualified`` from a learner's function, as notebook code.

    Each is (code run in the notebook before the definition, code at the top of the function's
    body, the expression that is the course function).
    """
    home, path = _split(qualified)
    name, _, rest = path.partition(".")  # a method: the class, then ".method"
    rest = f".{rest}" if rest else ""
    module = course_name(_function(qualified)).removesuffix(f".{path}")
    return {
        "global name": (f"from {module} import {name}", "", f"{name}{rest}"),
        "module alias": (f"import {module} as course", "", f"course.{name}{rest}"),
        "dotted name": (f"import {module}", "", f"{module}.{name}{rest}"),
        "defining module": (f"import {home}", "", f"{home}.{name}{rest}"),
        "import in the body": ("", f"from {module} import {name} as mine", f"mine{rest}"),
        "importlib": ("import importlib", "", f"importlib.import_module({module!r}).{name}{rest}"),
        "sys.modules": ("import sys", "", f"sys.modules[{home!r}].{name}{rest}"),
        "getattr": (f"import {module} as course", "", f"getattr(course, {name!r}){rest}"),
        "partial": (
            f"import functools\nfrom {module} import {name}\nshortcut = functools.partial({name}{rest})",
            "",
            "shortcut",
        ),
        "lambda": (
            f"from {module} import {name}\nshortcut = lambda *a, **k: {name}{rest}(*a, **k)",
            "",
            "shortcut",
        ),
        "class attribute": (
            f"from {module} import {name}\nclass Course:\n    solve = staticmethod({name}{rest})",
            "",
            "Course.solve",
        ),
        "dict of functions": (
            f"from {module} import {name}\nTOOLS = {{'x': {name}{rest}}}",
            "",
            "TOOLS['x']",
        ),
        "thread": (
            f"import concurrent.futures\nfrom {module} import {name}\n"
            "def in_a_thread(*a, **k):\n"
            "    with concurrent.futures.ThreadPoolExecutor(1) as pool:\n"
            f"        return pool.submit({name}{rest}, *a, **k).result()",
            "",
            "in_a_thread",
        ),
        # the two below change the function's definition itself (see _answer)
        "default argument": (f"from {module} import {name}", "", "_course"),
        "closure cell": (f"from {module} import {name}", "", "_course"),
    }


PATHS = list(_paths(CHEATS["9.3"][0]))


def _answer(key: str, qualified: str, path: str, *, call: str | None = None) -> Any:
    """The learner's function for exercise ``key`` reaching ``qualified`` by ``path``.

    ``call`` replaces the body that solves the exercise (``{f}`` is the course function).
    """
    params, body = (CHEATS[key][1], CHEATS[key][2]) if call is None else ("*args", call)
    setup, prelude, reach = _paths(qualified)[path]
    name = _split(qualified)[1]  # bound at the notebook's level by `setup`
    inner = textwrap.indent("\n".join(filter(None, [prelude, body.format(f=reach)])), "    ")
    if path == "default argument":
        source = f"{setup}\ndef answer({params}, _course={name}):\n{inner}\n"
    elif path == "closure cell":
        source = (
            f"{setup}\ndef make():\n    _course = {name}\n    def answer({params}):\n"
            f"{textwrap.indent(inner, '    ')}\n    return answer\nanswer = make()\n"
        )
    else:
        source = f"{setup}\ndef answer({params}):\n{inner}\n"
    notebook: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(source, f"<cell: {path}>", "exec"), notebook)
    return notebook["answer"]


REFUSAL = "calls the course's `{name}`, which hands back the course's answer: write the computation yourself."


def _refusal_sentence(message: str) -> str:
    """The verdict's own sentence (between the exercise's name and the standard last one)."""
    return message.split(": ", 1)[1].removesuffix(
        " The notebook continues with the reference implementation."
    )


def _assert_refused(key: str, answer: Any, function: Callable[..., Any]) -> None:
    original = function.__code__
    verdict = evaluate_exercise(key, answer, quiet=True)
    assert verdict.status == "fail", verdict.message
    assert REFUSAL.format(name=course_name(function)) in verdict.message, verdict.message
    sentence = _refusal_sentence(verdict.message)
    assert len(re.findall(r"[.!?](\s|$)", sentence)) == 1, sentence  # one sentence
    assert function.__code__ is original  # put back
    assert not refused_now()


# ---- every path, on four exercises ----------------------------------------------------------


@pytest.mark.parametrize("key", sorted(CHEATS))
@pytest.mark.parametrize("path", PATHS)
def test_the_course_function_is_refused_however_it_is_reached(key: str, path: str) -> None:
    qualified = CHEATS[key][0]
    answer = _answer(key, qualified, path)
    exercise = EXERCISES[key]
    for args in exercise.make_cases():  # outside a check it is a right answer...
        assert explain_difference(answer(*args), exercise.reference(*args)) is None
    _assert_refused(key, answer, _function(qualified))  # ...that the check refuses
    for args in exercise.make_cases()[:1]:  # and it works again afterwards
        assert explain_difference(answer(*args), exercise.reference(*args)) is None


@pytest.mark.parametrize(
    ("key", "reference"),
    [
        ("7.2", "helpers.exercises.llm_embeddings.causal_attention_weights"),
        ("4.7", "helpers.exercises.word2vec.keep_probability"),
        ("9.2", "helpers.exercises.beyond_words.als_loop"),
    ],
)
@pytest.mark.parametrize("path", ["module alias", "import in the body", "partial"])
def test_the_exercise_reference_imported_from_the_package_is_refused(
    key: str, reference: str, path: str
) -> None:
    answer = _answer(key, reference, path, call="return {f}(*args)")
    _assert_refused(key, answer, _function(reference))


def test_an_answer_that_hides_the_refusal_still_fails() -> None:
    qualified = CHEATS["9.3"][0]
    answer = _answer(
        "9.3",
        qualified,
        "dotted name",
        call="try:\n    return {f}(*args)\nexcept BaseException:\n    return 0.5",
    )
    _assert_refused("9.3", answer, _function(qualified))


def test_an_answer_that_loops_after_the_refusal_is_still_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(checks, "TIME_LIMIT", 0.3)
    monkeypatch.setattr(checks, "SLOWER_THAN_REFERENCE", 1.0)
    qualified = CHEATS["4.7"][0]
    answer = _answer(
        "4.7",
        qualified,
        "module alias",
        call="while True:\n    try:\n        return {f}(*args)\n    except Exception:\n        pass",
    )
    _assert_refused("4.7", answer, _function(qualified))


# ---- what the refusal lets through ----------------------------------------------------------


def test_hand_written_answers_still_pass() -> None:
    def my_recall_at_k(scores, seen, relevant, k):  # type: ignore[no-untyped-def]
        recalls = []
        for user in range(scores.shape[0]):
            wanted = set(np.flatnonzero(relevant[user]))
            if not wanted:
                continue
            candidates = [i for i in np.argsort(-scores[user], kind="stable") if not seen[user, i]]
            recalls.append(len(wanted & set(candidates[:k])) / len(wanted))
        return float(np.mean(recalls))

    def causal_attention(X, W_q, W_k, W_v):  # type: ignore[no-untyped-def]
        Q, K, V = X @ W_q, X @ W_k, X @ W_v
        scores = Q @ K.T / np.sqrt(K.shape[1])
        scores = np.where(np.tril(np.ones(scores.shape, dtype=bool)), scores, -np.inf)
        weights = np.exp(scores - scores.max(axis=1, keepdims=True))
        weights /= weights.sum(axis=1, keepdims=True)
        return weights, weights @ V

    def keep_probability(counts, t):  # type: ignore[no-untyped-def]
        f = np.asarray(counts, dtype=float) / np.sum(counts)
        return np.minimum(1.0, (np.sqrt(f / t) + 1) * t / f)

    for key, mine in [
        ("9.3", my_recall_at_k),
        ("7.3", causal_attention),
        ("4.7", keep_probability),
    ]:
        verdict = evaluate_exercise(key, mine, quiet=True)
        assert verdict.passed, verdict.message


def test_an_exercise_may_build_on_the_stand_in_an_earlier_check_handed_back() -> None:
    """7.3's answer may call what 7.2's check handed back, whose reference uses self_attention."""

    def unfinished(X):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    weights_of = check_exercise("7.2", unfinished)  # prints ⏳; hands back 7.2's reference
    X = np.random.default_rng(0).normal(size=(4, 3))
    expected = weights_of(X)
    with RefusedCalls("7.3 causal_attention", [_function(CHEATS["7.3"][0])]) as refused:
        weights = weights_of(X)  # as a 7.3 answer would, for its Q = K = X case
    assert refused.called is None and np.allclose(weights, expected)
    # the same stand-in in 7.2's own check is the answer: refused (and named as the stand-in)
    with RefusedCalls("7.2 causal_attention_weights", [_function(CHEATS["7.2"][0])]) as refused:
        with pytest.raises(CourseFunctionCalled):
            weights_of(X)
    assert refused.called is _function(CHEATS["7.2"][0])


def test_the_stand_in_of_the_same_exercise_is_named_as_such() -> None:
    def unfinished(*args):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    handed_back = check_exercise("9.3", unfinished)
    verdict = evaluate_exercise("9.3", lambda *args: handed_back(*args), quiet=True)
    assert verdict.status == "fail" and "the last check handed back" in verdict.message


# ---- the window: always closed, whatever ends it ----------------------------------------------


def _course_double(x: float) -> float:
    return 2 * x


def _cases() -> list[tuple[Any, ...]]:
    return [(1.0,), (2.5,)]


def _check(mine: Callable[..., Any]) -> checks.Verdict:
    return evaluate_function(
        "0.1 double",
        mine,
        lambda x: x + x,
        _cases(),
        hint="Multiply by two.",
        solved_by=(_course_double,),
        quiet=True,
    )


def test_the_code_is_put_back_after_a_raising_a_wrong_and_a_passing_answer() -> None:
    original = _course_double.__code__
    for mine, status in [
        (lambda x: 1 / 0, "fail"),
        (lambda x: 3 * x, "fail"),
        (lambda x: x * 2, "pass"),
        (lambda x: _course_double(x), "fail"),
    ]:
        assert _check(mine).status == status
        assert _course_double.__code__ is original and _course_double(2.0) == 4.0


def test_the_code_is_put_back_after_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "TIME_LIMIT", 0.2)
    monkeypatch.setattr(checks, "SLOWER_THAN_REFERENCE", 1.0)

    def endless(x: float) -> float:
        while True:
            pass

    verdict = _check(endless)
    assert "did not finish within" in verdict.message
    assert _course_double(2.0) == 4.0


def test_the_code_is_put_back_after_a_keyboard_interrupt() -> None:
    def interrupted(x: float) -> float:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _check(interrupted)
    assert _course_double(2.0) == 4.0 and not refused_now()


def test_in_a_worker_thread_the_call_is_refused_and_the_code_put_back_after_a_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Off the main thread (Windows, or a check run from a thread) the time limit runs the
    learner's function in a worker thread that it stops waiting for."""
    monkeypatch.setattr(checks, "TIME_LIMIT", 0.3)
    monkeypatch.setattr(checks, "SLOWER_THAN_REFERENCE", 1.0)
    release = threading.Event()
    late: list[float] = []

    def slow_then_course(x: float) -> float:
        release.wait(5)
        late.append(_course_double(x))  # after the check gave up: the course function again
        return 0.0

    verdicts: list[checks.Verdict] = []

    def run() -> None:
        verdicts.append(_check(lambda x: _course_double(x)))
        verdicts.append(_check(slow_then_course))

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(10)
    assert "calls the course's" in verdicts[0].message
    assert "did not finish within" in verdicts[1].message
    release.set()
    for _ in range(50):
        if late:
            break
        time.sleep(0.05)
    assert late == [2.0]


def test_a_window_left_without_closing_heals_itself() -> None:
    refused = RefusedCalls("0.1 double", [_course_double])
    refused.__enter__()
    with pytest.raises(CourseFunctionCalled):
        _course_double(1.0)
    # as if a second Ctrl-C had stopped the closing half-way
    from helpers.exercises import refusal

    refusal._ACTIVE.remove(refused)
    assert _course_double(3.0) == 6.0  # the stub sees no check running: runs the original
    assert _course_double.__code__ is not refusal._KNOWN[id(_course_double)].stub


def test_nested_windows_put_the_code_back_only_at_the_last() -> None:
    original = _course_double.__code__
    with RefusedCalls("a", [_course_double]), RefusedCalls("b", [_course_double]) as inner:
        pass
    with RefusedCalls("a", [_course_double]) as outer:
        with RefusedCalls("b", [_course_double]):
            pass
        with pytest.raises(CourseFunctionCalled):
            _course_double(1.0)
    assert outer.called is _course_double and inner.called is None
    assert _course_double.__code__ is original


def test_functions_with_a_closure_and_defaults_can_be_refused() -> None:
    factor = 3

    def triple(x: float, *, plus: float = 0.0) -> float:
        return factor * x + plus

    with RefusedCalls("x", [triple]) as refused, pytest.raises(CourseFunctionCalled):
        functools.partial(triple, plus=1.0)(2.0)
    assert refused.called is triple and triple(2.0, plus=1.0) == 7.0


def test_only_plain_functions_can_be_refused() -> None:
    with pytest.raises(TypeError, match="Only plain Python functions"):
        RefusedCalls("x", [len])
    assert isinstance(_course_double, types.FunctionType)


def test_what_refuses_is_named_where_the_course_offers_it() -> None:
    assert course_name(_function(CHEATS["9.3"][0])) == "helpers.beyond.recall_at_k"
    assert course_name(_function(CHEATS["7.3"][0])) == "helpers.llm.self_attention"
    assert course_name(_function(CHEATS["4.7"][0])) == "helpers.word2vec.subsample_keep_probability"


def test_a_stand_in_of_another_exercise_around_the_answer_itself_is_refused() -> None:
    """A learner cannot launder the course function through a stand-in they make themselves."""
    recall = _function(CHEATS["9.3"][0])
    laundered = stand_in("0.1 other", recall)
    verdict = evaluate_exercise("9.3", lambda *args: laundered(*args), quiet=True)
    assert verdict.status == "fail" and "helpers.beyond.recall_at_k" in verdict.message


# ---- every record: its solved_by functions and its reference ---------------------------------

GENERIC_PATHS = ["global name", "module alias", "import in the body", "partial", "default argument",
                 "closure cell", "getattr", "class attribute", "thread"]  # fmt: skip


def _refused_of(key: str) -> list[str]:
    exercise = EXERCISES[key]
    functions = [*exercise.solved_by, exercise.reference]
    return sorted({f"{f.__module__}.{f.__qualname__}" for f in functions})


RECORDS = [(key, qualified) for key in EXERCISES for qualified in _refused_of(key)]


def test_every_solved_by_is_a_plain_function() -> None:
    for key in EXERCISES:
        for function in EXERCISES[key].solved_by:
            assert isinstance(function, types.FunctionType), (key, function)
    from helpers.exercises.registry import Exercise

    with pytest.raises(TypeError, match="solved_by lists plain Python functions"):
        Exercise("0.9", "x", abs, list, hint="h", solved_by=(len,))


@pytest.mark.parametrize(("key", "qualified"), RECORDS, ids=[f"{k}-{q}" for k, q in RECORDS])
@pytest.mark.parametrize("path", GENERIC_PATHS)
def test_every_record_refuses_its_course_functions(key: str, qualified: str, path: str) -> None:
    answer = _answer(key, qualified, path, call="return {f}(*args)")
    _assert_refused(key, answer, _function(qualified))


# ---- the graded edition refuses them too ------------------------------------------------------


def test_the_graded_test_refuses_what_the_check_refused() -> None:
    from helpers.exercises import grading

    qualified = CHEATS["9.3"][0]
    cheat = _answer("9.3", qualified, "partial")  # no course name in its code: a scan misses it
    exercise = EXERCISES["9.3"]
    expected = [grading.fingerprint(exercise.reference(*c)) for c in exercise.make_cases()]
    grading.record_checks()
    try:
        check_exercise("9.3", cheat)
        with pytest.raises(AssertionError, match=r"calls the course's own `helpers\.beyond\."):
            grading.assert_graded(exercise.title, expected, [qualified])
        assert not refused_now()
    finally:
        checks.remove_observer(grading._record)
        grading.RECORDS.pop(exercise.title, None)


# ---- no course helper a learner may use calls what its exercise refuses ------------------------

# What calls each refused plain function inside the course's package (outside the exercises),
# reviewed: each caller is a bigger computation that contains the exercise's answer (calling it
# would hand the answer back too, so refusing it is right) or one no answer to that exercise
# would call (a corpus loader, a trainer's internals). A new caller fails this test until it is
# reviewed, because the check would refuse it during that exercise.
REVIEWED_CALLERS = {
    "1.1": {"helpers.text.corpus._build_sentences", "helpers.text.corpus.load_text"},
    "3.2": {"helpers.projection.random.random_projection"},
    "3.4": {"helpers.projection.svd.svd_embeddings"},
    "4.4": {"helpers.word2vec.train.train_sgns"},
    "4.6": {"helpers.word2vec.train.sgns_vectors"},
    "4.7": {"helpers.word2vec.train.train_sgns"},
    "5.1": {"helpers.projection.maps.tsne_coordinates"},
    "6.1": {
        "helpers.vectors.analogies.best_answers",
        "helpers.vectors.analogies.evaluate_analogies",
        "helpers.vectors.wordvectors.WordVectors.analogy",
    },
    "6.3": {
        "helpers.vectors.analogies.best_answers",
        "helpers.vectors.wordvectors.WordVectors.analogy",
    },
    "6.5": {"helpers.evaluation.bias._effect"},
    "6.6": {"helpers.evaluation.bias.weat_p_value"},
    "8.1": {"helpers.llm.language_model.loss_and_gradients"},
    "8.3": {"helpers.llm.attention.self_attention"},
    "8.4": {"helpers.llm.language_model._adam_epochs"},
    "9.1": {"helpers.beyond.recommendation.als"},
    "9.2": {"helpers.beyond.recommendation.matrix_factorization"},
}


def _callers_in_the_package() -> dict[int, set[str]]:
    """By ``id`` of a function: the package's functions whose code names it (outside exercises)."""
    import ast
    import importlib
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "src"
    found: dict[int, set[str]] = {}
    for path in sorted((src / "helpers").rglob("*.py")):
        module_name = ".".join(path.relative_to(src).with_suffix("").parts).removesuffix(
            ".__init__"
        )
        if module_name.startswith("helpers.exercises"):
            continue
        module = importlib.import_module(module_name)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        scopes = [(node, "") for node in tree.body]
        while scopes:
            node, prefix = scopes.pop()
            if isinstance(node, ast.ClassDef):
                scopes += [(child, f"{prefix}{node.name}.") for child in node.body]
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
                for name in names:
                    value = vars(module).get(name)
                    if isinstance(value, types.FunctionType):
                        found.setdefault(id(value), set()).add(f"{module_name}.{prefix}{node.name}")
    return found


def test_no_course_helper_a_learner_may_call_calls_what_its_exercise_refuses() -> None:
    callers = _callers_in_the_package()
    seen: dict[str, set[str]] = {}
    for key in EXERCISES:
        exercise = EXERCISES[key]
        for function in {*exercise.solved_by, exercise.reference}:
            own = f"{function.__module__}.{function.__qualname__}"
            seen.setdefault(key, set()).update(callers.get(id(function), set()) - {own})
    assert {k: v for k, v in seen.items() if v} == REVIEWED_CALLERS
