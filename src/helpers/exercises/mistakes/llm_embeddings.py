"""Known realistic mistakes of notebook llm_embeddings's exercises: wrong answers a learner writes.

Each entry of :data:`WRONG` is ``(exercise key, wrong function, phrase)``: the phrase its check
must answer with, true for that mistake. The exercise's record
(:attr:`helpers.exercises.registry.Exercise.mistakes`) reads them from here; the exercise
tests, the teacher guide and the graded edition read the record.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from itertools import pairwise
from typing import Any

import numpy as np

# ---- 7.2 causal_attention_weights ----------------------------------------------------------


def _attention(X, *, scale="sqrt", mask="causal", fill=-np.inf, stable=True, axis=1):  # type: ignore[no-untyped-def]
    n, d = X.shape
    divide = {"sqrt": np.sqrt(d), "none": 1.0, "d": float(d)}[scale]
    scores = X @ X.T / divide
    if mask == "causal":
        scores[np.triu(np.ones((n, n), dtype=bool), k=1)] = fill
    elif mask == "strict":
        scores[np.triu(np.ones((n, n), dtype=bool), k=0)] = fill
    with np.errstate(over="ignore", invalid="ignore"):  # the overflow is the mistake tested
        if stable:
            scores = scores - scores.max(axis=axis, keepdims=True)
        weights = np.exp(scores)
        return weights / weights.sum(axis=axis, keepdims=True)


def attention_correct(X):  # type: ignore[no-untyped-def]
    n, d = X.shape
    weights = np.zeros((n, n))
    for t in range(n):  # a loop over the positions each token may see
        scores = np.array([X[t] @ X[j] / np.sqrt(d) for j in range(t + 1)])
        e = np.exp(scores - scores.max())
        weights[t, : t + 1] = e / e.sum()
    return weights


WRONG_ATTENTION = {
    "no mask": lambda X: _attention(X, mask="none"),
    "diagonal masked too": lambda X: _attention(X, mask="strict"),
    "masked with 0": lambda X: _attention(X, fill=0.0),
    "not scaled": lambda X: _attention(X, scale="none"),
    "divided by d": lambda X: _attention(X, scale="d"),
    "no max subtracted": lambda X: _attention(X, stable=False),
    "columns normalised": lambda X: _attention(X, axis=0),
}
for _label, _wrong in WRONG_ATTENTION.items():
    _wrong.__doc__ = _label  # how the teacher guide names each wrong answer


# ---- 7.4 mean_pool_batch -------------------------------------------------------------------


def pool_correct(X, mask):  # type: ignore[no-untyped-def]
    pooled = np.zeros((X.shape[0], X.shape[2]))
    for i in range(X.shape[0]):
        pooled[i] = X[i][mask[i]].mean(axis=0)
    return pooled


def pool_with_padding(X, mask):  # type: ignore[no-untyped-def]
    return X.mean(axis=1)


def pool_sum(X, mask):  # type: ignore[no-untyped-def]
    return (X * mask[:, :, None]).sum(axis=1)


def pool_padded_length(X, mask):  # type: ignore[no-untyped-def]
    return (X * mask[:, :, None]).sum(axis=1) / X.shape[1]


def pool_first_positions(X, mask):  # type: ignore[no-untyped-def]
    return np.stack([X[i, : int(mask[i].sum())].mean(axis=0) for i in range(len(X))])


def pool_over_texts(X, mask):  # type: ignore[no-untyped-def]
    return (X * mask[:, :, None]).sum(axis=0) / np.maximum(mask.sum(axis=0), 1)[:, None]


# ---- 7.3 causal_attention (learned projections) -------------------------------------------


def _projected(X, W_q, W_k, W_v, **how):  # type: ignore[no-untyped-def]
    scale, causal = how.get("scale", "k"), how.get("causal", True)
    keys, values, transpose = how.get("keys", "K"), how.get("values", "V"), how.get("transpose")
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    scores = Q @ (Q if keys == "Q" else K).T
    if transpose:
        scores = scores.T
    scores = scores / {"k": np.sqrt(K.shape[1]), "x": np.sqrt(X.shape[1]), "none": 1.0}[scale]
    if causal:
        scores[np.triu(np.ones(scores.shape, dtype=bool), k=1)] = -np.inf
    scores = scores - scores.max(axis=1, keepdims=True)
    weights = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    return weights, weights @ (X if values == "X" else V)


def projected_correct(X, W_q, W_k, W_v):  # type: ignore[no-untyped-def]
    """A loop over the positions, one softmax per row."""
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    n = len(X)
    weights = np.zeros((n, n))
    for t in range(n):
        scores = np.array([Q[t] @ K[j] for j in range(t + 1)]) / np.sqrt(K.shape[1])
        e = np.exp(scores - scores.max())
        weights[t, : t + 1] = e / e.sum()
    return weights, weights @ V


def projected_scaled_by_d(X, W_q, W_k, W_v):  # type: ignore[no-untyped-def]
    """Divides by the square root of X's width instead of the keys' width."""
    return _projected(X, W_q, W_k, W_v, scale="x")


def projected_no_mask(X, W_q, W_k, W_v):  # type: ignore[no-untyped-def]
    """Forgets the causal mask: every token sees the later ones."""
    return _projected(X, W_q, W_k, W_v, causal=False)


def projected_queries_as_keys(X, W_q, W_k, W_v):  # type: ignore[no-untyped-def]
    """Scores Q @ Q.T: W_k is never used."""
    return _projected(X, W_q, W_k, W_v, keys="Q")


def projected_transposed_scores(X, W_q, W_k, W_v):  # type: ignore[no-untyped-def]
    """Scores K @ Q.T: row t holds k_t · q_j."""
    return _projected(X, W_q, W_k, W_v, transpose=True)


def projected_mixes_x(X, W_q, W_k, W_v):  # type: ignore[no-untyped-def]
    """Outputs weights @ X: W_v is never used."""
    return _projected(X, W_q, W_k, W_v, values="X")


def projected_not_scaled(X, W_q, W_k, W_v):  # type: ignore[no-untyped-def]
    """Leaves the scores unscaled."""
    return _projected(X, W_q, W_k, W_v, scale="none")


def projected_swapped(X, W_q, W_k, W_v):  # type: ignore[no-untyped-def]
    """Returns (output, weights)."""
    weights, output = _projected(X, W_q, W_k, W_v)
    return output, weights


# ---- 7.1 bpe_merges -----------------------------------------------------------------------


def _join(symbols, pair, *, first_only=False, overlapping=False):  # type: ignore[no-untyped-def]
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            if first_only:
                return out + list(symbols[i + 2 :])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return out


def _bpe(word_counts, n_merges, *, weighted=True, alphabetical=True, **join):  # type: ignore[no-untyped-def]
    words = [(list(word), count) for word, count in word_counts.items()]
    merges = []
    for _ in range(n_merges):
        pairs: Counter = Counter()
        for symbols, count in words:
            for pair in pairwise(symbols):
                pairs[pair] += count if weighted else 1
        if not pairs:
            break
        if alphabetical:
            best = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))[0][0]
        else:
            best = pairs.most_common(1)[0][0]  # equal counts: the first seen
        merges.append(best)
        words = [(_join(symbols, best, **join), count) for symbols, count in words]
    return merges


def bpe_correct(word_counts, n_merges):  # type: ignore[no-untyped-def]
    return _bpe(word_counts, n_merges)


def bpe_sennrich(word_counts, n_merges):  # type: ignore[no-untyped-def]
    """Sennrich et al.'s regular expressions on space-separated symbols."""
    vocab = {" ".join(word): count for word, count in word_counts.items()}
    merges = []
    for _ in range(n_merges):
        pairs: dict = {}
        for word, count in vocab.items():
            symbols = word.split()
            for i in range(len(symbols) - 1):
                key = (symbols[i], symbols[i + 1])
                pairs[key] = pairs.get(key, 0) + count
        if not pairs:
            break
        best = min(pairs, key=lambda pair: (-pairs[pair], pair))
        merges.append(best)
        pattern = re.compile(r"(?<!\S)" + re.escape(" ".join(best)) + r"(?!\S)")
        vocab = {pattern.sub("".join(best), word): count for word, count in vocab.items()}
    return [list(pair) for pair in merges]  # lists instead of tuples are fine


def bpe_unweighted(word_counts, n_merges):  # type: ignore[no-untyped-def]
    return _bpe(word_counts, n_merges, weighted=False)


def bpe_first_seen_ties(word_counts, n_merges):  # type: ignore[no-untyped-def]
    return _bpe(word_counts, n_merges, alphabetical=False)


def bpe_first_occurrence(word_counts, n_merges):  # type: ignore[no-untyped-def]
    return _bpe(word_counts, n_merges, first_only=True)


def bpe_overlapping(word_counts, n_merges):  # type: ignore[no-untyped-def]
    """Joins every position where the pair starts, so a a a becomes aa aa."""
    words = [(list(word), count) for word, count in word_counts.items()]
    merges = []
    for _ in range(n_merges):
        pairs: Counter = Counter()
        for symbols, count in words:
            for pair in pairwise(symbols):
                pairs[pair] += count
        if not pairs:
            break
        best = min(pairs, key=lambda pair: (-pairs[pair], pair))
        merges.append(best)
        new_words = []
        for symbols, count in words:
            new = []
            for i, symbol in enumerate(symbols):
                if i + 1 < len(symbols) and (symbol, symbols[i + 1]) == best:
                    new.append(symbol + symbols[i + 1])
                elif not (i > 0 and (symbols[i - 1], symbol) == best):
                    new.append(symbol)
            new_words.append((new, count))
        words = new_words
    return merges


def bpe_string_replace(word_counts, n_merges):  # type: ignore[no-untyped-def]
    vocab = {" ".join(word): count for word, count in word_counts.items()}
    merges = []
    for _ in range(n_merges):
        pairs: Counter = Counter()
        for word, count in vocab.items():
            symbols = word.split(" ")
            for pair in pairwise(symbols):
                pairs[pair] += count
        if not pairs:
            break
        best = min(pairs, key=lambda pair: (-pairs[pair], pair))
        merges.append(best)
        vocab = {w.replace(" ".join(best), "".join(best)): c for w, c in vocab.items()}
    return merges


def bpe_across_words(word_counts, n_merges):  # type: ignore[no-untyped-def]
    """The whole corpus as one sequence of characters: pairs span word boundaries."""
    symbols = [char for word, count in word_counts.items() for _ in range(count) for char in word]
    merges = []
    for _ in range(n_merges):
        pairs = Counter(pairwise(symbols))
        if not pairs:
            break
        best = min(pairs, key=lambda pair: (-pairs[pair], pair))
        merges.append(best)
        symbols = _join(symbols, best)
    return merges


def bpe_no_early_stop(word_counts, n_merges):  # type: ignore[no-untyped-def]
    merges = _bpe(word_counts, n_merges)
    return merges + [merges[-1]] * (n_merges - len(merges))


WRONG_BPE = [
    ("7.1", bpe_unweighted, "add the word's count, not 1"),
    ("7.1", bpe_first_seen_ties, "alphabetically first one"),
    ("7.1", bpe_first_occurrence, "Join EVERY occurrence"),
    ("7.1", bpe_overlapping, "Merges never overlap"),
    ("7.1", bpe_string_replace, "Join whole symbols only"),
    ("7.1", bpe_across_words, "never across two words"),
    ("7.1", bpe_no_early_stop, "no word has two symbols left"),
]


def projected_masked_after_softmax(X, W_q, W_k, W_v):  # type: ignore[no-untyped-def]
    """Softmax over every position, then np.tril on the weights (the mask after the softmax)."""
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    scores = Q @ K.T / np.sqrt(K.shape[1])
    weights = np.exp(scores - scores.max(axis=1, keepdims=True))
    weights = np.tril(weights / weights.sum(axis=1, keepdims=True))
    return weights, weights @ V


def projected_scaled_by_d_v(X, W_q, W_k, W_v):  # type: ignore[no-untyped-def]
    """Divides the scores by √(W_v.shape[1]), the width of the values, not by √d_k."""
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    scores = Q @ K.T / np.sqrt(W_v.shape[1])
    scores = np.where(np.tril(np.ones(scores.shape, dtype=bool)), scores, -np.inf)
    weights = np.exp(scores - scores.max(axis=1, keepdims=True))
    weights = weights / weights.sum(axis=1, keepdims=True)
    return weights, weights @ V


WRONG: list[tuple[str, Callable[..., Any], str]] = [
    ("7.2", WRONG_ATTENTION["no mask"], "weight 0 to every later token"),
    ("7.2", WRONG_ATTENTION["diagonal masked too"], "a token may attend to itself"),
    ("7.2", WRONG_ATTENTION["masked with 0"], "A score of 0 still gets weight"),
    ("7.2", WRONG_ATTENTION["not scaled"], "divide X @ X.T by the square root of d"),
    ("7.2", WRONG_ATTENTION["divided by d"], "not by d itself"),
    ("7.2", WRONG_ATTENTION["no max subtracted"], "subtract each row's largest score"),
    ("7.2", WRONG_ATTENTION["columns normalised"], "Each row must sum to 1"),
    ("7.4", pool_with_padding, "Padding positions are counted"),
    ("7.4", pool_sum, "That is the sum of the real token vectors"),
    ("7.4", pool_padded_length, "not by the padded length"),
    ("7.4", pool_first_positions, "left padding"),
    ("7.4", pool_over_texts, "averages over the texts"),
    ("7.3", projected_scaled_by_d, "not of X"),
    ("7.3", projected_masked_after_softmax, "The mask belongs before the softmax"),
    ("7.3", projected_scaled_by_d_v, "not of the values"),
    ("7.3", projected_no_mask, "weight 0 to every later position"),
    ("7.3", projected_queries_as_keys, "not Q @ Q.T"),
    ("7.3", projected_transposed_scores, "not K @ Q.T"),
    ("7.3", projected_mixes_x, "not the token vectors X"),
    ("7.3", projected_not_scaled, "divide Q @ K.T by the square root of d_k"),
    ("7.3", projected_swapped, "the weights first"),
    *WRONG_BPE,
]
