"""Dates: parse what pages write, always return aware UTC datetimes."""

from __future__ import annotations

import logging
import re
import warnings
from datetime import UTC, datetime, timedelta

from dateutil import parser as dateutil_parser

log = logging.getLogger(__name__)

_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
# US and UK zone abbreviations publishers print; dateutil ignores unknown ones.
_ZONES = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 3600, "CET": 3600, "CEST": 7200,
    "EST": -18000, "EDT": -14400, "CST": -21600, "CDT": -18000,
    "MST": -25200, "MDT": -21600, "PST": -28800, "PDT": -25200,
}  # fmt: skip
_URL_DATES = (
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)"),
    re.compile(r"[/_-]((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[/_.-]|$)"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)"),
)


def parse_date(value: object, *, now: datetime | None = None) -> datetime | None:
    """An aware UTC datetime from an ISO string, a date string or a timestamp.

    Naive values are taken as UTC. Dates before 1990 or more than two days in
    the future are refused: they are template defaults or typos.
    """
    parsed = _parse_any(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=UTC)
    parsed = parsed.astimezone(UTC)
    latest = (now or datetime.now(UTC)) + timedelta(days=2)
    return parsed if _EARLIEST <= parsed <= latest else None


def _parse_any(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_timestamp(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 80:
        return None
    if text.isdigit() and len(text) in (10, 13):
        return _from_timestamp(int(text) / (1000 if len(text) == 13 else 1))
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    # missing parts default to 1 January, not to today's day and month
    default = datetime(datetime.now().year, 1, 1)
    try:
        with warnings.catch_warnings():  # unknown zone names: we assume UTC below
            warnings.simplefilter("ignore")
            return dateutil_parser.parse(text, default=default, tzinfos=_ZONES)
    except (ValueError, OverflowError, TypeError, dateutil_parser.ParserError):
        return None


def _from_timestamp(seconds: float) -> datetime | None:
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None


def date_from_url(url: str | None) -> datetime | None:
    """A date written in the URL path, e.g. ``/2024/03/15/`` or ``-2024-03-15-``."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.IGNORECASE).split("?", 1)[0]
    for pattern in _URL_DATES:
        match = pattern.search(path)
        if match:
            try:
                found = datetime(*(int(part) for part in match.groups()), tzinfo=UTC)
            except ValueError:
                continue
            return parse_date(found)
    return None


def date_from_htmldate(tree, url: str | None) -> datetime | None:
    """Last resort: htmldate's header and markup heuristics (no text scan)."""
    try:
        from htmldate import find_date

        found = find_date(tree, url=url, extensive_search=False, original_date=True)
    except Exception as err:  # noqa: BLE001 -- htmldate is best effort; a failure means no date
        log.debug("htmldate failed: %s", err)
        return None
    return parse_date(found) if found else None
