"""Story clusters (issue 10 item 2): the tables ``stories``, ``story_articles`` and
``story_keys`` of :mod:`dateline.corpus.stories` (documented in docs/store.md), and the column
``alerts.story_id`` (an alert that follows a story). The records
already stored are linked into stories in the order they were added, on their entities and
words alone (their records carry no story vector; :class:`StoryLinker` with ``vectors=False``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)
_BATCH = 500


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("headline", sa.Text),
        sa.Column("first_published", sa.String(40)),
        sa.Column("last_published", sa.String(40)),
        sa.Column("first_day", sa.String(10)),
        sa.Column("last_day", sa.String(10)),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("vectors", sa.Integer, nullable=False),
        sa.Column("centroid", sa.LargeBinary),
        sa.Column("key_counts", sa.Text, nullable=False),
    )
    op.create_table(
        "story_articles",
        sa.Column("article_id", sa.String(64),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id"), nullable=False),
        sa.Column("published", sa.String(40)),
        sa.Column("score", sa.Float),
    )
    op.create_table(
        "story_keys",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id"), primary_key=True),
        sa.Column("last_day", sa.String(10), nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_story_articles_story", "story_articles", ["story_id", "published"])
    op.create_index("ix_story_keys_key_day", "story_keys", ["key", "last_day"])
    op.create_index("ix_stories_last_day", "stories", ["last_day"])
    op.add_column("alerts", sa.Column("story_id", sa.String(64)))  # an alert following a story
    _backfill(op.get_bind())


def _backfill(conn: sa.Connection) -> None:
    from pydantic import ValidationError

    from dateline.corpus.backends import backend_for
    from dateline.corpus.rows import project
    from dateline.corpus.stories import StoryLinker
    from dateline.model import Article

    linker = StoryLinker(backend_for(conn), vectors=False)
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
            try:
                article = Article.model_validate_json(record)
            except ValidationError as exc:
                log.warning("article seq %d: record does not validate, no story: %s", seq, exc)
                continue
            linker.link(conn, article, project(article))


def downgrade() -> None:
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), as 0010 does: a batch copy of ``alerts``
    # would drop the table and with it (ON DELETE CASCADE) every row of alert_matches
    op.drop_column("alerts", "story_id")
    op.drop_index("ix_stories_last_day", "stories")
    op.drop_index("ix_story_keys_key_day", "story_keys")
    op.drop_index("ix_story_articles_story", "story_articles")
    op.drop_table("story_keys")
    op.drop_table("story_articles")
    op.drop_table("stories")
