"""The finder's walk: one read-only pass over the page that cuts its visible
text into blocks, remembering the container each sits in.

A block is a ``<p>``, a heading, a list item or table row, a ``<div>``'s own
text, or one of the lines a ``<br>`` splits. Each block records its link
text; each container its parent, its span of blocks, its "tag.class"
signature and whether it is furniture: navigation, related and newsletter
boxes, share bars, captions, comments (by tag and by class/id words).
Hidden text and subtrees that never hold prose are not walked at all.
content.py scores and chooses among the containers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tagwire.extract.boilerplate import is_time_stamp
from tagwire.extract.paragraphs import collapse, join_lines_with_links

# Subtrees that never hold article prose.
_SKIP = {
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "video",
    "audio", "picture", "img", "button", "select", "option", "input", "textarea", "head", "link", "meta", "nav",
    "figcaption", "dialog", "map", "source", "track", "label",
}  # fmt: skip
# Sections of a page that are furniture unless they hold most of its prose
# (``<address>`` is the contact line of its article: a byline, never its text).
_SECTIONS = {"aside", "footer", "header", "address"}
# Elements that end a paragraph before and after them.
_BLOCKS = {
    "p", "div", "section", "article", "main", "body", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl",
    "dt", "dd", "blockquote", "pre", "table", "tr", "form", "fieldset", "address", "center", "details",
    "summary", "figure", "hr", "tbody", "thead", "tfoot", "caption", "html", *_SECTIONS,
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_ITEMS = {"li", "tr", "dt", "dd"}
_CELLS = {"td", "th"}
_LISTS = {"ul", "ol", "dl"}
# Class/id tokens of page furniture: navigation, promos, sharing, comments,
# captions, bylines, hidden text. Matched on whole "-"/"_"-separated words.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|footer|sidebar|related\w*|recommend\w*|"
    r"newsletter\w*|share|sharing|social|promo\w*|comments?|disqus|advert\w*|ads?|adslot|"
    r"ad-slot|dfp|banner|cookies?|consent|gdpr|subscribe|signup|popup|modal|overlay|outbrain|taboola|trending|"
    r"popular|most-read|mostread|more-stories|read-more|readmore|tags|tag-list|byline|bio|caption|captions|rating|"
    r"credit|credits|toolbar|tools|pagination|pager|hidden|visually-hidden|sr-only|screen-reader-text|"
    r"print-only|lightbox|gallery|player|widget|teasers|recirculation|rail|masthead|header|timestamp|dateline|"
    r"skip-link|sponsored|partner|affiliate|paywall|offer|cta|author-info|about-author|author-card|standfirst|"
    r"dek|kicker|strapline|subheadline|sub-headline|leftnav|rightnav|topnav|subnav|"
    # a box of the article's points in brief repeats its body ("Key Points", a Drupal "field-highlights")
    r"highlights|key-?points|takeaways)(?=$|[\s_-])"
)
# ... unless the same element says it is the article body; a BEM block name
# followed by "__" names a part of the body ("article-body__newsletter"), so
# the part's own words decide.
_BODY_HINT = re.compile(
    r"(?:article[-_]?body|articlebody|story[-_]?body|post[-_]?body|entry[-_]?content|post[-_]?content|"
    r"article[-_]?content|story[-_]?content|article[-_]?text|body[-_]?text|main[-_]?content|content[-_]?body|"
    r"rich[-_]?text|article__body|c-entry-content|storytext|story-text)(?!__)"
)
# A dateline is furniture as a box of its own, but inside a paragraph it is the paragraph's
# first words ("<p><span class="dateline">OSLO –</span> The ferry ..."), as in print.
_DATELINE = re.compile(r"(?:^|[\s_-])dateline(?=$|[\s_-])")
_DASH_END = re.compile(r"[–—-]\s*$")
SECTION, LABELLED = 1, 2  # kinds of furniture: a section tag, a class or id
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")


def walk_page(tree) -> Walker:
    """The walk of the page's ``<body>`` (or of all of it, if it has none).

    Raises RecursionError on nesting deeper than Python's stack allows.
    """
    body = tree.find("body")
    walker = Walker()
    root = body if body is not None else tree
    walker._enter(root, "body", False, 0, root.get("class"))
    walker.span[0][1] = len(walker.blocks)
    return walker


@dataclass(slots=True)
class Block:
    text: str
    link_chars: int
    heading: bool
    list_id: int | None
    container: int  # the innermost open container
    line: bool  # one of several <br>-separated lines of its container
    item: bool  # a list item or table row
    para: bool  # the text of a <p>


class Walker:
    """Cuts the page's visible text into blocks, remembering containers."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parent: list[int] = [-1]  # container id -> its parent container
        self.span: list[list[int]] = [[0, 0]]  # container id -> [first block, end block)
        self.furniture: list[int] = [0]  # container id -> furniture by tag (SECTION) or by class (LABELLED)
        self.signature: list[str] = [""]  # container id -> "tag.class", for bodies split in parts
        self.stack: list[int] = [0]
        self.parts: list[str] = []
        self.lines: list[tuple[str, int]] = []  # closed lines and their link characters
        self.link_chars = 0  # in the open line
        self.heading = False
        self.item = False
        self.para = False
        self.list_id: int | None = None

    def line_break(self) -> None:
        parts = self.parts
        if parts:
            text = "".join(parts)
            if not text.isspace():  # (a blank line would be dropped when the lines are joined)
                text = collapse(text)
                self.lines.append((text, min(self.link_chars, len(text))))
            self.parts, self.link_chars = [], 0

    def flush(self) -> None:
        if self.parts:
            self.line_break()
        if self.lines:
            lines = join_lines_with_links(self.lines)
            line = len(lines) > 1
            blocks, container = self.blocks, self.stack[-1]
            for text, links in lines:
                blocks.append(Block(text, links, self.heading, self.list_id, container, line, self.item, self.para))
            self.lines = []
        self.heading = self.item = self.para = False

    def open(self, furniture: int, signature: str = "") -> None:
        if self.parts or self.lines:
            self.flush()
        else:
            self.heading = self.item = self.para = False
        self.signature.append(signature)
        ident = len(self.parent)
        self.parent.append(self.stack[-1])
        self.span.append([len(self.blocks), 0])
        self.furniture.append(furniture)
        self.stack.append(ident)

    def close(self) -> None:
        if self.parts or self.lines:
            self.flush()
        else:
            self.heading = self.item = self.para = False
        ident = self.stack.pop()
        self.span[ident][1] = len(self.blocks)

    def walk(self, element, tag, in_link: bool) -> None:
        """One element whose tag is not in _SKIP (the caller read the tag and tested it)."""
        if tag.__class__ is not str:
            return  # comments and processing instructions have a function as tag
        furniture = SECTION if tag in _SECTIONS else 0
        names = None
        if element.attrib:
            get = element.get
            if get("hidden") is not None or get("aria-hidden") == "true":
                return
            style = get("style")
            if style and _HIDDEN_STYLE.search(style.lower()):
                return
            names = get("class"), get("id")
            if names[0] or names[1]:
                kind = _LABELS.get(names)
                if kind is None:
                    kind = _label_kind(names)
                if kind == _BODY:
                    furniture = 0
                elif kind == _FURNITURE_LABEL:
                    if tag in _BLOCKS:
                        furniture = LABELLED
                    elif not _inline_dateline(element, names):
                        return  # a caption, share link or screen-reader label inside a paragraph
        if tag in _BLOCKS:
            self._enter(element, tag, in_link, furniture, names[0] if names else None)
        elif tag == "br":
            self.line_break()
            self._children(element, in_link)
        elif tag in _CELLS:
            self._cell(element, in_link, furniture)
        else:  # inline: a link, a span, emphasis
            self._children(element, in_link or tag == "a")

    def _enter(self, element, tag: str, in_link: bool, furniture: int, names: str | None = None) -> None:
        """A block element: a container of its own (``names``: its class)."""
        outer_list = self.list_id
        self.open(furniture, f"{tag}.{names}" if names else "")
        self.heading = tag in _HEADINGS
        self.item = tag in _ITEMS
        self.para = tag == "p" or tag == "pre"  # (a code block is kept whole, like a paragraph)
        if tag in _LISTS:
            self.list_id = len(self.parent)
        elif tag == "figure" and element.find(".//table") is None:
            self.close()  # a picture with its caption
            return
        self._children(element, in_link or tag == "a")
        self.close()
        self.list_id = outer_list

    def _cell(self, element, in_link: bool, furniture: int) -> None:
        if _holds_blocks(element):
            self.open(furniture)  # a layout table's cell: a column of the page
            self._children(element, in_link)
            self.close()
        else:
            self.parts.append(" ")
            self._children(element, in_link)

    def _children(self, element, in_link: bool) -> None:
        parts = self.parts
        text = element.text
        if text:
            parts.append(text)
            if in_link:
                self.link_chars += len(text)
        walk = self.walk
        for child in element:
            tag = child.tag  # (read once, tested here: most skipped children end here)
            if tag not in _SKIP:
                walk(child, tag, in_link)
            tail = child.tail
            if tail:
                self.parts.append(tail)  # (line_break may have replaced the list)
                if in_link:
                    self.link_chars += len(tail)


# What a class/id pair says, cached: pages repeat the same few classes on
# thousands of elements, and the two regexes were most of the walk's own time.
_BODY, _FURNITURE_LABEL, _PLAIN = 1, 2, 0
_LABELS: dict[tuple[str | None, str | None], int] = {}
_NAMES: dict[str, int] = {}  # one class or id alone
_MAX_LABELS = 20_000
_MAX_LABEL_CHARS = 200


def _label_kind(names: tuple[str | None, str | None]) -> int:
    # The words never span the space between class and id, so the pair says
    # what its two names say (a body hint first): a page's unique ids then
    # cost one short search each, its classes none after the first.
    kinds = [_name_kind(name) for name in names if name]
    kind = _BODY if _BODY in kinds else _FURNITURE_LABEL if _FURNITURE_LABEL in kinds else _PLAIN
    if len(names[0] or "") + len(names[1] or "") >= _MAX_LABEL_CHARS:
        return kind  # long one-off labels would make the cache's memory large, not its hits
    if len(_LABELS) >= _MAX_LABELS:
        _LABELS.clear()  # unique ids of hostile pages must not grow it without bound
    _LABELS[names] = kind
    return kind


def _name_kind(name: str) -> int:
    kind = _NAMES.get(name)
    if kind is None:
        label = name.lower()
        kind = _BODY if _BODY_HINT.search(label) else _FURNITURE_LABEL if _FURNITURE.search(label) else _PLAIN
        if len(name) < _MAX_LABEL_CHARS:
            if len(_NAMES) >= _MAX_LABELS:
                _NAMES.clear()
            _NAMES[name] = kind
    return kind


def _holds_blocks(cell) -> bool:
    return any(isinstance(child.tag, str) and child.tag in _CELL_BLOCKS for child in cell.iter())


_CELL_BLOCKS = {"br", "p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}


def _inline_dateline(element, names: tuple[str | None, str | None]) -> bool:
    """A dateline inside a paragraph ("HARWICH, 3 December –") is the story's first words; a
    span of that class holding the publication stamp ("Last modified on … GMT") is not."""
    if not _DATELINE.search(f"{names[0]} {names[1]}".lower()):
        return False
    text = " ".join("".join(element.itertext()).split())[:200]
    return bool(_DASH_END.search(text)) or not is_time_stamp(text)
