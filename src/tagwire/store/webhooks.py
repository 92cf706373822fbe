"""Webhooks and their deliveries: subscriptions, the outbox the delivery loop works through.

Deliveries are made from the articles table after the fact (past each webhook's
cursor), never by the crawl: storing an article costs the same with or without
subscribers.  ``(webhook_id, article_id)`` is unique, so making them twice is harmless.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Sequence

from sqlalchemy import Connection, Integer, String, exists, func, literal, or_, select
from sqlalchemy.orm import aliased

from ..deliver.webhooks import Delivery, DeliveryJob, Webhook
from ..errors import NotFoundError
from . import dialect
from .articles import _no_nul
from .schema import UTCDateTime, article_tags, articles, hashtags, sources, webhook_deliveries, webhooks

#: ids below the cursor looked at again: on PostgreSQL an article can commit after one
#: with a higher id (ids are taken at insert), so a cursor moved past it would skip it
LOOKBACK_IDS = 200
#: most new articles examined per webhook and pass, so a long backlog is taken in steps
SCAN_IDS = 5_000
MERGE_HOPS = 5

_d = webhook_deliveries


def _webhook(row: Any, counts: dict[str, int] | None = None) -> Webhook:
    counts = counts or {}
    return Webhook(id=row.id, url=row.url, scope=row.scope, target=row.target, active=row.active,
                   created_at=row.created_at, cursor_article_id=row.cursor_article_id,
                   pending=counts.get("pending", 0), delivered=counts.get("delivered", 0),
                   failed=counts.get("failed", 0))


def _delivery(row: Any) -> Delivery:
    return Delivery(id=row.id, webhook_id=row.webhook_id, article_id=row.article_id, status=row.status,
                    attempts=row.attempts, next_attempt_at=row.next_attempt_at, created_at=row.created_at,
                    last_error=row.last_error, response_status=row.response_status,
                    delivered_at=row.delivered_at)


class WebhooksMixin:
    # -- subscriptions --------------------------------------------------------------
    def add_webhook(self, url: str, scope: str, target: str, secret: str, now: datetime) -> Webhook:
        """A new subscription sees articles stored from now on, not the archive."""
        url, secret, target = _no_nul(url), _no_nul(secret), _no_nul(target)  # PostgreSQL text holds no NUL
        with self.write("adding a webhook") as conn:
            newest = conn.execute(select(func.max(articles.c.id))).scalar() or 0
            new_id = conn.execute(webhooks.insert().values(
                url=url, secret=secret, scope=scope, target=target, active=True,
                cursor_article_id=newest, created_at=now)).inserted_primary_key[0]
            return _webhook(conn.execute(select(webhooks).where(webhooks.c.id == new_id)).one())

    def remove_webhook(self, webhook_id: int) -> None:
        with self.write("removing a webhook") as conn:
            conn.execute(_d.delete().where(_d.c.webhook_id == webhook_id))  # also without FK cascades
            if not conn.execute(webhooks.delete().where(webhooks.c.id == webhook_id)).rowcount:
                raise NotFoundError(f"no webhook {webhook_id}")

    def list_webhooks(self) -> list[Webhook]:
        """Every webhook with its deliveries counted by status (two queries)."""
        with self.read("listing webhooks") as conn:
            counts: dict[int, dict[str, int]] = {}
            for wid, status, n in conn.execute(select(_d.c.webhook_id, _d.c.status, func.count())
                                               .group_by(_d.c.webhook_id, _d.c.status)):
                counts.setdefault(wid, {})[status] = n
            rows = conn.execute(select(webhooks).order_by(webhooks.c.id)).all()
        return [_webhook(r, counts.get(r.id)) for r in rows]

    def list_deliveries(self, webhook_id: int, limit: int = 100) -> list[Delivery]:
        """A webhook's deliveries, newest article first."""
        with self.read("listing deliveries") as conn:
            if conn.execute(select(webhooks.c.id).where(webhooks.c.id == webhook_id)).first() is None:
                raise NotFoundError(f"no webhook {webhook_id}")
            rows = conn.execute(select(_d).where(_d.c.webhook_id == webhook_id)
                                .order_by(_d.c.article_id.desc()).limit(limit))
            return [_delivery(r) for r in rows]

    # -- the outbox ---------------------------------------------------------------------
    def enqueue_deliveries(self, now: datetime) -> int:
        """Turn articles past each active webhook's cursor that it follows into pending
        deliveries, and move the cursor, in one transaction per webhook; how many were made."""
        with self.read("reading webhooks") as conn:
            hooks = conn.execute(select(webhooks).where(webhooks.c.active)).all()
            newest = conn.execute(select(func.max(articles.c.id))).scalar() or 0
        made = 0
        for hook in hooks:
            with self.write("making webhook deliveries") as conn:
                made += self._enqueue_one(conn, hook, newest, now)
        return made

    def _enqueue_one(self, conn: Connection, hook: Any, newest: int, now: datetime) -> int:
        cursor = hook.cursor_article_id
        upto = min(newest, cursor + SCAN_IDS)
        # below the cursor only what was fetched after the webhook was made: not the archive
        fresh = or_(articles.c.id > cursor, articles.c.fetched_at >= hook.created_at)
        when = literal(now, UTCDateTime)
        pick = select(literal(hook.id, Integer), articles.c.id, literal("pending", String), literal(0, Integer),
                      when, when).where(articles.c.id > max(0, cursor - LOOKBACK_IDS),
                                          articles.c.id <= upto, fresh, self._follows(conn, hook))
        columns = ["webhook_id", "article_id", "status", "attempts", "next_attempt_at", "created_at"]
        insert = dialect.insert(conn, _d).from_select(columns, pick)
        made = len(conn.execute(insert.on_conflict_do_nothing(index_elements=["webhook_id", "article_id"])
                                .returning(_d.c.id)).all())
        if upto > cursor:  # compare-and-set: a concurrent pass never moves it back
            conn.execute(webhooks.update().where(webhooks.c.id == hook.id, webhooks.c.cursor_article_id == cursor)
                         .values(cursor_article_id=upto))
        return made

    def _follows(self, conn: Connection, hook: Any) -> Any:
        """The condition on ``articles`` for what a webhook follows."""
        if hook.scope == "source":
            return articles.c.source_id == int(hook.target)
        if hook.scope == "story":
            return articles.c.story_id == hook.target
        tags = self._merged_tags(conn, hook.target)
        return exists().where(article_tags.c.article_id == articles.c.id, article_tags.c.tag.in_(tags))

    def _merged_tags(self, conn: Connection, tag: str) -> list[str]:
        """A tag, the tag it was merged into, and every tag merged into either; blocked ones left out."""
        root = tag
        for _ in range(MERGE_HOPS):
            parent = conn.execute(select(hashtags.c.merged_into).where(hashtags.c.tag == root)).scalar()
            if not parent or parent == root:
                break
            root = parent
        names = {tag, root} | set(conn.execute(select(hashtags.c.tag)
                                               .where(hashtags.c.merged_into.in_([tag, root]))).scalars())
        blocked = set(conn.execute(select(hashtags.c.tag).where(hashtags.c.tag.in_(names), hashtags.c.blocked))
                      .scalars())
        return sorted(names - blocked)

    def claim_deliveries(self, owner: str, now: datetime, lease_seconds: float, limit: int) -> list[DeliveryJob]:
        """Lease up to ``limit`` due deliveries, at most one per webhook: the pending one of its
        earliest article.  A later article waits while an earlier one is pending (retrying or
        being sent by any worker), so each webhook receives articles in order."""
        if limit <= 0:
            return []
        earlier = aliased(_d)
        blocked_by_earlier = exists().where(earlier.c.webhook_id == _d.c.webhook_id,
                                            earlier.c.status == "pending", earlier.c.article_id < _d.c.article_id)
        free = or_(_d.c.lease_until.is_(None), _d.c.lease_until < now)
        active = _d.c.webhook_id.in_(select(webhooks.c.id).where(webhooks.c.active))
        with self.write("claiming webhook deliveries") as conn:
            pick = (select(_d.c.id).where(_d.c.status == "pending", _d.c.next_attempt_at <= now, free, active,
                                          ~blocked_by_earlier)
                    .order_by(_d.c.next_attempt_at, _d.c.id).limit(limit))
            pick = dialect.lock_for_claim(pick, conn)
            claimed = conn.execute(_d.update().where(_d.c.id.in_(pick)).values(
                lease_owner=owner, lease_until=now + timedelta(seconds=lease_seconds)).returning(_d.c.id)
            ).scalars().all()
            if not claimed:
                return []
            rows = conn.execute(select(_d.c.id, _d.c.webhook_id, _d.c.article_id, _d.c.attempts, webhooks.c.url,
                                       webhooks.c.secret, webhooks.c.scope, webhooks.c.target)
                                .join(webhooks, webhooks.c.id == _d.c.webhook_id)
                                .where(_d.c.id.in_(claimed)).order_by(_d.c.id)).all()
        found = {a.id: a for a in self._load(select(*articles.c, sources.c.name.label("source_name"))
                                             .join(sources).where(articles.c.id.in_([r.article_id for r in rows])))}
        return [DeliveryJob(id=r.id, webhook_id=r.webhook_id, url=r.url, secret=r.secret, attempts=r.attempts,
                            scope=r.scope, target=r.target, article=found[r.article_id])
                for r in rows if r.article_id in found]

    def record_delivery(self, delivery_id: int, owner: str, *, status: str, now: datetime,
                        next_attempt_at: datetime | None = None, error: str | None = None,
                        response_status: int | None = None) -> bool:
        """One attempt's outcome, with the lease dropped; False when the lease was lost
        (another worker took the delivery over, and its outcome counts)."""
        values: dict[str, Any] = dict(status=status, attempts=_d.c.attempts + 1,
                                      last_error=error[:500] if error else None, response_status=response_status,
                                      lease_owner=None, lease_until=None)
        if next_attempt_at is not None:
            values["next_attempt_at"] = next_attempt_at
        if status == "delivered":
            values["delivered_at"] = now
        with self.write("recording a webhook delivery") as conn:
            return bool(conn.execute(_d.update().where(_d.c.id == delivery_id, _d.c.lease_owner == owner)
                                     .values(**values)).rowcount)

    def release_deliveries(self, owner: str, delivery_ids: Sequence[int] | None = None) -> None:
        """Give claimed deliveries back unsent (all of the owner's when no ids are given)."""
        with self.write("releasing webhook deliveries") as conn:
            query = _d.update().where(_d.c.lease_owner == owner, _d.c.status == "pending")
            if delivery_ids is not None:
                query = query.where(_d.c.id.in_(list(delivery_ids)))
            conn.execute(query.values(lease_owner=None, lease_until=None))

