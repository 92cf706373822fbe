"""One HTTP client configuration for every outbound request.

Timeouts (connect, read, and a total per request), a size cap enforced while
streaming (after decompression, so a gzip bomb stops early), a redirect cap
with each hop re-checked by the SSRF guard, conditional GET, robots.txt, a
descriptive User-Agent, a global and a per-host concurrency limit and a
minimum delay between requests to one host.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import FetchError, HTTPStatusError, TooLargeError
from . import caching
from .challenge import detect_challenge
from .guard import Guard, Pinned
from .pauses import HostPauses, pause_seconds
from .robots import RobotsCache, RobotsMemory

MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # after redirects
    status: int
    content: bytes
    content_type: str
    etag: str | None = None
    last_modified: str | None = None
    permanent_redirect: str | None = None  # new URL when every hop was 301/308
    location: str | None = None  # Location header of a redirect answer
    cache_seconds: float | None = None  # freshness the server gave (max-age / Expires)
    elapsed: float = 0.0  # seconds on the wire for the last hop, politeness waits excluded

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class TimeoutFetchError(FetchError):
    cause = "timeout"


@dataclass
class _Host:
    """Per-host politeness state: a concurrency limit and the time of the last request."""

    semaphore: asyncio.Semaphore
    lock: asyncio.Lock
    next_slot: float = 0.0


class Fetcher:
    def __init__(
        self, *, user_agent: str, timeout: float, max_bytes: int, concurrency: int,
        per_host: int, guard: Guard, host_delay: float = 0.0, obey_robots: bool = True,
        transport: httpx.AsyncBaseTransport | None = None, robots_memory: RobotsMemory | None = None,
        pauses: HostPauses | None = None,
    ):
        self.max_bytes = max_bytes
        self.guard = guard
        self.user_agent = user_agent
        self.timeout = timeout
        self.host_delay = host_delay
        self._global = asyncio.Semaphore(concurrency)
        self._per_host = per_host
        self._hosts: dict[str, _Host] = {}
        self.pauses = pauses or HostPauses()
        self.robots = RobotsCache(self, user_agent, robots_memory) if obey_robots else None
        self._client = httpx.AsyncClient(
            headers={"User-Agent": user_agent, "Accept-Encoding": caching.ACCEPT_ENCODING},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=False,
            transport=transport,
            limits=httpx.Limits(max_connections=concurrency * 2, max_keepalive_connections=concurrency),
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> "Fetcher":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                  accept: str = "*/*", robots: bool = True) -> Response:
        """GET with redirects followed by hand, so every hop passes the guard and robots.txt.

        Each hop is bounded by twice the timeout from the moment it may go out: time spent
        waiting for the host's turn (per-host slots, Crawl-delay) is politeness, not a slow
        server, so a feed of 50 new pages to one host does not time its last ones out.
        """
        return await self._get(url, etag, last_modified, accept, robots)

    async def _get(self, url: str, etag: str | None, last_modified: str | None, accept: str,
                   robots: bool) -> Response:
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        original, permanent = url, True
        for _ in range(MAX_REDIRECTS + 1):
            try:
                async with asyncio.timeout(self.timeout):  # a resolver that never answers
                    target = await self.guard.pin(url)
            except TimeoutError:
                raise TimeoutFetchError(f"timed out resolving the host of {url}") from None
            if robots and self.robots is not None:
                await self.robots.check(url)
            response = await self._get_once(url, headers, target)
            if response.status not in REDIRECTS:
                break
            if not response.location:
                raise HTTPStatusError(f"HTTP {response.status} without a Location from {url}", response.status)
            permanent = permanent and response.status in (301, 308)
            url = urljoin(url, response.location)
        else:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects from {original}")
        moved = url if permanent and url != original else None
        return dataclasses.replace(response, permanent_redirect=moved) if moved else response

    def _host(self, host: str) -> _Host:
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _Host(asyncio.Semaphore(self._per_host), asyncio.Lock())
        return state

    def _check_not_paused(self, host: str) -> None:
        left = self.pauses.remaining(host)
        if left > 0:
            raise HTTPStatusError(f"{host} asked us to wait (HTTP 429 or 503): not asked again for "
                                  f"{left:.0f} s", 429, retry_after=left)

    async def _wait_turn(self, host: str) -> None:
        """Space requests to one host by the larger of our delay and its robots.txt Crawl-delay."""
        delay = self.host_delay
        if self.robots is not None:
            delay = max(delay, self.robots.crawl_delay(host))
        if delay <= 0:
            return
        state = self._host(host)
        async with state.lock:
            now = time.monotonic()
            wait = state.next_slot - now
            state.next_slot = max(now, state.next_slot) + delay
        if wait > 0:
            await asyncio.sleep(wait)

    async def _get_once(self, url: str, headers: dict[str, str], target: Pinned) -> Response:
        host = urlsplit(url).hostname or ""
        state = self._host(host)
        if target.host:
            headers = {**headers, "Host": target.host}
        extensions = {"sni_hostname": target.sni} if target.sni else None
        async with self._global, state.semaphore:
            await self._wait_turn(host)
            self._check_not_paused(host)  # (again after the wait: a 429 may have come meanwhile)
            started = time.monotonic()
            try:
                # httpx's timeout is per read: a server trickling a byte at a time never trips it
                async with asyncio.timeout(self.timeout * 2), \
                        self._client.stream("GET", target.url, headers=headers, extensions=extensions) as resp:
                    response = await self._read(resp, url)
                    return dataclasses.replace(response, elapsed=time.monotonic() - started)
            except (httpx.TimeoutException, TimeoutError):
                raise TimeoutFetchError(f"timed out fetching {url}") from None
            except httpx.DecodingError:
                raise FetchError(f"undecodable response body from {url}") from None
            except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
                raise FetchError(f"cannot fetch {url}: {type(exc).__name__}: {exc}".rstrip(": ")) from None

    async def _read(self, resp: httpx.Response, url: str) -> Response:
        status = resp.status_code
        if status in REDIRECTS:
            return Response(url=url, status=status, content=b"", content_type="",
                            location=resp.headers.get("location", ""))
        if status == 304:
            return Response(url=url, status=304, content=b"", content_type="",
                            cache_seconds=caching.freshness(resp.headers))
        body = await self._read_capped(resp, url) if status < 300 or status in (403, 429, 503) else b""
        content_type = resp.headers.get("content-type", "")
        challenge = detect_challenge(status, resp.headers, body)
        if challenge:
            raise challenge
        if status >= 400:
            retry_after = caching.retry_after(resp.headers) if status in (429, 503) else None
            rest = pause_seconds(status, retry_after)
            if rest:  # the host asked for rest: none of its queued requests go out before then
                self.pauses.pause(urlsplit(url).hostname or "", rest)
            raise HTTPStatusError(f"HTTP {status} from {url}", status, retry_after=retry_after)
        return Response(
            url=url, status=status, content=body, content_type=content_type,
            etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"),
            cache_seconds=caching.freshness(resp.headers),
        )

    async def _read_capped(self, resp: httpx.Response, url: str) -> bytes:
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise TooLargeError(f"response from {url} is {declared} bytes, over the {self.max_bytes} cap")
        chunks, size = [], 0
        # aiter_bytes decompresses: the cap applies to what we would hold in memory
        async for chunk in resp.aiter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise TooLargeError(f"response from {url} is over the {self.max_bytes} byte cap")
            chunks.append(chunk)
        return b"".join(chunks)
