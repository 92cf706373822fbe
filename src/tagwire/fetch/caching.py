"""What response headers say about when to ask again: pure functions over headers."""

from __future__ import annotations

import email.utils
import re
from datetime import datetime, timezone
from typing import Mapping

try:  # httpx decodes brotli when one of these is installed
    import brotli  # noqa: F401

    ACCEPT_ENCODING = "gzip, deflate, br"
except ImportError:  # pragma: no cover - brotli is a dependency, but stay correct without it
    ACCEPT_ENCODING = "gzip, deflate"

_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-maxage|max-age)\s*=\s*\"?(\d+)", re.I)


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def freshness(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds the response stays fresh: Cache-Control max-age, else Expires − Date; None if unsaid."""
    control = headers.get("cache-control", "")
    if re.search(r"\b(no-store|no-cache)\b", control, re.I):
        return 0.0
    match = _MAX_AGE.search(control)
    if match:
        return float(match.group(1))
    expires = _http_date(headers.get("expires"))
    if expires is None:
        return 0.0 if headers.get("expires") else None  # an invalid Expires means "already expired"
    date = _http_date(headers.get("date")) or now or datetime.now(timezone.utc)
    return max(0.0, (expires - date).total_seconds())


def retry_after(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date."""
    value = (headers.get("retry-after") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    when = _http_date(value)
    if when is None:
        return None
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())
