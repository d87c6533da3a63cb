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


def _compare_figures_with_tolerance() -> None:
    """Strict nbval, except that a plotly figure may differ from its stored version by less than
    a reader can see (tools/figure_compare.py: figures of long training runs move by ~1e-4
    between OpenBLAS kernels). Every other output is compared exactly."""
    from nbval.plugin import IPyNbCell  # nbval is a dependency: no silent fallback

    from tools.figure_compare import align_figures

    strict = IPyNbCell.compare_outputs
    if getattr(strict, "figure_tolerance", False):
        return

    def compare_outputs(self, test, ref, skip_compare=None):  # type: ignore[no-untyped-def]
        same_text = lambda a, b: self.sanitize(a) == self.sanitize(b)  # noqa: E731
        return strict(self, align_figures(test, ref, same_text), ref, skip_compare)

    compare_outputs.figure_tolerance = True  # type: ignore[attr-defined]
    IPyNbCell.compare_outputs = compare_outputs


_compare_figures_with_tolerance()
