"""Speed of full records: articles per second for 500-word articles, with and without the
understanding stage (issue 3, item 8; target: at least 15 articles/s for full records on 2 cores).

Pages: PolNeAR articles (../shared/eval/quotes-polnear, dev then train; political news) of at
least 550 words, each cut at the first paragraph boundary past 500 words and written as a
plain-text page (headline line, a byline, a dateline, then the paragraphs). Without ../shared
the invented pages in samples/ are repeated to 500 words instead.

Measured in one run, on the same pages, through ``dateline.pipeline.process_many`` (extraction,
then the understanding stage in ``nlp_batch_size`` batches):

* ``extract only``   -- ``nlp=False``: the text path alone;
* ``full record``    -- extraction + entities + quotes + dates + events, one process, with
  quotations from the trained attribution model (``attribution = "model"``, the default) and,
  beside it, from the rule system (``attribution = "rules"``);
* ``full, N procs``  -- the same split over ``--procs`` worker processes (default 2, the cores the
  target speaks of: issue 9 asks 15 articles/s with the model on), each loading the pipeline and
  the model once;
* ``spaCy peer``     -- the stock ``en_core_web_sm`` pipeline over the same body texts
  (``nlp.pipe``, one Doc per article), the peer figure PRODUCT.md quotes (about 19 docs/s).

    .venv/bin/python bench/speed.py [--pages 100] [--procs 2] [--repeat 1]

Prints articles/s (wall clock) for each, articles per CPU-second (of the process; for the
N-process run, of the workers together: what dedicated cores would give, as the machine is
shared and wall-clock rates fall with its load), and the ratio of full records to the spaCy peer.
The peer runs spaCy as shipped (blis matrix products, spaCy's attribute ruler) but in the same
process, so under dateline's one-thread BLAS limit.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dateline.config import Settings  # noqa: E402
from dateline.model import Article  # noqa: E402
from dateline.pipeline import process_many  # noqa: E402
from dateline.sources.page import RawPage  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "eval" / "quotes-polnear"
WORDS = 500


def _cut(paragraphs: list[str]) -> list[str]:
    kept, words = [], 0
    for paragraph in paragraphs:
        if words >= WORDS:
            break
        kept.append(paragraph)
        words += len(paragraph.split())
    return kept


def load_pages(limit: int) -> tuple[list[RawPage], str]:
    """Return up to ``limit`` plain-text pages of about 500 words and where they came from."""
    texts: list[tuple[str, list[str]]] = []
    if POLNEAR.is_dir():
        paths = sorted((POLNEAR / "dev" / "text").glob("*.txt"))
        paths += sorted((POLNEAR / "train" / "text").glob("*.txt"))
        for path in paths:
            blocks = [b.strip() for b in path.read_text("utf-8").split("\n\n") if b.strip()]
            if len(" ".join(blocks[1:]).split()) >= WORDS + 50 and len(texts) < limit:
                texts.append((blocks[0], blocks[1:]))
        origin = f"PolNeAR dev then train, articles of {WORDS + 50}+ words ({POLNEAR})"
    else:
        import dateline

        bodies = []
        for path in sorted((ROOT / "samples").iterdir()):
            article = dateline.extract(path.read_bytes(), nlp=False)
            bodies.append((article.headline or path.stem, article.paragraphs))
        while len(texts) < limit:
            headline, paragraphs = bodies[len(texts) % len(bodies)]
            texts.append((headline, paragraphs * (1 + WORDS // max(1, len(" ".join(
                paragraphs).split())))))
        origin = "samples/ repeated (no ../shared)"
    pages = []
    for n, (headline, paragraphs) in enumerate(texts):
        body = "\n\n".join(_cut(paragraphs))
        page = (f"{headline}\n\nBy Bench Writer\nTuesday 01 February 2022 13:18 EST\n\n{body}\n")
        pages.append(RawPage(source=f"page{n}", data=page.encode("utf-8"), format="text"))
    return pages, origin


def _run(pages: list[RawPage], nlp: bool, attribution: str = "model"
         ) -> tuple[float, float, list[Article]]:
    """Return (wall seconds, CPU seconds of this process, records)."""
    settings = Settings(attribution=attribution)
    start, cpu = time.perf_counter(), time.process_time()
    results = [r for _, r in process_many(pages, settings, nlp=nlp)]
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return elapsed, cpu, [r for r in results if isinstance(r, Article)]


def _worker(job: tuple[list[RawPage], str]) -> tuple[int, float]:
    """Full records of ``pages`` in a worker: (records made, CPU seconds of the worker)."""
    logging.disable(logging.WARNING)
    pages, attribution = job
    _, cpu, records = _run(pages, True, attribution)
    return len(records), cpu


def _procs(pages: list[RawPage], procs: int, attribution: str) -> tuple[float, int, float]:
    """Full records over ``procs`` worker processes: (wall seconds, records, CPU seconds)."""
    chunks = [(pages[i::procs], attribution) for i in range(procs)]
    ctx = multiprocessing.get_context("spawn")  # each worker loads spaCy and the model itself
    with ctx.Pool(procs) as pool:
        # loading, untimed: one small job per worker (chunksize 1; both start at once)
        pool.map(_worker, [(chunk[:2], attribution) for chunk, _ in chunks], chunksize=1)
        start = time.perf_counter()
        counts = pool.map(_worker, chunks, chunksize=1)
        elapsed = time.perf_counter() - start
    return elapsed, sum(n for n, _ in counts), sum(c for _, c in counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="pass over the pages N times")
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    pages, origin = load_pages(args.pages)
    pages = pages * args.repeat
    import spacy

    from dateline.understand.nlp import load_nlp

    # the peer is spaCy's pipeline as shipped (load_nlp swaps in dateline's faster attribute
    # ruler); loading is not timed
    nlp = spacy.load(load_nlp(Settings().model).path)
    _run(pages[:4], True)  # warm up caches (dateparser, pattern compilation, the model)

    t_extract, c_extract, extracted = _run(pages, False)
    words = sum(len(" ".join(a.paragraphs).split()) for a in extracted) / max(1, len(extracted))
    t_full, c_full, full = _run(pages, True)
    t_rules, c_rules, rules = _run(pages, True, "rules")
    t_procs, done, c_procs = _procs(pages, args.procs, "model")
    t_rprocs, rdone, c_rprocs = _procs(pages, args.procs, "rules")

    bodies = ["\n".join(a.paragraphs) for a in extracted]
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(bodies, batch_size=Settings().nlp_batch_size):
        pass
    t_peer, c_peer = time.perf_counter() - start, time.process_time() - cpu

    n = len(pages)
    print(f"pages: {n} from {origin}; mean body {words:.0f} words")
    rows = [("extract only (nlp=False)", n / t_extract, n / c_extract),
            ("full record (model), 1 process", len(full) / t_full, len(full) / c_full),
            ("spaCy peer: en_core_web_sm nlp.pipe on the bodies", n / t_peer, n / c_peer),
            (f"full record (model), {args.procs} processes", done / t_procs, done / c_procs),
            ("full record (rules), 1 process", len(rules) / t_rules, len(rules) / c_rules),
            (f"full record (rules), {args.procs} processes", rdone / t_rprocs,
             rdone / c_rprocs)]
    print(f"{'':<52} {'wall':>14} {'per CPU-second':>22}")
    for label, rate, per_cpu in rows:
        cpu_text = f"{per_cpu:8.1f} articles/CPU-s" if per_cpu else ""
        print(f"{label:<52} {rate:8.1f} art/s {cpu_text:>22}")
    print(f"full record (model) / spaCy peer: wall {rows[1][1] / rows[2][1]:.2f}, "
          f"CPU {rows[1][2] / rows[2][2]:.2f}; model / rules, {args.procs} processes: "
          f"{rows[3][1] / rows[5][1]:.2f}")
    print(f"on {args.procs} dedicated cores the full record would reach about "
          f"{args.procs * rows[1][2]:.1f} articles/s (CPU-second rate x cores)")
    print(f"entities {sum(len(a.entities) for a in full)}, quotes (model) "
          f"{sum(len(a.quotes) for a in full)}, quotes (rules) "
          f"{sum(len(a.quotes) for a in rules)}, dates {sum(len(a.dates) for a in full)}, "
          f"events {sum(len(a.events) for a in full)}")


if __name__ == "__main__":
    main()
