"""Tests for helpers.text and helpers.wikimarkup: hand-written expected outputs and an
independent reading of the Wikipedia dump."""

from __future__ import annotations

import bz2
import hashlib
import multiprocessing
import re
from pathlib import Path

import pytest

from helpers.text import corpus as text
from helpers.text import wikimarkup
from helpers.text.corpus import (
    load_text,
    split_sentences,
    tokenize,
    wikipedia_sentences,
    wikipedia_tokens,
)
from helpers.text.wikimarkup import (
    clean_wiki,
    drop_reference_sections,
    replace_external_links,
    replace_internal_links,
    strip_balanced,
    strip_comments,
    strip_formatting,
    strip_html,
    strip_tags_with_content,
)

ROOT = Path(__file__).resolve().parents[1]

# ---------------------------------------------------------------------------- tokenizer


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hello, World!", ["hello", "world"]),
        ("don't stop O'Neill's", ["don't", "stop", "o'neill's"]),
        ("’tis the dogs’ bone", ["tis", "the", "dogs", "bone"]),
        ("well-known under_score", ["well", "known", "under", "score"]),
        ("In 1066, 3.14 and 1,000", ["in", "1066", "3", "14", "and", "1", "000"]),
        ("Straße Ελλάδα Москва", ["straße", "ελλάδα", "москва"]),
        ("cafe\u0301", ["café"]),  # decomposed accent -> one NFC letter
        ("''quoted'' -- (brackets) [x]", ["quoted", "brackets", "x"]),
        ("", []),
        ("  ...  !!! ", []),
    ],
)
def test_tokenize_hand_written_cases(raw: str, expected: list[str]) -> None:
    assert tokenize(raw) == expected


def test_tokenize_wrong_type_is_one_sentence() -> None:
    with pytest.raises(TypeError, match="tokenize needs a string, got list"):
        tokenize(["a", "b"])  # type: ignore[arg-type]


def test_split_sentences() -> None:
    assert split_sentences("One. Two! Three? four.\n\nFive (5). Six") == [
        "One.",
        "Two!",
        "Three? four.",
        "Five (5).",
        "Six",
    ]
    assert split_sentences('He said "Go." Then left.') == ['He said "Go."', "Then left."]


# ---------------------------------------------------------------------------- load_text


def test_load_text_reads_utf8(tmp_path: Path) -> None:
    path = tmp_path / "mine.txt"
    path.write_text("\ufeffThe Café's owner.\nSecond line — naïve.", encoding="utf-8")
    assert load_text(path) == ["the", "café's", "owner", "second", "line", "naïve"]
    assert load_text(str(path)) == load_text(path)


def test_load_text_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"There is no file .*nope\.txt"):
        load_text(tmp_path / "nope.txt")
    with pytest.raises(IsADirectoryError, match="is a folder, not a text file"):
        load_text(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    with pytest.raises(ValueError, match="is empty; put some text in it first"):
        load_text(empty)
    punct = tmp_path / "punct.txt"
    punct.write_text("... !!! --")
    with pytest.raises(ValueError, match="contains no words"):
        load_text(punct)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("caf\xe9 au lait".encode("latin-1"))
    with pytest.raises(ValueError, match=r"is not UTF-8 text .*save it as UTF-8"):
        load_text(latin1)
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(ValueError, match="looks binary"):
        load_text(binary)
    with pytest.raises(TypeError, match=r"needs a file path .* got int"):
        load_text(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="got list"):
        load_text(["a.txt"])  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- wiki markup


def test_each_markup_step_on_hand_written_samples() -> None:
    assert strip_comments("a<!-- x\n y -->b<!-- open") == "ab"
    assert (
        strip_tags_with_content(
            'A<ref name="x">{{cite|a}}</ref>B<ref name="x" />C<REF>d</REF>E<math>\\frac{a}{b}</math>F'
        )
        == "ABCEF"
    )
    assert strip_balanced("x{{a|{{b|{{c}}}}}}y{{d}}z", "{{", "}}") == "xyz"
    assert strip_balanced("x}}y{{z", "{{", "}}") == "xyz"  # unmatched braces dropped, text kept
    assert strip_balanced("a\n{| class=w\n|-\n| {| inner |}\n|}\nb", "{|", "|}") == "a\n\nb"
    assert replace_external_links("[https://x.org/a?b=1 Label here] [http://y.org] ftp://z") == (
        "Label here  "
    )
    assert replace_internal_links("[[a|b]] [[c]] [[d|]] [[:Category:X]] [[Image:i.png|[[e]]]]") == (
        "b c d Category:X "
    )
    assert strip_html("x<sup>2</sup>&nbsp;&ndash;&amp;<br>y<div class='a'>z</div>") == (
        "x2\xa0–& yz"
    )
    assert strip_html("if a < b and c > d then x&lt;y") == "if a < b and c > d then x<y"
    assert strip_formatting("=== Sub ===\n'''''bold italic'''''\n#: item\n----\n__TOC__x") == (
        "Sub\nbold italic\nitem\n\nx"
    )


def test_clean_wiki_on_a_realistic_article() -> None:
    wikitext = """{{Infobox person
| name = Ada {{nowrap|Lovelace}}
| image = Ada.jpg
}}
'''Augusta Ada King''' (10 December 1815 – 27 November 1852) was an English [[mathematician]]
and [[writer]], known for her work on [[Charles Babbage|Babbage]]'s [[Analytical Engine]].<ref name="a">{{cite book|title=T|isbn=1}}</ref>
<!-- a hidden editor note -->
[[File:Ada Lovelace portrait.jpg|thumb|left|Ada, c. 1840 [painting] by [[Alfred Edward Chalon|Chalon]]]]
== Early life ==
She was the only legitimate child of [[Lord Byron]].<ref>Stein, p.&nbsp;3.</ref> See [http://example.org her letters].
{| class="wikitable"
! Year !! Event
|-
| 1843 || {{small|Notes}}
|}
== References ==
{{reflist}}
* Stein, Dorothy (1985). ''Ada: A Life''.
== External links ==
* [http://example.org Official site]
[[Category:1815 births]]
[[fr:Ada Lovelace]]"""
    expected = (
        "Augusta Ada King (10 December 1815 – 27 November 1852) was an English mathematician\n"
        "and writer, known for her work on Babbage's Analytical Engine.\n"
        "Early life\n"
        "She was the only legitimate child of Lord Byron. See her letters."
    )
    assert clean_wiki(drop_reference_sections(wikitext)) == expected


def test_drop_reference_sections_keeps_later_sections_and_drops_subsections() -> None:
    wikitext = "A\n==Notes==\nn\n===Sub===\ns\n== Later ==\nL\n=== '''Further reading''' ===\nf"
    assert drop_reference_sections(wikitext) == "A\n== Later ==\nL"


# ---------------------------------------------------------------------------- the corpus


def _independent_article_count() -> int:
    raw = bz2.decompress((ROOT / "data" / "thirdparty" / text.WIKIPEDIA_FILE).read_bytes()).decode(
        "utf-8"
    )
    pages = raw.split("<page>")[1:]
    return sum(1 for p in pages if "<ns>0</ns>" in p and "<redirect " not in p)


def test_wikipedia_articles_are_the_non_redirect_articles() -> None:
    articles = list(text.wikipedia_articles())
    assert len(articles) == _independent_article_count() == 106
    assert articles[0][0] == "Anarchism"
    assert len({title for title, _ in articles}) == 106


def test_wikipedia_corpus_is_clean_and_sized(tmp_path: Path) -> None:
    sentences = wikipedia_sentences()  # the shared cache (built on first use)
    tokens = wikipedia_tokens()
    assert tokens == [t for s in sentences for t in s]
    assert 400_000 <= len(tokens) <= 500_000
    assert all(sentences)
    assert sentences[0][:8] == [
        "anarchism",
        "is",
        "a",
        "political",
        "philosophy",
        "that",
        "advocates",
        "self",
    ]
    token_re = re.compile(r"^[^\W_]+(?:'[^\W_]+)*$")
    vocabulary = set(tokens)
    assert all(token_re.match(t) and t == t.lower() for t in vocabulary)
    # markup words that survive a sloppy cleaner
    for junk in [
        "nbsp",
        "ndash",
        "http",
        "https",
        "ref",
        "jpg",
        "png",
        "px",
        "defaultsort",
        "infobox",
        "accessdate",
        "reflist",
    ]:
        assert junk not in vocabulary, junk
    # built fresh in another folder, the corpus is identical to the shared cache
    assert wikipedia_sentences(cache_dir=tmp_path) == sentences


def test_cache_is_reused_rebuilt_when_stale_or_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = [["a", "b"], ["c"]]
    builds: list[int] = []

    def fake_build() -> list[list[str]]:
        builds.append(1)
        return [list(s) for s in small]

    monkeypatch.setattr(text, "_build_sentences", fake_build)
    cache = tmp_path / "wikipedia_sentences.txt"
    assert wikipedia_sentences(tmp_path) == small and len(builds) == 1
    lines = cache.read_text().splitlines()
    assert lines[2:] == ["a b", "c"]
    assert lines[1] == "# sha256 " + hashlib.sha256(b"a b\nc").hexdigest()
    assert wikipedia_sentences(tmp_path) == small and len(builds) == 1  # read from the cache

    good = cache.read_text()
    damaged = {
        "truncated": good[: len(good) - 2].encode(),
        "body edited, same length": good.replace("a b", "a x").encode(),
        "body edited, line count kept": good.replace("\nc", "\nd").encode(),
        "stale version": good.replace(" v2 ", " v1 ").encode(),
        "other code": re.sub(r"code=[0-9a-f]+", "code=0123", good).encode(),
        "other source": re.sub(r"source=[0-9a-f]+", "source=0", good).encode(),
        "empty": b"",
        "not utf-8": b"\xff\xfe\x00garbage",
    }
    for case, content in damaged.items():
        cache.write_bytes(content)
        before = len(builds)
        assert wikipedia_sentences(tmp_path) == small, case
        assert len(builds) == before + 1, case
        assert cache.read_text() == good, case
    assert [p.name for p in tmp_path.iterdir()] == ["wikipedia_sentences.txt"]  # no temp files left


def test_unwritable_cache_folder_still_returns_the_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text, "_build_sentences", lambda: [["x"]])
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.warns(
        RuntimeWarning, match=r"cache folder .*file/cache is not writable.*EMBEDDINGS_COURSE_CACHE"
    ):
        assert wikipedia_sentences(blocker / "cache") == [["x"]]


def test_default_cache_folder_follows_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text, "_build_sentences", lambda: [["y", "z"]])
    monkeypatch.setenv("EMBEDDINGS_COURSE_CACHE", str(tmp_path / "mine"))
    assert wikipedia_sentences() == [["y", "z"]]
    assert (tmp_path / "mine" / "wikipedia_sentences.txt").is_file()


def test_concurrent_builds_leave_one_valid_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Several processes build at once (forked, so they share this fake, large-ish build) and
    # write the cache simultaneously; every one must get the corpus and leave one valid cache.
    big = [[f"w{i}", f"x{i % 7}", "y"] for i in range(20_000)]
    monkeypatch.setattr(text, "_build_sentences", lambda: [list(s) for s in big])
    context = multiprocessing.get_context("fork")
    processes = [
        context.Process(target=wikipedia_sentences, args=(str(tmp_path),)) for _ in range(4)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [p.exitcode for p in processes] == [0, 0, 0, 0]
    assert [p.name for p in tmp_path.iterdir()] == ["wikipedia_sentences.txt"]
    monkeypatch.setattr(text, "_build_sentences", lambda: pytest.fail("the cache was not used"))
    assert wikipedia_sentences(tmp_path) == big


def test_corpus_is_frozen() -> None:
    # Committed notebook outputs (01, 02, 03, 07) print these numbers: any change to the cleaner,
    # the sentence splitter or the tokenizer must be deliberate, re-executing those notebooks.
    sentences = wikipedia_sentences()
    assert len(sentences) == 24_126
    assert sum(len(s) for s in sentences) == 446_678
    assert len({t for s in sentences for t in s}) == 33_637
    joined = "\n".join(" ".join(s) for s in sentences).encode()
    assert hashlib.sha256(joined).hexdigest() == (
        "b15ace63e50aab98ebf7d5e17ceb1afbfb321e8b99546d182c3a68b0f418a6cd"
    )


def test_module_docstrings_match_the_corpus() -> None:
    # the docs promise "about 0.45 M tokens"; keep them honest
    assert "0.45 M" in (text.__doc__ or "")
    assert abs(len(wikipedia_tokens()) - 450_000) < 25_000
    assert wikimarkup.REFERENCE_SECTIONS >= {"references", "external links", "see also"}
