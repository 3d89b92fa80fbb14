"""The store on a real PostgreSQL server (never a mock): the parts SQLite cannot show.

Needs ``DATELINE_TEST_PG_URL`` (``.ci/run`` starts a throwaway server and sets it); skipped with
that reason otherwise. Every test works in a schema of its own, dropped afterwards. The shared
behaviour (search, quotes, entities, alerts, export) runs on PostgreSQL through the
parametrised ``store_url`` fixture in tests/test_store.py.
"""

from __future__ import annotations

import os
import threading
import uuid

import pytest
import sqlalchemy as sa
from conftest import pg_schema
from hypothesis import given, settings
from hypothesis import strategies as st
from store_corpus import A1, A3, CORPUS

from dateline.corpus import Store, database_url, migrations
from dateline.corpus.keys import query_terms
from dateline.errors import WordlessQueryError

PG_URL = os.environ.get("DATELINE_TEST_PG_URL")
pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not PG_URL, reason="DATELINE_TEST_PG_URL is not set: no "
                                 "PostgreSQL server to test against (.ci/run starts one)")]


@pytest.fixture
def pg_url():
    with pg_schema(PG_URL) as url:
        yield url


def test_uses_psycopg3_and_builds_tsvector_with_gin_indexes(pg_url):
    with Store.open(pg_url.replace("postgresql://", "postgres://", 1)) as store:
        assert store.engine.dialect.name == "postgresql"
        assert store.engine.dialect.driver == "psycopg"
        store.add(A1)
        with store.engine.connect() as conn:
            tsv = conn.execute(sa.text("SELECT tsv::text FROM articles")).scalar_one()
            # headline words weighted A, body-only words D; diacritics folded before indexing
            assert "'orban':1A" in tsv and "'fence':4A" in tsv and "'stay':" in tsv
            assert "orbán" not in tsv
            qtsv = conn.execute(sa.text("SELECT tsv::text FROM quotes")).scalar_one()
            assert qtsv.startswith("'give':4 'in':5 'not':3")
            indexes = conn.execute(sa.text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                "current_schema() AND indexname LIKE '%tsv'")).all()
    assert sorted(name for name, _ in indexes) == ["ix_articles_tsv", "ix_quotes_tsv"]
    assert all("USING gin" in definition for _, definition in indexes)


def test_concurrent_first_open_migrates_once(pg_url):
    errors, stores = [], []

    def open_it():
        try:
            stores.append(Store.open(pg_url))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with stores[0].engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).all() == [
            (migrations.head(),)]
    for store in stores:
        store.close()


def test_same_answers_as_sqlite(pg_url, tmp_path):
    queries = ["budget", "budapest", "orban", '"border fence"', "budap*", "fence OR fishermen",
               "Orbán", "resume", "storm", "nothing-here", "NEAR(", '"fence']
    with Store.open(pg_url) as pg, Store.open(str(tmp_path / "s.db")) as lite:
        for store in (pg, lite):
            assert store.add_many(CORPUS) == [True] * 4
        for store in (pg, lite):  # no word to search for: refused the same (session 9)
            with pytest.raises(WordlessQueryError):
                store.search('"')
        for q in queries:
            got_pg, got_lite = pg.search(q), lite.search(q)
            # the same articles, order and snippets: one snippet maker for both
            assert got_pg == got_lite, q
        assert pg.quotes(about="Budapest") == lite.quotes(about="Budapest")
        assert pg.facets() == lite.facets()
        assert pg.entity("person:viktor-orban") == lite.entity("person:viktor-orban")
        assert pg.lookup_quote("talks resume next week") == \
            lite.lookup_quote("talks resume next week")
        assert pg.get_article(A3.id) == lite.get_article(A3.id)
        assert pg.get_article(A3.id).model_copy(update={"story_id": None}) == A3.model_copy(
            update={"duplicate_group_id": A3.id})


def test_url_normalisation():
    assert database_url(PG_URL).startswith("postgresql+psycopg://")


@pytest.fixture(scope="module")
def pg_store():
    import psycopg

    schema = "test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        with Store.open(f"{PG_URL}{'&' if '?' in PG_URL else '?'}"
                        f"options=-csearch_path%3D{schema}") as store:
            store.add_many(CORPUS)
            yield store
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@given(st.text(max_size=40))
@settings(max_examples=150, deadline=None)
def test_any_user_text_is_a_valid_tsquery(pg_store, text):
    q: str | None = text
    if text.strip() and not query_terms(text):  # no word: refused, never read as no query
        with pytest.raises(WordlessQueryError):
            pg_store.search(text)
        q = None
    items, total = pg_store.search(q)
    assert len(items) == min(total, 20)
    pg_store.quotes(q=q, about=text, speaker=text)
    pg_store.facets(q, publisher=text, since=text, until=text, entity=text)
    pg_store.entities(text)
    assert pg_store.get_article(text) is None and not pg_store.has(text)
    assert pg_store.entity(text) is None
    pg_store.article_matches(text, query=text, speaker=text, entity=text)
