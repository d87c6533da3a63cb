"""Skip-gram with negative sampling (word2vec), from scratch in NumPy.

The model keeps two vectors per word: an *input* vector ``v`` (the embedding we keep) and an
*output* vector ``u``. For a centre word ``c`` seen next to a context word ``o``, and ``K``
"negative" words ``n_1 … n_K`` drawn at random, the loss of that one example is

.. math::

    L = -\\log \\sigma(u_o \\cdot v_c) - \\sum_k \\log \\sigma(-u_{n_k} \\cdot v_c)

so training pulls ``v_c`` towards the output vectors of words it really occurs with and pushes
it away from random words. The small functions :func:`sigmoid`, :func:`sgns_loss` and
:func:`sgns_gradients` are that formula for one example; :func:`train_sgns` is the same maths
vectorised over minibatches of about a thousand (centre, context) pairs, with the usual word2vec
ingredients: negatives drawn from the unigram distribution raised to the power 0.75, random
discarding of very frequent words (subsampling), a dynamic context window, and a learning rate
that decays linearly to nearly zero.

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> ids = rng.integers(0, 50, size=5_000)
>>> result = train_sgns(ids, np.bincount(ids, minlength=50), d=8, epochs=1, progress=False)
>>> result.input_vectors.shape
(50, 8)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

try:  # SciPy's compiled sparse × dense kernel (see _sum_rows)
    from scipy.sparse._sparsetools import csc_matvecs as _csc_matvecs
except ImportError:  # pragma: no cover
    _csc_matvecs = None

if TYPE_CHECKING:
    from helpers.vectors.wordvectors import WordVectors

__all__ = [
    "SGNSResult",
    "finite_difference_gradient",
    "negative_sampling_distribution",
    "sample_negatives",
    "sgns_gradients",
    "sgns_loss",
    "sgns_vectors",
    "sigmoid",
    "skipgram_pairs",
    "subsample_keep_probability",
    "train_sgns",
]

# ---------------------------------------------------------------------------------------------
# One example: the maths the notebook derives
# ---------------------------------------------------------------------------------------------


def sigmoid(x: np.ndarray | float) -> np.ndarray:
    """The logistic function σ(x) = 1 / (1 + e^(−x)), computed without overflow.

    Parameters
    ----------
    x : array_like
        Scores (any shape).

    Returns
    -------
    numpy.ndarray
        σ(x), values in (0, 1), same shape as ``x``.

    Examples
    --------
    >>> print(np.round(sigmoid(np.array([-2.0, 0.0, 2.0])), 4))
    [0.1192 0.5    0.8808]
    """
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _log_sigmoid(x: np.ndarray) -> np.ndarray:
    """log σ(x) = −log(1 + e^(−x)), stable for large |x|."""
    return -np.logaddexp(0.0, -x)


def _check_example(center: np.ndarray, context: np.ndarray, negatives: np.ndarray) -> None:
    center, context, negatives = np.asarray(center), np.asarray(context), np.asarray(negatives)
    if center.ndim != 1:
        raise ValueError(f"center must be one vector of shape (d,), got shape {center.shape}.")
    d = center.shape[0]
    if context.shape != (d,):
        raise ValueError(f"context must have the centre's shape ({d},), got shape {context.shape}.")
    if negatives.ndim != 2 or negatives.shape[1] != d:
        raise ValueError(
            f"negatives must be a (K, {d}) array (one row per negative word), "
            f"got shape {negatives.shape}."
        )


def sgns_loss(center: np.ndarray, context: np.ndarray, negatives: np.ndarray) -> float:
    """Loss of one skip-gram example: −log σ(u_o·v_c) − Σ_k log σ(−u_k·v_c).

    Parameters
    ----------
    center : numpy.ndarray, shape (d,)
        Input vector ``v_c`` of the centre word.
    context : numpy.ndarray, shape (d,)
        Output vector ``u_o`` of the observed context word.
    negatives : numpy.ndarray, shape (K, d)
        Output vectors ``u_k`` of the K sampled negative words.

    Returns
    -------
    float
        The loss (≥ 0; small when the context scores high and the negatives low).

    Examples
    --------
    >>> d = 3
    >>> round(sgns_loss(np.zeros(d), np.zeros(d), np.zeros((2, d))), 4)  # 3 × log 2
    2.0794
    """
    _check_example(center, context, negatives)
    center, context, negatives = (np.asarray(a, dtype=float) for a in (center, context, negatives))
    positive = _log_sigmoid(np.asarray(context @ center))
    negative = _log_sigmoid(-(negatives @ center)).sum()
    return float(-positive - negative)


def sgns_gradients(
    center: np.ndarray, context: np.ndarray, negatives: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of :func:`sgns_loss` with respect to its three arguments.

    With ``g_o = σ(u_o·v_c) − 1`` and ``g_k = σ(u_k·v_c)``:
    ``∂L/∂v_c = g_o u_o + Σ_k g_k u_k``, ``∂L/∂u_o = g_o v_c``, ``∂L/∂u_k = g_k v_c``.

    Parameters
    ----------
    center, context, negatives : numpy.ndarray
        As in :func:`sgns_loss`: shapes (d,), (d,) and (K, d).

    Returns
    -------
    tuple of numpy.ndarray
        ``(grad_center (d,), grad_context (d,), grad_negatives (K, d))``.

    Examples
    --------
    >>> g_c, g_o, g_n = sgns_gradients(np.ones(2), np.zeros(2), np.zeros((3, 2)))
    >>> print(g_o, g_n.shape)
    [-0.5 -0.5] (3, 2)
    """
    _check_example(center, context, negatives)
    center, context, negatives = (np.asarray(a, dtype=float) for a in (center, context, negatives))
    g_pos = sigmoid(context @ center) - 1.0  # how far σ(u_o·v_c) is from its target 1
    g_neg = sigmoid(negatives @ center)  # how far each σ(u_k·v_c) is from its target 0
    grad_center = g_pos * context + g_neg @ negatives
    grad_context = g_pos * center
    grad_negatives = g_neg[:, None] * center[None, :]
    return grad_center, grad_context, grad_negatives


def finite_difference_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    """Numerical gradient of a scalar function by central differences.

    Each coordinate ``i`` is nudged by ±eps: ``(f(x + eps e_i) − f(x − eps e_i)) / (2 eps)``.

    Parameters
    ----------
    f : callable
        Function of one array returning a float.
    x : numpy.ndarray
        Where to take the gradient (any shape; not modified).
    eps : float
        Step size.

    Returns
    -------
    numpy.ndarray
        The gradient estimate, same shape as ``x``.

    Examples
    --------
    >>> print(np.round(finite_difference_gradient(lambda v: float(v @ v), np.array([1.0, 2.0])), 4))
    [2. 4.]
    """
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        plus = f(x)
        x[i] = original - eps
        minus = f(x)
        x[i] = original
        grad[i] = (plus - minus) / (2 * eps)
    return grad


# ---------------------------------------------------------------------------------------------
# Sampling: negatives, subsampling, context windows
# ---------------------------------------------------------------------------------------------


def _as_counts(counts: Sequence[int] | np.ndarray) -> np.ndarray:
    counts = np.asarray(counts, dtype=np.float64)
    if counts.ndim != 1 or counts.size == 0:
        raise ValueError(
            f"counts must be a non-empty 1-D array of word counts, got shape {counts.shape}."
        )
    if np.any(counts < 0) or counts.sum() <= 0:
        raise ValueError("counts must be non-negative and not all zero.")
    return counts


def negative_sampling_distribution(
    counts: Sequence[int] | np.ndarray, power: float = 0.75
) -> np.ndarray:
    """Probability of drawing each word as a negative: count^power, normalised.

    The power 0.75 (Mikolov et al., 2013) flattens the unigram distribution, so rare words are
    drawn a little more often than their frequency and "the" a little less.

    Parameters
    ----------
    counts : array_like of int, shape (V,)
        Corpus count of each word id.
    power : float
        Exponent applied to the counts (1 = unigram, 0 = uniform).

    Returns
    -------
    numpy.ndarray, shape (V,)
        Probabilities summing to 1.

    Examples
    --------
    >>> print(np.round(negative_sampling_distribution([16, 1], power=0.75), 4))
    [0.8889 0.1111]
    """
    weights = _as_counts(counts) ** power
    weights[_as_counts(counts) == 0] = 0.0
    return weights / weights.sum()


def sample_negatives(
    probabilities: np.ndarray, size: int | tuple[int, ...], rng: np.random.Generator
) -> np.ndarray:
    """Draw word ids from ``probabilities`` (inverse-CDF sampling; exact, simple, slower).

    The trainer uses a faster lookup table with the same distribution (see :func:`train_sgns`).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> sample_negatives(np.array([0.0, 1.0]), 4, rng)
    array([1, 1, 1, 1])
    """
    cumulative = np.cumsum(probabilities)
    draws = rng.random(size) * cumulative[-1]
    return np.minimum(np.searchsorted(cumulative, draws, side="right"), len(cumulative) - 1)


def _negative_table(probabilities: np.ndarray, size: int) -> np.ndarray:
    """A table of word ids in which word ``w`` fills round(p_w · size) slots (word2vec's trick)."""
    edges = np.round(np.cumsum(probabilities) * size).astype(np.int64)
    slots = np.diff(edges, prepend=0)
    table = np.repeat(np.arange(len(probabilities), dtype=np.intp), slots)
    if table.size == 0:
        raise ValueError("The negative-sampling table is empty; are all counts zero?")
    return table


def subsample_keep_probability(
    counts: Sequence[int] | np.ndarray, threshold: float | None = 1e-3
) -> np.ndarray:
    """Probability of keeping each occurrence of a word under frequent-word subsampling.

    The formula of the word2vec C code and gensim: with ``f`` the word's share of the corpus
    and ``t`` the threshold, ``keep = (sqrt(f / t) + 1) · t / f``, capped at 1. Words rarer
    than about ``t`` are always kept; "the" (f ≈ 0.06) is kept about 15 % of the time at
    t = 1e-3. Fewer copies of "the" means less time spent on uninformative pairs and, in
    effect, wider windows.

    Parameters
    ----------
    counts : array_like of int, shape (V,)
        Corpus count of each word id.
    threshold : float or None
        ``t``; ``None`` or 0 switches subsampling off (every word kept).

    Returns
    -------
    numpy.ndarray, shape (V,)
        Keep probabilities in (0, 1].

    Examples
    --------
    >>> print(np.round(subsample_keep_probability([60, 30, 10], threshold=0.1), 4))
    [0.5749 0.9107 1.    ]
    """
    counts = _as_counts(counts)
    if not threshold:
        return np.ones_like(counts)
    if threshold < 0:
        raise ValueError(f"threshold must be positive (or None to switch off), got {threshold}.")
    freq = counts / counts.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        keep = (np.sqrt(freq / threshold) + 1.0) * threshold / freq
    keep[freq == 0] = 1.0
    return np.minimum(keep, 1.0)


def skipgram_pairs(
    ids: np.ndarray,
    window: int = 5,
    rng: np.random.Generator | None = None,
    *,
    dynamic: bool = True,
    sentence_ids: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """All (centre, context) pairs of a token stream, in corpus order.

    Parameters
    ----------
    ids : numpy.ndarray of int, shape (n,)
        Word ids in corpus order.
    window : int
        Maximum distance between centre and context.
    rng : numpy.random.Generator, optional
        Needed when ``dynamic`` is true.
    dynamic : bool
        If true (word2vec's default), each centre word uses its own window size drawn uniformly
        from 1 … window, so a neighbour at distance k is used with probability (window−k+1)/window:
        close words count more. If false, every word within ``window`` is a context.
    sentence_ids : numpy.ndarray, optional
        Sentence number of each token; pairs never cross a sentence boundary.

    Returns
    -------
    centres, contexts : numpy.ndarray
        Word ids of each pair.

    Examples
    --------
    >>> c, o = skipgram_pairs(np.array([7, 8, 9]), window=1, dynamic=False)
    >>> list(zip(c.tolist(), o.tolist()))
    [(7, 8), (8, 7), (8, 9), (9, 8)]
    """
    ids = np.asarray(ids)
    if window < 1:
        raise ValueError(f"window must be at least 1, got {window}.")
    n = ids.shape[0]
    offsets = np.concatenate([np.arange(-window, 0), np.arange(1, window + 1)])
    positions = np.arange(n)[:, None] + offsets[None, :]
    valid = (positions >= 0) & (positions < n)
    if dynamic:
        if rng is None:
            raise ValueError("A dynamic window needs rng=np.random.default_rng(seed).")
        reach = np.asarray(rng.integers(1, window + 1, size=n))
        valid &= np.abs(offsets)[None, :] <= reach[:, None]
    if sentence_ids is not None:
        clipped = np.clip(positions, 0, max(n - 1, 0))
        valid &= sentence_ids[clipped] == sentence_ids[:, None]
    rows, cols = np.nonzero(valid)
    return ids[rows], ids[positions[rows, cols]]


# ---------------------------------------------------------------------------------------------
# The trainer
# ---------------------------------------------------------------------------------------------


@dataclass
class SGNSResult:
    """What :func:`train_sgns` returns.

    Attributes
    ----------
    input_vectors : numpy.ndarray, shape (V, d), float32
        The word embeddings (``v``; word2vec and gensim keep these).
    output_vectors : numpy.ndarray, shape (V, d), float32
        The context vectors (``u``).
    loss_history : numpy.ndarray
        Mean loss per (centre, context, negatives) example, averaged over stretches of training.
    loss_progress : numpy.ndarray
        Fraction of training done (0–1) at the end of each stretch in ``loss_history``.
    snapshots : numpy.ndarray, shape (n_snapshots, len(track), d)
        Input vectors of the tracked words during training (the first is the initialisation).
    snapshot_progress : numpy.ndarray
        Fraction of training done at each snapshot.
    track : numpy.ndarray
        Word ids whose vectors were snapshotted.
    words_processed : int
        Corpus tokens read (before subsampling), over all epochs.
    pairs_processed : int
        (centre, context) pairs trained on.
    settings : dict
        The hyper-parameters used.
    """

    input_vectors: np.ndarray
    output_vectors: np.ndarray
    loss_history: np.ndarray
    loss_progress: np.ndarray
    snapshots: np.ndarray
    snapshot_progress: np.ndarray
    track: np.ndarray
    words_processed: int
    pairs_processed: int
    settings: dict[str, Any] = field(default_factory=dict)


_TABLE_SIZE = 1 << 23
_BLOCK_TOKENS = (
    10_000  # tokens per block: pairs never cross a block (as gensim's 10 000-word limit)
)


def _prepare_stream(
    ids: np.ndarray | Sequence[np.ndarray] | Sequence[Sequence[int]],
) -> tuple[np.ndarray, np.ndarray | None]:
    """Flatten sentences into one id stream plus the sentence number of each token."""
    if isinstance(ids, np.ndarray) and ids.ndim == 1:
        return ids.astype(np.intp, copy=False), None
    sentences = [np.asarray(s, dtype=np.intp).ravel() for s in ids]
    if not sentences:
        raise ValueError("ids is empty; give a 1-D array of word ids or a list of sentences.")
    lengths = np.array([len(s) for s in sentences])
    stream = np.concatenate(sentences)
    return stream, np.repeat(np.arange(len(sentences), dtype=np.int32), lengths)


def _scatter_add(
    out: np.ndarray, rows: np.ndarray, coef: np.ndarray, per_column: int, x: np.ndarray
) -> None:
    """In place: out[rows[b, k]] += coef[b, k] · x[b] for every b and k (rows may repeat).

    That is ``out += A @ x`` for a sparse (len(out) × B) matrix ``A`` with ``per_column``
    non-zeros in column b (at rows ``rows[b]``, values ``coef[b]``). SciPy's compiled
    sparse × dense kernel accumulates straight into ``out``: no copy of the touched rows, and
    6× faster than ``np.add.at``. The fallback (building a ``scipy.sparse.csc_matrix``) gives
    the same result more slowly.
    """
    batch = x.shape[0]
    indptr = np.arange(0, batch * per_column + 1, per_column, dtype=rows.dtype)
    if _csc_matvecs is None:  # only if SciPy moves its kernels (tested by monkeypatching)
        matrix = sp.csc_matrix((coef.ravel(), rows.ravel(), indptr), shape=(len(out), batch))
        out += matrix @ x
        return
    assert out.flags.c_contiguous and x.flags.c_contiguous
    _csc_matvecs(
        out.shape[0], batch, x.shape[1], indptr, rows.ravel(), coef.ravel(), x.ravel(), out.ravel()
    )


MAX_REPEATS = 32
"""A word's summed step in one minibatch counts at most this many examples' worth (see _damp)."""


def _damp(coef: np.ndarray, rows: np.ndarray, heavy: np.ndarray) -> np.ndarray:
    """Scale the coefficients of rows that occur more than MAX_REPEATS times in the batch.

    A minibatch step sums the gradients of all examples that touch a row, all computed from
    the same (old) vectors. Sequential SGD would correct itself after each example; the sum
    cannot, and for a word present hundreds of times in one batch (a tiny vocabulary, or "the"
    as a negative) it overshoots and can diverge. Rows seen n > MAX_REPEATS times get their
    summed step scaled by MAX_REPEATS / n.

    ``heavy`` maps each word id to its slot among the words frequent enough to get there
    (see :func:`_heavy_words`), and every other word to slot H, which is never damped;
    counting only those keeps this cheap. Its last element (after the vocabulary) is H.
    """
    slots = np.take(heavy, rows)
    n_heavy = int(heavy[-1])
    repeats = np.bincount(slots.ravel(), minlength=n_heavy + 1)
    repeats[n_heavy] = 0
    if repeats.max() <= MAX_REPEATS:
        return coef
    scale = np.minimum(1.0, MAX_REPEATS / np.maximum(repeats, 1)).astype(coef.dtype)
    return coef * np.take(scale, slots)


def _heavy_words(
    counts: np.ndarray,
    keep: np.ndarray,
    negative_probs: np.ndarray,
    batch_size: int,
    negatives: int,
) -> np.ndarray:
    """Slot of each word among those expected more than MAX_REPEATS / 8 times in a minibatch.

    Expected appearances of word w in a batch: ``batch_size · (p_w + negatives · q_w)`` with
    p the share of tokens left after subsampling and q the negative-sampling probability.
    The H such words get slots 0 … H−1; the others (expected a handful of times at most) get
    slot H. One extra element at the end holds H.
    """
    kept = counts * keep
    expected = batch_size * (kept / kept.sum() + negatives * negative_probs)
    is_heavy = expected > MAX_REPEATS / 8
    n_heavy = int(is_heavy.sum())
    slots = np.full(counts.shape[0] + 1, n_heavy, dtype=np.intp)
    slots[:-1][is_heavy] = np.arange(n_heavy)
    return slots


def _sgd_step(
    w_in: np.ndarray,
    w_out: np.ndarray,
    centres: np.ndarray,
    targets: np.ndarray,
    lr: float,
    heavy: np.ndarray,
) -> float:
    """One minibatch step; ``targets`` is (B, 1 + K): the context, then K negatives.

    Every gradient is computed from the vectors as they were before the step, then both
    matrices are updated in place. Returns the summed loss of the B examples.
    """
    width = targets.shape[1]
    v = np.take(w_in, centres, axis=0)  # (B, d) centre input vectors
    u = np.take(w_out, targets, axis=0)  # (B, 1+K, d) context and negative output vectors
    scores = np.vecdot(u, v[:, None, :])  # (B, 1+K)
    scores[:, 0] *= -1.0  # the context should score high, the negatives low
    np.clip(scores, -30.0, 30.0, out=scores)
    expo = np.exp(scores)
    loss = float(np.log1p(expo).sum())  # Σ −log σ(±score)
    # step = −lr · ∂L/∂score: +lr σ(−u_o·v) for the context, −lr σ(u_k·v) for each negative
    step = expo / (1.0 + expo)
    step[:, 0] *= lr
    step[:, 1:] *= -lr
    step_v = np.matmul(step[:, None, :], u)[:, 0, :]  # (B, d): Σ_k step_k u_k
    # output vectors: u_t += Σ step[b, k] v_b over every (b, k) with targets[b, k] == t
    _scatter_add(w_out, targets, _damp(step, targets, heavy), width, v)
    # input vectors: a centre word that occurs several times in the batch gets the sum
    ones = np.ones(centres.shape[0], dtype=v.dtype)
    _scatter_add(w_in, centres, _damp(ones, centres, heavy), 1, step_v)
    return loss


class _Recorder:
    """Shared training state: words read, loss history and snapshots (thread-safe)."""

    def __init__(
        self,
        total_words: int,
        bar: Any,
        w_in: np.ndarray,
        track: np.ndarray,
        n_snapshots: int,
        loss_points: int,
    ) -> None:
        self.total_words = total_words
        self.words_done = 0
        self.pairs_done = 0
        self.bar = bar
        self.lock = threading.Lock()
        self.w_in = w_in
        self.track = track
        self.snapshot_targets: np.ndarray = np.linspace(0.0, 1.0, max(n_snapshots, 0))
        self.loss_targets = np.linspace(0.0, 1.0, loss_points + 1)[1:]
        self.loss_history: list[float] = []
        self.loss_progress: list[float] = []
        self.snapshots: list[np.ndarray] = []
        self.snapshot_progress: list[float] = []
        self._loss_sum = 0.0
        self._examples = 0
        self._snapshot_if_due(0.0)

    def _snapshot_if_due(self, done: float) -> None:
        targets = self.snapshot_targets
        while len(self.snapshots) < len(targets) and done >= targets[len(self.snapshots)] - 1e-12:
            self.snapshots.append(self.w_in[self.track].copy())
            self.snapshot_progress.append(done)

    def batch_done(self, loss: float, examples: int, words_done: float) -> None:
        """Called after each minibatch with its summed loss and an estimate of words read."""
        with self.lock:
            self._loss_sum += loss
            self._examples += examples
            done = min(words_done / self.total_words, 1.0)
            n_points = len(self.loss_history)
            if n_points < len(self.loss_targets) and done >= self.loss_targets[n_points] - 1e-12:
                self.loss_history.append(self._loss_sum / max(self._examples, 1))
                self.loss_progress.append(done)
                self._loss_sum, self._examples = 0.0, 0
            self._snapshot_if_due(done)

    def block_done(self, words: int, pairs: int) -> None:
        """Called after each block of corpus tokens."""
        with self.lock:
            self.words_done += words
            self.pairs_done += pairs
            if self.bar is not None:
                self.bar.update(words)

    def finish(self) -> None:
        """Record the last loss point and snapshot if rounding left them out."""
        if self._examples:
            self.loss_history.append(self._loss_sum / self._examples)
            self.loss_progress.append(1.0)
            self._loss_sum, self._examples = 0.0, 0
        self._snapshot_if_due(1.0)


def _train_blocks(
    blocks: Sequence[tuple[int, int]],
    stream: np.ndarray,
    sentence_ids: np.ndarray | None,
    w_in: np.ndarray,
    w_out: np.ndarray,
    keep: np.ndarray,
    table: np.ndarray,
    heavy: np.ndarray,
    rng: np.random.Generator,
    recorder: _Recorder,
    config: dict[str, Any],
) -> None:
    """Train on a list of (start, stop) token blocks (one worker's share of one epoch)."""
    window, negatives, batch_size = config["window"], config["negatives"], config["batch_size"]
    lr0, min_lr, dynamic = config["lr"], config["min_lr"], config["dynamic_window"]
    total = recorder.total_words
    for start, stop in blocks:
        ids = stream[start:stop]
        kept = rng.random(ids.shape[0]) < keep[ids]
        ids = ids[kept]
        sentences = None if sentence_ids is None else sentence_ids[start:stop][kept]
        centres, contexts = skipgram_pairs(
            ids, window, rng, dynamic=dynamic, sentence_ids=sentences
        )
        n_pairs = centres.shape[0]
        base, block_words = recorder.words_done, stop - start
        for b in range(0, n_pairs, batch_size):
            c = centres[b : b + batch_size]
            # linear decay from lr to min_lr over all words of all epochs
            lr = lr0 - (lr0 - min_lr) * min((base + block_words * b / n_pairs) / total, 1.0)
            targets = np.empty((c.shape[0], 1 + negatives), dtype=np.intp)
            targets[:, 0] = contexts[b : b + batch_size]
            draws = rng.integers(0, table.shape[0], size=(c.shape[0], negatives))
            targets[:, 1:] = np.take(table, draws)
            loss = _sgd_step(w_in, w_out, c, targets, lr, heavy)
            recorder.batch_done(loss, c.shape[0], base + block_words * (b + c.shape[0]) / n_pairs)
        recorder.block_done(block_words, n_pairs)


def train_sgns(
    ids: np.ndarray | Sequence[np.ndarray] | Sequence[Sequence[int]],
    counts: Sequence[int] | np.ndarray,
    d: int = 100,
    window: int = 5,
    negatives: int = 5,
    epochs: int = 5,
    lr: float = 0.025,
    subsample: float | None = 1e-3,
    seed: int = 42,
    batch_size: int = 1024,
    progress: bool = True,
    *,
    min_lr: float = 0.0001,
    dynamic_window: bool = True,
    ns_power: float = 0.75,
    track: Sequence[int] | np.ndarray | None = None,
    n_snapshots: int = 0,
    loss_points: int = 100,
    workers: int = 1,
) -> SGNSResult:
    """Train skip-gram with negative sampling on a corpus of word ids.

    Each epoch: drop frequent words at random (subsampling), form every (centre, context) pair
    within the window, and walk through the pairs in corpus order in minibatches of
    ``batch_size``; each pair gets ``negatives`` random words drawn from count^0.75. One
    minibatch is one gradient step on the summed loss of its examples (:func:`sgns_loss`), with
    a learning rate that falls linearly from ``lr`` to ``min_lr`` over the whole run. Input
    vectors start uniform in ±0.5/d and output vectors at zero, as in word2vec and gensim.
    The corpus is read in blocks of 10 000 tokens; pairs never cross a block or a sentence
    boundary.

    With ``workers=1`` (the default) training is deterministic: the same seed gives bitwise the
    same vectors. ``workers=2`` runs two threads that update the shared vectors without locks
    ("Hogwild"); NumPy releases the interpreter lock inside its array operations, so this is
    faster on two cores, equally good, but not reproducible from run to run.

    Parameters
    ----------
    ids : numpy.ndarray of int, or list of sentences (arrays / lists of int)
        The corpus as word ids.
    counts : array_like of int, shape (V,)
        Count of every word id in the corpus (used for negatives and subsampling).
    d : int
        Embedding dimension.
    window : int
        Maximum distance between centre and context.
    negatives : int
        Negative words per (centre, context) pair.
    epochs : int
        Passes over the corpus.
    lr : float
        Initial learning rate (word2vec's 0.025).
    subsample : float or None
        Subsampling threshold t (see :func:`subsample_keep_probability`); None switches it off.
    seed : int
        Seed for initialisation and every random draw.
    batch_size : int
        (centre, context) pairs per gradient step. Much larger batches sum too many
        gradients of frequent words at once and can diverge at lr = 0.025.
    progress : bool
        Show a tqdm progress bar (a widget in Jupyter) counting corpus words.
    min_lr : float
        Learning rate reached at the end of training.
    dynamic_window : bool
        Draw each centre's window size from 1 … window (word2vec's default; nearer words
        count more) instead of always using ``window``.
    ns_power : float
        Exponent of the negative-sampling distribution.
    track : sequence of int, optional
        Word ids whose input vectors are recorded during training.
    n_snapshots : int
        Number of snapshots of the tracked vectors, evenly spaced in training progress; the
        first is taken before training, the last after it.
    loss_points : int
        Number of points in the loss history.
    workers : int
        1 (deterministic) or more threads (faster, not reproducible).

    Returns
    -------
    SGNSResult
        Vectors, loss history, snapshots and counts of what was processed.

    Examples
    --------
    >>> ids = np.tile(np.arange(10), 200)
    >>> r = train_sgns(ids, np.bincount(ids), d=4, epochs=2, subsample=None, progress=False)
    >>> bool(r.loss_history[-1] < r.loss_history[0])
    True
    """
    stream, sentence_ids = _prepare_stream(ids)
    counts_arr = _as_counts(counts)
    vocab_size = counts_arr.shape[0]
    if stream.size == 0:
        raise ValueError("ids is empty; there is nothing to train on.")
    if stream.min() < 0 or stream.max() >= vocab_size:
        raise ValueError(
            f"ids must lie in 0 … {vocab_size - 1} (one count per word id), "
            f"got ids from {stream.min()} to {stream.max()}."
        )
    for name, value in (
        ("d", d),
        ("window", window),
        ("negatives", negatives),
        ("epochs", epochs),
        ("batch_size", batch_size),
        ("workers", workers),
    ):
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value}.")

    rng = np.random.default_rng(seed)
    w_in = ((rng.random((vocab_size, d), dtype=np.float32) - 0.5) / d).astype(np.float32)
    w_out = np.zeros((vocab_size, d), dtype=np.float32)
    keep = subsample_keep_probability(counts_arr, subsample)
    negative_probs = negative_sampling_distribution(counts_arr, ns_power)
    table = _negative_table(negative_probs, _TABLE_SIZE)
    heavy = _heavy_words(counts_arr, keep, negative_probs, batch_size, negatives)
    config: dict[str, Any] = {
        "d": d, "window": window, "negatives": negatives, "epochs": epochs, "lr": lr,
        "min_lr": min_lr, "subsample": subsample, "seed": seed, "batch_size": batch_size,
        "dynamic_window": dynamic_window, "ns_power": ns_power, "workers": workers,
    }  # fmt: skip

    n = stream.shape[0]
    blocks = [(s, min(s + _BLOCK_TOKENS, n)) for s in range(0, n, _BLOCK_TOKENS)]
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=n * epochs, desc="SGNS training", unit=" words", unit_scale=True)
    track_ids = np.asarray([] if track is None else track, dtype=np.int64)
    if track_ids.size and (track_ids.min() < 0 or track_ids.max() >= vocab_size):
        raise ValueError(f"track must hold word ids in 0 … {vocab_size - 1}.")
    recorder = _Recorder(n * epochs, bar, w_in, track_ids, n_snapshots, loss_points)
    try:
        for _ in range(epochs):
            if workers == 1:
                _train_blocks(
                    blocks,
                    stream,
                    sentence_ids,
                    w_in,
                    w_out,
                    keep,
                    table,
                    heavy,
                    rng,
                    recorder,
                    config,
                )
                continue
            seeds = rng.integers(0, 2**63 - 1, size=workers)
            threads = [
                threading.Thread(
                    target=_train_blocks,
                    args=(
                        blocks[i::workers],
                        stream,
                        sentence_ids,
                        w_in,
                        w_out,
                        keep,
                        table,
                        heavy,
                        np.random.default_rng(int(seeds[i])),
                        recorder,
                        config,
                    ),
                )
                for i in range(workers)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        recorder.finish()
    finally:
        if bar is not None:
            bar.close()
    return SGNSResult(
        input_vectors=w_in,
        output_vectors=w_out,
        loss_history=np.asarray(recorder.loss_history),
        loss_progress=np.asarray(recorder.loss_progress),
        snapshots=np.asarray(recorder.snapshots, dtype=np.float32).reshape(
            len(recorder.snapshots), len(track_ids), d
        ),
        snapshot_progress=np.asarray(recorder.snapshot_progress),
        track=track_ids,
        words_processed=recorder.words_done,
        pairs_processed=recorder.pairs_done,
        settings=config,
    )


def sgns_vectors(
    tokens: Sequence[str] | Sequence[Sequence[str]],
    d: int = 100,
    window: int = 5,
    negatives: int = 5,
    epochs: int = 5,
    *,
    min_count: int = 5,
    seed: int = 42,
    progress: bool = True,
    **options: Any,
) -> WordVectors:
    """Word vectors from raw tokens in one call: build the vocabulary, encode, train SGNS.

    Words seen fewer than ``min_count`` times are dropped from the corpus before training
    (as gensim does), so they have no vector.

    Parameters
    ----------
    tokens : list of str, or list of sentences (lists of str)
        The corpus.
    d, window, negatives, epochs, seed, progress
        As in :func:`train_sgns`.
    min_count : int
        Minimum corpus count for a word to get a vector.
    **options
        Any other keyword argument of :func:`train_sgns` (``lr``, ``subsample``, ``workers`` …).

    Returns
    -------
    helpers.vectors.WordVectors
        One input vector per vocabulary word, most frequent first.

    Examples
    --------
    >>> wv = sgns_vectors(["a", "b", "c"] * 200, d=4, epochs=1, min_count=1, progress=False)
    >>> len(wv), wv.vectors.shape
    (3, (3, 4))
    """
    from helpers.text.vocab import Vocabulary
    from helpers.vectors.wordvectors import WordVectors

    if len(tokens) == 0:
        raise ValueError("tokens is empty; give a list of words or a list of sentences.")
    sentences: Sequence[Sequence[str]] = (
        [tokens] if isinstance(tokens[0], str) else tokens  # type: ignore[list-item]
    )
    vocab = Vocabulary.build((t for s in sentences for t in s), min_count=min_count, unk=None)
    if len(vocab) == 0:
        raise ValueError(f"No word occurs at least min_count={min_count} times; lower min_count.")
    known = set(vocab.words)
    encoded = [vocab.encode([t for t in s if t in known]) for s in sentences]
    ids: np.ndarray | list[np.ndarray] = encoded[0] if len(encoded) == 1 else encoded
    result = train_sgns(
        ids, vocab.counts, d=d, window=window, negatives=negatives, epochs=epochs, seed=seed,
        progress=progress, **options,
    )  # fmt: skip
    return WordVectors(vocab.words, result.input_vectors)
