"""Word vectors you can query: a small, explained cousin of gensim's ``KeyedVectors``.

A trained embedding is just two things that must stay in step:

* a list of **words** (row ``i`` of the matrix belongs to ``words[i]``; vocabularies in this
  course are in order of descending frequency, so the first rows are the common words), and
* a **matrix** of shape ``(n_words, d)``, one ``d``-dimensional vector per word.

:class:`WordVectors` keeps both, a dictionary ``word -> row`` for lookups, and (computed once,
on first use) a copy of the matrix whose rows are scaled to length 1, :attr:`WordVectors.normed`.
With unit rows, the cosine similarity of a query with *every* word is one matrix-vector
product, ``normed @ (q / |q|)``, and the nearest neighbours are the largest entries of that
vector. Everything else is built from that idea:

* :meth:`~WordVectors.most_similar` and :meth:`~WordVectors.most_similar_batch`: top-k words by
  cosine for one query or many at once (a matrix-matrix product);
* :meth:`~WordVectors.similarity`: the cosine of two words;
* :meth:`~WordVectors.analogy`: *a is to b as c is to ?*, answered with 3CosAdd (the word
  nearest to ``b − a + c``) or 3CosMul (Levy & Goldberg, 2014);
* :meth:`~WordVectors.evaluate_analogies` and :meth:`~WordVectors.evaluate_similarity`: the two
  standard benchmarks, with the coverage (how many questions the vocabulary can answer) reported.

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
methods fold case, like the GloVe paper and gensim's ``case_insensitive=True`` default: the
benchmark words are lower-cased, and a vocabulary word counts under its lower-case form (if
several words differ only in case, the most frequent one, i.e. the first, is used).

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
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from typing import Literal

import numpy as np

__all__ = ["AnalogyReport", "SimilarityReport", "UnknownWordError", "WordVectors"]

Method = Literal["3cosadd", "3cosmul"]

#: How many questions :meth:`WordVectors.evaluate_analogies` scores per matrix product, and how
#: many vocabulary rows per block (a block of scores, 1024 × 1024 float32 = 4 MB, fits in cache).
_QUESTION_CHUNK = 1024
_VOCAB_BLOCK = 1024


#: :meth:`WordVectors.suggest` looks among this many most frequent words first.
_COMMON_WORDS = 50_000


class UnknownWordError(KeyError):
    """A word is not in the vocabulary.

    A subclass of :class:`KeyError` (so ``except KeyError`` still works) whose message names the
    word and suggests up to five close matches from the vocabulary.

    Attributes
    ----------
    word : str
        The word that was looked up.
    suggestions : tuple of str
        Up to five vocabulary words that look like it (best first), possibly empty.

    Examples
    --------
    >>> err = UnknownWordError("kitten", ("kitchen", "mitten"), 400_000)
    >>> print(err)
    'kitten' is not in the vocabulary (400 000 words); did you mean 'kitchen' or 'mitten'?
    """

    def __init__(self, word: str, suggestions: Sequence[str] = (), vocab_size: int | None = None):
        super().__init__(word)
        self.word = word
        self.suggestions = tuple(suggestions)
        self.vocab_size = vocab_size

    def __str__(self) -> str:
        # KeyError's own __str__ would print repr(message), i.e. the sentence inside quotes.
        size = "" if self.vocab_size is None else f" ({_thousands(self.vocab_size)} words)"
        if not self.suggestions:
            return f"{self.word!r} is not in the vocabulary{size}, and no word in it looks similar."
        quoted = [repr(s) for s in self.suggestions]
        options = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
        return f"{self.word!r} is not in the vocabulary{size}; did you mean {options}?"


@dataclass(frozen=True)
class AnalogyReport:
    """The result of :meth:`WordVectors.evaluate_analogies`.

    Attributes
    ----------
    accuracy : float
        Fraction of the *covered* questions answered correctly (NaN if none is covered).
    per_category : dict of str to float
        The same accuracy for each category, in the order the categories were given (NaN for a
        category with no covered question; gensim reports 0.0 there).
    n_questions : int
        Number of questions given.
    n_covered : int
        Questions whose four words are all in the (restricted) vocabulary; only those are asked.
    coverage : float
        ``n_covered / n_questions``.
    n_correct : int
        Covered questions answered correctly.
    per_category_counts : dict of str to tuple of int
        ``(n_correct, n_covered, n_questions)`` for each category.
    predictions : dict of str to list of (str or None)
        For each category, the predicted word for each question in the given order (``None`` for
        a question that was not covered). Useful to look at the mistakes.
    method : str
        ``"3cosadd"`` or ``"3cosmul"``.
    """

    accuracy: float
    per_category: dict[str, float]
    n_questions: int
    n_covered: int
    coverage: float
    n_correct: int = 0
    per_category_counts: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    predictions: dict[str, list[str | None]] = field(default_factory=dict, repr=False)
    method: str = "3cosadd"


@dataclass(frozen=True)
class SimilarityReport:
    """The result of :meth:`WordVectors.evaluate_similarity`.

    Attributes
    ----------
    spearman : float
        Spearman rank correlation between the model's cosines and the human scores, over the
        covered pairs (NaN if fewer than two pairs are covered).
    n_pairs : int
        Number of pairs given.
    n_covered : int
        Pairs whose two words are both in the (restricted) vocabulary.
    coverage : float
        ``n_covered / n_pairs``.
    pairs : list of (str, str)
        The covered pairs (lower-cased), in the given order.
    model_scores : numpy.ndarray
        The model's cosine similarity for each covered pair.
    human_scores : numpy.ndarray
        The human score for each covered pair (for a scatter plot against ``model_scores``).
    """

    spearman: float
    n_pairs: int
    n_covered: int
    coverage: float
    pairs: list[tuple[str, str]] = field(default_factory=list, repr=False)
    model_scores: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    human_scores: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)


class WordVectors:
    """A vocabulary and one vector per word, with nearest-neighbour and analogy queries.

    Parameters
    ----------
    words : sequence of str
        The vocabulary, in row order (most frequent first, by the course's convention). Words
        must be distinct, non-empty strings.
    vectors : numpy.ndarray
        Shape ``(len(words), d)``, real numbers, all finite. Stored as float32 (the precision
        gensim and the GloVe files use); a float32 array, including a memory-mapped one, is
        used without copying.

    Attributes
    ----------
    words : list of str
        Row ``i`` of :attr:`vectors` is the vector of ``words[i]``.
    vectors : numpy.ndarray
        The raw vectors, float32, shape ``(n_words, d)``.
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
        self.vectors = _check_vectors(vectors, len(words))
        self.words = words
        self.word_to_index = _index_words(words)

    @classmethod
    def _trusted(
        cls, words: list[str], vectors: np.ndarray, normed: np.ndarray | None = None
    ) -> WordVectors:
        """Build without re-checking inputs already known to be valid (used by :meth:`restrict`)."""
        wv = cls.__new__(cls)
        wv.words = words
        wv.vectors = vectors
        wv.word_to_index = {w: i for i, w in enumerate(words)}
        if normed is not None:
            wv.__dict__["normed"] = normed
        return wv

    # -- the basics ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.word_to_index

    def __repr__(self) -> str:
        return f"WordVectors({_thousands(len(self))} words × {self.dim} dimensions)"

    def __getitem__(self, word: str | Sequence[str]) -> np.ndarray:
        """The raw vector of a word (shape ``(d,)``), or of a list of words (``(n, d)``)."""
        if isinstance(word, str):
            return self.vectors[self.index(word)]
        return self.vectors[[self.index(w) for w in word]]

    @property
    def dim(self) -> int:
        """The number of dimensions ``d`` of each vector."""
        return int(self.vectors.shape[1])

    def index(self, word: str) -> int:
        """The row of ``word``; raises :class:`UnknownWordError` (with suggestions) if absent.

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

    def suggest(self, word: str, n: int = 5) -> list[str]:
        """Up to ``n`` vocabulary words that look like ``word`` (best first).

        :func:`difflib.get_close_matches` (similarity ratio ≥ 0.6) compares ``word`` with the
        vocabulary words whose length is within two characters of it (others rarely reach that
        ratio). It searches the 50 000 most frequent words first, since a common word is the
        likelier intended one; only if none of them is close, it searches the rarer words that
        start with the same letter. Either search takes a fraction of a second on 400 000
        words. The same word in another case (``"King"`` → ``"king"``) comes first if it exists.

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
        """The vectors scaled to unit length (float32, computed once and cached).

        A zero vector stays zero (its cosine with anything is taken as 0).
        """
        return _unit_rows(self.vectors)

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
            A word (which is then left out of its own answer, as in gensim) or any vector of
            length :attr:`dim`.
        k : int
            How many words to return (at most the vocabulary size).
        exclude : iterable of str
            Further words to leave out of the answer.

        Returns
        -------
        list of (str, float)
            ``(word, cosine)`` pairs, highest cosine first.

        Notes
        -----
        All cosines are one product ``normed @ q̂`` (400 000 × 50 for GloVe: a few milliseconds).
        Sorting 400 000 numbers to keep 10 would waste most of the time, so the top ``k`` are
        selected without a full sort (see :func:`_top_k`).

        Examples
        --------
        >>> import numpy as np
        >>> wv = WordVectors(["a", "b", "c"], np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
        >>> wv.most_similar("a", k=2)
        [('b', 0.8), ('c', 0.0)]
        """
        banned = self._indices(exclude)
        if isinstance(query, str):
            banned.append(self.index(query))
            q = self.normed[banned[-1]]
        else:
            q = _unit(self._check_query_vector(query))
        k = self._check_k(k)
        scores = self.normed @ q
        scores[banned] = -np.inf
        top = _top_k(scores, min(k, len(self) - len(set(banned))))
        return [(self.words[i], _score(scores[i])) for i in top]

    def most_similar_batch(
        self, queries: Sequence[str] | np.ndarray, k: int = 10, exclude: Iterable[str] = ()
    ) -> list[list[tuple[str, float]]]:
        """:meth:`most_similar` for many queries at once (one matrix-matrix product per chunk).

        Parameters
        ----------
        queries : sequence of str, or numpy.ndarray of shape (n, d)
            Words (each left out of its own answer) or query vectors.
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
                rows = np.arange(len(scores))
                scores[rows, own[start : start + chunk]] = -np.inf
            for row, top in zip(scores, _top_k_rows(scores, k), strict=True):
                results.append([(self.words[i], _score(row[i])) for i in top])
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
            ``"3cosadd"`` (Mikolov et al., 2013): the words most similar to ``b̂ − â + ĉ``
            (hats: unit vectors), scored by cosine with that (normalised) vector, exactly as
            gensim's ``most_similar(positive=[b, c], negative=[a])``. Ranking by it is the same
            as ranking by ``cos(x, b) − cos(x, a) + cos(x, c)``.
            ``"3cosmul"`` (Levy & Goldberg, 2014): ``cos'(x, b) · cos'(x, c) / (cos'(x, a) + ε)``
            with cosines shifted to [0, 1] by ``cos' = (1 + cos) / 2``, so that one large
            similarity cannot dominate the others.
        exclude_inputs : bool
            Leave ``a``, ``b`` and ``c`` out of the answer (the convention of every benchmark;
            without it the answer is very often ``b`` or ``c`` itself).
        eps : float
            The ε of 3CosMul. The default 0.001 is the paper's; gensim's ``most_similar_cosmul``
            uses 1e-6 (pass ``eps=1e-6`` to reproduce its scores). Ignored by 3CosAdd.

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
        _check_method(method)
        ids = [self.index(w) for w in (a, b, c)]
        k = self._check_k(k)
        normed = self.normed
        if method == "3cosadd":
            scores = normed @ _unit(normed[ids[1]] - normed[ids[0]] + normed[ids[2]])
        else:
            # (3 × d) @ (d × n) rather than (n × d) @ (d × 3): the same numbers, 2-4× faster here
            shifted = (1.0 + normed[ids] @ normed.T) / 2.0
            scores = shifted[1] * shifted[2] / (shifted[0] + np.float32(eps))
        n_left = len(self)
        if exclude_inputs:
            scores[ids] = -np.inf
            n_left -= len(set(ids))
        top = _top_k(scores, min(k, n_left))
        return [(self.words[i], _score(scores[i])) for i in top]

    def restrict(self, n: int) -> WordVectors:
        """A new :class:`WordVectors` with only the first ``n`` words (the most frequent ones).

        The normalised matrix is shared rather than recomputed, so this is cheap.

        Examples
        --------
        >>> import numpy as np
        >>> WordVectors(["a", "b", "c"], np.eye(3)).restrict(2).words
        ['a', 'b']
        """
        if isinstance(n, bool) or not isinstance(n, int | np.integer):
            raise TypeError(f"n must be a whole number of words, got {type(n).__name__}.")
        if not 1 <= n <= len(self):
            raise ValueError(
                f"n must be between 1 and the vocabulary size {_thousands(len(self))}, got {n}."
            )
        n = int(n)
        normed = self.__dict__.get("normed")
        return WordVectors._trusted(
            self.words[:n], self.vectors[:n], None if normed is None else normed[:n]
        )

    # -- benchmarks ---------------------------------------------------------------------------

    def evaluate_analogies(
        self,
        questions: Mapping[str, Sequence[tuple[str, str, str, str]]],
        method: Method = "3cosadd",
        restrict_vocab: int | None = None,
        eps: float = 1e-3,
    ) -> AnalogyReport:
        """Accuracy on analogy questions ``a : b :: c : d``, overall and per category.

        A question is *covered* when its four words are in the vocabulary (its first
        ``restrict_vocab`` words if given). Only covered questions are asked, as gensim's
        ``evaluate_word_analogies`` does by default; the others are counted in the coverage.
        The answer is the best word by ``method`` among the (restricted) vocabulary, with
        ``a``, ``b`` and ``c`` left out; it is correct if it is ``d``. Words are compared
        case-insensitively (see the module notes on case).

        Parameters
        ----------
        questions : dict of str to list of (str, str, str, str)
            Category name -> questions, e as returned by ``helpers.benchmarks.google_analogies``.
        method : {"3cosadd", "3cosmul"}
            See :meth:`analogy`. gensim's evaluation only offers 3CosAdd.
        restrict_vocab : int, optional
            Use only the first ``restrict_vocab`` words, both as answers and for coverage
            (gensim's default is 300 000; ours is the whole vocabulary).
        eps : float
            The ε of 3CosMul.

        Returns
        -------
        AnalogyReport

        Notes
        -----
        Asking the questions one by one (as gensim does) costs a pass over the whole matrix,
        a sort and some Python per question. Here a chunk of 1024 questions is scored at once:
        its 1024 query vectors times a block of 1024 vocabulary rows is one matrix product whose
        result (4 MB) stays in the processor cache; the input words are set to ``-inf``, the best
        of the block is found with ``argmax``, and each question keeps its running best. Chunks
        are shared out between the cores. Memory stays at a few tens of megabytes beyond the
        matrix. The arithmetic is 19 544 questions × 400 000 words × 50 multiply-adds, about
        8 s of one core here; see ``bench/README.md`` for measured times and for the rewrites
        that were tried and found slower.

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
        _check_method(method)
        if not isinstance(questions, Mapping):
            raise TypeError(
                "questions must be a dict mapping each category name to a list of "
                f"(a, b, c, d) tuples, got {type(questions).__name__}."
            )
        n_vocab = self._check_restrict(restrict_vocab)
        lookup = self._folded_index(n_vocab)
        rows: list[tuple[int, int, int, int]] = []
        where: list[tuple[str, int]] = []
        n_questions = 0
        for category, items in questions.items():
            for position, question in enumerate(items):
                n_questions += 1
                if len(question) != 4:
                    raise ValueError(
                        f"each analogy question must have 4 words (a, b, c, d), but question "
                        f"{position} of {category!r} is {question!r}."
                    )
                ids = [lookup.get(str(w).lower()) for w in question]
                if None not in ids:
                    rows.append(tuple(ids))  # type: ignore[arg-type]
                    where.append((category, position))
        if n_questions == 0:
            raise ValueError("no analogy questions were given (every category is empty).")
        ids_array = np.array(rows, dtype=np.int64).reshape(-1, 4)
        answers = self._best_answers(ids_array, n_vocab, method, eps)
        predictions = {cat: [None] * len(items) for cat, items in questions.items()}
        counts = {cat: [0, 0, len(items)] for cat, items in questions.items()}
        correct = answers == ids_array[:, 3]
        for (category, position), answer, ok in zip(where, answers, correct, strict=True):
            predictions[category][position] = self.words[answer]
            counts[category][0] += int(ok)
            counts[category][1] += 1
        n_covered = len(rows)
        n_correct = int(correct.sum())
        return AnalogyReport(
            accuracy=n_correct / n_covered if n_covered else float("nan"),
            per_category={c: (r / n if n else float("nan")) for c, (r, n, _) in counts.items()},
            n_questions=n_questions,
            n_covered=n_covered,
            coverage=n_covered / n_questions,
            n_correct=n_correct,
            per_category_counts={c: (r, n, t) for c, (r, n, t) in counts.items()},
            predictions=predictions,  # type: ignore[arg-type]
            method=method,
        )

    def evaluate_similarity(
        self, pairs: Iterable[tuple[str, str, float]], restrict_vocab: int | None = None
    ) -> SimilarityReport:
        """Spearman correlation between cosine similarities and human similarity judgements.

        Pairs with a word outside the (restricted) vocabulary are skipped and reported in the
        coverage, as gensim's ``evaluate_word_pairs`` does; words are compared
        case-insensitively.

        Parameters
        ----------
        pairs : iterable of (str, str, float)
            Word pairs with a human score, e.g. ``helpers.benchmarks.wordsim353()``.
        restrict_vocab : int, optional
            Use only the first ``restrict_vocab`` words (gensim's default is 300 000; ours is the
            whole vocabulary).

        Returns
        -------
        SimilarityReport

        Examples
        --------
        >>> import numpy as np
        >>> wv = WordVectors(["a", "b", "c"], np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
        >>> report = wv.evaluate_similarity([("a", "b", 9.0), ("a", "c", 1.0), ("b", "c", 5.0),
        ...                                  ("a", "zebra", 2.0)])
        >>> report.spearman, report.n_covered, report.coverage
        (1.0, 3, 0.75)
        """
        from scipy.stats import spearmanr

        lookup = self._folded_index(self._check_restrict(restrict_vocab))
        kept: list[tuple[str, str]] = []
        ids: list[tuple[int, int]] = []
        human: list[float] = []
        n_pairs = 0
        for position, pair in enumerate(pairs):
            if len(pair) != 3:
                raise ValueError(
                    f"each similarity pair must be (word1, word2, score), but pair {position} "
                    f"is {pair!r}."
                )
            n_pairs += 1
            a, b = str(pair[0]).lower(), str(pair[1]).lower()
            ia, ib = lookup.get(a), lookup.get(b)
            if ia is not None and ib is not None:
                kept.append((a, b))
                ids.append((ia, ib))
                human.append(float(pair[2]))
        if n_pairs == 0:
            raise ValueError("no similarity pairs were given.")
        idx = np.array(ids, dtype=np.int64).reshape(-1, 2)
        normed = self.normed
        model = np.einsum("ij,ij->i", normed[idx[:, 0]], normed[idx[:, 1]]).astype(np.float64)
        human_scores = np.array(human, dtype=np.float64)
        rho = float(spearmanr(human_scores, model).statistic) if len(kept) > 1 else float("nan")
        return SimilarityReport(
            spearman=rho,
            n_pairs=n_pairs,
            n_covered=len(kept),
            coverage=len(kept) / n_pairs,
            pairs=kept,
            model_scores=model,
            human_scores=human_scores,
        )

    # -- internals ----------------------------------------------------------------------------

    def _best_answers(self, ids: np.ndarray, n_vocab: int, method: str, eps: float) -> np.ndarray:
        """Row index of the best answer of each question ``ids[i] = (a, b, c, d)``.

        Chunks of questions are independent, so they are shared out between threads (one per
        core, each running single-threaded BLAS: NumPy releases the GIL inside matrix products
        and ``argmax``, and many small products in parallel beat one multi-threaded product on
        blocks this size).
        """
        normed = self.normed[:n_vocab]
        variants = self._case_variants(n_vocab)
        starts = range(0, len(ids), _QUESTION_CHUNK)

        def work(start: int) -> np.ndarray:
            return _best_in_chunk(
                normed, ids[start : start + _QUESTION_CHUNK], variants, method, eps
            )

        workers = min(_n_cores(), len(starts))
        if workers <= 1:
            parts = [work(start) for start in starts]
        else:
            with _single_threaded_blas(), ThreadPoolExecutor(workers) as pool:
                parts = list(pool.map(work, starts))
        best = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        if variants is not None:  # compare by lower-case form
            best = self._folded_rows(n_vocab)[best]
        return best

    def _indices(self, words: Iterable[str]) -> list[int]:
        if isinstance(words, str):
            words = [words]
        return [self.index(w) for w in words]

    def _check_k(self, k: int) -> int:
        if isinstance(k, bool) or not isinstance(k, int | np.integer):
            raise TypeError(f"k must be a whole number, got {type(k).__name__} {k!r}.")
        if not 1 <= k <= len(self):
            raise ValueError(
                f"k must be between 1 and the vocabulary size {_thousands(len(self))}, got {k}."
            )
        return int(k)

    def _check_restrict(self, restrict_vocab: int | None) -> int:
        if restrict_vocab is None:
            return len(self)
        if isinstance(restrict_vocab, bool) or not isinstance(restrict_vocab, int | np.integer):
            raise TypeError(
                f"restrict_vocab must be a whole number or None, got {restrict_vocab!r}."
            )
        if restrict_vocab < 1:
            raise ValueError(f"restrict_vocab must be at least 1, got {restrict_vocab}.")
        return min(int(restrict_vocab), len(self))

    def _check_query_vector(self, query: object) -> np.ndarray:
        if not isinstance(query, np.ndarray | list | tuple):
            raise TypeError(
                f"the query must be a word or a vector of length {self.dim}, "
                f"got {type(query).__name__} {query!r}."
            )
        array = _as_real_array(query, "a query vector")
        if array.shape != (self.dim,):
            raise ValueError(f"expected a vector of length {self.dim}, got shape {array.shape}.")
        if not np.isfinite(array).all():
            raise ValueError("the query vector contains NaN or infinite values.")
        return array.astype(np.float32, copy=False)

    def _check_query_matrix(self, queries: np.ndarray) -> np.ndarray:
        array = _as_real_array(queries, "the query vectors")
        if array.ndim != 2 or array.shape[1] != self.dim or array.shape[0] == 0:
            raise ValueError(
                f"expected query vectors of shape (n, {self.dim}) with n ≥ 1, got shape "
                f"{array.shape}."
            )
        if not np.isfinite(array).all():
            raise ValueError("the query vectors contain NaN or infinite values.")
        return _unit_rows(array.astype(np.float32, copy=False))

    @cached_property
    def _all_lower(self) -> bool:
        return all(w == w.lower() for w in self.words)

    def _folded_index(self, n_vocab: int) -> dict[str, int]:
        """Lower-case word -> row of its most frequent form, among the first ``n_vocab`` words."""
        if self._all_lower:
            if n_vocab == len(self):
                return self.word_to_index
            return {w: i for i, w in enumerate(self.words[:n_vocab])}
        folded: dict[str, int] = {}
        for i, w in enumerate(self.words[:n_vocab]):
            folded.setdefault(w.lower(), i)
        return folded

    def _folded_rows(self, n_vocab: int) -> np.ndarray:
        """For each of the first ``n_vocab`` rows, the row of its lower-case form's first word."""
        folded = self._folded_index(n_vocab)
        return np.array([folded[w.lower()] for w in self.words[:n_vocab]], dtype=np.int64)

    def _case_variants(self, n_vocab: int) -> dict[int, np.ndarray] | None:
        """Canonical row -> all rows that differ from it only in case (None if there are none)."""
        if self._all_lower:
            return None
        groups: dict[int, list[int]] = {}
        for i, canonical in enumerate(self._folded_rows(n_vocab)):
            groups.setdefault(int(canonical), []).append(i)
        multi = {c: np.array(g) for c, g in groups.items() if len(g) > 1}
        return multi or None


# -- small functions --------------------------------------------------------------------------


def _thousands(n: int) -> str:
    """``400000`` -> ``'400 000'`` (a thin, locale-free thousands separator)."""
    return f"{n:,}".replace(",", " ")


def _score(x: np.floating) -> float:
    """A float32 score as the Python float with the same short decimal form (0.8, not 0.800000011920929)."""
    return float(str(np.float32(x)))


def _check_method(method: str) -> None:
    if method not in ("3cosadd", "3cosmul"):
        raise ValueError(f'method must be "3cosadd" or "3cosmul", got {method!r}.')


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


def _as_real_array(values: object, what: str) -> np.ndarray:
    array = values if isinstance(values, np.ndarray) else np.asarray(values)
    if array.dtype == bool or not (
        np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)
    ):
        raise TypeError(f"{what} must hold real numbers, got an array of dtype {array.dtype}.")
    return array


def _check_vectors(vectors: np.ndarray, n_words: int) -> np.ndarray:
    array = _as_real_array(vectors, "vectors")
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
    array = np.asarray(array, dtype=np.float32)
    if not array.flags.c_contiguous:
        array = np.ascontiguousarray(array)
    finite = np.isfinite(array)
    if not finite.all():
        bad = np.flatnonzero(~finite.all(axis=1))
        raise ValueError(
            f"vectors must be finite, but {len(bad)} row(s) contain NaN or infinity "
            f"(the first is row {bad[0]})."
        )
    return array


def _unit(v: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(v)
    return (v / norm if norm > 0 else v).astype(np.float32, copy=False)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row divided by its length (zero rows stay zero), as float32."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32, copy=False)


def _top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` largest scores, largest first (equal scores: lower index first).

    A full sort of n scores costs O(n log n); we only need the largest k. First a *threshold*:
    the k-th largest value of a strided 1 % sample. At least k scores are ≥ it (the sample's
    own), so every one of the k largest is too; the candidates above it are few (about 100·k),
    and only those are sorted. Small inputs use :func:`numpy.argpartition` directly.
    """
    n = len(scores)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k >= n:
        candidates = np.arange(n)
    elif n >= 20_000 and k <= n // 400:
        sample = scores[:: max(1, n // (100 * max(k, 40)))]
        threshold = np.partition(sample, len(sample) - k)[len(sample) - k]
        candidates = np.flatnonzero(scores >= threshold)
    else:
        candidates = np.argpartition(scores, n - k)[n - k :]
    order = np.lexsort((candidates, -scores[candidates]))[:k]
    return candidates[order]


def _top_k_rows(scores: np.ndarray, k: int) -> list[np.ndarray]:
    """:func:`_top_k` for each row of a 2-D array of scores, vectorised over the rows.

    Scores of ``-inf`` (excluded words) are never returned, so a row may get fewer than ``k``.
    """
    m, n = scores.shape
    if n >= 20_000 and k <= n // 400:
        sample = scores[:, :: max(1, n // (100 * max(k, 40)))]
        threshold = np.partition(sample, sample.shape[1] - k, axis=1)[:, sample.shape[1] - k]
        threshold = np.maximum(threshold, np.finfo(scores.dtype).min)  # never admit -inf
        rows, cols = np.nonzero(scores >= threshold[:, None])
    else:
        kk = min(k, n)
        cols = np.argpartition(scores, n - kk, axis=1)[:, n - kk :].ravel()
        rows = np.repeat(np.arange(m), kk)
    values = scores[rows, cols]
    finite = values > -np.inf
    rows, cols, values = rows[finite], cols[finite], values[finite]
    order = np.lexsort((cols, -values, rows))  # by row, then best first, then lower index
    rows, cols = rows[order], cols[order]
    starts = np.searchsorted(rows, np.arange(m + 1))
    return [cols[lo : min(hi, lo + k)] for lo, hi in pairwise(starts)]


def _expand_variants(
    rows: np.ndarray, cols: np.ndarray, variants: dict[int, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Add every case variant of each masked word (so 'King' is masked with 'king')."""
    extra_rows, extra_cols = [rows], [cols]
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        group = variants.get(c)
        if group is not None:
            extra_rows.append(np.full(len(group), r))
            extra_cols.append(group)
    return np.concatenate(extra_rows), np.concatenate(extra_cols)


def _best_in_chunk(
    normed: np.ndarray,
    chunk: np.ndarray,
    variants: dict[int, np.ndarray] | None,
    method: str,
    eps: float,
) -> np.ndarray:
    """Best answer (vocabulary row) for each question ``(a, b, c, d)`` of one chunk.

    The vocabulary is visited in blocks of :data:`_VOCAB_BLOCK` rows, so the block of scores
    (questions × block rows) stays in the processor's cache; each question keeps its running
    best score and row. The input words are set to ``-inf`` so they can never win.
    """
    m = len(chunk)
    if method == "3cosadd":
        queries = [_unit_rows(normed[chunk[:, 1]] - normed[chunk[:, 0]] + normed[chunk[:, 2]])]
    else:
        queries = [normed[chunk[:, j]] for j in range(3)]
    # Inputs to mask: (question row, vocabulary row) pairs, sorted by vocabulary row.
    mask_rows = np.repeat(np.arange(m), 3)
    mask_cols = chunk[:, :3].ravel()
    if variants is not None:
        mask_rows, mask_cols = _expand_variants(mask_rows, mask_cols, variants)
    order = np.argsort(mask_cols, kind="stable")
    mask_rows, mask_cols = mask_rows[order], mask_cols[order]
    bounds = np.searchsorted(mask_cols, np.arange(0, len(normed) + _VOCAB_BLOCK, _VOCAB_BLOCK))
    top_score = np.full(m, -np.inf, dtype=np.float32)
    top_index = np.zeros(m, dtype=np.int64)
    rows = np.arange(m)
    half, eps32 = np.float32(0.5), np.float32(eps)
    for number, lo in enumerate(range(0, len(normed), _VOCAB_BLOCK)):
        block_t = normed[lo : lo + _VOCAB_BLOCK].T
        if method == "3cosadd":
            scores = queries[0] @ block_t
        else:
            sa, sb, sc = (qj @ block_t for qj in queries)
            for s in (sa, sb, sc):  # cos' = (1 + cos) / 2, in place
                s += 1.0
                s *= half
            sa += eps32
            scores = sb
            scores *= sc
            scores /= sa
        i0, i1 = bounds[number], bounds[number + 1]
        scores[mask_rows[i0:i1], mask_cols[i0:i1] - lo] = -np.inf
        arg = scores.argmax(axis=1)
        value = scores[rows, arg]
        better = value > top_score
        top_score[better] = value[better]
        top_index[better] = arg[better] + lo
    return top_index


def _n_cores() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover (macOS, Windows)
        return os.cpu_count() or 1


@contextmanager
def _single_threaded_blas() -> Iterator[None]:
    """Limit BLAS to one thread inside the block (no-op if threadpoolctl is missing)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield
