"""The corpus store: article records in SQLite (default) or PostgreSQL through SQLAlchemy Core.

:class:`Store` is the one entry point. Writing articles (:meth:`Store.add`) lives here, failures
and saved searches in :mod:`dateline.corpus.tracking`;
reading queries (search, quotes, entities, facets, quote lookup) in :mod:`dateline.corpus.search`
and exports in :mod:`dateline.corpus.export`, each mixed into :class:`Store`. The tables are in
:mod:`dateline.corpus.schema` and documented in docs/store.md.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
from collections import Counter
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect

from dateline.corpus import migrations
from dateline.corpus.export import ExportMixin
from dateline.corpus.keys import clean, entity_key, fold
from dateline.corpus.schema import (
    article_entities,
    articles,
    entities,
    entity_variants,
    failures,
    quotes,
)
from dateline.corpus.search import SearchMixin
from dateline.corpus.tracking import TrackingMixin, utc_now
from dateline.errors import DatelineError
from dateline.model import Article

log = logging.getLogger(__name__)

#: SQLite busy timeout (milliseconds): how long a writer waits for another process's write
#: transaction before failing; one article's transaction takes milliseconds.
SQLITE_BUSY_TIMEOUT_MS = 30_000


class StoreError(DatelineError):
    """The store cannot be opened or used (bad URL, unreachable server, broken database)."""

    kind = "store"


def database_url(db: str) -> str:
    """Return the SQLAlchemy URL for ``db``: a file path becomes ``sqlite:///ABSOLUTE_PATH``,
    ``postgresql://`` / ``postgres://`` URLs get the psycopg 3 driver (``postgresql+psycopg://``),
    any other URL is kept. ``":memory:"`` is an in-memory SQLite database."""
    if db == ":memory:":
        return "sqlite://"
    for prefix in ("postgresql://", "postgres://"):
        if db.startswith(prefix):
            return "postgresql+psycopg://" + db[len(prefix):]
    if "://" in db:
        return db
    return "sqlite:///" + os.path.abspath(db)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")  # readers (the web server) never block ingest
    cursor.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable at checkpoints
    cursor.close()


class Store(TrackingMixin, SearchMixin, ExportMixin):
    """A corpus of article records. Open with :meth:`open`; close with :meth:`close` or use as a
    context manager. One ``Store`` may be shared by threads (each call checks out its own pooled
    connection; an in-memory ``":memory:"`` store is for one thread only). Several processes may
    open the same database (SQLite serialises writers, waiting up to
    ``SQLITE_BUSY_TIMEOUT_MS``)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.dialect: str = engine.dialect.name  # "sqlite" or "postgresql"
        self._stmts: dict[str, sa.Executable] = {}

    @classmethod
    def open(cls, db: str = "dateline.db") -> Store:
        """Open the store at ``db`` (a SQLite file path, or an SQLAlchemy URL such as
        ``sqlite:///x.db`` or ``postgresql://user@127.0.0.1:5432/name``), creating the file
        or migrating its schema to the newest Alembic revision. Raises :class:`StoreError`
        when the database cannot be reached or migrated."""
        url = database_url(db)
        try:
            if url.startswith("sqlite"):
                engine = sa.create_engine(url)
                sa.event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = sa.create_engine(url, pool_pre_ping=True)
            migrations.upgrade(engine)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot open the store at {db}: {exc}") from exc
        return cls(engine)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- articles -------------------------------------------------------------------------

    def has(self, article_id: str) -> bool:
        """True when an article with this id (hex SHA-256 of its source bytes) is stored."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(articles.c.seq).where(
                articles.c.id == clean(article_id))).first() is not None

    def count(self) -> int:
        """Number of stored articles."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()

    def get_article(self, article_id: str) -> Article | None:
        """The stored record with this id exactly as it was added, or ``None``."""
        with self.engine.connect() as conn:
            record = conn.execute(sa.select(articles.c.record).where(
                articles.c.id == clean(article_id))).scalar_one_or_none()
        return None if record is None else Article.model_validate_json(record)

    def add(self, article: Article) -> bool:
        """Store one record in one transaction; return True if it was new, False if a record
        with the same id was already stored (re-adding an unchanged page is a no-op). A stored
        failure for the same ``source.uri`` is cleared. A crash leaves either the whole record
        or nothing of it."""
        try:
            with self.engine.begin() as conn:
                if conn.execute(sa.select(articles.c.seq).where(articles.c.id == article.id)
                                ).first() is not None:
                    return False
                self._insert(conn, article)
        except sa.exc.IntegrityError:
            # another process stored the same page between our check and our insert
            if self.has(article.id):
                return False
            raise
        return True

    def add_many(self, records: Iterable[Article], batch: int = 200) -> list[bool]:
        """Store many records, ``batch`` to a transaction; return one bool per record as
        :meth:`add` would (True if new). A crash loses at most the uncommitted batch and leaves
        the store consistent, so a rerun completes it. If a batch fails (say another process
        stored one of its pages meanwhile), it is retried one :meth:`add` per record.
        Committing per batch is several times faster than per record on SQLite, where each
        commit flushes an FTS5 segment (bench/corpus.py)."""
        results: list[bool] = []
        it = iter(records)
        while chunk := list(itertools.islice(it, max(1, batch))):
            try:
                with self.engine.begin() as conn:
                    seen = set(conn.execute(sa.select(articles.c.id).where(
                        articles.c.id.in_([a.id for a in chunk]))).scalars())
                    done = []
                    for article in chunk:
                        done.append(article.id not in seen)
                        if done[-1]:
                            seen.add(article.id)
                            self._insert(conn, article)
            except sa.exc.SQLAlchemyError as exc:
                log.warning("batch of %d failed (%s); storing one by one", len(chunk), exc)
                done = [self.add(article) for article in chunk]
            results.extend(done)
        return results

    def _statements(self) -> dict[str, sa.Executable]:
        """The write statements, built once per store (building Core statements per article
        cost more than running them: bench/corpus.py)."""
        if self._stmts:
            return self._stmts
        insert = sqlite_dialect.insert if self.dialect == "sqlite" else pg_dialect.insert
        variant = insert(entity_variants)
        self._stmts = {
            "article": articles.insert(),
            "entity": insert(entities).on_conflict_do_nothing(index_elements=["key"]),
            "mention": article_entities.insert(),
            "count_entity": entities.update().where(entities.c.key == sa.bindparam("k"))
            .values(articles=entities.c.articles + 1),
            "variant": variant.on_conflict_do_update(
                index_elements=["entity_key", "variant"],
                set_={"mentions": entity_variants.c.mentions + variant.excluded.mentions}),
            "quote": quotes.insert().returning(quotes.c.id, sort_by_parameter_order=True),
            "clear_failure": failures.delete().where(failures.c.source == sa.bindparam("uri")),
        }
        if self.dialect == "sqlite":
            self._stmts["article_fts"] = sa.text(
                "INSERT INTO articles_fts (rowid, headline, standfirst, body, quotes, entities) "
                "VALUES (:seq, :fts_h, :fts_s, :fts_b, :fts_q, :fts_e)")
            self._stmts["quote_fts"] = sa.text(
                "INSERT INTO quotes_fts (rowid, text, speaker) VALUES (:id, :fts_t, :fts_s)")
        else:
            # tsvectors computed in the INSERT itself (an UPDATE after it would leave a dead
            # row version per article); weights: headline A, standfirst and entity names B,
            # quote texts C, body D
            def vec(name: str, weight: str | None = None) -> sa.ColumnElement:
                v = sa.func.to_tsvector(sa.literal_column("'simple'::regconfig"),
                                        sa.bindparam(name, type_=sa.Text))
                # the weight is a constant of this code, not a parameter: setweight wants "char"
                return sa.func.setweight(v, sa.literal_column(f"'{weight}'")) if weight else v

            meta = sa.MetaData()
            articles_pg = sa.Table("articles", meta, *[c._copy() for c in articles.columns],
                                   sa.Column("tsv", pg_dialect.TSVECTOR))
            quotes_pg = sa.Table("quotes", meta, *[c._copy() for c in quotes.columns
                                                   if not c.foreign_keys],
                                 sa.Column("article_id", sa.String(64)),
                                 sa.Column("tsv", pg_dialect.TSVECTOR))
            article_tsv = (vec("fts_h", "A").op("||")(vec("fts_s", "B"))
                           .op("||")(vec("fts_e", "B")).op("||")(vec("fts_q", "C"))
                           .op("||")(vec("fts_b", "D")))
            self._stmts["article"] = articles_pg.insert().values(tsv=article_tsv)
            self._stmts["quote"] = (
                quotes_pg.insert().values(tsv=vec("fts_t").op("||")(vec("fts_s")))
                .returning(quotes_pg.c.id, sort_by_parameter_order=True))
        return self._stmts

    def _insert(self, conn: sa.Connection, article: Article) -> None:
        st = self._statements()
        body = "\n\n".join(article.paragraphs)
        day = article.published[:10] if article.published else None

        local_keys: dict[str, str] = {}
        names: list[str] = []
        per_key: dict[str, dict] = {}
        new_entities: dict[str, dict] = {}
        variants: Counter[tuple[str, str]] = Counter()
        for ent in article.entities:
            key = entity_key(ent.name, ent.type)
            local_keys[ent.id] = key
            names.append(ent.name)
            new_entities.setdefault(key, {"key": key, "name": ent.name,
                                          "name_norm": fold(ent.name), "type": ent.type})
            row = per_key.setdefault(key, {"article_id": article.id, "entity_key": key,
                                           "local_id": ent.id, "name": ent.name, "mentions": 0})
            row["mentions"] += len(ent.mentions)
            for mention in ent.mentions:
                variants[key, mention.text] += 1
                names.append(mention.text)
            if not ent.mentions:
                variants[key, ent.name] += 1

        fts = self._fts_text({
            "fts_h": article.headline or "", "fts_s": article.standfirst or "", "fts_b": body,
            "fts_q": "\n".join(q.text for q in article.quotes),
            "fts_e": " ".join(dict.fromkeys(names))})
        row = {"id": article.id, "source_uri": article.source.uri,
               "source_format": article.source.format, "url": article.url,
               "publisher": article.publisher, "language": article.language,
               "headline": article.headline, "standfirst": article.standfirst,
               "authors": json.dumps(article.authors, ensure_ascii=False),
               "published": article.published, "published_day": day,
               "updated": article.updated, "section": article.section, "body": body,
               "record": article.model_dump_json(), "added": utc_now()}
        if self.dialect == "sqlite":
            seq = conn.execute(st["article"], row).inserted_primary_key[0]
            conn.execute(st["article_fts"], {"seq": seq, **fts})
        else:
            conn.execute(st["article"], {**row, **fts})

        if per_key:
            conn.execute(st["entity"], list(new_entities.values()))
            conn.execute(st["mention"], list(per_key.values()))
            conn.execute(st["count_entity"], [{"k": key} for key in per_key])
            conn.execute(st["variant"], [{"entity_key": k, "variant": v, "mentions": n}
                                         for (k, v), n in variants.items()])

        if article.quotes:
            rows = []
            for position, quote in enumerate(article.quotes):
                speaker = quote.speaker.name if quote.speaker else None
                key = None
                if quote.speaker and quote.speaker.entity:
                    key = local_keys.get(quote.speaker.entity)
                rows.append({"article_id": article.id, "position": position, "kind": quote.kind,
                             "text": quote.text, "speaker": speaker,
                             "speaker_norm": fold(speaker) if speaker else None,
                             "speaker_entity_key": key, "cue": quote.cue,
                             "medium": quote.medium, "published_day": day})
            texts = [self._fts_text({"fts_t": r["text"], "fts_s": r["speaker"] or ""})
                     for r in rows]
            if self.dialect == "sqlite":
                qids = conn.execute(st["quote"], rows).scalars().all()
                conn.execute(st["quote_fts"], [{"id": qid, **t}
                                               for qid, t in zip(qids, texts, strict=True)])
            else:
                conn.execute(st["quote"], [{**r, **t} for r, t in zip(rows, texts, strict=True)])
        conn.execute(st["clear_failure"], {"uri": article.source.uri})

    def _fts_text(self, params: dict) -> dict:
        """Text parameters for the full-text statements: as they are for SQLite (FTS5 folds
        case and diacritics itself), folded for PostgreSQL (``simple`` keeps accents)."""
        if self.dialect == "sqlite":
            return params
        return {k: fold(v) if isinstance(v, str) else v for k, v in params.items()}
