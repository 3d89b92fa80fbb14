"""The seed page (../shared/seed): its events after the full understanding stage (issue 11,
item 6). The page's text belongs to its publisher and is read from ../shared, never copied
here; the test is skipped when ../shared is absent."""

from __future__ import annotations

import pytest

from dateline.understand.entities import entity_named

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def seed(understood_seed):
    return understood_seed


def _find(seed, kind, source, target=None):
    found = [e for e in seed.events if e.type == kind and e.source is not None
             and e.source.entity == source
             and (target is None or (e.target is not None and e.target.entity == target))]
    assert found, f"no {kind} by {source} of {target}: {seed.events}"
    return found[0]


def test_putin_accuses_the_west(seed):
    putin = entity_named(seed.entities, "Vladimir Putin")
    event = _find(seed, "ACCUSE", putin.id)
    assert event.target.mention.text == "the West"
    assert seed.quotes[event.quote].speaker.entity == putin.id  # reported speech


def test_orban_consults_putin_in_moscow(seed):
    orban = entity_named(seed.entities, "Viktor Orban")
    putin = entity_named(seed.entities, "Vladimir Putin")
    event = _find(seed, "CONSULT", orban.id, putin.id)
    assert (event.mode, event.where.name, event.when) == ("visit", "Moscow", "2022-02-01")


def test_russia_mobilizes_on_its_border_with_ukraine(seed):
    russia = entity_named(seed.entities, "Russia")
    event = _find(seed, "MOBILIZE", russia.id)
    assert event.target.name == "Ukraine"
    assert "100,000 troops" in seed.part_text(event.span.part, event.span.index)


def test_the_alliance_accuses_orban(seed):
    orban = entity_named(seed.entities, "Viktor Orban")
    [event] = [e for e in seed.events if e.type == "ACCUSE" and e.target is not None
               and e.target.entity == orban.id and e.source is not None
               and e.source.mention.text == "Hungary’s six-party alliance"]
    assert event.source.entity is None  # the alliance is no entity of the article
    assert event.quote is not None


def test_stoltenberg_consults_orban_on_monday(seed):
    stoltenberg = entity_named(seed.entities, "Jens Stoltenberg")
    orban = entity_named(seed.entities, "Viktor Orban")
    event = _find(seed, "CONSULT", stoltenberg.id, orban.id)
    assert (event.mode, event.when, event.when_text) == ("phone", "2022-01-31", "Monday")
    assert event.source.mention.text == "he"  # "Stoltenberg on Monday said he had a call"


def test_the_demand_that_orban_cancel_his_visit_is_a_request_not_a_cancellation(seed):
    # "... demands that Viktor Orban cancel his visit": the small model tags "demands" a noun
    # with a subject and the clause a relative one; Orban was asked to cancel, and did not
    orban = entity_named(seed.entities, "Viktor Orban")
    assert [e for e in seed.events if e.type == "SANCTION"] == []
    [event] = [e for e in seed.events if e.type == "REQUEST" and e.target is not None
               and e.target.entity == orban.id]
    assert (event.trigger, event.source.mention.text) == ("demands", "Unity")
    assert event.quote is not None


def test_a_pledge_in_a_relative_clause_on_a_topic_is_an_event(seed):
    # "The visit of Mr Orban - who pledged co-operation with Moscow - was controversial": the
    # visit is only talked about there, so the pledge is no background of it
    orban = entity_named(seed.entities, "Viktor Orban")
    event = _find(seed, "AGREE", orban.id)
    assert (event.trigger, event.target.name) == ("pledged", "Moscow")
