"""Exercises of notebook 01 (one-hot vectors): cases, references and diagnoses (keys "1.x").

The learner writes the course's tokeniser (1.1, :func:`helpers.text.tokenize`), builds a
vocabulary and encodes tokens with it (1.2), one-hot vectors (1.3), the memory formulas of dense
and sparse one-hot matrices (1.4) and the cosine-similarity matrix (1.5). Every case is built from
this module's own seeded generator, so checking changes no other random number in the notebook.

Examples
--------
>>> token_ids("b a c a b d".split(), min_count=1).tolist()  # a, b: 2 each (ties alphabetically)
[2, 1, 3, 1, 2, 4]
>>> one_hot_bytes(5, 10_000)
(400000, 84)
>>> tokenize("Don't panic: it's 1066!")
["don't", 'panic', "it's", '1066']
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np

from helpers.exercises.checks import close
from helpers.exercises.registry import Exercise, register
from helpers.text.corpus import tokenize
from helpers.text.onehot import one_hot
from helpers.text.vocab import Vocabulary
from helpers.vectors.similarity import unit_rows

__all__ = ["cosine_matrix", "one_hot", "one_hot_bytes", "token_ids", "tokenize"]

SEED = 101
"""The seed of every case in this module (independent of the notebook's generator)."""


# --------------------------------------------------------------------------------------------
# References


def token_ids(tokens: list[str], min_count: int) -> np.ndarray:
    """The id of every token in the vocabulary built from ``tokens`` (exercise 1.2).

    The vocabulary is :meth:`helpers.text.Vocabulary.build`'s: ``<unk>`` is id 0, then the words
    seen at least ``min_count`` times, most frequent first, equal counts alphabetically; a word
    left out gets id 0.
    """
    return Vocabulary.build(tokens, min_count=min_count).encode(tokens, unknown="unk")


def one_hot_bytes(n_tokens: int, vocab_size: int) -> tuple[int, int]:
    """``(dense, sparse)``: bytes of ``n_tokens`` one-hot rows over ``vocab_size`` words (1.4).

    Dense: ``n_tokens × vocab_size`` float64 numbers. Sparse (CSR): per row one float64 value
    and one int32 column index, plus ``n_tokens + 1`` int32 row pointers.
    """
    return n_tokens * vocab_size * 8, n_tokens * (8 + 4) + (n_tokens + 1) * 4


def cosine_matrix(vectors: np.ndarray) -> np.ndarray:
    """The cosine similarity of every pair of rows of ``vectors`` (exercise 1.5).

    Scale every row to length 1; then one matrix product gives every dot product.
    """
    unit = unit_rows(vectors)
    return unit @ unit.T


# --------------------------------------------------------------------------------------------
# Cases


def _vocabulary_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED)
    words = ["the", "cat", "sat", "on", "a", "mat", "dog", "ran", "to", "it"]
    weights = 1.0 / np.arange(1, len(words) + 1)  # Zipf-like: a few frequent words, many rare
    drawn = rng.choice(len(words), size=40, p=weights / weights.sum())
    return [
        ("b a c a b d".split(), 1),  # a and b tie, c and d tie; nothing is dropped
        ("to be or not to be that is the question".split(), 2),  # exactly 2 is kept
        ([words[i] for i in drawn], 3),
        ("zebra yak zebra ant yak ant bee ant".split(), 2),
    ]


def _one_hot_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 1)
    return [
        (np.array([2, 0, 1]), 4),  # the largest id is not the last column
        (np.array([3, 3]), 5),  # a repeated id
        (np.array([0]), 1),
        (rng.integers(0, 10, size=6), 10),
    ]


def _bytes_cases() -> list[tuple[Any, ...]]:
    return [(5, 10_000), (1, 1), (3, 2), (0, 7), (446_678, 400_000)]


def _cosine_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 2)
    lengths = np.array([[0.5], [3.0], [1.0]])
    return [
        (np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 2.0]]),),  # unequal norms, 3 rows × 2 columns
        (rng.normal(size=(3, 3)) * lengths,),  # square: rows and columns are easy to mix up
        (rng.normal(size=(5, 4)) * rng.uniform(0.2, 4.0, size=(5, 1)),),  # negative cosines too
        (one_hot([3, 1, 0], 4),),
    ]


# --------------------------------------------------------------------------------------------
# Diagnoses: recognise the usual mistakes by recomputing them


def _close(got: Any, value: Any) -> bool:
    return close(got, value, same_shape=True)


def _ids_variant(
    tokens: list[str],
    min_count: int,
    *,
    ties: str = "alphabetical",
    strict: bool = False,
    unk: bool = True,
    ascending: bool = False,
    dropped: int | None = 0,
) -> np.ndarray:
    """The vocabulary ids with one of the usual mistakes switched on (for the diagnoses)."""
    counts = Counter(tokens)  # remembers the order of first appearance
    kept = [w for w, c in counts.items() if (c > min_count if strict else c >= min_count)]
    if ties == "alphabetical":
        kept.sort()
    sign = 1 if ascending else -1
    kept.sort(key=lambda w: sign * counts[w])  # stable: equal counts keep their order
    words = (["<unk>"] if unk else []) + kept
    index = {w: i for i, w in enumerate(words)}
    unknown = (0 if unk else -1) if dropped == 0 else len(words)
    return np.array([index.get(t, unknown) for t in tokens])


def _diagnose_vocabulary(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    tokens, min_count = args
    if np.shape(got) != np.shape(expected):
        return "Return one id per token, in the order of the tokens."
    mistakes: list[tuple[dict[str, Any], str]] = [
        (
            {"ties": "first seen"},
            "Words with equal counts go in alphabetical order, whatever "
            "order they first appear in.",
        ),
        ({"unk": False}, "Id 0 is reserved for <unk>: the most frequent word gets id 1."),
        (
            {"unk": False, "ties": "first seen"},
            "Id 0 is reserved for <unk>, and words with equal counts go in alphabetical order.",
        ),
        (
            {"strict": True},
            "Keep the words seen at least min_count times (a count equal to min_count is kept).",
        ),
        ({"ascending": True}, "The most frequent word comes first (id 1), the rarest last."),
        ({"dropped": None}, "A word left out of the vocabulary becomes <unk>, id 0."),
    ]
    for options, sentence in mistakes:
        if _close(got, _ids_variant(tokens, min_count, **options)):
            return sentence
    return None


def _diagnose_one_hot(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    ids, vocab_size = args
    got = np.asarray(got)
    if got.shape == expected.shape[::-1] and got.shape != expected.shape:
        return "Rows and columns are swapped: one ROW per id, one COLUMN per vocabulary word."
    if got.shape == (len(ids), int(np.max(ids)) + 1) and got.shape != expected.shape:
        return "There is one column per vocabulary word (vocab_size), not largest id + 1."
    if got.shape == (len(ids), vocab_size + 1):
        return "Ids start at 0, so vocab_size columns hold ids 0 to vocab_size − 1."
    if got.shape == expected.shape:
        ones = np.asarray(got, dtype=float).sum(axis=1)
        if not np.allclose(ones, 1.0):
            return "Each row must contain exactly one 1.0: row r has it in column ids[r] only."
        shifted = np.zeros_like(expected)
        shifted[np.arange(len(ids)), (np.asarray(ids) - 1) % vocab_size] = 1.0
        if _close(got, shifted):
            return "The 1 is one column to the left: id i goes in column i (ids start at 0)."
    return None


def _diagnose_bytes(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    n, v = args
    if not isinstance(got, tuple | list) or len(got) != 2:
        return "Return two numbers: (dense bytes, sparse bytes)."
    dense, sparse = got
    if (dense, sparse) == (expected[1], expected[0]) and expected[0] != expected[1]:
        return "The two numbers are swapped: (dense, sparse)."
    if dense == n * v * 4:
        return "A float64 number takes 8 bytes, not 4."
    if dense != expected[0]:
        return "Dense storage keeps every entry: n_tokens × vocab_size numbers of 8 bytes."
    if sparse == n * (8 + 4 + 4):
        return "CSR keeps one row pointer more than there are rows: n_tokens + 1 of them."
    if sparse == n * (8 + 4):
        return "CSR also keeps row pointers (where each row starts): n_tokens + 1 of them."
    if sparse in (n * (8 + 8) + (n + 1) * 8, n * (8 + 8) + (n + 1) * 4):
        return "The column indices and row pointers are int32: 4 bytes each."
    if sparse == n * 4 + (n + 1) * 4:
        return "CSR stores each value (the 1.0, 8 bytes) as well as its column index."
    if sparse == n * (8 + 4) + (v + 1) * 4:
        return "CSR has one row pointer per row (and one more), not one per vocabulary word."
    return None


def _diagnose_cosine(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    (x,) = args
    got = np.asarray(got, dtype=float)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    columns = x / np.linalg.norm(x, axis=0, keepdims=True)
    if _close(got, 1.0 - expected):
        return "That is the cosine distance, 1 − cosine; the similarity is the cosine itself."
    if _close(got, x @ x.T):
        return "Those are dot products: divide each by the lengths of both vectors."
    if _close(got, x @ x.T / norms**2) or _close(got, x @ x.T / norms.T**2):
        return "Divide by the lengths of BOTH vectors, |u| |v|, not by one of them squared."
    if _close(got, columns @ columns.T):
        return "Each ROW is a vector: divide every row by its own length (axis=1)."
    unit = x / norms
    if _close(got, unit.T @ unit) or got.shape == (x.shape[1], x.shape[1]) != expected.shape:
        return "The result is rows × rows: compare the vectors (rows), i.e. unit @ unit.T."
    if got.shape == expected.shape and not np.allclose(np.diag(got), 1.0):
        return "Every vector has cosine 1 with itself: the diagonal must be 1."
    return None


register(
    Exercise(
        "1.2",
        "token_ids",
        token_ids,
        _vocabulary_cases,
        solved_by=(vars(Vocabulary)["build"].__func__, Vocabulary.encode),  # build: a classmethod
        points=3,
        hint="Count every word, keep those seen at least min_count times, order them by "
        "descending count (equal counts alphabetically) after <unk> at id 0, and look each "
        "token up (a word left out is <unk>).",
        diagnose=_diagnose_vocabulary,
    )
)
register(
    Exercise(
        "1.3",
        "one_hot",
        one_hot,
        _one_hot_cases,
        points=1,
        hint="A (len(ids), vocab_size) array of zeros with a 1.0 at row r, column ids[r], for "
        "every row r.",
        diagnose=_diagnose_one_hot,
    )
)
register(
    Exercise(
        "1.4",
        "one_hot_bytes",
        one_hot_bytes,
        _bytes_cases,
        points=1,
        hint="Dense: every entry, 8 bytes each. CSR: per row one value (8 bytes) and one "
        "column index (4 bytes), plus one row pointer (4 bytes) per row and one more.",
        diagnose=_diagnose_bytes,
    )
)
register(
    Exercise(
        "1.5",
        "cosine_matrix",
        cosine_matrix,
        _cosine_cases,
        points=2,
        hint="cos(u, v) = u·v / (|u| |v|): scale every row to length 1, then take all the dot "
        "products of rows with rows.",
        diagnose=_diagnose_cosine,
    )
)


# --------------------------------------------------------------------------------------------
# 1.1 tokenize: the reference is helpers.text.tokenize (lower-case; runs of letters and digits,
# an apostrophe between two of them kept inside the word, ’ read as ')

_PIECES = [
    "The", "King's", "speech", "in", "1066", "don't", "PANIC", "rock'n'roll", "’tis",
    "dogs'", "e-mail", "well-known", "3.14", "naïve", "Café", "snake_case", "R2D2", "O’Neill",
    "isn’t", "50%", "(yes)", "WHO?", "co-op", "'quoted'", "it's", "A", "x1",
]  # fmt: skip
_GLUE = [" ", " ", " ", ", ", "; ", ": ", "! ", "? ", " — ", "\n", "  ", "... "]


def _tokenize_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 3)
    drawn = []
    for length in (8, 12):
        pieces = rng.choice(len(_PIECES), size=length, replace=False)
        glue = rng.choice(len(_GLUE), size=length)
        drawn.append("".join(_PIECES[p] + _GLUE[g] for p, g in zip(pieces, glue, strict=True)))
    return [
        ("The King's well-known speech, in 1066: don't panic!",),
        ("Rock'n'roll isn’t dead; ’tis the dogs' e-mail (R2D2 at 3.14).",),
        ("",),
        ("snake_case and __init__ and 'quoted' words",),
        *[(text.strip(),) for text in drawn],
    ]


_WORD = r"[^\W_]+"


def _pattern_variant(
    text: str, pattern: str, *, lower: bool = True, curly: bool = True
) -> list[str]:
    if curly:
        text = text.replace("’", "'")
    return re.findall(pattern, text.lower() if lower else text)


def _diagnose_tokenize(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    (text,) = args
    if not isinstance(got, list) or not all(isinstance(t, str) for t in got):
        return "Return a list of strings, one per token, in the order of the text."
    full = _WORD + r"(?:'" + _WORD + r")*"
    mistakes: list[tuple[list[str], str]] = [
        (
            _pattern_variant(text, full, lower=False),
            "Lower-case the text first: The and the must be one word.",
        ),
        (
            text.split(),
            "Splitting at spaces leaves punctuation stuck to the words (panic!): a token is "
            "a run of letters and digits only.",
        ),
        (
            text.lower().split(),
            "Splitting at spaces leaves punctuation stuck to the words (panic!): a token is "
            "a run of letters and digits only.",
        ),
        (
            _pattern_variant(text, r"[^\W\d_]+(?:'[^\W\d_]+)*"),
            "Digits are word characters too: 1066 and R2D2 are tokens.",
        ),
        (
            _pattern_variant(text, _WORD),
            "An apostrophe between two letters stays inside the word: don't and king's are one "
            "token each.",
        ),
        (
            _pattern_variant(text, full, curly=False),
            "The curly apostrophe ’ counts as a straight one ': isn’t is the token isn't.",
        ),
        (
            _pattern_variant(text, r"[\w']+"),
            "An apostrophe keeps a word together only BETWEEN two letters or digits; at the "
            "start or end of a word ('tis, dogs') it is punctuation, and so is the underscore.",
        ),
        (
            _pattern_variant(text, r"[^\W_]+(?:'[^\W_]+)*|'"),
            "An apostrophe that is not between two letters or digits is punctuation: drop it.",
        ),
        (
            _pattern_variant(text, r"\w+(?:'\w+)*"),
            "The underscore separates words (snake_case is snake and case).",
        ),
    ]
    for variant, sentence in mistakes:
        if got == variant and variant != expected:
            return sentence
    if [t for t in got if t] == expected:
        return "No empty strings: keep only the runs of letters and digits."
    return None


register(
    Exercise(
        "1.1",
        "tokenize",
        tokenize,
        _tokenize_cases,
        points=2,
        hint="Lower-case the text (reading ’ as '), then keep every run of letters and digits; "
        "an apostrophe between two letters or digits stays inside the word, every other "
        "character separates words.",
        diagnose=_diagnose_tokenize,
    )
)
