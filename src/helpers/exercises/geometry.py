"""Exercises of notebook 05 (geometry): cases, references and diagnoses (keys "5.x").

* 5.1 ``pca(x, k)``: PCA by the SVD, the coordinates of the centred rows on the first ``k``
  right singular vectors (either sign per column is right) and the explained-variance ratios;
* 5.2 ``spearman(x, y)``: Spearman's ρ, Pearson's correlation of the ranks (ties share the
  average of their ranks);
* 5.3 ``human_agreement(vectors, words, pairs)``: ρ between cosines and human scores over the
  pairs whose two words the vectors know, and how many pairs that is;
* 5.4 ``glove_loss_and_gradients(w, w_context, b, b_context, rows, cols, counts, x_max,
  alpha)``: GloVe's weighted least-squares loss over the non-zero counts and its four gradients;
* 5.5 ``train_glove(w, w_context, b, b_context, rows, cols, counts, epochs, lr, batch_size,
  x_max, alpha)``: AdaGrad over batches of the entries, with the learner's gradients.

The cosine (notebook 01) and the nearest rows (notebook 02) are written once, there; notebook 05
uses the helpers' versions.

Every case is built from this module's own seeded generator, so checking changes no other random
number in the notebook. See :mod:`helpers.exercises.language_model` for the pattern.

Examples
--------
>>> round(spearman(np.array([1.0, 2.0, 2.0, 3.0]), np.array([10.0, 30.0, 20.0, 40.0])), 4)
0.9487
>>> human_agreement(np.eye(3), ["a", "b", "c"], [("a", "b", 1.0), ("a", "zz", 2.0)])[1]
1
>>> coordinates, ratios = pca(np.array([[0.0, 0.0], [2.0, 0.0], [4.0, 0.1]]), 1)
>>> np.round(coordinates.ravel(), 2) + 0.0, np.round(ratios, 4)
(array([-2.,  0.,  2.]), array([0.9998]))
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.stats import rankdata, spearmanr

from helpers.counting import glove
from helpers.exercises.checks import _describe, close
from helpers.exercises.registry import Exercise, register
from helpers.projection.maps import pca_coordinates
from helpers.vectors.similarity import cosine_similarity

__all__ = [
    "glove_loss_and_gradients",
    "human_agreement",
    "pca",
    "spearman",
    "train_glove",
]

SEED = 501
"""The seed of every case in this module (independent of the notebook's generator)."""


# --------------------------------------------------------------------------------------------
# References


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation of ``x`` and ``y``, ties with average ranks (exercise 5.2)."""
    return float(spearmanr(x, y).statistic)


def human_agreement(
    vectors: np.ndarray, words: Sequence[str], pairs: Sequence[tuple[str, str, float]]
) -> tuple[float, int]:
    """(Spearman ρ of cosine against human score, number of pairs used) (exercise 5.3).

    Pairs with a word the vocabulary does not know are left out.
    """
    index = {w: i for i, w in enumerate(words)}
    kept = [(a, b, s) for a, b, s in pairs if a in index and b in index]
    cosines = [cosine_similarity(vectors[index[a]], vectors[index[b]]) for a, b, _ in kept]
    human = [s for *_, s in kept]
    return spearman(np.array(human), np.array(cosines)), len(kept)


# --------------------------------------------------------------------------------------------
# Cases


def _spearman_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 2)
    cases: list[tuple[Any, ...]] = [
        (np.array([7.1, 3.0, 7.1, 1.0, 9.0]), np.array([0.8, 0.1, 0.3, 0.2, 0.9])),
    ]
    for n in (12, 40):
        human = rng.integers(0, 6, size=n).astype(float)  # few values: many ties
        model = np.round(np.exp(human / 2 + rng.normal(size=n)), 1)  # not linear, ties too
        cases.append((human, model))
    cases.append((rng.normal(size=9), rng.normal(size=9)))  # no ties
    return cases


def _agreement_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 3)
    words = [f"w{i}" for i in range(10)]
    vectors = rng.normal(size=(10, 4)) * rng.uniform(0.2, 5.0, size=(10, 1))  # unequal norms
    pairs: list[tuple[str, str, float]] = []
    for _ in range(14):
        a, b = rng.choice(10, size=2, replace=False)
        pairs.append((words[a], words[b], float(rng.integers(0, 8))))
    pairs[2] = ("xyz", pairs[2][1], 9.0)  # unknown first word
    pairs[7] = (pairs[7][0], "qqq", 0.0)  # unknown second word
    pairs[11] = ("zzz", "yyy", 4.0)  # both unknown
    small = [("w0", "w1", 3.0), ("w0", "w2", 1.0), ("w1", "w2", 2.0), ("nope", "w0", 5.0)]
    return [(vectors, words, small), (vectors, words, pairs), (vectors[:6], words[:6], pairs)]


# --------------------------------------------------------------------------------------------
# Diagnoses: recognise the usual mistakes by recomputing them


_close = close


def _ranks(values: np.ndarray, method: str) -> np.ndarray:
    return np.asarray(rankdata(values, method=method), dtype=float)


def _pearson(x: Any, y: Any) -> float:
    return float(np.corrcoef(np.asarray(x, dtype=float), np.asarray(y, dtype=float))[0, 1])


def _diagnose_spearman(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    x, y = (np.asarray(a, dtype=float) for a in args)
    if _close(got, _pearson(x, y)):
        return (
            "That is Pearson's correlation of the raw values; Spearman's ρ is Pearson's "
            "correlation of the two lists of ranks."
        )
    for method in ("ordinal", "min", "max", "dense"):
        if _close(got, _pearson(_ranks(x, method), _ranks(y, method))):
            return (
                "Tied values must share one rank, the average of the positions they occupy "
                "(two values tied for places 2 and 3 both get 2.5)."
            )
    rx, ry = _ranks(x, "average"), _ranks(y, "average")
    n = len(x)
    if _close(got, 1 - 6 * np.sum((rx - ry) ** 2) / (n * (n**2 - 1))):
        return (
            "The shortcut 1 − 6 Σd² / (n(n² − 1)) is exact only without ties; compute "
            "Pearson's correlation of the (average) ranks instead."
        )
    if _close(got, _pearson(np.argsort(x), np.argsort(y))) or _close(
        got, _pearson(np.argsort(-x), np.argsort(-y))
    ):
        return (
            "The order that sorts the values is not each value's rank: the rank of x[i] is "
            "its place in the sorted list (the inverse of that order)."
        )
    if _close(got, _pearson(rx, y)) or _close(got, _pearson(x, ry)):
        return "Rank both lists, not just one of them."
    return None


def _diagnose_agreement(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    vectors, words, pairs = args
    if not isinstance(got, tuple) or len(got) != 2:
        return "Return a tuple of two things: (ρ, the number of pairs used)."
    rho, count = got
    index = {w: i for i, w in enumerate(words)}
    known = [p for p in pairs if p[0] in index and p[1] in index]
    if count != len(known) and count == sum(p[0] in index for p in pairs):
        return "A pair is usable only when both of its words are known, not just the first."
    if count == len(pairs) != len(known):
        return (
            "Pairs with a word the vectors do not know must be left out (and not counted), "
            "not scored with a made-up cosine."
        )
    if count != len(known):
        return "Count the pairs you actually used: those whose two words are both known."
    human = np.array([s for *_, s in known])
    dots = np.array([vectors[index[a]] @ vectors[index[b]] for a, b, _ in known])
    cos = np.array([cosine_similarity(vectors[index[a]], vectors[index[b]]) for a, b, _ in known])
    if _close(rho, _pearson(human, cos)):
        return "That is Pearson's correlation of the raw values; the agreement is Spearman's ρ."
    if _close(rho, spearman(human, dots)):
        return "Compare by cosine: the dot product also sees the vectors' lengths."
    return None


# --------------------------------------------------------------------------------------------
# 5.1 PCA by the SVD


def pca(x: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``(coordinates, ratios)``: PCA of the rows of ``x`` on ``k`` components (exercise 5.1).

    The coordinates are :func:`helpers.projection.pca_coordinates`'s (centred rows times the
    first ``k`` right singular vectors, each sign fixed); ``ratios[j]`` is the share
    ``s_j² / Σ s_i²`` of the variation that component ``j`` keeps.
    """
    singular = np.linalg.svd(x - x.mean(axis=0), compute_uv=False)
    return pca_coordinates(x, k), (singular**2 / (singular**2).sum())[:k]


def _pca_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 4)

    def cloud(n: int, scales: list[float]) -> np.ndarray:
        d = len(scales)
        rotation, _ = np.linalg.qr(rng.normal(size=(d, d)))
        offset = rng.uniform(2.0, 5.0, size=d)  # far from 0: forgetting to centre shows
        return (rng.normal(size=(n, d)) * scales) @ rotation + offset

    return [
        (np.array([[0.0, 0.0], [2.0, 0.0], [4.0, 0.1]]), 1),
        (cloud(12, [4.0, 2.0, 1.0, 0.5]), 2),
        (cloud(5, [3.0, 2.0, 1.1, 1.0, 0.8, 0.5, 0.3]), 3),  # fewer points than dimensions
        (cloud(6, [3.0, 1.1, 1.0, 0.7, 0.4, 0.2]), 2),  # square: U and V have the same shape
        (cloud(9, [2.0, 1.0, 0.3]), 3),  # k = d
    ]


def _coordinate_difference(got: Any, expected: np.ndarray) -> str | None:
    got = np.asarray(got, dtype=float)
    if got.shape != expected.shape:
        return f"expected coordinates of shape {expected.shape}, got shape {got.shape}"
    for j in range(expected.shape[1]):
        if not any(
            np.allclose(sign * got[:, j], expected[:, j], atol=1e-6, rtol=1e-5)
            for sign in (1.0, -1.0)
        ):
            return f"column {j} of the coordinates differs (even allowing its sign to flip)"
    return None


def _compare_pca(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    if not isinstance(got, tuple | list) or len(got) != 2:
        return f"expected a pair (coordinates, ratios), got {_describe(got)}"
    coordinates, ratios = got
    difference = _coordinate_difference(coordinates, expected[0])
    if difference:
        return difference
    ratios = np.asarray(ratios, dtype=float)
    if ratios.shape != expected[1].shape:
        return f"expected {len(expected[1])} ratios, got shape {ratios.shape}"
    if not np.allclose(ratios, expected[1], atol=1e-6, rtol=1e-5):
        return f"expected ratios {np.round(expected[1], 4)}, got {np.round(ratios, 4)}"
    return None


def _diagnose_pca(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    x, k = args
    if not isinstance(got, tuple | list) or len(got) != 2:
        return "Return a pair: (coordinates, ratios)."
    coordinates, ratios = got
    n, d = x.shape
    centred = x - x.mean(axis=0)
    u, s, vt = np.linalg.svd(centred, full_matrices=False)

    def same(candidate: np.ndarray) -> bool:
        return _coordinate_difference(coordinates, candidate) is None

    if np.shape(coordinates) == (d, k) and (n, k) != (d, k):
        return "One row per point: the coordinates are n × k (centred rows times V's columns)."
    if np.shape(coordinates) == (k, n) and k != n:
        return "One row per point and one column per component: n × k, not k × n."
    raw_u, raw_s, raw_vt = np.linalg.svd(x, full_matrices=False)
    if same(x @ raw_vt[:k].T) or same(raw_u[:, :k] * raw_s[:k]):
        return "Centre first: subtract the mean row (the average point) before the SVD."
    row_centred = x - x.mean(axis=1, keepdims=True)
    *_, own_vt = np.linalg.svd(row_centred, full_matrices=False)
    if same(row_centred @ own_vt[:k].T):
        return (
            "Subtract the mean ROW, x.mean(axis=0) (the average point), not each row's own "
            "mean: it is the columns that must average 0."
        )
    if same(u[:, :k]):
        return (
            "U's columns are the coordinates divided by the singular values: project the "
            "centred rows onto V's first k columns (the first k rows of Vt)."
        )
    if n == d and same(centred @ u[:, :k]):
        return "Project onto V's columns (the rows of Vt), not onto U's: U lives in point space."
    if same(centred @ vt.T[:k].T) and k < len(s):
        return "The principal directions are the ROWS of Vt: use vt[:k].T, not vt[:, :k]."
    if same(centred @ vt[-k:].T):
        return "The singular values come largest first: keep the FIRST k directions."
    if _coordinate_difference(coordinates, expected[0]) is None:
        ratios = np.asarray(ratios, dtype=float)
        if _close(ratios, (s / s.sum())[:k]):
            return (
                "The variance along a direction is its singular value SQUARED (over n − 1): "
                "the ratios are s_j² / Σ s_i²."
            )
        if _close(ratios, (s**2 / (s[:k] ** 2).sum())[:k]) and k < len(s):
            return "Divide by the variance of ALL components, Σ s_i² over every i, not the first k."
        if _close(ratios, (raw_s**2 / (raw_s**2).sum())[:k]):
            return "The ratios come from the singular values of the CENTRED rows."
        if _close(ratios, s[:k] ** 2 / (n - 1)):
            return "Those are the variances themselves: divide each by their total."
    return None


# --------------------------------------------------------------------------------------------
# 5.4 GloVe's loss and gradients, 5.5 its AdaGrad loop


def glove_loss_and_gradients(
    w: np.ndarray,
    w_context: np.ndarray,
    b: np.ndarray,
    b_context: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    counts: np.ndarray,
    x_max: float = 100.0,
    alpha: float = 0.75,
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """GloVe's loss over the entries with a count above 0, and its four gradients (5.4).

    Entries whose count is 0 add nothing (their log is −∞; GloVe sums over the seen pairs).
    """
    seen = np.asarray(counts) > 0
    return glove.glove_loss_and_gradients(
        w, w_context, b, b_context, rows[seen], cols[seen], counts[seen], x_max, alpha
    )


def train_glove(
    w: np.ndarray,
    w_context: np.ndarray,
    b: np.ndarray,
    b_context: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    counts: np.ndarray,
    epochs: int,
    lr: float,
    batch_size: int,
    x_max: float = 100.0,
    alpha: float = 0.75,
) -> tuple[tuple[np.ndarray, ...], list[float]]:
    """``((w, w_context, b, b_context), losses)`` after ``epochs`` of AdaGrad in batches (5.5).

    The batches are the entries in the order given, ``batch_size`` at a time; an epoch's loss is
    the sum of its batches' losses, each measured before that batch's step.
    """
    params = (w, w_context, b, b_context)
    trained, losses = glove.train_glove(
        params, rows, cols, counts, epochs, lr, batch_size, x_max, alpha
    )
    return tuple(trained), losses


def _glove_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 5)
    cases: list[tuple[Any, ...]] = []
    for vocab_size, d, n, zeros in [(5, 3, 12, 0), (7, 4, 30, 3), (4, 2, 16, 0)]:
        pairs = rng.choice(vocab_size * vocab_size, size=n, replace=False)
        rows, cols = np.divmod(pairs, vocab_size)
        # counts on both sides of x_max = 10, so the weight and its cap both matter
        counts = rng.choice([1.0, 2.0, 3.0, 6.0, 12.0, 40.0], size=n)
        counts[:zeros] = 0.0  # a pair never seen: it must add nothing
        w, w_context = rng.normal(size=(2, vocab_size, d)) * 0.5
        b, b_context = rng.normal(size=(2, vocab_size)) * 0.5
        cases.append((w, w_context, b, b_context, rows, cols, counts, 10.0, 0.75))
    return cases


def _glove_variant(
    args: tuple[Any, ...],
    *,
    weighted: bool = True,
    capped: bool = True,
    biases: bool = True,
    log: Any = np.log,
    factor: float = 2.0,
    mean: bool = False,
    swapped: bool = False,
    weighted_gradients: bool = True,
) -> tuple[Any, ...]:
    """GloVe's loss and gradients with one of the usual slips (a readable, dense recomputation)."""
    w, w_context, b, b_context, rows, cols, counts, x_max, alpha = args
    seen = counts > 0
    rows, cols, counts = rows[seen], cols[seen], counts[seen]
    weight = (counts / x_max) ** alpha if weighted else np.ones_like(counts)
    if capped:
        weight = np.minimum(1.0, weight)
    error = np.sum(w[rows] * w_context[cols], axis=1) - log(counts)
    if biases:
        error = error + b[rows] + b_context[cols]
    scale = 1 / len(counts) if mean else 1.0
    coefficient = scale * factor * (weight if weighted_gradients else 1.0) * error
    grad_w, grad_w_context = np.zeros_like(w), np.zeros_like(w_context)
    np.add.at(grad_w, rows, coefficient[:, None] * (w[rows] if swapped else w_context[cols]))
    np.add.at(
        grad_w_context, cols, coefficient[:, None] * (w_context[cols] if swapped else w[rows])
    )
    grad_b = np.bincount(rows, coefficient, minlength=len(w)) * biases
    grad_b_context = np.bincount(cols, coefficient, minlength=len(w)) * biases
    loss = scale * float(np.sum(weight * error**2))
    return loss, grad_w, grad_w_context, grad_b, grad_b_context


def _diagnose_glove(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    if not isinstance(got, tuple | list) or len(got) != 5:
        return "Return five things: (loss, grad_w, grad_w_context, grad_b, grad_b_context)."
    counts = args[6]
    if np.any(counts == 0) and not all(
        np.all(np.isfinite(np.asarray(g, dtype=float))) for g in got
    ):
        return (
            "A count of 0 has log 0 = −∞, and f(0) · (−∞)² is not a number: GloVe sums over the "
            "pairs that were seen, so leave the zero counts out."
        )

    def same(**slip: Any) -> bool:
        return all(_close(g, e) for g, e in zip(got, _glove_variant(args, **slip), strict=True))

    loss_right = _close(got[0], expected[0])
    if same(log=np.log1p):
        return "The target is log X_ij itself, not log(1 + X_ij): zero counts are left out instead."
    if same(weighted=False, capped=False):
        return (
            "Every pair counts the same: weight each squared error by f(X_ij) = "
            "min(1, (X_ij / x_max)^α), in the loss and in every gradient."
        )
    if same(capped=False):
        return "f is capped at 1: min(1, (X_ij / x_max)^α), so counts above x_max all weigh 1."
    if same(biases=False):
        return (
            "The error is w_i · w̃_j + b_i + b̃_j − log X_ij: the two biases belong in it, and "
            "they have gradients of their own."
        )
    if same(mean=True):
        return "GloVe's loss is the sum over the non-zero counts, not their mean."
    if loss_right and same(factor=1.0):
        return (
            "The loss is right, the gradients half as large: the derivative of e² is 2e, so "
            "each gradient has a factor 2."
        )
    if loss_right and same(weighted_gradients=False):
        return (
            "The loss is right, the gradients are not weighted: f(X_ij) multiplies the squared "
            "error, so it multiplies every gradient too (2 f(X_ij) e_ij, not 2 e_ij)."
        )
    if loss_right and same(swapped=True):
        return (
            "∂J/∂w_i sums the CONTEXT vectors w̃_j that word i meets (times 2 f e), and "
            "∂J/∂w̃_j the word vectors w_i: the two are swapped."
        )
    if loss_right and _close(got[2], expected[1]) and _close(got[1], expected[2]):
        return "grad_w and grad_w_context are swapped: return them in the order of the parameters."
    if loss_right and all(_close(g, -e) for g, e in zip(got[1:], expected[1:], strict=True)):
        return "The gradients point the wrong way: the error is prediction − log X_ij."
    if loss_right:
        return (
            "The loss is right but a gradient is not: a word that appears in several pairs "
            "collects the sum of their contributions (np.add.at, or a sparse product; "
            "w[rows] += ... keeps only one of them)."
        )
    return None


def _gradients_at(params: Sequence[np.ndarray], *entries: Any) -> tuple[Any, ...]:
    """The course's GloVe loss and gradients at ``params`` (w, w_context, b, b_context)."""
    w, w_context, b, b_context = params
    return glove.glove_loss_and_gradients(w, w_context, b, b_context, *entries)


def _adagrad_variant(
    args: tuple[Any, ...],
    *,
    root: bool = True,
    accumulate: bool = True,
    stale: str = "",
    drop_last: bool = False,
    epsilon_outside: bool = False,
) -> tuple[tuple[np.ndarray, ...], list[float]]:
    """The AdaGrad loop with one of the usual slips, on the course's gradients."""
    *start, rows, cols, counts, epochs, lr, batch_size, x_max, alpha = args
    params = [np.array(p, dtype=float) for p in start]
    squares = [np.zeros_like(p) for p in params]
    losses: list[float] = []
    n = len(counts)
    starts = range(0, n - batch_size + 1 if drop_last else n, batch_size)
    batches = [slice(i, i + batch_size) for i in starts]
    first = [_gradients_at(params, rows[s], cols[s], counts[s], x_max, alpha) for s in batches]
    for _ in range(epochs):
        total = 0.0
        for number, s in enumerate(batches):
            part = (rows[s], cols[s], counts[s], x_max, alpha)
            if stale == "once":
                loss, *grads = first[number]
            else:
                loss, *grads = _gradients_at(params, *part)
            total += loss
            for k in range(4):
                if stale == "sequential" and k > 0:  # gradients again after the earlier updates
                    grads[k] = _gradients_at(params, *part)[k + 1]
                squares[k] = squares[k] + grads[k] ** 2 if accumulate else grads[k] ** 2
                if epsilon_outside:  # √G + ε, as in PyTorch's and Keras's AdaGrad
                    scale = np.sqrt(squares[k]) + 1e-8
                else:
                    scale = np.sqrt(squares[k] + 1e-8) if root else squares[k] + 1e-8
                params[k] = params[k] - lr * grads[k] / scale
        losses.append(total)
    return tuple(params), losses


def _glove_training_cases() -> list[tuple[Any, ...]]:
    cases = []
    for w, w_context, b, b_context, rows, cols, counts, x_max, alpha in _glove_cases():
        seen = counts > 0
        start = (w, w_context, b, b_context)
        # batches of 5 entries: the last one of each epoch is shorter
        cases.append((*start, rows[seen], cols[seen], counts[seen], 6, 0.1, 5, x_max, alpha))
    cases.append((*cases[0][:7], 1, 0.3, 100, 10.0, 0.75))  # one step on all the entries
    return cases


def _training_difference(got: Any, expected: Any) -> str | None:
    if not isinstance(got, tuple | list) or len(got) != 2:
        return f"expected a pair ((w, w_context, b, b_context), losses), got {_describe(got)}"
    params, losses = got
    if not isinstance(params, tuple | list) or len(params) != 4:
        return "expected the four trained arrays (w, w_context, b, b_context) first"
    names = ["w", "w_context", "b", "b_context"]
    for name, p, e in zip(names, params, expected[0], strict=True):
        p = np.asarray(p, dtype=float)
        if p.shape != e.shape:
            return f"expected {name} of shape {e.shape}, got shape {p.shape}"
        if not np.allclose(p, e, rtol=1e-4, atol=1e-6):
            return f"the trained {name} differs from the reference's"
    losses = np.asarray(losses, dtype=float)
    if losses.shape != (len(expected[1]),):
        return f"expected {len(expected[1])} losses (one per epoch), got shape {losses.shape}"
    if not np.allclose(losses, expected[1], rtol=1e-4, atol=1e-6):
        return "the trained arrays are right but the losses are not: record each epoch's loss"
    return None


def _compare_training(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    return _training_difference(got, expected)


def _diagnose_training(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    for slip, sentence in [
        (
            {"root": False},
            "AdaGrad divides by the SQUARE ROOT of the summed squared gradients, √(G + ε): "
            "its first step is lr · g / |g|, of size lr, where g / G gives lr / |g|.",
        ),
        (
            {"epsilon_outside": True},
            "Almost: the text puts ε inside the root, g / √(G + 1e-8), where this divides by "
            "√G + 1e-8 (the form of some libraries); the two differ slightly, so write the "
            "text's.",
        ),
        (
            {"accumulate": False},
            "G must accumulate: add each step's squared gradient to the running sum (G += g²) "
            "instead of replacing it, so that often-moved parameters slow down.",
        ),
        (
            {"stale": "once"},
            "The gradients are computed once, before the loop: compute the loss and the "
            "gradients again for every batch, at the current parameters.",
        ),
        (
            {"stale": "sequential"},
            "Compute all four gradients at the same parameters first, then update all four: "
            "here some were computed after others had already moved.",
        ),
    ]:
        if _training_difference(got, _adagrad_variant(args, **slip)) is None:  # type: ignore[arg-type]
            return sentence
    if _training_difference(got, _adagrad_variant(args, drop_last=True)) is None:
        return (
            "The last batch of each epoch is shorter than batch_size: train on it too, so that "
            "every entry counts in every epoch."
        )
    *params, rows, cols, counts, epochs, lr, batch_size, x_max, alpha = args
    sgd = [np.array(p, dtype=float) for p in params]
    for _ in range(epochs):
        for i in range(0, len(counts), batch_size):
            s = slice(i, i + batch_size)
            part = (rows[s], cols[s], counts[s], x_max, alpha)
            _, *grads = _gradients_at(sgd, *part)
            sgd = [p - lr * g for p, g in zip(sgd, grads, strict=True)]
    if isinstance(got, tuple | list) and len(got) == 2 and _close_all(got[0], sgd):
        return (
            "That is plain gradient descent: AdaGrad divides each step by √(G + ε), the root "
            "of that parameter's summed squared gradients."
        )
    return None


def _close_all(got: Any, arrays: list[np.ndarray]) -> bool:
    try:
        return len(got) == len(arrays) and all(
            _close(g, a, same_shape=True) for g, a in zip(got, arrays, strict=True)
        )
    except TypeError:
        return False


# --------------------------------------------------------------------------------------------
# The exercises

register(
    Exercise(
        "5.2",
        "spearman",
        spearman,
        _spearman_cases,
        points=2,
        hint="Replace each list by its ranks (tied values share their average rank), then take "
        "Pearson's correlation of the two rank lists.",
        diagnose=_diagnose_spearman,
    )
)
register(
    Exercise(
        "5.3",
        "human_agreement",
        human_agreement,
        _agreement_cases,
        points=3,
        hint="Keep the pairs whose two words are known, score each by cosine, and compare the "
        "cosines with the human scores by Spearman's ρ; also return how many pairs you kept.",
        diagnose=_diagnose_agreement,
    )
)
register(
    Exercise(
        "5.1",
        "pca",
        pca,
        _pca_cases,
        solved_by=(pca_coordinates,),
        points=3,
        hint="Subtract the mean row, take the SVD of the centred rows, multiply them by the "
        "first k right singular vectors (rows of Vt), and divide each squared singular value "
        "by the sum of all of them.",
        diagnose=_diagnose_pca,
        compare=_compare_pca,
    )
)
register(
    Exercise(
        "5.4",
        "glove_loss_and_gradients",
        glove_loss_and_gradients,
        _glove_cases,
        solved_by=(glove.glove_loss_and_gradients,),
        hint="Over the pairs with a count above 0: e = w_i · w̃_j + b_i + b̃_j − log X_ij, "
        "loss = Σ f(X_ij) e², f(x) = min(1, (x / x_max)^α); each pair adds 2 f e w̃_j to "
        "word i's gradient, 2 f e w_i to context j's, and 2 f e to both biases.",
        diagnose=_diagnose_glove,
        atol=1e-6,
        points=3,
    )
)
register(
    Exercise(
        "5.5",
        "train_glove",
        train_glove,
        _glove_training_cases,
        solved_by=(glove.train_glove,),
        hint="Work on copies of the four arrays; for each batch of entries compute the loss and "
        "all four gradients at the current parameters, add each gradient squared to its running "
        "sum G (kept across batches and epochs), and move each parameter by "
        "−lr · g / √(G + 1e-8).",
        diagnose=_diagnose_training,
        compare=_compare_training,
        points=5,
    )
)
