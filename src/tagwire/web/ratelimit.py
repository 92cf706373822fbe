"""Rate limiting of the API and the feeds out, per client: a token bucket per IP address.

Each client's bucket holds up to ``burst`` tokens and refills at ``per_minute / 60``
a second; a request takes one, and a client with none left gets 429 with
``Retry-After``.  Buckets live in this process's memory: with several web
processes each allows the full rate.  Memory is bounded: a bucket idle long
enough to be full again is the same as no bucket and is dropped, and past
``max_clients`` the least recently seen go first.

Keyed by IP only: a bearer token is not verified here, and keying by an
unverified token would let anyone mint a fresh bucket per request.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import OrderedDict
from typing import Any, Callable

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Receive, Scope, Send

FEED_SUFFIXES = (".rss", ".atom", ".json")


class TokenBuckets:
    """Pure bookkeeping: ``take(key, now)`` is 0.0 when allowed, else seconds until a token."""

    def __init__(self, per_minute: int, burst: int, max_clients: int = 10_000):
        self.rate = per_minute / 60.0  # tokens a second
        self.burst = float(max(1, burst))
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key → (tokens, at)
        self._lock = threading.Lock()

    def take(self, key: str, now: float) -> float:
        with self._lock:
            tokens, at = self._buckets.pop(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.rate)
            wait = 0.0
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = (1.0 - tokens) / self.rate
            self._buckets[key] = (tokens, now)  # most recently seen last
            self._evict(now)
            return wait

    def _evict(self, now: float) -> None:
        refill = self.burst / self.rate  # after this long idle a bucket is full: forgetting it loses nothing
        while self._buckets:
            key, (_, at) = next(iter(self._buckets.items()))
            if len(self._buckets) <= self.max_clients and now - at < refill:
                return
            del self._buckets[key]

    def __len__(self) -> int:
        return len(self._buckets)


def limited_path(path: str, api_prefix: str) -> bool:
    """The API and the feeds out; pages, static files and health checks are not limited."""
    if path == api_prefix or path.startswith(api_prefix + "/"):
        return True
    return not path.startswith("/static/") and path.endswith(FEED_SUFFIXES)


class RateLimit:
    """ASGI middleware; ``per_minute`` 0 passes everything through."""

    def __init__(self, app: ASGIApp, *, per_minute: int, burst: int, api_prefix: str = "/api/v1",
                 clock: Callable[[], float] = time.monotonic):
        self.app = app
        self.buckets = TokenBuckets(per_minute, burst) if per_minute > 0 else None
        self.api_prefix = api_prefix
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.buckets is None or scope["type"] != "http" or not limited_path(scope["path"], self.api_prefix):
            return await self.app(scope, receive, send)
        client = scope.get("client")
        wait = self.buckets.take(client[0] if client else "unknown", self.clock())
        if wait <= 0:
            return await self.app(scope, receive, send)
        await _too_many(send, max(1, math.ceil(wait)))


async def _too_many(send: Send, retry_after: int) -> None:
    body = json.dumps({"error": {"code": "rate_limited", "message":
                       f"too many requests from this client; retry in {retry_after} s"}}).encode()
    await send({"type": "http.response.start", "status": 429, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(retry_after).encode()), (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})


def rate_limit(settings: Any) -> Middleware:
    """The middleware as the site registers it, from ``api_rate_limit`` and ``api_rate_burst``."""
    return Middleware(RateLimit, per_minute=settings.api_rate_limit, burst=settings.api_rate_burst)
