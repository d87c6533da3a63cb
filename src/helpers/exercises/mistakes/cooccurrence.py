"""Known realistic mistakes of notebook cooccurrence's exercises: wrong answers a learner writes.

Each entry of :data:`WRONG` is ``(exercise key, wrong function, phrase)``: the phrase its check
must answer with, true for that mistake. The exercise's record
(:attr:`helpers.exercises.registry.Exercise.mistakes`) reads them from here; the exercise
tests, the teacher guide and the graded edition read the record.
"""

from __future__ import annotations

import math

import numpy as np

# ---- 2.1 count_cooccurrences --------------------------------------------------------------


def _counts(sentences, vocab_size, window, lo, hi, *, keep_self=False, assign=False):  # type: ignore[no-untyped-def]
    """Loops in the learner's style; lo(i) and hi(i, n) give the range of positions j."""
    X = np.zeros((vocab_size, vocab_size))
    for sentence in sentences:
        for i in range(len(sentence)):
            for j in range(lo(i), hi(i, len(sentence))):
                if j == i and not keep_self:
                    continue
                if assign:
                    X[sentence[i], sentence[j]] = 1
                else:
                    X[sentence[i], sentence[j]] += 1
    return X


def counts_right_only(sentences, vocab_size, window):  # type: ignore[no-untyped-def]
    return _counts(
        sentences, vocab_size, window, lambda i: i + 1, lambda i, n: min(n, i + window + 1)
    )


def counts_window_end_short(sentences, vocab_size, window):  # type: ignore[no-untyped-def]
    # range(i - window, i + window): the end of a range is not included
    return _counts(
        sentences, vocab_size, window, lambda i: max(0, i - window), lambda i, n: min(n, i + window)
    )


def counts_strictly_inside(sentences, vocab_size, window):  # type: ignore[no-untyped-def]
    # abs(i - j) < window instead of <=
    return _counts(
        sentences,
        vocab_size,
        window,
        lambda i: max(0, i - window + 1),
        lambda i, n: min(n, i + window),
    )


def counts_negative_index(sentences, vocab_size, window):  # type: ignore[no-untyped-def]
    # no max(0, ...): at a sentence start j < 0 wraps around to the sentence's end
    return _counts(
        sentences, vocab_size, window, lambda i: i - window, lambda i, n: min(n, i + window + 1)
    )


def counts_with_self(sentences, vocab_size, window):  # type: ignore[no-untyped-def]
    return _counts(
        sentences,
        vocab_size,
        window,
        lambda i: max(0, i - window),
        lambda i, n: min(n, i + window + 1),
        keep_self=True,
    )


def counts_assigned(sentences, vocab_size, window):  # type: ignore[no-untyped-def]
    return _counts(
        sentences,
        vocab_size,
        window,
        lambda i: max(0, i - window),
        lambda i, n: min(n, i + window + 1),
        assign=True,
    )


def counts_across_sentences(sentences, vocab_size, window):  # type: ignore[no-untyped-def]
    stream = [[int(t) for s in sentences for t in s]]
    return counts_correct(stream, vocab_size, window)


def counts_not_clipped_right(sentences, vocab_size, window):  # type: ignore[no-untyped-def]
    return _counts(
        sentences, vocab_size, window, lambda i: max(0, i - window), lambda i, n: i + window + 1
    )


def counts_correct(sentences, vocab_size, window):  # type: ignore[no-untyped-def]
    """Independently written: every pair (i, j) with 0 < j - i <= window, counted both ways."""
    X = np.zeros((vocab_size, vocab_size), dtype=int)
    for sentence in sentences:
        s = list(sentence)
        for i in range(len(s)):
            for j in range(i + 1, min(len(s), i + window + 1)):
                X[s[i], s[j]] += 1
                X[s[j], s[i]] += 1
    return X


# ---- 2.2 ppmi -----------------------------------------------------------------------------


def _ppmi(table, alpha, *, smooth_alpha=None, clip=True, log=np.log, zero_safe=True, words=False):  # type: ignore[no-untyped-def]
    a = alpha if smooth_alpha is None else smooth_alpha
    n = table.sum()
    p_w = table.sum(axis=1, keepdims=True) / n
    p_c = table.sum(axis=0) ** a / (table.sum(axis=0) ** a).sum()
    if words:
        p_w = table.sum(axis=1, keepdims=True) ** a
        p_w = p_w / p_w.sum()
        p_c = table.sum(axis=0) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = log(table / n / (p_w * p_c))
    if not clip:
        return np.where(table > 0, pmi, 0.0) if zero_safe else pmi
    out = np.maximum(pmi, 0.0)
    return np.where(table > 0, out, 0.0) if zero_safe else out


def ppmi_no_smoothing(table, alpha):  # type: ignore[no-untyped-def]
    return _ppmi(table, alpha, smooth_alpha=1.0)


def ppmi_negative_kept(table, alpha):  # type: ignore[no-untyped-def]
    return _ppmi(table, alpha, clip=False)


def ppmi_nan_on_zero_row(table, alpha):  # type: ignore[no-untyped-def]
    # the version with only errstate(divide="ignore"): 0 / 0 in an all-zero row stays NaN
    return _ppmi(table, alpha, zero_safe=False)


def ppmi_log2(table, alpha):  # type: ignore[no-untyped-def]
    return _ppmi(table, alpha, log=np.log2)


def ppmi_smooth_words(table, alpha):  # type: ignore[no-untyped-def]
    return _ppmi(table, alpha, words=True)


def ppmi_smoothed_probabilities(table, alpha):  # type: ignore[no-untyped-def]
    # (n(c) / N) ** alpha: no longer a distribution
    n = table.sum()
    p_w = table.sum(axis=1, keepdims=True) / n
    p_c = (table.sum(axis=0) / n) ** alpha
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(table / n / (p_w * p_c))
    return np.where(table > 0, np.maximum(pmi, 0.0), 0.0)


def ppmi_correct(table, alpha):  # type: ignore[no-untyped-def]
    """Independently written with Python floats and math.log, cell by cell."""
    rows, cols = table.shape
    total = float(table.sum())
    row_sum = table.sum(axis=1)
    smoothed = [float(table[:, j].sum()) ** alpha for j in range(cols)]
    out = np.zeros((rows, cols))
    for i in range(rows):
        for j in range(cols):
            if table[i, j] > 0:
                ratio = (table[i, j] / total) / (row_sum[i] / total * smoothed[j] / sum(smoothed))
                out[i, j] = max(0.0, math.log(ratio))
    return out


# ---- 2.3 nearest_rows ---------------------------------------------------------------------


def _cosines(matrix, row):  # type: ignore[no-untyped-def]
    return matrix @ matrix[row] / (np.linalg.norm(matrix, axis=1) * np.linalg.norm(matrix[row]))


def nearest_query_kept(matrix, row, k):  # type: ignore[no-untyped-def]
    return list(np.argsort(-_cosines(matrix, row), kind="stable")[:k])


def nearest_by_dot(matrix, row, k):  # type: ignore[no-untyped-def]
    scores = matrix @ matrix[row]
    scores[row] = -np.inf
    return list(np.argsort(-scores, kind="stable")[:k])


def nearest_query_normalised_only(matrix, row, k):  # type: ignore[no-untyped-def]
    scores = matrix @ (matrix[row] / np.linalg.norm(matrix[row]))
    scores[row] = -np.inf
    return list(np.argsort(-scores, kind="stable")[:k])


def nearest_least_similar(matrix, row, k):  # type: ignore[no-untyped-def]
    scores = _cosines(matrix, row)
    scores[row] = np.inf
    return list(np.argsort(scores, kind="stable")[:k])


def nearest_by_distance(matrix, row, k):  # type: ignore[no-untyped-def]
    distance = np.linalg.norm(matrix - matrix[row], axis=1)
    distance[row] = np.inf
    return list(np.argsort(distance, kind="stable")[:k])


def nearest_scores(matrix, row, k):  # type: ignore[no-untyped-def]
    scores = _cosines(matrix, row)
    scores[row] = -np.inf
    return np.sort(scores)[::-1][:k]


def nearest_one_too_many(matrix, row, k):  # type: ignore[no-untyped-def]
    return list(np.argsort(-_cosines(matrix, row), kind="stable")[1 : k + 2])


def nearest_correct(matrix, row, k):  # type: ignore[no-untyped-def]
    """Independently written: unit rows, a Python sort; equal cosines in any order is fine."""
    unit = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    scores = unit @ unit[row]
    others = [j for j in range(len(matrix)) if j != row]
    others.sort(key=lambda j: (-round(float(scores[j]), 12), -j))  # ties: HIGHER index first
    return others[:k]


WRONG = [
    ("2.1", counts_right_only, "you look to one side only"),
    ("2.1", counts_window_end_short, "misses its last position on one side"),
    ("2.1", counts_strictly_inside, "one position too short on each side"),
    ("2.1", counts_negative_index, "a negative index counts from the END"),
    ("2.1", counts_with_self, "a token is never its own context"),
    ("2.1", counts_assigned, "Count every occurrence"),
    ("2.1", counts_across_sentences, "Windows must stop at the end of a sentence"),
    ("2.1", counts_not_clipped_right, "the window stops at the sentence's first and last word"),
    ("2.2", ppmi_no_smoothing, "That is PPMI without smoothing"),
    ("2.2", ppmi_negative_kept, "PPMI keeps the positive part"),
    ("2.2", ppmi_nan_on_zero_row, "an all-zero row) gives 0 / 0 = NaN"),
    ("2.2", ppmi_log2, "natural logarithm"),
    ("2.2", ppmi_smooth_words, "not to the words"),
    ("2.2", ppmi_smoothed_probabilities, "must be a probability distribution"),
    ("2.3", nearest_query_kept, "leave the query row out"),
    ("2.3", nearest_by_dot, "ranks by the dot product"),
    ("2.3", nearest_query_normalised_only, "divide by the lengths of BOTH rows"),
    ("2.3", nearest_least_similar, "LEAST similar"),
    ("2.3", nearest_by_distance, "Euclidean distance"),
    ("2.3", nearest_scores, "expected a list, got"),
    ("2.3", nearest_one_too_many, "expected 3 row indices, got 4"),
]


# ---- found by the adversarial review (issue 22 §2) --------------------------------------------


def nearest_drop_first(matrix, row, k):  # type: ignore[no-untyped-def]
    """Sorts by cosine and drops the first result, assuming it is the query itself."""
    norms = np.linalg.norm(matrix, axis=1)
    cosines = matrix @ matrix[row] / (norms * norms[row])
    return [int(j) for j in np.argsort(-cosines)[1 : k + 1]]


def nearest_self_zero(matrix, row, k):  # type: ignore[no-untyped-def]
    """Scores the query 0 instead of leaving it out (it wins when every other cosine is negative)."""
    norms = np.linalg.norm(matrix, axis=1)
    cosines = matrix @ matrix[row] / (norms * norms[row])
    cosines[row] = 0.0
    return [int(j) for j in np.argsort(-cosines, kind="stable")[:k]]


def nearest_array(matrix, row, k):  # type: ignore[no-untyped-def]
    """Returns a NumPy array of row indices instead of a list."""
    norms = np.linalg.norm(matrix, axis=1)
    cosines = matrix @ matrix[row] / (norms * norms[row])
    order = np.argsort(-cosines, kind="stable")
    return order[order != row][:k]


WRONG += [
    ("2.3", nearest_drop_first, "the query itself"),
    ("2.3", nearest_self_zero, "the query itself"),
    ("2.3", nearest_array, "expected a list"),
]
