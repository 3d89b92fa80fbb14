"""Migration 0004 (the one fold): a store written at revision 0003 with the old corpus fold is
re-keyed ("Łukasz Kowalski" was person:ukasz-kowalski) and its full-text index refolded; migration
0005 (events): a store written at 0004 gets its records' events backfilled; on SQLite and
PostgreSQL."""

from __future__ import annotations

import dataclasses
import importlib
import json

import sqlalchemy as sa
from alembic import command
from store_corpus import CORPUS, article

from dateline.corpus import Store, migrations, rows, store
from dateline.corpus.backends import backend_for
from dateline.corpus.store import database_url

M0004 = importlib.import_module("dateline.corpus.migrations.versions.0004_one_fold")

P1 = ["Łukasz Kowalski opened the new ferry terminal at Søren Quay on Monday.",
      "\u201cThe ferry will run all winter,\u201d Kowalski said."]
P2 = ["Lukasz Kowalski, the harbour master, said the quay would close for a week."]
B1 = article("m1", headline="Ferry terminal opens", paragraphs=P1, publisher="Harbour Gazette",
             published="2024-03-05T10:00:00+01:00",
             entities=[("Łukasz Kowalski", "PERSON", [(0, "Łukasz Kowalski"), (1, "Kowalski")]),
                       ("Søren Quay", "LOC", [(0, "Søren Quay")])],
             quotes=[{"kind": "direct", "text": "The ferry will run all winter,", "paragraph": 1,
                      "speaker": 0, "cue": "said"}])
B2 = article("m2", headline="Quay to close", paragraphs=P2, publisher="Harbour Gazette",
             published="2024-03-06T10:00:00+01:00",
             entities=[("Lukasz Kowalski", "PERSON", [(0, "Lukasz Kowalski")])],
             quotes=[{"kind": "indirect", "text": "the quay would close for a week",
                      "paragraph": 0, "speaker": 0, "cue": "said"}])


def _store_at_0003_with_old_keys(url: str, monkeypatch) -> sa.Engine:
    engine = backend_for(database_url(url)).create_engine(database_url(url))
    with engine.begin() as conn:
        command.upgrade(migrations.config(conn), "0003")
    old = Store(engine)
    old.linkers = []  # it had no across-article stages (their tables come at 0006-0010)
    with monkeypatch.context() as m:  # the store as it wrote before revision 0004
        m.setattr(old, "linkers", [])  # the across-article stages came with revision 0006 on
        m.setattr(rows, "entity_key", M0004._old_key)
        m.setattr(store, "fold_words", M0004.old_fold)
        m.setattr(type(old.fulltext), "folded", staticmethod(
            lambda text: M0004.old_fold(text) if text else ""))
        assert old.add_many([B1, B2]) == [True, True]
    with engine.connect() as conn:
        assert migrations.current(conn) == "0003"
        keys = conn.execute(sa.text("SELECT key FROM entities ORDER BY key")).scalars().all()
    assert keys == ["loc:s-ren-quay", "person:lukasz-kowalski", "person:ukasz-kowalski"]
    return engine


def test_0004_rekeys_entities_and_refolds_the_index(store_url, monkeypatch):
    engine = _store_at_0003_with_old_keys(store_url, monkeypatch)
    with engine.begin() as conn:
        command.upgrade(migrations.config(conn), "0004")
    s = Store(engine)
    try:
        with engine.connect() as conn:
            assert migrations.current(conn) == "0004"
            got = conn.execute(sa.text("SELECT key, name, name_norm, articles FROM entities "
                                       "ORDER BY key")).all()
            assert [tuple(r) for r in got] == [
                ("loc:soren-quay", "Søren Quay", "soren quay", 1),
                ("person:lukasz-kowalski", "Lukasz Kowalski", "lukasz kowalski", 2)]
            mentions = conn.execute(sa.text(
                "SELECT article_id, entity_key, mentions FROM article_entities "
                "ORDER BY article_id, entity_key")).all()
            assert sorted(tuple(r) for r in mentions) == sorted([
                (B1.id, "loc:soren-quay", 1), (B1.id, "person:lukasz-kowalski", 2),
                (B2.id, "person:lukasz-kowalski", 1)])
            variants = conn.execute(sa.text(
                "SELECT entity_key, variant, mentions FROM entity_variants "
                "ORDER BY entity_key, variant")).all()
            assert [tuple(r) for r in variants] == [
                ("loc:soren-quay", "Søren Quay", 1), ("person:lukasz-kowalski", "Kowalski", 1),
                ("person:lukasz-kowalski", "Lukasz Kowalski", 1),
                ("person:lukasz-kowalski", "Łukasz Kowalski", 1)]
        migrations.upgrade(engine)  # today's reading methods need today's tables
        assert s.quotes(speaker="person:lukasz-kowalski")[1] == 2
        assert s.quotes(speaker="łukasz")[1] == 2
        migrations.upgrade(engine)  # searches read the duplicate groups of revision 0006
        # the index was refolded: "Łukasz" and "Lukasz" are one word, as are "Søren" and "Soren"
        assert sorted(i.id for i in s.search("Łukasz")[0]) == sorted([B1.id, B2.id])
        assert [i.id for i in s.search("soren")[0]] == [B1.id]
        assert [i.id for i in s.search("Søren")[0]] == [B1.id]
        assert s.quotes(q="Łukasz")[1] == 2
        assert s.entity("person:lukasz-kowalski").articles == 2
        assert s.entity("person:ukasz-kowalski") is None
    finally:
        s.close()


def test_a_new_store_keys_with_the_one_fold(store_url):
    with Store.open(store_url) as s:
        s.add_many([B1, B2])
        assert [e.key for e in s.entities()[0]] == ["person:lukasz-kowalski", "loc:soren-quay"]
        assert s.entities("sor")[0][0].key == "loc:soren-quay"


def test_0005_backfills_the_events_of_stored_records(store_url, monkeypatch):
    engine = backend_for(database_url(store_url)).create_engine(database_url(store_url))
    with engine.begin() as conn:
        command.upgrade(migrations.config(conn), "0004")
    old = Store(engine)
    old.linkers = []  # it had no across-article stages (their tables come at 0006-0010)
    with monkeypatch.context() as m:  # the store as it wrote before revision 0005: no events
        m.setattr(old, "linkers", [])  # the across-article stages came with revision 0006 on
        m.setattr(store, "project",
                  lambda a: dataclasses.replace(rows.project(a), events=[]))
        assert old.add_many(CORPUS) == [True] * 4
    with engine.connect() as conn:
        assert sa.inspect(conn).has_table("events") is False
    migrations.upgrade(engine)
    try:
        with engine.connect() as conn:
            assert migrations.current(conn) == migrations.head()
            got = conn.execute(sa.text(
                "SELECT article_id, position, type, source_entity_key, where_entity_key, "
                "when_date, context, quote_position FROM events "
                "ORDER BY when_date, position")).all()
        a1, a2, a3 = (a.id for a in CORPUS[:3])
        assert [tuple(r) for r in got] == [
            (a1, 0, "REJECT", "person:viktor-orban", "gpe:budapest", "2024-03-05", "[]", 0),
            (a2, 0, "AGREE", None, None, "2024-04-09", "[]", None),
            (a3, 0, "CONSULT", None, "gpe:budapest", "2024-04-22", '["economic"]', None),
            (a3, 1, "CONSULT", "person:viktor-orban", None, "2024-04-29", "[]", 0)]
        assert json.loads(got[2][6]) == ["economic"]
        # a record added after the upgrade writes its own events; downgrade drops the table
        assert old.add(CORPUS[0].model_copy(update={"id": "1" * 64})) is True
        with engine.begin() as conn:
            n = conn.execute(sa.text("SELECT count(*) FROM events")).scalar_one()
            assert n == 5
            command.downgrade(migrations.config(conn), "0004")
            assert sa.inspect(conn).has_table("events") is False
    finally:
        old.close()


def _open_at_once(path: str, barrier, results) -> None:
    barrier.wait()
    try:
        Store.open(path).close()
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - the test reports what each opener met
        results.put(repr(exc)[:200])


def test_processes_opening_one_new_sqlite_store_at_once_all_succeed(tmp_path):
    # a new-user trial: three `dateline ingest --db c.db` started together on a new store;
    # two failed with "table articles already exists" (SQLite migrations were not serialised)
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    for attempt in range(3):
        path = str(tmp_path / f"new{attempt}.db")
        barrier, results = ctx.Barrier(4), ctx.Queue()
        procs = [ctx.Process(target=_open_at_once, args=(path, barrier, results))
                 for _ in range(4)]
        for p in procs:
            p.start()
        got = [results.get(timeout=120) for _ in procs]
        for p in procs:
            p.join(timeout=60)
        assert got == ["ok"] * 4
        with Store.open(path) as s:
            assert s.count() == 0


def test_store_opens_a_rollback_journal_file_while_another_connection_holds_its_write_lock(
        tmp_path):
    # CI failure: a process opening a new store met "database is locked" at once from
    # `PRAGMA journal_mode = WAL`, which SQLite runs without its busy handler
    import sqlite3
    import threading
    import time

    path = tmp_path / "held.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE other (x)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO other VALUES (1)")
    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    try:
        with Store.open(str(path)) as s:
            assert s.count() == 0
            mode = s.engine.connect().exec_driver_sql("PRAGMA journal_mode").scalar_one()
        assert mode == "wal"
        assert time.monotonic() - started >= 0.25  # it waited for the holder's commit
    finally:
        release.join()
        holder.close()


def _story_keys(conn: sa.Connection) -> list[tuple]:
    return sorted(tuple(r) for r in conn.execute(sa.text(
        "SELECT key, story_id, last_day FROM story_keys")))


def test_0015_keys_story_keys_by_story_and_keeps_their_rows(store_url):
    engine = backend_for(database_url(store_url)).create_engine(database_url(store_url))
    with engine.begin() as conn:
        command.upgrade(migrations.config(conn), "0014_story_headlines")
    old = Store(engine)  # the store as it wrote at 0014: story_keys keyed (key, story_id)
    try:
        assert old.add_many(CORPUS) == [True] * 4
        with engine.connect() as conn:
            before = _story_keys(conn)
            assert sa.inspect(conn).get_pk_constraint("story_keys")["constrained_columns"] \
                == ["key", "story_id"]
        # A1 names Viktor Orban and Budapest: its story holds their entity keys from its day
        assert ("e:viktor-orban", CORPUS[0].id, "2024-03-05") in before
        migrations.upgrade(engine)
        with engine.connect() as conn:
            assert migrations.current(conn) == migrations.head()
            assert sa.inspect(conn).get_pk_constraint("story_keys")["constrained_columns"] \
                == ["story_id", "key"]
            assert _story_keys(conn) == before
            assert "ix_story_keys_key_day" in {
                i["name"] for i in sa.inspect(conn).get_indexes("story_keys")}
        # a record added after the upgrade upserts its keys on the new primary key
        again = CORPUS[2].model_copy(update={"id": "3" * 64, "published": "2024-04-25"})
        assert old.add(again) is True
        with engine.connect() as conn:
            after = _story_keys(conn)
        story = old.story_of(again.id)
        assert ("e:viktor-orban", story, "2024-04-25") in after
        assert len([k for k in after if k[1] == story and k[0] == "e:viktor-orban"]) == 1
        with engine.begin() as conn:
            command.downgrade(migrations.config(conn), "0014_story_headlines")
            assert sa.inspect(conn).get_pk_constraint("story_keys")["constrained_columns"] \
                == ["key", "story_id"]
            assert _story_keys(conn) == after
    finally:
        old.close()


def _rows_of(conn: sa.Connection, table: str) -> list[tuple]:
    return sorted(tuple(r) for r in conn.execute(sa.text(f"SELECT * FROM {table}")))


def _without_rowid(conn: sa.Connection, table: str) -> bool:
    sql = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND "
                               "name = :t"), {"t": table}).scalar_one()
    return sql.rstrip().upper().endswith("WITHOUT ROWID")


def test_0016_keeps_the_rows_of_story_articles_and_entity_article_variants(store_url):
    engine = backend_for(database_url(store_url)).create_engine(database_url(store_url))
    with engine.begin() as conn:
        command.upgrade(migrations.config(conn), "0015_story_keys_by_story")
    old = Store(engine)
    tables = ("story_articles", "entity_article_variants")
    try:
        assert old.add_many(CORPUS) == [True] * 4
        with engine.connect() as conn:
            before = {t: _rows_of(conn, t) for t in tables}
        assert len(before["story_articles"]) == 4  # every article is in a story
        # the names as written per article and entity: A3 writes "Viktor Orban" once
        assert (CORPUS[2].id, "person:viktor-orban", "Viktor Orban", 1) \
            in before["entity_article_variants"]
        migrations.upgrade(engine)
        sqlite = engine.dialect.name == "sqlite"
        with engine.connect() as conn:
            assert {t: _rows_of(conn, t) for t in tables} == before
            if sqlite:
                assert all(_without_rowid(conn, t) for t in tables)
                assert "ix_story_articles_story" in {
                    i["name"] for i in sa.inspect(conn).get_indexes("story_articles")}
        assert old.get_article(CORPUS[1].id).story_id == old.story_of(CORPUS[1].id)
        with engine.begin() as conn:
            command.downgrade(migrations.config(conn), "0015_story_keys_by_story")
            assert {t: _rows_of(conn, t) for t in tables} == before
            if sqlite:
                assert not any(_without_rowid(conn, t) for t in tables)
    finally:
        old.close()
