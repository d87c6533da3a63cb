"""Known realistic mistakes of notebook geometry's exercises: wrong answers a learner writes.

Each entry of :data:`WRONG` is ``(exercise key, wrong function, phrase)``: the phrase its check
must answer with, true for that mistake. The exercise's record
(:attr:`helpers.exercises.registry.Exercise.mistakes`) reads them from here; the exercise
tests, the teacher guide and the graded edition read the record.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import spearmanr
from sklearn.decomposition import PCA

# ---- 5.1 cosine ---------------------------------------------------------------------------


def cosine_precedence(u, v):  # type: ignore[no-untyped-def]
    return float(u @ v / np.linalg.norm(u) * np.linalg.norm(v))


def cosine_dot(u, v):  # type: ignore[no-untyped-def]
    return float(u @ v)


def cosine_one_norm(u, v):  # type: ignore[no-untyped-def]
    return float(u @ v / np.linalg.norm(u))


def cosine_distance(u, v):  # type: ignore[no-untyped-def]
    from scipy.spatial.distance import cosine

    return float(cosine(u, v))


def cosine_angle(u, v):  # type: ignore[no-untyped-def]
    return float(np.arccos(u @ v / (np.linalg.norm(u) * np.linalg.norm(v))))


def cosine_right(u, v):  # type: ignore[no-untyped-def]
    return float(np.sum(u * v) / np.sqrt(np.sum(u * u) * np.sum(v * v)))


# ---- 5.2 nearest --------------------------------------------------------------------------


def _top(scores, k):  # type: ignore[no-untyped-def]
    return [(int(j), float(scores[j])) for j in np.argsort(-scores, kind="stable")[:k]]


def nearest_with_itself(unit_vectors, i, k):  # type: ignore[no-untyped-def]
    return _top(unit_vectors @ unit_vectors[i], k)


def nearest_drop_first(unit_vectors, i, k):  # type: ignore[no-untyped-def]
    return _top(unit_vectors @ unit_vectors[i], k + 1)[1:]


def nearest_k_too_large(unit_vectors, i, k):  # type: ignore[no-untyped-def]
    scores = unit_vectors @ unit_vectors[i]
    scores[i] = -np.inf
    return _top(scores, k)


def nearest_ties_reversed(unit_vectors, i, k):  # type: ignore[no-untyped-def]
    scores = unit_vectors @ unit_vectors[i]
    order = [int(j) for j in np.argsort(scores)[::-1] if j != i][:k]
    return [(j, float(scores[j])) for j in order]


def nearest_renormalised(unit_vectors, i, k):  # type: ignore[no-untyped-def]
    with np.errstate(all="ignore"):
        unit = unit_vectors / np.linalg.norm(unit_vectors, axis=1, keepdims=True)
    scores = unit @ unit[i]
    order = [int(j) for j in np.argsort(-scores, kind="stable") if j != i][:k]
    return [(j, float(scores[j])) for j in order]


def nearest_right(unit_vectors, i, k):  # type: ignore[no-untyped-def]
    pairs = [(-float(unit_vectors[j] @ unit_vectors[i]), j) for j in range(len(unit_vectors))]
    return [(j, -s) for s, j in sorted(pairs) if j != i][:k]


# ---- 5.4 spearman -------------------------------------------------------------------------


def _ordinal_ranks(x):  # type: ignore[no-untyped-def]
    ranks = np.empty(len(x))
    ranks[np.argsort(x, kind="stable")] = np.arange(1, len(x) + 1)
    return ranks


def spearman_raw_pearson(x, y):  # type: ignore[no-untyped-def]
    return float(np.corrcoef(x, y)[0, 1])


def spearman_no_tie_average(x, y):  # type: ignore[no-untyped-def]
    return float(np.corrcoef(_ordinal_ranks(x), _ordinal_ranks(y))[0, 1])


def spearman_argsort(x, y):  # type: ignore[no-untyped-def]
    return float(np.corrcoef(np.argsort(x), np.argsort(y))[0, 1])


def spearman_shortcut(x, y):  # type: ignore[no-untyped-def]
    from scipy.stats import rankdata

    d = rankdata(x) - rankdata(y)
    n = len(x)
    return float(1 - 6 * np.sum(d**2) / (n * (n**2 - 1)))


def spearman_right(x, y):  # type: ignore[no-untyped-def]
    def ranks(values):  # type: ignore[no-untyped-def]
        r = _ordinal_ranks(values)
        for v in np.unique(values):
            r[values == v] = r[values == v].mean()
        return r

    rx, ry = ranks(np.asarray(x)), ranks(np.asarray(y))
    rx, ry = rx - rx.mean(), ry - ry.mean()
    return float(rx @ ry / np.sqrt((rx @ rx) * (ry @ ry)))


# ---- 5.5 human_agreement ------------------------------------------------------------------


def _cos(u, v):  # type: ignore[no-untyped-def]
    return float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))


def agreement_unknown_as_zero(vectors, words, pairs):  # type: ignore[no-untyped-def]
    index = {w: i for i, w in enumerate(words)}
    cos = [
        _cos(vectors[index[a]], vectors[index[b]]) if a in index and b in index else 0.0
        for a, b, _ in pairs
    ]
    return float(spearmanr([s for *_, s in pairs], cos).statistic), len(pairs)


def agreement_unknown_as_row_zero(vectors, words, pairs):  # type: ignore[no-untyped-def]
    index = {w: i for i, w in enumerate(words)}
    cos = [_cos(vectors[index.get(a, 0)], vectors[index.get(b, 0)]) for a, b, _ in pairs]
    return float(spearmanr([s for *_, s in pairs], cos).statistic), len(pairs)


def agreement_first_word_only(vectors, words, pairs):  # type: ignore[no-untyped-def]
    index = {w: i for i, w in enumerate(words)}
    kept = [(a, b, s) for a, b, s in pairs if a in index]
    cos = [_cos(vectors[index[a]], vectors[index.get(b, 0)]) for a, b, _ in kept]
    return float(spearmanr([s for *_, s in kept], cos).statistic), len(kept)


def _known(vectors, words, pairs):  # type: ignore[no-untyped-def]
    index = {w: i for i, w in enumerate(words)}
    kept = [(a, b, s) for a, b, s in pairs if a in index and b in index]
    return index, kept, np.array([s for *_, s in kept])


def agreement_pearson(vectors, words, pairs):  # type: ignore[no-untyped-def]
    index, kept, human = _known(vectors, words, pairs)
    cos = [_cos(vectors[index[a]], vectors[index[b]]) for a, b, _ in kept]
    return float(np.corrcoef(human, cos)[0, 1]), len(kept)


def agreement_dot(vectors, words, pairs):  # type: ignore[no-untyped-def]
    index, kept, human = _known(vectors, words, pairs)
    dots = [float(vectors[index[a]] @ vectors[index[b]]) for a, b, _ in kept]
    return float(spearmanr(human, dots).statistic), len(kept)


def agreement_right(vectors, words, pairs):  # type: ignore[no-untyped-def]
    index, kept, human = _known(vectors, words, pairs)
    cos = [_cos(vectors[index[a]], vectors[index[b]]) for a, b, _ in kept]
    return spearman_right(human, np.array(cos)), len(kept)


# ---- 5.3 pca ------------------------------------------------------------------------------


def pca_right(x, k):  # type: ignore[no-untyped-def]
    """By the eigenvectors of the covariance matrix, not the SVD."""
    centred = x - x.mean(axis=0)
    values, vectors = np.linalg.eigh(centred.T @ centred)
    order = np.argsort(values)[::-1]
    values, vectors = np.clip(values[order], 0, None), vectors[:, order]
    return centred @ vectors[:, :k], values[:k] / values.sum()


def pca_sklearn(x, k):  # type: ignore[no-untyped-def]
    model = PCA(n_components=k, svd_solver="full").fit(x)
    return model.transform(x), model.explained_variance_ratio_


def _svd(x):  # type: ignore[no-untyped-def]
    return np.linalg.svd(x, full_matrices=False)


def pca_not_centred(x, k):  # type: ignore[no-untyped-def]
    _, s, vt = _svd(x)
    return x @ vt[:k].T, (s**2 / (s**2).sum())[:k]


def pca_onto_u(x, k):  # type: ignore[no-untyped-def]
    u, s, _ = _svd(x - x.mean(axis=0))
    return u[:, :k], (s**2 / (s**2).sum())[:k]


def pca_transposed(x, k):  # type: ignore[no-untyped-def]
    centred = (x - x.mean(axis=0)).T  # points as columns
    _, s, vt = _svd(centred)
    return centred @ vt[:k].T, (s**2 / (s**2).sum())[:k]


def pca_each_row_centred(x, k):  # type: ignore[no-untyped-def]
    centred = x - x.mean(axis=1, keepdims=True)
    _, s, vt = _svd(centred)
    return centred @ vt[:k].T, (s**2 / (s**2).sum())[:k]


def pca_columns_of_vt(x, k):  # type: ignore[no-untyped-def]
    centred = x - x.mean(axis=0)
    _, s, vt = _svd(centred)
    return centred @ vt[:, :k], (s**2 / (s**2).sum())[:k]


def pca_ratio_not_squared(x, k):  # type: ignore[no-untyped-def]
    centred = x - x.mean(axis=0)
    _, s, vt = _svd(centred)
    return centred @ vt[:k].T, (s / s.sum())[:k]


def pca_ratio_of_kept(x, k):  # type: ignore[no-untyped-def]
    centred = x - x.mean(axis=0)
    _, s, vt = _svd(centred)
    return centred @ vt[:k].T, s[:k] ** 2 / (s[:k] ** 2).sum()


def pca_variances(x, k):  # type: ignore[no-untyped-def]
    centred = x - x.mean(axis=0)
    _, s, vt = _svd(centred)
    return centred @ vt[:k].T, s[:k] ** 2 / (len(x) - 1)


WRONG = [
    ("5.3", pca_not_centred, "Centre first"),
    ("5.3", pca_onto_u, "U's columns are the coordinates divided by the singular values"),
    ("5.3", pca_transposed, "One row per point"),
    ("5.3", pca_each_row_centred, "not each row's own mean"),
    ("5.3", pca_columns_of_vt, "the ROWS of Vt"),
    ("5.3", pca_ratio_not_squared, "singular value SQUARED"),
    ("5.3", pca_ratio_of_kept, "ALL components"),
    ("5.3", pca_variances, "divide each by their total"),
    ("5.1", cosine_precedence, "needs its own parentheses"),
    ("5.1", cosine_dot, "That is the dot product"),
    ("5.1", cosine_one_norm, "Only one length is divided out"),
    ("5.1", cosine_distance, "cosine distance 1 − cos"),
    ("5.1", cosine_angle, "the angle in radians"),
    ("5.2", nearest_with_itself, "The query itself is in its own answer"),
    ("5.2", nearest_drop_first, "dropping the first result is not enough"),
    ("5.2", nearest_k_too_large, "k is larger than the number of other words"),
    ("5.2", nearest_ties_reversed, "ties must keep row order"),
    ("5.2", nearest_renormalised, "A zero row"),
    ("5.4", spearman_raw_pearson, "Pearson's correlation of the raw values"),
    ("5.4", spearman_no_tie_average, "Tied values must share one rank"),
    ("5.4", spearman_argsort, "not each value's rank"),
    ("5.4", spearman_shortcut, "exact only without ties"),
    ("5.5", agreement_unknown_as_zero, "must be left out"),
    ("5.5", agreement_unknown_as_row_zero, "must be left out"),
    ("5.5", agreement_first_word_only, "both of its words are known"),
    ("5.5", agreement_pearson, "the agreement is Spearman's ρ"),
    ("5.5", agreement_dot, "Compare by cosine"),
]


# ---- found by the adversarial review (issue 22 §2) --------------------------------------------


def nearest_unstable_sort(unit_vectors, i, k):  # type: ignore[no-untyped-def]
    """Leaves row i out but sorts with NumPy's default sort, which reorders ties beyond 16 rows."""
    scores = unit_vectors @ unit_vectors[i]
    order = [int(j) for j in np.argsort(-scores) if j != i][:k]
    return [(j, float(scores[j])) for j in order]


def nearest_rounded(unit_vectors, i, k):  # type: ignore[no-untyped-def]
    """Rounds the cosines to 4 decimals, like the printed example."""
    scores = unit_vectors @ unit_vectors[i]
    order = [int(j) for j in np.argsort(-scores, kind="stable") if j != i][:k]
    return [(j, round(float(scores[j]), 4)) for j in order]


WRONG += [
    ("5.2", nearest_unstable_sort, "equal scores in row order"),
    ("5.2", nearest_rounded, "rounded to 4 decimals"),
]
