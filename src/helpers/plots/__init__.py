"""Figures and widgets: the course style, 2-D/3-D map figures, and the neighbour and analogy explorers (the map coordinates are computed in helpers.projection)."""

from helpers.plots.explorers import (
    METHOD_LABELS,
    analogy_explorer,
    analogy_html,
    neighbour_explorer,
    neighbours_html,
    results_table_html,
)
from helpers.plots.maps import (
    MARKERS,
    MARKERS_3D,
    WORD_GROUPS,
    group_words,
    map_figure,
)
from helpers.plots.style import (
    DASHES,
    OKABE_ITO,
    SEQUENTIAL,
    TEMPLATE_NAME,
    install_template,
    style_figure,
)

__all__ = [
    "DASHES",
    "MARKERS",
    "MARKERS_3D",
    "METHOD_LABELS",
    "OKABE_ITO",
    "SEQUENTIAL",
    "TEMPLATE_NAME",
    "WORD_GROUPS",
    "analogy_explorer",
    "analogy_html",
    "group_words",
    "install_template",
    "map_figure",
    "neighbour_explorer",
    "neighbours_html",
    "results_table_html",
    "style_figure",
]
