"""Speed of full records: articles per second for 500-word articles, with and without the
understanding stage (issue 3, item 8; target: at least 15 articles/s for full records on 2 cores).

Pages: the PolNeAR dev articles (../shared/eval/quotes-polnear/dev/text, political news), each
cut at the first paragraph boundary past 500 words and written as a plain-text page (headline
line, a byline, a dateline, then the paragraphs). Without ../shared the three invented pages in
samples/ are repeated to 500 words instead.

Measured in one run, on the same pages, through ``dateline.pipeline.process_many`` (extraction,
then the understanding stage in ``nlp_batch_size`` batches):

* ``extract only``   -- ``nlp=False``: the text path alone;
* ``full record``    -- extraction + entities + quotes + dates, one process;
* ``full, N procs``  -- the same split over ``--procs`` worker processes (default 2, the cores the
  target speaks of), each loading the pipeline once;
* ``spaCy peer``     -- the bare ``en_core_web_sm`` pipeline over the same body texts
  (``nlp.pipe``, one Doc per article), the peer figure PRODUCT.md quotes (about 19 docs/s).

    .venv/bin/python bench/speed.py [--pages 84] [--procs 2] [--repeat 1]

Prints articles/s for each and the ratio of full records to the spaCy peer. The machine is
shared: run it when it is quiet and read figures as +/- 10 %.
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

POLNEAR = ROOT.parent / "shared" / "eval" / "quotes-polnear" / "dev" / "text"
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
        for path in sorted(POLNEAR.glob("*.txt"))[:limit]:
            blocks = [b.strip() for b in path.read_text("utf-8").split("\n\n") if b.strip()]
            if len(blocks) > 1:
                texts.append((blocks[0], blocks[1:]))
        origin = f"PolNeAR dev ({POLNEAR})"
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


def _run(pages: list[RawPage], nlp: bool) -> tuple[float, list[Article]]:
    settings = Settings()
    start = time.perf_counter()
    results = [r for _, r in process_many(pages, settings, nlp=nlp)]
    elapsed = time.perf_counter() - start
    return elapsed, [r for r in results if isinstance(r, Article)]


def _worker(pages: list[RawPage]) -> int:
    logging.disable(logging.WARNING)
    return len(_run(pages, True)[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=84)
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="pass over the pages N times")
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    pages, origin = load_pages(args.pages)
    pages = pages * args.repeat
    from dateline.understand.nlp import load_nlp

    nlp = load_nlp(Settings().model)  # loading is not timed
    _run(pages[:4], True)  # warm up caches (dateparser, pattern compilation)

    t_extract, extracted = _run(pages, False)
    words = sum(len(" ".join(a.paragraphs).split()) for a in extracted) / max(1, len(extracted))
    t_full, full = _run(pages, True)

    chunks = [pages[i::args.procs] for i in range(args.procs)]
    ctx = multiprocessing.get_context("fork")
    start = time.perf_counter()
    with ctx.Pool(args.procs) as pool:
        done = sum(pool.map(_worker, chunks))
    t_procs = time.perf_counter() - start

    bodies = ["\n".join(a.paragraphs) for a in extracted]
    start = time.perf_counter()
    for _ in nlp.pipe(bodies, batch_size=Settings().nlp_batch_size):
        pass
    t_peer = time.perf_counter() - start

    n = len(pages)
    print(f"pages: {n} from {origin}; mean body {words:.0f} words")
    rows = [("extract only (nlp=False)", n / t_extract),
            ("full record, 1 process", len(full) / t_full),
            (f"full record, {args.procs} processes", done / t_procs),
            ("spaCy peer: en_core_web_sm nlp.pipe on the bodies, 1 process", n / t_peer)]
    for label, rate in rows:
        print(f"{label:<64} {rate:8.1f} articles/s")
    print(f"full record / spaCy peer (1 process): {rows[1][1] / rows[3][1]:.2f}")
    print(f"entities {sum(len(a.entities) for a in full)}, quotes "
          f"{sum(len(a.quotes) for a in full)}, dates {sum(len(a.dates) for a in full)}")


if __name__ == "__main__":
    main()
