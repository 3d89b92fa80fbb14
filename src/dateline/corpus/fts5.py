"""SQLite FTS5 full text (:class:`FTS5`): two FTS5 tables whose ``rowid`` is ``articles.seq`` /
``quotes.id``, tokenizer ``unicode61 remove_diacritics 2`` over folded text, prefix indexes for 3-
and 4-character prefixes (migration 0002), ranked by weighted BM25."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import sqlalchemy as sa

from dateline.corpus.cjk import index_text
from dateline.corpus.fulltext import FullText, Terms
from dateline.corpus.keys import fold_words, fts5_query
from dateline.corpus.rows import FullTextDoc
from dateline.corpus.schema import articles, quotes

#: BM25 column weights of articles_fts (headline, standfirst, body, quotes, entities): a hit in
#: the headline counts ten times one in the body. Set by hand, not tuned on data.
BM25_WEIGHTS = (10.0, 4.0, 1.0, 2.0, 4.0)
TOKENIZE = "unicode61 remove_diacritics 2"

_FTS: sa.ColumnClause[Any] = sa.literal_column("articles_fts")


def _unicode61(char: str) -> str:
    """What ``unicode61 remove_diacritics 2`` makes of a letter, near enough: a Latin letter
    NFKD without combining marks, lower case; any other only in lower case (SQLite removes
    diacritics from Latin letters alone: "ή" and "й" stay as they are)."""
    if not unicodedata.name(char, "").startswith("LATIN"):
        return char.lower()
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


#: Letters the tokenizer leaves as they are but :func:`fold_words` makes plain ("ł", "ø",
#: "ß", "æ", "þ", Greek "ή", "ς", Cyrillic "й", "ё", ...): only text holding one of them is
#: folded before it is written, the rest goes in as written (the tokenizer folds it the same
#: way, at no Python cost: bench/corpus.py). Queries are always folded: a letter missing here is
#: a word no search finds (session 8: "Αθήνα", "Пирей").
_UNFOLDED = re.compile("[" + "".join(
    re.escape(c) for code in [*range(0x80, 0x2B0), *range(0x370, 0x530), *range(0x1D00, 0x2000),
                              *range(0x2C60, 0x2C80), *range(0xA720, 0xA800),
                              *range(0xFB00, 0xFB07)]
    if (c := chr(code)).isalpha() and fold_words(c) != _unicode61(c)) + "]")
_QFTS: sa.ColumnClause[Any] = sa.literal_column("quotes_fts")


def _as_is(text: str) -> str:
    return text


class FTS5(FullText):
    """Full text on SQLite with FTS5 (see the module docstring)."""

    DDL = (
        "CREATE VIRTUAL TABLE articles_fts USING fts5(headline, standfirst, body, quotes, "
        f"entities, tokenize = '{TOKENIZE}', prefix = '3 4')",
        f"CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker, tokenize = '{TOKENIZE}')",
    )

    def __init__(self) -> None:
        self._article = articles.insert()
        self._quote = quotes.insert().returning(quotes.c.id, sort_by_parameter_order=True)
        self._article_fts = sa.text(
            "INSERT INTO articles_fts (rowid, headline, standfirst, body, quotes, entities) "
            "VALUES (:seq, :h, :s, :b, :q, :e)")
        self._quote_fts = sa.text(
            "INSERT INTO quotes_fts (rowid, text, speaker) VALUES (:id, :t, :s)")

    def folded(self, text: str | None) -> str:
        """``text`` as the index is given it: folded (:func:`fold_words`) when it holds a
        letter the tokenizer does not fold itself (``_UNFOLDED``), else as it is; CJK runs as
        their character bigrams (:func:`dateline.corpus.cjk.index_text`)."""
        if not text:
            return ""
        if text.isascii():
            return text
        return index_text(text, fold_words if _UNFOLDED.search(text) else _as_is)

    def insert_article(self, conn: sa.Connection, row: dict, doc: FullTextDoc) -> None:
        key = conn.execute(self._article, row).inserted_primary_key
        assert key is not None  # an INSERT of one row has its primary key
        conn.execute(self._article_fts, self._article_params(key[0], doc))

    def _article_params(self, seq: int, doc: FullTextDoc) -> dict[str, object]:
        """The ``articles_fts`` row of ``doc`` (rowid ``seq``): its fields as :meth:`folded`."""
        f = self.folded
        return {"seq": seq, "h": f(doc.headline), "s": f(doc.standfirst), "b": f(doc.body),
                "q": f(doc.quotes), "e": f(doc.names)}

    def insert_quotes(self, conn: sa.Connection, rows: list[dict]) -> None:
        ids = conn.execute(self._quote, rows).scalars().all()
        conn.execute(self._quote_fts, [
            {"id": qid, "t": self.folded(r["text"]), "s": self.folded(r["speaker"])}
            for qid, r in zip(ids, rows, strict=True)])

    def refold(self, conn: sa.Connection, stale) -> int:
        n = 0
        for table, cols in (("articles_fts", ("headline", "standfirst", "body", "quotes",
                                              "entities")), ("quotes_fts", ("text", "speaker"))):
            listed = ", ".join(cols)
            changed = [r for r in conn.execute(sa.text(f"SELECT rowid, {listed} FROM {table}"))
                       if any(v and stale(v) for v in r[1:])]
            sets = ", ".join(f"{c} = :{c}" for c in cols)
            update = sa.text(f"UPDATE {table} SET {sets} WHERE rowid = :rowid")
            for r in changed:
                conn.execute(update, {"rowid": r[0], **{c: self.folded(v)
                                                        for c, v in zip(cols, r[1:], strict=True)}})
            n += len(changed)
        return n

    def reindex(self, conn: sa.Connection, docs: list[tuple[int, FullTextDoc]],
                quotes: list[tuple[int, str, str | None]]) -> None:
        f = self.folded
        if docs:
            conn.execute(sa.text(
                "UPDATE articles_fts SET headline = :h, standfirst = :s, body = :b, quotes = :q, "
                "entities = :e WHERE rowid = :seq"),
                [self._article_params(seq, d) for seq, d in docs])
        if quotes:
            conn.execute(sa.text("UPDATE quotes_fts SET text = :t, speaker = :s WHERE rowid = :id"),
                         [{"id": i, "t": f(t), "s": f(s)} for i, t, s in quotes])

    def article_match(self, terms: Terms) -> sa.ColumnElement[bool]:
        fts: sa.Select[Any] = sa.select(sa.literal_column("rowid")) \
            .select_from(sa.text("articles_fts")) \
            .where(_FTS.op("MATCH")(fts5_query(terms)))
        return articles.c.seq.in_(fts)

    def quote_match(self, terms: Terms) -> sa.ColumnElement[bool]:
        fts: sa.Select[Any] = sa.select(sa.literal_column("rowid")) \
            .select_from(sa.text("quotes_fts")) \
            .where(_QFTS.op("MATCH")(fts5_query(terms)))
        return quotes.c.id.in_(fts)

    def rank_articles(self, conn: sa.Connection, terms: Terms, conds: list, limit: int,
                      offset: int) -> tuple[int, list[int]]:
        # Count and rank on the FTS table alone; the caller reads article rows for one page
        # (bench/corpus.py, 100,000 articles, one-word queries: p95 220 ms in one query, 45 ms
        # in steps). "+rowid IN": a membership test on the matches, not one full-text query per
        # listed rowid (word+publisher queries: p95 136 ms -> 12 ms, bench/corpus.py).
        fts = sa.table("articles_fts", sa.column("rowid"))
        where = [_FTS.op("MATCH")(fts5_query(terms))]
        if conds:
            where.append(sa.literal_column("+articles_fts.rowid").in_(
                sa.select(articles.c.seq).where(*conds)))
        total = conn.execute(sa.select(sa.func.count()).select_from(fts).where(*where)
                             ).scalar_one()
        seqs = conn.execute(sa.select(fts.c.rowid).where(*where)
                            .order_by(sa.func.bm25(_FTS, *BM25_WEIGHTS), fts.c.rowid)
                            .limit(limit).offset(offset)).scalars().all()
        return total, list(seqs)

    def rank_quotes(self, terms: Terms, limit: int) -> sa.Select:
        return (sa.select(sa.literal_column("rowid")).select_from(sa.text("quotes_fts"))
                .where(_QFTS.op("MATCH")(fts5_query(terms)))
                .order_by(sa.literal_column("rank")).limit(limit))
