"""The invented story set of bench/story_set.py: its same-day twins (issue 10 item 2, "different
events stay apart even when they share people and places") and the set without them."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import story_set  # noqa: E402


def test_each_twin_shares_its_first_events_town_day_and_lead():
    world = story_set.World(2)
    events = story_set._calendar(world, 60)
    twins = [e for e in events if e.twin]
    assert len(twins) == 6  # one for every ten events
    for twin in twins:
        first = events[twin.sibling_of]
        assert twin.kind != first.kind and twin.town == first.town
        assert twin.day.date() == first.day.date()
        assert 2 * 3600 <= abs((twin.day - first.day).total_seconds()) <= 8 * 3600
        assert twin.slots["lead"] == first.slots["lead"]
        # the lead keeps the first event's role
        assert twin.slots["lead_role"] == story_set.KINDS[first.kind]["lead_role"].format(
            **first.slots)


def test_the_twins_leave_the_other_pages_as_they_were():
    without = story_set.build(2, twins=False)
    with_twins = story_set.build(2)
    assert len(without) == 362 and len(with_twins) == 396
    assert [p for p in with_twins if p.twin_of is None] == without
    twin_pages = [p for p in with_twins if p.twin_of is not None]
    assert {p.story for p in twin_pages} == {e for e in range(60, 66)}
