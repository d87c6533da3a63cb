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

# ---- 7.2 embed_one_hot ---------------------------------------------------------------------


def _one_hot(E, ids):  # type: ignore[no-untyped-def]
    one_hot = np.zeros((len(ids), E.shape[0]), dtype=E.dtype)
    for position, token in enumerate(ids):
        one_hot[position, token] = 1
    return one_hot


def one_hot_correct(E, ids):  # type: ignore[no-untyped-def]
    return _one_hot(E, ids) @ E


def one_hot_not_multiplied(E, ids):  # type: ignore[no-untyped-def]
    return _one_hot(E, ids)


def one_hot_transposed(E, ids):  # type: ignore[no-untyped-def]
    return E.T @ _one_hot(E, ids).T


def one_hot_every_id_in_every_row(E, ids):  # type: ignore[no-untyped-def]
    one_hot = np.zeros((len(ids), E.shape[0]))
    one_hot[:, ids] = 1
    return one_hot @ E


def one_hot_counting_from_one(E, ids):  # type: ignore[no-untyped-def]
    one_hot = np.zeros((len(ids), E.shape[0]))
    one_hot[np.arange(len(ids)), ids - 1] = 1
    return one_hot @ E


def one_hot_unique_ids(E, ids):  # type: ignore[no-untyped-def]
    unique = np.unique(ids)
    one_hot = np.zeros((len(unique), E.shape[0]))
    one_hot[np.arange(len(unique)), unique] = 1
    return one_hot @ E


# ---- 7.3 causal_attention_weights ----------------------------------------------------------


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


# ---- 7.5 cosine_search ---------------------------------------------------------------------


def _cosines(query, vectors):  # type: ignore[no-untyped-def]
    return vectors @ query / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(query))


def search_correct(query, vectors, k):  # type: ignore[no-untyped-def]
    cosines = _cosines(query, vectors)
    order = sorted(range(len(vectors)), key=lambda i: (-cosines[i], i))
    return [(i, float(cosines[i])) for i in order[:k]]


def search_by_dot_product(query, vectors, k):  # type: ignore[no-untyped-def]
    scores = vectors @ query
    order = np.argsort(-scores, kind="stable")[:k]
    return [(int(i), float(scores[i])) for i in order]


def search_ascending(query, vectors, k):  # type: ignore[no-untyped-def]
    cosines = _cosines(query, vectors)
    order = np.argsort(cosines, kind="stable")[:k]
    return [(int(i), float(cosines[i])) for i in order]


def search_reversed_ties(query, vectors, k):  # type: ignore[no-untyped-def]
    cosines = _cosines(query, vectors)
    order = np.argsort(cosines, kind="stable")[::-1][:k]
    return [(int(i), float(cosines[i])) for i in order]


def search_query_not_normalised(query, vectors, k):  # type: ignore[no-untyped-def]
    scores = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)) @ query
    order = np.argsort(-scores, kind="stable")[:k]
    return [(int(i), float(scores[i])) for i in order]


def search_one_too_many(query, vectors, k):  # type: ignore[no-untyped-def]
    cosines = _cosines(query, vectors)
    order = np.argsort(-cosines, kind="stable")[: k + 1]
    return [(int(i), float(cosines[i])) for i in order]


def search_rows_only(query, vectors, k):  # type: ignore[no-untyped-def]
    return list(np.argsort(-_cosines(query, vectors), kind="stable")[:k])


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


WRONG: list[tuple[str, Callable[..., Any], str]] = [
    ("7.2", one_hot_not_multiplied, "multiply it by E"),
    ("7.2", one_hot_transposed, "The result is transposed"),
    ("7.2", one_hot_every_id_in_every_row, "puts every id into every row"),
    ("7.2", one_hot_counting_from_one, "Off by one"),
    ("7.2", one_hot_unique_ids, "a repeated id gives its row again"),
    ("7.3", WRONG_ATTENTION["no mask"], "weight 0 to every later token"),
    ("7.3", WRONG_ATTENTION["diagonal masked too"], "a token may attend to itself"),
    ("7.3", WRONG_ATTENTION["masked with 0"], "A score of 0 still gets weight"),
    ("7.3", WRONG_ATTENTION["not scaled"], "divide X @ X.T by the square root of d"),
    ("7.3", WRONG_ATTENTION["divided by d"], "not by d itself"),
    ("7.3", WRONG_ATTENTION["no max subtracted"], "subtract each row's largest score"),
    ("7.3", WRONG_ATTENTION["columns normalised"], "Each row must sum to 1"),
    ("7.4", pool_with_padding, "Padding positions are counted"),
    ("7.4", pool_sum, "That is the sum of the real token vectors"),
    ("7.4", pool_padded_length, "not by the padded length"),
    ("7.4", pool_first_positions, "left padding"),
    ("7.4", pool_over_texts, "averages over the texts"),
    ("7.5", search_by_dot_product, "ranks by dot product"),
    ("7.5", search_ascending, "k lowest cosines"),
    ("7.5", search_reversed_ties, "Equal cosines must come in row order"),
    ("7.5", search_query_not_normalised, "The query must have length 1 too"),
    ("7.5", search_one_too_many, "Return exactly k ="),
    ("7.5", search_rows_only, "Each item is a pair (row, cosine)"),
    *WRONG_BPE,
]


# ---- found by the adversarial review (issue 22 §2) --------------------------------------------


def search_unstable_sort(query, vectors, k):  # type: ignore[no-untyped-def]
    """Sorts with NumPy's default sort, which reorders ties beyond 16 rows."""
    u = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    s = u @ (query / np.linalg.norm(query))
    return [(int(j), float(s[j])) for j in np.argsort(-s)[:k]]


WRONG += [("7.5", search_unstable_sort, "equal cosines in row order")]
