"""A story's times are its articles' publication times (session 9's trial): the linker times an
article without a ``published`` by when it was stored, and a story of undated articles showed
that ingest time as its first and last publication in ``dateline stories``, /api/v1/stories
and the story pages. Pages of tests/storypages.py with their dates taken out. Since session 10
the stored columns are right (no time for an undated article; tests/test_story_undated.py)."""

from __future__ import annotations

import json
import re
import warnings

import pytest
import storypages

import dateline
from dateline.cli import main
from dateline.config import Settings
from dateline.corpus.store import Store
from dateline.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def _undated(page: bytes) -> bytes:
    return re.sub(rb'<meta property="article:published_time"[^>]*>', b"", page)


@pytest.fixture(scope="module")
def records():
    """The strike and its follow-up, undated; the other port's strike, dated, and its
    follow-up, undated."""
    strike, follow_up, other, other_follow_up = storypages.PAGES
    return [dateline.extract(_undated(strike)), dateline.extract(_undated(follow_up)),
            dateline.extract(other), dateline.extract(_undated(other_follow_up))]


@pytest.fixture
def store(tmp_path, records, monkeypatch):
    # the undated follow-up of the other port is stored two hours after that strike's
    # publication, so that the linker (timing it then) puts it in that story
    monkeypatch.setattr("dateline.corpus.story_features.utc_now",
                        lambda: "2025-03-08T10:05:00+00:00")
    with Store.open(str(tmp_path / "s.db")) as s:
        for article in records:
            assert s.add(article)
        yield s


def test_a_story_of_undated_articles_has_no_times(store, records):
    strike, follow_up, other, other_follow_up = records
    assert [r.published for r in records] == [None, None, "2025-03-08T08:05:00+00:00", None]
    assert store.story_of(follow_up.id) == strike.id
    assert store.story_of(other_follow_up.id) == other.id
    summary = store.story_summary(strike.id)
    assert (summary.first_published, summary.last_published) == (None, None)
    # the dated article's time only, not the undated one's time of storing (10:05)
    other_story = store.story(other.id)
    assert (other_story.first_published, other_story.last_published) == (
        "2025-03-08T08:05:00+00:00", "2025-03-08T08:05:00+00:00")
    assert [a.published for a in other_story.items] == ["2025-03-08T08:05:00+00:00", None]
    items, total = store.stories()
    assert total == 2
    assert {s.id: (s.first_published, s.last_published) for s in items} == {
        strike.id: (None, None), other.id: ("2025-03-08T08:05:00+00:00",) * 2}
    rows = {r.story_id: (r.first_published, r.last_published) for r in store.story_rows()}
    assert rows == {strike.id: (None, None), other.id: ("2025-03-08T08:05:00+00:00",) * 2}


def test_api_pages_and_cli_say_undated(store, records, tmp_path, capsys):
    strike = records[0]
    client = TestClient(create_app(store, Settings()))
    listing = client.get("/api/v1/stories").json()
    got = {s["id"]: (s["first_published"], s["last_published"]) for s in listing["items"]}
    assert got[strike.id] == (None, None)
    one = client.get(f"/api/v1/stories/{strike.id}").json()
    assert (one["first_published"], one["last_published"]) == (None, None)
    page = client.get(f"/stories/{strike.id}").text
    assert '<p class="meta">undated · The Harbour Wire, The Midvale Courier</p>' in page
    assert "10:05" not in page and 'datetime="None"' not in page  # the time of storing
    assert "undated ·" in client.get("/stories").text
    db = str(store.engine.url.database)
    assert main(["stories", "--db", db, "--json"]) == 0
    assert {s["id"]: s["last_published"] for s in json.loads(capsys.readouterr().out)[
        "items"]}[strike.id] is None
    assert main(["stories", "--db", db]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "Dockers walk out" in x)
    assert "undated" in line


def test_the_linker_stores_no_time_for_undated_articles(store, records):
    """The stored columns themselves (session 10): before, the linker's tables kept the time of
    storing (10:05) as the undated articles' time and in their stories' spans."""
    import sqlalchemy as sa

    strike, follow_up, other, other_follow_up = records
    with store.engine.connect() as conn:
        spans = {r[0]: tuple(r[1:]) for r in conn.execute(sa.text(
            "SELECT id, first_published, last_published, first_day, last_day FROM stories"))}
        members = dict(conn.execute(sa.text(
            "SELECT article_id, published FROM story_articles")).all())
    assert spans == {strike.id: (None,) * 4,
                     other.id: ("2025-03-08T08:05:00+00:00",) * 2 + ("2025-03-08",) * 2}
    assert members == {strike.id: None, follow_up.id: None,
                       other.id: "2025-03-08T08:05:00+00:00", other_follow_up.id: None}
