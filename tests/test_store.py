"""The corpus store on a four-article corpus (tests/store_corpus.py), once on SQLite and once
on PostgreSQL (the ``store_url`` fixture; PostgreSQL only when DATELINE_TEST_PG_URL is set)."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_corpus import A1, A2, A3, A4, CORPUS

from dateline.corpus import Store, database_url, entity_key, search
from dateline.corpus import migrations as corpus_migrations
from dateline.corpus.export import CSV_COLUMNS
from dateline.corpus.keys import query_terms
from dateline.corpus.results import StoredFailure
from dateline.corpus.rows import TABLES, columns
from dateline.errors import WordlessQueryError
from dateline.model import Article, FailedSource, PageError


@pytest.fixture
def store(store_url):
    with Store.open(store_url) as s:
        for art in CORPUS:
            assert s.add(art) is True
        yield s


def ids(items):
    return [item.id for item in items]


def test_add_is_idempotent_and_round_trips(store):
    assert store.count() == 4
    assert store.add(A1) is False
    assert store.count() == 4
    assert store.has(A2.id) and not store.has("0" * 64)
    for art in CORPUS:
        got = store.get_article(art.id)
        assert got.story_id is not None  # the store links every record into a story
        # each is a duplicate group of its own: its id is the group's
        assert got.model_copy(update={"story_id": None}) == art.model_copy(
            update={"duplicate_group_id": art.id})
    assert store.get_article("0" * 64) is None


def test_reopen_keeps_data_and_schema_is_at_head(store_url, store):
    with Store.open(store_url) as again:
        assert again.count() == 4
        with again.engine.connect() as conn:
            assert corpus_migrations.current(conn) == corpus_migrations.head() \
                == "0017_undated_story_members"


def test_failures_are_stored_counted_and_cleared_by_success(store):
    store.add_failure("a5.html", None, "empty", "the page holds no bytes")
    store.add_failure("a5.html", "ab" * 32, "binary", "looks like a PNG")
    store.add_failure("other.html", None, "encoding", "undecodable")
    fails = store.failures()
    # models with the Source shape of `dateline extract`'s failed lines (the table keeps no format)
    assert all(isinstance(f, StoredFailure) for f in fails)
    assert [f.source for f in fails] == [FailedSource(uri="a5.html", sha256="ab" * 32),
                                         FailedSource(uri="other.html")]
    assert [(f.error.kind, f.attempts) for f in fails] == [("binary", 2), ("encoding", 1)]
    assert fails[0].error == PageError(kind="binary", message="looks like a PNG")
    assert fails[0].model_dump(exclude={"failed_at"}) == {
        "source": {"uri": "a5.html", "format": None, "sha256": "ab" * 32},
        "error": {"kind": "binary", "message": "looks like a PNG"}, "attempts": 2}
    a5 = A4.model_copy(update={"id": "5" * 64, "source": A4.source.model_copy(
        update={"uri": "a5.html"})})
    assert store.add(a5) is True
    assert [f.source.uri for f in store.failures()] == ["other.html"]


def test_crash_mid_article_leaves_nothing_and_rerun_completes(store_url, monkeypatch):
    with Store.open(store_url) as s:
        def boom(*args, **kwargs):
            raise RuntimeError("power cut")

        monkeypatch.setattr(s.fulltext, "insert_quotes", boom)  # after the article row
        with pytest.raises(RuntimeError):
            s.add(A1)
        monkeypatch.undo()
        assert not s.has(A1.id)
        with s.engine.connect() as conn:
            for table in ("quotes", "article_entities", "entity_variants", "entities"):
                assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one() == 0
        assert s.add(A1) is True
        assert s.search("fence")[1] == 1
        assert s.quotes(speaker="orban")[1] == 1


def test_search_words_diacritics_and_ranking(store):
    items, total = store.search("budapest")
    assert total == 2 and ids(items) == [A3.id, A1.id]  # headline hit ranks first
    assert sorted(ids(store.search("orban")[0])) == sorted([A1.id, A3.id])
    assert ids(store.search("Orbán fence")[0]) == [A1.id]
    assert store.search("budget")[1] == 2
    item = store.search("fence")[0][0]
    # A1 is stored first: the story it starts has its id
    assert item.model_dump() == {
        "id": A1.id, "headline": "Orbán defends border fence", "publisher": "Northgate Herald",
        "published": "2024-03-05T09:00:00+01:00", "snippet": item.snippet,
        "duplicate_group_id": A1.id, "story_id": A1.id, "duplicates": 0, "matched_id": None}
    assert "<mark>fence</mark>" in item.snippet
    assert "[fence]" in store.search("fence", mark=("[", "]"))[0][0].snippet


def test_search_syntax_phrase_prefix_or(store):
    assert ids(store.search('"border fence"')[0]) == [A1.id]
    assert store.search('"fence border"')[1] == 0
    assert sorted(ids(store.search("budap*")[0])) == sorted([A1.id, A3.id])
    assert sorted(ids(store.search("fence OR fishermen")[0])) == sorted([A1.id, A2.id])
    # quote texts and entity names are indexed too
    assert ids(store.search("resume")[0]) == [A3.id]


@pytest.mark.parametrize("q", ['"', "AND", "OR", "NEAR(", "*", "fence:", "-fence", "(((",
                               "'", "fence AND", "a:b & | ! <->", "\\", "%_", "NOT fence"])
def test_search_never_raises_on_user_syntax(store, q):
    if not query_terms(q):  # '"', "OR", "*": no word, refused with that reason (session 9)
        with pytest.raises(WordlessQueryError, match="has no word to search for"):
            store.search(q)
        return
    items, total = store.search(q)
    assert total == len(items)


def test_search_filters_and_order_without_query(store):
    assert ids(store.search()[0]) == [A3.id, A2.id, A1.id, A4.id]
    assert store.search()[1] == 4
    assert ids(store.search(since="2024-04-01")[0]) == [A3.id, A2.id]
    assert ids(store.search(until="2024-03-31")[0]) == [A1.id]
    assert ids(store.search(since="2024-04-10T00:00:00", until="2024-04-10")[0]) == [A2.id]
    assert ids(store.search("budget", publisher="Northgate Herald")[0]) == [A3.id]
    assert ids(store.search(publisher=["Northgate Herald", "The Midland Courier"])[0]) == [
        A3.id, A2.id, A1.id]
    assert ids(store.search(entity="person:viktor-orban")[0]) == [A3.id, A1.id]
    assert ids(store.search(entity="Viktor Orbán")[0]) == [A3.id, A1.id]
    assert ids(store.search(entity="ana muller")[0]) == [A2.id]
    assert ids(store.search(entity="Orbán")[0]) == [A3.id, A1.id]  # a surname names the person
    assert ids(store.search(entity="ban")[0]) == []
    assert ids(store.search(entity="orb")[0]) == []
    assert ids(store.search(entity="viktor")[0]) == []
    items, total = store.search(limit=2, offset=1)
    assert ids(items) == [A2.id, A1.id] and total == 4
    assert store.search()[0][3].snippet == "Storm Eleni closed every school in the valley."


def test_quotes_filters(store):
    items, total = store.quotes(speaker="orban")
    assert total == 2
    assert [i.text for i in items] == ["the talks will resume next week", "We will not give in,"]
    assert items[0].model_dump() == {
        "article_id": A3.id, "headline": "Budget talks stall in Budapest",
        "publisher": "Northgate Herald", "published": "2024-04-22T18:00:00-05:00",
        "kind": "partial", "text": "the talks will resume next week", "speaker": "Viktor Orban",
        "speaker_entity_key": "person:viktor-orban", "cue": "said", "medium": "on Twitter",
        "quote_id": 3}  # the third stored: A1 and A2 hold one quotation each
    assert store.quotes(speaker="person:viktor-orban")[1] == 2
    assert [i.article_id for i in store.quotes(speaker="MÜLLER")[0]] == [A2.id]
    assert store.quotes(speaker="100%")[1] == 0
    assert store.quotes(about="Budapest")[1] == 2
    assert [i.article_id for i in store.quotes(about="fishermen")[0]] == [A2.id]
    assert [i.article_id for i in store.quotes(about="Müller")[0]] == [A2.id]
    assert [i.article_id for i in store.quotes(about="Orbán")[0]] == [A3.id, A1.id]
    assert [i.article_id for i in store.quotes(since="2024-04-01")[0]] == [A3.id, A2.id]
    assert [i.article_id for i in store.quotes(q="resume")[0]] == [A3.id]
    assert store.quotes()[1] == 3
    assert [i.article_id for i in store.quotes(limit=1, offset=2)[0]] == [A1.id]


def test_entity_page(store):
    assert entity_key("Viktor Orbán", "PERSON") == "person:viktor-orban"
    ent = store.entity("person:viktor-orban")
    assert ent.model_dump(include={"key", "name", "type", "variants", "articles"}) == {
        "key": "person:viktor-orban", "name": "Viktor Orbán", "type": "PERSON",
        "variants": ["Orbán", "Viktor Orban", "Viktor Orbán"], "articles": 2}
    assert [c.model_dump() for c in ent.co_occurring] == [
        {"key": "gpe:budapest", "name": "Budapest", "type": "GPE", "count": 2}]
    assert [(m.month, m.count) for m in ent.quotes_by_month] == [("2024-03", 1), ("2024-04", 1)]
    assert [q.text for q in ent.quotes] == ["the talks will resume next week",
                                            "We will not give in,"]
    assert ent.quotes_total == 2
    assert store.entity("person:nobody") is None


def test_entities_list(store):
    items, total = store.entities()
    assert total == 3
    assert [i.model_dump() for i in items] == [
        {"key": "gpe:budapest", "name": "Budapest", "type": "GPE", "articles": 2},
        {"key": "person:viktor-orban", "name": "Viktor Orbán", "type": "PERSON", "articles": 2},
        {"key": "person:ana-muller", "name": "Ana Müller", "type": "PERSON", "articles": 1}]
    assert [i.key for i in store.entities("muller")[0]] == ["person:ana-muller"]
    assert store.entities(type="PERSON")[1] == 2


def test_facets(store):
    f = store.facets().model_dump()
    assert f["publisher"] == [{"value": "Northgate Herald", "count": 2},
                              {"value": "The Midland Courier", "count": 1}]
    assert [(e["value"], e["count"]) for e in f["entity"]] == [
        ("gpe:budapest", 2), ("person:viktor-orban", 2), ("person:ana-muller", 1)]
    assert f["month"] == [{"value": "2024-03", "count": 1}, {"value": "2024-04", "count": 2}]
    f = store.facets("budget").model_dump()
    assert f["publisher"] == [{"value": "Northgate Herald", "count": 1},
                              {"value": "The Midland Courier", "count": 1}]
    assert f["month"] == [{"value": "2024-04", "count": 2}]


@pytest.mark.parametrize("scan_all", [2000, 0])  # score every quote / prefilter by full text
def test_lookup_quote_tolerates_wording(store, monkeypatch, scan_all):
    monkeypatch.setattr(search, "LOOKUP_SCAN_ALL", scan_all)
    hits = store.lookup_quote("we will never give in")
    assert hits[0].article_id == A1.id and hits[0].speaker == "Viktor Orbán"
    assert hits[0].score > 80
    assert all(h.score < hits[0].score for h in hits[1:])
    hits = store.lookup_quote("The talks will resume next week.")
    assert hits[0].article_id == A3.id and hits[0].score == 100.0
    assert store.lookup_quote("!!") == []


def test_alerts(store):
    a = store.add_alert(query="budget")
    b = store.add_alert(speaker="orban", webhook_url="http://127.0.0.1:9/hook")
    c = store.add_alert(entity="gpe:budapest")
    with pytest.raises(ValueError):
        store.add_alert()
    assert [(x.id, x.query, x.speaker, x.entity) for x in store.alerts()] == [
        (a, "budget", None, None), (b, None, "orban", None), (c, None, None, "gpe:budapest")]
    assert store.get_alert(b).webhook_url == "http://127.0.0.1:9/hook"
    matching = {x.id for x in store.alerts()
                if store.article_matches(A3.id, query=x.query, speaker=x.speaker,
                                         entity=x.entity)}
    assert matching == {a, b, c}
    assert not store.article_matches(A2.id, speaker="orban")
    assert not store.article_matches(A1.id, query="budget")
    assert store.article_matches(A1.id, entity="Budapest", speaker="person:viktor-orban")
    assert store.record_match(a, A3.id) is True
    assert store.record_match(a, A3.id) is False
    assert store.record_match(a, A2.id) is True
    got = store.alert_matches(a)
    assert sorted(m.article_id for m in got) == sorted([A2.id, A3.id])
    assert {m.headline for m in got} == {A2.headline, A3.headline}
    assert store.delete_alert(a) is True and store.delete_alert(a) is False
    assert store.alert_matches(a) == [] and [x.id for x in store.alerts()] == [b, c]


def test_export_jsonl_csv_parquet(store, tmp_path):
    assert store.export("jsonl", tmp_path / "a.jsonl") == 4
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    exported = [Article.model_validate_json(line) for line in lines]
    assert [a.model_copy(update={"story_id": None}) for a in exported] == [
        a.model_copy(update={"duplicate_group_id": a.id}) for a in CORPUS]
    # every record carries the story the store put it in
    assert [a.story_id for a in exported] == [store.story_of(a.id) for a in CORPUS]
    assert all(exported_id for exported_id in (a.story_id for a in exported))
    assert store.export("csv", tmp_path / "a.csv") == 4
    with open(tmp_path / "a.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[1]["authors"] == "Tom Reed; Ana Lee"
    assert rows[1]["body"] == "\n\n".join(A2.paragraphs)
    assert (rows[0]["quote_count"], rows[0]["entity_count"]) == ("1", "2")
    assert [r["event_count"] for r in rows] == ["1", "1", "2", "0"]
    assert list(rows[0]) == list(CSV_COLUMNS) and "record" not in rows[0]
    assert rows[3]["publisher"] == "" and rows[3]["source_uri"] == "a4.html"
    assert store.export("parquet", tmp_path / "pq") == 4
    arts = pq.read_table(tmp_path / "pq" / "articles.parquet").to_pylist()
    assert [a["id"] for a in arts] == [a.id for a in CORPUS]
    assert arts[1]["authors"] == ["Tom Reed", "Ana Lee"]
    assert json.loads(arts[2]["record"]) == {**A3.model_dump(mode="json"),
                                             "story_id": store.story_of(A3.id),
                                             "duplicate_group_id": A3.id}
    assert [a["story_id"] for a in arts] == [store.story_of(a.id) for a in CORPUS]
    qs = pq.read_table(tmp_path / "pq" / "quotes.parquet").to_pylist()
    assert [(q["article_id"], q["speaker_entity_key"]) for q in qs] == [
        (A1.id, "person:viktor-orban"), (A2.id, "person:ana-muller"),
        (A3.id, "person:viktor-orban")]
    ents = pq.read_table(tmp_path / "pq" / "entities.parquet").to_pylist()
    assert ents == [{"key": "person:viktor-orban", "name": "Viktor Orbán", "type": "PERSON"},
                    {"key": "gpe:budapest", "name": "Budapest", "type": "GPE"},
                    {"key": "person:ana-muller", "name": "Ana Müller", "type": "PERSON"}]
    mentions = pq.read_table(tmp_path / "pq" / "article_entities.parquet").to_pylist()
    assert len(mentions) == 5 and {e["type"] for e in mentions} == {"PERSON", "GPE"}
    evs = pq.read_table(tmp_path / "pq" / "events.parquet").to_pylist()
    assert [(e["article_id"], e["position"], e["type"]) for e in evs] == [
        (A1.id, 0, "REJECT"), (A2.id, 0, "AGREE"), (A3.id, 0, "CONSULT"), (A3.id, 1, "CONSULT")]
    assert evs[0] == EVENT_A1
    assert evs[2]["context"] == ["economic"] and evs[2]["source_name"] is None
    for table in TABLES:  # every table of the projection, with its columns
        schema = pq.read_schema(tmp_path / "pq" / f"{table}.parquet")
        assert schema.names == [c for c, _ in columns(table)]
    with pytest.raises(ValueError):
        store.export("xml", tmp_path / "a.xml")


#: The events row of A1 (tests/store_corpus.py), worked out from its second paragraph.
EVENT_A1 = {"article_id": A1.id, "position": 0, "type": "REJECT", "code": "120", "mode": None,
            "context": [], "source_name": "Viktor Orbán",
            "source_entity_key": "person:viktor-orban", "source_mention": "Orbán",
            "target_name": None, "target_entity_key": None, "target_mention": None,
            "where_name": "Budapest", "where_entity_key": "gpe:budapest",
            "where_mention": "Budapest", "when_date": "2024-03-05", "when_text": None,
            "published_day": "2024-03-05", "trigger": "will not give in", "part": "body",
            "index": 1, "start": 0, "end": 56, "quote_position": 0}


def test_events_table_holds_one_row_per_event(store):
    with store.engine.connect() as conn:
        got = conn.execute(sa.text(
            "SELECT * FROM events ORDER BY published_day, position")).mappings().all()
    assert len(got) == 4
    assert {**got[0], "context": json.loads(got[0]["context"])} == EVENT_A1
    assert [(r["source_name"], r["source_entity_key"], r["source_mention"]) for r in got] == [
        ("Viktor Orbán", "person:viktor-orban", "Orbán"),
        ("harbour council", None, "The harbour council"), (None, None, None),
        ("Viktor Orban", "person:viktor-orban", "Viktor Orban")]
    assert [(r["when_date"], r["when_text"], r["quote_position"]) for r in got] == [
        ("2024-03-05", None, 0), ("2024-04-09", "on Tuesday", None),
        ("2024-04-22", "on Monday", None), ("2024-04-29", "next week", 0)]
    assert got[2]["context"] == '["economic"]' and got[2]["mode"] == "meet"


def test_database_url():
    assert database_url("x/dateline.db").startswith("sqlite:////")
    assert database_url("postgresql://u@127.0.0.1:5432/d") == \
        "postgresql+psycopg://u@127.0.0.1:5432/d"
    assert database_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert database_url("sqlite:///rel.db") == "sqlite:///rel.db"
    assert database_url(":memory:") == "sqlite://"


def test_add_many_batches_and_skips_stored(store_url):
    with Store.open(store_url) as s:
        assert s.add(A2) is True
        assert s.add_many([A1, A2, A3, A1, A4], batch=2) == [True, False, True, False, True]
        assert s.count() == 4
        assert s.search("budapest")[1] == 2 and s.quotes()[1] == 3
        assert s.entity("person:viktor-orban").articles == 2


def test_add_many_falls_back_to_one_by_one(store_url, monkeypatch):
    with Store.open(store_url) as s:
        real = s._insert
        calls = []

        def flaky(conn, article):
            calls.append(article.id)
            if len(calls) == 2:  # the batch's second insert breaks: the batch is rolled back
                raise sa.exc.OperationalError("INSERT", {}, Exception("disk I/O error"))
            real(conn, article)

        monkeypatch.setattr(s, "_insert", flaky)
        assert s.add_many([A1, A2, A3], batch=3) == [True, True, True]
        assert calls == [A1.id, A2.id, A1.id, A2.id, A3.id]
        assert s.count() == 3 and s.quotes()[1] == 3


def test_unreachable_server_is_a_store_error():
    from dateline.corpus import StoreError

    with pytest.raises(StoreError, match="cannot open store postgresql://nobody@127.0.0.1:1/none"):
        Store.open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_migrations_down_to_0001_and_up_again_keep_the_data(tmp_path):
    from alembic import command

    path = str(tmp_path / "old.db")
    with Store.open(path) as s:
        assert s.add_many(CORPUS) == [True] * 4
        with s.engine.begin() as conn:
            command.downgrade(corpus_migrations.config(conn), "0001")
            assert corpus_migrations.current(conn) == "0001"
            sql = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE name = "
                                       "'articles_fts'")).scalar_one()
            assert "prefix" not in sql
            cols = [r[1] for r in conn.execute(sa.text("PRAGMA table_info(quotes)"))]
            assert "published_day" not in cols
    with Store.open(path) as s:  # upgrades 0001 -> 0002 -> 0003, backfilling
        with s.engine.connect() as conn:
            assert corpus_migrations.current(conn) == corpus_migrations.head()
            sql = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE name = "
                                       "'articles_fts'")).scalar_one()
            days = conn.execute(sa.text("SELECT published_day FROM quotes ORDER BY id")).all()
        assert "prefix = '3 4'" in sql
        assert days == [("2024-03-05",), ("2024-04-10",), ("2024-04-22",)]
        assert ids(s.search("budapest")[0]) == [A3.id, A1.id]
        assert ids(s.search("budap*")[0]) == [A3.id, A1.id]
        assert [i.articles for i in s.entities()[0]] == [2, 2, 1]
        assert [i.article_id for i in s.quotes()[0]] == [A3.id, A2.id, A1.id]
        assert s.add(A1) is False
        assert s.add(A1.model_copy(update={"id": "1" * 64})) is True
        assert s.entity("person:viktor-orban").articles == 3


def test_keys_and_query_rendering():
    from dateline.corpus.keys import fold, fts5_query, query_terms, slug, tsquery

    assert fold("Łódź Ørsted Müller") == "lodz orsted muller"  # was "łodz ørsted muller"
    assert slug("  Jean-Luc Mélenchon!! ") == "jean-luc-melenchon"
    assert entity_key("Organisation of the Petroleum (OPEC)", "ORG") == \
        "org:organisation-of-the-petroleum-opec"
    assert entity_key("???", "ORG") == "org:???"
    terms = query_terms('Orbán "prime minister" elec* OR vote)')
    assert terms == [["orban"], ["prime", "minister"], ["elec*"], "OR", ["vote"]]
    assert fts5_query(terms) == '"orban" "prime" + "minister" "elec"* OR "vote"'
    assert tsquery(terms) == "(orban) & (prime <-> minister) & (elec:*) | (vote)"
    assert query_terms("OR OR fence OR") == [["fence"]]
    assert query_terms("“curly quoted phrase” don't") == [["curly", "quoted", "phrase"],
                                                           ["don", "t"]]
    assert query_terms(" ( ) - : ") == []


@pytest.fixture(scope="module")
def lite_store(tmp_path_factory):
    with Store.open(str(tmp_path_factory.mktemp("lite") / "s.db")) as s:
        s.add_many(CORPUS)
        yield s


@given(st.text(max_size=40))
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_user_text_is_a_valid_query(lite_store, text):
    q: str | None = text
    if text.strip() and not query_terms(text):  # no word: refused, never read as no query
        for read in (lite_store.search, lite_store.facets, lambda t: lite_store.quotes(q=t)):
            with pytest.raises(WordlessQueryError):
                read(text)
        q = None
    items, total = lite_store.search(q)
    assert len(items) == min(total, 20)
    lite_store.quotes(q=q, about=text, speaker=text)
    lite_store.facets(q, publisher=text, since=text, until=text, entity=text)
    lite_store.entities(text)
    lite_store.article_matches(text, query=text, speaker=text, entity=text)
    lite_store.lookup_quote(text)
    lite_store.events(source=text, target=text, since=text, until=text)


def test_store_tables_are_the_projection_plus_store_columns():
    from dateline.corpus import schema
    from dateline.corpus.store import STORE_ONLY

    for table, store_only in STORE_ONLY.items():
        projected = {c for c, _ in columns(table)}
        stored = {c.name for c in schema.metadata.tables[table].columns}
        assert stored - store_only <= projected, table
        assert not store_only & projected, table


def test_fts5_owns_the_tables_the_migrations_made(tmp_path):
    from dateline.corpus.fts5 import FTS5

    with Store.open(str(tmp_path / "s.db")) as s, s.engine.connect() as conn:
        made = {name: sql for name, sql in conn.execute(sa.text(
            "SELECT name, sql FROM sqlite_master WHERE name IN ('articles_fts', 'quotes_fts')"))}
    declared = [ddl.split(" USING ", 1)[1] for ddl in FTS5.DDL]
    assert [made["articles_fts"].split(" USING ", 1)[1],
            made["quotes_fts"].split(" USING ", 1)[1]] == declared


def test_events_filters_and_order(store):
    items, total = store.events()
    # newest event date first: A3's two (2024-04-29, 2024-04-22), A2's, A1's
    assert total == 4
    assert [(i.article_id, i.position, i.when) for i in items] == [
        (A3.id, 1, "2024-04-29"), (A3.id, 0, "2024-04-22"), (A2.id, 0, "2024-04-09"),
        (A1.id, 0, "2024-03-05")]
    first = items[3]
    assert (first.type, first.code, first.trigger, first.quote_position) == (
        "REJECT", "120", "will not give in", 0)
    assert first.source.model_dump() == {"name": "Viktor Orbán",
                                         "entity_key": "person:viktor-orban",
                                         "mention": "Orbán"}
    assert first.where.entity_key == "gpe:budapest" and first.target is None
    assert (first.headline, first.publisher, first.published) == (
        "Orbán defends border fence", "Northgate Herald", "2024-03-05T09:00:00+01:00")
    assert (first.part, first.index, first.start, first.end) == ("body", 1, 0, 56)
    assert items[1].context == ["economic"] and items[1].source is None

    def found(**kw):
        got, n = store.events(**kw)
        assert n == len(got)
        return [(i.article_id, i.position) for i in got]

    assert found(type="consult") == [(A3.id, 1), (A3.id, 0)]
    assert found(source="person:viktor-orban") == [(A3.id, 1), (A1.id, 0)]
    assert found(source="Orbán") == found(source="orban") == [(A3.id, 1), (A1.id, 0)]
    assert found(source="harbour council") == [(A2.id, 0)]
    assert found(source="ban") == [] and found(target="person:viktor-orban") == []
    assert found(since="2024-04-09", until="2024-04-22") == [(A3.id, 0), (A2.id, 0)]
    assert found(until="2024-04-22T23:59:59+00:00") == [(A3.id, 0), (A2.id, 0), (A1.id, 0)]
    assert found(type="CONSULT", source="orban", since="2024-04-23") == [(A3.id, 1)]
    assert store.events(limit=1, offset=1)[0][0].position == 0
    assert store.events(limit=1, offset=1)[1] == 4
    with pytest.raises(ValueError, match="unknown event type"):
        store.events(type="DISAPPROVE")
