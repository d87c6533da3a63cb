"""The graded-lab pipeline end to end, offline, in a temporary folder (slow layer).

tools/nbgrader_course.py builds the course from the solution edition; nbgrader generates the
student version, releases it through a local exchange; three simulated students fetch and submit
(the solutions, the untouched student version, realistic wrong answers); the teacher collects,
autogrades and generates feedback; the scores must be exactly the expected ones: each exercise
weighs its record's points, and the written questions (manually graded answer cells) count in the
maximum but score only once the teacher grades them (here through nbgrader's gradebook).

Covers a representative subset (:data:`ASSIGNMENTS`) to keep the run near a minute: every
notebook is executed once to build it and three times to grade it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools import nbgrader_course
from tools.written import load_questions

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS = ["00_welcome", "01_one_hot"]
COURSE = nbgrader_course.COURSE_ID

# Realistic wrong answers, by the grade id (= function name) of the exercise's answer cell.
WRONG_ANSWERS = {
    # split on spaces: punctuation stays attached to the words (exercise 1.1, 2 points)
    "my_tokenize": "    return text.lower().split()\n",
    # forgot the square root
    "vector_length": "    return float(np.sum(v * v))\n",
    # rows and columns swapped
    "my_one_hot": (
        "    matrix = np.zeros((vocab_size, len(ids)))\n"
        "    matrix[ids, np.arange(len(ids))] = 1.0\n"
        "    return matrix\n"
    ),
}
_REGION = re.compile(
    r"^[ \t]*### BEGIN SOLUTION[^\n]*\n.*?^[ \t]*### END SOLUTION[^\n]*\n?", re.M | re.S
)
_STUB = re.compile(r"^[ \t]*# YOUR CODE HERE\n[ \t]*raise NotImplementedError\(\)\n?", re.M)


def run(args: list[str], cwd: Path, user: str = "teacher") -> str:
    env = nbgrader_course.nbgrader_environment(USER=user, LOGNAME=user)
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"nbgrader {args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def fill_answers(released: Path, source: Path, wrong: dict[str, str]) -> None:
    """Replace each stub of a released notebook by the source's solution, or by a wrong answer."""
    book = nbformat.read(released, as_version=4)
    solutions = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in nbformat.read(source, as_version=4).cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    for cell in book.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        grade_id = meta["grade_id"]
        if grade_id in wrong:
            cell.source = _STUB.sub(lambda _m, g=grade_id: wrong[g], cell.source)
        else:
            cell.source = solutions[grade_id]
    nbformat.write(book, released)


def sign_as(inbound: Path, assignment: str, student: str) -> None:
    """Rename the submission just made so it comes from ``student``.

    nbgrader names a submission after the operating-system user who ran ``nbgrader submit``
    (``user+assignment+timestamp+random``); one OS user plays three students here.
    """
    newest = max(
        (p for p in inbound.iterdir() if p.name.split("+")[1] == assignment),
        key=lambda p: p.stat().st_mtime_ns,
    )
    if newest.name.split("+")[0] != student:
        newest.rename(newest.with_name("+".join([student, *newest.name.split("+")[1:]])))


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("nbgrader")
    course, exchange = base / "course", base / "exchange"
    exchange.mkdir()
    built = nbgrader_course.build_course(ROOT / "notebooks", course, ASSIGNMENTS)
    common = [f"--Exchange.root={exchange}", f"--CourseDirectory.course_id={COURSE}"]
    students = {"alice": "solution", "bob": "untouched", "carol": "wrong"}
    for name in ASSIGNMENTS:
        run(["release_assignment", name, *common], course)
        for student, kind in students.items():
            home = base / student
            home.mkdir(exist_ok=True)
            run(["fetch_assignment", name, *common], home, student)
            notebook = home / name / f"{name}.ipynb"
            source = course / "source" / name / f"{name}.ipynb"
            if kind == "solution":
                fill_answers(notebook, source, {})
            elif kind == "wrong":
                fill_answers(notebook, source, WRONG_ANSWERS)
            run(["submit", name, *common], home, student)
            sign_as(exchange / COURSE / "inbound", name, student)
        run(["collect", name, *common], course)
        run(["autograde", name, "--create", *common], course)
        run(["generate_feedback", name, *common], course)
    from nbgrader.api import Gradebook

    scores, waiting, graded = {}, {}, {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for name in ASSIGNMENTS:
            for student in students:
                submission = gradebook.find_submission(name, student)
                scores[name, student] = (submission.score, submission.max_score)
                waiting[name, student] = submission.needs_manual_grade
        # the teacher gives alice's written answers full marks (formgrader does the same)
        for name in ASSIGNMENTS:
            for question in load_questions(name):
                grade = gradebook.find_grade(question.grade_id, name, name, "alice")
                grade.manual_score = question.points
            gradebook.db.commit()
            graded[name] = gradebook.find_submission(name, "alice").score
    return {
        "course": course,
        "built": built,
        "scores": scores,
        "waiting": waiting,
        "graded": graded,
        "students": students,
    }


def test_every_solution_cell_is_graded(graded_course: dict) -> None:
    for name in ASSIGNMENTS:
        exercises = graded_course["built"][name]
        source = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        solution_cells = [c for c in source.cells if "### BEGIN SOLUTION" in c.source]
        assert len(exercises) == len(solution_cells) >= 1


def test_scores_are_the_expected_ones(graded_course: dict) -> None:
    """Exercises weigh their records' points; written answers wait for the teacher's grade."""
    from helpers.exercises import EXERCISES

    wrong_points = {
        name: sum(e.points for e in graded_course["built"][name] if e.function in WRONG_ANSWERS)
        for name in ASSIGNMENTS
    }
    for name in ASSIGNMENTS:
        exercises = graded_course["built"][name]
        assert all(e.points == EXERCISES[e.name.split()[0]].points for e in exercises)
        code = sum(e.points for e in exercises)
        written = sum(q.points for q in load_questions(name))
        total = code + written
        scores, waiting = graded_course["scores"], graded_course["waiting"]
        assert scores[name, "alice"] == (code, total)
        assert scores[name, "bob"] == (0, total)
        assert scores[name, "carol"] == (code - wrong_points[name], total)
        # answered written questions wait for the teacher; untouched ones score 0 at once
        assert waiting[name, "alice"] == waiting[name, "carol"] == (written > 0)
        assert not waiting[name, "bob"]
        assert graded_course["graded"][name] == total
    # every wrong answer was used, and costs its exercise's weight (1.1 weighs 2 points)
    used = [e.function for n in ASSIGNMENTS for e in graded_course["built"][n]]
    assert sorted(set(used) & set(WRONG_ANSWERS)) == sorted(WRONG_ANSWERS)
    assert sum(wrong_points.values()) > len(WRONG_ANSWERS)
    assert any(load_questions(name) for name in ASSIGNMENTS)  # the written questions are covered


def test_written_questions_are_manually_graded_cells(graded_course: dict) -> None:
    """Each written question: a locked question cell, then a manually graded Markdown answer
    cell worth its points whose model answer and rubric only the teacher's source holds."""
    for name in ASSIGNMENTS:
        questions = load_questions(name)
        source = nbformat.read(graded_course["course"] / "source" / name / f"{name}.ipynb", 4)
        release = nbformat.read(graded_course["course"] / "release" / name / f"{name}.ipynb", 4)
        for book, teacher in ((source, True), (release, False)):
            answers = {
                c.metadata["nbgrader"]["grade_id"]: c
                for c in book.cells
                if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("written_")
                and c.metadata["nbgrader"].get("solution")
            }
            assert set(answers) == {q.grade_id for q in questions}
            for question in questions:
                cell = answers[question.grade_id]
                meta = cell.metadata["nbgrader"]
                assert cell.cell_type == "markdown"
                assert meta["grade"] and meta["solution"] and not meta["locked"]
                assert meta["points"] == question.points
                assert ("**Rubric" in cell.source) is teacher
                assert (question.answer[:40] in cell.source) is teacher
                asked = book.cells[book.cells.index(cell) - 1]
                assert question.question in asked.source and asked.metadata["nbgrader"]["locked"]


def test_release_hides_solutions_tests_and_answers(graded_course: dict) -> None:
    for name in ASSIGNMENTS:
        text = (graded_course["course"] / "release" / name / f"{name}.ipynb").read_text()
        assert "BEGIN SOLUTION" not in text
        assert "BEGIN HIDDEN TESTS" not in text and "assert_graded" not in text
        assert "**Model answer.**" not in text and "**Rubric" not in text  # written questions
        assert "<details>" not in text
        source = (graded_course["course"] / "source" / name / f"{name}.ipynb").read_text()
        assert "<details>" not in source
        # the hidden tests never import a reference implementation
        for cell in nbformat.reads(source, as_version=4).cells:
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
                imports = [line for line in cell.source.splitlines() if "import" in line]
                assert imports == ["from helpers.exercises.grading import assert_graded"]


def test_feedback_files_show_the_scores(graded_course: dict) -> None:
    course = graded_course["course"]
    for (name, student), (score, points) in graded_course["scores"].items():
        html = (course / "feedback" / student / name / f"{name}.html").read_text()
        assert f"Score: {score:.1f} / {points:.1f}" in html
