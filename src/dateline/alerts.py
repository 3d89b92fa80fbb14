"""Alerts: saved searches checked on every ingest, served as Atom feeds and POSTed to webhooks.

An alert (a row of the store's ``alerts`` table, see :meth:`Store.add_alert`) has up to three
criteria, all of which must hold for an article to match: ``query`` (a search string, as for
:meth:`Store.search`), ``speaker`` (a name or entity key, as for :meth:`Store.quotes`) and
``entity`` (an entity key or name). Matching is the store's own
(:meth:`Store.article_matches`), so an alert finds exactly what the same search would.

:func:`check_alerts` records the matches in the store and hands webhook deliveries to a
:class:`WebhookDispatcher`, whose background thread POSTs them with timeouts, retries and
exponential backoff (honouring ``Retry-After``), so ingest never waits on the network.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

import httpx

from dateline.config import WebhookSettings
from dateline.model import Article
from dateline.retry import RetryPolicy, call

log = logging.getLogger(__name__)

ATOM_NS = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class AlertMatch:
    """An article that matched an alert during one ingest."""

    alert_id: int
    article_id: str
    headline: str | None
    webhook_url: str | None


def check_alerts(store, articles: Iterable[Article],
                 dispatcher: WebhookDispatcher | None = None) -> list[AlertMatch]:
    """Match ``articles`` (just stored in ``store``) against every saved alert in it.

    Each match is recorded with ``store.add_alert_match(alert_id, article_id)``; a match recorded
    before is skipped. Alerts with a webhook URL get one JSON POST per new match through
    ``dispatcher`` (default: the process-wide :func:`default_dispatcher`), queued and never
    awaited here. Returns the new matches in (article, alert) order.
    """
    alerts = list(store.alerts())
    if not alerts:
        return []
    found: list[AlertMatch] = []
    for article in articles:
        for alert in alerts:
            if not store.article_matches(article.id, query=alert.get("query"),
                                         speaker=alert.get("speaker"), entity=alert.get("entity")):
                continue
            if not store.add_alert_match(alert["id"], article.id):
                continue  # matched before: no second delivery
            match = AlertMatch(alert["id"], article.id, article.headline, alert.get("webhook_url"))
            found.append(match)
            if match.webhook_url:
                (dispatcher or default_dispatcher()).submit(
                    match.webhook_url, webhook_payload(alert, article))
    return found


def webhook_payload(alert: dict, article: Article) -> dict:
    """The JSON body POSTed for one match: the alert's criteria and the article's summary."""
    return {
        "alert": {k: alert.get(k) for k in ("id", "query", "speaker", "entity")},
        "article": {"id": article.id, "headline": article.headline,
                    "publisher": article.publisher, "published": article.published,
                    "url": article.url},
        "matched_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


class WebhookDispatcher:
    """POSTs JSON payloads to webhook URLs from one background thread.

    ``timeout`` is seconds per attempt; a delivery is tried ``1 + retries`` times with the retry
    policy of :mod:`dateline.retry` (the one page fetches use): ``backoff * 2**n`` seconds after
    the n-th failed attempt (n from 0), or the receiver's ``Retry-After``, at most
    ``max_backoff``. A 2xx status is success; a 4xx other than 408 and 429 is final (the receiver
    refused it); 5xx, 408, 429 and transport errors are retried. Outcomes are logged;
    ``delivered`` and ``failed`` count them. :meth:`from_settings` takes the knobs from
    ``settings.webhook`` (:class:`dateline.config.WebhookSettings`).
    """

    def __init__(self, *, timeout: float = 5.0, retries: int = 4, backoff: float = 0.5,
                 max_backoff: float = 30.0, client: httpx.Client | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.timeout = timeout
        self.policy = RetryPolicy(retries=retries, backoff=backoff, max_backoff=max_backoff)
        self.delivered = 0
        self.failed = 0
        self._client = client
        self._sleep = sleep
        self._queue: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, webhook: WebhookSettings, **kwargs: Any) -> WebhookDispatcher:
        """A dispatcher with the timeout and retry policy of ``settings.webhook``; ``kwargs``
        (``client``, ``sleep``) go to the constructor."""
        return cls(timeout=webhook.timeout, retries=webhook.retries, backoff=webhook.backoff,
                   max_backoff=webhook.max_backoff, **kwargs)

    def submit(self, url: str, payload: dict) -> None:
        """Queue one POST of ``payload`` to ``url`` and return at once."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="dateline-webhooks",
                                                daemon=True)
                self._thread.start()
        self._queue.put((url, payload))

    def join(self, timeout: float | None = None) -> bool:
        """Wait until every queued delivery has finished (succeeded or given up), or at most
        ``timeout`` seconds; return whether the queue is done."""
        done = self._queue.all_tasks_done
        deadline = None if timeout is None else time.monotonic() + timeout
        with done:
            while self._queue.unfinished_tasks:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                done.wait(remaining)
        return True

    def deliver(self, url: str, payload: dict[str, Any]) -> bool:
        """POST ``payload`` to ``url`` now, with the retries; return whether it succeeded."""
        client = self._client or httpx.Client(timeout=self.timeout)
        attempts = [0]

        def attempt() -> httpx.Response:
            attempts[0] += 1
            try:
                resp = client.post(url, json=payload, timeout=self.timeout)
            except httpx.HTTPError as exc:
                log.warning("webhook %s failed: %s (attempt %d)", url, exc, attempts[0])
                raise
            if not resp.is_success and _retryable(resp.status_code):
                log.warning("webhook %s answered %d (attempt %d)", url, resp.status_code,
                            attempts[0])
            return resp

        try:
            resp = call(attempt, self.policy, what=f"webhook {url}", retry_status=_retryable,
                        errors=(httpx.HTTPError,), sleep=self._sleep)
        except httpx.HTTPError:
            return False
        finally:
            if self._client is None:
                client.close()
        if resp.is_success:
            log.info("webhook %s delivered (attempt %d)", url, attempts[0])
            return True
        if not _retryable(resp.status_code):
            log.warning("webhook %s refused with %d", url, resp.status_code)
        return False

    def _run(self) -> None:
        while True:
            url, payload = self._queue.get()
            try:
                if self.deliver(url, payload):
                    self.delivered += 1
                else:
                    self.failed += 1
            except Exception:  # noqa: BLE001 - a bad delivery must not kill the thread
                log.exception("webhook %s crashed", url)
                self.failed += 1
            finally:
                self._queue.task_done()


def _retryable(status: int) -> bool:
    """5xx, 408 (request timeout) and 429 (too many requests) are worth another attempt."""
    return status >= 500 or status in (408, 429)


_default: WebhookDispatcher | None = None
_default_lock = threading.Lock()


def default_dispatcher(webhook: WebhookSettings | None = None) -> WebhookDispatcher:
    """The process-wide dispatcher, created on first use with the knobs of ``webhook``
    (``settings.webhook``; default: the built-in ones); later calls return the same one."""
    global _default
    with _default_lock:
        if _default is None:
            _default = WebhookDispatcher.from_settings(webhook or WebhookSettings())
        return _default


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


def alert_title(alert: dict) -> str:
    """A human title for an alert: its criteria, e.g. ``query "ferry" · speaker Thornbury``."""
    bits = [f"{k} {alert[k]!s}" for k in ("query", "speaker", "entity") if alert.get(k)]
    return " · ".join(bits) or f"alert {alert.get('id')}"


def atom_feed(alert: dict, entries: list[dict], base_url: str) -> bytes:
    """Return the Atom 1.0 feed (UTF-8 bytes) of one alert's matches.

    ``entries`` are dicts with ``article_id``, ``headline``, ``publisher``, ``published``,
    ``matched_at`` (ISO 8601 UTC) and ``summary``, newest first; ``base_url`` is the server's
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
    sub(feed, "id", f"urn:dateline:alert:{alert['id']}")
    sub(feed, "title", f"dateline alert: {alert_title(alert)}")
    sub(feed, "updated", max((e["matched_at"] for e in entries), default=alert.get("created")
                             or now))
    sub(feed, "link", rel="self", href=f"{base}/alerts/{alert['id']}.atom")
    sub(feed, "generator", "dateline")
    author = sub(feed, "author")
    sub(author, "name", "dateline")
    for e in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:dateline:alert:{alert['id']}:article:{e['article_id']}")
        sub(entry, "title", e.get("headline") or "(no headline)")
        sub(entry, "updated", e["matched_at"])
        published = _rfc3339(e.get("published"))
        if published:
            sub(entry, "published", published)
        sub(entry, "link", rel="alternate", type="text/html",
            href=f"{base}/articles/{e['article_id']}")
        if e.get("publisher"):
            sub(sub(entry, "author"), "name", e["publisher"])
        if e.get("summary"):
            sub(entry, "summary", e["summary"], type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
