"""Issue 29 §4: rebuilding a classroom folder never overwrites a teacher's edits without --force."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tools import nbgrader_course


@pytest.fixture
def quick_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A notebooks folder with one notebook, and a stand-in for the (slow, executing) conversion."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(nbformat.v4.new_notebook(), notebooks / "01_a.ipynb")

    def build_assignment(path: Path, course: Path) -> list[nbgrader_course.Exercise]:
        target = course / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("the classroom edition\n")
        return []

    monkeypatch.setattr(nbgrader_course, "build_assignment", build_assignment)
    monkeypatch.setattr(nbgrader_course, "__file__", str(tmp_path / "tools" / "x.py"))
    return tmp_path


def test_an_untouched_folder_is_rebuilt(quick_build: Path) -> None:
    course = quick_build / "course"
    assert nbgrader_course.main([str(course), "--no-generate"]) == 0
    assert nbgrader_course.main([str(course), "--no-generate"]) == 0
    assert (course / "source" / "01_a" / "01_a.ipynb").read_text() == "the classroom edition\n"


@pytest.mark.parametrize("edited", ["nbgrader_config.py", "source/01_a/01_a.ipynb"])
def test_an_edited_file_is_kept_unless_forced(
    quick_build: Path, edited: str, capsys: pytest.CaptureFixture[str]
) -> None:
    course = quick_build / "course"
    assert nbgrader_course.main([str(course), "--no-generate"]) == 0
    (course / edited).write_text("# the teacher's edit\n")
    capsys.readouterr()
    assert nbgrader_course.main([str(course), "--no-generate"]) == 1
    message = capsys.readouterr().err.strip()
    assert message == (
        f"{course / edited} changed since this course folder was built (your edits?): copy them "
        "elsewhere, build into a new folder, or run again with --force to overwrite them."
    )
    assert (course / edited).read_text() == "# the teacher's edit\n"  # nothing was written
    assert nbgrader_course.main([str(course), "--no-generate", "--force"]) == 0
    assert (course / edited).read_text() != "# the teacher's edit\n"
    assert nbgrader_course.main([str(course), "--no-generate"]) == 0  # ours again


def test_files_from_before_the_manifest_are_not_overwritten(quick_build: Path) -> None:
    course = quick_build / "course"
    course.mkdir()
    (course / "nbgrader_config.py").write_text("# a teacher's own config\n")
    assert nbgrader_course.main([str(course), "--no-generate"]) == 1
    assert (course / "nbgrader_config.py").read_text() == "# a teacher's own config\n"
