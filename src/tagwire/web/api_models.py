"""Response models of the JSON API, and the conversions from domain objects.

Every endpoint declares one of these, so /api/v1/openapi.json describes every
field. Times are ISO 8601 with an explicit offset (``+00:00``), as on pages.
Links are http(s) or null: a stored ``javascript:`` URL never reaches a client.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Sequence

from pydantic import BaseModel, Field, PlainSerializer, WithJsonSchema

from ..types import Article, FeedHealth, HashtagCount, TagAssignment
from . import format as fmt

Time = Annotated[
    datetime,
    PlainSerializer(fmt.iso, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time", "example": "2025-05-15T09:30:00+00:00"}),
]


class ErrorDetail(BaseModel):
    code: str = Field(description="not_found, bad_request, validation_error, internal_error, unavailable")
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class SourceRef(BaseModel):
    id: int
    name: str


class TagRef(BaseModel):
    tag: str = Field(description="canonical hashtag, [a-z0-9]+")
    label: str
    kind: str = Field(description="topic, keyphrase, person, org, place or entity")


class TagWithReason(TagRef):
    score: float
    why: str = Field(description="why the article has this hashtag")


class ArticleOut(BaseModel):
    id: int
    url: str | None = Field(description="the original article (null if not an http(s) link)")
    title: str
    source: SourceRef
    published: Time | None
    modified: Time | None
    fetched_at: Time
    category: str
    excerpt: str = Field(description="paragraphs separated by a blank line; the full text stays with the publisher")
    authors: list[str]
    section: str | None
    image: str | None
    language: str | None
    paywalled: bool
    word_count: int
    story_id: str | None = Field(description="the story (same event, any outlet): /stories/{story_id}")
    hashtags: list[TagRef]


class ArticleDetail(ArticleOut):
    category_reason: str
    hashtags: list[TagWithReason]


class ArticlePage(BaseModel):
    items: list[ArticleOut]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null on the last")


class HashtagOut(BaseModel):
    tag: str
    label: str
    count: int


class HashtagList(BaseModel):
    days: int
    items: list[HashtagOut]


class HashtagDetail(HashtagOut):
    articles: list[ArticleOut]
    next_cursor: str | None


class ArticleTags(BaseModel):
    article_id: int
    items: list[TagWithReason]


class TrendingOut(BaseModel):
    tag: str
    label: str
    score: float = Field(description="(outlets today - usual outlets a day) / sqrt(usual + 1)")
    outlets: int = Field(description="distinct outlets with the tag in the last 24 hours")
    baseline: float = Field(description="mean distinct outlets a day over the 14 days before")


class TrendingList(BaseModel):
    items: list[TrendingOut]


class RelatedOut(BaseModel):
    tag: str
    label: str
    score: float = Field(description="co-occurrence cosine, 0..1")
    together: int = Field(description="articles with both hashtags, last 30 days")
    count: int = Field(description="articles with this hashtag, last 30 days")


class RelatedList(BaseModel):
    tag: str
    items: list[RelatedOut]


class LastError(BaseModel):
    message: str
    cause: str | None = Field(description="http, timeout, network, blocked, parse, ...")
    at: Time | None
    count: int = Field(description="consecutive failed fetches")


class FeedOut(BaseModel):
    id: int
    url: str
    kind: str
    state: str = Field(description="ok, error, failing, never or paused")
    last_success: Time | None
    next_check: Time | None
    last_error: LastError | None


class SourceOut(BaseModel):
    id: int
    name: str
    articles: int
    per_day: float = Field(description="articles a day over the last week")
    newest: Time | None
    feeds: list[FeedOut]


class SourceList(BaseModel):
    items: list[SourceOut]


class CategoryOut(BaseModel):
    name: str
    count: int


class CategoryList(BaseModel):
    items: list[CategoryOut]


def _http(url: str | None) -> str | None:
    safe = fmt.safe_href(url)
    return None if safe == "#" else safe


def _fields(a: Article) -> dict:
    return dict(
        id=a.id, url=_http(a.url), title=a.title, source=SourceRef(id=a.source_id, name=a.source_name),
        published=a.published, modified=a.modified, fetched_at=a.fetched_at, category=a.category,
        excerpt=a.excerpt, authors=list(a.authors), section=a.section, image=_http(a.image),
        language=a.language, paywalled=a.paywalled, word_count=a.word_count, story_id=a.story_id,
    )


def article_out(a: Article) -> ArticleOut:
    return ArticleOut(**_fields(a), hashtags=[TagRef(tag=t.tag, label=t.label, kind=t.kind) for t in a.tags])


def article_detail(a: Article) -> ArticleDetail:
    return ArticleDetail(**_fields(a), category_reason=a.category_reason, hashtags=[_reason(t) for t in a.tags])


def _reason(t: TagAssignment) -> TagWithReason:
    return TagWithReason(tag=t.tag, label=t.label, kind=t.kind, score=t.score, why=t.why)


def article_tags_out(article_id: int, tags: Sequence[TagAssignment]) -> ArticleTags:
    return ArticleTags(article_id=article_id, items=[_reason(t) for t in tags])


def hashtag_out(h: HashtagCount) -> HashtagOut:
    return HashtagOut(tag=h.tag, label=h.label, count=h.count)


def sources_out(health: Sequence[FeedHealth]) -> SourceList:
    """Feeds grouped under their source, in the order health() gives them (by name)."""
    by_id: dict[int, SourceOut] = {}
    for h in health:
        f = h.feed
        source = by_id.setdefault(f.source_id, SourceOut(
            id=f.source_id, name=f.source_name, articles=h.articles, per_day=h.per_day, newest=h.newest, feeds=[]))
        error = None
        if f.last_error:
            error = LastError(message=f.last_error, cause=h.last_error_cause, at=f.last_error_at, count=f.error_count)
        source.feeds.append(FeedOut(id=f.id, url=f.url, kind=f.kind, state=h.status, last_success=f.last_success_at,
                                    next_check=f.next_check, last_error=error))
    return SourceList(items=list(by_id.values()))
