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
    nearest,
    rank_by,
    top_k,
    unit_rows,
    unit_vector,
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
    "nearest",
    "rank_by",
    "top_k",
    "unit_rows",
    "unit_vector",
]
