"""Clean exits of `dateline ingest`: a worker that dies costs only its page; kill -9 or SIGTERM
of the parent leaves no worker tracebacks (and no workers) behind.

The command runs for real in a subprocess, with one stage replaced before it starts (the
workers are forked from it, so they run the replacement): a page whose text starts with EXIT
makes its worker call ``os._exit(7)``, SEGV makes it kill itself with SIGSEGV (as a crash in
lxml would), SLOW makes it sleep 3 s first. Every run and every wait is bounded by
:data:`BOUND`, there only to end a hang: an ingest of ten pages takes about 5 CPU-seconds, but
took over 60 s of wall clock on a loaded machine.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_runner import story
from waiting import wait_until

from dateline.corpus.store import Store

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="workers fork on Linux only")

#: Seconds any run or wait of these tests may take before it counts as a hang.
BOUND = 600

HOOKED = """
import os, signal, sys, time
import dateline.pipeline as pipeline

real = pipeline.process

def process(page, settings, **kw):
    if page.data.startswith(b"EXIT"):
        os._exit(7)
    if page.data.startswith(b"SEGV"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if page.data.startswith(b"SLOW"):
        time.sleep(3)
    return real(page, settings, **kw)

pipeline.process = process
from dateline.cli import main
sys.exit(main())
"""


def hooked(*argv: str) -> list[str]:
    return [sys.executable, "-c", HOOKED, *argv]


def jsonl(texts: list[str]) -> str:
    return "".join(json.dumps({"text": text}) + "\n" for text in texts)


def test_a_page_that_kills_its_worker_fails_alone_and_the_rest_are_stored(tmp_path):
    texts = [story(n) for n in range(10)]
    texts[4] = "EXIT " + texts[4]
    texts[7] = "SEGV " + texts[7]
    given = tmp_path / "pages.jsonl"
    given.write_text(jsonl(texts), encoding="utf-8")
    db = str(tmp_path / "corpus.db")
    done = subprocess.run(hooked("ingest", "--db", db, "--workers", "2", "--batch", "3",
                                 "--no-nlp", "--no-progress", str(given)),
                          capture_output=True, text=True, timeout=BOUND)
    assert done.returncode == 3, done.stderr
    assert "8 new articles, 0 unchanged, 0 skipped (already stored or failed), 2 failed" in (
        done.stderr)
    assert "Traceback" not in done.stderr
    with Store.open(db) as store:
        assert store.count() == 8
        failures = {f.source.uri: (f.error.kind, f.error.message) for f in store.failures()}
    assert failures == {
        f"{given}:5": ("crash", "worker died: exit code 7 while processing this page"),
        f"{given}:8": ("crash", "worker died: exit code -11 (SIGSEGV) while processing this "
                                "page")}


def test_the_runner_keeps_input_order_around_a_dead_worker(monkeypatch):
    import multiprocessing

    from test_runner import pages

    from dateline import pipeline
    from dateline.config import Settings
    from dateline.runner import Runner

    real = pipeline.process

    def process(page, settings, **kw):
        if page.source == "page-2":
            os._exit(3)
        return real(page, settings, **kw)

    monkeypatch.setattr(pipeline, "process", process)
    runner = Runner(Settings(), workers=2, nlp=False, batch=2)
    got = list(runner.run(pages(7)))
    assert [p.source for p, _ in got] == [f"page-{n}" for n in range(7)]
    kinds = [getattr(r, "kind", "article") for _, r in got]
    assert kinds == ["article", "article", "crash", "article", "article", "article", "article"]
    assert str(got[2][1]) == "worker died: exit code 3 while processing this page"
    assert (runner.stats.done, runner.stats.failed) == (7, 1)
    assert not multiprocessing.active_children()


def stored(db: Path) -> int:
    import sqlite3

    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGKILL, -signal.SIGKILL),
                                              (signal.SIGTERM, 143)])
def test_kill_of_the_parent_leaves_no_worker_tracebacks(tmp_path, signum, status):
    db = tmp_path / "corpus.db"
    err = tmp_path / "stderr.txt"
    with err.open("w") as handle:
        proc = subprocess.Popen(
            hooked("ingest", "--db", str(db), "--workers", "2", "--batch", "1", "--no-nlp",
                   "--no-progress", "--input-kind", "jsonl", "-"),
            stdin=subprocess.PIPE, stderr=handle)
    try:
        # four pages in flight make the runner collect (and store) the first
        proc.stdin.write(jsonl([story(n) for n in range(4)]).encode())
        proc.stdin.flush()
        wait_until(lambda: proc.poll() is not None or stored(db) >= 1, BOUND, every=0.1)
        assert stored(db) >= 1, err.read_text()
        # the workers now sleep in a page each; the parent waits for more input
        proc.stdin.write(jsonl(["SLOW " + story(5), "SLOW " + story(6)]).encode())
        proc.stdin.flush()
        time.sleep(1)
        proc.send_signal(signum)
        assert proc.wait(timeout=BOUND) == status
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdin.close()
    # The workers held the write end of stderr too: wait until they are gone (the kernel kills
    # them with their parent; at most BOUND), then read what they left there.
    wait_until(lambda: not _holders(err), BOUND, every=0.1)
    assert not _holders(err), "workers outlived their parent"
    text = err.read_text()
    assert "Traceback" not in text and "Error" not in text, text
    if signum == signal.SIGTERM:  # it ended as an interrupted run: the same command completes
        assert "interrupted: run the same command again to complete the batch" in text


def _holders(path: Path) -> list[int]:
    """Pids of the processes that have ``path`` open (read from /proc)."""
    target = os.stat(path)
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                st = os.stat(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
                found.append(int(pid))
                break
    return found
