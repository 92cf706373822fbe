"""Pages of a feed that could not be stored, and when to ask for them again.

Without this, a feed that lists a video page or a dead link has that page
fetched on every poll, for as long as the feed lists it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, Sequence

from sqlalchemy import delete, func, select

from ..fetch.schedule import page_retry_at
from .articles import _chunks
from .dialect import insert
from .schema import entry_failures

# a page not seen failing for this long has left its feed: its row is forgotten
FORGET_AFTER = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class PageFailure:
    url: str
    cause: str  # the error's short cause: not-article, http, timeout, robots…
    message: str
    transient: bool


class EntryFailuresMixin:
    def failed_pages(self, source_id: int, urls: Iterable[str]) -> dict[str, datetime]:
        """Which of these URLs failed before, each with when it may be asked for again."""
        urls = list(set(urls))
        found: dict[str, datetime] = {}
        with self.read("looking up failed pages") as conn:
            for chunk in _chunks(urls):
                found.update(conn.execute(select(entry_failures.c.url, entry_failures.c.retry_at).where(
                    entry_failures.c.source_id == source_id, entry_failures.c.url.in_(chunk))).all())
        return found

    def record_page_outcomes(self, source_id: int, failed: Sequence[PageFailure], stored: Sequence[str],
                             now: datetime) -> None:
        """Count this poll's failures (each with its next try); forget pages stored at last."""
        if not failed and not stored:
            return
        table = entry_failures
        with self.write("recording failed pages") as conn:
            for chunk in _chunks(list(stored)):
                conn.execute(delete(table).where(table.c.source_id == source_id, table.c.url.in_(chunk)))
            for failure in failed:
                count = conn.execute(select(table.c.failures).where(
                    table.c.source_id == source_id, table.c.url == failure.url)).scalar() or 0
                values = dict(cause=failure.cause, message=failure.message[:500], failures=count + 1,
                              retry_at=page_retry_at(now, count + 1, transient=failure.transient),
                              last_failed_at=now)
                # ON CONFLICT: another worker crawling a second feed of the source may record it too
                stmt = insert(conn, table).values(source_id=source_id, url=failure.url, **values)
                conn.execute(stmt.on_conflict_do_update(index_elements=[table.c.source_id, table.c.url], set_=values))
            conn.execute(delete(table).where(table.c.last_failed_at < now - FORGET_AFTER))

    def pages_waiting(self, now: datetime) -> dict[int, int]:
        """Per source id: failed pages not due to be asked for again yet."""
        query = (select(entry_failures.c.source_id, func.count()).where(entry_failures.c.retry_at > now)
                 .group_by(entry_failures.c.source_id))
        with self.read("counting failed pages") as conn:
            return {source_id: count for source_id, count in conn.execute(query)}

    def forget_page_failures(self, source_id: int | None = None) -> None:
        """Failed pages (of every source, or one) may be asked for again now
        (``crawl --force``, ``sources recrawl``)."""
        query = delete(entry_failures)
        if source_id is not None:
            query = query.where(entry_failures.c.source_id == source_id)
        with self.write("forgetting failed pages") as conn:
            conn.execute(query)
