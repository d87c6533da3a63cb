"""Every project starter runs offline from a fresh kernel (slow layer; about 40 s in all)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.run_notebooks import execute_notebook

ROOT = Path(__file__).resolve().parent.parent
STARTERS = sorted((ROOT / "classroom" / "projects").glob("*.ipynb"))


def test_there_are_at_least_four_briefs_with_starters() -> None:
    readme = (ROOT / "classroom" / "projects" / "README.md").read_text(encoding="utf-8")
    assert len(STARTERS) >= 4
    for path in STARTERS:
        assert f"`{path.name}`" in readme, (
            f"{path.name} has no brief in classroom/projects/README.md"
        )


@pytest.mark.slow
@pytest.mark.parametrize("path", STARTERS, ids=[p.stem for p in STARTERS])
def test_starter_runs_top_to_bottom(path: Path) -> None:
    notebook = execute_notebook(path, timeout=60)
    assert all(
        o.get("output_type") != "error" for c in notebook.cells for o in c.get("outputs", [])
    )
