"""The standard word-embedding benchmarks, read from the copies the course ships (``data/thirdparty/``).

* **Google analogies** (``questions-words.txt``): 19 544 questions *a : b :: c : d* in 14 categories,
  5 semantic (capitals, currencies, US states, family) and 9 syntactic (``gram1`` ... ``gram9``).
  Mikolov, Chen, Corrado & Dean (2013), *Efficient Estimation of Word Representations in Vector
  Space*, arXiv:1301.3781.
* **WordSim-353** (``wordsim353.tsv``): 353 word pairs with mean human *relatedness* scores 0-10.
  Finkelstein, Gabrilovich, Matias, Rivlin, Solan, Wolfman & Ruppin (2002), *Placing Search in
  Context: The Concept Revisited*, ACM Transactions on Information Systems 20(1):116-131.
* **SimLex-999** (``simlex999.txt``): 999 pairs with mean human *similarity* scores 0-10 (related
  but dissimilar pairs such as *old / new* score low). Hill, Reichart & Korhonen (2015), *SimLex-999:
  Evaluating Semantic Models with (Genuine) Similarity Estimation*, Computational Linguistics
  41(4):665-695.

All words are lower-cased (the GloVe vocabulary is lower-case; gensim's own evaluation lower-cases
too). Rows keep the order of the files. Nothing is downloaded: the files are the copies gensim
distributes as test data, shipped with the course and SHA-256 checked on load
(:func:`helpers.datafiles.thirdparty_file`); licences in ``LICENSE-CONTENT.md``.
"""

from __future__ import annotations

from pathlib import Path

from helpers.datafiles import thirdparty_file

GOOGLE_CATEGORY_LABELS: dict[str, str] = {
    "capital-common-countries": "capital → country (common)",
    "capital-world": "capital → country (world)",
    "currency": "country → currency",
    "city-in-state": "city → US state",
    "family": "male → female (family)",
    "gram1-adjective-to-adverb": "adjective → adverb",
    "gram2-opposite": "opposite (un-, in-, …)",
    "gram3-comparative": "comparative",
    "gram4-superlative": "superlative",
    "gram5-present-participle": "present participle (-ing)",
    "gram6-nationality-adjective": "country → nationality",
    "gram7-past-tense": "past tense",
    "gram8-plural": "plural (nouns)",
    "gram9-plural-verbs": "plural (verbs)",
}
"""A readable name for each Google analogy category id (the raw ids stay the keys everywhere)."""


def category_label(category: str) -> str:
    """The readable name of a Google analogy category (the id itself if it has none).

    Examples
    --------
    >>> category_label("gram1-adjective-to-adverb")
    'adjective → adverb'
    >>> category_label("my-own-category")
    'my-own-category'
    """
    return GOOGLE_CATEGORY_LABELS.get(category, category)


def _benchmark_file(name: str) -> Path:
    return thirdparty_file(name)


def google_analogies() -> dict[str, list[tuple[str, str, str, str]]]:
    """Load the Google analogy questions, grouped by category.

    Each question ``(a, b, c, d)`` reads *a is to b as c is to d*, e.g.
    ``("athens", "greece", "baghdad", "iraq")``: a model is asked for *d* given *a, b, c*.
    Source: Mikolov et al. (2013), *Efficient Estimation of Word Representations in Vector Space*,
    arXiv:1301.3781; file ``questions-words.txt`` shipped with the course.

    Returns
    -------
    dict
        The 14 category names (``"capital-common-countries"``, ..., ``"gram9-plural-verbs"``) in
        file order, each mapped to its questions (lower-cased 4-tuples), 19 544 in total.

    Examples
    --------
    >>> questions = google_analogies()
    >>> len(questions), sum(len(q) for q in questions.values())
    (14, 19544)
    >>> questions["family"][0]
    ('boy', 'girl', 'brother', 'sister')
    """
    path = _benchmark_file("questions-words.txt")
    sections: dict[str, list[tuple[str, str, str, str]]] = {}
    current: list[tuple[str, str, str, str]] | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith(":"):
            current = sections.setdefault(line[1:].strip(), [])
            continue
        words = line.lower().split()
        if len(words) != 4 or current is None:
            raise ValueError(f"{path.name} line {number} is not a 4-word question: {line!r}.")
        current.append((words[0], words[1], words[2], words[3]))
    return sections


def _read_pairs(name: str) -> list[tuple[str, str, float]]:
    """Read a tab-separated ``word1 word2 score`` file, skipping ``#`` comment lines."""
    path = _benchmark_file(name)
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise ValueError(f"{path.name} line {number} is not 'word1<TAB>word2<TAB>score'.")
        pairs.append((fields[0].strip().lower(), fields[1].strip().lower(), float(fields[2])))
    return pairs


def wordsim353() -> list[tuple[str, str, float]]:
    """Load WordSim-353: 353 word pairs with mean human relatedness scores (0 to 10).

    Source: Finkelstein et al. (2002), *Placing Search in Context: The Concept Revisited*, ACM
    TOIS 20(1):116-131; file ``wordsim353.tsv`` shipped with the course. Words are lower-cased.

    Returns
    -------
    list of (str, str, float)
        ``(word1, word2, score)`` in file order.

    Examples
    --------
    >>> pairs = wordsim353()
    >>> len(pairs), pairs[0]
    (353, ('love', 'sex', 6.77))
    """
    return _read_pairs("wordsim353.tsv")


def simlex999() -> list[tuple[str, str, float]]:
    """Load SimLex-999: 999 word pairs with mean human similarity scores (0 to 10).

    Unlike WordSim-353 it rates *similarity*, not relatedness: *old / new* are related but score
    only 1.58. Source: Hill, Reichart & Korhonen (2015), *SimLex-999: Evaluating Semantic Models
    with (Genuine) Similarity Estimation*, Computational Linguistics 41(4):665-695; file
    ``simlex999.txt`` shipped with the course. Words are lower-cased.

    Returns
    -------
    list of (str, str, float)
        ``(word1, word2, score)`` in file order.

    Examples
    --------
    >>> pairs = simlex999()
    >>> len(pairs), pairs[0]
    (999, ('old', 'new', 1.58))
    """
    return _read_pairs("simlex999.txt")
