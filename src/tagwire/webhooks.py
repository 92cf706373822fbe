"""The facade's webhook methods (a mixin of ``Tagwire``): subscribe, list, deliver.

Registration checks the URL the way a fetch would (http(s) only, every address
the host resolves to must pass the SSRF guard), so a subscriber learns at once
that a private target is refused instead of from a delivery log.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import secrets
from datetime import datetime, timezone
from typing import Any, AsyncIterator, Coroutine

from .deliver.sender import DeliveryThread, Dispatcher, Poster, running
from .deliver.webhooks import SCOPES, Delivery, DeliverySummary, Webhook
from .enrich.hashtags import normalise_tag
from .errors import InvalidInputError, NotFoundError

MAX_URL = 2000
MIN_SECRET, MAX_SECRET = 16, 200


class WebhooksFacade:
    """Needs ``self.settings``, ``self.storage``, ``self.guard`` and ``self.worker_id`` (``Tagwire`` has them)."""

    settings: Any
    storage: Any
    guard: Any
    worker_id: str

    def add_webhook(self, url: str, scope: str, target: str, secret: str | None = None) -> tuple[Webhook, str]:
        """Subscribe ``url`` to new articles of a hashtag, source or story; returns (webhook, secret).

        Without a secret one is made (32 random bytes); either way it is shown only here."""
        url = (url or "").strip()
        if len(url) > MAX_URL:
            raise InvalidInputError(f"webhook URL is longer than {MAX_URL} characters")
        target = self._webhook_target(scope, str(target or "").strip())
        if secret is None:
            secret = secrets.token_urlsafe(32)
        elif not MIN_SECRET <= len(secret) <= MAX_SECRET:
            raise InvalidInputError(f"webhook secret must be {MIN_SECRET} to {MAX_SECRET} characters")
        _run(self.guard.check(url))  # BlockedURLError / FetchError: one line, nothing stored
        return self.storage.add_webhook(url, scope, target, secret, _now()), secret

    def _webhook_target(self, scope: str, target: str) -> str:
        if scope not in SCOPES:
            raise InvalidInputError(f"webhook scope must be one of {', '.join(SCOPES)}, not {scope[:20]!r}")
        if scope == "hashtag":
            tag = normalise_tag(target.lstrip("#"))
            if not tag:
                raise InvalidInputError(f"not a usable hashtag: {target[:60]!r}")
            return tag
        if scope == "source":
            if not target.isdigit() or not 0 < int(target) < 2**31:
                raise InvalidInputError(f"source must be a source id (a number), not {target[:40]!r}")
            return str(self.storage.get_source(int(target)).id)  # NotFoundError when there is none
        if len(target) > 40 or self.storage.get_story(target) is None:
            raise NotFoundError(f"no story {target[:40]}")
        return target

    def remove_webhook(self, webhook_id: int) -> None:
        self.storage.remove_webhook(_webhook_id(webhook_id))

    def webhooks(self) -> list[Webhook]:
        return self.storage.list_webhooks()

    def deliveries(self, webhook_id: int, limit: int = 100) -> list[Delivery]:
        """A webhook's latest deliveries (newest article first) with their state and last error."""
        return self.storage.list_deliveries(_webhook_id(webhook_id), min(max(1, limit), 1000))

    def deliver_once(self) -> DeliverySummary:
        """One pass: make deliveries for new articles and send what is due, retries included."""
        async def go() -> DeliverySummary:
            async with self._dispatcher() as dispatcher:
                return await dispatcher.run(None)

        return _run(go())

    def delivering(self) -> contextlib.AbstractContextManager[DeliveryThread]:
        """Deliver in a background thread for the duration of a ``with`` block (run, worker)."""
        return running(DeliveryThread(self._dispatcher))

    @contextlib.asynccontextmanager
    async def _dispatcher(self) -> AsyncIterator[Dispatcher]:
        s = self.settings
        poster = Poster(user_agent=s.user_agent, timeout=s.webhook_timeout, max_bytes=s.fetch_max_bytes,
                        concurrency=s.fetch_concurrency, per_host=s.fetch_per_host, guard=self.guard,
                        obey_robots=False)
        async with poster:
            yield Dispatcher(self.storage, poster, owner=self.worker_id, settings=s,
                             capacity=s.fetch_concurrency)


def _webhook_id(value: Any) -> int:
    if not isinstance(value, int) or not 0 < value < 2**31:
        raise NotFoundError(f"no webhook {str(value)[:20]}")
    return value


def _run(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine from sync code, also when this thread already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _now() -> datetime:
    return datetime.now(timezone.utc)

