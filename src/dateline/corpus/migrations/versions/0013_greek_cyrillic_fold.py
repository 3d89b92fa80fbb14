"""Index again, on SQLite, the articles and quotes holding Greek or Cyrillic text: FTS5's
``unicode61`` tokenizer removes diacritics from Latin letters only, so "Αθήνα" and "Пирей" were
indexed with their tonos and short i while every query is folded ("αθηνα", "пиреи") and found
nothing. Such text is now folded before it is written (``dateline.corpus.fts5._UNFOLDED``).
Data only; PostgreSQL folds all text itself and is not touched, nor are records without such
letters. ``downgrade`` only moves the revision back.

Revision ID: 0013_greek_cyrillic_fold
Revises: 0012_cjk_bigrams
Create Date: 2026-12-02
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0013_greek_cyrillic_fold"
down_revision = "0012_cjk_bigrams"
branch_labels = None
depends_on = None

#: Rows read at a time while looking for such text (set by hand for memory, not tuned).
CHUNK = 500
#: Greek and Coptic, Cyrillic (and its Supplement), Greek Extended.
_GREEK_CYRILLIC = re.compile("[\u0370-\u052f\u1f00-\u1fff]")


def _holds(text: str | None) -> bool:
    return text is not None and _GREEK_CYRILLIC.search(text) is not None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    from dateline.corpus.backends import backend_for
    from dateline.corpus.rows import project
    from dateline.model import Article

    fulltext = backend_for(conn).fulltext
    articles = sa.table("articles", sa.column("seq"), sa.column("record"))
    quotes = sa.table("quotes", sa.column("id"), sa.column("text"), sa.column("speaker"))
    # the record holds every indexed field (headline, standfirst, body, quotes, entity names)
    found = [(seq, record) for seq, record in conn.execute(
        sa.select(articles.c.seq, articles.c.record).order_by(articles.c.seq)
        .execution_options(yield_per=CHUNK)) if _holds(record)]
    docs = [(seq, project(Article.model_validate_json(record)).text) for seq, record in found]
    said = [(qid, text, speaker) for qid, text, speaker in conn.execute(
        sa.select(quotes.c.id, quotes.c.text, quotes.c.speaker).execution_options(
            yield_per=CHUNK)) if _holds(text) or _holds(speaker)]
    fulltext.reindex(conn, docs, said)


def downgrade() -> None:
    pass
