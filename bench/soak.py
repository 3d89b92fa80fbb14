"""Soak: `dateline ingest` writing while readers search and open articles over HTTP against
`dateline serve`, at several reader concurrencies (issue 13, item 7). Everything on 127.0.0.1.

What a user runs: two real processes on one SQLite store, ``dateline serve --db DB --port 0``
and ``dateline ingest --db DB --no-progress PAGE...``, started by this script. The pages are
read where they lie (never copied): the repository's samples/ and tests/pages/ and, when
present, ../shared/eval (html-articles, text-scrapes-modern, metadata-articles, text-scrapes),
interleaved and cut to ``--pages``.

Readers start once the store holds ``--seed`` articles (or the ingest ended). At each level
(``--levels``, default 1, 8 and 32 readers) every reader is a thread with its own kept-alive
HTTP/1.1 connection that loops: a search (``GET /api/v1/articles?q=WORD&limit=20``, a word of
:data:`WORDS`), then opening one hit as JSON (``/api/v1/articles/{id}``) and as the web page
(``/articles/{id}``). A level ends after ``--seconds`` or ``--requests`` requests, whichever
comes first. Printed per level and kind: requests, requests per second, p50/p95/p99 latency
(ms, wall clock from sending to the last byte read, measured in this process) and errors (an
answer other than 200, or a failed connection), and whether the writer was still running.

At the end (the ingest is awaited up to ``--max-wait`` seconds, then interrupted with SIGINT
as Ctrl-C would): every input page, by the SHA-256 of its bytes, must be in exactly one of
``articles`` (once) or ``failures``; the script exits 1 when not, or when any request failed.

    .venv/bin/python bench/soak.py                            # 400 pages, full records
    .venv/bin/python bench/soak.py --pages 120 --no-nlp --seconds 10
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import random
import re
import selectors
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
DATELINE = [sys.executable, "-c", "import sys; from dateline.cli import main; sys.exit(main())"]
#: The children run this checkout's dateline.
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}

#: Search words: common in news of any subject, so that most searches have hits.
WORDS = ["government", "police", "president", "election", "city", "school", "court",
         "health", "water", "minister", "company", "market", "report", "money", "war",
         "people", "year", "week", "country", "public", '"prime minister"', "state OR county",
         "club", "music", "price*", "said"]
KINDS = ("search", "article", "page")


def input_pages(limit: int) -> list[Path]:
    """The soak's input files, the kinds interleaved, at most ``limit``."""
    groups = [sorted((ROOT / "samples").iterdir()) + sorted((ROOT / "tests" / "pages").iterdir())]
    for folder, pattern in [("html-articles/html", "*.html"), ("text-scrapes-modern", "*.txt"),
                            ("metadata-articles/html", "*.html"), ("text-scrapes", "*.txt")]:
        if (SHARED / folder).is_dir():
            groups.append(sorted((SHARED / folder).glob(pattern)))
    mixed = []
    for n in range(max(len(g) for g in groups)):
        mixed += [g[n] for g in groups if n < len(g)]
    return [p for p in mixed if p.is_file()][:limit]


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``, nearest rank; NaN for none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def start_server(db: Path, extra: list[str], log) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen([*DATELINE, "serve", "--db", str(db), "--port", "0", *extra],
                            stdout=subprocess.PIPE, stderr=log, text=True, env=ENV)
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        ready = sel.select(timeout=120)
    line = proc.stdout.readline() if ready else ""
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not found:
        proc.kill()
        proc.wait()
        sys.exit(f"soak: the server did not start: {line!r} (its log: {log.name})")
    return proc, int(found.group(1))


class Level:
    """One concurrency level: ``readers`` threads, until ``seconds`` or ``requests``."""

    def __init__(self, port: int, readers: int, seconds: float, requests: int) -> None:
        self.port, self.readers, self.seconds, self.requests = port, readers, seconds, requests
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.examples: list[str] = []
        self.count = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def _record(self, kind: str, took: float, ok: bool, what: str) -> None:
        with self.lock:
            self.latency[kind].append(took)
            self.count += 1
            if not ok:
                self.errors[kind] += 1
                if len(self.examples) < 5:
                    self.examples.append(what)
            if self.count >= self.requests:
                self.stop.set()

    def _get(self, conn: http.client.HTTPConnection, kind: str, path: str) -> bytes | None:
        start = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self._record(kind, time.perf_counter() - start, False, f"{path}: {exc!r}")
            conn.close()
            return None
        ok = response.status == 200
        self._record(kind, time.perf_counter() - start, ok, f"{path}: {response.status}")
        return body if ok else None

    def _reader(self, seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            while not self.stop.is_set():
                word = rng.choice(WORDS)
                body = self._get(conn, "search", "/api/v1/articles?limit=20&q="
                                 + urllib.parse.quote(word))
                items = json.loads(body)["items"] if body else []
                if items and not self.stop.is_set():
                    article_id = rng.choice(items)["id"]
                    self._get(conn, "article", f"/api/v1/articles/{article_id}")
                    if not self.stop.is_set():
                        self._get(conn, "page", f"/articles/{article_id}")
        finally:
            conn.close()

    def run(self) -> float:
        """Run the level; return its wall-clock seconds."""
        threads = [threading.Thread(target=self._reader, args=(n,), daemon=True)
                   for n in range(self.readers)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        self.stop.wait(self.seconds)
        self.stop.set()
        for thread in threads:
            thread.join(90)
        return time.perf_counter() - start


def check_inputs(db: Path, pages: list[Path]) -> tuple[bool, str]:
    """Every input (by SHA-256) in exactly one of articles (once) and failures."""
    shas = {hashlib.sha256(p.read_bytes()).hexdigest() for p in pages}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM articles")]
        failed = {row[0] for row in conn.execute("SELECT sha256 FROM failures")}
    stored_ids = set(ids)
    twice = len(ids) - len(stored_ids)
    both = shas & stored_ids & failed
    missing = shas - stored_ids - failed
    foreign = stored_ids - shas
    ok = not (twice or both or missing or foreign)
    return ok, (f"{len(pages)} input files, {len(shas)} distinct pages: {len(stored_ids & shas)} "
                f"stored, {len(failed & shas)} failed, {len(missing)} neither, {len(both)} both, "
                f"{twice} stored twice, {len(foreign)} not an input")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=400, help="input pages at most")
    parser.add_argument("--levels", default="1,8,32", help="reader counts, comma separated")
    parser.add_argument("--seconds", type=float, default=15.0, help="longest time of a level")
    parser.add_argument("--requests", type=int, default=3000, help="most requests of a level")
    parser.add_argument("--seed", type=int, default=20, help="articles stored before readers")
    parser.add_argument("--workers", type=int, default=1, help="ingest --workers")
    parser.add_argument("--no-nlp", action="store_true", help="ingest --no-nlp")
    parser.add_argument("--max-wait", type=float, default=900.0,
                        help="longest wait for the ingest after the levels (seconds)")
    parser.add_argument("--serve-set", action="append", default=[], metavar="NAME=VALUE",
                        help="a --set for dateline serve (e.g. serve.keep_alive_timeout=10)")
    args = parser.parse_args(argv)
    levels = [int(n) for n in args.levels.split(",")]
    pages = input_pages(args.pages)
    if not (SHARED.is_dir()):
        print(f"soak: {SHARED} is absent: only the {len(pages)} pages of the repository")
    with tempfile.TemporaryDirectory(prefix="dateline-soak-") as tmp:
        db = Path(tmp) / "soak.db"
        server_log = open(Path(tmp) / "serve.log", "w+")  # noqa: SIM115 - closed below
        server, port = start_server(db, [f"--set={s}" for s in args.serve_set], server_log)
        cmd = [*DATELINE, "ingest", "--db", str(db), "--no-progress",
               "--workers", str(args.workers), *(["--no-nlp"] if args.no_nlp else []),
               *map(str, pages)]
        writer_log = open(Path(tmp) / "ingest.log", "w+")  # noqa: SIM115 - closed below
        started = time.perf_counter()
        writer = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=writer_log, env=ENV)
        try:
            while writer.poll() is None and stored(db) < args.seed:
                time.sleep(0.5)
            print(f"soak: {len(pages)} pages; readers start with {stored(db)} articles stored "
                  f"after {time.perf_counter() - started:.0f} s; server 127.0.0.1:{port}; "
                  f"ingest --workers {args.workers}{' --no-nlp' if args.no_nlp else ''}; "
                  f"load {os.getloadavg()[0]:.1f}")
            Level(port, 1, 5, 20).run()  # warm-up: templates, caches, the first connections
            errors = 0
            print(f"{'readers':>7} {'kind':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} "
                  f"{'p95 ms':>7} {'p99 ms':>7} {'errors':>6}  writer, articles, load")
            for readers in levels:
                before = stored(db)
                level = Level(port, readers, args.seconds, args.requests)
                took = level.run()
                writing = "writing" if writer.poll() is None else "done"
                note = (f"{writing}, {before}->{stored(db)}, load {os.getloadavg()[0]:.1f}")
                total = sum(len(v) for v in level.latency.values())
                print(f"{readers:>7} {'all':>7} {total:>8} {total / took:>7.1f} "
                      f"{'':>7} {'':>7} {'':>7} {sum(level.errors.values()):>6}  {note}")
                for kind in KINDS:
                    values = [1000 * t for t in level.latency.get(kind, [])]
                    print(f"{'':>7} {kind:>7} {len(values):>8} {len(values) / took:>7.1f} "
                          f"{percentile(values, .5):>7.1f} {percentile(values, .95):>7.1f} "
                          f"{percentile(values, .99):>7.1f} {level.errors.get(kind, 0):>6}")
                errors += sum(level.errors.values())
                for example in level.examples:
                    print(f"        error: {example}")
            try:
                writer.wait(args.max_wait)
            except subprocess.TimeoutExpired:
                print(f"soak: ingest still running after {args.max_wait:.0f} s: interrupted")
                writer.send_signal(signal.SIGINT)
                writer.wait(120)
            elapsed = time.perf_counter() - started
        finally:
            for proc in (writer, server):
                if proc.poll() is None:
                    proc.terminate()
                    try:
                        proc.wait(20)
                    except subprocess.TimeoutExpired:
                        proc.kill()
                        proc.wait()
        writer_log.seek(0)
        tail = writer_log.read()[-1500:]
        writer_log.close()
        server_log.seek(0)
        server_said = server_log.read()
        server_log.close()
        if server_said.strip():
            print(f"serve's standard error ends:\n{server_said[-1500:]}")
        ok, summary = check_inputs(db, pages)
        print(f"ingest: exit {writer.returncode}, {stored(db)} articles in {elapsed:.0f} s "
              f"({stored(db) / elapsed:.1f} articles/s with the readers)")
        print(f"exactly once: {'yes' if ok else 'NO'}: {summary}")
        if writer.returncode not in (0, 3):
            print(f"ingest's standard error ends:\n{tail}")
        print(f"request errors: {errors}")
        return 0 if ok and not errors and writer.returncode in (0, 3) else 1


if __name__ == "__main__":
    sys.exit(main())
