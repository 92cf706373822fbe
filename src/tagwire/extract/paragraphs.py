"""Trafilatura's body tree to clean paragraphs.

We serialize the tree ourselves instead of using trafilatura's text output:
its text puts a single newline both between paragraphs and at every ``<br>``,
so the two cannot be told apart, and a careless join of those lines glues
words ("told\\nhome" -> "toldhome"). Here every block boundary ends a
paragraph, a ``<br>`` either ends one or becomes a space, and whitespace
inside a paragraph collapses to single spaces.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# Elements of trafilatura's output format that start and end a paragraph.
_BLOCKS = {"p", "head", "list", "item", "quote", "table", "row", "code", "div", "section", "article", "body", "graphic"}
_SENTENCE_END = re.compile(r"""[.!?:;…"'”’)\]]$""")


@dataclass(slots=True)
class Paragraph:
    text: str
    heading: bool = False
    link_chars: int = 0  # estimated by article.mark_links from the page's anchors
    list_id: int | None = None  # the <list> an <item> belongs to

    @property
    def link_ratio(self) -> float:
        return self.link_chars / max(len(self.text), 1)


class _Collector:
    """Accumulates text runs; a line break closes a line, a block boundary
    closes the block's lines into paragraphs."""

    def __init__(self) -> None:
        self.done: list[Paragraph] = []
        self.parts: list[str] = []
        self.lines: list[str] = []  # closed lines of the current block
        self.heading = False
        self.list_id: int | None = None

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def line_break(self) -> None:
        self.lines.append(collapse("".join(self.parts)))
        self.parts = []

    def block_break(self) -> None:
        self.line_break()
        for text in join_lines(self.lines):
            self.done.append(Paragraph(text, self.heading, 0, self.list_id))
        self.lines, self.heading = [], False


# Soft hyphens, zero-width spaces and BOMs split words invisibly.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))


_HAS_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


def collapse(text: str) -> str:
    text = html.unescape(text)
    # translate() looks every character up in a dict: only when one is there
    if not text.isascii() and _HAS_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


def join_lines(lines: list[str]) -> list[str]:
    """Lines split by ``<br>``: a line that stops mid-sentence and a next line
    starting in lower case are one sentence wrapped in the source; anything
    else is a paragraph of its own."""
    return [text for text, _ in join_lines_with_links([(line, 0) for line in lines])]


def join_lines_with_links(lines: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``join_lines`` for (text, characters of link text) pairs."""
    # Lines are gathered and joined once, and only a line's end is read: a
    # block of 40,000 wrapped lines was quadratic (each join copied and
    # searched all the text joined before it).
    groups: list[tuple[list[str], list[int]]] = []
    for text, links in lines:
        if not text:
            continue
        if groups and not _SENTENCE_END.search(groups[-1][0][-1][-3:]) and text[0].islower():
            groups[-1][0].append(text)
            groups[-1][1][0] += links
        else:
            groups.append(([text], [links]))
    return [(" ".join(parts), links[0]) for parts, links in groups]


def body_paragraphs(body) -> list[Paragraph]:
    """Paragraphs of trafilatura's output tree, in order."""
    collector = _Collector()
    _walk(body, collector)
    collector.block_break()
    return collector.done


def _walk(element, out: _Collector) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    block = tag in _BLOCKS
    if block:
        out.block_break()
        out.heading = tag == "head"
    if tag == "lb":
        out.line_break()
    elif tag == "cell":
        out.add(" ")  # cells of a row read as one line, space-separated
    outer_list = out.list_id
    if tag == "list":
        out.list_id = id(element)
    out.add(element.text)
    for child in element:
        _walk(child, out)
        out.add(child.tail)
    if block:
        out.block_break()
    out.list_id = outer_list
