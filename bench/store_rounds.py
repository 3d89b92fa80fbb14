"""Timed ingest phases of ``bench/corpus.py``: records into two stores in alternating rounds.

The host's speed drifts a lot from one minute to the next (the same ``dateline ingest --no-nlp``
of 666 pages took 7.5, 9.4, 11.2 and 12.5 CPU-seconds in four runs minutes apart; ``Store.add``
with the across-article stages measured 11 CPU ms a record when the store without them had been
timed minutes before, 4.4 ms timed back to back with it). A ratio of two phases timed one after
the other is then partly the host's drift. Here both stores are open at once and take the same
records chunk by chunk, the order alternating each round (:func:`alternate`): a drift falls on
both alike, and :func:`ratio` prints the ratio of the totals and the median and range of the
rounds' ratios.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass, field

from dateline.corpus import Store
from dateline.model import Article


class Timed:
    """A linker whose ``link`` calls add their CPU time (``time.process_time``) to
    ``seconds``."""

    def __init__(self, linker) -> None:
        self.linker, self.seconds = linker, 0.0
        self.name = type(linker).__name__

    def link(self, conn, article, rows) -> None:
        start = time.process_time()
        try:
            self.linker.link(conn, article, rows)
        finally:
            self.seconds += time.process_time() - start


@dataclass
class Rounds:
    """One store's timed calls in one phase, per round: the records given, the seconds of wall
    clock and the CPU seconds of this process (``time.process_time``); and how many of all the
    records were new."""

    records: list[int] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    added: int = 0

    def rates(self) -> tuple[float, float]:
        """Articles a second of wall clock and per CPU-second, over all the rounds."""
        return sum(self.records) / sum(self.wall), sum(self.records) / sum(self.cpu)


def chunks(records: list[Article], rounds: int, unit: int = 1) -> list[list[Article]]:
    """``records`` cut in order into at most ``rounds`` chunks, each a multiple of ``unit``
    records long but the last."""
    size = max(1, math.ceil(len(records) / rounds / unit)) * unit
    return [records[i:i + size] for i in range(0, len(records), size)]


def alternate(stores: dict[bool, Store], parts: list[list[Article]], mode: str, batch: int,
              label: str) -> dict[bool, Rounds]:
    """Store each chunk of ``parts`` into every store of ``stores`` (with links -> store) in
    turn, with ``add()``, one transaction a record (``mode`` ``"add()"``), or with
    ``add_many(batch=batch)``. Round ``r`` takes the store without links first for ``r`` even
    and the store with them first for ``r`` odd: the host's speed drifts (the same work took
    from 7.5 to 12.5 CPU-seconds in runs minutes apart), and so a drift falls on both stores
    alike. Prints per store the rate in articles a second of wall clock and per CPU-second (the
    steadier figure on a busy machine) and, with links, each stage's CPU milliseconds an
    article in its ``link`` call (the commit's share of the links is in the rates, not there).
    Returns each store's :class:`Rounds`."""
    held = {links: store.count() for links, store in stores.items()}
    timed = {links: [Timed(linker) for linker in store.linkers]
             for links, store in stores.items()}
    for links, store in stores.items():
        store.linkers = timed[links]
    done = {links: Rounds() for links in stores}
    try:
        for r, part in enumerate(parts):
            for links in sorted(stores, reverse=r % 2 == 1):
                store, rounds = stores[links], done[links]
                start, cpu = time.perf_counter(), time.process_time()
                if mode == "add()":
                    added = sum(store.add(a) for a in part)
                else:
                    added = sum(store.add_many(part, batch=batch))
                rounds.wall.append(time.perf_counter() - start)
                rounds.cpu.append(time.process_time() - cpu)
                rounds.records.append(len(part))
                rounds.added += added
    finally:
        for links, store in stores.items():
            store.linkers = [t.linker for t in timed[links]]
    for links, rounds in done.items():
        name = f"{label}, {'with' if links else 'without'} links"
        n, wall = sum(rounds.records), sum(rounds.wall)
        rate, cpu_rate = rounds.rates()
        print(f"[{name}] ingest with {mode}: {rounds.added} new of {n} in {wall:.1f} s = "
              f"{rate:.0f} articles/s ({cpu_rate:.0f} per CPU-second; store held "
              f"{held[links]} before; {len(parts)} round{'s' if len(parts) != 1 else ''}"
              f"{', alternating with the other store' if len(stores) == 2 else ''})", flush=True)
        if timed[links]:
            print(f"[{name}]   CPU ms an article in each stage's link(), {mode}: " + ", ".join(
                f"{t.name} {t.seconds / n * 1000:.3f}" for t in timed[links]) +
                f"; all {sum(t.seconds for t in timed[links]) / n * 1000:.3f}")
    return done


def ratio(label: str, what: str, rounds: dict[bool, Rounds]) -> None:
    """Print the ingest rate with links over the rate without (issue 10 item 6: 0.80 or more),
    of the totals and the median and range of the rounds' ratios, of wall clock and of CPU;
    ``what`` names the calls timed."""
    a, b = rounds[False], rounds[True]
    (aw, ac), (bw, bc) = a.rates(), b.rates()

    def per_round(without: list[float], with_links: list[float]) -> str:
        # the same records in a round: the rate with / without is time without / time with
        r = [ta / tb for ta, tb in zip(without, with_links, strict=True)]
        return f"median {statistics.median(r):.2f}, range {min(r):.2f}-{max(r):.2f}"

    print(f"[{label}] ratio with/without links, {what}: {bw:.0f} / {aw:.0f} articles/s = "
          f"{bw / aw:.2f} (per CPU-second: {bc:.0f} / {ac:.0f} = {bc / ac:.2f}); "
          f"{len(a.wall)} alternating rounds' ratios {per_round(a.wall, b.wall)} (per "
          f"CPU-second: {per_round(a.cpu, b.cpu)})", flush=True)
