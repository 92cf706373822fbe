"""The fast path for RSS and Atom: fastfeedparser (lxml underneath).

fastfeedparser is tens of times faster than feedparser but less forgiving and
does not sanitise HTML. tagwire never renders a feed's HTML (summaries are
reduced to plain text before use), so only speed and robustness matter here:
whatever it cannot read, or reads as empty, goes to feedparser.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import fastfeedparser

from ..types import FeedEntry, ParsedFeed
from .text import title_text
from .urls import canonical_url


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value)  # Python 3.11 reads "Z" and every ISO 8601 offset
    except ValueError:
        return None
    return when.astimezone(timezone.utc) if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _names(items: Any, key: str) -> tuple[str, ...]:
    if not items:
        return ()
    out = []
    for item in items:
        value = item.get(key)
        if isinstance(value, str) and (value := value.strip()):
            out.append(value)
    return tuple(out)


def _entry(raw: Any, base: str, with_content: bool = False) -> FeedEntry | None:
    get = raw.get  # fastfeedparser computes some fields on first access: read each once
    given_link = get("link")
    link = given_link or ""
    guid = get("id") or None
    if not link and guid and guid.startswith(("http://", "https://")):
        link = guid
    url = canonical_url(link, base)
    if url is None:
        return None
    if guid == given_link:
        guid = None  # fastfeedparser fills a missing id with the link; the URL already says it
    title, summary = get("title"), get("description")
    return FeedEntry(
        url=url, guid=guid, title=title_text(title) or None, summary=(summary or "").strip() or None,
        published=_iso(get("published")), updated=_iso(get("updated")),
        categories=_names(get("tags"), "term"), authors=_names(get("authors"), "name"),
        content=longest_content(get("content")) if with_content else None,
    )


def longest_content(items: Any) -> str | None:
    """The longest content block (content:encoded, Atom <content>), or None; both parsers
    give a list of dicts with a "value"."""
    values = [i.get("value") for i in items or () if isinstance(i, dict) and isinstance(i.get("value"), str)]
    return max(values, key=len).strip() or None if values else None


#: entries read from a feed longer than the item cap, to find its newest: a feed listing
#: its archive oldest first kept its first 100 (its oldest) and never showed a new one
READ_MORE = 10


def read_limit(items: list, max_items: int) -> int:
    """How many of a feed's entries to read: all of a short one, ten times the cap of a long one."""
    return max_items if len(items) <= max_items else READ_MORE * max_items


_NEVER = datetime.min.replace(tzinfo=timezone.utc)


def newest_first(entries: list[FeedEntry]) -> list[FeedEntry]:
    """Entries by publication (else update) time, newest first; undated ones last, in order."""
    return sorted(entries, key=lambda e: e.published or e.updated or _NEVER, reverse=True)


def newest(entries: list[FeedEntry], max_items: int) -> list[FeedEntry]:
    """The cap's worth of entries, newest first when there are more; a feed within the cap
    keeps its own order."""
    return entries if len(entries) <= max_items else newest_first(entries)[:max_items]


def parse_fast(content: bytes, url: str, *, max_items: int, with_content: bool = False) -> ParsedFeed | None:
    """The feed, or None when the fast parser cannot read it (the caller falls back)."""
    try:
        # content:encoded only on request: it costs a quarter more on every poll, and is
        # needed only when a page cannot be used (pipeline.py, FeedTexts)
        parsed = fastfeedparser.parse(content, include_content=with_content, include_media=False,
                                      include_enclosures=False)
        raw_entries = parsed.get("entries") or []
        entries = [e for e in (_entry(r, url, with_content) for r in raw_entries[:read_limit(raw_entries, max_items)])
                   if e is not None]
        entries = newest(entries, max_items)
        feed = parsed.get("feed") or {}
    except Exception:  # noqa: BLE001 - any failure of the fast path means "ask feedparser"
        return None
    if not entries:
        return None
    return ParsedFeed(title=title_text(feed.get("title")) or None, link=feed.get("link"), entries=tuple(entries))
