"""The ``events`` table: one row per event of a record (:class:`dateline.model.Event`, schema
2.0.0), the columns of :class:`dateline.corpus.rows.EventRow`, with indexes for the filters of
``Store.events()`` (type, source and target entity keys, date) and its listing order (newest
event date first, undated last, then by article, then in reading order). Events of the records
already stored are backfilled from their ``record`` JSON through
:func:`dateline.corpus.rows.project`; a record that no longer validates is left out of the
table (its record is kept as it was).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import json
import logging

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)
_BATCH = 500


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("article_id", sa.String(64),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("code", sa.String(8)),
        sa.Column("mode", sa.Text),
        sa.Column("context", sa.Text, nullable=False),
        sa.Column("source_name", sa.Text),
        sa.Column("source_entity_key", sa.Text),
        sa.Column("source_mention", sa.Text),
        sa.Column("target_name", sa.Text),
        sa.Column("target_entity_key", sa.Text),
        sa.Column("target_mention", sa.Text),
        sa.Column("where_name", sa.Text),
        sa.Column("where_entity_key", sa.Text),
        sa.Column("where_mention", sa.Text),
        sa.Column("when_date", sa.String(40)),
        sa.Column("when_text", sa.Text),
        sa.Column("published_day", sa.String(10)),
        sa.Column("trigger", sa.Text, nullable=False),
        sa.Column("part", sa.String(16), nullable=False),
        sa.Column("index", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("quote_position", sa.Integer),
    )
    op.create_index("ix_events_type", "events", ["type"])
    op.create_index("ix_events_source_entity_key", "events", ["source_entity_key"])
    op.create_index("ix_events_target_entity_key", "events", ["target_entity_key"])
    op.create_index("ix_events_when_date", "events", ["when_date"])
    # listing order of Store.events(); PostgreSQL needs NULLS LAST spelled out
    nulls = " NULLS LAST" if op.get_bind().dialect.name == "postgresql" else ""
    op.execute("CREATE INDEX ix_events_listing ON events "
               f"(when_date DESC{nulls}, article_id DESC, position)")
    _backfill(op.get_bind())


def _backfill(conn: sa.Connection) -> None:
    from pydantic import ValidationError

    from dateline.corpus.rows import LONG, STRING, columns, project
    from dateline.model import Article

    kinds = columns("events")
    events = sa.table("events", *(sa.column(name) for name, _ in kinds))
    articles = sa.table("articles", sa.column("seq"), sa.column("record"))
    last = 0
    while True:
        batch = conn.execute(sa.select(articles.c.seq, articles.c.record)
                             .where(articles.c.seq > last)
                             .order_by(articles.c.seq).limit(_BATCH)).all()
        if not batch:
            return
        last = batch[-1][0]
        values = []
        for seq, record in batch:
            if '"events":[]' in record:  # the compact JSON of a record without events
                continue
            try:
                rows = project(Article.model_validate_json(record))
            except ValidationError as exc:
                log.warning("article seq %d: record does not validate, no events: %s", seq, exc)
                continue
            for row in rows.events:
                values.append({name: getattr(row, name) if kind in (STRING, LONG)
                               else json.dumps(getattr(row, name), ensure_ascii=False)
                               for name, kind in kinds})
        if values:
            conn.execute(events.insert(), values)


def downgrade() -> None:
    op.drop_index("ix_events_listing", "events")
    op.drop_table("events")
