"""One HTTP client configuration for every outbound request.

Timeouts, a size cap enforced while streaming, a redirect cap with each hop
re-checked by the SSRF guard, conditional GET, a descriptive User-Agent, a
global and a per-host concurrency limit.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import FetchError, HTTPStatusError, TooLargeError
from .guard import Guard

MAX_REDIRECTS = 5


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

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class TimeoutFetchError(FetchError):
    cause = "timeout"


class Fetcher:
    def __init__(
        self, *, user_agent: str, timeout: float, max_bytes: int, concurrency: int,
        per_host: int, guard: Guard, transport: httpx.AsyncBaseTransport | None = None,
    ):
        self.max_bytes = max_bytes
        self.guard = guard
        self._global = asyncio.Semaphore(concurrency)
        self._per_host_limit = per_host
        self._hosts: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))
        self._client = httpx.AsyncClient(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
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
                  accept: str = "*/*") -> Response:
        """GET with redirects followed by hand, so every hop passes the guard."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        original, permanent = url, True
        for _ in range(MAX_REDIRECTS + 1):
            await self.guard.check(url)
            response = await self._get_once(url, headers)
            if response.status not in (301, 302, 303, 307, 308):
                break
            location = response.location
            if not location:
                raise HTTPStatusError(f"HTTP {response.status} without a Location from {url}", response.status)
            permanent = permanent and response.status in (301, 308)
            url = urljoin(url, location)
        else:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}")
        if response.status >= 400:
            raise HTTPStatusError(f"HTTP {response.status} from {url}", response.status)
        moved = url if permanent and url != original else None
        return dataclasses.replace(response, permanent_redirect=moved) if moved else response

    async def _get_once(self, url: str, headers: dict[str, str]) -> Response:
        host = urlsplit(url).hostname or ""
        async with self._global, self._hosts[host]:
            try:
                async with self._client.stream("GET", url, headers=headers) as resp:
                    if resp.status_code in (301, 302, 303, 307, 308):
                        return Response(url=url, status=resp.status_code, content=b"", content_type="",
                                        location=resp.headers.get("location", ""))
                    body = await self._read_capped(resp, url) if resp.status_code < 300 else b""
                    return Response(
                        url=url, status=resp.status_code, content=body,
                        content_type=resp.headers.get("content-type", ""),
                        etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"),
                    )
            except httpx.TimeoutException:
                raise TimeoutFetchError(f"timed out fetching {url}") from None
            except httpx.DecodingError:
                raise FetchError(f"undecodable response body from {url}") from None
            except (httpx.HTTPError, OSError) as exc:
                raise FetchError(f"cannot fetch {url}: {type(exc).__name__}: {exc}".rstrip(": ")) from None

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
