"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26

Frozen: this is the schema as ``schema.py`` defined it when migrations moved to
Alembic, written out so that later edits to ``schema.py`` never change it.
``UTCDateTime`` is ``DateTime`` and ``JSONList`` is ``Text`` in the database;
Python-side defaults are not DDL and so are not here.
"""

from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("home_url", sa.Text),
        sa.Column("language", sa.String(20)),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("url", sa.Text, nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("next_check", sa.DateTime),
        sa.Column("interval_seconds", sa.Integer, nullable=False),
        sa.Column("error_count", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("last_error_cause", sa.String(40)),
        sa.Column("last_error_at", sa.DateTime),
        sa.Column("last_success_at", sa.DateTime),
        sa.Column("paused", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("lease_owner", sa.String(120)),
        sa.Column("lease_until", sa.DateTime),
    )
    op.create_index("ix_feeds_next_check", "feeds", ["next_check"])
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.Text, nullable=False, unique=True),
        sa.Column("guid", sa.Text),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="SET NULL")),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("excerpt", sa.Text, nullable=False),
        sa.Column("published", sa.DateTime),
        sa.Column("modified", sa.DateTime),
        sa.Column("fetched_at", sa.DateTime, nullable=False),
        sa.Column("sort_time", sa.DateTime, nullable=False),
        sa.Column("authors", sa.Text, nullable=False),
        sa.Column("section", sa.Text),
        sa.Column("image", sa.Text),
        sa.Column("language", sa.String(20)),
        sa.Column("paywalled", sa.Boolean, nullable=False),
        sa.Column("word_count", sa.Integer, nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("category_reason", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("story_id", sa.String(40)),
        sa.Column("duplicate_of_url", sa.Text),
    )
    op.create_index("ix_articles_sort", "articles", ["sort_time", "id"])
    op.create_index("ix_articles_story", "articles", ["story_id", "sort_time"])
    op.create_index("ix_articles_source_sort", "articles", ["source_id", "sort_time", "id"])
    op.create_index("ix_articles_guid", "articles", ["guid"])
    op.create_table(
        "hashtags",
        sa.Column("tag", sa.String(100), primary_key=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("merged_into", sa.String(100)),
        sa.Column("blocked", sa.Boolean, nullable=False),
    )
    op.create_table(
        "article_tags",
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("tag", sa.String(100), sa.ForeignKey("hashtags.tag"), primary_key=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("why", sa.Text, nullable=False),
        sa.Column("sort_time", sa.DateTime, nullable=False),
    )
    op.create_index("ix_article_tags_tag_sort", "article_tags", ["tag", "sort_time", "article_id"])
    op.create_table(
        "topics",
        sa.Column("tag", sa.String(100), primary_key=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("phrases", sa.Text, nullable=False),
        sa.Column("exclude", sa.Text, nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("headline", sa.Text, nullable=False),
        sa.Column("first_seen", sa.DateTime, nullable=False),
        sa.Column("last_seen", sa.DateTime, nullable=False),
        sa.Column("first_source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="SET NULL")),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("signature", sa.Text, nullable=False),
    )
    op.create_index("ix_stories_last_seen", "stories", ["last_seen"])
    op.create_table(
        "models",
        sa.Column("name", sa.String(50), primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in ("models", "stories", "topics", "article_tags", "hashtags", "articles", "feeds",
                  "sources"):
        op.drop_table(table)
