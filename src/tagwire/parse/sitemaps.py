"""News sitemaps and sitemap indexes as a source of article URLs.

A ``<urlset>`` gives entries (with ``news:news`` title, publication date and
keywords when present); a ``<sitemapindex>`` gives child sitemaps, newest
first, which the pipeline fetches in turn.
"""

from __future__ import annotations

from datetime import datetime, timezone

from lxml import etree

from ..errors import ParseError
from ..types import FeedEntry, ParsedFeed
from .fastfeeds import newest_first
from .text import title_text
from .urls import canonical_url

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def is_sitemap(content: bytes) -> bool:
    head = content[:2048].lower()
    return b"<urlset" in head or b"<sitemapindex" in head


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.astimezone(timezone.utc) if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _text(node: etree._Element, path: str) -> str | None:
    found = node.find(path)
    try:
        text = found.text if found is not None else None
    except UnicodeDecodeError:  # recover=True keeps invalid UTF-8 (b"\xed\xa0\x80") that .text cannot decode
        return None
    return text.strip() if text and text.strip() else None


def parse_sitemap(content: bytes, url: str, *, max_items: int = 100) -> ParsedFeed:
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"not a sitemap at {url}: {exc}") from None
    if root is None:
        raise ParseError(f"not a sitemap at {url}")
    # not etree.QName(root): a recovered tree keeps undeclared prefixes ("news:x"), which QName refuses
    try:
        tag = str(root.tag).rpartition("}")[2]
    except UnicodeDecodeError:
        raise ParseError(f"not a sitemap at {url}: invalid UTF-8 in the root element") from None
    if tag == "sitemapindex":
        children = []
        for node in root.iter(SM + "sitemap", "sitemap"):
            loc = canonical_url(_text(node, SM + "loc") or _text(node, "loc") or "", url)
            if loc:
                lastmod = _date(_text(node, SM + "lastmod") or _text(node, "lastmod"))
                children.append((lastmod or datetime.min.replace(tzinfo=timezone.utc), loc))
        children.sort(reverse=True)
        return ParsedFeed(title=None, link=None, entries=(), children=tuple(u for _, u in children))
    if tag != "urlset":
        raise ParseError(f"not a sitemap at {url}: root element <{tag}>")
    entries, publisher = [], None
    for node in root.iter(SM + "url", "url"):
        loc = canonical_url(_text(node, SM + "loc") or _text(node, "loc") or "", url)
        if not loc:
            continue
        news = node.find(NEWS + "news")
        title = title_text(_text(news, NEWS + "title")) or None if news is not None else None
        if news is not None and publisher is None:
            publisher = title_text(_text(news, f"{NEWS}publication/{NEWS}name")) or None
        published = _date(_text(news, NEWS + "publication_date")) if news is not None else None
        keywords = (_text(news, NEWS + "keywords") or "") if news is not None else ""
        entries.append(FeedEntry(
            url=loc, guid=None, title=title, published=published,
            updated=_date(_text(node, SM + "lastmod") or _text(node, "lastmod")),
            categories=tuple(k.strip() for k in keywords.split(",") if k.strip()),
        ))
    # newest first, so the item cap keeps what matters; the publication's name names the
    # source, as a feed's title does
    return ParsedFeed(title=publisher, link=None, entries=tuple(newest_first(entries)[:max_items]))
