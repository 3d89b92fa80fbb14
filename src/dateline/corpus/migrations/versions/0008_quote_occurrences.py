"""Quote provenance (issue 10 item 3): the tables ``quote_keys`` (the lookup index of
quotations: key hashes of word shingles and of speaker + content stem) and
``quote_occurrences`` (linked quotations, both directions, with their variant and score); see
:mod:`dateline.corpus.provenance`. The quotations already stored are linked here, article by
article in the order they were added, by the same :class:`ProvenanceLinker` that links new ones
at ingest.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_BATCH = 500


def upgrade() -> None:
    op.create_table(
        "quote_keys",
        sa.Column("key_hash", sa.BigInteger, primary_key=True),
        sa.Column("quote_id", sa.Integer, sa.ForeignKey("quotes.id", ondelete="CASCADE"),
                  primary_key=True),
        sqlite_with_rowid=False,  # SQLite: one B-tree (the key), not a rowid table + index
    )
    op.create_table(
        "quote_occurrences",
        sa.Column("quote_id", sa.Integer, sa.ForeignKey("quotes.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("other_id", sa.Integer, sa.ForeignKey("quotes.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("variant", sa.String(24), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_quote_occurrences_other_id", "quote_occurrences", ["other_id"])
    _backfill(op.get_bind())


def _backfill(conn: sa.Connection) -> None:
    from dateline.corpus.backends import backend_for
    from dateline.corpus.provenance import ProvenanceLinker

    linker = ProvenanceLinker(backend_for(conn))
    articles = sa.table("articles", sa.column("seq"), sa.column("id"))
    quotes = sa.table("quotes", sa.column("article_id"))
    with_quotes = sa.select(quotes.c.article_id).distinct().scalar_subquery()
    last = 0
    while True:
        batch = conn.execute(sa.select(articles.c.seq, articles.c.id)
                             .where(articles.c.seq > last, articles.c.id.in_(with_quotes))
                             .order_by(articles.c.seq).limit(_BATCH)).all()
        if not batch:
            return
        last = batch[-1][0]
        for _seq, article_id in batch:
            linker.link_article(conn, article_id)


def downgrade() -> None:
    op.drop_index("ix_quote_occurrences_other_id", "quote_occurrences")
    op.drop_table("quote_occurrences")
    op.drop_table("quote_keys")
