"""Matching an entity's events of given PLOVER types (issue 11, item 5: an alert that watches
them), through ``Store.matching_articles(event_types=...)``, over the hand-made records of
tests/webcorpus.py (FERRY: REJECT by Agnes Thornbury, ACCUSE by Colm Reddan of her; BRIDGE:
SUPPORT by her; HOSTILE: PROTEST by Mallory Quince; STORM: no events)."""

from __future__ import annotations

import pytest
from webcorpus import ALL, BRIDGE, FERRY, HOSTILE, STORM, fill

from dateline.corpus.store import Store

AGNES = "person:agnes-thornbury"


@pytest.fixture
def store(store_url):
    with Store.open(store_url) as store:
        fill(store, ALL)
        yield store


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
