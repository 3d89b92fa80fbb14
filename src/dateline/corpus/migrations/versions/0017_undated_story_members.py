"""Stories without the time their undated articles were stored: the story linker timed an article
without ``published`` by when it was stored and wrote that time as its
``story_articles.published`` and into its story's ``first_published``, ``last_published``,
``first_day`` and ``last_day``, so ``dateline stories --since``, ``/api/v1/stories?since=`` and the
"latest first" order counted such a story by the day it was ingested. Now the linker stores NULL
for an undated member and a story's span is that of its dated members (NULL while it has none;
:mod:`dateline.corpus.stories`). This revision mends a store written before, in two statements:
the members whose record has no ``published`` get NULL, then every story with such a member gets
its span again from its dated members (MIN and MAX of their UTC ISO 8601 times, which compare as
text; the days are their first ten characters) and the headline of its earliest dated member (on
a tie the starting article, else the smallest article id; a story of undated members only keeps
its headline, that of the article that started it), as the linker now keeps it. ``story_keys``
is left alone: its ``last_day`` is the lookup's window, for an undated article the day it was
stored, as the linker still writes it. ``downgrade`` only moves the revision back (the times of
storing are gone).

Revision ID: 0017_undated_story_members
Revises: 0016_link_rows_without_rowid
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_undated_story_members"
down_revision = "0016_link_rows_without_rowid"
branch_labels = None
depends_on = None


def upgrade() -> None:
    articles = sa.table("articles", sa.column("id"), sa.column("headline"),
                        sa.column("published"))
    members = sa.table("story_articles", sa.column("article_id"), sa.column("story_id"),
                       sa.column("published"))
    stories = sa.table("stories", sa.column("id"), sa.column("headline"),
                       sa.column("first_published"), sa.column("last_published"),
                       sa.column("first_day"), sa.column("last_day"))
    conn = op.get_bind()
    conn.execute(members.update().where(
        members.c.published.is_not(None),
        members.c.article_id.in_(sa.select(articles.c.id).where(articles.c.published.is_(None))))
        .values(published=None))
    of_story = members.c.story_id == stories.c.id
    first = sa.select(sa.func.min(members.c.published)).where(of_story).scalar_subquery()
    last = sa.select(sa.func.max(members.c.published)).where(of_story).scalar_subquery()
    dated = sa.exists().where(of_story, members.c.published.is_not(None))
    earliest = (sa.select(articles.c.headline)
                .select_from(members.join(articles, articles.c.id == members.c.article_id))
                .where(of_story, members.c.published.is_not(None))
                .order_by(members.c.published,
                          # the starting article (its id is the story's; SQLite takes no outer
                          # column in a subquery's ORDER BY)
                          sa.case((members.c.article_id == members.c.story_id, 0), else_=1),
                          members.c.article_id)
                .limit(1).scalar_subquery())
    # every SET expression reads the row as it was: the days are taken from the subqueries
    conn.execute(stories.update().where(stories.c.id.in_(
        sa.select(members.c.story_id).where(members.c.published.is_(None))))
        .values(first_published=first, last_published=last,
                first_day=sa.func.substr(first, 1, 10), last_day=sa.func.substr(last, 1, 10),
                headline=sa.case((dated, earliest), else_=stories.c.headline)))


def downgrade() -> None:
    pass
