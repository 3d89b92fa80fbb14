"""Session 10's new-user trial: inputs and addresses that broke a batch or misled its user.

- A NUL in a page's address (``"\\u0000"`` in a JSON Lines ``url``, NUL bytes in a damaged
  WARC-Record-ID) or in its JSON-LD (author, publisher): PostgreSQL refuses NUL in text, so the
  page was lost there, and a NUL in the source stopped the whole ingest (its failure could not
  be recorded either); SQLite kept the NUL.
- ``--db`` naming a directory: ``ingest`` said only "unable to open database file", ``search``
  "no store at DIR: run `dateline ingest --db DIR`" (which then failed), ``serve`` "serving a
  new, empty one" and then failed.
- ``dateline quotes`` said "14 quotes; showing 1-9" with no word of the five reports folded
  into the copies' lines.
"""

from __future__ import annotations

import json

from store_corpus import article, stored

from dateline.cli import main
from dateline.corpus import Store
from dateline.extract import extract_page
from dateline.sources.page import RawPage, printable_name

BODY = ("A lifeboat crew from Holm Point rescued four walkers cut off by the rising tide on the "
        "sands below the cliffs on Sunday afternoon, the coastguard said. All four were unhurt "
        "and were taken back to the harbour, where paramedics checked them over.")


def _jsonl_line(url: str, headline: str) -> str:
    return json.dumps({"url": url, "text": f"{headline}\n\n{BODY}\n\nSecond paragraph about "
                       f"{headline.lower()}, with enough words in it to be a paragraph."})


def test_a_nul_in_a_source_or_url_is_written_as_an_escape():
    assert printable_name("a\x00b") == "a\\x00b"
    assert printable_name("z\udcff\x00.txt") == "z\\xff\\x00.txt"
    page = RawPage(source="x.warc#ur\x00\x00", data=b"", url="https://n.example/a\x00b")
    assert (page.source, page.url) == ("x.warc#ur\\x00\\x00", "https://n.example/a\\x00b")


def test_ingest_stores_a_page_whose_url_holds_a_nul_and_goes_on(store_url, tmp_path):
    # on PostgreSQL: "the store failed: PostgreSQL text fields cannot contain NUL (0x00)
    # bytes", exit 1, the pages after it never read; on SQLite the NUL was stored
    dump = tmp_path / "dump.jsonl"
    dump.write_text(_jsonl_line("https://n.example/a\u0000b", "Lifeboat crew rescue walkers")
                    + "\n" + _jsonl_line("https://n.example/c", "Coastguard praises crew")
                    + "\n", encoding="utf-8")
    assert main(["ingest", "--db", store_url, "--no-progress", "--no-nlp", "--workers", "1",
                 str(dump)]) == 0
    with Store.open(store_url) as store:
        assert store.count() == 2
        urls = sorted(store.get_article(hit.id).url for hit in store.search("", limit=10,
                                                                   collapse=False)[0])
    assert urls == ["https://n.example/a\\x00b", "https://n.example/c"]


LD_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry fares rise",
"datePublished": "2026-03-12T08:30:00+00:00", "articleSection": "Trans\\u0000port",
"author": {"@type": "Person", "name": "Ola\\u0000 Berg"},
"publisher": {"@type": "Organization", "name": "Sea\\u0007 News"}}</script>
</head><body><article><h1>Ferry fares rise</h1>
<p>Ferry fares to the islands will rise by a fifth from April, the operator said on Thursday,
blaming the cost of fuel and a new crew agreement.</p>
<p>Island councillors said the rise would hit families who travel to the mainland for hospital
appointments and school.</p></article></body></html>"""


def test_an_escaped_control_character_in_json_ld_is_dropped_as_the_page_s_own_are():
    record = extract_page(RawPage(source="ld.html", data=LD_PAGE.encode()))
    assert (record.authors, record.publisher, record.section) == (
        ["Ola Berg"], "Sea News", "Transport")


def test_a_store_path_that_is_a_directory_is_named_as_one(tmp_path, capsys):
    folder = tmp_path / "corpus"
    folder.mkdir()
    page = tmp_path / "page.jsonl"
    page.write_text(_jsonl_line("https://n.example/a", "Lifeboat crew rescue walkers") + "\n",
                    encoding="utf-8")
    said = (f"error: cannot open store {folder}: it is a directory, not a SQLite file (name a "
            f"file, such as {folder / 'dateline.db'})")
    assert main(["ingest", "--db", str(folder), "--no-progress", "--no-nlp", str(page)]) == 1
    assert said in capsys.readouterr().err
    assert main(["search", "lifeboat", "--db", str(folder)]) == 1
    err = capsys.readouterr().err
    assert said in err and "run `dateline ingest" not in err
    assert main(["serve", "--db", str(folder), "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert said in err and "serving a new, empty one" not in err
    missing = tmp_path / "no-such-folder" / "d.db"
    assert main(["ingest", "--db", str(missing), "--no-progress", "--no-nlp", str(page)]) == 1
    assert (f"cannot open store {missing}: its folder {missing.parent} does not exist"
            in capsys.readouterr().err)


STRIKE = ["Dock workers at Port Calloway stopped work on Tuesday morning in a dispute over new "
          "night shifts, leaving eleven container ships waiting at anchor in the estuary.",
          "\u201cNobody can lift containers safely after twelve hours,\u201d said Dana Moreau, "
          "the union's regional secretary, outside the main gate of the port.",
          "The port authority said the new rota had been agreed with shift leaders in January "
          "and was needed to clear a backlog of cargo before the spring season.",
          "Freight companies warned that a long stoppage would delay deliveries of fuel and "
          "animal feed to the island communities served from Calloway."]


def _strike(name: str, headline: str, publisher: str, published: str):
    return article(name, headline=headline, paragraphs=STRIKE, publisher=publisher,
                   published=published,
                   entities=[("Dana Moreau", "PERSON", [(1, "Dana Moreau")])],
                   quotes=[{"kind": "direct", "paragraph": 1, "speaker": 0, "cue": "said",
                            "text": "Nobody can lift containers safely after twelve hours,"}])


def test_quotes_says_that_the_copies_of_one_article_are_one_line(tmp_path, capsys,
                                                                monkeypatch):
    monkeypatch.setenv("COLUMNS", "220")
    db = stored(str(tmp_path / "q.db"), [
        _strike("gazette", "Dock workers walk out at Port Calloway", "Harwick Gazette",
                "2026-03-10T09:00:00+00:00"),
        _strike("times", "Calloway strike strands eleven ships", "Eastshore Times",
                "2026-03-10T13:20:00+00:00")])
    assert main(["quotes", "--speaker", "moreau", "--db", db]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "2 quotes; showing 1-1; the copies of one article are one line" in out
    assert main(["quotes", "--speaker", "moreau", "--db", db, "--limit", "1"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.endswith("2 quotes; showing 1-1")  # a full page: nothing to say of copies


def test_gzip_json_lines_on_standard_input_or_under_another_name_are_decompressed(
        tmp_path, monkeypatch):
    # each line of the compressed bytes failed: "-:1: not a JSON object: 'utf-8' codec can't
    # decode byte 0x8b in position 1", and so on for as many "lines" as the bytes held
    import gzip
    import io
    import sys

    from dateline.sources.jsonl import iter_jsonl

    lines = [_jsonl_line(f"https://n.example/{i}", f"Lifeboat story {i}") for i in range(3)]
    packed = gzip.compress(("\n".join(lines) + "\n").encode())
    named = tmp_path / "dump.jsonl"  # gzip bytes, no .gz in the name
    named.write_bytes(packed)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(packed))))
    for path in ("-", str(named)):
        pages = list(iter_jsonl(path))
        assert [(p.source, p.url, p.error) for p in pages] == [
            (f"{path}:{i + 1}", f"https://n.example/{i}", None) for i in range(3)]
    plain = tmp_path / "plain.jsonl"
    plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [p.url for p in iter_jsonl(str(plain))] == [f"https://n.example/{i}" for i in range(3)]


def test_a_date_of_the_right_form_that_the_calendar_lacks_is_named_as_such(tmp_path, capsys):
    # "'2026-02-30' is not a date in YYYY-MM-DD form", of a date in just that form
    db = stored(str(tmp_path / "d.db"), [])
    for bad, said in (("2026-02-30", "'2026-02-30' is no such day: day is out of range for month"),
                      ("yesterday", "'yesterday' is not a date in YYYY-MM-DD form")):
        try:
            status = main(["search", "ferry", "--db", db, "--since", bad])
        except SystemExit as exit_:
            status = exit_.code
        assert status == 2
        err = capsys.readouterr().err
        assert err.strip().endswith(f"error: argument --since: {said}"), err


def test_an_article_page_names_its_web_link_apart_from_its_group_s_original(tmp_path):
    # the syndicated copy's page linked its own address as "original" beside "Also published
    # by Harwick Gazette original": two meanings of one word on one page
    import warnings

    from dateline.config import Settings
    from dateline.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    original = _strike("gazette", "Dock workers walk out at Port Calloway", "Harwick Gazette",
                       "2026-03-10T09:00:00+00:00")
    copy = _strike("times", "Calloway strike strands eleven ships", "Eastshore Times",
                   "2026-03-10T13:20:00+00:00")
    with Store.open(stored(str(tmp_path / "w.db"), [original, copy])) as store:
        page = TestClient(create_app(store, Settings())).get(f"/articles/{copy.id}").text
    assert ('<a href="https://news.invalid/times" rel="noopener noreferrer nofollow">its web '
            'page</a>') in page
    assert page.count(">original<") == 1
    assert (f'<a href="/articles/{original.id}">Harwick Gazette</a> <span class="original">'
            'original</span>') in page


def test_a_feed_link_that_is_not_http_fails_as_such_not_as_a_robots_refusal():
    # a feed's <link>file:///etc/passwd</link> failed as "robots: file://etc/robots.txt could
    # not be read (... UnsupportedProtocol ...)"; a bare word as "no host name"
    from dateline.errors import UnreadableInputError
    from dateline.sources.fetch import Fetcher

    urls = ["file:///etc/passwd", "ftp://news.example/a.html", "not a url"]
    with Fetcher(min_interval=0.0, sleep=lambda _s: None) as fetcher:
        pages = list(fetcher.fetch_all(urls))
    assert all(isinstance(p.error, UnreadableInputError) for p in pages)
    assert [str(p.error) for p in pages] == [
        "file:///etc/passwd: not a valid URL (the scheme 'file' is not http or https)",
        "ftp://news.example/a.html: not a valid URL (the scheme 'ftp' is not http or https)",
        "not a url: not a valid URL (no http:// or https:// scheme)"]


def test_a_count_or_offset_past_ten_million_is_a_usage_error(tmp_path, capsys):
    # "--offset 99999999999999999999" ended in "OverflowError: Python int too large to convert
    # to SQLite INTEGER" (a traceback), "bigint out of range" on PostgreSQL
    db = stored(str(tmp_path / "d.db"))
    for argv, said in (
            (["search", "ferry", "--offset", "99999999999999999999"],
             "argument --offset: '99999999999999999999' is more than 10,000,000"),
            (["quotes", "--limit", "10000001"], "argument --limit: '10000001' is more than "
             "10,000,000")):
        try:
            status = main([*argv, "--db", db])
        except SystemExit as exit_:
            status = exit_.code
        assert status == 2
        assert capsys.readouterr().err.strip().endswith(said)
    assert main(["search", "ferry", "--offset", "10000000", "--db", db]) == 0
    assert "showing none" in capsys.readouterr().out


def test_an_empty_json_lines_file_is_one_failure_not_nothing(tmp_path, capsys):
    # an empty dump (a download that wrote nothing) gave "0 pages" and no word of the file:
    # neither stored nor in the failures table
    from dateline.corpus.schema import failures

    folder = tmp_path / "dumps"
    folder.mkdir()
    (folder / "a-empty.jsonl").write_bytes(b"")
    (folder / "b-blank.jsonl").write_text("\n  \n", encoding="utf-8")
    (folder / "c-good.jsonl").write_text(_jsonl_line("https://n.example/a", "Lifeboat story")
                                         + "\n", encoding="utf-8")
    db = str(tmp_path / "d.db")
    assert main(["ingest", "--db", db, "--no-progress", "--no-nlp", "--workers", "1",
                 str(folder)]) == 3
    err = capsys.readouterr().err
    assert "1 new article," in err and "2 failed" in err
    with Store.open(db) as store, store.engine.connect() as conn:
        rows = conn.execute(failures.select().order_by(failures.c.source)).mappings().all()
    assert [(r["source"], r["kind"], r["message"]) for r in rows] == [
        (str(folder / "a-empty.jsonl"), "empty",
         f"{folder / 'a-empty.jsonl'}: the file holds no JSON Lines (it is empty)"),
        (str(folder / "b-blank.jsonl"), "empty",
         f"{folder / 'b-blank.jsonl'}: the file holds no JSON Lines, only blank lines")]
