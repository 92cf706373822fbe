"""Hosts that asked us to wait: HTTP 429, or 503 with a Retry-After.

Kept by the facade across fetchers (``tagwire run`` makes one per crawl pass), so a
publisher that says "too many requests" is not asked for the rest of a first crawl's
pages, nor by the next pass, until the time it named. Per process: another worker
learns it from its own first refusal.
"""

from __future__ import annotations

import time
from typing import Callable

#: a 429 without Retry-After: a minute's rest
DEFAULT_PAUSE = 60.0
#: a Retry-After of days is a misconfiguration; feeds' own back-off covers long outages
MAX_PAUSE = 6 * 3600.0


def pause_seconds(status: int, retry_after: float | None) -> float | None:
    """How long a host's answer asks us to leave it alone; None when it does not. PURE."""
    if status == 429:
        return min(max(retry_after or DEFAULT_PAUSE, 1.0), MAX_PAUSE)
    if status == 503 and retry_after:
        return min(max(retry_after, 1.0), MAX_PAUSE)
    return None  # a 503 alone may be one broken page, not the host asking for rest


class HostPauses:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._until: dict[str, float] = {}

    def pause(self, host: str, seconds: float) -> None:
        until = self._clock() + seconds
        self._until[host] = max(self._until.get(host, 0.0), until)

    def remaining(self, host: str) -> float:
        """Seconds until the host may be asked again (0: now)."""
        until = self._until.get(host)
        if until is None:
            return 0.0
        left = until - self._clock()
        if left <= 0:
            del self._until[host]
            return 0.0
        return left
