"""Sources and feeds: what to crawl and what the crawler learnt about each feed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from ..errors import NotFoundError
from ..types import Feed, Source
from . import dialect
from .articles import _no_nul
from .schema import articles, feeds, sources, stories, webhooks


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _feed(row: Any) -> Feed:
    return Feed(
        id=row.id,
        source_id=row.source_id,
        url=row.url,
        kind=row.kind,
        etag=row.etag,
        last_modified=row.last_modified,
        next_check=row.next_check,
        interval_seconds=row.interval_seconds,
        error_count=row.error_count,
        last_error=row.last_error,
        last_error_at=row.last_error_at,
        last_success_at=row.last_success_at,
        paused=row.paused,
        source_name=row.source_name,
    )


_FEED_COLUMNS = (*feeds.c, sources.c.name.label("source_name"))
# never-checked feeds first, then the longest overdue
_DUE_ORDER = (feeds.c.next_check.is_not(None), feeds.c.next_check, feeds.c.id)


def _due(now: datetime) -> Any:
    """Unpaused feeds whose next check has come."""
    return and_(~feeds.c.paused, or_(feeds.c.next_check.is_(None), feeds.c.next_check <= now))


class FeedsMixin:
    def add_source(self, name: str, home_url: str | None = None) -> Source:
        """The source of that name, created when new."""
        name, home_url = _no_nul(name), _no_nul(home_url)
        with self.write("adding a source") as conn:
            row = conn.execute(select(sources).where(sources.c.name == name)).first()
            if row is None:
                new_id = conn.execute(
                    sources.insert().values(name=name, home_url=home_url, created_at=_now())
                ).inserted_primary_key[0]
                return Source(id=new_id, name=name, home_url=home_url)
            return Source(id=row.id, name=row.name, home_url=row.home_url, language=row.language)

    def add_feed(self, source_id: int, url: str, kind: str = "rss") -> tuple[Feed, bool]:
        """Add a feed, due now; returns (feed, created). An existing URL is left as it is."""
        with self.write("adding a feed") as conn:
            exists = conn.execute(select(feeds.c.id).where(feeds.c.url == url)).scalar()
            if exists is None:
                conn.execute(
                    feeds.insert().values(
                        source_id=source_id, url=url, kind=kind, created_at=_now(), next_check=None
                    )
                )
        return self.get_feed_by_url(url), exists is None

    def get_feed_by_url(self, url: str) -> Feed:
        with self.read("reading a feed") as conn:
            row = conn.execute(
                select(*_FEED_COLUMNS).join(sources).where(feeds.c.url == url)
            ).first()
        if row is None:
            raise NotFoundError(f"no feed with URL {url}")
        return _feed(row)

    def get_source(self, source_id: int) -> Source:
        with self.read("reading a source") as conn:
            row = conn.execute(select(sources).where(sources.c.id == source_id)).first()
        if row is None:
            raise NotFoundError(f"no source {source_id}")
        return Source(id=row.id, name=row.name, home_url=row.home_url, language=row.language)

    def list_feeds(self) -> list[Feed]:
        with self.read("listing feeds") as conn:
            rows = conn.execute(select(*_FEED_COLUMNS).join(sources).order_by(sources.c.name, feeds.c.id))
            return [_feed(r) for r in rows]

    def move_feed(self, feed_id: int, new_url: str) -> Feed | None:
        """Follow a permanent redirect: the feed keeps its id and history under the new URL.

        When the new URL is already another feed of ours, nothing changes (None).
        """
        with self.write("moving a feed") as conn:
            if conn.execute(select(feeds.c.id).where(feeds.c.url == new_url)).scalar() is not None:
                return None
            conn.execute(feeds.update().where(feeds.c.id == feed_id).values(url=new_url))
        return self.get_feed_by_url(new_url)

    def name_feed_source(self, feed_id: int, name: str, home_url: str | None = None) -> Feed:
        """Put a feed and its articles under the source called `name` (see parse/names.py).

        A feed alone under its source renames it in place (its id, webhooks and stories
        stay); otherwise the feed moves to the source of that name, created when new, and
        the old source goes once nothing is left under it.
        """
        name, home_url = _no_nul(name), _no_nul(home_url)
        with self.write("naming a feed's source") as conn:
            old = conn.execute(select(feeds.c.source_id).where(feeds.c.id == feed_id)).scalar()
            if old is None:
                raise NotFoundError(f"no feed {feed_id}")
            target = conn.execute(select(sources.c.id).where(sources.c.name == name)).scalar()
            alone = not conn.execute(select(func.count()).select_from(feeds).where(
                feeds.c.source_id == old, feeds.c.id != feed_id)).scalar()
            if target is None and alone:
                conn.execute(sources.update().where(sources.c.id == old).values(
                    name=name, home_url=func.coalesce(sources.c.home_url, home_url)))
            elif target != old:
                if target is None:
                    target = conn.execute(sources.insert().values(
                        name=name, home_url=home_url, created_at=_now())).inserted_primary_key[0]
                _move_feed_to(conn, feed_id, old, target)
        return self.get_feed(feed_id)

    def get_feed(self, feed_id: int) -> Feed:
        with self.read("reading a feed") as conn:
            row = conn.execute(select(*_FEED_COLUMNS).join(sources).where(feeds.c.id == feed_id)).first()
        if row is None:
            raise NotFoundError(f"no feed {feed_id}")
        return _feed(row)

    def remove_feed(self, url: str) -> None:
        with self.write("removing a feed") as conn:
            if not conn.execute(feeds.delete().where(feeds.c.url == url)).rowcount:
                raise NotFoundError(f"no feed with URL {url}")

    def due_feeds(self, now: datetime, limit: int) -> list[Feed]:
        """Unpaused feeds whose next check has come, never-checked first."""
        query = (
            select(*_FEED_COLUMNS)
            .join(sources)
            .where(_due(now))
            .order_by(*_DUE_ORDER)
            .limit(limit)
        )
        with self.read("picking due feeds") as conn:
            return [_feed(r) for r in conn.execute(query)]

    def claim_feeds(self, owner: str, now: datetime, lease_seconds: float, limit: int) -> list[Feed]:
        """Lease up to ``limit`` due feeds to ``owner``: no other worker gets them until the
        lease is released, renewed away from it, or expires (a killed worker's do)."""
        free = or_(feeds.c.lease_until.is_(None), feeds.c.lease_until < now)
        until = now + timedelta(seconds=lease_seconds)
        with self.write("claiming due feeds") as conn:
            pick = (
                select(feeds.c.id).where(_due(now), free).order_by(*_DUE_ORDER).limit(limit)
            )
            pick = dialect.lock_for_claim(pick, conn)
            claimed = conn.execute(
                feeds.update().where(feeds.c.id.in_(pick)).values(lease_owner=owner, lease_until=until).returning(feeds.c.id)
            ).scalars().all()
            if not claimed:
                return []
            rows = conn.execute(select(*_FEED_COLUMNS).join(sources).where(feeds.c.id.in_(claimed))
                                .order_by(*_DUE_ORDER))
            return [_feed(r) for r in rows]

    def lease_owners(self, now: datetime) -> list[str]:
        """Owners of leases that have not expired."""
        with self.read("listing lease owners") as conn:
            return list(conn.execute(select(feeds.c.lease_owner).distinct()
                                     .where(feeds.c.lease_owner.is_not(None), feeds.c.lease_until > now)).scalars())

    def renew_leases(self, owner: str, feed_ids: list[int], until: datetime) -> None:
        if feed_ids:
            with self.write("renewing leases") as conn:
                conn.execute(feeds.update().where(feeds.c.id.in_(feed_ids), feeds.c.lease_owner == owner)
                             .values(lease_until=until))

    def release_leases(self, owner: str, feed_ids: list[int] | None = None) -> None:
        """Give back claims (all of the owner's when no ids are given)."""
        with self.write("releasing leases") as conn:
            query = feeds.update().where(feeds.c.lease_owner == owner)
            if feed_ids is not None:
                query = query.where(feeds.c.id.in_(feed_ids))
            conn.execute(query.values(lease_owner=None, lease_until=None))

    def record_feed_success(
        self, feed_id: int, *, etag: str | None, last_modified: str | None,
        next_check: datetime, interval: int, now: datetime, fetch_ms: int | None = None,
    ) -> None:
        with self.write("recording a fetch") as conn:
            conn.execute(
                feeds.update().where(feeds.c.id == feed_id).values(
                    etag=etag, last_modified=last_modified, next_check=next_check,
                    interval_seconds=interval, error_count=0, last_success_at=now,
                    lease_owner=None, lease_until=None, last_fetch_ms=fetch_ms,
                )
            )

    def record_feed_error(
        self, feed_id: int, *, message: str, cause: str, next_check: datetime, now: datetime
    ) -> None:
        with self.write("recording a fetch error") as conn:
            conn.execute(
                feeds.update().where(feeds.c.id == feed_id).values(
                    error_count=feeds.c.error_count + 1, last_error=message[:500],
                    last_error_cause=cause, last_error_at=now, next_check=next_check,
                    lease_owner=None, lease_until=None,
                )
            )

    def force_due(self) -> None:
        with self.write("scheduling every feed now") as conn:
            conn.execute(feeds.update().values(next_check=None))

    def source_stats(self, since: datetime) -> dict[int, tuple[int, int, datetime | None]]:
        """Per source id: (article count, articles since ``since``, newest article time)."""
        recent = func.sum(case((articles.c.sort_time >= since, 1), else_=0))
        query = select(articles.c.source_id, func.count(), recent, func.max(articles.c.sort_time)).group_by(
            articles.c.source_id
        )
        with self.read("counting articles per source") as conn:
            return {sid: (n, int(r or 0), newest) for sid, n, r, newest in conn.execute(query)}

    def feed_error_causes(self) -> dict[int, str | None]:
        with self.read("reading feed errors") as conn:
            return dict(conn.execute(select(feeds.c.id, feeds.c.last_error_cause)).all())

    def metrics(self, now: datetime) -> dict[str, Any]:
        """Counts for /metrics: feeds by state, errors by cause, recent articles."""
        with self.read("reading metrics") as conn:
            total_feeds = conn.execute(select(func.count()).select_from(feeds)).scalar() or 0
            due_feeds = conn.execute(select(func.count()).select_from(feeds).where(_due(now))).scalar() or 0
            leased = conn.execute(select(func.count()).select_from(feeds)
                                  .where(feeds.c.lease_until.is_not(None), feeds.c.lease_until > now)).scalar() or 0
            causes = dict(conn.execute(
                select(feeds.c.last_error_cause, func.count()).where(feeds.c.error_count > 0)
                .group_by(feeds.c.last_error_cause)).all())
            total_articles = conn.execute(select(func.count()).select_from(articles)).scalar() or 0
            last_hour = conn.execute(select(func.count()).select_from(articles).where(
                articles.c.fetched_at >= now - timedelta(hours=1))).scalar() or 0
            # one value per feed (its last fetch), so this is bounded by the number of feeds
            fetch_ms = conn.execute(select(feeds.c.last_fetch_ms).where(
                feeds.c.last_fetch_ms.is_not(None),
                feeds.c.last_success_at >= now - timedelta(hours=1))).scalars().all()
        return dict(feeds=total_feeds, feeds_due=due_feeds, feeds_leased=leased, errors_by_cause=causes,
                    articles=total_articles, articles_last_hour=last_hour, fetch_ms_last_hour=fetch_ms)


def _move_feed_to(conn: Any, feed_id: int, old: int, target: int) -> None:
    """The feed, its articles and the stories they were first in, from source `old` to `target`."""
    conn.execute(feeds.update().where(feeds.c.id == feed_id).values(source_id=target))
    conn.execute(articles.update().where(articles.c.feed_id == feed_id).values(source_id=target))
    # a story first reported by the old source now holds no article of it: it was this feed's
    conn.execute(stories.update().where(
        stories.c.first_source_id == old,
        stories.c.id.in_(select(articles.c.story_id).where(articles.c.feed_id == feed_id)),
        ~select(articles.c.id).where(articles.c.story_id == stories.c.id, articles.c.source_id == old).exists(),
    ).values(first_source_id=target))
    left = (select(feeds.c.id).where(feeds.c.source_id == old).exists()
            | select(articles.c.id).where(articles.c.source_id == old).exists()
            | select(webhooks.c.id).where(webhooks.c.scope == "source", webhooks.c.target == str(old)).exists())
    if not conn.execute(select(left)).scalar():
        conn.execute(sources.delete().where(sources.c.id == old))
