"""Notebook set-up: one call fixes the seed, print options and the plotly renderer."""

from __future__ import annotations

import numpy as np

SEED = 42
"""The course-wide default seed: every notebook states its seed once, through :func:`setup`."""


def setup(seed: int = SEED) -> np.random.Generator:
    """Prepare a notebook for reproducible, readable output.

    Checks that no file of the learner's hides the course's ``helpers`` package (see
    :mod:`embeddings_course`), sets NumPy to print 4 decimals without scientific notation, makes plotly render in
    JupyterLab without network access (figures stored as small JSON, not as 4.8 MB of
    plotly.js) with the course's colour-blind-safe template, and returns a seeded random
    generator. (The course's widgets and progress bars say in a sentence what they are by
    themselves, :mod:`helpers.widgettext`.)

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
    import plotly.io as pio

    from helpers.plots.style import install_template

    pio.renderers.default = "plotly_mimetype"
    install_template()
    return np.random.default_rng(seed)
