"""setup(), the figure style and the environment check."""

from __future__ import annotations

import io
import re
import sys
import tomllib
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

# imported under another name: pytest 8.0 itself calls a module-level function named setup()
from helpers import setup as course_setup
from helpers.environment import (
    FIX_INSTALL,
    REQUIRED_PACKAGES,
    CheckRow,
    environment_report,
    format_report,
    package_row,
    package_rows,
    version_in_range,
)
from helpers.notebook import RENDERER, round_figure_numbers, round_floats
from helpers.plots.style import OKABE_ITO, style_figure


def test_setup_seeds_the_generator_like_default_rng() -> None:
    assert course_setup(seed=7).random(3).tolist() == np.random.default_rng(7).random(3).tolist()


def test_setup_sets_four_decimal_prints_and_offline_plotly() -> None:
    course_setup()
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        print(np.array([1 / 3, 1e-9]))
    assert buffer.getvalue().strip() == "[0.3333 0.    ]"
    assert pio.renderers.default == RENDERER
    assert list(pio.templates[pio.templates.default].layout.colorway) == list(OKABE_ITO)


@pytest.mark.parametrize("seed", ["1", 1.5, True])
def test_setup_rejects_non_integer_seeds(seed: object) -> None:
    with pytest.raises(TypeError, match="integer seed"):
        course_setup(seed=seed)  # type: ignore[arg-type]


def test_style_figure_requires_every_label() -> None:
    fig = style_figure(go.Figure(), "Title", "x", "y")
    assert (fig.layout.title.text, fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == (
        "Title",
        "x",
        "y",
    )
    with pytest.raises(ValueError, match="non-empty y_title"):
        style_figure(go.Figure(), "Title", "x", " ")


def test_environment_report_finds_everything_installed() -> None:
    rows = environment_report()
    assert all(row.ok for row in rows), [row for row in rows if not row.ok]
    assert len(rows) >= 1 + len(REQUIRED_PACKAGES) + 4  # Python, packages, data sources
    assert any(row.item.startswith("data: ") for row in rows)


def test_missing_package_says_what_to_do() -> None:
    row = package_row("surely-not-installed-package", "testing")
    assert not row.ok and row.detail == "not installed" and "./course setup" in row.fix
    text = format_report([row, CheckRow("Python", True, "3.11")])
    assert "MISSING" in text and text.endswith("then restart the kernel.")


def test_round_floats_agrees_with_python_formatting() -> None:
    rng = np.random.default_rng(0)
    values = np.concatenate(
        [rng.normal(size=500) * 10.0 ** rng.integers(-12, 12, size=500), [0.0, -0.0, 1e6 - 1]]
    )
    expected = [float(f"{x:.6g}") for x in values]  # Python's own decimal rounding
    assert round_floats(values).tolist() == expected
    assert np.isnan(round_floats(np.array([np.nan]))[0])
    assert round_floats(np.array([np.inf, -np.inf])).tolist() == [np.inf, -np.inf]
    with pytest.raises(ValueError, match="1 to 15"):
        round_floats(values, digits=0)


def test_figures_differing_in_the_last_bits_store_the_same_json() -> None:
    """What a different OpenBLAS kernel does to a figure: the same numbers, other last bits."""
    course_setup()
    rng = np.random.default_rng(1)
    values = rng.normal(size=(40, 30))
    nudged = values * (1 + 4 * np.finfo(float).eps * rng.choice([-1, 1], size=values.shape))
    assert not np.array_equal(values, nudged)

    def stored(z: np.ndarray) -> dict[str, object]:
        fig = go.Figure([go.Heatmap(z=z), go.Scatter(x=z[0], y=z[1].astype(np.float32))])
        bundle = fig._repr_mimebundle_()
        return bundle["application/vnd.plotly.v1+json"]  # type: ignore[no-any-return]

    first, second = stored(values), stored(nudged)
    assert first == second
    text = str(first)
    assert "bdata" not in text  # plain numbers: a reader can see them, a diff can show them
    assert first["data"][0]["z"][3][4] == float(f"{values[3, 4]:.6g}")  # type: ignore[index]


def test_rounding_keeps_integers_strings_and_structure() -> None:
    figure = {
        "data": [{"x": np.arange(3), "text": ["a", "b"], "y": (0.5, 1 / 7), "flag": True}],
        "layout": {"range": [np.float32(0.1), 2]},
    }
    rounded = round_figure_numbers(figure)
    assert rounded["data"][0]["x"] is figure["data"][0]["x"]  # integer array untouched
    assert rounded["data"][0]["text"] == ["a", "b"]
    assert rounded["data"][0]["y"] == [0.5, 0.142857]
    assert rounded["data"][0]["flag"] is True
    assert rounded["layout"]["range"] == [0.1, 2]
    assert figure["data"][0]["y"] == (0.5, 1 / 7)  # the input is not changed


def test_package_rows_follow_pyproject_with_their_ranges() -> None:
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    declared = {re.split(r"[<>=!~;\[ ]", d)[0] for d in pyproject["project"]["dependencies"]}
    rows = package_rows()
    names = [row.item.split(" ")[0] for row in rows]
    assert sorted(names) == sorted(declared)
    assert {"anywidget", "platformdirs"} <= set(names)
    numpy_row = rows[names.index("numpy")]
    assert numpy_row.ok and numpy_row.item.startswith("numpy >=2.0,<3 (")
    assert {n for n, _ in REQUIRED_PACKAGES} == declared  # every dependency has a purpose


def test_a_package_outside_its_range_is_reported_in_one_sentence() -> None:
    row = package_row("numpy", "arrays", ">=99")
    assert not row.ok and row.fix == FIX_INSTALL
    assert row.detail == f"version {np.__version__} is outside the range the course needs (>=99)"


@pytest.mark.parametrize(
    ("version", "specifier", "expected"),
    [
        ("1.26.0", ">=1.26,<3", True),
        ("1.25.2", ">=1.26,<3", False),
        ("3.0", ">=1.26,<3", False),
        ("2.9.9", ">=1.26,<3", True),
        ("0.9.2", ">=0.9,<1", True),
        ("1.0.0rc1", ">=0.9,<1", False),
        ("4.3", "==4.3.0", True),
        ("4.3.1", "!=4.3.1", False),
        ("5", "", True),
    ],
)
def test_version_ranges_with_and_without_packaging(
    version: str, specifier: str, expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert version_in_range(version, specifier) is expected
    monkeypatch.setitem(sys.modules, "packaging.specifiers", None)  # import now fails
    assert version_in_range(version, specifier) is expected


def test_digits_have_a_data_row() -> None:
    rows = environment_report()
    assert any(row.item == "data: handwritten digits (UCI)" and row.ok for row in rows)
