"""Conditional GET for pages, the API and feeds out: a strong ETag from the body, 304 when unchanged.

The ETag is a hash of the exact bytes sent, so it changes whenever anything a
client sees changes (a re-tagged article, a new error on a feed) and needs no
bookkeeping in storage. Rendering still happens on every request; only the
transfer is saved, which is what feed readers polling every few minutes cost us.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any, Mapping

from starlette.requests import Request
from starlette.responses import Response

CACHE_CONTROL = "public, max-age=60"
#: pages for one signed-in person (admin): never kept by a shared cache or on disk
PRIVATE_CACHE_CONTROL = "private, no-store"


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def http_date(when: datetime) -> str:
    return format_datetime(when.astimezone(timezone.utc), usegmt=True)


def conditional(request: Request, body: bytes, media_type: str, headers: dict[str, str] | None = None,
                last_modified: datetime | None = None, cache_control: str | None = None) -> Response:
    """The response for ``body``, or an empty 304 when the client's copy is current."""
    etag = etag_for(body)
    headers = {**(headers or {}), "ETag": etag, "Cache-Control": cache_control or page_cache_control(request)}
    if last_modified is not None:
        # a publisher's clock ahead of ours must not make a date in the future (RFC 9110 §8.8.2.1)
        last_modified = min(last_modified, datetime.now(timezone.utc))
        headers["Last-Modified"] = http_date(last_modified)
    if _not_modified(request, etag, last_modified):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def page_cache_control(request: Request) -> str:
    """Public for anonymous readers; private and unstored for admin pages and anyone signed in.

    A request with a cookie or credentials (a header, or a feed's ``?token=`` on a private
    instance) may get an answer that depends on who asks, so no shared cache may keep it.
    """
    personal = (request.url.path.startswith(("/admin", "/api/v1/admin")) or "cookie" in request.headers
                or "authorization" in request.headers or "token" in request.query_params)
    return PRIVATE_CACHE_CONTROL if personal else CACHE_CONTROL


def newest_shown(context: Mapping[str, Any]) -> datetime | None:
    """The newest time of the articles a page shows (its cards, a story's coverage); its Last-Modified."""
    shown = [getattr(c, "article", None) for c in context.get("cards") or ()]
    shown += list(getattr(context.get("story"), "articles", ()) or ())
    times = [t for a in shown if a is not None
             for t in (getattr(a, "sort_time", None), getattr(a, "modified", None)) if isinstance(t, datetime)]
    return max(times, default=None)


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
