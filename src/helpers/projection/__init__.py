"""Projections f: R^n -> R^d: random (Johnson–Lindenstrauss), learned by truncated SVD, and maps (PCA, t-SNE) (notebooks 03, 05, 08)."""

from helpers.projection.maps import (
    PERPLEXITY,
    cosine_distances,
    neighbour_preservation,
    pca_coordinates,
    pca_projection,
    plane_coordinates,
    same_group_rate,
    tsne_coordinates,
)
from helpers.projection.random import (
    distance_ratios,
    distortion,
    jl_epsilon,
    random_project,
    random_projection,
    random_projection_matrix,
    sample_pairs,
)
from helpers.projection.svd import (
    fix_signs,
    ppmi_svd_vectors,
    svd_embeddings,
    truncated_svd,
    weight_singular_vectors,
)

__all__ = [
    "PERPLEXITY",
    "cosine_distances",
    "distance_ratios",
    "distortion",
    "fix_signs",
    "jl_epsilon",
    "neighbour_preservation",
    "pca_coordinates",
    "pca_projection",
    "plane_coordinates",
    "ppmi_svd_vectors",
    "random_project",
    "random_projection",
    "random_projection_matrix",
    "same_group_rate",
    "sample_pairs",
    "svd_embeddings",
    "truncated_svd",
    "tsne_coordinates",
    "weight_singular_vectors",
]
