"""Dateline openings ("HARWICK (Northline) - ...") and what the understanding stage makes of
them and of the names around them (issue 9, item 4; issue 10, item 4).

tests/pages/openings/ holds two wire pages we wrote (invented port, union and people). Each
expected value was read off the page by hand; before these rules the quay was a PERSON and the
speaker of "he said", the agency credit a GPE and the speaker of "it called".
"""

from __future__ import annotations

from pathlib import Path

import pytest

import dateline
from dateline.config import Settings
from dateline.model import Article, Source
from dateline.understand import parse_articles
from dateline.understand.entities import find_entities
from dateline.understand.openings import find_opening

PAGES = Path(__file__).parent / "pages" / "openings"


def _cut(text: str, found):
    place, credit, end = found
    return text[place[0]:place[1]], credit and text[credit[0]:credit[1]], text[end:]


@pytest.mark.parametrize(("text", "expected"), [
    ("HARWICK (Northline) - Dockworkers walked out.", ("HARWICK", "Northline", "Dockworkers")),
    ("KYIV, Ukraine, March 3 (AP) \u2014 The talks", ("KYIV", "AP", "The talks")),
    ("SELBY QUAY - Work stopped.", ("SELBY QUAY", None, "Work stopped.")),
    ("NEW YORK ( Reuters ) \u2013 Shares fell.", ("NEW YORK", "Reuters", "Shares fell.")),
])
def test_openings_are_read_with_place_and_credit(text, expected):
    found = find_opening(text)
    assert found is not None
    assert _cut(text[:found[2]] + expected[2], found) == expected


@pytest.mark.parametrize("text", [
    "The port - once the busiest - is quiet.",  # a capitalised word is no place
    "US officials said the port would reopen.",
    "UPDATE: the port has reopened.",  # a colon opens a sentence, not a dateline
    "HARWICK said nothing.",
    "A - B",
    "BREAKING - Shares fell at the port.",  # a label of the story's kind
    "EDITOR'S NOTE \u2014 This story was updated.",
])
def test_sentences_are_no_openings(text):
    assert find_opening(text) is None


def _entities(paragraphs: list[str], headline: str | None = None):
    article = Article(id="t", source=Source(uri="t", format="text", sha256="t"),
                      headline=headline, paragraphs=paragraphs)
    [parsed] = parse_articles([article], Settings())
    return {e.name: e for e in find_entities(parsed)}


@pytest.fixture(scope="module")
def quay():
    return dateline.extract((PAGES / "quay-strike-wire.html").read_bytes(), format="html")


@pytest.fixture(scope="module")
def walkout():
    return dateline.extract((PAGES / "harwick-walkout.txt").read_bytes(), format="text")


def _types(record) -> dict[str, str]:
    return {e.name: e.type for e in record.entities}


def test_the_place_of_the_opening_is_a_place_and_the_credit_an_agency(quay, walkout):
    # the small model tags "Selby Quay" LOC, ORG and PERSON by turns, "Northline" GPE
    assert _types(quay)["Selby Quay"] == "GPE"
    assert _types(quay)["Northline"] == "ORG"
    # "HARWICK" untagged, "Harwick" FAC twice: the opening's place joins them as a mention
    harwick = next(e for e in walkout.entities if e.name == "Harwick")
    assert harwick.type == "GPE"
    assert [(m.part, m.index, m.start, m.end, m.text) for m in harwick.mentions] == [
        ("headline", 0, 24, 31, "Harwick"), ("body", 0, 0, 7, "HARWICK"),
        ("body", 0, 80, 87, "Harwick")]
    assert _types(walkout)["Northline"] == "ORG"


def _quote(record, prefix):
    [quote] = [q for q in record.quotes if q.text.startswith(prefix)]
    return quote


def test_he_is_the_person_named_before_not_a_place(quay):
    quote = _quote(quay, "We will not negotiate through a loudspeaker")
    assert quote.speaker.mention.text == "he"
    assert quote.speaker.name == "José Núñez"
    nunez = next(e for e in quay.entities if e.name == "José Núñez")
    assert quote.speaker.entity == nunez.id


def test_no_speaker_is_the_opening(quay, walkout):
    for record in (quay, walkout):
        names = {q.speaker.name for q in record.quotes if q.speaker}
        assert not names & {"Northline", "Selby Quay", "Harwick"}, names


def test_it_is_the_organisation_subject_the_tagger_did_not_name(walkout):
    quote = _quote(walkout, "an initial 72 hours")
    assert quote.speaker.mention.text == "it"
    assert quote.speaker.name == "Harbour and Dock Workers' Union"
    assert quote.speaker.entity is None


def test_speakers_of_the_wire_pages(quay, walkout):
    assert [(q.text[:20], q.speaker.name) for q in quay.quotes[:4]] == [
        ("What we won at Harwi", "Tomas Greer"),
        ("Selby Quay will not ", "Tomas Greer"),
        ("the strike at Selby ", "José Núñez"),
        ("We will not negotiat", "José Núñez")]
    assert _quote(walkout, "Every day the cranes").speaker.name == "Anna Greer"
    assert _quote(walkout, "The door to the negotiating").speaker.name == "José Núñez"


def test_one_word_name_never_written_in_full_is_no_person_on_a_tie():
    # the small model tags "Harwick" PERSON in the first sentence and ORG in the quotation
    entities = _entities([
        "Dockworkers began a strike on Monday, two weeks after a stoppage at Harwick ended.",
        "\u201cWhat we won at Harwick belongs to every docker on this coast,\u201d Tomas Greer "
        "told a rally."])
    assert entities["Harwick"].type == "ORG"
    assert entities["Tomas Greer"].type == "PERSON"


def test_a_full_name_tagged_as_a_place_more_often_than_as_a_person_is_a_place():
    # no opening: the small model tags "Selby Quay" LOC in the headline and the first
    # sentence, PERSON in the last
    entities = _entities([
        "Dockworkers at Selby Quay began a 48-hour strike on Monday, two weeks after a "
        "stoppage at Harwick ended, as the union widened its dispute with the Eastern Ports "
        "Company to a second harbour.",
        "\u201cWhat we won at Harwick belongs to every docker on this coast,\u201d Tomas Greer, "
        "the union's general secretary, told a rally on the quayside. \u201cSelby Quay will "
        "not be left behind.\u201d",
        "José Núñez, who directs both ports for the Eastern Ports Company, said the strike at "
        "Selby Quay was unnecessary because a pay review there was already under way."],
        headline="Union widens port dispute with strike at Selby Quay")
    assert entities["Selby Quay"].type == "LOC"
    assert entities["José Núñez"].type == "PERSON"
    assert entities["Tomas Greer"].type == "PERSON"


def test_a_name_after_a_place_noun_is_a_place():
    # "Harwick" tagged PERSON in the headline, untagged in the body
    entities = _entities([
        "Talks between the port of Harwick and striking dockworkers resumed on Wednesday "
        "under an independent mediator, as the stoppage entered its third day.",
        "The mediator, former labour judge Helen Varga, met both delegations separately."],
        headline="Harwick port talks resume as strike enters third day")
    assert entities["Harwick"].type == "GPE"
    assert entities["Helen Varga"].type == "PERSON"


def test_a_one_word_name_that_acts_stays_a_person_on_a_tie():
    # the small model tags "Calder" ORG after "at", PERSON as the object of "told": a tie that
    # the locative would settle for a place, but a name that is told something is a person's
    # (as "alongside Trump", "Trump's swoon" or "told Harvey" on PolNeAR dev)
    entities = _entities([
        "Dockworkers jeered at Calder outside the gates on Monday.",
        "The harbour board told Calder on Monday that the pier would close."])
    assert entities["Calder"].type == "PERSON"


def test_jsonld_author_with_escaped_markup_is_unescaped_and_stripped(quay):
    assert quay.authors == ["Ola Berg"]
