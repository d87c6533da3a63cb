"""Exercises of notebook 07 (embeddings in LLMs): cases, references and diagnoses (keys "7.x").

* 7.1 ``bpe_merges``: the merges byte-pair encoding learns from word counts (reference
  :func:`bpe_merges` here: the course has no BPE trainer of its own);
* 7.2 ``embed_one_hot``: the embedding layer as one-hot vectors times ``E`` (the reference is the
  lookup :func:`helpers.llm.tokens.embedding_lookup`, ``E[ids]``: the two must agree);
* 7.3 ``causal_attention_weights``: scaled dot-product weights with ``Q = K = X`` and a causal mask
  (reference :func:`helpers.llm.attention.self_attention` with ``causal=True``);
* 7.4 ``mean_pool_batch``: mean pooling of a padded batch, padding left out
  (reference :func:`helpers.llm.attention.mean_pool_batch`);
* 7.5 ``cosine_search``: the ``k`` rows with the highest cosine to a query, best first, ties by row
  (reference :func:`helpers.llm.semantic_search.search`).

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
from helpers.llm.semantic_search import search
from helpers.llm.tokens import embedding_lookup

__all__ = [
    "bpe_merges",
    "bpe_segment",
    "causal_attention_weights",
    "cosine_search",
    "embed_one_hot",
    "mean_pool_batch",
]

SEED = 701
"""The seed of every case in this module (independent of the notebook's generator)."""


# --------------------------------------------------------------------------------------------
# References


def embed_one_hot(E: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """``one_hot(ids) @ E``, which is the row lookup ``E[ids]`` (exercise 7.2)."""
    return embedding_lookup(E, ids)


def causal_attention_weights(X: np.ndarray) -> np.ndarray:
    """softmax(X Xᵀ / √d) with the scores of later positions masked (exercise 7.3)."""
    return self_attention(X, causal=True).weights


def cosine_search(query: np.ndarray, vectors: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The ``k`` (row, cosine) pairs of ``vectors`` closest to ``query``, best first (7.5)."""
    return search(query, vectors, k)


# --------------------------------------------------------------------------------------------
# Cases


def _one_hot_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED)
    small = np.arange(20, dtype=np.float32).reshape(5, 4)
    table = rng.normal(size=(9, 3))
    return [
        (small, np.array([2, 0, 2])),  # a repeated id, and id 0
        (small, np.array([4])),  # the last row
        (table, rng.permutation(9)[:6]),
        (table, np.array([8, 8, 1, 0, 5, 8, 3])),
    ]


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


def _search_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 3)
    ties = np.array([[1.0, 1.0], [3.0, -1.0], [2.0, 2.0], [0.0, 1.0], [0.5, 0.5]])
    long_rows = rng.normal(size=(8, 4))
    long_rows[[1, 5]] *= 10.0  # two long rows that a dot product would put first
    return [
        (np.array([2.0, 0.0]), np.array([[1.0, 0.0], [5.0, 5.0], [0.0, 0.5]]), 2),
        # rows 0, 2 and 4 tie exactly (copies scaled by powers of 2)
        (np.array([1.0, 1.0]), ties, 4),
        (rng.normal(size=4) * 3.0, long_rows, 3),
        (rng.normal(size=4), long_rows, 8),  # every row
        (rng.normal(size=4), long_rows, 1),
        # 40 rows in 4 directions: ties that only an unstable sort of more than 16 rows breaks
        (np.array([1.0, 0.0]), _DIRECTIONS[rng.integers(0, 4, size=40)], 25),
    ]


_DIRECTIONS = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8], [0.8, 0.6]])


# --------------------------------------------------------------------------------------------
# Diagnoses: recognise the usual mistakes by recomputing them


def _close(got: Any, value: Any) -> bool:
    return close(got, value, same_shape=True)


def _diagnose_one_hot(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    E, ids = args
    if np.shape(got) == (len(ids), E.shape[0]):
        return "That is the one-hot matrix itself: multiply it by E to get the rows."
    if _close(got, expected.T):
        return "The result is transposed: one row per token id, d columns."
    every_id = np.zeros((len(ids), E.shape[0]))
    every_id[:, ids] = 1  # the fancy-indexing slip: all the ids in every row
    if _close(got, every_id @ E):
        return (
            "Each row of the one-hot matrix has a single 1, in column ids[i] of row i; yours "
            "puts every id into every row (index rows and columns together)."
        )
    if _close(got, E[ids - 1]):
        return "Off by one: token id i is row i of E, counting from 0."
    if _close(got, E[np.unique(ids)]) or _close(got, E[np.sort(ids)]):
        return (
            "One output row per position, in the order of ids: a repeated id gives its row again."
        )
    return None


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


def _diagnose_search(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    query, vectors, k = args
    if not isinstance(got, list | tuple):
        return "Return a list of (row, cosine) pairs, best first."
    if len(got) != k:
        return f"Return exactly k = {k} pairs, the best first."
    if not all(isinstance(pair, tuple | list) and len(pair) == 2 for pair in got):
        return "Each item is a pair (row, cosine), e.g. (3, 0.87)."
    rows = [int(pair[0]) for pair in got]
    scores = np.array([float(pair[1]) for pair in got])
    cosines = (vectors @ query) / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(query))
    want = [row for row, _ in expected]
    if rows == list(np.argsort(-(vectors @ query), kind="stable")[:k]) and rows != want:
        return (
            "That ranks by dot product, which favours long rows: divide by both lengths to "
            "rank by cosine."
        )
    if rows == list(np.argsort(cosines, kind="stable")[:k]) and rows != want:
        return "That is the k lowest cosines: sort from the highest down."
    if sorted(rows) == sorted(want) and rows != want:
        if np.allclose(scores, [s for _, s in expected]):
            return "Equal cosines must come in row order (lower row first): use a stable sort."
        return "Give the pairs best first: from the highest cosine down."
    if rows == want and _close(scores, cosines[rows] * np.linalg.norm(query)):
        return "The query must have length 1 too: the scores are cosines, at most 1."
    if rows == want and _close(scores, cosines[rows] * np.linalg.norm(vectors[rows], axis=1)):
        return "Divide by the rows' lengths too: the scores are cosines, at most 1."
    return None


register(
    Exercise(
        "7.2",
        "embed_one_hot",
        embed_one_hot,
        _one_hot_cases,
        points=1,
        hint="Row i of the one-hot matrix is all zeros except a 1 in column ids[i]; the matrix "
        "has one column per row of E, and multiplying it by E picks those rows.",
        diagnose=_diagnose_one_hot,
    )
)
register(
    Exercise(
        "7.3",
        "causal_attention_weights",
        causal_attention_weights,
        _attention_cases,
        points=3,
        hint="Scaled dot-product scores of every pair of tokens, scores of later positions "
        "masked to -inf, then a stable softmax of each row.",
        diagnose=_diagnose_attention,
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
register(
    Exercise(
        "7.5",
        "cosine_search",
        cosine_search,
        _search_cases,
        points=2,
        hint="Cosine of the query with every row (dot product over both lengths), then the k "
        "highest, best first; equal cosines in row order.",
        diagnose=_diagnose_search,
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
