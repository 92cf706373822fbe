"""Feeds out: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the latest, a hashtag, a category, a source.

XML is built with lxml elements, never pasted strings, so a title holding
``<script>``, ``]]>`` or ``&`` is escaped by the library and the document stays
well-formed; characters XML 1.0 cannot carry at all (most C0 controls, lone
surrogates) are dropped first. Items link only to http(s) URLs: an article
whose stored URL is anything else is left out, as every format requires a link.
Feeds carry the excerpt, not the full text: the text stays with its publisher.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from html import escape
from typing import Callable, Sequence

from lxml import etree

from ..types import Article
from . import format as fmt

ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
MEDIA_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
# an empty feed has no newest item; a fixed time keeps its ETag stable between polls
EMPTY_UPDATED = datetime(1970, 1, 1, tzinfo=timezone.utc)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Channel:
    """What a feed says about itself; URLs are absolute, as the formats require."""

    title: str
    description: str
    page_url: str  # the HTML page this feed mirrors
    self_url: str  # this feed, in this format


def clean(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def items_of(articles: Sequence[Article]) -> list[Article]:
    return [a for a in articles if fmt.safe_href(a.url) != "#"]


def updated(article: Article) -> datetime:
    return max(t for t in (article.sort_time, article.modified) if t is not None)


def newest(articles: Sequence[Article]) -> datetime:
    return max((updated(a) for a in articles), default=EMPTY_UPDATED)


def _authors(a: Article) -> list[str]:
    # Atom needs an author on every entry (or the feed); the publisher stands in when the byline is empty
    return [clean(n) for n in a.authors if clean(n).strip()] or [clean(a.source_name)]


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k: clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = clean(text)
    return element


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def rss(channel: Channel, articles: Sequence[Article]) -> bytes:
    root = etree.Element("rss", {"version": "2.0"}, nsmap={"atom": ATOM_NS, "dc": DC_NS})
    ch = _sub(root, "channel")
    _sub(ch, "title", channel.title)
    _sub(ch, "link", channel.page_url)
    _sub(ch, "description", channel.description)
    _sub(ch, f"{{{ATOM_NS}}}link", href=channel.self_url, rel="self", type="application/rss+xml")
    _sub(ch, "lastBuildDate", format_datetime(newest(articles), usegmt=True))
    _sub(ch, "generator", "tagwire")
    for a in articles:
        _rss_item(_sub(ch, "item"), a)
    return _xml(root)


def _rss_item(item: etree._Element, a: Article) -> None:
    _sub(item, "title", a.title)
    _sub(item, "link", a.url)
    _sub(item, "guid", a.url, isPermaLink="true")
    _sub(item, "pubDate", format_datetime(a.sort_time.astimezone(timezone.utc), usegmt=True))
    for name in _authors(a):  # <author> must be an e-mail address; Dublin Core carries names
        _sub(item, f"{{{DC_NS}}}creator", name)
    for t in a.tags:
        _sub(item, "category", t.tag)
    # RSS descriptions are HTML: escape the plain-text excerpt, then let lxml escape that for XML
    _sub(item, "description", "".join(f"<p>{escape(p)}</p>" for p in fmt.paragraphs(clean(a.excerpt))))


def _q(name: str) -> str:
    """An Atom element's qualified name."""
    return f"{{{ATOM_NS}}}{name}"


def atom(channel: Channel, articles: Sequence[Article]) -> bytes:
    root = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
    _sub(root, _q("id"), channel.self_url)
    _sub(root, _q("title"), channel.title, type="text")
    _sub(root, _q("subtitle"), channel.description, type="text")
    _sub(root, _q("updated"), fmt.iso(newest(articles)))
    _sub(root, _q("link"), rel="self", type="application/atom+xml", href=channel.self_url)
    _sub(root, _q("link"), rel="alternate", type="text/html", href=channel.page_url)
    _sub(root, _q("generator"), "tagwire")
    for a in articles:
        _atom_entry(_sub(root, _q("entry")), a)
    return _xml(root)


def _atom_entry(entry: etree._Element, a: Article) -> None:
    _sub(entry, _q("id"), a.url)
    _sub(entry, _q("title"), a.title, type="text")
    _sub(entry, _q("updated"), fmt.iso(updated(a)))
    _sub(entry, _q("published"), fmt.iso(a.sort_time))
    _sub(entry, _q("link"), rel="alternate", type="text/html", href=a.url)
    for name in _authors(a):
        _sub(_sub(entry, _q("author")), _q("name"), name)
    for t in a.tags:
        _sub(entry, _q("category"), term=t.tag, label=t.label)
    _sub(entry, _q("summary"), a.excerpt, type="text")


def json_feed(channel: Channel, articles: Sequence[Article]) -> bytes:
    feed = {
        "version": JSON_FEED_VERSION,
        "title": clean(channel.title),
        "home_page_url": channel.page_url,
        "feed_url": channel.self_url,
        "description": clean(channel.description),
        "items": [_json_item(a) for a in articles],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1).encode()


def _json_item(a: Article) -> dict:
    item = {
        "id": a.url, "url": a.url, "title": clean(a.title),
        "content_text": clean(a.excerpt), "summary": clean(a.excerpt),
        "date_published": fmt.iso(a.sort_time), "date_modified": fmt.iso(updated(a)),
        "authors": [{"name": n} for n in _authors(a)], "tags": [t.tag for t in a.tags],
    }
    image = fmt.safe_href(a.image)
    if image != "#":
        item["image"] = image
    if a.language:
        item["language"] = clean(a.language)
    return item


BUILDERS: dict[str, Callable[[Channel, Sequence[Article]], bytes]] = {"rss": rss, "atom": atom, "json": json_feed}
