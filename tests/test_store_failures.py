"""A store whose database fails while a command uses it (read-only, damaged) gives one line on
standard error and exit status 1, never SQLAlchemy's traceback with its statement dump (session
9's trial: `dateline alerts add` and `dateline ingest` on a read-only store file, and `dateline
quotes` on a damaged one, printed a traceback). A cut JSON Lines line is named as cut."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from dateline.cli import main
from dateline.corpus.store import Store
from dateline.sources.jsonl import parse_jsonl_line

PAGE = """Tarnby harbour reopens after winter storms

By Selma Kristoffersen

Tarnby harbour reopened to fishing boats on Thursday after three weeks of repairs to the outer
breakwater, which was cracked by the storms of January.

The harbour master said the first boats went out at dawn and that the ferry to the islands would
run to its summer timetable from next Monday.
"""


def _store(tmp_path) -> str:
    path = tmp_path / "s.db"
    Store.open(str(path)).close()
    return str(path)


def _read_only(path: str) -> str:
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def _malformed(*_args, **_kwargs):
    raise sa.exc.DatabaseError("SELECT 1", None,
                               sqlite3.DatabaseError("database disk image is malformed"))


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "[SQL" not in err and "sqlalche.me" not in err
    return lines[0]


def test_alerts_add_on_a_read_only_store_is_one_line(tmp_path, capsys):
    status = main(["alerts", "add", "--query", "harbour", "--db", _read_only(_store(tmp_path))])
    line = _one_line(capsys.readouterr().err)
    assert status == 1
    assert line == ("dateline alerts: error: the store failed: "
                    "attempt to write a readonly database")


def test_quotes_on_a_damaged_store_is_one_line(tmp_path, capsys, monkeypatch):
    db = _store(tmp_path)
    monkeypatch.setattr(Store, "quotes", _malformed)
    status = main(["quotes", "--speaker", "kristoffersen", "--db", db])
    line = _one_line(capsys.readouterr().err)
    assert status == 1
    assert line == "dateline quotes: error: the store failed: database disk image is malformed"


def _pages(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "harbour.txt").write_text(PAGE, encoding="utf-8")
    return pages


def test_ingest_into_a_read_only_store_stops_with_one_line(tmp_path, capsys):
    pages = _pages(tmp_path)
    db = _read_only(_store(tmp_path))
    status = main(["ingest", "--db", db, "--no-progress", "--no-nlp", "--workers", "1",
                   str(pages)])
    line = _one_line(capsys.readouterr().err)
    assert status == 1
    assert line.startswith(f"dateline ingest: error: cannot store {pages / 'harbour.txt'} in ")
    assert "attempt to write a readonly database (the records before it are stored;" in line


def test_ingest_into_a_damaged_store_stops_with_one_line(tmp_path, capsys, monkeypatch):
    pages = _pages(tmp_path)
    db = _store(tmp_path)
    monkeypatch.setattr(Store, "add", _malformed)
    status = main(["ingest", "--db", db, "--no-progress", "--no-nlp", "--workers", "1",
                   str(pages)])
    line = _one_line(capsys.readouterr().err)
    assert status == 1
    assert f"cannot store {pages / 'harbour.txt'} in {db}: database disk image is malformed" \
        in line


def test_a_record_the_store_refuses_fails_its_page_on_one_line(tmp_path, capsys, monkeypatch):
    """An error about one record (here an IntegrityError, as a linker's bug would raise) fails
    that page only, as `internal`, its reason on one line; the run goes on (status 3)."""
    pages = _pages(tmp_path)
    db = _store(tmp_path)

    def refuse(*_args, **_kwargs):
        raise sa.exc.IntegrityError("INSERT INTO x VALUES (?)", (1,),
                                    sqlite3.IntegrityError("UNIQUE constraint failed: x.id"))

    monkeypatch.setattr(Store, "add", refuse)
    status = main(["ingest", "--db", db, "--no-progress", "--no-nlp", "--workers", "1",
                   str(pages)])
    err = capsys.readouterr().err
    assert status == 3
    assert "[SQL" not in err and "Traceback" not in err
    assert (f"FAILED {pages / 'harbour.txt'}: internal: internal error: IntegrityError: "
            "UNIQUE constraint failed: x.id") in err.splitlines()


@pytest.mark.parametrize("ending", ["\n", "\r\n", ""])
def test_a_cut_json_lines_line_is_named_as_cut(ending):
    page = parse_jsonl_line('{"url": "https://news.example/b", "html": "<p>The harbour' + ending,
                            "dump.jsonl:2")
    assert str(page.error) == ("dump.jsonl:2: not a JSON object: Unterminated string starting "
                               "at: line 1 column 43 (char 42)")


def test_the_api_and_pages_answer_503_with_the_reason_when_the_store_fails(tmp_path,
                                                                         monkeypatch):
    import warnings

    from dateline.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    store = Store.open(_store(tmp_path))
    monkeypatch.setattr(Store, "quotes", _malformed)
    monkeypatch.setattr(Store, "search", _malformed)
    client = TestClient(create_app(store), raise_server_exceptions=False)
    api = client.get("/api/v1/quotes", params={"speaker": "kristoffersen"})
    assert api.status_code == 503
    assert api.json() == {"detail": "the store failed: database disk image is malformed"}
    page = client.get("/", params={"q": "harbour"})
    assert page.status_code == 503
    assert "the store failed: database disk image is malformed" in page.text
    store.close()


def test_the_more_failures_line_hides_a_store_password():
    from dateline.cli.ingest import more_failures

    line = more_failures(3, "postgresql://reader:s3cret@127.0.0.1:5432/news")
    assert "s3cret" not in line
    assert line == ("... 3 more: every failure and its reason is in the `failures` table of "
                    "postgresql://reader:***@127.0.0.1:5432/news (docs/store.md)")
