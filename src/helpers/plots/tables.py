"""Tables a learner reads: HTML tables that never wrap mid-word, and labelled heatmaps.

Plain-text tables (``DataFrame.to_string()``, printed lists) wrap at the output's width, often in
the middle of a word ("li terature"). :func:`html_table` renders a table as HTML instead: cells
wrap only between words, numbers are rounded for people, and the plain-text form (what a
terminal or a doctest sees) is still the aligned text table. :func:`heatmap_figure` shows a
matrix of numbers as a labelled heatmap, rows from top to bottom as in a table, for the
matrices that would be a wall of numbers as text.

Examples
--------
>>> import pandas as pd
>>> table = html_table(pd.DataFrame({"word": ["music"], "PPMI": ["poetry, literature"]}))
>>> print(table)
 word               PPMI
music poetry, literature
>>> "<td" in table._repr_html_() and "word-break:normal" in table._repr_html_()
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from numbers import Integral, Real

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers.plots.style import SEQUENTIAL, style_figure

__all__ = ["HTMLTable", "heatmap_figure", "html_table", "widget_table"]

_CELL = "padding:3px 10px;white-space:normal;word-break:normal;overflow-wrap:normal"


def _format(value: object, digits: int) -> str:
    if isinstance(value, bool | np.bool_) or not isinstance(value, Real):
        return str(value)
    if isinstance(value, Integral):
        return f"{int(value):,}"
    number = float(value)
    if not np.isfinite(number):
        return str(number)
    text = f"{round(number, digits) + 0.0:,.{digits}f}"  # + 0.0: no "-0.000"
    return text


class HTMLTable:
    """A table that shows as HTML in a notebook and as aligned text elsewhere.

    Made by :func:`html_table`; the attributes are the formatted cells.

    Attributes
    ----------
    columns : list of str
        The column headers (the index's name first, if the index is shown).
    rows : list of list of str
        The formatted cells, row by row.
    caption : str or None
        A caption shown above the table.
    """

    def __init__(
        self,
        columns: list[str],
        rows: list[list[str]],
        caption: str | None,
        code: Sequence[int] = (),
    ) -> None:
        self.columns = columns
        self.rows = rows
        self.caption = caption
        self.code = frozenset(code)

    def __repr__(self) -> str:
        text = pd.DataFrame(self.rows, columns=self.columns).to_string(index=False)
        return f"{self.caption}\n{text}" if self.caption else text

    def _repr_html_(self) -> str:
        head = "".join(
            f'<th style="{_CELL};text-align:left;border-bottom:1px solid #888">'
            f"{html.escape(c)}</th>"
            for c in self.columns
        )
        body = "".join(
            "<tr>"
            + "".join(
                f'<td style="{_CELL};text-align:{"right" if _is_number(cell) else "left"}">'
                f"{_cell_html(cell, j in self.code)}</td>"
                for j, cell in enumerate(row)
            )
            + "</tr>"
            for row in self.rows
        )
        caption = (
            f'<caption style="caption-side:top;text-align:left;padding:2px 0 6px 0">'
            f"{html.escape(self.caption)}</caption>"
            if self.caption
            else ""
        )
        return (
            '<table class="course-table" style="border-collapse:collapse;table-layout:auto;'
            f'margin:4px 0;font-family:sans-serif">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )


def _cell_html(cell: str, code: bool) -> str:
    text = html.escape(cell)
    return f"<code>{text}</code>" if code else text


def widget_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    caption: str | None = None,
    code: Sequence[int] = (),
) -> str:
    """The HTML of a small table for a widget (``widgets.HTML``), in the course's one table style.

    Cells are padded, text is aligned left and numbers right, and no cell wraps mid-word: the
    same look as :func:`html_table`. Cells are shown with ``str`` (format numbers first, e.g.
    ``f"{p:.2f}"``) and escaped.

    Parameters
    ----------
    columns : sequence of str
        The column headers.
    rows : sequence of sequences
        The cells, row by row, as many as there are columns.
    caption : str, optional
        A caption above the table.
    code : sequence of int
        Columns whose cells are code-like (token pieces), shown in a monospace font.

    Returns
    -------
    str
        The table's HTML.

    Raises
    ------
    ValueError
        If a row does not have one cell per column.

    Examples
    --------
    >>> page = widget_table(["word", "cosine"], [["queen", "0.74"]])
    >>> "padding" in page and 'text-align:right">0.74' in page and 'text-align:left">queen' in page
    True
    """
    cells = [[str(c) for c in row] for row in rows]
    for row in cells:
        if len(row) != len(columns):
            raise ValueError(f"each row needs {len(columns)} cells, one per column; got {row!r}.")
    return HTMLTable([str(c) for c in columns], cells, caption, code)._repr_html_()


def _is_number(cell: str) -> bool:
    try:
        float(cell.replace(",", ""))
    except ValueError:
        return False
    return True


def html_table(
    frame: pd.DataFrame, *, digits: int = 3, index: bool = False, caption: str | None = None
) -> HTMLTable:
    """A DataFrame as a table that renders as HTML and never wraps in the middle of a word.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table. Floats are rounded to ``digits`` decimals, integers get thousands separators,
        everything else is shown with ``str``.
    digits : int
        Decimals shown for floats (0 to 6).
    index : bool
        Show the index as the first column (headed by the index's name, or nothing).
    caption : str, optional
        A caption above the table.

    Returns
    -------
    HTMLTable
        Displays as HTML in a notebook (the last expression of a cell, or ``display(...)``);
        ``print`` gives the aligned plain-text table.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame.
    ValueError
        If ``digits`` is not a whole number from 0 to 6.

    Examples
    --------
    >>> print(html_table(pd.DataFrame({"x": [0.12345, 2.0]}), digits=2))
       x
    0.12
    2.00
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"html_table() needs a pandas DataFrame, got {type(frame).__name__}.")
    if isinstance(digits, bool) or not isinstance(digits, Integral) or not 0 <= digits <= 6:
        raise ValueError(f"digits must be a whole number from 0 to 6, got {digits!r}.")
    columns = [str(c) for c in frame.columns]
    cells = [[_format(v, int(digits)) for v in row] for row in frame.itertuples(index=False)]
    if index:
        columns = [str(frame.index.name or ""), *columns]
        cells = [[str(i), *row] for i, row in zip(frame.index, cells, strict=True)]
    return HTMLTable(columns, cells, caption)


def heatmap_figure(
    values: np.ndarray,
    rows: Sequence[str],
    columns: Sequence[str],
    title: str,
    x_title: str,
    y_title: str,
    *,
    digits: int = 0,
    colorbar_title: str = "value",
    zmin: float | None = None,
    zmax: float | None = None,
    height: int | None = None,
) -> go.Figure:
    """A labelled heatmap of a matrix, rows top to bottom as in a table, values in the cells.

    Parameters
    ----------
    values : array-like, shape (n_rows, n_columns)
        The numbers to show (finite).
    rows, columns : sequence of str
        The row and column labels.
    title, x_title, y_title : str
        Figure title and axis titles (every course figure has them).
    digits : int
        Decimals of the values written in the cells and shown on hover.
    colorbar_title : str
        What the colour measures.
    zmin, zmax : float, optional
        The values at the two ends of the colour scale (default: the smallest and largest
        value), e.g. to give two heatmaps the same scale.
    height : int, optional
        Figure height in pixels (default: grows with the number of rows).

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        If the labels do not match the shape of ``values``, or ``values`` is not finite.

    Examples
    --------
    >>> fig = heatmap_figure(np.eye(2), ["a", "b"], ["x", "y"], "Identity", "column", "row")
    >>> fig.data[0].texttemplate, list(fig.data[0].y)
    ('%{z:.0f}', ['a', 'b'])
    """
    matrix = np.asarray(values, dtype=float)
    if matrix.ndim != 2 or matrix.shape != (len(rows), len(columns)):
        raise ValueError(
            f"values must be a matrix of shape ({len(rows)}, {len(columns)}) to match the "
            f"labels, got shape {matrix.shape}."
        )
    if not np.isfinite(matrix).all():
        raise ValueError("values must be finite numbers (no NaN or infinity).")
    fmt = f"%{{z:.{int(digits)}f}}"
    colorbar: dict[str, object] = {"title": {"text": colorbar_title}}
    if digits == 0:  # whole numbers (counts): whole-number ticks on the colour bar
        colorbar["dtick"] = max(1, int(np.ceil(np.ptp(matrix) / 8))) if matrix.size else 1
    fig = go.Figure(
        go.Heatmap(
            z=np.round(matrix, int(digits)),
            x=list(columns),
            y=list(rows),
            colorscale=SEQUENTIAL,
            zmin=zmin,
            zmax=zmax,
            texttemplate=fmt,
            hovertemplate=f"row %{{y}}<br>column %{{x}}<br>{colorbar_title} {fmt}<extra></extra>",
            colorbar=colorbar,
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=-45)
    return style_figure(
        fig, title, x_title, y_title, height=height or max(300, 150 + 32 * len(rows))
    )
