"""The store's bookkeeping tables: failed pages (``failures``) and saved searches for alerts
(``alerts``, ``alert_matches``), mixed into :class:`dateline.corpus.Store`."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from dateline.corpus.backends import Backend
from dateline.corpus.results import StoredFailure
from dateline.corpus.schema import alert_matches, alerts, articles, failures
from dateline.model import FailedSource, PageError


def utc_now() -> str:
    """The current UTC time as ISO 8601 to the second: ``2026-11-29T17:10:15+00:00``."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class TrackingMixin:
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
                  entity: str | None = None, webhook_url: str | None = None) -> int:
        """Save a search to alert on and return its id. ``query`` is a search string as for
        :meth:`search`, ``speaker`` a name or entity key as for :meth:`quotes`, ``entity`` an
        entity key or name as for :meth:`search`. Raises ``ValueError`` when all three are
        empty."""
        if not (query or speaker or entity):
            raise ValueError("an alert needs a query, a speaker or an entity")
        with self.engine.begin() as conn:
            key = conn.execute(alerts.insert().values(
                query=query, speaker=speaker, entity=entity, webhook_url=webhook_url,
                created=utc_now())).inserted_primary_key
        assert key is not None  # an INSERT of one row has its primary key
        return key[0]

    def alerts(self) -> list[dict]:
        """Every saved alert, ``{id, query, speaker, entity, webhook_url, created}``, by id."""
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(sa.select(alerts).order_by(alerts.c.id)
                                                  ).mappings()]

    def get_alert(self, alert_id: int) -> dict | None:
        """One saved alert as in :meth:`alerts`, or ``None``."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(alerts).where(alerts.c.id == alert_id)).mappings().first()
        return dict(row) if row else None

    def delete_alert(self, alert_id: int) -> bool:
        """Delete an alert and its matches; True if it existed."""
        with self.engine.begin() as conn:
            conn.execute(alert_matches.delete().where(alert_matches.c.alert_id == alert_id))
            return conn.execute(alerts.delete().where(alerts.c.id == alert_id)).rowcount > 0

    def add_alert_match(self, alert_id: int, article_id: str) -> bool:
        """Record that an article matched an alert; True if the match is new."""
        with self.engine.begin() as conn:
            before = conn.execute(sa.select(alert_matches.c.alert_id).where(
                alert_matches.c.alert_id == alert_id, alert_matches.c.article_id == article_id)
            ).first()
            if before is not None:
                return False
            self._upsert(conn, alert_matches, ["alert_id", "article_id"],
                         {"alert_id": alert_id, "article_id": article_id,
                          "matched_at": utc_now()}, update=None)
        return True

    def alert_matches(self, alert_id: int, limit: int = 50) -> list[dict]:
        """The newest matches of an alert, ``{alert_id, article_id, matched_at, headline,
        publisher, published, url}``, most recently matched first."""
        stmt = (sa.select(alert_matches, articles.c.headline, articles.c.publisher,
                          articles.c.published, articles.c.url)
                .join(articles, articles.c.id == alert_matches.c.article_id)
                .where(alert_matches.c.alert_id == alert_id)
                .order_by(alert_matches.c.matched_at.desc(), articles.c.seq.desc())
                .limit(limit))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(stmt).mappings()]
