"""Exercises of notebook 07 (embeddings in LLMs): cases, references and diagnoses (keys "7.x").

* 7.1 ``bpe_merges``: the merges byte-pair encoding learns from word counts (reference
  :func:`bpe_merges` here: the course has no BPE trainer of its own);
* 7.2 ``causal_attention_weights``: scaled dot-product weights with ``Q = K = X`` and a causal mask
  (reference :func:`helpers.llm.attention.self_attention` with ``causal=True``);
* 7.3 ``causal_attention``: the same with learned projections ``Q = X W_q``, ``K = X W_k``,
  ``V = X W_v``, returning the weights and the output (reference
  :func:`helpers.llm.attention.self_attention` with the three matrices);
* 7.4 ``mean_pool_batch``: mean pooling of a padded batch, padding left out
  (reference :func:`helpers.llm.attention.mean_pool_batch`).

The lookup ``one_hot(ids) @ E`` and cosine search are written in notebooks 03 and 05; notebook 07
uses the helpers :func:`helpers.llm.tokens.embedding_lookup` and
:func:`helpers.llm.semantic_search.search`.

Every case is built from this module's own seeded generator, so checking changes no other random
number in the notebook. See :mod:`helpers.exercises.language_model` for the pattern.

Examples
--------
>>> causal_attention_weights(np.array([[1.0, 0.0], [1.0, 0.0]])).round(3)
array([[1. , 0. ],
       [0.5, 0.5]])
>>> bpe_merges({"low": 5, "lower": 2, "newest": 6, "widest": 3}, 3)
[('e', 's'), ('es', 't'), ('l', 'o')]
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import Any

import numpy as np

from helpers.exercises.checks import _describe, close
from helpers.exercises.registry import Exercise, register
from helpers.llm.attention import mean_pool_batch, self_attention

__all__ = [
    "bpe_merges",
    "bpe_segment",
    "causal_attention",
    "causal_attention_weights",
    "mean_pool_batch",
]

SEED = 701
"""The seed of every case in this module (independent of the notebook's generator)."""


# --------------------------------------------------------------------------------------------
# References


def causal_attention_weights(X: np.ndarray) -> np.ndarray:
    """softmax(X Xᵀ / √d) with the scores of later positions masked (exercise 7.2)."""
    return self_attention(X, causal=True).weights


def causal_attention(
    X: np.ndarray, W_q: np.ndarray, W_k: np.ndarray, W_v: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``(weights, output)`` of causal attention with ``Q = X W_q``, ``K = X W_k``, ``V = X W_v`` (7.3)."""
    result = self_attention(X, W_q, W_k, W_v, causal=True)
    return result.weights, result.output


# --------------------------------------------------------------------------------------------
# Cases


def _attention_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 1)
    return [
        (np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]),),
        (np.array([[0.5, -1.0, 2.0]]),),  # one token: it sees only itself
        (rng.normal(size=(5, 4)),),
        (rng.normal(size=(6, 9)) * 0.7,),
        (rng.normal(size=(4, 4)) * 40.0,),  # scores in the hundreds: exp overflows
    ]


def _padded_batch(
    rng: np.random.Generator, lengths: list[int], n_positions: int, d: int, *, left: int = -1
) -> tuple[np.ndarray, np.ndarray]:
    X = rng.normal(size=(len(lengths), n_positions, d))
    X[:, :, 0] += 3.0  # padding vectors are not zero, as a real pad token's row is not
    mask = np.zeros((len(lengths), n_positions), dtype=bool)
    for i, length in enumerate(lengths):
        if i == left:  # this text is padded on the left
            mask[i, n_positions - length :] = True
        else:
            mask[i, :length] = True
    return X, mask


def _pool_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 2)
    return [
        _padded_batch(rng, [3, 1, 2], 3, 2),  # a full text, a one-token text
        _padded_batch(rng, [5, 2, 4, 5], 5, 3),
        _padded_batch(rng, [4], 6, 2),  # a batch of one text
        _padded_batch(rng, [2, 4, 3], 4, 3, left=0),  # padding first: only the mask knows
    ]


def _projected_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 3)

    def case(n: int, d: int, d_k: int, d_v: int, scale: float = 1.0) -> tuple[Any, ...]:
        return (
            rng.normal(size=(n, d)) * scale,
            rng.normal(size=(d, d_k)),
            rng.normal(size=(d, d_k)),
            rng.normal(size=(d, d_v)),
        )

    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    return [
        # d_v = 5 differs from d_k = 2, d_k², n = 3 and 1, so a scale by √d_v shows as itself
        (
            X,
            np.eye(2),
            np.array([[0.0, 1.0], [1.0, 0.0]]),
            np.array([[1.0, 0.0, 1.0, 0.0, 2.0], [2.0, 1.0, 0.0, 1.0, 0.0]]),
        ),
        case(1, 3, 2, 2),  # one token: it sees only itself
        case(5, 4, 2, 3),  # d, d_k and d_v all different
        case(6, 3, 5, 2),
        case(4, 3, 3, 3, scale=15.0),  # scores in the hundreds: exp overflows
    ]


# --------------------------------------------------------------------------------------------
# Diagnoses: recognise the usual mistakes by recomputing them


def _close(got: Any, value: Any) -> bool:
    return close(got, value, same_shape=True)


def _softmax_rows(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    weights = np.exp(shifted)
    return weights / weights.sum(axis=1, keepdims=True)


def _diagnose_attention(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    (X,) = args
    n, d = X.shape
    got = np.asarray(got, dtype=float)
    if got.shape != expected.shape:
        return f"Return one row and one column per token: shape {expected.shape}."
    if n > 1 and np.isnan(got[0]).all() and np.all(np.isfinite(got[1:])):
        return (
            "Row 0 is NaN: the first token has only itself to look at, and a token may attend "
            "to itself (j = t): mask only the later positions j > t."
        )
    if not np.all(np.isfinite(got)):
        return (
            "exp of a large score overflows: subtract each row's largest score before the exp "
            "(it cancels in the softmax)."
        )
    later = np.triu(np.ones((n, n), dtype=bool), k=1)
    scores = X @ X.T / np.sqrt(d)
    if n > 1 and _close(got, _softmax_rows(np.where(later, 0.0, scores))):
        return (
            "A score of 0 still gets weight exp(0) > 0: set the scores of later tokens to "
            "-np.inf, so their weights are exactly 0."
        )
    if n > 1 and np.abs(got[later]).max() > 1e-9:
        return "Token t must give weight 0 to every later token j > t: mask the scores above the diagonal."
    if n > 1 and np.allclose(np.diag(got)[1:], 0):
        return "A token may attend to itself (j = t is allowed): mask only the scores above the diagonal."
    if not np.allclose(got.sum(axis=1), 1):
        return "Each row must sum to 1: the softmax normalises each row (axis=1), over the positions a token sees."
    if _close(got, self_attention(X, causal=True, temperature=1.0).weights):
        return "Scale the scores: divide X @ X.T by the square root of d = X.shape[1]."
    if _close(got, self_attention(X, causal=True, temperature=float(d)).weights):
        return "Divide the scores by the square root of d, not by d itself."
    return None


def _diagnose_pool(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    X, mask = args
    weights = mask[:, :, None].astype(float)
    counts = weights.sum(axis=1)
    over_texts = (X * weights).sum(axis=0) / np.maximum(mask.sum(axis=0), 1)[:, None]
    if (np.shape(got) != expected.shape and np.shape(got) == X.shape[1:]) or any(
        _close(got, wrong) for wrong in (over_texts, X.mean(axis=0))
    ):
        return "That averages over the texts (axis 0); average over the positions of each text."
    if _close(got, X.mean(axis=1)):
        return (
            "Padding positions are counted in your average: leave them out of the sum and of "
            "the number of tokens (that is what the mask is for)."
        )
    if _close(got, (X * weights).sum(axis=1)):
        return "That is the sum of the real token vectors; divide it by how many there are."
    if _close(got, (X * weights).sum(axis=1) / X.shape[1]):
        return (
            "The padding is out of the sum but not out of the count: divide by the number of "
            "real tokens of each text, not by the padded length."
        )
    first = np.stack([X[i, : int(c)].mean(axis=0) for i, c in enumerate(counts[:, 0])])
    if _close(got, first):
        return (
            "Padding can come first (left padding): average the positions the mask marks, not "
            "the first mask.sum() positions."
        )
    return None


def _projected_variant(
    X: np.ndarray,
    W_q: np.ndarray,
    W_k: np.ndarray,
    W_v: np.ndarray,
    *,
    scale: float | None = None,
    causal: bool = True,
    keys: str = "K",
    values: str = "V",
    transpose: bool = False,
    mask_after: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Causal attention with one of the usual mistakes switched on (for the diagnoses)."""
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    keys_used = {"K": K, "Q": Q}[keys]
    scores = Q @ keys_used.T
    if transpose:
        scores = scores.T
    scores = scores / (np.sqrt(K.shape[1]) if scale is None else scale)
    n = len(X)
    if causal and not mask_after:
        scores = np.where(np.tril(np.ones((n, n), dtype=bool)), scores, -np.inf)
    weights = _softmax_rows(scores)
    if mask_after:  # the softmax over every position, then the later ones zeroed
        weights = np.tril(weights)
    return weights, weights @ {"V": V, "X": X}[values]


def _diagnose_projected(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    X, W_q, W_k, W_v = args
    if not isinstance(got, tuple | list) or len(got) != 2:
        return "Return two things: (weights, output)."
    weights, output = got
    ref_weights, ref_output = expected
    if np.shape(weights) == ref_output.shape and np.shape(output) == ref_weights.shape:
        if _close(output, ref_weights):
            return "Return (weights, output) in that order: the weights first."
    if np.shape(weights) != ref_weights.shape:
        return f"The weights have one row and one column per token: shape {ref_weights.shape}."
    if _close(weights, ref_weights):
        if _close(output, weights @ X):
            return "The output mixes the values V = X @ W_v, not the token vectors X."
        return "The weights are right: the output is weights @ V, with V = X @ W_v."
    if not np.all(np.isfinite(np.asarray(weights, dtype=float))):
        return (
            "exp of a large score overflows: subtract each row's largest score before the exp "
            "(it cancels in the softmax)."
        )
    d, d_k, d_v = X.shape[1], W_k.shape[1], W_v.shape[1]
    mistakes: list[tuple[dict[str, Any], str]] = [
        ({"causal": False}, "Token t must give weight 0 to every later position j > t."),
        (
            {"mask_after": True},
            "The mask belongs before the softmax, as −inf on the scores of later positions: "
            "zeroing the weights after it (np.tril) leaves rows that no longer sum to 1.",
        ),
        ({"keys": "Q"}, "The keys are K = X @ W_k: scores are Q @ K.T, not Q @ Q.T."),
        ({"transpose": True}, "Score t, j is q_t · k_j: Q @ K.T, not K @ Q.T."),
        ({"scale": 1.0}, "Scale the scores: divide Q @ K.T by the square root of d_k."),
    ]
    if d != d_k:
        mistakes.append(
            (
                {"scale": float(np.sqrt(d))},
                "Divide by the square root of d_k = W_k.shape[1], the width of the keys, not of X.",
            )
        )
    if d_v not in (d_k, 1):
        mistakes.append(
            (
                {"scale": float(np.sqrt(d_v))},
                "Divide by the square root of d_k = W_k.shape[1], the width of the queries and "
                "keys, not of the values (W_v.shape[1]).",
            )
        )
    for options, sentence in mistakes:
        if _close(weights, _projected_variant(X, W_q, W_k, W_v, **options)[0]):
            return sentence
    if not np.allclose(np.sum(weights, axis=1), 1):
        return "Each row of weights must sum to 1: the softmax runs over the positions (axis=1)."
    return None


register(
    Exercise(
        "7.2",
        "causal_attention_weights",
        causal_attention_weights,
        _attention_cases,
        points=3,
        hint="Scaled dot-product scores of every pair of tokens, scores of later positions "
        "masked to -inf, then a stable softmax of each row.",
        diagnose=_diagnose_attention,
        solved_by=(self_attention,),
    )
)
register(
    Exercise(
        "7.3",
        "causal_attention",
        causal_attention,
        _projected_cases,
        hint="Project first: Q = X @ W_q, K = X @ W_k, V = X @ W_v. Then scores Q @ K.T over "
        "the square root of d_k, later positions masked to -inf, a stable softmax of each "
        "row, and the output weights @ V.",
        diagnose=_diagnose_projected,
        points=3,
        solved_by=(self_attention,),
    )
)

register(
    Exercise(
        "7.4",
        "mean_pool_batch",
        mean_pool_batch,
        _pool_cases,
        points=2,
        hint="For each text: the sum of the vectors the mask marks as real, divided by how "
        "many the mask marks.",
        diagnose=_diagnose_pool,
    )
)


# --------------------------------------------------------------------------------------------
# 7.1 bpe_merges: byte-pair encoding's learning loop (Sennrich, Haddow & Birch, 2016)

Pair = tuple[str, str]


def _merge_word(symbols: tuple[str, ...], pair: Pair) -> tuple[str, ...]:
    """``symbols`` with every occurrence of ``pair`` joined, left to right, never overlapping."""
    out: list[str] = []
    i = 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


def _pair_counts(words: dict[tuple[str, ...], int]) -> Counter[Pair]:
    pairs: Counter[Pair] = Counter()
    for symbols, count in words.items():
        for pair in pairwise(symbols):
            pairs[pair] += count
    return pairs


def bpe_merges(word_counts: dict[str, int], n_merges: int) -> list[Pair]:
    """The first ``n_merges`` merges BPE learns from ``word_counts`` (exercise 7.1).

    Every word starts as its characters. Each step counts the adjacent pairs of symbols inside
    the words, every occurrence weighted by its word's count (``aaa`` holds the pair
    ``(a, a)`` twice), takes the most frequent pair (equal counts: the alphabetically first
    pair), and joins its occurrences in every word, left to right and never overlapping
    (``a a a`` becomes ``aa a``). It stops early when no word has two symbols left.

    Examples
    --------
    >>> bpe_merges({"aaa": 1}, 5)
    [('a', 'a'), ('aa', 'a')]
    """
    words = {tuple(word): count for word, count in word_counts.items()}
    merges: list[Pair] = []
    for _ in range(n_merges):
        pairs = _pair_counts(words)
        if not pairs:
            break
        best = min(pairs, key=lambda pair: (-pairs[pair], pair))
        merges.append(best)
        words = {_merge_word(symbols, best): count for symbols, count in words.items()}
    return merges


def bpe_segment(word: str, merges: list[Pair]) -> list[str]:
    """Cut ``word`` with learned merges: its characters, then every merge in the order learned.

    Examples
    --------
    >>> bpe_segment("lowest", [("e", "s"), ("es", "t"), ("l", "o"), ("lo", "w")])
    ['low', 'est']
    """
    symbols = tuple(word)
    for pair in merges:
        symbols = _merge_word(symbols, pair)
    return list(symbols)


def _bpe_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 5)
    syllables = ["ba", "na", "an", "ta", "ing", "ed", "re", "un", "st", "a", "n"]
    drawn: dict[str, int] = {}
    for _ in range(14):
        parts = rng.choice(len(syllables), size=int(rng.integers(1, 4)))
        word = "▁" + "".join(syllables[p] for p in parts)
        drawn[word] = drawn.get(word, 0) + int(rng.integers(1, 9))
    return [
        ({"low": 5, "lower": 2, "newest": 6, "widest": 3}, 10),  # Sennrich et al.'s example
        ({"zy": 2, "ab": 2, "zyq": 1, "abq": 1}, 3),  # ties: (z, y) is seen first, (a, b) wins
        ({"xy": 1, "xyxy": 1, "cd": 4}, 3),  # counts decide; xyxy holds (x, y) twice
        ({"aaa": 3, "aaaa": 1, "ab": 1}, 4),  # a a a → aa a: merges never overlap
        ({"ab": 1, "c": 2}, 5),  # one merge only, then nothing is left to merge
        ({"ba": 2, "ab": 3, "bab": 1}, 4),  # joined symbols: (b, ab) is not (ba, b)
        (drawn, 12),
    ]


def _bpe_variant(
    word_counts: dict[str, int],
    n_merges: int,
    *,
    weighted: bool = True,
    ties: str = "alphabetical",
    first_only: bool = False,
    overlapping: bool = False,
    replace: bool = False,
) -> list[Pair]:
    """:func:`bpe_merges` with one of the usual mistakes switched on (for the diagnoses)."""
    words = {tuple(word): count for word, count in word_counts.items()}
    merges: list[Pair] = []

    def joined(symbols: tuple[str, ...], pair: Pair) -> tuple[str, ...]:
        if replace:  # str.replace on the space-joined symbols also matches inside a symbol
            text = " ".join(symbols).replace(f"{pair[0]} {pair[1]}", pair[0] + pair[1])
            return tuple(text.split(" "))
        if overlapping:
            out = []
            for i, symbol in enumerate(symbols):
                if i + 1 < len(symbols) and (symbol, symbols[i + 1]) == pair:
                    out.append(symbol + symbols[i + 1])
                elif not (i > 0 and (symbols[i - 1], symbol) == pair):
                    out.append(symbol)
            return tuple(out)
        if first_only:
            for i in range(len(symbols) - 1):
                if (symbols[i], symbols[i + 1]) == pair:
                    return (*symbols[:i], symbols[i] + symbols[i + 1], *symbols[i + 2 :])
            return symbols
        return _merge_word(symbols, pair)

    for _ in range(n_merges):
        pairs: Counter[Pair] = Counter()
        for symbols, count in words.items():
            for pair in pairwise(symbols):
                pairs[pair] += count if weighted else 1
        if not pairs:
            break
        if ties == "alphabetical":
            best = min(pairs, key=lambda pair: (-pairs[pair], pair))
        else:  # max() keeps the first pair seen among equal counts
            best = max(pairs, key=lambda pair: pairs[pair])
        merges.append(best)
        new: dict[tuple[str, ...], int] = {}
        for symbols, count in words.items():
            merged = joined(symbols, best)
            new[merged] = new.get(merged, 0) + count
        words = new
    return merges


def _as_pairs(value: Any) -> list[Pair] | None:
    if not isinstance(value, list | tuple):
        return None
    pairs = []
    for item in value:
        if not isinstance(item, list | tuple) or len(item) != 2:
            return None
        if not all(isinstance(symbol, str) for symbol in item):
            return None
        pairs.append((item[0], item[1]))
    return pairs


def _compare_bpe(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    pairs = _as_pairs(got)
    if pairs is None:
        return f"expected a list of merges, pairs of strings, got {_describe(got)}"
    return explain_merges(pairs, expected)


def explain_merges(got: list[Pair], expected: list[Pair]) -> str | None:
    """Where two lists of merges first differ, or ``None`` if they are equal."""
    for i, (mine, theirs) in enumerate(zip(got, expected, strict=False)):
        if mine != theirs:
            return f"merge {i + 1} should be {theirs}, got {mine}"
    if len(got) != len(expected):
        return f"expected {len(expected)} merges, got {len(got)}"
    return None


def _diagnose_bpe(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    word_counts, n_merges = args
    pairs = _as_pairs(got)
    if pairs is None:
        return "Return a list of merges, each a pair of strings (left symbol, right symbol)."
    mistakes: list[tuple[dict[str, Any], str]] = [
        (
            {"weighted": False},
            "Each pair occurrence counts as many times as its word occurs: add the word's "
            "count, not 1.",
        ),
        (
            {"ties": "first seen"},
            "Among pairs with equal counts, take the alphabetically first one, whatever order "
            "they were seen in.",
        ),
        (
            {"first_only": True},
            "Join EVERY occurrence of the pair in a word, not only the first one.",
        ),
        (
            {"overlapping": True},
            "Merges never overlap: in a a a, join the first two (aa a), then go on AFTER "
            "them; the symbols must still spell the word.",
        ),
        (
            {"replace": True},
            "Join whole symbols only: a text replace of 'b a' also matches inside 'ab a'.",
        ),
    ]
    for options, sentence in mistakes:
        variant = _bpe_variant(word_counts, n_merges, **options)
        if pairs == variant and variant != expected:
            return sentence
    # The first wrong merge: was it a pair that only appears across two words?
    step = next((i for i, (a, b) in enumerate(zip(pairs, expected, strict=False)) if a != b), None)
    if step is not None:
        words = {tuple(word): count for word, count in word_counts.items()}
        for pair in expected[:step]:
            words = {_merge_word(symbols, pair): count for symbols, count in words.items()}
        inside = _pair_counts(words)
        if pairs[step] not in inside:
            return (
                f"{pairs[step]} is not a pair of neighbouring symbols inside any word at that "
                "point: count the pairs within each word only, never across two words."
            )
        if inside[pairs[step]] == inside[expected[step]]:
            return "Equal counts: take the alphabetically first pair (compare the pairs as tuples)."
    if len(pairs) < len(expected):
        return "Go on merging until n_merges merges are made (or no pair is left)."
    if len(pairs) > len(expected):
        return "Stop after n_merges merges, or earlier when no word has two symbols left."
    return None


_BPE_HINT = (
    "Start every word as its characters; then n_merges times: count the neighbouring pairs "
    "inside every word (each weighted by the word's count), take the most frequent pair "
    "(ties: alphabetically first), record it and join it everywhere, left to right."
)
register(
    Exercise(
        "7.1",
        "bpe_merges",
        bpe_merges,
        _bpe_cases,
        points=3,
        hint=_BPE_HINT,
        diagnose=_diagnose_bpe,
        compare=_compare_bpe,
    )
)
