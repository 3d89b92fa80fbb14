"""A new user's trial (session 9): a query with no word to search for (``"``, ``***``, a bare
``OR``) listed every article from ``dateline search``, ``GET /api/v1/articles`` and the search
page ("4 articles for ***"), while ``dateline alerts add --query '"'`` refused it. Now every
search refuses it with the one reason (:func:`dateline.corpus.keys.search_terms`): the CLI
with exit status 2, the API and the pages with 400. No query at all (absent, empty, blank)
still lists the newest articles. The corpus is store_corpus.py's four records."""

from __future__ import annotations

import json
import warnings

import pytest
from store_corpus import A1, A2, A3, A4, stored

from dateline.cli import main
from dateline.config import Settings
from dateline.corpus import Store
from dateline.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

WORDLESS = ['"', "***", "OR", "* OR -", "(((", "  !?  "]
NEWEST = [A3.id, A2.id, A1.id, A4.id]


@pytest.fixture
def db(tmp_path):
    return stored(str(tmp_path / "corpus.db"))


@pytest.fixture
def client(db):
    with Store.open(db) as store:
        yield TestClient(create_app(store, Settings()))


@pytest.mark.parametrize("query", WORDLESS)
def test_cli_search_and_stories_refuse_a_wordless_query_as_alerts_add_does(db, capsys, query):
    reason = f"the query {query.strip()!r} has no word to search for"
    for command in (["search", query], ["stories", query], ["quotes", "--text", query]):
        with pytest.raises(SystemExit) as exited:  # before: 0, listing every article
            main([*command, "--db", db])
        assert exited.value.code == 2
        out, err = capsys.readouterr()
        assert reason in err and "give a word, or no query to list the newest" in err
        assert "showing" not in out
    with pytest.raises(SystemExit) as exited:
        main(["alerts", "add", "--db", db, "--query", query])
    assert exited.value.code == 2
    assert "has no word to search for" in capsys.readouterr().err


def test_cli_search_with_an_empty_query_lists_the_newest(db, capsys):
    for query in ("", "   "):
        assert main(["search", query, "--db", db, "--json"]) == 0
        body = json.loads(capsys.readouterr().out)
        assert body["total"] == 4 and [i["id"] for i in body["items"]] == NEWEST


@pytest.mark.parametrize("query", WORDLESS)
def test_the_api_answers_a_wordless_query_with_400_and_the_reason(client, query):
    for path in ("/api/v1/articles", "/api/v1/stories", "/api/v1/quotes"):
        r = client.get(path, params={"q": query})
        assert r.status_code == 400, path  # before: 200 with every article
        assert r.json()["detail"].startswith(
            f"the query {query.strip()!r} has no word to search for")


def test_the_api_without_a_query_lists_the_newest(client):
    for params in ({}, {"q": ""}, {"q": "  "}):
        r = client.get("/api/v1/articles", params=params)
        assert r.status_code == 200 and [i["id"] for i in r.json()["items"]] == NEWEST


def test_the_search_page_says_the_query_has_no_word_and_lists_nothing(client):
    r = client.get("/", params={"q": "***"})
    assert r.status_code == 400
    # before: "4 articles for ***" and the four headlines
    assert "The query &#39;***&#39; has no word to search for" in r.text
    assert "articles for" not in r.text and A3.headline not in r.text
    assert 'value="***"' in r.text  # the query stays in the box to be corrected
    r = client.get("/stories", params={"q": "OR"})
    assert r.status_code == 400 and "has no word to search for" in r.text


def test_the_search_page_without_a_query_lists_the_newest(client):
    r = client.get("/", params={"q": ""})
    assert r.status_code == 200 and "4 articles" in r.text and A3.headline in r.text
