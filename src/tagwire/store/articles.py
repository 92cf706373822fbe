"""Articles: written once per canonical URL, listed newest first with keyset cursors."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy import Connection, and_, func, or_, select

from ..errors import InvalidInputError
from ..types import Article, NewArticle, StoryRecord, TagAssignment
from . import dialect
from .schema import article_tags, articles, hashtags, sources
from .stories import lock_stories

#: decides a new article's story inside its write transaction (``StoryBook.placer``)
StoryPlacer = Callable[[Connection], StoryRecord]


def content_hash(title: str, text: str) -> str:
    return hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()


def encode_cursor(article: Article) -> str:
    micros = int(article.sort_time.timestamp() * 1_000_000)
    return f"{micros}-{article.id}"


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """'<microseconds>-<id>' → (sort_time, id); anything else is a bad request."""
    try:
        micros, _, ident = cursor.partition("-")
        when = datetime.fromtimestamp(int(micros) / 1_000_000, tz=timezone.utc)
        if not 0 <= int(ident) < 2**31:  # ids are INTEGER: 32-bit on PostgreSQL, which refuses more
            raise ValueError(ident)
        return when, int(ident)
    except (ValueError, OverflowError, OSError):
        raise InvalidInputError(f"invalid page cursor {cursor[:40]!r}") from None


_ARTICLE_COLUMNS = (*articles.c, sources.c.name.label("source_name"))
#: lists (cards, API pages, feeds out) show the excerpt: the full text, the biggest
#: column by far, is read only for one article or a full export
_LIST_COLUMNS = (*(c for c in articles.c if c.name not in ("text", "content_hash")),
                 sources.c.name.label("source_name"))


def _article(row: Any, tags: Sequence[TagAssignment]) -> Article:
    return Article(
        id=row.id, url=row.url, source_id=row.source_id, source_name=row.source_name,
        title=row.title, text=getattr(row, "text", ""), excerpt=row.excerpt, published=row.published,
        fetched_at=row.fetched_at, category=row.category, category_reason=row.category_reason,
        authors=row.authors, section=row.section, image=row.image, language=row.language,
        paywalled=row.paywalled, word_count=row.word_count, guid=row.guid,
        modified=row.modified, tags=tuple(tags), story_id=row.story_id,
        duplicate_of_url=row.duplicate_of_url,
    )


def _no_nul(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL; nobody reads one. Strings and tuples of strings."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, tuple):
        return tuple(_no_nul(v) for v in value)
    return value


def _values(new: NewArticle) -> dict[str, Any]:
    return {k: _no_nul(v) for k, v in _raw_values(new).items()}


def _raw_values(new: NewArticle) -> dict[str, Any]:
    return dict(
        url=new.url, guid=new.guid, source_id=new.source_id, feed_id=new.feed_id,
        title=new.title, text=new.text, excerpt=new.excerpt, published=new.published,
        modified=new.modified, fetched_at=new.fetched_at,
        sort_time=new.published or new.fetched_at, authors=new.authors, section=new.section,
        image=new.image, language=new.language, paywalled=new.paywalled,
        word_count=new.word_count, category=new.category, category_reason=new.category_reason,
        content_hash=content_hash(new.title, new.text),
        story_id=new.story.id if new.story else None,
        duplicate_of_url=new.story.duplicate_of_url if new.story else None,
    )


class ArticlesMixin:
    def known_article_keys(self, source_id: int, urls: Iterable[str], guids: Iterable[str]) -> set[str]:
        """Which of these URLs or (per source) guids are already stored."""
        urls, guids = list(set(urls)), list(set(guids))
        found: set[str] = set()
        with self.read("looking up known articles") as conn:
            for chunk in _chunks(urls):
                found.update(conn.execute(select(articles.c.url).where(articles.c.url.in_(chunk))).scalars())
            for chunk in _chunks(guids):
                found.update(conn.execute(
                    select(articles.c.guid).where(articles.c.source_id == source_id, articles.c.guid.in_(chunk))
                ).scalars())
        return found

    def upsert_article(self, new: NewArticle, assign_story: StoryPlacer | None = None) -> tuple[int, bool]:
        """Store an article and its tags in one transaction; returns (id, created).

        An article already stored under the same canonical URL, or the same
        guid from the same source, is updated in place: it keeps its id and story.
        A new article's story is ``new.story``, or else decided by ``assign_story``,
        called with the transaction's connection under the story lock (``_place_in_story``).
        """
        values = _values(new)
        with self.write("storing an article") as conn:
            article_id, created = self._find_existing(conn, new), False
            if article_id is None:
                # ON CONFLICT: another worker may have stored the same URL since we looked
                insert = dialect.insert(conn, articles).values(**values)
                article_id = conn.execute(
                    insert.on_conflict_do_nothing(index_elements=["url"]).returning(articles.c.id)
                ).scalar()
                created = article_id is not None
                if not created:
                    article_id = conn.execute(select(articles.c.id).where(articles.c.url == new.url)).scalar_one()
            if not created:
                # a re-fetched article keeps its story: an edited headline does not move it
                kept = {k: v for k, v in values.items() if k not in ("story_id", "duplicate_of_url")}
                conn.execute(articles.update().where(articles.c.id == article_id).values(**kept))
            self._write_tags(conn, article_id, new.tags, values["sort_time"])
            if created and (new.story is not None or assign_story is not None):
                # last: the story lock is then held only for the story and the commit
                self._place_in_story(conn, article_id, new, assign_story)
        return article_id, created

    def _place_in_story(self, conn: Connection, article_id: int, new: NewArticle,
                        assign_story: StoryPlacer | None) -> None:
        """Under the story lock: decide the story (from the latest stored stories), write it, link it.

        Taken after the article and its tags are written, so the lock covers only the
        decision, two short statements and the commit. On SQLite the INSERT above
        already holds the write lock, so the decision reads the latest commit."""
        lock_stories(conn)
        story = new.story
        if story is None:
            story = assign_story(conn)
            conn.execute(articles.update().where(articles.c.id == article_id).values(
                story_id=story.id, duplicate_of_url=story.duplicate_of_url))
        self._write_story(conn, new.source_id, story)

    def _find_existing(self, conn: Connection, new: NewArticle) -> int | None:
        found = conn.execute(select(articles.c.id).where(articles.c.url == new.url)).scalar()
        if found is None and new.guid:
            found = conn.execute(
                select(articles.c.id).where(
                    articles.c.source_id == new.source_id, articles.c.guid == new.guid
                )
            ).scalar()
        return found

    def _write_tags(self, conn: Connection, article_id: int, tags: Sequence[TagAssignment],
                    sort_time: datetime) -> None:
        conn.execute(article_tags.delete().where(article_tags.c.article_id == article_id))
        if not tags:
            return
        # ON CONFLICT on both: concurrent workers may create the same new hashtag, or
        # (one article reached through two feeds) write the same article's tags
        # in tag order: two transactions taking row locks in one order cannot deadlock
        tags = sorted({t.tag: t for t in tags}.values(), key=lambda t: t.tag)
        conn.execute(dialect.insert(conn, hashtags).on_conflict_do_nothing(index_elements=["tag"]), [
            dict(tag=t.tag, label=_no_nul(t.label), kind=t.kind, blocked=False) for t in tags
        ])
        upsert = dialect.insert(conn, article_tags)
        conn.execute(upsert.on_conflict_do_update(
            index_elements=["article_id", "tag"],
            set_={c: upsert.excluded[c] for c in ("label", "score", "kind", "why", "sort_time")},
        ), [
            dict(article_id=article_id, tag=t.tag, label=_no_nul(t.label), score=t.score, kind=t.kind,
                 why=_no_nul(t.why), sort_time=sort_time)
            for t in tags
        ])

    def get_article(self, article_id: int) -> Article | None:
        with self.read("reading an article") as conn:
            row = conn.execute(
                select(*_ARTICLE_COLUMNS).join(sources).where(articles.c.id == article_id)
            ).first()
            return None if row is None else _article(row, self._tags_for(conn, [row.id])[row.id])

    def latest_articles(self, limit: int, cursor: str | None = None) -> list[Article]:
        query = select(*_LIST_COLUMNS).join(sources)
        query = _page(query, articles.c.sort_time, articles.c.id, limit, cursor)
        return self._load(query)

    def articles_for_tag(self, tag: str, limit: int, cursor: str | None = None) -> list[Article]:
        """Newest first: one range scan over (tag, sort_time) in article_tags."""
        query = (
            select(*_LIST_COLUMNS)
            .select_from(article_tags.join(articles, articles.c.id == article_tags.c.article_id).join(sources))
            .where(article_tags.c.tag == tag)
        )
        query = _page(query, article_tags.c.sort_time, article_tags.c.article_id, limit, cursor)
        return self._load(query)

    def iter_articles(self, batch: int = 500) -> Iterable[Article]:
        """Every stored article, oldest id first, in batches (for re-tagging)."""
        last = 0
        while True:
            query = (select(*_ARTICLE_COLUMNS).join(sources).where(articles.c.id > last)
                     .order_by(articles.c.id).limit(batch))
            rows = self._load(query)
            if not rows:
                return
            yield from rows
            last = rows[-1].id

    def replace_tags(self, article_id: int, tags: Sequence[TagAssignment]) -> None:
        with self.write("re-tagging an article") as conn:
            sort_time = conn.execute(select(articles.c.sort_time).where(articles.c.id == article_id)).scalar()
            if sort_time is not None:
                self._write_tags(conn, article_id, tags, sort_time)

    def count_articles(self) -> int:
        with self.read("counting articles") as conn:
            return conn.execute(select(func.count()).select_from(articles)).scalar() or 0

    def filtered_articles(self, limit: int, cursor: str | None = None, *, tag: str | None = None,
                          source_id: int | None = None, category: str | None = None,
                          since: datetime | None = None, until: datetime | None = None,
                          story_id: str | None = None) -> list[Article]:
        """Newest first, narrowed by tag, source, category, story and the time range [since, until)."""
        if tag:
            # through article_tags, so a tag filter stays its (tag, sort_time) range scan
            joined = article_tags.join(articles, articles.c.id == article_tags.c.article_id).join(sources)
            query = select(*_LIST_COLUMNS).select_from(joined).where(article_tags.c.tag == tag)
            time_col, id_col = article_tags.c.sort_time, article_tags.c.article_id
        else:
            query = select(*_LIST_COLUMNS).join(sources)
            time_col, id_col = articles.c.sort_time, articles.c.id
        if source_id is not None:
            query = query.where(articles.c.source_id == source_id)
        if category:
            query = query.where(articles.c.category == category)
        if story_id:
            query = query.where(articles.c.story_id == story_id)
        if since:
            query = query.where(time_col >= since)
        if until:
            query = query.where(time_col < until)
        return self._load(_page(query, time_col, id_col, limit, cursor))

    def category_counts(self) -> dict[str, int]:
        """Articles per stored category name."""
        query = select(articles.c.category, func.count()).group_by(articles.c.category)
        with self.read("counting articles per category") as conn:
            return dict(conn.execute(query).all())

    def _load(self, query: Any) -> list[Article]:
        """Two queries however long the page: the rows, then all their tags."""
        with self.read("listing articles") as conn:
            rows = conn.execute(query).all()
            tags = self._tags_for(conn, [r.id for r in rows])
        return [_article(r, tags[r.id]) for r in rows]

    def _tags_for(self, conn: Connection, ids: list[int]) -> dict[int, list[TagAssignment]]:
        result: dict[int, list[TagAssignment]] = defaultdict(list)
        if not ids:
            return result
        t = article_tags.c  # not sort_time: a page's tags need no dates, and parsing them is its cost
        query = (
            select(t.article_id, t.tag, t.label, t.score, t.kind, t.why)
            .join(hashtags, hashtags.c.tag == article_tags.c.tag)
            .where(article_tags.c.article_id.in_(ids), ~hashtags.c.blocked)
            .order_by(article_tags.c.article_id, article_tags.c.score.desc(), article_tags.c.tag)
        )
        for article_id, tag, label, score, kind, why in conn.execute(query).all():
            result[article_id].append(TagAssignment(tag=tag, label=label, score=score, kind=kind, why=why))
        return result


def _page(query: Any, time_col: Any, id_col: Any, limit: int, cursor: str | None) -> Any:
    if cursor:
        when, ident = decode_cursor(cursor)
        query = query.where(or_(time_col < when, and_(time_col == when, id_col < ident)))
    return query.order_by(time_col.desc(), id_col.desc()).limit(limit)


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


