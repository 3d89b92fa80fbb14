"""``story_articles`` and ``entity_article_variants`` as WITHOUT ROWID tables on SQLite: each was
a rowid table beside the index of its primary key (``article_id``; ``article_id, entity_key,
variant``), two B-trees written for every row; now the primary key's B-tree holds the rows (the
same columns, rows and constraints). ``Store.add`` with the across-article stages wrote 1.1 WAL
pages a record into each rowid table. The tables are copied into new ones and renamed, their
indexes created again. PostgreSQL, whose tables have no rowid, is not touched. ``downgrade``
copies them back into rowid tables. Data kept.

Revision ID: 0016_link_rows_without_rowid
Revises: 0015_story_keys_by_story
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_link_rows_without_rowid"
down_revision = "0015_story_keys_by_story"
branch_labels = None
depends_on = None

TABLES = ("story_articles", "entity_article_variants")
_SUFFIX = " WITHOUT ROWID"


def _rebuild(table: str, without_rowid: bool) -> None:
    """Copy the SQLite ``table`` into a new one declared as before, with or without rowid."""
    conn = op.get_bind()
    master = "SELECT sql FROM sqlite_master WHERE tbl_name = :t AND type = :kind"
    create = conn.execute(sa.text(master), {"t": table, "kind": "table"}).scalar_one().rstrip()
    indexes = [sql for sql in conn.execute(sa.text(master + " AND sql IS NOT NULL"),
                                           {"t": table, "kind": "index"}).scalars()]
    if create.upper().endswith(_SUFFIX) == without_rowid:
        return
    create = create + _SUFFIX if without_rowid else create[:-len(_SUFFIX)]
    names = conn.execute(sa.text(
        "SELECT name FROM sqlite_master WHERE tbl_name = :t AND type = 'index' "
        "AND sql IS NOT NULL"), {"t": table}).scalars().all()
    for name in names:
        op.execute(f'DROP INDEX "{name}"')
    op.execute(f'ALTER TABLE "{table}" RENAME TO "{table}_old"')
    op.execute(create)
    op.execute(f'INSERT INTO "{table}" SELECT * FROM "{table}_old"')
    op.execute(f'DROP TABLE "{table}_old"')
    for sql in indexes:
        op.execute(sql)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            _rebuild(table, without_rowid=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            _rebuild(table, without_rowid=False)
