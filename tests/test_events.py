"""Events typed by PLOVER 2021 (issue 11): one sentence per event type through the
``dateline_events`` spaCy component, mood (intent, negation, conditions, demands), reported
speech, and a whole page through ``dateline.extract`` (dates, places, one record per event).

Sentences and pages are written for these tests; the expected values are worked out by hand
from PLOVER's definitions (CAMEO-to-PLOVER table) and the sentence.
"""

from __future__ import annotations

import pytest
import spacy

import dateline
from dateline.model import Event
from dateline.understand.eventcues import code, codes, cues
from dateline.understand.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():
    import dateline.understand.components  # noqa: F401 - registers the components

    pipeline = spacy.load(load_nlp().path)  # a fresh copy: never change the cached pipeline
    for name in ("dateline_entities", "dateline_quotes", "dateline_events"):
        pipeline.add_pipe(name)
    return pipeline


def _events(nlp, text: str) -> list[Event]:
    return nlp(text)._.dateline_events


def _triples(events: list[Event]) -> list[tuple[str, str | None, str | None]]:
    return [(e.type, e.source and e.source.name, e.target and e.target.name) for e in events]


@pytest.mark.parametrize(("text", "expected"), [
    ("Norway and Denmark agreed to build a joint research station in Tromso.",
     [("AGREE", "Norway", "Tromso"), ("AGREE", "Denmark", "Tromso")]),
    ("The Finnish foreign minister met his Estonian counterpart in Tallinn on Tuesday.",
     [("CONSULT", "Finnish foreign minister", "his Estonian counterpart")]),
    ("The Swedish government praised the Danish plan for the Baltic harbour.",
     [("SUPPORT", "Swedish government", "Danish")]),
    ("The Ruritanian government lifted the ban on the opposition Green Party.",
     [("CONCEDE", "Ruritanian government", "Green Party")]),
    ("Poland and Lithuania shared intelligence with Latvia on smuggling networks.",
     [("COOPERATE", "Poland", "Latvia"), ("COOPERATE", "Lithuania", "Latvia")]),
    ("Germany sent 40 tonnes of food and medicine to flood victims in Moldova.",
     [("AID", "Germany", "Moldova")]),
    ("Rebels in the northern hills released 12 hostages on Sunday.",
     [("RETREAT", "Rebels", "12 hostages")]),
    ("The union demanded that the mining company raise wages.",
     [("REQUEST", "union", "mining company")]),
    ("Opposition leader Mara Velt accused the interior minister of lying to parliament.",
     [("ACCUSE", "Mara Velt", "interior minister")]),
    ("The council rejected the developer's proposal for a tower on the seafront.",
     [("REJECT", "council", "developer")]),
    ("Iran threatened to close the Strait of Hormuz.",
     [("THREATEN", "Iran", "Strait of Hormuz")]),
    ("Thousands of farmers protested in Brussels against the new tariffs.",
     [("PROTEST", "Thousands of farmers", "Brussels")]),
    ("Canada recalled its ambassador from Caracas.",
     [("SANCTION", "Canada", "Caracas")]),
    ("Serbia deployed troops along its border with Kosovo.",
     [("MOBILIZE", "Serbia", "Kosovo")]),
    ("Police arrested three journalists in Minsk.",
     [("COERCE", "Police", "three journalists")]),
    # the participle names whom the attack hit; the town is only where
    ("Gunmen attacked a police station in the town of Kirsk, killing four officers.",
     [("ASSAULT", "Gunmen", "four officers")]),
])
def test_one_sentence_per_event_type(nlp, text, expected):
    assert _triples(_events(nlp, text)) == expected


def test_every_plover_type_has_cues_and_every_cue_a_code():
    types = {code(c.code).type for found in cues().values() for c in found}
    assert types == {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                     "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                     "MOBILIZE", "COERCE", "ASSAULT"}
    # the table's own rows: code -> type, mode, contexts
    assert (codes()["1121"].type, codes()["1121"].mode, codes()["1121"].context) == (
        "ACCUSE", "allege", ("crime", "corruption"))
    assert (codes()["163"].type, codes()["041"].mode) == ("COERCE", "phone")


def test_type_mode_context_and_spans(nlp):
    text = "Police arrested three journalists in Minsk."
    [event] = _events(nlp, text)
    assert (event.code, event.mode, event.context) == ("173", "arrest", ["legal"])
    assert event.where.name == "Minsk" and event.where.entity is not None
    assert text[event.trigger_span.start:event.trigger_span.end] == "arrested"
    assert (event.span.start, event.span.end) == (0, len(text))
    assert event.target.mention.text == text[event.target.mention.start:event.target.mention.end]
    assert event.when is None  # a plain Doc has no publication date


def test_negated_hostile_deed_is_no_event(nlp):
    assert _events(nlp, "Ruritania did not attack the convoy.") == []


def test_intended_cooperation_is_agree_and_refusal_is_reject(nlp):
    [event] = _events(nlp, "Minister Tomas Ridd said Ruritania would withdraw its troops "
                           "from the border.")
    assert (event.type, event.code, event.source.name) == ("AGREE", "035", "Ruritania")
    assert event.target is None  # its own troops are no one acted on
    [event] = _events(nlp, "Spain refused to extradite the former banker to Argentina.")
    assert _triples([event]) == [("REJECT", "Spain", "Argentina")]


def test_conditional_promise_threatens(nlp):
    events = _events(nlp, "Ruritania will withdraw its troops from the border unless "
                          "Kerrland releases the prisoners.")
    # aimed at the one whose deed is the condition; a deed in a condition is not done
    assert _triples(events) == [("THREATEN", "Ruritania", "Kerrland")]
    assert events[0].code == "130"
    assert _events(nlp, "If Kerrland attacks the convoy, the alliance will respond.") == []


def test_must_in_reported_clause_is_a_request_by_the_reporter(nlp):
    [event] = _events(nlp, "The Norwegian minister said that Iceland must lift the fishing ban.")
    assert _triples([event]) == [("REQUEST", "Norwegian minister", "Iceland")]
    assert event.trigger == "must lift"


def test_reported_speech_events_keep_their_quotation(nlp):
    text = ("The Latvian Prime Minister Anna Berzina told reporters on Monday that she had "
            "accused Moscow of meddling.")
    doc = nlp(text)
    [event] = doc._.dateline_events
    assert _triples([event]) == [("ACCUSE", "Anna Berzina", "Moscow")]
    assert event.source.mention.text == "she"  # as written; named by the speaker
    quote = doc._.dateline_quotes[event.quote]
    assert quote.speaker.name == "Anna Berzina"
    # a cue verb that is itself the event: "X accused Y of ..."
    doc = nlp("Opposition leader Mara Velt accused the interior minister of lying to parliament.")
    [event] = doc._.dateline_events
    assert doc._.dateline_quotes[event.quote].cue == "accused"


def test_first_person_in_a_direct_quotation_is_its_speaker(nlp):
    doc = nlp("“We will not negotiate with terrorists,” the Kerran president said.")
    [event] = doc._.dateline_events
    assert _triples([event]) == [("REJECT", "Kerran president", "terrorists")]
    assert (event.source.mention.text, event.quote) == ("We", 0)


PAGE = """Brandt accuses Iceland of breaking fishing deal

The dispute over cod quotas is heading for the courts

By Ines Marlow
Wednesday 09 March 2022 10:05 GMT

Norwegian Fisheries Minister Ole Brandt accused Iceland of breaking the fishing agreement \
between the two countries.

Brandt met the Icelandic fisheries minister, Sigrun Eggertsdottir, in Reykjavik on Monday, but \
the two governments failed to reach an agreement.

“We will not accept these quotas,” Brandt told reporters in Oslo.

Hundreds of fishermen protested outside the parliament in Oslo on Wednesday against the new \
quotas.
"""


@pytest.fixture(scope="module")
def page():
    return dateline.extract(PAGE)


def test_page_events_in_reading_order(page):
    assert [(e.type, e.source and e.source.name, e.target and e.target.name)
            for e in page.events] == [
        ("ACCUSE", "Ole Brandt", "Iceland"),            # headline and lead: one event
        ("CONSULT", "Ole Brandt", "Sigrun Eggertsdottir"),
        ("REJECT", "two governments", None),            # failed to reach an agreement
        ("REJECT", "Ole Brandt", None),                 # "We will not accept these quotas"
        ("PROTEST", "Hundreds of fishermen", "Oslo"),
    ]


def test_page_events_dates_places_and_quotes(page):
    accuse, consult, _, refusal, protest = page.events
    assert (accuse.span.part, accuse.when, accuse.when_text) == ("headline", "2022-03-09", None)
    assert (consult.when, consult.when_text, consult.where.name) == (
        "2022-03-07", "Monday", "Reykjavik")  # the Monday before Wednesday 9 March
    assert consult.target.mention.text == "the Icelandic fisheries minister"
    assert (protest.when, protest.where.name) == ("2022-03-09", "Oslo")
    assert page.quotes[refusal.quote].text == "We will not accept these quotas"
    assert page.quotes[accuse.quote].cue == "accuses"
    for event in page.events:
        string = page.part_text(event.span.part, event.span.index)
        assert string[event.trigger_span.start:event.trigger_span.end].startswith(
            event.trigger.split(" ... ")[0])
        for actor in (event.source, event.target, event.where):
            if actor is not None and actor.mention is not None:
                m = actor.mention
                assert page.part_text(m.part, m.index)[m.start:m.end] == m.text
        ids = {e.id for e in page.entities}
        assert event.source is None or event.source.entity is None or event.source.entity in ids


@pytest.mark.parametrize("text", ["", "...", "Attack!", "They met.", "talks talks talks",
                                  "“We accuse,” he said. “They must.”"])
def test_odd_text_never_raises(nlp, text):
    for event in _events(nlp, text):
        assert 0 <= event.span.start <= event.span.end <= len(text)


def test_events_component_alone_names_places_from_spacy_s_entities():
    # without dateline_entities before it, a place is the spaCy entity around its token (this
    # path read Token.ent, which spaCy has not got: AttributeError)
    import dateline.understand.components  # noqa: F401 - registers the components

    pipeline = spacy.load(load_nlp().path)
    pipeline.add_pipe("dateline_events")
    text = "Hundreds of fishermen protested in New York on Wednesday against the quotas."
    doc = pipeline(text)
    [protest] = [e for e in doc._.dateline_events if e.type == "PROTEST"]
    assert protest.where is not None and protest.where.name == "New York"
    assert protest.where.entity is None
