"""Tables, as SQLAlchemy Core metadata shared by every backend.

Datetimes go in and come out aware UTC (``UTCDateTime``); lists (authors,
phrases) are JSON text so the same schema works on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in Python, naive UTC in the database (SQLite has no zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):  # noqa: ANN001
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to storage; use aware UTC datetimes")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):  # noqa: ANN001
        return None if value is None else value.replace(tzinfo=timezone.utc)


class JSONList(TypeDecorator):
    """A list of strings stored as JSON text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ANN001
        return json.dumps(list(value or ()), ensure_ascii=False)

    def process_result_value(self, value, dialect):  # noqa: ANN001
        return tuple(json.loads(value)) if value else ()


metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("home_url", Text),
    Column("language", String(20)),
    Column("created_at", UTCDateTime, nullable=False),
)

feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("url", Text, nullable=False, unique=True),
    Column("kind", String(20), nullable=False, default="rss"),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("next_check", UTCDateTime),
    Column("interval_seconds", Integer, nullable=False, default=1800),
    Column("error_count", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("last_error_cause", String(40)),
    Column("last_error_at", UTCDateTime),
    Column("last_success_at", UTCDateTime),
    Column("paused", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime, nullable=False),
    # a worker's claim on the feed; expires by itself if the worker dies
    Column("lease_owner", String(120)),
    Column("lease_until", UTCDateTime),
    Index("ix_feeds_next_check", "next_check"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),  # canonical URL: one row per article
    Column("guid", Text),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="SET NULL")),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("excerpt", Text, nullable=False),
    Column("published", UTCDateTime),
    Column("modified", UTCDateTime),
    Column("fetched_at", UTCDateTime, nullable=False),
    # published, or fetched_at when the publisher gave no date: the order of every list
    Column("sort_time", UTCDateTime, nullable=False),
    Column("authors", JSONList, nullable=False),
    Column("section", Text),
    Column("image", Text),
    Column("language", String(20)),
    Column("paywalled", Boolean, nullable=False, default=False),
    Column("word_count", Integer, nullable=False, default=0),
    Column("category", String(40), nullable=False, default="General"),
    Column("category_reason", Text, nullable=False, default=""),
    Column("content_hash", String(64), nullable=False),
    # the story (same event, any outlet) and, for a wire copy, the article it copies
    Column("story_id", String(40)),
    Column("duplicate_of_url", Text),
    Index("ix_articles_sort", "sort_time", "id"),
    Index("ix_articles_story", "story_id", "sort_time"),
    Index("ix_articles_source_sort", "source_id", "sort_time", "id"),
    Index("ix_articles_guid", "guid"),
)

hashtags = Table(
    "hashtags",
    metadata,
    Column("tag", String(100), primary_key=True),
    Column("label", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("merged_into", String(100)),
    Column("blocked", Boolean, nullable=False, default=False),
)

article_tags = Table(
    "article_tags",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("tag", String(100), ForeignKey("hashtags.tag"), primary_key=True),
    Column("label", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("why", Text, nullable=False),
    # denormalised from articles so a tag page is one index range scan
    Column("sort_time", UTCDateTime, nullable=False),
    Index("ix_article_tags_tag_sort", "tag", "sort_time", "article_id"),
)

topics = Table(
    "topics",
    metadata,
    Column("tag", String(100), primary_key=True),
    Column("label", Text, nullable=False),
    Column("phrases", JSONList, nullable=False),
    Column("exclude", JSONList, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("headline", Text, nullable=False),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    Column("first_source_id", Integer, ForeignKey("sources.id", ondelete="SET NULL")),
    Column("size", Integer, nullable=False, default=1),
    # the clusterer's signature (JSON), to rebuild candidate retrieval after a restart
    Column("signature", Text, nullable=False),
    Index("ix_stories_last_seen", "last_seen"),
)

models = Table(
    "models",
    metadata,
    # a trained model of this instance (e.g. "categories"), serialised by its own code
    Column("name", String(50), primary_key=True),
    Column("data", LargeBinary, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("updated_at", UTCDateTime, nullable=False),
)
