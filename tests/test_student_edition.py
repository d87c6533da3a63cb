"""The student edition: solutions stripped, committed copy in sync, and it runs top to bottom."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import nbformat
import pytest

from tools.notebook_core import core_notebook
from tools.run_notebooks import execute_notebook
from tools.student_edition import (
    STUB_MESSAGE,
    ChangedStudentNotebookError,
    strip_markdown_answers,
    strip_solutions,
    student_notebook,
    write_student_edition,
)
from tools.student_edition import main as student_main

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_strip_solutions_keeps_indentation_and_surrounding_code() -> None:
    source = (
        "def f(x):\n"
        '    """Doc."""\n'
        "    ### BEGIN SOLUTION\n"
        "    y = x * 2\n"
        "    return y\n"
        "    ### END SOLUTION\n"
        "\n"
        "print(f)\n"
    )
    assert strip_solutions(source) == (
        "def f(x):\n"
        '    """Doc."""\n'
        "    # YOUR CODE HERE\n"
        f'    raise NotImplementedError("{STUB_MESSAGE}")\n'
        "\n"
        "print(f)\n"
    )


def test_strip_solutions_handles_several_regions_and_end_of_cell() -> None:
    source = "### BEGIN SOLUTION\na = 1\n### END SOLUTION\nb = 2\n### BEGIN SOLUTION\nc = 3\n### END SOLUTION"
    stripped = strip_solutions(source)
    assert stripped.count("raise NotImplementedError") == 2
    assert "a = 1" not in stripped and "c = 3" not in stripped and "b = 2" in stripped


def test_unbalanced_markers_are_an_error() -> None:
    with pytest.raises(ValueError, match="unbalanced"):
        strip_solutions("### BEGIN SOLUTION\nx = 1\n")


def test_markdown_answers_are_hidden() -> None:
    assert strip_markdown_answers("A <!-- BEGIN SOLUTION -->secret<!-- END SOLUTION --> B") == (
        "A *Your answer here.* B"
    )


def test_student_notebook_drops_outputs_and_does_not_change_the_original() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n")]
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    nb.cells[0].execution_count = 3
    nb.metadata["widgets"] = {"state": {}}
    student = student_notebook(nb)
    assert student.cells[0].outputs == [] and student.cells[0].execution_count is None
    assert "widgets" not in student.metadata
    assert nb.cells[0].outputs and "x = 1" in nb.cells[0].source


def test_every_solution_notebook_has_balanced_markers_only_in_code_cells() -> None:
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            begins = cell.source.count("### BEGIN SOLUTION")
            assert begins == cell.source.count("### END SOLUTION"), path.name
            if cell.cell_type != "code":
                assert begins == 0, f"{path.name}: solution markers in a {cell.cell_type} cell"


def test_committed_student_edition_is_in_sync(tmp_path: Path) -> None:
    write_student_edition(ROOT / "notebooks", tmp_path)
    committed = sorted(p.name for p in (ROOT / "student").glob("*.ipynb"))
    assert committed == [p.name for p in NOTEBOOKS], "run ./course student and commit student/"
    for path in NOTEBOOKS:
        fresh = json.loads((tmp_path / path.name).read_text())
        stored = json.loads((ROOT / "student" / path.name).read_text())
        assert stored == fresh, f"student/{path.name} is stale: run ./course student and commit it"


def output_text(nb: nbformat.NotebookNode) -> str:
    """Everything the code cells printed or displayed as plain text (verdicts are displays)."""
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            parts.append(output.get("text", ""))
            plain = output.get("data", {}).get("text/plain", "")
            parts.append("".join(plain) if isinstance(plain, list) else plain)
    return "\n".join(parts)


@pytest.mark.student
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_student_core_runs_top_to_bottom_without_the_deep_dives(path: Path, tmp_path: Path) -> None:
    """The student edition's core (deep dives deleted) runs: the core needs nothing from them.

    The solution edition, deep dives included, is executed by strict nbval.

    Every check cell runs twice in a row, as a learner who runs it again without running the
    definition cell does: the second run must never grade what the first handed back.
    """
    core = with_check_cells_twice(
        core_notebook(student_notebook(nbformat.read(path, as_version=4)))
    )
    target = tmp_path / path.name
    nbformat.write(core, target)
    start = time.perf_counter()
    executed = execute_notebook(target)  # raises CellExecutionError on any error
    print(f"{path.name}: core executed in {time.perf_counter() - start:.1f} s")
    text = output_text(executed)
    checks = sum(c.source.count("check_exercise(") for c in core.cells if c.cell_type == "code")
    assert text.count("⏳ Exercise") >= checks, "each check says 'not done yet', twice"
    assert "✅" not in text and "❌" not in text


def with_check_cells_twice(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``nb`` with a copy of every check cell right after it (run twice in a row)."""
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if cell.cell_type == "code" and "check_exercise(" in cell.source:
            twin = nbformat.v4.new_code_cell(cell.source)
            cells.append(twin)
    nb.cells = cells
    return nb


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_solution_edition_passes_every_check(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    text = output_text(nb)
    assert "❌" not in text and "⏳" not in text
    checks = sum(c.source.count("check_exercise(") for c in nb.cells if c.cell_type == "code")
    assert text.count("✅ Exercise") >= checks, f"{path.name}: a check did not pass"
    if any("### BEGIN SOLUTION" in c.source for c in nb.cells):
        assert re.search(r"✅ Exercise", text), f"{path.name}: no passing check in stored outputs"


@pytest.mark.student
def test_a_wrong_answer_gets_a_failing_verdict_with_its_hint(tmp_path: Path) -> None:
    """Notebook 00's warm-up, answered with the classic mistake (no square root)."""
    nb = nbformat.read(ROOT / "notebooks/00_welcome.ipynb", as_version=4)
    for cell in nb.cells:
        if "### BEGIN SOLUTION" in cell.source:
            cell.source = re.sub(
                r"### BEGIN SOLUTION.*### END SOLUTION",
                "return float(np.sum(v * v))",
                cell.source,
                flags=re.DOTALL,
            )
    target = tmp_path / "00_wrong.ipynb"
    nbformat.write(with_check_cells_twice(nb), target)
    executed = execute_notebook(target)
    text = output_text(executed)
    assert "❌ Exercise 0.1 vector_length is not right yet" in text
    assert "That is the squared length" in text
    assert "✅" not in text  # the check cell's second run does not grade the reference
    assert "run the cell that defines `vector_length` again" in text
    assert "length of [3, 4] = 5.0" in text  # the notebook went on with the reference


# ---- the generator keeps a learner's work and the solutions safe ----------------------------


def _solution_folder(
    tmp_path: Path,
    source: str = "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n",
) -> Path:
    folder = tmp_path / "solutions"
    folder.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    nbformat.write(nb, folder / "01_a.ipynb")
    return folder


def test_generator_refuses_to_write_into_the_solution_folder(tmp_path: Path) -> None:
    folder = _solution_folder(tmp_path)
    with pytest.raises(ValueError, match="cannot be written into"):
        write_student_edition(folder, folder)
    assert "return 1" in (folder / "01_a.ipynb").read_text()


def test_generator_fails_on_markers_out_of_order_and_writes_nothing(tmp_path: Path) -> None:
    folder = _solution_folder(tmp_path, "### END SOLUTION\nx = 1\n### BEGIN SOLUTION\n")
    target = tmp_path / "student"
    with pytest.raises(ValueError, match="out of order"):
        write_student_edition(folder, target)
    assert not target.exists()


def test_generator_removes_only_what_it_generated(tmp_path: Path) -> None:
    folder = _solution_folder(tmp_path)
    target = tmp_path / "student"
    target.mkdir()
    mine = target / "my_notes.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), mine)
    nbformat.write(nbformat.v4.new_notebook(), folder / "02_b.ipynb")
    write_student_edition(folder, target)
    (folder / "02_b.ipynb").unlink()
    write_student_edition(folder, target)
    assert mine.exists(), "a notebook the generator did not write is never removed"
    assert not (target / "02_b.ipynb").exists(), "its own stale output is removed"


def test_generator_never_overwrites_a_changed_student_notebook_without_force(
    tmp_path: Path,
) -> None:
    folder = _solution_folder(tmp_path)
    target = tmp_path / "student"
    write_student_edition(folder, target)
    work = target / "01_a.ipynb"
    nb = nbformat.read(work, 4)
    nb.cells[0].source = "def f():\n    return 1  # my answer\n"
    nbformat.write(nb, work)
    with pytest.raises(ChangedStudentNotebookError, match="--force"):
        write_student_edition(folder, target)
    assert "my answer" in work.read_text()
    write_student_edition(folder, target, force=True)
    assert "my answer" not in work.read_text()


# ---- issue 29 §4: a near-miss solution marker is refused, not leaked ----------------------


@pytest.mark.parametrize(
    ("cell", "where"),
    [
        (nbformat.v4.new_code_cell("## BEGIN SOLUTION\nx = 42\n## END SOLUTION\n"), "code cell"),
        (nbformat.v4.new_code_cell("###BEGIN SOLUTION\nx = 42\n###END SOLUTION\n"), "code cell"),
        (nbformat.v4.new_code_cell("### begin solution\nx = 42\n### end solution\n"), "code cell"),
        (nbformat.v4.new_markdown_cell("<!-- BEGIN SOLUTION>42<!-- END SOLUTION -->"), "Markdown"),
        (
            nbformat.v4.new_markdown_cell("<!-- begin solution -->42<!-- end solution -->"),
            "Markdown",
        ),
        (
            nbformat.v4.new_code_cell("x = None", metadata={"answer": "### BEGIN SOLUTION x = 42"}),
            "metadata",
        ),
    ],
)
def test_near_miss_markers_are_refused_and_nothing_is_written(
    tmp_path: Path, cell: nbformat.NotebookNode, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "solutions"
    folder.mkdir()
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), folder / "01_a.ipynb")
    target = tmp_path / "student"
    assert student_main([str(folder), str(target)]) == 1
    message = capsys.readouterr().err.strip()
    assert "looks like a solution marker but is not one" in message and where in message
    assert "\n" not in message
    assert not target.exists()


def test_nbgrader_metadata_and_real_markers_still_pass() -> None:
    cell = nbformat.v4.new_code_cell(
        "### BEGIN SOLUTION\nx = 42\n### END SOLUTION\n",
        metadata={"nbgrader": {"solution": True, "grade": False, "grade_id": "a"}},
    )
    student = student_notebook(nbformat.v4.new_notebook(cells=[cell]))
    assert "42" not in student.cells[0].source
