"""The REST API over a store of the hand-made records in tests/webcorpus.py."""

from __future__ import annotations

import ipaddress
import warnings

import httpx
import pytest
from webcorpus import ALL, BRIDGE, FERRY, HOSTILE, STORM

from dateline.alerts import check_alerts
from dateline.config import Settings
from dateline.delivery import Deliverer
from dateline.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "test-token-7f3a"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(store):
    return TestClient(create_app(store, Settings(api_token=TOKEN)))


def ids(response) -> list[str]:
    return [item["id"] for item in response.json()["items"]]


def test_search_items_carry_the_summary_fields(client):
    r = client.get("/api/v1/articles", params={"q": "ferry"})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 1
    [item] = body["items"]
    assert set(item) == {"id", "headline", "publisher", "published", "snippet",
                         "duplicate_group_id", "story_id", "duplicates", "matched_id"}
    assert item["duplicate_group_id"] == FERRY.id and item["duplicates"] == 0
    assert item["story_id"] == FERRY.id  # the first article of its own story
    assert item["id"] == FERRY.id
    assert item["headline"] == "Harbour council votes to close Pellworth ferry terminal"
    assert item["publisher"] == "The Coastal Ledger"
    assert item["published"] == "2023-03-09T18:42:00+00:00"
    assert "ferry terminal" in item["snippet"] and "<mark>" not in item["snippet"]


def test_search_filters_and_newest_first(client):
    assert ids(client.get("/api/v1/articles")) == [STORM.id, BRIDGE.id, HOSTILE.id, FERRY.id]
    r = client.get("/api/v1/articles", params={"publisher": "The Coastal Ledger"})
    assert ids(r) == [STORM.id, FERRY.id]
    r = client.get("/api/v1/articles", params={"since": "2023-04-01", "until": "2023-05-14"})
    assert ids(r) == [BRIDGE.id, HOSTILE.id]
    r = client.get("/api/v1/articles", params={"entity": "person:agnes-thornbury"})
    assert ids(r) == [BRIDGE.id, FERRY.id]
    r = client.get("/api/v1/articles", params={"entity": "Agnes Thornbury", "q": "bridge"})
    assert ids(r) == [BRIDGE.id]


def test_search_pagination_and_limits(client):
    r = client.get("/api/v1/articles", params={"limit": 2, "offset": 2})
    assert r.json()["total"] == 4
    assert ids(r) == [HOSTILE.id, FERRY.id]
    assert ids(client.get("/api/v1/articles", params={"limit": 2, "offset": 4})) == []
    assert client.get("/api/v1/articles", params={"limit": 101}).status_code == 422
    assert client.get("/api/v1/articles", params={"limit": 0}).status_code == 422
    assert client.get("/api/v1/articles", params={"offset": -1}).status_code == 422
    bad = client.get("/api/v1/articles", params={"since": "March"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "since"]


def test_article_record_and_404(client, store):
    r = client.get(f"/api/v1/articles/{FERRY.id}")
    assert r.status_code == 200
    # the record as added, with the story and the duplicate group the store put it in
    assert r.json() == {**FERRY.model_dump(mode="json"), "story_id": store.story_of(FERRY.id),
                        "duplicate_group_id": FERRY.id}
    assert r.json()["story_id"] is not None
    missing = client.get("/api/v1/articles/" + "0" * 64)
    assert missing.status_code == 404
    assert missing.json() == {"detail": "no such article"}
    assert missing.headers["content-type"] == "application/json"


def test_quotes_by_speaker_and_words(client):
    r = client.get("/api/v1/quotes", params={"speaker": "thornbury"})
    body = r.json()
    assert body["total"] == 2
    assert [(q["article_id"], q["text"]) for q in body["items"]] == [
        (BRIDGE.id, "The bridge is safe for every family in the valley,"),
        (FERRY.id, "We cannot keep pouring money into a pier that the sea is taking back,")]
    assert body["items"][0]["speaker_entity_key"] == "person:agnes-thornbury"
    r = client.get("/api/v1/quotes", params={"q": "weeks"})
    assert [q["speaker"] for q in r.json()["items"]] == ["Colm Reddan"]
    r = client.get("/api/v1/quotes", params={"speaker": "thornbury", "limit": 1, "offset": 1})
    assert [q["article_id"] for q in r.json()["items"]] == [FERRY.id]


def test_entity_detail(client):
    r = client.get("/api/v1/entities/person:agnes-thornbury")
    assert r.status_code == 200
    e = r.json()
    assert (e["name"], e["type"], e["articles"], e["quotes_total"]) == (
        "Agnes Thornbury", "PERSON", 2, 2)
    assert sorted(e["variants"]) == ["Agnes Thornbury", "Thornbury"]
    assert e["quotes_by_month"] == [{"month": "2023-03", "count": 1},
                                    {"month": "2023-05", "count": 1}]
    assert {(c["key"], c["count"]) for c in e["co_occurring"]} == {
        ("gpe:pellworth", 2), ("person:colm-reddan", 1)}
    assert client.get("/api/v1/entities/person:nobody").status_code == 404
    r = client.get("/api/v1/entities", params={"type": "PERSON"})
    assert [(i["key"], i["articles"]) for i in r.json()["items"]][:1] == [
        ("person:agnes-thornbury", 2)]


def test_quote_lookup_tolerates_wording_differences(client):
    # Two words changed and the ending dropped.
    r = client.get("/api/v1/quote-lookup",
                   params={"text": "we can't keep pouring money into a pier the sea is taking"})
    items = r.json()["items"]
    assert items[0]["speaker"] == "Agnes Thornbury"
    assert items[0]["article_id"] == FERRY.id
    assert items[0]["published"] == "2023-03-09T18:42:00+00:00"
    assert items[0]["score"] > 80
    assert client.get("/api/v1/quote-lookup", params={"text": ""}).status_code == 422


def test_alerts_need_the_token(client, store):
    new = {"query": "ferry"}
    assert client.post("/api/v1/alerts", json=new).status_code == 401
    wrong = client.post("/api/v1/alerts", json=new, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    r = client.post("/api/v1/alerts", json=new, headers=AUTH)
    assert r.status_code == 201
    alert = r.json()
    assert alert["query"] == "ferry" and alert["feed"] == f"/alerts/{alert['id']}.atom"
    assert [a.id for a in store.alerts()] == [alert["id"]]
    assert client.get("/api/v1/alerts").status_code == 401
    assert [a["id"] for a in client.get("/api/v1/alerts", headers=AUTH).json()] == [alert["id"]]
    assert client.delete(f"/api/v1/alerts/{alert['id']}").status_code == 401
    assert client.delete(f"/api/v1/alerts/{alert['id']}", headers=AUTH).status_code == 204
    assert client.delete(f"/api/v1/alerts/{alert['id']}", headers=AUTH).status_code == 404
    assert store.alerts() == []


def test_alerts_refused_without_a_configured_token(store):
    client = TestClient(create_app(store, Settings(api_token="")))
    r = client.post("/api/v1/alerts", json={"query": "x"}, headers={"Authorization": "Bearer "})
    assert r.status_code == 403
    assert client.delete("/api/v1/alerts/1", headers=AUTH).status_code == 403


def test_alert_bodies_are_validated(client):
    assert client.post("/api/v1/alerts", json={}, headers=AUTH).status_code == 422
    assert client.post("/api/v1/alerts", json={"query": "  "}, headers=AUTH).status_code == 422
    r = client.post("/api/v1/alerts", json={"query": "x", "webhook_url": "file:///etc/passwd"},
                    headers=AUTH)
    assert r.status_code == 422


def test_the_alert_listing_counts_deliveries(client, store):
    """Delivered, pending and given-up counts per alert (issue 13 item 4)."""
    r = client.post("/api/v1/alerts", json={"query": "ferry"}, headers=AUTH)
    assert r.json()["deliveries"] == {"delivered": 0, "pending": 0, "given_up": 0}
    alert_id = store.add_alert(query="ferry OR bridge OR storm",
                               webhook_url="http://hooks.example/h")  # saved past the check
    check_alerts(store, ALL)
    answers = iter([httpx.Response(200), httpx.Response(404), httpx.Response(503)])
    receiver = httpx.Client(transport=httpx.MockTransport(lambda request: next(answers)))
    Deliverer(store, Settings(), client=receiver,
              resolve=lambda host, port: [ipaddress.ip_address("93.184.216.34")]).run()
    listed = {a["id"]: a["deliveries"] for a in client.get("/api/v1/alerts", headers=AUTH).json()}
    assert listed[alert_id] == {"delivered": 1, "pending": 1, "given_up": 1}
    assert listed[r.json()["id"]] == {"delivered": 0, "pending": 0, "given_up": 0}


def test_alert_feed_over_http(client, store):
    r = client.post("/api/v1/alerts", json={"speaker": "Thornbury"}, headers=AUTH)
    alert_id = r.json()["id"]
    check_alerts(store, ALL)
    feed = client.get(f"/alerts/{alert_id}.atom")
    assert feed.status_code == 200
    assert feed.headers["content-type"] == "application/atom+xml; charset=utf-8"
    assert feed.text.count("<entry>") == 2
    assert f"http://testserver/articles/{BRIDGE.id}" in feed.text
    assert ('<summary type="text">Residents say the decision leaves the island without a '
            'winter crossing</summary>') in feed.text
    assert ('<summary type="text">The Riverside bridge reopened on Saturday after eight months '
            'of repairs.</summary>') in feed.text
    assert client.get("/alerts/999.atom").status_code == 404


def test_openapi_document(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/articles", "/api/v1/articles/{article_id}", "/api/v1/quotes",
                 "/api/v1/entities/{key}", "/api/v1/quote-lookup", "/api/v1/alerts",
                 "/api/v1/alerts/{alert_id}", "/alerts/{alert_id}.atom", "/api/v1/events"):
        assert path in spec["paths"], path
    assert "/" not in spec["paths"]  # pages stay out of the API document
    assert "HTTPBearer" in spec["components"]["securitySchemes"]


def _events(client, **params) -> list[tuple[str, str]]:
    r = client.get("/api/v1/events", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"items", "total"}
    return [(item["article_id"], item["type"]) for item in body["items"]]


def test_events_items_carry_the_event_and_its_article(client):
    body = client.get("/api/v1/events", params={"type": "ACCUSE"}).json()
    assert body["total"] == 1
    [item] = body["items"]
    assert item == {
        "article_id": FERRY.id,
        "headline": "Harbour council votes to close Pellworth ferry terminal",
        "publisher": "The Coastal Ledger", "published": "2023-03-09T18:42:00+00:00",
        "position": 1, "type": "ACCUSE", "code": None, "mode": None, "context": [],
        "source": {"name": "Colm Reddan", "entity_key": "person:colm-reddan",
                   "mention": "Colm Reddan"},
        "target": {"name": "Agnes Thornbury", "entity_key": "person:agnes-thornbury",
                   "mention": "Agnes Thornbury"},
        "where": None, "when": "2023-03-09", "when_text": None, "trigger": "will be cut off",
        # paragraph 2 of FERRY_P, whole: 145 code points
        "part": "body", "index": 2, "start": 0, "end": 143, "quote_position": 1}


def test_events_filters_newest_first_and_pages(client):
    # by event date: BRIDGE 2023-05-14, HOSTILE 2023-04-01, FERRY's two on 2023-03-09
    assert _events(client) == [(BRIDGE.id, "SUPPORT"), (HOSTILE.id, "PROTEST"),
                               (FERRY.id, "REJECT"), (FERRY.id, "ACCUSE")]
    assert _events(client, type="reject") == [(FERRY.id, "REJECT")]
    assert _events(client, source="person:agnes-thornbury") == [(BRIDGE.id, "SUPPORT"),
                                                                  (FERRY.id, "REJECT")]
    assert _events(client, source="Thornbury", since="2023-04-01") == [(BRIDGE.id, "SUPPORT")]
    assert _events(client, target="Agnes Thornbury") == [(FERRY.id, "ACCUSE")]
    assert _events(client, target="Colm Reddan") == []
    assert _events(client, since="2023-03-10", until="2023-04-01") == [(HOSTILE.id, "PROTEST")]
    r = client.get("/api/v1/events", params={"limit": 2, "offset": 2})
    assert r.json()["total"] == 4
    assert [i["type"] for i in r.json()["items"]] == ["REJECT", "ACCUSE"]
    bad = client.get("/api/v1/events", params={"type": "DISAPPROVE"})
    assert bad.status_code == 422 and "unknown event type" in bad.json()["detail"]
    assert client.get("/api/v1/events", params={"until": "soon"}).status_code == 422
    assert client.get("/api/v1/events", params={"limit": 101}).status_code == 422
