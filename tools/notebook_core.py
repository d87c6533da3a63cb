"""A notebook's core: the notebook without its "Deep dive (optional)" sections.

Every notebook's core fits one lab (docs/DESIGN.md, "Pacing"); optional material sits in sections whose
markdown cell starts with ``## Deep dive (optional)``. Such a section runs until the next markdown
cell that starts a level-2 heading (``## ``) which is not itself a deep dive, e.g. the next numbered
section or ``## Summary``. The core must run on its own: a test deletes the deep dives and executes
what is left.
"""

from __future__ import annotations

import copy

import nbformat

DEEP_DIVE = "## Deep dive (optional)"


def is_deep_dive_start(cell: nbformat.NotebookNode) -> bool:
    """True for a markdown cell that opens a deep-dive section.

    Examples
    --------
    >>> is_deep_dive_start(nbformat.v4.new_markdown_cell("## Deep dive (optional): more"))
    True
    >>> is_deep_dive_start(nbformat.v4.new_markdown_cell("## 2 · The core"))
    False
    """
    return cell.cell_type == "markdown" and cell.source.lstrip().startswith(DEEP_DIVE)


def _starts_core_section(cell: nbformat.NotebookNode) -> bool:
    return (
        cell.cell_type == "markdown"
        and cell.source.lstrip().startswith("## ")
        and not is_deep_dive_start(cell)
    )


def core_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``notebook`` without its deep-dive sections.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("## 1 · Core"), nbformat.v4.new_code_cell("x = 1"),
    ...     nbformat.v4.new_markdown_cell("## Deep dive (optional): extra"),
    ...     nbformat.v4.new_code_cell("y = 2"),
    ...     nbformat.v4.new_markdown_cell("## Summary")])
    >>> [c.source for c in core_notebook(nb).cells]
    ['## 1 · Core', 'x = 1', '## Summary']
    """
    core = copy.deepcopy(notebook)
    kept, inside = [], False
    for cell in core.cells:
        if is_deep_dive_start(cell):
            inside = True
        elif _starts_core_section(cell):
            inside = False
        if not inside:
            kept.append(cell)
    core.cells = kept
    return core


def markdown_words(notebook: nbformat.NotebookNode) -> int:
    """Words of markdown prose in ``notebook`` (code cells and HTML comments not counted).

    Examples
    --------
    >>> markdown_words(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("a b c")]))
    3
    """
    return sum(len(c.source.split()) for c in notebook.cells if c.cell_type == "markdown")
