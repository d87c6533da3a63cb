"""tools/figure_compare.py: figures may differ by less than a reader can see, nothing else."""

from __future__ import annotations

import copy

import nbformat
import numpy as np

from tools.figure_compare import PLOTLY, RTOL, align_figures, figures_match


def figure(y: list[float], name: str = "loss") -> dict[str, object]:
    return {"data": [{"type": "scatter", "name": name, "y": y, "x": [1, 2, 3]}], "layout": {}}


def test_numbers_within_the_tolerance_of_their_array_match() -> None:
    rng = np.random.default_rng(0)
    y = rng.normal(size=200)
    scale = float(np.abs(y).max())
    moved = y + rng.uniform(-0.9, 0.9, size=200) * RTOL * scale  # under the tolerance
    assert figures_match(figure(moved.tolist()), figure(y.tolist()))
    too_far = y.copy()
    too_far[17] += 1.1 * RTOL * scale  # one point a reader could see
    assert not figures_match(figure(too_far.tolist()), figure(y.tolist()))


def test_everything_but_floats_must_be_identical() -> None:
    reference = figure([0.1, 0.2, 0.3])
    assert not figures_match(figure([0.1, 0.2, 0.3], name="accuracy"), reference)
    assert not figures_match(figure([0.1, 0.2]), reference)  # a point missing
    other_x = copy.deepcopy(reference)
    other_x["data"][0]["x"] = [1, 2, 4]  # type: ignore[index]
    assert not figures_match(other_x, reference)  # integers exactly
    extra = copy.deepcopy(reference)
    extra["layout"] = {"title": "t"}
    assert not figures_match(extra, reference)
    assert not figures_match({"a": True}, {"a": 1.0})


def test_align_replaces_only_matching_figures_and_keeps_notebook_nodes() -> None:
    reference = [
        nbformat.v4.new_output("display_data", data={PLOTLY: figure([1.0, 2.0])}),
        nbformat.v4.new_output("stream", text="done\n"),
        nbformat.v4.new_output("display_data", data={PLOTLY: figure([5.0, 6.0])}),
    ]
    test = [
        nbformat.v4.new_output("display_data", data={PLOTLY: figure([1.0, 2.0000001])}),
        nbformat.v4.new_output("stream", text="done\n"),
        nbformat.v4.new_output("display_data", data={PLOTLY: figure([5.0, 7.0])}),
    ]
    aligned = align_figures(test, reference, str.__eq__)
    assert aligned[0].data[PLOTLY] == reference[0]["data"][PLOTLY]  # attribute access: nbval's
    assert aligned[0].output_type == "display_data"
    assert aligned[2]["data"][PLOTLY] == figure([5.0, 7.0])  # kept: nbval reports it
    assert test[0]["data"][PLOTLY] == figure([1.0, 2.0000001])  # the input is not changed


def test_nbval_compares_figures_through_the_tolerance() -> None:
    """tests/conftest.py really patched nbval (an import error must not leave it strict-only)."""
    from nbval.plugin import IPyNbCell

    assert getattr(IPyNbCell.compare_outputs, "figure_tolerance", False)


def test_a_near_zero_array_is_compared_at_its_traces_scale() -> None:
    """06's parallelogram: a line along the x axis has y = [0, 1e-17] on one CPU, [0, -3e-17] on
    another; invisible next to its x of 0.96, but all of its own array's scale."""
    reference = {"data": [{"x": [0.0, 0.962752], "y": [0.0, 1.2e-17]}]}
    test = {"data": [{"x": [0.0, 0.962752], "y": [0.0, -3.4e-17]}]}
    assert figures_match(test, reference)
    moved = {"data": [{"x": [0.0, 0.962752], "y": [0.0, 0.01]}]}  # a visible tilt
    assert not figures_match(moved, reference)
