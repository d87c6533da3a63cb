"""Word vectors you can query: a small, explained cousin of gensim's ``KeyedVectors``.

A trained embedding is just two things that must stay in step:

* a list of **words** (row ``i`` of the matrix belongs to ``words[i]``; vocabularies in this
  course are in order of descending frequency, so the first rows are the common words), and
* a **matrix** of shape ``(n_words, d)``, one ``d``-dimensional vector per word.

:class:`WordVectors` keeps both, a dictionary ``word -> row`` for lookups, and (computed once,
on first use) a copy of the matrix whose rows are scaled to length 1, :attr:`WordVectors.normed`.
With unit rows, the cosine similarity of a query with *every* word is one matrix-vector
product, ``normed @ (q / |q|)``, and the nearest neighbours are the largest entries of that
vector (:func:`helpers.vectors.similarity.top_k`). Everything else is built from that idea:

* :meth:`~WordVectors.most_similar` and :meth:`~WordVectors.most_similar_batch`: top-k words by
  cosine for one query or many at once;
* :meth:`~WordVectors.similarity`: the cosine of two words;
* :meth:`~WordVectors.analogy`: *a is to b as c is to ?*, answered with 3CosAdd (the word
  nearest to ``b − a + c``) or 3CosMul (Levy & Goldberg, 2014), see :mod:`helpers.vectors.analogies`;
* :meth:`~WordVectors.evaluate_analogies` and :meth:`~WordVectors.evaluate_similarity`: the two
  standard benchmarks (:mod:`helpers.vectors.analogies`).

**Read-only.** The vectors are shared by every query, so they cannot be changed by accident:
``wv["king"]`` is a read-only view, and ``x = wv["king"]; x -= wv["man"]`` raises NumPy's
``ValueError: output array is read-only``. Write ``x = wv["king"] - wv["man"]`` (a new array) or
``x = wv["king"].copy()`` first.

The results agree with gensim's ``KeyedVectors`` on the same vectors (``tests/test_vectors.py``
checks it: same words, scores to 1e-5, same accuracies, same Spearman). Intentional differences,
each tested:

* 3CosMul's ε defaults to 0.001, the value of Levy & Goldberg's paper; gensim's
  ``most_similar_cosmul`` uses 1e-6 (pass ``eps=1e-6`` for its exact scores);
* an analogy category with no covered question has accuracy NaN (undefined), where gensim
  reports 0.0;
* ``restrict_vocab`` defaults to the whole vocabulary (gensim's evaluations default to 300 000);
* scores are returned as the Python float with the short decimal form of the float32 result
  (``0.8``, not ``0.800000011920929``), and equal scores are listed in vocabulary order.

**Case.** Lookups (``wv["King"]``, :meth:`~WordVectors.most_similar`, …) are exact: ``"King"``
is not ``"king"``, and the error message suggests the lower-case word. The two *evaluation*
methods fold case, like the GloVe paper and gensim's ``case_insensitive=True`` default.

Examples
--------
>>> import numpy as np
>>> wv = WordVectors(["cat", "dog", "car"], np.array([[1.0, 0.1], [0.9, 0.2], [0.0, 1.0]]))
>>> wv.most_similar("cat", k=1)
[('dog', 0.9929278)]
>>> round(wv.similarity("cat", "car"), 4)
0.0995
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property

import numpy as np

from helpers.validate import UnknownWordError, positive_int, real_matrix, real_vector
from helpers.vectors.analogies import (
    AnalogyReport,
    Method,
    SimilarityReport,
    analogy_scores,
    check_eps,
    check_method,
    evaluate_analogies,
    evaluate_similarity,
)
from helpers.vectors.similarity import top_k, unit_rows, unit_vector

__all__ = ["AnalogyReport", "SimilarityReport", "UnknownWordError", "WordVectors"]

#: :meth:`WordVectors.suggest` looks among this many most frequent words first.
_COMMON_WORDS = 50_000


class WordVectors:
    """A vocabulary and one vector per word, with nearest-neighbour and analogy queries.

    Parameters
    ----------
    words : sequence of str
        The vocabulary, in row order (most frequent first, by the course's convention). Words
        must be distinct, non-empty strings.
    vectors : numpy.ndarray
        Shape ``(len(words), d)``, real numbers, all finite. Stored as float32 (the precision
        gensim and the GloVe files use); a C-ordered float32 array, including a memory-mapped
        one, is used without copying, through a read-only view.

    Attributes
    ----------
    words : list of str
        Row ``i`` of :attr:`vectors` is the vector of ``words[i]``.
    vectors : numpy.ndarray
        The raw vectors, float32, shape ``(n_words, d)``, read-only (copy before changing).
    word_to_index : dict of str to int
        The inverse of :attr:`words`.

    Examples
    --------
    >>> import numpy as np
    >>> wv = WordVectors(["king", "queen", "man", "woman"],
    ...                  np.array([[1, 1, 0], [1, 0, 1], [0, 1, 0], [0, 0, 1]], dtype=float))
    >>> len(wv), wv.dim, "queen" in wv, wv.index("man")
    (4, 3, True, 2)
    >>> wv.analogy("man", "king", "woman", k=1)
    [('queen', 0.95856893)]
    """

    def __init__(self, words: Sequence[str], vectors: np.ndarray) -> None:
        words = _check_words(words)
        self.vectors = _read_only(_check_vectors(vectors, len(words)))
        self.words = _FrozenWords(words)
        self.word_to_index = _index_words(self.words)

    @classmethod
    def _trusted(
        cls, words: list[str], vectors: np.ndarray, normed: np.ndarray | None = None
    ) -> WordVectors:
        """Build without re-checking inputs already known to be valid (used by :meth:`restrict`)."""
        wv = cls.__new__(cls)
        wv.words = _FrozenWords(words)
        wv.vectors = _read_only(vectors)
        wv.word_to_index = {w: i for i, w in enumerate(words)}
        if normed is not None:
            wv.__dict__["normed"] = _read_only(normed)
        return wv

    # -- the basics ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.word_to_index

    def __repr__(self) -> str:
        return f"WordVectors({_thousands(len(self))} words × {self.dim} dimensions)"

    def __getitem__(self, word: str | Sequence[str]) -> np.ndarray:
        """The raw vector of a word (shape ``(d,)``, read-only), or of a list of words (``(n, d)``, a copy).

        Examples
        --------
        >>> import numpy as np
        >>> wv = WordVectors(["a", "b"], np.eye(2))
        >>> x = wv["a"]
        >>> x -= wv["b"]
        Traceback (most recent call last):
        ...
        ValueError: output array is read-only
        >>> x = wv["a"] - wv["b"]  # a new array: fine (or wv["a"].copy())
        """
        if isinstance(word, str):
            return self.vectors[self.index(word)]
        if isinstance(word, int | np.integer) or not hasattr(word, "__iter__"):
            raise TypeError(
                f"wv[...] takes a word or a list of words, got {type(word).__name__} {word!r}: "
                "for row i write wv.vectors[i] (its word is wv.words[i])."
            )
        return self.vectors[[self.index(w) for w in word]]

    @property
    def dim(self) -> int:
        """The number of dimensions ``d`` of each vector."""
        return int(self.vectors.shape[1])

    def index(self, word: str) -> int:
        """The row of ``word``; raises :class:`~helpers.validate.UnknownWordError` if absent.

        Examples
        --------
        >>> import numpy as np
        >>> WordVectors(["a", "b"], np.eye(2)).index("b")
        1
        """
        try:
            return self.word_to_index[word]
        except (KeyError, TypeError):
            if not isinstance(word, str):
                raise TypeError(
                    f"words are looked up by string, got {type(word).__name__} {word!r}."
                ) from None
            raise UnknownWordError(word, self.suggest(word), len(self)) from None

    def suggest(self, word: str, n: int = 3) -> list[str]:
        """Up to ``n`` vocabulary words that look like ``word`` (best first).

        :func:`difflib.get_close_matches` (similarity ratio ≥ 0.6) compares ``word`` with the
        vocabulary words whose length is within two characters of it (others rarely reach that
        ratio). It searches the 50 000 most frequent words first, since a common word is the
        likelier intended one; only if none of them is close, it searches the rarer words that
        start with the same letter. The same word in another case (``"King"`` → ``"king"``)
        comes first if it exists.

        Examples
        --------
        >>> import numpy as np
        >>> WordVectors(["house", "horse", "mouse", "tree"], np.eye(4)).suggest("hause")
        ['house', 'mouse', 'horse']
        """
        common, rare = self._words_by_length
        lengths = range(max(1, len(word) - 2), len(word) + 3)
        found: list[str] = []
        for group, key in ((common, ""), (rare, word[:1])):
            candidates = [w for length in lengths for w in group.get((key, length), ())]
            found = difflib.get_close_matches(word, candidates, n=n, cutoff=0.6)
            if found:
                break
        variants = [v for v in (word.lower(), word.capitalize(), word.upper()) if v != word]
        variants = [v for v in dict.fromkeys(variants) if v in self.word_to_index]
        return (variants + [w for w in found if w not in variants])[:n]

    @cached_property
    def _words_by_length(
        self,
    ) -> tuple[dict[tuple[str, int], list[str]], dict[tuple[str, int], list[str]]]:
        """The 50 000 most frequent words by length, and the others by first letter and length."""
        common: dict[tuple[str, int], list[str]] = {}
        rare: dict[tuple[str, int], list[str]] = {}
        for i, w in enumerate(self.words):
            if i < _COMMON_WORDS:
                common.setdefault(("", len(w)), []).append(w)
            else:
                rare.setdefault((w[:1], len(w)), []).append(w)
        return common, rare

    @cached_property
    def normed(self) -> np.ndarray:
        """The vectors scaled to unit length (float32, read-only, computed once and cached).

        A word whose vector is all zeros keeps a zero row (``unit_rows(..., zero_rows="keep")``):
        its cosine with anything is 0, so it is never anyone's close neighbour.
        """
        return _read_only(unit_rows(self.vectors, "the vectors", zero_rows="keep"))

    # -- similarity queries -------------------------------------------------------------------

    def similarity(self, a: str, b: str) -> float:
        """The cosine similarity of two words, between -1 and 1.

        Examples
        --------
        >>> import numpy as np
        >>> round(WordVectors(["x", "y"], np.array([[1.0, 0.0], [1.0, 1.0]])).similarity("x", "y"), 4)
        0.7071
        """
        normed = self.normed
        return float(normed[self.index(a)] @ normed[self.index(b)])

    def most_similar(
        self, query: str | np.ndarray, k: int = 10, exclude: Iterable[str] = ()
    ) -> list[tuple[str, float]]:
        """The ``k`` words with the highest cosine similarity to ``query``, best first.

        Parameters
        ----------
        query : str or numpy.ndarray
            A word (which is then left out of its own answer, as in gensim) or any non-zero
            vector of length :attr:`dim`.
        k : int
            How many words to return (1 to the vocabulary size; fewer if ``exclude`` leaves fewer).
        exclude : iterable of str
            Further words to leave out of the answer.

        Returns
        -------
        list of (str, float)
            ``(word, cosine)`` pairs, highest cosine first (equal cosines: vocabulary order).

        Examples
        --------
        >>> import numpy as np
        >>> wv = WordVectors(["a", "b", "c"], np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
        >>> wv.most_similar("a", k=2)
        [('b', 0.8), ('c', 0.0)]
        >>> wv.most_similar(np.zeros(2))
        Traceback (most recent call last):
        ...
        ValueError: the query vector is all zeros: it has no direction, so no cosine with it is defined; pass a non-zero vector.
        """
        banned = self._indices(exclude)
        if isinstance(query, str):
            banned.append(self.index(query))
            q = self.normed[banned[-1]]
        else:
            q = unit_vector(self._check_query_vector(query))
        scores = self.normed @ q  # the cosine of the query with every word
        best = top_k(scores, self._check_k(k), exclude=banned)
        return [(self.words[i], score) for i, score in best]

    def most_similar_batch(
        self, queries: Sequence[str] | np.ndarray, k: int = 10, exclude: Iterable[str] = ()
    ) -> list[list[tuple[str, float]]]:
        """:meth:`most_similar` for many queries at once (one matrix-matrix product per chunk).

        The answers are exactly those of :meth:`most_similar` asked one by one; the top ``k`` of
        all rows of a chunk are picked at once by :func:`helpers.vectors.fast.top_k_rows`.

        Parameters
        ----------
        queries : sequence of str, or numpy.ndarray of shape (n, d)
            Words (each left out of its own answer) or non-zero query vectors.
        k : int
            How many words per query.
        exclude : iterable of str
            Words left out of every answer.

        Returns
        -------
        list of list of (str, float)
            One :meth:`most_similar`-style answer per query, in order.

        Examples
        --------
        >>> import numpy as np
        >>> wv = WordVectors(["a", "b", "c"], np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
        >>> wv.most_similar_batch(["a", "c"], k=1)
        [[('b', 0.8)], [('b', 0.6)]]
        """
        from helpers.vectors.fast import top_k_rows

        banned = self._indices(exclude)
        if isinstance(queries, np.ndarray):
            q = self._check_query_matrix(queries)
            own: np.ndarray | None = None
        else:
            if isinstance(queries, str):
                raise TypeError("most_similar_batch expects a list of words; use most_similar.")
            if len(queries) == 0:
                raise ValueError("most_similar_batch needs at least one query, got an empty list.")
            own = np.array([self.index(w) for w in queries], dtype=np.int64)
            q = self.normed[own]
        k = self._check_k(k)
        results: list[list[tuple[str, float]]] = []
        chunk = max(1, min(1024, 2**23 // len(self)))  # a block of scores of at most ~32 MB
        for start in range(0, len(q), chunk):
            scores = q[start : start + chunk] @ self.normed.T
            scores[:, banned] = -np.inf
            if own is not None:
                scores[np.arange(len(scores)), own[start : start + chunk]] = -np.inf
            for row, top in zip(scores, top_k_rows(scores, k), strict=True):
                results.append([(self.words[i], _short_float(row[i])) for i in top])
        return results

    def analogy(
        self,
        a: str,
        b: str,
        c: str,
        k: int = 5,
        method: Method = "3cosadd",
        exclude_inputs: bool = True,
        eps: float = 1e-3,
    ) -> list[tuple[str, float]]:
        """Answer *a is to b as c is to ?* with the ``k`` best words.

        Parameters
        ----------
        a, b, c : str
            The question, e.g. ``analogy("man", "king", "woman")`` → ``queen`` first.
        k : int
            How many answers.
        method : {"3cosadd", "3cosmul"}
            Case-insensitive (``"3CosMul"`` as the prose writes it is fine).
            ``"3cosadd"`` (Mikolov et al., 2013): the words most similar to ``b̂ − â + ĉ``
            (hats: unit vectors), exactly as gensim's ``most_similar(positive=[b, c],
            negative=[a])``. ``"3cosmul"`` (Levy & Goldberg, 2014):
            ``cos'(x, b) · cos'(x, c) / (cos'(x, a) + ε)`` with ``cos' = (1 + cos) / 2``.
            See :func:`helpers.vectors.analogies.analogy_scores`.
        exclude_inputs : bool
            Leave ``a``, ``b`` and ``c`` out of the answer (the convention of every benchmark;
            without it the answer is very often ``b`` or ``c`` itself).
        eps : float
            The ε of 3CosMul, > 0. The default 0.001 is the paper's; gensim's
            ``most_similar_cosmul`` uses 1e-6. Ignored by 3CosAdd.

        Returns
        -------
        list of (str, float)
            ``(word, score)`` pairs, best first.

        Examples
        --------
        >>> import numpy as np
        >>> wv = WordVectors(["king", "queen", "man", "woman"],
        ...                  np.array([[1, 1, 0], [1, 0, 1], [0, 1, 0], [0, 0, 1]], dtype=float))
        >>> wv.analogy("man", "king", "woman", k=1)
        [('queen', 0.95856893)]
        >>> wv.analogy("man", "king", "woman", k=2, exclude_inputs=False)
        [('queen', 0.95856893), ('woman', 0.7941045)]
        """
        name = check_method(method)
        eps = check_eps(eps)
        ia, ib, ic = (self.index(w) for w in (a, b, c))
        k = self._check_k(k)
        scores = analogy_scores(self.normed, ia, ib, ic, name, eps)
        best = top_k(scores, k, exclude=(ia, ib, ic) if exclude_inputs else ())
        return [(self.words[i], score) for i, score in best]

    def restrict(self, n: int) -> WordVectors:
        """A new :class:`WordVectors` with only the first ``n`` words (the most frequent ones).

        The normalised matrix is shared rather than recomputed, so this is cheap.

        Examples
        --------
        >>> import numpy as np
        >>> WordVectors(["a", "b", "c"], np.eye(3)).restrict(2).words
        ['a', 'b']
        """
        n = positive_int(n, "n")
        if n > len(self):
            raise ValueError(
                f"n must be between 1 and the vocabulary size {_thousands(len(self))}, got {n}."
            )
        normed = self.__dict__.get("normed")
        return WordVectors._trusted(
            self.words[:n], self.vectors[:n], None if normed is None else normed[:n]
        )

    # -- benchmarks (the readable code is in helpers.vectors.analogies) --------------------------

    def evaluate_analogies(
        self,
        questions: Mapping[str, Sequence[tuple[str, str, str, str]]],
        method: Method = "3cosadd",
        restrict_vocab: int | None = None,
        eps: float = 1e-3,
    ) -> AnalogyReport:
        """Accuracy on analogy questions ``a : b :: c : d``, overall and per category.

        See :func:`helpers.vectors.analogies.evaluate_analogies` (this method calls it).

        Examples
        --------
        >>> import numpy as np
        >>> wv = WordVectors(["king", "queen", "man", "woman"],
        ...                  np.array([[1, 1, 0], [1, 0, 1], [0, 1, 0], [0, 0, 1]], dtype=float))
        >>> report = wv.evaluate_analogies({"gender": [("man", "king", "woman", "queen"),
        ...                                            ("man", "king", "girl", "princess")]})
        >>> report.accuracy, report.n_covered, report.coverage
        (1.0, 1, 0.5)
        """
        return evaluate_analogies(self, questions, method, restrict_vocab, eps)

    def evaluate_similarity(
        self, pairs: Iterable[tuple[str, str, float]], restrict_vocab: int | None = None
    ) -> SimilarityReport:
        """Spearman correlation between cosine similarities and human similarity judgements.

        See :func:`helpers.vectors.analogies.evaluate_similarity` (this method calls it).

        Examples
        --------
        >>> import numpy as np
        >>> wv = WordVectors(["a", "b", "c"], np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
        >>> report = wv.evaluate_similarity([("a", "b", 9.0), ("a", "c", 1.0), ("b", "c", 5.0),
        ...                                  ("a", "zebra", 2.0)])
        >>> report.spearman, report.n_covered, report.coverage
        (1.0, 3, 0.75)
        """
        return evaluate_similarity(self, pairs, restrict_vocab)

    # -- internals ----------------------------------------------------------------------------

    def _indices(self, words: Iterable[str]) -> list[int]:
        if isinstance(words, str):
            words = [words]
        return [self.index(w) for w in words]

    def _check_k(self, k: int) -> int:
        k = positive_int(k, "k")
        if k > len(self):
            raise ValueError(
                f"k must be between 1 and the vocabulary size {_thousands(len(self))}, got {k}."
            )
        return k

    def _check_query_vector(self, query: object) -> np.ndarray:
        if not isinstance(query, np.ndarray | list | tuple):
            raise TypeError(
                f"the query must be a word or a vector of length {self.dim}, "
                f"got {type(query).__name__} {query!r}."
            )
        return real_vector(query, "the query vector", length=self.dim).astype(np.float32)

    def _check_query_matrix(self, queries: np.ndarray) -> np.ndarray:
        array = real_matrix(queries, "the query vectors")
        if array.shape[1] != self.dim or array.shape[0] == 0:
            raise ValueError(
                f"expected query vectors of shape (n, {self.dim}) with n ≥ 1, got shape "
                f"{array.shape}."
            )
        return unit_rows(array.astype(np.float32), "the query vectors")


# -- small functions --------------------------------------------------------------------------


def _thousands(n: int) -> str:
    """``400000`` -> ``'400 000'`` (a thin, locale-free thousands separator)."""
    return f"{n:,}".replace(",", " ")


def _short_float(x: np.floating) -> float:
    """A float32 score as the Python float with the same short decimal form (as ``top_k`` does)."""
    return float(str(np.float32(x)))


class _FrozenWords(list[str]):
    """The vocabulary of a :class:`WordVectors`: a list that refuses to be changed in place.

    Row ``i`` belongs to ``words[i]``; sorting or editing the list would silently mislabel every
    answer, so each in-place change raises one sentence. Slices and copies are ordinary lists.
    """

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError(
            "the words of a WordVectors are read-only (row i belongs to words[i]): "
            "copy them first, e.g. sorted(wv.words) or list(wv.words)."
        )

    def __reduce__(self) -> tuple[type, tuple[list[str]]]:
        return (_FrozenWords, (list(self),))  # pickle and copy without calling the refused methods

    sort = reverse = append = extend = insert = pop = remove = clear = _refuse  # type: ignore[assignment]
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse  # type: ignore[assignment]


def _read_only(array: np.ndarray) -> np.ndarray:
    """A read-only view of ``array`` (the caller's own array stays writeable)."""
    view = array.view()
    view.flags.writeable = False
    return view


def _check_words(words: Sequence[str]) -> list[str]:
    if isinstance(words, str):
        raise TypeError("words must be a list of strings, not a single string.")
    words = list(words)
    if not words:
        raise ValueError("WordVectors needs at least one word, but the list of words is empty.")
    for position, w in enumerate(words):
        if not isinstance(w, str) or not w:
            raise TypeError(f"every word must be a non-empty string, but word {position} is {w!r}.")
    return words


def _index_words(words: list[str]) -> dict[str, int]:
    index = {w: i for i, w in enumerate(words)}
    if len(index) != len(words):
        seen: dict[str, int] = {}
        for i, w in enumerate(words):
            if w in seen:
                raise ValueError(
                    f"words must be distinct, but {w!r} appears twice (positions {seen[w]} and {i})."
                )
            seen[w] = i
    return index


def _check_vectors(vectors: np.ndarray, n_words: int) -> np.ndarray:
    array = vectors if isinstance(vectors, np.ndarray) else np.asarray(vectors)
    if array.dtype == bool or not (
        np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)
    ):
        raise TypeError(f"vectors must hold real numbers, got an array of dtype {array.dtype}.")
    if array.ndim != 2:
        raise ValueError(
            f"vectors must be a 2-D array with one row per word, got shape {array.shape}."
        )
    if array.shape[0] != n_words:
        raise ValueError(
            f"there are {_thousands(n_words)} words but {_thousands(array.shape[0])} vectors "
            f"(shape {array.shape}); there must be exactly one row per word."
        )
    if array.shape[1] == 0:
        raise ValueError("vectors must have at least one dimension, got shape (n, 0).")
    converted = np.ascontiguousarray(array, dtype=np.float32)
    if converted.flags.writeable and np.may_share_memory(converted, array):
        # The caller can still change ``array``: own a copy, so that editing it (or sorting it)
        # afterwards cannot leave the cached unit rows answering from stale values.
        converted = converted.copy()
    array = converted
    finite = np.isfinite(array)
    if not finite.all():
        bad = np.flatnonzero(~finite.all(axis=1))
        raise ValueError(
            f"vectors must be finite, but {len(bad)} row(s) contain NaN or infinity "
            f"(the first is row {bad[0]})."
        )
    return array
