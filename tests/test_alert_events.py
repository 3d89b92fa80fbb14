"""Matching an entity's events of given PLOVER types (issue 11, item 5: an alert that watches
them), through ``Store.matching_articles(event_types=...)``, over the hand-made records of
tests/webcorpus.py (FERRY: REJECT by Agnes Thornbury, ACCUSE by Colm Reddan of her; BRIDGE:
SUPPORT by her; HOSTILE: PROTEST by Mallory Quince; STORM: no events)."""

from __future__ import annotations

import pytest
from webcorpus import ALL, BRIDGE, FERRY, HOSTILE, STORM, fill

from dateline.corpus.store import Store

AGNES = "person:agnes-thornbury"


def test_events_of_an_entity_by_type(store):
    ids = [a.id for a in ALL]
    # done to her (the target of Colm Reddan's ACCUSE), and by her
    assert store.matching_articles(ids, entity=AGNES, event_types="accuse") == [FERRY.id]
    assert store.matching_articles(ids, entity="Agnes Thornbury",
                                   event_types="REJECT, SUPPORT") == [FERRY.id, BRIDGE.id]
    assert store.matching_articles(ids, entity=AGNES, event_types=["PROTEST"]) == []
    # any actor without an entity; the whole corpus without ``among``
    assert store.matching_articles(event_types="PROTEST;ASSAULT") == [HOSTILE.id]
    assert STORM.id not in store.matching_articles(event_types="REJECT SUPPORT PROTEST ACCUSE")
    with pytest.raises(ValueError):
        store.matching_articles(ids, event_types="DISAPPROVE")


def test_a_saved_alert_watches_an_entitys_events_of_given_types(store_url, tmp_path):
    """The criterion saved (API and CLI), stored in its normal form and matched at ingest and
    by backfill; a word that is no PLOVER type is refused (400, exit status 2)."""
    from fastapi.testclient import TestClient

    from dateline.alerts import check_alerts
    from dateline.cli import main
    from dateline.config import Settings
    from dateline.web import create_app

    with Store.open(store_url) as store:
        client = TestClient(create_app(store, Settings(api_token="t")))
        auth = {"Authorization": "Bearer t"}
        made = client.post("/api/v1/alerts", json={"entity": AGNES, "event_types": "accuse reject"},
                           headers=auth)
        assert made.status_code == 201 and made.json()["event_types"] == "ACCUSE,REJECT"
        bad = client.post("/api/v1/alerts", json={"entity": AGNES, "event_types": "DISAPPROVE"},
                          headers=auth)
        assert bad.status_code == 400 and "DISAPPROVE" in bad.json()["detail"]
        fill(store, ALL)
        found = check_alerts(store, ALL)
        assert [(m.alert_id, m.article_id) for m in found] == [(made.json()["id"], FERRY.id)]
    db = str(tmp_path / "e.db")
    with Store.open(db) as s:
        fill(s, ALL)
    assert main(["alerts", "add", "--db", db, "--event-types", "support", "--entity", AGNES,
                 "--backfill"]) == 0
    with pytest.raises(SystemExit) as refused:  # FIGHT is the 2016 name of ASSAULT
        main(["alerts", "add", "--db", db, "--event-types", "FIGHT"])
    assert refused.value.code == 2
    with Store.open(db) as s:
        assert [m.article_id for m in s.alert_matches(1)] == [BRIDGE.id]
        assert s.get_alert(1).event_types == "SUPPORT"
