"""Which clauses of a sentence are deeds of their own (issue 11, item 4): a noun's content
clause, background clauses of time and cause, and the mood of a deed.

Sentences are written for these tests; the expected values are worked out by hand from
PLOVER's definitions (CAMEO-to-PLOVER table) and the sentence.
"""

from __future__ import annotations

import pytest
import spacy

from dateline.model import Event
from dateline.understand.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():
    import dateline.understand.components  # noqa: F401 - registers the components

    pipeline = spacy.load(load_nlp().path)  # a fresh copy: never change the cached pipeline
    for name in ("dateline_entities", "dateline_quotes", "dateline_events"):
        pipeline.add_pipe(name)
    return pipeline


def _types(nlp, text: str) -> list[tuple[str, str]]:
    events: list[Event] = nlp(text)._.dateline_events
    return [(e.type, e.trigger) for e in events]


@pytest.mark.parametrize(("text", "expected"), [
    # the clause tells what was demanded: one REQUEST, not also an ASSAULT
    ("The council demanded an admission by the firm that its guards beat the workers.",
     [("REQUEST", "demanded")]),
    ("The union repeated its demand that the army free the prisoners.",
     [("REQUEST", "demand")]),
])
def test_a_noun_s_content_clause_is_part_of_its_deed(nlp, text, expected):
    assert _types(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the attack is told as the time of the arrests: background, told as an event elsewhere
    ("Police arrested two men after gunmen attacked the mosque.", [("COERCE", "arrested")]),
    ("Norway suspended its aid to Kerrland because of fighting between the army and rebels.",
     [("SANCTION", "suspended ... aid")]),
    # the light verb carries the event ("remained on alert"): the unrest is its cause
    ("The army remained on alert after a week of riots by farmers.",
     [("MOBILIZE", "remained on alert")]),
    # no event to be the background of: the attack is the sentence's event
    ("The bank closed after gunmen attacked the town.", [("ASSAULT", "attacked")]),
])
def test_a_deed_told_as_the_time_or_cause_of_another_is_background(nlp, text, expected):
    assert _types(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a relative clause on a participant presupposes its deed: the release is what is told
    ("Rebels released the two nurses who had been kidnapped in March.",
     [("RETREAT", "released")]),
    ("Norway demanded the return of a ship that was seized by the navy.",
     [("REQUEST", "demanded")]),
    # a passive participle on a participant, the same
    ("The army freed ten villagers taken hostage by the militia.", [("RETREAT", "freed")]),
    # a "to" infinitive on a noun tells its aim, not a presupposed deed
    ("Students were travelling to Tarvik for a rally to denounce the ban on the party.",
     [("ACCUSE", "denounce")]),
    # with no event above it, a relative clause's deed is the sentence's event
    ("The men who attacked the mosque fled to the hills.", [("ASSAULT", "attacked")]),
])
def test_a_relative_clause_on_a_participant_is_background(nlp, text, expected):
    assert _types(nlp, text) == expected


def _codes(nlp, text: str) -> list[tuple[str, str, str | None, str | None]]:
    events: list[Event] = nlp(text)._.dateline_events
    return [(e.type, e.code, e.source and e.source.name, e.target and e.target.name)
            for e in events]


@pytest.mark.parametrize(("text", "expected"), [
    # "allow in" (086, allow international involvement) needs its own particle; the "in" of
    # "take part in" belongs to another verb: plain "allow" (080, yield)
    ("The court allowed the opposition leader to take part in the election.",
     [("CONCEDE", "080", "court", "opposition leader")]),
    ("The government allowed the inspectors in.",
     [("RETREAT", "086", "government", "inspectors")]),
    # a passive subject is the object of a cue: "the demands were met" is "meet demand" (083)
    ("The demands of the strikers were met by the company.",
     [("CONCEDE", "083", "company", None)]),
])
def test_cue_words_stand_where_the_phrase_puts_them(nlp, text, expected):
    assert _codes(nlp, text) == expected


def test_a_relative_clause_on_a_noun_only_talked_about_is_an_event(nlp):
    # the trip is the subject of "was controversial", not a deed told: the praise stands
    assert _types(nlp, "The trip of Mr Halvorsen - who praised the Danish plan - was "
                       "controversial.") == [("CONSULT", "trip"), ("SUPPORT", "praised")]


def test_a_threat_is_aimed_at_the_subject_of_the_condition_of_the_deed_threatened(nlp):
    # the "unless" clause hangs on "hold", the verb "threatened" governs
    assert _codes(nlp, "The farmers threatened to hold a general strike unless the ministry "
                       "withdrew the tax.") == [("THREATEN", "133", "farmers", "ministry")]


def test_a_noun_trigger_s_target_may_stand_on_its_of_phrase(nlp):
    assert _codes(nlp, "Norway announced a suspension of air links with Kerrland.") == [
        ("SANCTION", "160", "Norway", "Kerrland")]
