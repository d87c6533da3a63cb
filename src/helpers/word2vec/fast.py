"""The speed machinery behind :func:`helpers.word2vec.train.train_sgns` (read the trainer first).

:func:`helpers.word2vec.train.sgns_step` is the minibatch step as the notebook writes it: gather
the vectors, compute the gradients, add them back with ``np.add.at``. This module does that
arithmetic faster, with two departures from it, and :func:`sgd_step` is tested equal to it where
they do not act:

* negatives are looked up in a table of word ids (word2vec's trick) instead of sampling the
  distribution each time;
* the step is a plain loop over the pairs of the minibatch, compiled with numba
  (:func:`_sgd_kernel`): first every score and step from the vectors as they are before the
  step, then the output vectors' updates, then the input vectors' (a word that occurs several
  times in the minibatch gets the sum of its updates, as with ``np.add.at``). It runs without
  the interpreter lock, so the Hogwild threads of ``workers=2`` use both cores, and without
  fast-math, so its float32 arithmetic is done in the order written, whatever the CPU's vector
  instructions (no reassociation, no fused multiply-add; ``exp`` and ``log1p`` come from the C
  library). It adds the updates in another order than ``np.add.at``: equal to float32 rounding;
* a block's pairs (:func:`block_pairs`) and its whole run of minibatches
  (:func:`run_minibatches`: the targets from the table, the learning rate, the step) are
  compiled too, so Python is left only once per block (and where a snapshot of the tracked
  vectors is due); :func:`minibatches_one_by_one` is that loop in Python, one :func:`sgd_step`
  call per minibatch, and gives the same bits;
* its buffers live in a :class:`Workspace` that one worker reuses;
* **departure 1**: a word that occurs more than :data:`MAX_REPEATS` times in one minibatch has
  its summed step scaled by MAX_REPEATS / n (:func:`damp`), or a tiny vocabulary would diverge.
  This is not the readable step: on notebook 04's toy world 401 of the 533 words are frequent
  enough to be counted, and "the", expected about 260 times in each minibatch of training (240
  of them as a negative), gets about an eighth (32/260) of its summed step
  (tests/test_sgns_damping.py measures it);
* **departure 2**: scores are clipped to ±30 before σ (σ is then 1 or 0 to float precision, so
  this changes the step by less than 1e-13 and only guards ``exp`` against overflow);
* :class:`Recorder` keeps the progress bar, the loss history and the snapshots, and is safe to
  share between the Hogwild threads of ``workers=2``.

NumPy and SciPy alone could not reach gensim's speed: a step was some 40 NumPy calls of
5–300 µs each, with the interpreter lock held between them (bench/README.md, issue 24).
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import scipy.sparse as sp
from numba import njit

__all__ = [
    "BLOCK_TOKENS",
    "MAX_REPEATS",
    "TABLE_SIZE",
    "Recorder",
    "Workspace",
    "block_pairs",
    "damp",
    "heavy_words",
    "minibatches_one_by_one",
    "negative_table",
    "run_minibatches",
    "scatter_add",
    "sgd_step",
]

TABLE_SIZE = 1 << 23
"""Entries of the negative-sampling table (word2vec uses 10^8; 2^23 of 32-bit ids are 32 MB)."""

BLOCK_TOKENS = 10_000
"""Corpus tokens per block: pairs never cross a block (as gensim's 10 000-word limit)."""


def negative_table(probabilities: np.ndarray, size: int = TABLE_SIZE) -> np.ndarray:
    """A table of word ids in which word ``w`` fills round(p_w · size) slots (word2vec's trick).

    Drawing a uniform random slot then draws word ``w`` with probability ≈ p_w.

    Examples
    --------
    >>> negative_table(np.array([0.75, 0.25]), size=8).tolist()
    [0, 0, 0, 0, 0, 0, 1, 1]
    """
    edges = np.round(np.cumsum(probabilities) * size).astype(np.int64)
    slots = np.diff(edges, prepend=0)
    # 32-bit ids (half the memory of 64-bit ones) unless the vocabulary needs more
    dtype = np.int32 if len(probabilities) <= np.iinfo(np.int32).max else np.int64
    table = np.repeat(np.arange(len(probabilities), dtype=dtype), slots)
    if table.size == 0:
        raise ValueError("The negative-sampling table is empty; are all counts zero?")
    return table


def scatter_add(
    out: np.ndarray, rows: np.ndarray, coef: np.ndarray, per_column: int, x: np.ndarray
) -> None:
    """In place: out[rows[b, k]] += coef[b, k] · x[b] for every b and k (rows may repeat).

    That is ``out += A @ x`` for a sparse (len(out) × B) matrix ``A`` with ``per_column``
    non-zeros in column b (at rows ``rows[b]``, values ``coef[b]``). Only the rows the batch
    touches are gathered, updated with one sparse × dense product and written back, so the cost
    does not grow with the vocabulary. (``out[rows] += ...`` would be wrong: a repeated row would
    keep only its last update.)

    Examples
    --------
    >>> out = np.zeros((3, 2))
    >>> scatter_add(out, np.array([[2], [2]]), np.array([[1.0], [1.0]]), 1, np.ones((2, 2)))
    >>> out.tolist()
    [[0.0, 0.0], [0.0, 0.0], [2.0, 2.0]]
    """
    batch = x.shape[0]
    flat = rows.ravel()
    touched = np.zeros(out.shape[0], dtype=bool)
    touched[flat] = True
    unique = np.flatnonzero(touched)  # the rows this batch updates, sorted
    slot = np.empty(out.shape[0], dtype=np.intp)
    slot[unique] = np.arange(unique.size)
    indptr = np.arange(0, batch * per_column + 1, per_column)
    matrix = sp.csr_array((coef.ravel(), slot[flat], indptr), shape=(batch, unique.size))
    updated = np.take(out, unique, axis=0)
    updated += matrix.T @ x
    out[unique] = updated


MAX_REPEATS = 32
"""A word's summed step in one minibatch counts at most this many examples' worth (see damp)."""


def damp(coef: np.ndarray, rows: np.ndarray, heavy: np.ndarray) -> np.ndarray:
    """Scale the coefficients of rows that occur more than MAX_REPEATS times in the batch.

    A minibatch step sums the gradients of all examples that touch a row, all computed from
    the same (old) vectors. Sequential SGD would correct itself after each example; the sum
    cannot, and for a word present hundreds of times in one batch (a tiny vocabulary, or "the"
    as a negative) it overshoots and can diverge. Rows seen n > MAX_REPEATS times get their
    summed step scaled by MAX_REPEATS / n.

    ``heavy`` maps each word id to its slot among the words frequent enough to get there
    (see :func:`heavy_words`), and every other word to slot H, which is never damped;
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


def heavy_words(
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


class Workspace:
    """Buffers one worker reuses at every step, so a step allocates nothing.

    One workspace per thread: the Hogwild workers of ``workers=2`` each have their own.

    Examples
    --------
    >>> work = Workspace(batch_size=4, width=3, d=2, n_rows=10, dtype=np.float32)
    >>> work.targets.shape, work.step.shape, work.step_v.shape
    ((4, 3), (4, 3), (4, 2))
    """

    def __init__(self, batch_size: int, width: int, d: int, n_rows: int, dtype: Any) -> None:
        self.targets = np.empty((batch_size, width), dtype=np.intp)  # context, then negatives
        self.step = np.empty((batch_size, width), dtype=dtype)  # −lr · ∂L/∂score per target
        self.step_v = np.empty((batch_size, d), dtype=dtype)  # Σ_k step_k u_k per pair
        self.repeats = np.empty(n_rows + 1, dtype=np.int64)  # occurrences per damping slot
        self.scale = np.empty(n_rows + 1, dtype=dtype)  # damping factor per slot

    def fits(self, batch: int, width: int, d: int, n_rows: int, dtype: Any) -> bool:
        """Whether a step of this shape and dtype can use these buffers."""
        return (
            batch <= self.step.shape[0]
            and self.step.shape[1] == width
            and self.step_v.shape[1] == d
            and self.repeats.shape[0] >= n_rows + 1
            and self.step.dtype == dtype
        )


@njit(cache=True, nogil=True)
def _damping_scales(
    rows: np.ndarray, heavy: np.ndarray, repeats: np.ndarray, scale: np.ndarray
) -> None:
    """scale[s] = min(1, MAX_REPEATS / n_s) for each slot s of ``heavy`` seen n_s times in ``rows``.

    The slot H (``heavy[-1]``, the words never counted) keeps a scale of 1. This is
    :func:`damp`'s factor, one per slot (a factor of 1 changes nothing).
    """
    n_heavy = heavy[heavy.shape[0] - 1]
    for s in range(n_heavy + 1):
        repeats[s] = 0
    for row in rows.ravel():
        repeats[heavy[row]] += 1
    for s in range(n_heavy):
        scale[s] = min(1.0, MAX_REPEATS / max(repeats[s], 1))  # rounded to the vectors' dtype
    scale[n_heavy] = 1.0


@njit(cache=True, nogil=True, inline="always")
def _scores(w_out: np.ndarray, rows: np.ndarray, v: np.ndarray, out: np.ndarray, zero: Any) -> None:
    """out[k] = w_out[rows[k]] · v for every k, each a plain running sum over i = 0, 1, … d − 1.

    Six targets at a time (the context and 5 negatives, the usual K): six independent sums keep
    the CPU's adders busy where one sum waits for each addition (about 15 % off the whole step),
    and each still gives the bits of the sum written one target at a time.
    """
    width, d = rows.shape[0], v.shape[0]
    k = 0
    while k + 6 <= width:
        u0, u1, u2 = w_out[rows[k]], w_out[rows[k + 1]], w_out[rows[k + 2]]
        u3, u4, u5 = w_out[rows[k + 3]], w_out[rows[k + 4]], w_out[rows[k + 5]]
        s0 = s1 = s2 = s3 = s4 = s5 = zero
        for i in range(d):
            x = v[i]
            s0 += u0[i] * x
            s1 += u1[i] * x
            s2 += u2[i] * x
            s3 += u3[i] * x
            s4 += u4[i] * x
            s5 += u5[i] * x
        out[k], out[k + 1], out[k + 2] = s0, s1, s2
        out[k + 3], out[k + 4], out[k + 5] = s3, s4, s5
        k += 6
    while k < width:  # the targets left over, one at a time
        u = w_out[rows[k]]
        s = zero
        for i in range(d):
            s += u[i] * v[i]
        out[k] = s
        k += 1


@njit(cache=True, nogil=True)
def _sgd_kernel(
    w_in: np.ndarray,
    w_out: np.ndarray,
    centres: np.ndarray,
    targets: np.ndarray,
    heavy: np.ndarray,
    constants: np.ndarray,
    steps: np.ndarray,
    step_v: np.ndarray,
    repeats: np.ndarray,
    scale: np.ndarray,
) -> float:
    """The minibatch step of :func:`sgd_step`, one pair at a time (compiled by numba).

    ``constants`` holds lr, 1 and the clipping bound 30 in the vectors' dtype, so that every
    operation stays in that dtype (float32 for the trainer), in the order written here: no
    fast-math, so no reassociation or fused multiply-add, whatever the CPU.
    """
    lr, one, bound = constants[0], constants[1], constants[2]
    zero = one - one
    batch, width = targets.shape
    d = w_in.shape[1]
    loss = 0.0
    # 1. Scores, loss and steps, every one from the vectors as they are before the step.
    for b in range(batch):
        v = w_in[centres[b]]  # the centre's input vector (a view)
        for i in range(d):
            step_v[b, i] = zero
        _scores(w_out, targets[b], v, steps[b], zero)  # u · v for every target, kept in steps
        for k in range(width):  # k = 0: the context; k ≥ 1: the negatives
            u = w_out[targets[b, k]]
            score = steps[b, k]
            if k == 0:
                score = -score  # the context should score high, the negatives low
            score = min(max(score, -bound), bound)  # σ is 1 or 0 to float precision beyond ±30
            expo = np.exp(score)
            loss += np.log1p(expo)  # −log σ(±u·v)
            # step = −lr ∂L/∂score: +lr σ(−u_o·v) for the context, −lr σ(u_k·v) for a negative
            step = expo / (one + expo) * lr
            if k != 0:
                step = -step
            steps[b, k] = step
            for i in range(d):
                step_v[b, i] += step * u[i]  # Σ_k step_k u_k: the centre's update
    # 2. Output vectors: u_t += step · v for every (pair, target), the step damped per word;
    #    the input vectors are still those before the step.
    _damping_scales(targets, heavy, repeats, scale)
    for b in range(batch):
        v = w_in[centres[b]]
        for k in range(width):
            t = targets[b, k]
            step = steps[b, k] * scale[heavy[t]]
            u = w_out[t]
            for i in range(d):
                u[i] += step * v[i]
    # 3. Input vectors: v_c += Σ_k step_k u_k (u as before the step), damped per centre word.
    _damping_scales(centres, heavy, repeats, scale)
    for b in range(batch):
        c = centres[b]
        factor = scale[heavy[c]]
        v = w_in[c]
        for i in range(d):
            v[i] += factor * step_v[b, i]
    return loss


def sgd_step(
    w_in: np.ndarray,
    w_out: np.ndarray,
    centres: np.ndarray,
    targets: np.ndarray,
    lr: float,
    heavy: np.ndarray,
    work: Workspace | None = None,
) -> float:
    """One minibatch step, fast: the readable step's update (sgns_step), with two departures.

    ``targets`` is (B, 1 + K): the context, then K negatives. Every gradient is computed from
    the vectors as they were before the step, then both matrices are updated in place; a word
    that occurs several times in the batch gets the sum of its updates. The work is a loop over
    the pairs compiled with numba (:func:`_sgd_kernel`) that releases the interpreter lock, so
    the Hogwild threads of ``workers=2`` run in parallel. ``work`` (a :class:`Workspace`) lends
    the buffers; one is made for the call when None. Indices are not checked: ``centres`` and
    ``targets`` must be valid rows.

    Where it departs from the readable step (it is equal to it only where neither acts):

    1. **Damping.** A word in ``heavy``'s slots that occurs n > :data:`MAX_REPEATS` times in the
       batch (as a context or negative for ``w_out``, as a centre for ``w_in``) gets its summed
       update scaled by MAX_REPEATS / n (:func:`damp`). On notebook 04's toy world this acts at
       every step: "the" gets about 0.12 of its step. Pass a ``heavy`` map with every word in
       the never-damped slot (all zeros) to switch it off.
    2. **Clipping.** Scores are clipped to ±30 before σ (σ is then 1 or 0 to float precision).

    Returns the summed loss of the B examples.
    """
    batch, width = targets.shape
    d, dtype = w_in.shape[1], w_in.dtype
    n_rows = max(w_in.shape[0], w_out.shape[0])
    if work is None or not work.fits(batch, width, d, n_rows, dtype):
        work = Workspace(batch, width, d, n_rows, dtype)
    constants = np.array([lr, 1.0, 30.0], dtype=dtype)
    loss = _sgd_kernel(
        w_in, w_out, centres, targets, heavy, constants,
        work.step, work.step_v, work.repeats, work.scale,
    )  # fmt: skip
    return float(loss)


@njit(cache=True, nogil=True)
def _pairs_kernel(
    ids: np.ndarray,
    reach: np.ndarray,
    sentence_ids: np.ndarray,
    centres: np.ndarray,
    contexts: np.ndarray,
) -> int:
    """Fill centres/contexts with every pair of the block, in skipgram_pairs' order; return how many."""
    n = ids.shape[0]
    m = 0
    for i in range(n):
        r = reach[i]
        for offset in range(-r, r + 1):  # nearer words first on the left, then the right
            j = i + offset
            if offset == 0 or j < 0 or j >= n or sentence_ids[j] != sentence_ids[i]:
                continue
            centres[m] = ids[i]
            contexts[m] = ids[j]
            m += 1
    return m


def block_pairs(
    ids: np.ndarray, window: int, reach: np.ndarray | None, sentence_ids: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`helpers.word2vec.sampling.skipgram_pairs` with ``reach`` given, compiled by numba.

    Every (centre, context) pair of a block in the same order: centre by centre, and for each
    centre its contexts from the furthest on the left to the furthest on the right, never across
    a sentence. ``reach`` holds each centre's window size (None: ``window`` for every centre).

    Examples
    --------
    >>> c, o = block_pairs(np.array([7, 8, 9]), 2, np.array([2, 1, 1]), None)
    >>> list(zip(c.tolist(), o.tolist()))
    [(7, 8), (7, 9), (8, 7), (8, 9), (9, 8)]
    """
    n = ids.shape[0]
    if reach is None:
        reach = np.full(n, window, dtype=np.int64)
    if sentence_ids is None:
        sentence_ids = np.zeros(n, dtype=np.int64)
    most = n * 2 * (int(reach.max()) if n else 0)
    centres = np.empty(most, dtype=ids.dtype)
    contexts = np.empty(most, dtype=ids.dtype)
    m = _pairs_kernel(ids, reach, sentence_ids, centres, contexts)
    return centres[:m], contexts[:m]


_COMPILED_STEP = sgd_step  # what run_minibatches runs inside numba (unless sgd_step is swapped)


@njit(cache=True, nogil=True)
def _minibatches_kernel(
    w_in: np.ndarray,
    w_out: np.ndarray,
    centres: np.ndarray,
    contexts: np.ndarray,
    draws: np.ndarray,
    table: np.ndarray,
    heavy: np.ndarray,
    lrs: np.ndarray,
    constants: np.ndarray,
    batch_size: int,
    first: int,
    last: int,
    losses: np.ndarray,
    targets: np.ndarray,
    steps: np.ndarray,
    step_v: np.ndarray,
    repeats: np.ndarray,
    scale: np.ndarray,
) -> None:
    """Minibatches ``first`` … ``last`` − 1 of a block, each as :func:`sgd_step` (compiled by numba).

    The loop of :func:`minibatches_one_by_one` with the step of :func:`_sgd_kernel`: the same
    targets, learning rates and arithmetic, so the same bits, without returning to Python
    between minibatches.
    """
    n_pairs, negatives = draws.shape
    for j in range(first, last):
        start = j * batch_size
        stop = min(start + batch_size, n_pairs)
        size = stop - start
        for b in range(size):
            targets[b, 0] = contexts[start + b]
            for k in range(negatives):
                targets[b, 1 + k] = table[draws[start + b, k]]
        constants[0] = lrs[j]
        losses[j] = _sgd_kernel(
            w_in, w_out, centres[start:stop], targets[:size], heavy, constants,
            steps, step_v, repeats, scale,
        )  # fmt: skip


def minibatches_one_by_one(
    w_in: np.ndarray,
    w_out: np.ndarray,
    centres: np.ndarray,
    contexts: np.ndarray,
    draws: np.ndarray,
    table: np.ndarray,
    heavy: np.ndarray,
    lrs: np.ndarray,
    batch_size: int,
    first: int,
    last: int,
    losses: np.ndarray,
    work: Workspace | None = None,
) -> None:
    """Minibatches ``first`` … ``last`` − 1 of a block, one :data:`sgd_step` call each (readable).

    Minibatch j holds pairs ``j · batch_size`` onwards; its targets are each pair's context, then
    the table's words at the pair's ``draws`` (the negatives); its learning rate is ``lrs[j]``;
    its summed loss goes to ``losses[j]``. :func:`run_minibatches` runs this very loop inside
    numba when the step is the compiled one; the tests check both give the same bits.
    """
    n_pairs = centres.shape[0]
    for j in range(first, last):
        start, stop = j * batch_size, min((j + 1) * batch_size, n_pairs)
        targets = np.empty((stop - start, 1 + draws.shape[1]), dtype=np.intp)
        targets[:, 0] = contexts[start:stop]
        targets[:, 1:] = np.take(table, draws[start:stop])
        losses[j] = sgd_step(w_in, w_out, centres[start:stop], targets, float(lrs[j]), heavy, work)


def run_minibatches(
    w_in: np.ndarray,
    w_out: np.ndarray,
    centres: np.ndarray,
    contexts: np.ndarray,
    draws: np.ndarray,
    table: np.ndarray,
    heavy: np.ndarray,
    lrs: np.ndarray,
    batch_size: int,
    first: int,
    last: int,
    losses: np.ndarray,
    work: Workspace,
) -> None:
    """Minibatches ``first`` … ``last`` − 1 of a block: :func:`minibatches_one_by_one`, fast.

    With the compiled :func:`sgd_step`, the whole loop runs inside numba without the
    interpreter lock (:func:`_minibatches_kernel`): no Python between minibatches, so the
    Hogwild threads of ``workers=2`` rarely wait for each other. When ``sgd_step`` has been
    swapped for another step (the tests' readable step, a benchmark's earlier step), that step
    is called once per minibatch instead. ``work`` must fit a full minibatch.

    Examples
    --------
    >>> w_in, w_out = np.full((3, 2), 0.1, np.float32), np.zeros((3, 2), np.float32)
    >>> losses = np.zeros(1)
    >>> work = Workspace(batch_size=2, width=2, d=2, n_rows=3, dtype=np.float32)
    >>> run_minibatches(w_in, w_out, np.array([0, 1]), np.array([1, 0]), np.array([[0], [1]]),
    ...                 np.array([2, 1]), np.zeros(4, dtype=np.intp), np.array([0.1]), 2, 0, 1,
    ...                 losses, work)
    >>> round(float(losses[0]), 4)  # 4 scores of 0: 4 · log 2
    2.7726
    """
    if sgd_step is not _COMPILED_STEP:
        minibatches_one_by_one(
            w_in, w_out, centres, contexts, draws, table, heavy, lrs, batch_size, first, last,
            losses, work,
        )  # fmt: skip
        return
    constants = np.array([0.0, 1.0, 30.0], dtype=w_in.dtype)  # lr (set per minibatch), 1, bound
    _minibatches_kernel(
        w_in, w_out, centres, contexts, draws, table, heavy, lrs.astype(w_in.dtype), constants,
        batch_size, first, last, losses,
        work.targets, work.step, work.step_v, work.repeats, work.scale,
    )  # fmt: skip


class Recorder:
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

    def _batch_done(self, loss: float, examples: int, words_done: float) -> None:
        """One minibatch's summed loss and an estimate of words read (the caller holds the lock)."""
        self._loss_sum += loss
        self._examples += examples
        done = min(words_done / self.total_words, 1.0)
        n_points = len(self.loss_history)
        if n_points < len(self.loss_targets) and done >= self.loss_targets[n_points] - 1e-12:
            self.loss_history.append(self._loss_sum / max(self._examples, 1))
            self.loss_progress.append(done)
            self._loss_sum, self._examples = 0.0, 0
        self._snapshot_if_due(done)

    def batches_done(
        self, losses: np.ndarray, examples: np.ndarray, words_done: np.ndarray
    ) -> None:
        """Called after a run of minibatches of a block: their summed losses, example counts and
        estimates of words read, recorded in order under one lock."""
        with self.lock:
            rows = zip(losses.tolist(), examples.tolist(), words_done.tolist(), strict=True)
            for loss, count, done in rows:
                self._batch_done(loss, count, done)

    def batches_before_snapshot(self, words_done: np.ndarray, first: int) -> int:
        """How far a block may train before a snapshot is due: the index after the first
        minibatch from ``first`` on whose ``words_done`` reaches the next snapshot, else all."""
        with self.lock:
            if len(self.snapshots) == len(self.snapshot_targets):
                return len(words_done)
            target = self.snapshot_targets[len(self.snapshots)] - 1e-12
        done = np.minimum(words_done[first:] / self.total_words, 1.0)
        due = np.flatnonzero(done >= target)
        return first + int(due[0]) + 1 if due.size else len(words_done)

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
