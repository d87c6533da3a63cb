"""Benchmarks and what they measure: analogy and similarity sets, agreement with people, bias, hubness (notebooks 05–06)."""

from helpers.evaluation.agreement import (
    agreement_figure,
    agreement_table,
    largest_disagreements,
)
from helpers.evaluation.benchmarks import (
    google_analogies,
    simlex999,
    wordsim353,
)
from helpers.evaluation.bias import (
    GENDER_PAIRS,
    association,
    direction,
    projection,
    weat_effect_size,
    weat_p_value,
)
from helpers.evaluation.hubness import (
    k_occurrence,
    skewness,
)

__all__ = [
    "GENDER_PAIRS",
    "agreement_figure",
    "agreement_table",
    "association",
    "direction",
    "google_analogies",
    "k_occurrence",
    "largest_disagreements",
    "projection",
    "simlex999",
    "skewness",
    "weat_effect_size",
    "weat_p_value",
    "wordsim353",
]
