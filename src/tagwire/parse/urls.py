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

    courlan's strict normalisation drops utm_*, fbclid and friends and
    lowercases the host.
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
        return courlan.normalize_url(url, strict=True)
    except (ValueError, AttributeError, TypeError):
        return url.split("#", 1)[0]


def same_site(a: str, b: str) -> bool:
    """True when both URLs share a registrable-looking host (used to trust rel=canonical)."""
    host_a, host_b = urlsplit(a).hostname or "", urlsplit(b).hostname or ""
    tail = lambda h: ".".join(h.split(".")[-2:])  # noqa: E731
    return bool(host_a) and tail(host_a) == tail(host_b)
