"""Argument checks shared by every helper: bad input answers with one clear sentence.

A learner who passes the wrong thing to a helper should read *what was wrong and what to do*,
not a traceback from deep inside NumPy. Every helper checks its arguments with these few
functions, so the same mistake always gets the same sentence. The one error for a word that is not
in a vocabulary, :class:`UnknownWordError`, lives here too, with its spelling suggestions.

Examples
--------
>>> positive_int(5, "k")
5
>>> positive_int(0, "k")
Traceback (most recent call last):
...
ValueError: k must be a positive whole number, got 0.
"""

from __future__ import annotations

import difflib
import math
import sys
from collections.abc import Sequence
from typing import SupportsIndex, TypeVar

import numpy as np

__all__ = [
    "UnknownWordError",
    "WordList",
    "check_size",
    "close_matches",
    "finite_float",
    "non_negative_int",
    "one_of",
    "positive_float",
    "positive_int",
    "real_matrix",
    "real_vector",
    "token_list",
    "word_index",
]

T = TypeVar("T")

#: Suggestions for an unknown word are searched among this many most frequent words.
COMMON_WORDS = 50_000

#: Largest array (in bytes) a helper will allocate before refusing with one sentence.
MAX_BYTES = 4 * 1024**3


def _type_name(value: object) -> str:
    return "None" if value is None else type(value).__name__


def _is_int(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)


def positive_int(value: object, name: str) -> int:
    """``value`` as an ``int`` if it is a whole number ≥ 1, else one clear error.

    Examples
    --------
    >>> positive_int(np.int64(3), "d")
    3
    """
    if not _is_int(value):
        raise TypeError(f"{name} must be a whole number, got {_type_name(value)} {value!r}.")
    if int(value) < 1:  # type: ignore[call-overload]
        raise ValueError(f"{name} must be a positive whole number, got {value}.")
    return int(value)  # type: ignore[call-overload]


def non_negative_int(value: object, name: str) -> int:
    """``value`` as an ``int`` if it is a whole number ≥ 0, else one clear error.

    Examples
    --------
    >>> non_negative_int(0, "min_count")
    0
    """
    if not _is_int(value):
        raise TypeError(f"{name} must be a whole number, got {_type_name(value)} {value!r}.")
    if int(value) < 0:  # type: ignore[call-overload]
        raise ValueError(f"{name} must be 0 or more, got {value}.")
    return int(value)  # type: ignore[call-overload]


def finite_float(value: object, name: str) -> float:
    """``value`` as a ``float`` if it is a finite real number, else one clear error.

    Examples
    --------
    >>> finite_float(0.5, "p")
    0.5
    >>> finite_float(float("nan"), "p")
    Traceback (most recent call last):
    ...
    ValueError: p must be a finite number, got nan.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(
        value, int | float | np.integer | np.floating
    ):
        raise TypeError(f"{name} must be a number, got {_type_name(value)} {value!r}.")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number}.")
    return number


def positive_float(value: object, name: str) -> float:
    """``value`` as a ``float`` if it is finite and > 0, else one clear error.

    Examples
    --------
    >>> positive_float(0.025, "lr")
    0.025
    >>> positive_float(-1, "lr")
    Traceback (most recent call last):
    ...
    ValueError: lr must be greater than 0, got -1.0.
    """
    number = finite_float(value, name)
    if number <= 0:
        raise ValueError(f"{name} must be greater than 0, got {number}.")
    return number


def real_vector(value: object, name: str, length: int | None = None) -> np.ndarray:
    """``value`` as a finite 1-D float array (optionally of a given length), else one clear error.

    Examples
    --------
    >>> real_vector([3, 4], "v")
    array([3., 4.])
    >>> real_vector([[1, 2]], "v")
    Traceback (most recent call last):
    ...
    ValueError: v must be a 1-D vector, got an array of shape (1, 2).
    """
    array = _real_array(value, name)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D vector, got an array of shape {array.shape}.")
    if length is not None and array.shape[0] != length:
        raise ValueError(f"{name} must have {length} entries, got {array.shape[0]}.")
    _require_finite(array, name)
    return array


def real_matrix(
    value: object, name: str, *, rows: int | None = None, cols: int | None = None
) -> np.ndarray:
    """``value`` as a finite 2-D float array (optionally of a given shape), else one clear error.

    Examples
    --------
    >>> real_matrix([[1, 2], [3, 4]], "W").shape
    (2, 2)
    >>> real_matrix([1, 2], "W")
    Traceback (most recent call last):
    ...
    ValueError: W must be a 2-D matrix, got an array of shape (2,).
    """
    array = _real_array(value, name)
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D matrix, got an array of shape {array.shape}.")
    for axis, want, what in ((0, rows, "rows"), (1, cols, "columns")):
        if want is not None and array.shape[axis] != want:
            raise ValueError(f"{name} must have {want} {what}, got shape {array.shape}.")
    _require_finite(array, name)
    return array


def _real_array(value: object, name: str) -> np.ndarray:
    if value is None:
        raise TypeError(f"{name} must be an array of numbers, got None.")
    array = value if isinstance(value, np.ndarray) else np.asarray(value)
    if array.dtype == bool or not (
        np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)
    ):
        raise TypeError(f"{name} must hold real numbers, got an array of dtype {array.dtype}.")
    if np.issubdtype(array.dtype, np.integer):
        array = array.astype(np.float64)
    return array


def _require_finite(array: np.ndarray, name: str) -> None:
    if array.size and not np.isfinite(array).all():
        bad = int((~np.isfinite(array)).sum())
        raise ValueError(f"{name} must be finite, but {bad} of its entries are NaN or infinite.")


def check_size(n_items: int, item_bytes: int, what: str) -> None:
    """Refuse, before allocating, an array of ``n_items × item_bytes`` larger than ``MAX_BYTES``.

    Examples
    --------
    >>> check_size(10**12, 4, "the toy-world corpus")
    Traceback (most recent call last):
    ...
    MemoryError: the toy-world corpus would need 4.0 TB of memory (more than the 4.3 GB limit): ask for less.
    """
    needed = int(n_items) * int(item_bytes)
    if needed > MAX_BYTES:
        raise MemoryError(
            f"{what} would need {_bytes(needed)} of memory (more than the {_bytes(MAX_BYTES)} "
            "limit): ask for less."
        )


def _bytes(n: int) -> str:
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n / 1e3:.0f} kB"


def token_list(tokens: object, name: str = "tokens") -> list[str]:
    """``tokens`` as a list of strings, refusing a single string, ids, ``None`` or sentences.

    Examples
    --------
    >>> token_list(("the", "cat"))
    ['the', 'cat']
    >>> token_list("the cat")
    Traceback (most recent call last):
    ...
    TypeError: tokens must be a list of words, not one string: split it first, e.g. text.split().
    """
    if isinstance(tokens, str | bytes):
        raise TypeError(
            f"{name} must be a list of words, not one string: split it first, e.g. text.split()."
        )
    if tokens is None or not hasattr(tokens, "__iter__"):
        raise TypeError(f"{name} must be a list of words, got {_type_name(tokens)}.")
    words = list(tokens)
    for position, token in enumerate(words):
        if not isinstance(token, str):
            if isinstance(token, list | tuple):
                hint = "it looks like a list of sentences: flatten it or pass one sentence"
            elif _is_int(token):
                hint = "it looks like ids: pass the words, or decode the ids first"
            else:
                hint = "every token must be a string"
            shown = "None" if token is None else f"{_type_name(token)} {token!r}"
            raise TypeError(f"{name}[{position}] is {shown}, not a word: {hint}.")
    return words


def close_matches(word: str, words: Sequence[str], n: int = 3) -> list[str]:
    """The up to ``n`` entries of ``words`` that look most like ``word`` (spelling, not meaning).

    Only the ``COMMON_WORDS`` first (most frequent) entries are searched, to stay fast; the word
    in lower case comes first when it is in ``words`` (capitals are the commonest slip).

    Examples
    --------
    >>> close_matches("qeen", ["the", "queen", "king", "green"])
    ['queen']
    >>> close_matches("Of", ["the", "of", "king"])
    ['of']
    """
    word = str(word)
    common = list(words[:COMMON_WORDS])
    found = difflib.get_close_matches(word, common, n=n, cutoff=0.7)
    lower = word.lower()
    if lower != word and lower not in found and lower in words:
        found = [lower, *found][:n]
    return found


class UnknownWordError(KeyError):
    """A word is not in the vocabulary: the message names it and suggests close spellings.

    A subclass of :class:`KeyError` (so ``except KeyError`` still works).

    Attributes
    ----------
    word : str
        The word that was looked up.
    suggestions : tuple of str
        Up to three vocabulary words that look like it (best first), possibly empty.
    vocab_size : int or None
        Size of the vocabulary searched.

    Examples
    --------
    >>> print(UnknownWordError("kitten", ("kitchen", "mitten"), 400_000))
    'kitten' is not in the vocabulary (400 000 words); did you mean 'kitchen' or 'mitten'?
    """

    def __init__(
        self,
        word: str,
        suggestions: Sequence[str] = (),
        vocab_size: int | None = None,
        why: str = "",
    ):
        super().__init__(word)
        self.word = word
        self.suggestions = tuple(suggestions)
        self.vocab_size = vocab_size
        self.why = why

    @classmethod
    def for_word(cls, word: str, words: Sequence[str], why: str = "") -> UnknownWordError:
        """The error for ``word`` missing from ``words`` (most frequent first), with suggestions."""
        return cls(word, close_matches(word, words), len(words), why)

    def __str__(self) -> str:
        # KeyError's own __str__ would print repr(message), i.e. the sentence inside quotes.
        size = "" if self.vocab_size is None else f" ({self.vocab_size:,} words)".replace(",", " ")
        where = f"{size}{self.why}"
        if not self.suggestions:
            return (
                f"{self.word!r} is not in the vocabulary{where}, and no word in it looks similar "
                "(check the spelling and lower case)."
            )
        quoted = [repr(s) for s in self.suggestions]
        options = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
        return f"{self.word!r} is not in the vocabulary{where}; did you mean {options}?"


def word_index(word: object, words: Sequence[str], name: str = "word") -> int:
    """The position of ``word`` in ``words``, or one clear error naming what was wrong.

    A word that is not in ``words`` raises the course's :class:`UnknownWordError`, with close
    spellings; something that is not a string (an id, a list) raises a ``TypeError``.

    Examples
    --------
    >>> word_index("queen", ["king", "queen"])
    1
    >>> word_index("Queen", ["king", "queen"])
    Traceback (most recent call last):
    ...
    helpers.validate.UnknownWordError: 'Queen' is not in the vocabulary (2 words); did you mean 'queen'?
    >>> word_index(1, ["king", "queen"])
    Traceback (most recent call last):
    ...
    TypeError: word must be a string such as 'king', got int 1.
    """
    if not isinstance(word, str):
        example = f" such as {words[0]!r}" if len(words) else ""
        raise TypeError(f"{name} must be a string{example}, got {_type_name(word)} {word!r}.")
    try:
        return list.index(words, word) if isinstance(words, list) else list(words).index(word)
    except ValueError:
        raise UnknownWordError.for_word(word, words) from None


def one_of(value: T, options: Sequence[T], name: str) -> T:
    """``value`` if it is one of the few allowed ``options``, else one sentence listing them.

    Examples
    --------
    >>> one_of(5, [2, 5, 10], "d")
    5
    >>> one_of(30, [2, 5, 10], "d")
    Traceback (most recent call last):
    ...
    ValueError: d must be one of 2, 5 or 10, got 30.
    """
    if isinstance(value, bool | np.bool_) or value not in options:
        shown = [repr(o) if isinstance(o, str) else str(o) for o in options]
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
        raise ValueError(f"{name} must be one of {listed}, got {value!r}.")
    return value


class WordList(list[str]):
    """A list of words whose ``index`` raises the course's :class:`UnknownWordError`.

    ``list.index`` answers a missing word with ``ValueError: 'King' is not in list``; this
    list names the word, the vocabulary's size and close spellings instead. Everything else is
    a plain ``list``.

    Examples
    --------
    >>> words = WordList(["the", "king", "queen"])
    >>> words.index("king")
    1
    >>> words.index("King")
    Traceback (most recent call last):
    ...
    helpers.validate.UnknownWordError: 'King' is not in the vocabulary (3 words); did you mean 'king'?
    """

    __slots__ = ()

    def index(
        self, value: str, start: SupportsIndex = 0, stop: SupportsIndex = sys.maxsize, /
    ) -> int:
        """The position of ``value`` (a word), or :class:`UnknownWordError` with suggestions."""
        if not isinstance(value, str):
            word_index(value, self)  # raises the TypeError
        try:
            return super().index(value, start, stop)
        except ValueError:
            raise UnknownWordError.for_word(value, self) from None
