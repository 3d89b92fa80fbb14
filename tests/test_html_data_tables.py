"""A page that is only a table of figures is not an article (a "no article" error that says
why); an article with a table in it keeps the table's rows (issue 12 item 4). Pages written by
us; every expected value worked out by hand."""

from __future__ import annotations

import pytest

import dateline
from dateline.errors import ExtractionError
from dateline.extract.html import _is_prose

RATES = [("US dollar", "1.0832", "1.0815"), ("Japanese yen", "161.23", "160.87"),
         ("Pound sterling", "0.8521", "0.8530"), ("Swiss franc", "0.9712", "0.9698"),
         ("Swedish krona", "11.234", "11.251"), ("Danish krone", "7.4601", "7.4603")]
RATE_TABLE = ("<table><tr><th>Currency</th><th>Rate</th><th>Previous</th></tr>"
              + "".join(f"<tr><td>{c}</td><td>{r}</td><td>{p}</td></tr>" for c, r, p in RATES)
              + "</table>")
LEAGUE_TABLE = ("<table class='standings'><tr><th>Pos</th><th>Team</th><th>P</th><th>W</th>"
                "<th>D</th><th>L</th><th>Pts</th></tr>" + "".join(
                    f"<tr><td>{i}</td><td>{team}</td><td>30</td><td>{21 - i}</td><td>5</td>"
                    f"<td>{4 + i}</td><td>{68 - 3 * i}</td></tr>"
                    for i, team in enumerate(["Harbour City", "North Vale", "Riverside",
                                              "Kingsmoor", "Eastgate Rovers", "Millbrook",
                                              "Stonebridge", "Westford Town"], start=1))
                + "</table>")
PROSE = ("The euro rose against the dollar for a third day on Tuesday, after figures showed "
         "that factory orders in the region had grown faster than traders expected.")


def html(body: str, title: str = "Euro reference rates") -> bytes:
    return (f"<!doctype html><html lang='en'><head><title>{title} | The Gazette</title></head>"
            "<body><nav><ul><li><a href='/'>Home</a></li><li><a href='/markets'>Markets</a>"
            f"</li></ul></nav><main><h1>{title}</h1>{body}</main>"
            "<footer><p>Copyright 2026 The Gazette. All rights reserved.</p></footer>"
            "</body></html>").encode()


def refused(page: bytes) -> ExtractionError:
    with pytest.raises(ExtractionError) as info:
        dateline.extract(page, format="html", nlp=False)
    return info.value


def test_a_page_of_exchange_rates_is_no_article_and_says_why():
    error = refused(html(RATE_TABLE))
    assert error.kind == "no_article"
    assert str(error) == ("the page's body is only a data table (7 rows) with no paragraph of "
                          "prose: not an article")


def test_a_league_table_with_a_title_and_a_source_note_is_no_article():
    # "Source: ..." is 6 words: a note, not prose
    error = refused(html(LEAGUE_TABLE + "<p>Source: the league office, 3 March 2026.</p>",
                         title="Premier Division table"))
    assert error.kind == "no_article" and "only a data table (9 rows)" in str(error)


def test_a_table_with_one_paragraph_of_prose_is_an_article_with_both():
    article = dateline.extract(html(f"<p>{PROSE}</p>{RATE_TABLE}"), format="html", nlp=False)
    assert article.paragraphs == [PROSE, "Currency | Rate | Previous",
                                  "US dollar | 1.0832 | 1.0815", "Japanese yen | 161.23 | 160.87",
                                  "Pound sterling | 0.8521 | 0.8530",
                                  "Swiss franc | 0.9712 | 0.9698",
                                  "Swedish krona | 11.234 | 11.251",
                                  "Danish krone | 7.4601 | 7.4603"]


def test_an_article_laid_out_in_table_cells_is_still_an_article():
    second = ("Dealers said the move was small beside the swings of last spring, and that the "
              "central bank was not expected to change its rates at the April meeting.")
    layout = (f"<table><tr><td>{PROSE}</td></tr><tr><td>{second}</td></tr></table>")
    article = dateline.extract(html(layout, title="Euro rises again"), format="html", nlp=False)
    assert article.paragraphs == [PROSE, second]


@pytest.mark.parametrize("text, prose", [
    (PROSE, True),
    ("It rose.", False),                                  # 2 words
    ("Source: the league office, 3 March 2026.", False),  # 6 words
    ("Harbour City | 30 | 21 | 5 | 4 | 68 | top of the table", False),  # no sentence end
    ('He said the rates were "a surprise to everyone in the room."', True),
    ("Rates at 14:15 CET on 3.3.2026 for the eight main currencies", False),  # 3.3 is no end
])
def test_what_reads_as_prose(text, prose):
    assert _is_prose(text) is prose
