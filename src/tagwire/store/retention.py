"""Retention: old coverage leaves the database a whole story at a time.

An article goes when it and its story are older than the cut (publication time, the
``sort_time`` every list orders by), so a story page never shows half its coverage and a
story's outlet count stays true. Deletes run in small transactions so the site and the
crawler are never held behind one long write; ``article_tags``, webhook deliveries and,
on SQLite, the FTS rows go with their article (foreign keys and the FTS trigger).
Hashtags themselves (labels, merges, the blocklist) are the instance's data and stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, func, or_, select

from .schema import articles, stories
from .stories import lock_stories

#: articles per delete transaction: short enough that readers and the crawler barely wait
BATCH = 500


@dataclass(frozen=True)
class Pruned:
    articles: int
    stories: int


def _old_articles(before: datetime) -> tuple:
    """Conditions of the articles older than ``before`` whose story (if any) had no article since."""
    story_is_old = or_(articles.c.story_id.is_(None),
                       ~exists().where(stories.c.id == articles.c.story_id, stories.c.last_seen >= before))
    return articles.c.sort_time < before, story_is_old


class RetentionMixin:
    def _old_article_ids(self, conn, before: datetime, limit: int) -> list[int]:  # noqa: ANN001
        query = select(articles.c.id).where(*_old_articles(before)).order_by(articles.c.sort_time).limit(limit)
        return list(conn.execute(query).scalars())

    def count_prunable(self, before: datetime) -> Pruned:
        """What ``prune(before)`` would delete now."""
        with self.read("counting old articles") as conn:
            n = conn.execute(select(func.count()).select_from(articles).where(*_old_articles(before))).scalar() or 0
            s = conn.execute(select(func.count()).select_from(stories)
                             .where(stories.c.last_seen < before)).scalar() or 0
        return Pruned(articles=n, stories=s)

    def prune(self, before: datetime, batch: int = BATCH) -> Pruned:
        """Delete articles and stories older than ``before`` (see the module's rule); a run cut
        off part-way leaves whole transactions done, and the next run finishes the rest."""
        removed = 0
        while True:
            with self.write("deleting old articles") as conn:
                ids = self._old_article_ids(conn, before, batch)
                if ids:
                    conn.execute(delete(articles).where(articles.c.id.in_(ids)))
            removed += len(ids)
            if len(ids) < batch:
                break
        with self.write("deleting old stories") as conn:
            lock_stories(conn)  # as every story write: a worker placing an article waits
            has_articles = exists().where(articles.c.story_id == stories.c.id)
            gone = conn.execute(delete(stories).where(stories.c.last_seen < before, ~has_articles)).rowcount
        return Pruned(articles=removed, stories=gone or 0)
