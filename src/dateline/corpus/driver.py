"""Statements compiled once and run on the database driver: the across-article stages' hot path.

The linkers (:mod:`dateline.corpus.linking`) run about fifteen statements for every new record,
most of them small (an indexed lookup, an insert of a few rows). Through SQLAlchemy Core each
execution re-derives its parameters (``construct_params`` per row of an executemany, the
rendering of expanding ``IN`` lists), which cost more than the statement itself:
bench/corpus.py at 20,000 articles, a 21-row insert of band keys 51 us through Core against
29 us as a driver statement, of which 27 us is SQLite's (2026-12-01, CPU time).
:class:`DriverStatement` compiles a Core statement once per dialect (SQLite's ``?`` or
psycopg's ``%(name)s`` parameters) and runs it on the connection's DBAPI cursor, in the
connection's transaction, with the parameters as given: values the driver takes as they are
(``int``, ``float``, ``str``, ``bytes``, ``None``), the only kinds the linkers write. Even
``Connection.exec_driver_sql`` sets up an execution context and a result per call: 6 us an
insert of one row and 17 us an indexed select against 1 us on the cursor (SQLite in memory,
2026-12-01, CPU time), and the linkers run about ten of them a record. A driver error is raised
as SQLAlchemy's (:class:`sqlalchemy.exc.DBAPIError` and its subclasses, ``IntegrityError``
...), as Core would raise it, so the store's retry of a failed batch still sees it.
"""

from __future__ import annotations

import collections
import operator
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.sql.expression import ClauseElement


class DriverResult:
    """The rows a :class:`DriverStatement` read, as named tuples (``row.name`` or
    ``row[0]``), in the order the database gave them."""

    def __init__(self, rows: Sequence[Any], names: tuple[str, ...]) -> None:
        self._rows = rows
        self._names = names

    def __iter__(self) -> Iterator[Any]:
        if not self._rows:
            return iter(())
        return map(_row_class(self._names)._make, self._rows)

    def all(self) -> list[Any]:
        """Every row."""
        return list(self)

    def tuples(self) -> Sequence[tuple]:
        """Every row as the driver gave it: a plain tuple of the columns in order (no named
        tuple made: for a caller that unpacks each row by position)."""
        return self._rows

    def scalars(self) -> list[Any]:
        """The first column of every row."""
        return [r[0] for r in self._rows]

    def scalar(self) -> Any:
        """The first column of the first row, or None without rows."""
        return self._rows[0][0] if self._rows else None

    def scalar_one(self) -> Any:
        """The first column of the one row; ``sqlalchemy.exc.NoResultFound`` or
        ``MultipleResultsFound`` otherwise."""
        if not self._rows:
            raise sa.exc.NoResultFound("no row was found when one was required")
        if len(self._rows) > 1:
            raise sa.exc.MultipleResultsFound("multiple rows were found when one was required")
        return self._rows[0][0]


_ROW_CLASSES: dict[tuple[str, ...], Any] = {}
#: the result of a write (no rows; never changed)
_NO_ROWS = DriverResult((), ())


def _names(description: Sequence[Sequence[Any]]) -> tuple[str, ...]:
    """The column names of a cursor's ``description``."""
    return tuple(d[0] for d in description)


def _row_class(names: tuple[str, ...]) -> Any:
    """The named tuple class of rows with these column names (made once)."""
    found = _ROW_CLASSES.get(names)
    if found is None:
        found = _ROW_CLASSES[names] = collections.namedtuple("DriverRow", names, rename=True)
    return found


class DriverStatement:
    """A Core statement (``insert``, ``select``, ``update`` or ``text``) run as a driver
    statement. Give an ``IN`` list one ``bindparam`` per item (no expanding parameters); values
    compiled into the statement (``status == "linked"``, the ``OFFSET 0`` SQLite adds to a
    bound ``LIMIT``) are filled in from the statement. An ``insert`` names the ``columns``
    its rows give (as Core renders the keys of the first row)."""

    def __init__(self, statement: ClauseElement, columns: Sequence[str] | None = None) -> None:
        self.statement = statement
        self.columns = list(columns) if columns is not None else None
        self._compiled: dict[str, tuple[str, Any, dict]] = {}

    def _sql(self, conn: sa.Connection) -> tuple[str, Any, dict]:
        """``(SQL, getter of the positional parameters from a mapping or None, fixed
        values)`` for ``conn``'s dialect."""
        dialect = conn.dialect
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled: Any = self.statement.compile(dialect=dialect, column_keys=self.columns)
            fixed = {compiled.bind_names[b]: b.effective_value
                     for b in compiled.binds.values() if not b.required}
            names = compiled.positiontup  # None: the driver takes named parameters
            getter = None
            if names is not None:
                pick = operator.itemgetter(*names) if names else (lambda p: ())
                getter = pick if len(names) != 1 else (lambda p, n=names[0]: (p[n],))
            found = self._compiled[dialect.name] = (compiled.string, getter, fixed)
        return found

    def execute(self, conn: sa.Connection,
                params: Mapping[str, object] | Sequence[Mapping[str, object]] | None = None
                ) -> DriverResult:
        """Run the statement on ``conn``'s DBAPI cursor with one parameter mapping, or as an
        executemany with a non-empty list of them; return the rows read (none for a write).
        Raises :class:`sqlalchemy.exc.DBAPIError` (its subclass for the driver's error)."""
        sql, getter, fixed = self._sql(conn)
        one = params is None or type(params) is dict or isinstance(params, Mapping)
        rows: list[Any] = [params or {}] if one else list(cast(Sequence[Any], params))
        if fixed:
            rows = [{**fixed, **p} for p in rows]
        if getter is not None:
            rows = list(map(getter, rows))
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            if one:
                cursor.execute(sql, rows[0])
            else:
                cursor.executemany(sql, rows)
            description = cursor.description
            if description is None:
                return _NO_ROWS
            return DriverResult(cursor.fetchall(), _names(description))
        except conn.dialect.loaded_dbapi.Error as exc:
            raise sa.exc.DBAPIError.instance(
                sql, rows[0] if one else rows, exc, conn.dialect.loaded_dbapi.Error,
                dialect=conn.dialect) from exc
        finally:
            cursor.close()
