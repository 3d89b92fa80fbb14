"""``dateline ingest`` on real pages into a large store, with the across-article layer and without.

Used by ``bench/corpus.py`` (its ``--pages`` phase, :func:`page_ingests`; not a script of its
own). The pages are the
distinct pages of ``bench/throughput.py``'s pool (our ``samples/`` and, when present, the HTML
articles and both text-scrape sets of ``../shared/eval``), each once, in one JSON Lines
file.
Each run is the command a user runs, ``dateline ingest FILE --db STORE --no-progress`` in a new
process with its default workers (one per core), timed by wall clock and by the CPU seconds of
the process and its workers (``RUSAGE_CHILDREN``: the pool's workers are reaped by the command,
and the command by this process). The CPU figure is the steadier one on a shared machine.

"Without the layer" is the same command with the layer taken out before it starts
(:data:`WITHOUT_LAYER`): no stages in the store (:data:`dateline.corpus.linking.LINKERS`
emptied), no story vectors in the understanding stage (the layer's encoder,
:func:`dateline.understand.storyvec.story_vector`) and no lookup keys in the workers
(``Runner(link_keys=False)``). The workers are forked (Linux), so they inherit the change; it
is made in the spaCy-free module of the encoder, so that the command imports no more than it
does with the layer (patching the stage itself imported spaCy into the command before it forked
its workers: seconds of CPU the run without the layer paid and the one with it did not).
Start-up (loading spaCy, the attribution model and the encoder in each worker) is inside both
figures, as a user waits for it.

The host's speed drifts between runs minutes apart (the same ``--no-nlp`` run of 666 pages took
7.5 to 12.5 CPU-seconds in four runs), so the pair without/with is run ``repeats`` times, the
order alternating (without first, then with first, ...), and the ratio given is the median of
the pairs' ratios, with their range: a drift falls on both runs of a pair alike.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: ``python -c`` code: ``dateline ingest`` without the across-article layer (module docstring)
WITHOUT_LAYER = """
import sys
import dateline.corpus.linking as linking
import dateline.runner as runner
import dateline.understand.storyvec as storyvec
linking.LINKERS.clear()
storyvec.story_vector = lambda article: None  # the stage calls it through the module
_init = runner.Runner.__init__
def _no_keys(self, *args, **kwargs):
    kwargs["link_keys"] = False
    _init(self, *args, **kwargs)
runner.Runner.__init__ = _no_keys
from dateline.cli import main
sys.exit(main())
"""
#: ``python -c`` code: ``dateline ingest`` as installed (the ``dateline`` script's entry point)
WITH_LAYER = "import sys\nfrom dateline.cli import main\nsys.exit(main())\n"


@dataclass
class IngestRun:
    """One ``dateline ingest`` run: ``pages`` read, ``seconds`` of wall clock, ``cpu`` seconds
    (the command and its workers), its summary line (standard error) and exit status."""

    pages: int
    seconds: float
    cpu: float
    summary: str
    status: int

    @property
    def rate(self) -> float:
        """Pages a second of wall clock."""
        return self.pages / self.seconds

    @property
    def cpu_rate(self) -> float:
        """Pages a CPU-second."""
        return self.pages / self.cpu


def write_pages(path: Path) -> int:
    """Write each distinct page of ``bench/throughput.py``'s pool once to the JSON Lines file
    ``path``; return how many."""
    sys.path.insert(0, str(ROOT / "bench"))
    from throughput import source_pages

    pages = source_pages()
    with path.open("w", encoding="utf-8") as out:
        for page in pages:
            out.write(json.dumps(page, ensure_ascii=False) + "\n")
    return len(pages)


def copy_store(db: str, to: str) -> None:
    """Copy the SQLite store ``db`` to the new file ``to`` (the backup API: a consistent copy
    whatever its journal holds), so that each run ingests into the same starting store."""
    import sqlite3

    src, dst = sqlite3.connect(db), sqlite3.connect(to)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    with open(to, "rb+") as out:  # the copy on disk before a timed run, not written back in it
        os.fsync(out.fileno())


def remove_store(db: str) -> None:
    """Delete the SQLite file ``db`` and its ``-wal`` and ``-shm`` files, those that exist."""
    for path in (db, f"{db}-wal", f"{db}-shm"):
        if os.path.exists(path):
            os.remove(path)


def _children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def ingest(db: str, pages: Path, count: int, layer: bool, nlp: bool) -> IngestRun:
    """Run ``dateline ingest`` on the JSON Lines ``pages`` (``count`` of them) into the SQLite
    store ``db``, with the across-article layer or without it (module docstring), with the
    understanding stage or ``--no-nlp``. The source tree of this checkout comes first on the
    path."""
    cmd = [sys.executable, "-c", WITH_LAYER if layer else WITHOUT_LAYER, "ingest", str(pages),
           "--db", db, "--no-progress", *([] if nlp else ["--no-nlp"])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu
    summary = next((line for line in done.stderr.splitlines() if " new article" in line),
                   done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "")
    if done.returncode not in (0, 3):  # 3: some pages failed (recorded with their reasons)
        raise RuntimeError(f"dateline ingest exited {done.returncode}: {done.stderr[-2000:]}")
    return IngestRun(count, seconds, cpu, summary, done.returncode)


def page_ingests(dbs: dict[bool, str], nlp_modes: list[bool], work: str,
                 repeats: int = 3) -> None:
    """``dateline ingest`` of the real pages (written to ``work``/pages.jsonl) into a new copy
    of each store (``dbs``: with the layer -> its SQLite file) for every run: per understanding
    mode (``nlp_modes``), ``repeats`` pairs without and with the layer, alternating which runs
    first. Prints each run and, when both stores are given, the median of the pairs' ratios
    with/without, of wall clock and of CPU (issue 10 item 6: with the layer at least 0.80 of
    the rate without), with their range."""
    corpus = Path(work) / "pages.jsonl"
    count = write_pages(corpus)
    for nlp in nlp_modes:
        mode = "with the understanding stage" if nlp else "--no-nlp"
        pairs: list[dict[bool, IngestRun]] = []
        for repeat in range(repeats):
            pairs.append({})
            for layer in sorted(dbs, reverse=repeat % 2 == 1):
                copy = os.path.join(work, f"pages-{'with' if layer else 'without'}.db")
                copy_store(dbs[layer], copy)
                try:
                    pairs[-1][layer] = run = ingest(copy, corpus, count, layer, nlp)
                finally:
                    remove_store(copy)  # none left beside the kept stores
                label = f"sqlite, {'with' if layer else 'without'} links"
                print(f"[{label}] dateline ingest of {count} pages, {mode} (run {repeat + 1} "
                      f"of {repeats}): {run.seconds:.1f} s = {run.rate:.1f} pages/s "
                      f"({run.cpu_rate:.1f} per CPU-second, workers included): "
                      f"{run.summary.split(';')[0]}", flush=True)
        if len(dbs) == 2:
            print(f"[sqlite] ratio with/without the layer, dateline ingest {mode} (the "
                  f"product command, workers included): {_pairs(pairs, 'rate')} (per "
                  f"CPU-second: {_pairs(pairs, 'cpu_rate')})", flush=True)


def _pairs(pairs: list[dict[bool, IngestRun]], rate: str) -> str:
    """The median rates with/without the layer and the median and range of the pairs'
    ratios, of the ``IngestRun`` property ``rate``."""
    with_layer = [getattr(pair[True], rate) for pair in pairs]
    without = [getattr(pair[False], rate) for pair in pairs]
    ratios = [b / a for a, b in zip(without, with_layer, strict=True)]
    return (f"{statistics.median(with_layer):.1f} / {statistics.median(without):.1f} pages/s "
            f"(medians), median of {len(pairs)} alternating pairs' ratios "
            f"{statistics.median(ratios):.2f}, range {min(ratios):.2f}-{max(ratios):.2f}")
