"""Sort every collected test into one layer, by its explicit marker (never by file lists or code).

``./course test LAYER`` runs one layer (``pytest -m LAYER``); ``./course test`` runs them all.

- ``notebooks``: strict nbval items, one per cell of a notebook in notebooks/ (collected from
  ``.ipynb`` files, so they carry no marker of their own);
- ``student``, ``browser``, ``slow``: tests marked so in their module, either
  ``pytestmark = pytest.mark.slow`` for a whole file or ``@pytest.mark.student`` on one test
  (CONTRIBUTING.md, "Tests in layers", says which layer a new test belongs to);
- ``quick``: everything unmarked, i.e. unit tests and doctests.

A test marked with two layers is an error: it would run twice in CI.
"""

from __future__ import annotations

import pytest

HEAVY_LAYERS = ("notebooks", "student", "browser", "slow")


def layer_of(item: pytest.Item) -> str:
    """The layer one collected test belongs to: its own layer marker, else ``notebooks`` for a
    notebook cell, else ``quick``."""
    marked = [layer for layer in HEAVY_LAYERS if item.get_closest_marker(layer)]
    if len(marked) > 1:
        raise pytest.UsageError(f"{item.nodeid} is marked with two layers: {', '.join(marked)}.")
    if marked:
        return marked[0]
    if item.path.suffix == ".ipynb":
        return "notebooks"
    return "quick"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        layer = layer_of(item)
        if not item.get_closest_marker(layer):
            item.add_marker(getattr(pytest.mark, layer))
