"""Public domain objects: frozen, typed, with aware UTC datetimes.

Internal intents (what the pipeline decided to write) are small dataclasses
too, so every stage hands the next one plain immutable data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Source:
    """A publisher, reached through one or more feeds."""

    id: int
    name: str
    home_url: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """One URL of a source, with what the crawler knows about it."""

    id: int
    source_id: int
    url: str
    kind: str = "rss"  # rss | atom | json | sitemap
    etag: str | None = None
    last_modified: str | None = None
    next_check: datetime | None = None
    interval_seconds: int = 1800
    error_count: int = 0
    last_error: str | None = None
    last_error_at: datetime | None = None
    last_success_at: datetime | None = None
    paused: bool = False
    source_name: str = ""


@dataclass(frozen=True, slots=True)
class FeedHealth:
    """A feed with what a reader or an operator wants to know about it."""

    feed: Feed
    articles: int  # stored from this feed's source
    per_day: float  # articles a day over the last week
    newest: datetime | None
    status: str  # ok | failing | error | never | paused
    last_error_cause: str | None = None
    pages_waiting: int = 0  # pages of its source that failed, each waiting for its next try


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a parsed feed: enough to decide whether to fetch its page."""

    url: str
    guid: str | None = None
    title: str | None = None
    summary: str | None = None  # as the feed gave it: HTML or text
    published: datetime | None = None
    updated: datetime | None = None
    categories: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    content: str | None = None  # the full text when the feed carries it (content:encoded, Atom content): HTML

    @property
    def summary_text(self) -> str:
        """The summary as plain text (computed on demand: most entries never need it)."""
        from .parse.text import plain_text

        return plain_text(self.summary)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    link: str | None
    entries: tuple[FeedEntry, ...]
    children: tuple[str, ...] = ()  # a sitemap index's child sitemaps, newest first


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """What extraction found in one article page.

    ``text`` holds paragraphs separated by one blank line; datetimes are aware.
    """

    title: str | None = None
    text: str = ""
    published: datetime | None = None
    modified: datetime | None = None
    authors: tuple[str, ...] = ()
    section: str | None = None
    image: str | None = None
    language: str | None = None
    publisher: str | None = None
    description: str | None = None
    paywalled: bool = False
    canonical_url: str | None = None
    keywords: tuple[str, ...] = ()

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]


@dataclass(frozen=True, slots=True)
class TagAssignment:
    """A hashtag on an article, with why it is there."""

    tag: str  # canonical, [a-z0-9]+
    label: str  # readable, e.g. "Yvette Cooper"
    score: float
    kind: str  # topic | keyphrase | person | org | place | entity
    why: str  # e.g. 'topic rule matched "grooming gang"'


@dataclass(frozen=True, slots=True)
class CategoryAssignment:
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class Topic:
    """A curated hashtag: any of its phrases in an article, or its rule being true, tags it."""

    tag: str
    label: str
    phrases: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    rule: str | None = None  # enrich/rules.py syntax, whitespace collapsed


@dataclass(frozen=True, slots=True)
class Article:
    id: int
    url: str
    source_id: int
    source_name: str
    title: str
    text: str
    excerpt: str
    published: datetime | None
    fetched_at: datetime
    category: str = "General"
    category_reason: str = ""
    authors: tuple[str, ...] = ()
    section: str | None = None
    image: str | None = None
    language: str | None = None
    paywalled: bool = False
    word_count: int = 0
    guid: str | None = None
    modified: datetime | None = None
    tags: tuple[TagAssignment, ...] = field(default=())
    story_id: str | None = None
    duplicate_of_url: str | None = None

    @property
    def sort_time(self) -> datetime:
        return self.published or self.fetched_at


@dataclass(frozen=True, slots=True)
class HashtagCount:
    tag: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class FeedResult:
    """The outcome of one feed in a crawl: counts, or the error it recorded."""

    feed_url: str
    source_name: str
    new_articles: int = 0
    skipped: int = 0
    not_modified: bool = False
    error: str | None = None
    article_errors: int = 0


@dataclass(frozen=True, slots=True)
class CrawlSummary:
    feeds: int
    new_articles: int
    errors: int
    results: tuple[FeedResult, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """What storage keeps of the story an article joined (written with the article)."""

    id: str
    headline: str
    first_seen: datetime
    last_seen: datetime
    size: int
    signature: str  # JSON, opaque to storage
    duplicate_of_url: str | None = None


@dataclass(frozen=True, slots=True)
class StoryCoverage:
    """A story as pages show it: its articles by time, and who has not reported it."""

    id: str
    headline: str
    first_seen: datetime
    articles: tuple["Article", ...]
    missing_sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StorySummary:
    """A story in a list: its headline, span, size and who covered it (first reporter first)."""

    id: str
    headline: str
    first_seen: datetime
    last_seen: datetime
    size: int  # articles, wire copies included
    first_reported_by: str | None
    outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NewArticle:
    """What the pipeline asks storage to write for one fetched article."""

    url: str  # canonical
    source_id: int
    feed_id: int | None
    title: str
    text: str
    excerpt: str
    published: datetime | None
    fetched_at: datetime
    guid: str | None = None
    modified: datetime | None = None
    authors: tuple[str, ...] = ()
    section: str | None = None
    image: str | None = None
    language: str | None = None
    paywalled: bool = False
    word_count: int = 0
    category: str = "General"
    category_reason: str = ""
    tags: tuple[TagAssignment, ...] = ()
    story: StoryRecord | None = None
