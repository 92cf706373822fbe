"""Canonical article URLs, so one article arriving by several feeds is stored once."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import courlan

# Absolute http(s) URLs that courlan would return unchanged: lowercase host, no port,
# no query or fragment, only unreserved path characters. Most feed links look like this,
# and skipping the general path makes feed parsing twice as fast.
_ALREADY_CANONICAL = re.compile(r"https?://[a-z0-9.-]+(?:/[A-Za-z0-9._~/-]*)?")


def canonical_url(url: str, base: str | None = None) -> str | None:
    """Absolute, normalised URL without fragment and tracking parameters; None if unusable.

    courlan drops utm_*, fbclid and friends (and we a few more feeds add) and
    lowercases the host. Its *strict* mode is not used: it keeps only a dozen known
    parameters, so every ``article.php?story=5`` or ``?nid=…`` of a site became one
    URL, and all but the first of its articles were skipped as already stored.
    """
    url = (url or "").strip()
    if not url:
        return None
    if _ALREADY_CANONICAL.fullmatch(url):
        return url
    try:
        if base and not url.startswith(("http://", "https://")):
            url = urljoin(base, url)  # raises on "//[::1" as urlsplit does
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        normal = courlan.normalize_url(url, strict=False).split("#", 1)[0]  # (strict mode dropped it)
    except (ValueError, AttributeError, TypeError):
        return url.split("#", 1)[0]
    return _without_feed_trackers(normal) if "?" in normal else normal


# parameters feeds and share buttons add that courlan's tracker list does not know (the
# Guardian's CMP, NYT's smid, session ids); they name no page
_FEED_TRACKERS = frozenset({"cmp", "cmpid", "smid", "ito", "ocid", "rss", "phpsessid", "jsessionid"})


def _without_feed_trackers(url: str) -> str:
    head, _, query = url.partition("?")
    kept = [pair for pair in query.split("&") if pair.partition("=")[0].lower() not in _FEED_TRACKERS]
    return f"{head}?{'&'.join(kept)}" if kept else head


def same_site(a: str, b: str) -> bool:
    """True when both URLs share a registrable-looking host (used to trust rel=canonical)."""
    host_a, host_b = urlsplit(a).hostname or "", urlsplit(b).hostname or ""
    tail = lambda h: ".".join(h.split(".")[-2:])  # noqa: E731
    return bool(host_a) and tail(host_a) == tail(host_b)
