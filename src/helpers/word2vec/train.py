"""Training skip-gram with negative sampling on a corpus: the loop of notebook 04, on real data.

:func:`train_sgns` is the loop a learner writes in notebook 04 (exercise 4.6,
``train_word2vec``), applied to a whole corpus::

    for each epoch:
        for each block of the corpus:
            drop frequent words at random (subsampling, exercise 4.7)
            draw each centre's window size; form the (centre, context) pairs (4.3)
            for each minibatch of pairs:
                draw K negatives per pair from count^0.75 (4.4)
                compute the gradients of the loss and take one SGD step (4.5)

The differences are for speed only: blocks of 10 000 tokens, negatives from a lookup table, and
the step of :func:`helpers.word2vec.fast.sgd_step`.

:func:`sgns_step` is that step written plainly (the gradients of :mod:`helpers.word2vec.sgns`,
added back with ``np.add.at``); the trainer uses :func:`helpers.word2vec.fast.sgd_step`, the same
update made fast, which the tests check equal to it. :func:`sgns_vectors` goes from raw tokens to
word vectors in one call.

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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from helpers.validate import (
    check_size,
    finite_float,
    non_negative_int,
    positive_float,
    positive_int,
    token_list,
)
from helpers.word2vec import fast
from helpers.word2vec.sampling import (
    _as_counts,
    negative_sampling_distribution,
    subsample_keep_probability,
)
from helpers.word2vec.sgns import log_sigmoid, sigmoid

if TYPE_CHECKING:
    from helpers.vectors.wordvectors import WordVectors

__all__ = ["SGNSResult", "sgns_step", "sgns_vectors", "train_sgns"]


def sgns_step(
    w_in: np.ndarray, w_out: np.ndarray, centres: np.ndarray, targets: np.ndarray, lr: float
) -> float:
    """One SGD step on a minibatch of examples, written plainly (updates both matrices in place).

    Example ``b`` is the centre word ``centres[b]`` with the context ``targets[b, 0]`` and the
    negatives ``targets[b, 1:]``. Every gradient is computed from the vectors as they were before
    the step (those of :func:`helpers.word2vec.sgns.sgns_gradients`, one example per row), then
    ``np.add.at`` adds them, so a word that occurs several times in the batch gets the sum.

    Parameters
    ----------
    w_in, w_out : numpy.ndarray, shape (V, d)
        Input and output vectors, changed in place.
    centres : numpy.ndarray of int, shape (B,)
        Centre word ids.
    targets : numpy.ndarray of int, shape (B, 1 + K)
        Context word id, then K negative word ids, per example.
    lr : float
        Learning rate.

    Returns
    -------
    float
        The summed loss of the B examples before the step.

    Examples
    --------
    >>> w_in, w_out = np.full((3, 2), 0.1), np.zeros((3, 2))
    >>> round(sgns_step(w_in, w_out, np.array([0]), np.array([[1, 2]]), lr=0.5), 4)  # 2 log 2
    1.3863
    >>> bool(w_out[1] @ w_in[0] > 0 > w_out[2] @ w_in[0])  # context up, negative down
    True
    """
    v = w_in[centres]  # (B, d) centre vectors
    u = w_out[targets]  # (B, 1 + K, d) context and negative vectors
    scores = np.einsum("bkd,bd->bk", u, v)  # u · v for every target
    labels = np.zeros(scores.shape)
    labels[:, 0] = 1.0  # the context is a real pair, the negatives are not
    loss = -(log_sigmoid(scores[:, 0]).sum() + log_sigmoid(-scores[:, 1:]).sum())
    g = (
        sigmoid(scores) - labels
    )  # ∂L/∂score: σ(u_o·v) − 1 for the context, σ(u_k·v) for each negative
    grad_v = np.einsum("bk,bkd->bd", g, u)  # Σ_k g_k u_k
    grad_u = g[:, :, None] * v[:, None, :]  # g_k v
    np.add.at(w_in, centres, -lr * grad_v)
    np.add.at(w_out, targets, -lr * grad_u)
    return float(loss)


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


_IDS_HINT = "encode the words first (ids = vocab.encode(tokens)), or call sgns_vectors(tokens)"


def _prepare_stream(
    ids: np.ndarray | Sequence[np.ndarray] | Sequence[Sequence[int]],
) -> tuple[np.ndarray, np.ndarray | None]:
    """One flat id stream plus the sentence number of each token (None for a single stream)."""
    if isinstance(ids, str | bytes) or ids is None:
        raise TypeError(f"ids must be word ids (whole numbers), got {ids!r}: {_IDS_HINT}.")
    if isinstance(ids, np.ndarray) and ids.ndim == 1 and ids.dtype != object:
        sentences = [ids]
        flat = True
    else:
        items = list(ids)
        flat = bool(items) and all(isinstance(x, int | np.integer) for x in items)
        sentences = [np.asarray(items)] if flat else [np.asarray(s) for s in items]
    for sentence in sentences:
        if sentence.size and sentence.dtype.kind not in "iu":
            first = sentence.ravel()[0]
            raise TypeError(
                f"ids must be word ids (whole numbers), got {type(first).__name__} {first!r}: "
                f"{_IDS_HINT}."
            )
        if sentence.ndim != 1:
            raise ValueError(
                "ids must be a 1-D array of word ids or a list of sentences (one list of ids "
                f"each), got a sentence of shape {sentence.shape}."
            )
    if not sentences or sum(s.size for s in sentences) == 0:
        raise ValueError("ids is empty; there is nothing to train on.")
    if flat:
        return sentences[0].astype(np.intp, copy=False), None
    lengths = np.array([s.size for s in sentences])
    stream = np.concatenate([s.astype(np.intp, copy=False) for s in sentences])
    return stream, np.repeat(np.arange(len(sentences), dtype=np.int32), lengths)


def _check_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The hyper-parameters, checked: one sentence for the first one that cannot work."""
    checked = dict(settings)
    for name in ("d", "window", "negatives", "epochs", "batch_size", "workers", "loss_points"):
        checked[name] = positive_int(settings[name], name)
    # one batch gathers a (batch_size, 1 + negatives, d) block of output vectors (float64)
    check_size(
        checked["batch_size"] * (1 + checked["negatives"]) * checked["d"],
        8,
        f"One batch of {checked['batch_size']:,} pairs with negatives={checked['negatives']:,}",
    )
    checked["n_snapshots"] = non_negative_int(settings["n_snapshots"], "n_snapshots")
    checked["seed"] = non_negative_int(settings["seed"], "seed")
    checked["lr"] = positive_float(settings["lr"], "lr")
    checked["min_lr"] = finite_float(settings["min_lr"], "min_lr")
    if not 0 <= checked["min_lr"] <= checked["lr"]:
        raise ValueError(
            f"min_lr must lie between 0 and lr={checked['lr']}, got {checked['min_lr']}."
        )
    checked["ns_power"] = finite_float(settings["ns_power"], "ns_power")
    if settings["subsample"] is not None:
        if finite_float(settings["subsample"], "subsample") <= 0:
            raise ValueError(
                f"subsample must be greater than 0 (or None to switch subsampling off), "
                f"got {settings['subsample']}."
            )
        checked["subsample"] = float(settings["subsample"])
    return checked


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
    recorder: fast.Recorder,
    config: dict[str, Any],
) -> None:
    """Train on a list of (start, stop) token blocks: one worker's share of one epoch."""
    window, negatives, batch_size = config["window"], config["negatives"], config["batch_size"]
    lr0, min_lr, dynamic = config["lr"], config["min_lr"], config["dynamic_window"]
    total = recorder.total_words
    # this worker's buffers: no step allocates a large array (fast.Workspace)
    work = fast.Workspace(batch_size, 1 + negatives, w_in.shape[1], w_in.shape[0], w_in.dtype)
    for start, stop in blocks:
        # subsampling: keep each token with its word's keep probability
        ids = stream[start:stop]
        kept = rng.random(ids.shape[0]) < keep[ids]
        ids = ids[kept]
        sentences = None if sentence_ids is None else sentence_ids[start:stop][kept]
        # each centre's window size (dynamic window), then every (centre, context) pair
        reach = rng.integers(1, window + 1, size=ids.shape[0]) if dynamic else None
        centres, contexts = fast.block_pairs(ids, window, reach, sentences)  # skipgram_pairs
        n_pairs = centres.shape[0]
        # negatives: K per pair drawn from count^0.75, as slots of the lookup table, for the whole
        # block at once (the same draws as minibatch by minibatch, in fewer calls)
        draws = rng.integers(0, table.shape[0], size=(n_pairs, negatives))
        # the minibatches: pairs b … b + batch_size − 1 each, and how far through training each
        # starts and ends (words read so far, estimated within the block)
        starts = np.arange(0, n_pairs, batch_size)
        ends = np.minimum(starts + batch_size, n_pairs)
        base, block_words = recorder.words_done, stop - start
        # the learning rate falls linearly from lr to min_lr over all words of all epochs
        lrs = lr0 - (lr0 - min_lr) * np.minimum(
            (base + block_words * starts / n_pairs) / total, 1.0
        )
        words_done = base + block_words * ends / n_pairs
        losses = np.empty(starts.shape[0])
        first = 0
        while first < starts.shape[0]:
            # up to the next snapshot of the tracked vectors (the whole block, usually)
            last = recorder.batches_before_snapshot(words_done, first)
            # one SGD step per minibatch (sgns_step, made fast)
            fast.run_minibatches(
                w_in, w_out, centres, contexts, draws, table, heavy, lrs, batch_size,
                first, last, losses, work,
            )  # fmt: skip
            recorder.batches_done(
                losses[first:last], (ends - starts)[first:last], words_done[first:last]
            )
            first = last
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
    minibatch is one gradient step on the summed loss of its examples (:func:`sgns_step`), with
    a learning rate that falls linearly from ``lr`` to ``min_lr`` over the whole run. Input
    vectors start uniform in ±0.5/d and output vectors at zero, as in word2vec (gensim 4 starts
    its input vectors uniform in ±1/d). The corpus is read in blocks of 10 000 tokens; pairs never cross a block or a sentence
    boundary.

    With ``workers=1`` (the default) training is deterministic: the same seed gives bitwise the
    same vectors. ``workers=2`` runs two threads that update the shared vectors without locks
    ("Hogwild"); the compiled step releases the interpreter lock, so this is faster on two
    cores, equally good, but not reproducible from run to run.

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
        Subsampling threshold t (see :func:`helpers.word2vec.sampling.subsample_keep_probability`);
        None switches it off.
    seed : int
        Seed for initialisation and every random draw.
    batch_size : int
        (centre, context) pairs per gradient step. Much larger batches sum too many
        gradients of frequent words at once and can diverge at lr = 0.025.
    progress : bool
        Show a tqdm progress bar (a widget in Jupyter) counting corpus words.
    min_lr : float
        Learning rate reached at the end of training (0 ≤ min_lr ≤ lr).
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

    Raises
    ------
    TypeError, ValueError
        For a setting that cannot work (one sentence says which and why), for words instead of
        ids, and when nothing was trained (no pair was formed, e.g. because ``subsample`` dropped
        every word or every sentence has a single word).
    FloatingPointError
        If training diverged to NaN or infinity (lower ``lr``).

    Examples
    --------
    >>> ids = np.tile(np.arange(10), 200)
    >>> r = train_sgns(ids, np.bincount(ids), d=4, epochs=2, subsample=None, progress=False)
    >>> bool(r.loss_history[-1] < r.loss_history[0])
    True
    """
    config = _check_settings(
        {
            "d": d, "window": window, "negatives": negatives, "epochs": epochs, "lr": lr,
            "min_lr": min_lr, "subsample": subsample, "seed": seed, "batch_size": batch_size,
            "dynamic_window": dynamic_window, "ns_power": ns_power, "workers": workers,
            "n_snapshots": n_snapshots, "loss_points": loss_points,
        }
    )  # fmt: skip
    d, epochs, workers = config["d"], config["epochs"], config["workers"]
    stream, sentence_ids = _prepare_stream(ids)
    counts_arr = _as_counts(counts)
    vocab_size = counts_arr.shape[0]
    if stream.min() < 0 or stream.max() >= vocab_size:
        raise ValueError(
            f"ids must lie in 0 … {vocab_size - 1} (one count per word id), "
            f"got ids from {stream.min()} to {stream.max()}."
        )
    track_ids = np.asarray([] if track is None else track)
    if track_ids.size and (
        track_ids.dtype.kind not in "iu" or track_ids.min() < 0 or track_ids.max() >= vocab_size
    ):
        raise ValueError(f"track must hold word ids in 0 … {vocab_size - 1}.")
    track_ids = track_ids.astype(np.int64)
    check_size(2 * vocab_size * d, 4, f"Two {vocab_size:,} × {d} float32 matrices")

    rng = np.random.default_rng(config["seed"])
    w_in = ((rng.random((vocab_size, d), dtype=np.float32) - 0.5) / d).astype(np.float32)
    w_out = np.zeros((vocab_size, d), dtype=np.float32)
    keep = subsample_keep_probability(counts_arr, config["subsample"])
    negative_probs = negative_sampling_distribution(counts_arr, config["ns_power"])
    table = fast.negative_table(negative_probs, fast.TABLE_SIZE)
    heavy = fast.heavy_words(
        counts_arr, keep, negative_probs, config["batch_size"], config["negatives"]
    )
    n = stream.shape[0]
    blocks = [(s, min(s + fast.BLOCK_TOKENS, n)) for s in range(0, n, fast.BLOCK_TOKENS)]
    bar = None
    if progress:
        from helpers.widgettext import progress_bar

        bar = progress_bar(total=n * epochs, desc="SGNS training", unit=" words", unit_scale=True)
    recorder = fast.Recorder(
        n * epochs, bar, w_in, track_ids, config["n_snapshots"], config["loss_points"]
    )
    shared = (stream, sentence_ids, w_in, w_out, keep, table, heavy)
    try:
        for _ in range(epochs):
            if workers == 1:
                _train_blocks(blocks, *shared, rng, recorder, config)
                continue
            seeds = rng.integers(0, 2**63 - 1, size=workers)
            threads = [
                threading.Thread(
                    target=_train_blocks,
                    args=(
                        blocks[i::workers],
                        *shared,
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
    if recorder.pairs_done == 0:
        raise ValueError(
            "Nothing was trained: no (centre, context) pair was formed. Every sentence has a "
            "single word, or subsampling dropped every word "
            f"(subsample={config['subsample']}; try subsample=None)."
        )
    if not (np.isfinite(w_in).all() and np.isfinite(w_out).all()):
        raise FloatingPointError(
            f"Training diverged: the vectors became NaN or infinite; lower lr (now {lr})."
        )
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
        settings={k: config[k] for k in _SETTING_NAMES},
    )


_SETTING_NAMES = (
    "d", "window", "negatives", "epochs", "lr", "min_lr", "subsample", "seed", "batch_size",
    "dynamic_window", "ns_power", "workers",
)  # fmt: skip


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

    min_count = positive_int(min_count, "min_count")
    if isinstance(tokens, str | bytes) or not hasattr(tokens, "__iter__"):
        token_list(tokens)  # raises: one string, or not a list at all
    items = list(tokens)
    if not items:
        raise ValueError("tokens is empty; give a list of words or a list of sentences.")
    if isinstance(items[0], list | tuple | np.ndarray):
        sentences = [token_list(s, f"tokens[{i}]") for i, s in enumerate(items)]
    else:
        sentences = [token_list(items)]
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
