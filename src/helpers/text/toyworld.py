"""The toy world: a seeded generator of English-like sentences whose hidden factors are known.

The world has people (king/queen, man/woman, prince/princess, actor/actress, ...), countries and
their capitals and languages, verbs in three tenses, adjectives with comparatives and
superlatives, animals, foods, things, places and colours. Every word's *latent factors*
(gender, royalty, age, number, tense, ...) are written down in ``data/toyworld/lexicon.json``;
the sentence templates and agreement rules are in ``data/toyworld/grammar.json`` (both files are
described in ``data/toyworld/README.md``; they are installed as package data of
``helpers.data``). The templates make each factor visible in the words
around a word: gendered people are followed by *he/she/his/her*, royal people live in palaces and
rule, plural nouns take *these/many/are/were*, capitals follow *the capital of*, past-tense verbs
come with *yesterday*, comparatives with *than*. So any method that learns from co-occurrence
(PPMI + SVD, skip-gram) should recover analogies such as king − man + woman ≈ queen, and because
the factors are known we can check that it does: :func:`toy_world_analogies` and
:func:`toy_world_similarity` emit test sets derived from the lexicon (in
:mod:`helpers.text.toyfactors`).

One entry point gives the corpus: :func:`toy_world_sentences` (lists of words, what the notebooks
use). :func:`toy_world_corpus` is the same corpus as id arrays, for millions of tokens that go
straight into counting code. The generator itself is in :mod:`helpers.text.toygrammar`.

Generation is vectorised with NumPy: each template fills thousands of sentences at once, so a
million tokens take well under a second (see ``bench/bench_toyworld.py``). The corpus is made of
independently seeded chunks of sentences, so the same seed always gives the same corpus and a
shorter corpus is a prefix of a longer one with the same seed.

Examples
--------
>>> from helpers.text.toyworld import toy_world_sentences, toy_world_analogies
>>> sentences = toy_world_sentences(n_tokens=1_000, seed=0)
>>> sum(len(s) for s in sentences) >= 1_000
True
>>> ("king", "queen", "man", "woman") in toy_world_analogies()["gender"]
True
"""

from __future__ import annotations

import gc
import operator
from typing import NamedTuple

import numpy as np

from helpers.text.toyfactors import toy_world_analogies, toy_world_lexicon, toy_world_similarity
from helpers.text.toygrammar import CHUNK_SENTENCES
from helpers.text.toygrammar import world as _world
from helpers.validate import check_size

__all__ = [
    "CHUNK_SENTENCES",
    "ToyCorpus",
    "toy_world_analogies",
    "toy_world_corpus",
    "toy_world_lexicon",
    "toy_world_sentences",
    "toy_world_similarity",
    "toy_world_vocabulary",
]


class ToyCorpus(NamedTuple):
    """A generated corpus as arrays: the fast path for large corpora.

    Attributes
    ----------
    ids : np.ndarray
        int32 token ids, all sentences one after the other; ``words[ids[i]]`` is token ``i``.
    lengths : np.ndarray
        int64 length of each sentence (``lengths.sum() == ids.size``).
    words : list[str]
        The toy world's full vocabulary in alphabetical order (the same for every corpus;
        words a short corpus does not use are still listed).
    """

    ids: np.ndarray
    lengths: np.ndarray
    words: list[str]


def _check_arguments(n_tokens: object, seed: object) -> tuple[int, int]:
    if isinstance(n_tokens, bool) or not isinstance(n_tokens, (int, np.integer)):
        raise TypeError(
            f"n_tokens must be a whole number such as 1_000_000, got {n_tokens!r} "
            f"({type(n_tokens).__name__})."
        )
    if n_tokens <= 0:
        raise ValueError(f"n_tokens must be at least 1, got {n_tokens}.")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(
            f"seed must be a whole number such as 42, got {seed!r} ({type(seed).__name__})."
        )
    if seed < 0:
        raise ValueError(f"seed must be zero or positive, got {seed}.")
    return operator.index(n_tokens), operator.index(seed)


def toy_world_corpus(n_tokens: int = 1_000_000, seed: int = 42) -> ToyCorpus:
    """Generate a toy-world corpus of about ``n_tokens`` tokens as id arrays (fast path).

    The corpus is whole sentences: it ends with the sentence that reaches ``n_tokens``, so it has
    between ``n_tokens`` and ``n_tokens + 20`` tokens. Sentences are generated in chunks of
    :data:`CHUNK_SENTENCES`, chunk ``k`` seeded with ``[seed, k]``; hence the same seed always
    gives the same corpus, and a shorter corpus is a prefix of a longer one.

    Parameters
    ----------
    n_tokens : int
        Minimum number of tokens (>= 1). 1 M tokens take about half a second.
    seed : int
        Random seed (>= 0).

    Returns
    -------
    ToyCorpus
        ``(ids, lengths, words)``.

    Examples
    --------
    >>> ids, lengths, words = toy_world_corpus(n_tokens=50, seed=1)
    >>> int(lengths.sum()) == ids.size >= 50
    True
    >>> " ".join(words[i] for i in ids[: lengths[0]])
    'every ring is yellow today'
    """
    n_tokens, seed = _check_arguments(n_tokens, seed)
    # int32 ids, built in chunks and then joined: about 8 bytes per token at the peak
    check_size(n_tokens, 8, f"A toy-world corpus of {n_tokens:,} tokens")
    world = _world()
    id_chunks, length_chunks, total, index = [], [], 0, 0
    while total < n_tokens:
        ids, lengths = world.chunk(seed, index)
        id_chunks.append(ids)
        length_chunks.append(lengths)
        total += ids.size
        index += 1
    lengths = np.concatenate(length_chunks)
    n_sentences = int(np.searchsorted(np.cumsum(lengths), n_tokens)) + 1
    lengths = lengths[:n_sentences]
    ids = np.concatenate(id_chunks)[: int(lengths.sum())]
    return ToyCorpus(ids, lengths, list(world.words))


def toy_world_sentences(n_tokens: int = 1_000_000, seed: int = 42) -> list[list[str]]:
    """Generate a toy-world corpus of about ``n_tokens`` tokens as a list of sentences.

    Each sentence is a list of lower-case word tokens (no punctuation). Same seed, same corpus.

    Examples
    --------
    >>> sentences = toy_world_sentences(n_tokens=100, seed=0)
    >>> all(isinstance(word, str) for sentence in sentences for word in sentence)
    True
    """
    n_tokens, seed = _check_arguments(n_tokens, seed)
    # one reference per token plus a list per sentence: about 24 bytes per token
    check_size(n_tokens, 24, f"A toy-world corpus of {n_tokens:,} tokens as lists of words")
    ids, lengths, words = toy_world_corpus(n_tokens, seed)
    tokens = np.array(words, dtype=object)[ids].tolist()
    ends = np.cumsum(lengths).tolist()
    starts = [0, *ends[:-1]]
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of new lists would trigger many useless GC passes
    try:
        return [tokens[start:end] for start, end in zip(starts, ends, strict=True)]
    finally:
        if collecting:
            gc.enable()


def toy_world_vocabulary() -> list[str]:
    """Every word the toy world can produce, alphabetically (the ``words`` of :class:`ToyCorpus`).

    Examples
    --------
    >>> "queen" in toy_world_vocabulary()
    True
    """
    return list(_world().words)
