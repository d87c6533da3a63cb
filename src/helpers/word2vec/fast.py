"""The speed machinery behind :func:`helpers.word2vec.train.train_sgns` (read the trainer first).

:func:`helpers.word2vec.train.sgns_step` is the minibatch step as the notebook writes it: gather
the vectors, compute the gradients, add them back with ``np.add.at``. This module does that
arithmetic faster, with two departures from it, and :func:`sgd_step` is tested equal to it where
they do not act:

* negatives are looked up in a table of word ids (word2vec's trick) instead of sampling the
  distribution each time;
* the vectors of the minibatch are gathered once; the updates of each distinct row
  (:func:`compact`) are summed with a sparse matrix product (repeated words get the sum of their
  updates, as with ``np.add.at`` but many times faster), added to the row's old value and
  written back once per row; :func:`scatter_add` is that update on its own;
* every large array of a step lives in a :class:`Workspace` that one worker reuses (a step that
  allocated its 2.4 MB gathers anew cost about 1 600 page faults per minibatch);
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

Only public NumPy and SciPy functions are used.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import scipy.sparse as sp

__all__ = [
    "BLOCK_TOKENS",
    "MAX_REPEATS",
    "TABLE_SIZE",
    "Recorder",
    "Workspace",
    "compact",
    "damp",
    "heavy_words",
    "negative_table",
    "scatter_add",
    "sgd_step",
]

TABLE_SIZE = 1 << 23
"""Entries of the negative-sampling table (word2vec uses 10^8; 2^23 keeps it at 64 MB)."""

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
    table = np.repeat(np.arange(len(probabilities), dtype=np.intp), slots)
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
    """Buffers one worker reuses at every step, so a step allocates no large array.

    A fresh (1 024 × 6 × 100) float32 array is 2.4 MB: the allocator maps new pages for it and
    the kernel zeroes each on first touch, about 1 600 page faults per minibatch of
    :func:`sgd_step` when every step allocated its gathers anew (issue 24). One workspace per
    thread: the Hogwild workers of ``workers=2`` each have their own.

    Examples
    --------
    >>> work = Workspace(batch_size=4, width=3, d=2, n_rows=10, dtype=np.float32)
    >>> work.u.shape, work.marks.any()
    ((4, 3, 2), np.False_)
    """

    def __init__(self, batch_size: int, width: int, d: int, n_rows: int, dtype: Any) -> None:
        self.v = np.empty((batch_size, d), dtype=dtype)  # the centres' input vectors
        self.u = np.empty((batch_size, width, d), dtype=dtype)  # context and negative vectors
        self.scores = np.empty((batch_size, width), dtype=dtype)
        self.step_v = np.empty((batch_size, 1, d), dtype=dtype)  # Σ_k step_k u_k per pair
        self.rows = np.empty((batch_size * width, d), dtype=dtype)  # old values of touched rows
        self.marks = np.zeros(n_rows, dtype=bool)  # all False between calls of compact
        self.slot = np.empty(n_rows, dtype=np.int32 if n_rows < 2**31 else np.intp)

    def fits(self, batch: int, width: int, d: int, n_rows: int, dtype: Any) -> bool:
        """Whether a step of this shape and dtype can use these buffers."""
        return (
            batch <= self.u.shape[0]
            and self.u.shape[1:] == (width, d)
            and self.marks.shape[0] == n_rows
            and self.u.dtype == dtype
        )


def compact(
    rows: np.ndarray, n_rows: int, work: Workspace | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``rows`` (sorted) and, for each entry, its position among them.

    ``unique[slots] == rows``: like ``np.unique(rows, return_inverse=True)``, without sorting
    (a mark per row of the table instead; ``work`` lends the marks and the slot table). The
    positions are 32-bit integers, the index type SciPy's sparse kernels use, so building a
    sparse matrix from them copies nothing.

    Examples
    --------
    >>> unique, slots = compact(np.array([[4, 1], [4, 7]]), 10)
    >>> unique.tolist(), slots.tolist()
    ([1, 4, 7], [[1, 0], [1, 2]])
    """
    if work is None:
        touched = np.zeros(n_rows, dtype=bool)
        slot = np.empty(n_rows, dtype=np.int32 if n_rows < 2**31 else np.intp)
    else:
        touched, slot = work.marks, work.slot
    touched[rows] = True
    unique = np.flatnonzero(touched)
    touched[unique] = False  # the borrowed marks are all False again
    slot[unique] = np.arange(unique.size, dtype=slot.dtype)
    return unique, np.take(slot, rows)


def _add_summed(
    out: np.ndarray, rows: np.ndarray, coef: np.ndarray, x: np.ndarray, work: Workspace
) -> None:
    """In place: out[r] = out[r] + Σ coef[b, k] · x[b] over every (b, k) with rows[b, k] == r.

    The sum of each row's updates is formed first (in batch order, by SciPy's CSC × dense
    product), then the row's old value is added (gathered into the workspace) and the row is
    written back once. Public NumPy and SciPy have no kernel that adds each update straight
    into the weights (``np.add.at`` on rows made the whole step about 4× slower, bench/README.md).
    """
    unique, slots = compact(rows, out.shape[0], work)
    flat = slots.ravel()
    batch, entries = x.shape[0], flat.size
    indptr = np.arange(0, entries + 1, max(entries // max(batch, 1), 1), dtype=flat.dtype)
    matrix = sp.csc_array((coef.ravel(), flat, indptr), shape=(unique.size, batch))
    summed = matrix @ x  # (distinct rows, d): the sum of each row's updates
    # mode="clip" lets np.take write into the buffer unbuffered; the rows are valid indices
    summed += np.take(out, unique, axis=0, out=work.rows[: unique.size], mode="clip")
    out[unique] = summed


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
    the vectors as they were before the step, then both matrices are updated in place. The
    vectors are gathered once into the buffers of ``work`` (a :class:`Workspace`, made for the
    call when None); each distinct row's updates are summed with a sparse × dense product
    (repeated words get the sum of their updates), added to its old value and written back once.
    Indices are not checked: ``centres`` and ``targets`` must be valid rows.

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
    if work is None or not work.fits(batch, width, d, w_in.shape[0], dtype):
        work = Workspace(batch, width, d, max(w_in.shape[0], w_out.shape[0]), dtype)
    # mode="clip" lets np.take fill the buffers directly (mode="raise" copies through a temporary)
    v = np.take(w_in, centres, axis=0, out=work.v[:batch], mode="clip")  # (B, d) centres
    u = np.take(w_out, targets, axis=0, out=work.u[:batch], mode="clip")  # (B, 1+K, d)
    scores = np.vecdot(u, v[:, None, :], out=work.scores[:batch])  # (B, 1+K)
    scores[:, 0] *= -1.0  # the context should score high, the negatives low
    np.clip(scores, -30.0, 30.0, out=scores)
    expo = np.exp(scores, out=scores)
    loss = float(np.log1p(expo).sum())  # Σ −log σ(±score)
    # step = −lr · ∂L/∂score: +lr σ(−u_o·v) for the context, −lr σ(u_k·v) for each negative
    step = expo / (1.0 + expo)
    step[:, 0] *= lr
    step[:, 1:] *= -lr
    step_v = np.matmul(step[:, None, :], u, out=work.step_v[:batch])[:, 0, :]  # Σ_k step_k u_k
    # output vectors: u_t += Σ step[b, k] v_b over every (b, k) with targets[b, k] == t
    _add_summed(w_out, targets, damp(step, targets, heavy), v, work)
    # input vectors: a centre word that occurs several times in the batch gets the sum
    ones = np.ones(batch, dtype=dtype)
    _add_summed(w_in, centres, damp(ones, centres, heavy), step_v, work)
    return loss


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
