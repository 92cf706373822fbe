"""Stories: the coverage of one event by every outlet, as the pages and the clusterer need it."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any, Sequence

from sqlalchemy import func, select

from ..types import Article
from .schema import articles, sources, stories


class StoriesMixin:
    def recent_story_signatures(self, since: datetime) -> list[str]:
        """Signatures (JSON) of stories active since ``since``, to rebuild the clusterer."""
        with self.read("reading story signatures") as conn:
            return list(conn.execute(select(stories.c.signature).where(stories.c.last_seen >= since)
                                     .order_by(stories.c.last_seen)).scalars())

    def get_story(self, story_id: str) -> Any:
        with self.read("reading a story") as conn:
            return conn.execute(select(stories).where(stories.c.id == story_id)).first()

    def story_articles(self, story_id: str) -> list[Article]:
        """Every article of a story, oldest first (the first is who reported it first)."""
        query = (select(*articles.c, sources.c.name.label("source_name")).join(sources)
                 .where(articles.c.story_id == story_id).order_by(articles.c.sort_time, articles.c.id))
        return self._load(query)

    def story_outlets(self, story_ids: Sequence[str]) -> dict[str, list[tuple[str, str, str]]]:
        """Per story: (source name, article URL, title) of each article, oldest first; one query."""
        result: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        ids = [s for s in set(story_ids) if s]
        if not ids:
            return result
        query = (select(articles.c.story_id, sources.c.name, articles.c.url, articles.c.title)
                 .join(sources).where(articles.c.story_id.in_(ids))
                 .order_by(articles.c.story_id, articles.c.sort_time, articles.c.id))
        with self.read("reading story coverage") as conn:
            for story_id, name, url, title in conn.execute(query):
                result[story_id].append((name, url, title))
        return result

    def source_names(self) -> list[str]:
        with self.read("listing sources") as conn:
            return list(conn.execute(select(sources.c.name).order_by(func.lower(sources.c.name))).scalars())
