"""Turn MediaWiki markup (the source text of Wikipedia articles) into plain prose.

The cleaner works in a fixed order, each step a small function you can test on its own:

1. :func:`strip_comments` removes ``<!-- ... -->`` (an unterminated comment runs to the end).
2. :func:`strip_tags_with_content` removes elements whose content is not prose, with their content:
   ``<ref>...</ref>`` and ``<ref .../>``, ``<math>``, ``<gallery>``, ``<timeline>``, ``<source>``,
   ``<syntaxhighlight>``, ``<score>``, ``<hiero>``, ``<imagemap>``, ``<chem>``, ``<ce>``,
   ``<templatedata>``, ``<graph>``, ``<references>``.
3. :func:`strip_balanced` removes templates ``{{...}}`` and then tables ``{| ... |}``, both nested to
   any depth (templates first, because a template like ``{{a|}}`` contains the table closer ``|}``).
4. :func:`replace_external_links` keeps the label of ``[http://example.org label]`` and drops bare
   URLs.
5. :func:`replace_internal_links` turns ``[[target|label]]`` into ``label`` and ``[[target]]`` into
   ``target`` (innermost first, so links inside image captions are handled); it drops
   ``[[File:...]]``, ``[[Image:...]]``, ``[[Media:...]]``, ``[[Category:...]]`` and inter-language
   links such as ``[[de:Anarchismus]]`` entirely.
6. :func:`strip_html` removes the remaining HTML tags (keeping their content: ``<sub>``, ``<small>``,
   ...), turns ``<br>`` into a space, then decodes entities (``&nbsp;``, ``&ndash;``, ``&amp;``).
7. :func:`strip_formatting` removes headings markup (``== History ==`` -> ``History``), bold and
   italic quotes (``''`` and ``'''``), list and indentation markers at the start of a line
   (``*``, ``#``, ``:``, ``;``), horizontal rules and magic words (``__NOTOC__``).

:func:`clean_wiki` runs them all. :func:`drop_reference_sections` (used by the Wikipedia corpus)
also cuts *See also*, *References*, *Notes*, *Further reading*, *External links*, *Bibliography*
and similar sections, which are lists of titles rather than prose.
"""

from __future__ import annotations

import html
import re

__all__ = [
    "REFERENCE_SECTIONS",
    "clean_wiki",
    "drop_reference_sections",
    "replace_external_links",
    "replace_internal_links",
    "strip_balanced",
    "strip_comments",
    "strip_formatting",
    "strip_html",
    "strip_tags_with_content",
]

_NON_PROSE_TAGS = (
    "ref|math|gallery|timeline|source|syntaxhighlight|score|hiero|imagemap|chem|ce|templatedata|"
    "graph|references"
)
_SELF_CLOSING = re.compile(rf"<\s*(?:{_NON_PROSE_TAGS})\b[^>]*/\s*>", re.IGNORECASE)
_WITH_CONTENT = re.compile(
    rf"<\s*({_NON_PROSE_TAGS})\b[^>]*>.*?<\s*/\s*\1\s*>", re.IGNORECASE | re.DOTALL
)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_EXTERNAL = re.compile(r"(?<!\[)\[(?:https?:|ftp:|mailto:|//)[^\s\]]*\s*([^\]]*)\]", re.IGNORECASE)
_BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\]|]+", re.IGNORECASE)
_LINK_BRACKETS = re.compile(r"\[\[|\]\]")
_DROPPED_NAMESPACES = {"file", "image", "media", "category"}
_INTERLANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-z]{2,8})*$")
_BR = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*\b[^<>]*/?\s*>")
_HEADING = re.compile(r"^[ \t]*(=+)[ \t]*(.*?)[ \t]*\1[ \t]*$", re.MULTILINE)
_QUOTES = re.compile(r"''+")
_LIST_MARK = re.compile(r"^[ \t]*[*#:;]+[ \t]*", re.MULTILINE)
_RULE = re.compile(r"^-{4,}", re.MULTILINE)
_MAGIC = re.compile(r"__[A-Z]+__")

REFERENCE_SECTIONS = frozenset(
    {
        "see also",
        "references",
        "notes",
        "footnotes",
        "notes and references",
        "references and notes",
        "citations",
        "sources",
        "bibliography",
        "further reading",
        "external links",
        "works cited",
        "selected bibliography",
        "selected works",
        "publications",
        "gallery",
        "editions",
    }
)


def strip_comments(text: str) -> str:
    """Remove HTML comments ``<!-- ... -->``.

    Examples
    --------
    >>> strip_comments("a <!-- hidden --> b")
    'a  b'
    """
    return _COMMENT.sub("", text)


def strip_tags_with_content(text: str) -> str:
    """Remove references and other non-prose elements together with their content.

    Examples
    --------
    >>> strip_tags_with_content('Paris.<ref name="a">Smith 2001</ref> It<ref name="a"/> is <math>x^2</math>big.')
    'Paris. It is big.'
    """
    text = _SELF_CLOSING.sub("", text)
    return _WITH_CONTENT.sub("", text)


def strip_balanced(text: str, opener: str, closer: str) -> str:
    """Remove every region from ``opener`` to its matching ``closer``, nested to any depth.

    An unmatched ``closer`` is removed on its own; an ``opener`` that is never closed is removed
    on its own too (so one broken template cannot swallow the rest of an article).

    Examples
    --------
    >>> strip_balanced("a {{x|{{y}}|z}} b {{c}}", "{{", "}}")
    'a  b '
    >>> strip_balanced("a {| t {| u |} |} b", "{|", "|}")
    'a  b'
    """
    for name, mark in (("opener", opener), ("closer", closer)):
        if not isinstance(mark, str) or not mark:
            raise ValueError(
                f"{name} must be a non-empty string such as '{{{{', got {mark!r} (an empty one "
                "matches everywhere and would never finish)."
            )
    token = re.compile(re.escape(opener) + "|" + re.escape(closer))
    done: list[str] = []
    while True:
        pieces: list[str] = []
        starts: list[int] = []  # positions of the currently open openers
        kept_until = 0  # text[kept_until:position] at depth 0 is still to be copied
        for match in token.finditer(text):
            if match.group() == opener:
                if not starts:
                    pieces.append(text[kept_until : match.start()])
                starts.append(match.start())
            elif starts:
                starts.pop()
                if not starts:
                    kept_until = match.end()
            else:  # a closer with nothing open: drop just the closer
                pieces.append(text[kept_until : match.start()])
                kept_until = match.end()
        if not starts:
            pieces.append(text[kept_until:])
            return "".join(done + pieces)
        # The outermost opener was never closed: drop only it, then clean the rest again.
        done += pieces
        text = text[starts[0] + len(opener) :]


def replace_external_links(text: str) -> str:
    """Keep the label of ``[url label]`` links (nothing if unlabelled) and drop bare URLs.

    Examples
    --------
    >>> replace_external_links("See [http://a.org/x The Site] or http://b.org now.")
    'See The Site or  now.'
    """
    text = _EXTERNAL.sub(lambda m: m.group(1), text)
    return _BARE_URL.sub("", text)


def _link_text(inner: str) -> str:
    target = inner.split("|", 1)[0].strip()
    if ":" in target:
        prefix = target.split(":", 1)[0].strip().lower()
        if prefix in _DROPPED_NAMESPACES or _INTERLANGUAGE.match(prefix):
            return ""
    if "|" in inner:
        label = inner.rsplit("|", 1)[1].strip()
        return label if label else target
    return target.lstrip(":")


def replace_internal_links(text: str) -> str:
    """Replace wiki links by their visible text; drop files, images, categories, language links.

    Links nest (a link inside an image caption): each ``[[`` is matched with its own ``]]``,
    innermost first; single brackets inside a caption are ordinary text. A ``[[`` that is never
    closed is dropped and its text kept.

    Examples
    --------
    >>> replace_internal_links("The [[state (polity)|state]] of [[Paris]]ian [[art]]s.")
    'The state of Parisian arts.'
    >>> replace_internal_links("A[[File:x.jpg|thumb|A [[cat]] [sic] sits]] cat.[[Category:Cats]][[de:Katze]]")
    'A cat.'
    """
    stack: list[list[str]] = [[]]  # stack[0] is the output; one buffer per open link above it
    position = 0
    for match in _LINK_BRACKETS.finditer(text):
        stack[-1].append(text[position : match.start()])
        position = match.end()
        if match.group() == "[[":
            stack.append([])
        elif len(stack) > 1:
            inner = "".join(stack.pop())
            stack[-1].append(_link_text(inner))
        else:
            stack[-1].append("]]")  # a closer with nothing open stays as text
    stack[-1].append(text[position:])
    while len(stack) > 1:  # unclosed links: keep their text
        inner = "".join(stack.pop())
        stack[-1].append(inner)
    return "".join(stack[0])


def strip_html(text: str) -> str:
    """Remove HTML tags (keeping their content), ``<br>`` -> space, then decode entities.

    Examples
    --------
    >>> strip_html("H<sub>2</sub>O&nbsp;is<br/>wet &amp; clear")
    'H2O\\xa0is wet & clear'
    """
    text = _BR.sub(" ", text)
    text = _TAG.sub("", text)
    return html.unescape(text)


def strip_formatting(text: str) -> str:
    """Remove headings markup, bold/italic quotes, list markers, rules and magic words.

    Examples
    --------
    >>> print(strip_formatting("== History ==\\n'''Anarchism''' is ''old''.\\n* item\\n__NOTOC__"))
    History
    Anarchism is old.
    item
    <BLANKLINE>
    """
    text = _HEADING.sub(lambda m: m.group(2), text)
    text = _QUOTES.sub("", text)
    text = _LIST_MARK.sub("", text)
    text = _RULE.sub("", text)
    return _MAGIC.sub("", text)


def drop_reference_sections(wikitext: str) -> str:
    """Cut sections such as *References* or *External links* (heading to the next heading).

    Examples
    --------
    >>> print(drop_reference_sections("Intro.\\n== Life ==\\nBorn.\\n== See also ==\\n* X\\n== Legacy ==\\nFamous."))
    Intro.
    == Life ==
    Born.
    == Legacy ==
    Famous.
    """
    out: list[str] = []
    skipping_level = 0  # > 0 while inside a dropped section of that heading level
    for line in wikitext.split("\n"):
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            title = _QUOTES.sub("", heading.group(2)).strip().lower()
            if skipping_level and level > skipping_level:
                continue  # a subsection of a dropped section
            skipping_level = level if title in REFERENCE_SECTIONS else 0
        if not skipping_level:
            out.append(line)
    return "\n".join(out)


def clean_wiki(wikitext: str) -> str:
    """Turn the wikitext of an article into plain text, one paragraph or list item per line.

    Examples
    --------
    >>> clean_wiki("{{Infobox|a={{b}}}}'''Paris''' is the [[capital city|capital]] of "
    ...            "[[France]].<ref>{{cite web|url=http://x.org}}</ref>")
    'Paris is the capital of France.'
    """
    text = strip_comments(wikitext)
    text = strip_tags_with_content(text)
    text = strip_balanced(text, "{{", "}}")
    text = strip_balanced(text, "{|", "|}")
    text = replace_external_links(text)
    text = replace_internal_links(text)
    text = strip_html(text)
    text = strip_formatting(text)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
