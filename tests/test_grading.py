"""Graded tests of the classroom edition: fingerprints, assert_graded, and the course builder."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

import helpers.exercises.checks as checks
from helpers.exercises import grading
from helpers.exercises.grading import assert_graded, fingerprint, fingerprint_difference
from tools import nbgrader_course


def loop_sums(numbers: list[float]) -> list[float]:
    """The fingerprint's weighted sums, computed independently with a loop."""
    weights = np.random.default_rng(len(numbers)).uniform(-1.0, 1.0, size=(3, len(numbers)))
    return [sum(w * x for w, x in zip(row, numbers, strict=True)) for row in weights]


def test_fingerprint_sums_match_a_loop() -> None:
    value = {"b": np.array([[1.0, -2.0], [0.5, 3.0]]), "a": [4, ("x", 2.5)]}
    # keys sorted: a first (4, then 2.5), then b's entries in row order
    expected = loop_sums([4.0, 2.5, 1.0, -2.0, 0.5, 3.0])
    assert np.allclose(fingerprint(value)["sums"], expected)
    assert fingerprint(value)["size"] == pytest.approx(13.0)


def test_fingerprint_ignores_container_types_but_not_content() -> None:
    dense = np.array([[0.0, 1.0], [2.0, 0.0]])
    assert fingerprint_difference(sp.csr_matrix(dense), fingerprint(dense)) is None
    assert fingerprint_difference(dense.astype(np.float32), fingerprint(dense)) is None
    assert fingerprint_difference([1, 2], fingerprint((1.0, 2.0))) is None
    assert fingerprint_difference(dense.T, fingerprint(dense)) is not None
    assert fingerprint_difference(dense + 1e-3, fingerprint(dense)) is not None
    assert fingerprint_difference(dense + 1e-9, fingerprint(dense)) is None
    assert "NaN" in (fingerprint_difference(dense * np.nan, fingerprint(dense)) or "")
    assert fingerprint_difference(["king"], fingerprint(["queen"])) is not None


def _check(exercise: str, candidate, reference, cases) -> None:
    grading.record_checks()
    checks.check_function(exercise, candidate, reference, cases, hint="Think again.")


def test_assert_graded_passes_a_right_answer_and_names_each_failure(capsys) -> None:
    def reference(v):
        return float(np.sqrt(v @ v))

    cases = [(np.array([3.0, 4.0]),), (np.array([1.0, 2.0, 2.0]),)]
    expected = [fingerprint(reference(*c)) for c in cases]

    _check("9.1 length", lambda v: float(np.linalg.norm(v)), reference, cases)
    assert_graded("9.1 length", expected)

    _check("9.1 length", lambda v: float(v @ v), reference, cases)
    with pytest.raises(AssertionError, match=r"^Exercise 9.1 length: for test case 1 .*values\.$"):
        assert_graded("9.1 length", expected)

    def todo(v):
        raise NotImplementedError

    _check("9.1 length", todo, reference, cases)
    with pytest.raises(AssertionError, match="is not done yet"):
        assert_graded("9.1 length", expected)

    _check("9.1 length", lambda v: v[5], reference, cases)
    with pytest.raises(AssertionError, match="raised IndexError"):
        assert_graded("9.1 length", expected)

    with pytest.raises(AssertionError, match="ran 2 cases instead of 3"):
        assert_graded("9.1 length", [*expected, expected[0]])
    with pytest.raises(AssertionError, match="was not checked: run the notebook from the top"):
        assert_graded("9.9 never checked", expected)
    capsys.readouterr()


def test_assert_graded_refuses_the_courses_own_helper(capsys) -> None:
    from helpers.vectors import cosine_similarity

    cases = [(np.array([1.0, 0.0]), np.array([1.0, 1.0]))]
    expected = [fingerprint(cosine_similarity(*cases[0]))]
    forbidden = grading.helpers_used_by(cosine_similarity)
    assert forbidden == [f"{cosine_similarity.__module__}.{cosine_similarity.__qualname__}"]

    def borrowed(u, v):
        return cosine_similarity(u, v)

    _check("9.2 cosine", borrowed, cosine_similarity, cases)
    with pytest.raises(AssertionError, match="calls the course's own `cosine_similarity`"):
        assert_graded("9.2 cosine", expected, forbidden)

    def own(u, v):
        return float(u @ v / np.linalg.norm(u) / np.linalg.norm(v))

    _check("9.2 cosine", own, cosine_similarity, cases)
    assert_graded("9.2 cosine", expected, forbidden)
    capsys.readouterr()


def test_grading_reruns_on_copies_so_mutation_does_not_leak(capsys) -> None:
    def mutating(v):
        v[0] = 100.0
        return float(v.sum())

    cases = [(np.array([1.0, 2.0]),)]
    _check("9.3 total", mutating, lambda v: float(v.sum()), cases)
    capsys.readouterr()
    with pytest.raises(AssertionError):  # the check itself already mutated the case
        assert_graded("9.3 total", [fingerprint(3.0)])


def test_strip_details_and_function_discovery() -> None:
    text = "Q1?\n<details><summary>Answer</summary>\n\nA1\n\n</details>\nQ2?"
    assert nbgrader_course.strip_details(text) == "Q1?\nQ2?"
    assert nbgrader_course.defined_functions("def a():\n    pass\n\ndef b(x): return x") == [
        "a",
        "b",
    ]
    assert nbgrader_course.defined_functions("%timeit f()") == []


def test_select_notebooks_says_what_exists(tmp_path) -> None:
    for name in ("00_welcome", "01_one_hot"):
        (tmp_path / f"{name}.ipynb").write_text("{}")
    assert [p.stem for p in nbgrader_course.select_notebooks(tmp_path, ["01"])] == ["01_one_hot"]
    with pytest.raises(
        SystemExit, match=r"No notebook '07' .* choose from: 00_welcome, 01_one_hot"
    ):
        nbgrader_course.select_notebooks(tmp_path, ["07"])


def test_builder_finds_any_exercises_and_writes_valid_nbgrader_metadata(tmp_path) -> None:
    import nbformat
    from nbgrader.nbgraderformat import MetadataValidator

    cells = [
        nbformat.v4.new_code_cell("from helpers import setup\nrng = setup(seed=1)"),
        nbformat.v4.new_markdown_cell("Q?\n<details><summary>Answer</summary>A</details>"),
        nbformat.v4.new_code_cell(
            "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"
        ),
        nbformat.v4.new_code_cell(
            "from helpers.exercises import check_function\n"
            "double = check_function('X.7 double', double, lambda x: x + x, [(1,), (2.5,)],"
            " hint='Add it to itself.')"
        ),
        nbformat.v4.new_code_cell(
            "def words(n):\n    ### BEGIN SOLUTION\n    return ['w'] * n\n    ### END SOLUTION"
        ),
        nbformat.v4.new_code_cell(
            "words = check_function('B words', words, lambda n: ['w' for _ in range(n)], [(3,)],"
            " hint='A list.')"
        ),
    ]
    source = tmp_path / "notebooks" / "42_tiny.ipynb"
    source.parent.mkdir()
    nbformat.write(nbformat.v4.new_notebook(cells=cells), source)
    exercises = nbgrader_course.build_assignment(source, tmp_path / "course")
    assert [(e.name, e.function) for e in exercises] == [
        ("X.7 double", "double"),
        ("B words", "words"),
    ]

    built = nbformat.read(tmp_path / "course" / "source" / "42_tiny" / "42_tiny.ipynb", 4)
    MetadataValidator().validate_nb(built)
    kinds = [
        ("test" if c.metadata.nbgrader["grade"] else "answer" if c.metadata.nbgrader["solution"]
         else "locked") for c in built.cells
    ]  # fmt: skip
    assert kinds == [
        "locked",
        "locked",
        "locked",
        "answer",
        "locked",
        "test",
        "answer",
        "locked",
        "test",
    ]
    assert "<details>" not in built.cells[2].source
    assert "record_checks()" in built.cells[1].source
    assert "assert_graded(\n    'X.7 double'" in built.cells[5].source


def test_answers_judged_by_compare_are_graded_by_running_the_comparison_again(capsys) -> None:
    """Random draws cannot match a fingerprint: the graded test re-runs the exercise's compare."""

    def reference(n):
        return np.random.default_rng(0).integers(0, 2, size=n)

    def compare(args, got, expected):
        values = np.asarray(got)
        return None if set(values.tolist()) <= {0, 1} else "draws outside {0, 1}"

    grading.record_checks(with_expected=True)
    checks.evaluate_function(
        "9.3 coin", lambda n: np.ones(n, dtype=int), reference, [(50,)], hint="h", compare=compare
    )
    expected = grading.RECORDS["9.3 coin"].expected
    assert expected == [grading.RECHECK]
    assert_graded("9.3 coin", expected)  # another valid answer than the reference's draws
    grading.record_checks()
    checks.evaluate_function(
        "9.3 coin", lambda n: np.full(n, 7), reference, [(50,)], hint="h", compare=compare
    )
    with pytest.raises(AssertionError, match="does not pass its check yet"):
        assert_graded("9.3 coin", expected)
    capsys.readouterr()


def test_what_a_check_handed_back_earns_no_points_under_any_name(capsys) -> None:
    """Issue 22 §5: the stand-in a failed check returns, or a function calling it, never passes."""
    from helpers.exercises import check_exercise
    from helpers.exercises.welcome import vector_length

    grading.record_checks()
    title = "0.1 vector_length"

    def stub(v):
        raise NotImplementedError

    handed_back = check_exercise("0.1", stub)
    check_exercise("0.1", handed_back)  # the check cell run again: it records the stand-in
    expected = [fingerprint(vector_length(*case)) for case in grading.RECORDS[title].cases]
    with pytest.raises(AssertionError, match="not your function"):
        assert_graded(title, expected)

    def my_length(v):  # stored under another name and called
        return handed_back(v)

    check_exercise("0.1", my_length)
    with pytest.raises(AssertionError, match="calls the course's"):
        assert_graded(title, expected)
    capsys.readouterr()


def test_grading_adds_an_observer_and_replaces_nothing() -> None:
    evaluate = checks.evaluate_function
    grading.record_checks()
    grading.record_checks()  # idempotent
    assert checks.evaluate_function is evaluate
    assert sum(o is grading._record for o in checks._OBSERVERS) == 1
