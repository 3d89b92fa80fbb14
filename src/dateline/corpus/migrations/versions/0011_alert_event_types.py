"""``alerts.event_types``: an alert that watches an entity's events (issue 11 item 5). The
column holds PLOVER types separated by commas (``ACCUSE,THREATEN``); an article matches when it
has an event of one of them done by or to the alert's entity (any actor without one).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("alerts", sa.Column("event_types", sa.Text))


def downgrade() -> None:
    # plain ALTER TABLE ... DROP COLUMN, as 0010 does: a batch copy would cascade-delete matches
    op.drop_column("alerts", "event_types")
