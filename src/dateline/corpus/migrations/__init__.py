"""Alembic migrations of the corpus store, run programmatically by :func:`upgrade` (no
alembic.ini). ``versions/`` holds one file per schema revision; a store opened by
:meth:`dateline.corpus.Store.open` is brought to the head revision first."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from dateline.corpus.backends import backend_for

HERE = Path(__file__).resolve().parent


def config(connection: sa.Connection | None = None) -> Config:
    """Return the Alembic ``Config`` of the store, bound to ``connection`` when given."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The newest revision id in ``versions/``."""
    revision = ScriptDirectory.from_config(config()).get_current_head()
    if revision is None:
        raise RuntimeError("no migration under corpus/migrations/versions")  # a broken package
    return revision


def current(connection: sa.Connection) -> str | None:
    """The revision the database at ``connection`` is at, ``None`` for an empty database."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: sa.Engine) -> None:
    """Bring the database behind ``engine`` to the head revision (no-op when it is there).

    On PostgreSQL a transaction-level advisory lock (:meth:`Backend.lock_migrations`) serialises
    concurrent openers, so two processes opening an empty database at once do not both create
    the tables.
    """
    target = head()
    with engine.connect() as conn:
        if current(conn) == target:
            return
    with engine.begin() as conn:
        backend_for(conn).lock_migrations(conn)
        if current(conn) != target:
            command.upgrade(config(conn), "head")
