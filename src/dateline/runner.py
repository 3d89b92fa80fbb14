"""The local parallel runner: :func:`pipeline.process_many` over many pages on every core.

:class:`Runner` sends batches of pages to a :class:`~dateline.workers.WorkerPool` whose workers
each load the spaCy pipeline once (in the initializer), and yields ``(page, record or error)``
in input order, whatever the number of workers. It skips pages a ``skip`` callable says are done
(the ingest command passes ``store.has(sha256)``, which makes a rerun resume), shows a progress
bar with pages per second and the failure count on standard error, and stops cleanly: when
``should_stop`` turns true no new batch is sent, the batches in flight are finished and
yielded, and the pool is closed. Any exception in the consumer (a second Ctrl-C) terminates the
workers at once; nothing they held was stored, so a rerun redoes it.

A worker that dies (a segfault in a C library, the out-of-memory killer) is replaced; the pages
of its batch are run again one by one, and the page that kills a worker again fails with
``WorkerCrashError`` (kind ``crash``, "worker died: exit code -11 (SIGSEGV) ..."): the run goes
on and no other page is lost. Workers exit quietly when the parent dies, even by kill -9.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from dateline.config import Settings
from dateline.errors import DatelineError, InternalError, WorkerCrashError
from dateline.model import Article
from dateline.pipeline import process_many
from dateline.sources.page import RawPage
from dateline.workers import Task, WorkerPool

log = logging.getLogger(__name__)

Result = Article | DatelineError

#: Pages per task sent to a worker: large enough for nlp.pipe batching and to amortise the
#: pickling round trip, small enough to keep both cores busy on short runs (set by hand on
#: bench/throughput.py with 2,000 pages; 4 to 16 gave the same pages/s within noise).
DEFAULT_BATCH = 8


@dataclass
class RunStats:
    """Counts of one run: pages ``done`` (processed, success or failure), ``failed`` among them,
    ``skipped`` (already stored), and whether the run was ``stopped`` early."""

    done: int = 0
    failed: int = 0
    skipped: int = 0
    stopped: bool = False
    seconds: float = 0.0

    @property
    def pages_per_second(self) -> float:
        """Processed pages per second of wall-clock time (0 before any time has passed)."""
        return self.done / self.seconds if self.seconds > 0 else 0.0


# -- worker side ------------------------------------------------------------------------------

_WORKER: dict = {}


def _init_worker(settings: Settings, format: str, nlp: bool, link_keys: bool = False) -> None:
    """Worker initializer: load the spaCy pipeline once. A pipeline that cannot be loaded is
    reported by each page (kind ``model``), not by the worker's death."""
    _WORKER.update(settings=settings, format=format, nlp=nlp, link_keys=link_keys)
    if nlp:
        from dateline.understand.nlp import load_nlp

        try:
            load_nlp(settings.model)
        except DatelineError:
            log.debug("the spaCy pipeline %s cannot be loaded", settings.model, exc_info=True)


def preload(settings: Settings, nlp: bool, link_keys: bool) -> None:
    """Load in this process what each worker would load for itself: the spaCy pipeline
    ``settings.model`` and the attribution tagger (with ``nlp``; the tagger when
    ``settings.attribution`` is ``"model"``) and the story encoder (with ``nlp`` or
    ``link_keys``). Called before the worker pool forks (Linux), so that the workers share
    these models' memory copy-on-write instead of each loading its own: about 4.6 s of CPU and
    950 MB of resident memory a worker (this machine, 2026-12-02). A model that cannot be
    loaded is left to the workers, which report it per page as before (kind ``model``); raises
    nothing."""
    loads: list[Callable[[], object]] = []
    if nlp:
        loads.append(_load_pipeline(settings))
        if settings.attribution == "model":
            loads.append(_load_tagger)
    if nlp or link_keys:
        loads.append(_load_encoder)
    for load in loads:  # each on its own: one that fails leaves the others loaded
        try:
            load()
        except Exception:  # noqa: BLE001 - an optimisation only: the workers load and report it
            log.debug("a model could not be loaded before the workers start", exc_info=True)


def _load_pipeline(settings: Settings) -> Callable[[], object]:
    def load() -> object:
        from dateline.understand.nlp import load_nlp

        nlp = load_nlp(settings.model)
        import dateline.understand.stage  # noqa: F401 - the stage's modules, imported once
        return nlp
    return load


def _load_tagger() -> object:
    from dateline.understand.tagger import load_tagger

    return load_tagger()


def _load_encoder() -> object:
    from dateline.understand.storyvec import load_story_encoder

    return load_story_encoder()


def _portable(result: Result) -> Result:
    """Return ``result`` as it can cross a process boundary: an error that does not pickle
    becomes a plain ``DatelineError`` with the same kind and message."""
    if isinstance(result, Article):
        return result
    try:
        pickle.loads(pickle.dumps(result))
        return result
    except Exception:  # noqa: BLE001 - any pickling failure
        plain = DatelineError(str(result))
        plain.kind = getattr(result, "kind", "internal")
        return plain


def _work(batch: list[RawPage]) -> list[Result]:
    settings, format, nlp = _WORKER["settings"], _WORKER["format"], _WORKER["nlp"]
    results = process_many(batch, settings, format=format, nlp=nlp)
    return [_portable(r) for _, r in (_keyed(results) if _WORKER["link_keys"] else results)]


def _keyed(results: Iterable[tuple[RawPage, Result]]) -> Iterator[tuple[RawPage, Result]]:
    """Each ``(page, result)`` with the record given the lookup keys of the store's
    across-article stages (:func:`dateline.corpus.link_keys.with_link_keys`), computed here
    rather than in the store's one writer."""
    from dateline.corpus.link_keys import with_link_keys

    for page, result in results:
        yield page, with_link_keys(result) if isinstance(result, Article) else result


# -- parent side ------------------------------------------------------------------------------


class Runner:
    """Runs the pipeline over pages with ``workers`` processes (1: in this process).

    ``skip(page) -> bool`` marks pages to leave out (they are counted in ``stats.skipped``);
    ``should_stop() -> bool`` is polled before each batch is sent. ``progress`` shows a rich
    progress bar on standard error. ``batch`` is pages per worker task. ``link_keys``: give
    each record the lookup keys of the store's across-article stages
    (:class:`dateline.model.LinkKeys`), computed in the workers (``dateline ingest``).
    """

    def __init__(self, settings: Settings, *, workers: int = 1, format: str = "auto",
                 nlp: bool = True, batch: int = DEFAULT_BATCH,
                 skip: Callable[[RawPage], bool] | None = None,
                 should_stop: Callable[[], bool] | None = None, progress: bool = False,
                 link_keys: bool = False) -> None:
        self.settings, self.format, self.nlp = settings, format, nlp
        self.link_keys = link_keys
        self.workers = max(1, workers)
        self.batch = max(1, batch)
        self.skip = skip
        self.should_stop = should_stop or (lambda: False)
        self.progress = progress
        self.stats = RunStats()

    def run(self, pages: Iterable[RawPage]) -> Iterator[tuple[RawPage, Result]]:
        """Yield ``(page, Article or DatelineError)`` for every page not skipped, in input order.

        Pages that already carry an ``error`` from their source are never skipped and come back
        as that error (``process_many`` does no work on them). See the module docstring for
        stopping.
        """
        start = time.perf_counter()
        bar = None  # made after the pool has forked, so that no rich thread is forked
        try:
            for page, result in self._results(pages):
                if bar is None and self.progress:
                    bar = _Progress(self.stats)
                self.stats.done += 1
                if not isinstance(result, Article):
                    self.stats.failed += 1
                self.stats.seconds = time.perf_counter() - start
                if bar:
                    bar.update()
                yield page, result
        finally:
            self.stats.seconds = time.perf_counter() - start
            if bar:
                bar.close()

    def _batches(self, pages: Iterable[RawPage]) -> Iterator[list[RawPage]]:
        batch: list[RawPage] = []
        for page in pages:
            if self.should_stop():
                self.stats.stopped = True
                break
            if page.error is None and self.skip is not None and self.skip(page):
                self.stats.skipped += 1
                continue
            batch.append(page)
            if len(batch) >= self.batch:
                yield batch
                batch = []
        if batch and not self.stats.stopped:
            yield batch

    def _results(self, pages: Iterable[RawPage]) -> Iterator[tuple[RawPage, Result]]:
        if self.workers == 1:
            for batch in self._batches(pages):
                results = process_many(batch, self.settings, format=self.format, nlp=self.nlp)
                yield from _keyed(results) if self.link_keys else results
            return
        ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        if ctx.get_start_method() == "fork":  # the workers inherit the loaded models
            preload(self.settings, self.nlp, self.link_keys)
        # A clean end stops the workers after their work; an exception in the consumer (a
        # second Ctrl-C) or closing this generator terminates them (WorkerPool.__exit__).
        with WorkerPool(self.workers, ctx, _work, _init_worker,
                        (self.settings, self.format, self.nlp, self.link_keys)) as pool:
            pending: deque[_Sent] = deque()
            limit = self.workers * 2
            for batch in self._batches(pages):
                pending.append(_Sent.submit(pool, batch))
                while len(pending) >= limit:
                    yield from self._collect(pool, pending.popleft())
            while pending:  # finish what is in flight, also when stopping
                yield from self._collect(pool, pending.popleft())

    @staticmethod
    def _collect(pool: WorkerPool, sent: _Sent) -> Iterator[tuple[RawPage, Result]]:
        while not sent.settled(pool):
            pool.wait()
        yield from zip(sent.pages, sent.outcome(), strict=True)


@dataclass
class _Sent:
    """A batch given to the worker pool. When the worker holding it dies, each of its pages is
    sent again alone (``parts``), so that only the page that kills a worker fails, with
    ``WorkerCrashError``; each page is tried alone at most once, which bounds the work."""

    pages: list[RawPage]
    task: Task
    parts: list[_Sent] | None = None

    @classmethod
    def submit(cls, pool: WorkerPool, pages: list[RawPage], first: bool = False) -> _Sent:
        task = Task(pages)
        pool.submit(task, first=first)
        return cls(pages, task)

    def settled(self, pool: WorkerPool) -> bool:
        """Whether every page has its outcome (sending the pages again alone when needed)."""
        if not self.task.done:
            return False
        if self.task.died is None or len(self.pages) == 1:
            return True
        if self.parts is None:
            log.warning("a worker died holding %d pages (%s); running them one by one",
                        len(self.pages), self.task.died)
            # to the front of the queue, in page order: the run waits for these first
            parts = [_Sent.submit(pool, [page], first=True) for page in reversed(self.pages)]
            self.parts = parts[::-1]
        return all(part.settled(pool) for part in self.parts)

    def outcome(self) -> list[Result]:
        """The result of each page, in order (call once :meth:`settled`)."""
        if self.parts is not None:
            return [result for part in self.parts for result in part.outcome()]
        if self.task.died is not None:
            return [WorkerCrashError(f"worker died: {self.task.died} while processing this "
                                     "page")]
        if self.task.error is not None:
            return [InternalError(f"internal error: {self.task.error}") for _ in self.pages]
        return self.task.result


class _Progress:
    """A rich progress bar on standard error: pages done, pages/s, failures, skipped."""

    def __init__(self, stats: RunStats) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.stats = stats
        self._progress = Progress(
            TextColumn("[bold]pages"), BarColumn(), TextColumn("{task.completed} done"),
            TextColumn("{task.fields[rate]:.1f} pages/s"),
            TextColumn("[red]{task.fields[failed]} failed"),
            TextColumn("{task.fields[skipped]} skipped"), TimeElapsedColumn(),
            console=Console(stderr=True), transient=False)
        self._task = self._progress.add_task("pages", total=None, rate=0.0, failed=0, skipped=0)
        self._progress.start()

    def update(self) -> None:
        s = self.stats
        self._progress.update(self._task, completed=s.done, rate=s.pages_per_second,
                              failed=s.failed, skipped=s.skipped)

    def close(self) -> None:
        self.update()
        self._progress.stop()
