"""HTML pages, highlighting and the chart, over the hand-made records in tests/webcorpus.py."""

from __future__ import annotations

import re
import warnings
from html import unescape as html_unescape

import pytest
from hypothesis import given
from hypothesis import strategies as st
from webcorpus import ALL, BRIDGE, FERRY, fill

from dateline.config import Settings
from dateline.corpus.store import Store
from dateline.web import create_app, pages
from dateline.web.chart import bar_chart, fill_months
from dateline.web.highlight import Highlight, highlight

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def client(store_url):
    with Store.open(store_url) as store:
        fill(store, ALL)
        yield TestClient(create_app(store, Settings()))


def test_highlight_escapes_then_marks_by_code_points():
    text = "é <b>“Hi,” said Ann</b>"
    spans = [Highlight(6, 9, ("quote",), 'Quote by "Ann" <x>'),
             Highlight(16, 19, ("entity", "Bad Class!"), "")]
    assert text[6:9] == "Hi," and text[16:19] == "Ann"
    assert highlight(text, spans) == (
        'é &lt;b&gt;“<mark class="quote" title="Quote by &#34;Ann&#34; &lt;x&gt;">Hi,</mark>” '
        'said <mark class="entity">Ann</mark>&lt;/b&gt;')


def test_highlight_nests_contained_spans_and_splits_crossing_ones():
    outer_inner = highlight("abcdef", [Highlight(0, 6, ("q",)), Highlight(2, 4, ("e",))])
    assert outer_inner == '<mark class="q">ab<mark class="e">cd</mark>ef</mark>'
    crossing = highlight("abcdef", [Highlight(0, 4, ("q",)), Highlight(2, 6, ("e",))])
    assert crossing == ('<mark class="q">ab<mark class="e">cd</mark></mark>'
                        '<mark class="e">ef</mark>')
    clipped = highlight("abc", [Highlight(-5, 2, ("q",)), Highlight(2, 2, ("e",)),
                                Highlight(5, 9, ("x",))])
    assert clipped == '<mark class="q">ab</mark>c'


@given(st.text(max_size=40), st.lists(st.tuples(st.integers(-5, 45), st.integers(-5, 45),
                                               st.sampled_from(["q", "e", "s"])), max_size=6))
def test_highlight_keeps_the_text_and_balances_marks(text, raw):
    html = str(highlight(text, [Highlight(a, b, (c,)) for a, b, c in raw]))
    assert html.count("<mark") == html.count("</mark>")
    plain = re.sub(r"</?mark[^>]*>", "", html)
    assert "<" not in plain and ">" not in plain
    assert html_unescape(plain) == text
    # the marks nest properly: a stack check over the tags
    depth = 0
    for tag in re.findall(r"</?mark", html):
        depth += 1 if tag == "<mark" else -1
        assert depth >= 0


def test_fill_months_and_chart():
    series = fill_months([{"month": "2022-11", "count": 2}, {"month": "2023-02", "count": 5}])
    assert series == [("2022-11", 2), ("2022-12", 0), ("2023-01", 0), ("2023-02", 5)]
    svg = str(bar_chart(series))
    assert svg.count("<rect") == 4
    assert "<title>2023-01: 0 quotes</title>" in svg
    heights = [float(h) for h in re.findall(r'height="([\d.]+)"><title>', svg)]
    assert heights == [pytest.approx(136 * 2 / 5), 0.0, 0.0, 136.0]
    assert bar_chart([]) == ""


def test_search_page_results_and_facets(client):
    r = client.get("/", params={"q": "Pellworth"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "2 articles for <q>Pellworth</q>" in html
    assert f'href="/articles/{FERRY.id}"' in html and f'href="/articles/{BRIDGE.id}"' in html
    assert "<mark>Pellworth</mark>" in html  # the snippet marks the matched word
    # facets: publishers with counts, entities linking to an entity filter, months
    assert re.search(r'href="\?q=Pellworth&amp;publisher=Valley\+Courier">Valley Courier</a> '
                     r'<span class="n">1</span>', html)
    assert 'href="?q=Pellworth&amp;entity=person%3Aagnes-thornbury">Agnes Thornbury</a>' in html
    assert 'href="?q=Pellworth&amp;since=2023-05-01&amp;until=2023-05-31">2023-05</a>' in html


def test_search_page_filters_and_pagination(client, monkeypatch):
    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    first = client.get("/").text
    assert "1–2 of 4" in first and 'href="?offset=2"' in first and 'rel="prev"' not in first
    second = client.get("/", params={"offset": 2}).text
    assert "3–4 of 4" in second and 'rel="next"' not in second
    assert f"/articles/{FERRY.id}" in second and f"/articles/{BRIDGE.id}" not in second
    only = client.get("/", params={"entity": "person:agnes-thornbury"}).text
    assert "Only articles mentioning <strong>Agnes Thornbury</strong>" in only
    dated = client.get("/", params={"since": "2023-05-01", "until": "not a date"}).text
    assert "&#39;To&#39; must be a date like 2023-03-09." in dated


def test_article_page_highlights_quotes_and_entities(client):
    html = client.get(f"/articles/{FERRY.id}").text
    assert ('“<mark class="quote quote-direct" title="Quote by Agnes Thornbury">We <mark '
            'class="event event-reject" title="REJECT by Agnes Thornbury, 2023-03-09">cannot '
            'keep pouring money</mark> into a pier that the sea is taking back,</mark>” said '
            'council leader '
            '<mark class="speaker" title="Speaker: Agnes Thornbury"><mark class="entity '
            'entity-person" title="PERSON: Agnes Thornbury">Agnes Thornbury</mark></mark>.'
            ) in html
    # headline and caption mentions are marked too
    assert '<mark class="entity entity-gpe" title="GPE: Pellworth">Pellworth</mark> ferry' in html
    assert ('<figcaption>Ferry passengers queue at the <mark class="entity entity-gpe" '
            'title="GPE: Pellworth">Pellworth</mark> terminal') in html
    assert "By Marta Okonkwo-Reyes, Daniel Frisby" in html
    assert ('<time datetime="2023-03-09T18:42:00+00:00">9 March 2023, 18:42 (UTC+00:00)</time>'
            in html)
    assert '<a href="https://ledger.example/ferry" rel="noopener noreferrer nofollow">' in html
    details = re.search(r'<details class="boilerplate">(.*?)</details>', html, re.S).group(1)
    assert "Removed boilerplate (2 blocks)" in details
    assert "Independent journalism needs you. Donate now" in details
    assert '<a href="/entities/person%3Acolm-reddan">Colm Reddan</a>' in html


def test_human_date():
    assert pages.human_date("2023-05-14T09:00:00+01:00") == "14 May 2023, 09:00 (UTC+01:00)"
    assert pages.human_date("2023-05-14T09:00:00Z") == "14 May 2023, 09:00 (UTC+00:00)"
    assert pages.human_date("2023-05-14") == "14 May 2023"
    assert pages.human_date("2023-05-14T09:00:00") == "14 May 2023, 09:00"
    assert pages.human_date("May 2023") == "May 2023"
    assert pages.human_date(None) == ""


def test_entities_page(client):
    html = client.get("/entities", params={"type": "PERSON"}).text
    names = re.findall(r'<li><a href="/entities/([^"]+)">([^<]+)</a> <span class="type">PERSON'
                       r'</span> <span class="n" title="articles">(\d+)</span>', html)
    assert names[0] == ("person%3Aagnes-thornbury", "Agnes Thornbury", "2")
    assert {n for _, n, _ in names} == {"Agnes Thornbury", "Colm Reddan",
                                        "&lt;b&gt;Mallory&lt;/b&gt; Quince"}
    assert "Pellworth" not in html
    only = client.get("/entities", params={"q": "reddan"}).text
    assert "Colm Reddan" in only and "Agnes Thornbury" not in only


def test_article_page_404(client):
    r = client.get("/articles/nope")
    assert r.status_code == 404
    assert "No article with this id is stored." in r.text
    assert r.headers["content-type"].startswith("text/html")


def test_entity_page_chart_variants_and_company(client):
    html = client.get("/entities/person:agnes-thornbury").text
    assert "<h1>Agnes Thornbury</h1>" in html
    assert "2 articles" in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert re.findall(r"<title>(.*?)</title>", svg) == [
        "2023-03: 1 quotes", "2023-04: 0 quotes", "2023-05: 1 quotes"]
    assert "<li>Agnes Thornbury</li>" in html and "<li>Thornbury</li>" in html
    assert '<a href="/entities/gpe%3Apellworth">Pellworth</a>' in html
    assert "The bridge is safe for every family in the valley," in html
    assert client.get("/entities/person:nobody").status_code == 404


def test_lookup_page(client):
    html = client.get("/lookup", params={"text": "People will be cut off for a week"}).text
    first = re.search(r'<li class="lookup-hit">(.*?)</li>', html, re.S).group(1)
    assert "People will be cut off for weeks," in first
    assert '<a class="speaker-link" href="/entities/person%3Acolm-reddan">Colm Reddan</a>' in first
    assert f'href="/articles/{FERRY.id}"' in first and "2023-03-09" in first
    assert "lookup-hit" not in client.get("/lookup").text


def test_docs_page_lists_the_api_without_external_assets(client):
    html = client.get("/docs").text
    assert "<code>/api/v1/articles</code>" in html and "<code>/api/v1/quote-lookup</code>" in html
    assert "cdn" not in html.lower() and "<script" not in html
