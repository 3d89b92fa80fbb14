"""PostgreSQL tsvector full text (:class:`Tsvector`): a ``tsv`` column on ``articles`` and
``quotes`` with a GIN index, computed with the ``simple`` configuration over folded text in the
row's own INSERT, ranked by ``ts_rank_cd``. Weights: headline A, standfirst and entity names B,
quote texts C, body D."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from dateline.corpus.fulltext import FullText, Terms
from dateline.corpus.keys import fold_words, tsquery
from dateline.corpus.rows import FullTextDoc
from dateline.corpus.schema import articles, quotes

_ATSV: sa.ColumnClause[Any] = sa.literal_column("articles.tsv")
_QTSV: sa.ColumnClause[Any] = sa.literal_column("quotes.tsv")


def _vec(name: str, weight: str | None = None) -> sa.ColumnElement:
    v = sa.func.to_tsvector(sa.literal_column("'simple'::regconfig"),
                            sa.bindparam(name, type_=sa.Text))
    # the weight is a constant of this code, not a parameter: setweight wants "char"
    return sa.func.setweight(v, sa.literal_column(f"'{weight}'")) if weight else v


def _query(terms: Terms) -> sa.ColumnElement:
    return sa.func.to_tsquery("simple", tsquery(terms))


_LEXEME = re.compile(r"'((?:[^']|'')*)'(?::(\S+))?")


def _refolded(tsv: str, fold) -> str:
    """A tsvector's text form with every lexeme folded by ``fold``; lexemes that become equal
    are merged (their positions joined)."""
    merged: dict[str, list[str]] = {}
    for m in _LEXEME.finditer(tsv):
        lexeme = fold(m.group(1).replace("''", "'"))
        merged.setdefault(lexeme, []).extend(m.group(2).split(",") if m.group(2) else [])
    out = []
    for lexeme, positions in merged.items():
        quoted = "'" + lexeme.replace("'", "''") + "'"
        out.append(quoted + (":" + ",".join(positions) if positions else ""))
    return " ".join(out)


class Tsvector(FullText):
    """Full text on PostgreSQL with tsvector columns (see the module docstring)."""

    DDL = (
        "ALTER TABLE articles ADD COLUMN tsv tsvector",
        "CREATE INDEX ix_articles_tsv ON articles USING gin (tsv)",
        "ALTER TABLE quotes ADD COLUMN tsv tsvector",
        "CREATE INDEX ix_quotes_tsv ON quotes USING gin (tsv)",
    )

    def __init__(self) -> None:
        # the tables as the INSERTs see them: with tsv (an UPDATE after the INSERT would leave
        # a dead row version per article)
        meta = sa.MetaData()
        articles_tsv = sa.Table("articles", meta, *[c._copy() for c in articles.columns],
                                sa.Column("tsv", postgresql.TSVECTOR))
        quotes_tsv = sa.Table("quotes", meta, *[c._copy() for c in quotes.columns
                                                if not c.foreign_keys],
                              sa.Column("article_id", sa.String(64)),
                              sa.Column("tsv", postgresql.TSVECTOR))
        article_tsv = (_vec("fts_h", "A").op("||")(_vec("fts_s", "B"))
                       .op("||")(_vec("fts_e", "B")).op("||")(_vec("fts_q", "C"))
                       .op("||")(_vec("fts_b", "D")))
        quote_tsv = _vec("fts_t").op("||")(_vec("fts_s"))
        self._article = articles_tsv.insert().values(tsv=article_tsv)
        self._quote = quotes_tsv.insert().values(tsv=quote_tsv)
        self._article_again = articles_tsv.update().where(
            articles_tsv.c.seq == sa.bindparam("k")).values(tsv=article_tsv)
        self._quote_again = quotes_tsv.update().where(
            quotes_tsv.c.id == sa.bindparam("k")).values(tsv=quote_tsv)

    def _article_params(self, doc: FullTextDoc) -> dict[str, str]:
        """The parameters of the article tsvector of ``doc``: its fields as :meth:`folded`."""
        f = self.folded
        return {"fts_h": f(doc.headline), "fts_s": f(doc.standfirst), "fts_b": f(doc.body),
                "fts_q": f(doc.quotes), "fts_e": f(doc.names)}

    def insert_article(self, conn: sa.Connection, row: dict, doc: FullTextDoc) -> None:
        conn.execute(self._article, {**row, **self._article_params(doc)})

    def insert_quotes(self, conn: sa.Connection, rows: list[dict]) -> None:
        conn.execute(self._quote, [{**r, "fts_t": self.folded(r["text"]),
                                    "fts_s": self.folded(r["speaker"])} for r in rows])

    def refold(self, conn: sa.Connection, stale) -> int:
        n = 0
        for table, key in (("articles", "seq"), ("quotes", "id")):
            rows = conn.execute(sa.text(
                f"SELECT {key}, tsv::text FROM {table} WHERE tsv::text ~ '[^\\x01-\\x7f]'")).all()
            update = sa.text(f"UPDATE {table} SET tsv = CAST(:tsv AS tsvector) WHERE {key} = :k")
            for k, text in rows:
                if stale(text):
                    # lexemes are single tokens already: folded, never split into bigrams
                    conn.execute(update, {"k": k, "tsv": _refolded(text, fold_words)})
                    n += 1
        return n

    def reindex(self, conn: sa.Connection, docs: list[tuple[int, FullTextDoc]],
                quotes: list[tuple[int, str, str | None]]) -> None:
        f = self.folded
        if docs:
            conn.execute(self._article_again, [{"k": seq, **self._article_params(d)}
                                               for seq, d in docs])
        if quotes:
            conn.execute(self._quote_again, [{"k": i, "fts_t": f(t), "fts_s": f(s)}
                                             for i, t, s in quotes])

    def article_match(self, terms: Terms) -> sa.ColumnElement[bool]:
        return _ATSV.op("@@")(_query(terms))

    def quote_match(self, terms: Terms) -> sa.ColumnElement[bool]:
        return _QTSV.op("@@")(_query(terms))

    def rank_articles(self, conn: sa.Connection, terms: Terms, conds: list, limit: int,
                      offset: int) -> tuple[int, list[int]]:
        tsq = _query(terms)
        match = _ATSV.op("@@")(tsq)
        total = conn.execute(sa.select(sa.func.count()).select_from(articles)
                             .where(match, *conds)).scalar_one()
        rank = sa.func.ts_rank_cd(_ATSV, tsq)
        seqs = conn.execute(sa.select(articles.c.seq).where(match, *conds)
                            .order_by(rank.desc(), articles.c.seq)
                            .limit(limit).offset(offset)).scalars().all()
        return total, list(seqs)

    def rank_quotes(self, terms: Terms, limit: int) -> sa.Select:
        tsq = _query(terms)
        return (sa.select(quotes.c.id).where(_QTSV.op("@@")(tsq))
                .order_by(sa.func.ts_rank_cd(_QTSV, tsq).desc()).limit(limit))
