"""README's table of notebooks: measured run times; the planned learner's times everywhere.

The learner's times (classroom/lesson_times.toml) are quoted by README, notebook 00's map, each
notebook's opening and the teacher guide: every one of them must say what that file says.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(r"^\| (\d\d) \| [^|]+ \| [^|]+ \| [^|]+ \| (\d+) s / (\d+) s \|$", re.M)


def test_readme_run_times_are_the_measured_ones() -> None:
    rows = {
        nb: (int(core), int(whole))
        for nb, core, whole in ROW.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    }
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(rows) == [name[:2] for name in notebooks], "one README row per notebook"
    measured = json.loads((ROOT / "classroom" / "measurements.json").read_text())["notebooks"]
    for name in notebooks:
        m = measured[name]
        whole = m["core_s"] + sum(m["deep_dives_s"].values())
        half_up = (int(m["core_s"] + 0.5), int(whole + 0.5))
        assert rows[name[:2]] == half_up, (
            f"README's run times for {name} differ from classroom/measurements.json"
        )


# ---- the learner's times: one source (classroom/lesson_times.toml) for every place that quotes them

TIMES = ROOT / "classroom" / "lesson_times.toml"
TIME_COLUMN = re.compile(r"^\| (\d\d) \| .*\| (\d+ min[^|]*) \|(?: [^|]+ \|)?$", re.M)


def lesson_times() -> dict[str, dict[str, int]]:
    notebooks: dict[str, dict[str, int]] = tomllib.loads(TIMES.read_text(encoding="utf-8"))[
        "notebooks"
    ]
    return notebooks


def notebook_markdown(name: str) -> list[str]:
    cells = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def check_time_cell(where: str, number: str, cell: str, times: dict[str, int]) -> None:
    assert cell.startswith(f"{times['core']} min"), f"{where}, row {number}: {cell!r}"
    if "deep_dives" in times:
        assert f"(+ {times['deep_dives']})" in cell, f"{where}, row {number}: {cell!r}"
    else:
        assert "(+" not in cell, f"{where}, row {number}: {cell!r}"


def test_every_notebook_has_a_lesson_time() -> None:
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(lesson_times()) == notebooks


def test_readme_and_the_map_in_00_give_the_lesson_times() -> None:
    by_number = {name[:2]: t for name, t in lesson_times().items()}
    readme = dict(TIME_COLUMN.findall((ROOT / "README.md").read_text(encoding="utf-8")))
    (course_map,) = [md for md in notebook_markdown("00_welcome") if md.startswith("## The map")]
    in_00 = dict(TIME_COLUMN.findall(course_map))
    for where, rows in (("README.md", readme), ("notebook 00's map", in_00)):
        assert sorted(rows) == sorted(by_number), where
        for number, cell in rows.items():
            check_time_cell(where, number, cell.strip(), by_number[number])


def test_each_notebook_opening_gives_its_lesson_time() -> None:
    for name, times in lesson_times().items():
        (opening,) = [md for md in notebook_markdown(name) if "**Time**" in md]
        paragraph = opening[opening.index("**Time**") :].split("\n\n")[0].replace("\n", " ")
        core = times["core"]
        assert f"{core} minutes" in paragraph or f"{core}-minute" in paragraph, name
        if "deep_dives" in times:
            assert f"{times['deep_dives']} minutes" in paragraph, name


def test_the_teacher_guide_gives_the_lesson_times() -> None:
    guide = (ROOT / "classroom" / "GUIDE.md").read_text(encoding="utf-8")
    session = tomllib.loads(TIMES.read_text(encoding="utf-8"))["session_minutes"]
    assert f"one {session}-minute lab session" in guide
    assert not re.search(r"Sessions are \d+ minutes", guide)
    for name, times in lesson_times().items():
        section = guide.split(f"(`notebooks/{name}.ipynb`)", 1)[1].split("\n### ", 1)[0]
        paragraph = section.split("**Core and deep dives.**", 1)[1].split("\n\n")[0]
        paragraph = paragraph.replace("\n", " ")
        core = times["core"]
        assert f"{core} minutes" in paragraph or f"{core}-minute" in paragraph, name
        if "deep_dives" in times:
            assert f"{times['deep_dives']} minutes" in paragraph, name


def test_run_times_the_guide_quotes_are_the_notebooks_words() -> None:
    """The guide's "heavy cells" sentence quotes each notebook: every quote is in that notebook."""
    guide = (ROOT / "classroom" / "GUIDE.md").read_text(encoding="utf-8")
    sentence = guide.split("heavy cells are named in the notebooks", 1)[1].split(": start", 1)[0]
    names = {name[:2]: name for name in lesson_times()}
    number, quotes = "", 0
    for part in re.split(r'("[^"]+")', sentence.replace("\n  ", " ")):
        if part.startswith('"'):
            text = " ".join(notebook_markdown(names[number])).replace("\n", " ")
            assert part.strip('"') in text, f"{part} is not in notebook {number}"
            quotes += 1
        elif found := re.findall(r"\b(\d\d) ", part):
            number = found[-1]
    assert quotes >= 3


def test_readme_states_the_core_word_limit_the_structure_test_applies() -> None:
    structure_test = (ROOT / "tests" / "test_notebook_structure.py").read_text(encoding="utf-8")
    found = re.search(r"^CORE_WORDS = ([\d_]+)", structure_test, re.M)
    assert found, "tests/test_notebook_structure.py no longer defines CORE_WORDS"
    core_words = int(found[1])
    readme = (ROOT / "README.md").read_text(encoding="utf-8").replace("\n  ", " ")
    assert f"at most {core_words:,} words of prose".replace(",", " ") in readme
    measured = json.loads((ROOT / "classroom" / "measurements.json").read_text())["notebooks"]
    assert max(m["core_words"] for m in measured.values()) <= core_words
