"""Durable alert deliveries and alert identity (issue 13 items 4-5): the ``alert_deliveries``
table (one row per webhook POST or email of a match, with its retry state), and two columns of
``alerts``: ``email`` (an address to send matches to) and ``deleted`` (a deleted alert is kept
as a tombstone, so its id is never given to another alert and its old feed URL answers 410).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("alerts", sa.Column("email", sa.Text))
    op.add_column("alerts", sa.Column("deleted", sa.String(40)))
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt", sa.String(40), nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("created", sa.String(40), nullable=False),
        sa.Column("finished", sa.String(40)),
        sa.UniqueConstraint("alert_id", "article_id", "channel",
                            name="uq_alert_deliveries_match"),
    )
    op.create_index("ix_alert_deliveries_due", "alert_deliveries", ["status", "next_attempt"])


def downgrade() -> None:
    op.drop_index("ix_alert_deliveries_due", "alert_deliveries")
    op.drop_table("alert_deliveries")
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch copy of ``alerts`` would drop
    # the table, and with it (ON DELETE CASCADE) every row of alert_matches
    op.drop_column("alerts", "deleted")
    op.drop_column("alerts", "email")
