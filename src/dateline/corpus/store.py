"""The corpus store: article records in SQLite (default) or PostgreSQL through SQLAlchemy Core.

:class:`Store` is the one entry point. Writing articles (:meth:`Store.add`) lives here, failures
and saved searches in :mod:`dateline.corpus.tracking`;
reading queries (search, quotes, entities, facets, quote lookup) in :mod:`dateline.corpus.search`,
events in :mod:`dateline.corpus.events`, stories in :mod:`dateline.corpus.story_search` and
exports in :mod:`dateline.corpus.export`, each mixed
into :class:`Store`. The tables are in :mod:`dateline.corpus.schema` and documented in
docs/store.md.
"""

from __future__ import annotations

import itertools
import logging
import operator
import os
import re
from collections.abc import Iterable
from pathlib import Path

import sqlalchemy as sa
from alembic.util.exc import CommandError

from dateline.corpus import migrations
from dateline.corpus.backends import SQLITE_BUSY_TIMEOUT_MS, Backend, backend_for
from dateline.corpus.duplicate_reads import DuplicatesMixin
from dateline.corpus.entity_link_queries import EntityLinksMixin
from dateline.corpus.events import EventsMixin
from dateline.corpus.export import ExportMixin
from dateline.corpus.keys import clean, fold_words
from dateline.corpus.link_keys import valid_keys
from dateline.corpus.linking import LINKERS
from dateline.corpus.provenance import ProvenanceMixin
from dateline.corpus.rows import LONG, STRING, Row, columns, project, sql_value
from dateline.corpus.schema import (
    article_entities,
    articles,
    duplicates,
    entities,
    entity_variants,
    events,
    failures,
    quotes,
    story_articles,
)
from dateline.corpus.search import SearchMixin
from dateline.corpus.story_search import StoriesMixin
from dateline.corpus.tracking import TrackingMixin, utc_now
from dateline.errors import StoreError  # noqa: F401  re-exported: dateline.corpus.store.StoreError
from dateline.model import Article

__all__ = ["SQLITE_BUSY_TIMEOUT_MS", "Store", "StoreError", "database_url"]

log = logging.getLogger(__name__)



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


def sqlite_file_problem(db: str) -> str | None:
    """Why ``db`` (a store address, as :meth:`Store.open` takes it) cannot be a SQLite store,
    in words a user can act on, where SQLite only says "unable to open database file": its
    path is a directory, or its folder does not exist. ``None`` when neither, and for
    ``:memory:`` and any other database."""
    if db == ":memory:":
        return None
    if "://" in db:
        parsed = sa.engine.make_url(db)
        if (parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:")
                or parsed.query.get("uri")):  # "file:PATH?mode=ro": SQLite's own URI form
            return None
        db = parsed.database
    path = Path(db)
    if path.is_dir():
        return (f"it is a directory, not a SQLite file (name a file, such as "
                f"{path / 'dateline.db'})")
    if not path.absolute().parent.is_dir():
        return f"its folder {path.parent} does not exist"
    return None


#: SQLAlchemy's pointer to its error documentation, which ``str()`` of its errors ends with.
_BACKGROUND = re.compile(r"\s*\(Background on this error at: \S+\)")


def open_reason(exc: BaseException) -> str:
    """The database's own reason for a failed open, on one line: the driver's message of a
    DBAPI error (``"unable to open database file"``, ``"file is not a database"``, psycopg's
    ``"connection failed: ..."``) without SQLAlchemy's wrapper (the driver's class name, the
    statement, the "Background on this error at: https://sqlalche.me/..." link); else the
    error's message without that link."""
    orig = getattr(exc, "orig", None)
    text = str(orig) if isinstance(exc, sa.exc.DBAPIError) and orig is not None \
        else _BACKGROUND.sub("", str(exc))
    return " ".join(text.split()) or type(exc).__name__


def shown_address(db: str) -> str:
    """``db`` as an error message names it: a URL with its password hidden (``***``)."""
    if "://" not in db:
        return db
    try:
        return sa.engine.make_url(db).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return db


class Store(TrackingMixin, EntityLinksMixin, SearchMixin, EventsMixin, ExportMixin,
            StoriesMixin, DuplicatesMixin, ProvenanceMixin):
    """A corpus of article records. Open with :meth:`open`; close with :meth:`close` or use as a
    context manager. One ``Store`` may be shared by threads (each call checks out its own pooled
    connection; an in-memory ``":memory:"`` store is for one thread only). Several processes may
    open the same database (SQLite serialises writers, waiting up to
    ``SQLITE_BUSY_TIMEOUT_MS``)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.backend: Backend = backend_for(engine)
        self.fulltext = self.backend.fulltext
        self._stmts: dict[str, sa.Executable] = {}
        self.linkers = [linker(self.backend) for linker in LINKERS]

    @classmethod
    def open(cls, db: str = "dateline.db") -> Store:
        """Open the store at ``db`` (a SQLite file path, or an SQLAlchemy URL such as
        ``sqlite:///x.db`` or ``postgresql://user@127.0.0.1:5432/name``), creating the file
        or migrating its schema to the newest Alembic revision. Raises :class:`StoreError`
        when the database cannot be reached or migrated, with one line: ``cannot open store
        PATH: REASON``, the reason in the database's own words (:func:`open_reason`), a URL's
        password hidden; or in ours for a SQLite path that is a directory or lies in a folder
        that does not exist (:func:`sqlite_file_problem`)."""
        problem = sqlite_file_problem(db)
        if problem:
            raise StoreError(f"cannot open store {shown_address(db)}: {problem}")
        url = database_url(db)
        try:
            engine = backend_for(url).create_engine(url)
            migrations.upgrade(engine)
        except (sa.exc.SQLAlchemyError, ValueError, CommandError) as exc:
            reason = open_reason(exc)
            if isinstance(exc, CommandError):  # alembic: a revision this package does not have
                reason += " (a store written by a newer dateline?)"
            raise StoreError(f"cannot open store {shown_address(db)}: {reason}") from exc
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
        """The stored record with this id exactly as it was added, with the fields the store
        links it with (``story_id``, ``duplicate_group_id``), or ``None``."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(articles.c.record, story_articles.c.story_id,
                                         duplicates.c.group_id)
                               .select_from(articles.outerjoin(
                                   story_articles, story_articles.c.article_id == articles.c.id)
                                   .outerjoin(duplicates,
                                              duplicates.c.article_id == articles.c.id))
                               .where(articles.c.id == clean(article_id))).first()
        if row is None:
            return None
        return Article.model_validate_json(row[0]).model_copy(
            update={"story_id": row[1], "duplicate_group_id": row[2]})

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
        """The write statements other than the full-text ones, built once per store (building
        Core statements per article cost more than running them: bench/corpus.py)."""
        if self._stmts:
            return self._stmts
        insert = self.backend.insert
        variant = insert(entity_variants)
        self._stmts = {
            "entity": insert(entities).on_conflict_do_nothing(index_elements=["key"]),
            "mention": article_entities.insert(),
            "count_entity": entities.update().where(entities.c.key == sa.bindparam("k"))
            .values(articles=entities.c.articles + 1),
            "variant": variant.on_conflict_do_update(
                index_elements=["entity_key", "variant"],
                set_={"mentions": entity_variants.c.mentions + variant.excluded.mentions}),
            "event": events.insert(),
            "clear_failure": failures.delete().where(failures.c.source == sa.bindparam("uri")),
        }
        return self._stmts

    def _insert(self, conn: sa.Connection, article: Article) -> None:
        st = self._statements()
        rows = project(article)
        row = _stored(articles, rows.article)
        row["added"] = utc_now()
        self.fulltext.insert_article(conn, row, rows.text)
        if rows.article_entities:
            conn.execute(st["entity"], [{**_stored(entities, e), "name_norm": fold_words(e.name)}
                                        for e in rows.entities])
            conn.execute(st["mention"], [_stored(article_entities, r)
                                         for r in rows.article_entities])
            conn.execute(st["count_entity"], [{"k": r.entity_key}
                                              for r in rows.article_entities])
            conn.execute(st["variant"], [_stored(entity_variants, v)
                                         for v in rows.entity_variants])
        if rows.quotes:
            self.fulltext.insert_quotes(conn, [
                {**_stored(quotes, q), "speaker_norm": fold_words(q.speaker) if q.speaker
                 else None} for q in rows.quotes])
        if rows.events:
            conn.execute(st["event"], [_stored(events, e) for e in rows.events])
        if self.linkers:
            article = valid_keys(article)  # keys of other text or parameters: computed here
            for linker in self.linkers:
                linker.link(conn, article, rows)
        conn.execute(st["clear_failure"], {"uri": article.source.uri})


#: Columns of the store's tables that are not projection columns (:mod:`rows`): row keys,
#: derived forms kept for matching, counters kept by the store.
STORE_ONLY = {"articles": {"seq", "added"}, "quotes": {"id", "speaker_norm"},
              "entities": {"name_norm", "articles"}, "article_entities": set(),
              "entity_variants": set(), "events": set()}


def _store_columns(table: sa.Table, row_class: type[Row]) -> tuple:
    """``(names, getter, json_kinds)`` of a projection row class for ``table``: the columns
    both have, an ``attrgetter`` of them, and ``(name, kind)`` of those kept as JSON text
    (lists)."""
    kinds = dict(columns(row_class.TABLE))
    names = tuple(c.name for c in table.columns if c.name in kinds)
    json_kinds = tuple((n, kinds[n]) for n in names if kinds[n] not in (STRING, LONG))
    getter = operator.attrgetter(*names)
    return names, (getter if len(names) > 1 else lambda row: (getter(row),)), json_kinds


_COLUMNS: dict[type, tuple] = {}


def _stored(table: sa.Table, row) -> dict:
    """The values of a projection ``row`` for the store's ``table``: the columns the table has,
    lists as JSON text (:func:`rows.sql_value`)."""
    spec = _COLUMNS.get(type(row))
    if spec is None:
        spec = _COLUMNS[type(row)] = _store_columns(table, type(row))
    names, getter, json_kinds = spec
    values = dict(zip(names, getter(row), strict=True))
    for name, kind in json_kinds:
        values[name] = sql_value(kind, values[name])
    return values
