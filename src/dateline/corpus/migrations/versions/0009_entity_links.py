"""One entity across the store (issue 10 item 4): the tables of
:mod:`dateline.corpus.entity_links` (``entity_links``, ``entity_names``, ``entity_features``,
``entity_article_variants``, ``entity_link_pending``) and an index of ``quotes`` by speaker
entity and article; then the records already stored are linked in the order they were added,
as :class:`~dateline.corpus.entity_links.EntityLinker` links a new record (their
``entity_article_variants`` rows written, their PERSON entities linked with the same rules). A
record that no longer validates is left out (its record is kept as it was).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)
_BATCH = 500


def upgrade() -> None:
    op.create_table(
        "entity_links",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(64),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("entity_key", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("target_key", sa.Text, nullable=False),
        sa.Column("rule", sa.String(16), nullable=False),
        sa.Column("variant", sa.Text, nullable=False),
        sa.Column("support", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("created", sa.String(40), nullable=False),
        sa.Column("undone", sa.String(40)),
        sa.UniqueConstraint("article_id", "entity_key", name="uq_entity_links_article_entity"),
    )
    op.create_table(
        "entity_names",
        sa.Column("name_key", sa.Text, primary_key=True),
        sa.Column("entity_key", sa.Text, primary_key=True),
    )
    op.create_table(
        "entity_features",
        sa.Column("entity_key", sa.Text, primary_key=True),
        sa.Column("feature", sa.Text, primary_key=True),
        sa.Column("articles", sa.Integer, nullable=False),
    )
    op.create_table(
        "entity_article_variants",
        sa.Column("article_id", sa.String(64),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("entity_key", sa.Text, primary_key=True),
        sa.Column("variant", sa.Text, primary_key=True),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    op.create_table(
        "entity_link_pending",
        sa.Column("article_id", sa.String(64),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("entity_key", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("features", sa.Text, nullable=False),
    )
    op.create_index("ix_entity_link_pending_entity_key", "entity_link_pending", ["entity_key"])
    op.create_index("ix_entity_links_target_key", "entity_links", ["target_key", "status"])
    op.create_index("ix_entity_links_entity_key", "entity_links", ["entity_key", "status"])
    op.create_index("ix_quotes_speaker_article", "quotes", ["speaker_entity_key", "article_id"])
    _backfill(op.get_bind())


def _backfill(conn: sa.Connection) -> None:
    from pydantic import ValidationError

    from dateline.corpus.backends import backend_for
    from dateline.corpus.entity_links import EntityLinker
    from dateline.corpus.rows import project
    from dateline.model import Article

    linker = EntityLinker(backend_for(conn))
    articles = sa.table("articles", sa.column("seq"), sa.column("record"))
    last = 0
    while True:
        batch = conn.execute(sa.select(articles.c.seq, articles.c.record)
                             .where(articles.c.seq > last)
                             .order_by(articles.c.seq).limit(_BATCH)).all()
        if not batch:
            return
        last = batch[-1][0]
        for seq, record in batch:
            if '"entities":[]' in record:  # the compact JSON of a record without entities
                continue
            try:
                article = Article.model_validate_json(record)
            except ValidationError as exc:
                log.warning("article seq %d: record does not validate, not linked: %s", seq, exc)
                continue
            linker.link(conn, article, project(article))


def downgrade() -> None:
    """Drop the tables. The article counts links moved (``entities.articles``) are moved back
    first."""
    conn = op.get_bind()
    entities = sa.table("entities", sa.column("key"), sa.column("articles"))
    links = sa.table("entity_links", sa.column("entity_key"), sa.column("target_key"),
                     sa.column("status"))
    moved = conn.execute(sa.select(links.c.entity_key, links.c.target_key)
                         .where(links.c.status == "linked")).all()
    for key, target in moved:
        conn.execute(entities.update().where(entities.c.key == key)
                     .values(articles=entities.c.articles + 1))
        conn.execute(entities.update().where(entities.c.key == target)
                     .values(articles=entities.c.articles - 1))
    for index, table in (("ix_quotes_speaker_article", "quotes"),
                         ("ix_entity_link_pending_entity_key", "entity_link_pending"),
                         ("ix_entity_links_entity_key", "entity_links"),
                         ("ix_entity_links_target_key", "entity_links")):
        op.drop_index(index, table)
    for table in ("entity_link_pending", "entity_article_variants", "entity_features",
                  "entity_names", "entity_links"):
        op.drop_table(table)
