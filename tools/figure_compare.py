"""Compare stored plotly figures with a tolerance a reader cannot see, for strict nbval.

The course's renderer rounds every figure number to 6 significant digits
(:func:`helpers.notebook.round_figure_numbers`), which makes figures of direct computations
identical on every CPU. A figure drawn from a long training run is different: different OpenBLAS
kernels (Haswell, SkylakeX, ...) sum in different orders, and thousands of steps carry the
last-bit differences up to about 1e-4 of a value (notebook 04's replay of training, measured).
:func:`figures_match` accepts such a figure when every number lies within :data:`RTOL` of the
largest magnitude in its array (well under a pixel: 1e-3 of a 400-pixel axis is 0.4 pixel) and
everything else (text, colours, layout, integers, array lengths) is identical.
``tests/conftest.py`` makes nbval use it for the plotly output of a cell; every other output
is still compared exactly.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

PLOTLY = "application/vnd.plotly.v1+json"
RTOL = 1e-3
"""Largest difference accepted, relative to the largest magnitude of the array it is in."""


def _is_number(value: Any) -> bool:
    return isinstance(value, float)


def _float_scale(values: Any) -> float:
    """Largest magnitude of the floats directly in a list (0.0 if none)."""
    if not isinstance(values, list):
        return abs(values) if _is_number(values) else 0.0
    return max((abs(v) for v in values if _is_number(v)), default=0.0)


def figures_match(
    test: Any,
    reference: Any,
    same_text: Callable[[str, str], bool] = str.__eq__,
    scale: float = 0.0,
) -> bool:
    """Whether two figure dicts (or parts) agree: floats within :data:`RTOL`, the rest exactly.

    Parameters
    ----------
    test, reference : object
        JSON-like figure dicts, e.g. the ``application/vnd.plotly.v1+json`` output of a cell.
    same_text : callable
        Compares two strings (nbval passes its sanitizer, which masks random uuids).
    scale : float
        The magnitude the tolerance is relative to, at least: a trace's arrays share one scale
        (the largest float among its ``x``, ``y``, ...), so a line along an axis whose ``y`` is
        ``[0.0, 1e-17]`` is compared at the scale of its ``x``.

    Examples
    --------
    >>> figures_match({"y": [1.0, 0.50004]}, {"y": [1.0, 0.5]})
    True
    >>> figures_match({"y": [1.0, 0.502]}, {"y": [1.0, 0.5]})
    False
    >>> figures_match({"name": "a", "y": [1.0]}, {"name": "b", "y": [1.0]})
    False
    """
    if isinstance(test, dict) and isinstance(reference, dict):
        if test.keys() != reference.keys():
            return False
        shared = max(
            (max(_float_scale(test[k]), _float_scale(reference[k])) for k in test), default=0.0
        )
        return all(figures_match(test[k], reference[k], same_text, shared) for k in test)
    if isinstance(test, list) and isinstance(reference, list):
        if len(test) != len(reference):
            return False
        floats = [
            (a, b) for a, b in zip(test, reference, strict=True) if _is_number(a) and _is_number(b)
        ]
        scale = max([scale, *(max(abs(a), abs(b)) for a, b in floats)])
        for a, b in zip(test, reference, strict=True):
            if _is_number(a) and _is_number(b):
                if abs(a - b) > RTOL * scale:
                    return False
            elif not figures_match(a, b, same_text, scale):
                return False
        return True
    if _is_number(test) and _is_number(reference):
        return abs(test - reference) <= RTOL * max(scale, abs(test), abs(reference))
    if isinstance(test, str) and isinstance(reference, str):
        return same_text(test, reference)
    return type(test) is type(reference) and test == reference


def align_figures(
    test_outputs: list[Any], reference_outputs: list[Any], same_text: Callable[[str, str], bool]
) -> list[Any]:
    """``test_outputs`` with each plotly figure that matches its reference replaced by it.

    The i-th figure of the test outputs is paired with the i-th of the reference; a figure that
    does not match is kept as it is, so nbval's exact comparison reports it.
    """
    references = [o["data"][PLOTLY] for o in reference_outputs if PLOTLY in o.get("data", {})]
    aligned, index = [], 0
    for output in test_outputs:
        data = output.get("data", {}) if isinstance(output, dict) else {}
        if PLOTLY in data and index < len(references):
            reference = references[index]
            index += 1
            if figures_match(data[PLOTLY], reference, same_text):
                output = copy.copy(output)  # keeps nbformat's NotebookNode (nbval reads attributes)
                output["data"] = copy.copy(data)
                output["data"][PLOTLY] = reference
        aligned.append(output)
    return aligned


def install_nbval_figure_tolerance() -> None:
    """Make nbval compare a cell's plotly figure through :func:`figures_match`.

    Strict nbval otherwise: every other output, and everything in a figure but its floats, must
    be identical. Called by :func:`pytest_configure` (this module is a pytest plugin, loaded by
    ``-p tools.figure_compare`` in pyproject.toml, so every run gets it, whatever paths it
    names); calling it twice changes nothing.
    """
    from nbval.plugin import IPyNbCell  # nbval is a dependency: no silent fallback

    strict = IPyNbCell.compare_outputs
    if getattr(strict, "figure_tolerance", False):
        return

    def compare_outputs(
        self: Any, test: list[Any], ref: list[Any], skip_compare: Any = None
    ) -> bool:
        def same_text(a: str, b: str) -> bool:
            return bool(self.sanitize(a) == self.sanitize(b))

        return bool(strict(self, align_figures(test, ref, same_text), ref, skip_compare))

    compare_outputs.figure_tolerance = True  # type: ignore[attr-defined]
    IPyNbCell.compare_outputs = compare_outputs


def pytest_configure(config: Any) -> None:
    """Pytest plugin hook: compare figures within the tolerance in every run (see above)."""
    install_nbval_figure_tolerance()
