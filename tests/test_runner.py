"""The local runner and `dateline ingest`: order, workers, resuming, failures, Ctrl-C."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from waiting import wait_until

from dateline.cli import main
from dateline.config import Settings
from dateline.corpus.store import Store
from dateline.model import Article
from dateline.runner import Runner
from dateline.sources.page import RawPage

TOWNS = ["Ashby", "Pellworth", "Carrow", "Dunmere", "Elstow", "Fenwick", "Garth", "Holm",
         "Ingleby", "Jarrow", "Kelso", "Lamport"]


def story(n: int) -> str:
    """A short invented news text, different for every ``n``."""
    town = TOWNS[n % len(TOWNS)]
    return (f"{town} library reopens after flood repairs {n}\n\n"
            f"The public library in {town} reopened on Saturday, {n} weeks after floodwater "
            "ruined its ground floor and most of its children's books.\n\n"
            "Volunteers spent the winter drying, sorting and cataloguing the books that could "
            "be saved, and neighbouring towns sent boxes of donations.\n")


def pages(count: int, bad: tuple[int, ...] = ()) -> list[RawPage]:
    out = []
    for n in range(count):
        if n in bad:
            data = b"" if n % 2 else b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20
        else:
            data = story(n).encode()
        out.append(RawPage(source=f"page-{n}", data=data))
    return out


def outcome(result) -> object:
    return result.model_dump() if isinstance(result, Article) else (result.kind, str(result))


def test_two_workers_give_the_same_records_in_the_same_order_as_one():
    given = pages(14, bad=(3, 8))
    one = Runner(Settings(), workers=1, nlp=False)
    two = Runner(Settings(), workers=2, nlp=False, batch=3)
    first = list(one.run(given))
    second = list(two.run(given))
    assert [p.source for p, _ in first] == [p.source for p, _ in second] == [
        f"page-{n}" for n in range(14)]
    assert [outcome(r) for _, r in first] == [outcome(r) for _, r in second]
    assert [type(r).__name__ for _, r in second].count("Article") == 12
    assert outcome(second[3][1])[0] == "empty" and outcome(second[8][1])[0] == "binary"
    assert second[0][1].headline == "Ashby library reopens after flood repairs 0"
    assert (two.stats.done, two.stats.failed, two.stats.skipped) == (14, 2, 0)
    assert not multiprocessing.active_children()


def test_workers_load_the_model_and_match_one_process_with_nlp():
    given = pages(3)
    first = [outcome(r) for _, r in Runner(Settings(), workers=1, nlp=True).run(given)]
    second = [outcome(r) for _, r in Runner(Settings(), workers=2, nlp=True, batch=1
                                            ).run(given)]
    assert first == second
    assert all(isinstance(r, dict) for r in first)


def test_skip_leaves_out_done_pages_and_counts_them():
    given = pages(6)
    done = {given[1].sha256, given[4].sha256}
    runner = Runner(Settings(), workers=2, nlp=False, batch=2,
                    skip=lambda page: page.sha256 in done)
    assert [p.source for p, _ in runner.run(given)] == ["page-0", "page-2", "page-3", "page-5"]
    assert (runner.stats.done, runner.stats.skipped) == (4, 2)


def test_stopping_finishes_the_pages_in_flight_and_yields_a_prefix():
    given = pages(40)
    polls = []

    def should_stop() -> bool:
        polls.append(1)
        return len(polls) > 9  # the tenth page is never sent

    runner = Runner(Settings(), workers=2, nlp=False, batch=2, should_stop=should_stop)
    got = [p.source for p, _ in runner.run(given)]
    assert runner.stats.stopped
    # pages 0-7 went out in four full batches; page 8 waited in an unsent batch and is dropped
    assert got == [f"page-{n}" for n in range(8)]
    assert not multiprocessing.active_children()


def test_an_exception_in_the_consumer_aborts_the_workers():
    runner = Runner(Settings(), workers=2, nlp=False, batch=1)
    with pytest.raises(RuntimeError):
        for n, _ in enumerate(runner.run(pages(30))):
            if n == 2:
                raise RuntimeError("consumer failed")
    assert not multiprocessing.active_children()


# -- dateline ingest --------------------------------------------------------------------------

def write_inputs(folder: Path) -> None:
    folder.mkdir()
    for n in range(4):
        (folder / f"story-{n}.txt").write_text(story(n), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    lines = [json.dumps({"url": f"https://news.example/{n}", "text": story(n)})
             for n in range(10, 13)] + ["{broken"]
    (folder / "more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_ingest_stores_records_and_failures_and_a_rerun_skips_them(tmp_path, capsys,
                                                                     store_url):
    inputs = tmp_path / "in"
    write_inputs(inputs)
    db = store_url
    argv = ["ingest", "--db", db, "--workers", "2", "--no-nlp", "--no-progress", str(inputs)]
    assert main(argv) == 3  # some inputs failed
    err = capsys.readouterr().err
    assert "7 new articles, 0 unchanged, 0 skipped (already stored or failed), 2 failed" in err
    with Store.open(db) as store:
        assert store.count() == 7
        assert store.has(RawPage("x", story(2).encode()).sha256)
        url_page = store.get_article(RawPage("x", story(11).encode()).sha256)
        assert url_page.url == "https://news.example/11"
        assert url_page.source.uri == f"{inputs / 'more.jsonl'}:2"
        failures = {f.source.uri: (f.error.kind, f.attempts) for f in store.failures()}
    assert failures == {str(inputs / "empty.txt"): ("empty", 1),
                        f"{inputs / 'more.jsonl'}:4": ("unreadable", 1)}

    # the rerun skips the stored pages and the empty file (it would fail the same way); the
    # broken JSON line is an unreadable source, which is tried again
    assert main(argv) == 3
    err = capsys.readouterr().err
    assert "0 new articles, 0 unchanged, 8 skipped (already stored or failed), 1 failed" in err
    with Store.open(db) as store:
        assert store.count() == 7
        attempts = {f.source.uri: f.attempts for f in store.failures()}
    assert attempts == {str(inputs / "empty.txt"): 1, f"{inputs / 'more.jsonl'}:4": 2}
    assert main([*argv, "--retry-failed"]) == 3
    assert "7 skipped (already stored or failed), 2 failed" in capsys.readouterr().err


def test_ingest_checks_alerts_for_new_articles(tmp_path, capsys):
    inputs = tmp_path / "in"
    write_inputs(inputs)
    db = str(tmp_path / "corpus.db")
    with Store.open(db) as store:
        alert = store.add_alert(query="Carrow library")
    main(["ingest", "--db", db, "--workers", "1", "--no-nlp", "--no-progress", str(inputs)])
    with Store.open(db) as store:
        matched = store.alert_matches(alert)
    # only story 2 is set in Carrow (the JSON Lines stories 10-12 are Kelso, Lamport, Ashby)
    assert [m.article_id for m in matched] == [RawPage("x", story(2).encode()).sha256]


def test_ingest_usage_errors(tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["ingest", "--db", str(tmp_path / "x.db")])
    assert exc.value.code == 2


def stored(db: str) -> int:
    """Articles in the SQLite file ``db``, read without migrating it (0 while it is made)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_ctrl_c_stops_feeding_stores_what_is_in_flight_and_a_rerun_completes(tmp_path):
    db = str(tmp_path / "corpus.db")
    lines = [json.dumps({"text": story(n)}) + "\n" for n in range(8)]
    cmd = [sys.executable, "-c", "import sys; from dateline.cli import main; sys.exit(main())",
           "ingest", "--db", db, "--workers", "2",
           "--batch", "1", "--no-nlp", "--no-progress", "--input-kind", "jsonl", "-"]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    proc.stdin.write("".join(lines[:5]).encode())
    proc.stdin.flush()
    # Four batches in flight make the runner collect the first; it is stored, page 5 is read
    # and sent, the second is collected and stored, and then the runner blocks reading page 6
    # from the pipe. Wait for that second record: at the first one, the runner may not have
    # read page 5 yet, and a Ctrl-C there drops it (a process stalled after the first commit
    # stored 4).
    wait_until(lambda: proc.poll() is not None or stored(db) >= 2, 600, every=0.2)
    assert proc.poll() is None, proc.stderr.read().decode()
    proc.send_signal(signal.SIGINT)  # first Ctrl-C: stop feeding
    time.sleep(0.5)
    proc.stdin.write("".join(lines[5:]).encode())
    proc.stdin.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=600) == 130
    assert "stopping: finishing the pages in flight" in err
    assert "interrupted: run the same command again" in err
    with Store.open(db) as store:
        # pages 1-5 were read before the stop and all of them are stored; none after
        assert store.count() == 5
    jsonl = tmp_path / "all.jsonl"
    jsonl.write_text("".join(lines), encoding="utf-8")
    assert main(["ingest", "--db", db, "--workers", "2", "--no-nlp", "--no-progress",
                 str(jsonl)]) == 0
    with Store.open(db) as store:
        assert store.count() == 8


def test_progress_bar_on_stderr_counts_pages_failures_and_skips(capsys):
    given = pages(4, bad=(1,))
    runner = Runner(Settings(), workers=1, nlp=False, progress=True,
                    skip=lambda page: page.source == "page-3")
    assert len(list(runner.run(given))) == 3
    err = capsys.readouterr().err
    assert "3 done" in err and "1 failed" in err and "1 skipped" in err and "pages/s" in err


def test_a_record_the_store_fails_on_is_a_failure_of_that_page_and_the_batch_goes_on(
        tmp_path, capsys, monkeypatch):
    from dateline.corpus import linking

    class Boom:
        """A linker with a bug that shows on one record (Carrow's, story 2)."""

        def __init__(self, backend):
            pass

        def link(self, conn, article, rows):
            if "Carrow" in (article.headline or ""):
                raise RuntimeError("linker bug")

    monkeypatch.setattr(linking, "LINKERS", [*linking.LINKERS, Boom])
    monkeypatch.setattr("dateline.corpus.store.LINKERS", [*linking.LINKERS])
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(4):
        (inputs / f"{n}.txt").write_text(story(n))
    db = str(tmp_path / "corpus.db")
    assert main(["ingest", "--db", db, "--workers", "1", "--no-nlp", "--no-progress",
                 str(inputs)]) == 3
    err = capsys.readouterr().err
    assert "3 new articles, 0 unchanged, 0 skipped (already stored or failed), 1 failed" in err
    assert "Traceback" not in err
    with Store.open(db) as store:
        assert store.count() == 3 and not store.has(RawPage("x", story(2).encode()).sha256)
        [failure] = store.failures()
    assert failure.source.uri == str(inputs / "2.txt")
    assert (failure.error.kind, failure.error.message) == (
        "internal", "internal error: RuntimeError: linker bug")
