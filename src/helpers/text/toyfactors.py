"""What the toy world knows about its words: latent factors, analogy and similarity test sets.

Because the toy world is generated from a lexicon whose factors are written down (gender,
royalty, number, tense, ...), we can derive test sets with known answers: analogy questions
(:func:`toy_world_analogies`) and graded word similarities (:func:`toy_world_similarity`), and
colour plots by factor (:func:`toy_world_lexicon`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from helpers.text.toygrammar import world as _world

__all__ = ["toy_world_analogies", "toy_world_lexicon", "toy_world_similarity"]


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, dict[str, str]]:
    world = _world()
    lexicon: dict[str, dict[str, str]] = {}
    for cat in world.categories.values():
        form_factors = world.lexicon["categories"][cat.name].get("form_factors", {})
        for entry in cat.entries:
            for form in cat.forms:
                word = str(entry[form])
                if word in lexicon:
                    raise ValueError(
                        f"The lexicon lists {word!r} twice; every word needs one entry."
                    )
                factors = {"category": cat.name, "lemma": str(entry[cat.forms[0]]), "form": form}
                factors.update(form_factors.get(form, {}))
                factors.update({name: str(entry[name]) for name in cat.features + cat.cues})
                lexicon[word] = factors
    for word, factors in world.lexicon["function_words"].items():
        lexicon.setdefault(word, dict(factors))
    for cat in world.categories.values():
        for cue in cat.cues:
            for value in cat.column(cue):
                if " " not in value:
                    lexicon.setdefault(value, {"category": "cue", "cue_of": cat.name, "cue": cue})
    for word in world.words:
        lexicon.setdefault(word, {"category": "other"})
    return {word: lexicon[word] for word in world.words}


def toy_world_lexicon() -> dict[str, dict[str, str]]:
    """Every toy-world word with its latent factors (handy for colouring plots).

    Content words have ``category`` (person, country, verb, adjective, animal, food, thing,
    place, colour, tense), ``lemma``, ``form``, their factors and their cue words, e.g.
    ``queen`` → ``{"category": "person", "lemma": "queen", "form": "sg", "number": "sg",
    "gender": "f", "status": "royal", "age": "adult", "cue": "kingdom"}``. Pronouns,
    determiners, clothing and the words that signal status or age carry the factor they
    signal (``she`` → ``gender: "f"``); a cue word such as ``kingdom`` has
    ``{"category": "cue", "cue_of": "person", "cue": "cue"}``; every other word has
    ``{"category": "other"}``. The dictionary is in alphabetical order of the words.

    Examples
    --------
    >>> lexicon = toy_world_lexicon()
    >>> lexicon["queen"]["gender"], lexicon["kings"]["number"], lexicon["paris"]["kind"]
    ('f', 'pl', 'capital')
    """
    return {word: dict(factors) for word, factors in _lexicon().items()}


def _analogy_pairs(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """The (a, b) word pairs of one analogy factor, e.g. (king, queen) for gender."""
    world = _world()
    pairs: list[tuple[str, str]] = []
    if spec["kind"] == "forms":
        first, second = spec["forms"]
        for name in spec["categories"]:
            cat = world.categories[name]
            pairs += list(zip(cat.column(first), cat.column(second), strict=True))
    elif spec["kind"] == "vary":
        cat = world.categories[spec["category"]]
        low, high = spec["values"]
        for entry in cat.entries:
            if entry[spec["factor"]] != low:
                continue
            for other in cat.entries:
                same = all(other[key] == entry[key] for key in spec["match"])
                if same and other[spec["factor"]] == high:
                    pairs += [(str(entry[form]), str(other[form])) for form in spec["forms"]]
        pairs += [(str(a), str(b)) for a, b in spec.get("extra", [])]
    elif spec["kind"] == "link":
        cat = world.categories[spec["category"]]
        by_first = {entry[cat.forms[0]]: entry for entry in cat.entries}
        for entry in cat.entries:
            if spec["link"] in entry:
                other = by_first[entry[spec["link"]]]
                pairs += [(str(other[form]), str(entry[form])) for form in spec["forms"]]
    else:
        raise ValueError(f"Unknown analogy kind {spec['kind']!r} in lexicon.json.")
    return pairs


@lru_cache(maxsize=1)
def _analogies() -> dict[str, tuple[tuple[str, str, str, str], ...]]:
    world = _world()
    limit = int(world.lexicon["max_questions_per_factor"])
    result = {}
    for factor, spec in world.lexicon["analogies"].items():
        pairs = _analogy_pairs(spec)
        questions = [(*p, *q) for p in pairs for q in pairs if p != q]
        if len(questions) > limit:  # keep the first pairs' and listed questions, then a sample
            listed = {tuple(question) for question in spec.get("keep", [])}
            first = {pair[0] for pair in pairs[:3]}
            anchors = [
                i
                for i, question in enumerate(questions)
                if {question[0], question[2]} <= first or question in listed
            ]
            rest = np.setdiff1d(np.arange(len(questions)), anchors)
            rng = np.random.default_rng(0)
            sample = rng.choice(rest, size=limit - len(anchors), replace=False)
            chosen = np.sort(np.concatenate([np.array(anchors, dtype=np.int64), sample]))
            questions = [questions[i] for i in chosen]
        result[factor] = tuple(questions)
    return result


def toy_world_analogies() -> dict[str, list[tuple[str, str, str, str]]]:
    """Analogy questions ``a : b :: c : d`` generated from the lexicon, grouped by factor.

    Factors: ``gender`` (king : queen :: actor : actress, he : she, ...), ``royalty``
    (man : king :: woman : queen), ``plural`` (king : kings :: city : cities), ``capital``
    (france : paris :: italy : rome), ``language`` (france : french), ``tense`` (walk : walked),
    ``comparative`` (big : bigger) and ``superlative`` (big : biggest). Each factor lists every
    ordered combination of two different pairs, capped at ``max_questions_per_factor`` (set in
    ``lexicon.json``) by a fixed-seed sample that always keeps the combinations of the first
    three pairs. The answer to a question is ``d``; with 3CosAdd it is ``b − a + c``.

    Examples
    --------
    >>> questions = toy_world_analogies()
    >>> ("man", "king", "woman", "queen") in questions["royalty"]
    True
    >>> ("france", "paris", "italy", "rome") in questions["capital"]
    True
    """
    return {factor: list(questions) for factor, questions in _analogies().items()}


def _factor_names(category: str) -> list[str]:
    """The factors of a category's words: its features plus those its forms imply (number...)."""
    spec = _world().lexicon["categories"][category]
    implied = {key for factors in spec.get("form_factors", {}).values() for key in factors}
    return sorted(set(spec.get("features", [])) | implied)


def _similarity_score(a: dict[str, str], b: dict[str, str], weights: dict[str, Any]) -> float:
    """Graded similarity 0–10 from shared factors (category and lemma count double by default)."""
    if a["category"] != b["category"]:
        return 0.0
    keys = _factor_names(a["category"])
    total = float(weights["category_weight"] + weights["lemma_weight"] + len(keys))
    shared = weights["category_weight"] + weights["lemma_weight"] * (a["lemma"] == b["lemma"])
    shared += sum(a.get(key) == b.get(key) for key in keys)
    return round(10.0 * shared / total, 2)


@lru_cache(maxsize=1)
def _similarity() -> tuple[tuple[str, str, float], ...]:
    world = _world()
    weights = world.lexicon["similarity"]
    lexicon = _lexicon()
    content = [w for w, f in lexicon.items() if f["category"] in world.categories]
    content = [w for w in content if lexicon[w]["category"] != "tense"]
    by_score: dict[float, list[tuple[str, str, float]]] = {}
    for i, first in enumerate(content):
        for second in content[i + 1 :]:
            score = _similarity_score(lexicon[first], lexicon[second], weights)
            by_score.setdefault(score, []).append((first, second, score))
    rng = np.random.default_rng(0)
    chosen: list[tuple[str, str, float]] = []
    for score in sorted(by_score):
        group = by_score[score]
        size = min(len(group), int(weights["pairs_per_score"]))
        chosen += [group[i] for i in sorted(rng.choice(len(group), size=size, replace=False))]
    return tuple(chosen)


def toy_world_similarity() -> list[tuple[str, str, float]]:
    """Word pairs with a known graded similarity (0–10) derived from their shared factors.

    The score is 10 × (matched weight / total weight) over: same category (weight
    ``category_weight``), same lemma (``lemma_weight``, e.g. king/kings, walk/walked,
    france/paris) and each other factor of the two words (gender, status, age, domain, number,
    tense, degree, kind, ...: weight 1 each; cue words do not count). Words of different
    categories score 0. Pairs are
    a fixed-seed sample of up to ``pairs_per_score`` pairs per distinct score, so the whole
    range is covered; the list is sorted by score.

    Examples
    --------
    >>> pairs = toy_world_similarity()
    >>> all(0.0 <= score <= 10.0 for _, _, score in pairs)
    True
    """
    return list(_similarity())
