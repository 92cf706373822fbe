"""Hashtags and curated topics."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select

from ..errors import NotFoundError
from ..types import HashtagCount, Topic
from .schema import article_tags, hashtags, models, topics


class TagsMixin:
    def top_hashtags(self, since: datetime, limit: int) -> list[HashtagCount]:
        """Tags with most articles since a time, most first; blocked and merged tags left out."""
        count = func.count(article_tags.c.article_id)
        query = (
            select(hashtags.c.tag, hashtags.c.label, count.label("n"))
            .join(article_tags, article_tags.c.tag == hashtags.c.tag)
            .where(article_tags.c.sort_time >= since, ~hashtags.c.blocked, hashtags.c.merged_into.is_(None))
            .group_by(hashtags.c.tag, hashtags.c.label)
            .order_by(count.desc(), hashtags.c.tag)
            .limit(limit)
        )
        with self.read("counting hashtags") as conn:
            return [HashtagCount(tag=t, label=label, count=n) for t, label, n in conn.execute(query)]

    def get_hashtag(self, tag: str) -> HashtagCount:
        query = (
            select(hashtags.c.tag, hashtags.c.label, func.count(article_tags.c.article_id))
            .outerjoin(article_tags, article_tags.c.tag == hashtags.c.tag)
            .where(hashtags.c.tag == tag, ~hashtags.c.blocked)
            .group_by(hashtags.c.tag, hashtags.c.label)
        )
        with self.read("reading a hashtag") as conn:
            row = conn.execute(query).first()
        if row is None:
            raise NotFoundError(f"no hashtag #{tag}")
        return HashtagCount(tag=row[0], label=row[1], count=row[2])

    def list_topics(self) -> list[Topic]:
        with self.read("listing topics") as conn:
            rows = conn.execute(select(topics).order_by(topics.c.tag))
            return [Topic(tag=r.tag, label=r.label, phrases=r.phrases, exclude=r.exclude) for r in rows]

    def save_topic(self, topic: Topic) -> None:
        values = dict(label=topic.label, phrases=topic.phrases, exclude=topic.exclude)
        with self.write("saving a topic") as conn:
            if conn.execute(topics.update().where(topics.c.tag == topic.tag).values(**values)).rowcount == 0:
                conn.execute(topics.insert().values(tag=topic.tag, **values))
            # a curated topic's label is the tag's label, whatever extraction named it before
            conn.execute(hashtags.update().where(hashtags.c.tag == topic.tag).values(label=topic.label, kind="topic"))

    def remove_topic(self, tag: str) -> None:
        with self.write("removing a topic") as conn:
            if not conn.execute(topics.delete().where(topics.c.tag == tag)).rowcount:
                raise NotFoundError(f"no topic #{tag}")

    def load_model(self, name: str) -> bytes | None:
        with self.read("reading a model") as conn:
            return conn.execute(select(models.c.data).where(models.c.name == name)).scalar()

    def save_model(self, name: str, data: bytes, note: str = "") -> None:
        values = dict(data=data, note=note, updated_at=datetime.now(timezone.utc))
        with self.write("saving a model") as conn:
            if conn.execute(models.update().where(models.c.name == name).values(**values)).rowcount == 0:
                conn.execute(models.insert().values(name=name, **values))

    def all_hashtags(self, min_articles: int = 1) -> list[HashtagCount]:
        """Every visible hashtag with its article count (for the directory)."""
        count = func.count(article_tags.c.article_id)
        query = (
            select(hashtags.c.tag, hashtags.c.label, count)
            .join(article_tags, article_tags.c.tag == hashtags.c.tag)
            .where(~hashtags.c.blocked, hashtags.c.merged_into.is_(None))
            .group_by(hashtags.c.tag, hashtags.c.label)
            .having(count >= min_articles)
            .order_by(hashtags.c.tag)
        )
        with self.read("listing hashtags") as conn:
            return [HashtagCount(tag=t, label=label, count=n) for t, label, n in conn.execute(query)]

    def tag_daily_counts(self, tag: str, since: datetime) -> list[tuple[datetime, str, int]]:
        """(article time, outlet, 1) rows of a tag since a time; the caller buckets them by day.

        Bucketing in Python keeps the SQL the same on both backends (no date functions).
        """
        from .schema import articles, sources

        query = (
            select(article_tags.c.sort_time, sources.c.name)
            .select_from(article_tags.join(articles, articles.c.id == article_tags.c.article_id).join(sources))
            .where(article_tags.c.tag == tag, article_tags.c.sort_time >= since)
        )
        with self.read("counting a tag's coverage") as conn:
            return [(when, name, 1) for when, name in conn.execute(query)]
