"""Stored text outputs fit in 100 characters a line, so they never wrap mid-word (issue 26).

Covers ``stream`` outputs and ``text/plain`` of results without a richer form (a DataFrame's HTML
or a figure's JSON is what the learner sees, not its text/plain fallback). A long line is
shortened where it is printed (a line break, ``textwrap.fill``, ``pprint(..., compact=True)``),
not by CSS.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
WIDTH = 100
RICH = ("text/html", "application/vnd.plotly.v1+json", "application/vnd.jupyter.widget-view+json")


def text_lines(output: dict) -> Iterator[str]:
    """The lines of plain text a stored output shows."""
    if output.get("output_type") == "stream":
        yield from "".join(output["text"]).splitlines()
    data = output.get("data", {})
    if "text/plain" in data and not any(kind in data for kind in RICH):
        yield from "".join(data["text/plain"]).splitlines()


def long_lines(path: Path) -> list[str]:
    """Cell number and start of every stored text line over WIDTH characters in a notebook."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [
        f"cell {index}: {line[:60]}…"
        for index, cell in enumerate(notebook["cells"])
        for output in cell.get("outputs", [])
        for line in text_lines(output)
        if len(line) > WIDTH
    ]


def test_text_lines_are_found() -> None:
    """Streams and bare text/plain count; text/plain beside HTML does not (not a silent pass)."""
    long = "x" * (WIDTH + 1)
    outputs = [
        {"output_type": "stream", "text": ["ok\n", long + "\n"]},
        {"output_type": "execute_result", "data": {"text/plain": [long]}},
        {"output_type": "execute_result", "data": {"text/plain": [long], "text/html": ["<p>"]}},
    ]
    assert [len(line) for o in outputs for line in text_lines(o)] == [2, WIDTH + 1, WIDTH + 1]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_text_fits_in_100_characters(path: Path) -> None:
    found = long_lines(path)
    assert not found, (
        f"{path.name} prints {len(found)} lines over {WIDTH} characters; "
        "wrap them where they are printed, e.g. with textwrap.fill: " + "; ".join(found)
    )
