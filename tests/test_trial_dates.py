"""Dates no record can hold (session 8's trial): a page whose machine date has no UTC moment
("9999-12-31T23:59:59-23:59") made `dateline ingest` store it as an `internal` failure
(OverflowError in the store's UTC ordering), and a `<time datetime="0000-00-00">` made the
record itself fail to validate. Such a date is now no date; the page is stored."""

from __future__ import annotations

import sqlite3

import pytest

import dateline
from dateline.cli import main
from dateline.extract.page_dates import normalise_datetime
from dateline.extract.timestamps import parse_timestamp

PROSE = ("<p>The harbour master said the ferry to the islands would sail again on Friday, after "
         "the storm of last week tore away part of the pier and left the boat stuck in port.</p>")


def _page(meta: str, time: str = "") -> bytes:
    return (f'<html><head><meta property="article:published_time" content="{meta}"></head>'
            f"<body><article><h1>Island ferry to sail again</h1>{time}{PROSE * 3}</article>"
            "</body></html>").encode()


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:30:00+05:00",
                                   "0000-00-00", "2025-02-30"])
def test_a_machine_date_with_no_utc_moment_or_day_is_none(value):
    assert normalise_datetime(value) is None


def test_a_machine_date_in_range_is_kept():
    assert normalise_datetime("2025-12-31T23:59:59+05:00") == "2025-12-31T23:59:59+05:00"
    # it has a UTC moment, but year 9999 is no publication time (session 9: plausible_time,
    # tests/test_plausible_dates.py)
    assert normalise_datetime("9999-12-31T23:59:59+05:00") is None
    assert normalise_datetime("2025-03-03") == "2025-03-03"


def test_a_printed_time_with_no_utc_moment_is_no_timestamp():
    assert parse_timestamp("31 December 9999, 23:30 EST") is None
    assert parse_timestamp("31 December 2025, 23:30 EST") == "2025-12-31T23:30:00-05:00"


def test_the_page_gets_a_record_without_the_date():
    article = dateline.extract(_page("9999-12-31T23:59:59-23:59",
                                     '<time datetime="0000-00-00">someday</time>'), nlp=False)
    assert article.headline == "Island ferry to sail again"
    assert article.published is None


def test_ingest_stores_the_page(tmp_path, capsys):
    (tmp_path / "far-future.html").write_bytes(_page("9999-12-31T23:59:59-23:59"))
    db = tmp_path / "d.db"
    status = main(["ingest", "--db", str(db), "--no-progress", "--no-nlp", "--workers", "1",
                   str(tmp_path / "far-future.html")])
    assert status == 0, capsys.readouterr().err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT headline, published FROM articles").fetchall() == [
            ("Island ferry to sail again", None)]
        assert conn.execute("SELECT count(*) FROM failures").fetchone() == (0,)
