"""Timelines and live blogs on the text path: dated entries stay in the body, their dates are no
header metadata, and every line of the page ends up in the record (issue 12, item 5: a new
user's trial).

Pages written by the dateline team; the expected values are worked out by hand.
"""

from __future__ import annotations

import numpy as np
import pytest

import dateline
from dateline.extract.lines import FEATURE_NAMES, line_features, split_lines
from dateline.extract.timeline import dated, dated_entries
from dateline.model import Article

MENU = "Home | News | Sport | Weather | Contact"
HEADLINE = "The week the Kelso trawler went down"
STANDFIRST = ("Lifeboat crews from three stations searched the sea off Kelso for the trawler "
              "Morning Star, which sent its last radio message late on a Monday night.")
BAR = "Share | 12 comments"
FOOTER = "Copyright 2025 Tarn Valley Gazette"
# one-line entries: a time, or a date and a dash, then the entry's text
BY_TIME = ["09:15 Crews reached the pier", "10:40 Divers found the wreck",
           "12:05 The harbour reopened", "13:30 The inquiry began"]
BY_DATE = ["12 March 2025 \u2014 Crews reached the pier",
           "13 March 2025 \u2014 Divers found the wreck",
           "15 March 2025 \u2014 The harbour reopened",
           "18 March 2025 \u2014 The inquiry began"]
# a date line above each entry
DATE_LINES = ["12 March 2025", "Engineers find a crack in the north pier after a routine "
              "inspection.", "14 March 2025", "Lorries over 18 tonnes are kept off the bridge.",
              "17 March 2025", "The bridge is closed to all traffic at night while divers "
              "examine the footings.", "21 March 2025", "Heavy rain raises the river by two "
              "metres in a single day.", "22 March 2025", "The central span falls into the "
              "water shortly before midnight."]
_DATEISH = FEATURE_NAMES.index("dateish")


def _page(entries: list[str]) -> str:
    return "\n\n".join([MENU, HEADLINE, STANDFIRST, BAR, *entries, FOOTER]) + "\n"


def _listed(article: Article) -> list[str]:
    """Every line the record holds as a line: headline, standfirst, body, boilerplate."""
    return ([t for t in (article.headline, article.standfirst) if t] + article.paragraphs
            + [b.text for b in article.boilerplate])


def test_dated_lines() -> None:
    texts = ["09:15 Crews reached the pier", "9.40am The ferry left",
             "12 March 2025 \u2014 The harbour reopened", "3 February",
             "Tuesday 12 March 2025 09:15 GMT", "2 days ago at 07:52 am",
             "Crews reached the pier at 09:15", "Route 9 \u2014 Harbour Road"]
    lines = split_lines("\n".join(texts))
    X = line_features(lines)
    assert [dated(line, X[i, _DATEISH] > 0) for i, line in enumerate(lines)] \
        == [True, True, True, True, True, False, False, False]


@pytest.mark.parametrize("entries", [BY_TIME, BY_DATE, DATE_LINES])
def test_timeline_entries_are_body(entries: list[str]) -> None:
    # before: every entry was boilerplate (related, navigation, other: the line model reads
    # short dated lines as links), and the date lines of DATE_LINES became header metadata
    # that no field held ("17 March 2025"), and the standfirst the headline
    article = dateline.extract(_page(entries), format="text", nlp=False)
    assert article.paragraphs[-len(entries):] == entries
    assert article.published is None  # the entries' dates are not the article's
    assert sorted(_listed(article)) == sorted([MENU, HEADLINE, STANDFIRST, BAR, *entries,
                                               FOOTER])
    if entries is not DATE_LINES:
        # (with DATE_LINES the model leaves the standfirst out of the body, and the headline
        # scorer then prefers it to the headline: a header choice this rule leaves alone)
        assert article.headline == HEADLINE
        assert article.paragraphs == [STANDFIRST, *entries]
        assert {b.text: b.kind for b in article.boilerplate} == {
            MENU: "navigation", BAR: "comments", FOOTER: "other"}


def test_a_related_list_with_dates_is_no_timeline() -> None:
    # headline, date, headline, date... under the article: the line above the first date is
    # a headline, not body or chrome, and no line up to the last date is body
    texts = [STANDFIRST, "More stories", "Ferry to get a second vessel", "5 March 2025",
             "Harbour wall repairs finished", "4 March 2025", "New lifeboat station opens",
             "1 March 2025"]
    lines = split_lines("\n\n".join(texts))
    is_body = np.array([True] + [False] * 7)
    assert dated_entries(lines, is_body, line_features(lines)) == []
    # the same lines as a timeline right under the article (a chrome bar between): taken
    timeline = [STANDFIRST, BAR, "5 March 2025", "Ferry gets a second vessel",
                "6 March 2025", "Harbour wall repairs finished", "9 March 2025",
                "New lifeboat station opens"]
    lines = split_lines("\n\n".join(timeline))
    X = line_features(lines)
    assert dated_entries(lines, is_body, X, chrome={1}) == [2, 3, 4, 5, 6, 7]
    # two dated lines are a byline's published and updated times, not a timeline
    assert dated_entries(lines[:6], is_body[:6], X[:6], chrome={1}) == []
    # a comment thread the comment rule forced out ends the run
    assert dated_entries(lines, is_body, X, chrome={1, 4}) == []


def test_a_header_date_no_field_holds_is_listed() -> None:
    # two dates in the header: the first is ``published``; the second (a different day) was
    # kept as metadata that no field of the record holds
    page = "\n\n".join([
        HEADLINE, "By Ines Calloway", "Published 5 March 2025 12:40 GMT",
        "Saturday 1 March 2025 09:00", STANDFIRST,
        "The coastguard said the search would go on until nightfall, and the harbour master "
        "asked the owners of small boats to stay in port until the weather improves.",
    ]) + "\n"
    article = dateline.extract(page, format="text", nlp=False)
    assert article.authors == ["Ines Calloway"]
    assert article.published == "2025-03-05T12:40:00+00:00"
    assert "Saturday 1 March 2025 09:00" in _listed(article)
