"""Work per page of the HTML path against page size (issue 12 item 7: linear work per page).

Pages written here (our own text, no data needed): an article of N tiny paragraphs
(``<p>Rain N.</p>``) for N = 10,000, 100,000 and 1,000,000, and an article of five paragraphs
inside N nested ``<div>`` elements for N = 1,000, 10,000 and 100,000. Each page goes through what
a user calls, ``dateline.extract(page_bytes, format="html", nlp=False)``, with no per-page time
limit and a page size limit large enough for the largest page, after one untimed warm-up call
(imports, data files). Prints, per page: its size in MB, CPU seconds (``time.process_time``) and
wall seconds of the call, CPU seconds per MB, and the paragraphs found. Linear work shows as a
flat ``s/MB`` column down each kind (small pages carry a fixed cost per page, so the first rows
may read higher); the last column says whether the page fits the default ``page_time_limit``.

    .venv/bin/python bench/html_scaling.py [--max-paragraphs 1000000] [--max-depth 100000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

HEAD = ("<html><head><title>Harbour wall</title></head><body><article>"
        "<h1>Harbour wall repaired after the storm</h1>")
TAIL = "</article></body></html>"
PROSE = ("<p>The council met on Tuesday to discuss the harbour wall, the ferry timetable and "
         "the cost of repairs after the winter storms.</p>")


def tiny_paragraphs(count: int) -> bytes:
    """An article of ``count`` tiny paragraphs."""
    return (HEAD + "".join(f"<p>Rain {i}.</p>\n" for i in range(count)) + TAIL).encode()


def deep_nesting(depth: int) -> bytes:
    """An article of five paragraphs inside ``depth`` nested ``<div>`` elements."""
    return (HEAD + "<div>" * depth + PROSE * 5 + "</div>" * depth + TAIL).encode()


def run(page: bytes, settings) -> tuple[float, float, str]:
    """Return ``(CPU seconds, wall seconds, outcome)`` of one call on ``page``."""
    import dateline
    from dateline.errors import DatelineError

    cpu, wall = time.process_time(), time.perf_counter()
    try:
        outcome = str(len(dateline.extract(page, format="html", nlp=False,
                                           settings=settings).paragraphs))
    except DatelineError as exc:
        outcome = f"{type(exc).__name__}: {exc}"[:60]
    return time.process_time() - cpu, time.perf_counter() - wall, outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-paragraphs", type=int, default=1_000_000)
    parser.add_argument("--max-depth", type=int, default=100_000)
    args = parser.parse_args(argv)
    from dateline.config import default_settings

    defaults = default_settings()
    settings = defaults.model_copy(update={"page_time_limit": 0, "max_page_bytes": 1 << 30})
    run(tiny_paragraphs(10), settings)  # warm-up, untimed
    rows = [("paragraphs", n, tiny_paragraphs) for n in (10_000, 100_000, 1_000_000)
            if n <= args.max_paragraphs]
    rows += [("nested divs", n, deep_nesting) for n in (1_000, 10_000, 100_000)
             if n <= args.max_depth]
    print(f"| {'page':24} | {'MB':>6} | {'CPU s':>7} | {'wall s':>7} | {'CPU s/MB':>8} | "
          f"{'paragraphs':>10} | within {defaults.page_time_limit:g} s |")
    print(f"|{'-' * 26}|{'-' * 8}|{'-' * 9}|{'-' * 9}|{'-' * 10}|{'-' * 12}|{'-' * 13}|")
    for kind, n, build in rows:
        page = build(n)
        cpu, wall, outcome = run(page, settings)
        mb = len(page) / 1e6
        within = "yes" if wall <= defaults.page_time_limit else "no"
        print(f"| {f'{n:,} {kind}':24} | {mb:6.2f} | {cpu:7.2f} | {wall:7.2f} | "
              f"{cpu / mb:8.2f} | {outcome:>10} | {within:>11} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
