"""Duplicate groups and syndication (issue 10 item 1): the tables ``duplicate_groups``,
``duplicates`` and ``duplicate_bands`` of :mod:`dateline.corpus.duplicates`, with their
indexes. Every record already stored is put in its group here (backfill), in the order it was
added, from its ``body`` and ``published`` columns, with the very code ingest runs
(:meth:`DuplicateLinker.link_body`), so an upgraded store equals one built anew.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_BATCH = 500


def upgrade() -> None:
    op.create_table(
        "duplicate_groups",
        sa.Column("group_id", sa.String(64), primary_key=True),
        sa.Column("members", sa.Integer, nullable=False),
    )
    op.create_table(
        "duplicates",
        sa.Column("article_seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("article_id", sa.String(64),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, unique=True),
        sa.Column("group_id", sa.String(64), nullable=False),
        sa.Column("matched_id", sa.String(64)),
        sa.Column("similarity", sa.Float),
        sa.Column("containment", sa.Float),
        sa.Column("published_utc", sa.String(19)),
        sa.Column("shingles", sa.Integer, nullable=False),
        sa.Column("signature", sa.LargeBinary),
    )
    op.create_index("ix_duplicates_group_id", "duplicates", ["group_id"])
    op.create_table(
        "duplicate_bands",
        sa.Column("key", sa.BigInteger, primary_key=True),
        sa.Column("article_seq", sa.Integer, primary_key=True),
        sqlite_with_rowid=False,
    )
    _backfill(op.get_bind())


def _backfill(conn: sa.Connection) -> None:
    from dateline.corpus.duplicates import DuplicateLinker

    linker = DuplicateLinker()
    articles = sa.table("articles", sa.column("seq"), sa.column("id"), sa.column("body"),
                        sa.column("published"))
    last = 0
    while True:
        batch = conn.execute(sa.select(articles.c.seq, articles.c.id, articles.c.body,
                                       articles.c.published)
                             .where(articles.c.seq > last)
                             .order_by(articles.c.seq).limit(_BATCH)).all()
        if not batch:
            return
        last = batch[-1][0]
        for seq, article_id, body, published in batch:
            linker.link_body(conn, article_id, seq, body or "", published)


def downgrade() -> None:
    op.drop_table("duplicate_bands")
    op.drop_index("ix_duplicates_group_id", "duplicates")
    op.drop_table("duplicates")
    op.drop_table("duplicate_groups")
