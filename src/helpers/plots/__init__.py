"""Figures and widgets: the course style, 2-D/3-D maps, and the neighbour and analogy explorers."""

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
    cosine_distances,
    group_words,
    map_figure,
    neighbour_preservation,
    pca_coordinates,
    plane_coordinates,
    same_group_rate,
    tsne_coordinates,
)
from helpers.plots.style import (
    OKABE_ITO,
    SEQUENTIAL,
    TEMPLATE_NAME,
    install_template,
    style_figure,
)

__all__ = [
    "MARKERS",
    "MARKERS_3D",
    "METHOD_LABELS",
    "OKABE_ITO",
    "SEQUENTIAL",
    "TEMPLATE_NAME",
    "WORD_GROUPS",
    "analogy_explorer",
    "analogy_html",
    "cosine_distances",
    "group_words",
    "install_template",
    "map_figure",
    "neighbour_explorer",
    "neighbour_preservation",
    "neighbours_html",
    "pca_coordinates",
    "plane_coordinates",
    "results_table_html",
    "same_group_rate",
    "style_figure",
    "tsne_coordinates",
]
