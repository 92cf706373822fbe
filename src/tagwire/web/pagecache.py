"""A micro-cache for public pages and feeds out: each URL is rendered at most once per few seconds.

A hashtag page reads its articles, counts, chart and related tags; under load the
same few pages are asked for many times a second, and a news page a few seconds
old is as good as a fresh one. So a public GET's 200 answer is kept for
``page_cache_seconds`` (``TAGWIRE_PAGE_CACHE_SECONDS``; 0 turns the cache off):

- fresh: served from memory (and 304 when the client's ETag matches);
- stale (up to ``STALE_FACTOR`` × the TTL old): served at once while one background
  request renders it again, so a slow render never makes readers wait;
- missing: one request renders it, concurrent requests for the same URL wait for
  that render instead of rendering it too (no thundering herd on a cold page).

Never cached: anything but GET, requests carrying a cookie, an Authorization
header or ``?token=`` (admin sessions, private instances), paths outside the public
pages and feeds, and answers that are not 200 or say ``no-store``/``private``.
Memory is bounded by ``MAX_ENTRIES`` URLs (least recently used dropped first).
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

STALE_FACTOR = 6
MAX_ENTRIES = 512
MAX_BODY = 2_000_000  # bytes; a bigger answer is not kept
_PUBLIC_PREFIXES = ("/tag/", "/story/", "/category/", "/source/", "/feed.")
_PUBLIC_EXACT = frozenset({"/", "/tags", "/search", "/sources", "/search.rss", "/search.atom", "/search.json"})


@dataclass(frozen=True, slots=True)
class _Entry:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: bytes | None
    stored: float


def cacheable_request(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "GET":
        return False
    path = scope["path"]
    if path not in _PUBLIC_EXACT and not path.startswith(_PUBLIC_PREFIXES):
        return False
    if b"token=" in scope.get("query_string", b""):
        return False
    return not any(name in (b"cookie", b"authorization") for name, _ in scope["headers"])


def _cacheable_answer(status: int, headers: list[tuple[bytes, bytes]], size: int) -> bool:
    if status != 200 or size > MAX_BODY:
        return False
    for name, value in headers:
        if name.lower() == b"set-cookie":
            return False
        if name.lower() == b"cache-control" and (b"no-store" in value or b"private" in value):
            return False
    return True


class PageCache:
    def __init__(self, app: ASGIApp, ttl: float, clock: Callable[[], float] = time.monotonic,
                 max_entries: int = MAX_ENTRIES):
        self.app, self.ttl, self.clock, self.max_entries = app, ttl, clock, max_entries
        self._entries: OrderedDict[tuple[str, bytes], _Entry] = OrderedDict()
        self._filling: dict[tuple[str, bytes], asyncio.Future[_Entry | None]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.ttl <= 0 or not cacheable_request(scope):
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        entry = self._entries.get(key)
        age = self.clock() - entry.stored if entry else None
        if entry is not None and age is not None and age < self.ttl * STALE_FACTOR:
            self._entries.move_to_end(key)
            if age >= self.ttl and key not in self._filling:
                self._refresh_in_background(key, scope)
            await _serve(entry, scope, send, "hit" if age < self.ttl else "stale")
            return
        if key in self._filling:  # someone is rendering it: wait for that
            filled = await asyncio.shield(self._filling[key])
            if filled is not None:
                await _serve(filled, scope, send, "wait")
                return
        await self._render(key, self._claim(key), scope, receive, send)

    def _refresh_in_background(self, key: tuple[str, bytes], scope: Scope) -> None:
        async def receive() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def discard(message: Message) -> None:
            pass

        # claimed now, not when the task first runs: the next request must not start another
        task = asyncio.create_task(self._render(key, self._claim(key), dict(scope), receive, discard))
        self._tasks.add(task)  # a reference, so the task is not collected mid-way
        task.add_done_callback(self._tasks.discard)

    def _claim(self, key: tuple[str, bytes]) -> asyncio.Future[_Entry | None]:
        """Mark ``key`` as being rendered; requests that miss meanwhile wait for the future."""
        future: asyncio.Future[_Entry | None] = asyncio.get_running_loop().create_future()
        self._filling[key] = future
        return future

    async def _render(self, key: tuple[str, bytes], future: asyncio.Future[_Entry | None], scope: Scope,
                      receive: Receive, send: Send) -> None:
        """Run the page, passing its answer on (marked a miss) while keeping a copy."""
        captured: list[Message] = []

        async def capture_and_send(message: Message) -> None:
            captured.append(message)
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"x-tagwire-cache", b"miss")]}
            await send(message)

        try:
            await self.app(scope, receive, capture_and_send)
        finally:
            entry = self._keep(key, captured)
            del self._filling[key]
            future.set_result(entry)

    def _keep(self, key: tuple[str, bytes], messages: list[Message]) -> _Entry | None:
        start = next((m for m in messages if m["type"] == "http.response.start"), None)
        if start is None:
            return None
        headers = list(start.get("headers", []))
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        if not _cacheable_answer(start["status"], headers, len(body)):
            self._entries.pop(key, None)
            return None
        etag = next((v for n, v in headers if n.lower() == b"etag"), None)
        entry = _Entry(start["status"], tuple(headers), body, etag, self.clock())
        self._entries[key] = entry
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        return entry


async def _serve(entry: _Entry, scope: Scope, send: Send, how: str) -> None:
    marker = (b"x-tagwire-cache", how.encode())
    wanted = next((v for n, v in scope["headers"] if n == b"if-none-match"), None)
    if entry.etag is not None and wanted is not None and entry.etag in (t.strip() for t in wanted.split(b",")):
        kept = [(n, v) for n, v in entry.headers
                if n.lower() in (b"etag", b"cache-control", b"last-modified", b"vary")]
        await send({"type": "http.response.start", "status": 304, "headers": [*kept, marker]})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": entry.status, "headers": [*entry.headers, marker]})
    await send({"type": "http.response.body", "body": entry.body})
