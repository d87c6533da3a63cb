"""Tests for helpers.plots.tables: HTML tables that wrap only between words, and heatmaps."""

from __future__ import annotations

import html.parser

import numpy as np
import pandas as pd
import pytest

from helpers.plots.tables import heatmap_figure, html_table, widget_table


class _Cells(html.parser.HTMLParser):
    """Collect the text of every <th> and <td>, independently of how html_table builds them."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, str]] = []
        self.styles: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("th", "td"):
            self._open = tag
            self.cells.append((tag, ""))
            self.styles.append(dict(attrs).get("style") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td"):
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            tag, text = self.cells[-1]
            self.cells[-1] = (tag, text + data)


def _parse(markup: str) -> _Cells:
    parser = _Cells()
    parser.feed(markup)
    return parser


def test_html_table_holds_every_cell_rounded_and_escaped() -> None:
    frame = pd.DataFrame(
        {"word": ["music", "<b>"], "score": [0.123456, -0.0000001], "count": [1234, 5]}
    )
    parsed = _parse(html_table(frame, digits=3)._repr_html_())
    assert [t for _, t in parsed.cells] == [
        "word", "score", "count", "music", "0.123", "1,234", "<b>", "0.000", "5",
    ]  # fmt: skip
    assert [tag for tag, _ in parsed.cells[:3]] == ["th"] * 3


def test_cells_wrap_between_words_only() -> None:
    frame = pd.DataFrame({"PPMI": ["poetry, folk, songs, painting, genres, literature"]})
    parsed = _parse(html_table(frame)._repr_html_())
    for style in parsed.styles:
        assert "word-break:normal" in style and "overflow-wrap:normal" in style
        assert "break-all" not in style


def test_index_and_caption_and_plain_text() -> None:
    frame = pd.DataFrame({"x": [1.5]}, index=pd.Index(["a"], name="word"))
    table = html_table(frame, index=True, caption="One row", digits=1)
    parsed = _parse(table._repr_html_())
    assert [t for _, t in parsed.cells] == ["word", "x", "a", "1.5"]
    assert "<caption" in table._repr_html_() and "One row" in table._repr_html_()
    assert repr(table).splitlines() == ["One row", "word   x", "   a 1.5"]


def test_the_same_input_gives_the_same_html() -> None:
    frame = pd.DataFrame({"a": [1.0, 2.0]})
    assert html_table(frame)._repr_html_() == html_table(frame.copy())._repr_html_()


def test_html_table_refuses_bad_input_in_one_sentence() -> None:
    with pytest.raises(TypeError, match="needs a pandas DataFrame"):
        html_table([[1, 2]])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="digits must be"):
        html_table(pd.DataFrame({"a": [1]}), digits=9)


def test_heatmap_keeps_rows_in_table_order_with_labelled_axes() -> None:
    values = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    fig = heatmap_figure(values, ["r0", "r1"], ["a", "b", "c"], "T", "context", "word", digits=1)
    trace = fig.data[0]
    assert np.array_equal(np.asarray(trace.z), values)
    assert list(trace.y) == ["r0", "r1"] and list(trace.x) == ["a", "b", "c"]
    assert fig.layout.yaxis.autorange == "reversed"  # first row on top, as in a table
    assert fig.layout.title.text == "T"
    assert fig.layout.xaxis.title.text == "context" and fig.layout.yaxis.title.text == "word"
    assert trace.texttemplate == "%{z:.1f}"


def test_heatmap_refuses_mismatched_labels_and_nan() -> None:
    with pytest.raises(ValueError, match="shape"):
        heatmap_figure(np.eye(2), ["a"], ["x", "y"], "T", "x", "y")
    with pytest.raises(ValueError, match="finite"):
        heatmap_figure(np.array([[np.nan]]), ["a"], ["x"], "T", "x", "y")


def test_counts_get_whole_number_ticks() -> None:
    fig = heatmap_figure(np.array([[0.0, 4.0]]), ["w"], ["a", "b"], "T", "context", "word")
    assert fig.data[0].colorbar.dtick == 1
    fig = heatmap_figure(np.array([[0.0, 40.0]]), ["w"], ["a", "b"], "T", "context", "word")
    assert fig.data[0].colorbar.dtick == 5


def test_widget_table_pads_aligns_and_escapes() -> None:
    markup = widget_table(["token", "p"], [["<s>", "0.25"], ["▁king", "0.10"]], code=[0])
    parsed = _parse(markup)
    assert parsed.cells == [
        ("th", "token"),
        ("th", "p"),
        ("td", "<s>"),
        ("td", "0.25"),
        ("td", "▁king"),
        ("td", "0.10"),
    ]
    assert all("padding" in style for style in parsed.styles)
    body = parsed.styles[2:]
    assert ["text-align:right" in s for s in body] == [False, True, False, True]
    assert "<code>&lt;s&gt;</code>" in markup


def test_widget_table_refuses_ragged_rows() -> None:
    with pytest.raises(ValueError, match="one per column"):
        widget_table(["a", "b"], [["x"]])
