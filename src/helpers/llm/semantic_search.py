"""Semantic search with mean-pooled token embeddings: find sentences by meaning, not by words.

A sentence becomes one vector by looking up its tokens' embeddings and averaging them
(:func:`helpers.llm.attention.mean_pool`), which is exactly how WordLlama embeds text. A query is
embedded the same way, and the sentences are ranked by cosine similarity to it.

The course's sentences (``data/sentences/sentences.json``) were written for it: 50 short
sentences, ten on each of five topics.

Examples
--------
>>> vectors = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
>>> search(np.array([0.0, 1.0]), vectors, k=2)
[(1, 1.0), (2, 0.7071)]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from helpers.datafiles import project_file
from helpers.llm.attention import mean_pool
from helpers.llm.tokens import embedding_lookup

if TYPE_CHECKING:  # pragma: no cover
    from tokenizers import Tokenizer

__all__ = ["Sentence", "embed_texts", "load_sentences", "search"]

SENTENCES_FILE = project_file("sentences/sentences.json")
"""The course's hand-written sentences, grouped by topic (package data of ``helpers.data``)."""


@dataclass(frozen=True)
class Sentence:
    """One sentence of the search collection and the topic it was written for."""

    topic: str
    text: str


def load_sentences(path: Path | str | None = None) -> list[Sentence]:
    """Read the course's sentences, topic by topic, in file order.

    Parameters
    ----------
    path : Path or str, optional
        A JSON file ``{"topics": {topic: [sentence, ...]}}``; the course's file by default.

    Returns
    -------
    list of Sentence

    Examples
    --------
    >>> sentences = load_sentences()
    >>> len(sentences), sentences[0].topic
    (50, 'animals')
    """
    file = Path(path) if path is not None else SENTENCES_FILE
    if not file.is_file():
        raise FileNotFoundError(
            f"The sentence file {file.name} is missing; reinstall the course (./course setup) "
            "or, in a clone, restore it with `git checkout data/sentences`."
        )
    data = json.loads(file.read_text(encoding="utf-8"))
    return [Sentence(topic, text) for topic, texts in data["topics"].items() for text in texts]


def embed_texts(
    tokenizer: Tokenizer, E: np.ndarray, texts: Sequence[str], *, normalize: bool = True
) -> np.ndarray:
    """Embed each text as the mean of its tokens' embedding vectors.

    Parameters
    ----------
    tokenizer : tokenizers.Tokenizer
        Cuts each text into token ids (no special tokens are added).
    E : numpy.ndarray
        Token embedding matrix, shape ``(vocab_size, d)``.
    texts : sequence of str
        The texts; each must produce at least one token.
    normalize : bool
        Scale each text vector to unit length, so dot products are cosine similarities.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(texts), d)``, float64.

    Examples
    --------
    >>> from helpers.llm.wordllama import load_wordllama_embeddings, load_wordllama_tokenizer
    >>> embed_texts(load_wordllama_tokenizer(), load_wordllama_embeddings(), ["a cat"]).shape
    (1, 256)
    """
    if isinstance(texts, str):
        raise TypeError("embed_texts() needs a list of texts; wrap a single text as [text].")
    texts = list(texts)
    out = np.empty((len(texts), np.asarray(E).shape[1]), dtype=np.float64)
    for row, encoding in enumerate(tokenizer.encode_batch(texts, add_special_tokens=False)):
        if not encoding.ids:
            raise ValueError(f"Text {row} ({texts[row]!r}) has no tokens; give it some words.")
        out[row] = mean_pool(embedding_lookup(E, encoding.ids))
    if normalize:
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out


def search(query: np.ndarray, vectors: np.ndarray, k: int = 5) -> list[tuple[int, float]]:
    """The ``k`` rows of ``vectors`` with the highest cosine similarity to ``query``.

    Parameters
    ----------
    query : numpy.ndarray
        Shape ``(d,)``.
    vectors : numpy.ndarray
        Shape ``(n, d)``.
    k : int
        How many results (at most ``n``).

    Returns
    -------
    list of (int, float)
        ``(row, cosine)`` pairs, best first; cosines rounded to 4 decimals, ties broken by row.
    """
    vectors = np.asarray(vectors, dtype=np.float64)
    query = np.asarray(query, dtype=np.float64)
    if vectors.ndim != 2:
        raise ValueError(f"vectors must be a matrix of shape (n, d), got shape {vectors.shape}.")
    if query.shape != (vectors.shape[1],):
        raise ValueError(f"query must have shape ({vectors.shape[1]},), got shape {query.shape}.")
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 1 <= k <= len(vectors):
        raise ValueError(f"k must be a whole number from 1 to {len(vectors)}, got {k!r}.")
    norms = np.linalg.norm(vectors, axis=1) * np.linalg.norm(query)
    cosines = np.round((vectors @ query) / np.maximum(norms, 1e-12), 4) + 0.0
    order = np.lexsort((np.arange(len(cosines)), -cosines))[:k]
    return [(int(i), float(cosines[i])) for i in order]
