"""Scaffold a new notebook with every artefact the course's tests ask of one.

    ./course new notebook NN_slug "Title"     (or: python -m tools.scaffold notebook NN_slug "Title")

writes, for notebook ``NN_slug`` (two digits, then a lower-case Python name):

- ``notebooks/NN_slug.ipynb``: the fixed opening (*What you'll learn / What you need / Time*),
  the setup cell, one sample exercise (``mean_vector``, key ``N.1``) with its one-line check cell
  and a cell that goes on with the result, a summary and *Check your understanding*; executed,
  so its stored outputs pass strict nbval;
- ``src/helpers/exercises/slug.py``: the sample exercise's record (cases, reference, hint and
  diagnoses), and the module's entry in ``MODULES`` of ``src/helpers/exercises/registry.py`` (the
  lazy registry imports it when one of its keys is first asked for);
- ``src/helpers/exercises/mistakes/slug.py``: its known mistakes (``WRONG``, four realistic wrong
  answers, each with the phrase its check answers), which the record gives as
  ``Exercise.mistakes`` to the generic exercise test and the teacher guide;
- ``tests/test_exercises_slug.py``: only what the record cannot hold, a test that an independent
  computation passes;
- ``src/helpers/exercises/quizzes/NN_slug.toml`` (8 questions) and its export in
  ``classroom/quizzes/``;
- ``classroom/homework/teacher/NN_slug.md`` (two tasks with model answers and rubrics) and the
  generated student sheet;
- ``classroom/written/NN_slug.toml``: two written analysis questions with model answers and
  rubrics (:mod:`tools.written`), for the classroom edition, the guide and the student sheet;
- the notebook's section in ``classroom/GUIDE.md`` (its wrong-answer table generated);
- its lesson time (75 minutes) in ``classroom/lesson_times.toml`` and its row in notebook 00's
  map (``## The map``);
- its measurements in ``classroom/measurements.json`` (measured now, on this machine) and the
  guide's measured table;
- its row in README.md's table of notebooks, with the measured run times;
- its student edition in ``student/``.

Every text a person must still write is marked with :data:`PLACEHOLDER`; a quick test
(``tests/test_scaffold.py``) fails while any is left, and names the files. CONTRIBUTING.md has the
checklist. Nothing is overwritten: the command stops if the notebook, its number, its exercise
module or its key exist already.
"""

from __future__ import annotations

import importlib
import json
import keyword
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = "TODO(scaffold)"
"""Marks every text the scaffold could not write for you (tests/test_scaffold.py looks for it)."""
RESERVED = {"checks", "registry", "grading", "quiz", "quizzes"}
NAME = re.compile(r"^(?P<number>\d\d)_(?P<slug>[a-z][a-z0-9_]*)$")
MODULES_BLOCK = re.compile(r'^MODULES = \{\n(?P<entries>(?:    "\d+": "[\w.]+",\n)+)\}$', re.M)
MODULE_ENTRY = re.compile(r'^    "(\d+)": "([\w.]+)",$', re.M)
README_ROW = re.compile(r"^\| (\d\d) \| [^\n]*\|$", re.M)
GUIDE_SECTION = re.compile(r"^### (\d\d) · ", re.M)
GUIDE_AFTER_NOTEBOOKS = "## Quizzes, homework and projects"
LESSON_TIME = re.compile(r"^\[notebooks\.(\d\d)_\w+\]$", re.M)
MAP = "## The map"


class ScaffoldError(Exception):
    """A scaffold request that cannot be carried out (one sentence saying why)."""


@dataclass(frozen=True)
class NewNotebook:
    """What a new notebook is called.

    Examples
    --------
    >>> nb = NewNotebook.parse("10_sentence_vectors", "Sentence vectors")
    >>> nb.stem, nb.key, nb.module, nb.heading
    ('10_sentence_vectors', '10.1', 'sentence_vectors', '10 · Sentence vectors')
    """

    number: str
    slug: str
    title: str

    @classmethod
    def parse(cls, name: str, title: str) -> NewNotebook:
        match = NAME.match(name)
        if not match:
            raise ScaffoldError(
                f"{name!r} is not a notebook name: use two digits, an underscore and a lower-case "
                "Python name, e.g. 10_sentence_vectors."
            )
        slug = match["slug"]
        if keyword.iskeyword(slug) or slug in RESERVED:
            raise ScaffoldError(f"{slug!r} cannot name an exercise module; choose another name.")
        if not title.strip() or "\n" in title or "|" in title:
            raise ScaffoldError("The title must be one line of text without '|'.")
        return cls(match["number"], slug, title.strip())

    @property
    def stem(self) -> str:
        return f"{self.number}_{self.slug}"

    @property
    def key(self) -> str:
        """The key of its first exercise: the notebook's number without a leading zero, ``.1``."""
        return f"{int(self.number)}.1"

    @property
    def module(self) -> str:
        return self.slug

    @property
    def heading(self) -> str:
        return f"{self.number} · {self.title}"


# ---------------------------------------------------------------- the texts (pure functions)


def notebook(new: NewNotebook) -> nbformat.NotebookNode:
    """The unexecuted solution-edition notebook."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [
        md(
            f"# {new.heading}\n\n"
            f"{PLACEHOLDER}: one paragraph on the question this notebook answers and how it "
            "follows from the notebook before.\n\n"
            "**What you'll learn**\n"
            f"- {PLACEHOLDER}: what the learner can do at the end (three to six points);\n"
            "- how to average a set of vectors into one (exercise "
            f"{new.key}).\n\n"
            f"**What you need**: {PLACEHOLDER}: the notebooks and the Python this one builds on.\n\n"
            f"**Time**: about 75 minutes. {PLACEHOLDER}: how many of them the exercises take, "
            "and the deep dives if any."
        ),
        code(
            "import numpy as np\n\n"
            "import embeddings_course  # stops with a clear message if a file of yours hides "
            "helpers\n"
            "from helpers import setup\n"
            "from helpers.exercises import check_exercise\n\n"
            "rng = setup(seed=0)"
        ),
        md(
            "## The mean of a set of vectors\n\n"
            f"{PLACEHOLDER}: the section's prose. Averaging the rows of a matrix gives one vector "
            "that stands for all of them (notebook 07 calls it *mean pooling*).\n\n"
            f"**Exercise {new.key}.** Complete `mean_vector(vectors)`: given an `(n, d)` array "
            "whose rows are vectors, return the `d`-vector of their means, one number per "
            "column. Do not change `vectors`."
        ),
        code(
            "def mean_vector(vectors: np.ndarray) -> np.ndarray:\n"
            '    """Return the mean of the rows of the 2-D array ``vectors`` (one number per '
            'column)."""\n'
            "    ### BEGIN SOLUTION\n"
            "    return vectors.sum(axis=0) / len(vectors)\n"
            "    ### END SOLUTION"
        ),
        code(f'mean_vector = check_exercise("{new.key}", mean_vector)'),
        md("Whatever the verdict, `mean_vector` now works, so this cell runs either way:"),
        code(
            "vectors = rng.normal(size=(5, 3))\n"
            'print("mean of 5 random 3-vectors:", mean_vector(vectors).round(4))'
        ),
        md(
            "## Summary\n\n"
            f"- {PLACEHOLDER}: one line per idea the learner takes away.\n"
            "- The mean of `n` vectors is their sum divided by `n`: one vector standing for all.\n\n"
            "## Check your understanding\n\n"
            f"1. {PLACEHOLDER}: a question.\n"
            f"   <details><summary>Answer</summary>{PLACEHOLDER}: its answer.</details>\n"
            "2. What does `mean_vector` return for a single vector (an array of one row)?\n"
            "   <details><summary>Answer</summary>That vector itself.</details>"
        ),
    ]
    book = nbformat.v4.new_notebook(cells=cells)
    book.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    return book


def exercise_module(new: NewNotebook) -> str:
    """The source of ``helpers.exercises.<slug>``: the sample exercise and its registration."""
    return f'''"""Exercises of notebook {new.number} ({new.slug.replace("_", " ")}): cases, reference and diagnoses
(keys "{int(new.number)}.x").

{PLACEHOLDER}: what this notebook's exercises practise.

Examples
--------
>>> mean_vector(np.array([[1.0, 2.0], [3.0, 6.0]]))
array([2., 4.])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.exercises.checks import close
from helpers.exercises.registry import Exercise, register

__all__ = ["mean_vector"]

SEED = {int(new.number)}
"""The seed of every random case in this module (independent of the notebook's generator)."""


def mean_vector(vectors: np.ndarray) -> np.ndarray:
    """The mean of the rows of a 2-D array, one number per column (exercise {new.key})."""
    return np.asarray(vectors, dtype=float).mean(axis=0)


def _cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED)
    return [
        (rng.normal(size=(4, 3)),),  # more rows than columns: a wrong axis shows
        (rng.normal(size=(2, 5)),),
        (np.array([[1.0, -2.0, 0.5]]),),  # one row: its own mean
    ]


def _diagnose(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    (vectors,) = args
    vectors = np.asarray(vectors, dtype=float)
    if close(got, vectors.sum(axis=0), same_shape=True):
        return "That is the sum of the rows: divide it by the number of rows."
    if close(got, vectors.mean(axis=1), same_shape=True):
        return "That averages each row (axis=1); average down the columns (axis=0) instead."
    if close(got, vectors.sum(axis=0) / vectors.shape[1], same_shape=True):
        return (
            "That divides the column sums by the number of columns; divide by the number of "
            "rows, len(vectors)."
        )
    if np.ndim(got) == 0 and close(got, vectors.mean()):
        return "That is one number, the mean of every entry; return one mean per column."
    return None


register(
    Exercise(
        "{new.key}",
        "mean_vector",
        mean_vector,
        _cases,
        points=1,
        hint="Add the rows up and divide by how many there are: one number per column.",
        diagnose=_diagnose,
    )
)
'''


def mistakes_module(new: NewNotebook) -> str:
    """The source of ``helpers.exercises.mistakes.<slug>``: the sample exercise's known mistakes,
    which its record gives as ``Exercise.mistakes`` (to the exercise tests and the teacher guide)."""
    return f'''"""Known realistic mistakes of notebook {new.number}'s exercises: wrong answers a learner writes.

Each entry of :data:`WRONG` is ``(exercise key, wrong function, phrase)``: the phrase its check
must answer with, true for that mistake. The exercise's record
(:attr:`helpers.exercises.registry.Exercise.mistakes`) reads them from here; the exercise
tests, the teacher guide and the graded edition read the record.
"""

from __future__ import annotations


def sum_of_rows(vectors):  # type: ignore[no-untyped-def]
    """The sum of the rows, not divided by their number."""
    return vectors.sum(axis=0)


def mean_of_each_row(vectors):  # type: ignore[no-untyped-def]
    """The mean of each row (axis=1)."""
    return vectors.mean(axis=1)


def mean_of_everything(vectors):  # type: ignore[no-untyped-def]
    """One number: the mean of every entry."""
    return float(vectors.mean())


def divided_by_the_columns(vectors):  # type: ignore[no-untyped-def]
    """The column sums divided by the number of columns, not of rows."""
    return vectors.sum(axis=0) / vectors.shape[1]


WRONG = [
    ("{new.key}", sum_of_rows, "sum of the rows"),
    ("{new.key}", mean_of_each_row, "averages each row"),
    ("{new.key}", mean_of_everything, "one number"),
    ("{new.key}", divided_by_the_columns, "number of columns"),
]
'''


def exercise_test(new: NewNotebook) -> str:
    """The source of ``tests/test_exercises_<slug>.py``: what the exercise's record does not hold
    (its known mistakes are in :func:`mistakes_module`), here a test that an independent loop
    passes."""
    return f'''"""Notebook {new.number}'s exercises: an answer computed independently of the reference passes.

Their known mistakes are in ``src/helpers/exercises/mistakes/{new.module}.py``,
run for every exercise by ``tests/test_exercises_generic.py``.
"""

from __future__ import annotations

import numpy as np

from helpers.exercises import evaluate_exercise


def test_an_independent_loop_passes() -> None:
    def loop(vectors):  # type: ignore[no-untyped-def]
        rows, columns = vectors.shape
        return np.array([sum(vectors[i, j] for i in range(rows)) / rows for j in range(columns)])

    assert evaluate_exercise("{new.key}", loop).passed
'''


def quiz_toml(new: NewNotebook) -> str:
    """The quiz bank's file for the notebook: 8 placeholder questions and one real one."""
    lines = [f'notebook = "{new.stem}"', f"title = {json.dumps(new.title, ensure_ascii=False)}", ""]
    lines += [
        "[[question]]",
        'prompt = "What does the mean of the rows of a 4 × 3 array have?"',
        'choices = ["4 numbers, one per row", "3 numbers, one per column", "One number"]',
        "answer = 1",
        'explanation = "Averaging down the rows leaves one mean per column: a 3-vector."',
        "",
    ]
    for i in range(2, 9):
        lines += [
            "[[question]]",
            f'prompt = "{PLACEHOLDER}: question {i}"',
            f'choices = ["{PLACEHOLDER}: the right answer", "{PLACEHOLDER}: a wrong answer"]',
            "answer = 0",
            f'explanation = "{PLACEHOLDER}: why the right answer is right."',
            "",
        ]
    return "\n".join(lines)


def homework_sheet(new: NewNotebook) -> str:
    """The teacher's homework sheet: a written and an analysis task, answers and rubrics."""
    task = (
        "## Task {n} · {kind}: {what} (5 points)\n\n"
        f"{PLACEHOLDER}: the task.\n\n"
        "<!-- BEGIN SOLUTION -->\n"
        f"**Model answer.** {PLACEHOLDER}: the model answer.\n\n"
        "**Rubric (5 points).**\n"
        f"- 3 points: {PLACEHOLDER}: the main criterion.\n"
        f"- 2 points: {PLACEHOLDER}: the second criterion.\n"
        "<!-- END SOLUTION -->\n"
    )
    return (
        f"# Homework {new.number} · {new.title} (10 points)\n\n"
        "Hand in a short Markdown or notebook file. Show your reasoning; a number without a "
        "derivation\nor a measurement earns at most half the points of its criterion.\n\n"
        + task.format(n=1, kind="Written", what=PLACEHOLDER)
        + "\n"
        + task.format(n=2, kind="Analysis", what=PLACEHOLDER)
    )


def written_bank(new: NewNotebook) -> str:
    """The notebook's written analysis questions (``classroom/written/NN_slug.toml``)."""
    quotes = "'''"
    question = (
        "[[question]]\n"
        f'title = "{PLACEHOLDER}: a short title"\n'
        f"question = {quotes}\n{PLACEHOLDER}: a question about a number or a figure the "
        f"notebook shows.\n{quotes}\n"
        f"answer = {quotes}\n{PLACEHOLDER}: the model answer (every number it quotes is one the "
        f"notebook prints).\n{quotes}\n"
        f'rubric = [\n    [3, "{PLACEHOLDER}: the main criterion"],\n'
        f'    [2, "{PLACEHOLDER}: the second criterion"],\n]\n'
    )
    return (
        f"# Written analysis questions of notebook {new.number} (tools/written.py; model answers "
        "quote the notebook's outputs).\n\n" + question + "\n" + question
    )


def guide_section(new: NewNotebook) -> str:
    """The notebook's section of the teacher guide (its table of diagnoses is generated)."""
    return (
        f"### {new.heading} (`notebooks/{new.stem}.ipynb`)\n\n"
        f"**Objectives.** {PLACEHOLDER}: from the notebook's opening.\n\n"
        f"**Core and deep dives.** 75 minutes. {PLACEHOLDER}: the core's sections and exercises with their "
        "minutes, and each deep dive named in bold as the other sections do.\n\n"
        f"**In a 60-minute slot.** {PLACEHOLDER}: what to do in class and what to move home.\n\n"
        "**Misconceptions it targets (and where).**\n"
        f"- {PLACEHOLDER}: a misconception, and the section that answers it.\n\n"
        "**Discussion prompts.**\n"
        f"1. {PLACEHOLDER}: a prompt.\n"
        f"   <details><summary>Model answer</summary>{PLACEHOLDER}: its model answer.</details>\n\n"
        "**What the checks diagnose.**\n"
        f"<!-- BEGIN DIAGNOSED {new.number} -->\n"
        f"<!-- END DIAGNOSED {new.number} -->\n\n"
    )


def with_guide_section(guide: str, new: NewNotebook) -> str:
    """``guide`` with the notebook's section inserted in number order.

    >>> text = "### 00 · A\\n\\n### 02 · C\\n\\n## Quizzes, homework and projects\\n"
    >>> new = NewNotebook("01", "b", "B")
    >>> [line for line in with_guide_section(text, new).splitlines() if line.startswith("#")]
    ['### 00 · A', '### 01 · B (`notebooks/01_b.ipynb`)', '### 02 · C', '## Quizzes, homework and projects']
    """
    later = [m for m in GUIDE_SECTION.finditer(guide) if m[1] > new.number]
    if later:
        at = later[0].start()
    elif GUIDE_AFTER_NOTEBOOKS in guide:
        at = guide.index(GUIDE_AFTER_NOTEBOOKS)
    else:
        raise ScaffoldError(f"classroom/GUIDE.md has no '{GUIDE_AFTER_NOTEBOOKS}' heading.")
    return guide[:at] + guide_section(new) + guide[at:]


def readme_row(new: NewNotebook, core_s: float, whole_s: float) -> str:
    """The notebook's row in README's table (run times rounded half up, as the test reads them).

    >>> readme_row(NewNotebook("10", "sentence_vectors", "Sentence vectors"), 3.5, 4.2)[-13:]
    '| 4 s / 4 s |'
    """
    return (
        f"| {new.number} | {new.slug.replace('_', ' ')} | {PLACEHOLDER}: what you build and see | "
        f"75 min | {int(core_s + 0.5)} s / {int(whole_s + 0.5)} s |"
    )


def with_readme_row(readme: str, row: str, number: str) -> str:
    """``readme`` with ``row`` inserted into the table of notebooks in number order.

    >>> table = "| # | x |\\n|---|---|\\n| 00 | a |\\n| 02 | c |\\n"
    >>> with_readme_row(table, "| 01 | b |", "01").splitlines()[2:]
    ['| 00 | a |', '| 01 | b |', '| 02 | c |']
    """
    rows = list(README_ROW.finditer(readme))
    if not rows:
        raise ScaffoldError("README.md has no table of notebooks ('| 00 | ... |' rows).")
    later = [m for m in rows if m[1] > number]
    if later:
        at = later[0].start()
        return readme[:at] + row + "\n" + readme[at:]
    at = rows[-1].end()
    return readme[:at] + "\n" + row + readme[at:]


def _modules_block(registry: str) -> re.Match[str]:
    block = MODULES_BLOCK.search(registry)
    if not block:
        raise ScaffoldError(
            "src/helpers/exercises/registry.py has no MODULES = {...} with one line per notebook; "
            "map the new module there by hand (CONTRIBUTING.md, 'A new notebook')."
        )
    return block


def registered_numbers(registry: str) -> list[str]:
    """The notebook numbers ``MODULES`` of ``helpers/exercises/registry.py``'s source maps.

    >>> registered_numbers('MODULES = {\\n    "0": "helpers.exercises.a",\\n}\\n')
    ['0']
    """
    return [m[1] for m in MODULE_ENTRY.finditer(_modules_block(registry)["entries"])]


def with_registration(registry: str, new: NewNotebook) -> str:
    """``helpers/exercises/registry.py``'s source with the new module in ``MODULES``, in the
    order of the notebooks' numbers.

    >>> text = 'MODULES = {\\n    "0": "helpers.exercises.a",\\n    "2": "helpers.exercises.c",\\n}\\n'
    >>> print(with_registration(text, NewNotebook("01", "b", "B")), end="")
    MODULES = {
        "0": "helpers.exercises.a",
        "1": "helpers.exercises.b",
        "2": "helpers.exercises.c",
    }
    """
    block = _modules_block(registry)
    entries = {m[1]: m[2] for m in MODULE_ENTRY.finditer(block["entries"])}
    number = str(int(new.number))
    if number in entries:
        raise ScaffoldError(f"Exercise keys {number}.x are registered already ({entries[number]}).")
    entries[number] = f"helpers.exercises.{new.module}"
    lines = "".join(f'    "{n}": "{entries[n]}",\n' for n in sorted(entries, key=int))
    return registry[: block.start("entries")] + lines + registry[block.end("entries") :]


def with_lesson_time(times: str, new: NewNotebook) -> str:
    """``classroom/lesson_times.toml`` with the notebook's 75 minutes, in number order.

    >>> text = "x = 1\\n\\n[notebooks.00_a]\\ncore = 15\\n\\n[notebooks.02_c]\\ncore = 75\\n"
    >>> print(with_lesson_time(text, NewNotebook("01", "b", "B")), end="")
    x = 1
    <BLANKLINE>
    [notebooks.00_a]
    core = 15
    <BLANKLINE>
    [notebooks.01_b]
    core = 75
    <BLANKLINE>
    [notebooks.02_c]
    core = 75
    """
    entry = f"[notebooks.{new.stem}]\ncore = 75\n"
    later = [m for m in LESSON_TIME.finditer(times) if m[1] > new.number]
    if later:
        return times[: later[0].start()] + entry + "\n" + times[later[0].start() :]
    return times.rstrip("\n") + "\n\n" + entry


def with_map_row(welcome: nbformat.NotebookNode, new: NewNotebook) -> nbformat.NotebookNode:
    """Notebook 00 with the notebook's row appended to the table of ``## The map``."""
    cells = [c for c in welcome.cells if c.cell_type == "markdown" and c.source.startswith(MAP)]
    if len(cells) != 1:
        raise ScaffoldError(f"notebooks/00_welcome.ipynb has no single '{MAP}' cell.")
    rows = list(README_ROW.finditer(cells[0].source))
    if not rows:
        raise ScaffoldError("Notebook 00's map has no table of notebooks ('| 00 | ... |' rows).")
    row = (
        f"| {new.number} | {new.slug.replace('_', ' ')} | {PLACEHOLDER}: the question it "
        "answers | 75 min |"
    )
    at = rows[-1].end()
    cells[0].source = cells[0].source[:at] + "\n" + row + cells[0].source[at:]
    return welcome


# ---------------------------------------------------------------- side effects below this line


def _refuse_existing(new: NewNotebook, root: Path) -> None:
    taken = [p.name for p in (root / "notebooks").glob(f"{new.number}_*.ipynb")]
    if taken:
        raise ScaffoldError(f"Notebook number {new.number} is taken by notebooks/{taken[0]}.")
    module = root / "src" / "helpers" / "exercises" / f"{new.module}.py"
    if module.exists():
        raise ScaffoldError(f"{module.relative_to(root)} exists: choose another slug.")
    for path in (
        root / "src" / "helpers" / "exercises" / "mistakes" / f"{new.module}.py",
        root / "tests" / f"test_exercises_{new.module}.py",
        root / "src" / "helpers" / "exercises" / "quizzes" / f"{new.stem}.toml",
        root / "classroom" / "homework" / "teacher" / f"{new.stem}.md",
        root / "classroom" / "written" / f"{new.stem}.toml",
    ):
        if path.exists():
            raise ScaffoldError(f"{path.relative_to(root)} exists already; remove it first.")
    registry = (root / "src" / "helpers" / "exercises" / "registry.py").read_text(encoding="utf-8")
    if str(int(new.number)) in registered_numbers(registry):
        raise ScaffoldError(f"Exercise keys {int(new.number)}.x are registered already.")


def _write(path: Path, text: str, written: list[Path]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    written.append(path)


def new_notebook(new: NewNotebook) -> list[Path]:
    """Write every artefact of ``new`` into this repository; return the files written.

    Every text is composed before anything is written, so a refusal leaves the tree untouched.
    The tools that execute, measure and export are imported only once the new exercise module
    exists and ``MODULES`` names it, so :mod:`helpers.exercises` is first imported with it known.
    """
    _refuse_existing(new, ROOT)
    exercises = ROOT / "src" / "helpers" / "exercises"
    registry = exercises / "registry.py"
    guide = ROOT / "classroom" / "GUIDE.md"
    times = ROOT / "classroom" / "lesson_times.toml"
    texts = {
        exercises / f"{new.module}.py": exercise_module(new),
        exercises / "mistakes" / f"{new.module}.py": mistakes_module(new),
        registry: with_registration(registry.read_text(encoding="utf-8"), new),
        ROOT / "tests" / f"test_exercises_{new.module}.py": exercise_test(new),
        exercises / "quizzes" / f"{new.stem}.toml": quiz_toml(new),
        ROOT / "classroom" / "homework" / "teacher" / f"{new.stem}.md": homework_sheet(new),
        ROOT / "classroom" / "written" / f"{new.stem}.toml": written_bank(new),
        guide: with_guide_section(guide.read_text(encoding="utf-8"), new),
        times: with_lesson_time(times.read_text(encoding="utf-8"), new),
    }
    welcome = ROOT / "notebooks" / "00_welcome.ipynb"
    welcome_with_row = with_map_row(nbformat.read(welcome, as_version=4), new)
    written: list[Path] = []
    for path, text in texts.items():
        _write(path, text, written)
    nbformat.write(welcome_with_row, welcome)
    written.append(welcome)
    importlib.invalidate_caches()

    from tools import export_quizzes, homework, teacher_guide
    from tools.measure_notebooks import MEASUREMENTS, measure
    from tools.run_notebooks import execute_notebook
    from tools.student_edition import write_student_edition

    path = ROOT / "notebooks" / f"{new.stem}.ipynb"
    nbformat.write(notebook(new), path)
    print(f"Executing {path.relative_to(ROOT)} ...", flush=True)
    nbformat.write(execute_notebook(path), path)
    written.append(path)
    write_student_edition(ROOT / "notebooks", ROOT / "student")
    written.append(ROOT / "student" / path.name)
    export_quizzes.write_quizzes(export_quizzes.DEFAULT_DIR)
    written.append(export_quizzes.DEFAULT_DIR / f"{new.stem}.md")
    homework.write_student_editions()
    written.append(homework.HOMEWORK / "student" / f"{new.stem}.md")

    print(f"Measuring {path.relative_to(ROOT)} ...", flush=True)
    data = json.loads(MEASUREMENTS.read_text(encoding="utf-8"))
    measured = measure(path)
    data["notebooks"][new.stem] = measured
    data["notebooks"] = dict(sorted(data["notebooks"].items()))
    _write(MEASUREMENTS, json.dumps(data, indent=1) + "\n", written)
    whole = measured["core_s"] + sum(measured["deep_dives_s"].values())
    readme = ROOT / "README.md"
    row = readme_row(new, measured["core_s"], whole)
    _write(readme, with_readme_row(readme.read_text(encoding="utf-8"), row, new.number), written)
    _write(guide, teacher_guide.render(guide.read_text(encoding="utf-8")), written)
    return sorted(set(written))


USAGE = (
    'usage: python -m tools.scaffold notebook NN_slug "Title"\n'
    "A new exercise in an existing notebook is added by hand: CONTRIBUTING.md, 'A new exercise'."
)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tools.scaffold notebook NN_slug "Title"``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3 or args[0] != "notebook":
        print(USAGE, file=sys.stderr)
        return 2
    try:
        new = NewNotebook.parse(args[1], args[2])
        written = new_notebook(new)
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} files for notebook {new.stem}:")
    for path in written:
        print(f"  {path.relative_to(ROOT)}")
    print(
        f"Now replace every {PLACEHOLDER} (git grep -n '{PLACEHOLDER}'), write the notebook, "
        "then follow CONTRIBUTING.md, 'A new notebook' (re-execute, regenerate, re-measure)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
