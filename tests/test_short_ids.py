"""A new user's trial (session 9): the 12-character ids ``dateline search`` and ``dateline
stories`` print, which the CLI takes back, were a bare 404 on the web. Every article and story
route now reads ids through the store's one resolver (:func:`dateline.corpus.ids.full_id`):
a unique start answers as the full id (the API, with ``Content-Location``) or redirects to it
(the pages); the start of several ids or one under 4 characters is a 400 saying so.

The corpus is store_corpus.py's with two records of ours: FERRY's id (sha256 of
"test://ferry-3152") starts "da4e", LIBRARY's ("test://library-63613") "da4f43", A1's "da4f3d":
so "da4f" is the start of two articles' and two stories' ids, "da4f4" of LIBRARY's alone.
"""

from __future__ import annotations

import warnings

import pytest
import sqlalchemy as sa
from store_corpus import A1, CORPUS, article, stored

from dateline.cli import main
from dateline.config import Settings
from dateline.corpus import Store
from dateline.corpus.ids import MIN_PREFIX
from dateline.errors import IdPrefixError
from dateline.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

FERRY = article("ferry-3152", headline="Ferry timetable changes in winter",
                paragraphs=["The island ferry sails twice a day from December."],
                publisher="The Midland Courier", published="2024-11-02T10:00:00+00:00")
LIBRARY = article("library-63613", headline="Reading room opens on Sundays",
                  paragraphs=["Borrowers may now visit the quiet reading room each Sunday."],
                  publisher="The Upland Post", published="2024-11-03T09:00:00+00:00")


@pytest.fixture
def db(store_url):
    """The corpus on SQLite and (with DATELINE_TEST_PG_URL) PostgreSQL."""
    return stored(store_url, [*CORPUS, FERRY, LIBRARY])


@pytest.fixture
def sqlite_db(tmp_path):
    return stored(str(tmp_path / "corpus.db"), [*CORPUS, FERRY, LIBRARY])


@pytest.fixture
def client(db):
    with Store.open(db) as store:
        yield TestClient(create_app(store, Settings()), follow_redirects=False)


def test_the_ids_share_the_starts_the_tests_say(db):
    assert A1.id.startswith("da4f3d") and LIBRARY.id.startswith("da4f43")
    assert FERRY.id.startswith("da4e")
    with Store.open(db) as store:  # each its own story: they share no entity or word
        assert [store.story_of(a.id) for a in (A1, FERRY, LIBRARY)] == [A1.id, FERRY.id,
                                                                        LIBRARY.id]


def test_article_id_for_reads_a_start_as_story_id_for_does(db):
    with Store.open(db) as store:
        for lookup, what in ((store.article_id_for, "articles"), (store.story_id_for, "stories")):
            assert lookup(LIBRARY.id) == LIBRARY.id
            assert lookup(LIBRARY.id[:12]) == LIBRARY.id  # what the lists print
            assert lookup("da4f4") == LIBRARY.id and lookup("DA4E") == FERRY.id
            assert lookup(LIBRARY.id.upper()) == LIBRARY.id and lookup(LIBRARY.id + "0") is None
            assert lookup("da4f0") is None and lookup("nope") is None and lookup("%") is None
            with pytest.raises(IdPrefixError, match=f"da4f is the start of several {what}' "
                               r"ids \(da4f3d5e52103add\.\.\., da4f43a202fc1c7f\.\.\., \.\.\.\)"):
                lookup("da4f")
            with pytest.raises(IdPrefixError, match="da4 is too short: give at least 4"):
                lookup("da4")
    assert MIN_PREFIX == 4


def test_a_start_is_read_with_an_index_range_not_a_scan(sqlite_db):
    seen: list[tuple[str, tuple]] = []
    with Store.open(sqlite_db) as store:
        sa.event.listen(store.engine, "before_cursor_execute",
                        lambda conn, cur, sql, params, ctx, many: seen.append((sql, params)))
        assert store.article_id_for("da4f4") == LIBRARY.id
        assert store.story_id_for("da4f4") == LIBRARY.id
        ranged = [(sql, p) for sql, p in seen if ">=" in sql]
        assert len(ranged) == 2
        with store.engine.connect() as conn:
            for sql, params in ranged:
                plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + sql, params))
                assert plan.startswith("SEARCH") and "SCAN" not in plan, plan


def test_the_api_answers_a_unique_start_as_the_full_id(client):
    r = client.get(f"/api/v1/articles/{LIBRARY.id[:12]}")
    assert r.status_code == 200 and r.json()["id"] == LIBRARY.id
    assert r.headers["content-location"] == f"/api/v1/articles/{LIBRARY.id}"
    assert "content-location" not in client.get(f"/api/v1/articles/{LIBRARY.id}").headers
    r = client.get(f"/api/v1/articles/{LIBRARY.id[:12]}/duplicates")
    assert r.status_code == 200 and r.json()["group_id"] == LIBRARY.id
    assert r.headers["content-location"] == f"/api/v1/articles/{LIBRARY.id}/duplicates"
    r = client.get(f"/api/v1/stories/{FERRY.id[:12]}", params={"limit": 5})
    assert r.status_code == 200 and r.json()["id"] == FERRY.id
    assert [a["id"] for a in r.json()["items"]] == [FERRY.id]
    assert r.headers["content-location"] == f"/api/v1/stories/{FERRY.id}?limit=5"


@pytest.mark.parametrize("path", ["/api/v1/articles/{}", "/api/v1/articles/{}/duplicates",
                                  "/api/v1/stories/{}"])
def test_the_api_says_why_a_start_names_no_one_record(client, path):
    what = "stories" if "stories" in path else "articles"
    r = client.get(path.format("da4f"))
    assert r.status_code == 400
    assert f"da4f is the start of several {what}' ids" in r.json()["detail"]
    r = client.get(path.format("da4"))
    assert r.status_code == 400
    assert "da4 is too short: give at least 4 characters" in r.json()["detail"]
    r = client.get(path.format("da4f0"))
    assert r.status_code == 404 and r.json()["detail"].startswith("no such ")


def test_the_pages_redirect_a_unique_start_to_the_full_id(client):
    r = client.get(f"/articles/{LIBRARY.id[:12]}")
    assert r.status_code == 307 and r.headers["location"] == f"/articles/{LIBRARY.id}"
    r = client.get(f"/stories/{FERRY.id[:12]}")
    assert r.status_code == 307 and r.headers["location"] == f"/stories/{FERRY.id}"
    r = client.get(f"/articles/{LIBRARY.id[:12]}", follow_redirects=True)
    assert r.status_code == 200 and "Reading room opens on Sundays" in r.text


@pytest.mark.parametrize("path", ["/articles/{}", "/stories/{}"])
def test_the_pages_say_why_a_start_names_no_one_record(client, path):
    r = client.get(path.format("da4f"))
    assert r.status_code == 400 and "is the start of several" in r.text
    r = client.get(path.format("da4"))
    assert r.status_code == 400 and "give at least 4 characters" in r.text
    assert client.get(path.format("da4f0")).status_code == 404


def test_the_cli_reads_starts_through_the_same_resolver(db, capsys):
    assert main(["stories", "--db", db, "--story", "da4f4", "--json"]) == 0
    assert LIBRARY.id in capsys.readouterr().out
    assert main(["stories", "--db", db, "--story", "da4f"]) == 1
    assert "story id da4f is the start of several stories' ids" in capsys.readouterr().err
    assert main(["alerts", "add", "--db", db, "--story", "da4", "--query", "ferry"]) == 1
    assert "story id da4 is too short: give at least 4" in capsys.readouterr().err
