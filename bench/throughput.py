"""Throughput of the local runner (1 and 2 workers) and of the Spark job on the same pages.

Pages are generated at run time from our samples/ and, when present, ../shared/eval (the HTML
articles and both text-scrape sets), cycled to ``--pages`` pages and written to one JSON Lines
file that every mode reads. Figures are wall-clock pages per second and the ratio against one
worker. The runner is measured after a warm-up in this process (its forked workers inherit the
loaded model); the Spark figures include the JVM, the session (also shown apart) and its Python
workers loading everything, as a real job does. The load average is printed beside each figure:
on a shared machine the 2-worker and Spark figures are bounded by the cores others leave free,
so the runner's CPU seconds (this process and its reaped workers) are printed too: pages per CPU
second shows the runner's own overhead whatever the load.

    .venv/bin/python bench/throughput.py                 # 2,000 pages without NLP, 100 with
    .venv/bin/python bench/throughput.py --pages 500 --nlp-pages 100 --no-spark
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT / "src"))

from dateline.config import Settings  # noqa: E402
from dateline.model import Article  # noqa: E402
from dateline.runner import Runner  # noqa: E402
from dateline.sources.jsonl import iter_jsonl  # noqa: E402


def source_pages() -> list[dict]:
    """The distinct pages the benchmark cycles through: ``{"source", "html" or "text"}``."""
    found = []
    for path in sorted((ROOT / "samples").iterdir()):
        key = "html" if path.suffix == ".html" else "text"
        found.append({"source": str(path), key: path.read_text(encoding="utf-8")})
    globs = [("html-articles/html", "*.html", "html"), ("text-scrapes", "*.txt", "text"),
             ("text-scrapes-modern", "*.txt", "text")]
    for folder, pattern, key in globs:
        base = SHARED / folder
        if base.is_dir():
            for path in sorted(base.glob(pattern)):
                found.append({"source": str(path), key: path.read_text("utf-8", "replace")})
    return found


def write_corpus(path: Path, count: int) -> dict[str, int]:
    """Write ``count`` pages to the JSON Lines file ``path``, interleaving the kinds so that any
    prefix has the same mix; return how many of each kind."""
    pool = source_pages()
    html = [p for p in pool if "html" in p]
    text = [p for p in pool if "text" in p]
    mixed = [p for pair in zip(html, text, strict=False) for p in pair]
    mixed += html[len(text):] + text[len(html):]
    kinds = {"html": 0, "text": 0}
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            page = dict(mixed[n % len(mixed)])
            page["source"] = f"{page['source']}#copy{n // len(mixed)}"
            kinds["html" if "html" in page else "text"] += 1
            out.write(json.dumps(page, ensure_ascii=False) + "\n")
    return kinds


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}"


def bench_runner(corpus: Path, workers: int, nlp: bool, limit: int) -> dict:
    pages = (p for n, p in enumerate(iter_jsonl(str(corpus))) if n < limit)
    runner = Runner(Settings(), workers=workers, nlp=nlp)
    cpu = _cpu_seconds()
    start = time.perf_counter()
    kinds = Counter(r.kind for _, r in runner.run(pages) if not isinstance(r, Article))
    seconds = time.perf_counter() - start
    if kinds:  # on a tree others are editing, a run can catch a broken module: say so
        print(f"    failures by kind: {dict(kinds)}")
    return {"pages": runner.stats.done, "failed": sum(kinds.values()), "seconds": seconds,
            "cpu": _cpu_seconds() - cpu}


def _cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and of its finished children (the pool's
    workers, reaped when the pool is joined): the work done, whatever the machine's load."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def bench_spark(corpus: Path, nlp: bool, limit: int, work: Path) -> dict:
    from dateline.spark import run_job, spark_session

    subset = work / f"subset-{limit}.jsonl"
    with corpus.open(encoding="utf-8") as src, subset.open("w", encoding="utf-8") as dst:
        for n, line in enumerate(src):
            if n >= limit:
                break
            dst.write(line)
    start = time.perf_counter()
    spark = spark_session("local[2]", shuffle_partitions=4)
    spark.sparkContext.setLogLevel("ERROR")
    session = time.perf_counter() - start
    try:
        counts = run_job([str(subset)], str(work / "out"), partitions=8, nlp=nlp, spark=spark)
    finally:
        spark.stop()
    seconds = time.perf_counter() - start
    return {"pages": counts["articles"] + counts["failures"], "failed": counts["failures"],
            "seconds": seconds, "session": session}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages without NLP")
    parser.add_argument("--nlp-pages", type=int, default=100,
                        help="pages with NLP (0 to skip the NLP runs)")
    parser.add_argument("--no-spark", action="store_true", help="skip the Spark job")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="dateline-throughput-"))
    try:
        corpus = work / "pages.jsonl"
        kinds = write_corpus(corpus, max(args.pages, args.nlp_pages))
        print(f"corpus: {sum(kinds.values())} pages ({kinds['html']} HTML, {kinds['text']} "
              f"text), from {len(source_pages())} distinct pages; {os.cpu_count()} cores; "
              f"{load()}")
        plans = [(False, args.pages)]
        if args.nlp_pages:
            plans.append((True, args.nlp_pages))
        # Warm up in this process (model load, lazily built extraction tables): the runner's
        # forked workers inherit it, so its figures are steady-state; Spark's Python workers
        # cannot, so its figures include their start-up, and the session's start is shown apart.
        start = time.perf_counter()
        warm = [p for n, p in enumerate(iter_jsonl(str(corpus))) if n < 8]
        list(Runner(Settings(), workers=1, nlp=bool(args.nlp_pages)).run(warm))
        print(f"warm-up (8 pages{', model load' if args.nlp_pages else ''}): "
              f"{time.perf_counter() - start:.1f} s")
        header = (f"  {'mode':<20} {'pages':>6} {'failed':>6} {'seconds':>8} {'pages/s':>8} "
                  f"{'vs 1 worker':>11}  load during run")
        for nlp, count in plans:
            print(f"\n{'with NLP' if nlp else 'no NLP'}, {count} pages\n{header}", flush=True)
            base = None
            modes = [(f"runner, {w} worker{'s' if w > 1 else ''}", w) for w in (1, 2)]
            if not args.no_spark:
                modes.append(("spark local[2]", 0))
            for name, workers in modes:
                before = os.getloadavg()[0]
                if workers:
                    r = bench_runner(corpus, workers, nlp, count)
                else:
                    r = bench_spark(corpus, nlp, count, work)
                rate = r["pages"] / r["seconds"]
                base = base or rate
                extra = f"  (session start {r['session']:.1f} s)" if "session" in r else ""
                if "cpu" in r:
                    extra += f"  ({r['cpu']:.1f} CPU s, {r['pages'] / r['cpu']:.1f} pages/CPU s)"
                print(f"  {name:<20} {r['pages']:>6} {r['failed']:>6} {r['seconds']:>8.1f} "
                      f"{rate:>8.1f} {rate / base:>10.2f}x  {before:.1f} -> "
                      f"{os.getloadavg()[0]:.1f}{extra}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
