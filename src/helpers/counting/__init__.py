"""Counting contexts: windowed co-occurrence counts and PPMI (notebook 02), GloVe (notebook 05)."""

from helpers.counting.cooccurrence import (
    cooccurrence_matrix,
    most_similar_rows,
    nonzero_share,
    ppmi,
)
from helpers.counting.glove import (
    GloveParameters,
    glove_loss_and_gradients,
    glove_weighting,
    init_glove,
    nonzero_entries,
    train_glove,
)

__all__ = [
    "GloveParameters",
    "cooccurrence_matrix",
    "glove_loss_and_gradients",
    "glove_weighting",
    "init_glove",
    "most_similar_rows",
    "nonzero_entries",
    "nonzero_share",
    "ppmi",
    "train_glove",
]
