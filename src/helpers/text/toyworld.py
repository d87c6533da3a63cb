"""The toy world: a seeded generator of English-like sentences whose hidden factors are known.

The world has people (king/queen, man/woman, prince/princess, actor/actress, ...), countries and
their capitals and languages, verbs in three tenses, adjectives with comparatives and
superlatives, animals, foods, things, places and colours. Every word's *latent factors*
(gender, royalty, age, number, tense, ...) are written down in ``data/toyworld/lexicon.json``;
the sentence templates and agreement rules are in ``data/toyworld/grammar.json`` (both files are
described in ``data/toyworld/README.md``). The templates make each factor visible in the words
around a word: gendered people are followed by *he/she/his/her*, royal people live in palaces and
rule, plural nouns take *these/many/are/were*, capitals follow *the capital of*, past-tense verbs
come with *yesterday*, comparatives with *than*. So any method that learns from co-occurrence
(PPMI + SVD, skip-gram) should recover analogies such as king − man + woman ≈ queen, and because
the factors are known we can check that it does: :func:`toy_world_analogies` and
:func:`toy_world_similarity` emit test sets derived from the lexicon.

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
import itertools
import json
import operator
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

from helpers.datafiles import project_file

CHUNK_SENTENCES = 32768
"""Sentences per independently seeded chunk (chunk ``k`` uses ``default_rng([seed, k])``)."""

_TOKEN = re.compile(r"\{[^{}]*\}|[^\s{}]+")


# --------------------------------------------------------------------------------------------
# Loading the data files


def _read_json(name: str) -> dict[str, Any]:
    file = project_file(f"toyworld/{name}")  # package data of helpers.data (data/toyworld/)
    if not file.is_file():
        raise FileNotFoundError(
            f"The toy-world data file {name} is missing from the installed package helpers.data; "
            "reinstall the course (./course setup), or in a clone restore it with "
            "`git checkout data/toyworld`."
        )
    data: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class _Category:
    """One lexicon category compiled to arrays (entries are rows)."""

    name: str
    forms: tuple[str, ...]  # the entry's own word forms (sg/pl, base/s/past, ...)
    cues: tuple[str, ...]  # associated words emitted by templates (domain, obj, cue, ...)
    features: tuple[str, ...]  # latent factors of the entry (gender, status, ...)
    entries: tuple[dict[str, Any], ...]
    probs: np.ndarray  # Zipf-like sampling weights of the entries
    has_number: bool  # has "sg" and "pl" forms
    codes: dict[str, tuple[np.ndarray, tuple[str, ...]]]  # feature -> (entry codes, values)

    def column(self, name: str) -> list[str]:
        return [str(entry[name]) for entry in self.entries]


class _World:
    """Lexicon + grammar compiled into id arrays, ready to generate sentences."""

    def __init__(self, lexicon: dict[str, Any], grammar: dict[str, Any]) -> None:
        self.lexicon = lexicon
        self.grammar = grammar
        self.plural_probability = float(lexicon["plural_probability"])
        self.categories = {
            name: _make_category(name, spec) for name, spec in lexicon["categories"].items()
        }
        self.words = sorted(self._collect_words())
        self.word_id = {word: i for i, word in enumerate(self.words)}
        self.tables = {name: self._tables(cat) for name, cat in self.categories.items()}
        specs = [(i, one) for i, t in enumerate(grammar["templates"]) for one in _expand(t)]
        self.templates = [_Template(self, i, spec) for i, spec in specs]
        weights = np.array([float(spec["weight"]) for _, spec in specs])
        self.template_probs = weights / weights.sum()

    # -- vocabulary ---------------------------------------------------------------------------
    def _collect_words(self) -> set[str]:
        words: set[str] = set()
        for cat in self.categories.values():
            for entry in cat.entries:
                for name in cat.forms + cat.cues:
                    words.update(str(entry[name]).split())
        for rule in self.grammar["rules"].values():
            for value in rule["values"].values():
                for alternative in value if isinstance(value, list) else [value]:
                    words.update(w for w in alternative.split() if not w.startswith("{"))
        for template in self.grammar["templates"]:
            words.update(w for w in _TOKEN.findall(template["text"]) if not w.startswith("{"))
        return words

    def _tables(self, cat: _Category) -> dict[str, np.ndarray]:
        """Form/cue name -> (n_entries, width) int32 word ids, padded with -1."""
        tables: dict[str, np.ndarray] = {}
        for name in cat.forms + cat.cues:
            pieces = [[self.word_id[w] for w in text.split()] for text in cat.column(name)]
            width = max(len(p) for p in pieces)
            table = np.full((len(pieces), width), -1, dtype=np.int32)
            for row, piece in enumerate(pieces):
                table[row, : len(piece)] = piece
            tables[name] = table
        if cat.has_number:
            width = max(tables["sg"].shape[1], tables["pl"].shape[1])
            both = np.full((len(cat.entries), 2, width), -1, dtype=np.int32)
            both[:, 0, : tables["sg"].shape[1]] = tables["sg"]
            both[:, 1, : tables["pl"].shape[1]] = tables["pl"]
            tables["sg|pl"] = both
        return tables

    # -- generation ---------------------------------------------------------------------------
    def chunk(self, seed: int, index: int) -> tuple[np.ndarray, np.ndarray]:
        """Token ids and sentence lengths of chunk ``index`` (CHUNK_SENTENCES sentences)."""
        rng = np.random.default_rng([seed, index])
        counts = rng.multinomial(CHUNK_SENTENCES, self.template_probs)
        flats, lengths = [], []
        for template, count in zip(self.templates, counts, strict=True):
            if count:
                matrix = template.generate(rng, int(count))
                keep = matrix >= 0
                flats.append(matrix[keep])
                lengths.append(keep.sum(axis=1))
        flat = np.concatenate(flats)
        length = np.concatenate(lengths)
        order = rng.permutation(CHUNK_SENTENCES)
        starts = np.concatenate([[0], np.cumsum(length)[:-1]])
        new_length = length[order]
        new_starts = np.concatenate([[0], np.cumsum(new_length)[:-1]])
        gather = np.arange(flat.size) + np.repeat(starts[order] - new_starts, new_length)
        return flat[gather].astype(np.int32), new_length.astype(np.int64)


def _expand(template: dict[str, Any]) -> list[dict[str, Any]]:
    """Split a template whose variable names several categories (``animal|food``) into one
    template per category, sharing the weight equally."""
    for name, description in template["vars"].items():
        category, *filters = description.split()
        if "|" in category:
            options = category.split("|")
            copies = []
            for option in options:
                copy = dict(template, weight=float(template["weight"]) / len(options))
                copy["vars"] = dict(template["vars"], **{name: " ".join([option, *filters])})
                copies += _expand(copy)
            return copies
    return [template]


def _make_category(name: str, spec: dict[str, Any]) -> _Category:
    entries = tuple({**spec.get("defaults", {}), **entry} for entry in spec["entries"])
    forms = tuple(spec["forms"])
    ranks = np.arange(1, len(entries) + 1, dtype=np.float64)
    weights = ranks ** -float(spec.get("zipf", 1.0))
    codes = {}
    for feature in spec.get("features", []):
        column = [str(entry[feature]) for entry in entries]
        values = tuple(sorted(set(column)))
        codes[feature] = (np.array([values.index(v) for v in column], dtype=np.int16), values)
    if "sg" in forms:
        article = ["an" if entry["sg"][0] in "aeiou" else "a" for entry in entries]
        codes["article"] = (np.array([a == "an" for a in article], dtype=np.int16), ("a", "an"))
    return _Category(
        codes=codes,
        name=name,
        forms=forms,
        cues=tuple(spec.get("cues", [])),
        features=tuple(spec.get("features", [])),
        entries=entries,
        probs=weights / weights.sum(),
        has_number="sg" in forms and "pl" in forms,
    )


@lru_cache(maxsize=1)
def _world() -> _World:
    return _World(_read_json("lexicon.json"), _read_json("grammar.json"))


# --------------------------------------------------------------------------------------------
# Templates: variables, token operations, agreement rules


@dataclass(frozen=True)
class _Var:
    """A template variable: an entry drawn from a category (plus a number for nouns)."""

    name: str
    category: _Category
    candidates: np.ndarray  # entry indices allowed by the filters
    cumulative: np.ndarray  # cumulative sampling probabilities over candidates
    number: str | None  # "sg", "pl", "random" or None (category without number)


class _Sample(NamedTuple):
    entry: np.ndarray  # (n,) entry index
    plural: np.ndarray | None  # (n,) bool, None for categories without number


class _Template:
    """One sentence template compiled to a list of vectorised token operations."""

    def __init__(self, world: _World, index: int, spec: dict[str, Any]) -> None:
        self.world = world
        self.text = spec["text"]
        self.where = f"template {index} ({self.text!r})"
        self.vars = {name: self._parse_var(name, d) for name, d in spec["vars"].items()}
        self.ops = [self._parse_token(token) for token in _TOKEN.findall(self.text)]

    def _parse_var(self, name: str, description: str) -> _Var:
        category_name, *filters = description.split()
        if category_name not in self.world.categories:
            raise ValueError(f"{self.where}: unknown category {category_name!r}.")
        category = self.world.categories[category_name]
        keep = np.ones(len(category.entries), dtype=bool)
        number: str | None = "random" if category.has_number else None
        for item in filters:
            key, _, allowed = item.partition("=")
            options = set(allowed.split("|"))
            if key == "number":
                number = options.pop() if len(options) == 1 else "random"
                continue
            keep &= np.array([str(e.get(key)) in options for e in category.entries])
        candidates = np.flatnonzero(keep)
        if candidates.size == 0:
            raise ValueError(f"{self.where}: no {category_name} matches {description!r}.")
        probs = category.probs[candidates]
        return _Var(name, category, candidates, np.cumsum(probs / probs.sum()), number)

    # -- token operations: each returns (n, width) word ids with -1 for "no word" ----------------
    def _parse_token(self, token: str) -> Any:
        if not token.startswith("{"):
            return ("literal", self.world.word_id[token])
        inner = token[1:-1].split()
        head = inner[0]
        if len(inner) == 1 and head.split(".")[0] in self.vars:
            name, _, attribute = head.partition(".")
            var = self.vars[name]
            if attribute and attribute not in var.category.forms + var.category.cues:
                raise ValueError(f"{self.where}: {var.category.name} has no form {attribute!r}.")
            return ("form", name, attribute)
        if head not in self.world.grammar["rules"]:
            raise ValueError(f"{self.where}: {token} is neither a variable nor a rule.")
        return ("rule", _Rule(self, head, inner[1:]))

    def generate(self, rng: np.random.Generator, n: int) -> np.ndarray:
        samples = {}
        for name, var in self.vars.items():
            index = np.searchsorted(var.cumulative, rng.random(n), side="right")
            entry = var.candidates[np.minimum(index, var.candidates.size - 1)]
            plural = None
            if var.number == "random":
                plural = rng.random(n) < self.world.plural_probability
            elif var.number is not None:
                plural = np.full(n, var.number == "pl")
            samples[name] = _Sample(entry, plural)
        blocks = []
        for op in self.ops:
            if op[0] == "literal":
                blocks.append(np.full((n, 1), op[1], dtype=np.int32))
            elif op[0] == "form":
                blocks.append(self.form_block(op[1], op[2], samples[op[1]]))
            else:
                blocks.append(op[1].apply(rng, samples, n))
        return np.hstack(blocks)

    def form_block(self, name: str, form: str, sample: _Sample) -> np.ndarray:
        var = self.vars[name]
        tables = self.world.tables[var.category.name]
        if form:
            return tables[form][sample.entry]
        if sample.plural is None:
            return tables[var.category.forms[0]][sample.entry]
        both = tables["sg|pl"]  # (entries, 2, width): singular and plural, same width
        result: np.ndarray = both[sample.entry, sample.plural.astype(np.intp)]
        return result


class _Rule:
    """An agreement rule used in a template, e.g. ``{be S T}`` or ``{verb V S T}``.

    Compiled to lookup tables: every combination of the key values ("case") maps to the first
    matching pattern, and every (pattern, alternative) to a table of output word ids per entry
    of the rule's first variable, so applying the rule to n sentences is a few array lookups.
    """

    def __init__(self, template: _Template, name: str, args: list[str]) -> None:
        spec = template.world.grammar["rules"][name]
        self.where = f"{template.where}, rule {name!r}"
        constants: dict[str, str] = {}
        var_args: list[str] = []
        for arg in args:
            if "=" in arg:
                key, _, value = arg.partition("=")
                constants[key] = value
            elif arg in template.vars:
                var_args.append(arg)
            else:
                raise ValueError(f"{template.where}: {arg!r} in {{{name} ...}} is not a variable.")
        self.form_var = var_args[0] if var_args else None
        self.categories = {v: template.vars[v].category for v in var_args}
        # where each key comes from: ("const", value) or ("var", name), and its possible values
        self.sources: list[tuple[str, str]] = []
        domains: list[tuple[str, ...]] = []
        for key in spec["keys"]:
            if key in constants:
                self.sources.append(("const", constants[key]))
                domains.append((constants[key],))
                continue
            for var_name in var_args:
                category = template.vars[var_name].category
                if key == "number" and category.has_number:
                    self.sources.append(("var", var_name))
                    domains.append(("sg", "pl"))
                    break
                if key != "number" and key in category.codes:
                    self.sources.append(("var", var_name))
                    domains.append(category.codes[key][1])
                    break
            else:
                raise ValueError(f"{self.where} needs {key!r} but no argument provides it.")
        self.keys: list[str] = list(spec["keys"])
        self.strides = np.cumprod([1] + [len(d) for d in domains[::-1]])[:-1][::-1].astype(np.int64)
        # first matching pattern of every case
        patterns = [(p.split() if self.keys else [], v) for p, v in spec["values"].items()]
        self.case_pattern = np.full(int(np.prod([len(d) for d in domains])), -1, dtype=np.int64)
        for case, values in enumerate(itertools.product(*domains)):
            for index, (parts, _) in enumerate(patterns):
                if all(part in ("*", value) for part, value in zip(parts, values, strict=True)):
                    self.case_pattern[case] = index
                    break
        # output table: (pattern alternative, entry of the form variable, width)
        alternatives = [v if isinstance(v, list) else [v] for _, v in patterns]
        self.n_alternatives = np.array([len(a) for a in alternatives], dtype=np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(self.n_alternatives)[:-1]])
        texts = [text for group in alternatives for text in group]
        n_entries = 1
        tables = template.world.tables
        if self.form_var is not None:
            category = template.vars[self.form_var].category
            n_entries = len(category.entries)
        rows = []
        for text in texts:
            pieces = []
            for word in text.split():
                if not word.startswith("{"):
                    pieces.append(np.full((n_entries, 1), template.world.word_id[word]))
                elif self.form_var is None:
                    raise ValueError(f"{self.where} uses {word} but has no variable.")
                else:
                    pieces.append(tables[category.name][word[1:-1]])
            rows.append(np.hstack(pieces) if pieces else np.full((n_entries, 0), -1))
        width = max(r.shape[1] for r in rows)
        self.table = np.full((len(rows), n_entries, width), -1, dtype=np.int32)
        for index, row in enumerate(rows):
            self.table[index, :, : row.shape[1]] = row

    def apply(self, rng: np.random.Generator, samples: dict[str, _Sample], n: int) -> np.ndarray:
        case = np.zeros(n, dtype=np.int64)
        for key, (kind, source), stride in zip(self.keys, self.sources, self.strides, strict=True):
            if kind == "const":
                continue  # a single-value domain contributes code 0
            sample = samples[source]
            if key == "number":
                assert sample.plural is not None
                code = sample.plural.astype(np.int64)
            else:
                category = self.categories[source]
                code = category.codes[key][0][sample.entry].astype(np.int64)
            case += code * stride
        pattern = self.case_pattern[case]
        if (pattern < 0).any():
            raise ValueError(f"{self.where} has no value for one of its cases.")
        choice = (rng.random(n) * self.n_alternatives[pattern]).astype(np.int64)
        entry = samples[self.form_var].entry if self.form_var else np.zeros(n, dtype=np.int64)
        result: np.ndarray = self.table[self.offsets[pattern] + choice, entry]
        return result


# --------------------------------------------------------------------------------------------
# Public API: corpora


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


def toy_world_ids(n_tokens: int = 1_000_000, seed: int = 42) -> tuple[np.ndarray, list[str]]:
    """Token ids of a toy-world corpus and the words they index (no Python strings per token).

    Use this for big corpora (millions of tokens) that go straight into counting code; it is
    the same corpus as :func:`toy_world_tokens` with the same arguments.

    Examples
    --------
    >>> ids, words = toy_world_ids(n_tokens=1_000, seed=0)
    >>> [words[i] for i in ids[:3]] == toy_world_tokens(n_tokens=1_000, seed=0)[:3]
    True
    """
    corpus = toy_world_corpus(n_tokens, seed)
    return corpus.ids, corpus.words


def toy_world_sentences(n_tokens: int = 1_000_000, seed: int = 42) -> list[list[str]]:
    """Generate a toy-world corpus of about ``n_tokens`` tokens as a list of sentences.

    Each sentence is a list of lower-case word tokens (no punctuation). Same seed, same corpus.

    Examples
    --------
    >>> sentences = toy_world_sentences(n_tokens=100, seed=0)
    >>> all(isinstance(word, str) for sentence in sentences for word in sentence)
    True
    """
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


def toy_world_tokens(n_tokens: int = 1_000_000, seed: int = 42) -> list[str]:
    """Generate a toy-world corpus as one flat list of tokens (the sentences concatenated).

    Examples
    --------
    >>> tokens = toy_world_tokens(n_tokens=100, seed=0)
    >>> len(tokens) >= 100
    True
    """
    ids, _, words = toy_world_corpus(n_tokens, seed)
    result: list[str] = np.array(words, dtype=object)[ids].tolist()
    return result


def toy_world_vocabulary() -> list[str]:
    """Every word the toy world can produce, alphabetically (the ``words`` of :class:`ToyCorpus`).

    Examples
    --------
    >>> "queen" in toy_world_vocabulary()
    True
    """
    return list(_world().words)


# --------------------------------------------------------------------------------------------
# Public API: what the world knows about its words


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
