"""Date expressions resolved against the publication date, on invented sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.config import Settings
from dateline.model import Article, Source
from dateline.understand import parse_articles
from dateline.understand.dates import find_dates, resolve

PUBLISHED = "2022-02-01T13:18:00-05:00"  # a Tuesday


@pytest.mark.parametrize(("text", "value"), [
    ("Monday", "2022-01-31"),          # the last Monday before a Tuesday
    ("on Monday", "2022-01-31"),
    ("Tuesday", "2022-02-01"),         # the day of publication itself
    ("Wednesday", "2022-01-26"),
    ("3rd April", "2022-04-03"),       # nearer in the coming months than last April
    ("April 3", "2022-04-03"),
    ("December", "2021-12"),           # last December is nearer than next
    ("in 2014", "2014"),
    ("2014", "2014"),
    ("last week", "2022-W04"),
    ("this week", "2022-W05"),
    ("last month", "2022-01"),
    ("last year", "2021"),
    ("yesterday", "2022-01-31"),
    ("two days ago", "2022-01-30"),
    ("13 March 2019", "2019-03-13"),
    ("January 2021", "2021-01"),
])
def test_resolve(text, value):
    assert resolve(text, PUBLISHED) == value


def test_future_sentence_moves_a_weekday_forward():
    assert resolve("Monday", PUBLISHED, future=True) == "2022-02-07"


@pytest.mark.parametrize("text", ["nearly six weeks", "weeks", "years", "the 1990s", "the past"])
def test_durations_and_vague_expressions_are_not_dates(text):
    assert resolve(text, PUBLISHED) is None


def test_without_publication_only_explicit_years_resolve():
    assert resolve("Monday", None) is None
    assert resolve("13 March 2019", None) == "2019-03-13"


def _dates(paragraphs, published=PUBLISHED):
    article = Article(id="t", source=Source(uri="t", format="text", sha256="t"),
                      paragraphs=paragraphs, published=published)
    [parsed] = parse_articles([article], Settings())
    return [(d.text, d.value, d.span.index, d.span.start, d.span.end)
            for d in find_dates(parsed)]


def test_find_dates_with_spans():
    dates = _dates([
        "The minister said on Monday that the vote on 3rd April would go ahead.",
        "For nearly six weeks the town waited. The bridge was built in 2014.",
        "Talks will resume on Thursday, officials said last week.",
    ])
    assert dates == [
        ("Monday", "2022-01-31", 0, 21, 27),
        ("3rd April", "2022-04-03", 0, 45, 54),
        ("2014", "2014", 1, 62, 66),
        ("Thursday", "2022-02-03", 2, 21, 29),   # "will": the coming Thursday
        ("last week", "2022-W04", 2, 46, 55),
    ]


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=80))
def test_find_dates_never_raises_and_spans_slice_back(text):
    if not text.strip():
        return
    for found, _, _, start, end in _dates([text]):
        assert text[start:end] == found


def test_tense_of_the_governing_verb_and_habitual_days():
    dates = _dates([
        "The library will reopen on Monday.",                       # future auxiliary
        "She said the hall would open on Sunday afternoons from July.",   # habitual: no Sunday
        "On Monday, he said he would resign.",                      # "said": the past Monday
        "Heavy rain would follow into Wednesday, forecasters said.",
    ])
    assert [(text, value) for text, value, *_ in dates] == [
        ("Monday", "2022-02-07"), ("July", "2022-07"), ("Monday", "2022-01-31"),
        ("Wednesday", "2022-02-02")]


@pytest.mark.parametrize(("text", "value"), [
    ("three days ago", "2022-01-29"),
    ("in two weeks", "2022-W07"),        # 15 February 2022 lies in ISO week 7
    ("in three days", "2022-02-04"),
    ("in three days' time", "2022-02-04"),
    ("two months from now", "2022-04"),
    ("in a year's time", "2023"),
    ("in a fortnight", "2022-W07"),
])
def test_relative_spans_resolve_against_published(text, value):
    assert resolve(text, PUBLISHED) == value


def test_relative_spans_in_the_body():
    dates = _dates([
        "The pier will reopen in two weeks, the board said.",
        "Three days ago the ferry was cancelled.",
        "The old pier was built in two weeks in 1902.",       # past tense: a duration
    ])
    assert [(text, value) for text, value, *_ in dates] == [
        ("two weeks", "2022-W07"), ("Three days ago", "2022-01-29"), ("1902", "1902")]


def test_a_modal_without_have_puts_a_weekday_in_the_future():
    # session 7's trial: "high tides on Friday could bring more damage" in a Wednesday article
    # gave the Friday before
    dates = _dates([
        "Forecasters warned that high tides on Friday could bring more damage.",
        "The council may decide on Thursday whether to close the road.",
        "The letter could have been posted on Saturday.",           # "have": the past
    ])
    assert [(text, value) for text, value, *_ in dates] == [
        ("Friday", "2022-02-04"), ("Thursday", "2022-02-03"), ("Saturday", "2022-01-29")]
