"""Webhook delivery, the I/O part, drawn as a pipeline::

    articles past each cursor ─▶ pending deliveries (outbox) ─▶ claim heads (leases)
        ─▶ POST signed JSON (fetcher's client, SSRF guard per hop) ─▶ delivered | retry later | failed

It runs in its own thread with its own event loop and HTTP client, so a slow or
dead receiver costs the crawl nothing: the crawl only writes articles, and this
loop finds them afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterator
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import BlockedURLError, FetchError
from ..fetch.guard import Pinned
from ..fetch.http import MAX_REDIRECTS, Fetcher, TimeoutFetchError
from . import webhooks as wh
from .webhooks import DeliveryJob, DeliverySummary

log = logging.getLogger(__name__)

#: a receiver's answer matters only by its status; this much of the body is read at most
RESPONSE_CAP = 4096
#: only these keep the method and body; a 301/302/303 would turn the POST into a GET
FOLLOWED = (307, 308)


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Poster(Fetcher):
    """The fetcher's own client configuration (User-Agent, timeouts, limits, SSRF guard with
    pinned connects), used to POST. Redirect hops are re-checked like a fetch's."""

    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        """POST and return the final status; FetchError (BlockedURLError…) when it cannot be sent."""
        try:
            async with asyncio.timeout(self.timeout * 2):
                for _ in range(MAX_REDIRECTS + 1):
                    target = await self.guard.pin(url)
                    status, location = await self._post_once(url, body, headers, target)
                    if status not in FOLLOWED or not location:
                        return status
                    url = urljoin(url, location)
                raise FetchError(f"more than {MAX_REDIRECTS} redirects from the webhook URL")
        except TimeoutError:
            raise TimeoutFetchError(f"timed out posting to {url}") from None

    async def _post_once(self, url: str, body: bytes, headers: dict[str, str],
                         target: Pinned) -> tuple[int, str | None]:
        host = urlsplit(url).hostname or ""
        if target.host:
            headers = {**headers, "Host": target.host}
        extensions = {"sni_hostname": target.sni} if target.sni else None
        async with self._global, self._host(host).semaphore:
            try:
                async with self._client.stream("POST", target.url, content=body, headers=headers,
                                               extensions=extensions) as resp:
                    await _drain(resp)
                    return resp.status_code, resp.headers.get("location")
            except httpx.TimeoutException:
                raise TimeoutFetchError(f"timed out posting to {url}") from None
            except (httpx.HTTPError, OSError) as exc:
                raise FetchError(f"cannot post to {url}: {type(exc).__name__}: {exc}".rstrip(": ")) from None


async def _drain(resp: httpx.Response) -> None:
    """Read at most RESPONSE_CAP bytes of the answer; the rest is dropped with the connection."""
    size = 0
    async for chunk in resp.aiter_raw():
        size += len(chunk)
        if size >= RESPONSE_CAP:
            break


class Dispatcher:
    """Makes deliveries from new articles, claims the due ones and sends them, ``capacity`` at once.

    ``run(None)`` is one pass: it ends when nothing is due and nothing is in flight.
    ``run(stop)`` loops until ``stop`` is set, looking for new articles every ``interval``.
    """

    def __init__(self, storage: Any, poster: Poster, *, owner: str, settings: Any,
                 capacity: int, now: Callable[[], datetime] = _now):
        self.storage, self.poster, self.owner, self.now = storage, poster, owner, now
        self.s = settings
        self.capacity = max(1, capacity)
        # a send lasts at most twice the timeout; the lease outlives it with room to spare
        self.lease_seconds = settings.webhook_timeout * 3 + 30
        self.counts = {"enqueued": 0, "delivered": 0, "retried": 0, "failed": 0}
        self._tasks: dict[asyncio.Task, int] = {}

    def summary(self) -> DeliverySummary:
        return DeliverySummary(**self.counts)

    async def run(self, stop: asyncio.Event | None = None) -> DeliverySummary:
        next_scan = 0.0
        try:
            while stop is None or not stop.is_set():
                if time.monotonic() >= next_scan:
                    self.counts["enqueued"] += self.storage.enqueue_deliveries(self.now())
                    next_scan = time.monotonic() + self.s.webhook_interval
                self._fill()
                if not self._tasks:
                    if stop is None:
                        break
                    await _wait(stop, max(0.05, min(1.0, next_scan - time.monotonic())))
                    continue
                await asyncio.wait(list(self._tasks), timeout=1.0, return_when=asyncio.FIRST_COMPLETED)
        finally:
            await self._abandon()
        return self.summary()

    def _fill(self) -> None:
        for done in [t for t in self._tasks if t.done()]:
            self._tasks.pop(done, None)
        free = self.capacity - len(self._tasks)
        for job in self.storage.claim_deliveries(self.owner, self.now(), self.lease_seconds, free):
            task = asyncio.create_task(self._send_logged(job))
            self._tasks[task] = job.id
            task.add_done_callback(lambda t: self._tasks.pop(t, None))

    async def _abandon(self) -> None:
        """Stopping mid-send: cancel, and give the unsent deliveries back for the next run."""
        pending = dict(self._tasks)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        if pending:
            self.storage.release_deliveries(self.owner, list(pending.values()))

    async def _send_logged(self, job: DeliveryJob) -> None:
        try:
            await self._send(job)
        except Exception:  # e.g. the database went away: the lease expires and it is sent again
            log.exception("webhook delivery %s could not be completed", job.id)

    async def _send(self, job: DeliveryJob) -> None:
        body = wh.payload(job)
        try:
            status = await self.poster.post(job.url, body, wh.headers(job, int(time.time()), body))
        except BlockedURLError as exc:  # the guard's verdict does not change by retrying
            self._record(job, "failed", error=str(exc))
        except FetchError as exc:
            self._retry_or_fail(job, str(exc), None)
        else:
            if wh.delivered(status):
                self._record(job, "delivered", response_status=status)
            else:
                self._retry_or_fail(job, f"HTTP {status} from the receiver", status)

    def _retry_or_fail(self, job: DeliveryJob, error: str, status: int | None) -> None:
        delay = wh.retry_delay(job.attempts + 1, self.s.webhook_max_attempts, self.s.webhook_retry_seconds,
                               self.s.webhook_retry_max_seconds)
        if delay is None:
            self._record(job, "failed", error=error, response_status=status)
        else:
            self._record(job, "pending", error=error, response_status=status,
                         next_attempt_at=self.now() + timedelta(seconds=delay))

    def _record(self, job: DeliveryJob, status: str, **outcome: Any) -> None:
        if status == "pending":
            self.counts["retried"] += 1
        else:
            self.counts[status] += 1
        if not self.storage.record_delivery(job.id, self.owner, status=status, now=self.now(), **outcome):
            log.warning("webhook delivery %s: lease lost before its outcome was recorded", job.id)


async def _wait(event: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await event.wait()


class DeliveryThread:
    """The delivery loop in a thread of its own, beside ``tagwire run``'s or ``worker``'s crawl."""

    def __init__(self, make_dispatcher: Callable[[], contextlib.AbstractAsyncContextManager[Dispatcher]]):
        self._make = make_dispatcher
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._main, name="webhooks", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(5)

    def stop(self, timeout: float = 10.0) -> None:
        if self._loop is not None and self._stop is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)

    def _main(self) -> None:
        asyncio.run(self._forever())

    async def _forever(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        self._ready.set()
        while not self._stop.is_set():
            try:
                async with self._make() as dispatcher:
                    await dispatcher.run(self._stop)
            except Exception:  # a database hiccup must not end deliveries for good
                log.exception("webhook delivery loop failed; restarting in 5 s")
                await _wait(self._stop, 5.0)


@contextlib.contextmanager
def running(thread: DeliveryThread) -> Iterator[DeliveryThread]:
    thread.start()
    try:
        yield thread
    finally:
        thread.stop()
