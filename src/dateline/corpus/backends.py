"""What differs between the store's two databases, in one place: how an engine is made, the
INSERT construct with ``ON CONFLICT``, how migrations are serialised, and the full-text
mechanism (:mod:`dateline.corpus.fulltext`). :func:`backend_for` picks one by the engine's
dialect; nothing else in the corpus asks which database it is on."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from dateline.corpus.fts5 import FTS5
from dateline.corpus.fulltext import FullText
from dateline.corpus.tsvector import Tsvector

#: SQLite busy timeout (milliseconds): how long a writer waits for another process's write
#: transaction before failing; one article's transaction takes milliseconds.
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: Key of the PostgreSQL advisory lock held while migrating (any constant of our own).
MIGRATION_LOCK = 7413050


class Backend:
    """One database kind: see the module docstring."""

    fulltext: FullText
    #: ``insert(table)`` with ``on_conflict_do_nothing`` / ``on_conflict_do_update``.
    insert: Callable[[sa.Table], sqlite.Insert | postgresql.Insert] = staticmethod(sqlite.insert)

    def create_engine(self, url: str) -> sa.Engine:
        """An engine for ``url`` set up for the store."""
        return sa.create_engine(url)

    def lock_migrations(self, conn: sa.Connection) -> None:
        """Serialise concurrent migrations inside ``conn``'s transaction (no-op by default)."""


class SQLiteBackend(Backend):
    """SQLite: WAL journal, foreign keys on, a busy timeout; FTS5 full text; migrations in a
    ``BEGIN IMMEDIATE`` transaction (two processes opening a new file at once do not both
    create the tables: the second waits, up to the busy timeout, then finds them made)."""

    fulltext = FTS5()
    insert = staticmethod(sqlite.insert)

    def create_engine(self, url: str) -> sa.Engine:
        engine = sa.create_engine(url)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine

    def lock_migrations(self, conn: sa.Connection) -> None:
        # pysqlite opens no transaction before DDL by itself; this one takes the write lock
        # now and holds it, over every CREATE, until the migration's commit
        conn.exec_driver_sql("BEGIN IMMEDIATE")


class PostgresBackend(Backend):
    """PostgreSQL (psycopg 3): pre-pinged pooled connections, an advisory lock around
    migrations (two processes opening an empty database at once do not both create the
    tables); tsvector full text."""

    fulltext = Tsvector()
    insert = staticmethod(postgresql.insert)

    def create_engine(self, url: str) -> sa.Engine:
        return sa.create_engine(url, pool_pre_ping=True)

    def lock_migrations(self, conn: sa.Connection) -> None:
        conn.execute(sa.text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))


_BACKENDS: dict[str, Backend] = {"sqlite": SQLiteBackend(), "postgresql": PostgresBackend()}


def backend_for(dialect: str | sa.Engine | sa.Connection) -> Backend:
    """The backend of a dialect name (``"sqlite"``, ``"postgresql"``), an engine or a
    connection, or of an SQLAlchemy URL string. Raises ``ValueError`` for another database."""
    if isinstance(dialect, sa.Engine | sa.Connection):
        name = dialect.dialect.name
    else:
        name = sa.engine.make_url(dialect).get_backend_name() if "://" in dialect else dialect
    try:
        return _BACKENDS[name]
    except KeyError:
        raise ValueError(f"the store runs on SQLite or PostgreSQL, not {name}") from None


#: WAL pages written before SQLite copies them into the database file (its default: 1000). A
#: record stored with the across-article stages writes about 118 pages (54 without them: the
#: stages' index rows land on random pages of their B-trees), so at 1000 a checkpoint, with its
#: fsync, came every eight records and copied nearly every page it wrote. At 10,000 (40 MB of
#: WAL) a page written by several records between checkpoints is copied once: ``Store.add``
#: 3.6-4.3 -> 2.8 CPU ms a record with the stages, 1.5-2.0 -> 1.6 without (bench/corpus.py's mixed
#: articles, 5,000 stored, 1,000 timed, 2026-12-01, a loaded machine). The cost: after a power
#: loss (not a crash of the process) up to that many pages of the newest commits may be lost,
#: as with any commit since the last checkpoint under ``synchronous = NORMAL``.
WAL_CHECKPOINT_PAGES = 10_000


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    _use_wal(cursor)  # readers (the web server) never block ingest
    cursor.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable at checkpoints
    cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
    cursor.close()


def _use_wal(cursor) -> None:
    """Put the database in WAL mode (persistent: a no-op once the file is in it).

    Switching the journal mode takes an exclusive lock without SQLite's busy handler: while
    another connection holds any lock (a second process creating the same new store, say) it
    fails at once with "database is locked" whatever ``busy_timeout`` says. So it is polled
    here, 5 ms doubling to 100 ms between tries, up to :data:`SQLITE_BUSY_TIMEOUT_MS`; then
    the ``sqlite3.OperationalError`` is raised."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    delay = 0.005
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.1)
