"""setup(), the figure style and the environment check."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from helpers import setup
from helpers.environment import (
    REQUIRED_PACKAGES,
    CheckRow,
    environment_report,
    format_report,
    package_row,
)
from helpers.plots.style import OKABE_ITO, style_figure


def test_setup_seeds_the_generator_like_default_rng() -> None:
    assert setup(seed=7).random(3).tolist() == np.random.default_rng(7).random(3).tolist()


def test_setup_sets_four_decimal_prints_and_offline_plotly() -> None:
    setup()
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        print(np.array([1 / 3, 1e-9]))
    assert buffer.getvalue().strip() == "[0.3333 0.    ]"
    assert pio.renderers.default == "plotly_mimetype"
    assert list(pio.templates[pio.templates.default].layout.colorway) == list(OKABE_ITO)


@pytest.mark.parametrize("seed", ["1", 1.5, True])
def test_setup_rejects_non_integer_seeds(seed: object) -> None:
    with pytest.raises(TypeError, match="integer seed"):
        setup(seed=seed)  # type: ignore[arg-type]


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
