"""An entity's display name (:mod:`dateline.corpus.entity_names`): the spelling of its name the
corpus writes most, not the one stored first. Records written by hand: one article writes
"Jose Nunez", eight later ones "José Núñez" (each with "Núñez" twice more), all with the
Harbour Board; the entity list, detail, facets, co-occurring entities, a story's entities, the
API, the pages, ``dateline entities list`` and the exports all show "José Núñez"."""

from __future__ import annotations

import csv
import json
import warnings

import pytest
from store_corpus import article

from dateline.cli import main
from dateline.config import Settings
from dateline.corpus import Store
from dateline.corpus.entity_names import display_name
from dateline.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

KEY = "person:jose-nunez"
SHOWN = "José Núñez"
PLACES = ["Ardwick", "Belmoor", "Carrow", "Dunhill", "Easterby", "Fallow", "Garth", "Hollin"]


def _plain() -> object:
    paragraphs = ["Jose Nunez, chair of the Harbour Board, opened the new pier at Southport.",
                  "Nunez thanked the crews who built it."]
    return article("nunez-0", headline="New pier opens at Southport", paragraphs=paragraphs,
                   publisher="The Midland Courier", published="2024-05-01T09:00:00+00:00",
                   entities=[("Jose Nunez", "PERSON", [(0, "Jose Nunez"), (1, "Nunez")]),
                             ("Harbour Board", "ORG", [(0, "Harbour Board")])])


def _accented(i: int, place: str) -> object:
    paragraphs = [f"José Núñez of the Harbour Board visited the {place} quay on day {i}.",
                  f"Núñez said the {place} moorings would be dredged.",
                  f"The dredging at {place}, Núñez added, starts in the spring."]
    return article(f"nunez-{i}", headline=f"Harbour Board chair visits {place}",
                   paragraphs=paragraphs, publisher="Northgate Herald",
                   published=f"2024-05-{i + 1:02d}T09:00:00+00:00",
                   entities=[(SHOWN, "PERSON", [(0, SHOWN), (1, "Núñez"), (2, "Núñez")]),
                             ("Harbour Board", "ORG", [(0, "Harbour Board")])])


RECORDS = [_plain(), *(_accented(i, place) for i, place in enumerate(PLACES, start=1))]


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "names.db")
    with Store.open(path) as store:
        for record in RECORDS:  # "Jose Nunez" is stored first
            store.add(record)
    return path


def test_the_stored_name_is_the_first_spelling_the_variants_count_the_rest(db):
    with Store.open(db) as store:
        with store.engine.connect() as conn:
            name = conn.exec_driver_sql(
                "SELECT name FROM entities WHERE key = ?", (KEY,)).scalar_one()
            variants = dict(conn.exec_driver_sql(
                "SELECT variant, mentions FROM entity_variants WHERE entity_key = ?",
                (KEY,)).all())
    assert name == "Jose Nunez"
    assert variants == {"Jose Nunez": 1, "Nunez": 1, SHOWN: 8, "Núñez": 16}


@pytest.mark.parametrize(("stored", "variants", "shown"), [
    ("Jose Nunez", [("Jose Nunez", 1), ("Nunez", 1), (SHOWN, 8), ("Núñez", 16)], SHOWN),
    (SHOWN, [(SHOWN, 1), ("Jose Nunez", 3)], "Jose Nunez"),  # the most written, accents or not
    ("Jose Nunez", [("Jose Nunez", 2), (SHOWN, 2)], SHOWN),  # a tie: the accents written out
    ("Jose Nunez", [("Jose Nunez", 2), ("José Nunez", 2), (SHOWN, 2)], SHOWN),  # more of them
    ("Jose Nunez", [("JOSÉ NÚÑEZ", 9), ("Jose Nunez", 1)], "Jose Nunez"),  # not a headline's caps
    ("JOSE NUNEZ", [("JOSE NUNEZ", 1), ("JOSÉ NÚÑEZ", 1)], "JOSÉ NÚÑEZ"),  # unless all are caps
    ("Jose Nunez", [("Núñez", 20), ("Mr Núñez", 5)], "Jose Nunez"),  # no spelling of it
    ("Jose Nunez", [], "Jose Nunez"),
    ("Anne-Marie Lott", [("Anne Marie Lott", 3), ("Anne-Marie Lott", 1)], "Anne Marie Lott"),
    ("Jose Nunez", [("jose nunez", 1), ("Jose Nunez", 1)], "Jose Nunez"),  # a tie: as stored
])
def test_display_name_by_hand(stored, variants, shown):
    assert display_name(stored, variants) == shown


def test_store_reads_show_the_most_written_spelling(db):
    with Store.open(db) as store:
        items, total = store.entities("nunez")
        assert total == 1 and [(e.key, e.name, e.articles) for e in items] == [(KEY, SHOWN, 9)]
        assert store.entities(type="PERSON")[0][0].name == SHOWN  # before: "Jose Nunez"
        detail = store.entity(KEY)
        assert detail.name == SHOWN
        assert detail.variants == ["Núñez", SHOWN, "Jose Nunez", "Nunez"]  # most written first
        board = store.entity("org:harbour-board")
        assert [(c.key, c.name, c.count) for c in board.co_occurring] == [(KEY, SHOWN, 9)]
        facets = store.facets("pier OR dredged")
        assert {f.value: f.name for f in facets.entity}[KEY] == SHOWN
        assert {f.value: f.name for f in store.facets().entity}[KEY] == SHOWN
        story = store.story(store.story_of(RECORDS[0].id))
        assert {e.key: e.name for e in story.entities}[KEY] == SHOWN


def test_api_and_pages_show_it(db):
    with Store.open(db) as store:
        client = TestClient(create_app(store, Settings()))
        listed = client.get("/api/v1/entities", params={"q": "Núñez"}).json()
        assert [(i["key"], i["name"]) for i in listed["items"]] == [(KEY, SHOWN)]
        assert client.get(f"/api/v1/entities/{KEY}").json()["name"] == SHOWN
        page = client.get(f"/entities/{KEY}").text
        assert f"<title>{SHOWN}" in page and "<title>Jose Nunez" not in page
        assert SHOWN in client.get("/entities", params={"q": "nunez"}).text


def test_cli_entities_list(db, capsys):
    assert main(["entities", "list", "nunez", "--db", db, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"items": [{"key": KEY, "name": SHOWN, "type": "PERSON", "articles": 9}],
                   "total": 1}
    assert main(["entities", "list", "--db", db, "--type", "ORG"]) == 0
    table = capsys.readouterr().out
    assert "Harbour Board" in table and SHOWN not in table and "1 entity;" in table


def test_exports_carry_it(db, tmp_path, capsys):
    out = tmp_path / "entities.csv"
    assert main(["export", "--db", db, "--format", "csv", "--table", "entities",
                 "--out", str(out)]) == 0
    with out.open(encoding="utf-8") as f:
        rows = {r["key"]: r["name"] for r in csv.DictReader(f)}
    assert rows == {KEY: SHOWN, "org:harbour-board": "Harbour Board"}  # before: "Jose Nunez"
    pq = pytest.importorskip("pyarrow.parquet")
    folder = tmp_path / "parquet"
    assert main(["export", "--db", db, "--format", "parquet", "--out", str(folder)]) == 0
    table = pq.read_table(folder / "entities.parquet").to_pylist()
    assert {r["key"]: r["name"] for r in table} == rows
    # the names each article writes stay its own
    per_article = pq.read_table(folder / "article_entities.parquet").to_pylist()
    assert [r["name"] for r in per_article if r["entity_key"] == KEY] == \
        ["Jose Nunez"] + [SHOWN] * 8


def test_the_spark_job_writes_the_same_names(tmp_path):
    # before: the job kept whichever row of a key dropDuplicates met first
    import shutil

    if shutil.which("java") is None:
        pytest.skip("the Spark test needs Java 17 (apt-get install openjdk-17-jre-headless)")
    pytest.importorskip("pyspark")
    from dateline.corpus.entity_names import spark_entity_rows
    from dateline.corpus.rows import project, values
    from dateline.spark import spark_session

    tables: dict[str, list[tuple]] = {"entities": [], "entity_variants": []}
    for record in RECORDS:
        for table, row in project(record).rows():
            if table in tables:
                tables[table].append(values(row))
    spark = spark_session("local[1]", shuffle_partitions=1)
    try:
        sc = spark.sparkContext
        made = spark_entity_rows(sc.parallelize(tables["entities"], 3),
                                 sc.parallelize(tables["entity_variants"], 3)).collect()
    finally:
        spark.stop()
    assert sorted(made) == [("org:harbour-board", "Harbour Board", "ORG"),
                            (KEY, SHOWN, "PERSON")]
