"""Known realistic mistakes of notebook projection's exercises: wrong answers a learner writes.

Each entry of :data:`WRONG` is ``(exercise key, wrong function, phrase)``: the phrase its check
must answer with, true for that mistake. The exercise's record
(:attr:`helpers.exercises.registry.Exercise.mistakes`) reads them from here; the exercise
tests, the teacher guide and the graded edition read the record.
"""

from __future__ import annotations

import numpy as np

# ---- 3.1 embed_by_matmul ------------------------------------------------------------------


def _one_hot(ids, n):  # type: ignore[no-untyped-def]
    x = np.zeros((len(ids), n))
    for row, i in enumerate(ids):
        x[row, i] = 1.0
    return x


def embed_whole_matrix(ids, W):  # type: ignore[no-untyped-def]
    return W.copy()


def embed_transposed(ids, W):  # type: ignore[no-untyped-def]
    return (_one_hot(ids, W.shape[0]) @ W).T


def embed_bag_of_words(ids, W):  # type: ignore[no-untyped-def]
    return _one_hot(ids, W.shape[0]).sum(axis=0) @ W


def embed_unique_ids(ids, W):  # type: ignore[no-untyped-def]
    return _one_hot(np.unique(ids), W.shape[0]) @ W


def embed_correct(ids, W):  # type: ignore[no-untyped-def]
    return _one_hot(ids, W.shape[0]) @ W


# ---- 3.2 gaussian_projection_matrix --------------------------------------------------------


def gaussian_unscaled(n, d, seed):  # type: ignore[no-untyped-def]
    return np.random.default_rng(seed).normal(size=(n, d))


def gaussian_scale_one_over_d(n, d, seed):  # type: ignore[no-untyped-def]
    return np.random.default_rng(seed).normal(0.0, 1.0 / d, size=(n, d))


def gaussian_d_by_n(n, d, seed):  # type: ignore[no-untyped-def]
    return np.random.default_rng(seed).normal(size=(d, n)) / np.sqrt(d)


def gaussian_unseeded(n, d, seed):  # type: ignore[no-untyped-def]
    return np.random.default_rng().normal(size=(n, d)) / np.sqrt(d)


def gaussian_uniform(n, d, seed):  # type: ignore[no-untyped-def]
    return np.random.default_rng(seed).random((n, d)) / np.sqrt(d)


def gaussian_correct(n, d, seed):  # type: ignore[no-untyped-def]
    return np.random.default_rng(seed).standard_normal((n, d)) / np.sqrt(d)


def gaussian_correct_drawn_transposed(n, d, seed):  # type: ignore[no-untyped-def]
    return (np.random.default_rng(seed).standard_normal((d, n)) * d**-0.5).T


# ---- 3.3 distance_ratios -------------------------------------------------------------------


def _distances(A, pairs):  # type: ignore[no-untyped-def]
    return np.array([np.sqrt(((A[i] - A[j]) ** 2).sum()) for i, j in pairs])


def ratios_squared(X, Y, pairs):  # type: ignore[no-untyped-def]
    return (_distances(Y, pairs) / _distances(X, pairs)) ** 2


def ratios_inverted(X, Y, pairs):  # type: ignore[no-untyped-def]
    return _distances(X, pairs) / _distances(Y, pairs)


def ratios_difference(X, Y, pairs):  # type: ignore[no-untyped-def]
    return _distances(Y, pairs) - _distances(X, pairs)


def ratios_mean(X, Y, pairs):  # type: ignore[no-untyped-def]
    return float(np.mean(_distances(Y, pairs) / _distances(X, pairs)))


def ratios_manhattan(X, Y, pairs):  # type: ignore[no-untyped-def]
    def l1(A):  # type: ignore[no-untyped-def]
        return np.array([np.abs(A[i] - A[j]).sum() for i, j in pairs])

    return l1(Y) / l1(X)


def ratios_correct(X, Y, pairs):  # type: ignore[no-untyped-def]
    return _distances(Y, pairs) / _distances(X, pairs)


# ---- 3.4 svd_word_vectors ------------------------------------------------------------------


def svd_precedence_bug(M, d, p):  # type: ignore[no-untyped-def]
    U, s, _ = np.linalg.svd(M, full_matrices=False)
    return U[:, :d] @ np.diag(s[:d]) ** p


def svd_context_side(M, d, p):  # type: ignore[no-untyped-def]
    _, s, Vt = np.linalg.svd(M, full_matrices=False)
    return Vt[:d].T * s[:d] ** p


def svd_without_weights(M, d, p):  # type: ignore[no-untyped-def]
    U, _, _ = np.linalg.svd(M, full_matrices=False)
    return U[:, :d]


def svd_sigma_not_powered(M, d, p):  # type: ignore[no-untyped-def]
    U, s, _ = np.linalg.svd(M, full_matrices=False)
    return U[:, :d] * s[:d]


def svd_all_directions(M, d, p):  # type: ignore[no-untyped-def]
    U, s, _ = np.linalg.svd(M, full_matrices=False)
    return U * s**p


def svd_correct_by_eigh(M, d, p):  # type: ignore[no-untyped-def]
    """Independent: eigenvectors of M Mᵀ (other signs than np.linalg.svd's)."""
    values, vectors = np.linalg.eigh(M @ M.T)
    order = np.argsort(values)[::-1][:d]
    sigma = np.sqrt(np.maximum(values[order], 0.0))
    return -vectors[:, order] * sigma**p


# ---- 3.5 learned_projection_matrix --------------------------------------------------------


def learned_sigma_p(M, d, p):  # type: ignore[no-untyped-def]
    _, s, Vt = np.linalg.svd(M, full_matrices=False)
    return Vt[:d].T * s[:d] ** p


def learned_columns_of_vt(M, d, p):  # type: ignore[no-untyped-def]
    _, s, Vt = np.linalg.svd(M, full_matrices=False)
    return Vt[:, :d] * s[:d] ** (p - 1)


def learned_word_side(M, d, p):  # type: ignore[no-untyped-def]
    U, s, _ = np.linalg.svd(M, full_matrices=False)
    return U[:, :d] * s[:d] ** (p - 1)


def learned_not_transposed(M, d, p):  # type: ignore[no-untyped-def]
    _, s, Vt = np.linalg.svd(M, full_matrices=False)
    return Vt[:d] * (s[:d] ** (p - 1))[:, None]


def learned_v_only(M, d, p):  # type: ignore[no-untyped-def]
    _, _, Vt = np.linalg.svd(M, full_matrices=False)
    return Vt[:d].T


def learned_correct_by_eigh(M, d, p):  # type: ignore[no-untyped-def]
    """Independent: eigenvectors of Mᵀ M (other signs than np.linalg.svd's)."""
    values, vectors = np.linalg.eigh(M.T @ M)
    order = np.argsort(values)[::-1][:d]
    return -vectors[:, order] * np.sqrt(values[order]) ** (p - 1)


WRONG = [
    ("3.1", embed_whole_matrix, "That is all of W"),
    ("3.1", embed_transposed, "The result is transposed"),
    ("3.1", embed_bag_of_words, "a bag of words"),
    ("3.1", embed_unique_ids, "repeats included"),
    ("3.2", gaussian_unscaled, "variance 1, so a projected squared length"),
    ("3.2", gaussian_scale_one_over_d, "standard deviation 1/d"),
    ("3.2", gaussian_d_by_n, "Your matrix is d × n"),
    ("3.2", gaussian_unseeded, "make the generator from the `seed` argument"),
    ("3.2", gaussian_uniform, "Every entry is non-negative"),
    ("3.3", ratios_squared, "ratios of squared distances"),
    ("3.3", ratios_inverted, "upside down"),
    ("3.3", ratios_difference, "difference of the distances"),
    ("3.3", ratios_mean, "not their mean"),
    ("3.3", ratios_manhattan, "Euclidean distance"),
    ("3.4", svd_precedence_bug, "0 ** 0 = 1"),
    ("3.4", svd_context_side, "You used V"),
    ("3.4", svd_without_weights, "U_d alone"),
    ("3.4", svd_sigma_not_powered, "σ instead of σ to the power p"),
    ("3.4", svd_all_directions, "Keep only the first d directions"),
    ("3.5", learned_sigma_p, "needs the power p − 1"),
    ("3.5", learned_columns_of_vt, "takes columns of Vt"),
    ("3.5", learned_word_side, "use V (from Vt), not U"),
    ("3.5", learned_not_transposed, "The result is transposed"),
    ("3.5", learned_v_only, "V_d alone"),
]


def svd_first_rows(M, d, p):  # type: ignore[no-untyped-def]
    """Takes the first d rows of U (`U[:d]`) instead of its first d columns."""
    U, s, _ = np.linalg.svd(M, full_matrices=False)
    return U[:d] * s[: U.shape[1]] ** p


WRONG += [("3.4", svd_first_rows, "not its first d rows")]


def gaussian_variance_one_over_n(n, d, seed):  # type: ignore[no-untyped-def]
    """Scales the entries by 1/√n (the input dimension) instead of 1/√d."""
    return np.random.default_rng(seed).normal(0.0, 1.0 / np.sqrt(n), size=(n, d))


WRONG += [("3.2", gaussian_variance_one_over_n, "variance 1/n")]
