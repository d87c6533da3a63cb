"""A learner's own helpers.py (or helpers/ folder) next to the notebooks is named, not puzzled over.

Each case runs a fresh Python in a temporary folder, as a notebook kernel would run in the
notebooks' folder: the folder is first on sys.path, so its helpers.py hides the course's package.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FIRST_CELL = "import embeddings_course\nfrom helpers import setup\nrng = setup(seed=0)\nprint('ok')"


def run_first_cell(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", FIRST_CELL], cwd=folder, capture_output=True, text=True, timeout=120
    )


def test_a_helpers_file_next_to_the_notebook_is_named(tmp_path: Path) -> None:
    (tmp_path / "helpers.py").write_text("def my_function():\n    return 1\n")
    run = run_first_cell(tmp_path)
    assert run.returncode != 0
    last = run.stderr.strip().splitlines()[-1]
    assert last == (
        f"embeddings_course.HiddenHelpersError: A file helpers.py in {tmp_path} hides the "
        "course's helpers package: rename it (e.g. my_helpers.py) and restart the kernel."
    )


def test_a_helpers_folder_next_to_the_notebook_is_named(tmp_path: Path) -> None:
    (tmp_path / "helpers").mkdir()
    (tmp_path / "helpers" / "__init__.py").write_text("")
    run = run_first_cell(tmp_path)
    assert run.returncode != 0
    assert (
        run.stderr.strip()
        .splitlines()[-1]
        .endswith(
            f"A folder helpers/ in {tmp_path} hides the course's helpers package: rename it "
            "(e.g. my_helpers/) and restart the kernel."
        )
    )


def test_without_a_shadow_the_first_cell_runs(tmp_path: Path) -> None:
    (tmp_path / "my_helpers.py").write_text("x = 1\n")
    run = run_first_cell(tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"


def test_setup_checks_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import embeddings_course
    from helpers import setup

    (tmp_path / "helpers.py").write_text("")
    monkeypatch.setattr(
        embeddings_course, "_shadow", lambda origin, locations: tmp_path / "helpers.py"
    )
    with pytest.raises(embeddings_course.HiddenHelpersError, match=r"A file helpers\.py in"):
        setup(seed=0)


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_every_notebook_runs_the_check_before_importing_helpers(path: Path) -> None:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    first = next("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "import embeddings_course" in first
    assert first.index("import embeddings_course") < first.index("from helpers")
