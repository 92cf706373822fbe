"""Our own main-content finder, on the already-parsed lxml tree.

    body ── walk (one read-only pass: skip furniture, cut text into blocks) ──
         ── choose (best-scored container + the siblings that continue it) ──
         ── lede above it, trailing fragments off ── Found(paragraphs, confident)

The walk records every block (``<p>``, heading, list item, table row, a
``<div>``'s own text, lines split by ``<br>``) with the container it sits in,
its link text, and whether it is inside furniture: navigation, related and
newsletter boxes, share bars, captions, comments, hidden text, found by tag
and by class/id words. A furniture label on a wrapper that holds most of
the page's prose ("has-sidebar") is ignored.

Choosing is readability's idea: each block of prose scores for its parent
(fully) and grandparent (half); furniture scores a fifth; the best container
wins, and its siblings join when they score well too or are one paragraph of
prose (a body split in two by an advert).

``Found.confident`` says whether the caller may skip trafilatura: a long
enough text, in containers holding most of the page's prose, with little
link-free text left out around them. The thresholds were set on the tuning
halves of the two benchmark sets (docs/benchmarks.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tagwire.extract.boilerplate import SENTENCE_END as _SENTENCE_END
from tagwire.extract.paragraphs import Paragraph, collapse, join_lines_with_links

# Subtrees that never hold article prose.
_SKIP = {
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "video",
    "audio", "picture", "img", "button", "select", "option", "input", "textarea", "head", "link", "meta", "nav",
    "figcaption", "dialog", "map", "source", "track", "label",
}  # fmt: skip
# Sections of a page that are furniture unless they hold most of its prose.
_SECTIONS = {"aside", "footer", "header"}
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
    r"dek|kicker|strapline|subheadline|sub-headline|leftnav|rightnav|topnav|subnav)(?=$|[\s_-])"
)
# ... unless the same element says it is the article body; a BEM block name
# followed by "__" names a part of the body ("article-body__newsletter"), so
# the part's own words decide.
_BODY_HINT = re.compile(
    r"(?:article[-_]?body|articlebody|story[-_]?body|post[-_]?body|entry[-_]?content|post[-_]?content|"
    r"article[-_]?content|story[-_]?content|article[-_]?text|body[-_]?text|main[-_]?content|content[-_]?body|"
    r"rich[-_]?text|article__body|c-entry-content|storytext|story-text)(?!__)"
)
SECTION, LABELLED = 1, 2  # kinds of furniture: a section tag, a class or id
# A lede names itself so even inside a page header ("article__abstract", "p.lead").
_LEDE_NAME = re.compile(r"(?:^|[\s._-])(?:lead|lede|abstract|intro|summary)(?=$|[\s_-])", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")

# Prose: a block this long (characters) with at most this share of link text.
PROSE_CHARS = 40
PROSE_MAX_LINKS = 0.35
# Siblings of the best container that join it: a score of at least this
# share of the best's (and this minimum), or one prose paragraph this long.
SIBLING_SHARE = 0.2
SIBLING_MIN_SCORE = 10.0
SIBLING_PROSE_CHARS = 80
# Prose inside a furniture container weighs this much (per level).
FURNITURE_WEIGHT = 0.2
# Furniture inside the chosen container is dropped unless it holds this share.
KEEP_FURNITURE_SHARE = 0.5
# Trust our answer alone only with this many words, in containers holding
# this share of the page's prose, leaving out at most this much link-free
# text (per character kept) in the region around them. Chosen on the tuning
# halves of both benchmark sets: looser rules lost F1 on trafilatura's set;
# a share of 0.75 rather than 0.6 hands 2 more tuning pages to trafilatura at
# the same or better F1, a margin for unseen pages (0.9 cost F1).
CONFIDENT_WORDS = 200
CONFIDENT_SHARE = 0.75
CONFIDENT_STRAY = 0.05
# ... or up to this many characters, if that is at most this share.
STRAY_CHARS = 600
STRAY_SHARE_SMALL = 0.2
# The container around a choice in parts replaces it when its prose is at
# most this many times theirs (1.1 to 1.5 all gained on the tuning halves).
CLIMB_SHARE = 1.5
# The region: descend from the body while one child holds this share of the prose.
REGION_SHARE = 0.95
# A lede: a prose paragraph this long, at most this many blocks above the body.
LEDE_CHARS = 80
LEDE_LOOKBACK = 6
# Trailing lines of at most this many words that end no sentence are dropped.
FRAGMENT_WORDS = 6


@dataclass(frozen=True, slots=True)
class Found:
    """The finder's answer and how far to trust it."""

    paragraphs: list[Paragraph]
    confident: bool
    share: float  # of the page's prose inside the chosen container
    stray: float = 0.0  # text outside the choice, near it, without links, per character chosen


@dataclass(slots=True)
class _Block:
    text: str
    link_chars: int
    heading: bool
    list_id: int | None
    container: int  # the innermost open container
    line: bool  # one of several <br>-separated lines of its container
    item: bool  # a list item or table row
    para: bool  # the text of a <p>


class _Walker:
    """Cuts the page's visible text into blocks, remembering containers."""

    def __init__(self) -> None:
        self.blocks: list[_Block] = []
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
        if self.parts:
            text = collapse("".join(self.parts))
            self.lines.append((text, min(self.link_chars, len(text))))
            self.parts, self.link_chars = [], 0

    def flush(self) -> None:
        if self.parts:
            self.line_break()
        if self.lines:
            lines = join_lines_with_links(self.lines)
            for text, links in lines:
                line = len(lines) > 1
                block = _Block(text, links, self.heading, self.list_id, self.stack[-1], line, self.item, self.para)
                self.blocks.append(block)
            self.lines = []
        self.heading = self.item = self.para = False

    def open(self, furniture: int, signature: str = "") -> None:
        self.flush()
        self.signature.append(signature)
        ident = len(self.parent)
        self.parent.append(self.stack[-1])
        self.span.append([len(self.blocks), 0])
        self.furniture.append(furniture)
        self.stack.append(ident)

    def close(self) -> None:
        self.flush()
        ident = self.stack.pop()
        self.span[ident][1] = len(self.blocks)

    def walk(self, element, in_link: bool) -> None:
        tag = element.tag
        if tag.__class__ is not str or tag in _SKIP:
            return  # comments and processing instructions have a function as tag
        attrs = element.attrib
        if attrs:
            if "hidden" in attrs or attrs.get("aria-hidden") == "true":
                return
            style = attrs.get("style")
            if style and _HIDDEN_STYLE.search(style.lower()):
                return
            furniture = SECTION if tag in _SECTIONS else 0
            names = attrs.get("class"), attrs.get("id")
            if names[0] or names[1]:
                kind = _LABELS.get(names)
                if kind is None:
                    kind = _label_kind(names)
                if kind == _BODY:
                    furniture = 0
                elif kind == _FURNITURE_LABEL:
                    if tag not in _BLOCKS:
                        return  # a caption, share link or screen-reader label inside a paragraph
                    furniture = LABELLED
        else:
            furniture = SECTION if tag in _SECTIONS else 0
        self._enter(element, tag, in_link, furniture)

    def _enter(self, element, tag: str, in_link: bool, furniture: int) -> None:
        block = tag in _BLOCKS
        outer_list = self.list_id
        if block:
            names = element.get("class")
            self.open(furniture, f"{tag}.{names}" if names else "")
            self.heading = tag in _HEADINGS
            self.item = tag in _ITEMS
            self.para = tag == "p"
            if tag in _LISTS:
                self.list_id = len(self.parent)
            elif tag == "figure" and element.find(".//table") is None:
                self.close()  # a picture with its caption
                return
        elif tag == "br":
            self.line_break()
        elif tag in _CELLS:
            if _holds_blocks(element):
                self.open(furniture)  # a layout table's cell: a column of the page
                self._children(element, in_link)
                self.close()
                return
            self.parts.append(" ")
        self._children(element, in_link or tag == "a")
        if block:
            self.close()
            self.list_id = outer_list

    def _children(self, element, in_link: bool) -> None:
        parts = self.parts
        text = element.text
        if text:
            parts.append(text)
            if in_link:
                self.link_chars += len(text)
        for child in element:
            if child.tag not in _SKIP:  # (a cheap test first: most skipped children end here)
                self.walk(child, in_link)
            tail = child.tail
            if tail:
                self.parts.append(tail)  # (line_break may have replaced the list)
                if in_link:
                    self.link_chars += len(tail)


# What a class/id pair says, cached: pages repeat the same few classes on
# thousands of elements, and the two regexes were most of the walk's own time.
_BODY, _FURNITURE_LABEL, _PLAIN = 1, 2, 0
_LABELS: dict[tuple[str | None, str | None], int] = {}
_MAX_LABELS = 20_000
_MAX_LABEL_CHARS = 200


def _label_kind(names: tuple[str | None, str | None]) -> int:
    label = f"{names[0] or ''} {names[1] or ''}".lower()
    kind = _BODY if _BODY_HINT.search(label) else _FURNITURE_LABEL if _FURNITURE.search(label) else _PLAIN
    if len(label) > _MAX_LABEL_CHARS:
        return kind  # long one-off labels would make the cache's memory large, not its hits
    if len(_LABELS) >= _MAX_LABELS:
        _LABELS.clear()  # unique ids of hostile pages must not grow it without bound
    _LABELS[names] = kind
    return kind


def _holds_blocks(cell) -> bool:
    return any(isinstance(child.tag, str) and child.tag in _CELL_BLOCKS for child in cell.iter())


_CELL_BLOCKS = {"br", "p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}


def find_content(tree) -> Found:
    """The article's paragraphs in ``tree`` (read, not modified)."""
    body = tree.find("body")
    walker = _Walker()
    try:
        walker._enter(body if body is not None else tree, "body", False, 0)
    except RecursionError:  # nesting deeper than any article: leave it to trafilatura
        return Found([], False, 0.0, 1.0)
    walker.span[0][1] = len(walker.blocks)
    raw = [_prose(block) for block in walker.blocks]
    furniture = _real_furniture(walker, _mass(walker, raw))
    weights = [weight * FURNITURE_WEIGHT ** furniture[block.container] for block, weight in zip(walker.blocks, raw)]
    mass = _mass(walker, weights)
    nodes = _choose(walker, weights, furniture)
    nodes = _with_parts(walker, nodes, mass, furniture)
    nodes = _climb(walker, nodes, mass, furniture)
    dropped = set().union(*(_dropped_furniture(walker, furniture, node) for node in nodes))
    inside = {index for node in nodes for index in range(*walker.span[node])}
    kept = _trim(sorted(inside - dropped), walker)
    kept = _lede(walker, raw, mass, kept) + kept
    paragraphs = [_paragraph(walker.blocks[index]) for index in kept]
    share = sum(weights[index] for index in kept) / (sum(weights) or 1)
    words = sum(len(p.text.split()) for p in paragraphs)
    stray = _stray_text(walker, _region(walker, mass), set(kept), furniture)
    left_out = stray * sum(len(p.text) for p in paragraphs)
    few_left_out = stray <= CONFIDENT_STRAY or (left_out <= STRAY_CHARS and stray <= STRAY_SHARE_SMALL)
    confident = words >= CONFIDENT_WORDS and share >= CONFIDENT_SHARE and few_left_out
    return Found(paragraphs, confident, share, stray)


def _stray_text(walker: _Walker, region: int, kept: set[int], furniture: list[int]) -> float:
    """Link-free text in the region around the choice that the choice left
    out, per character kept: a recipe's ingredient list, a body in parts."""
    first, end = walker.span[region]
    stray = chosen = 0
    for index in range(first, end):
        block = walker.blocks[index]
        if index in kept:
            chosen += len(block.text)
        elif not furniture[block.container] and block.link_chars < 0.1 * len(block.text):
            stray += len(block.text)
    return stray / chosen if chosen else 1.0


def _region(walker: _Walker, mass: list[float]) -> int:
    """Descend from the body while one child container keeps REGION_SHARE of the prose."""
    node = 1 if len(walker.parent) > 1 else 0
    children: dict[int, list[int]] = {}
    for ident, parent in enumerate(walker.parent):
        if parent >= 0 and mass[ident]:
            children.setdefault(parent, []).append(ident)
    while node in children:
        best = max(children[node], key=mass.__getitem__)
        if mass[best] < REGION_SHARE * mass[node]:
            break
        node = best
    return node


def _lede(walker: _Walker, raw: list[float], mass: list[float], kept: list[int]) -> list[int]:
    """The lede or abstract just before the chosen body (often in the
    article's ``<header>``): the nearest link-free prose paragraph above the
    body, below the headline, past short lines (byline, date) only. Inside
    furniture (a teaser box, a page header) only a paragraph whose class
    names it a lede ("lead", "abstract") is one."""
    if not kept:
        return []
    limit = KEEP_FURNITURE_SHARE * mass[0]
    for index in range(kept[0] - 1, max(kept[0] - LEDE_LOOKBACK, 0) - 1, -1):
        block = walker.blocks[index]
        if block.heading:
            return []
        if len(block.text) < LEDE_CHARS:
            continue
        container = block.container
        named = _LEDE_NAME.search(f"{walker.signature[container]} {walker.signature[walker.parent[container]]}")
        if raw[index] and not block.link_chars and _SENTENCE_END.search(block.text):
            return [] if not named and _labelled_furniture(walker, container, mass, limit) else [index]
        return []
    return []


def _labelled_furniture(walker: _Walker, node: int, mass: list[float], limit: float) -> bool:
    while node > 0:
        if walker.furniture[node] == LABELLED and mass[node] < limit:
            return True
        node = walker.parent[node]
    return False


def _trim(kept: list[int], walker: _Walker) -> list[int]:
    """Drop short lines that are not sentences after the last one that is
    ("Contact:", "Rate this article", "Print"): the article ends with its
    last sentence. Lists, tables and ``<p>`` paragraphs are kept whole. A
    heading with nothing after it heads no text of the article ("Rate this
    article?", "More on this topic")."""
    while kept:
        block = walker.blocks[kept[-1]]
        if block.heading:
            kept.pop()
            continue
        if block.item or block.para or len(block.text.split()) > FRAGMENT_WORDS or _SENTENCE_END.search(block.text):
            break
        kept.pop()
    return kept


def _paragraph(block: _Block) -> Paragraph:
    return Paragraph(block.text, block.heading, block.link_chars, block.list_id)


def _real_furniture(walker: _Walker, mass: list[float]) -> list[int]:
    """Per container, how many real furniture containers it sits in (itself
    included). A container labelled furniture that holds most of the page's
    prose is a wrapper with an unlucky class ("has-sidebar"), not furniture."""
    depth = [0] * len(walker.parent)
    limit = KEEP_FURNITURE_SHARE * mass[0]
    for ident in range(1, len(walker.parent)):
        real = walker.furniture[ident] and mass[ident] < limit
        depth[ident] = depth[walker.parent[ident]] + real
    return depth


def _prose(block: _Block) -> float:
    """Readability's paragraph score for blocks of prose: one, plus commas
    and length in hundreds of characters (at most three of each). Half for
    text that does not end a sentence and for list items and table rows, so
    that a reference list or a table of names does not outweigh the story."""
    size = len(block.text)
    if block.heading or size < PROSE_CHARS or block.link_chars > PROSE_MAX_LINKS * size:
        return 0.0
    score = 1.0 + min(block.text.count(","), 3) + min(size / 100, 3.0)
    if not _SENTENCE_END.search(block.text):
        score /= 2
    return score / 2 if block.item else score


def _mass(walker: _Walker, weights: list[float]) -> list[float]:
    """Per container, the prose weight of every block inside it. Containers
    are numbered in document order, so a parent's number is below its
    children's: one backward pass adds each container into its parent."""
    mass = [0.0] * len(walker.parent)
    for block, weight in zip(walker.blocks, weights, strict=True):
        mass[block.container] += weight
    parent = walker.parent
    for ident in range(len(parent) - 1, 0, -1):
        mass[parent[ident]] += mass[ident]
    return mass


def _choose(walker: _Walker, weights: list[float], furniture: list[int]) -> list[int]:
    """The best-scored container and the siblings that continue it.

    As in readability, a prose block scores for its parent container in full
    and for its grandparent by half: the winner is the element that directly
    holds the most paragraphs, not a page-wide wrapper and not a teaser.
    """
    parent = walker.parent
    score = [0.0] * len(parent)
    for block, weight in zip(walker.blocks, weights, strict=True):
        if weight:
            # a <p> scores for its parent; lines of text straight in a
            # container (a <br> layout) score for that container itself
            up = block.container if block.line else parent[block.container]
            if up >= 0:
                score[up] += weight
                if parent[up] >= 0:
                    score[parent[up]] += weight / 2
    for ident, depth in enumerate(furniture):
        score[ident] *= FURNITURE_WEIGHT**depth
    top = max(range(len(score)), key=score.__getitem__)
    if top == 0 or score[top] == 0:
        return [0]
    up = parent[top]
    siblings = [i for i in range(up + 1, len(parent)) if parent[i] == up]
    threshold = max(SIBLING_MIN_SCORE, SIBLING_SHARE * score[top])
    return [
        i
        for i in siblings
        if i == top or (not furniture[i] and (score[i] >= threshold or _is_prose_block(walker, weights, i)))
    ]


def _with_parts(walker: _Walker, nodes: list[int], mass: list[float], furniture: list[int]) -> list[int]:
    """Add the other parts of a body split into same-class containers (a
    "body-part" or story column repeated between adverts): containers with
    the winner's tag and class that hold prose and are not furniture, in
    page order. (The parent's class as well pulled in junk on trafilatura's
    set.)"""
    signature = walker.signature[nodes[0]]
    if not signature:
        return nodes
    span = walker.span
    covered = bytearray(len(walker.blocks) + 1)
    for node in nodes:
        covered[span[node][0] : span[node][1]] = b"\x01" * (span[node][1] - span[node][0])
    top_start = span[nodes[0]][0]
    extra, end = [], -1
    for ident, sig in enumerate(walker.signature):
        if sig != signature or not mass[ident] or furniture[ident] or covered[span[ident][0]]:
            continue
        if span[ident][0] <= top_start < span[ident][1]:
            continue  # a same-class box around the winner
        if span[ident][0] >= end:  # not inside the part before it (nested same-class boxes)
            extra.append(ident)
            end = span[ident][1]
    if not extra:
        return nodes
    return sorted([*nodes, *extra], key=lambda i: span[i][0])


def _climb(walker: _Walker, nodes: list[int], mass: list[float], furniture: list[int]) -> list[int]:
    """The container around a body found in several parts, when it adds
    only a little prose: an intro paragraph or a subheading beside a body
    laid out in columns. (Climbing from a single container as well brought
    in bylines and teasers: F1 fell on trafilatura's tuning half.)"""
    if len(nodes) < 2:
        return nodes
    parent = walker.parent
    chosen = sum(mass[node] for node in nodes)
    up = _common_ancestor(parent, nodes)
    while up > 1 and not furniture[up] and chosen < mass[up] <= CLIMB_SHARE * chosen:
        nodes, chosen, up = [up], mass[up], parent[up]
    return nodes


def _common_ancestor(parent: list[int], nodes: list[int]) -> int:
    line = [parent[nodes[0]]]
    while line[-1] > 0:
        line.append(parent[line[-1]])
    on_line = set(line)
    deepest = 0
    for node in nodes[1:]:
        up = parent[node]
        while up not in on_line:
            up = parent[up]
        deepest = max(deepest, line.index(up))
    return line[deepest]


def _is_prose_block(walker: _Walker, weights: list[float], node: int) -> bool:
    """A sibling that is itself one paragraph of prose (a ``<p>`` beside the body)."""
    first, end = walker.span[node]
    return end - first == 1 and weights[first] > 0 and len(walker.blocks[first].text) >= SIBLING_PROSE_CHARS


def _dropped_furniture(walker: _Walker, furniture: list[int], node: int) -> set[int]:
    """Blocks of real furniture containers inside the chosen one."""
    first, end = walker.span[node]
    dropped: set[int] = set()
    skip_to = -1
    for ident in range(node + 1, len(walker.parent)):
        start, stop = walker.span[ident]
        if start >= end:
            break
        if start < skip_to:
            continue  # inside furniture dropped already
        if furniture[ident] > furniture[node]:
            dropped.update(range(start, stop))
            skip_to = stop
    return dropped
