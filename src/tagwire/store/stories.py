"""Stories: the coverage of one event by every outlet, as the pages and the clusterer need it."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timezone
from typing import Any, Callable, Sequence

from sqlalchemy import Connection, and_, func, or_, select, text

from ..errors import InvalidInputError
from ..types import Article, StoryRecord
from . import dialect
from .schema import articles, sources, stories

#: names the story lock on PostgreSQL (any constant 64-bit number, not the upgrade lock's)
PG_STORY_LOCK_KEY = 0x7461_6777_6972_6532  # "tagwire2"


def lock_stories(conn: Connection) -> None:
    """Hold the installation-wide story lock until ``conn``'s transaction ends.

    PostgreSQL: a transaction-level advisory lock (released at commit, after the
    commit is visible, so the next holder reads it). SQLite: nothing to take; the
    caller has already written in this transaction, so it holds the database's one
    write lock, and in WAL mode a writer always reads the latest commit."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_STORY_LOCK_KEY})


class StoriesMixin:
    def story_snapshot(self, since: datetime) -> tuple[int, list[str]]:
        """(highest seq, signatures of the stories active since ``since``), to rebuild the clusterer.

        The seq is read first: whatever is written after it has a higher one, so the
        first sync catches up (a signature read twice is simply replaced)."""
        with self.read("reading story signatures") as conn:
            seq = conn.execute(select(func.coalesce(func.max(stories.c.seq), 0))).scalar_one()
            texts = list(conn.execute(select(stories.c.signature).where(stories.c.last_seen >= since)
                                      .order_by(stories.c.last_seen)).scalars())
        return seq, texts

    def story_changes(self, conn: Connection, after_seq: int, ids: Sequence[str] = ()
                      ) -> list[tuple[str, int, str]]:
        """(id, seq, signature) of the stories written after ``after_seq``, and of ``ids``
        whatever their seq; in seq order. Read under the story lock, in its transaction."""
        cond = stories.c.seq > after_seq
        if ids:
            cond = or_(cond, stories.c.id.in_(list(ids)))
        query = select(stories.c.id, stories.c.seq, stories.c.signature).where(cond).order_by(stories.c.seq)
        return [(r.id, r.seq, r.signature) for r in conn.execute(query)]

    def stories_around(self, conn: Connection, start: datetime, end: datetime, limit: int,
                       known: Callable[[str, int], bool] = lambda story_id, seq: False
                       ) -> list[tuple[str, int, str | None]]:
        """(id, seq, signature) of the stories active between ``start`` and ``end`` (latest first,
        at most ``limit``), for an article published before the clusterer's window; the
        signature is None (not read) for those ``known(id, seq)`` says the caller holds."""
        found = conn.execute(select(stories.c.id, stories.c.seq)
                             .where(stories.c.last_seen >= start, stories.c.first_seen <= end)
                             .order_by(stories.c.last_seen.desc()).limit(limit)).all()
        wanted = [r.id for r in found if not known(r.id, r.seq)]
        texts: dict[str, str] = {}
        for i in range(0, len(wanted), 500):
            texts.update((r.id, r.signature) for r in conn.execute(
                select(stories.c.id, stories.c.signature).where(stories.c.id.in_(wanted[i:i + 500]))))
        return [(r.id, r.seq, texts.get(r.id)) for r in found]

    def story_article_urls(self, conn: Connection, story_id: str) -> list[str]:
        """URLs of a story's stored articles (to name the article a wire copy copies)."""
        return list(conn.execute(select(articles.c.url).where(articles.c.story_id == story_id)).scalars())

    def _write_story(self, conn: Connection, source_id: int, story: StoryRecord) -> None:
        """Insert or update a story row, with the next seq; the caller holds the story lock."""
        next_seq = select(func.coalesce(func.max(stories.c.seq), 0) + 1).scalar_subquery()
        values = dict(headline=story.headline.replace("\x00", ""), last_seen=story.last_seen,
                      size=story.size, signature=story.signature)
        upsert = dialect.insert(conn, stories).values(id=story.id, first_seen=story.first_seen,
                                                      first_source_id=source_id, seq=next_seq, **values)
        conn.execute(upsert.on_conflict_do_update(index_elements=["id"],
                                                  set_={**values, "seq": upsert.excluded.seq}))

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

    def source_names(self, *, with_articles: bool = False) -> list[str]:
        """Every source's name; ``with_articles``: only sources with an article stored (a feed
        added but never crawled well is still named after its host, "127.0.0.1")."""
        query = select(sources.c.name).order_by(func.lower(sources.c.name))
        if with_articles:
            query = query.where(select(articles.c.id).where(articles.c.source_id == sources.c.id).exists())
        with self.read("listing sources") as conn:
            return list(conn.execute(query).scalars())


def encode_story_cursor(last_seen: datetime, story_id: str) -> str:
    return f"{int(last_seen.timestamp() * 1_000_000)}-{story_id}"


def decode_story_cursor(cursor: str) -> tuple[datetime, str]:
    """'<microseconds>-<story id>' → (last_seen, id); anything else is a bad request."""
    micros, _, story_id = cursor.partition("-")
    try:
        if not (micros.isdigit() and _STORY_ID.fullmatch(story_id)):
            raise ValueError(cursor)
        return datetime.fromtimestamp(int(micros) / 1_000_000, tz=timezone.utc), story_id
    except (ValueError, OverflowError, OSError):
        raise InvalidInputError(f"invalid page cursor {cursor[:40]!r}") from None


_STORY_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")


class StoryListMixin:
    def recent_stories(self, limit: int, cursor: str | None = None, *,
                       min_size: int = 1) -> list[tuple[Any, ...]]:
        """Stories by latest coverage, newest first: (id, headline, first_seen, last_seen, size,
        first source name) rows; keyset-paged on (last_seen, id) through ix_stories_last_seen."""
        query = (select(stories.c.id, stories.c.headline, stories.c.first_seen, stories.c.last_seen,
                        stories.c.size, sources.c.name)
                 .outerjoin(sources, sources.c.id == stories.c.first_source_id)
                 .where(stories.c.size >= min_size))
        if cursor:
            when, story_id = decode_story_cursor(cursor)
            query = query.where(or_(stories.c.last_seen < when,
                                    and_(stories.c.last_seen == when, stories.c.id < story_id)))
        query = query.order_by(stories.c.last_seen.desc(), stories.c.id.desc()).limit(limit)
        with self.read("listing stories") as conn:
            return [tuple(row) for row in conn.execute(query)]
