"""Known realistic mistakes of notebook language_model's exercises: wrong answers a learner writes.

Each entry of :data:`WRONG` is ``(exercise key, wrong function, phrase)``: the phrase its check
must answer with, true for that mistake. The exercise's record
(:attr:`helpers.exercises.registry.Exercise.mistakes`) reads them from here; the exercise
tests, the teacher guide and the graded edition read the record.
"""

from __future__ import annotations

import copy

import numpy as np

from helpers.exercises.language_model import (
    GRADIENT_NAMES,
    backprop,
)

# ---- 8.1 next_token_loss ------------------------------------------------------------------


def loss_without_max(E, U, b, ids, targets):  # type: ignore[no-untyped-def]
    logits = E[ids] @ U.T + b
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return float(np.mean(-np.log(p[np.arange(len(ids)), targets])))


def loss_right(E, U, b, ids, targets):  # type: ignore[no-untyped-def]
    """A right answer written by hand (the wrong ones below build on it, not on the course's)."""
    logits = E[ids] @ U.T + b
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[np.arange(len(ids)), targets]))


def loss_summed(E, U, b, ids, targets):  # type: ignore[no-untyped-def]
    return loss_right(E, U, b, ids, targets) * len(ids)


def loss_without_bias(E, U, b, ids, targets):  # type: ignore[no-untyped-def]
    return loss_right(E, U, np.zeros_like(b), ids, targets)


def loss_swapped_ids(E, U, b, ids, targets):  # type: ignore[no-untyped-def]
    return loss_right(E, U, b, targets, ids)


# ---- 8.2 embedding_gradient ---------------------------------------------------------------


def gradient_fancy_index(ids, grad_rows, vocab_size):  # type: ignore[no-untyped-def]
    grad = np.zeros((vocab_size, grad_rows.shape[1]))
    grad[ids] += grad_rows
    return grad


def gradient_right(ids, grad_rows, vocab_size):  # type: ignore[no-untyped-def]
    """A right answer written by hand (repeated ids add up)."""
    grad = np.zeros((vocab_size, grad_rows.shape[1]))
    np.add.at(grad, ids, grad_rows)
    return grad


def gradient_transposed(ids, grad_rows, vocab_size):  # type: ignore[no-untyped-def]
    return gradient_right(ids, grad_rows, vocab_size).T


def gradient_not_scattered(ids, grad_rows, vocab_size):  # type: ignore[no-untyped-def]
    return grad_rows.copy()


# ---- 8.3 causal_mask ----------------------------------------------------------------------


def mask_all(n):  # type: ignore[no-untyped-def]
    return np.ones((n, n), dtype=bool)


def mask_strict(n):  # type: ignore[no-untyped-def]
    return np.tril(np.ones((n, n), dtype=bool), k=-1)


def mask_upper(n):  # type: ignore[no-untyped-def]
    return np.triu(np.ones((n, n), dtype=bool))


def mask_float(n):  # type: ignore[no-untyped-def]
    return np.tril(np.ones((n, n)))


# ---- 8.4 backprop -------------------------------------------------------------------------


def _backprop(  # type: ignore[no-untyped-def]
    model,
    contexts,
    targets,
    *,
    slope="1-h2",
    w2="T",
    scale=1.0,
    split="blocks",
    scatter="add",
    tied_add=True,
):
    """A learner's backprop written out from scratch, with one mistake switched on."""
    B, k = contexts.shape
    d = model.E.shape[1]
    out = model.E if model.U is None else model.U
    x = np.concatenate([model.E[contexts[:, j]] for j in range(k)], axis=1)
    h = np.tanh(x @ model.W1 + model.b1)
    o = h @ model.W2
    z = o @ out.T + model.b
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    loss = float(np.mean(-np.log(p[np.arange(B), targets])))
    G = p.copy()
    G[np.arange(B), targets] -= 1.0
    G *= scale / B
    d_o = G @ out
    d_h = d_o @ (model.W2.T if w2 == "T" else model.W2)
    d_a = d_h * {"1-h2": 1 - h**2, "1-h": 1 - h, "none": 1.0}[slope]
    d_x = d_a @ model.W1.T
    d_E = np.zeros_like(model.E)
    for j in range(k):
        block = d_x[:, j * d : (j + 1) * d] if split == "blocks" else d_x[:, j::k]
        if scatter == "add":
            np.add.at(d_E, contexts[:, j], block)
        else:
            d_E[contexts[:, j]] += block
    d_U = G.T @ o
    if model.U is None:
        return (
            loss,
            d_E + d_U if tied_add else d_E,
            x.T @ d_a,
            d_a.sum(0),
            h.T @ d_o,
            None,
            G.sum(0),
        )
    return loss, d_E, x.T @ d_a, d_a.sum(0), h.T @ d_o, d_U, G.sum(0)


def backprop_no_tanh_derivative(*args):  # type: ignore[no-untyped-def]
    return _backprop(*args, slope="none")


def backprop_one_minus_h(*args):  # type: ignore[no-untyped-def]
    return _backprop(*args, slope="1-h")


def backprop_w2_not_transposed(*args):  # type: ignore[no-untyped-def]
    return _backprop(*args, w2="plain")


def backprop_summed(model, contexts, targets):  # type: ignore[no-untyped-def]
    return _backprop(model, contexts, targets, scale=len(targets))


def backprop_interleaved_split(*args):  # type: ignore[no-untyped-def]
    return _backprop(*args, split="interleaved")


def backprop_fancy_index(*args):  # type: ignore[no-untyped-def]
    return _backprop(*args, scatter="fancy")


def backprop_tied_not_added(*args):  # type: ignore[no-untyped-def]
    return _backprop(*args, tied_add=False)


def backprop_tied_returns_u(*args):  # type: ignore[no-untyped-def]
    result = list(_backprop(*args, tied_add=False))
    if args[0].U is None:
        result[5] = args[0].E.copy() * 0.0 + 1.0
    return tuple(result)


def backprop_whole_x_into_e(model, contexts, targets):  # type: ignore[no-untyped-def]
    result = list(_backprop(model, contexts, targets))
    d_E = np.zeros_like(model.E)
    np.add.at(d_E, contexts, np.ones((len(contexts), model.W1.shape[0])))  # (B, k·d) rows
    result[1] = d_E
    return tuple(result)


def backprop_dw1_transposed(*args):  # type: ignore[no-untyped-def]
    result = list(_backprop(*args))
    result[2] = result[2].T
    return tuple(result)


def backprop_mutates_model(model, contexts, targets):  # type: ignore[no-untyped-def]
    result = _backprop(model, contexts, targets)
    model.W1 -= 0.1 * result[2]  # a training step inside the backward pass
    return result


WRONG = [
    ("8.1", loss_without_max, "subtract each row's maximum"),
    ("8.1", loss_summed, "the loss is the mean"),
    ("8.1", loss_without_bias, "The bias b is missing"),
    ("8.1", loss_swapped_ids, "ids and targets are swapped"),
    ("8.2", gradient_fancy_index, "`grad[ids] += rows` keeps only one"),
    ("8.2", gradient_transposed, "The result is transposed"),
    ("8.2", gradient_not_scattered, "scatter them into a V × d table"),
    ("8.3", mask_all, "must not look at the future"),
    ("8.3", mask_strict, "Off by one"),
    ("8.3", mask_upper, "Transposed"),
    ("8.3", mask_float, "expected a boolean (True/False) array"),
    ("8.4", backprop_no_tanh_derivative, "must go through tanh too"),
    ("8.4", backprop_one_minus_h, "not 1 − tanh a: square the hidden values"),
    ("8.4", backprop_w2_not_transposed, "takes the gradient times W transposed"),
    ("8.4", backprop_summed, "gradients of the summed loss"),
    ("8.4", backprop_interleaved_split, "cut it into consecutive blocks"),
    ("8.4", backprop_fancy_index, "`dE[ids] += rows` keeps only one"),
    ("8.4", backprop_tied_not_added, "Tied, E is also the output table"),
    ("8.4", backprop_tied_returns_u, "return None for ∂L/∂U"),
    ("8.4", backprop_whole_x_into_e, "cut ∂L/∂x back into the k looked-up rows"),
    ("8.4", backprop_dw1_transposed, "has the shape of the weight"),
    ("8.4", backprop_mutates_model, "changed its argument `model` in place"),
]


# ---- found by the adversarial review (issue 22 §2) --------------------------------------------


def gradient_assigned(ids, grad_rows, vocab_size):  # type: ignore[no-untyped-def]
    """Assigns each row's gradient (`grad[i] = row`) instead of adding it, in a loop."""
    grad = np.zeros((vocab_size, grad_rows.shape[1]))
    for i, row in zip(ids, grad_rows, strict=True):
        grad[i] = row
    return grad


WRONG += [("8.2", gradient_assigned, "appears several times")]


def mask_int(n):  # type: ignore[no-untyped-def]
    """Builds the lower triangle with `np.tril(np.ones((n, n), dtype=int))`: 0/1, not booleans."""
    return np.tril(np.ones((n, n), dtype=int))


WRONG += [("8.3", mask_int, "expected a boolean (True/False) array")]


# ---- 8.5 perplexity -----------------------------------------------------------------------


def _token_losses(logits, targets):  # type: ignore[no-untyped-def]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(targets)), targets]


def perplexity_of_summed_loss(logits, targets):  # type: ignore[no-untyped-def]
    """Takes e to the summed loss of the batch instead of its mean."""
    return float(np.exp(_token_losses(logits, targets).sum()))


def perplexity_base_2(logits, targets):  # type: ignore[no-untyped-def]
    """Raises 2 to the mean loss in nats (2 ** goes with a loss in bits)."""
    return float(2.0 ** _token_losses(logits, targets).mean())


def perplexity_log10_then_exp(logits, targets):  # type: ignore[no-untyped-def]
    """Averages log₁₀ of the probabilities, then takes np.exp (two bases mixed)."""
    return float(np.exp(np.mean(_token_losses(logits, targets) / np.log(10))))


def perplexity_mean_of_exp(logits, targets):  # type: ignore[no-untyped-def]
    """Averages each token's e^loss (1/p) instead of taking e to the mean loss."""
    return float(np.mean(np.exp(_token_losses(logits, targets))))


def perplexity_is_the_loss(logits, targets):  # type: ignore[no-untyped-def]
    """Returns the mean cross-entropy, forgetting e to its power."""
    return float(_token_losses(logits, targets).mean())


def perplexity_softmax_over_batch(logits, targets):  # type: ignore[no-untyped-def]
    """Normalises the softmax over the batch (axis 0) instead of the vocabulary."""
    shifted = logits - logits.max(axis=0, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    return float(np.exp(-log_p[np.arange(len(targets)), targets].mean()))


def perplexity_product_of_probabilities(logits, targets):  # type: ignore[no-untyped-def]
    """The B-th root of 1 / (product of the p's): right on paper, underflows for a long batch."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    return float(np.prod(p[np.arange(len(targets)), targets]) ** (-1 / len(targets)))


WRONG += [
    ("8.5", perplexity_of_summed_loss, "e to the summed loss"),
    ("8.5", perplexity_base_2, "the loss is in nats"),
    ("8.5", perplexity_log10_then_exp, "mixes two bases"),
    ("8.5", perplexity_mean_of_exp, "average the losses first"),
    ("8.5", perplexity_product_of_probabilities, "underflows to 0"),
    ("8.5", perplexity_is_the_loss, "perplexity is e to its power"),
    ("8.5", perplexity_softmax_over_batch, "normalised over the batch"),
]


# ---- 8.6 train_sgd ------------------------------------------------------------------------


def _loop(  # type: ignore[no-untyped-def]
    model,
    contexts,
    targets,
    epochs,
    batch_size,
    lr,
    seed,
    *,
    shuffle=True,
    one_batch=False,
    accumulate=False,
    sign=1.0,
    in_place=True,
    order="permutation",
    rng_seed="seed",
    record="loss",
):
    """A learner's loop written out, with one mistake switched on."""
    model = copy.deepcopy(model)
    chosen = {"seed": seed, "none": None, "zero": 0}[rng_seed]
    rng = np.random.default_rng(chosen)
    losses = []
    totals: dict[str, np.ndarray] = {}
    n = len(targets)
    once = rng.permutation(n) if order == "once" else np.arange(n)
    for _ in range(epochs):
        if order == "rng per epoch":  # a new generator, hence the same order, every epoch
            rng = np.random.default_rng(chosen)
        if order == "once":
            visit = once
        elif order == "with replacement":  # no permutation at all
            visit = np.arange(n)
        else:
            visit = rng.permutation(n) if shuffle else np.arange(n)
        for first in range(0, n, batch_size):
            if order == "with replacement":
                batch = rng.integers(0, n, size=batch_size)
            else:
                batch = visit[:batch_size] if one_batch else visit[first : first + batch_size]
            loss, *grads = backprop(model, contexts[batch], targets[batch])
            for name, grad in zip(GRADIENT_NAMES, grads, strict=True):
                if grad is None:
                    continue
                if accumulate:  # the gradients are never reset between steps
                    totals[name] = totals.get(name, 0.0) + grad
                    grad = totals[name]
                param = getattr(model, name)
                if in_place:
                    param -= sign * lr * grad
                else:
                    param = param - sign * lr * grad  # a new array, then lost
            if record == "after":  # recomputed on the updated parameters
                loss = backprop(model, contexts[batch], targets[batch])[0]
            losses.append(0.0 if record == "zero" else loss)
    return model, losses


def loop_never_shuffles(*args):  # type: ignore[no-untyped-def]
    """Visits the examples in their stored order every epoch (no shuffling)."""
    return _loop(*args, shuffle=False)


def loop_reuses_one_minibatch(*args):  # type: ignore[no-untyped-def]
    """Takes `order[:batch_size]` at every step: the same minibatch over and over."""
    return _loop(*args, one_batch=True)


def loop_accumulates_gradients(*args):  # type: ignore[no-untyped-def]
    """Adds each step's gradients to a running total and steps with it (never zeroed)."""
    return _loop(*args, accumulate=True)


def loop_uphill(*args):  # type: ignore[no-untyped-def]
    """Adds lr × gradient instead of subtracting it."""
    return _loop(*args, sign=-1.0)


def loop_rebinds_parameters(*args):  # type: ignore[no-untyped-def]
    """Writes `param = param - lr * grad`: a new array, the model's own never changes."""
    return _loop(*args, in_place=False)


def loop_trains_the_model_given(model, contexts, targets, epochs, batch_size, lr, seed):  # type: ignore[no-untyped-def]
    """Trains the model it was given in place instead of a copy."""
    trained, losses = _loop(model, contexts, targets, epochs, batch_size, lr, seed)
    for name in model.parameters():
        getattr(model, name)[...] = getattr(trained, name)
    return model, losses


def loop_one_loss_per_epoch(*args):  # type: ignore[no-untyped-def]
    """Returns one (mean) loss per epoch instead of one per step."""
    model, losses = _loop(*args)
    steps = len(losses) // args[3]
    return model, [float(np.mean(losses[i : i + steps])) for i in range(0, len(losses), steps)]


def loop_never_keeps_the_losses(*args):  # type: ignore[no-untyped-def]
    """Appends 0.0 at every step: the right training, no losses kept."""
    return _loop(*args, record="zero")


def loop_records_the_loss_after_the_update(*args):  # type: ignore[no-untyped-def]
    """Recomputes each step's loss with backprop after the update."""
    return _loop(*args, record="after")


def loop_recreates_the_generator_every_epoch(*args):  # type: ignore[no-untyped-def]
    """`rng = default_rng(seed)` inside the epoch loop: the same order every epoch."""
    return _loop(*args, order="rng per epoch")


def loop_one_permutation_for_all_epochs(*args):  # type: ignore[no-untyped-def]
    """Draws one permutation before the epochs and reuses it in every epoch."""
    return _loop(*args, order="once")


def loop_draws_with_replacement(*args):  # type: ignore[no-untyped-def]
    """Each minibatch is `rng.integers(0, n, batch_size)`: drawn with replacement."""
    return _loop(*args, order="with replacement")


def loop_without_the_seed(*args):  # type: ignore[no-untyped-def]
    """`np.random.default_rng()` without the seed: a different order at every call."""
    return _loop(*args, rng_seed="none")


def loop_with_a_fixed_seed(*args):  # type: ignore[no-untyped-def]
    """`np.random.default_rng(0)`: the seed passed in is ignored."""
    return _loop(*args, rng_seed="zero")


WRONG += [
    ("8.6", loop_never_keeps_the_losses, "the losses are not: append"),
    ("8.6", loop_records_the_loss_after_the_update, "computed before the update"),
    ("8.6", loop_recreates_the_generator_every_epoch, "in the same order"),
    ("8.6", loop_one_permutation_for_all_epochs, "in the same order"),
    ("8.6", loop_draws_with_replacement, "drawn with replacement"),
    ("8.6", loop_without_the_seed, "with the seed passed in"),
    ("8.6", loop_with_a_fixed_seed, "not with the seed passed in"),
    ("8.6", loop_never_shuffles, "shuffle them every epoch"),
    ("8.6", loop_reuses_one_minibatch, "the same minibatch"),
    ("8.6", loop_accumulates_gradients, "not a running sum"),
    ("8.6", loop_uphill, "against its gradient"),
    ("8.6", loop_rebinds_parameters, "The parameters never moved"),
    ("8.6", loop_trains_the_model_given, "changed its argument `model` in place"),
    ("8.6", loop_one_loss_per_epoch, "expected one loss per step"),
]
