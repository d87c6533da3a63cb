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

# ---- 5.2 spearman -------------------------------------------------------------------------


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


# ---- 5.3 human_agreement ------------------------------------------------------------------


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


# ---- 5.1 pca ------------------------------------------------------------------------------


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
    ("5.1", pca_not_centred, "Centre first"),
    ("5.1", pca_onto_u, "U's columns are the coordinates divided by the singular values"),
    ("5.1", pca_transposed, "One row per point"),
    ("5.1", pca_each_row_centred, "not each row's own mean"),
    ("5.1", pca_columns_of_vt, "the ROWS of Vt"),
    ("5.1", pca_ratio_not_squared, "singular value SQUARED"),
    ("5.1", pca_ratio_of_kept, "ALL components"),
    ("5.1", pca_variances, "divide each by their total"),
    ("5.2", spearman_raw_pearson, "Pearson's correlation of the raw values"),
    ("5.2", spearman_no_tie_average, "Tied values must share one rank"),
    ("5.2", spearman_argsort, "not each value's rank"),
    ("5.2", spearman_shortcut, "exact only without ties"),
    ("5.3", agreement_unknown_as_zero, "must be left out"),
    ("5.3", agreement_unknown_as_row_zero, "must be left out"),
    ("5.3", agreement_first_word_only, "both of its words are known"),
    ("5.3", agreement_pearson, "the agreement is Spearman's ρ"),
    ("5.3", agreement_dot, "Compare by cosine"),
]


# ---- 5.4 glove_loss_and_gradients --------------------------------------------------------


def _glove_parts(w, w_context, b, b_context, rows, cols, counts, x_max, alpha):  # type: ignore[no-untyped-def]
    seen = counts > 0
    return rows[seen], cols[seen], counts[seen]


def _sums(w, rows, cols, coefficient, w_context):  # type: ignore[no-untyped-def]
    grad_w, grad_w_context = np.zeros_like(w), np.zeros_like(w_context)
    np.add.at(grad_w, rows, coefficient[:, None] * w_context[cols])
    np.add.at(grad_w_context, cols, coefficient[:, None] * w[rows])
    grad_b = np.bincount(rows, coefficient, minlength=len(w))
    grad_b_context = np.bincount(cols, coefficient, minlength=len(w))
    return grad_w, grad_w_context, grad_b, grad_b_context


def glove_right(w, w_context, b, b_context, rows, cols, counts, x_max=100.0, alpha=0.75):  # type: ignore[no-untyped-def]
    """A loop over the seen pairs, one pair at a time."""
    loss = 0.0
    grads = [np.zeros_like(w), np.zeros_like(w_context), np.zeros_like(b), np.zeros_like(b_context)]
    for i, j, x in zip(rows, cols, counts, strict=True):
        if x == 0:
            continue
        f = min(1.0, (x / x_max) ** alpha)
        e = w[i] @ w_context[j] + b[i] + b_context[j] - np.log(x)
        loss += f * e**2
        grads[0][i] += 2 * f * e * w_context[j]
        grads[1][j] += 2 * f * e * w[i]
        grads[2][i] += 2 * f * e
        grads[3][j] += 2 * f * e
    return float(loss), *grads


def glove_no_weight(w, w_context, b, b_context, rows, cols, counts, x_max=100.0, alpha=0.75):  # type: ignore[no-untyped-def]
    """Forgets the weight f: every seen pair counts the same."""
    rows, cols, counts = _glove_parts(w, w_context, b, b_context, rows, cols, counts, x_max, alpha)
    error = np.sum(w[rows] * w_context[cols], axis=1) + b[rows] + b_context[cols] - np.log(counts)
    return float(np.sum(error**2)), *_sums(w, rows, cols, 2 * error, w_context)


def glove_log_of_zero(w, w_context, b, b_context, rows, cols, counts, x_max=100.0, alpha=0.75):  # type: ignore[no-untyped-def]
    """Sums over every entry given, the zero counts (log 0 = −∞) included."""
    with np.errstate(all="ignore"):
        weight = np.minimum(1.0, (counts / x_max) ** alpha)
        error = (
            np.sum(w[rows] * w_context[cols], axis=1) + b[rows] + b_context[cols] - np.log(counts)
        )
        coefficient = 2 * weight * error
        return float(np.sum(weight * error**2)), *_sums(w, rows, cols, coefficient, w_context)


def glove_log1p(w, w_context, b, b_context, rows, cols, counts, x_max=100.0, alpha=0.75):  # type: ignore[no-untyped-def]
    """Dodges log 0 by fitting log(1 + X) on every entry."""
    weight = np.minimum(1.0, (counts / x_max) ** alpha)
    error = np.sum(w[rows] * w_context[cols], axis=1) + b[rows] + b_context[cols] - np.log1p(counts)
    return float(np.sum(weight * error**2)), *_sums(w, rows, cols, 2 * weight * error, w_context)


def glove_no_factor_two(w, w_context, b, b_context, rows, cols, counts, x_max=100.0, alpha=0.75):  # type: ignore[no-untyped-def]
    """Differentiates f e² as f e: every gradient half as large."""
    rows, cols, counts = _glove_parts(w, w_context, b, b_context, rows, cols, counts, x_max, alpha)
    weight = np.minimum(1.0, (counts / x_max) ** alpha)
    error = np.sum(w[rows] * w_context[cols], axis=1) + b[rows] + b_context[cols] - np.log(counts)
    return float(np.sum(weight * error**2)), *_sums(w, rows, cols, weight * error, w_context)


def glove_unweighted_gradients(  # type: ignore[no-untyped-def]
    w, w_context, b, b_context, rows, cols, counts, x_max=100.0, alpha=0.75
):
    """Weights the loss by f but leaves f out of the gradients (`g = 2 * error`)."""
    rows, cols, counts = _glove_parts(w, w_context, b, b_context, rows, cols, counts, x_max, alpha)
    weight = np.minimum(1.0, (counts / x_max) ** alpha)
    error = np.sum(w[rows] * w_context[cols], axis=1) + b[rows] + b_context[cols] - np.log(counts)
    return float(np.sum(weight * error**2)), *_sums(w, rows, cols, 2 * error, w_context)


def glove_no_biases(w, w_context, b, b_context, rows, cols, counts, x_max=100.0, alpha=0.75):  # type: ignore[no-untyped-def]
    """Leaves the two biases out of the error (and their gradients at 0)."""
    rows, cols, counts = _glove_parts(w, w_context, b, b_context, rows, cols, counts, x_max, alpha)
    weight = np.minimum(1.0, (counts / x_max) ** alpha)
    error = np.sum(w[rows] * w_context[cols], axis=1) - np.log(counts)
    grad_w, grad_w_context, _, _ = _sums(w, rows, cols, 2 * weight * error, w_context)
    return (
        float(np.sum(weight * error**2)),
        grad_w,
        grad_w_context,
        np.zeros_like(b),
        np.zeros_like(b),
    )


def glove_uncapped(w, w_context, b, b_context, rows, cols, counts, x_max=100.0, alpha=0.75):  # type: ignore[no-untyped-def]
    """Weights by (X / x_max)^α without the cap at 1."""
    rows, cols, counts = _glove_parts(w, w_context, b, b_context, rows, cols, counts, x_max, alpha)
    weight = (counts / x_max) ** alpha
    error = np.sum(w[rows] * w_context[cols], axis=1) + b[rows] + b_context[cols] - np.log(counts)
    return float(np.sum(weight * error**2)), *_sums(w, rows, cols, 2 * weight * error, w_context)


def glove_fancy_index_add(w, w_context, b, b_context, rows, cols, counts, x_max=100.0, alpha=0.75):  # type: ignore[no-untyped-def]
    """Adds with grad[rows] += ..., which keeps one contribution per repeated word."""
    rows, cols, counts = _glove_parts(w, w_context, b, b_context, rows, cols, counts, x_max, alpha)
    weight = np.minimum(1.0, (counts / x_max) ** alpha)
    error = np.sum(w[rows] * w_context[cols], axis=1) + b[rows] + b_context[cols] - np.log(counts)
    coefficient = 2 * weight * error
    grads = [np.zeros_like(w), np.zeros_like(w_context), np.zeros_like(b), np.zeros_like(b)]
    grads[0][rows] += coefficient[:, None] * w_context[cols]
    grads[1][cols] += coefficient[:, None] * w[rows]
    grads[2][rows] += coefficient
    grads[3][cols] += coefficient
    return float(np.sum(weight * error**2)), *grads


# ---- 5.5 train_glove ------------------------------------------------------------------------


def _gradients(params, rows, cols, counts, x_max, alpha):  # type: ignore[no-untyped-def]
    from helpers.counting.glove import glove_loss_and_gradients

    w, w_context, b, b_context = params
    return glove_loss_and_gradients(w, w_context, b, b_context, rows, cols, counts, x_max, alpha)


def _batches(n, batch_size):  # type: ignore[no-untyped-def]
    return [slice(i, i + batch_size) for i in range(0, n, batch_size)]


def train_right(  # type: ignore[no-untyped-def]
    w, w_context, b, b_context, rows, cols, counts, epochs, lr, batch_size, x_max=100.0, alpha=0.75
):
    """AdaGrad written parameter by parameter, with its own gradients (the loop of glove_right)."""
    w, wc, b, bc = (np.array(p, dtype=float) for p in (w, w_context, b, b_context))
    sums = [np.zeros_like(w), np.zeros_like(wc), np.zeros_like(b), np.zeros_like(bc)]
    losses = []
    for _ in range(epochs):
        total = 0.0
        for start in range(0, len(counts), batch_size):
            end = min(start + batch_size, len(counts))
            part = (rows[start:end], cols[start:end], counts[start:end], x_max, alpha)
            loss, gw, gwc, gb, gbc = glove_right(w, wc, b, bc, *part)
            total += loss
            for s, g in zip(sums, (gw, gwc, gb, gbc), strict=True):
                s += g * g
            w = w - lr * gw / np.sqrt(sums[0] + 1e-8)
            wc = wc - lr * gwc / np.sqrt(sums[1] + 1e-8)
            b = b - lr * gb / np.sqrt(sums[2] + 1e-8)
            bc = bc - lr * gbc / np.sqrt(sums[3] + 1e-8)
        losses.append(total)
    return (w, wc, b, bc), losses


def _adagrad(params, rows, cols, counts, epochs, lr, batch_size, x_max, alpha, step, batches=None):  # type: ignore[no-untyped-def]
    params = [np.array(p, dtype=float) for p in params]
    sums = [np.zeros_like(p) for p in params]
    losses = []
    for _ in range(epochs):
        total = 0.0
        for s in batches or _batches(len(counts), batch_size):
            loss, *grads = _gradients(params, rows[s], cols[s], counts[s], x_max, alpha)
            total += loss
            for k in range(4):
                params[k], sums[k] = step(params[k], grads[k], sums[k], lr)
        losses.append(total)
    return tuple(params), losses


def _adagrad_step(p, g, s, lr):  # type: ignore[no-untyped-def]
    s = s + g**2
    return p - lr * g / np.sqrt(s + 1e-8), s


def train_no_square_root(  # type: ignore[no-untyped-def]
    w, w_context, b, b_context, rows, cols, counts, epochs, lr, batch_size, x_max=100.0, alpha=0.75
):
    """Divides by the summed squares G itself, not by its square root."""

    def step(p, g, s, lr):  # type: ignore[no-untyped-def]
        s = s + g**2
        return p - lr * g / (s + 1e-8), s

    params = (w, w_context, b, b_context)
    return _adagrad(params, rows, cols, counts, epochs, lr, batch_size, x_max, alpha, step)


def train_epsilon_outside_the_root(  # type: ignore[no-untyped-def]
    w, w_context, b, b_context, rows, cols, counts, epochs, lr, batch_size, x_max=100.0, alpha=0.75
):
    """Divides by √G + 1e-8 (PyTorch's and Keras's form), not the text's √(G + 1e-8)."""

    def step(p, g, s, lr):  # type: ignore[no-untyped-def]
        s = s + g**2
        return p - lr * g / (np.sqrt(s) + 1e-8), s

    params = (w, w_context, b, b_context)
    return _adagrad(params, rows, cols, counts, epochs, lr, batch_size, x_max, alpha, step)


def train_shuffled_with_global_random(  # type: ignore[no-untyped-def]
    w, w_context, b, b_context, rows, cols, counts, epochs, lr, batch_size, x_max=100.0, alpha=0.75
):
    """Shuffles the entries every epoch with np.random.permutation (the text walks them in order)."""
    params = [np.array(p, dtype=float) for p in (w, w_context, b, b_context)]
    sums = [np.zeros_like(p) for p in params]
    losses = []
    for _ in range(epochs):
        order = np.random.permutation(len(counts))  # noqa: NPY002 (the mistake itself)
        r, c, x = rows[order], cols[order], counts[order]
        total = 0.0
        for s in _batches(len(counts), batch_size):
            loss, *grads = _gradients(params, r[s], c[s], x[s], x_max, alpha)
            total += loss
            for k in range(4):
                params[k], sums[k] = _adagrad_step(params[k], grads[k], sums[k], lr)
        losses.append(total)
    return tuple(params), losses


def train_not_accumulated(  # type: ignore[no-untyped-def]
    w, w_context, b, b_context, rows, cols, counts, epochs, lr, batch_size, x_max=100.0, alpha=0.75
):
    """Replaces G by this step's squared gradient instead of adding to it."""

    def step(p, g, s, lr):  # type: ignore[no-untyped-def]
        s = g**2
        return p - lr * g / np.sqrt(s + 1e-8), s

    params = (w, w_context, b, b_context)
    return _adagrad(params, rows, cols, counts, epochs, lr, batch_size, x_max, alpha, step)


def train_plain_sgd(  # type: ignore[no-untyped-def]
    w, w_context, b, b_context, rows, cols, counts, epochs, lr, batch_size, x_max=100.0, alpha=0.75
):
    """Plain gradient descent: the AdaGrad sums are never used."""

    def step(p, g, s, lr):  # type: ignore[no-untyped-def]
        return p - lr * g, s

    params = (w, w_context, b, b_context)
    return _adagrad(params, rows, cols, counts, epochs, lr, batch_size, x_max, alpha, step)


def train_drop_last_batch(  # type: ignore[no-untyped-def]
    w, w_context, b, b_context, rows, cols, counts, epochs, lr, batch_size, x_max=100.0, alpha=0.75
):
    """Steps through full batches only, so the last, shorter one is never trained on."""
    params = (w, w_context, b, b_context)
    full = [slice(i, i + batch_size) for i in range(0, len(counts) - batch_size + 1, batch_size)]
    return _adagrad(
        params, rows, cols, counts, epochs, lr, batch_size, x_max, alpha, _adagrad_step, full
    )


def train_gradients_once(  # type: ignore[no-untyped-def]
    w, w_context, b, b_context, rows, cols, counts, epochs, lr, batch_size, x_max=100.0, alpha=0.75
):
    """Computes each batch's gradients once, before the loop, and steps with those stale ones."""
    params = [np.array(p, dtype=float) for p in (w, w_context, b, b_context)]
    sums = [np.zeros_like(p) for p in params]
    batches = _batches(len(counts), batch_size)
    first = [_gradients(params, rows[s], cols[s], counts[s], x_max, alpha) for s in batches]
    losses = []
    for _ in range(epochs):
        losses.append(sum(f[0] for f in first))
        for _loss, *grads in first:
            for k in range(4):
                params[k], sums[k] = _adagrad_step(params[k], grads[k], sums[k], lr)
    return tuple(params), losses


def train_sequential_updates(  # type: ignore[no-untyped-def]
    w, w_context, b, b_context, rows, cols, counts, epochs, lr, batch_size, x_max=100.0, alpha=0.75
):
    """Recomputes the gradients after each parameter's update, so they mix old and new."""
    params = [np.array(p, dtype=float) for p in (w, w_context, b, b_context)]
    sums = [np.zeros_like(p) for p in params]
    losses = []
    for _ in range(epochs):
        total = 0.0
        for s in _batches(len(counts), batch_size):
            part = (rows[s], cols[s], counts[s], x_max, alpha)
            total += _gradients(params, *part)[0]
            for k in range(4):
                g = _gradients(params, *part)[k + 1]
                params[k], sums[k] = _adagrad_step(params[k], g, sums[k], lr)
        losses.append(total)
    return tuple(params), losses


def train_in_place(  # type: ignore[no-untyped-def]
    w, w_context, b, b_context, rows, cols, counts, epochs, lr, batch_size, x_max=100.0, alpha=0.75
):
    """Updates the arrays it was given in place (the caller's starting point changes)."""
    params = (w, w_context, b, b_context)
    sums = [np.zeros_like(p) for p in params]
    losses = []
    for _ in range(epochs):
        total = 0.0
        for s in _batches(len(counts), batch_size):
            loss, *grads = _gradients(params, rows[s], cols[s], counts[s], x_max, alpha)
            total += loss
            for p, g, g2 in zip(params, grads, sums, strict=True):
                g2 += g**2
                p -= lr * g / np.sqrt(g2 + 1e-8)
        losses.append(total)
    return tuple(params), losses


WRONG += [
    ("5.4", glove_no_weight, "weight each squared error by f"),
    ("5.4", glove_log_of_zero, "leave the zero counts out"),
    ("5.4", glove_log1p, "not log(1 + X_ij)"),
    ("5.4", glove_no_factor_two, "a factor 2"),
    ("5.4", glove_no_biases, "the two biases belong in it"),
    ("5.4", glove_uncapped, "f is capped at 1"),
    ("5.4", glove_fancy_index_add, "collects the sum of their contributions"),
    ("5.4", glove_unweighted_gradients, "not 2 e_ij"),
    ("5.5", train_no_square_root, "SQUARE ROOT"),
    ("5.5", train_epsilon_outside_the_root, "ε inside the root"),
    ("5.5", train_shuffled_with_global_random, "no shuffling"),
    ("5.5", train_not_accumulated, "G must accumulate"),
    ("5.5", train_plain_sgd, "plain gradient descent"),
    ("5.5", train_gradients_once, "computed once, before the loop"),
    ("5.5", train_sequential_updates, "Compute all four gradients at the same parameters"),
    ("5.5", train_in_place, "in place"),
    ("5.5", train_drop_last_batch, "The last batch of each epoch is shorter"),
]
