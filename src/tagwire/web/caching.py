"""Conditional GET for the API and feeds out: a strong ETag from the body, 304 when unchanged.

The ETag is a hash of the exact bytes sent, so it changes whenever anything a
client sees changes (a re-tagged article, a new error on a feed) and needs no
bookkeeping in storage. Rendering still happens on every request; only the
transfer is saved, which is what feed readers polling every few minutes cost us.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime

from starlette.requests import Request
from starlette.responses import Response

CACHE_CONTROL = "public, max-age=60"


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def http_date(when: datetime) -> str:
    return format_datetime(when.astimezone(timezone.utc), usegmt=True)


def conditional(request: Request, body: bytes, media_type: str, headers: dict[str, str] | None = None,
                last_modified: datetime | None = None) -> Response:
    """The response for ``body``, or an empty 304 when the client's copy is current."""
    etag = etag_for(body)
    headers = {**(headers or {}), "ETag": etag, "Cache-Control": CACHE_CONTROL}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified)
    if _not_modified(request, etag, last_modified):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def _not_modified(request: Request, etag: str, last_modified: datetime | None) -> bool:
    # RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only counts without it
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return _etag_matches(if_none_match, etag)
    since = _parse_http_date(request.headers.get("if-modified-since"))
    return bool(since and last_modified and last_modified.replace(microsecond=0) <= since)


def _etag_matches(header: str, etag: str) -> bool:
    """Weak comparison, as If-None-Match requires: W/"x" matches "x"."""
    candidates = {c.strip().removeprefix("W/") for c in header.split(",")}
    return "*" in candidates or etag in candidates


def _parse_http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
