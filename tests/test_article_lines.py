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
