"""Statements run on the DBAPI cursor (corpus/driver.py): named rows, the scalar helpers, and a
driver error raised as SQLAlchemy's, which the store's retry of a failed batch catches (SQLite
and PostgreSQL: the ``store_url`` fixture)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dateline.corpus import Store
from dateline.corpus.driver import DriverStatement
from dateline.corpus.schema import duplicate_bands


def test_rows_scalars_and_errors(store_url):
    insert = DriverStatement(duplicate_bands.insert(), ["key", "article_seq"])
    lookup = DriverStatement(sa.select(duplicate_bands.c.article_seq, duplicate_bands.c.key)
                             .where(duplicate_bands.c.key == sa.bindparam("k"))
                             .order_by(duplicate_bands.c.article_seq))
    with Store.open(store_url) as store, store.engine.connect() as conn:
        assert insert.execute(conn, [{"key": -5, "article_seq": 2},
                                     {"key": -5, "article_seq": 1},
                                     {"key": 7, "article_seq": 3}]).scalars() == []
        rows = lookup.execute(conn, {"k": -5}).all()
        assert [(r.article_seq, r.key) for r in rows] == [(1, -5), (2, -5)]
        assert [tuple(r) for r in lookup.execute(conn, {"k": -5}).tuples()] == [(1, -5), (2, -5)]
        assert insert.execute(conn, {"key": 9, "article_seq": 4}).tuples() == ()
        assert lookup.execute(conn, {"k": 9}).all() == [(4, 9)]
        assert lookup.execute(conn, {"k": 7}).scalar_one() == 3
        assert lookup.execute(conn, {"k": 8}).scalar() is None
        with pytest.raises(sa.exc.NoResultFound):
            lookup.execute(conn, {"k": 8}).scalar_one()
        with pytest.raises(sa.exc.MultipleResultsFound):
            lookup.execute(conn, {"k": -5}).scalar_one()
        # the same key and article again: the driver's IntegrityError, as SQLAlchemy's
        with pytest.raises(sa.exc.IntegrityError):
            insert.execute(conn, {"key": 7, "article_seq": 3})
        conn.rollback()
