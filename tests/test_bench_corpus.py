"""bench/corpus.py's timing in alternating rounds (issue 10 item 6) and its reuse of kept stores.

The rates are not asserted (tests never assert a time): the order of the calls, the chunks and
the ratios printed from given timings are, worked out by hand.
"""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))


class _Store:
    """A stand-in store that records which store each record went into, in order."""

    def __init__(self, name: str, calls: list) -> None:
        self.name, self.calls, self.linkers = name, calls, []

    def count(self) -> int:
        return sum(1 for name, _ in self.calls if name == self.name)

    def add(self, record) -> bool:
        self.calls.append((self.name, record))
        return True

    def add_many(self, records, batch: int) -> list[bool]:
        return [self.add(r) for r in records]


def test_chunks_are_whole_batches_but_the_last():
    from store_rounds import chunks

    records = list(range(2700))
    assert [len(c) for c in chunks(records, 10, 500)] == [500] * 5 + [200]
    assert [len(c) for c in chunks(records[:300], 10)] == [30] * 10
    assert sum(chunks(records, 4, 500), []) == records  # in order, none lost
    assert chunks(list(range(3)), 10) == [[0], [1], [2]]


def test_alternate_puts_each_chunk_into_both_stores_the_first_alternating(capsys):
    from store_rounds import alternate

    calls: list = []
    stores = {False: _Store("plain", calls), True: _Store("links", calls)}
    done = alternate(stores, [[1, 2], [3], [4]], "add()", 500, "sqlite")
    assert calls == [("plain", 1), ("plain", 2), ("links", 1), ("links", 2),
                     ("links", 3), ("plain", 3),
                     ("plain", 4), ("links", 4)]
    assert done[False].records == done[True].records == [2, 1, 1]
    assert done[True].added == 4 and len(done[True].wall) == len(done[True].cpu) == 3
    out = capsys.readouterr().out
    assert "[sqlite, without links] ingest with add(): 4 new of 4 in" in out
    assert "store held 0 before; 3 rounds, alternating with the other store)" in out


def test_ratio_gives_the_totals_and_the_rounds_median_and_range(capsys):
    from store_rounds import Rounds, ratio

    # wall: round 1 10 records in 1 s without, 2 s with (0.50), round 2 2 s and 5 s (0.40);
    # totals 20 / 3 s = 6.67 a second against 20 / 7 s = 2.86: 3 / 7 = 0.43. CPU: 0.6 / 1.5
    # (0.40), 0.9 / 3.0 (0.30); totals 13.3 against 4.4 a CPU-second, 1.5 / 4.5 = 0.33
    without = Rounds(records=[10, 10], wall=[1.0, 2.0], cpu=[0.6, 0.9], added=20)
    with_links = Rounds(records=[10, 10], wall=[2.0, 5.0], cpu=[1.5, 3.0], added=20)
    ratio("sqlite", "add()", {False: without, True: with_links})
    out = capsys.readouterr().out
    assert out.startswith("[sqlite] ratio with/without links, add(): 3 / 7 articles/s = 0.43 "
                          "(per CPU-second: 4 / 13 = 0.33); 2 alternating rounds' ratios "
                          "median 0.45, range 0.40-0.50 (per CPU-second: median 0.35, "
                          "range 0.30-0.40)")


def test_the_pages_ratio_is_the_median_of_the_pairs():
    from ingest_pages import IngestRun, _pairs

    def run(seconds: float) -> IngestRun:
        return IngestRun(pages=100, seconds=seconds, cpu=seconds, summary="", status=0)

    # pairs' ratios 10/20 = 0.50, 10/12.5 = 0.80, 10/16 = 0.625: median 0.625 -> "0.62"
    pairs = [{False: run(10), True: run(20)}, {False: run(10), True: run(12.5)},
             {False: run(10), True: run(16)}]
    assert _pairs(pairs, "rate") == ("6.2 / 10.0 pages/s (medians), median of 3 alternating "
                                     "pairs' ratios 0.62, range 0.50-0.80")


def test_reused_stores_take_the_articles_after_theirs_in_copies(tmp_path, capsys, monkeypatch):
    import corpus

    from dateline.corpus import Store

    args = ["corpus.py", "--n", "12", "--single", "4", "--rounds", "2", "--queries", "6",
            "--pages", "none", "--stores", str(tmp_path)]
    monkeypatch.setattr(sys, "argv", args)
    corpus.main()  # builds both stores: 8 with add_many, the last 4 with add()
    first = capsys.readouterr().out
    assert "ingest with add(): 4 new of 4" in first and "store held 8 before" in first
    corpus.main()  # reuses them: articles 12 to 15 go into copies
    second = capsys.readouterr().out
    assert "reused as it is (12 articles stored)" in second
    assert second.count("ingest with add(): 4 new of 4") == 2
    assert "store held 12 before; 2 rounds, alternating with the other store" in second
    assert "ingest with add_many" not in second
    assert "ratio with/without links, add(), the store's writer alone" in second
    for name in ("plain", "links"):
        with Store.open(str(tmp_path / f"bench-{name}.db")) as store:
            assert store.count() == 12  # the kept stores stay as they were
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bench-links.db", "bench-plain.db"]
