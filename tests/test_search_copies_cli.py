"""`dateline search` says that the copies of one article are one line, and how many copies a
line stands for, as the search page does (session 9's trial: "3 articles; showing 1-2" with no
word of the third, a syndicated copy folded into its original's line)."""

from __future__ import annotations

from dateline.cli import main

BODY = """Hundreds of dockworkers at Port Velsen walked off the job on Monday after rejecting a pay
offer from the port authority, halting the loading of container ships on the eastern quay.

"We have waited three years for a fair offer and this is not it," said Orla Quennell, the
regional secretary of the dockworkers' union, outside the main gate.

The port authority said its offer of four per cent was the most it could afford and urged the
union to return to talks, adding that the island ferries would keep running.

Shipping firms warned that a long strike would raise freight costs across the region, where the
port handles about a third of all imported goods.
"""


def test_search_names_the_copies_a_line_stands_for(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "220")  # the table's cells unwrapped
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a-gazette.txt").write_text(
        "The Coastal Gazette\n\nDockworkers walk out at Port Velsen over pay\n\n"
        "By Tomas Arnfeld\n\n" + BODY,
        encoding="utf-8")
    (pages / "b-post.txt").write_text(
        "Port Velsen strike halts container ships\n\nStaff and agencies\n\n" + BODY,
        encoding="utf-8")
    db = str(tmp_path / "d.db")
    assert main(["ingest", "--db", db, "--no-progress", "--no-nlp", "--workers", "1",
                 str(pages)]) == 0
    capsys.readouterr()
    assert main(["search", "dockworkers", "--db", db]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "2 articles; showing 1-1; the copies of one article are one line" in out
    assert "│ The Coastal Gazette (and 1 other copy) │ Dockworkers walk out at Port Velsen" in out
