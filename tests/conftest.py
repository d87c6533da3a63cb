"""Sort every collected test into one layer, by what it is (markers, not file lists).

``./course test LAYER`` runs one layer (``pytest -m LAYER``); ``./course test`` runs them all.

- ``notebooks``: strict nbval items, one per notebook cell;
- ``student``: tests that execute a notebook (the student edition top to bottom, a wrong answer);
- ``browser``: tests/test_browser.py (real JupyterLab in headless Chromium);
- ``slow``: tests that build a wheel, run nbgrader or starter notebooks: mark them
  ``@pytest.mark.slow`` or put them in a module listed in ``SLOW_MODULES``;
- ``quick``: everything else, i.e. unit tests and doctests.
"""

from __future__ import annotations

import pytest

from tools.figure_compare import install_nbval_figure_tolerance

HEAVY_LAYERS = ("notebooks", "student", "browser", "slow")
SLOW_MODULES = {"test_nbgrader", "test_wheel", "test_classroom"}


def layer_of(item: pytest.Item) -> str:
    """The layer one collected test belongs to."""
    own = {mark.name for mark in item.iter_markers()}
    for layer in ("browser", "slow", "student", "notebooks"):
        if layer in own:
            return layer
    module = item.path.stem
    if item.path.suffix == ".ipynb":
        return "notebooks"
    if module == "test_browser":
        return "browser"
    if module in SLOW_MODULES:
        return "slow"
    function = getattr(item, "function", None)
    if module == "test_student_edition" and function is not None:
        if "execute_notebook" in function.__code__.co_names:
            return "student"
    return "quick"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        layer = layer_of(item)
        if not item.get_closest_marker(layer):
            item.add_marker(getattr(pytest.mark, layer))


# Strict nbval, except plotly figures within a tolerance no reader can see (issue 23 §4).
# notebooks/conftest.py installs it too, for runs that name only notebooks.
install_nbval_figure_tolerance()
