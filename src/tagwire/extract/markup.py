"""Small read-only look-ups in the parsed page: meta tags, links, bylines."""

from __future__ import annotations

import re

from lxml import etree

# Simple "//x[...]" paths only: libxml2 turns unions and "//a//b" into
# quadratic work on hostile pages with thousands of nested elements.
_ITEMPROP = {name: etree.XPath(f"//*[@itemprop='{name}']") for name in ("datePublished", "dateModified")}
_H1 = etree.XPath("//h1")
# Byline markup, most specific first: a name element beats a whole box
# that may also hold a role, a date or a "Follow" button. One search finds
# every candidate (each later test is a substring of "author" or "byline").
_BYLINE_CANDIDATES = etree.XPath(
    "//*[@itemprop='author' or @rel='author' or contains(@class, 'byline') or contains(@class, 'author')]"
)
_NAME_CLASSES = ("byline__name", "byline-name", "author-name", "author__name", "authorName")
_BYLINES = (
    lambda element: element.get("itemprop") == "author",
    lambda element: element.get("rel") == "author",
    lambda element: any(name in (element.get("class") or "") for name in _NAME_CLASSES),
    lambda element: "byline" in (element.get("class") or ""),
)
_INVISIBLE = {"script", "style", "template", "noscript"}


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
    candidates = _H1(tree)
    in_article = [h1 for h1 in candidates if _in_article(h1)]
    for h1 in (in_article or candidates)[:3]:
        text = " ".join(h1.text_content().split())
        if len(text) > 3:
            return text
    return None


def _in_article(element) -> bool:
    return any(ancestor.tag == "article" for ancestor in element.iterancestors())


def time_attr(tree, itemprop: str) -> str | None:
    """A machine-readable date from ``itemprop`` or a ``<time>`` element."""
    for element in _ITEMPROP[itemprop](tree):
        value = element.get("datetime") or element.get("content")
        if value:
            return value
    word = "publish" if itemprop == "datePublished" else "modif"
    # (a C-level walk to the <time> elements: cheaper than an XPath's test of every node)
    times = [element for element in tree.iter("time") if element.get("datetime") is not None]
    for element in times:
        if word in (element.get("class") or "").lower():
            return element.get("datetime")
    if itemprop == "datePublished" and times:
        in_article = [element for element in times if _in_article(element)]
        return (in_article or times)[0].get("datetime")
    return None


def bylines(tree) -> list[str]:
    """Visible bylines: itemprop/rel=author, then name elements, then .byline boxes."""
    candidates = _BYLINE_CANDIDATES(tree)
    for test in _BYLINES:
        found = []
        for element in [element for element in candidates if test(element)][:10]:
            name = element.find(".//*[@itemprop='name']")
            text = element.get("content") or " ".join((name if name is not None else element).itertext())
            text = " ".join(text.split())
            if text and len(text) < 120:
                found.append(text)
        if found:
            return found
    return []


def visible_text(tree) -> str:
    """The page's text outside scripts and styles, space-joined.

    A plain walk: libxml2's XPath for "//body//text()[...]" goes quadratic
    on pages with tens of thousands of elements. (Each element's text, then
    its tail, in the order of ``iter()``; the tag is read only for elements
    that have text.)
    """
    body = tree.find("body")
    root = body if body is not None else tree
    parts: list[str] = []
    append = parts.append
    if root.text and root.tag.__class__ is str and root.tag not in _INVISIBLE:
        append(root.text)
    for element in root.iterdescendants():
        text = element.text
        if text:
            tag = element.tag
            if tag.__class__ is str and tag not in _INVISIBLE:
                append(text)
        tail = element.tail
        if tail:
            append(tail)
    return " ".join(" ".join(parts).split())


WORDS = re.compile(r"\w+")
