"""Articles without a ``published`` in story clusters (session 10): the linker placed such an
article at the time it stored it and wrote that time as its ``story_articles.published`` and
into its story's span, so ``--since``, ``?since=`` and the "latest first" order counted a story
by the day it was ingested. Now no publication time is stored for it and a story's span is that
of its dated articles; revision 0017 mends the stores written before. Pages of
tests/storypages.py with their dates taken out; the clock the linker reads is set by hand."""

from __future__ import annotations

import json
import math
import re
import warnings
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
import storypages

import dateline
from dateline.cli import main
from dateline.config import Settings
from dateline.corpus import migrations
from dateline.corpus.store import Store
from dateline.corpus.story_batch import StoryInput, cluster, story_input
from dateline.corpus.story_features import (
    ArticleKeys,
    Story,
    features,
    from_json,
    grown,
    in_window,
    started,
    to_json,
)
from dateline.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

OTHER_TIME = "2025-03-08T08:05:00+00:00"  # the other port's strike (storypages.OTHER)
FOLLOW_UP_TIME = "2025-03-04T11:40:00+00:00"  # the strike's follow-up


def _undated(page: bytes) -> bytes:
    return re.sub(rb'<meta property="article:published_time"[^>]*>', b"", page)


@pytest.fixture(scope="module")
def pages():
    """``(dated, undated)`` records of the four pages: the strike, its follow-up, the other
    port's strike, its follow-up."""
    return ([dateline.extract(p) for p in storypages.PAGES],
            [dateline.extract(_undated(p)) for p in storypages.PAGES])


@pytest.fixture
def clock(monkeypatch):
    """The linker's clock (what it reads as now for an undated article): set ``clock["now"]``."""
    now = {"now": "2025-03-08T10:05:00+00:00"}
    monkeypatch.setattr("dateline.corpus.story_features.utc_now", lambda: now["now"])
    return now


def _add(store: Store, clock: dict, *steps) -> None:
    """Add each ``(record, now)`` with the linker's clock at ``now``."""
    for record, now in steps:
        clock["now"] = now
        assert store.add(record)


def _stories_table(conn: sa.Connection) -> dict:
    return {r[0]: tuple(r[1:]) for r in conn.execute(sa.text(
        "SELECT id, headline, first_published, last_published, first_day, last_day "
        "FROM stories"))}


def _members(conn: sa.Connection) -> dict:
    return dict(conn.execute(sa.text("SELECT article_id, published FROM story_articles")).all())


def test_an_undated_article_joining_a_dated_story_keeps_its_span(store_url, pages, clock):
    other, other_follow_up = pages[0][2], pages[1][3]
    with Store.open(store_url) as store:
        # the undated follow-up is stored the next morning, 23 hours after the strike
        _add(store, clock, (other, "2025-03-08T09:00:00+00:00"),
             (other_follow_up, "2025-03-09T07:00:00+00:00"))
        assert store.story_of(other_follow_up.id) == other.id
        with store.engine.connect() as conn:
            assert _stories_table(conn) == {other.id: (
                "Strike shuts Dunmore Bay docks", OTHER_TIME, OTHER_TIME, "2025-03-08",
                "2025-03-08")}
            assert _members(conn) == {other.id: OTHER_TIME, other_follow_up.id: None}
            # the lookup's window of the undated article: the day it was stored
            days = set(conn.execute(sa.text("SELECT last_day FROM story_keys")).scalars())
        assert days == {"2025-03-08", "2025-03-09"}
        # before, the story's latest day was the day of storing: --since kept it
        assert store.stories(since="2025-03-09") == ([], 0)
        items, total = store.stories(since="2025-03-08")
        assert (total, [s.id for s in items]) == (1, [other.id])
        detail = store.story(other.id)
        assert [a.id for a in detail.items] == [other.id, other_follow_up.id]
        assert (detail.first_published, detail.last_published) == (OTHER_TIME, OTHER_TIME)


def test_a_story_of_undated_articles_has_no_span_is_listed_last_and_left_out_by_since(
        store_url, pages, clock, capsys):
    (_, _, other, other_follow_up), (strike, follow_up, _, _) = pages
    with Store.open(store_url) as store:
        _add(store, clock, (other, "2025-03-08T09:00:00+00:00"),
             (other_follow_up, "2025-03-09T17:00:00+00:00"),
             (strike, "2025-03-10T12:00:00+00:00"), (follow_up, "2025-03-10T12:01:00+00:00"))
        assert store.story_of(follow_up.id) == strike.id
        assert store.story_of(other_follow_up.id) == other.id
        with store.engine.connect() as conn:
            assert _stories_table(conn)[strike.id] == (
                "Dockers walk out at Port Ellery over pay", None, None, None, None)
        # unfiltered: both, the story of undated articles after the dated one (before, its
        # time of storing, 10 March, put it first)
        items, total = store.stories()
        assert (total, [s.id for s in items]) == (2, [other.id, strike.id])
        assert (items[1].first_published, items[1].last_published) == (None, None)
        assert [s.id for s in store.stories(limit=1, offset=1)[0]] == [strike.id]
        # since: only stories with a dated article of that day or later
        items, total = store.stories(since="2025-03-01")
        assert (total, [s.id for s in items]) == (1, [other.id])
        assert store.stories(since="2025-03-10") == ([], 0)
        client = TestClient(create_app(store, Settings()))
        got = client.get("/api/v1/stories", params={"since": "2025-03-01"}).json()
        assert [s["id"] for s in got["items"]] == [other.id]
        got = client.get("/api/v1/stories").json()
        assert [s["id"] for s in got["items"]] == [other.id, strike.id]
        rows = {r.story_id: (r.first_published, r.last_published, r.article_ids)
                for r in store.story_rows()}
        assert rows[strike.id][:2] == (None, None)
        assert sorted(rows[strike.id][2]) == sorted([strike.id, follow_up.id])
        if store_url.startswith("postgres"):
            return
    assert main(["stories", "--db", store_url, "--since", "2025-03-01", "--json"]) == 0
    assert [s["id"] for s in json.loads(capsys.readouterr().out)["items"]] == [other.id]


def test_the_first_dated_article_gives_a_story_of_undated_ones_its_headline(
        store_url, pages, clock):
    """The undated strike is stored at 10:00, before its follow-up's publication (11:40):
    before, the follow-up, later than the story's time of storing, left the headline alone."""
    strike, follow_up = pages[1][0], pages[0][1]
    with Store.open(store_url) as store:
        _add(store, clock, (strike, "2025-03-04T10:00:00+00:00"),
             (follow_up, "2025-03-04T12:00:00+00:00"))
        assert store.story_of(follow_up.id) == strike.id
        summary = store.story_summary(strike.id)
    assert (summary.headline, summary.first_published, summary.last_published) == (
        "Ships queue off Port Ellery as dock strike goes on", FOLLOW_UP_TIME, FOLLOW_UP_TIME)


def test_the_spark_path_leaves_undated_articles_out_of_spans(pages, clock):
    (_, _, other, _), (strike, follow_up, _, other_follow_up) = pages
    inputs = []
    for record, now in ((strike, "2025-03-10T12:00:00+00:00"),
                        (follow_up, "2025-03-10T12:01:00+00:00"),
                        (other, "2025-03-08T09:00:00+00:00"),
                        (other_follow_up, "2025-03-09T07:00:00+00:00")):
        clock["now"] = now
        inputs.append(StoryInput(*story_input(record)))
    rows = {r.story_id: r for r in cluster(inputs)}
    assert set(rows) == {other.id, strike.id}
    mixed = rows[other.id]
    assert (mixed.first_published, mixed.last_published) == (OTHER_TIME, OTHER_TIME)
    assert mixed.article_ids == [other.id, other_follow_up.id]
    assert mixed.headline == "Strike shuts Dunmore Bay docks"
    undated = rows[strike.id]
    assert (undated.first_published, undated.last_published) == (None, None)
    assert undated.article_ids == [strike.id, follow_up.id]  # undated: in the order added


def _keys(when: datetime, dated: bool) -> ArticleKeys:
    return ArticleKeys(entities={"e:port-ellery": "place"}, words=["dock", "strike"],
                       headline_words=["dock"], when=when, vector=None, dated=dated)


def test_time_features_of_undated_articles_and_stories_by_hand():
    monday = datetime(2025, 3, 3, 9, 15, tzinfo=UTC)
    undated = _keys(datetime(2025, 3, 5, 9, 15, tzinfo=UTC), dated=False)
    # an undated article starts a story without a span, and leaves a dated one's alone
    alone = started("s", undated)
    assert (alone.first, alone.last) == (None, None)
    dated_story = started("d", _keys(monday, dated=True))
    assert (dated_story.first, dated_story.last) == (monday, monday)
    kept = grown(dated_story, undated)
    assert (kept.articles, kept.first, kept.last) == (2, monday, monday)
    # a dated article gives a story of undated ones its first span
    later = datetime(2025, 3, 6, 8, tzinfo=UTC)
    assert (grown(alone, _keys(later, True)).first, grown(alone, _keys(later, True)).last) == (
        later, later)
    # the gap: unknown (0) for an undated article, two days for the same article dated ...
    assert features(undated, dated_story)["log_gap_days"] == 0.0
    same_time = _keys(undated.when, dated=True)
    assert features(same_time, dated_story)["log_gap_days"] == pytest.approx(math.log1p(2.0))
    # ... and 0 to a story without a span, which is always in the window
    far = _keys(datetime(2025, 6, 1, tzinfo=UTC), dated=True)
    assert features(far, alone)["log_gap_days"] == 0.0
    assert in_window(far, alone) and not in_window(far, dated_story)
    empty = Story("x", 1, 0, None, {}, None, None)
    assert features(undated, empty)["log_gap_days"] == 0.0


def test_article_keys_json_keeps_dated_and_reads_old_texts_as_dated():
    a = _keys(datetime(2025, 3, 5, 9, 15, tzinfo=UTC), dated=False)
    back = from_json(to_json(a))
    assert (back.dated, back.published, back.when) == (False, None, a.when)
    old = json.loads(to_json(a))
    del old["dated"]
    assert from_json(json.dumps(old)).dated is True


def test_0017_mends_a_store_written_before(store_url, pages, clock):
    """A store as the linker wrote it before: each undated article's time of storing as its
    member time and in its story's span; the story started by the undated follow-up (stored at
    07:00, before the strike's publication at 08:05) kept that follow-up's headline."""
    (_, _, other, _), (strike, follow_up, _, other_follow_up) = pages
    with Store.open(store_url) as store:
        _add(store, clock, (other_follow_up, "2025-03-08T07:00:00+00:00"),
             (other, "2025-03-08T09:00:00+00:00"), (strike, "2025-03-10T12:00:00+00:00"),
             (follow_up, "2025-03-10T12:01:00+00:00"))
        assert store.story_of(other.id) == other_follow_up.id
        assert store.story_of(follow_up.id) == strike.id
        with store.engine.connect() as conn:
            today = (_stories_table(conn), _members(conn))
            keys = sorted(conn.execute(sa.text("SELECT * FROM story_keys")).all())
        old_times = {other_follow_up.id: "2025-03-08T07:00:00+00:00",
                     strike.id: "2025-03-10T12:00:00+00:00",
                     follow_up.id: "2025-03-10T12:01:00+00:00"}
        with store.engine.begin() as conn:  # as the linker wrote them before
            for aid, when in old_times.items():
                conn.execute(sa.text("UPDATE story_articles SET published = :p "
                                     "WHERE article_id = :a"), {"p": when, "a": aid})
            old_span = "UPDATE stories SET headline = :h, first_published = :f, " \
                       "last_published = :l, first_day = :fd, last_day = :ld WHERE id = :id"
            conn.execute(sa.text(old_span), {
                "h": other_follow_up.headline, "f": old_times[other_follow_up.id],
                "l": OTHER_TIME, "fd": "2025-03-08", "ld": "2025-03-08",
                "id": other_follow_up.id})
            conn.execute(sa.text(old_span), {
                "h": "Dockers walk out at Port Ellery over pay", "f": old_times[strike.id],
                "l": old_times[follow_up.id], "fd": "2025-03-10", "ld": "2025-03-10",
                "id": strike.id})
            conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"),
                         {"v": "0016_link_rows_without_rowid"})
        assert store.stories(since="2025-03-10")[1] == 1  # the bug: ingested that day
        migrations.upgrade(store.engine)
        with store.engine.connect() as conn:
            assert migrations.current(conn) == migrations.head()
            mended = (_stories_table(conn), _members(conn))
            assert sorted(conn.execute(sa.text("SELECT * FROM story_keys")).all()) == keys
        assert mended == today
        assert mended[0] == {
            other_follow_up.id: ("Strike shuts Dunmore Bay docks", OTHER_TIME, OTHER_TIME,
                                 "2025-03-08", "2025-03-08"),
            strike.id: ("Dockers walk out at Port Ellery over pay", None, None, None, None)}
        assert mended[1] == {other_follow_up.id: None, other.id: OTHER_TIME, strike.id: None,
                             follow_up.id: None}
        assert store.stories(since="2025-03-10") == ([], 0)
