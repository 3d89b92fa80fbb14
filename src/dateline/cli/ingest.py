"""``dateline ingest``: pages from any source into the store, on every core, resumable.

Each page's record is stored in its own transaction; a failed page is stored as a failure with
its reason; a page whose id (SHA-256 of its bytes) is already stored is skipped before any work,
so a rerun after a crash or Ctrl-C completes the batch. So is a page that failed before with the
same bytes for a reason in the page itself (``--retry-failed`` processes those again). The first
Ctrl-C stops sending pages and stores those in flight; a second one, or SIGTERM, aborts at once
(the store stays consistent either way; the workers end with the command, also after kill -9).
After storing, new articles are checked against the saved alerts (:mod:`dateline.alerts`); their
webhook and email deliveries are queued in the store and sent by a background thread
(:mod:`dateline.delivery`); at the end the ingest spends at most ``webhook.flush_time`` seconds on
what is still pending (earlier runs' deliveries too) and leaves the rest for ``dateline alerts
deliver``.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from types import FrameType

from dateline.cli.options import (
    COMMAND_OPTIONS,
    counted,
    database_failure,
    positive_int,
    print_special,
    settings_for,
    skip_notice,
    store_unusable,
)
from dateline.errors import InternalError, StoreError, UsageError
from dateline.extract import FORMATS
from dateline.model import Article
from dateline.sources.guard import InputGuard, output_ids
from dateline.sources.open import SOURCE_KINDS, open_sources

log = logging.getLogger(__name__)

#: New articles checked against the alerts at a time (one ``alerts`` query per group).
ALERT_GROUP = 50
#: The first this many failures of a run are printed with their reasons after its summary (the
#: rest are counted; every one is in the store's ``failures`` table).
SHOWN_FAILURES = 10


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``ingest`` subcommand to ``sub``."""
    p = sub.add_parser(
        "ingest", parents=[COMMAND_OPTIONS],
        help="extract pages into the store (files, JSON Lines, WARC, URLs, feeds)",
        description="Extract pages and store their records. Inputs: files and directories, "
        "JSON Lines (.jsonl), WARC (.warc, .warc.gz), http(s) URLs, '-' for standard input; "
        "--feed adds the pages an RSS/Atom feed or sitemap lists. A rerun skips stored pages.")
    p.add_argument("inputs", nargs="*", metavar="PATH_OR_URL")
    p.add_argument("--db", help="SQLite file or database URL (default: dateline.db)")
    p.add_argument("--workers", type=positive_int, default=None,
                   help="worker processes (default: the number of CPU cores)")
    p.add_argument("--feed", action="append", default=[], metavar="URL",
                   help="an RSS/Atom feed or sitemap (a URL or a saved file) whose pages to "
                   "fetch (repeatable)")
    p.add_argument("--format", choices=FORMATS, default="auto",
                   help="page format for extraction (default auto)")
    p.add_argument("--input-kind", choices=SOURCE_KINDS, default="auto",
                   help="how to read the inputs (default: by extension or URL scheme)")
    p.add_argument("--no-nlp", action="store_true", help="skip entities, quotes and dates")
    p.add_argument("--model", help="spaCy pipeline to load (default en_core_web_sm)")
    p.add_argument("--batch", type=positive_int, default=None,
                   help="pages per worker task (1 or more)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.add_argument("--retry-failed", action="store_true",
                   help="process again pages that failed before for a reason in the page "
                        "itself (empty, binary, no article, ...); by default they are skipped")
    p.set_defaults(run=run)


class _StopOnInterrupt:
    """SIGINT and SIGTERM handler: the first Ctrl-C asks the runner to stop, the second aborts;
    SIGTERM aborts at once (``terminated`` set). Aborting raises ``KeyboardInterrupt`` in the
    main thread: the record being stored is rolled back and the workers are terminated."""

    def __init__(self) -> None:
        self.requested = False
        self.terminated = False
        self._previous: dict[int, object] = {}

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if signum == signal.SIGTERM:
            self.terminated = True
            raise KeyboardInterrupt
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        print("\nstopping: finishing the pages in flight (Ctrl-C again to abort)",
              file=sys.stderr)

    def __enter__(self) -> _StopOnInterrupt:
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                self._previous[signum] = signal.signal(signum, self)
            except ValueError:  # not the main thread: signal handling stays the default
                break
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)  # type: ignore[arg-type]


#: Failure kinds that the same bytes will always give again: a rerun skips such pages unless
#: ``--retry-failed``. Fetch, robots, unreadable-source and internal failures are retried.
DETERMINISTIC_KINDS = frozenset({"empty", "binary", "too_large", "encoding", "no_article"})


def failed_before(store, page) -> bool:
    """True when ``page``'s source is stored as failed with these same bytes (its SHA-256) and
    a kind in :data:`DETERMINISTIC_KINDS`. Reads the ``failures`` table by its key, ``source``."""
    import sqlalchemy as sa

    from dateline.corpus.schema import failures

    with store.engine.connect() as conn:
        row = conn.execute(sa.select(failures.c.sha256, failures.c.kind)
                           .where(failures.c.source == page.source)).first()
    return row is not None and row.sha256 == page.sha256 and row.kind in DETERMINISTIC_KINDS


def more_failures(count: int, db: str) -> str:
    """The line after the failures ``ingest`` prints: ``count`` more are in the ``failures``
    table of the store ``db`` (a URL's password hidden, :func:`dateline.corpus.store.
    shown_address`)."""
    from dateline.corpus.store import shown_address

    return (f"... {count} more: every failure and its reason is in the `failures` table of "
            f"{shown_address(db)} (docs/store.md)")


def sqlite_files(store) -> list[str]:
    """The files of ``store`` when it is a SQLite file: the database and its journals."""
    url = store.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return []
    return [url.database + end for end in ("", "-wal", "-shm", "-journal")]


def run(args: argparse.Namespace) -> int:
    """Ingest every input; return 0, 3 when some pages failed, 130 when interrupted (Ctrl-C)
    or 143 when terminated (SIGTERM)."""
    from dateline.alerts import check_alerts
    from dateline.corpus.store import Store, shown_address
    from dateline.delivery import Deliverer
    from dateline.runner import DEFAULT_BATCH, Runner

    if not args.inputs and not args.feed:
        raise UsageError("give at least one PATH_OR_URL or --feed URL")
    settings = settings_for(args, model=args.model, db=args.db)
    workers = args.workers or os.cpu_count() or 1
    guard = InputGuard(on_skip=skip_notice("ingest"))
    pages = open_sources(args.inputs, feeds=args.feed, kind=args.input_kind,
                         max_bytes=settings.max_page_bytes, fetch=settings.fetch, guard=guard)
    added = unchanged = failed = 0
    fresh: list[Article] = []
    shown: list[str] = []  # the first failures of the run, printed after the summary
    with Store.open(settings.db) as store, _StopOnInterrupt() as stop:
        # Never read back a file standard output goes to, nor the store's own SQLite files
        # (told of once: the store and its journals are one output).
        guard.add_output(output_ids(fds=[1]))
        guard.add_output(output_ids(paths=sqlite_files(store)))

        deliverer = Deliverer(store, settings)

        def deliver_soon() -> None:
            # started at the first queued delivery: the worker pool has forked by then, so no
            # delivery thread is forked with it (as with the progress bar's thread)
            deliverer.start()
            deliverer.notify()

        def alerts_for(articles: list[Article]) -> None:
            try:
                check_alerts(store, articles, deliver_soon)
            except Exception:  # noqa: BLE001 - alerts must never lose ingested work
                log.exception("checking alerts failed for %d articles", len(articles))
                return
            articles.clear()

        runner = Runner(settings, workers=workers, format=args.format, nlp=not args.no_nlp,
                        batch=args.batch or DEFAULT_BATCH,
                        skip=lambda page: store.has(page.sha256) or (
                            not args.retry_failed and failed_before(store, page)),
                        should_stop=lambda: stop.requested,
                        progress=not args.no_progress, link_keys=True)
        interrupted = False
        try:
            for page, result in runner.run(pages):
                if isinstance(result, Article):
                    try:
                        new = store.add(result)
                    except Exception as exc:  # noqa: BLE001 - a bug storing one record (a
                        # linker, say) fails that page, rolled back; the batch goes on
                        if store_unusable(exc):  # a store that takes no record ends the run
                            raise StoreError(
                                f"cannot store {page.source} in {shown_address(settings.db)}: "
                                f"{database_failure(exc)} (the records before it are stored; "
                                "run the same command again once the store is fixed)") from exc
                        # a database error by the database's reason, without the statement dump
                        result = InternalError.wrap(exc, database_failure(exc))
                        log.error("%s: storing the record failed: %s", page.source, result,
                                  exc_info=log.isEnabledFor(logging.DEBUG))
                    else:
                        if new:
                            added += 1
                            fresh.append(result)
                            if len(fresh) >= ALERT_GROUP:
                                alerts_for(fresh)
                        else:
                            unchanged += 1
                        continue
                failed += 1
                store.add_failure(page.source, page.sha256 if page.error is None else None,
                                  result.kind, str(result))
                if len(shown) < SHOWN_FAILURES:
                    shown.append(f"FAILED {page.source}: {result.kind}: {result}")
        except KeyboardInterrupt:
            interrupted = True
        finally:
            if fresh:
                alerts_for(fresh)
            deliverer.stop()
        try:  # bounded: a dead receiver does not hold the ingest
            deliverer.run(settings.webhook.flush_time)
            pending = sum(c.pending for c in store.delivery_counts().values())
        except Exception:  # noqa: BLE001 - the records are stored; the deliveries wait
            log.exception("delivering alerts failed; they stay pending")
            pending = 0
        if pending:
            print(f"{counted(pending, 'alert deliveries')} pending: "
                  "`dateline alerts deliver` (or the next ingest or serve) retries them",
                  file=sys.stderr)
    stats = runner.stats
    print(f"{counted(added, 'new articles')}, {unchanged} unchanged, "
          f"{stats.skipped} skipped (already stored or failed), {failed} failed; "
          f"{counted(stats.done, 'pages')} in {stats.seconds:.1f} s "
          f"({stats.pages_per_second:.1f} pages/s) with {counted(workers, 'workers')}",
          file=sys.stderr)
    for line in shown:  # after the progress bar: the reasons, as `dateline extract` prints
        print(line, file=sys.stderr)
    if failed > len(shown):
        print(more_failures(failed - len(shown), settings.db), file=sys.stderr)
    print_special(guard)
    if interrupted or stop.requested:
        print("interrupted: run the same command again to complete the batch", file=sys.stderr)
        return 143 if stop.terminated else 130
    return 3 if failed else 0
