"""Our own main-content finder, on the already-parsed lxml tree.

    body ── walk (one read-only pass: skip furniture, cut text into blocks) ──
         ── choose (best-scored container + the siblings that continue it) ──
         ── lede above it, trailing fragments and reading lists off ── Found(...)

The walk (walk.py) records every block (``<p>``, heading, list item, table
row, a ``<div>``'s own text, lines split by ``<br>``) with the container it
sits in, its link text, and whether it is inside furniture: navigation,
related and newsletter boxes, share bars, captions, comments, hidden text,
found by tag and by class/id words. A furniture label on a wrapper that holds
most of the page's prose ("has-sidebar") is ignored. Boxes of teaser cards (a
linked title and a short blurb, three or more alike) are furniture by their
shape, whatever they hold.

Choosing is readability's idea: each block of prose scores for its parent
(fully) and grandparent (half); furniture scores a fifth; the best container
wins, and its siblings join when they score well too or are one paragraph of
prose (a body split in two by an advert).

``Found.confident`` says whether the caller may skip trafilatura: a long
enough text, in containers holding most of the page's prose, with little
link-free text left out around them; ``Found.clean`` says the same but for
the length (a shorter text is trusted when it is not a tiny part of the page). The thresholds were set on the tuning
halves of the two benchmark sets (docs/benchmarks.md).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from tagwire.extract.boilerplate import SENTENCE_END as _SENTENCE_END
from tagwire.extract.paragraphs import Paragraph
from tagwire.extract.walk import LABELLED, Block, Walker, walk_page

# A lede names itself so even inside a page header ("article__abstract", "p.lead").
# A teaser's excerpt, cut off mid-sentence: "... the council said it…".
_CUT_SHORT = re.compile(r"\w\s?(?:…|\.\.\.)$")
_LEDE_NAME = re.compile(r"(?:^|[\s._-])(?:lead|lede|abstract|intro|summary)(?=$|[\s_-])", re.IGNORECASE)
_POINTS_NAME = re.compile(r"(?:^|[\s._-])(?:highlights|key-?points|takeaways|bullets)(?=$|[\s_-])", re.IGNORECASE)


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
# A shorter answer (a news brief) is trusted on the same share and stray
# terms if it has this many words and they are at least this share of the
# words visible on the page: the finder's short misses were texts a walk
# could not read (scripts' templates, odd widgets), a few dozen words found
# on pages of thousands. Chosen on the tuning halves (docs/decisions.md):
# 20-60 words lose nothing there; 40 was chosen first, 30 sends a few more
# briefs past trafilatura at the same F1 (10-15 words lost some).
SHORT_WORDS = 30
SHORT_PAGE_SHARE = 0.05
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
# A box of at least this many same-class cards, each a link title and at
# most a few lines (kicker, byline, date, blurb) of this many characters in
# all, is a list of teasers ("Most popular", "More stories").
TEASER_CARDS = 3
TEASERS = 3  # the kind of furniture such a box is (walk.py has SECTION and LABELLED)
TEASER_LINES = 5
TEASER_SHARE = 0.75  # of the cards (one may have a longer blurb)
TEASER_BLURB_CHARS = 450
# A heading this long that ends a sentence is a paragraph in a heading tag.
PROSE_HEADING_CHARS = 100
# Trailing lines of at most this many words that end no sentence are dropped.
FRAGMENT_WORDS = 6
# This many list items at the end, each at least this share link text, are a
# reading list, dropped with the title above it.
TRAILING_LINK_ITEMS = 3
TRAILING_LINK_SHARE = 0.3


@dataclass(frozen=True, slots=True)
class Found:
    """The finder's answer and how far to trust it."""

    paragraphs: list[Paragraph]
    confident: bool  # long, clean, holding most of the page's prose
    share: float  # of the page's prose inside the chosen container
    stray: float = 0.0  # text outside the choice, near it, without links, per character chosen
    clean: bool = False  # the share and stray tests of ``confident``, whatever the length



def find_content(tree) -> Found:
    """The article's paragraphs in ``tree`` (read, not modified)."""
    try:
        walker = walk_page(tree)
    except RecursionError:  # nesting deeper than any article: leave it to trafilatura
        return Found([], False, 0.0, 1.0)
    _mark_teaser_boxes(walker)
    _unmark_prose_headings(walker)
    raw = [_prose(block) for block in walker.blocks]
    furniture = _real_furniture(walker, _mass(walker, raw))
    weights = [weight * FURNITURE_WEIGHT ** furniture[block.container] for block, weight in zip(walker.blocks, raw)]
    mass = _mass(walker, weights)
    nodes = _choose(walker, weights, furniture)
    nodes = _with_parts(walker, nodes, mass, furniture)
    nodes = _climb(walker, nodes, mass, furniture)
    dropped = set().union(*(_dropped_furniture(walker, furniture, node) for node in nodes))
    inside = {index for node in nodes for index in range(*walker.span[node])}
    dropped -= _named_ledes(walker, raw, dropped, inside)
    kept = _trim(sorted(inside - dropped), walker)
    kept = _lede(walker, raw, mass, kept) + kept
    paragraphs = [_paragraph(walker.blocks[index]) for index in kept]
    share = sum(weights[index] for index in kept) / (sum(weights) or 1)
    words = sum(len(p.text.split()) for p in paragraphs)
    stray = _stray_text(walker, _region(walker, mass), set(kept), furniture)
    left_out = stray * sum(len(p.text) for p in paragraphs)
    few_left_out = stray <= CONFIDENT_STRAY or (left_out <= STRAY_CHARS and stray <= STRAY_SHARE_SMALL)
    clean = share >= CONFIDENT_SHARE and few_left_out
    return Found(paragraphs, clean and words >= CONFIDENT_WORDS, share, stray, clean)


def _unmark_prose_headings(walker: Walker) -> None:
    """A "heading" of several sentences' length that ends one is a lede or a
    paragraph set in a heading tag (``<h2>`` standfirsts), and scores as prose."""
    for block in walker.blocks:
        if block.heading and len(block.text) >= PROSE_HEADING_CHARS and _SENTENCE_END.search(block.text):
            block.heading = False


def _stray_text(walker: Walker, region: int, kept: set[int], furniture: list[int]) -> float:
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


def _region(walker: Walker, mass: list[float]) -> int:
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


def _lede(walker: Walker, raw: list[float], mass: list[float], kept: list[int]) -> list[int]:
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
        named = _lede_named(walker, container)
        if raw[index] and not block.link_chars and (named or _SENTENCE_END.search(block.text)):
            return [] if not named and _labelled_furniture(walker, container, mass, limit) else [index]
        return []
    return []


def _named_ledes(walker: Walker, raw: list[float], dropped: set[int], inside: set[int]) -> set[int]:
    """A lede whose class names it, in the article's header *inside* the chosen
    container ("div.article-header > p.lead"): the header is dropped as
    furniture, its lede is not. Only above the first prose the choice keeps, and
    only one: three "summary" bullets are a box of points, not a lede."""
    first_prose = min((index for index in inside - dropped if raw[index]), default=-1)
    named = [index for index in (*sorted(i for i in dropped if i < first_prose), first_prose)
             if index >= 0 and _named_lede_block(walker, raw, index)]
    if len(named) != 1 or named[0] == first_prose:
        return set()  # none, the first prose itself, or several: a box of points, not a lede
    return set(named)


def _named_lede_block(walker: Walker, raw: list[float], index: int) -> bool:
    block = walker.blocks[index]
    return bool(raw[index] and not block.link_chars and len(block.text) >= LEDE_CHARS and not block.item
                and _lede_named(walker, block.container))


def _lede_named(walker: Walker, container: int) -> bool:
    """The block's own class or its parent's names a lede, and neither names a box of points."""
    names = f"{walker.signature[container]} {walker.signature[walker.parent[container]]}" if container > 0 \
        else walker.signature[container]
    return bool(_LEDE_NAME.search(names)) and not _POINTS_NAME.search(names)


def _labelled_furniture(walker: Walker, node: int, mass: list[float], limit: float) -> bool:
    while node > 0:
        if walker.furniture[node] in (LABELLED, TEASERS) and mass[node] < limit:
            return True
        node = walker.parent[node]
    return False


def _trim(kept: list[int], walker: Walker) -> list[int]:
    """Drop short lines that are not sentences after the last one that is
    ("Contact:", "Rate this article", "Print"): the article ends with its
    last sentence. Lists, tables and ``<p>`` paragraphs are kept whole. A
    heading with nothing after it heads no text of the article ("Rate this
    article?", "More on this topic"). A list of links at the end is a
    reading list ("More great stories"), not the article's."""
    while kept:
        links = _trailing_link_items(kept, walker)
        if links >= TRAILING_LINK_ITEMS:
            del kept[-links:]
            continue
        block = walker.blocks[kept[-1]]
        if block.heading:
            kept.pop()
            continue
        if block.item or block.para or len(block.text.split()) > FRAGMENT_WORDS or _SENTENCE_END.search(block.text):
            break
        kept.pop()
    return kept


def _trailing_link_items(kept: list[int], walker: Walker) -> int:
    """How many list items at the end of ``kept`` are largely link text."""
    count = 0
    for index in reversed(kept):
        block = walker.blocks[index]
        if not block.item or block.link_chars < TRAILING_LINK_SHARE * len(block.text):
            break
        count += 1
    return count


def _paragraph(block: Block) -> Paragraph:
    return Paragraph(block.text, block.heading, block.link_chars, block.list_id)


def _real_furniture(walker: Walker, mass: list[float]) -> list[int]:
    """Per container, how many real furniture containers it sits in (itself
    included). A container labelled furniture that holds most of the page's
    prose is a wrapper with an unlucky class ("has-sidebar"), not furniture.
    A box of teasers is one whatever it holds: its shape, not a name, says so."""
    depth = [0] * len(walker.parent)
    limit = KEEP_FURNITURE_SHARE * mass[0]
    for ident in range(1, len(walker.parent)):
        kind = walker.furniture[ident]
        real = kind == TEASERS or (kind and mass[ident] < limit)
        depth[ident] = depth[walker.parent[ident]] + real
    return depth


def _prose(block: Block) -> float:
    """Readability's paragraph score for blocks of prose: one, plus commas
    and length in hundreds of characters (at most three of each). Half for
    text that does not end a sentence and for list items and table rows, so
    that a reference list or a table of names does not outweigh the story."""
    size = len(block.text)
    if block.heading or size < PROSE_CHARS or block.link_chars > PROSE_MAX_LINKS * size:
        return 0.0
    score = 1.0 + min(block.text.count(","), 3) + min(size / 100, 3.0)
    if not _SENTENCE_END.search(block.text) or _CUT_SHORT.search(block.text):
        score /= 2
    return score / 2 if block.item else score


def _mass(walker: Walker, weights: list[float]) -> list[float]:
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


def _choose(walker: Walker, weights: list[float], furniture: list[int]) -> list[int]:
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


def _with_parts(walker: Walker, nodes: list[int], mass: list[float], furniture: list[int]) -> list[int]:
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
    modified = _modified_of(signature)
    extra, end = [], -1
    for ident, sig in enumerate(walker.signature):
        if sig != signature and not (len(sig) > len(signature) and modified(sig)):
            continue
        if not mass[ident] or furniture[ident] or covered[span[ident][0]]:
            continue
        if span[ident][0] <= top_start < span[ident][1]:
            continue  # a same-class box around the winner
        if span[ident][0] >= end:  # not inside the part before it (nested same-class boxes)
            extra.append(ident)
            end = span[ident][1]
    if not extra:
        return nodes
    return sorted([*nodes, *extra], key=lambda i: span[i][0])


def _modified_of(signature: str):
    """A test for the same part with BEM modifiers added: "div.block-text block-text_first" is
    the part "div.block-text" (a modifier class never appears without its block's class)."""
    tag, _, classes = signature.partition(".")
    base = set(classes.split())
    prefix = tag + "."

    def modified(sig: str) -> bool:
        if not sig.startswith(prefix) or not all(name in sig for name in base):
            return False  # (most containers end here, before any splitting)
        tokens = set(sig[len(prefix) :].split())
        if not base < tokens:
            return False
        return all(any(token.startswith((name + "_", name + "--")) for name in base) for token in tokens - base)

    return modified


def _climb(walker: Walker, nodes: list[int], mass: list[float], furniture: list[int]) -> list[int]:
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


def _is_prose_block(walker: Walker, weights: list[float], node: int) -> bool:
    """A sibling that is itself one paragraph of prose (a ``<p>`` beside the body)."""
    first, end = walker.span[node]
    return end - first == 1 and weights[first] > 0 and len(walker.blocks[first].text) >= SIBLING_PROSE_CHARS


def _dropped_furniture(walker: Walker, furniture: list[int], node: int) -> set[int]:
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


def _mark_teaser_boxes(walker: Walker) -> None:
    """Mark boxes of teaser cards as furniture: three or more children with
    the same tag and class, nearly all a title that is all link followed
    by a few short lines. Their blurbs are link-free prose, so without this a
    "most popular" grid under the article reads as more of its text."""
    children: dict[int, list[int]] = {}
    for ident, parent in enumerate(walker.parent):
        if parent >= 0 and walker.signature[ident]:
            children.setdefault(parent, []).append(ident)
    for box, kids in children.items():
        if walker.furniture[box] or len(kids) < TEASER_CARDS:
            continue
        signature = Counter(walker.signature[kid] for kid in kids).most_common(1)[0][0]
        cards = [kid for kid in kids if walker.signature[kid] == signature]
        teasers = sum(_is_teaser(walker, card) for card in cards)
        if teasers >= TEASER_CARDS and teasers >= TEASER_SHARE * len(cards):
            walker.furniture[box] = TEASERS


def _is_teaser(walker: Walker, card: int) -> bool:
    """A title that is all link, with a few short lines around it (kicker,
    byline, date) and a blurb after it."""
    first, end = walker.span[card]
    if not 2 <= end - first <= TEASER_LINES:
        return False
    blocks = walker.blocks[first:end]
    titles = [i for i, block in enumerate(blocks[:-1]) if block.link_chars >= 0.8 * len(block.text)]
    if not titles:
        return False
    return sum(len(block.text) for block in blocks) - len(blocks[titles[0]].text) <= TEASER_BLURB_CHARS
