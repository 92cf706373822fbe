"""robots.txt, fetched once per origin, cached, and obeyed (RFC 9309).

- 2xx: the rules apply; Crawl-delay (capped) spaces our requests to the host.
- 4xx: no rules (everything allowed), as the RFC says.
- 5xx or unreachable: everything disallowed for a short while, then asked again.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from ..errors import BlockedURLError, HTTPStatusError, RobotsError, RobotsUnavailableError

if TYPE_CHECKING:
    from .http import Fetcher

TTL_SECONDS = 24 * 3600
ERROR_TTL_SECONDS = 600
MAX_CRAWL_DELAY = 30.0  # a robots.txt asking for an hour between requests would stop the feed


class _Rules:
    def __init__(self, parser: RobotFileParser | None, allow_all: bool, expires: float, why: str = ""):
        self.parser = parser
        self.allow_all = allow_all
        self.expires = expires
        self.why = why

    def allowed(self, agent: str, url: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return self.parser.can_fetch(agent, url)

    def delay(self, agent: str) -> float:
        if self.parser is None:
            return 0.0
        value = self.parser.crawl_delay(agent)
        return min(float(value), MAX_CRAWL_DELAY) if value else 0.0


class RobotsMemory:
    """Rules read so far, kept across fetchers: ``tagwire run`` makes a fetcher per crawl
    pass, and without this asked every host for robots.txt on every pass, not daily."""

    def __init__(self) -> None:
        self.rules: dict[str, _Rules] = {}
        self.delays: dict[str, float] = {}  # host -> crawl delay, read synchronously by the fetcher


class RobotsCache:
    def __init__(self, fetcher: "Fetcher", user_agent: str, memory: RobotsMemory | None = None):
        self.fetcher = fetcher
        self.agent = user_agent.split("/")[0].split()[0] or "tagwire"
        memory = memory or RobotsMemory()
        self._rules = memory.rules
        self._delays = memory.delays
        self._locks: dict[str, asyncio.Lock] = {}  # per fetcher: a lock belongs to one event loop

    async def check(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.path == "/robots.txt":
            return
        rules = await self._rules_for(f"{parts.scheme}://{parts.netloc}")
        if not rules.allowed(self.agent, url):
            if rules.why:  # robots.txt itself failed (5xx): not a refusal, ask again soon
                raise RobotsUnavailableError(rules.why)
            raise RobotsError(f"robots.txt of {parts.netloc} disallows {url}")

    def crawl_delay(self, host: str) -> float:
        return self._delays.get(host, 0.0)

    async def _rules_for(self, origin: str) -> _Rules:
        rules = self._rules.get(origin)
        if rules is not None and rules.expires > time.monotonic():
            return rules
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:  # one fetch per origin, however many requests wait for it
            rules = self._rules.get(origin)
            if rules is None or rules.expires <= time.monotonic():
                rules = await self._fetch(origin)
                self._rules[origin] = rules
                self._delays[urlsplit(origin).hostname or ""] = rules.delay(self.agent)
        return rules

    async def _fetch(self, origin: str) -> _Rules:
        now = time.monotonic()
        try:
            response = await self.fetcher.get(origin + "/robots.txt", accept="text/plain", robots=False)
        except HTTPStatusError as exc:
            if 400 <= exc.status < 500:
                return _Rules(None, True, now + TTL_SECONDS)
            why = f"robots.txt of {urlsplit(origin).netloc} unavailable (HTTP {exc.status}); not crawling it for now"
            return _Rules(None, False, now + ERROR_TTL_SECONDS, why)
        except BlockedURLError:
            # robots.txt redirected somewhere we refuse to go: we cannot read rules, so none apply
            # (the refused hop was never requested)
            return _Rules(None, True, now + TTL_SECONDS)
        # any other FetchError (unreachable, timeout) propagates: it is the real cause
        parser = RobotFileParser()
        parser.parse(response.content.decode("utf-8", "replace").splitlines())
        return _Rules(parser, True, now + TTL_SECONDS)
