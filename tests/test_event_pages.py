"""Events on the web pages (issue 11, item 5): trigger words highlighted and listed on the
article page, what an entity did and what was done to it on its page, by type over time.
Over the hand-made records of tests/webcorpus.py, whose events are:
FERRY (2023-03-09): REJECT by Agnes Thornbury; ACCUSE by Colm Reddan of Agnes Thornbury.
BRIDGE (2023-05-14): SUPPORT by Agnes Thornbury. HOSTILE (2023-04-01): PROTEST by Mallory."""

from __future__ import annotations

import re
import warnings

import pytest
from webcorpus import FERRY, HOSTILE

from dateline.config import Settings
from dateline.corpus.events import EventCount
from dateline.web import create_app
from dateline.web.eventviews import stacked_chart

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

AGNES = "person:agnes-thornbury"


@pytest.fixture
def client(store):
    return TestClient(create_app(store, Settings()))


def test_event_counts_by_role_type_and_month(store):
    assert store.event_counts(AGNES) == [
        EventCount("source", "REJECT", "2023-03", 1),
        EventCount("source", "SUPPORT", "2023-05", 1),
        EventCount("target", "ACCUSE", "2023-03", 1)]
    assert store.event_counts("person:nobody") == []


def test_article_page_marks_event_triggers_and_lists_the_events(client):
    html = client.get(f"/articles/{FERRY.id}").text
    # inside the quotation it is reported in, titled with type, source and day
    assert ('<mark class="event event-reject" title="REJECT by Agnes Thornbury, 2023-03-09">'
            'cannot keep pouring money</mark>') in html
    assert ('<mark class="event event-accuse" title="ACCUSE by Colm Reddan of Agnes '
            'Thornbury, 2023-03-09">will be cut off</mark>') in html
    listed = html[html.index('<section class="events">'):]
    listed = listed[:listed.index("</section>")]
    assert "<h2>Events (2)</h2>" in listed
    items = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", li)).strip()
             for li in re.findall(r'<li class="event-item">(.*?)</li>', listed, re.S)]
    assert items == [
        "REJECT Agnes Thornbury · cannot keep pouring money 2023-03-09 · reported speech",
        "ACCUSE Colm Reddan · will be cut off · Agnes Thornbury 2023-03-09 · reported speech"]
    assert '<a href="/entities/person%3Acolm-reddan">Colm Reddan</a>' in listed
    assert '<a href="#p2">will be cut off</a>' in listed


def test_article_page_escapes_event_titles(client):
    html = client.get(f"/articles/{HOSTILE.id}").text
    assert 'title="PROTEST by &lt;b&gt;Mallory&lt;/b&gt; Quince, 2023-04-01"' in html
    assert "<b>Mallory</b>" not in html


def test_entity_page_shows_what_it_did_and_what_was_done_to_it(client):
    html = client.get(f"/entities/{AGNES}").text
    section = html[html.index('<section class="entity-events">'):]
    did = section[section.index('event-role event-did'):section.index('event-role event-done-to')]
    done_to = section[section.index('event-role event-done-to'):section.index("</section>")]
    assert "What Agnes Thornbury did (2)" in did
    assert re.findall(r'<span class="event-type event-\w+">(\w+ \d+)</span>', did) == [
        "SUPPORT 1", "REJECT 1"]  # most first, then in PLOVER's order
    # one bar a month from March to May 2023, April empty
    assert re.findall(r"<title>([^<]+)</title>", did) == [
        "2023-03: 1 REJECT event", "2023-05: 1 SUPPORT event"]
    assert re.findall(r'class="tick">(\d{4}-\d\d)<', did) == ["2023-03", "2023-04", "2023-05"]
    assert "What was done to Agnes Thornbury (1)" in done_to
    assert re.findall(r"<title>([^<]+)</title>", done_to) == ["2023-03: 1 ACCUSE event"]
    assert '<a href="/entities/person%3Acolm-reddan">Colm Reddan</a>' in done_to
    assert f'<a href="/articles/{FERRY.id}#p2">' in done_to


def test_entity_page_without_events(client):
    html = client.get("/entities/gpe:pellworth").text
    section = html[html.index('<section class="entity-events">'):]
    assert section.count("None recorded.") == 2
    assert "<svg" not in section[:section.index("</section>")]


def test_stacked_chart_stacks_types_in_plover_order():
    svg = str(stacked_chart([("2023-01", {"ASSAULT": 1, "AGREE": 3}), ("2023-02", {})]))
    rects = re.findall(r'<rect class="bar event-(\w+)" x="([\d.]+)" y="([\d.]+)" '
                       r'width="[\d.]+" height="([\d.]+)">', svg)
    # plot 608 x 136 (640 - 28 - 4, 180 - 34 - 10), two slots of 304, bars 243.2 wide at
    # 28 + 30.4; top 4 events: AGREE 3/4 of 136 at the bottom, ASSAULT 1/4 above it
    assert rects == [("agree", "58.4", "44.0", "102.0"), ("assault", "58.4", "10.0", "34.0")]
    assert '<text x="24" y="18" text-anchor="end" class="tick">4</text>' in svg
    assert str(stacked_chart([])) == ""
    assert "&lt;x&gt;" in str(stacked_chart([("<x>", {"AGREE": 1})]))
