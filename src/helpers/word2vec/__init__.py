"""Skip-gram with negative sampling (SGNS), the word2vec of notebook 04.

Read in this order: :mod:`~helpers.word2vec.sgns` (the loss and gradients of one example),
:mod:`~helpers.word2vec.sampling` (where the examples come from: windows, negatives,
subsampling), :mod:`~helpers.word2vec.train` (the training loop). :mod:`~helpers.word2vec.fast`
holds the speed machinery the loop uses, tested equal to the readable step.
"""

from helpers.word2vec.fast import MAX_REPEATS
from helpers.word2vec.sampling import (
    negative_sampling_distribution,
    skipgram_pairs,
    subsample_keep_probability,
)
from helpers.word2vec.sgns import (
    finite_difference_gradient,
    log_sigmoid,
    sgns_gradients,
    sgns_loss,
    sigmoid,
)
from helpers.word2vec.train import SGNSResult, sgns_step, sgns_vectors, train_sgns

__all__ = [
    "MAX_REPEATS",
    "SGNSResult",
    "finite_difference_gradient",
    "log_sigmoid",
    "negative_sampling_distribution",
    "sgns_gradients",
    "sgns_loss",
    "sgns_step",
    "sgns_vectors",
    "sigmoid",
    "skipgram_pairs",
    "subsample_keep_probability",
    "train_sgns",
]
