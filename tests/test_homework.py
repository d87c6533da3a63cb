"""Homework sheets: one per notebook, points that add up, a model answer and rubric per task, in sync."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from tools import homework

ROOT = Path(__file__).resolve().parent.parent
TEACHER = sorted((ROOT / "classroom" / "homework" / "teacher").glob("*.md"))
BLOCK = re.compile(r"<!-- BEGIN SOLUTION -->(.*?)<!-- END SOLUTION -->", re.S)


def test_every_notebook_has_a_homework_sheet() -> None:
    slugs = {p.stem.split("_", 1)[1] for p in TEACHER}
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        assert notebook.stem.split("_", 1)[1] in slugs, f"no homework for {notebook.name}"


@pytest.mark.parametrize("path", TEACHER, ids=[p.stem for p in TEACHER])
def test_points_answers_and_rubrics_add_up(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    total = int(re.match(r"# Homework \d\d · .+ \((\d+) points\)\n", text).group(1))
    tasks = re.split(r"\n(?=## Task )", text)[1:]
    assert len(tasks) >= 2
    kinds = " ".join(t.splitlines()[0] for t in tasks)
    assert "Analysis" in kinds and ("Derivation" in kinds or "Written" in kinds)
    assert (
        sum(int(re.search(r"\((\d+) points\)", t.splitlines()[0]).group(1)) for t in tasks) == total
    )
    for task in tasks:
        points = int(re.search(r"\((\d+) points\)", task.splitlines()[0]).group(1))
        blocks = BLOCK.findall(task)
        assert len(blocks) == 1, f"one answer block per task: {task.splitlines()[0]}"
        assert "**Model answer.**" in blocks[0]
        assert f"**Rubric ({points} points).**" in blocks[0]
        rubric = blocks[0].split("**Rubric", 1)[1]
        criteria = [int(n) for n in re.findall(r"^- (\d+) points?:", rubric, re.M)]
        assert sum(criteria) == points, f"rubric of {task.splitlines()[0]} adds to {sum(criteria)}"


@pytest.mark.parametrize("path", TEACHER, ids=[p.stem for p in TEACHER])
def test_named_helpers_exist(path: Path) -> None:
    for dotted in set(re.findall(r"`(helpers(?:\.\w+)+)", path.read_text(encoding="utf-8"))):
        try:
            importlib.import_module(dotted)
        except ModuleNotFoundError:
            module, _, name = dotted.rpartition(".")
            assert hasattr(importlib.import_module(module), name), f"{dotted} does not exist"


def test_student_edition_is_in_sync_and_has_no_answers() -> None:
    folder = ROOT / "classroom" / "homework" / "student"
    expected = homework.student_editions()
    assert {p.name for p in folder.glob("*.md")} == set(expected), "run: python -m tools.homework"
    for name, text in expected.items():
        written = (folder / name).read_text(encoding="utf-8")
        assert written == text, (
            f"classroom/homework/student/{name} is stale: run python -m tools.homework"
        )
        assert "Model answer" not in written and "Rubric" not in written
