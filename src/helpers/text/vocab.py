"""A vocabulary: the mapping between words and the integer ids every embedding method works on.

A :class:`Vocabulary` is built once from a corpus. It keeps the words that occur at least
``min_count`` times (at most ``max_size`` of them), orders them by descending frequency (ties
alphabetically, so the order never depends on the corpus order) and, optionally, reserves id 0
for an *unknown* token that stands for every word left out.

Examples
--------
>>> vocab = Vocabulary.build("the cat sat on the mat the end".split(), min_count=2)
>>> vocab.words
['<unk>', 'the']
>>> vocab.counts.tolist()
[5, 3]
>>> vocab.encode(["the", "dog"], unknown="unk").tolist()
[1, 0]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from helpers.validate import UnknownWordError, close_matches, token_list

__all__ = ["UnknownTokenError", "UnknownWordError", "Vocabulary", "close_matches"]


#: The course's one unknown-word error (``helpers.validate.UnknownWordError``); the old name is
#: kept so that ``except UnknownTokenError`` still works.
UnknownTokenError = UnknownWordError


def _check_not_string(tokens: object, what: str) -> None:
    if isinstance(tokens, str | bytes):
        raise TypeError(
            f"{what} expects a sequence of tokens, not a single string: "
            f"split it into words first, e.g. {what[:-2]}(text.split())."
        )


def _word_list(tokens: object, what: str) -> list[str]:
    """``tokens`` as a list of words, or one sentence: not a string, ids, None or sentences."""
    _check_not_string(tokens, what)
    words = tokens if isinstance(tokens, list) else token_list(tokens)
    if not all(type(t) is str for t in words):
        token_list(words)  # raises, naming the first token that is not a word and why
    return words


@dataclass(eq=False)
class Vocabulary:
    """Words and their integer ids (an id is a word's position in :attr:`words`).

    Build one with :meth:`Vocabulary.build`; constructing directly is for a known word list.

    Parameters
    ----------
    words : list of str
        The words in id order; must be distinct.
    counts : numpy.ndarray of int64
        ``counts[i]`` is how often ``words[i]`` occurred in the corpus (for the unknown token:
        how many tokens it replaced).
    unk : str or None
        The unknown token (must be ``words[0]``), or ``None`` if there is none.

    Attributes
    ----------
    words, counts, unk : as above
    unk_id : int or None
        The unknown token's id (0), or ``None``.

    Examples
    --------
    >>> vocab = Vocabulary.build(["b", "a", "b", "c"], unk=None)
    >>> vocab.words, vocab.counts.tolist(), len(vocab)
    (['b', 'a', 'c'], [2, 1, 1], 3)
    >>> vocab.index("c"), "z" in vocab
    (2, False)
    >>> vocab.decode([0, 2])
    ['b', 'c']
    """

    words: list[str]
    counts: np.ndarray
    unk: str | None = "<unk>"
    _ids: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.words = list(self.words)
        self.counts = np.asarray(self.counts, dtype=np.int64)
        if self.counts.shape != (len(self.words),):
            raise ValueError(
                f"counts must have shape ({len(self.words)},), one count per word, "
                f"got shape {self.counts.shape}."
            )
        self._ids = {word: i for i, word in enumerate(self.words)}
        if len(self._ids) != len(self.words):
            repeated = sorted(w for w, c in Counter(self.words).items() if c > 1)[:3]
            raise ValueError(f"The vocabulary's words must be distinct; repeated: {repeated}.")
        if self.unk is not None and (not self.words or self.words[0] != self.unk):
            raise ValueError(f"The unknown token {self.unk!r} must be the first word (id 0).")

    @classmethod
    def build(
        cls,
        tokens: Iterable[str],
        min_count: int = 1,
        max_size: int | None = None,
        unk: str | None = "<unk>",
    ) -> Vocabulary:
        """Count the tokens of a corpus and keep the frequent ones.

        Parameters
        ----------
        tokens : iterable of str
            The corpus as a flat sequence of tokens (words).
        min_count : int
            Keep only words occurring at least this many times (>= 1).
        max_size : int or None
            At most this many entries in total, the unknown token included (``None``: no limit).
            The most frequent words are kept.
        unk : str or None
            The unknown token, given id 0 and the count of all tokens left out (a corpus token
            equal to it counts too). ``None``: no unknown token; words left out then cannot be
            encoded.

        Returns
        -------
        Vocabulary
            Words ordered unknown token first, then by descending count, ties alphabetically.

        Raises
        ------
        ValueError
            If ``min_count < 1`` or ``max_size`` is too small to hold anything.
        TypeError
            If ``tokens`` is a single string, or holds something that is not a word (ids,
            ``None``, or sentences: lists of words, which must be flattened first).

        Examples
        --------
        >>> v = Vocabulary.build("a rose is a rose is a rose".split(), max_size=3)
        >>> v.words, v.counts.tolist()
        (['<unk>', 'a', 'rose'], [2, 3, 3])
        """
        words = _word_list(tokens, "Vocabulary.build()")
        if isinstance(min_count, bool) or not isinstance(min_count, int | np.integer):
            raise TypeError(f"min_count must be an integer >= 1, got {min_count!r}.")
        if min_count < 1:
            raise ValueError(
                f"min_count must be at least 1 (keep words seen once), got {min_count}."
            )
        smallest = 2 if unk is not None else 1
        if max_size is not None and max_size < smallest:
            raise ValueError(
                f"max_size must be at least {smallest} (room for the unknown token and one word) "
                f"or None, got {max_size}."
                if unk is not None
                else f"max_size must be at least 1 or None, got {max_size}."
            )
        counter = Counter(words)
        total = sum(counter.values())
        if unk is not None:
            counter.pop(unk, None)  # a corpus token equal to unk is counted as unknown
        ranked = sorted(
            ((word, count) for word, count in counter.items() if count >= min_count),
            key=lambda item: (-item[1], item[0]),
        )
        if max_size is not None:
            ranked = ranked[: max_size - (1 if unk is not None else 0)]
        words = [word for word, _ in ranked]
        counts = [count for _, count in ranked]
        if unk is not None:
            kept = sum(counts)
            return cls([unk, *words], np.array([total - kept, *counts], dtype=np.int64), unk)
        return cls(words, np.array(counts, dtype=np.int64), None)

    @property
    def unk_id(self) -> int | None:
        """The id of the unknown token (0), or ``None`` if there is none."""
        return 0 if self.unk is not None else None

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self._ids

    def __repr__(self) -> str:
        head = ", ".join(repr(w) for w in self.words[:5])
        more = ", ..." if len(self.words) > 5 else ""
        return f"Vocabulary({len(self)} words: [{head}{more}])"

    def index(self, word: str) -> int:
        """The id of ``word``; a word not in the vocabulary raises, even when there is an unknown token.

        Raises
        ------
        UnknownWordError
            A ``KeyError`` whose message suggests close spellings.

        Examples
        --------
        >>> Vocabulary.build(["x", "y", "y"]).index("y")
        1
        """
        try:
            return self._ids[word]
        except KeyError:
            raise UnknownWordError.for_word(word, self.words) from None

    def encode(
        self, tokens: Iterable[str], *, unknown: Literal["raise", "unk"] = "raise"
    ) -> np.ndarray:
        """Turn tokens into ids; a word not in the vocabulary is refused unless you ask for ``<unk>``.

        Parameters
        ----------
        tokens : iterable of str
            The tokens to encode (a list of words, not a single string).
        unknown : {"raise", "unk"}
            What a word not in the vocabulary does. ``"raise"`` (the default): it is refused
            with :class:`UnknownWordError`, which names it and suggests close spellings, so a
            typo or a capital never becomes an id silently. ``"unk"``: it becomes the unknown
            token's id (0), as when a corpus is encoded with the vocabulary ``min_count`` cut
            from it.

        Returns
        -------
        numpy.ndarray of int32
            One id per token.

        Raises
        ------
        UnknownWordError
            If a word is not in the vocabulary, unless ``unknown="unk"`` and there is an unknown
            token.

        Examples
        --------
        >>> v = Vocabulary.build("to be or not to be".split())
        >>> v.encode(["to", "be", "or", "sing"], unknown="unk").tolist()
        [2, 1, 4, 0]
        >>> v.encode(["To", "be"])
        Traceback (most recent call last):
        ...
        helpers.validate.UnknownWordError: 'To' is not in the vocabulary (5 words), and unknown="unk" would encode it as '<unk>'; did you mean 'to'?
        """
        words = _word_list(tokens, "encode()")
        if unknown not in ("raise", "unk"):
            raise ValueError(
                f'unknown must be "raise" (refuse an unknown word) or "unk" (encode it as the '
                f"unknown token), got {unknown!r}."
            )
        ids = self._ids
        if unknown == "unk" and self.unk is not None:
            get = ids.get
            return np.fromiter((get(t, 0) for t in words), dtype=np.int32, count=len(words))
        try:
            return np.fromiter((ids[t] for t in words), dtype=np.int32, count=len(words))
        except KeyError as error:
            word = error.args[0]
            why = (
                ", which has no unknown token to map it to"
                if self.unk is None
                else f', and unknown="unk" would encode it as {self.unk!r}'
            )
            raise UnknownWordError.for_word(word, self.words, why) from None

    def decode(self, ids: Iterable[int] | np.ndarray) -> list[str]:
        """Turn ids back into words.

        Parameters
        ----------
        ids : iterable of int
            Ids between 0 and ``len(self) - 1``.

        Returns
        -------
        list of str

        Raises
        ------
        ValueError
            If an id is out of range.
        TypeError
            If the ids are not integers.

        Examples
        --------
        >>> v = Vocabulary.build("to be or not to be".split())
        >>> v.decode([2, 1, 0])
        ['to', 'be', '<unk>']
        """
        if isinstance(ids, int | np.integer) or not hasattr(ids, "__iter__"):
            raise TypeError(
                f"decode() needs a list of ids, got {type(ids).__name__} {ids!r}: "
                f"for one id write decode([{ids!r}])."
            )
        array = np.asarray(list(ids) if not isinstance(ids, np.ndarray) else ids)
        if array.ndim > 1:
            raise ValueError(
                f"decode() needs one flat list of ids, got a batch of shape {array.shape}: "
                "decode each row on its own, e.g. [vocab.decode(row) for row in batch]."
            )
        if array.size == 0:
            return []
        if array.dtype.kind not in "iu":
            raise TypeError(f"decode() needs integer ids, got values of type {array.dtype}.")
        bad = (array < 0) | (array >= len(self.words))
        if bad.any():
            first = int(array[bad].ravel()[0])
            raise ValueError(
                f"id {first} is out of range for a vocabulary of {len(self.words)} words "
                f"(valid ids are 0 to {len(self.words) - 1})."
            )
        words = self.words
        return [words[i] for i in array.ravel().tolist()]
