"""Skip-gram with negative sampling (SGNS): loss, gradients, samplers and the training loop (notebook 04)."""

from helpers.word2vec.sgns import (
    MAX_REPEATS,
    SGNSResult,
    finite_difference_gradient,
    negative_sampling_distribution,
    sample_negatives,
    sgns_gradients,
    sgns_loss,
    sgns_vectors,
    sigmoid,
    skipgram_pairs,
    subsample_keep_probability,
    train_sgns,
)

__all__ = [
    "MAX_REPEATS",
    "SGNSResult",
    "finite_difference_gradient",
    "negative_sampling_distribution",
    "sample_negatives",
    "sgns_gradients",
    "sgns_loss",
    "sgns_vectors",
    "sigmoid",
    "skipgram_pairs",
    "subsample_keep_probability",
    "train_sgns",
]
