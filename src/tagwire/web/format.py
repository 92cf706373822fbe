"""How times, links and text look on the page: pure functions, tested alone."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

RELATIVE_LIMIT = timedelta(days=7)


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'} ago"


def relative_age(when: datetime, now: datetime | None = None, date_format: str = "%d-%m-%Y") -> str:
    """'3 hours ago' / '6 days ago' under seven days, else the date ('15-05-2025').

    A time in the future (clock skew at the publisher) reads as 'just now'.
    """
    now = now or datetime.now(timezone.utc)
    delta = now - when
    if delta >= RELATIVE_LIMIT:
        return when.astimezone(timezone.utc).strftime(date_format)
    seconds = int(delta.total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return _plural(seconds // 60, "minute")
    if seconds < 86400:
        return _plural(seconds // 3600, "hour")
    return _plural(seconds // 86400, "day")


def iso(when: datetime) -> str:
    return when.astimezone(timezone.utc).isoformat(timespec="seconds")


def safe_href(url: str | None) -> str:
    """Only http(s) links reach a page; anything else (javascript:, data:) becomes inert."""
    if not url:
        return "#"
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return "#"
    return url.strip() if scheme in ("http", "https") else "#"


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]

