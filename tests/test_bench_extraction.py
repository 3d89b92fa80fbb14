"""bench/extraction.py's report (no ../shared needed: the results are written here)."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))


def _result(f1: float, pages_per_s: float) -> dict:
    return {"precision": f1, "recall": f1, "f1": f1, "pages_per_s": pages_per_s}


def test_a_body_table_of_dateline_alone_prints_without_ratios(capsys):
    # `--systems dateline` ran max() over no peers and crashed after printing the table
    from extraction import print_body

    print_body("html-articles", {"dateline": _result(0.95, 150.0)}, 3)
    out = capsys.readouterr().out
    assert "| dateline" in out and "0.9500" in out
    assert "best peer" not in out and "trafilatura's" not in out


def test_a_body_table_with_a_peer_prints_its_ratios(capsys):
    from extraction import print_body

    print_body("html-articles", {"dateline": _result(0.96, 150.0),
                                 "trafilatura": _result(0.80, 75.0)}, 3)
    out = capsys.readouterr().out
    assert "dateline F1 / best peer (trafilatura): 1.200" in out
    assert "dateline speed / trafilatura's: 2.00" in out
