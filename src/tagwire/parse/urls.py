"""Canonical article URLs, so one article arriving by several feeds is stored once."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import courlan


def canonical_url(url: str, base: str | None = None) -> str | None:
    """Absolute, normalised URL without fragment and tracking parameters; None if unusable.

    courlan's strict normalisation drops utm_*, fbclid and friends, lowercases
    the host and sorts nothing that changes meaning.
    """
    url = (url or "").strip()
    if not url:
        return None
    if base:
        url = urljoin(base, url)
    try:
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
