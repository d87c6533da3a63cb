"""Build an nbgrader course folder (graded labs) from the solution edition in ``notebooks/``.

    python -m tools.nbgrader_course OUTDIR                 # every notebook, assignments generated
    python -m tools.nbgrader_course OUTDIR 01 03_projection # only these (number or name)
    python -m tools.nbgrader_course OUTDIR --force         # also overwrite files you edited

Each notebook becomes one assignment ``OUTDIR/source/<name>/<name>.ipynb``, the **classroom
edition**:

* every code cell with ``### BEGIN SOLUTION`` becomes an nbgrader *autograded answer* cell
  (grade id: the function it defines); every other cell is locked (read-only, and restored
  from the source copy when grading, so check cells cannot be edited to pass);
* the collapsed answers of *Check your understanding* (``<details>`` blocks) and markdown
  answers between ``<!-- BEGIN SOLUTION -->`` / ``<!-- END SOLUTION -->`` are removed;
* a locked cell after the set-up cell calls ``helpers.exercises.grading.record_checks()``, so each
  exercise check remembers the learner's function and its inputs;
* after each exercise's check cell comes an *autograder test* cell worth the exercise's points
  (its record's ``points``: 1 a line, 2 one idea, 3 several steps, 5 a training loop) whose
  hidden test calls
  ``helpers.exercises.grading.assert_graded`` with fingerprints of the reference results. The
  fingerprints are computed here, by executing the classroom edition once with the solutions;
  grading never imports or runs a reference. The exception is an exercise whose answers cannot
  equal the reference's (random draws, a trained model: its check has a ``compare``): its graded
  test re-runs the exercise's own check on the learner's function;
* after *Check your understanding* come the notebook's written questions (``tools/written.py``):
  each a locked question cell and a *manually graded answer* cell worth its points, whose
  source holds the model answer and rubric (``generate_assignment`` replaces it by an empty
  answer in the student's copy).

Exercises are discovered, not listed: any notebook, any number of exercises, any numbering.
Then ``nbgrader generate_assignment`` writes the student version into ``OUTDIR/release/``
(``--no-generate`` skips it). The rest is nbgrader's usual cycle, run from ``OUTDIR``:
``nbgrader release_assignment``, ``collect``, ``autograde``, ``generate_feedback``.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import json
import os
import pprint
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

from helpers.exercises import EXERCISES
from helpers.exercises.grading import RECORD_MARKER
from helpers.exercises.registry import Exercise as RegisteredExercise
from tools.run_notebooks import CELL_TIMEOUT_SECONDS, KERNELSPEC
from tools.student_edition import strip_markdown_answers
from tools.written import WrittenQuestion, answer_markdown, load_questions, question_markdown

COURSE_ID = "embeddings-from-scratch"
RECORDER_SOURCE = (
    "# Grading support: each exercise check below remembers your function and its inputs,\n"
    "# so the graded cell after it can test them again.\n"
    "from helpers.exercises.grading import record_checks\n"
    "\n"
    "record_checks()"
)
NBGRADER_CONFIG = f'''"""nbgrader configuration of the course (written by tools/nbgrader_course.py)."""

c = get_config()  # noqa: F821 (provided by nbgrader)
c.CourseDirectory.course_id = "{COURSE_ID}"
# Every notebook runs in a fresh kernel with a per-cell time limit.
c.ExecutePreprocessor.timeout = {CELL_TIMEOUT_SECONDS}
c.ClearSolutions.code_stub = {{
    "python": "# YOUR CODE HERE\\nraise NotImplementedError()",
}}
'''
_DETAILS = re.compile(r"\n?[ \t]*<details>.*?</details>[ \t]*", re.DOTALL)


@dataclass(frozen=True)
class Exercise:
    """One graded exercise found in a notebook."""

    name: str
    function: str
    solution_cell: int
    check_cell: int
    expected: list[dict[str, Any]]
    forbidden: list[str]
    points: int


def strip_details(markdown: str) -> str:
    """Remove collapsed ``<details>`` blocks (the answers of *Check your understanding*).

    Examples
    --------
    >>> strip_details("1. Why?\\n   <details><summary>Answer</summary>Because.</details>\\n2. How?")
    '1. Why?\\n2. How?'
    """
    return _DETAILS.sub("", markdown)


def defined_functions(source: str) -> list[str]:
    """Names of the top-level functions a code cell defines.

    Examples
    --------
    >>> defined_functions("import numpy as np\\ndef f(x):\\n    return x\\nclass A: pass")
    ['f']
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]


def _meta(grade_id: str, *, solution: bool = False, grade: bool = False, points: int = 0) -> dict:
    meta: dict[str, Any] = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
    }
    if grade:
        meta["points"] = points
    return meta


def with_cell_ids(book: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Give every cell a fresh, deterministic id (``c000``, ``c001``, …; nbformat 4.5)."""
    book.nbformat, book.nbformat_minor = 4, 5
    for index, cell in enumerate(book.cells):
        cell["id"] = f"c{index:03d}"
    return book


def classroom_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The classroom edition before grading cells are added: answers removed, recorder added.

    Outputs are cleared, ``<details>`` answers and markdown solution regions removed, and a code
    cell calling ``record_checks()`` is inserted after the first code cell (the set-up cell).
    """
    book = copy.deepcopy(notebook)
    book.metadata.pop("widgets", None)
    book.metadata["kernelspec"] = KERNELSPEC
    for cell in book.cells:
        if cell.cell_type == "markdown":
            cell.source = strip_details(strip_markdown_answers(cell.source))
        elif cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
    first_code = next(i for i, c in enumerate(book.cells) if c.cell_type == "code")
    book.cells.insert(first_code + 1, nbformat.v4.new_code_cell(RECORDER_SOURCE))
    return with_cell_ids(book)


def record_exercises(book: nbformat.NotebookNode, folder: Path) -> list[dict[str, Any]]:
    """Execute a classroom notebook with its solutions once and return what its checks recorded."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "records.json"
        run = copy.deepcopy(book)
        for cell in run.cells:
            if cell.cell_type == "code" and cell.source == RECORDER_SOURCE:
                cell.source = RECORDER_SOURCE.replace(
                    "record_checks()", "record_checks(with_expected=True)"
                )
        run.cells.append(
            nbformat.v4.new_code_cell(
                f"from helpers.exercises.grading import write_records\nwrite_records({str(out)!r})"
            )
        )
        client = NotebookClient(
            run,
            timeout=CELL_TIMEOUT_SECONDS,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(folder.resolve())}},
        )
        client.execute()
        records: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))
    for record in records:
        marker = f"{RECORD_MARKER}{record['exercise']}\n"
        record["check_cell"] = max(
            i
            for i, cell in enumerate(run.cells)
            if cell.cell_type == "code" and marker in printed_text(cell)
        )
    return records


def printed_text(cell: nbformat.NotebookNode) -> str:
    """Everything a code cell printed, its stream outputs joined (a busy kernel may split a line
    between two stream messages, with a display in between).

    Examples
    --------
    >>> cell = nbformat.v4.new_code_cell("print('ab')")
    >>> cell.outputs = [nbformat.v4.new_output("stream", text="a"),
    ...                 nbformat.v4.new_output("display_data", data={"text/plain": "x"}),
    ...                 nbformat.v4.new_output("stream", text="b\\n")]
    >>> printed_text(cell)
    'ab\\n'
    """
    return "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")


def exercise_points(title: str) -> int:
    """The points of an exercise, from the name its check gives (``"4.6 train_word2vec"``).

    A registered exercise weighs its record's ``points``; one checked by ``check_function``
    outside the registry (a teacher's own notebook) weighs the registry's default, 1 point.

    Examples
    --------
    >>> exercise_points("4.6 train_word2vec"), exercise_points("X.7 double")
    (5, 1)
    """
    key = title.split(" ", 1)[0]
    if key in EXERCISES:
        return EXERCISES[key].points
    default = next(f.default for f in fields(RegisteredExercise) if f.name == "points")
    assert isinstance(default, int)
    return default


def find_exercises(book: nbformat.NotebookNode, records: list[dict[str, Any]]) -> list[Exercise]:
    """Match each solution cell with the check that tested the function it defines."""
    exercises = []
    for index, cell in enumerate(book.cells):
        if cell.cell_type != "code" or "### BEGIN SOLUTION" not in cell.source:
            continue
        names = defined_functions(cell.source)
        for record in records:
            if record["function"] in names and record["check_cell"] > index:
                exercises.append(
                    Exercise(
                        record["exercise"],
                        record["function"],
                        index,
                        record["check_cell"],
                        record["expected"],
                        record["forbidden"],
                        exercise_points(record["exercise"]),
                    )
                )
                break
    return exercises


def graded_test_source(exercise: Exercise) -> str:
    """The source of an exercise's autograder test cell (hidden part between the markers)."""
    expected = pprint.pformat(exercise.expected, width=96, sort_dicts=True)
    forbidden = pprint.pformat(exercise.forbidden, width=96)
    return (
        f"# Graded test of exercise {exercise.name} ({exercise.points} point"
        f"{'s' if exercise.points != 1 else ''}): it runs the function your check cell\n"
        "# received on the same inputs and compares the results with the expected ones.\n"
        "### BEGIN HIDDEN TESTS\n"
        "from helpers.exercises.grading import assert_graded\n\n"
        f"assert_graded(\n    {exercise.name!r},\n    expected={expected},\n"
        f"    forbidden={forbidden},\n)\n"
        "### END HIDDEN TESTS"
    )


def grade_id(function: str, used: set[str]) -> str:
    """A grade id for a function's exercise, unique within the notebook."""
    base = re.sub(r"\W+", "_", function).strip("_") or "exercise"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}_{n}", n + 1
    used.add(candidate)
    return candidate


def written_cells(questions: list[WrittenQuestion], used: set[str]) -> list[nbformat.NotebookNode]:
    """Cells of the written questions: a locked heading, then per question a locked question cell
    and a manually graded answer cell (model answer and rubric in its source, the teacher's copy)."""
    if not questions:
        return []
    total = sum(q.points for q in questions)
    intro = nbformat.v4.new_markdown_cell(
        f"## Written questions ({total} points)\n\n"
        "Answer each question in the cell below it, in a few sentences, with the numbers and "
        "figures this notebook shows you. Your teacher grades these answers by hand."
    )
    intro.metadata["nbgrader"] = _meta(grade_id("written_questions", used))
    cells = [intro]
    for question in questions:
        asked = nbformat.v4.new_markdown_cell(question_markdown(question))
        asked.metadata["nbgrader"] = _meta(grade_id(f"{question.grade_id}_question", used))
        answer = nbformat.v4.new_markdown_cell(answer_markdown(question))
        answer.metadata["nbgrader"] = _meta(
            grade_id(question.grade_id, used), solution=True, grade=True, points=question.points
        )
        cells += [asked, answer]
    return cells


def written_position(book: nbformat.NotebookNode) -> int:
    """Where the written questions go: after *Check your understanding*, else at the end."""
    for index, cell in enumerate(book.cells):
        if cell.cell_type == "markdown" and "## Check your understanding" in cell.source:
            return index + 1
    return len(book.cells)


def graded_notebook(
    book: nbformat.NotebookNode,
    exercises: list[Exercise],
    written: list[WrittenQuestion] | None = None,
) -> nbformat.NotebookNode:
    """Add nbgrader metadata, one autograder test cell after each exercise's check cell and the
    written questions (:func:`written_cells`) after *Check your understanding*."""
    graded = copy.deepcopy(book)
    used: set[str] = set()
    solution_ids = {}
    for exercise in exercises:
        solution_ids[exercise.solution_cell] = grade_id(exercise.function, used)
    for index, cell in enumerate(graded.cells):
        if index in solution_ids:
            cell.metadata["nbgrader"] = _meta(solution_ids[index], solution=True)
        elif cell.cell_type == "code" and "### BEGIN SOLUTION" in cell.source:
            cell.metadata["nbgrader"] = _meta(grade_id(f"answer_{index}", used), solution=True)
        else:
            cell.metadata["nbgrader"] = _meta(grade_id(f"cell_{index:03d}", used))
    for exercise in sorted(exercises, key=lambda e: e.check_cell, reverse=True):
        test = nbformat.v4.new_code_cell(graded_test_source(exercise))
        test.metadata["nbgrader"] = _meta(
            grade_id(f"test_{solution_ids[exercise.solution_cell]}", used),
            grade=True,
            points=exercise.points,
        )
        graded.cells.insert(exercise.check_cell + 1, test)
    at = written_position(graded)
    graded.cells[at:at] = written_cells(written or [], used)
    return with_cell_ids(graded)


def select_notebooks(folder: Path, wanted: list[str]) -> list[Path]:
    """The notebooks of ``folder`` whose name or number is in ``wanted`` (all if empty).

    A clear one-sentence error names what was not found.
    """
    paths = sorted(folder.glob("*.ipynb"))
    if not wanted:
        return paths
    chosen: list[Path] = []
    for key in wanted:
        matches = [p for p in paths if p.stem == key or p.stem.split("_", 1)[0] == key]
        if not matches:
            names = ", ".join(p.stem for p in paths)
            raise SystemExit(f"No notebook {key!r} in {folder}/; choose from: {names}.")
        chosen.extend(m for m in matches if m not in chosen)
    return chosen


def build_assignment(path: Path, course: Path) -> list[Exercise]:
    """Write the classroom edition of one notebook into ``course/source/<name>/`` and return its exercises."""
    book = classroom_notebook(nbformat.read(path, as_version=4))
    exercises = find_exercises(book, record_exercises(book, path.parent))
    target = course / "source" / path.stem / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(graded_notebook(book, exercises, load_questions(path.stem)), target)
    return exercises


def nbgrader_environment(**extra: str) -> dict[str, str]:
    """This process's environment with this interpreter's scripts first on PATH.

    nbgrader runs the ``alembic`` command of its own environment to set up its database.
    """
    scripts = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": scripts + os.pathsep + os.environ.get("PATH", ""), **extra}


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run an nbgrader command in the course folder with this interpreter; raise on failure."""
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=nbgrader_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"nbgrader {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result


BUILD_MANIFEST = ".classroom-build.json"
"""The file, in the course folder, that lists what the build wrote and a hash of each."""


class ChangedClassroomFileError(RuntimeError):
    """A file the build would overwrite was changed after it was built (a teacher's edit?)."""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rebuilt_files(course: Path, selected: list[Path], generate: bool) -> list[Path]:
    """The files a build of ``selected`` into ``course`` writes (or, through nbgrader, replaces)."""
    files = [course / "nbgrader_config.py"]
    for path in selected:
        files.append(course / "source" / path.stem / path.name)
        if generate:
            files.append(course / "release" / path.stem / path.name)
    return files


def refuse_changed_files(course: Path, files: list[Path]) -> None:
    """Raise one sentence if any of ``files`` exists but is not what the last build wrote.

    Like the student-edition generator: a teacher's edits are never overwritten silently.
    """
    manifest_path = course / BUILD_MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    changed = [
        f
        for f in files
        if f.is_file() and manifest.get(f.relative_to(course).as_posix()) != _digest(f)
    ]
    if changed:
        names = ", ".join(str(f) for f in changed)
        raise ChangedClassroomFileError(
            f"{names} changed since this course folder was built (your edits?): copy them "
            "elsewhere, build into a new folder, or run again with --force to overwrite them."
        )


def _record_built_files(course: Path, files: list[Path]) -> None:
    manifest_path = course / BUILD_MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    manifest.update({f.relative_to(course).as_posix(): _digest(f) for f in files if f.is_file()})
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def build_course(
    notebooks: Path,
    course: Path,
    wanted: list[str] | None = None,
    *,
    generate: bool = True,
    force: bool = False,
) -> dict[str, list[Exercise]]:
    """Build the nbgrader course folder; return the exercises of each assignment.

    Refuses (:class:`ChangedClassroomFileError`, nothing written) to overwrite a file changed
    since the last build, unless ``force``.
    """
    selected = select_notebooks(notebooks, wanted or [])
    files = _rebuilt_files(course, selected, generate)
    if not force:
        refuse_changed_files(course, files)
    course.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(NBGRADER_CONFIG, encoding="utf-8")
    built = {}
    for path in selected:
        built[path.stem] = build_assignment(path, course)
        if generate:
            nbgrader(course, "generate_assignment", path.stem, "--force", "--create")
    _record_built_files(course, files)
    return built


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tools.nbgrader_course OUTDIR [NOTEBOOK ...] [--no-generate] [--force]``."""
    args = sys.argv[1:] if argv is None else argv
    generate, force = "--no-generate" not in args, "--force" in args
    args = [a for a in args if a not in ("--no-generate", "--force")]
    if not args:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    course, wanted = Path(args[0]), args[1:]
    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    try:
        built = build_course(notebooks, course, wanted, generate=generate, force=force)
    except ChangedClassroomFileError as error:
        print(error, file=sys.stderr)
        return 1
    for name, exercises in built.items():
        listed = ", ".join(e.name for e in exercises) or "no graded exercises"
        print(f"{name}: {len(exercises)} graded ({listed})")
    print(f"Course folder: {course}/ (source/, release/, nbgrader_config.py)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
