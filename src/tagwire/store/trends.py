"""Counts for trending and related hashtags, bounded by their time window.

Trending reads the last day's articles through ``ix_articles_sort`` and their tags
through ``article_tags``' primary key, then the baselines of only the tags that can
still make the list, each one range of ``ix_article_tags_tag_sort``. Related tags
start from one tag's latest articles in that index. Days are buckets of 24 hours
counted back from "now", written as one CASE with bound times, so the SQL is the
same on both backends (no date functions) and the grouping happens in the database.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, distinct, func, select

from .schema import article_tags, articles, hashtags

_VISIBLE = (~hashtags.c.blocked, hashtags.c.merged_into.is_(None))


class TrendsMixin:
    def recent_tag_outlets(self, since: datetime) -> dict[str, int]:
        """{tag: distinct outlets} over the articles since a time (and any dated later).

        Two steps on purpose: the window's articles by ``ix_articles_sort``, then their
        tags by primary key. As one join, SQLite's planner prefers walking all of
        ``article_tags`` in tag order for the GROUP BY: seconds on a big archive."""
        outlets: dict[str, set[int]] = {}
        with self.read("counting recent hashtags") as conn:
            source_of = dict(conn.execute(select(articles.c.id, articles.c.source_id)
                                          .where(articles.c.sort_time >= since)).all())
            ids = list(source_of)
            for i in range(0, len(ids), 500):
                query = (select(article_tags.c.article_id, article_tags.c.tag)
                         .join(hashtags, hashtags.c.tag == article_tags.c.tag)
                         .where(article_tags.c.article_id.in_(ids[i : i + 500]), *_VISIBLE))
                for article_id, tag in conn.execute(query):
                    outlets.setdefault(tag, set()).add(source_of[article_id])
        return {tag: len(sources) for tag, sources in outlets.items()}

    def tag_outlets_by_day(self, tags: list[str], until: datetime, days: int) -> dict[str, dict[int, int]]:
        """{tag: {day: distinct outlets}} for these tags: day k (1..days) is the k-th 24 hours before ``until``."""
        if not tags:
            return {}
        edges = [until - timedelta(days=k) for k in range(1, days + 1)]
        day = case(*[(article_tags.c.sort_time >= edge, k) for k, edge in enumerate(edges, start=1)], else_=days + 1)
        rows = (
            select(article_tags.c.tag, articles.c.source_id, day.label("day"))
            .select_from(article_tags.join(articles, articles.c.id == article_tags.c.article_id))
            .where(article_tags.c.tag.in_(tags), article_tags.c.sort_time >= edges[-1],
                   article_tags.c.sort_time < until)
            .subquery()
        )
        query = select(rows.c.tag, rows.c.day, func.count(distinct(rows.c.source_id))).group_by(rows.c.tag, rows.c.day)
        result: dict[str, dict[int, int]] = {}
        with self.read("counting hashtags' usual days") as conn:
            for tag, k, n in conn.execute(query):
                result.setdefault(tag, {})[int(k)] = n
        return result

    def tag_cooccurrence(self, tag: str, since: datetime, most: int, min_support: int = 1,
                         sample: int = 1000) -> tuple[int, dict[str, int], dict[str, int], int]:
        """(articles with tag, {other: articles with both}, {other: articles with other}, articles)
        since a time; at most ``most`` others met at least ``min_support`` times, most met first.

        A big tag is read through its latest ``sample`` articles (the first count is then
        the sample's size), so the cost has a ceiling however big the tag grows."""
        mine = (select(article_tags.c.article_id).where(article_tags.c.tag == tag, article_tags.c.sort_time >= since)
                .order_by(article_tags.c.sort_time.desc()).limit(sample).subquery("mine"))
        both = func.count()
        pairs = (
            select(article_tags.c.tag, both)
            .select_from(mine.join(article_tags, article_tags.c.article_id == mine.c.article_id)
                         .join(hashtags, hashtags.c.tag == article_tags.c.tag))
            .where(article_tags.c.tag != tag, *_VISIBLE)
            .group_by(article_tags.c.tag)
            .having(both >= min_support)
            .order_by(both.desc(), article_tags.c.tag)
            .limit(most)
        )
        with self.read("counting related hashtags") as conn:
            own = conn.execute(select(func.count()).select_from(mine)).scalar() or 0
            if not own:
                return 0, {}, {}, 0
            together = dict(conn.execute(pairs).all())
            counts = dict(conn.execute(
                select(article_tags.c.tag, func.count())
                .where(article_tags.c.tag.in_(list(together)), article_tags.c.sort_time >= since)
                .group_by(article_tags.c.tag)).all()) if together else {}
            total = conn.execute(select(func.count()).select_from(articles).where(articles.c.sort_time >= since)).scalar()
        return own, together, counts, total or 0
