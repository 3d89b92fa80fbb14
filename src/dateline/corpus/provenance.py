"""Quote provenance (issue 10 item 3): every stored quotation linked to its other occurrences
across the store, and its first report.

At ingest :class:`ProvenanceLinker` (one of :data:`dateline.corpus.linking.LINKERS`) takes each
quotation of the new record, looks up its keys (:func:`dateline.corpus.quote_variants.index_keys`:
winnowed word 3-shingles of its folded words, and speaker + content stem) in ``quote_keys``,
reading at
most :data:`POSTINGS` rows a key (the oldest), so that a lookup costs about the same at ten
quotations or ten million; the :data:`CANDIDATES` quotations of other articles sharing the most
keys are aligned word by word (:func:`dateline.corpus.quote_variants.classify`, rapidfuzz) and
each match is written to ``quote_occurrences`` in both directions. Then the new quotation's
keys are written. A quotation of fewer than three words is not linked.

:class:`ProvenanceMixin` reads it back (:meth:`ProvenanceMixin.quote_provenance`): the
quotation, its occurrences in time order, and its first report: the earliest of the quotation
and its occurrences by ``published`` (compared in UTC; a time without offset counts as UTC, an
undated article comes after every dated one), then by the order the articles were added.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field

from dateline.corpus.backends import Backend
from dateline.corpus.driver import DriverStatement
from dateline.corpus.keys import clean
from dateline.corpus.quote_variants import QuoteText, classify, index_keys
from dateline.corpus.schema import articles, quote_keys, quote_occurrences, quotes

#: Rows of ``quote_keys`` read per key (the oldest first): bounds a lookup whatever the store
#: holds. A key shared by more quotations (a common phrase) brings only its oldest ones, which
#: for a quotation reprinted many times include its first reports. Chosen, not tuned.
POSTINGS = 50
#: Candidate quotations aligned per new quotation: those sharing the most keys (ties: the
#: oldest). Chosen, not tuned (a quotation of bench/provenance.py has six occurrences at most).
CANDIDATES = 40
#: Keys looked up in one statement (SQLite allows 500 terms in a compound SELECT).
KEYS_PER_STATEMENT = 200


# -- what the reading methods return -------------------------------------------------------


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class _Quotation(_Result):
    """A stored quotation with its article's headline, publisher and date."""

    quote_id: int
    article_id: str
    headline: str | None
    publisher: str | None
    published: str | None
    kind: str
    text: str


class ProvenanceQuote(_Quotation):
    """The quotation asked about, with its article's headline, publisher and date."""

    speaker: str | None
    speaker_entity_key: str | None


class FirstReport(_Result):
    """The earliest report of the quotation (it may be the quotation itself)."""

    quote_id: int
    article_id: str
    publisher: str | None
    published: str | None
    speaker: str | None
    text: str


class Occurrence(_Quotation):
    """Another occurrence of the quotation, in another article."""

    variant: str = Field(description="verbatim, misquote, truncated, paraphrase or "
                                     "conflicting_speaker")
    speaker: str | None
    score: float = Field(description="0-100: share of the longer quotation's words found in "
                                     "the other in order (paraphrase: of their content stems)")


class Provenance(_Result):
    """A quotation, its first report and its other occurrences (earliest first)."""

    quote: ProvenanceQuote
    first_report: FirstReport
    occurrences: list[Occurrence]


# -- linking at ingest ----------------------------------------------------------------------


_COLUMNS = "q.id, q.article_id, q.kind, q.text, q.speaker, q.speaker_entity_key"


def _lookup_sql(n: int, own: bool) -> sa.TextClause:
    """One statement for ``n`` keys: the article's own quotations (``own``; key_hash NULL) and,
    for each key, the quotations holding it among its :data:`POSTINGS` oldest postings."""
    parts = [f"SELECT CAST(NULL AS BIGINT) AS key_hash, {_COLUMNS} FROM quotes q "
             "WHERE q.article_id = :a"] if own else []
    parts += [f"SELECT p{i}.key_hash, {_COLUMNS} FROM (SELECT key_hash, quote_id FROM quote_keys "
              f"WHERE key_hash = :k{i} ORDER BY quote_id LIMIT {POSTINGS}) AS p{i} "
              f"JOIN quotes q ON q.id = p{i}.quote_id" for i in range(n)]
    return sa.text(" UNION ALL ".join(parts))


_QUOTE_COLUMNS = (quotes.c.id, quotes.c.article_id, quotes.c.kind, quotes.c.text,
                  quotes.c.speaker, quotes.c.speaker_entity_key)


@functools.lru_cache(maxsize=20_000)
def _text_of(kind: str, text: str, speaker: str | None, key: str | None) -> QuoteText:
    return QuoteText.of(kind, text, speaker, key)


def _quote_text(row) -> QuoteText:
    """A stored quotation as compared (cached: the same candidates come back often)."""
    return _text_of(row.kind, row.text, row.speaker, row.speaker_entity_key)


class _QuoteTexts(Sequence):
    """The :class:`QuoteText` of each projected quotation row, made on first use (with keys
    computed in the workers, only a quotation with candidates to align needs its words;
    :func:`_quote_text` keeps it)."""

    def __init__(self, rows: list) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, position):
        return _quote_text(self._rows[position])


class ProvenanceLinker:
    """The quote provenance stage of the store (see the module docstring). Per new record it
    runs one select (the record's quotation ids and every candidate with its text) and one
    insert of keys (and one of links when there are matches): each SQL statement costs about
    as much as the alignment of all candidates (bench/provenance.py, cost)."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        # run on the driver (:mod:`dateline.corpus.driver`); a lookup built once per shape
        self._lookups: dict[tuple[int, bool], DriverStatement] = {}
        self._of_article = sa.select(*_QUOTE_COLUMNS).where(
            quotes.c.article_id == sa.bindparam("a")).order_by(quotes.c.id)
        self._insert_keys = DriverStatement(quote_keys.insert(), ["key_hash", "quote_id"])
        self._insert_links = DriverStatement(quote_occurrences.insert(),
                                             ["quote_id", "other_id", "variant", "score"])
        self._ready = False

    def link(self, conn: sa.Connection, article, rows) -> None:
        """Link the quotations of the new record ``article`` (already written on ``conn``).
        A database whose schema predates revision 0008 (a ``Store`` built by hand on an old
        one, as the migration tests do; ``Store.open`` always migrates) is left alone:
        migration 0008 links what it holds."""
        if not rows.quotes:
            return
        if not self._ready:  # checked until the table is there, then never again
            self._ready = sa.inspect(conn).has_table(quote_keys.name)
            if not self._ready:
                return
        keys = article.link_keys
        texts: Sequence[QuoteText] = _QuoteTexts(rows.quotes)
        self.link_article(conn, article.id, texts,
                          None if keys is None else keys.quote_keys)

    def link_article(self, conn: sa.Connection, article_id: str,
                     texts: Sequence[QuoteText] | None = None,
                     own_keys: Sequence[Iterable[int]] | None = None) -> int:
        """Link the stored quotations of ``article_id`` to those of the articles whose keys are
        already in ``quote_keys``, then add their keys; return the number of links made (each
        pair once). ``texts``: the article's quotations in ``position`` order when the caller
        has them (ingest), else they are read; ``own_keys``: their :func:`index_keys`, when
        the record carries them (:class:`dateline.model.LinkKeys`), else computed here. Used
        at ingest and by migration 0008 for the records stored before it."""
        if texts is None:
            texts = [_quote_text(row) for row in conn.execute(self._of_article,
                                                              {"a": article_id})]
        if own_keys is None:
            own_keys = [index_keys(quote) for quote in texts]
        by_key: dict[int, list[int]] = defaultdict(list)  # key -> positions holding it
        for position, found in enumerate(own_keys):
            for key in found:
                by_key[key].append(position)
        if not by_key:
            return 0
        ids: list[int] = []
        others = {}
        shared: list[Counter[int]] = [Counter() for _ in texts]
        # rows (key_hash, id, article_id, kind, text, speaker, speaker_entity_key), unpacked
        # by position
        for row in self._lookup(conn, article_id, list(by_key)):
            key, qid = row[0], row[1]
            if key is None:
                ids.append(qid)
            elif row[2] != article_id:
                others[qid] = row
                for position in by_key[key]:
                    shared[position][qid] += 1
        ids.sort()  # one insert, in position order
        links = []
        for position, counts in enumerate(shared):
            qid = ids[position]
            for other, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATES]:
                row = others[other]
                match = classify(texts[position], _text_of(row[3], row[4], row[5], row[6]))
                if match is not None:
                    links.append({"quote_id": qid, "other_id": other, "variant": match.variant,
                                  "score": match.score})
                    links.append({"quote_id": other, "other_id": qid, "variant": match.variant,
                                  "score": match.score})
        if links:
            self._insert_links.execute(conn, links)
        self._insert_keys.execute(conn, [{"key_hash": key, "quote_id": ids[position]}
                                         for position, found in enumerate(own_keys)
                                         for key in found])
        return len(links) // 2

    def _lookup(self, conn: sa.Connection, article_id: str, wanted: list[int]):
        """The rows of the article's own quotations (``key_hash`` None) and of the quotations
        holding each ``wanted`` key (at most :data:`POSTINGS` a key), with their text: tuples
        ``(key_hash, id, article_id, kind, text, speaker, speaker_entity_key)``."""
        for start in range(0, len(wanted), KEYS_PER_STATEMENT):
            chunk = wanted[start:start + KEYS_PER_STATEMENT]
            shape = (len(chunk), start == 0)
            stmt = self._lookups.get(shape)
            if stmt is None:
                stmt = self._lookups[shape] = DriverStatement(_lookup_sql(*shape))
            params: dict[str, int | str] = {f"k{i}": key for i, key in enumerate(chunk)}
            if start == 0:
                params["a"] = article_id
            yield from stmt.execute(conn, params).tuples()


# -- reading --------------------------------------------------------------------------------


def utc_moment(published: str | None) -> datetime | None:
    """``published`` (ISO 8601) as an aware UTC datetime (no offset: UTC), or None when
    absent or unreadable."""
    if not published:
        return None
    try:
        when = datetime.fromisoformat(published)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def report_time(published: str | None, seq: int = 0) -> tuple:
    """Sort key of a report published at ``published`` (ISO 8601): dated ones by UTC time (no
    offset: UTC), then undated ones; ties by ``seq`` (``articles.seq``, the order added)."""
    when = utc_moment(published)
    if when is not None:
        return (0, when, seq)
    return (1, datetime.min.replace(tzinfo=UTC), seq)


_READ_COLUMNS = (quotes.c.id.label("quote_id"), quotes.c.article_id, articles.c.headline,
                 articles.c.publisher, articles.c.published, articles.c.seq, quotes.c.kind,
                 quotes.c.text, quotes.c.speaker, quotes.c.speaker_entity_key)


class ProvenanceMixin:
    """Read methods of :class:`dateline.corpus.Store` for quote provenance (needs
    ``self.engine``)."""

    engine: sa.Engine

    def quote_provenance(self, quote_id: int) -> Provenance | None:
        """The provenance of stored quotation ``quote_id`` (``quotes.id``), or None when there
        is no such quotation: the quotation, its first report and its other occurrences,
        earliest first (see the module docstring for the order). An id no ``INTEGER`` key
        holds (not 1 to :data:`dateline.corpus.tracking.MAX_ID`) names no quotation: None,
        without asking the database (SQLite overflows past 2**63, PostgreSQL past 2**31)."""
        from dateline.corpus.tracking import valid_id  # not at the top: tracking -> results -> here

        if not valid_id(quote_id):
            return None
        joined = quotes.join(articles, articles.c.id == quotes.c.article_id)
        with self.engine.connect() as conn:
            own = conn.execute(sa.select(*_READ_COLUMNS).select_from(joined)
                               .where(quotes.c.id == quote_id)).mappings().first()
            if own is None:
                return None
            found = conn.execute(
                sa.select(*_READ_COLUMNS, quote_occurrences.c.variant, quote_occurrences.c.score)
                .select_from(quote_occurrences.join(
                    quotes, quotes.c.id == quote_occurrences.c.other_id).join(
                    articles, articles.c.id == quotes.c.article_id))
                .where(quote_occurrences.c.quote_id == quote_id)).mappings().all()
        found = sorted(found, key=lambda r: report_time(r["published"], r["seq"]))
        first = min([own, *found], key=lambda r: report_time(r["published"], r["seq"]))
        return Provenance(
            quote=ProvenanceQuote(**{k: own[k] for k in ProvenanceQuote.model_fields}),
            first_report=FirstReport(**{k: first[k] for k in FirstReport.model_fields}),
            occurrences=[Occurrence(**{k: r[k] for k in Occurrence.model_fields})
                         for r in found])

    def quote_ids(self, article_id: str) -> list[int | None]:
        """The stored ids (``quotes.id``) of the article's quotations, by their index in the
        record's ``quotes`` (None for an index with no row; ``[]`` for no such article)."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(quotes.c.position, quotes.c.id).where(
                quotes.c.article_id == clean(article_id))).all()
        by_position = dict(rows)
        return [by_position.get(i) for i in range(max(by_position, default=-1) + 1)]

    def with_provenance(self, hits: list) -> list:
        """``hits`` (models with a ``quote_id`` and a ``provenance`` field, such as
        :class:`dateline.corpus.results.LookupHit`) each with its :meth:`quote_provenance`."""
        return [hit.model_copy(update={"provenance": self.quote_provenance(hit.quote_id)})
                if hit.quote_id is not None else hit for hit in hits]
