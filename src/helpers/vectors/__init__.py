"""Word vectors: similarity measures, nearest neighbours, analogies, and loading GloVe (notebooks 05–06)."""

from helpers.vectors.pretrained import (
    GLOVE_SIZE,
    glove_arrays,
    glove_words,
    load_glove,
)
from helpers.vectors.similarity import (
    MEASURES,
    cosine_similarity,
    dot,
    euclidean_distance,
    rank_by,
    unit_rows,
)
from helpers.vectors.wordvectors import (
    AnalogyReport,
    SimilarityReport,
    UnknownWordError,
    WordVectors,
)

__all__ = [
    "GLOVE_SIZE",
    "MEASURES",
    "AnalogyReport",
    "SimilarityReport",
    "UnknownWordError",
    "WordVectors",
    "cosine_similarity",
    "dot",
    "euclidean_distance",
    "glove_arrays",
    "glove_words",
    "load_glove",
    "rank_by",
    "unit_rows",
]
