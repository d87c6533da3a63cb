"""Real text as tokens: the course tokenizer, your own text files, and a Wikipedia sample.

The tokenizer
    :func:`tokenize` lower-cases the text and keeps runs of letters and digits (any script), with
    apostrophes *inside* a word kept (``don't``, ``o'neill``). Everything else separates tokens
    and is dropped: spaces, punctuation, hyphens (``well-known`` -> ``well``, ``known``), underscores,
    and apostrophes at the edge of a word (``'tis`` -> ``tis``, ``dogs'`` -> ``dogs``). Decimal
    points and thousands separators split numbers (``3.14`` -> ``3``, ``14``). Text is first
    normalised to Unicode NFC (so an accented letter is one character) and the typographic
    apostrophe ``’`` is read as ``'``.

The Wikipedia sample
    A shortened English Wikipedia dump the course ships (``data/thirdparty/``, the copy gensim
    uses as a test fixture, SHA-256 checked on load;
    ``enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2``, 1.7 MB of bz2, 6 MB of XML, 206
    pages of which 106 are articles and 100 redirects). :func:`wikipedia_sentences` keeps the
    articles, cuts their reference sections, removes the wiki markup (:mod:`helpers.wikimarkup`),
    splits the text into sentences and tokenizes them. Thorough cleaning leaves about 0.45 M
    tokens (tokenizing the raw markup would give 0.86 M, half of it citation templates, URLs and
    table syntax). The result is cached in the user cache folder
    (:func:`helpers.datafiles.cache_dir`) after the first build.

text8 (optional, needs internet once)
    :func:`download_text8` and :func:`load_text8` (from :mod:`helpers.text.text8`, re-exported
    here) fetch Matt Mahoney's 17 M-token text8 corpus into the cache folder. No notebook needs it.
"""

from __future__ import annotations

import bz2
import hashlib
import os
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from helpers.datafiles import cache_dir as default_cache_dir
from helpers.datafiles import read_cache, sha256_of, thirdparty_file, write_cache
from helpers.text import wikimarkup
from helpers.text.text8 import download_text8, load_text8
from helpers.text.wikimarkup import clean_wiki, drop_reference_sections

__all__ = [
    "WIKIPEDIA_FILE",
    "download_text8",
    "load_text",
    "load_text8",
    "split_sentences",
    "tokenize",
    "wikipedia_articles",
    "wikipedia_sentences",
    "wikipedia_tokens",
]

WIKIPEDIA_FILE = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
# Bump when the cache format changes. A change to the cleaning code is detected by itself: the
# cache header carries a hash of this module and of helpers.wikimarkup.
_CACHE_VERSION = 2
_CACHE_NAME = "wikipedia_sentences.txt"

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s+(?=[^a-z\s])")


def tokenize(text: str) -> list[str]:
    """Split text into lower-case word tokens (letters and digits, inner apostrophes kept).

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of str
        The tokens in order; punctuation is dropped.

    Examples
    --------
    >>> tokenize("The King's well-known speech, in 1066: don't panic!")
    ['the', "king's", 'well', 'known', 'speech', 'in', '1066', "don't", 'panic']
    >>> tokenize("Café ’tis naïve — 3.14")
    ['café', 'tis', 'naïve', '3', '14']
    """
    if not isinstance(text, str):
        raise TypeError(f"tokenize needs a string, got {type(text).__name__}.")
    text = unicodedata.normalize("NFC", text).replace("’", "'").lower()
    return _TOKEN.findall(text)


def split_sentences(text: str) -> list[str]:
    """Split plain text into sentences: at line breaks, and after ``.``, ``!`` or ``?``.

    A break after ``.``/``!``/``?`` (optionally followed by a closing quote or bracket) needs
    whitespace and then a character that is not a lower-case letter, so ``e.g. the`` stays in
    one sentence; abbreviations before a capital (``Dr. Smith``) are split, a known limitation
    of this simple rule.

    Examples
    --------
    >>> split_sentences('It rained. "Why?" she asked.\\nNew line, e.g. this one.')
    ['It rained.', '"Why?" she asked.', 'New line, e.g. this one.']
    """
    sentences = []
    for line in text.splitlines():
        sentences += [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]
    return sentences


def load_text(path: str | os.PathLike[str]) -> list[str]:
    """Read a UTF-8 text file of your own and return its tokens (see :func:`tokenize`).

    Parameters
    ----------
    path : str or path-like
        A plain-text file (``.txt``, ``.md``, ...) encoded as UTF-8.

    Returns
    -------
    list of str
        The tokens of the whole file.

    Raises
    ------
    TypeError
        If ``path`` is not a string or path.
    FileNotFoundError, IsADirectoryError
        If there is no such file.
    ValueError
        If the file is empty, has no words, is not UTF-8 text, or looks binary.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "mine.txt"
    >>> _ = p.write_text("Hello, world! Hello again.", encoding="utf-8")
    >>> load_text(p)
    ['hello', 'world', 'hello', 'again']
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(
            f"load_text needs a file path (a string or pathlib.Path), got {type(path).__name__}."
        )
    file = Path(path)
    if file.is_dir():
        raise IsADirectoryError(f"{file} is a folder, not a text file; give the path of a file.")
    if not file.exists():
        raise FileNotFoundError(f"There is no file {file} (looked from {Path.cwd()}).")
    raw = file.read_bytes()
    if not raw.strip():
        raise ValueError(f"The file {file} is empty; put some text in it first.")
    if b"\x00" in raw[:8192]:
        raise ValueError(f"The file {file} looks binary, not like text; give a plain-text file.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"The file {file} is not UTF-8 text (byte {error.start} cannot be read); "
            "save it as UTF-8 and try again."
        ) from None
    tokens = tokenize(text)
    if not tokens:
        raise ValueError(f"The file {file} contains no words (only punctuation or spaces).")
    return tokens


def wikipedia_articles() -> Iterator[tuple[str, str]]:
    """Yield ``(title, wikitext)`` for each article of the Wikipedia sample.

    Redirect pages and pages outside the article namespace are skipped (106 articles remain).

    Examples
    --------
    >>> title, wikitext = next(wikipedia_articles())
    >>> title, wikitext[:12]
    ('Anarchism', '{{Redirect2|')
    """
    path = thirdparty_file(WIKIPEDIA_FILE)
    with bz2.open(path) as stream:
        for _, element in ET.iterparse(stream):
            if not element.tag.endswith("}page"):
                continue
            namespace = element.findtext("{*}ns")
            redirect = element.find("{*}redirect") is not None
            title = element.findtext("{*}title") or ""
            wikitext = element.findtext("{*}revision/{*}text") or ""
            element.clear()
            if namespace == "0" and not redirect:
                yield title, wikitext


def _build_sentences() -> list[list[str]]:
    sentences = []
    for _, wikitext in wikipedia_articles():
        text = clean_wiki(drop_reference_sections(wikitext))
        for sentence in split_sentences(text):
            tokens = tokenize(sentence)
            if tokens:
                sentences.append(tokens)
    return sentences


def _cache_header() -> str:
    source = thirdparty_file(WIKIPEDIA_FILE)
    code = hashlib.sha256()
    for module in (__file__, wikimarkup.__file__):
        code.update(Path(module).read_bytes())
    return (
        f"# helpers.text wikipedia cache v{_CACHE_VERSION} "
        f"source={sha256_of(source)[:16]} code={code.hexdigest()[:16]}"
    )


def _read_cache(path: Path, header: str) -> list[list[str]] | None:
    """The cached sentences, or None if the cache is missing, stale, edited or damaged."""
    body = read_cache(path, header)
    if body is None or not body:
        return None
    sentences = [line.split(" ") for line in body.split("\n")]
    return None if [""] in sentences else sentences


def _write_cache(path: Path, header: str, sentences: list[list[str]]) -> None:
    write_cache(path, header, "\n".join(" ".join(s) for s in sentences))


def wikipedia_sentences(cache_dir: str | os.PathLike[str] | None = None) -> list[list[str]]:
    """Return the Wikipedia sample as tokenized sentences (about 0.45 M tokens).

    The first call builds the corpus (a few seconds: XML parsing, markup removal, sentence
    splitting, :func:`tokenize`) and caches it in the user cache folder
    (:func:`helpers.datafiles.cache_dir`); later calls read the cache (well under a second). A
    cache written by different cleaning code, or whose body does not match its SHA-256 (edited
    or damaged), is rebuilt; writes are atomic, so two notebooks building at once cannot
    corrupt it.

    Parameters
    ----------
    cache_dir : str or path-like, optional
        Where to keep the cache (default: :func:`helpers.datafiles.cache_dir`).

    Returns
    -------
    list of list of str
        One list of tokens per sentence, articles in dump order.

    Examples
    --------
    >>> sentences = wikipedia_sentences()
    >>> sentences[0][:5]
    ['anarchism', 'is', 'a', 'political', 'philosophy']
    """
    path = Path(cache_dir if cache_dir is not None else default_cache_dir()) / _CACHE_NAME
    header = _cache_header()
    sentences = _read_cache(path, header)
    if sentences is None:
        sentences = _build_sentences()
        _write_cache(path, header, sentences)
    return sentences


def wikipedia_tokens(cache_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Return the Wikipedia sample as one flat list of tokens (about 0.45 M).

    Same tokens as :func:`wikipedia_sentences`, concatenated (sentence boundaries dropped).

    Examples
    --------
    >>> tokens = wikipedia_tokens()
    >>> tokens[:3]
    ['anarchism', 'is', 'a']
    """
    return [token for sentence in wikipedia_sentences(cache_dir) for token in sentence]
