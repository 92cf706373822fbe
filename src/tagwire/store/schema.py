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
    UniqueConstraint,
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
    # how long the last fetch took (milliseconds), for the fetch-latency metric
    Column("last_fetch_ms", Integer),
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
    # a boolean rule over phrases (OR, AND, NOT, NEAR/n), as the user wrote it; none = any phrase
    Column("rule", Text),
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
    # installation-wide change counter (revision 0003): each write sets max + 1 under the
    # story lock, so a worker reads only the stories changed since it last looked
    Column("seq", Integer, nullable=False, default=0, server_default="0"),
    Index("ix_stories_last_seen", "last_seen"),
    Index("ix_stories_seq", "seq"),
)

# Pages of a feed that could not be stored, so a poll does not fetch them again at once:
# a video page or a 404 is asked for again after hours, then days (fetch/schedule.py).
entry_failures = Table(
    "entry_failures",
    metadata,
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    Column("url", Text, primary_key=True),
    Column("cause", String(40), nullable=False),
    Column("message", Text),
    Column("failures", Integer, nullable=False),
    Column("retry_at", UTCDateTime, nullable=False),
    Column("last_failed_at", UTCDateTime, nullable=False),
    Index("ix_entry_failures_last_failed_at", "last_failed_at"),
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

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    # SHA-256 of the token: tokens are 32 random bytes, so a fast hash is enough,
    # and the token itself is shown once and never stored
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
)

admin_users = Table(
    "admin_users",
    metadata,
    Column("username", String(100), primary_key=True),
    Column("password_hash", Text, nullable=False),  # argon2id, from a maintained library
    Column("created_at", UTCDateTime, nullable=False),
)

admin_sessions = Table(
    "admin_sessions",
    metadata,
    # SHA-256 of the session cookie's value; a stolen database opens no session
    Column("id_hash", String(64), primary_key=True),
    Column("username", String(100), ForeignKey("admin_users.username", ondelete="CASCADE"),
           nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Index("ix_admin_sessions_expires", "expires_at"),
)

webhooks = Table(
    "webhooks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False),
    Column("secret", Text, nullable=False),  # the HMAC key; needed in clear to sign
    # what the subscriber follows: "hashtag", "source" or "story", and which one
    Column("scope", String(20), nullable=False),
    Column("target", Text, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    # the highest article id already turned into deliveries: new articles are found
    # by reading past it, so the crawl never waits for a webhook
    Column("cursor_article_id", Integer, nullable=False, default=0),
    Column("created_at", UTCDateTime, nullable=False),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("webhook_id", Integer, ForeignKey("webhooks.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(20), nullable=False),  # pending, delivered, failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("last_error", Text),
    Column("response_status", Integer),
    Column("created_at", UTCDateTime, nullable=False),
    Column("delivered_at", UTCDateTime),
    # a worker's claim on the delivery, as for feeds
    Column("lease_owner", String(120)),
    Column("lease_until", UTCDateTime),
    UniqueConstraint("webhook_id", "article_id", name="uq_webhook_deliveries_article"),
    Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
)
