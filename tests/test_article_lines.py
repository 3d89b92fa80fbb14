"""Every article line of the REST API carries the two ids the store links it with (issue 10
item 5: "every article record in the API ... carries story_id and duplicate_group_id"), on
the pages of tests/pages/duplicates/ (written by us), on SQLite and PostgreSQL."""

from __future__ import annotations

import warnings
from pathlib import Path

import dateline
from dateline.config import Settings
from dateline.corpus import Store
from dateline.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PAGES = Path(__file__).parent / "pages" / "duplicates"


def page(name: str):
    fmt = "html" if name.endswith(".html") else "text"
    return dateline.extract((PAGES / name).read_bytes(), format=fmt, nlp=False, source=name)


def test_search_lines_carry_story_id_and_duplicate_group_id(store_url):
    """Regression: a search line had ``duplicate_group_id`` but no ``story_id``."""
    wire, copy, other = (page(n) for n in ("wire-original.html", "syndicated-copy.txt",
                                           "same-subject.html"))
    with Store.open(store_url) as store:
        for record in (copy, wire, other):  # the copy is stored before its original
            assert store.add(record)
        client = TestClient(create_app(store, Settings()))
        for params in ({}, {"q": "crane"}, {"publisher": "The Grenmouth Courier"}):
            items = client.get("/api/v1/articles", params=params).json()["items"]
            assert items, params
            for item in items:
                record = client.get(f"/api/v1/articles/{item['id']}").json()
                assert item["story_id"] == record["story_id"] == store.story_of(item["id"])
                assert item["duplicate_group_id"] == record["duplicate_group_id"]
        # the wire story and its copy are one line, the original's, in the original's story
        lines = client.get("/api/v1/articles", params={"q": "crane"}).json()["items"]
        line = next(i for i in lines if i["duplicates"])
        assert (line["id"], line["duplicate_group_id"]) == (wire.id, wire.id)
        assert line["story_id"] == store.story_of(wire.id) is not None
        # not collapsed: each copy's own story
        hits, _ = store.search("crane", collapse=False)
        assert {h.id: h.story_id for h in hits} == {a.id: store.story_of(a.id)
                                                    for a in (wire, copy, other)}


def test_quote_lookup_breaks_a_tie_by_the_earliest_report_in_utc(store_url):
    """Regression: hits of one score were ordered by ``published`` as written, so a report at
    06:00 in UTC-05:00 (11:00 UTC) came before the first report, at 09:00 UTC."""
    from webcorpus import make_article

    said = "The new ferry timetable starts on the first of June for every island"
    made = {}
    # two articles of their own (not copies of one: no duplicate group folds them)
    for name, publisher, published, more in (
            ("late", "Harbour Post", "2025-03-03T06:00:00-05:00",
             "Fishermen on the north quay said the early sailings clash with the tides."),
            ("first", "Estuary Gazette", "2025-03-03T09:00:00+00:00",
             "Schools on Marren and Tolsey will move their bus times to meet the boats.")):
        paragraphs = [f"“{said},” said Ines Varga of the ferry board.", more]
        made[name] = make_article(
            source=f"test:lookup-{name}", headline=f"Ferry timetable ({publisher})",
            paragraphs=paragraphs, publisher=publisher, published=published,
            entities=[("Ines Varga", "PERSON", [("body", 0, "Ines Varga")])],
            quotes=[(0, said, "Ines Varga", "Ines Varga")])
    with Store.open(store_url) as store:
        for record in (made["late"], made["first"]):
            assert store.add(record)
        hits = store.lookup_quote(said)
        assert [(h.score, h.article_id) for h in hits] == [
            (100.0, made["first"].id), (100.0, made["late"].id)]


def test_a_storys_article_lines_carry_their_duplicate_group_id(store_url):
    """Regression: the articles of ``GET /api/v1/stories/{id}`` had no ``duplicate_group_id``,
    so three copies of one wire text in a story could not be told from three reports."""
    wire, copy, other = (page(n) for n in ("wire-original.html", "syndicated-copy.txt",
                                           "same-subject.html"))
    with Store.open(store_url) as store:
        for record in (copy, wire, other):
            assert store.add(record)
        client = TestClient(create_app(store, Settings()))
        seen = {}
        for story in client.get("/api/v1/stories").json()["items"]:
            for item in client.get(f"/api/v1/stories/{story['id']}").json()["items"]:
                assert item["story_id"] == story["id"]
                seen[item["id"]] = item["duplicate_group_id"]
        # the copy is in the wire story's group; the Herald's own article is a group of one
        assert seen == {wire.id: wire.id, copy.id: wire.id, other.id: other.id}


def test_dateline_stories_shows_each_articles_time_with_its_offset(tmp_path, capsys):
    """Regression: ``dateline stories --story`` cut ``published`` to its first 16 characters,
    so of articles in time order (UTC) one at 09:00+00:00 and one at 06:00-05:00 (11:00 UTC)
    read "09:00" then "06:00"."""
    from webcorpus import make_article

    from dateline.cli import main

    record = make_article(
        source="test:stories-offset", headline="Ferry timetable changes for the islands",
        paragraphs=["The island ferry will sail earlier from the first of June, the board said."],
        publisher="Harbour Post", published="2025-03-03T06:00:00-05:00", entities=[], quotes=[])
    db = str(tmp_path / "s.db")
    with Store.open(db) as store:
        assert store.add(record)
    assert main(["stories", "--db", db, "--story", record.id[:12]]) == 0
    out = capsys.readouterr().out
    assert "2025-03-03T06:00-05:00  Harbour Post" in out
