"""Clean text stays whole (issue 9, item 2) and the text path on scrapes (issue 12, item 5).

What a user calls, on the bytes: ``dateline.extract(page_bytes, format="text", nlp=False)``.

Figures, each beside the peers of ``bench/extraction.py`` (the C4 line filter and jusText on
lines) in the same run:

* **line retention** on clean article text, the PolNeAR texts of ../shared/eval/quotes-polnear
  (``dev`` and ``train``; one paragraph a line): the share of the non-blank lines (whitespace
  collapsed) that reach the record as its headline, standfirst or one of its paragraphs; a page
  that fails (``no_article``) keeps none. Target: at least 0.99.
* **body F1** on ../shared/eval/text-scrapes and text-scrapes-modern (ScrapingHub shingle metric,
  :mod:`dateline.evaluation`), on the pages as they are (a blank line between blocks) and with
  every blank line removed ("unspaced"; target: within 0.01 of the spaced figure). The shipped
  line model was trained on these sets, so these body figures are in-sample; the honest figures
  are the 5-fold CV ones of ``scripts/train_line_model.py``.
* **site batch**: text-scrapes-modern through :func:`dateline.pipeline.process_batch` with each
  page's URL, so that a line on two pages of one site counts as chrome (issue 12, item 5).
* **pages/s** of dateline on each set (wall time inside ``dateline.extract``, after one untimed
  warm-up call; systems take turns page by page).

Usage: .venv/bin/python bench/clean_text.py [--shared ../shared] [--set polnear|scrapes|all]
       [--limit N] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def _norm(line: str) -> str:
    return " ".join(line.split())


def dateline_lines(page: bytes) -> list[str]:
    """The headline, standfirst and paragraphs of dateline's record (empty when it fails)."""
    import dateline
    from dateline.errors import DatelineError

    try:
        record = dateline.extract(page, format="text", nlp=False)
    except DatelineError:
        return []
    return [t for t in (record.headline, record.standfirst) if t] + list(record.paragraphs)


def dateline_body(page: bytes) -> str:
    """dateline's body: the record's paragraphs joined by newlines (empty when it fails)."""
    import dateline
    from dateline.errors import DatelineError

    try:
        return "\n".join(dateline.extract(page, format="text", nlp=False).paragraphs)
    except DatelineError:
        return ""


def _peers() -> dict[str, Callable[[bytes], str]]:
    """The text-set peers of bench/extraction.py; each decodes the bytes inside its call."""
    from extraction import _c4_filter, _justext_lines

    return {"C4 line filter": _c4_filter, "jusText on lines": _justext_lines}


def _timed(systems: dict[str, Callable[[bytes], object]], pages: list[bytes]
           ) -> tuple[dict[str, list], dict[str, float]]:
    outputs: dict[str, list] = {name: [] for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    for system in systems.values():  # imports and lazy loading, untimed
        system(pages[0])
    for page in pages:
        for name, system in systems.items():
            start = time.perf_counter()
            out = system(page)
            seconds[name] += time.perf_counter() - start
            outputs[name].append(out)
    return outputs, {name: len(pages) / s if s else 0.0 for name, s in seconds.items()}


def _table_head(title: str, header: str) -> None:
    """Print a Markdown section title, a table's header row and its rule (cells as wide as the
    header's)."""
    print(f"\n## {title}\n")
    print(header)
    print("|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|")


def retention(pages: list[str], kept: list[list[str]]) -> tuple[float, int, int]:
    """Return ``(share, kept lines, lines)`` over all pages: a non-blank line of a page counts as
    kept when its collapsed text is one of that page's kept strings."""
    total = hits = 0
    for page, out in zip(pages, kept, strict=True):
        got = {_norm(t) for t in out}
        for line in page.split("\n"):
            line = _norm(line)
            if line:
                total += 1
                hits += line in got
    return (hits / total if total else 0.0), hits, total


def run_polnear(shared: Path, limit: int | None, verbose: bool) -> None:
    base = shared / "eval" / "quotes-polnear"
    systems: dict[str, Callable[[bytes], object]] = {"dateline": dateline_lines}
    systems.update({name: (lambda page, f=f: f(page).split("\n"))
                    for name, f in _peers().items()})
    for split in ("dev", "train"):
        paths = sorted((base / split / "text").glob("*.txt"))[:limit]
        data = [p.read_bytes() for p in paths]
        pages = [page.decode("utf-8") for page in data]
        outputs, speed = _timed(systems, data)
        _table_head(f"line retention, PolNeAR {split} ({len(pages)} articles)",
                    f"| {'system':20} | retention | kept / lines | pages/s |")
        figures = {}
        for name in systems:
            share, hits, total = retention(pages, outputs[name])
            figures[name] = share
            print(f"| {name:20} | {share:9.4f} | {hits:5d}/{total:6d} | {speed[name]:7.1f} |")
        best = max((v, k) for k, v in figures.items() if k != "dateline")
        print(f"\ndateline / best peer ({best[1]}): {figures['dateline'] / best[0]:.3f}")
        failed = sum(not out for out in outputs["dateline"])
        print(f"dateline pages without a record: {failed}")
        if verbose:
            for path, page, out in zip(paths, pages, outputs["dateline"], strict=True):
                got = {_norm(t) for t in out}
                for line in page.split("\n"):
                    if _norm(line) and _norm(line) not in got:
                        print(f"  lost {path.stem[:40]}: {_norm(line)[:100]!r}")


def _unspaced(page: bytes) -> bytes:
    return b"\n".join(line for line in page.split(b"\n") if line.strip())


def run_scrapes(shared: Path, limit: int | None) -> None:
    import extraction

    from dateline.evaluation import score

    extraction.EVAL = shared / "eval"  # its loaders read the set from there
    systems: dict[str, Callable[[bytes], object]] = {
        "dateline": dateline_body, "dateline, unspaced": lambda p: dateline_body(_unspaced(p))}
    systems.update(_peers())
    for title, loader in (("text-scrapes", extraction.load_text_set),
                          ("text-scrapes-modern", extraction.load_modern_set)):
        data = loader(limit)
        pages = [page for _, page, _ in data]
        outputs, speed = _timed(systems, pages)
        _table_head(f"body, {title} ({len(pages)} pages; dateline in-sample)",
                    f"| {'system':20} | {'F1':>6} | {'prec.':>6} | {'recall':>6} | pages/s |")
        f1 = {}
        for name in systems:
            s = score((gold, out) for (_, _, gold), out in zip(data, outputs[name], strict=True))
            f1[name] = s.f1
            print(f"| {name:20} | {s.f1:.4f} | {s.precision:.4f} | {s.recall:.4f} |"
                  f" {speed[name]:7.1f} |")
        if title == "text-scrapes-modern":
            f1["dateline, site batch"] = _batch_row(shared, data, outputs["dateline"])
        best = max((v, k) for k, v in f1.items() if not k.startswith("dateline"))
        print(f"\ndateline / best peer ({best[1]}): {f1['dateline'] / best[0]:.3f}; "
              f"unspaced - spaced: {f1['dateline, unspaced'] - f1['dateline']:+.4f}")


def _batch_row(shared: Path, data: list[tuple[str, bytes, str]], single: list[str]) -> float:
    """Score :func:`dateline.pipeline.process_batch` on text-scrapes-modern with each page's URL
    from ground-truth.json (pages of one site share their chrome); print its row and the F1 of
    the pages whose site has more than one page, per page and as a batch."""
    from dateline.config import load_settings
    from dateline.evaluation import score
    from dateline.extract.repeats import site_of
    from dateline.pipeline import process_batch
    from dateline.sources.page import RawPage

    truth = json.loads((shared / "eval" / "text-scrapes-modern" / "ground-truth.json")
                       .read_text("utf-8"))
    pages = [RawPage(source=i, data=page, url=truth[i].get("url"), format="text")
             for i, page, _ in data]
    results = process_batch(pages, load_settings(), format="text", nlp=False)
    bodies = ["\n".join(r.paragraphs) if hasattr(r, "paragraphs") else "" for _, r in results]
    s = score((gold, out) for (_, _, gold), out in zip(data, bodies, strict=True))
    print(f"| {'dateline, site batch':20} | {s.f1:.4f} | {s.precision:.4f} | {s.recall:.4f} |"
          f" {'-':>7} |")
    sites = [site_of(p.url) for p in pages]
    shared_site = [k for k, site in enumerate(sites) if site and sites.count(site) > 1]
    one = score((data[k][2], single[k]) for k in shared_site)
    both = score((data[k][2], bodies[k]) for k in shared_site)
    print(f"\n{len(shared_site)} pages share their site with another page: F1 {one.f1:.4f} one "
          f"page at a time, {both.f1:.4f} as a batch")
    return s.f1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--set", choices=("polnear", "scrapes", "all"), default="all")
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each set")
    parser.add_argument("--verbose", action="store_true", help="list the PolNeAR lines lost")
    args = parser.parse_args(argv)
    if not (args.shared / "eval").is_dir():
        print(f"skipped: {args.shared / 'eval'} (the team's shared evaluation data) is not on "
              "this machine")
        return 0
    logging.disable(logging.WARNING)
    if args.set in ("polnear", "all"):
        run_polnear(args.shared, args.limit, args.verbose)
    if args.set in ("scrapes", "all"):
        run_scrapes(args.shared, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
