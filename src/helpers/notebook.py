"""Notebook set-up: one call fixes the seed, print options and the plotly renderer.

Figures store numbers a reader can see, not the last bits of a BLAS kernel
    Every plotly figure a notebook displays passes through the course's renderer
    (:data:`RENDERER`, made the default by :func:`setup`), which rounds each float in the figure
    to :data:`FIGURE_DIGITS` significant digits (:func:`round_figure_numbers`) and stores it as
    a plain JSON number. Without it, plotly stores float arrays as base64 bytes (``bdata``)
    whose last bits depend on the CPU's OpenBLAS kernel (Haswell, SkylakeX, ...), so a notebook
    executed on one machine fails strict nbval on another although every visible number agrees.
    Figures of long training runs can still move by about 1e-4 between kernels (thousands of
    steps carry the last bits up); the tests compare figures with a sub-pixel tolerance for
    those (``tools/figure_compare.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

SEED = 42
"""The course-wide default seed: every notebook states its seed once, through :func:`setup`."""

FIGURE_DIGITS = 6
"""Significant digits kept for every number of a displayed figure (exact for integers below 10⁶)."""

RENDERER = "course"
"""Name of the plotly renderer :func:`setup` installs: plotly's JSON mimetype, numbers rounded."""


def round_floats(values: np.ndarray, digits: int = FIGURE_DIGITS) -> np.ndarray:
    """Round every float of an array to ``digits`` significant digits.

    The rounding is ``round(x * 10**k) / 10**k`` with an exact power of ten, so the result is the
    double nearest to the rounded decimal (it prints short) and two inputs that differ only in
    their last bits give the same bits, unless they straddle a rounding boundary (about one value
    in ten million for last-bit differences at 6 digits).

    Parameters
    ----------
    values : numpy.ndarray
        Any float array; NaN, infinities and zeros are kept as they are.
    digits : int
        Significant digits to keep (1 to 15).

    Returns
    -------
    numpy.ndarray
        A new float64 array of the same shape.

    Examples
    --------
    >>> round_floats(np.array([1 / 3, 123456.789, -2.5e-7, 0.0])).tolist()
    [0.333333, 123457.0, -2.5e-07, 0.0]
    """
    if not 1 <= digits <= 15:
        raise ValueError(f"round_floats() keeps 1 to 15 significant digits, not {digits}.")
    array = np.asarray(values, dtype=np.float64)
    out = array.copy()
    mask = np.isfinite(array) & (array != 0)
    finite = array[mask]
    if finite.size:
        decimals = digits - 1 - np.floor(np.log10(np.abs(finite))).astype(np.int64)
        up = decimals >= 0
        power = 10.0 ** np.abs(decimals)  # exact for |decimals| <= 22
        rounded = np.empty_like(finite)
        rounded[up] = np.round(finite[up] * power[up]) / power[up]
        rounded[~up] = np.round(finite[~up] / power[~up]) * power[~up]
        out[mask] = rounded
    return out


def round_figure_numbers(value: Any, digits: int = FIGURE_DIGITS) -> Any:
    """A copy of a figure's dict (or any part of it) with every float rounded.

    Float arrays and floats, at any depth of dicts, lists and tuples, are rounded to ``digits``
    significant digits (:func:`round_floats`) and become lists of Python floats, so plotly stores
    them as plain JSON numbers. That includes the base64 float arrays plotly ≥ 6 puts in
    ``fig.to_dict()`` (``{"dtype": "f8", "bdata": ..., "shape": ...}``). Integers, booleans,
    strings and other arrays are kept as they are.

    Parameters
    ----------
    value : object
        ``fig.to_dict()`` or any part of it.
    digits : int
        Significant digits to keep.

    Returns
    -------
    object
        The rounded copy (the input is not changed).

    Examples
    --------
    >>> round_figure_numbers({"x": np.array([0.1 + 0.2, 2.0]), "y": [1, 2 / 3], "name": "a"})
    {'x': [0.3, 2.0], 'y': [1, 0.666667], 'name': 'a'}
    >>> round_figure_numbers({"dtype": "f8", "bdata": "VVVVVVVV1T8="})  # plotly's base64 of [1/3]
    [0.333333]
    """
    if isinstance(value, Mapping):
        if _is_float_bdata(value):
            return round_floats(_decode_bdata(value), digits).tolist()
        return {key: round_figure_numbers(item, digits) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f":
            return round_floats(value, digits).tolist()
        if value.dtype.kind == "O":
            return [round_figure_numbers(item, digits) for item in value.tolist()]
        return value
    if isinstance(value, list | tuple):
        return [round_figure_numbers(item, digits) for item in value]
    if isinstance(value, float | np.floating):
        return float(round_floats(np.array([value]), digits)[0])
    return value


def _is_float_bdata(value: Mapping[Any, Any]) -> bool:
    return (
        set(value) <= {"dtype", "bdata", "shape"}
        and isinstance(value.get("bdata"), str)
        and value.get("dtype") in ("f4", "f8")
    )


def _decode_bdata(value: Mapping[str, Any]) -> np.ndarray:
    """A plotly typed-array spec ``{"dtype", "bdata"[, "shape"]}`` as a NumPy array."""
    import base64

    array = np.frombuffer(
        base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]).newbyteorder("<")
    )
    shape = value.get("shape")
    if shape:
        array = array.reshape([int(n) for n in str(shape).split(",")])
    return array


def install_renderer() -> None:
    """Register the course's plotly renderer (:data:`RENDERER`) and make it the default.

    It is plotly's own JSON mimetype renderer (``plotly_mimetype``: offline, small JSON in the
    notebook) with every float of the figure rounded first (:func:`round_figure_numbers`) and
    the course's one toolbar config (:data:`helpers.plots.style.FIGURE_CONFIG`) stored with it. Every
    way of showing a figure (a cell's last expression, ``fig.show()``, ``display(fig)``) goes
    through the default renderer.

    Examples
    --------
    >>> import plotly.graph_objects as go, plotly.io as pio
    >>> install_renderer()
    >>> bundle = pio.renderers[RENDERER].to_mimebundle(go.Figure(go.Scatter(y=np.array([1 / 3]))).to_dict())
    >>> bundle["application/vnd.plotly.v1+json"]["data"][0]["y"]
    [0.333333]
    >>> bundle["application/vnd.plotly.v1+json"]["config"]["displaylogo"]
    False
    """
    import plotly.io as pio
    from plotly.io._base_renderers import PlotlyRenderer

    from helpers.plots.style import FIGURE_CONFIG

    class RoundedPlotlyRenderer(PlotlyRenderer):
        """plotly's JSON mimetype renderer, with the figure's floats rounded first."""

        def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, Any]:
            bundle: dict[str, Any] = super().to_mimebundle(round_figure_numbers(fig_dict))
            return bundle

    pio.renderers[RENDERER] = RoundedPlotlyRenderer(config=dict(FIGURE_CONFIG))
    pio.renderers.default = RENDERER


def setup(seed: int = SEED) -> np.random.Generator:
    """Prepare a notebook for reproducible, readable output.

    Checks that no file of the learner's hides the course's ``helpers`` package (see
    :mod:`embeddings_course`), sets NumPy to print 4 decimals without scientific notation, makes plotly render in
    JupyterLab without network access (figures stored as small JSON, not as 4.8 MB of
    plotly.js, their numbers rounded to what a reader can see: :func:`install_renderer`) with
    the course's colour-blind-safe template, and returns a seeded random generator. (The
    course's widgets and progress bars say in a sentence what they are by themselves,
    :mod:`helpers.widgettext`.)

    Parameters
    ----------
    seed : int
        Seed for the returned generator.

    Returns
    -------
    numpy.random.Generator
        ``np.random.default_rng(seed)``.

    Examples
    --------
    >>> rng = setup(seed=0)
    >>> float(np.round(rng.random(), 4))
    0.637
    """
    if not isinstance(seed, int | np.integer) or isinstance(seed, bool):
        raise TypeError(f"setup() needs an integer seed, got {type(seed).__name__}.")
    from embeddings_course import check_helpers

    check_helpers()  # a learner's helpers.py imported alongside the course's package is named
    np.set_printoptions(precision=4, suppress=True)
    from helpers.plots.style import install_template

    install_renderer()
    install_template()
    return np.random.default_rng(seed)
