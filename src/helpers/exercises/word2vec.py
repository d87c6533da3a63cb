"""Exercises of notebook 04 (word2vec): cases, references and diagnoses (keys "4.x").

The learner writes skip-gram with negative sampling piece by piece: the loss and gradients of one
example (4.1), a numerical gradient check (4.2, a deep dive), the (centre, context) pairs of a
dynamic window (4.3), the count^0.75 negative sampler (4.4), one minibatch SGD step (4.5), the
training loop (4.6) and the subsampling keep-probability (4.7, a deep dive). The references are
the course's helpers in :mod:`helpers.word2vec`. Every case is built from this module's own seeded generator,
so checking changes no other random number in the notebook; random answers (4.4) and trained
vectors (4.6) are judged by what they must achieve, not by equality: 4.6 by its toy-analogy
accuracy, and first by a probe run on 12 tokens, after which the words that never occurred must
keep their random start vectors (returning w_out, which starts at zero, leaves most rows zero).
Mistakes inside the loop that only lower the accuracy a little are not visible in the returned
vectors and still pass (tried: raw-count or uniform negatives, a fixed window).

Examples
--------
>>> c, o = skipgram_pairs(np.array([7, 8, 9]), np.array([2, 1, 1]))
>>> list(zip(c.tolist(), o.tolist()))
[(7, 8), (7, 9), (8, 7), (8, 9), (9, 8)]
>>> print(np.round(keep_probability(np.array([900, 90, 10]), 0.01), 3))
[0.117 0.444 1.   ]
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

import numpy as np

from helpers.exercises.checks import _describe, close
from helpers.exercises.registry import Exercise, register
from helpers.word2vec.sampling import (
    negative_sampling_distribution,
    subsample_keep_probability,
)
from helpers.word2vec.sampling import skipgram_pairs as _helper_pairs
from helpers.word2vec.sgns import finite_difference_gradient, sgns_gradients, sgns_loss
from helpers.word2vec.train import sgns_step, train_sgns

__all__ = [
    "LOOP_MARGIN",
    "LOOP_SETTINGS",
    "keep_probability",
    "loop_corpus",
    "reference_accuracy",
    "sample_negatives",
    "sgd_step",
    "sgns_loss_and_gradients",
    "skipgram_pairs",
    "toy_accuracy",
    "train_word2vec",
]

SEED = 401
"""The seed of every case in this module (independent of the notebook's generator)."""

LOOP_TOKENS = 50_000
"""Tokens of the fixed toy-world corpus on which exercise 4.6's training loop is checked."""

LOOP_SETTINGS = {"d": 16, "window": 2, "negatives": 5, "epochs": 3, "lr": 0.1, "seed": 0}
"""The settings of exercise 4.6's check (small, so that a plain NumPy loop runs in seconds)."""

LOOP_MARGIN = 0.1
"""How far below train_sgns's analogy accuracy the learner's loop may land and still pass."""

PROBE_TOKENS = 12
"""Tokens of the probe run of exercise 4.6 (rare words, which subsampling keeps): so few that
most words never occur in it."""

NEGATIVE_TOLERANCE = 0.02
"""Largest total-variation distance between a sampler's draw frequencies and count^0.75."""


# --------------------------------------------------------------------------------------------
# References


def sgns_loss_and_gradients(
    center: np.ndarray, context: np.ndarray, negatives: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """(loss, ∂L/∂v, ∂L/∂u_o, ∂L/∂u_k) of one skip-gram example (exercise 4.1)."""
    return (sgns_loss(center, context, negatives), *sgns_gradients(center, context, negatives))


def skipgram_pairs(ids: np.ndarray, reach: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (centre, context) pair with the context within ``reach[i]`` of centre i (4.3)."""
    window = int(np.max(reach)) if len(reach) else 1
    return _helper_pairs(ids, window, reach=np.asarray(reach))


def sample_negatives(
    counts: np.ndarray, size: int | tuple[int, ...], rng: np.random.Generator
) -> np.ndarray:
    """Word ids drawn with probability count^0.75 / Σ count^0.75 (exercise 4.4)."""
    return rng.choice(len(counts), size=size, p=negative_sampling_distribution(counts))


def keep_probability(counts: np.ndarray, t: float) -> np.ndarray:
    """word2vec's (C code) keep probability (√(f/t) + 1) · t / f, capped at 1 (exercise 4.7)."""
    return subsample_keep_probability(counts, t)


def sgd_step(
    w_in: np.ndarray, w_out: np.ndarray, centres: np.ndarray, targets: np.ndarray, lr: float
) -> tuple[float, np.ndarray, np.ndarray]:
    """(summed loss before the step, new w_in, new w_out) of one minibatch step (exercise 4.5)."""
    new_in, new_out = np.array(w_in, dtype=float), np.array(w_out, dtype=float)
    loss = sgns_step(new_in, new_out, centres, targets, lr)
    return loss, new_in, new_out


_TRAINED: dict[str, np.ndarray] = {}


def train_word2vec(
    ids: np.ndarray,
    counts: np.ndarray,
    d: int = 16,
    window: int = 2,
    negatives: int = 5,
    epochs: int = 3,
    lr: float = 0.1,
    seed: int = 0,
) -> np.ndarray:
    """Input vectors (V × d) trained by ``helpers.word2vec.train_sgns`` (exercise 4.6).

    The result for given data and settings is kept, so a check computes it once.
    """
    settings = (d, window, negatives, epochs, lr, seed)
    key = hashlib.sha1(
        np.ascontiguousarray(ids).tobytes() + np.ascontiguousarray(counts).tobytes()
    ).hexdigest() + repr(settings)
    if key not in _TRAINED:
        result = train_sgns(
            ids, counts, d=d, window=window, negatives=negatives, epochs=epochs, lr=lr,
            seed=seed, progress=False,
        )  # fmt: skip
        _TRAINED[key] = result.input_vectors.astype(np.float64)
    return _TRAINED[key].copy()


# --------------------------------------------------------------------------------------------
# The fixed corpus of exercise 4.6


@cache
def _loop_corpus() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    from helpers.text.toyworld import toy_world_corpus

    ids, _, words = toy_world_corpus(LOOP_TOKENS, SEED)
    counts = np.bincount(ids, minlength=len(words))
    present = counts > 0  # keep only the words the corpus uses: every count is at least 1
    new_id = np.cumsum(present) - 1
    kept = tuple(w for w, p in zip(words, present, strict=True) if p)
    return new_id[ids].astype(np.int64), counts[present].astype(np.int64), kept


def loop_corpus() -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(ids, counts, words) of the 50 000-token toy-world corpus exercise 4.6 is checked on.

    Examples
    --------
    >>> ids, counts, words = loop_corpus()
    >>> len(ids) >= 50_000, int(counts.sum()) == len(ids), len(words) == len(counts)
    (True, True, True)
    """
    ids, counts, words = _loop_corpus()
    return ids.copy(), counts.copy(), list(words)


def toy_accuracy(vectors: np.ndarray, words: list[str] | None = None) -> float:
    """3CosAdd accuracy of ``vectors`` (rows = ``words``) on every toy-world analogy question.

    ``words`` defaults to those of :func:`loop_corpus`.
    """
    from helpers.text import toy_world_analogies
    from helpers.vectors import WordVectors

    names = list(_loop_corpus()[2]) if words is None else words
    report = WordVectors(names, np.asarray(vectors, dtype=np.float32))
    return float(report.evaluate_analogies(toy_world_analogies()).accuracy)


def reference_accuracy() -> float:
    """The analogy accuracy ``train_sgns`` reaches on exercise 4.6's corpus and settings."""
    ids, counts, _ = _loop_corpus()
    return toy_accuracy(train_word2vec(ids, counts, **LOOP_SETTINGS))  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Cases


class _CaseGenerator(np.random.Generator):
    """A seeded NumPy generator that compares equal to another made from the same seed."""

    def __init__(self, seed: int) -> None:
        super().__init__(np.random.PCG64(seed))
        self.seed = seed

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _CaseGenerator) and other.seed == self.seed

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"np.random.default_rng({self.seed})"


def _loss_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED)
    cases: list[tuple[Any, ...]] = [
        (rng.normal(size=d), rng.normal(size=d), rng.normal(size=(k, d)))
        for d, k in [(4, 3), (6, 5), (3, 1)]
    ]
    cases.append((np.zeros(2), np.ones(2), np.ones((2, 2))))  # every score 0: σ = ½
    return cases


def _cubic(x: np.ndarray) -> float:
    return float((x**3).sum())


def _wavy(x: np.ndarray) -> float:
    return float(np.sin(x).sum() + x.ravel()[0] * x.ravel()[-1])


def _gradcheck_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 1)
    return [
        (_cubic, np.array([1.0, -2.0, 0.5]), 1e-3),  # a one-sided difference is off by ~3e-3
        (_wavy, rng.normal(size=(2, 3)), 1e-4),
        (_cubic, np.array([2, -1, 3]), 1e-3),  # integers: the nudges need a float copy
        (_cubic, np.array([0.3, -1.0]), 0.5),  # a large eps: an eps of your own gives another value
    ]


def _pairs_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 2)
    ids = rng.integers(0, 6, size=12)  # repeated ids
    return [
        (np.array([7, 8, 9, 4, 5]), np.array([2, 1, 2, 1, 2])),  # a window at the start
        (ids, rng.integers(1, 4, size=12)),
        (np.array([3, 1, 4]), np.array([5, 5, 1])),  # windows longer than the sentence
        (np.array([6]), np.array([2])),  # one word: no pair
    ]


def _negative_cases() -> list[tuple[Any, ...]]:
    return [
        (np.array([500, 120, 40, 12, 3, 1, 0, 60]), (10_000, 5), _CaseGenerator(SEED + 3)),
        (np.array([9, 1, 1, 1, 1, 1, 1, 1, 1, 1]), 40_000, _CaseGenerator(SEED + 4)),
    ]


def _keep_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 5)
    zipf = np.round(1e6 / np.arange(1, 41) ** 1.1).astype(np.int64)
    return [
        (zipf, 1e-3),
        (np.array([600, 250, 100, 40, 9, 1]), 0.01),
        (rng.integers(1, 50, size=8), 0.05),
    ]


def _step_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 6)
    cases: list[tuple[Any, ...]] = []
    for vocab, d, batch, k, lr in [(6, 3, 5, 2, 0.5), (9, 4, 8, 3, 0.1)]:
        w_in, w_out = rng.normal(size=(vocab, d)), rng.normal(size=(vocab, d)) * 0.5
        centres = rng.integers(0, vocab, size=batch)
        centres[1] = centres[0]  # a centre twice in the batch
        targets = rng.integers(0, vocab, size=(batch, 1 + k))
        targets[0, 1] = targets[0, 0]  # the context also drawn as a negative
        targets[2, 0] = centres[0]  # a word that is a centre and a target
        cases.append((w_in, w_out, centres, targets, lr))
    return cases


def _loop_cases() -> list[tuple[Any, ...]]:
    ids, counts, _ = _loop_corpus()
    s = LOOP_SETTINGS
    rare = ids[counts[ids] / counts.sum() <= 2e-3][:PROBE_TOKENS]  # subsampling keeps them all
    return [
        # a probe: one epoch on a few tokens. The input vector of a word that never occurs is
        # never updated, so it keeps its random start; w_out's row stays zero unless it was drawn
        # as a negative, so most rows of w_out are exactly zero.
        (rare, counts.copy(), s["d"], s["window"], s["negatives"], 1,
         s["lr"], s["seed"]),
        (ids.copy(), counts.copy(), s["d"], s["window"], s["negatives"], s["epochs"], s["lr"],
         s["seed"]),
    ]  # fmt: skip


def _zero_rows_of_absent_words(args: tuple[Any, ...], got: np.ndarray) -> tuple[int, int]:
    """(how many rows of the words absent from the corpus ``args[0]`` are all zero, how many)."""
    absent = np.setdiff1d(np.arange(len(args[1])), args[0])
    return int(np.sum(~got[absent].any(axis=1))), len(absent)


# --------------------------------------------------------------------------------------------
# Diagnoses and comparisons: recognise the usual mistakes by recomputing them


_close = close


def _diagnose_loss(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    center, context, negatives = args
    if not isinstance(got, tuple) or len(got) != 4:
        return "Return a tuple of four things: (loss, grad_center, grad_context, grad_negatives)."
    loss, grad_center, grad_context, grad_negatives = got
    ref_loss, ref_center, ref_context, ref_negatives = expected
    wrong_negative_loss = (
        -np.log(1 / (1 + np.exp(-(context @ center))))
        - np.log(1 / (1 + np.exp(-(negatives @ center)))).sum()
    )
    if _close(loss, wrong_negative_loss) and not _close(loss, ref_loss):
        return (
            "The negatives' terms are log σ(−u_k·v): a negative should get a low score, so its "
            "label's probability is σ of minus its score."
        )
    if _close(loss, -ref_loss):
        return "The loss is a sum of −log σ(…), a positive number: check the signs of the logs."
    if _close(grad_center, -ref_center) and _close(grad_context, -ref_context):
        return "The gradients have the wrong sign: differentiate L itself, not −L."
    if _close(grad_context, ref_context + center):
        return "∂L/∂u_o is (σ(u_o·v) − 1)·v: the − 1 (the real pair's target) is missing."
    if _close(grad_negatives, ref_negatives - center[None, :]):
        return "∂L/∂u_k is σ(u_k·v)·v: a negative's target is 0, so no − 1 there."
    if np.shape(grad_negatives) == (center.shape[0], negatives.shape[0]):
        return "grad_negatives is transposed: one row per negative, like `negatives`."
    positive = 1 / (1 + np.exp(-(context @ center)))
    if _close(grad_center, (positive - 1) * context):
        return "∂L/∂v collects a term from the context and one from every negative."
    return None


def _diagnose_gradcheck(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    f, x, eps = args
    xf = np.array(x, dtype=float)
    if np.asarray(x).dtype.kind in "iu":
        return (
            "x holds integers here, and an integer array rounds x[i] ± eps back to whole "
            "numbers: make the copy a float array."
        )
    forward = np.zeros_like(xf)
    for i in np.ndindex(xf.shape):
        nudged = xf.copy()
        nudged[i] += eps
        forward[i] = (f(nudged) - f(xf)) / eps
    if _close(got, forward):
        return (
            "That is the one-sided difference (f(x + ε) − f(x)) / ε, whose error is of order "
            "ε; nudge both ways, (f(x + ε) − f(x − ε)) / 2ε, for an error of order ε²."
        )
    if _close(got, 2 * expected):
        return "The two evaluations are 2ε apart: divide by 2ε, not ε."
    whole = (f(xf + eps) - f(xf - eps)) / (2 * eps)
    if _close(got, np.full(xf.shape, whole)):
        return "Nudge one coordinate at a time (the others stay put), not all of x at once."
    return None


def _pair_list(pairs: Any) -> list[tuple[int, int]] | str:
    """The pairs as a sorted list, or a phrase saying why they cannot be read."""
    if not isinstance(pairs, tuple | list) or len(pairs) != 2:
        return f"expected two arrays (centres, contexts), got {_describe(pairs)}"
    centres, contexts = (np.asarray(p) for p in pairs)
    if centres.shape != contexts.shape or centres.ndim != 1:
        return (
            f"centres and contexts should be two 1-D arrays of the same length, got shapes "
            f"{centres.shape} and {contexts.shape}"
        )
    if centres.size and (centres.dtype.kind not in "iu" or contexts.dtype.kind not in "iu"):
        return f"the pairs should be word ids (integers), got dtype {centres.dtype}"
    return sorted(zip(centres.tolist(), contexts.tolist(), strict=True))


def _compare_pairs(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    mine = _pair_list(got)
    if isinstance(mine, str):
        return mine
    ref = _pair_list(expected)
    assert not isinstance(ref, str)
    if mine == ref:
        return None
    missing, extra = list(ref), []
    for pair in mine:
        if pair in missing:
            missing.remove(pair)
        else:
            extra.append(pair)
    parts = [f"{len(mine)} pairs where {len(ref)} were expected"]
    if missing:
        parts.append(f"missing (centre, context) {missing[0]}")
    if extra:
        parts.append(f"unexpected {extra[0]}")
    return ", ".join(parts)


def _variant_pairs(
    ids: np.ndarray, reach: np.ndarray, *, lo: int = 1, shrink: int = 0, wrap: bool = False,
    fixed: bool = False, right_only: bool = False,
) -> list[tuple[int, int]]:  # fmt: skip
    """The pairs a usual mistake produces (recomputed with plain loops)."""
    n, out = len(ids), []
    for i in range(n):
        r = (int(np.max(reach)) if fixed else int(reach[i])) - shrink
        for k in range(-r, r + 1):
            if abs(k) < lo or (right_only and k < 0):
                continue
            j = i + k
            if (0 <= j < n) or (wrap and -n <= j < 0):
                out.append((int(ids[i]), int(ids[j])))
    return sorted(out)


def _diagnose_pairs(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    ids, reach = args
    mine = _pair_list(got)
    if isinstance(mine, str):
        return None
    if mine == _variant_pairs(ids, reach, lo=0):
        return "A word is not its own context: skip the distance 0."
    if mine == _variant_pairs(ids, reach, shrink=1):
        return "Off by one: a word at distance exactly reach[i] is inside the window."
    if mine == _variant_pairs(ids, reach, wrap=True):
        return (
            "At the start of the sentence i − k is negative, and ids[-1] is the last word, not a "
            "word before the first: keep only positions 0 … len(ids) − 1."
        )
    if mine == _variant_pairs(ids, reach, fixed=True):
        return "Every centre has its own window size: use reach[i] for centre i, not the largest."
    if mine == _variant_pairs(ids, reach, right_only=True):
        return "The window reaches both ways: words before the centre are contexts too."
    return None


def _draw_frequencies(got: Any, args: tuple[Any, ...]) -> np.ndarray | str:
    counts, size, _ = args
    shape = (size,) if isinstance(size, int) else tuple(size)
    if not isinstance(got, np.ndarray):
        return f"expected an array of word ids of shape {shape}, got {_describe(got)}"
    if got.shape != shape:
        return f"expected shape {shape} (the `size` asked for), got shape {got.shape}"
    if got.dtype.kind not in "iu":
        return f"the draws should be word ids (integers), got dtype {got.dtype}"
    if got.size and (got.min() < 0 or got.max() >= len(counts)):
        return f"the draws should be word ids 0 … {len(counts) - 1}, got {int(got.max())}"
    return np.bincount(got.ravel(), minlength=len(counts)) / got.size


def _compare_negatives(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    freq = _draw_frequencies(got, args)
    if isinstance(freq, str):
        return freq
    counts = args[0]
    target = negative_sampling_distribution(counts)
    never = np.flatnonzero(target == 0)
    if never.size and freq[never].sum() > 0:
        return f"word {int(never[0])} has count 0 and was drawn; it should never be"
    distance = 0.5 * float(np.abs(freq - target).sum())
    if distance > NEGATIVE_TOLERANCE:
        worst = int(np.argmax(np.abs(freq - target)))
        return (
            f"the draws do not follow count^0.75: word {worst} was drawn {freq[worst]:.3f} of "
            f"the time where count^0.75 gives {target[worst]:.3f}"
        )
    return None


def _diagnose_negatives(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    freq = _draw_frequencies(got, args)
    if isinstance(freq, str):
        return None
    counts = np.asarray(args[0], dtype=float)
    weights = counts**0.75
    cumulative = np.cumsum(weights)
    below = np.concatenate([[0.0], cumulative[:-1]])
    unnormalised = np.clip(np.minimum(cumulative, 1.0) - np.minimum(below, 1.0), 0, None)
    candidates = {
        "raw": counts / counts.sum(),
        "uniform": np.full(len(counts), 1 / len(counts)),
        "unnormalised": unnormalised / max(unnormalised.sum(), 1e-12),
    }
    near = {
        name: 0.5 * float(np.abs(freq - p).sum()) < NEGATIVE_TOLERANCE
        for name, p in candidates.items()
    }
    if near["raw"]:
        return (
            "Those are raw frequencies (count / total): raise the counts to the power 0.75 "
            "first, then normalise."
        )
    if near["uniform"]:
        return "Every word was drawn equally often: the probabilities come from the counts."
    if near["unnormalised"]:
        return (
            "The weights count^0.75 were not normalised: divide them by their sum so the "
            "probabilities add up to 1."
        )
    return None


def _diagnose_keep(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    counts, t = args
    counts = np.asarray(counts, dtype=float)
    f = counts / counts.sum()
    uncapped = (np.sqrt(f / t) + 1) * t / f
    if _close(got, uncapped):
        return "A probability cannot exceed 1: cap the formula at 1 (rare words are always kept)."
    if _close(got, 1 - np.sqrt(t / f)) or _close(got, np.clip(1 - np.sqrt(t / f), 0, 1)):
        return (
            "1 − √(t/f) is the paper's probability of *discarding* a word (with t = 1e-5); this "
            "exercise asks for the keep probability of word2vec's C code: (√(f/t) + 1) · t/f."
        )
    if _close(got, np.minimum(np.sqrt(t / f), 1)):
        return (
            "√(t/f) is the paper's keep probability; this exercise asks for the formula of "
            "word2vec's C code, (√(f/t) + 1) · t/f, capped at 1."
        )
    if _close(got, 1 - np.minimum(uncapped, 1)):
        return "That is the probability of dropping a word; return the probability of keeping it."
    with np.errstate(all="ignore"):
        raw = np.minimum((np.sqrt(counts / t) + 1) * t / counts, 1)
    if _close(got, raw):
        return "f is the word's share of the corpus (count / total count), not its raw count."
    return None


def _diagnose_step(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    if not isinstance(got, tuple) or len(got) != 3:
        return "Return a tuple of three things: (loss, new_w_in, new_w_out)."
    w_in, w_out, centres, targets, lr = args
    loss, new_in, new_out = got
    ref_loss, ref_in, ref_out = expected
    batch = len(centres)
    if _close(new_in, 2 * w_in - ref_in) and _close(new_out, 2 * w_out - ref_out):
        return "The step goes uphill: subtract lr × gradient, do not add it."
    if _close(new_in, w_in + (ref_in - w_in) / batch):
        return (
            "The step is B times too small: the loss of a minibatch is the sum of its examples' "
            "losses, so every example gets the step it would get alone."
        )
    # the classic bug: w[ids] -= lr * grad keeps only one update per repeated row
    v, u = w_in[centres], w_out[targets]
    scores = np.einsum("bkd,bd->bk", u, v)
    g = 1 / (1 + np.exp(-scores))
    g[:, 0] -= 1
    fancy_in, fancy_out = np.array(w_in, dtype=float), np.array(w_out, dtype=float)
    fancy_in[centres] -= lr * np.einsum("bk,bkd->bd", g, u)
    fancy_out[targets] -= lr * g[:, :, None] * v[:, None, :]
    if _close(new_in, fancy_in) or _close(new_out, fancy_out):
        return (
            "A word that occurs several times in the batch must get the sum of all its updates; "
            "`w[ids] -= …` keeps only one of them (NumPy has a function that adds at repeated "
            "indices)."
        )
    if _close(new_in, ref_in) and not _close(new_out, ref_out):
        later = np.array(w_out, dtype=float)
        v_new = ref_in[centres]
        scores_new = np.einsum("bkd,bd->bk", w_out[targets], v_new)
        g_new = 1 / (1 + np.exp(-scores_new))
        g_new[:, 0] -= 1
        np.add.at(later, targets, -lr * g_new[:, :, None] * v_new[:, None, :])
        if _close(new_out, later):
            return (
                "w_out's gradients were computed from the already updated w_in: compute every "
                "gradient from the vectors as they were before the step."
            )
    if _close(loss, ref_loss / batch):
        return "Return the summed loss of the batch, not its mean."
    return None


def _compare_loop(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    if not isinstance(got, np.ndarray):
        return f"expected the trained input vectors, {_describe(expected)}, got {_describe(got)}"
    if got.shape != expected.shape:
        return f"expected the input vectors w_in of shape {expected.shape}, got {got.shape}"
    if np.allclose(got, got[0]):
        return "every word has the same vector, so no analogy can be answered"
    if len(args[0]) == PROBE_TOKENS:  # the probe: only the start of w_in is checked
        zero, absent = _zero_rows_of_absent_words(args, got)
        if zero > absent // 2:
            return (
                f"{zero} of the {absent} words that never occur in these {PROBE_TOKENS} tokens "
                f"have an all-zero vector, but an input vector starts random and only a centre "
                f"word's moves"
            )
        return None
    mine, reference = toy_accuracy(got), toy_accuracy(expected)
    if mine < reference - LOOP_MARGIN:
        return (
            f"your vectors answer {mine:.2f} of the toy-world analogies where train_sgns reaches "
            f"{reference:.2f} on the same data (at least {reference - LOOP_MARGIN:.2f} passes)"
        )
    return None


def _diagnose_loop(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    if not isinstance(got, np.ndarray) or got.shape != expected.shape:
        return None
    d = args[2]
    if np.allclose(got, got[0]):
        return (
            "Every word has the same vector: start w_in at small random values (uniform in "
            "±0.5/d) so that words can become different; w_out may start at zero."
        )
    if len(args[0]) == PROBE_TOKENS and _zero_rows_of_absent_words(args, got)[0] > 0:
        return (
            "Those look like the output vectors w_out (they start at zero and only the rows of "
            "the words used move): return the input vectors w_in."
        )
    if float(np.abs(got).max()) <= 0.5 / d + 1e-9:
        return (
            "The vectors never left their starting values: keep the matrices sgd_step returns "
            "(w_in, w_out = …) from one step to the next."
        )
    return None


register(
    Exercise(
        "4.1",
        "sgns_loss_and_gradients",
        sgns_loss_and_gradients,
        _loss_cases,
        solved_by=(sgns_gradients, sgns_loss),
        points=3,
        hint="Use the loss and the three gradients you derived above: σ(u·v) − label, times "
        "the other vector; σ(−x) = 1 − σ(x) gives the negatives' log terms.",
        diagnose=_diagnose_loss,
    )
)
register(
    Exercise(
        "4.2",
        "numerical_gradient",
        finite_difference_gradient,
        _gradcheck_cases,
        points=2,
        hint="For each index i of a float copy of x: f with x[i] + eps, f with x[i] − eps, "
        "their difference over 2·eps; put x[i] back before the next index.",
        diagnose=_diagnose_gradcheck,
        atol=1e-7,
    )
)
register(
    Exercise(
        "4.3",
        "skipgram_pairs",
        skipgram_pairs,
        _pairs_cases,
        solved_by=(_helper_pairs,),
        points=2,
        hint="For every position i and every distance k = 1 … reach[i], the words at i − k and "
        "i + k are contexts of ids[i], when those positions exist.",
        diagnose=_diagnose_pairs,
        compare=_compare_pairs,
    )
)
register(
    Exercise(
        "4.4",
        "sample_negatives",
        sample_negatives,
        _negative_cases,
        solved_by=(negative_sampling_distribution,),
        points=2,
        hint="Weights count^0.75, normalised to sum to 1, then let the generator draw `size` "
        "word ids with those probabilities.",
        diagnose=_diagnose_negatives,
        compare=_compare_negatives,
    )
)
register(
    Exercise(
        "4.7",
        "keep_probability",
        keep_probability,
        _keep_cases,
        points=1,
        hint="With f = count / total, keep = (√(f/t) + 1) · t/f, and no probability above 1.",
        diagnose=_diagnose_keep,
        solved_by=(subsample_keep_probability,),
    )
)
register(
    Exercise(
        "4.5",
        "sgd_step",
        sgd_step,
        _step_cases,
        solved_by=(sgns_step,),
        points=3,
        hint="Gather the vectors, score every target, the gradients of 4.1 one example per row "
        "(all from the old vectors), and add −lr × each gradient to its word's row of copies "
        "of both matrices.",
        diagnose=_diagnose_step,
    )
)
register(
    Exercise(
        "4.6",
        "train_word2vec",
        train_word2vec,
        _loop_cases,
        solved_by=(train_sgns,),
        points=5,
        hint="Per epoch: subsample, draw each centre's window size, form the pairs; per "
        "minibatch: the context plus K negatives as targets, a decaying learning rate, one "
        "sgd_step whose matrices you keep.",
        diagnose=_diagnose_loop,
        compare=_compare_loop,
        # the reference's result is cached, so its time says nothing. The limit is wall-clock
        # time (a SIGALRM timer), so it is generous: a right loop (mistakes.word2vec.loop_correct)
        # passed the whole check in 3.5 s of wall time with the load average at 6-10 on 2 cores
        # (2026-12-07), so 60 s leaves a slow-but-right loop about 17 times that.
        time_limit=60.0,
    )
)
