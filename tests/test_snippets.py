"""Search snippets (dateline.corpus.snippets): the article's own text around the best hit,
HTML-safe, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re

import pytest
from conftest import shared_path
from webcorpus import HOSTILE

from dateline.config import Settings
from dateline.corpus import Store
from dateline.corpus.keys import query_terms
from dateline.corpus.snippets import plain_snippet, snippet

BODY = ("The council met on Tuesday. Seven members voted to keep the ferry running through "
        "the winter, and Mayor Ines Varga said the ferry was the island's lifeline. The vote "
        "ends a long dispute over the timetable and the fares.")


def test_snippet_is_the_window_with_most_query_words():
    got = snippet(None, BODY, query_terms("ferry varga"))
    # 16 words from 4 before the first hit of the first window (12 words) holding both words
    assert got == ("… voted to keep the <mark>ferry</mark> running through the winter, and "
                   "Mayor Ines <mark>Varga</mark> said the <mark>ferry</mark> …")


def test_snippet_marks_every_hit_of_its_window_and_reads_past_the_first_fold_piece():
    # one query word: the first hit's window; the later hit inside it is marked too
    assert snippet(None, BODY, query_terms("ferry")) == (
        "… voted to keep the <mark>ferry</mark> running through the winter, and Mayor Ines "
        "Varga said the <mark>ferry</mark> …")
    # the first hit 1,500 characters in (the body is folded a piece at a time) and the text's
    # end inside the window: 13 words before it (16 in all), the rest of the text after
    body = "word " * 300 + "Ferry café ferry."
    assert snippet(None, body, query_terms("ferry cafe")) == (
        "… " + "word " * 13 + "<mark>Ferry</mark> <mark>café</mark> <mark>ferry</mark>.")


def test_snippet_prefixes_diacritics_and_plain_start():
    got = snippet("Tuesday's vote", "Łukasz Kowalski said the timetable stays.",
                  query_terms("lukasz timet*"), mark=("[", "]"))
    assert got == "Tuesday's vote [Łukasz] Kowalski said the [timetable] stays."
    # no hit in the standfirst or body (the query matched the headline): the first words
    assert snippet(None, BODY, query_terms("harbour"), words=4) == "The council met on …"
    assert snippet(None, None, query_terms("x")) is None
    assert plain_snippet(None, "a <b> c") == "a &lt;b&gt; c"


def test_snippet_escapes_stored_markup():
    got = snippet(None, "<script>alert(1)</script> Residents & the hall.", query_terms("hall"))
    assert got == "&lt;script&gt;alert(1)&lt;/script&gt; Residents &amp; the <mark>hall</mark>."
    assert "<script" not in got


def test_search_snippet_of_hostile_text_is_escaped(store):
    [hit] = [h for h in store.search("residents")[0] if h.id == HOSTILE.id]
    assert "&lt;/script&gt;<mark>Residents</mark> gathered at the hall." in hit.snippet
    assert "&lt;img src=x" in hit.snippet
    assert "<" not in hit.snippet.replace("<mark>", "").replace("</mark>", "")


def test_api_snippet_is_escaped_text(store):
    from fastapi.testclient import TestClient

    from dateline.web.app import create_app

    client = TestClient(create_app(store, Settings()))
    [item] = [i for i in client.get("/api/v1/articles", params={"q": "residents"}).json()["items"]
              if i["id"] == HOSTILE.id]
    # before: the raw "</script>" and "<img ...>" of the stored paragraph
    assert "window.__pwned = 1;&lt;/script&gt;Residents gathered" in item["snippet"]
    assert "<" not in item["snippet"]


@pytest.mark.shared
def test_seed_snippet_comes_from_the_article_text(tmp_path):
    import dateline

    text = shared_path("seed", "independent-2022-02-01.txt").read_text("utf-8")
    article = dateline.extract(text)
    assert any(e.name == "Vladimir Putin" for e in article.entities)
    with Store.open(str(tmp_path / "s.db")) as s:
        s.add(article)
        [hit] = s.search("Putin")[0]
    # before: FTS5 picked its best column, the entity names ("... Vladimir Putin Putin Mr
    # Putin ..."); now the words around the hit in the standfirst and body
    words = html.unescape(hit.snippet.replace("<mark>", "").replace("</mark>", ""))
    words = words.strip("…").strip()
    page = " ".join(f"{article.standfirst or ''} {' '.join(article.paragraphs)}".split())
    assert words in page
    assert re.search(r"<mark>Putin</mark>", hit.snippet)
