"""Analogies and the two standard benchmarks, written the way notebook 06 explains them.

*a is to b as c is to ?* is answered by scoring every word ``x`` of the vocabulary
(:func:`analogy_scores`), leaving out the three input words, and taking the best score:

* **3CosAdd** (Mikolov et al., 2013): ``cos(x, b̂ − â + ĉ)``, the word nearest to the offset;
* **3CosMul** (Levy & Goldberg, 2014): ``cos'(x, b) · cos'(x, c) / (cos'(x, a) + ε)`` with the
  cosines shifted to [0, 1] by ``cos' = (1 + cos) / 2``, so that one large similarity cannot
  dominate the others.

:func:`evaluate_analogies` asks every question of a benchmark that way, like gensim's
``evaluate_word_analogies``: dot products, the inputs excluded, ``argmax`` (:func:`best_answers`).
The full Google set over all 400 000 GloVe words is 19 544 questions × 400 000 words; for a job
that large the same answers come from :func:`helpers.vectors.fast.best_answers_fast` (cache
blocks and threads, tested equal to :func:`best_answers`). :func:`evaluate_similarity` is the
Spearman correlation of cosines with human similarity scores.

Both evaluations fold case, like the GloVe paper and gensim's ``case_insensitive=True``: the
benchmark words are lower-cased, and a vocabulary word counts under its lower-case form (if
several words differ only in case, the most frequent one, i.e. the first, is used).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from helpers.validate import positive_float, positive_int
from helpers.vectors.similarity import unit_vector

if TYPE_CHECKING:
    from helpers.vectors.wordvectors import WordVectors

__all__ = [
    "AnalogyReport",
    "SimilarityReport",
    "analogy_scores",
    "best_answers",
    "evaluate_analogies",
    "evaluate_similarity",
]

Method = Literal["3cosadd", "3cosmul", "3CosAdd", "3CosMul"]

#: :func:`evaluate_analogies` switches to the fast path from this many question × word scores.
FAST_FROM = 2_000_000_000


@dataclass(frozen=True)
class AnalogyReport:
    """The result of :func:`evaluate_analogies`.

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
    """The result of :func:`evaluate_similarity`.

    Attributes
    ----------
    spearman : float
        Spearman rank correlation between the model's cosines and the human scores, over the
        covered pairs (fewer than two covered pairs, or constant scores, raise ValueError).
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


def check_method(method: object) -> str:
    """``"3cosadd"`` or ``"3cosmul"`` from any capitalisation (``"3CosMul"`` as the prose writes it).

    Examples
    --------
    >>> check_method("3CosMul")
    '3cosmul'
    """
    name = method.lower() if isinstance(method, str) else method
    if name not in ("3cosadd", "3cosmul"):
        raise ValueError(f'method must be "3CosAdd" or "3CosMul", got {method!r}.')
    return str(name)


def check_eps(eps: object) -> float:
    """3CosMul's ε as a float if it is finite and > 0, else one sentence."""
    return positive_float(eps, "eps (3CosMul's small constant)")


def analogy_scores(
    normed: np.ndarray, a: int, b: int, c: int, method: str = "3cosadd", eps: float = 1e-3
) -> np.ndarray:
    """The score of every word as the answer to *a is to b as c is to ?* (rows of ``normed``).

    Parameters
    ----------
    normed : numpy.ndarray, shape (n, d)
        Unit-length word vectors (``WordVectors.normed``).
    a, b, c : int
        Rows of the three question words.
    method : {"3cosadd", "3cosmul"}
    eps : float
        3CosMul's ε (> 0).

    Returns
    -------
    numpy.ndarray, shape (n,)
        Larger is better; the input words are *not* excluded here.

    Examples
    --------
    >>> normed = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]], dtype=np.float32)
    >>> np.round(analogy_scores(normed, 0, 1, 2), 4)
    array([-0.2169,  0.9762,  0.6508], dtype=float32)
    """
    if method == "3cosadd":
        return normed @ unit_vector(normed[b] - normed[a] + normed[c], "b - a + c")
    # the cosines of a, b and c with every word (one 3 × n product: one pass over the matrix)
    cos_a, cos_b, cos_c = (1.0 + normed[[a, b, c]] @ normed.T) / 2.0
    return cos_b * cos_c / (cos_a + np.float32(eps))


def best_answers(
    normed: np.ndarray,
    questions: np.ndarray,
    method: str = "3cosadd",
    eps: float = 1e-3,
    same_word: Mapping[int, np.ndarray] | None = None,
) -> np.ndarray:
    """The row of the best answer to each question ``(a, b, c, d)``, one question at a time.

    Parameters
    ----------
    normed : numpy.ndarray, shape (n, d)
        Unit-length word vectors.
    questions : numpy.ndarray, shape (m, 4)
        Rows of ``a, b, c, d`` (``d``, the expected answer, is not used here).
    method, eps
        See :func:`analogy_scores`.
    same_word : dict of int to numpy.ndarray, optional
        For a row, all rows that are the same word in another case; they are left out with it.

    Returns
    -------
    numpy.ndarray of int, shape (m,)

    Examples
    --------
    >>> normed = np.eye(4, dtype=np.float32)
    >>> best_answers(normed, np.array([[0, 1, 2, 3]]))
    array([3])
    """
    answers = np.zeros(len(questions), dtype=np.int64)
    for i, (a, b, c, _) in enumerate(questions):
        scores = analogy_scores(normed, a, b, c, method, eps)
        inputs = [a, b, c]
        if same_word is not None:
            inputs += [int(v) for w in (a, b, c) for v in same_word.get(int(w), ())]
        scores[inputs] = -np.inf  # the question's own words are never the answer
        answers[i] = np.argmax(scores)
    return answers


def evaluate_analogies(
    wv: WordVectors,
    questions: Mapping[str, Sequence[tuple[str, str, str, str]]],
    method: Method = "3cosadd",
    restrict_vocab: int | None = None,
    eps: float = 1e-3,
    fast: bool | None = None,
) -> AnalogyReport:
    """Accuracy on analogy questions ``a : b :: c : d``, overall and per category.

    A question is *covered* when its four words are in the vocabulary (its first
    ``restrict_vocab`` words if given). Only covered questions are asked, as gensim's
    ``evaluate_word_analogies`` does by default; the others are counted in the coverage. The
    answer is the best word by ``method`` among the (restricted) vocabulary, with ``a``, ``b``
    and ``c`` left out; it is correct if it is ``d``. Words are compared case-insensitively.

    Parameters
    ----------
    wv : WordVectors
    questions : dict of str to list of (str, str, str, str)
        Category name -> questions, e.g. from ``helpers.evaluation.google_analogies()``.
    method : {"3cosadd", "3cosmul"}
        Case-insensitive. gensim's evaluation only offers 3CosAdd.
    restrict_vocab : int, optional
        Use only the first ``restrict_vocab`` words, both as answers and for coverage
        (gensim's default is 300 000; ours is the whole vocabulary).
    eps : float
        The ε of 3CosMul (> 0).
    fast : bool, optional
        Use :func:`helpers.vectors.fast.best_answers_fast` (same answers, several times
        faster). By default it is used for large jobs only (questions × words ≥ 2·10⁹, e.g.
        the whole Google set over 400 000 words), :func:`best_answers` otherwise.

    Returns
    -------
    AnalogyReport
    """
    name = check_method(method)
    eps = check_eps(eps)
    if not isinstance(questions, Mapping):
        raise TypeError(
            "questions must be a dict mapping each category name to a list of "
            f"(a, b, c, d) tuples, got {type(questions).__name__}."
        )
    n_vocab = _check_restrict(wv, restrict_vocab)
    lookup = folded_index(wv.words, n_vocab)
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
    normed = wv.normed[:n_vocab]
    same_word = case_variants(wv.words, n_vocab)
    if fast is None:
        fast = len(rows) * n_vocab >= FAST_FROM
    if fast:
        from helpers.vectors.fast import best_answers_fast

        answers = best_answers_fast(normed, ids_array, name, eps, same_word)
    else:
        answers = best_answers(normed, ids_array, name, eps, same_word)
    if same_word is not None:  # compare by lower-case form
        answers = folded_rows(wv.words, n_vocab)[answers]
    predictions = {cat: [None] * len(items) for cat, items in questions.items()}
    counts = {cat: [0, 0, len(items)] for cat, items in questions.items()}
    correct = answers == ids_array[:, 3]
    for (category, position), answer, ok in zip(where, answers, correct, strict=True):
        predictions[category][position] = wv.words[answer]
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
        method=name,
    )


def evaluate_similarity(
    wv: WordVectors, pairs: Iterable[tuple[str, str, float]], restrict_vocab: int | None = None
) -> SimilarityReport:
    """Spearman correlation between cosine similarities and human similarity judgements.

    Pairs with a word outside the (restricted) vocabulary are skipped and reported in the
    coverage, as gensim's ``evaluate_word_pairs`` does; words are compared case-insensitively.

    Parameters
    ----------
    wv : WordVectors
    pairs : iterable of (str, str, float)
        Word pairs with a human score, e.g. ``helpers.evaluation.wordsim353()``.
    restrict_vocab : int, optional
        Use only the first ``restrict_vocab`` words (gensim's default is 300 000; ours is the
        whole vocabulary).

    Returns
    -------
    SimilarityReport
    """
    from scipy.stats import spearmanr

    lookup = folded_index(wv.words, _check_restrict(wv, restrict_vocab))
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
    normed = wv.normed
    model = np.einsum("ij,ij->i", normed[idx[:, 0]], normed[idx[:, 1]]).astype(np.float64)
    human_scores = np.array(human, dtype=np.float64)
    if len(kept) < 2:
        raise ValueError(
            f"Spearman's correlation needs at least two pairs, but only {len(kept)} of the "
            f"{n_pairs} pairs have both words in the vocabulary."
        )
    if np.ptp(human_scores) == 0 or np.ptp(model) == 0:
        which = "human" if np.ptp(human_scores) == 0 else "model"
        raise ValueError(
            f"Spearman's correlation is undefined here: every {which} score of the "
            f"{len(kept)} covered pairs is the same, so there is no ranking to compare."
        )
    rho = float(spearmanr(human_scores, model).statistic)
    return SimilarityReport(
        spearman=rho,
        n_pairs=n_pairs,
        n_covered=len(kept),
        coverage=len(kept) / n_pairs,
        pairs=kept,
        model_scores=model,
        human_scores=human_scores,
    )


# -- case folding -------------------------------------------------------------------------------


def _check_restrict(wv: WordVectors, restrict_vocab: int | None) -> int:
    if restrict_vocab is None:
        return len(wv)
    return min(positive_int(restrict_vocab, "restrict_vocab"), len(wv))


def folded_index(words: Sequence[str], n_vocab: int) -> dict[str, int]:
    """Lower-case word -> row of its most frequent form, among the first ``n_vocab`` words."""
    folded: dict[str, int] = {}
    for i, w in enumerate(words[:n_vocab]):
        folded.setdefault(w.lower(), i)
    return folded


def folded_rows(words: Sequence[str], n_vocab: int) -> np.ndarray:
    """For each of the first ``n_vocab`` rows, the row of its lower-case form's first word."""
    folded = folded_index(words, n_vocab)
    return np.array([folded[w.lower()] for w in words[:n_vocab]], dtype=np.int64)


def case_variants(words: Sequence[str], n_vocab: int) -> dict[int, np.ndarray] | None:
    """Canonical row -> all rows that differ from it only in case (None if there are none)."""
    if all(w == w.lower() for w in words[:n_vocab]):
        return None
    groups: dict[int, list[int]] = {}
    for i, canonical in enumerate(folded_rows(words, n_vocab)):
        groups.setdefault(int(canonical), []).append(i)
    multi = {c: np.array(g) for c, g in groups.items() if len(g) > 1}
    return multi or None
