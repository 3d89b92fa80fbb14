"""SQLite: rebuild articles_fts with FTS5 prefix indexes for 3- and 4-character prefixes.

bench/corpus.py, 100,000 generated articles: 4-character prefix queries (``elec*``) went from
p50 126-138 ms / p95 298-366 ms to p50 34-60 ms / p95 90-136 ms with prefix = '2 3 4' (index
data 125 MB -> 345 MB; this revision keeps '3 4' to grow it less: a 2-character prefix matches
too much to be a useful search anyway). PostgreSQL needs nothing: GIN serves ``:*`` prefixes.
The rows are copied from the old table (FTS5 keeps its own copy of the text), so no text has
to be rebuilt from the records.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COLUMNS = "headline, standfirst, body, quotes, entities"
TOKENIZE = "unicode61 remove_diacritics 2"


def _rebuild(options: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(f"CREATE VIRTUAL TABLE articles_fts_new USING fts5({COLUMNS}, "
               f"tokenize = '{TOKENIZE}'{options})")
    op.execute(f"INSERT INTO articles_fts_new (rowid, {COLUMNS}) "
               f"SELECT rowid, {COLUMNS} FROM articles_fts")
    op.execute("DROP TABLE articles_fts")
    op.execute("ALTER TABLE articles_fts_new RENAME TO articles_fts")


def upgrade() -> None:
    _rebuild(", prefix = '3 4'")


def downgrade() -> None:
    _rebuild("")
