"""HEAD requests are answered like GET, without the body, on every kind of route."""

from __future__ import annotations

import warnings

import pytest
from webcorpus import ALL, FERRY, fill

from dateline.config import Settings
from dateline.corpus.store import Store
from dateline.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def client(tmp_path):
    with Store.open(str(tmp_path / "corpus.db")) as store:
        fill(store, ALL)
        yield TestClient(create_app(store, Settings(api_token="t")))


@pytest.mark.parametrize("path", [
    "/", "/?q=ferry", "/lookup", f"/articles/{FERRY.id}", "/api/v1/articles?q=ferry",
    f"/api/v1/articles/{FERRY.id}", "/api/v1/quotes", "/api/v1/entities", "/openapi.json",
    "/static/style.css", "/articles/0000", "/api/v1/articles/0000", "/alerts/99.atom"])
def test_head_gives_the_status_and_headers_of_get_and_no_body(client, path):
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == got.status_code
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert int(head.headers["content-length"]) == len(got.content) > 0
    assert head.headers["content-security-policy"] == got.headers["content-security-policy"]


def test_head_of_a_route_without_get_is_refused_as_get_is(client):
    assert client.get("/api/v1/alerts/1").status_code == 405  # DELETE only
    head = client.head("/api/v1/alerts/1")
    assert head.status_code == 405 and head.content == b""
