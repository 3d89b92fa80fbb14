"""Sources: JSON Lines, WARC (plain and gzip), RSS/Atom feeds and sitemaps, open_sources."""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcs import gzip_members, http_response, warc_record

from dateline.errors import UnreadableInputError, UsageError
from dateline.sources.feeds import feed_links, parse_feed, parse_sitemap
from dateline.sources.jsonl import holds_records, is_record, iter_jsonl, parse_jsonl_line
from dateline.sources.open import open_sources, source_kind
from dateline.sources.warc import iter_warc

PAGE_A = b"<html><body><h1>Ferry timetable</h1><p>Winter sailings start on Monday.</p></body>"
PAGE_B = "<html><body><p>Caf\u00e9 owners welcome the new market square.</p></body></html>"


# -- JSON Lines -------------------------------------------------------------------------------

def test_jsonl_lines_become_pages_and_a_broken_line_becomes_an_error(tmp_path):
    path = tmp_path / "pages.jsonl"
    lines = [
        json.dumps({"url": "https://news.example/a", "html": PAGE_B}),
        json.dumps({"url": "https://news.example/b", "text": "Storm warning\n\nRain all day."}),
        "",  # blank lines are skipped but still counted
        '{"url": "https://news.example/c", "html": "<p>cut',
        json.dumps(["not", "an", "object"]),
        json.dumps({"url": "https://news.example/d"}),
        "null",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pages = list(iter_jsonl(str(path)))
    assert [p.source for p in pages] == [f"{path}:{n}" for n in (1, 2, 4, 5, 6, 7)]
    first, second, cut, array, empty, null = pages
    assert first.data == PAGE_B.encode("utf-8") and first.format == "html"
    assert first.url == "https://news.example/a" and first.error is None
    assert first.sha256 == hashlib.sha256(PAGE_B.encode("utf-8")).hexdigest()
    assert second.data == b"Storm warning\n\nRain all day." and second.format == "text"
    assert isinstance(cut.error, UnreadableInputError) and cut.data == b""
    assert "not a JSON object" in str(cut.error)
    assert "the line is JSON array, not an object" in str(array.error)
    assert "the line is JSON null, not an object" in str(null.error)  # was "a JSON NoneType"
    assert "no 'html' or 'text'" in str(empty.error) and empty.url == "https://news.example/d"


def test_jsonl_gz_and_own_source_field(tmp_path):
    path = tmp_path / "pages.jsonl.gz"
    line = json.dumps({"source": "crawl-7/page-3", "html": "<p>x</p>", "text": "ignored"})
    path.write_bytes(gzip.compress((line + "\n").encode()))
    (page,) = list(iter_jsonl(str(path)))
    assert page.source == "crawl-7/page-3" and page.data == b"<p>x</p>" and page.format == "html"


def test_jsonl_missing_file_is_one_error_page(tmp_path):
    (page,) = list(iter_jsonl(str(tmp_path / "absent.jsonl")))
    assert page.error.kind == "unreadable"


def test_jsonl_line_far_over_the_size_limit_is_too_large():
    page = parse_jsonl_line(json.dumps({"html": "x" * 5000}), "s:1", max_bytes=1000)
    assert page.error.kind == "too_large"


def test_jsonl_line_nested_past_the_parser_depth_is_an_unreadable_page(tmp_path):
    # 100,000 brackets are 100 kB, within max_page_bytes; json.loads raised RecursionError,
    # which ended the whole batch
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "\n" + json.dumps({"text": "after the deep line"}) + "\n")
    deep, after = iter_jsonl(str(path), 10_000_000)
    assert deep.error.kind == "unreadable" and "nested too deeply" in str(deep.error)
    assert (after.error, after.data) == (None, b"after the deep line")


# -- WARC -------------------------------------------------------------------------------------

def _records() -> list[bytes]:
    chunked = b"<html><body><p>Chunked page</p></body></html>"
    body = hex(len(chunked))[2:].encode() + b"\r\n" + chunked + b"\r\n0\r\n\r\n"
    compressed = gzip.compress(PAGE_A)
    return [
        warc_record("warcinfo", "", b"software: test\r\n", "0000", "application/warc-fields"),
        warc_record("request", "https://news.example/a", b"GET /a HTTP/1.1\r\n\r\n", "0001",
                    "application/http; msgtype=request"),
        warc_record("response", "https://news.example/a", http_response(PAGE_A), "0002"),
        warc_record("response", "https://news.example/logo.png",
                    http_response(b"\x89PNG\r\n", "image/png"), "0003"),
        warc_record("response", "https://news.example/old",
                    http_response(b"", status="301 Moved Permanently",
                                  extra="Location: /a\r\n"), "0004"),
        warc_record("response", "https://news.example/chunked",
                    http_response(body, extra="Transfer-Encoding: chunked\r\n"), "0005"),
        warc_record("response", "https://news.example/gz",
                    http_response(compressed, extra="Content-Encoding: gzip\r\n"), "0006"),
        warc_record("response", "https://news.example/notes",
                    b"NOT HTTP AT ALL\r\n\r\n<p>x</p>", "0007"),
    ]


@pytest.mark.parametrize("compressed", [True, False])
def test_warc_html_responses_become_pages(tmp_path, compressed):
    records = _records()
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    path.write_bytes(gzip_members(records) if compressed else b"".join(records))
    pages = list(iter_warc(str(path)))
    # request, warcinfo, image and redirect are skipped; the broken HTTP record is an error
    assert [p.source for p in pages] == [f"{path}#urn:uuid:{n}" for n in
                                         ("0002", "0005", "0006", "0007")]
    assert [p.url for p in pages] == ["https://news.example/a", "https://news.example/chunked",
                                      "https://news.example/gz", "https://news.example/notes"]
    assert pages[0].data == PAGE_A and pages[0].format == "html"
    assert pages[1].data == b"<html><body><p>Chunked page</p></body></html>"
    assert pages[2].data == PAGE_A  # gzip content encoding undone
    assert pages[3].error.kind == "unreadable" and "not an HTTP status line" in str(pages[3].error)


def test_warc_cut_record_becomes_an_error_page(tmp_path):
    good = warc_record("response", "https://news.example/a", http_response(PAGE_A), "0001")
    block = http_response(PAGE_A)
    cut = warc_record("response", "https://news.example/b", block[:-20], "0002",
                      length=len(block))[:-4]  # the archive ends mid-record
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(gzip_members([good, cut]))
    first, second = list(iter_warc(str(path)))
    assert first.data == PAGE_A
    assert second.source.endswith("#urn:uuid:0002") and second.data == b""
    assert str(second.error).endswith(f"the record is cut short ({len(block) - 20} of "
                                      f"{len(block)} bytes)")


def test_warc_damaged_gzip_tail_is_one_error_page_to_its_end(tmp_path):
    # nothing readable after the damage: one failure naming the bytes skipped (the damage in
    # the middle of an archive: tests/test_warc_damage.py)
    good = gzip.compress(warc_record("response", "https://news.example/a",
                                     http_response(PAGE_A), "0001"))
    path = tmp_path / "damaged.warc.gz"
    junk = b"\x1f\x8b\x08\x00garbage-that-is-not-deflate" * 3
    path.write_bytes(good + junk)
    pages = list(iter_warc(str(path)))
    assert pages[0].data == PAGE_A and len(pages) == 2
    assert pages[1].source == f"{path}@{len(good)}" and pages[1].error.kind == "unreadable"
    assert str(pages[1].error).startswith(
        f"{path}: bytes {len(good)}-{len(good) + len(junk) - 1} skipped: ")


def test_warc_whose_last_gzip_member_is_cut_short_says_so(tmp_path):
    # an interrupted download: FastWARC ends quietly at a member cut in its deflate data, so
    # the record in it was lost without a word before
    members = [gzip.compress(warc_record("response", f"https://news.example/{n}",
                                         http_response(PAGE_A), f"000{n}")) for n in (1, 2, 3)]
    path = tmp_path / "interrupted.warc.gz"
    path.write_bytes(members[0] + members[1] + members[2][:12])
    pages = list(iter_warc(str(path)))
    assert [p.data == PAGE_A for p in pages] == [True, True, False]
    where = len(members[0]) + len(members[1])
    assert pages[2].source == f"{path}@{where}" and pages[2].error.kind == "unreadable"
    assert str(pages[2].error) == (f"{path}: the archive is damaged at byte {where}: "
                                   "its last gzip member is cut short")
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(b"".join(members))
    assert [p.error for p in iter_warc(str(whole))] == [None, None, None]


def test_warc_that_is_garbage_from_its_start_is_an_error_page_not_nothing(tmp_path):
    path = tmp_path / "garbage.warc.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage")  # FastWARC yields no record, no error
    [page] = list(iter_warc(str(path)))
    assert page.source == f"{path}@0" and page.error.kind == "unreadable"
    assert "no record found" in str(page.error)
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    [page] = list(iter_warc(str(empty)))  # an empty archive is one failure (it was none)
    assert page.source == str(empty) and page.error.kind == "empty"


def test_warc_deflate_decoding_round_trips():
    from dateline.sources.warc import parse_http_response

    status, headers, body = parse_http_response(http_response(
        zlib.compress(PAGE_A), extra="Content-Encoding: deflate\r\n"))
    assert (status, headers["content-encoding"], body) == (200, "deflate", PAGE_A)


# -- feeds and sitemaps -----------------------------------------------------------------------

RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Courier</title><link>https://news.example/</link>
<item><title>One</title><link>https://news.example/one</link></item>
<item><title>No link</title></item>
<item><title>Two</title><link>https://news.example/two</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Gazette</title><id>urn:g</id>
<updated>2024-03-05T10:00:00Z</updated>
<entry><title>Alpha</title><id>urn:a</id><updated>2024-03-05T10:00:00Z</updated>
<link rel="alternate" href="/news/alpha"/></entry>
</feed>"""

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc> https://news.example/2024/a </loc><lastmod>2024-03-01</lastmod></url>
<url><loc>https://news.example/2024/b</loc></url>
</urlset>"""

INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/sitemap-1.xml</loc></sitemap>
<sitemap><loc>https://news.example/sitemap-2.xml.gz</loc></sitemap>
</sitemapindex>"""


def test_rss_links_in_order_and_entries_without_links_skipped():
    assert parse_feed(RSS) == ["https://news.example/one", "https://news.example/two"]


def test_atom_relative_links_resolved_against_the_feed_url():
    assert parse_feed(ATOM, "https://gazette.example/feed.atom") == [
        "https://gazette.example/news/alpha"]


def test_sitemap_and_index_and_gzip():
    assert parse_sitemap(SITEMAP) == (["https://news.example/2024/a",
                                       "https://news.example/2024/b"], [])
    assert parse_sitemap(INDEX) == ([], ["https://news.example/sitemap-1.xml",
                                         "https://news.example/sitemap-2.xml.gz"])
    assert parse_sitemap(gzip.compress(SITEMAP))[0][1] == "https://news.example/2024/b"
    assert parse_sitemap(RSS) is None
    assert feed_links(RSS)[0] == ["https://news.example/one", "https://news.example/two"]


def test_neither_feed_nor_sitemap_raises():
    with pytest.raises(UnreadableInputError):
        feed_links(b"<html><body>just a page, <b>unclosed</body>", "https://x.example/")


# -- open_sources -----------------------------------------------------------------------------

def test_source_kind_by_scheme_and_ending():
    assert [source_kind(n) for n in ("https://x.example/a", "a.JSONL", "b.ndjson.gz",
                                     "c.warc.gz", "d.warc", "e.html", "-")] == [
        "url", "jsonl", "jsonl", "warc", "warc", "file", "file"]


def test_open_sources_walks_a_directory_and_reads_each_file_by_kind(tmp_path):
    (tmp_path / "a.html").write_bytes(PAGE_A)
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "Line page"}) + "\n", encoding="utf-8")
    (tmp_path / "c.warc.gz").write_bytes(gzip_members([warc_record(
        "response", "https://news.example/w", http_response(b"<p>w</p>"), "0009")]))
    pages = list(open_sources([str(tmp_path)]))
    assert [p.source for p in pages] == [str(tmp_path / "a.html"), f"{tmp_path / 'b.jsonl'}:1",
                                         f"{tmp_path / 'c.warc.gz'}#urn:uuid:0009"]
    assert [p.data for p in pages] == [PAGE_A, b"Line page", b"<p>w</p>"]


def test_open_sources_forced_kind_and_unknown_kind(tmp_path):
    path = tmp_path / "dump.txt"
    path.write_text(json.dumps({"html": "<p>j</p>"}) + "\n", encoding="utf-8")
    (page,) = list(open_sources([str(path)], kind="jsonl"))
    assert page.data == b"<p>j</p>"
    with pytest.raises(UsageError):
        list(open_sources([str(path)], kind="zip"))


def test_extract_command_reads_json_lines_and_warc(tmp_path, capsys):
    from dateline.cli import main

    story = ("Ferry returns to winter timetable\n\nThe island ferry goes back to its winter "
             "timetable on Monday, with four crossings a day instead of nine.\n\nThe operator "
             "said bookings had fallen since the end of the school holidays.\n")
    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text(json.dumps({"url": "https://news.example/ferry", "text": story}) + "\n"
                     + "{oops\n", encoding="utf-8")
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(gzip_members([warc_record("response", "https://news.example/w",
                                               http_response(b""), "00aa")]))
    assert main(["extract", "--no-nlp", str(jsonl), str(warc)]) == 3
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["headline"] == "Ferry returns to winter timetable"
    assert lines[0]["url"] == "https://news.example/ferry"
    assert lines[0]["source"]["uri"] == f"{jsonl}:1"
    assert lines[1]["source"] == {"uri": f"{jsonl}:2", "format": None, "sha256": None}
    assert lines[1]["error"]["kind"] == "unreadable"
    assert lines[2]["source"]["uri"] == f"{warc}#urn:uuid:00aa"
    assert lines[2]["error"]["kind"] == "empty"


# -- properties: parsers that meet the wild never raise anything unexpected --------------------


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_any_jsonl_line_gives_a_page_and_never_raises(line):
    page = parse_jsonl_line(line, "f:1")
    assert page.error is not None or page.format in ("html", "text")
    assert page.error is None or page.data == b""


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_http_block_parses_or_is_a_bad_record(block):
    from dateline.sources.warc import _BadRecord, parse_http_response

    try:
        status, headers, body = parse_http_response(b"HTTP/1.1 200 OK\r\n" + block)
    except _BadRecord:
        return
    assert status == 200 and isinstance(body, bytes)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_are_a_feed_a_sitemap_or_unreadable(data):
    try:
        pages, children = feed_links(data, "https://x.example/")
    except UnreadableInputError:
        return
    assert all(isinstance(u, str) for u in pages + children)


def test_a_directory_that_cannot_be_listed_is_an_error_page_not_nothing(tmp_path, monkeypatch):
    # Path.rglob skips a directory it may not list without a word, so its files were lost;
    # os.scandir is made to refuse as it does for a mode-000 directory (tests may run as root).
    import os

    (tmp_path / "a.txt").write_bytes(PAGE_A)
    closed = tmp_path / "closed"
    closed.mkdir()
    (closed / "b.txt").write_bytes(PAGE_A)
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(closed):
            raise PermissionError(13, "Permission denied", str(closed))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    pages = list(open_sources([str(tmp_path)]))
    assert [p.source for p in pages] == [str(tmp_path / "a.txt"), str(closed)]
    assert pages[0].error is None
    assert isinstance(pages[1].error, UnreadableInputError)
    (page,) = list(open_sources([str(closed)]))  # named itself, not met in a walk
    assert page.source == str(closed) and isinstance(page.error, UnreadableInputError)


@pytest.mark.parametrize("obj, record", [
    ({"id": "ab" * 32, "source": {"uri": "a.txt", "format": "text", "sha256": "ab" * 32}}, True),
    ({"source": {"uri": "b.txt", "format": None, "sha256": None},
      "error": {"kind": "empty", "message": "the page is empty"}}, True),
    ({"source": "crawl-7", "url": "https://x.example/a", "html": "<p>Hi</p>"}, False),
    ({"source": {"uri": "a.txt", "sha256": "ab"}, "id": "ab", "text": "A page."}, False),
    ({"id": "ab", "source": {"uri": "a.txt"}}, False),
    (["not", "an", "object"], False),
])
def test_what_is_a_record_of_dateline_and_not_a_page(obj, record):
    assert is_record(obj) is record


def test_holds_records_reads_the_first_non_blank_line_only(tmp_path):
    records = tmp_path / "out.jsonl.gz"
    failure = {"source": {"uri": "b.txt", "format": None, "sha256": None},
               "error": {"kind": "empty", "message": "the page is empty"}}
    records.write_bytes(gzip.compress(b"\n  \n" + json.dumps(failure).encode() + b"\n{broken"))
    pages = tmp_path / "pages.jsonl"
    pages.write_text(json.dumps({"html": "<p>Hi</p>"}) + "\n" + json.dumps(failure) + "\n")
    assert holds_records(str(records)) is True
    assert holds_records(str(pages)) is False
    assert holds_records(str(tmp_path / "missing.jsonl")) is False
