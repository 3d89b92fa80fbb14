"""Alerts: saved searches checked on every ingest, served as Atom feeds, POSTed to webhooks
and sent by email.

An alert (a row of the store's ``alerts`` table, see :meth:`Store.add_alert`) has the criteria
named in :data:`CRITERIA`, all of which must hold for an article to match: ``query`` (a search
string, as for :meth:`Store.search`), ``speaker`` (a name or entity key, as for
:meth:`Store.quotes`), ``entity`` (an entity key or name), ``story_id`` (a story to follow:
its articles, :mod:`dateline.corpus.stories`) and ``event_types`` (PLOVER types, comma-separated:
an event of one of them done by or to ``entity``, :func:`dateline.corpus.events.events_cond`).
Matching is the store's own
(:meth:`Store.matching_articles`, which takes the criteria as keywords), so an alert finds
exactly what the same search would. A new criterion is a column of ``alerts``, a keyword of
``Store.add_alert`` and ``Store.matching_articles``, and its name in :data:`CRITERIA`.

:func:`create_alert` checks where an alert delivers (:mod:`dateline.delivery.targets`) and can
run it over the articles already stored (``backfill``). :func:`check_alerts` records each new
match together with its pending deliveries in one transaction; :mod:`dateline.delivery` sends
them and retries them from the store, so ingest never waits on the network.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from dateline.config import Settings
from dateline.corpus.events import event_kinds
from dateline.corpus.results import StoredAlert, StoredMatch
from dateline.delivery.targets import check_email_address, check_webhook_url
from dateline.errors import AlertTargetError
from dateline.model import Article

log = logging.getLogger(__name__)

ATOM_NS = "http://www.w3.org/2005/Atom"

#: The criteria of an alert, in display order: columns of ``alerts`` and keywords of
#: ``Store.add_alert`` and ``Store.matching_articles``.
CRITERIA: tuple[str, ...] = ("query", "speaker", "entity", "story_id", "event_types")


@dataclass(frozen=True)
class AlertMatch:
    """An article that matched an alert during one ingest (or backfill)."""

    alert_id: int
    article_id: str
    headline: str | None
    webhook_url: str | None


def criteria(alert: StoredAlert) -> dict[str, Any]:
    """The criteria of a stored ``alert`` (as :meth:`Store.alerts` gives it), by name, in the
    order of :data:`CRITERIA`."""
    return {name: getattr(alert, name) for name in CRITERIA}


def deliveries_for(alert: StoredAlert, payload: dict) -> list[tuple[str, str, dict]]:
    """The ``(channel, target, payload)`` deliveries one match of ``alert`` asks for."""
    out = []
    if alert.webhook_url:
        out.append(("webhook", alert.webhook_url, payload))
    if alert.email:
        out.append(("email", alert.email, payload))
    return out


def check_alerts(store, articles: Iterable[Article],
                 notify: Callable[[], None] | None = None) -> list[AlertMatch]:
    """Match ``articles`` (just stored in ``store``) against every saved alert in it.

    Each new match is recorded with ``store.record_match``, with the webhook and email
    deliveries of its alert, pending, in the same transaction; a match recorded before is
    skipped. ``notify`` (a running :class:`dateline.delivery.Deliverer`'s ``notify``) is called
    once when something was queued. One query per alert. Returns the new matches in
    (article, alert) order.
    """
    articles = list(articles)
    alerts = list(store.alerts())
    if not alerts or not articles:
        return []
    ids = [a.id for a in articles]
    matched = {(alert.id, article_id) for alert in alerts
               for article_id in store.matching_articles(ids, **criteria(alert))}
    found: list[AlertMatch] = []
    queued = False
    for article in articles:
        for alert in alerts:
            if (alert.id, article.id) not in matched:
                continue
            sends = deliveries_for(alert, webhook_payload(alert, article))
            if not store.record_match(alert.id, article.id, sends):
                continue  # matched before: no second delivery
            queued = queued or bool(sends)
            found.append(AlertMatch(alert.id, article.id, article.headline, alert.webhook_url))
    if queued and notify is not None:
        notify()
    return found


@dataclass(frozen=True)
class CreatedAlert:
    """A saved alert (as :meth:`Store.get_alert` gives it) and how many stored articles a
    backfill matched (0 without one)."""

    alert: StoredAlert
    backfilled: int = 0


def create_alert(store, settings: Settings, *, webhook_url: str | None = None,
                 email: str | None = None, backfill: bool = False,
                 **given: str | None) -> CreatedAlert:
    """Save an alert with the criteria ``given`` (names of :data:`CRITERIA`) after checking
    where it delivers: ``webhook_url`` with :func:`~dateline.delivery.targets.check_webhook_url`
    (``settings.webhook.allowed_hosts``), ``email`` as one plain address, and only when
    ``settings.email.smtp_host`` names a server. With ``backfill``, run it over the articles
    already stored (:func:`backfill_alert`). Raises
    :class:`~dateline.errors.AlertTargetError` for a refused target and ``ValueError`` for
    unknown or missing criteria."""
    unknown = set(given) - set(CRITERIA)
    if unknown:
        raise ValueError(f"not alert criteria: {', '.join(sorted(unknown))}")
    values = {name: (given.get(name) or "").strip() or None for name in CRITERIA}
    if values["event_types"]:
        # stored as "ACCUSE,THREATEN": the store's own reading of the names (ValueError if bad)
        values["event_types"] = ",".join(event_kinds(values["event_types"]))
    if webhook_url:
        check_webhook_url(webhook_url, settings.webhook.allowed_hosts)
    if email:
        email = check_email_address(email)
        if not settings.email.smtp_host:
            raise AlertTargetError("email delivery needs an SMTP server (setting "
                                   "email.smtp_host)")
    alert_id = store.add_alert(**values, webhook_url=webhook_url or None, email=email or None)
    alert = store.get_alert(alert_id)
    assert alert is not None  # just saved
    return CreatedAlert(alert, backfill_alert(store, alert) if backfill else 0)


def backfill_alert(store, alert: StoredAlert) -> int:
    """Run ``alert`` over every article already stored: each match is recorded (it shows in
    the feed) and its deliveries queued, as if the article had been ingested after the alert
    was saved. Returns the number of new matches."""
    new = 0
    for article_id in store.matching_articles(None, **criteria(alert)):
        article = store.get_article(article_id)
        if article is None:
            continue
        sends = deliveries_for(alert, webhook_payload(alert, article))
        new += store.record_match(alert.id, article_id, sends)
    return new


def webhook_payload(alert: StoredAlert, article: Article) -> dict:
    """The JSON body POSTed (and the content mailed) for one match: the alert's id and
    criteria and the article's summary."""
    return {
        "alert": {"id": alert.id, **criteria(alert)},
        "article": {"id": article.id, "headline": article.headline,
                    "publisher": article.publisher, "published": article.published,
                    "url": article.url},
        "matched_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str | None) -> str:
    return _XML_BAD.sub("", text or "")


def _rfc3339(value: str | None) -> str | None:
    """``value`` as an RFC 3339 date-time if it carries a UTC offset, else ``None``."""
    try:
        when = datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return when.isoformat() if when.tzinfo else None


def alert_title(alert: StoredAlert) -> str:
    """A human title for an alert: its criteria, e.g. ``query "ferry" · speaker Thornbury``."""
    bits = [f"{k} {v!s}" for k, v in criteria(alert).items() if v]
    return " · ".join(bits) or f"alert {alert.id}"


def atom_feed(alert: StoredAlert, entries: list[StoredMatch], base_url: str) -> bytes:
    """Return the Atom 1.0 feed (UTF-8 bytes) of one alert's matches.

    ``entries`` are the alert's matches (:meth:`Store.alert_matches`, ``summary`` filled in),
    newest first; ``base_url`` is the server's
    root ("http://127.0.0.1:8000/"). All text is escaped by the XML serialiser, and characters
    XML cannot carry are dropped.
    """
    base = base_url.rstrip("/")
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            el.text = _clean(text)
        return el

    now = datetime.now(UTC).isoformat(timespec="seconds")
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", f"urn:dateline:alert:{alert.id}")
    sub(feed, "title", f"dateline alert: {alert_title(alert)}")
    sub(feed, "updated", max((e.matched_at for e in entries), default=alert.created or now))
    sub(feed, "link", rel="self", href=f"{base}/alerts/{alert.id}.atom")
    sub(feed, "generator", "dateline")
    author = sub(feed, "author")
    sub(author, "name", "dateline")
    for e in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:dateline:alert:{alert.id}:article:{e.article_id}")
        sub(entry, "title", e.headline or "(no headline)")
        sub(entry, "updated", e.matched_at)
        published = _rfc3339(e.published)
        if published:
            sub(entry, "published", published)
        sub(entry, "link", rel="alternate", type="text/html",
            href=f"{base}/articles/{e.article_id}")
        if e.publisher:
            sub(sub(entry, "author"), "name", e.publisher)
        if e.summary:
            sub(entry, "summary", e.summary, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
