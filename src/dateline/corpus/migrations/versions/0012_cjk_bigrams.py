"""Index again the articles and quotes holding Chinese, Japanese or Korean text: their runs of
such characters were one token each and are now character bigrams
(:mod:`dateline.corpus.cjk`), so "地铁" finds "地铁五号线". Data only: the full-text tables and
columns are unchanged, and articles and quotes without such text are not touched. ``downgrade``
only moves the revision back (the old code searches bigrammed entries as it did: a two-character
query still finds them, a longer one does not).

Revision ID: 0012_cjk_bigrams
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_cjk_bigrams"
down_revision = "0011"
branch_labels = None
depends_on = None

#: Rows read at a time while looking for CJK text (set by hand for memory, not tuned).
CHUNK = 500


def upgrade() -> None:
    from dateline.corpus.backends import backend_for
    from dateline.corpus.cjk import has_cjk
    from dateline.corpus.rows import project
    from dateline.model import Article

    conn = op.get_bind()
    fulltext = backend_for(conn).fulltext
    articles = sa.table("articles", sa.column("seq"), sa.column("record"))
    quotes = sa.table("quotes", sa.column("id"), sa.column("text"), sa.column("speaker"))
    # the record holds every indexed field (headline, standfirst, body, quotes, entity names)
    found = [(seq, record) for seq, record in conn.execute(
        sa.select(articles.c.seq, articles.c.record).order_by(articles.c.seq)
        .execution_options(yield_per=CHUNK)) if record and has_cjk(record)]
    docs = [(seq, project(Article.model_validate_json(record)).text) for seq, record in found]
    said = [(qid, text, speaker) for qid, text, speaker in conn.execute(
        sa.select(quotes.c.id, quotes.c.text, quotes.c.speaker).execution_options(
            yield_per=CHUNK)) if has_cjk(text or "") or has_cjk(speaker or "")]
    fulltext.reindex(conn, docs, said)


def downgrade() -> None:
    pass
