"""Main article text: JSON-LD ``articleBody`` when trustworthy, else trafilatura."""

from __future__ import annotations

import html
import logging
import re

import trafilatura
from lxml import etree

from tagwire.extract.boilerplate import clean_paragraphs
from tagwire.extract.content import CONFIDENT_WORDS, SHORT_PAGE_SHARE, SHORT_WORDS, find_content
from tagwire.extract.markup import WORDS
from tagwire.extract.paragraphs import Paragraph, body_paragraphs
from tagwire.extract.prepare import prepare_tree

log = logging.getLogger(__name__)
# trafilatura warns about its own fallbacks ("discarding data: None") on pages it finds
# nothing in; that is an outcome we report ourselves, not a problem for the user to read
logging.getLogger("trafilatura").setLevel(logging.ERROR)

# Below this many words trafilatura's text may be a miss, and a JSON-LD body
# a teaser.
_MIN_LD_WORDS = 120
_PROBE_WORDS = 8
# an articleBody this long is taken from a page that shows none of it (rendered by script)
_SCRIPT_PAGE_LD_WORDS = 40
# Anchor-in-paragraph tests mark_links may make (the benchmark pages need at most 43,000).
_MAX_LINK_CHECKS = 200_000
_TAGS = re.compile(r"<[^>]{0,2000}>")
_PARA_BREAKS = re.compile(r"<\s*(?:br|/p|/div|/h\d|/li|/blockquote)\s*/?\s*>", re.IGNORECASE)


def main_text(tree, url: str | None, titles: tuple[str | None, ...], article_body: str | None, page_text: str,
              *, body_is_free: bool = True) -> str:
    """The article's paragraphs, joined by exactly one blank line.

    ``titles`` (headline, ``<h1>``) are dropped when the body repeats them.
    The publisher's JSON-LD ``articleBody`` is only a rescue for pages where
    the extractors find (almost) nothing: used first, it scored slightly
    lower on both benchmarks (it often lacks the standfirst or splits
    paragraphs differently), and it fired on under 2% of pages anyway.
    """
    paragraphs = page_paragraphs(tree, url, titles, page_words=page_text.count(" ") + 1,
                                 keep_jsonld=body_is_free)
    if article_body and _word_count(paragraphs) < _MIN_LD_WORDS:
        rescue = jsonld_paragraphs(article_body, page_text, titles, body_is_free=body_is_free)
        # as many words: the publisher's own paragraphs beat a fallback's one run of text
        if rescue and _word_count(rescue) >= _word_count(paragraphs):
            paragraphs = rescue
    return "\n\n".join(paragraphs)


def page_paragraphs(tree, url: str | None, titles: tuple[str | None, ...], page_words: int,
                    *, keep_jsonld: bool = True) -> list[str]:
    """Our finder's paragraphs when it is confident, else trafilatura's.

    Trafilatura costs about five times our finder's time, so it is skipped
    where ours is confident: a text in a container holding nearly all of
    the page's prose, with no link-free text left out around it, and long
    (or, if short, not a tiny part of the page's words: a few dozen words
    found on a page of thousands are a miss). Looser rules used ours on more
    pages, and lost F1 on trafilatura's own evaluation set: see
    docs/decisions.md.
    """
    prepare_tree(tree)
    # on pages with fewer words than a trusted answer needs, the finder cannot answer alone
    found = find_content(tree) if page_words >= SHORT_WORDS else None
    kept: list[str] = []
    if found is not None and found.clean:
        kept = clean_paragraphs(found.paragraphs, titles)
        words = _word_count(kept)
        if (found.confident and words >= CONFIDENT_WORDS) or _short_and_trusted(words, page_words):
            return kept
    fallback = clean_paragraphs(trafilatura_paragraphs(tree, url, keep_jsonld=keep_jsonld), titles)
    return kept if _one_run_around(fallback, kept, titles) else fallback


def _one_run_around(fallback: list[str], kept: list[str], titles: tuple[str | None, ...]) -> bool:
    """Trafilatura's last resort on a short page is the article element's text as one run:
    headline, byline, share bar, paragraphs and paywall prompt glued together. When that run
    starts with the headline and holds every paragraph our finder kept, the finder's
    paragraphs are the article (a paywalled page showing one paragraph, a brief)."""
    if len(fallback) != 1 or not kept:
        return False
    run = fallback[0]
    starts = any(title and run.startswith(title.strip()) for title in titles)
    return starts and len(run) > sum(map(len, kept)) and all(paragraph in run for paragraph in kept)


def _short_and_trusted(words: int, page_words: int) -> bool:
    return words >= SHORT_WORDS and words >= SHORT_PAGE_SHARE * page_words


def _word_count(paragraphs: list[str]) -> int:
    return sum(len(paragraph.split()) for paragraph in paragraphs)


def trafilatura_paragraphs(tree, url: str | None, *, keep_jsonld: bool = True) -> list[Paragraph]:
    """Run trafilatura on our (prepared) tree; it works on its own copy. Without
    ``keep_jsonld`` its rescue cannot read an ``articleBody`` the page keeps from readers."""
    drop_code(tree, keep_jsonld=keep_jsonld)
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,  # reader comments are not the article
            include_tables=True,  # fact boxes and results tables are article text
            include_links=False,  # True changes (and sometimes truncates) what it extracts
            include_images=False,
            include_formatting=False,
            with_metadata=False,  # ours is better ranked; skip the duplicate work
            deduplicate=False,
        )
    except Exception as err:  # noqa: BLE001 -- trafilatura on hostile markup: no text, not a crash
        log.warning("trafilatura failed on %s: %s", url, err)
        return []
    if document is None or document.body is None:
        return []
    return mark_links(body_paragraphs(document.body), tree)


def drop_code(tree, *, keep_jsonld: bool = True) -> None:
    """Remove scripts (but JSON-LD, which trafilatura's rescue reads), styles
    and SVG before trafilatura copies the tree: it drops them itself, after
    copying them several times (same output on both benchmark sets, 3-14%
    less trafilatura time). Metadata and the page text were read already."""
    for script in list(tree.iter("script")):
        if not keep_jsonld or "ld+json" not in (script.get("type") or "").lower():
            script.drop_tree()
    etree.strip_elements(tree, "style", "svg", with_tail=False)


def mark_links(paragraphs: list[Paragraph], tree) -> list[Paragraph]:
    """Estimate each short paragraph's link text from the page's anchors.

    Trafilatura's own link output changes what it extracts, so we look the
    paragraph up among the page's link texts instead: a paragraph made of a
    link ("Related: <headline>") is furniture, one with a link in it is not.
    """
    anchors = set()
    for anchor in tree.iter("a"):
        key = _key(anchor.text_content())
        if 3 <= len(key) <= 300:
            anchors.add(f" {key} ")
    if not anchors:
        return paragraphs
    short = [paragraph for paragraph in paragraphs if len(paragraph.text) <= 400]  # long ones are text anyway
    # Every anchor against every short paragraph is quadratic: 20,000 links in
    # a list took 70 s. Past the budget (real pages stay under a fifth of it)
    # only a paragraph that is one whole link counts as linked.
    whole_only = len(anchors) * len(short) > _MAX_LINK_CHECKS
    for paragraph in short:
        key = f" {_key(paragraph.text)} "
        if whole_only:
            covered = len(key) - 1 if key in anchors else 0
        else:
            covered = sum(len(anchor) - 1 for anchor in anchors if anchor in key)
        share = min(1.0, covered / max(len(key) - 1, 1))
        paragraph.link_chars = int(share * len(paragraph.text))
    return paragraphs


def _key(text: str) -> str:
    return " ".join(WORDS.findall(text.casefold()))


def jsonld_paragraphs(article_body: str, page_text: str, titles: tuple[str | None, ...],
                      *, body_is_free: bool = True) -> list[str] | None:
    """The publisher's own ``articleBody`` as paragraphs, if it can be trusted:
    long enough, and both its first and last words visible on the page (so it
    is neither a teaser nor a full text the page hides from non-subscribers).

    A page rendered in the browser (a script fills an empty shell) shows none of
    it: there, a free body that the page's few words cannot hold is the article.
    A body marked not free is never taken from such a page: it is the text the
    publisher gives search engines, not readers."""
    text = html.unescape(_PARA_BREAKS.sub("\n", article_body))
    text = html.unescape(_TAGS.sub(" ", text))
    paragraphs = [Paragraph(" ".join(line.split())) for line in text.splitlines()]
    kept = clean_paragraphs([p for p in paragraphs if p.text], titles)
    words = WORDS.findall(" ".join(kept).casefold())
    page_words = WORDS.findall(page_text.casefold())
    page = " ".join(page_words)
    head, tail = " ".join(words[:_PROBE_WORDS]), " ".join(words[-_PROBE_WORDS:])
    if head in page and tail in page:
        return kept if len(words) >= _MIN_LD_WORDS else None
    script_page = head not in page and 2 * len(page_words) < len(words)
    if body_is_free and script_page and len(words) >= _SCRIPT_PAGE_LD_WORDS:
        return kept
    return None
