"""Exercises are numbered in the order a learner meets them (issue 22 §4): in every notebook the
exercise headings count up from N.1 without gaps, and the check cells after each heading check
that exercise."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers.exercises import EXERCISES

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
HEADING = re.compile(r"^#+ .*?[Ee]xercise (\d+\.\d+)\b", re.MULTILINE)
CHECK = re.compile(r"""check_exercise\(\s*["'](\d+\.\d+)["']""")


def headings_and_checks(path: Path) -> list[tuple[str, str]]:
    """``("heading" | "check", key)`` in the order of the notebook's cells."""
    found = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            found += [("heading", key) for key in HEADING.findall(source)]
        elif cell["cell_type"] == "code":
            found += [("check", key) for key in CHECK.findall(source)]
    return found


def test_the_pattern_reads_both_heading_styles() -> None:
    cell = "### Exercise 7.1 · Learning BPE merges\n\ntext\n### Warm-up exercise 0.1: the length"
    assert HEADING.findall(cell) == ["7.1", "0.1"]
    assert HEADING.findall("See exercise 1.2 above.") == []  # prose is not a heading


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_exercise_headings_count_up_and_match_their_check_cells(path: Path) -> None:
    found = headings_and_checks(path)
    headings = [key for kind, key in found if kind == "heading"]
    number = str(int(path.name[:2]))
    assert headings == [f"{number}.{i}" for i in range(1, len(headings) + 1)], headings
    assert set(headings) == {key for key in EXERCISES if key.split(".")[0] == number}
    current = None
    for kind, key in found:
        if kind == "heading":
            current = key
        else:  # every check cell checks the exercise of the heading above it
            assert key == current, (
                f"check_exercise({key!r}) under the heading of exercise {current}"
            )
