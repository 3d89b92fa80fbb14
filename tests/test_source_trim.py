"""Source mentions of the attribution model trimmed as PolNeAR marks Source spans
(:func:`dateline.understand.speakers.trim_source`); pages written for these tests."""

from __future__ import annotations

import pytest

from dateline.understand.nlp import load_nlp
from dateline.understand.speakers import trim_source


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _trimmed(nlp, text: str, phrase: str) -> str:
    doc = nlp(text)
    start = text.index(phrase)
    span = doc.char_span(start, start + len(phrase), alignment_mode="expand")
    first, last = trim_source(doc, span.start, span.end - 1)
    return doc[first:last + 1].text


@pytest.mark.parametrize(("text", "phrase", "want"), [
    # a "which" clause after the first apposition is left out
    ("Mara Lind, chair of the harbour board, which runs the ferries, said the boats would sail.",
     "Mara Lind, chair of the harbour board, which runs the ferries",
     "Mara Lind, chair of the harbour board"),
    # a "who" clause stays, as PolNeAR marks it
    ("Ivo Sand, a welder at the yard, who has worked there for years, said the pay was late.",
     "Ivo Sand, a welder at the yard, who has worked there for years",
     "Ivo Sand, a welder at the yard, who has worked there for years"),
    # and "Both" before a pair of names
    ("Both Ann Ferris and Ole Brandt said the pier was safe.", "Both Ann Ferris and Ole Brandt",
     "Both Ann Ferris and Ole Brandt"),
    # so is a second apposition
    ("Ole Brandt, the mayor of Tarby, a fishing town, said the road was closed.",
     "Ole Brandt, the mayor of Tarby, a fishing town", "Ole Brandt, the mayor of Tarby"),
    # an age is no apposition: the one after it stays
    ("Ivo Sand, 61, a welder at the yard, said the pay was late.",
     "Ivo Sand, 61, a welder at the yard", "Ivo Sand, 61, a welder at the yard"),
    # a conjunction before the mention and a preposition after it are not the mention
    ("Most said yes, and 12 percent said no.", "and 12 percent", "12 percent"),
    ("The harbour board on Monday said the fees would rise.", "The harbour board on",
     "The harbour board"),
    # a noun that holds the words is not the speaker (data/source_holders.txt)
    ("From the desk of Councillor Ana Pike: the pier stays open.",
     "the desk of Councillor Ana Pike", "Councillor Ana Pike"),
])
def test_trim_source(nlp, text, phrase, want):
    assert _trimmed(nlp, text, phrase) == want


def test_a_plain_name_is_kept(nlp):
    assert _trimmed(nlp, "Ann Ferris said the boats were old.", "Ann Ferris") == "Ann Ferris"


@pytest.mark.parametrize(("text", "phrase", "want"), [
    # a mention cut after a determiner runs on to its noun
    ("This document says the pier was safe.", "This", "This document"),
    ("The first harbour report said the pier was safe.", "The", "The first harbour report"),
    # a possessive is a mention of its own
    ("Ann Ferris's letter said the pier was safe.", "Ann Ferris's", "Ann Ferris's"),
    # a whole mention stays as it is
    ("The harbour board said the ferries would sail.", "The harbour board", "The harbour board"),
])
def test_mention_cut_short_of_its_noun_runs_on(nlp, text, phrase, want):
    assert _trimmed(nlp, text, phrase) == want
