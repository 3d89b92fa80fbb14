"""`dateline ingest` names the pages that failed and why (session 7's trial: its summary said
"4 failed" and nothing more, where `dateline extract` prints a FAILED line for each)."""

from __future__ import annotations

from dateline.cli import ingest, main

PAGE = """Lowmoor council approves new cycle lanes

By Daniel Ashcroft

Lowmoor council has approved plans for two protected cycle lanes along the high street, after a
consultation in which more than three thousand residents took part.

The scheme is due to begin in June and finish before the end of the year, and the parking spaces
on the east side of the road will be removed.
"""


def test_ingest_prints_each_failure_with_its_reason(tmp_path, capsys, monkeypatch):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a-good.txt").write_text(PAGE, encoding="utf-8")
    (pages / "b-empty.html").write_bytes(b"")
    (pages / "c-binary.bin").write_bytes(bytes(range(256)) * 8)
    (pages / "d-blank.txt").write_text("   \n\n", encoding="utf-8")
    monkeypatch.setattr(ingest, "SHOWN_FAILURES", 2)
    db = str(tmp_path / "d.db")
    status = main(["ingest", "--db", db, "--no-progress", "--no-nlp", "--workers", "1",
                   str(pages)])
    err = capsys.readouterr().err
    assert status == 3
    assert "1 new article," in err and "3 failed" in err
    assert f"FAILED {pages / 'b-empty.html'}: empty: the page is empty" in err
    assert f"FAILED {pages / 'c-binary.bin'}: binary: " in err
    assert "d-blank.txt" not in err  # past the first two: counted, in the store
    assert f"... 1 more: every failure and its reason is in the `failures` table of {db}" in err
