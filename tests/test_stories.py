"""Story clusters on pages we wrote (tests/storypages.py): a follow-up joins its story, a second
strike by the same union leader at another port stays apart; the stories through the store, the
REST API, the pages, the CLI and the exports; the linker's features on hand-made values."""

from __future__ import annotations

import csv
import json
import warnings
from datetime import UTC, datetime

import numpy as np
import pytest
import storypages

import dateline
from dateline.cli import main
from dateline.config import Settings
from dateline.corpus.store import Store
from dateline.corpus.story_features import ArticleKeys, Story, features
from dateline.understand.storyvec import load_story_encoder, pack, unpack
from dateline.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def records():
    """The four pages through ``dateline.extract``, in arrival order."""
    return [dateline.extract(page) for page in storypages.PAGES]


@pytest.fixture
def store(store_url, records):
    with Store.open(store_url) as s:
        for article in records:
            assert s.add(article)
        yield s


def test_a_follow_up_joins_and_another_port_stays_apart(store, records):
    strike, follow_up, other, other_follow_up = records
    assert store.story_of(strike.id) == strike.id  # the first article starts its story
    assert store.story_of(follow_up.id) == strike.id
    # the same union leader, the same kind of event, five days later: another story
    assert store.story_of(other.id) == other.id
    assert store.story_of(other_follow_up.id) == other.id
    assert store.get_article(follow_up.id).story_id == strike.id


def test_the_record_carries_its_story_vector_but_never_writes_it(records):
    article = records[0]
    assert article.story_vector is not None and len(article.story_vector) == 512
    assert "story_vector" not in article.model_dump_json()
    assert abs(float(np.linalg.norm(unpack(article.story_vector))) - 1.0) < 1e-6


def test_story_vectors_are_closer_for_one_event():
    encoder = load_story_encoder()
    strike = encoder.embed("Dockers walk out at Port Ellery over pay")
    same = encoder.embed("Port Ellery dock workers strike in pay dispute")
    other = encoder.embed("Council approves new library opening hours")
    assert float(strike @ same) > 0.6 > float(strike @ other)
    assert np.allclose(unpack(pack(strike)), strike, atol=0.02)


def _keys(entities, words, when, vector=None):
    return ArticleKeys(entities=entities, words=words, headline_words=words, when=when,
                       vector=vector)


def test_features_by_hand():
    day = datetime(2025, 3, 3, 9, tzinfo=UTC)
    story = Story("s1", articles=4, vectors=0, centroid=None,
                  keys={"e:mara-quist": 4, "e:port-ellery": 3, "p:port-ellery": 3,
                        "e:coastal-workers-union": 1, "w:dockers": 2},
                  first=day, last=day.replace(day=5))
    a = _keys({"e:mara-quist": "person", "e:dunmore-bay": "place",
               "e:coastal-workers-union": "org"}, ["dockers", "dunmore"],
              day.replace(day=8, hour=9))
    f = features(a, story)
    assert f["people"] == 1.0            # Mara Quist: in 4 of 4 articles
    assert f["orgs"] == 0.25             # the union: 1 of 4
    assert f["places"] == 0.0            # Dunmore Bay: in none
    assert f["entities"] == pytest.approx((1 + 0 + 0.25) / 3)
    assert f["coverage"] == 0.5          # the story's main entities: Quist held, Port Ellery not
    assert f["place_conflict"] == 1.0    # the story's place (3 of 4) is not the article's
    assert f["words"] == pytest.approx((0.5 + 0) / 2)
    assert f["log_gap_days"] == pytest.approx(np.log1p(3.0))  # 3 days after its last article
    assert f["cosine"] == 0.0            # no vectors


def test_stories_api(store, records):
    strike, follow_up, other, other_follow_up = records
    client = TestClient(create_app(store, Settings()))
    listing = client.get("/api/v1/stories").json()
    assert listing["total"] == 2
    assert [s["id"] for s in listing["items"]] == [other.id, strike.id]  # latest first
    assert listing["items"][1] == {
        "id": strike.id, "headline": "Dockers walk out at Port Ellery over pay",
        "first_published": "2025-03-03T09:15:00+00:00",
        "last_published": "2025-03-04T11:40:00+00:00", "articles": 2,
        "publishers": ["The Harbour Wire", "The Midvale Courier"]}
    assert [s["id"] for s in client.get("/api/v1/stories?q=Dunmore").json()["items"]] == [
        other.id]
    assert client.get("/api/v1/stories?since=2025-03-06").json()["total"] == 1
    assert client.get("/api/v1/stories?entity=Mara Quist").json()["total"] == 2
    assert client.get("/api/v1/stories?entity=Ellery Harbour Holdings").json()["total"] == 1

    one = client.get(f"/api/v1/stories/{strike.id}").json()
    assert [a["id"] for a in one["items"]] == [strike.id, follow_up.id]  # time order
    assert one["items"][0]["score"] is None and 0.5 < one["items"][1]["score"] <= 1
    assert one["publishers"] == ["The Harbour Wire", "The Midvale Courier"]
    keys = {e["key"]: e["articles"] for e in one["entities"]}
    assert keys["person:mara-quist"] == 2 and keys["org:ellery-harbour-holdings"] == 2
    assert "Our members have had enough of promises" in [q["text"].rstrip(",")
                                                         for q in one["quotes"]]
    assert client.get("/api/v1/stories/" + "0" * 64).status_code == 404
    assert client.get(f"/api/v1/articles/{follow_up.id}").json()["story_id"] == strike.id


def test_a_storys_articles_and_quotations_come_in_pages(store, records):
    """Regression: ``GET /api/v1/stories/{id}`` answered every article of the story at once."""
    strike, follow_up = records[:2]
    client = TestClient(create_app(store, Settings()))
    whole = client.get(f"/api/v1/stories/{strike.id}").json()
    assert whole["total"] == 2 and len(whole["items"]) == 2
    assert whole["quotes_total"] == len(whole["quotes"]) >= 2
    texts = [q["text"] for q in whole["quotes"]]
    second = client.get(f"/api/v1/stories/{strike.id}",
                        params={"limit": 1, "offset": 1, "quotes_limit": 1,
                                "quotes_offset": 1}).json()
    assert [a["id"] for a in second["items"]] == [follow_up.id]
    assert second["total"] == 2 and second["articles"] == 2
    assert [q["text"] for q in second["quotes"]] == texts[1:2]
    assert second["quotes_total"] == whole["quotes_total"]
    # outlets and entities are the whole story's, whatever the page
    assert second["publishers"] == whole["publishers"]
    assert second["entities"] == whole["entities"]
    past = client.get(f"/api/v1/stories/{strike.id}", params={"offset": 5}).json()
    assert past["items"] == [] and past["total"] == 2
    # the limits of every list: 1 to 100
    for bad in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"quotes_limit": 101}):
        assert client.get(f"/api/v1/stories/{strike.id}", params=bad).status_code == 422


def test_story_pages(store, records):
    strike, follow_up = records[:2]
    client = TestClient(create_app(store, Settings()))
    listing = client.get("/stories").text
    assert "Dockers walk out at Port Ellery over pay" in listing
    assert "Strike shuts Dunmore Bay docks" in listing
    page = client.get(f"/stories/{strike.id}").text
    assert f'href="/articles/{follow_up.id}"' in page and "The Midvale Courier" in page
    article = client.get(f"/articles/{follow_up.id}").text
    assert f'href="/stories/{strike.id}"' in article and "(2 articles)" in article


def test_stories_cli_and_exports(tmp_path, records, capsys):
    db = str(tmp_path / "s.db")
    with Store.open(db) as s:
        for article in records:
            s.add(article)
    assert main(["stories", "--db", db, "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["total"] == 2
    assert [s["articles"] for s in listing["items"]] == [2, 2]
    assert main(["stories", "Ellery", "--db", db, "--json"]) == 0
    assert [s["id"] for s in json.loads(capsys.readouterr().out)["items"]] == [records[0].id]
    assert main(["stories", "--db", db, "--story", records[2].id, "--json"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert [a["headline"] for a in one["items"]] == [
        "Strike shuts Dunmore Bay docks", "Dunmore Bay dock strike enters second day"]
    assert main(["stories", "--db", db, "--story", "nope"]) == 1
    # the 12 characters of the id the listing prints name the story too
    assert main(["stories", "--db", db, "--story", records[2].id[:12], "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == one
    assert main(["stories", "--db", db, "--story", "%"]) == 1  # no story id starts with "%"

    assert main(["export", "--db", db, "--format", "jsonl", "--out",
                 str(tmp_path / "c.jsonl")]) == 0
    lines = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    assert [r["story_id"] for r in lines] == [records[0].id] * 2 + [records[2].id] * 2
    assert main(["export", "--db", db, "--format", "csv", "--out",
                 str(tmp_path / "c.csv")]) == 0
    with open(tmp_path / "c.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["story_id"] for r in rows] == [records[0].id] * 2 + [records[2].id] * 2


def test_0007_links_the_stored_records_into_stories(tmp_path, records, monkeypatch):
    import sqlalchemy as sa
    from alembic import command

    from dateline.corpus import migrations
    from dateline.corpus.backends import backend_for
    from dateline.corpus.store import database_url

    url = database_url(str(tmp_path / "old.db"))
    engine = backend_for(url).create_engine(url)
    with engine.begin() as conn:
        command.upgrade(migrations.config(conn), "0006")
    old = Store(engine)
    with monkeypatch.context() as m:  # the store as it wrote before revision 0007
        m.setattr(old, "linkers", [])
        assert old.add_many(records) == [True] * 4
    migrations.upgrade(engine)
    try:
        # the records keep no story vector: linked on their entities and words alone
        assert [old.story_of(a.id) for a in records] == [records[0].id] * 2 + [records[2].id] * 2
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT vectors FROM stories")).scalars().all() == [0, 0]
    finally:
        old.close()


def test_an_alert_follows_a_story(tmp_path, records):
    from dateline.alerts import check_alerts

    strike, follow_up, other, other_follow_up = records
    with Store.open(str(tmp_path / "a.db")) as s:
        s.add(strike)
        client = TestClient(create_app(s, Settings(api_token="t0ken")))
        made = client.post("/api/v1/alerts", json={"story_id": strike.id},
                           headers={"Authorization": "Bearer t0ken"})
        assert made.status_code == 201 and made.json()["story_id"] == strike.id
        both = s.add_alert(story_id=strike.id, query="Mara Quist")
        for article in records[1:]:
            s.add(article)
        found = check_alerts(s, records[1:])
        # the follow-up matches both alerts; the other port's articles, with Mara Quist, none
        assert [(m.alert_id, m.article_id) for m in found] == [
            (made.json()["id"], follow_up.id), (both, follow_up.id)]


def test_an_article_with_no_entities_and_no_headline_starts_its_own_story(store, records):
    # no lookup keys: the story linker once ran an executemany of no rows, which SQLAlchemy
    # turns into "INSERT ... DEFAULT VALUES ON CONFLICT", and the whole ingest stopped
    # (a record without entities looks stories up by its headline and lede words: none here)
    bare = records[0].model_copy(update={"id": "f" * 64, "headline": None, "standfirst": None,
                                         "paragraphs": ["12 34 56"], "entities": [],
                                         "quotes": [], "events": []})
    assert store.add(bare)
    assert store.story_of(bare.id) == bare.id


def test_growing_a_story_leaves_its_id_alone():
    """The update of a story an article joins sets every column but the id: setting the key,
    even to itself, made SQLite look up story_keys rows of the old id on every join, a scan of
    the whole table (no index there leads with story_id)."""
    from sqlalchemy.dialects import sqlite

    from dateline.corpus.backends import backend_for
    from dateline.corpus.stories import StoryLinker

    grow = StoryLinker(backend_for("sqlite"))._statements()["grow"]
    sql = grow.statement.compile(dialect=sqlite.dialect(), column_keys=grow.columns).string
    assigned = sql.split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    assert sorted(part.split("=")[0].strip() for part in assigned.split(", ")) == [
        "articles", "centroid", "first_day", "first_published", "key_counts", "last_day",
        "last_published", "vectors"]
    assert sql.endswith("WHERE stories.id = ?")


def test_a_story_takes_the_headline_of_its_earliest_article(store_url, records):
    """Regression: the follow-up stored first (a later report that sorts first in a folder)
    gave the story its headline for good; the id stays the follow-up's (alerts follow a story
    by id) but the headline becomes the earlier report's when it joins."""
    strike, follow_up = records[:2]
    with Store.open(store_url) as s:
        assert s.add(follow_up) and s.add(strike)
        assert s.story_of(strike.id) == follow_up.id
        client = TestClient(create_app(s, Settings()))
        (item,) = client.get("/api/v1/stories").json()["items"]
        assert item["id"] == follow_up.id
        assert item["headline"] == "Dockers walk out at Port Ellery over pay"
        assert item["first_published"] == "2025-03-03T09:15:00+00:00"
        assert item["publishers"] == ["The Harbour Wire", "The Midvale Courier"]
        one = client.get(f"/api/v1/stories/{follow_up.id}").json()
        assert one["headline"] == "Dockers walk out at Port Ellery over pay"
        assert [a["id"] for a in one["items"]] == [strike.id, follow_up.id]  # time order


def test_ingest_of_a_folder_titles_a_story_by_its_earliest_article(tmp_path, capsys):
    """The same through ``dateline ingest`` of a folder whose later report sorts first, the
    ``dateline stories`` listing and the ``/stories`` page."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a-follow-up.html").write_bytes(storypages.FOLLOW_UP)
    (pages / "b-strike.html").write_bytes(storypages.STRIKE)
    db = str(tmp_path / "s.db")
    assert main(["ingest", "--db", db, "--workers", "1", "--no-progress", str(pages)]) == 0
    capsys.readouterr()
    assert main(["stories", "--db", db, "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)["items"]
    assert item["headline"] == "Dockers walk out at Port Ellery over pay"
    assert item["first_published"] == "2025-03-03T09:15:00+00:00"
    with Store.open(db) as s:
        listing = TestClient(create_app(s, Settings())).get("/stories").text
    assert "Dockers walk out at Port Ellery over pay" in listing
    assert "Ships queue off Port Ellery" not in listing


def test_0014_gives_the_stored_stories_their_earliest_headline(store_url, records):
    """A store written before the fix: the story of the follow-up stored first kept the
    follow-up's headline; revision 0014 gives it the earlier report's, and leaves the id and a
    story whose first stored article is its earliest alone."""
    import sqlalchemy as sa

    from dateline.corpus import migrations

    strike, follow_up, other, other_follow_up = records
    with Store.open(store_url) as s:
        for article in (follow_up, strike, other, other_follow_up):
            assert s.add(article)
        with s.engine.begin() as conn:  # as the linker wrote it before the fix
            conn.execute(sa.text("UPDATE stories SET headline = :h WHERE id = :id"),
                         {"h": follow_up.headline, "id": follow_up.id})
            conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"),
                         {"v": "0013_greek_cyrillic_fold"})
        migrations.upgrade(s.engine)
        with s.engine.connect() as conn:
            assert migrations.current(conn) == migrations.head()
            got = dict(conn.execute(sa.text("SELECT id, headline FROM stories")).all())
    assert got == {follow_up.id: "Dockers walk out at Port Ellery over pay",
                   other.id: "Strike shuts Dunmore Bay docks"}
