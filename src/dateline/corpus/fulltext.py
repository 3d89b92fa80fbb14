"""The full-text mechanism of the store: one interface, :class:`FullText`, with an SQLite FTS5
implementation (:mod:`dateline.corpus.fts5`) and a PostgreSQL tsvector one
(:mod:`dateline.corpus.tsvector`). Each owns its table definitions, its writes (the article and
quote rows go in through it, so PostgreSQL can compute a row's tsvector in its INSERT), matching,
ranking and snippets. Callers (the store, its searches) never ask which one they hold.

Both index the text folded with :func:`dateline.corpus.keys.fold_words` (case and Latin
diacritics gone: "Łódź" is "lodz") and neither stems, so both find the same articles. Runs of
Chinese, Japanese and Korean characters are indexed and queried as character bigrams
(:mod:`dateline.corpus.cjk`). Queries come
as :func:`dateline.corpus.keys.query_terms` output; snippets are made by
:func:`dateline.corpus.snippets.snippet` from the article's own standfirst and body.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import sqlalchemy as sa

from dateline.corpus.cjk import index_text
from dateline.corpus.keys import fold_words
from dateline.corpus.rows import FullTextDoc
from dateline.corpus.snippets import plain_snippet, snippet

Terms = list[list[str] | str]


class FullText(ABC):
    """The full-text index of ``articles`` (headline, standfirst, body, quote texts, entity
    names) and ``quotes`` (text, speaker). Rows are dicts of the store's columns
    (:mod:`dateline.corpus.schema`)."""

    #: The index's own tables, columns and indexes, as SQL (created by the migrations).
    DDL: tuple[str, ...] = ()

    # -- writes ---------------------------------------------------------------------------

    @abstractmethod
    def insert_article(self, conn: sa.Connection, row: dict, doc: FullTextDoc) -> None:
        """Insert one ``articles`` row and index ``doc``, in the caller's transaction."""

    @abstractmethod
    def insert_quotes(self, conn: sa.Connection, rows: list[dict]) -> None:
        """Insert ``quotes`` rows (with ``text`` and ``speaker``) and index them."""

    def folded(self, text: str | None) -> str:
        """``text`` as the index holds it (:func:`fold_words`, CJK runs as their character
        bigrams: :func:`dateline.corpus.cjk.index_text`; ``""`` for ``None``)."""
        return index_text(text, fold_words) if text else ""

    @abstractmethod
    def refold(self, conn: sa.Connection, stale) -> int:
        """Rewrite the index entries whose text ``stale(text) -> bool`` says was folded
        otherwise than :meth:`folded` folds it now (migration 0004); return how many articles
        and quotes were rewritten."""

    @abstractmethod
    def reindex(self, conn: sa.Connection, docs: list[tuple[int, FullTextDoc]],
                quotes: list[tuple[int, str, str | None]]) -> None:
        """Index again, as :meth:`insert_article` and :meth:`insert_quotes` would now, the
        articles ``docs`` (``(articles.seq, doc)``) and the quotes ``quotes`` (``(quotes.id,
        text, speaker)``), all stored already (migration 0012_cjk_bigrams)."""

    # -- matching and ranking -------------------------------------------------------------

    @abstractmethod
    def article_match(self, terms: Terms) -> sa.ColumnElement[bool]:
        """A condition on ``articles``: the article's text matches ``terms`` (non-empty)."""

    @abstractmethod
    def quote_match(self, terms: Terms) -> sa.ColumnElement[bool]:
        """A condition on ``quotes``: the quote's text or speaker matches ``terms``."""

    @abstractmethod
    def rank_articles(self, conn: sa.Connection, terms: Terms, conds: list, limit: int,
                      offset: int) -> tuple[int, list[int]]:
        """``(total, seqs)``: how many articles match ``terms`` and ``conds`` (conditions on
        ``articles``), and the ``articles.seq`` of page ``offset``/``limit``, best first (ties
        by ``seq``)."""

    @abstractmethod
    def rank_quotes(self, terms: Terms, limit: int) -> sa.Select:
        """A select of the ids of the ``limit`` quotes matching ``terms`` best."""

    # -- snippets -------------------------------------------------------------------------

    def snippet(self, standfirst: str | None, body: str | None, terms: Terms,
                mark: tuple[str, str]) -> str | None:
        """The HTML-safe snippet of an article for ``terms`` (see :mod:`snippets`); with no
        terms, the standfirst or the start of the body."""
        if not terms:
            return plain_snippet(standfirst, body)
        return snippet(standfirst, body, terms, mark=mark)
