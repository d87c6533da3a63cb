"""No stored course figure draws yellow on white (issue 26: yellow has 1.3:1 contrast on white).

Reads every plotly figure stored in notebooks/ and collects the colours its traces draw: explicit
colours (marker, line, text, fill) and, for a trace without one, the colour the template's
colorway gives it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.plots.style import OKABE_ITO

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
PLOTLY = "application/vnd.plotly.v1+json"
YELLOWS = {"#f0e442", "rgb(240,228,66)", "yellow", "#ffff00", "#ff0"}
COLOUR_KEYS = ("color", "fillcolor")


def normalise(colour: str) -> str:
    """Lower case, no spaces, rgba(...) reduced to rgb(...)."""
    colour = re.sub(r"\s+", "", colour.lower())
    match = re.fullmatch(r"rgba\((\d+),(\d+),(\d+),[\d.]+\)", colour)
    return f"rgb({match[1]},{match[2]},{match[3]})" if match else colour


def explicit_colours(node: object) -> Iterator[str]:
    """Every string under a ``color``/``fillcolor`` key (or a list of them) inside node."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in COLOUR_KEYS:
                values = value if isinstance(value, list) else [value]
                yield from (normalise(v) for v in values if isinstance(v, str))
            else:
                yield from explicit_colours(value)
    elif isinstance(node, list):
        for item in node:
            yield from explicit_colours(item)


def drawn_colours(figure: dict) -> set[str]:
    """The colours a stored plotly figure draws."""
    colorway = figure.get("layout", {}).get("template", {}).get("layout", {}).get("colorway", [])
    colours: set[str] = set()
    for i, trace in enumerate(figure.get("data", [])):
        own = set(explicit_colours(trace))
        colours |= own
        if not own and colorway:
            colours.add(normalise(colorway[i % len(colorway)]))
    return colours


def stored_figures() -> Iterator[tuple[str, int, dict]]:
    for path in NOTEBOOKS:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for index, cell in enumerate(notebook["cells"]):
            for output in cell.get("outputs", []):
                if PLOTLY in output.get("data", {}):
                    yield path.name, index, output["data"][PLOTLY]


def test_the_palette_has_no_yellow() -> None:
    assert not {normalise(c) for c in OKABE_ITO} & YELLOWS


def test_drawn_colours_are_found() -> None:
    """The collector sees explicit, list-valued, rgba and colorway colours (not a silent pass)."""
    figure = {
        "data": [
            {"marker": {"color": ["#F0E442", "#000000"]}},
            {"line": {"color": "rgba(240, 228, 66, 0.5)"}},
            {"type": "scatter"},
        ],
        "layout": {"template": {"layout": {"colorway": ["#0072B2", "#E69F00", "Yellow"]}}},
    }
    assert drawn_colours(figure) == {"#f0e442", "#000000", "rgb(240,228,66)", "yellow"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_stored_figure_draws_yellow(path: Path) -> None:
    found = [
        f"cell {index}"
        for name, index, figure in stored_figures()
        if name == path.name and drawn_colours(figure) & YELLOWS
    ]
    assert not found, f"{path.name} draws yellow on white in {', '.join(found)}; re-execute it."


def test_every_stored_figure_carries_the_course_toolbar_config():
    """JupyterLab draws a stored figure with its own config: without the course's, the toolbar
    offers plotly's logo link and "Share chart..." (online features) and extra Tab stops."""
    from helpers.plots.style import FIGURE_CONFIG

    wrong = [
        f"{path.name} cell {cell.get('id')}"
        for path in NOTEBOOKS
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
        for output in cell.get("outputs", [])
        if PLOTLY in output.get("data", {})
        and output["data"][PLOTLY].get("config") != FIGURE_CONFIG
    ]
    assert not wrong, f"figures stored without the course's config: {wrong}"
