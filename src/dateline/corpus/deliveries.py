"""The store's ``alert_deliveries`` table: the webhook POSTs and emails alert matches ask for,
with their retry state, mixed into :class:`dateline.corpus.Store` (through
:class:`dateline.corpus.tracking.TrackingMixin`).

A delivery is written ``pending`` in the transaction that records its match
(:meth:`TrackingMixin.record_match`), so a crash between matching and delivering loses none.
A deliverer (:mod:`dateline.delivery`) takes the due ones (:meth:`due_deliveries`), claims each
(:meth:`claim_delivery`: its due time moves past the attempt, so a second deliverer does not
take it meanwhile, and a deliverer killed mid-attempt leaves it due again shortly after), tries
it, and writes the outcome (:meth:`finish_delivery`): ``delivered``, ``pending`` with the next
due time, or ``given_up``. Times are UTC ISO 8601 strings with microseconds (:func:`stamp`),
which compare in time order as strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from dateline.corpus.backends import Backend
from dateline.corpus.schema import alert_deliveries

PENDING, DELIVERED, GIVEN_UP = "pending", "delivered", "given_up"
STATUSES = (DELIVERED, PENDING, GIVEN_UP)


def stamp(when: datetime | None = None) -> str:
    """``when`` (default: now) as UTC ISO 8601 with microseconds:
    ``2026-12-01T11:40:00.000000+00:00``."""
    return (when or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Delivery:
    """One row of ``alert_deliveries``: ``channel`` ``"webhook"`` (``target`` the URL) or
    ``"email"`` (``target`` the address), ``payload`` the JSON body as a dict, ``attempts``
    made so far, ``next_attempt`` its due time (:func:`stamp` form)."""

    id: int
    alert_id: int
    article_id: str
    channel: str
    target: str
    payload: dict[str, Any]
    attempts: int
    next_attempt: str


@dataclass(frozen=True)
class DeliveryCounts:
    """How many deliveries of an alert (or of all) are ``delivered``, ``pending`` and
    ``given_up``."""

    delivered: int = 0
    pending: int = 0
    given_up: int = 0


class DeliveriesMixin:
    """Delivery methods of :class:`dateline.corpus.Store` (needs ``self.engine`` and
    ``self.backend``)."""

    engine: sa.Engine
    backend: Backend

    def _enqueue(self, conn: sa.Connection, alert_id: int, article_id: str,
                 deliveries: Iterable[tuple[str, str, dict[str, Any]]]) -> None:
        """Write ``(channel, target, payload)`` deliveries of one match as ``pending``, due now
        (a delivery already written for the same alert, article and channel is kept)."""
        now = stamp()
        rows = [{"alert_id": alert_id, "article_id": article_id, "channel": channel,
                 "target": target, "payload": json.dumps(payload, ensure_ascii=False),
                 "status": PENDING, "attempts": 0, "next_attempt": now, "created": now}
                for channel, target, payload in deliveries]
        if rows:
            conn.execute(self.backend.insert(alert_deliveries).on_conflict_do_nothing(
                index_elements=["alert_id", "article_id", "channel"]), rows)

    def due_deliveries(self, now: str | None = None, limit: int = 100,
                       after: int = 0) -> list[Delivery]:
        """Pending deliveries due at ``now`` (a :func:`stamp`; ``None``: every pending one,
        due or not) with an id above ``after``, oldest first, at most ``limit`` (a deliverer
        walks them in pages by id, so each is seen once per pass)."""
        d = alert_deliveries.c
        stmt = sa.select(d.id, d.alert_id, d.article_id, d.channel, d.target, d.payload,
                         d.attempts, d.next_attempt).where(d.status == PENDING, d.id > after)
        if now is not None:
            stmt = stmt.where(d.next_attempt <= now)
        with self.engine.connect() as conn:
            rows = conn.execute(stmt.order_by(d.id).limit(limit)).all()
        return [Delivery(r.id, r.alert_id, r.article_id, r.channel, r.target,
                         json.loads(r.payload), r.attempts, r.next_attempt) for r in rows]

    def next_delivery_due(self) -> str | None:
        """The due time of the soonest pending delivery, or ``None`` when none is pending."""
        d = alert_deliveries.c
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.min(d.next_attempt))
                                .where(d.status == PENDING)).scalar_one()

    def claim_delivery(self, delivery: Delivery, until: str) -> bool:
        """Take ``delivery`` for one attempt: move its due time to ``until`` unless another
        deliverer changed the row since it was read; True when this caller has it."""
        d = alert_deliveries.c
        with self.engine.begin() as conn:
            return conn.execute(alert_deliveries.update().where(
                d.id == delivery.id, d.status == PENDING, d.attempts == delivery.attempts,
                d.next_attempt == delivery.next_attempt).values(next_attempt=until)
            ).rowcount == 1

    def finish_delivery(self, delivery_id: int, *, status: str, attempts: int,
                        next_attempt: str | None = None, error: str | None = None) -> None:
        """Write an attempt's outcome: ``status`` one of :data:`STATUSES`, ``attempts`` made
        so far, the next due time (``pending``), the last failure's message."""
        if status not in STATUSES:
            raise ValueError(f"not a delivery status: {status!r}")
        values: dict[str, Any] = {"status": status, "attempts": attempts, "last_error": error}
        if status == PENDING:
            values["next_attempt"] = next_attempt or stamp()
        else:
            values["finished"] = stamp()
        with self.engine.begin() as conn:
            conn.execute(alert_deliveries.update()
                         .where(alert_deliveries.c.id == delivery_id).values(**values))

    def delivery_counts(self) -> dict[int, DeliveryCounts]:
        """:class:`DeliveryCounts` per alert id (alerts without deliveries left out)."""
        d = alert_deliveries.c
        stmt = sa.select(d.alert_id, d.status, sa.func.count()).group_by(d.alert_id, d.status)
        counts: dict[int, dict[str, int]] = {}
        with self.engine.connect() as conn:
            for alert_id, status, n in conn.execute(stmt):
                counts.setdefault(alert_id, {})[status] = n
        return {alert_id: DeliveryCounts(**{s: by.get(s, 0) for s in STATUSES})
                for alert_id, by in counts.items()}

    def deliveries(self, alert_id: int, limit: int = 50) -> list[dict[str, Any]]:
        """The newest deliveries of an alert, ``{id, article_id, channel, target, status,
        attempts, next_attempt, last_error, created, finished}``, newest first."""
        d = alert_deliveries.c
        stmt = (sa.select(d.id, d.article_id, d.channel, d.target, d.status, d.attempts,
                          d.next_attempt, d.last_error, d.created, d.finished)
                .where(d.alert_id == alert_id).order_by(d.id.desc()).limit(limit))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(stmt).mappings()]

    def requeue_given_up(self) -> int:
        """Make every given-up delivery pending again, due now, with its attempts reset;
        return how many."""
        d = alert_deliveries.c
        with self.engine.begin() as conn:
            return conn.execute(alert_deliveries.update().where(d.status == GIVEN_UP).values(
                status=PENDING, attempts=0, next_attempt=stamp(), finished=None)).rowcount
