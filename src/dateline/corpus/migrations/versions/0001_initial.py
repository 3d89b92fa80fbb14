"""The first schema: articles, quotes, entities, mentions, failures, alerts, full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

#: SQLite FTS5 tokenizer: Unicode word characters, case and diacritics folded ("Orbán" = "orban").
FTS_TOKENIZE = "unicode61 remove_diacritics 2"


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("source_uri", sa.Text, nullable=False),
        sa.Column("source_format", sa.String(8), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("publisher", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("headline", sa.Text),
        sa.Column("standfirst", sa.Text),
        sa.Column("authors", sa.Text, nullable=False),
        sa.Column("published", sa.String(40)),
        sa.Column("published_day", sa.String(10)),
        sa.Column("updated", sa.String(40)),
        sa.Column("section", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("added", sa.String(40), nullable=False),
    )
    op.create_index("ix_articles_published_day", "articles", ["published_day"])
    op.create_index("ix_articles_publisher", "articles", ["publisher"])
    op.create_index("ix_articles_source_uri", "articles", ["source_uri"])
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(64),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("speaker", sa.Text),
        sa.Column("speaker_norm", sa.Text),
        sa.Column("speaker_entity_key", sa.Text),
        sa.Column("cue", sa.Text),
        sa.Column("medium", sa.Text),
    )
    op.create_index("ix_quotes_article_id", "quotes", ["article_id"])
    op.create_index("ix_quotes_speaker_entity_key", "quotes", ["speaker_entity_key"])
    op.create_table(
        "entities",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_norm", sa.Text, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
    )
    op.create_table(
        "article_entities",
        sa.Column("article_id", sa.String(64),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("entity_key", sa.Text, sa.ForeignKey("entities.key"), primary_key=True),
        sa.Column("local_id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    op.create_index("ix_article_entities_entity_key", "article_entities", ["entity_key"])
    op.create_table(
        "entity_variants",
        sa.Column("entity_key", sa.Text, sa.ForeignKey("entities.key"), primary_key=True),
        sa.Column("variant", sa.Text, primary_key=True),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    op.create_table(
        "failures",
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("sha256", sa.String(64)),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("failed_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("query", sa.Text),
        sa.Column("speaker", sa.Text),
        sa.Column("entity", sa.Text),
        sa.Column("webhook_url", sa.Text),
        sa.Column("created", sa.String(40), nullable=False),
    )
    op.create_table(
        "alert_matches",
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("article_id", sa.String(64),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("matched_at", sa.String(40), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(headline, standfirst, body, "
                   f"quotes, entities, tokenize = '{FTS_TOKENIZE}')")
        op.execute("CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker, "
                   f"tokenize = '{FTS_TOKENIZE}')")
    else:
        for table in ("articles", "quotes"):
            op.add_column(table, sa.Column("tsv", postgresql.TSVECTOR))
            op.create_index(f"ix_{table}_tsv", table, ["tsv"], postgresql_using="gin")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS quotes_fts")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for table in ("alert_matches", "alerts", "failures", "entity_variants", "article_entities",
                  "entities", "quotes", "articles"):
        op.drop_table(table)
