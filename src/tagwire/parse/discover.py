"""Feed autodiscovery: the feeds a web page announces with <link rel="alternate">."""

from __future__ import annotations

from lxml import etree, html

from .urls import canonical_url

FEED_TYPES = {
    "application/rss+xml": 0,
    "application/atom+xml": 1,
    "application/feed+json": 2,
    "application/json": 3,
    "application/rdf+xml": 4,
    "text/xml": 5,
    "application/xml": 5,
}


def discover_feeds(content: bytes, base_url: str) -> list[str]:
    """Feed URLs announced in the page's <head>, RSS first, without duplicates."""
    if not content.strip():
        return []
    try:
        doc = html.document_fromstring(content[:2_000_000])
    except (etree.ParserError, ValueError):
        return []
    found: list[tuple[int, int, str]] = []
    for order, link in enumerate(doc.iter("link")):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rel or kind not in FEED_TYPES:
            continue
        url = canonical_url(link.get("href") or "", base_url)
        if url and all(url != f[2] for f in found):
            found.append((FEED_TYPES[kind], order, url))
    return [url for *_, url in sorted(found)]
