"""``story_keys`` keyed by story: its primary key ``(key, story_id)`` becomes ``(story_id,
key)`` (the same columns, rows and uniqueness; the lookup index ``ix_story_keys_key_day`` is
kept). A new story writes its keys (up to eight) as adjacent rows of one B-tree page instead of
eight pages far apart, since the key leads no more: ``Store.add`` with the across-article
stages wrote 117 WAL pages a record, ``story_keys`` 8.4 of them, now 3.1 (its lookup index
keeps its 7.8; bench/corpus.py's mixed articles, 300 adds at 19,000). On SQLite the table
(WITHOUT ROWID) is copied into a new one and renamed; on PostgreSQL the primary key constraint
is dropped and added again. ``downgrade`` restores the old key the same way. Data kept.

Revision ID: 0015_story_keys_by_story
Revises: 0014_story_headlines
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_story_keys_by_story"
down_revision = "0014_story_headlines"
branch_labels = None
depends_on = None


def _rekey(first: str, second: str) -> None:
    """Give ``story_keys`` the primary key ``(first, second)`` of ``key`` and ``story_id``."""
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        name = sa.inspect(conn).get_pk_constraint("story_keys")["name"] or "story_keys_pkey"
        op.execute(f'ALTER TABLE story_keys DROP CONSTRAINT "{name}"')
        op.execute(f"ALTER TABLE story_keys ADD CONSTRAINT story_keys_pkey "
                   f"PRIMARY KEY ({first}, {second})")
        return
    op.drop_index("ix_story_keys_key_day", "story_keys")
    op.execute("ALTER TABLE story_keys RENAME TO story_keys_old")
    op.create_table(
        "story_keys",
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id"), nullable=False),
        sa.Column("last_day", sa.String(10), nullable=False),
        sa.PrimaryKeyConstraint(first, second),
        sqlite_with_rowid=False,
    )
    op.execute(f"INSERT INTO story_keys (key, story_id, last_day) SELECT key, story_id, "
               f"last_day FROM story_keys_old ORDER BY {first}, {second}")
    op.drop_table("story_keys_old")
    op.create_index("ix_story_keys_key_day", "story_keys", ["key", "last_day"])


def upgrade() -> None:
    _rekey("story_id", "key")


def downgrade() -> None:
    _rekey("key", "story_id")
