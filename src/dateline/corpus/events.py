"""Reading the ``events`` table (:meth:`EventsMixin.events`), mixed into
:class:`dateline.corpus.Store`. The table holds one row per event of every stored record
(:class:`dateline.corpus.rows.EventRow`, docs/store.md)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Literal, get_args

import sqlalchemy as sa

from dateline.corpus.keys import clean
from dateline.corpus.results import EventActor, EventHit
from dateline.corpus.schema import articles, events
from dateline.corpus.search import SearchMixin
from dateline.model import EventType

#: The PLOVER types an event may have (``dateline.model.EventType``).
EVENT_TYPES: tuple[str, ...] = get_args(EventType)

_ROLES = ("source", "target", "where")
_ENTITY_ROLES: tuple[Literal["source", "target"], ...] = ("source", "target")


@dataclass(frozen=True)
class EventCount:
    """How many events of one PLOVER ``type`` an entity was the ``role`` of in one ``month``
    (``YYYY-MM`` of the event's date; None for an undated event): ``source`` for what it did,
    ``target`` for what was done to it."""

    role: Literal["source", "target"]
    type: str
    month: str | None
    count: int


def _actor(row: sa.RowMapping, role: str) -> EventActor | None:
    name = row[f"{role}_name"]
    if name is None:
        return None
    return EventActor(name=name, entity_key=row[f"{role}_entity_key"],
                      mention=row[f"{role}_mention"])


def _event_hit(row: sa.RowMapping) -> EventHit:
    return EventHit(
        article_id=row["article_id"], headline=row["headline"], publisher=row["publisher"],
        published=row["published"], position=row["position"], type=row["type"],
        code=row["code"], mode=row["mode"], context=json.loads(row["context"]),
        **{role: _actor(row, role) for role in _ROLES}, when=row["when_date"],
        when_text=row["when_text"], trigger=row["trigger"], part=row["part"],
        index=row["index"], start=row["start"], end=row["end"],
        quote_position=row["quote_position"])


class EventsMixin:
    """The events reading method of :class:`dateline.corpus.Store` (needs ``self.engine``)."""

    engine: sa.Engine

    @staticmethod
    def _actor_cond(role: str, who: str) -> sa.ColumnElement[bool]:
        """Events whose ``role`` actor is ``who``: an entity key, an entity named so (as for
        :meth:`Store.search`), or exactly the actor's name as resolved (an actor without an
        entity, "harbour council")."""
        who = clean(who)
        return sa.or_(events.c[f"{role}_entity_key"].in_(SearchMixin._entity_keys(who)),
                      events.c[f"{role}_name"] == who)

    def events(self, *, type: str | None = None, source: str | None = None,
               target: str | None = None, since: str | None = None, until: str | None = None,
               limit: int = 20, offset: int = 0) -> tuple[list[EventHit], int]:
        """Find events; return ``(items, total)``, newest event date first (undated last),
        then by article id, then in reading order.

        ``type``: a PLOVER type (:data:`EVENT_TYPES`, case ignored). ``source``/``target``: an
        entity key (``person:viktor-orban``), an entity name (case and accents ignored, the
        full canonical name or its last words) or an actor's name exactly as resolved.
        ``since``/``until``: ``YYYY-MM-DD`` (ISO date-times are cut to the date), inclusive,
        compared with the event's date (``when``). Raises ``ValueError`` for a ``type`` that
        is not a PLOVER type."""
        conds = []
        if type:
            kind = clean(type).strip().upper()
            if kind not in EVENT_TYPES:
                raise ValueError(f"unknown event type {type!r}; use one of "
                                 f"{', '.join(EVENT_TYPES)}")
            conds.append(events.c.type == kind)
        if source:
            conds.append(self._actor_cond("source", source))
        if target:
            conds.append(self._actor_cond("target", target))
        if since:
            conds.append(events.c.when_date >= clean(str(since))[:10])
        if until:  # a date-time on the last day still counts
            conds.append(sa.func.substr(events.c.when_date, 1, 10) <= clean(str(until))[:10])
        stmt = (sa.select(events, articles.c.headline, articles.c.publisher,
                          articles.c.published)
                .select_from(events.join(articles, articles.c.id == events.c.article_id))
                .where(*conds)
                # the order of index ix_events_listing (migration 0005)
                .order_by(events.c.when_date.desc().nulls_last(), events.c.article_id.desc(),
                          events.c.position)
                .limit(limit).offset(offset))
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(events).where(*conds)
                                 ).scalar_one()
            return [_event_hit(r) for r in conn.execute(stmt).mappings()], total

    def event_counts(self, key: str) -> list[EventCount]:
        """What the entity of corpus key ``key`` (``person:viktor-orban``) did and what was
        done to it: one :class:`EventCount` per role, PLOVER type and month of the event's
        date, ordered by role (``source`` first), month (undated last) and type. An event
        whose source and target are both the entity counts in each role."""
        out: list[EventCount] = []
        with self.engine.connect() as conn:
            for role in _ENTITY_ROLES:
                month = sa.func.substr(events.c.when_date, 1, 7)
                stmt = (sa.select(events.c.type, month.label("month"), sa.func.count())
                        .where(events.c[f"{role}_entity_key"] == key)
                        .group_by(events.c.type, month))
                rows = list(conn.execute(stmt).all())
                rows.sort(key=lambda r: (r[1] is None, r[1] or "", r[0]))
                out.extend(EventCount(role, kind, when, n) for kind, when, n in rows)
        return out


def event_kinds(event_types: str | list[str]) -> list[str]:
    """The PLOVER types named by ``event_types`` (a list, or names separated by commas,
    semicolons or spaces; case ignored), upper case, each once, in the order given. Raises
    ``ValueError`` for a name that is no PLOVER type (:data:`EVENT_TYPES`) or for none."""
    names = event_types if isinstance(event_types, list) else re.split(
        r"[\s,;]+", event_types)
    kinds = list(dict.fromkeys(clean(n).strip().upper() for n in names if n and n.strip()))
    bad = [k for k in kinds if k not in EVENT_TYPES]
    if bad or not kinds:
        raise ValueError(f"unknown event type {', '.join(bad) or '(none)'}; use one of "
                         f"{', '.join(EVENT_TYPES)}")
    return kinds


def events_cond(event_types: str | list[str],
                entity: str | None = None) -> sa.ColumnElement[bool]:
    """Articles with an event of one of the PLOVER ``event_types`` (a list, or names
    separated by commas, semicolons or spaces; case ignored) whose source or target is
    ``entity`` (as for :meth:`EventsMixin.events`; any actor when None): the condition of an alert
    that watches an entity's events (``Store.matching_articles(event_types=...)``).
    Raises ``ValueError`` for a name that is no PLOVER type (:func:`event_kinds`)."""
    conds: list[sa.ColumnElement[bool]] = [events.c.type.in_(event_kinds(event_types))]
    if entity:
        conds.append(sa.or_(EventsMixin._actor_cond("source", entity),
                            EventsMixin._actor_cond("target", entity)))
    return articles.c.id.in_(sa.select(events.c.article_id).where(*conds))
