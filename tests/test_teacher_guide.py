"""The teacher guide (classroom/GUIDE.md): in sync with its generator, true to the notebooks.

- its generated parts (the measured table, the wrong answers each notebook's checks diagnose) are
  what ``tools/teacher_guide.py`` writes today;
- every notebook in notebooks/ has a section;
- every deep dive the guide names (``**Deep dive (optional): title**`` in a notebook's section,
  ``NN: *title*`` in the paths through the course) is a deep dive of that notebook, and every deep
  dive of a notebook is named in its section;
- every section the guide names (``§ *title*``) is a heading of that notebook (outside the
  notebook sections: of some notebook).
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from pathlib import Path

import nbformat
import pytest

from tools.notebook_core import DEEP_DIVE, is_deep_dive_start
from tools.teacher_guide import render

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "classroom" / "GUIDE.md"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
NUMBERS = [path.name[:2] for path in NOTEBOOKS]

NOTEBOOK_HEADING = re.compile(r"^### (\d\d) · .*$", re.MULTILINE)
NAMED_DEEP_DIVE = re.compile(re.escape(f"**{DEEP_DIVE.lstrip('# ')}:") + r" (.+?)\*\*")
PATH_DEEP_DIVE = re.compile(r"\b(\d\d): \*([^*\n]+)\*")
NAMED_SECTION = re.compile(r"§ \*([^*\n]+)\*")


def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def notebook_sections(text: str) -> dict[str, str]:
    """Notebook number → the guide's text about it (from its ``### NN ·`` heading to the next)."""
    sections: dict[str, str] = {}
    for match in NOTEBOOK_HEADING.finditer(text):
        rest = text[match.end() :]
        end = re.search(r"^##", rest, re.MULTILINE)
        sections[match[1]] = match[0] + (rest[: end.start()] if end else rest)
    return sections


@cache
def headings(number: str) -> frozenset[str]:
    """Every Markdown heading of notebook ``number``, without its ``#`` marks."""
    path = next(p for p in NOTEBOOKS if p.name.startswith(number))
    found = set()
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    found.add(line.lstrip("#").strip())
    return frozenset(found)


@cache
def deep_dives(number: str) -> frozenset[str]:
    """The titles of notebook ``number``'s deep dives (the text after ``Deep dive (optional):``)."""
    path = next(p for p in NOTEBOOKS if p.name.startswith(number))
    return frozenset(
        cell.source.lstrip().splitlines()[0].split(":", 1)[1].strip()
        for cell in nbformat.read(path, as_version=4).cells
        if is_deep_dive_start(cell)
    )


def test_guide_is_in_sync_with_its_generator() -> None:
    text = guide_text()
    changed = list(
        difflib.unified_diff(
            text.splitlines(), render(text).splitlines(), "GUIDE.md", "rendered", n=0, lineterm=""
        )
    )
    # only the lines that differ, so that a failure says which row changed (not the whole guide)
    changes = "\n".join(changed[:60])
    assert not changed, f"run python -m tools.teacher_guide; it would change:\n{changes}"


def test_every_notebook_has_a_section() -> None:
    text = guide_text()
    sections = notebook_sections(text)
    for path in NOTEBOOKS:
        number = path.name[:2]
        assert number in sections, f"classroom/GUIDE.md has no '### {number} · …' for {path.name}"
        section = sections[number]
        assert f"`notebooks/{path.name}`" in section, f"the {number} section names another file"
        for marker in (f"<!-- BEGIN DIAGNOSED {number} -->", f"<!-- END DIAGNOSED {number} -->"):
            assert marker in section, f"the {number} section lacks {marker}"
    assert "<!-- BEGIN MEASURED -->" in text and "<!-- END MEASURED -->" in text
    assert set(sections) <= set(NUMBERS), "the guide has a section for a notebook that is gone"


@pytest.mark.parametrize("number", NUMBERS)
def test_named_deep_dives_are_the_notebooks_deep_dives(number: str) -> None:
    section = notebook_sections(guide_text()).get(number, "")
    named = set(NAMED_DEEP_DIVE.findall(section))
    unknown = named - deep_dives(number)
    assert not unknown, f"notebook {number} has no deep dive {sorted(unknown)}"
    missing = deep_dives(number) - named
    assert not missing, (
        f"the guide's section {number} does not name the deep dive(s) {sorted(missing)}"
    )


def test_deep_dives_named_in_the_paths_exist() -> None:
    text = guide_text()
    paths = text.split("## Paths through the course", 1)[1].split("\n## ", 1)[0]
    named = PATH_DEEP_DIVE.findall(paths)
    assert named, "the paths through the course name no deep dive as 'NN: *title*'"
    for number, title in named:
        assert number in NUMBERS and title in deep_dives(number), (
            f"the paths name '{number}: *{title}*', which is not a deep dive of notebook {number}"
        )


def test_named_sections_exist() -> None:
    text = guide_text()
    sections = notebook_sections(text)
    for number, section in sections.items():
        for title in NAMED_SECTION.findall(section):
            assert title in headings(number), f"notebook {number} has no section '{title}'"
    outside = NOTEBOOK_HEADING.split(text)[0] + text.split("## Quizzes, homework and projects")[-1]
    every_heading = set().union(*(headings(n) for n in NUMBERS))
    for title in NAMED_SECTION.findall(outside):
        assert title in every_heading, f"no notebook has a section '{title}'"
