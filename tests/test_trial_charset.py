"""The character set an HTTP response declares (session 8's trial): a WARC record or fetched
page with ``Content-Type: text/html; charset=...`` and no ``<meta charset>`` was decoded by
guessing, and a few non-ASCII bytes are too few to guess from (Greek read as cp1252: "ÁèÞíá";
latin-1 "lampe à Café" as UTF-8: "lampe \ufffd Caf\ufffd"). The transport's charset is now the
page's when its bytes are not UTF-8 and do not declare one themselves."""

from __future__ import annotations

import sqlite3

import pytest
from test_fetch import Site, fetcher
from warcs import http_response, warc_record

from dateline.cli import main
from dateline.extract import extract_page
from dateline.extract.decode import decode_page_report
from dateline.sources.page import RawPage, content_type_charset
from dateline.sources.warc import iter_warc

# five Greek letters in an English page: too few to guess (decode._MIN_GUESS_BYTES); read as
# cp1252 they are Latin letters ("ÁèÞíá"), which pass for Western text
BODY = ("<html><body><article><h1>Ferry crews strike in Αθήνα</h1>"
        + "<p>Ferry crews in the port of Piraeus walked out on Monday over pay, leaving "
          "thousands of passengers bound for the islands waiting on the quay, the union "
          "said.</p>" * 3 + "</article></body></html>")
GREEK = BODY.encode("iso-8859-7")


def test_content_type_charset():
    assert content_type_charset("text/html; charset=ISO-8859-1") == "iso-8859-1"
    assert content_type_charset('text/html;charset="windows-1252"') == "windows-1252"
    assert content_type_charset("text/html") is None
    assert content_type_charset("") is None


def test_the_decoder_reads_bytes_in_the_transport_charset():
    assert "Αθήνα" not in decode_page_report(GREEK).text  # alone: "ÁèÞíá"
    decoded = decode_page_report(GREEK, charset="iso-8859-7")
    assert "Ferry crews strike in Αθήνα" in decoded.text and decoded.replaced == 0
    # UTF-8 bytes stay UTF-8 whatever the header says; the page's own meta wins; unknown: ignored
    assert "Αθήνα" in decode_page_report(BODY.encode(), charset="iso-8859-1").text
    meta = b'<meta charset="iso-8859-7">' + GREEK
    assert "Αθήνα" in decode_page_report(meta, charset="windows-1251").text
    assert "Αθήνα" not in decode_page_report(GREEK, charset="no-such-charset").text


def test_a_warc_record_keeps_its_charset_and_its_record_reads_right(tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_record("response", "https://cafe.example/reopens",
                                 http_response(GREEK, "text/html; charset=iso-8859-7"), "0001"))
    [page] = list(iter_warc(str(path)))
    assert page.charset == "iso-8859-7"
    article = extract_page(page)
    assert article.headline == "Ferry crews strike in Αθήνα"
    assert article.source.replaced_chars == 0


def test_ingest_of_the_warc_stores_the_accents(tmp_path, capsys):
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_record("response", "https://cafe.example/reopens",
                                 http_response(GREEK, "text/html; charset=iso-8859-7"), "0001"))
    db = tmp_path / "d.db"
    status = main(["ingest", "--db", str(db), "--no-progress", "--no-nlp", "--workers", "2",
                   str(path)])
    assert status == 0, capsys.readouterr().err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT headline FROM articles").fetchall() == [
            ("Ferry crews strike in Αθήνα",)]


@pytest.fixture
def site():
    s = Site()
    s.routes["/robots.txt"] = [(200, {"Content-Type": "text/plain"}, b"")]
    yield s
    s.server.shutdown()
    s.server.server_close()


def test_a_fetched_page_keeps_its_charset(site):
    site.routes["/ferry"] = [(200, {"Content-Type": "text/html; charset=ISO-8859-7"}, GREEK)]
    with fetcher() as f:
        page = f.fetch(site.base + "/ferry")
    assert isinstance(page, RawPage) and page.error is None
    assert page.charset == "iso-8859-7"
    assert extract_page(page).headline == "Ferry crews strike in Αθήνα"
