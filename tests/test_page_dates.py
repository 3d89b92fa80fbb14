"""published / updated of HTML pages we wrote, one date style each (issue 12, item 2)."""

from __future__ import annotations

import json

import pytest

from dateline.extract.html import extract_html
from dateline.extract.metadata import extract_metadata, parse_html
from dateline.extract.page_dates import order_dates, page_clock
from dateline.extract.timestamps import PageClock

LEDE = ("<p>The harbour board met on Thursday and agreed to rebuild the north pier, which has been "
        "closed to ferries since the storms of last winter, at a cost of four million.</p>"
        "<p>Work will begin in the spring and should take about eighteen months, the board's "
        "chair told the meeting, and the ferry timetable will change while it lasts.</p>")


def _page(stamps: str, lang: str = "en", head: str = "") -> str:
    return (f'<html lang="{lang}"><head><title>Pier to be rebuilt</title>{head}</head><body>'
            f'<article><header><h1>North pier to be rebuilt after storms</h1>'
            f'<div class="meta">{stamps}</div></header>{LEDE}</article></body></html>')


def _dates(html: str, url: str | None = None) -> tuple[str | None, str | None]:
    meta = extract_metadata(parse_html(html), url)
    return meta["published"], meta["updated"]


@pytest.mark.parametrize(("lang", "stamps", "published"), [
    ("de", '<span class="date">05.03.2025 12:40 CET</span>', "2025-03-05T12:40:00+01:00"),
    ("hu", '<span class="date">2025.03.25. 16:10 CET</span>', "2025-03-25T16:10:00+01:00"),
    ("nb", '<span class="date">01.04.2025 kl. 18:10 CEST</span>', "2025-04-01T18:10:00+02:00"),
    ("en-GB", '<span class="date">09:40 BST, Wed, Apr 2, 2025</span>',
     "2025-04-02T09:40:00+01:00"),
    ("en-US", '<time>March 24, 2025 at 7:45 a.m. ET</time>', "2025-03-24T07:45:00-04:00"),
    ("en-GB", '<span class="date">13 March 2025 2.05pm GMT</span>', "2025-03-13T14:05:00+00:00"),
    # day-first numerics on a British page, the page's zone and its summer time
    ("en-GB", '<span class="date">05/03/2025 12:40</span>', "2025-03-05T12:40:00+00:00"),
    ("en-GB", '<span class="date">04/07/2025 12:40</span>', "2025-07-04T12:40:00+01:00"),
    ("en-US", '<span class="date">04/07/2025 12:40</span>', "2025-04-07T12:40:00"),
    # month names in other languages; the page's zone gives the offset
    ("es-ES", '<span class="date">Publicado el 5 de marzo de 2025 a las 12:40</span>',
     "2025-03-05T12:40:00+01:00"),
    ("pt-BR", '<span class="date">Publicado em 5 de março de 2025, 12:40</span>',
     "2025-03-05T12:40:00-03:00"),
    ("fr-FR", '<span class="date">Publié le 5 mars 2025 à 12h40</span>',
     "2025-03-05T12:40:00+01:00"),
    ("de", '<span class="date">Veröffentlicht am 5. März 2025, 12:40 Uhr</span>',
     "2025-03-05T12:40:00+01:00"),
    ("it", '<span class="date">Pubblicato il 5 luglio 2025 alle 12:40</span>',
     "2025-07-05T12:40:00+02:00"),
])
def test_visible_timestamps(lang: str, stamps: str, published: str) -> None:
    assert _dates(_page(stamps, lang=lang))[0] == published


def test_portuguese_updated_line_is_day_first() -> None:
    stamps = ('<span class="date">Publicado em 02/04/2024 10:00</span> '
              '<span class="date">Atualizado em 03/04/2024 09:15</span>')
    assert _dates(_page(stamps, lang="pt-BR")) == ("2024-04-02T10:00:00-03:00",
                                                    "2024-04-03T09:15:00-03:00")


def test_month_day_in_cjk_takes_the_year_of_the_url() -> None:
    stamps = '<span class="date">3月5日 12:40</span>'
    assert _dates(_page(stamps, lang="ja"), "https://news.example.jp/2025/03/05/pier.html")[0] \
        == "2025-03-05T12:40:00+09:00"


def test_a_date_only_line_keeps_the_time_given_elsewhere() -> None:
    stamps = '<span class="date">5 March 2025</span> <span class="time">12:40 GMT</span>'
    assert _dates(_page(stamps))[0] == "2025-03-05T12:40:00+00:00"
    # a date-only JSON-LD value takes the <meta> time of the same day
    ld = json.dumps({"@type": "NewsArticle", "datePublished": "2025-03-05"})
    head = (f'<script type="application/ld+json">{ld}</script>'
            '<meta property="article:published_time" content="2025-03-05T12:40:00+01:00">')
    assert _dates(_page("", head=head))[0] == "2025-03-05T12:40:00+01:00"


def test_a_utc_machine_time_takes_the_pages_own_offset() -> None:
    ld = json.dumps({"@type": "NewsArticle", "datePublished": "2025-03-05T11:40:00Z"})
    head = f'<script type="application/ld+json">{ld}</script>'
    stamps = '<span class="date">05.03.2025 12:40 CET</span>'
    assert _dates(_page(stamps, lang="de", head=head))[0] == "2025-03-05T12:40:00+01:00"


def test_the_pages_own_offset_wins_over_a_second_utc_copy() -> None:
    # JSON-LD and <meta> both in UTC, the visible line in the page's own offset
    ld = json.dumps({"@type": "NewsArticle", "datePublished": "2025-03-05T23:40:00Z"})
    head = (f'<script type="application/ld+json">{ld}</script>'
            '<meta property="article:published_time" content="2025-03-05T23:40:00Z">')
    stamps = '<time datetime="2025-03-05T18:40:00-05:00">March 5, 2025, 6:40 p.m. ET</time>'
    assert _dates(_page(stamps, lang="en-US", head=head))[0] == "2025-03-05T18:40:00-05:00"


def test_machine_times_without_an_offset_take_the_one_a_utc_copy_implies() -> None:
    ld = json.dumps({"@type": "NewsArticle", "datePublished": "2025-03-05T18:40:00",
                     "dateModified": "2025-03-05T18:40:00"})
    head = (f'<script type="application/ld+json">{ld}</script>'
            '<meta name="pubdate" content="2025-03-05T23:40:00+00:00">')
    # published on the page's clock (-05:00); the same moment "modified" is no update
    assert _dates(_page("", head=head)) == ("2025-03-05T18:40:00-05:00", None)
    head = ('<meta property="article:published_time" content="2025-03-06T04:40:00Z">'
            '<meta name="sailthru.date" content="2025-03-05 20:40:00">'
            '<meta property="article:modified_time" content="2025-03-06T06:10:00Z">'
            '<meta name="dcterms.modified" content="2025-03-05 22:10:00">')
    assert _dates(_page("", head=head)) == ("2025-03-05T20:40:00-08:00",
                                            "2025-03-05T22:10:00-08:00")


def test_one_moment_in_two_offsets_is_no_update() -> None:
    assert order_dates("2025-03-05T18:40:00-05:00", "2025-03-05T23:40:00+00:00") == (
        "2025-03-05T18:40:00-05:00", None)


def test_updated_is_never_earlier_than_published() -> None:
    ld = json.dumps({"@type": "NewsArticle", "datePublished": "2025-03-05T12:40:00+01:00",
                     "dateModified": "2025-03-04T09:00:00+01:00"})
    head = f'<script type="application/ld+json">{ld}</script>'
    assert _dates(_page("", head=head)) == ("2025-03-05T12:40:00+01:00", None)
    assert order_dates("2025-03-05T12:40:00+01:00", "2025-03-05T12:00:00+00:00") == (
        "2025-03-05T12:40:00+01:00", "2025-03-05T12:00:00+00:00")   # 11:40 UTC < 12:00 UTC
    assert order_dates("2025-03-05T12:40:00+01:00", "2025-03-05") == (
        "2025-03-05T12:40:00+01:00", None)                          # the same day, no later
    assert order_dates("2025-03-05", "2025-03-06T08:00:00") == ("2025-03-05",
                                                                "2025-03-06T08:00:00")


def test_page_clock() -> None:
    assert page_clock("en-GB", None, []) == PageClock("Europe/London", True, None)
    assert page_clock("en-US", None, ["2025-03-05T10:00:00-05:00"]) == PageClock(None, False, 2025)
    assert page_clock("en", "https://www.example.co.uk/2024/01/x", []) == PageClock(
        "Europe/London", True, 2024)
    assert page_clock(None, None, []) == PageClock(None, None, None)


def test_the_html_path_record_has_both_times() -> None:
    stamps = ('<span class="date">05.03.2025 12:40 CET</span> '
              '<span class="updated">Aktualisiert am 06.03.2025 um 09:10 Uhr</span>')
    record = extract_html(_page(stamps, lang="de"))
    assert (record.published, record.updated) == ("2025-03-05T12:40:00+01:00",
                                                  "2025-03-06T09:10:00+01:00")
