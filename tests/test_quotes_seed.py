"""The seed page's quotations and their speakers (issue 3, item 7), through the public API.

Reads ../shared/seed/independent-2022-02-01.txt (never copied into the repository); the expected
values were worked out by reading the article.
"""

from __future__ import annotations

import pytest
from conftest import shared_path

import dateline


@pytest.fixture(scope="module")
def record():
    page = shared_path("seed", "independent-2022-02-01.txt").read_bytes()
    return dateline.extract(page)


def quote_starting(record, prefix, kind=None):
    found = [q for q in record.quotes if q.text.startswith(prefix)
             and (kind is None or q.kind == kind)]
    assert found, [(q.kind, q.text[:40]) for q in record.quotes]
    return found[0]


def speaker_entity(record, quote):
    assert quote.speaker is not None and quote.speaker.entity is not None, quote
    return next(e for e in record.entities if e.id == quote.speaker.entity)


def test_putin_news_conference(record):
    q = quote_starting(record, "It’s already clear now", "direct")
    assert speaker_entity(record, q).name == "Vladimir Putin"
    assert q.cue == "said" and q.medium == "at a news conference"
    assert record.part_text(q.span.part, q.span.index)[q.span.start:q.span.end] == q.text


def test_lets_imagine_he_is_putin(record):
    q = quote_starting(record, "Let’s imagine Ukraine is a NATO member", "direct")
    assert q.speaker.mention.text == "he"
    assert speaker_entity(record, q).name == "Vladimir Putin"


def test_orban_inverted_and_continued(record):
    q = quote_starting(record, "This is our 13th meeting", "direct")
    assert q.cue == "said" and q.speaker.mention.text == "Orban"
    orban = speaker_entity(record, q)
    assert "Orban" in orban.name
    rest = quote_starting(record, "That is a rarity", "direct")
    assert speaker_entity(record, rest).id == orban.id


def test_unclosed_twitter_quote_is_marki_zay_closed_at_paragraph_end(record):
    q = quote_starting(record, "Unity for Hungary demands", "direct")
    assert q.text.endswith("Hungary has a place in the EU and NATO!")
    assert q.medium == "on Twitter" and q.cue == "wrote"
    assert "Peter" in speaker_entity(record, q).name
    # the paragraph's own end bounds it: nothing from the next paragraph
    assert "Stoltenberg" not in q.text


def quote_holding(record, words):
    """The partial quotation of ``words``, or the mixed one that holds them (the trained model
    reports a quoted fragment inside reported speech as part of one mixed quotation)."""
    found = [q for q in record.quotes if q.kind in ("partial", "mixed") and words in q.text]
    assert found, [(q.kind, q.text[:40]) for q in record.quotes]
    return found[0]


def test_stoltenberg_good_call_and_twitter(record):
    partial = quote_holding(record, "good call")
    stoltenberg = speaker_entity(record, partial)
    assert stoltenberg.name == "Jens Stoltenberg"
    mixed = quote_starting(record, "he had a “good call” with Orban", "mixed")
    assert speaker_entity(record, mixed).id == stoltenberg.id and mixed.cue == "said"
    q = quote_starting(record, "In times of peace and crisis", "direct")
    assert speaker_entity(record, q).id == stoltenberg.id and q.medium == "on Twitter"


def test_gyongyosi_writes(record):
    q = quote_starting(record, "It is simply treasonous to go to Moscow", "direct")
    assert q.cue == "writes" and speaker_entity(record, q).name == "Márton Gyöngyösi"


def test_partial_betraying_interests_is_marki_zay(record):
    q = quote_holding(record, "the interests of Hungary and Europe")
    assert "Peter" in speaker_entity(record, q).name


def test_indirect_quotes(record):
    q = quote_starting(record, "the West of ignoring Russia’s security concerns and", "indirect")
    assert q.cue == "accused" and speaker_entity(record, q).name == "Vladimir Putin"
    q = quote_starting(record, "it has plans to march across its western border", "indirect")
    # the model's cues are PolNeAR's: the verb with its auxiliaries and adverbs ("has denied")
    assert q.cue.split()[-1] == "denied" and speaker_entity(record, q).name == "Kremlin"
    q = quote_starting(record, "Orban of arranging the talks in secret", "indirect")
    assert q.cue.split()[-1] == "accused"
    assert q.speaker.mention.text == "Hungary’s six-party alliance"


def test_headline_quote(record):
    q = quote_starting(record, "the West of ignoring", "indirect")
    assert q.span.part == "headline" and q.cue == "accuses"
    assert speaker_entity(record, q).name == "Vladimir Putin"
