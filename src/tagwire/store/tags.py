"""Hashtags and curated topics; merges and the blocklist, kept as data."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Connection, String, cast, func, or_, select

from ..enrich.canonical import merge_note
from ..errors import NotFoundError
from ..types import HashtagCount, Topic
from . import dialect
from .articles import _no_nul
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
            return [Topic(tag=r.tag, label=r.label, phrases=r.phrases, exclude=r.exclude, rule=r.rule) for r in rows]

    def save_topic(self, topic: Topic) -> None:
        # PostgreSQL text holds no NUL: one typed into a form or API body is dropped here, as for articles
        values = {k: _no_nul(v) for k, v in dict(label=topic.label, phrases=topic.phrases, exclude=topic.exclude,
                                                 rule=topic.rule).items()}
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
        """(UTC midnight of a day, outlet, articles) of a tag since a time, one row per day and outlet.

        Counted in SQL: a busy tag has thousands of articles a month, and turning each
        into a Python row cost more than the rest of its page. The day is the first ten
        characters of the time as text ("YYYY-MM-DD" on both backends, times are UTC),
        so the SQL stays the same everywhere (no date functions).
        """
        from .schema import articles, sources

        day = func.substr(cast(article_tags.c.sort_time, String), 1, 10)
        query = (
            select(day, sources.c.name, func.count())
            .select_from(article_tags.join(articles, articles.c.id == article_tags.c.article_id).join(sources))
            .where(article_tags.c.tag == tag, article_tags.c.sort_time >= since)
            .group_by(day, sources.c.name)
        )
        with self.read("counting a tag's coverage") as conn:
            return [(datetime.fromisoformat(d).replace(tzinfo=timezone.utc), name, n)
                    for d, name, n in conn.execute(query)]

    # -- merges and the blocklist ------------------------------------------------
    def hashtag_rule_rows(self) -> list[tuple[str, str, str | None, bool]]:
        """(tag, label, merged_into, blocked) of every merged or blocked hashtag, by tag."""
        query = (select(hashtags.c.tag, hashtags.c.label, hashtags.c.merged_into, hashtags.c.blocked)
                 .where(or_(hashtags.c.merged_into.is_not(None), hashtags.c.blocked))
                 .order_by(hashtags.c.tag))
        with self.read("reading hashtag merges and blocks") as conn:
            return [tuple(r) for r in conn.execute(query)]

    def hashtag_labels(self, tags: list[str], kinds: frozenset[str] | None = None) -> dict[str, str]:
        """Labels of the stored ones of these tags; with ``kinds``, of those first stored as one of them."""
        if not tags:
            return {}
        query = select(hashtags.c.tag, hashtags.c.label).where(hashtags.c.tag.in_(tags))
        if kinds is not None:
            query = query.where(hashtags.c.kind.in_(sorted(kinds)))
        with self.read("reading hashtag labels") as conn:
            return dict(conn.execute(query).all())

    def merged_into(self, tag: str) -> str | None:
        """One step of a tag's merge (a primary-key lookup: cheap enough for every tag page)."""
        with self.read("reading a hashtag merge") as conn:
            return conn.execute(select(hashtags.c.merged_into).where(hashtags.c.tag == tag)).scalar()

    def set_hashtag_merge(self, source: str, target: str) -> int:
        """Record source → target and move source's article tags to target; returns articles moved.

        An article that already has the target keeps its own row (its reason stays
        true) with the better of the two scores; the others get the target with the
        source's reason and a note, so unmerging can move exactly them back.
        """
        with self.write("merging hashtags") as conn:
            self._ensure_hashtag(conn, source)
            label = self._ensure_hashtag(conn, target)
            conn.execute(hashtags.update().where(hashtags.c.tag == source).values(merged_into=target))
            return self._move_tags(conn, source, target, label)

    def _ensure_hashtag(self, conn: Connection, tag: str) -> str:
        label = conn.execute(select(hashtags.c.label).where(hashtags.c.tag == tag)).scalar()
        if label is None:
            label = tag
            conn.execute(hashtags.insert().values(tag=tag, label=tag, kind="keyphrase", blocked=False))
        return label

    def _move_tags(self, conn: Connection, source: str, target: str, label: str) -> int:
        rows = conn.execute(select(article_tags).where(article_tags.c.tag == source)).all()
        if not rows:
            return 0
        have = {}
        ids = [r.article_id for r in rows]
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            have.update(conn.execute(select(article_tags.c.article_id, article_tags.c.score).where(
                article_tags.c.tag == target, article_tags.c.article_id.in_(chunk))).all())
        conn.execute(article_tags.delete().where(article_tags.c.tag == source))
        for r in rows:
            if r.article_id in have and r.score > have[r.article_id]:
                conn.execute(article_tags.update().where(article_tags.c.article_id == r.article_id,
                                                         article_tags.c.tag == target).values(score=r.score))
        moved = [dict(article_id=r.article_id, tag=target, label=label, score=r.score, kind=r.kind,
                      why=r.why + merge_note(source), sort_time=r.sort_time)
                 for r in rows if r.article_id not in have]
        if moved:
            insert = dialect.insert(conn, article_tags).on_conflict_do_nothing(index_elements=["article_id", "tag"])
            conn.execute(insert, moved)
        return len(rows)

    def clear_hashtag_merge(self, source: str, chain: list[str]) -> int:
        """Forget source's merge and move back the article tags it moved (found by their note
        under any tag of the chain it led to); returns articles moved back."""
        with self.write("unmerging a hashtag") as conn:
            found = conn.execute(select(hashtags.c.label, hashtags.c.merged_into).where(hashtags.c.tag == source)).first()
            if found is None or found.merged_into is None:
                raise NotFoundError(f"#{source} is not merged into another hashtag")
            conn.execute(hashtags.update().where(hashtags.c.tag == source).values(merged_into=None))
            note = merge_note(source)
            query = select(article_tags).where(article_tags.c.tag.in_(chain), article_tags.c.why.contains(note))
            back = []
            for r in conn.execute(query).all():
                why = _before_note(r.why, note)
                if why is None:
                    continue  # "#a" inside "#ab": not ours
                conn.execute(article_tags.delete().where(article_tags.c.article_id == r.article_id,
                                                         article_tags.c.tag == r.tag))
                back.append(dict(article_id=r.article_id, tag=source, label=found.label, score=r.score,
                                 kind=r.kind, why=why, sort_time=r.sort_time))
            if back:
                insert = dialect.insert(conn, article_tags).on_conflict_do_nothing(index_elements=["article_id", "tag"])
                conn.execute(insert, back)
            return len(back)

    def set_hashtag_blocked(self, tag: str, blocked: bool) -> int:
        """Block (the tag leaves every article) or unblock a tag; returns article tags removed."""
        with self.write("blocking a hashtag" if blocked else "unblocking a hashtag") as conn:
            self._ensure_hashtag(conn, tag)
            conn.execute(hashtags.update().where(hashtags.c.tag == tag).values(blocked=blocked))
            if not blocked:
                return 0
            return conn.execute(article_tags.delete().where(article_tags.c.tag == tag)).rowcount or 0


def _before_note(why: str, note: str) -> str | None:
    """The reason as it was before the merge that wrote ``note``; None if that merge never did."""
    parts, mark = why.split(" · "), note.removeprefix(" · ")
    return " · ".join(parts[: parts.index(mark, 1)]) if mark in parts[1:] else None
