"""The text path's records on both scrape sets, dumped for a before/after diff, with its speed in
pages per CPU second (issue 12, item 7).

Every page of ../shared/eval/text-scrapes and text-scrapes-modern goes through what a user calls,
``dateline.extract(page_bytes, format="text", nlp=False)``; each record (or the failure's kind and
message) is written as one JSON line, keyed by set and page id, so that two runs (before and after a
change) can be compared field by field with ``--diff``. Speed is pages per second of the process's
CPU time (``time.process_time``) spent inside ``dateline.extract``, after one untimed warm-up
call: "per core". The C4 line filter and jusText on lines (bench/extraction.py) are timed the same
way on the same bytes, taking turns page by page. The pages are run ``--repeat`` times and each
rate is that of the pass with the least CPU time (the machine's other load only ever adds time).

Usage: .venv/bin/python bench/text_records.py [--out RECORDS.jsonl] [--repeat N] [--no-peers]
       .venv/bin/python bench/text_records.py --diff BEFORE.jsonl AFTER.jsonl
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def _pages() -> list[tuple[str, str, bytes]]:
    from extraction import load_modern_set, load_text_set

    return ([("text", i, data) for i, data, _ in load_text_set(None)]
            + [("modern", i, data) for i, data, _ in load_modern_set(None)])


def _extract(data: bytes):
    """What a user calls: the record, or the ``DatelineError`` it raised (returned)."""
    import dateline
    from dateline.errors import DatelineError

    try:
        return dateline.extract(data, format="text", nlp=False)
    except DatelineError as exc:
        return exc


def _record(result) -> dict:
    """One line of the dump: the record as JSON, or the failure's kind and message."""
    if isinstance(result, Exception):
        return {"error": type(result).__name__, "message": str(result)}
    return result.model_dump(mode="json")


def _peers() -> dict:
    from extraction import _c4_filter, _justext_lines

    return {"C4 line filter": _c4_filter, "jusText on lines": _justext_lines}


def run(out: Path | None, repeat: int, peers: bool) -> None:
    """Extract every page ``repeat`` times; print CPU pages/s per set, write the records."""
    pages = _pages()
    systems = {"dateline": _extract, **(_peers() if peers else {})}
    for system in systems.values():  # warm-up, untimed
        system(pages[0][2])
    cpu: dict[tuple[str, str], float] = {}  # the least CPU time of the passes: the least noise
    records = {}
    for _ in range(repeat):
        this_pass: dict[tuple[str, str], float] = {}
        for set_name, page_id, data in pages:
            for name, system in systems.items():
                start = time.process_time()
                result = system(data)
                key = (name, set_name)
                this_pass[key] = this_pass.get(key, 0.0) + time.process_time() - start
                if name == "dateline":  # serialised outside the timed call
                    records[set_name, page_id] = _record(result)
        for key, seconds in this_pass.items():
            cpu[key] = min(cpu.get(key, seconds), seconds)
    counts = {s: sum(1 for p in pages if p[0] == s) for s in ("text", "modern")}
    for set_name in ("text", "modern"):
        ours = counts[set_name] / cpu["dateline", set_name]
        line = f"{set_name:7} {counts[set_name]:5} pages  dateline {ours:7.1f} pages/CPU-s"
        for name in systems:
            if name != "dateline":
                rate = counts[set_name] / cpu[name, set_name]
                line += f"  | {name} {rate:7.1f} (dateline/{name} {ours / rate:.2f})"
        print(line)
    if out is not None:
        with out.open("w", encoding="utf-8") as fh:
            for (set_name, page_id), record in records.items():
                fh.write(json.dumps({"set": set_name, "id": page_id, "record": record},
                                    ensure_ascii=False, sort_keys=True) + "\n")


def diff(before: Path, after: Path) -> int:
    """Print every page whose record differs between two dumps, field by field; return the
    number of differing pages."""
    def load(path: Path) -> dict:
        rows = (json.loads(line) for line in path.read_text("utf-8").splitlines())
        return {(r["set"], r["id"]): r["record"] for r in rows}

    a, b = load(before), load(after)
    changed = 0
    for key in sorted(set(a) | set(b)):
        ra, rb = a.get(key), b.get(key)
        if ra == rb:
            continue
        changed += 1
        fields = sorted(k for k in set(ra or {}) | set(rb or {})
                        if (ra or {}).get(k) != (rb or {}).get(k))
        print(f"{key[0]} {key[1]}: {', '.join(fields)}")
        for k in fields:
            was, now = str((ra or {}).get(k))[:200], str((rb or {}).get(k))[:200]
            print(f"    {k}: {was!r}\n    -> {now!r}")
    print(f"{changed} of {len(set(a) | set(b))} records differ")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="write the records here (JSONL)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="passes over both sets; each rate is that of the fastest pass")
    parser.add_argument("--no-peers", action="store_true", help="time dateline only")
    parser.add_argument("--diff", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.diff:
        return 1 if diff(*args.diff) else 0
    from extraction import EVAL

    if not EVAL.is_dir():
        print(f"skipped: {EVAL} (the team's shared evaluation data) is not on this machine")
        return 0
    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore")
    run(args.out, args.repeat, not args.no_peers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
