"""Semantic search with mean-pooled token embeddings: find sentences by meaning, not by words.

A sentence becomes one vector by looking up its tokens' embeddings and averaging them
(:func:`helpers.llm.attention.mean_pool`), which is exactly how WordLlama embeds text. A query is
embedded the same way, and the sentences are ranked by cosine similarity to it.

The course's sentences (``data/sentences/sentences.json``) were written for it: 50 short
sentences, ten on each of five topics.

Examples
--------
>>> vectors = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
>>> [(row, round(cosine, 4)) for row, cosine in search(np.array([0.0, 1.0]), vectors, k=2)]
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
from helpers.vectors.similarity import nearest, unit_rows

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
    return unit_rows(out, "the text vectors") if normalize else out


def search(query: np.ndarray, vectors: np.ndarray, k: int = 5) -> list[tuple[int, float]]:
    """The ``k`` rows of ``vectors`` with the highest cosine similarity to ``query``.

    This is :func:`helpers.vectors.similarity.nearest`: unit rows, one matrix-vector product,
    the ``k`` largest. A zero query (or a zero row) is refused: it has no direction.

    Parameters
    ----------
    query : numpy.ndarray
        Shape ``(d,)``.
    vectors : numpy.ndarray
        Shape ``(n, d)``.
    k : int
        How many results (1 to ``n``).

    Returns
    -------
    list of (int, float)
        ``(row, cosine)`` pairs, best first (unrounded; ties broken by row).

    Examples
    --------
    >>> [(row, round(cos, 4)) for row, cos in search(np.array([1.0, 0.0]), np.eye(2), k=2)]
    [(0, 1.0), (1, 0.0)]
    """
    return nearest(vectors, query, k)
