"""Known realistic mistakes of notebook one_hot's exercises: wrong answers a learner writes.

Each entry of :data:`WRONG` is ``(exercise key, wrong function, phrase)``: the phrase its check
must answer with, true for that mistake. The exercise's record
(:attr:`helpers.exercises.registry.Exercise.mistakes`) reads them from here; the exercise
tests, the teacher guide and the graded edition read the record.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

# ---- 1.2 token_ids ------------------------------------------------------------------------


def ids_right(tokens, min_count):  # type: ignore[no-untyped-def]
    counts: dict[str, int] = {}
    for t in tokens:
        counts[t] = counts.get(t, 0) + 1
    kept = sorted((w for w in counts if counts[w] >= min_count), key=lambda w: (-counts[w], w))
    index = {w: i + 1 for i, w in enumerate(kept)}
    return np.array([index.get(t, 0) for t in tokens])


def ids_most_common(tokens, min_count):  # type: ignore[no-untyped-def]
    kept = [w for w, c in Counter(tokens).most_common() if c >= min_count]  # ties: first seen
    index = {w: i + 1 for i, w in enumerate(kept)}
    return np.array([index.get(t, 0) for t in tokens])


def ids_without_unk(tokens, min_count):  # type: ignore[no-untyped-def]
    counts = Counter(tokens)
    kept = sorted((w for w in counts if counts[w] >= min_count), key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(kept)}
    return np.array([index.get(t, -1) for t in tokens])


def ids_strict_min_count(tokens, min_count):  # type: ignore[no-untyped-def]
    counts = Counter(tokens)
    kept = sorted((w for w in counts if counts[w] > min_count), key=lambda w: (-counts[w], w))
    index = {w: i + 1 for i, w in enumerate(kept)}
    return np.array([index.get(t, 0) for t in tokens])


def ids_rarest_first(tokens, min_count):  # type: ignore[no-untyped-def]
    counts = Counter(tokens)
    kept = sorted((w for w in counts if counts[w] >= min_count), key=lambda w: (counts[w], w))
    index = {w: i + 1 for i, w in enumerate(kept)}
    return np.array([index.get(t, 0) for t in tokens])


def ids_dropped_at_the_end(tokens, min_count):  # type: ignore[no-untyped-def]
    counts = Counter(tokens)
    kept = sorted((w for w in counts if counts[w] >= min_count), key=lambda w: (-counts[w], w))
    words = ["<unk>", *kept]
    index = {w: i for i, w in enumerate(words)}
    return np.array([index.get(t, len(words)) for t in tokens])


# ---- 1.3 one_hot --------------------------------------------------------------------------


def one_hot_right(ids, vocab_size):  # type: ignore[no-untyped-def]
    return np.eye(vocab_size)[ids]


def one_hot_transposed(ids, vocab_size):  # type: ignore[no-untyped-def]
    matrix = np.zeros((vocab_size, len(ids)))
    matrix[ids, np.arange(len(ids))] = 1.0
    return matrix


def one_hot_width_from_ids(ids, vocab_size):  # type: ignore[no-untyped-def]
    matrix = np.zeros((len(ids), max(ids) + 1))
    matrix[np.arange(len(ids)), ids] = 1.0
    return matrix


def one_hot_whole_columns(ids, vocab_size):  # type: ignore[no-untyped-def]
    matrix = np.zeros((len(ids), vocab_size))
    matrix[:, ids] = 1.0
    return matrix


def one_hot_shifted(ids, vocab_size):  # type: ignore[no-untyped-def]
    matrix = np.zeros((len(ids), vocab_size))
    for r, i in enumerate(ids):
        matrix[r, i - 1] = 1.0  # "the first word is number 1"
    return matrix


def one_hot_extra_column(ids, vocab_size):  # type: ignore[no-untyped-def]
    matrix = np.zeros((len(ids), vocab_size + 1))
    matrix[np.arange(len(ids)), ids] = 1.0
    return matrix


# ---- 1.4 one_hot_bytes --------------------------------------------------------------------


def bytes_right(n_tokens, vocab_size):  # type: ignore[no-untyped-def]
    values, columns, row_pointers = 8 * n_tokens, 4 * n_tokens, 4 * (n_tokens + 1)
    return 8 * n_tokens * vocab_size, values + columns + row_pointers


def bytes_no_extra_pointer(n_tokens, vocab_size):  # type: ignore[no-untyped-def]
    return n_tokens * vocab_size * 8, n_tokens * (8 + 4 + 4)


def bytes_float32(n_tokens, vocab_size):  # type: ignore[no-untyped-def]
    return n_tokens * vocab_size * 4, n_tokens * (4 + 4) + (n_tokens + 1) * 4


def bytes_int64_indices(n_tokens, vocab_size):  # type: ignore[no-untyped-def]
    return n_tokens * vocab_size * 8, n_tokens * (8 + 8) + (n_tokens + 1) * 8


def bytes_pointer_per_word(n_tokens, vocab_size):  # type: ignore[no-untyped-def]
    return n_tokens * vocab_size * 8, n_tokens * (8 + 4) + (vocab_size + 1) * 4


def bytes_swapped(n_tokens, vocab_size):  # type: ignore[no-untyped-def]
    return n_tokens * (8 + 4) + (n_tokens + 1) * 4, n_tokens * vocab_size * 8


def bytes_no_values(n_tokens, vocab_size):  # type: ignore[no-untyped-def]
    return n_tokens * vocab_size * 8, n_tokens * 4 + (n_tokens + 1) * 4


# ---- 1.5 cosine_matrix --------------------------------------------------------------------


def cosine_right(vectors):  # type: ignore[no-untyped-def]
    n = len(vectors)
    out = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            u, v = vectors[i], vectors[j]
            out[i, j] = u @ v / np.sqrt((u @ u) * (v @ v))
    return out


def cosine_not_normalised(vectors):  # type: ignore[no-untyped-def]
    return vectors @ vectors.T


def cosine_columns_normalised(vectors):  # type: ignore[no-untyped-def]
    unit = vectors / np.linalg.norm(vectors, axis=0, keepdims=True)
    return unit @ unit.T


def cosine_transposed_product(vectors):  # type: ignore[no-untyped-def]
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return unit.T @ unit


def cosine_distance(vectors):  # type: ignore[no-untyped-def]
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return 1 - unit @ unit.T


def cosine_one_norm_squared(vectors):  # type: ignore[no-untyped-def]
    return vectors @ vectors.T / np.linalg.norm(vectors, axis=1, keepdims=True) ** 2


# ---- 1.1 tokenize -------------------------------------------------------------------------


def tokenize_loop(text):  # type: ignore[no-untyped-def]
    """Character by character, as the notebook's solution does."""
    text = text.lower().replace("’", "'")
    tokens, word = [], ""
    for i, char in enumerate(text):
        inner = char == "'" and word and i + 1 < len(text) and text[i + 1].isalnum()
        if char.isalnum() or inner:
            word += char
        elif word:
            tokens.append(word)
            word = ""
    return [*tokens, word] if word else tokens


def tokenize_regex(text):  # type: ignore[no-untyped-def]
    return re.findall(r"[^\W_]+(?:'[^\W_]+)*", text.replace("’", "'").lower())


def tokenize_no_lower(text):  # type: ignore[no-untyped-def]
    return re.findall(r"[^\W_]+(?:'[^\W_]+)*", text.replace("’", "'"))


def tokenize_split(text):  # type: ignore[no-untyped-def]
    return text.lower().split()


def tokenize_letters_only(text):  # type: ignore[no-untyped-def]
    return re.findall(r"[a-zà-ÿ]+(?:'[a-zà-ÿ]+)*", text.replace("’", "'").lower())


def tokenize_apostrophes_split(text):  # type: ignore[no-untyped-def]
    return re.findall(r"[^\W_]+", text.replace("’", "'").lower())


def tokenize_straight_only(text):  # type: ignore[no-untyped-def]
    return re.findall(r"[^\W_]+(?:'[^\W_]+)*", text.lower())


def tokenize_word_or_apostrophe(text):  # type: ignore[no-untyped-def]
    return re.findall(r"[\w']+", text.replace("’", "'").lower())


def tokenize_with_underscore(text):  # type: ignore[no-untyped-def]
    return re.findall(r"\w+(?:'\w+)*", text.replace("’", "'").lower())


WRONG = [
    ("1.1", tokenize_no_lower, "Lower-case the text first"),
    ("1.1", tokenize_split, "punctuation stuck to the words"),
    ("1.1", str.split, "punctuation stuck to the words"),
    ("1.1", tokenize_letters_only, "Digits are word characters too"),
    ("1.1", tokenize_apostrophes_split, "stays inside the word"),
    ("1.1", tokenize_straight_only, "The curly apostrophe"),
    ("1.1", tokenize_word_or_apostrophe, "BETWEEN two letters or digits"),
    ("1.1", tokenize_with_underscore, "The underscore separates words"),
    ("1.2", ids_most_common, "alphabetical order"),
    ("1.2", ids_without_unk, "Id 0 is reserved for <unk>"),
    ("1.2", ids_strict_min_count, "at least min_count times"),
    ("1.2", ids_rarest_first, "The most frequent word comes first"),
    ("1.2", ids_dropped_at_the_end, "becomes <unk>, id 0"),
    ("1.3", one_hot_transposed, "Rows and columns are swapped"),
    ("1.3", one_hot_width_from_ids, "not largest id + 1"),
    ("1.3", one_hot_whole_columns, "exactly one 1.0"),
    ("1.3", one_hot_shifted, "one column to the left"),
    ("1.3", one_hot_extra_column, "Ids start at 0"),
    ("1.4", bytes_no_extra_pointer, "one row pointer more than there are rows"),
    ("1.4", bytes_float32, "8 bytes, not 4"),
    ("1.4", bytes_int64_indices, "are int32"),
    ("1.4", bytes_pointer_per_word, "not one per vocabulary word"),
    ("1.4", bytes_swapped, "swapped"),
    ("1.4", bytes_no_values, "stores each value"),
    ("1.5", cosine_not_normalised, "Those are dot products"),
    ("1.5", cosine_columns_normalised, "divide every row by its own length"),
    ("1.5", cosine_transposed_product, "rows × rows"),
    ("1.5", cosine_distance, "cosine distance"),
    ("1.5", cosine_one_norm_squared, "BOTH vectors"),
]


# ---- found by the adversarial review (issue 22 §2) --------------------------------------------


def tokenize_tuple(text):  # type: ignore[no-untyped-def]
    """Returns a tuple of tokens instead of a list."""
    return tuple(tokenize_loop(text))


def ids_list(tokens, min_count):  # type: ignore[no-untyped-def]
    """Returns a Python list of ids instead of a NumPy array."""
    return ids_right(tokens, min_count).tolist()


def ids_float(tokens, min_count):  # type: ignore[no-untyped-def]
    """Fills an `np.zeros(n)` array, so the ids are floats (they cannot index a matrix)."""
    ids = np.zeros(len(tokens))
    ids[:] = ids_right(tokens, min_count)
    return ids


def bytes_list(n_tokens, vocab_size):  # type: ignore[no-untyped-def]
    """Returns a list `[dense, sparse]` instead of the pair `(dense, sparse)`."""
    return list(bytes_right(n_tokens, vocab_size))


def bytes_float(n_tokens, vocab_size):  # type: ignore[no-untyped-def]
    """Computes the byte counts with float arithmetic (`/`), so they come back as floats."""
    dense, sparse = bytes_right(n_tokens, vocab_size)
    return dense / 1, sparse / 1


def cosine_rounded(vectors):  # type: ignore[no-untyped-def]
    """Rounds the cosines to 4 decimals, like the printed example."""
    return np.round(cosine_right(vectors), 4)


WRONG += [
    ("1.1", tokenize_tuple, "expected a list, got a tuple"),
    ("1.2", ids_list, "return a NumPy array"),
    ("1.2", ids_float, "expected an integer array"),
    ("1.4", bytes_list, "expected a tuple, got a list"),
    ("1.4", bytes_float, "expected an integer, got the float"),
    ("1.5", cosine_rounded, "rounded to 4 decimals"),
]
