"""Everything a contributor needs is in the repository, and the docs name only what exists.

- CONTRIBUTING.md has the checklists (a notebook, an exercise, a dataset, a dependency), the
  layers and the regeneration commands; docs/DESIGN.md has the design the tests cite;
- every repository path the docs name in backticks exists, every ``python -m tools.NAME`` is a
  tool, and every ``./course COMMAND`` is a command of course.py;
- no file cites the design notes that live outside the repository.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ["CONTRIBUTING.md", "docs/DESIGN.md", "README.md"]
TOP_LEVEL = {p.name for p in ROOT.iterdir()}
PATH = re.compile(r"`([A-Za-z0-9_./-]+)`")
OUTSIDE = ("COURSE_DESIGN", "TOOLING_NOTES", "content-brief", "STYLE.md", "/work/shared")


def test_contributing_has_the_checklists() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for heading in (
        "## Where each kind of change goes",
        "## Tests in layers",
        "## A new notebook",
        "## A new exercise",
        "## A dataset",
        "## A dependency",
        "## Regenerating what is generated",
    ):
        assert heading in text, heading
    for must in ("package-data", "data_sources", "LICENSE-CONTENT.md", "./course lock"):
        assert must in text, must


def test_the_design_has_what_the_tests_cite() -> None:
    text = (ROOT / "docs" / "DESIGN.md").read_text(encoding="utf-8")
    for heading in ("## A notebook's shape", "## Pacing", "## Exercises", "## Quality bars"):
        assert heading in text, heading
    for rule in ("2 000 words", "6 exercises", "60 s", "## Deep dive (optional)"):
        assert rule in text, rule


@pytest.mark.parametrize("doc", DOCS)
def test_named_paths_tools_and_commands_exist(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    for name in PATH.findall(text):
        top = name.split("/")[0]
        looks_like_a_path = ("/" in name and top in TOP_LEVEL) or name in TOP_LEVEL
        placeholder = any(part in name for part in ("NN", "<", "slug", "NAME", "..."))
        generated = name.startswith(("student/", "data/", ".venv", "screenshots", "build"))
        if looks_like_a_path and not placeholder and not generated:
            assert (ROOT / name.rstrip("/")).exists(), f"{doc} names {name}, which does not exist"
    for tool in re.findall(r"python -m tools\.([a-z_]+)", text):
        assert (ROOT / "tools" / f"{tool}.py").is_file(), f"{doc}: no tool {tool}"
    import course

    documented = set(re.findall(r"^    python course\.py (\w+)", course.__doc__ or "", re.M))
    for command in re.findall(r"\./course (\w+)", text):
        assert command in documented, f"{doc}: course.py has no command {command!r}"


def test_no_file_cites_notes_outside_the_repository() -> None:
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    this = Path(__file__).relative_to(ROOT).as_posix()
    for name in filter(None, files):
        path = ROOT / name
        if name == this or not path.is_file() or path.suffix not in {".py", ".md", ".toml", ".yml"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        cited = [outside for outside in OUTSIDE if outside in text]
        assert not cited, f"{name} cites {cited}, which is not in the repository"
