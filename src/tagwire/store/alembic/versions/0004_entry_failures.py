"""pages that failed, with when to try them again

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

``entry_failures``: one row per (source, page URL) that could not be stored
(not an article, 404, timeout…), with its failure count and the time before
which a poll of the feed leaves it alone. A stored article removes its row.
Frozen like 0001: plain ``DateTime`` (``UTCDateTime`` is Python-side only).
"""

from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entry_failures",
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("cause", sa.String(40), nullable=False),
        sa.Column("message", sa.Text),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("retry_at", sa.DateTime, nullable=False),
        sa.Column("last_failed_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_entry_failures_last_failed_at", "entry_failures", ["last_failed_at"])


def downgrade() -> None:
    op.drop_index("ix_entry_failures_last_failed_at", table_name="entry_failures")
    op.drop_table("entry_failures")
