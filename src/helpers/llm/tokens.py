"""Tokens and token embeddings: how a language model turns text into rows of a matrix.

A large language model never sees words. Its tokenizer cuts text into *tokens* (whole words,
pieces of words or single characters) and maps each to an id; the model's *embedding layer* is
a matrix ``E`` with one row per id, and looking a token up is just ``E[id]``, the same as
multiplying its one-hot vector by ``E``.

The functions here work with any ``tokenizers.Tokenizer`` (the course uses the Llama-2 tokenizer
shipped in the ``wordllama`` package, see :mod:`helpers.llm.wordllama`) and any embedding matrix.

Examples
--------
>>> E = np.arange(12, dtype=np.float32).reshape(4, 3)
>>> embedding_lookup(E, [2, 0])
array([[6., 7., 8.],
       [0., 1., 2.]], dtype=float32)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from tokenizers import Tokenizer

__all__ = [
    "TokenizedText",
    "character_tokens",
    "embedding_lookup",
    "pad_token_ids",
    "random_embeddings_like",
    "sequence_lengths",
    "token_strings",
    "tokenize_text",
    "word_tokens",
]

WORD_BOUNDARY = "▁"
"""SentencePiece's marker for "a space came before this piece" (U+2581, not an underscore)."""


@dataclass(frozen=True)
class TokenizedText:
    """One text cut into tokens by a subword tokenizer.

    Attributes
    ----------
    text : str
        The input text.
    ids : numpy.ndarray of int64
        One id per token: the row of the embedding matrix the model looks up.
    pieces : list of str
        The token strings; ``▁`` marks a piece that starts a new word.
    """

    text: str
    ids: np.ndarray
    pieces: list[str]

    def __len__(self) -> int:
        return len(self.pieces)

    def table(self) -> list[tuple[int, int, str]]:
        """Rows ``(position, id, piece)``, one per token, for printing.

        Examples
        --------
        >>> TokenizedText("hi", np.array([7251]), ["▁hi"]).table()
        [(0, 7251, '▁hi')]
        """
        return [(i, int(t), p) for i, (t, p) in enumerate(zip(self.ids, self.pieces, strict=True))]


def tokenize_text(
    tokenizer: Tokenizer, text: str, *, add_special_tokens: bool = False
) -> TokenizedText:
    """Cut ``text`` into subword tokens with a ``tokenizers.Tokenizer``.

    Parameters
    ----------
    tokenizer : tokenizers.Tokenizer
        E.g. the Llama-2 tokenizer from :func:`helpers.llm.wordllama.load_wordllama_tokenizer`.
    text : str
        The text to tokenize.
    add_special_tokens : bool
        Add the tokenizer's special tokens (Llama-2 puts ``<s>``, id 1, in front). Off by
        default, as WordLlama does when it embeds text.

    Returns
    -------
    TokenizedText
        The ids and the pieces.

    Examples
    --------
    >>> from helpers.llm.wordllama import load_wordllama_tokenizer
    >>> tokenize_text(load_wordllama_tokenizer(), "unbelievable").pieces
    ['▁un', 'bel', 'iev', 'able']
    """
    if not isinstance(text, str):
        raise TypeError(f"tokenize_text() needs a string of text, got {type(text).__name__}.")
    encoding = tokenizer.encode(text, add_special_tokens=add_special_tokens)
    return TokenizedText(text, np.asarray(encoding.ids, dtype=np.int64), list(encoding.tokens))


def token_strings(tokenizer: Tokenizer) -> list[str]:
    """All token strings of a tokenizer in id order, so ``token_strings(t)[i]`` is token ``i``.

    Examples
    --------
    >>> from helpers.llm.wordllama import load_wordllama_tokenizer
    >>> token_strings(load_wordllama_tokenizer())[:3]
    ['<unk>', '<s>', '</s>']
    """
    vocab = tokenizer.get_vocab(with_added_tokens=True)
    words = [""] * len(vocab)
    for piece, i in vocab.items():
        words[i] = piece
    if "" in words:
        raise ValueError("The tokenizer's ids are not the consecutive numbers 0 .. n - 1.")
    return words


def word_tokens(text: str) -> list[str]:
    """Split text into words at white space: the simplest tokenizer, with a huge vocabulary.

    Examples
    --------
    >>> word_tokens("The king  spoke.")
    ['The', 'king', 'spoke.']
    """
    return text.split()


def character_tokens(text: str) -> list[str]:
    """Split text into single characters (spaces included): a tiny vocabulary, long sequences.

    Examples
    --------
    >>> character_tokens("a cat")
    ['a', ' ', 'c', 'a', 't']
    """
    return list(text)


def sequence_lengths(tokenizer: Tokenizer, texts: Iterable[str]) -> dict[str, np.ndarray]:
    """How many tokens each text becomes as characters, as words and as subword tokens.

    Parameters
    ----------
    tokenizer : tokenizers.Tokenizer
        The subword tokenizer.
    texts : iterable of str
        The texts.

    Returns
    -------
    dict of str to numpy.ndarray of int64
        Keys ``"characters"``, ``"words"``, ``"subword tokens"``; one length per text.

    Examples
    --------
    >>> from helpers.llm.wordllama import load_wordllama_tokenizer
    >>> sequence_lengths(load_wordllama_tokenizer(), ["the cat sat"])
    {'characters': array([11]), 'words': array([3]), 'subword tokens': array([3])}
    """
    if isinstance(texts, str | bytes):
        raise TypeError(
            "texts must be a list of texts, not one string: wrap it in a list, e.g. [text]."
        )
    texts = list(texts)
    encodings = tokenizer.encode_batch(texts, add_special_tokens=False) if texts else []
    return {
        "characters": np.array([len(character_tokens(t)) for t in texts], dtype=np.int64),
        "words": np.array([len(word_tokens(t)) for t in texts], dtype=np.int64),
        "subword tokens": np.array([len(e.ids) for e in encodings], dtype=np.int64),
    }


def embedding_lookup(E: np.ndarray, ids: int | Sequence[int] | np.ndarray) -> np.ndarray:
    """The embedding layer: the rows of ``E`` for the given token ids.

    This is what ``torch.nn.Embedding`` does, and it equals ``one_hot(ids) @ E`` without ever
    building the one-hot matrix.

    Parameters
    ----------
    E : numpy.ndarray
        Embedding matrix, shape ``(vocab_size, d)``.
    ids : int or sequence of int
        Token ids, each in ``0 .. vocab_size - 1``.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(ids), d)`` (or ``(d,)`` for a single id), same dtype as ``E``.

    Examples
    --------
    >>> embedding_lookup(np.eye(3), 1)
    array([0., 1., 0.])
    """
    E = np.asarray(E)
    if E.ndim != 2:
        raise ValueError(f"E must be a matrix of shape (vocab_size, d), got shape {E.shape}.")
    ids_array = np.asarray(ids)
    if ids_array.size and ids_array.dtype.kind not in "iu":
        raise TypeError(f"Token ids must be whole numbers, got dtype {ids_array.dtype}.")
    ids_array = ids_array.astype(np.int64)
    if ids_array.size and (ids_array.min() < 0 or ids_array.max() >= E.shape[0]):
        bad = ids_array[(ids_array < 0) | (ids_array >= E.shape[0])].ravel()[0]
        raise IndexError(
            f"Token id {int(bad)} is outside the vocabulary: ids run from 0 to {E.shape[0] - 1}."
        )
    return np.take(E, ids_array, axis=0)


PAD_ID = 2
"""Llama-2's end-of-text token ``</s>``, the padding of WordLlama's training (``l2_supercat.toml``)."""


def pad_token_ids(
    tokenizer: Tokenizer, texts: Sequence[str], *, pad_id: int = PAD_ID
) -> tuple[np.ndarray, np.ndarray]:
    """Token ids of several texts in one rectangular array, and the mask of the real tokens.

    Texts have different lengths; a model embeds a batch at once by *padding* every text to the
    longest one with ``pad_id`` (on the right). ``mask[i, t]`` is True where position ``t`` of
    text ``i`` is a real token, False where it is padding: what a Transformer calls the
    *attention mask*.

    Parameters
    ----------
    tokenizer : tokenizers.Tokenizer
        Cuts each text into token ids (no special tokens are added).
    texts : sequence of str
        The texts; each must produce at least one token.
    pad_id : int
        The id written into the padding positions (``</s>``, id 2, as in WordLlama's training).

    Returns
    -------
    ids : numpy.ndarray of int64
        Shape ``(len(texts), longest)``.
    mask : numpy.ndarray of bool
        Same shape; True for real tokens.

    Examples
    --------
    >>> from helpers.llm.wordllama import load_wordllama_tokenizer
    >>> ids, mask = pad_token_ids(load_wordllama_tokenizer(), ["the cat sat", "hello"])
    >>> ids
    array([[  278,  6635,  3290],
           [22172,     2,     2]])
    >>> mask
    array([[ True,  True,  True],
           [ True, False, False]])
    """
    if isinstance(texts, str):
        raise TypeError("pad_token_ids() needs a list of texts; wrap a single text as [text].")
    texts = list(texts)
    if not texts:
        raise ValueError("pad_token_ids() needs at least one text.")
    encodings = tokenizer.encode_batch(texts, add_special_tokens=False)
    longest = max(len(e.ids) for e in encodings)
    ids = np.full((len(texts), longest), pad_id, dtype=np.int64)
    mask = np.zeros((len(texts), longest), dtype=bool)
    for row, encoding in enumerate(encodings):
        if not encoding.ids:
            raise ValueError(f"Text {row} ({texts[row]!r}) has no tokens; give it some words.")
        ids[row, : len(encoding.ids)] = encoding.ids
        mask[row, : len(encoding.ids)] = True
    return ids, mask


def random_embeddings_like(E: np.ndarray, seed: int = 0) -> np.ndarray:
    """A random matrix with the shape, dtype and per-column mean and spread of ``E``.

    Each column is drawn from a normal distribution with that column's mean and standard
    deviation, so the random matrix looks like ``E`` number by number but has learned nothing:
    the contrast that shows that an embedding matrix's *structure* is learned.

    Parameters
    ----------
    E : numpy.ndarray
        The matrix to imitate, shape ``(vocab_size, d)``.
    seed : int
        Seed of the random generator.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``E``.

    Examples
    --------
    >>> R = random_embeddings_like(np.ones((5, 2), dtype=np.float32), seed=1)
    >>> R.shape, R.dtype
    ((5, 2), dtype('float32'))
    """
    E = np.asarray(E)
    if E.ndim != 2:
        raise ValueError(f"E must be a matrix of shape (vocab_size, d), got shape {E.shape}.")
    as_float = E.astype(np.float64)
    mean, std = as_float.mean(axis=0), as_float.std(axis=0)
    rng = np.random.default_rng(seed)
    return (mean + std * rng.standard_normal(E.shape)).astype(E.dtype)
