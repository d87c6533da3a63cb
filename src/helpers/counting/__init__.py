"""Counting contexts: windowed co-occurrence counts and PPMI (notebook 02)."""

from helpers.counting.cooccurrence import (
    cooccurrence_matrix,
    most_similar_rows,
    nonzero_share,
    ppmi,
)

__all__ = [
    "cooccurrence_matrix",
    "most_similar_rows",
    "nonzero_share",
    "ppmi",
]
