"""Page dates no careful reader would take (session 9's trial): a day the month does not have
("2025-02-30") became the 1st of the month through htmldate, and years 0001 and 9999 were kept,
so that a year-1 copy became the original of its duplicate group. Pages written for these
tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import dateline
from dateline.corpus import Store
from dateline.extract.clock import plausible_time
from dateline.extract.metadata import parse_html
from dateline.extract.page_dates import hide_impossible_days, normalise_datetime
from dateline.extract.result import Extraction, TextBlock
from dateline.model import Source

PROSE = ("<p>The lock keepers of the upper canal said the gates would open again on Monday, once "
         "the divers had cleared the silt that the spring floods left against the sill.</p>")
HEADLINE = "Canal gates to open on Monday"


def _page(head: str = "", top: str = "") -> bytes:
    return (f'<html lang="en-GB"><head><title>{HEADLINE}</title>{head}</head><body><article>'
            f"<h1>{HEADLINE}</h1>{top}{PROSE * 4}</article></body></html>").encode()


def _meta(value: str) -> str:
    return f'<meta property="article:published_time" content="{value}">'


def _ld(value: str) -> str:
    return ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
            f'"{HEADLINE}", "datePublished": "{value}"}}</script>')


def _published(page: bytes, url: str | None = None) -> str | None:
    return dateline.extract(page, format="html", nlp=False, url=url).published


# 1. an impossible day: no published from it, never the 1st of its month


@pytest.mark.parametrize("page", [
    _page(_meta("2025-02-30")),
    _page(_meta("2025-04-31T10:00:00Z")),
    _page(top='<time datetime="2025-02-30">30 Feb 2025</time>'),
    _page(top='<p class="date">30 February 2025</p>'),
    _page(_ld("2025-04-31")),
])
def test_an_impossible_day_gives_no_published(page):
    assert _published(page) is None  # was "2025-02-01" / "2025-04-01" through htmldate


def test_another_valid_source_gives_the_date():
    # the page's visible dateline, read before htmldate
    assert _published(_page(_meta("2025-02-30"), '<p class="date">28 February 2025</p>')) \
        == "2025-02-28"
    # htmldate still reads the page's other dates: here the date in its canonical URL
    canonical = '<link rel="canonical" href="https://news.example/2025/02/27/canal-gates">'
    assert _published(_page(_meta("2025-02-30") + canonical)) == "2025-02-27"


def test_hide_impossible_days():
    tree = parse_html(
        '<html><head><meta name="date" content="31.04.2025"><meta name="x" content="a">'
        '</head><body><span data-when="2025-02-29">On 2025-02-29, and 2024-02-29</span>'
        '<span title="04/31/2025">x</span></body></html>')
    assert hide_impossible_days(tree) == 4  # a meta, two attributes, a text
    assert [m.get("name") for m in tree.iter("meta")] == ["x"]
    span = next(tree.iter("span"))
    assert span.get("data-when") is None
    assert span.text == "On  , and 2024-02-29"  # a leap day is a day
    assert next(tree.iter("span")).getnext().get("title") is None


# 2. implausible years: before 1605 or past the time of extraction

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize(("iso", "plausible"), [
    ("2025-03-03", True),
    ("1605-01-01", True),  # the first newspaper's year
    ("1604-12-31", False),
    ("0001-01-01", False),
    ("1850-06-01T09:00:00", True),  # a digitised 19th-century paper
    ("1605-01-01T02:00:00+05:00", False),  # 1604 in UTC
    ("9999-12-31", False),
    ("2026-12-04", True),  # two days ahead: UTC+14, an embargo
    ("2026-12-05", False),
    ("2026-12-04T03:00:00+00:00", True),
    ("2026-12-04T03:00:01+00:00", False),
    ("2026-12-04T10:00:00+08:00", True),  # 02:00 UTC
    ("2026-12-04T04:00:00", False),  # naive: read as UTC
    ("9999-12-31T23:59:59-23:59", False),  # no UTC moment
    ("not a date", False),
])
def test_plausible_time(iso, plausible):
    assert plausible_time(iso, NOW) is plausible


def test_machine_dates_out_of_bounds_are_none():
    assert normalise_datetime("0001-01-01T00:00:00Z") is None
    assert normalise_datetime("9999-12-31") is None
    assert normalise_datetime("1888-03-12") == "1888-03-12"


@pytest.mark.parametrize(("page", "published"), [
    (_page(_meta("0001-01-01T00:00:00Z")), None),
    (_page(_meta("9999-12-31")), None),
    (_page(top='<p class="date">3 March 9999</p>'), None),
    # the next source of the page gives the time
    (_page(_ld("0001-01-01T00:00:00Z") + _meta("2024-05-06T08:00:00+01:00")),
     "2024-05-06T08:00:00+01:00"),
    (_page(_meta("9999-12-31"), '<p class="date">6 May 2024</p>'), "2024-05-06"),
    (_page(_meta("1871-03-18")), "1871-03-18"),
])
def test_the_html_path_keeps_only_plausible_times(page, published):
    assert _published(page) == published


def _text(stamp: str) -> bytes:
    body = "\n\n".join(
        f"The lock keepers of the upper canal said part {i} of the work would be done by "
        "Monday, once the divers had cleared the silt left against the sill." for i in range(5))
    return f"{HEADLINE}\n\n{stamp}\n\n{body}\n".encode()


@pytest.mark.parametrize(("stamp", "published"), [
    ("Published 3 March 9999", None),
    ("Published 3 March 1066", None),
    ("Published 3 March 1871", "1871-03-03"),
    ("Published 30 February 2025", None),
])
def test_the_text_path_keeps_only_plausible_times(stamp, published):
    assert dateline.extract(_text(stamp), format="text", nlp=False).published == published


def test_the_record_never_holds_an_implausible_time():
    source = Source(uri="made.html", format="html", sha256="0" * 64)
    article = Extraction(format="html", published="0001-01-01", updated="9999-12-31T00:00:00",
                         blocks=[TextBlock(text="A body.", kind="body")]).article(
        id="0" * 64, source=source)
    assert (article.published, article.updated) == (None, None)


def test_a_year_one_copy_is_not_the_original(store_url):
    dated = dateline.extract(_page(_meta("2025-03-03T09:00:00+00:00")), format="html",
                             nlp=False)
    year_one = dateline.extract(_page(_meta("0001-01-01T00:00:00Z"))
                                .replace(b"<article>", b"<article><!-- copy -->"),
                                format="html", nlp=False)
    assert year_one.published is None and year_one.id != dated.id
    with Store.open(store_url) as store:
        assert store.add(dated) and store.add(year_one)
        groups = store.duplicate_group_ids([dated.id, year_one.id])
    assert groups == {dated.id: dated.id, year_one.id: dated.id}
