"""``dateline alerts``: list, add and delete saved searches, and deliver their pending matches.

``dateline alerts`` (or ``alerts list``) prints every alert with its criteria, where it delivers
and the counts of its deliveries (delivered, pending, given up); ``alerts add`` saves one
(``--backfill`` runs it over the articles already stored); ``alerts delete ID``; ``alerts
deliver`` sends the pending deliveries now and retries the failed ones on their backoff for at
most ``--max-time`` seconds (:mod:`dateline.delivery`).
"""

from __future__ import annotations

import argparse
import json
import sys

from dateline.cli.options import (
    ACTION_OPTIONS,
    COMMAND_OPTIONS,
    counted,
    require_store,
    settings_for,
    story_arg,
)
from dateline.errors import StoreError, UsageError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``alerts`` subcommand (and its own subcommands) to ``sub``."""
    p = sub.add_parser("alerts", parents=[COMMAND_OPTIONS],
                       help="list, add and delete alerts; deliver pending matches",
                       description="Saved searches checked on every ingest, delivered as Atom "
                       "feeds (dateline serve), webhooks and email.")
    p.add_argument("--db", help="SQLite file or database URL (default: dateline.db)")
    p.set_defaults(run=run_list, json=False)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    ls = actions.add_parser("list", parents=[ACTION_OPTIONS],
                            help="every alert with its delivery counts (the default)")
    ls.add_argument("--json", action="store_true", help="one JSON object a line")
    ls.set_defaults(run=run_list)
    add = actions.add_parser("add", parents=[ACTION_OPTIONS], help="save an alert")
    add.add_argument("--query", help="search words, as for `dateline search`")
    add.add_argument("--speaker", help="a speaker's name or entity key")
    add.add_argument("--entity", help="an entity key or name")
    add.add_argument("--story", type=story_arg, help="a story id to follow (`dateline stories`)")
    add.add_argument("--event-types", metavar="TYPES",
                     help="PLOVER types, comma-separated: events by or to --entity")
    add.add_argument("--webhook", metavar="URL", help="POST each match to this http(s) URL")
    add.add_argument("--email", metavar="ADDRESS", help="mail each match (needs email.smtp_host)")
    add.add_argument("--backfill", action="store_true",
                     help="also match the articles already stored")
    add.set_defaults(run=run_add)
    delete = actions.add_parser("delete", parents=[ACTION_OPTIONS],
                                help="delete an alert (its id is never reused)")
    delete.add_argument("id", type=int)
    delete.set_defaults(run=run_delete)
    deliver = actions.add_parser("deliver", parents=[ACTION_OPTIONS],
                                 help="send pending deliveries now")
    deliver.add_argument("--max-time", type=float, default=30.0, metavar="SECONDS",
                         help="retry failed ones on their backoff for at most this long "
                         "(default 30; 0: one attempt each)")
    deliver.add_argument("--retry-given-up", action="store_true",
                         help="make given-up deliveries pending again first")
    deliver.set_defaults(run=run_deliver)
    for command in (ls, add, delete, deliver):
        command.add_argument("--db", default=argparse.SUPPRESS,
                             help="SQLite file or database URL (default: dateline.db)")


def _open(args: argparse.Namespace, *, create: bool = False):
    """The settings and the store of ``--db``. Only ``alerts add`` (``create``) makes a SQLite
    store that does not exist yet; the others raise ``StoreError`` (status 1), as search does."""
    from dateline.corpus.store import Store

    settings = settings_for(args, db=getattr(args, "db", None))
    return settings, Store.open(settings.db if create else require_store(settings.db))


def run_list(args: argparse.Namespace) -> int:
    """Print the alerts: one line each, or JSON Lines with ``--json``; return 0."""
    from dateline.alerts import alert_title
    from dateline.corpus.deliveries import DeliveryCounts

    _, store = _open(args)
    with store:
        counts = store.delivery_counts()
        alerts = store.alerts()
    for alert in alerts:
        n = vars(counts.get(alert.id) or DeliveryCounts())
        if args.json:
            print(json.dumps({**alert.model_dump(exclude={"deleted"}), "deliveries": n},
                             ensure_ascii=False))
            continue
        where = ", ".join(f"{k} {v}" for k, v in (("webhook_url", alert.webhook_url),
                                                   ("email", alert.email)) if v)
        print(f"{alert.id:>4}  {alert_title(alert)}" + (f"  -> {where}" if where else "")
              + f"  [{n['delivered']} delivered, {n['pending']} pending, "
              f"{n['given_up']} given up]")
    if not alerts and not args.json:
        print("no alerts (add one with `dateline alerts add --query ...`)", file=sys.stderr)
    return 0


def run_add(args: argparse.Namespace) -> int:
    """Save an alert; print its id (and the backfill's matches); return 0. A refused webhook
    URL or email address is a usage error (status 2); a ``--story`` that is neither a stored
    story's id nor the start of exactly one (:meth:`Store.story_id_for`) raises
    ``StoreError`` (status 1, as ``stories --story`` for an unknown id)."""
    from dateline.alerts import create_alert

    if not (args.query or args.speaker or args.entity or args.story or args.event_types):
        raise UsageError("an alert needs --query, --speaker, --entity, --story or --event-types")
    follow = bool(args.story and args.story.strip())
    # a new store holds no story: one to follow needs the store to exist
    settings, store = _open(args, create=not follow)
    with store:
        # the 12 characters `dateline stories` prints name a story, as `stories --story`
        story_id = store.story_id_for(args.story) if follow else None
        if follow and story_id is None:
            raise StoreError(f"no story {args.story} in the store (see `dateline "
                             "stories`): an alert on it would never match")
        try:
            made = create_alert(store, settings, query=args.query, speaker=args.speaker,
                                entity=args.entity, story_id=story_id,
                                event_types=args.event_types, webhook_url=args.webhook,
                                email=args.email,
                                backfill=args.backfill)
        except ValueError as exc:  # an event type that is no PLOVER type
            raise UsageError(str(exc)) from exc
        print(f"alert {made.alert.id} saved; feed /alerts/{made.alert.id}.atom")
        if args.backfill:
            print(f"{counted(made.backfilled, 'stored articles')} "
                  "matched", file=sys.stderr)
            _deliver(store, settings, settings.webhook.flush_time)
    return 0


def run_delete(args: argparse.Namespace) -> int:
    """Delete alert ``args.id``; return 0, or 1 when there is no such alert."""
    _, store = _open(args)
    with store:
        if not store.delete_alert(args.id):
            print(f"dateline alerts: error: no alert {args.id}", file=sys.stderr)
            return 1
    print(f"alert {args.id} deleted")
    return 0


def run_deliver(args: argparse.Namespace) -> int:
    """Send the pending deliveries; return 0 when none is left pending or newly given up,
    else 3."""
    if args.max_time < 0:
        raise UsageError("--max-time must be 0 or more")
    settings, store = _open(args)
    with store:
        if args.retry_given_up:
            print(f"{store.requeue_given_up()} given-up deliveries pending again",
                  file=sys.stderr)
        report, pending = _deliver(store, settings, args.max_time or None, everything=True)
    return 3 if pending or report.given_up else 0


def _deliver(store, settings, max_time: float | None, *, everything: bool = False):
    """Run a :class:`~dateline.delivery.Deliverer` for ``max_time`` seconds (``None``: one
    attempt each), print one summary line, and return its report and the number of
    deliveries still pending."""
    from dateline.delivery import Deliverer

    report = Deliverer(store, settings).run(max_time, everything=everything)
    pending = sum(c.pending for c in store.delivery_counts().values())
    print(f"{report.delivered} delivered, {report.retried} to retry, {report.given_up} given "
          f"up; {pending} pending", file=sys.stderr)
    return report, pending
