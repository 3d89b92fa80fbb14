"""Attributions the trained model must get right (issue 9, item 7), on a page we wrote.

tests/pages/harbour-pier-quotes.txt is invented; each expected speaker was read off the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import dateline

PAGE = Path(__file__).parent / "pages" / "harbour-pier-quotes.txt"


@pytest.fixture(scope="module")
def record():
    return dateline.extract(PAGE.read_bytes(), format="text")


def speaker_of(record, prefix):
    found = [q for q in record.quotes if q.text.startswith(prefix)]
    assert found, [(q.kind, q.text[:40]) for q in record.quotes]
    assert found[0].speaker is not None, found[0]
    return found[0]


def test_quote_in_the_sentence_after_the_speaker(record):
    q = speaker_of(record, "We were promised a pier for boats")
    assert q.kind == "direct" and q.speaker.name == "Marta Quill"


def test_speaker_with_apposition_before_a_colon(record):
    q = speaker_of(record, "The ambulance route must stay open")
    assert q.kind == "direct" and q.speaker.name == "Owen Pryce" and q.cue == "said"


def test_inverted_uncommon_cue(record):
    q = speaker_of(record, "The tide will not wait")
    assert q.speaker.name == "Idris Fenwick" and q.cue == "sighed"


def test_dash_title_name_after_a_quote(record):
    q = speaker_of(record, "Nobody asked the people who mend the nets")
    assert q.speaker.name.endswith("Bethan Lowe") and not q.speaker.name.startswith("-")


def test_from_the_desk_of(record):
    q = speaker_of(record, "This pier is for everyone")
    assert q.speaker.name == "Rhiannon Teague"


def test_nickname_and_scare_quotes_are_no_quotations(record):
    texts = [q.text for q in record.quotes]
    assert not any("Shorty" in t for t in texts)
    assert not any(q.kind == "direct" and "gold-plated" in q.text for q in record.quotes)


def test_rules_stay_available(record):
    from dateline.config import Settings
    from dateline.pipeline import process
    from dateline.sources.page import RawPage

    rules = process(RawPage(source=str(PAGE), data=PAGE.read_bytes()),
                    Settings(attribution="rules"), format="text")
    assert rules.paragraphs == record.paragraphs
    q = speaker_of(rules, "The ambulance route must stay open")
    assert q.speaker.name == "Owen Pryce"
