"""The words of the CLI's summaries and messages (session 8's trial: `dateline ingest` of one
page said "1 pages in 2.0 s", a page of one word "the page's body has 1 words")."""

from __future__ import annotations

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
