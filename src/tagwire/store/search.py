"""Search: a parsed query (tagwire.search) turned into full-text SQL, bound parameters only.

Each backend uses its own index, made by schema revision 0002:

- SQLite: the FTS5 table ``articles_fts`` (Porter stemming, diacritics folded).
  Every word or phrase becomes an FTS5 *string* (double-quoted, quotes doubled),
  so nothing the user types is read as FTS5 syntax (``NEAR``, ``*``, ``col:``).
- PostgreSQL: the generated ``search_vector`` column (English configuration)
  with ``plainto_tsquery`` for words and ``phraseto_tsquery`` for phrases.

Both match whole words with stemming ("floods" finds "flood"), and the ranking
is the same idea on both: the engine's relevance (bm25 with the headline
weighted double; ts_rank with title weight A) divided by ``1 + age/7 days``,
so a relevant story from today beats an equally relevant one from last month
(``tagwire.search.RECENCY_DAYS``). A query with no words is ordered by
time alone. The FTS objects are outside ``schema.py``; see the migration.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    Float,
    Text,
    and_,
    bindparam,
    cast,
    column,
    exists,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    table,
)

from ..search import RECENCY_DAYS, Field, Not, Phrase, Query, Tag, Word
from ..types import Article
from .schema import UTCDateTime, article_tags, articles, sources

_FTS_TABLE = table("articles_fts", column("rowid"))
_FTS = literal_column("articles_fts")  # the table's own name: MATCH's left side, bm25's argument
_VECTOR = literal_column("articles.search_vector")
_ENGLISH = literal_column("'english'::regconfig")  # the configuration the column was built with


def fts5_string(text: str) -> str | None:
    """``text`` as one FTS5 string (a phrase of its tokens); None when it has no token."""
    if not any(ch.isalnum() for ch in text):
        return None
    return '"' + text.replace('"', '""') + '"'


def _text_nodes(query: Query) -> tuple[list[Word | Phrase], list[Word | Phrase]]:
    wanted, unwanted = [], []
    for node in query.terms:
        if isinstance(node, (Word, Phrase)):
            wanted.append(node)
        elif isinstance(node, Not) and isinstance(node.node, (Word, Phrase)):
            unwanted.append(node.node)
    return wanted, unwanted


def _other_condition(node: Any) -> Any:
    if isinstance(node, Not):
        inner = _other_condition(node.node)
        return None if inner is None else not_(inner)
    if isinstance(node, Tag):
        return exists().where(article_tags.c.article_id == articles.c.id, article_tags.c.tag == node.tag)
    if isinstance(node, Field) and node.name == "source":
        return func.lower(sources.c.name) == node.value.lower()
    if isinstance(node, Field) and node.name == "category":
        return func.lower(articles.c.category) == node.value.lower()
    if isinstance(node, (Word, Phrase)):
        return None  # full text, handled by the backend below
    raise ValueError(f"unknown search node {node!r}")


class _SQLiteText:
    """Word and phrase conditions and relevance over FTS5."""

    def __init__(self, wanted: list[Word | Phrase], unwanted: list[Word | Phrase]):
        self.match = " ".join(s for s in (fts5_string(n.text) for n in wanted) if s)
        self.excluded = [s for s in (fts5_string(n.text) for n in unwanted) if s]

    def conditions(self) -> list[Any]:
        out = [articles.c.id.not_in(_matching(s)) for s in self.excluded]
        if self.match:
            out.append(_FTS.op("MATCH")(bindparam("fts_match", self.match)))
        return out

    def relevance(self) -> Any | None:
        # bm25 is lower-is-better; negated so that higher is better on both backends
        return -func.bm25(_FTS, 2.0, 1.0) if self.match else None

    def age_days(self, now: Any) -> Any:
        # clamped at 0: a date in the future must not divide by less than 1
        return func.max(func.julianday(now) - func.julianday(articles.c.sort_time), 0.0)

    def from_clause(self, base: Any) -> Any:
        if not self.match:
            return base
        return base.join(_FTS_TABLE, _FTS_TABLE.c.rowid == articles.c.id)


def _matching(fts_query: str) -> Any:
    return select(_FTS_TABLE.c.rowid).where(_FTS.op("MATCH")(literal(fts_query)))


class _PostgresText:
    """Word and phrase conditions and relevance over the tsvector column."""

    def __init__(self, wanted: list[Word | Phrase], unwanted: list[Word | Phrase]):
        self.wanted = [self._tsquery(n) for n in wanted]
        self.unwanted = [self._tsquery(n) for n in unwanted]

    @staticmethod
    def _tsquery(node: Word | Phrase) -> Any:
        make = func.phraseto_tsquery if isinstance(node, Phrase) else func.plainto_tsquery
        return make(_ENGLISH, cast(literal(node.text), Text))

    def conditions(self) -> list[Any]:
        # a term of stop words only ("the") has no lexemes: it constrains nothing
        out = [or_(func.numnode(q) == 0, _VECTOR.op("@@")(q)) for q in self.wanted]
        out += [not_(and_(func.numnode(q) > 0, _VECTOR.op("@@")(q))) for q in self.unwanted]
        return out

    def relevance(self) -> Any | None:
        if not self.wanted:
            return None
        combined = self.wanted[0]
        for q in self.wanted[1:]:
            combined = combined.op("&&")(q)
        return func.ts_rank(_VECTOR, combined)

    def age_days(self, now: Any) -> Any:
        return func.greatest(func.extract("epoch", now - articles.c.sort_time) / 86400.0, 0.0)

    def from_clause(self, base: Any) -> Any:
        return base


class SearchMixin:
    def search_articles(self, query: Query, limit: int, offset: int = 0,
                        now: datetime | None = None) -> list[Article]:
        wanted, unwanted = _text_nodes(query)
        backend = _SQLiteText if self.engine.dialect.name == "sqlite" else _PostgresText
        text = backend(wanted, unwanted)
        conditions = [c for c in (_other_condition(n) for n in query.terms) if c is not None]
        conditions += text.conditions()
        if query.after:
            conditions.append(articles.c.sort_time >= query.after)
        if query.before:
            conditions.append(articles.c.sort_time < query.before)
        now_param = bindparam("now", now or datetime.now(timezone.utc), type_=UTCDateTime)
        relevance = text.relevance()
        if relevance is None:
            score = literal(0.0, Float)
        else:  # relevance discounted by age; see tagwire.search.recency_weight
            score = relevance / (1.0 + text.age_days(now_param) / RECENCY_DAYS)
        score = score.label("score")
        stmt = (
            select(*articles.c, sources.c.name.label("source_name"), score)
            .select_from(text.from_clause(articles.join(sources)))
            .where(and_(*conditions) if conditions else literal(True))
            .order_by(score.desc(), articles.c.sort_time.desc(), articles.c.id.desc())
            .limit(limit).offset(offset)
        )
        return self._load(stmt)
