"""When is a feed due again? Pure decisions, no I/O.

- After a good fetch: as often as the feed publishes (half the median gap
  between its latest entries), within [minimum, maximum], and never sooner
  than the server said the response stays fresh (Cache-Control / Expires).
- After an error: exponential back-off with ±10 % jitter up to a maximum,
  and never sooner than the server's Retry-After.
- After ``FAILING_AFTER`` errors in a row a feed counts as failing; it is
  still retried, at the maximum back-off.
"""

from __future__ import annotations

import random
import statistics
from datetime import datetime, timedelta
from typing import Sequence

FAILING_AFTER = 5
MAX_RETRY_AFTER = 24 * 3600  # a server asking us to wait a week is asking too much of a reader


def adaptive_interval(entry_times: Sequence[datetime], now: datetime, *, default: int,
                      minimum: int, maximum: int) -> int:
    """Seconds between polls that follow the feed's own publishing rhythm."""
    recent = sorted(t for t in entry_times if t <= now + timedelta(hours=1))[-20:]
    if len(recent) < 2:
        return max(minimum, min(maximum, default))
    if now - recent[-1] > timedelta(days=7):
        return maximum  # a feed quiet for a week need not be asked every few minutes
    gaps = [(b - a).total_seconds() for a, b in zip(recent, recent[1:]) if b > a]
    if not gaps:
        return max(minimum, min(maximum, default))
    return int(max(minimum, min(maximum, statistics.median(gaps) / 2)))


def after_success(now: datetime, interval: int, cache_seconds: float | None = None,
                  maximum: int | None = None) -> datetime:
    """Next check after a good fetch (changed or 304)."""
    wait = float(interval)
    if cache_seconds:
        wait = max(wait, min(cache_seconds, maximum or cache_seconds))
    return now + timedelta(seconds=wait)


def after_error(now: datetime, error_count: int, *, base: int, maximum: int,
                retry_after: float | None = None, rng: random.Random | None = None) -> datetime:
    """Exponential back-off with ±10 % jitter, so failing feeds of one host spread out.

    ``error_count`` counts this failure too (1 on the first one).
    """
    rng = rng or random.Random()
    delay = min(maximum, base * 2 ** max(0, min(error_count - 1, 20)))
    delay *= rng.uniform(0.9, 1.1)
    if retry_after:
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
    return now + timedelta(seconds=delay)


def is_failing(error_count: int) -> bool:
    return error_count >= FAILING_AFTER


# A page of a feed that could not be stored is not fetched again on every poll.
# A timeout or a 5xx is likely gone soon: retry in minutes, doubling. A page that is
# not an article (a video, a gallery), a 404 or a robots refusal is likely to stay so,
# but a live page may turn into an article: retry in hours, then days.
_PAGE_RETRY_SOON = (timedelta(minutes=5), timedelta(hours=6))  # first wait, longest wait
_PAGE_RETRY_LATER = (timedelta(hours=6), timedelta(days=7))
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


def is_transient(cause: str, status: int | None = None) -> bool:
    """Would asking again in a few minutes likely succeed?"""
    if cause == "http":
        return status in TRANSIENT_STATUSES
    return cause in ("timeout", "network", "robots-unavailable")


def page_retry_at(now: datetime, failures: int, *, transient: bool) -> datetime:
    """When to fetch a failed page again; ``failures`` counts this one too (1 on the first)."""
    first, longest = _PAGE_RETRY_SOON if transient else _PAGE_RETRY_LATER
    factor = 2 if transient else 4
    return now + min(longest, first * factor ** max(0, min(failures - 1, 16)))
