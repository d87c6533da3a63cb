"""The toy world's generator: its grammar and lexicon compiled into NumPy lookup tables.

Read :mod:`helpers.text.toyworld` first: it says what the toy world is and how to get a corpus.
This module is the machinery behind it. ``data/toyworld/lexicon.json`` (words and their latent
factors) and ``grammar.json`` (sentence templates and agreement rules), both described in
``data/toyworld/README.md``, are compiled once into id tables; a template then fills thousands
of sentences at once with a handful of array lookups (agreement rules are precomputed tables
indexed by feature codes), so a million tokens take well under a second.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

from helpers.datafiles import project_file

__all__ = ["CHUNK_SENTENCES", "world"]

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
def world() -> _World:
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
