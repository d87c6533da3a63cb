"""Figure style shared by every notebook: a colour-blind-safe palette and labelled axes."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#000000",  # black
    "#767676",  # grey, in place of Okabe–Ito's yellow (#F0E442, 1.3:1 on white)
)
"""The Okabe–Ito palette (Okabe & Ito, 2008), distinguishable with common colour-vision deficiencies,
with its yellow replaced by a mid grey: yellow on white has a contrast of 1.3:1, below the 3:1 that
WCAG asks of graphics, while this grey has 4.5:1 on white. No course figure draws yellow
(``tests/test_figure_colours.py`` checks the stored figures).

Colour is never the only cue: a figure with several series also gives them
:data:`DASHES` (lines), marker symbols or direct text labels."""

DASHES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
"""Line dash styles, cycled next to the colours so that lines differ by more than colour."""

SEQUENTIAL = "Viridis"
"""Perceptually uniform, colour-blind-safe continuous colour scale for heatmaps."""

TEMPLATE_NAME = "course"

FIGURE_CONFIG: dict[str, object] = {
    "displaylogo": False,
    "showSendToCloud": False,
    "modeBarButtonsToRemove": [
        "select2d",
        "lasso2d",
        "autoScale2d",
        "toggleSpikelines",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
        "hoverClosest3d",
        "resetCameraLastSave3d",
    ],
}
"""The one plotly config of every course figure: no plotly logo link and no "Share chart..."
button (online features in an offline course) and a toolbar cut to zoom, pan, reset and download (fewer Tab stops). Stored
with each figure; the website edition (tools/site) draws figures with it too."""


def install_template() -> None:
    """Register the course's plotly template and make it the default; give notebook figures
    :data:`FIGURE_CONFIG`.

    Examples
    --------
    >>> install_template()
    >>> import plotly.io as pio
    >>> pio.templates.default
    'plotly_white+course'
    """
    template = go.layout.Template()
    template.layout.colorway = list(OKABE_ITO)
    template.layout.colorscale.sequential = SEQUENTIAL
    template.layout.font = {"size": 13}
    template.layout.margin = {"l": 60, "r": 30, "t": 60, "b": 55}
    pio.templates[TEMPLATE_NAME] = template
    pio.templates.default = f"plotly_white+{TEMPLATE_NAME}"
    pio.renderers["plotly_mimetype"].config = dict(FIGURE_CONFIG)


def style_figure(
    fig: go.Figure, title: str, x_title: str, y_title: str, *, height: int = 420
) -> go.Figure:
    """Give a figure the title and axis labels every course figure must have.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The figure to label (changed in place and returned).
    title, x_title, y_title : str
        Figure title and axis titles; none may be empty.
    height : int
        Figure height in pixels.

    Returns
    -------
    plotly.graph_objects.Figure
        The same figure, for chaining.

    Examples
    --------
    >>> fig = style_figure(go.Figure(go.Bar(x=["a"], y=[1])), "Counts", "word", "count")
    >>> fig.layout.title.text
    'Counts'
    """
    for name, value in (("title", title), ("x_title", x_title), ("y_title", y_title)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"style_figure() needs a non-empty {name}; every figure is labelled.")
    fig.update_layout(title={"text": title}, height=height)
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    return fig
