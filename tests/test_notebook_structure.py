"""Every notebook follows the course's fixed shape (COURSE_DESIGN.md, quality bars)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = [
    "00_welcome",
    "01_one_hot",
    "02_cooccurrence",
    "03_projection",
    "04_word2vec",
    "05_geometry",
    "06_analogies",
    "07_embeddings_in_llms",
    "08_language_model",
    "09_beyond_words",
]


def markdown(nb: nbformat.NotebookNode) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_the_learning_arc_is_complete_and_numbered() -> None:
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_opening_and_closing_sections(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    opening = nb.cells[0].source
    assert nb.cells[0].cell_type == "markdown" and opening.startswith("# ")
    for heading in ("What you'll learn", "What you need", "Time"):
        assert heading in opening, f"{path.name}: the first cell lacks '{heading}'"
    text = markdown(nb)
    assert "Summary" in text and "Check your understanding" in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_first_code_cell_calls_setup_and_imports_are_clean(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "setup(" in code[0].source, f"{path.name}: the first code cell must call setup()"
    everything = "\n".join(c.source for c in code)
    assert "sys.path" not in everything, "import helpers as an installed package"
    assert not re.search(r"https?://", everything), "notebooks must not fetch anything"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_stored_outputs_are_complete_and_light(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    assert "widgets" not in nb.metadata, "run ./course execute: widget state must not be stored"
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.strip():
            assert cell.execution_count is not None, f"{path.name}: a code cell was never run"
            assert "execution" not in cell.metadata, "timing metadata must not be stored"
            for output in cell.outputs:
                assert output.output_type != "error" or "raises-exception" in cell.metadata.get(
                    "tags", []
                ), f"{path.name}: unexpected error output"
    assert path.stat().st_size < 2_000_000, f"{path.name} is over 2 MB"
