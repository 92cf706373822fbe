"""Categories in storage: the publisher-labelled articles an instance learns from, and relabelling.

An article's category is "publisher-labelled" when its reason starts with one of the
trusted prefixes (``classifier.TRUSTED_REASONS``: section, feed category, URL segment).
Counting new ones is a range of the primary key past the last training's high-water
mark, so the check after every crawl pass stays cheap however large the archive.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import and_, func, or_, select

from .schema import articles, models


def _trusted(prefixes: Sequence[str], fallback: str):  # a SQL condition
    return and_(articles.c.category != fallback,
                or_(*(articles.c.category_reason.startswith(p, autoescape=True) for p in prefixes)))


class CategoriesMixin:
    def max_article_id(self) -> int:
        with self.read("reading the newest article id") as conn:
            return conn.execute(select(func.max(articles.c.id))).scalar() or 0

    def count_labelled_articles(self, after_id: int, prefixes: Sequence[str], fallback: str) -> int:
        """Publisher-labelled articles with an id above ``after_id``."""
        query = select(func.count()).where(articles.c.id > after_id, _trusted(prefixes, fallback))
        with self.read("counting publisher-labelled articles") as conn:
            return conn.execute(query).scalar() or 0

    def labelled_articles(self, prefixes: Sequence[str], fallback: str, per_class: int) -> list[dict]:
        """Newest first, at most ``per_class`` per category: {title, text, category, category_reason}."""
        cols = (articles.c.title, articles.c.text, articles.c.category, articles.c.category_reason)
        rows: list[dict] = []
        with self.read("reading publisher-labelled articles") as conn:
            names = conn.execute(select(articles.c.category).distinct()
                                 .where(_trusted(prefixes, fallback))).scalars().all()
            for name in sorted(names):  # one bounded query per category, not the whole archive
                query = (select(*cols).where(articles.c.category == name, _trusted(prefixes, fallback))
                         .order_by(articles.c.id.desc()).limit(per_class))
                rows.extend(r._asdict() for r in conn.execute(query))
        return rows

    def relabel_categories(self, mapping: Mapping[str, str]) -> int:
        """Stored category ``old`` → ``new`` for each pair; the reason records the change."""
        changed = 0
        with self.write("relabelling categories") as conn:
            for old, new in mapping.items():
                reason = articles.c.category_reason + f" → {new} (configured)"
                changed += conn.execute(articles.update().where(articles.c.category == old)
                                        .values(category=new, category_reason=reason)).rowcount
        return changed

    def configured_labels(self) -> list[tuple[int, str, str]]:
        """(id, category, reason) of every article a configured taxonomy relabelled."""
        query = select(articles.c.id, articles.c.category, articles.c.category_reason).where(
            articles.c.category_reason.like("%(configured)%"))
        with self.read("reading configured categories") as conn:
            return [(r.id, r.category, r.category_reason) for r in conn.execute(query)]

    def set_categories(self, changes: Sequence[tuple[int, str, str]]) -> int:
        """Write (id, category, reason) for each article."""
        with self.write("restoring categories") as conn:
            for article_id, category, reason in changes:
                conn.execute(articles.update().where(articles.c.id == article_id)
                             .values(category=category, category_reason=reason))
        return len(changes)

    def model_note(self, name: str) -> tuple[str, datetime] | None:
        """(note, updated at) of a stored model row, None when there is none."""
        query = select(models.c.note, models.c.updated_at).where(models.c.name == name)
        with self.read("reading a model note") as conn:
            row = conn.execute(query).first()
        return (row.note, row.updated_at) if row else None
