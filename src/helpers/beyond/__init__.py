"""Embeddings of things other than words: users and items (ALS), images (notebook 09)."""

from helpers.beyond.images import (
    DigitImages,
    knn_accuracy,
    load_digit_images,
    mlp_projection,
    nearest_images,
    train_test_indices,
)
from helpers.beyond.recommendation import (
    GENRES,
    ALSResult,
    RatingsData,
    als,
    als_loss,
    als_step,
    factor_recovery,
    generate_ratings,
    initial_item_vectors,
    matrix_factorization,
    nearest_items,
    recommend,
    rmse,
)

__all__ = [
    "GENRES",
    "ALSResult",
    "DigitImages",
    "RatingsData",
    "als",
    "als_loss",
    "als_step",
    "factor_recovery",
    "generate_ratings",
    "initial_item_vectors",
    "knn_accuracy",
    "load_digit_images",
    "matrix_factorization",
    "mlp_projection",
    "nearest_images",
    "nearest_items",
    "recommend",
    "rmse",
    "train_test_indices",
]
