"""Quotation benchmark on PolNeAR, through the product (issue 9, item 1): dateline beside textacy.

What runs. Each PolNeAR article ``../shared/eval/quotes-polnear/SPLIT/text/NAME.txt`` is read as
bytes and given to ``dateline.extract(data, format="text", source=PATH)``, the call behind
``dateline extract --format text`` (decoding, text extraction and understanding included); the
record is what a user gets, and nothing is done to its quotes beyond what the team's scorer
does to every system. dateline runs twice, with ``attribution = "rules"`` and ``"model"`` (given
as ``dateline.extract(..., settings=...)``; a checkout whose Settings has no ``attribution``
field has only the rule system, and ``model`` is then skipped with a note). The peer is textacy
0.13's ``direct_quotations`` on a Doc of the whole article text (read as UTF-8) from the same
spaCy pipeline, its speaker the speaker tokens joined by spaces.

How it is scored: :func:`dateline.evaluation.score_quotes`, the definitions of
``../shared/tools/score_quotes.py`` (tests/test_quote_bench.py checks that both give the same
figures on the same records):

* gold: the first annotator's ``.ann`` file of each article (sorted order); one attribution per
  ``E`` line with a non-blank Content; its content and source are the texts of their spans;
* a dateline record's quotes of one paragraph that share one cue span are joined into one
  content (PolNeAR's interrupted quotation "X," he said, "Y."); the source is the speaker's
  mention as written; a failed page has no quotes;
* normalising: lower case, white space collapsed, punctuation and quotation marks stripped from
  both ends; matching is one-to-one and greedy in record order, first free gold in file order;
* content exact: normalised contents equal; content overlap: token F1 at least 0.5;
* source: on an overlap match, the system's (non-empty) source equals the gold Source after
  normalising; source on exact: the same on exact matches. Source precision counts system
  attributions with a source, recall gold ones with a source.

Direct quotations alone ("direct" rows): the same scoring with both sides restricted. A gold
attribution is direct when its content, white space stripped, begins and ends with a quotation
mark (PolNeAR's direct contents keep their marks; 423 of dev's 2192). A dateline attribution is
direct when every quote joined into it has ``kind == "direct"``; every textacy quotation is
direct.

Printed: precision, recall and F1 of each figure for each system, the F1 ratio of each dateline
system to textacy and of model to rules, the articles per second of each system (time inside
the worker, models loaded before timing: wall time, and CPU time of the worker, steadier on a
shared machine) and the run's wall time. ``--jsonl-out DIR`` writes
``DIR/SYSTEM.jsonl``, the records as ``dateline extract`` writes them (textacy: ``{"source":
{"uri"}, "quotes": [{"kind", "text", "speaker": {"mention": {"text"}}}]}``), so that
``python ../shared/tools/score_quotes.py SPLITDIR --jsonl DIR/SYSTEM.jsonl`` can check them.

``--derive-cues`` prints the cue-verb table (how data/cue_verbs.txt was made); it runs
``scripts/derive_cue_verbs.py``.

Usage: .venv/bin/python bench/quotes.py [--split dev|train] [--limit N]
       [--systems rules,model,textacy] [--jsonl-out DIR] [--workers 2] [--derive-cues]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "eval" / "quotes-polnear"
sys.path.insert(0, str(ROOT / "src"))

from dateline.evaluation import (  # noqa: E402
    Attribution,
    GoldArticle,
    QuoteScores,
    join_interrupted,
    load_polnear,
    score_quotes,
)

SYSTEMS = ("rules", "model", "textacy")
METRICS = ("content_exact", "content_overlap", "source", "source_on_exact")
#: A short page of our own, extracted once per worker before timing (loads the models).
WARM_UP = ("Council approves ferry timetable\n\nThe harbour council met on Monday.\n\n"
           "\u201cThe new timetable starts in May,\u201d said Ann Ferris, the council's chair. "
           "She said the old boats would be sold.\n")
log = logging.getLogger("bench.quotes")


@dataclasses.dataclass
class SystemRun:
    """One system's output on the split: per article name its record (the JSON object written
    for it) and its attributions as scored; ``seconds`` (wall) and ``cpu_seconds`` (of its
    process) summed over the articles."""

    system: str
    records: dict[str, dict] = dataclasses.field(default_factory=dict)
    attributions: dict[str, list[Attribution]] = dataclasses.field(default_factory=dict)
    seconds: float = 0.0
    cpu_seconds: float = 0.0


def attribution_setting_exists() -> bool:
    """True when this checkout's Settings has the ``attribution`` field (issue 9, item 4)."""
    from dateline.config import Settings

    return "attribution" in Settings.model_fields


def settings_for(system: str):
    """The settings in force with ``attribution = system`` (``"model"`` or ``"rules"``), passed
    to ``dateline.extract(settings=...)``: the public call's own way to choose settings."""
    from dateline.config import default_settings

    return default_settings().model_copy(update={"attribution": system})


def run_dateline(system: str, path: str) -> tuple[dict, list[Attribution]]:
    """dateline's record of the file ``path`` (as ``dateline extract --format text`` writes
    it) and its attributions as the scorer takes them; a failed page gives its error record
    and no attributions."""
    import dateline
    from dateline.cli.extract import record_line
    from dateline.errors import DatelineError

    try:
        article = dateline.extract(Path(path).read_bytes(), format="text", source=path,
                                   settings=settings_for(system))
    except DatelineError as exc:
        return record_line(path, exc), []
    except Exception as exc:  # noqa: BLE001 - a bug on one page must not end the run
        log.exception("internal error on %s", path)
        return {"source": path, "error": {"kind": "internal", "message": repr(exc)}}, []
    return record_line(path, article), join_interrupted(article.quotes)


def run_textacy(path: str) -> tuple[dict, list[Attribution]]:
    """textacy's direct quotations of the article ``path``: a record the scorer reads and the
    attributions (all direct). textacy raises on some quotation layouts; the quotations found
    before that are kept (as the team's scorer keeps them)."""
    from textacy.extract.triples import direct_quotations

    found = []
    try:
        for triple in direct_quotations(_nlp()(Path(path).read_text(encoding="utf-8"))):
            content = triple.content
            text = content.text if hasattr(content, "text") else " ".join(t.text for t in content)
            found.append(Attribution(text, " ".join(t.text for t in triple.speaker), True))
    except Exception:  # noqa: BLE001, S110 - textacy's own failures on odd layouts
        pass
    record = {"source": {"uri": path},
              "quotes": [{"kind": "direct", "text": a.content,
                          "speaker": {"mention": {"text": a.source}}} for a in found]}
    return record, found


def _nlp():
    from dateline.config import load_settings
    from dateline.understand.nlp import load_nlp

    return load_nlp(load_settings().model)


def _run_task(task: tuple[str, str]) -> tuple[str, str, dict, list[Attribution], float, float]:
    system, path = task
    start, cpu = time.perf_counter(), time.process_time()
    record, found = run_textacy(path) if system == "textacy" else run_dateline(system, path)
    return (system, path, record, found, time.perf_counter() - start,
            time.process_time() - cpu)


def _warm_up(systems: tuple[str, ...]) -> None:
    """Load every model the systems need (once per process), so that timing excludes it."""
    import dateline

    for system in systems:
        if system == "textacy":
            import textacy.extract.triples  # noqa: F401 - its import is slow

            _nlp()
        else:
            dateline.extract(WARM_UP, format="text", settings=settings_for(system))


def _init_worker(systems: tuple[str, ...]) -> None:
    with contextlib.suppress(OSError):
        os.nice(19)  # a benchmark on a shared machine yields to everything else
    _warm_up(systems)


def measure(split_dir: Path, gold: dict[str, GoldArticle], systems: tuple[str, ...],
            workers: int = 2) -> dict[str, SystemRun]:
    """Run ``systems`` on every article of ``gold`` (``split_dir/text/NAME.txt``), over
    ``workers`` processes (1: in this process); return each system's run."""
    runs = {s: SystemRun(s) for s in systems}
    paths = {str(split_dir / "text" / f"{name}.txt"): name for name in gold}
    tasks = [(s, p) for s in systems for p in paths]
    if workers > 1:
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with ctx.Pool(workers, initializer=_init_worker, initargs=(systems,)) as pool:
            results = list(pool.imap_unordered(_run_task, tasks, chunksize=2))
    else:
        _warm_up(systems)
        results = [_run_task(t) for t in tasks]
    for system, path, record, found, seconds, cpu_seconds in results:
        run = runs[system]
        run.records[paths[path]] = record
        run.attributions[paths[path]] = found
        run.seconds += seconds
        run.cpu_seconds += cpu_seconds
    return runs


def write_jsonl(run: SystemRun, names: list[str], out_dir: Path) -> Path:
    """Write ``out_dir/SYSTEM.jsonl``: the records in the order of ``names``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{run.system}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for name in names:
            out.write(json.dumps(run.records[name], ensure_ascii=False) + "\n")
    return path


def report(gold: dict[str, GoldArticle], scores: dict[str, dict[str, QuoteScores]],
           runs: dict[str, SystemRun]) -> None:
    """Print the figures of every system, the ratios and the speeds."""
    print(f"{'system':8} {'quotes':7} {'figure':16} {'P':>6} {'R':>6} {'F1':>6} "
          f"{'matched':>7} {'system':>6} {'gold':>5}")
    for system, by_subset in scores.items():
        for subset, s in by_subset.items():
            for metric in METRICS:
                prf = getattr(s, metric)
                print(f"{system:8} {subset:7} {metric.replace('_', ' '):16} "
                      f"{prf.precision:6.4f} {prf.recall:6.4f} {prf.f1:6.4f} "
                      f"{prf.matched:7d} {prf.predicted:6d} {prf.gold:5d}")
    pairs = [(s, "textacy") for s in ("rules", "model") if s in scores and "textacy" in scores]
    if "rules" in scores and "model" in scores:
        pairs.append(("model", "rules"))
    for ours, peer in pairs:
        for subset in ("all", "direct"):
            bits = []
            for metric in METRICS:
                a, b = (getattr(scores[x][subset], metric).f1 for x in (ours, peer))
                bits.append(f"{metric.replace('_', ' ')} {a / b if b else float('inf'):.2f}")
            print(f"ratio {ours}/{peer} F1 ({subset}): " + ", ".join(bits))
    for system, run in runs.items():
        print(f"speed {system}: {len(gold) / max(run.seconds, 1e-9):.1f} articles/s of wall "
              f"time, {len(gold) / max(run.cpu_seconds, 1e-9):.1f} of CPU time "
              f"({run.seconds:.1f} s, {run.cpu_seconds:.1f} s CPU in the workers)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=("dev", "train"))
    ap.add_argument("--limit", type=int, help="only the first N articles (sorted by name)")
    ap.add_argument("--systems", default=",".join(SYSTEMS),
                    help="comma-separated, of rules, model, textacy (default: all)")
    ap.add_argument("--jsonl-out", type=Path, metavar="DIR",
                    help="write DIR/SYSTEM.jsonl for ../shared/tools/score_quotes.py")
    ap.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    ap.add_argument("--derive-cues", action="store_true",
                    help="print the cue-verb table instead (scripts/derive_cue_verbs.py)")
    ap.add_argument("--cache", type=Path, help="with --derive-cues: cache parses here")
    args = ap.parse_args(argv)

    split_dir = DATA / args.split
    if not split_dir.exists():
        print(f"no data at {split_dir}: nothing to measure", file=sys.stderr)
        return 0
    if args.derive_cues:
        sys.path.insert(0, str(ROOT / "scripts"))
        from derive_cue_verbs import derive_cues

        return derive_cues(args.split, args.limit, cache=args.cache)
    systems = tuple(s.strip() for s in args.systems.split(",") if s.strip())
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        ap.error(f"unknown systems: {', '.join(sorted(unknown))}")
    if "model" in systems and not attribution_setting_exists():
        print("note: Settings has no `attribution` field on this checkout: only the rule "
              "system exists; `model` is skipped")
        systems = tuple(s for s in systems if s != "model")

    gold = load_polnear(split_dir, args.limit)
    n_gold = sum(len(a.attributions) for a in gold.values())
    n_direct = sum(g.direct for a in gold.values() for g in a.attributions)
    start = time.perf_counter()
    runs = measure(split_dir, gold, systems, args.workers)
    wall = time.perf_counter() - start
    scores = {s: {"all": score_quotes(gold, run.attributions),
                  "direct": score_quotes(gold, run.attributions, direct_only=True)}
              for s, run in runs.items()}
    failed = {s: sum("error" in r for r in run.records.values()) for s, run in runs.items()}
    print(f"PolNeAR {args.split}: {len(gold)} articles, {n_gold} gold attributions "
          f"({n_direct} direct); systems {', '.join(systems)}; {args.workers} worker(s), "
          f"wall {wall:.1f} s; failed pages: "
          + ", ".join(f"{s} {n}" for s, n in failed.items()))
    report(gold, scores, runs)
    if args.jsonl_out:
        for run in runs.values():
            print(f"wrote {write_jsonl(run, list(gold), args.jsonl_out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
