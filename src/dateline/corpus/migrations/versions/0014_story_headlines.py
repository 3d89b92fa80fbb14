"""Give every story the headline of its earliest-published article: the linker kept the headline
of the article that started the story (the first stored), so a story whose later report was
stored first (a folder ingested in name order) showed that report's headline. Data only: ids are
unchanged (alerts follow a story by id) and only stories whose starting article is not their
earliest are touched; on a tie of earliest times the starting article wins, else the smallest
article id. ``downgrade`` only moves the revision back.

Revision ID: 0014_story_headlines
Revises: 0013_greek_cyrillic_fold
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_story_headlines"
down_revision = "0013_greek_cyrillic_fold"
branch_labels = None
depends_on = None


def upgrade() -> None:
    stories = sa.table("stories", sa.column("id"), sa.column("headline"),
                       sa.column("first_published"))
    members = sa.table("story_articles", sa.column("article_id"), sa.column("story_id"),
                       sa.column("published"))
    articles = sa.table("articles", sa.column("id"), sa.column("headline"))
    # both times are UTC ISO 8601 to the second ("+00:00"): they compare as text
    starter = (sa.select(members.c.published).where(members.c.article_id == stories.c.id)
               .scalar_subquery())
    earliest = (sa.select(articles.c.headline)
                .select_from(members.join(articles, articles.c.id == members.c.article_id))
                .where(members.c.story_id == stories.c.id)
                .order_by(members.c.published,
                          # the starting article (its id is the story's; SQLite takes no
                          # outer column in a subquery's ORDER BY)
                          sa.case((members.c.article_id == members.c.story_id, 0), else_=1),
                          members.c.article_id)
                .limit(1).scalar_subquery())
    op.get_bind().execute(stories.update().where(starter > stories.c.first_published)
                          .values(headline=earliest))


def downgrade() -> None:
    pass
