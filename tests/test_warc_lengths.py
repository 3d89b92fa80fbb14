"""A WARC record whose Content-Length lies, and an empty archive, lose nothing.

Before, a plain record whose length ran past its block swallowed the records after it (one
"cut short" failure for four records), and a 0-byte archive gave nothing at all: no page, no
failure (session 10's trial).
"""

from __future__ import annotations

import gzip
import io
import sqlite3

from warcs import Pipe, http_response, seen, warc_record

from dateline.cli import main
from dateline.sources.warc import iter_warc, iter_warc_stream


def _page(n: int) -> bytes:
    return (f"<html><body><h1>Ferry timetable {n}</h1><p>The island ferry will run {n} extra "
            f"sailings this winter, the operator said, after a season of full boats and long "
            f"queues at the harbour.</p></body></html>").encode()


def _record(n: int, extra: int = 0) -> bytes:
    """Record ``n``; ``extra`` bytes are added to its Content-Length (a lying length)."""
    block = http_response(_page(n))
    return warc_record("response", f"https://news.example/{n}", block, f"000{n}",
                       length=len(block) + extra)


def _lie(path, size: int, claimed: int, at: int = 0) -> str:
    return (f"FAILED: {path}: bytes {at}-{at + size - 1} skipped: the Content-Length of the "
            f"record urn:uuid:0000 ({claimed} bytes) runs past its end: a record starts at byte "
            f"{at + size}, inside the block it claims")


def test_a_plain_record_whose_length_runs_past_the_end_no_longer_swallows_the_rest(tmp_path):
    lying = _record(0, extra=5000)
    claimed = len(http_response(_page(0))) + 5000
    path = tmp_path / "crawl.warc"
    path.write_bytes(lying + _record(1) + _record(2) + _record(3))
    pages = list(iter_warc(str(path)))
    # before: one page, "the record is cut short (... of {claimed} bytes)"
    assert seen(pages) == [_lie(path, len(lying), claimed), "1", "2", "3"]
    assert pages[0].source == f"{path}@0" and pages[0].url == "https://news.example/0"
    assert pages[0].error.kind == "unreadable" and pages[3].data == _page(3)


def test_a_length_that_ends_inside_the_next_record_loses_only_its_own(tmp_path):
    # before: record 0 was a page holding 300 bytes of record 1, and record 1 was lost
    lying = _record(0, extra=300)
    claimed = len(http_response(_page(0))) + 300
    data = lying + _record(1) + _record(2)
    assert len(lying) + 300 < len(lying) + len(_record(1))  # the claim ends inside record 1
    pages = list(iter_warc_stream(io.BytesIO(data), "x.warc"))
    assert seen(pages) == [_lie("x.warc", len(lying), claimed), "1", "2"]


def test_a_lying_length_right_after_damaged_bytes_gives_both_failures(tmp_path):
    first, junk, lying = _record(5), b"\x00\x07 no WARC here\r\n", _record(0, extra=900)
    claimed = len(http_response(_page(0))) + 900
    path = tmp_path / "crawl.warc"
    path.write_bytes(first + junk + lying + _record(1))
    at = len(first) + len(junk)
    assert seen(iter_warc(str(path))) == [
        "5", f"FAILED: {path}: bytes {len(first)}-{at - 1} skipped: Invalid WARC header",
        _lie(path, len(lying), claimed, at), "1"]


def test_honest_plain_records_are_not_taken_for_lying_ones():
    # extra line ends between records, and a WARC line inside a page's body
    inner = warc_record("response", "https://news.example/9",
                        http_response(b"<p>quoted:\r\nWARC/1.0\r\nWARC-Type: response</p>"),
                        "0009")
    data = _record(0) + b"\r\n" + inner + _record(1)
    assert seen(iter_warc_stream(io.BytesIO(data), "x.warc")) == ["0", "9", "1"]
    # a last record cut short (an interrupted download) keeps its own failure
    cut = _record(0) + _record(1)[:-100]
    assert seen(iter_warc_stream(io.BytesIO(cut), "x.warc"))[1].endswith(
        f"the record is cut short ({len(http_response(_page(1))) - 96} of "
        f"{len(http_response(_page(1)))} bytes)")


def test_a_lying_length_in_a_gzip_member_loses_no_record_after_it():
    # FastWARC reads the claimed block on into the members after it, then reads those members
    # again as records: the lying record is cut short, the records after it are all read
    members = [gzip.compress(_record(0, extra=5000))] + [gzip.compress(_record(n))
                                                         for n in (1, 2)]
    pages = list(iter_warc_stream(io.BytesIO(b"".join(members)), "x.warc.gz"))
    size = len(http_response(_page(0)))
    assert seen(pages)[1:] == ["1", "2"]
    assert seen(pages)[0] == (f"FAILED: x.warc.gz#urn:uuid:0000: the record is cut short "
                               f"({size + 4 + len(_record(1)) * 2} of {size + 5000} bytes)")


def test_a_length_that_runs_into_the_next_gzip_member_is_a_failure_not_a_page():
    # before: record 0 was a page whose body ended in 300 bytes of record 1's WARC header
    members = [gzip.compress(_record(0, extra=300))] + [gzip.compress(_record(n))
                                                        for n in (1, 2)]
    size = len(http_response(_page(0)))
    pages = list(iter_warc_stream(io.BytesIO(b"".join(members)), "x.warc.gz"))
    assert seen(pages) == [f"FAILED: x.warc.gz#urn:uuid:0000: the record's Content-Length "
                            f"({size + 300} bytes) runs past its gzip member ({size} bytes of "
                            "block)", "1", "2"]
    # a page that quotes a record separator and a WARC line is checked, and is read
    inner = warc_record("response", "https://news.example/9", http_response(
        b"<p>quoted:\r\n\r\nWARC/1.0\r\nWARC-Type: response</p>"), "0009")
    pages = list(iter_warc_stream(io.BytesIO(gzip.compress(inner) + members[1]), "x.warc.gz"))
    assert seen(pages) == ["9", "1"] and pages[0].data.endswith(b"response</p>")


def test_an_empty_archive_is_one_empty_failure(tmp_path):
    for name in ("empty.warc", "empty.warc.gz"):
        path = tmp_path / name
        path.write_bytes(b"")
        [page] = list(iter_warc(str(path)))  # before: no page at all
        assert page.source == str(path) and page.error.kind == "empty"
        assert str(page.error) == f"{path}: the file holds no WARC records (it is empty)"
    [page] = list(iter_warc_stream(io.BufferedReader(Pipe(b"")), "-"))
    assert (page.source, str(page.error)) == ("-", "standard input holds no WARC records "
                                                   "(it is empty)")


def test_ingest_records_an_empty_archive_as_failed(tmp_path, capsys):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"")
    db = tmp_path / "d.db"
    status = main(["ingest", "--db", str(db), "--no-progress", "--no-nlp", "--workers", "1",
                   str(path)])
    assert "1 failed" in capsys.readouterr().err and status != 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT source, kind FROM failures").fetchall() == [
            (str(path), "empty")]
