"""Known realistic mistakes of notebook word2vec's exercises: wrong answers a learner writes.

Each entry of :data:`WRONG` is ``(exercise key, wrong function, phrase)``: the phrase its check
must answer with, true for that mistake. The exercise's record
(:attr:`helpers.exercises.registry.Exercise.mistakes`) reads them from here; the exercise
tests, the teacher guide and the graded edition read the record.
"""

from __future__ import annotations

import numpy as np

from helpers.word2vec.sampling import skipgram_pairs


def sig(x):  # type: ignore[no-untyped-def]
    return 1.0 / (1.0 + np.exp(-x))


# ---- 4.1 sgns_loss_and_gradients --------------------------------------------------------------


def loss_correct(center, context, negatives):  # type: ignore[no-untyped-def]
    p, q = sig(context @ center), sig(negatives @ center)
    loss = -np.log(p) - np.sum(np.log(1 - q))
    return float(loss), (p - 1) * context + q @ negatives, (p - 1) * center, np.outer(q, center)


def loss_missing_minus_one(center, context, negatives):  # type: ignore[no-untyped-def]
    loss, g_c, _, g_n = loss_correct(center, context, negatives)
    return loss, g_c, sig(context @ center) * center, g_n


def loss_wrong_sign(center, context, negatives):  # type: ignore[no-untyped-def]
    loss, g_c, g_o, g_n = loss_correct(center, context, negatives)
    return loss, -g_c, -g_o, -g_n


def loss_negatives_not_flipped(center, context, negatives):  # type: ignore[no-untyped-def]
    _, g_c, g_o, g_n = loss_correct(center, context, negatives)
    loss = -np.log(sig(context @ center)) - np.sum(np.log(sig(negatives @ center)))
    return float(loss), g_c, g_o, g_n


def loss_negatives_target_one(center, context, negatives):  # type: ignore[no-untyped-def]
    loss, g_c, g_o, _ = loss_correct(center, context, negatives)
    return loss, g_c, g_o, np.outer(sig(negatives @ center) - 1, center)


def loss_centre_without_negatives(center, context, negatives):  # type: ignore[no-untyped-def]
    loss, _, g_o, g_n = loss_correct(center, context, negatives)
    return loss, (sig(context @ center) - 1) * context, g_o, g_n


def loss_transposed_negatives(center, context, negatives):  # type: ignore[no-untyped-def]
    loss, g_c, g_o, g_n = loss_correct(center, context, negatives)
    return loss, g_c, g_o, g_n.T


# ---- 4.2 numerical_gradient -------------------------------------------------------------------


def grad_correct(f, x, eps=1e-6):  # type: ignore[no-untyped-def]
    x = x.astype(float)
    out = np.empty_like(x)
    for i in range(x.size):
        step = np.zeros(x.size)
        step[i] = eps
        step = step.reshape(x.shape)
        out.flat[i] = (f(x + step) - f(x - step)) / (2 * eps)
    return out


def grad_forward(f, x, eps=1e-6):  # type: ignore[no-untyped-def]
    x = np.array(x, dtype=float)
    out = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        y = x.copy()
        y[i] += eps
        out[i] = (f(y) - f(x)) / eps
    return out


def grad_mutates_x(f, x, eps=1e-6):  # type: ignore[no-untyped-def]
    out = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x[i] += eps
        plus = f(x)
        x[i] -= 2 * eps
        out[i] = (plus - f(x)) / (2 * eps)  # forgets to put x[i] back
    return out


def grad_divides_by_eps(f, x, eps=1e-6):  # type: ignore[no-untyped-def]
    return 2 * grad_correct(f, x, eps)


def grad_integer_copy(f, x, eps=1e-6):  # type: ignore[no-untyped-def]
    x = x.copy()  # keeps an integer dtype
    out = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        plus = f(x)
        x[i] = original - eps
        minus = f(x)
        x[i] = original
        out[i] = (plus - minus) / (2 * eps)
    return out


def grad_all_at_once(f, x, eps=1e-6):  # type: ignore[no-untyped-def]
    x = np.array(x, dtype=float)
    return np.full(x.shape, (f(x + eps) - f(x - eps)) / (2 * eps))


# ---- 4.3 skipgram_pairs -----------------------------------------------------------------------


def pairs_correct(ids, reach):  # type: ignore[no-untyped-def]
    centres, contexts = [], []
    for i in range(len(ids)):
        for j in range(max(0, i - reach[i]), min(len(ids), i + reach[i] + 1)):
            if j != i:
                centres.append(ids[i])
                contexts.append(ids[j])
    return np.array(centres, dtype=int), np.array(contexts, dtype=int)


def pairs_other_order(ids, reach):  # type: ignore[no-untyped-def]
    c, o = pairs_correct(ids, reach)
    return c[::-1].copy(), o[::-1].copy()


def _pairs_loop(ids, reach, *, lo=1, shrink=0, wrap=False, fixed=False):  # type: ignore[no-untyped-def]
    centres, contexts = [], []
    for i in range(len(ids)):
        r = (max(reach) if fixed else reach[i]) - shrink
        for k in range(lo, r + 1):
            for j in {i - k, i + k}:
                if j < len(ids) and (wrap or j >= 0):
                    centres.append(ids[i])
                    contexts.append(ids[j])
    return np.array(centres, dtype=int), np.array(contexts, dtype=int)


def pairs_with_centre(ids, reach):  # type: ignore[no-untyped-def]
    return _pairs_loop(ids, reach, lo=0)


def pairs_off_by_one(ids, reach):  # type: ignore[no-untyped-def]
    return _pairs_loop(ids, reach, shrink=1)


def pairs_wrap_around(ids, reach):  # type: ignore[no-untyped-def]
    return _pairs_loop(ids, reach, wrap=True)


def pairs_fixed_window(ids, reach):  # type: ignore[no-untyped-def]
    return _pairs_loop(ids, reach, fixed=True)


def pairs_as_list(ids, reach):  # type: ignore[no-untyped-def]
    c, o = pairs_correct(ids, reach)
    return list(zip(c.tolist(), o.tolist(), strict=True))


# ---- 4.4 sample_negatives ---------------------------------------------------------------------


def negatives_correct(counts, size, rng):  # type: ignore[no-untyped-def]
    cdf = np.cumsum(counts**0.75) / np.sum(counts**0.75)
    return np.searchsorted(cdf, rng.random(size), side="right")


def negatives_raw(counts, size, rng):  # type: ignore[no-untyped-def]
    return rng.choice(len(counts), size=size, p=counts / counts.sum())


def negatives_uniform(counts, size, rng):  # type: ignore[no-untyped-def]
    return rng.integers(0, len(counts), size=size)


def negatives_unnormalised_choice(counts, size, rng):  # type: ignore[no-untyped-def]
    return rng.choice(len(counts), size=size, p=counts**0.75)


def negatives_unnormalised_cdf(counts, size, rng):  # type: ignore[no-untyped-def]
    cdf = np.cumsum(counts**0.75)
    return np.minimum(np.searchsorted(cdf, rng.random(size), side="right"), len(counts) - 1)


def negatives_flat(counts, size, rng):  # type: ignore[no-untyped-def]
    return negatives_correct(counts, int(np.prod(size)), rng)


# ---- 4.7 keep_probability ---------------------------------------------------------------------


def keep_correct(counts, t):  # type: ignore[no-untyped-def]
    f = counts / np.sum(counts)
    return np.clip(np.sqrt(t / f) + t / f, None, 1.0)


def keep_uncapped(counts, t):  # type: ignore[no-untyped-def]
    f = counts / counts.sum()
    return (np.sqrt(f / t) + 1) * t / f


def keep_paper(counts, t):  # type: ignore[no-untyped-def]
    f = counts / counts.sum()
    return 1 - np.sqrt(t / f)


def keep_paper_keep(counts, t):  # type: ignore[no-untyped-def]
    f = counts / counts.sum()
    return np.minimum(np.sqrt(t / f), 1)


def keep_raw_counts(counts, t):  # type: ignore[no-untyped-def]
    return np.minimum((np.sqrt(counts / t) + 1) * t / counts, 1)


def keep_drop_probability(counts, t):  # type: ignore[no-untyped-def]
    return 1 - keep_correct(counts, t)


# ---- 4.5 sgd_step -----------------------------------------------------------------------------


def _step(w_in, w_out, centres, targets, lr, *, sign=1.0, scale=1.0, scatter="add", mean=False):  # type: ignore[no-untyped-def]
    v, u = w_in[centres], w_out[targets]
    scores = np.einsum("bkd,bd->bk", u, v)
    labels = np.zeros(scores.shape)
    labels[:, 0] = 1
    loss = -np.sum(labels * np.log(sig(scores)) + (1 - labels) * np.log(sig(-scores)))
    g = (sig(scores) - labels) * scale
    new_in, new_out = w_in.copy(), w_out.copy()
    if scatter == "add":
        np.add.at(new_in, centres, -sign * lr * np.einsum("bk,bkd->bd", g, u))
        np.add.at(new_out, targets, -sign * lr * g[:, :, None] * v[:, None, :])
    else:
        new_in[centres] -= sign * lr * np.einsum("bk,bkd->bd", g, u)
        new_out[targets] -= sign * lr * g[:, :, None] * v[:, None, :]
    return float(loss / len(centres) if mean else loss), new_in, new_out


def step_correct(*args):  # type: ignore[no-untyped-def]
    return _step(*args)


def step_uphill(*args):  # type: ignore[no-untyped-def]
    return _step(*args, sign=-1.0)


def step_mean(w_in, w_out, centres, targets, lr):  # type: ignore[no-untyped-def]
    return _step(w_in, w_out, centres, targets, lr, scale=1 / len(centres))


def step_fancy_index(*args):  # type: ignore[no-untyped-def]
    return _step(*args, scatter="fancy")


def step_sequential(w_in, w_out, centres, targets, lr):  # type: ignore[no-untyped-def]
    loss, new_in, _ = _step(w_in, w_out, centres, targets, lr)
    v, u = new_in[centres], w_out[targets]  # the updated centre vectors
    g = sig(np.einsum("bkd,bd->bk", u, v))
    g[:, 0] -= 1
    new_out = w_out.copy()
    np.add.at(new_out, targets, -lr * g[:, :, None] * v[:, None, :])
    return loss, new_in, new_out


def step_mean_loss(w_in, w_out, centres, targets, lr):  # type: ignore[no-untyped-def]
    return _step(w_in, w_out, centres, targets, lr, mean=True)


def step_in_place(w_in, w_out, centres, targets, lr):  # type: ignore[no-untyped-def]
    loss, new_in, new_out = _step(w_in, w_out, centres, targets, lr)
    w_in[...], w_out[...] = new_in, new_out
    return loss, w_in, w_out


# ---- 4.6 train_word2vec -----------------------------------------------------------------------


def _loop(ids, counts, d=16, window=2, negatives=5, epochs=3, lr=0.1, seed=0, *,  # type: ignore[no-untyped-def]
          init="uniform", keep_result=True, draw=negatives_correct, batch_size=1024,
          result="in"):  # fmt: skip
    rng = np.random.default_rng(seed)
    vocab_size = len(counts)
    if init == "uniform":
        w_in = (rng.random((vocab_size, d)) - 0.5) / d
    else:
        w_in = np.zeros((vocab_size, d))
    w_out = np.zeros((vocab_size, d))
    keep = keep_correct(counts, 1e-3)
    for epoch in range(epochs):
        kept = ids[rng.random(len(ids)) < keep[ids]]
        reach = rng.integers(1, window + 1, size=len(kept))
        centres, contexts = skipgram_pairs(kept, window, reach=reach)
        for b in range(0, len(centres), batch_size):
            rate = lr * max(1 - (epoch + b / len(centres)) / epochs, 1e-4)
            c = centres[b : b + batch_size]
            targets = np.column_stack(
                [contexts[b : b + batch_size], draw(counts, (len(c), negatives), rng)]
            )
            _, new_in, new_out = step_correct(w_in, w_out, c, targets, rate)
            if keep_result:
                w_in, w_out = new_in, new_out
    return w_in if result == "in" else w_out


def loop_correct(*args, **kwargs):  # type: ignore[no-untyped-def]
    return _loop(*args, **kwargs)


def loop_discards_step(*args):  # type: ignore[no-untyped-def]
    return _loop(*args, keep_result=False)


def loop_zero_init(*args):  # type: ignore[no-untyped-def]
    return _loop(*args, init="zeros")


def loop_raw_negatives(*args):  # type: ignore[no-untyped-def]
    return _loop(*args, draw=negatives_raw)


def loop_one_epoch(ids, counts, d, window, negatives, epochs, lr, seed):  # type: ignore[no-untyped-def]
    return _loop(ids, counts, d, window, negatives, 1, lr, seed)


def loop_returns_output_vectors(ids, counts, d, window, negatives, epochs, lr, seed):  # type: ignore[no-untyped-def]
    return _loop(ids, counts, d, window, negatives, epochs, lr, seed).T


WRONG = [
    ("4.1", loss_missing_minus_one, "the − 1 (the real pair's target) is missing"),
    ("4.1", loss_wrong_sign, "The gradients have the wrong sign"),
    ("4.1", loss_negatives_not_flipped, "The negatives' terms are log σ(−u_k·v)"),
    ("4.1", loss_negatives_target_one, "a negative's target is 0"),
    ("4.1", loss_centre_without_negatives, "one from every negative"),
    ("4.1", loss_transposed_negatives, "grad_negatives is transposed"),
    ("4.2", grad_forward, "one-sided difference"),
    ("4.2", grad_mutates_x, "changed its argument `x` in place"),
    ("4.2", grad_divides_by_eps, "divide by 2ε, not ε"),
    ("4.2", grad_integer_copy, "make the copy a float array"),
    ("4.2", grad_all_at_once, "one coordinate at a time"),
    ("4.3", pairs_with_centre, "A word is not its own context"),
    ("4.3", pairs_off_by_one, "Off by one"),
    ("4.3", pairs_wrap_around, "ids[-1] is the last word"),
    ("4.3", pairs_fixed_window, "use reach[i] for centre i"),
    ("4.3", pairs_as_list, "expected a tuple, got a list"),
    ("4.4", negatives_raw, "Those are raw frequencies"),
    ("4.4", negatives_uniform, "Every word was drawn equally often"),
    ("4.4", negatives_unnormalised_choice, "normalised to sum to 1"),
    ("4.4", negatives_unnormalised_cdf, "were not normalised"),
    ("4.4", negatives_flat, "the `size` asked for"),
    ("4.7", keep_uncapped, "A probability cannot exceed 1"),
    ("4.7", keep_paper, "the paper's probability of *discarding*"),
    ("4.7", keep_paper_keep, "√(t/f) is the paper's keep probability"),
    ("4.7", keep_raw_counts, "not its raw count"),
    ("4.7", keep_drop_probability, "the probability of dropping"),
    ("4.5", step_uphill, "The step goes uphill"),
    ("4.5", step_mean, "B times too small"),
    ("4.5", step_fancy_index, "keeps only one of them"),
    ("4.5", step_sequential, "as they were before the step"),
    ("4.5", step_mean_loss, "summed loss of the batch"),
    ("4.5", step_in_place, "in place"),
]


WRONG += [
    ("4.6", loop_discards_step, "keep the matrices sgd_step returns"),
    ("4.6", loop_zero_init, "Every word has the same vector"),
    ("4.6", loop_one_epoch, "of the toy-world analogies where train_sgns reaches"),
    ("4.6", loop_returns_output_vectors, "expected the input vectors w_in of shape"),
]


# ---- found by the review of issue 22 and the adversarial review --------------------------------


def negatives_global_random(counts, size, rng):  # type: ignore[no-untyped-def]
    """Draws from the global `np.random` instead of the generator passed in."""
    weights = counts**0.75
    return np.random.choice(len(counts), size=size, p=weights / weights.sum())  # noqa: NPY002


WRONG += [
    ("4.4", negatives_global_random, "the global `np.random`"),
]


def gradcheck_own_eps(f, x, eps=1e-6):  # type: ignore[no-untyped-def]
    """Ignores the `eps` passed in and nudges by a fixed 1e-6."""
    h = 1e-6
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        g[i] = (f(xp) - f(xm)) / (2 * h)
    return g


def loop_global_random(ids, counts, d, window, negatives, epochs, lr, seed):  # type: ignore[no-untyped-def]
    """Draws every random number from the global `np.random` instead of a seeded generator."""
    np.random.seed(seed)  # noqa: NPY002
    return _loop(ids, counts, d, window, negatives, epochs, lr, seed=np.random.randint(1000))  # noqa: NPY002


WRONG += [
    ("4.2", gradcheck_own_eps, "eps=0.5) at index 0 expected 0.52, got 0.27"),
    ("4.6", loop_global_random, "the global `np.random`"),
]


def loop_returns_w_out(ids, counts, d, window, negatives, epochs, lr, seed):  # type: ignore[no-untyped-def]
    """Returns the output vectors `w_out` (the same shape) instead of the input vectors `w_in`."""
    return _loop(ids, counts, d, window, negatives, epochs, lr, seed, result="out")


WRONG += [
    ("4.6", loop_returns_w_out, "return the input vectors w_in"),
]
