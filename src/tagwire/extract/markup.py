"""Small read-only look-ups in the parsed page: meta tags, links, bylines."""

from __future__ import annotations

import re

from lxml import etree

_TIME_XPATH = {
    name: etree.XPath(
        f"(//*[@itemprop='{name}'][@datetime or @content]"
        f" | //time[@datetime][contains(translate(@class, 'PUBLISHEDMODIFIEDUPDATED', 'publishedmodifiedupdated'), '{word}')])"
    )
    for name, word in (("datePublished", "publish"), ("dateModified", "modif"))
}
_ARTICLE_TIME = etree.XPath("//article//time[@datetime]")
_ANY_TIME = etree.XPath("//time[@datetime]")
# Parent checks only: ancestor:: axes cost twice as much, and script and
# style never hold child elements in an HTML tree.
_VISIBLE_TEXT = etree.XPath("//body//text()[not(parent::script or parent::style or parent::template)]")
# Byline markup, most specific first: a name element beats a whole box
# that may also hold a role, a date or a "Follow" button.
_BYLINES = (
    etree.XPath("//*[@itemprop='author']"),
    etree.XPath("//*[@rel='author']"),
    etree.XPath(
        "//*[contains(@class, 'byline__name') or contains(@class, 'byline-name') or contains(@class, 'author-name')"
        " or contains(@class, 'author__name') or contains(@class, 'authorName')]"
    ),
    etree.XPath("//*[contains(@class, 'byline')]"),
)


def meta_tags(tree) -> dict[str, list[str]]:
    """``<meta>`` contents keyed by lower-case property / name / itemprop."""
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attr) or "").strip().lower()
            if key:
                found.setdefault(key, []).append(content)
    return found


def link_href(tree, rel: str) -> str | None:
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        if rel in rels and (link.get("href") or "").strip():
            return link.get("href").strip()
    return None


def base_href(tree) -> str | None:
    for base in tree.iter("base"):
        if (base.get("href") or "").strip():
            return base.get("href").strip()
    return None


def title_tag(tree) -> str | None:
    for title in tree.iter("title"):
        text = " ".join(title.text_content().split())
        if text:
            return text
    return None


def headline(tree) -> str | None:
    """The article's ``<h1>``: the one inside ``<article>`` if there is one."""
    candidates = tree.xpath("//article//h1") or tree.xpath("//h1")
    for h1 in candidates[:3]:
        text = " ".join(h1.text_content().split())
        if len(text) > 3:
            return text
    return None


def time_attr(tree, itemprop: str) -> str | None:
    """A machine-readable date from ``itemprop`` or a ``<time>`` element."""
    for element in _TIME_XPATH[itemprop](tree):
        value = element.get("datetime") or element.get("content")
        if value:
            return value
    if itemprop == "datePublished":
        for element in (_ARTICLE_TIME(tree) or _ANY_TIME(tree))[:1]:
            return element.get("datetime")
    return None


def bylines(tree) -> list[str]:
    """Visible bylines: itemprop/rel=author, then name elements, then .byline boxes."""
    for xpath in _BYLINES:
        found = []
        for element in xpath(tree)[:10]:
            name = element.find(".//*[@itemprop='name']")
            text = element.get("content") or " ".join((name if name is not None else element).itertext())
            text = " ".join(text.split())
            if text and len(text) < 120:
                found.append(text)
        if found:
            return found
    return []


def visible_text(tree) -> str:
    """The page's text outside scripts, styles and the head, space-joined."""
    return " ".join(" ".join(_VISIBLE_TEXT(tree)).split())


WORDS = re.compile(r"\w+")
