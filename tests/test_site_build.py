"""Unit tests of the website build's staging (tools/build_site.py); the built site itself is
tested in a browser by tests/test_site.py."""

from __future__ import annotations

import doctest
import html.parser
import json

import nbformat

from tools import build_site


def test_doctests() -> None:
    failures, _ = doctest.testmod(build_site, optionflags=doctest.ELLIPSIS)
    assert failures == 0


class ScriptText(html.parser.HTMLParser):
    """Collects the text of <script> elements as a browser's HTML parser splits them."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = tag == "script"
        if self.inside:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.scripts[-1] += data


def test_figure_json_survives_html_parsing() -> None:
    """A label that looks like HTML cannot end the script early; the JSON reads back equal."""
    figure = {
        "data": [{"type": "scatter", "x": [1, 2], "text": ["</script><b>x</b>", "a<!--b"]}],
        "layout": {"title": {"text": "<i>king</i> − man + woman"}},
    }
    parser = ScriptText()
    parser.feed(build_site.figure_html(figure))
    assert len(parser.scripts) == 1
    assert json.loads(parser.scripts[0]) == figure


def test_prepare_replaces_every_figure_and_folds_solutions() -> None:
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell(
        "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION"
    )
    plot = nbformat.v4.new_code_cell("fig")
    plot.outputs = [
        nbformat.v4.new_output("display_data", {build_site.PLOTLY_MIME: {"data": [], "layout": {}}})
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 · T"), code, plot]
    assert build_site.prepare(nb, "01_t.ipynb") == {"figures": 1, "solutions": 1}
    assert "Run this page yourself" in nb.cells[1].source
    assert build_site.PLOTLY_MIME not in nb.cells[3].outputs[0].data
    assert nb.cells[2].metadata.mystnb["code_prompt_show"] == "Show the solution"
