"""Search: a parsed query (tagwire.search) turned into SQL with bound parameters only.

Words and phrases match title or text, case-insensitively, as substrings
(``LIKE`` with the user's ``%`` and ``_`` escaped). Ranking: matches in the
headline count double, then newest first. This scans the articles; full-text
indexes (FTS5, tsvector) are the next step for archives of millions.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, exists, func, literal, not_, or_, select

from ..search import Field, Not, Phrase, Query, Tag, Word
from ..types import Article
from .schema import article_tags, articles, sources

_title = func.lower(articles.c.title)
_text = func.lower(articles.c.text)


def _contains(column: Any, value: str) -> Any:
    return column.contains(value.lower(), autoescape=True)


def _condition(node: Any) -> Any:
    if isinstance(node, Not):
        return not_(_condition(node.node))
    if isinstance(node, (Word, Phrase)):
        return or_(_contains(_title, node.text), _contains(_text, node.text))
    if isinstance(node, Tag):
        return exists().where(article_tags.c.article_id == articles.c.id, article_tags.c.tag == node.tag)
    if isinstance(node, Field) and node.name == "source":
        return func.lower(sources.c.name) == node.value.lower()
    if isinstance(node, Field) and node.name == "category":
        return func.lower(articles.c.category) == node.value.lower()
    raise ValueError(f"unknown search node {node!r}")


def _score(query: Query) -> Any:
    parts = [literal(0)]
    for node in query.terms:
        if isinstance(node, (Word, Phrase)):
            parts.append(case((_contains(_title, node.text), 2), else_=0))
            parts.append(case((_contains(_text, node.text), 1), else_=0))
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


class SearchMixin:
    def search_articles(self, query: Query, limit: int, offset: int = 0) -> list[Article]:
        conditions = [_condition(n) for n in query.terms]
        if query.after:
            conditions.append(articles.c.sort_time >= query.after)
        if query.before:
            conditions.append(articles.c.sort_time < query.before)
        score = _score(query).label("score")
        stmt = (
            select(*articles.c, sources.c.name.label("source_name"), score)
            .join(sources)
            .where(and_(*conditions) if conditions else literal(True))
            .order_by(score.desc(), articles.c.sort_time.desc(), articles.c.id.desc())
            .limit(limit).offset(offset)
        )
        return self._load(stmt)
