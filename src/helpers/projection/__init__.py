"""Projections f: R^n -> R^d as matrices: random (Johnson–Lindenstrauss) and learned by truncated SVD (notebook 03)."""

from helpers.projection.svd import (
    distance_ratios,
    distortion,
    fix_signs,
    jl_epsilon,
    ppmi_svd_vectors,
    random_project,
    random_projection_matrix,
    sample_pairs,
    svd_embeddings,
    truncated_svd,
    weight_singular_vectors,
)

__all__ = [
    "distance_ratios",
    "distortion",
    "fix_signs",
    "jl_epsilon",
    "ppmi_svd_vectors",
    "random_project",
    "random_projection_matrix",
    "sample_pairs",
    "svd_embeddings",
    "truncated_svd",
    "weight_singular_vectors",
]
