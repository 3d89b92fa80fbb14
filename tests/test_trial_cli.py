"""The words of the CLI's summaries and messages (session 8's trial: `dateline ingest` of one
page said "1 pages in 2.0 s", a page of one word "the page's body has 1 words")."""

from __future__ import annotations

import csv
import io

import pytest

from dateline.cli import main

PAGE = """Hillcrest library opens on Sundays

By Ann Lowe

Hillcrest library will open on Sundays from next month, the county council said on Monday, after
a petition signed by more than two thousand residents asked for longer opening hours.

The library will open from ten in the morning until four in the afternoon, and volunteers from
the friends of the library group will help the staff at the desk.
"""


def test_ingest_of_one_page_says_1_page(tmp_path, capsys):
    (tmp_path / "library.txt").write_text(PAGE, encoding="utf-8")
    status = main(["ingest", "--db", str(tmp_path / "d.db"), "--no-progress", "--no-nlp",
                   "--workers", "1", str(tmp_path / "library.txt")])
    err = capsys.readouterr().err
    assert status == 0, err
    assert ("1 new article, 0 unchanged, 0 skipped (already stored or failed), 0 failed; "
            "1 page in ") in err
    assert "with 1 worker" in err


def test_a_page_of_one_word_says_1_word(tmp_path, capsys):
    (tmp_path / "one.txt").write_text("Closed\n", encoding="utf-8")
    status = main(["extract", "--no-nlp", str(tmp_path / "one.txt")])
    assert status == 3
    assert ("no_article: the page's body has 1 word, fewer than the 20 an article needs: "
            "not an article") in capsys.readouterr().err


def test_export_out_dash_writes_standard_output(tmp_path, capsys, monkeypatch):
    # session 8's trial: `--out -` wrote a file named "-" and printed nothing
    monkeypatch.chdir(tmp_path)
    (tmp_path / "library.txt").write_text(PAGE, encoding="utf-8")
    assert main(["ingest", "--db", "d.db", "--no-progress", "--no-nlp", "--workers", "1",
                 "library.txt"]) == 0
    capsys.readouterr()
    assert main(["export", "--db", "d.db", "--format", "jsonl", "--out", "-"]) == 0
    out = capsys.readouterr()
    [line] = out.out.splitlines()
    assert '"headline": "Hillcrest library opens on Sundays"' in line
    assert main(["export", "--db", "d.db", "--format", "csv", "--out", "-"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:2] == ["id", "source_uri"] and len(rows) == 2
    assert rows[1][rows[0].index("headline")] == "Hillcrest library opens on Sundays"
    with pytest.raises(SystemExit) as exited:
        main(["export", "--db", "d.db", "--format", "parquet", "--out", "-"])
    assert exited.value.code == 2
    assert "parquet writes a directory" in capsys.readouterr().err
    assert not (tmp_path / "-").exists()
