"""Security of the web interface: escaping, headers, request size limits, tokens, SQL, binding."""

from __future__ import annotations

import re
import warnings

import pytest
from webcorpus import HOSTILE

from dateline.cli import build_parser
from dateline.cli.serve import is_loopback
from dateline.config import Settings
from dateline.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "s3cret-token"


@pytest.fixture
def client(store):
    return TestClient(create_app(store, Settings(api_token=TOKEN, max_request_bytes=1000)))


def test_hostile_article_renders_as_text(client):
    html = client.get(f"/articles/{HOSTILE.id}").text
    # None of the record's markup survives as markup ...
    for raw in ("<script>window", "<img src=x", "<svg onload", "<iframe", "<b>Mallory",
                "<i>Evil", "<u>Eve", "javascript:"):
        assert raw not in html, raw
    assert "<script" not in html  # the page has no script at all
    assert not re.search(r"<[^>]*\son(error|load)=", html)
    # ... and all of it is shown as text.
    assert "&lt;script&gt;window.__pwned = 3;&lt;/script&gt;Hall meeting" in html
    assert "&lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt;We will not be silenced," in html
    assert "&lt;svg onload=&#34;window.__pwned=4&#34;&gt;&lt;/svg&gt;" in html
    assert "&lt;i&gt;Evil&lt;/i&gt; Gazette" in html
    # the hostile speaker's name is escaped inside the mark's title attribute too
    assert 'title="Quote by &lt;b&gt;Mallory&lt;/b&gt; Quince"' in html


def test_hostile_text_escaped_in_search_facets_entity_and_lookup(client):
    pages = [client.get("/", params={"q": "<script>alert(1)</script> hall"}).text,
             client.get("/", params={"q": "silenced"}).text,
             client.get("/entities/person:b-mallory-b-quince").text,
             client.get("/lookup", params={"text": "<img src=x onerror=alert(1)> silenced"}).text]
    for html in pages:
        assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;b&gt;Mallory&lt;/b&gt; Quince" in pages[2]
    assert "&lt;i&gt;Evil&lt;/i&gt; Gazette" in pages[1]


def test_security_headers_on_every_response(client):
    for path in ("/", f"/articles/{HOSTILE.id}", "/api/v1/articles", "/static/style.css",
                 "/articles/missing", "/openapi.json"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert csp.startswith("default-src 'self'") and "script-src 'self'" in csp, path
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"


def test_request_bodies_over_the_limit_get_413(client, store):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = {"query": "x" * 1200}  # 1,215 bytes of JSON: refused before validation
    r = client.post("/api/v1/alerts", json=big, headers=auth)
    assert r.status_code == 413
    assert r.json() == {"detail": "request body too large"}
    assert r.headers["content-security-policy"].startswith("default-src")

    def chunks():  # no Content-Length: sent chunked
        yield b'{"query": "'
        for _ in range(20):
            yield b"a" * 100
        yield b'"}'

    r = client.post("/api/v1/alerts", content=chunks(),
                    headers={**auth, "Content-Type": "application/json"})
    assert r.status_code == 413
    assert store.alerts() == []
    ok = client.post("/api/v1/alerts", json={"query": "ferry"}, headers=auth)
    assert ok.status_code == 201


def test_sql_metacharacters_are_plain_values(client, store):
    r = client.get("/api/v1/articles", params={"q": "'; DROP TABLE articles; --"})
    assert r.status_code == 200 and r.json()["total"] == 0
    r = client.get("/api/v1/articles", params={"publisher": "x' OR '1'='1"})
    assert r.json()["total"] == 0
    r = client.get("/api/v1/quotes", params={"speaker": "%"})
    assert r.json()["total"] == 0  # LIKE wildcards are escaped
    r = client.get("/api/v1/articles", params={"q": 'NEAR("a" b) OR * ^ "'})
    assert r.status_code == 200
    assert store.count() == 4


def test_token_is_required_and_compared_exactly(client):
    for header in ({}, {"Authorization": TOKEN}, {"Authorization": f"Bearer {TOKEN}x"},
                   {"Authorization": f"Basic {TOKEN}"}):
        assert client.post("/api/v1/alerts", json={"query": "a"}, headers=header
                           ).status_code in (401, 403), header


def test_serve_binds_loopback_by_default():
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
