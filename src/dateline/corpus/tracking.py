"""The store's bookkeeping tables: failed pages (``failures``) and saved searches for alerts
(``alerts``, ``alert_matches``, and through :class:`DeliveriesMixin` ``alert_deliveries``),
mixed into :class:`dateline.corpus.Store`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import sqlalchemy as sa

from dateline.corpus.backends import Backend
from dateline.corpus.deliveries import DeliveriesMixin
from dateline.corpus.keys import search_terms
from dateline.corpus.results import StoredAlert, StoredFailure, StoredMatch
from dateline.corpus.schema import alert_deliveries, alert_matches, alerts, articles, failures
from dateline.errors import WordlessQueryError
from dateline.model import FailedSource, PageError

#: Largest id an ``INTEGER`` key holds on both databases (PostgreSQL ``integer``); a larger or
#: non-positive id names no row (and is never sent to the database, which would refuse it).
MAX_ID = 2**31 - 1


def valid_id(value: object) -> bool:
    """True when ``value`` is an int the ``alerts.id`` column can hold (1 to :data:`MAX_ID`)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def utc_now() -> str:
    """The current UTC time as ISO 8601 to the second: ``2026-11-29T17:10:15+00:00``."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class TrackingMixin(DeliveriesMixin):
    """Failure and alert methods of :class:`dateline.corpus.Store` (needs ``self.engine`` and
    ``self.backend``)."""

    engine: sa.Engine
    backend: Backend

    def _upsert(self, conn: sa.Connection, table: sa.Table, keys: list[str], values: dict,
                update: dict | None) -> None:
        """INSERT ``values``; on a conflict over ``keys`` do nothing (``update`` None) or set
        ``update``."""
        stmt = self.backend.insert(table).values(**values)
        if update is None:
            stmt = stmt.on_conflict_do_nothing(index_elements=keys)
        else:
            stmt = stmt.on_conflict_do_update(index_elements=keys, set_=update)
        conn.execute(stmt)

    # -- failures -------------------------------------------------------------------------

    def add_failure(self, source: str, sha256: str | None, kind: str, message: str) -> None:
        """Record that ``source`` failed with error ``kind`` (a ``DatelineError.kind``) and a
        message; a repeated failure of the same source replaces it and counts ``attempts``.
        A later :meth:`add` of a record from the same source clears it."""
        with self.engine.begin() as conn:
            self._upsert(conn, failures, ["source"],
                         {"source": source, "sha256": sha256, "kind": kind, "message": message,
                          "attempts": 1, "failed_at": utc_now()},
                         update={"sha256": sha256, "kind": kind, "message": message,
                                 "attempts": failures.c.attempts + 1, "failed_at": utc_now()})

    def failures(self) -> list[StoredFailure]:
        """Every stored failure, ordered by source: its source (``uri``, ``sha256``), error
        (``kind``, ``message``), ``attempts`` and ``failed_at``."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(failures).order_by(failures.c.source)).mappings()
            return [StoredFailure(source=FailedSource(uri=row["source"], sha256=row["sha256"]),
                                  error=PageError(kind=row["kind"], message=row["message"]),
                                  attempts=row["attempts"], failed_at=row["failed_at"])
                    for row in rows]

    # -- alerts ---------------------------------------------------------------------------

    def add_alert(self, query: str | None = None, speaker: str | None = None,
                  entity: str | None = None, webhook_url: str | None = None,
                  email: str | None = None, story_id: str | None = None,
                  event_types: str | None = None) -> int:
        """Save a search to alert on and return its id. ``query`` is a search string as for
        :meth:`search`, ``speaker`` a name or entity key as for :meth:`quotes`, ``entity`` an entity
        key or name as for :meth:`search`, ``story_id`` a story to follow (only its articles match),
        ``event_types`` PLOVER types as :func:`dateline.corpus.events.event_kinds` reads them,
        joined by commas (an event of one of them by or to ``entity``); ``webhook_url`` and
        ``email`` say where matches go (checked by the caller:
        :func:`dateline.alerts.create_alert`). Ids are never given twice: a deleted alert stays as a
        tombstone. Raises ``ValueError`` when all five criteria are empty, or when ``query``
        has no word to search for (only punctuation: it would match every article)."""
        if not (query or speaker or entity or story_id or event_types):
            raise ValueError("an alert needs a query, a speaker, an entity, a story or event types")
        if query and not search_terms(query):  # raises WordlessQueryError for "***" as search
            raise WordlessQueryError(f"the query {query!r} has no word to search for")
        with self.engine.begin() as conn:
            key = conn.execute(alerts.insert().values(
                query=query, speaker=speaker, entity=entity, webhook_url=webhook_url,
                email=email, story_id=story_id, event_types=event_types,
                created=utc_now())).inserted_primary_key
        assert key is not None  # an INSERT of one row has its primary key
        return key[0]

    def alerts(self) -> list[StoredAlert]:
        """Every saved alert (:class:`~dateline.corpus.results.StoredAlert`), by id, deleted
        ones left out."""
        stmt = sa.select(alerts).where(alerts.c.deleted.is_(None)).order_by(alerts.c.id)
        with self.engine.connect() as conn:
            return [StoredAlert.model_validate(dict(r)) for r in conn.execute(stmt).mappings()]

    def get_alert(self, alert_id: int, *, deleted: bool = False) -> StoredAlert | None:
        """One saved alert as in :meth:`alerts`, or ``None`` for an id never given (any int,
        also one too large for the column). With ``deleted``, a deleted alert's tombstone too,
        with its ``deleted`` time (UTC ISO 8601; ``None`` for a live alert)."""
        if not valid_id(alert_id):
            return None
        stmt = sa.select(alerts).where(alerts.c.id == alert_id)
        with self.engine.connect() as conn:
            row = conn.execute(stmt).mappings().first()
        if row is None or (row["deleted"] and not deleted):
            return None
        return StoredAlert.model_validate(dict(row))

    def delete_alert(self, alert_id: int) -> bool:
        """Delete an alert: its matches and deliveries go, its row stays as a tombstone (the
        time in ``deleted``, criteria kept, webhook URL and email cleared), so its id is never
        given again. True if a live alert had this id."""
        if not valid_id(alert_id):
            return False
        with self.engine.begin() as conn:
            gone = conn.execute(alerts.update().where(
                alerts.c.id == alert_id, alerts.c.deleted.is_(None)).values(
                deleted=utc_now(), webhook_url=None, email=None)).rowcount > 0
            if gone:
                conn.execute(alert_matches.delete().where(alert_matches.c.alert_id == alert_id))
                conn.execute(alert_deliveries.delete().where(
                    alert_deliveries.c.alert_id == alert_id))
            return gone

    def record_match(self, alert_id: int, article_id: str,
                     deliveries: Iterable[tuple[str, str, dict]] = ()) -> bool:
        """Record that an article matched an alert and, in the same transaction, the
        ``(channel, target, payload)`` deliveries it asks for (pending, see
        :mod:`dateline.corpus.deliveries`); True if the match is new (nothing is written for a
        match recorded before)."""
        with self.engine.begin() as conn:
            before = conn.execute(sa.select(alert_matches.c.alert_id).where(
                alert_matches.c.alert_id == alert_id, alert_matches.c.article_id == article_id)
            ).first()
            if before is not None:
                return False
            self._upsert(conn, alert_matches, ["alert_id", "article_id"],
                         {"alert_id": alert_id, "article_id": article_id,
                          "matched_at": utc_now()}, update=None)
            self._enqueue(conn, alert_id, article_id, deliveries)
        return True

    def alert_matches(self, alert_id: int, limit: int = 50) -> list[StoredMatch]:
        """The newest ``limit`` matches of an alert
        (:class:`~dateline.corpus.results.StoredMatch`), most recently matched first."""
        if not valid_id(alert_id):
            return []
        stmt = (sa.select(alert_matches, articles.c.headline, articles.c.publisher,
                          articles.c.published, articles.c.url)
                .join(articles, articles.c.id == alert_matches.c.article_id)
                .where(alert_matches.c.alert_id == alert_id)
                .order_by(alert_matches.c.matched_at.desc(), articles.c.seq.desc())
                .limit(limit))
        with self.engine.connect() as conn:
            return [StoredMatch.model_validate(dict(r)) for r in conn.execute(stmt).mappings()]
