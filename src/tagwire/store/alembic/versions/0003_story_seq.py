"""story change counter

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

``stories.seq``: a counter over the whole installation, set on every write of a
story row to one more than the highest (story writes are serialised by the story
lock, so it never repeats). A process catches up with the stories other workers
placed articles in by reading the rows whose ``seq`` is above the last one it saw;
indexed for that read and for the ``max(seq)`` of each write. Rows written
before this revision start at 0.
"""

from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("seq", sa.Integer, nullable=False, server_default="0"))
    op.create_index("ix_stories_seq", "stories", ["seq"])


def downgrade() -> None:
    op.drop_index("ix_stories_seq", table_name="stories")
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("seq")
