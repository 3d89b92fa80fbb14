"""Statements compiled once and run on the database driver: the across-article stages' hot path.

The linkers (:mod:`dateline.corpus.linking`) run about fifteen statements for every new record,
most of them small (an indexed lookup, an insert of a few rows). Through SQLAlchemy Core each
execution re-derives its parameters (``construct_params`` per row of an executemany, the
rendering of expanding ``IN`` lists), which cost more than the statement itself:
bench/corpus.py at 20,000 articles, a 21-row insert of band keys 51 us through Core against
29 us as a driver statement, of which 27 us is SQLite's (2026-12-01, CPU time).
:class:`DriverStatement` compiles a Core statement once per dialect (SQLite's ``?`` or
psycopg's ``%(name)s`` parameters) and runs it with
:meth:`sqlalchemy.engine.Connection.exec_driver_sql`, in the connection's transaction, with the
parameters as given: values the driver takes as they are (``int``, ``float``, ``str``,
``bytes``, ``None``), the only kinds the linkers write.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.sql.expression import ClauseElement


class DriverStatement:
    """A Core statement (``insert``, ``select``, ``update`` or ``text``) run as a driver
    statement. Give an ``IN`` list one ``bindparam`` per item (no expanding parameters); values
    compiled into the statement (``status == "linked"``, the ``OFFSET 0`` SQLite adds to a
    bound ``LIMIT``) are filled in from the statement. An ``insert`` names the ``columns``
    its rows give (as Core renders the keys of the first row)."""

    def __init__(self, statement: ClauseElement, columns: Sequence[str] | None = None) -> None:
        self.statement = statement
        self.columns = list(columns) if columns is not None else None
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None, dict]] = {}

    def _sql(self, conn: sa.Connection) -> tuple[str, tuple[str, ...] | None, dict]:
        dialect = conn.dialect
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled: Any = self.statement.compile(dialect=dialect, column_keys=self.columns)
            fixed = {compiled.bind_names[b]: b.effective_value
                     for b in compiled.binds.values() if not b.required}
            names = compiled.positiontup  # None: the driver takes named parameters
            found = self._compiled[dialect.name] = (
                compiled.string, tuple(names) if names is not None else None, fixed)
        return found

    def execute(self, conn: sa.Connection,
                params: Mapping[str, object] | Sequence[Mapping[str, object]] | None = None
                ) -> sa.CursorResult:
        """Run the statement on ``conn`` with one parameter mapping, or as an executemany with
        a non-empty list of them; return the driver's result (rows as
        :class:`sqlalchemy.engine.Row`, columns named as the statement names them)."""
        sql, names, fixed = self._sql(conn)
        one = params is None or isinstance(params, Mapping)
        rows: list[Any] = [params or {}] if one else list(cast(Sequence[Any], params))
        if fixed:
            rows = [{**fixed, **p} for p in rows]
        if names is not None:
            rows = [tuple(p[n] for n in names) for p in rows]
        return conn.exec_driver_sql(sql, rows[0] if one else rows)
