"""The fast SGNS step's damping of heavy words, measured against an independent computation.

``helpers.word2vec.fast.sgd_step`` departs from the readable step in one way that matters: a
word present n > MAX_REPEATS times in one minibatch gets MAX_REPEATS / n of its summed update.
Here the update is recomputed one example at a time with Python floats (no NumPy scatter, no
shared code with the step), the damping applied by hand, and the fast step compared with it,
on a hand-made batch and on the toy world's real frequencies (where "the" is heavy).
"""

from __future__ import annotations

import math

import numpy as np

from helpers.text import Vocabulary, toy_world_sentences
from helpers.word2vec import fast
from helpers.word2vec.sampling import negative_sampling_distribution, subsample_keep_probability


def per_example_updates(
    w_in: np.ndarray, w_out: np.ndarray, centres: np.ndarray, targets: np.ndarray, lr: float
) -> tuple[dict[int, list[float]], dict[int, list[float]], dict[tuple[str, int], int]]:
    """Summed undamped updates of each touched row, one example and one target at a time.

    Returns the input-row updates, the output-row updates and how often each row was touched
    (``("in", w)``: as a centre, ``("out", w)``: as a context or negative).
    """
    d = w_in.shape[1]
    d_in: dict[int, list[float]] = {}
    d_out: dict[int, list[float]] = {}
    seen: dict[tuple[str, int], int] = {}
    for b, centre in enumerate(centres.tolist()):
        v = [float(x) for x in w_in[centre]]
        seen["in", centre] = seen.get(("in", centre), 0) + 1
        for k, target in enumerate(targets[b].tolist()):
            u = [float(x) for x in w_out[target]]
            score = sum(a * c for a, c in zip(u, v, strict=True))
            label = 1.0 if k == 0 else 0.0
            error = 1.0 / (1.0 + math.exp(-score)) - label  # ∂L/∂score
            row_out = d_out.setdefault(target, [0.0] * d)
            row_in = d_in.setdefault(centre, [0.0] * d)
            for j in range(d):
                row_out[j] -= lr * error * v[j]
                row_in[j] -= lr * error * u[j]
            seen["out", target] = seen.get(("out", target), 0) + 1
    return d_in, d_out, seen


def damped_by_hand(
    w_in: np.ndarray,
    w_out: np.ndarray,
    centres: np.ndarray,
    targets: np.ndarray,
    lr: float,
    checked: set[int],
) -> tuple[np.ndarray, np.ndarray]:
    """The readable step's result with each checked row's update scaled by 32 / n when n > 32."""
    d_in, d_out, seen = per_example_updates(w_in, w_out, centres, targets, lr)
    new_in, new_out = w_in.copy(), w_out.copy()
    for side, updates, table in (("in", d_in, new_in), ("out", d_out, new_out)):
        for row, update in updates.items():
            n = seen[side, row]
            scale = 32 / n if (row in checked and n > 32) else 1.0
            table[row] += scale * np.array(update)
    return new_in, new_out


def test_max_repeats_is_the_32_the_notebook_names() -> None:
    assert fast.MAX_REPEATS == 32


def test_a_word_repeated_as_a_negative_gets_32_over_n_of_its_step() -> None:
    rng = np.random.default_rng(0)
    vocab_size, d, batch = 6, 4, 80
    w_in, w_out = rng.normal(size=(vocab_size, d)) * 0.3, rng.normal(size=(vocab_size, d)) * 0.3
    centres = rng.integers(1, vocab_size, size=batch)
    targets = np.column_stack([rng.integers(1, vocab_size, size=batch), np.zeros((batch, 3), int)])
    # word 0 is every negative: 240 times in the batch, so it gets 32/240 of its summed step
    heavy = np.array([0, 1, 1, 1, 1, 1, 1])  # word 0 is in slot 0, the others never damped
    fast_in, fast_out = w_in.copy(), w_out.copy()
    fast.sgd_step(fast_in, fast_out, centres, targets, 0.05, heavy)
    by_hand_in, by_hand_out = damped_by_hand(w_in, w_out, centres, targets, 0.05, checked={0})
    np.testing.assert_allclose(fast_out, by_hand_out, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(fast_in, by_hand_in, rtol=1e-10, atol=1e-12)
    undamped_out = damped_by_hand(w_in, w_out, centres, targets, 0.05, checked=set())[1]
    moved = np.linalg.norm(fast_out[0] - w_out[0]) / np.linalg.norm(undamped_out[0] - w_out[0])
    assert math.isclose(moved, 32 / 240, rel_tol=1e-9)


def test_on_the_toy_world_the_is_heavy_and_damped_as_the_notebook_says() -> None:
    sentences = toy_world_sentences(600_000, seed=42)  # notebook 04's corpus
    vocab = Vocabulary.build((w for s in sentences for w in s), unk=None)
    counts = vocab.counts
    probs = negative_sampling_distribution(counts)
    heavy = fast.heavy_words(counts, subsample_keep_probability(counts, 1e-3), probs, 1024, 5)
    checked = {w for w in range(len(vocab)) if heavy[w] < heavy[-1]}
    assert len(checked) == 401 and len(vocab) == 533
    the = vocab.index("the")
    assert the in checked
    # expected appearances of "the" as a negative in a batch of 1 024 pairs × 5: about 240
    assert 230 < 1024 * 5 * probs[the] < 250

    rng = np.random.default_rng(1)
    batch, d = 256, 8  # a quarter batch keeps the pure-Python reference fast
    w_in = (rng.random((len(vocab), d)) - 0.5) / d
    w_out = rng.normal(size=(len(vocab), d)) * 0.1
    centres = rng.choice(len(vocab), size=batch, p=counts / counts.sum())
    targets = rng.choice(len(vocab), size=(batch, 6), p=probs)
    fast_in, fast_out = w_in.copy(), w_out.copy()
    fast.sgd_step(fast_in, fast_out, centres, targets, 0.025, heavy)
    by_hand_in, by_hand_out = damped_by_hand(w_in, w_out, centres, targets, 0.025, checked)
    np.testing.assert_allclose(fast_out, by_hand_out, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(fast_in, by_hand_in, rtol=1e-9, atol=1e-12)
    n_the = int((targets == the).sum())
    assert n_the > 32  # "the" really is damped in this batch
    undamped_out = damped_by_hand(w_in, w_out, centres, targets, 0.025, checked=set())[1]
    moved = np.linalg.norm(fast_out[the] - w_out[the]) / np.linalg.norm(
        undamped_out[the] - w_out[the]
    )
    assert math.isclose(moved, 32 / n_the, rel_tol=1e-9)


def test_without_heavy_words_the_fast_step_is_the_readable_one() -> None:
    rng = np.random.default_rng(2)
    w_in, w_out = rng.normal(size=(5, 3)) * 0.5, rng.normal(size=(5, 3)) * 0.5
    centres = rng.integers(0, 5, size=100)
    targets = rng.integers(0, 5, size=(100, 4))  # every word far more than 32 times
    fast_in, fast_out = w_in.copy(), w_out.copy()
    fast.sgd_step(fast_in, fast_out, centres, targets, 0.01, np.zeros(6, dtype=np.intp))
    by_hand_in, by_hand_out = damped_by_hand(w_in, w_out, centres, targets, 0.01, checked=set())
    np.testing.assert_allclose(fast_out, by_hand_out, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(fast_in, by_hand_in, rtol=1e-10, atol=1e-12)
