"""Delivering alert matches: webhooks and email, sent and retried from the store.

Every match of an alert with a webhook URL or an email address leaves a pending row in the
store's ``alert_deliveries`` table (:mod:`dateline.corpus.deliveries`), written with the match.
A :class:`Deliverer` sends what is due: one attempt per delivery per pass
(:mod:`dateline.delivery.webhook`, :mod:`dateline.delivery.mail`), then writes the outcome to the
row: ``delivered``; ``pending`` again, due after the wait of the one retry policy
(:class:`dateline.retry.RetryPolicy` with the knobs of ``settings.webhook``: ``backoff * 2**n``
seconds or the receiver's ``Retry-After``, at most ``max_backoff``); or ``given_up`` after
``1 + retries`` attempts, or at once when the receiver refused it (a 4xx other than 408 and 429,
a redirect, an SMTP 5xx, a URL that resolves to an internal address). The retry state lives in the
table, not in a process, so a crash or a dead receiver loses no delivery: ``dateline alerts
deliver``, the next ``dateline ingest`` or a running ``dateline serve`` (:meth:`Deliverer.running`,
a background thread) picks up what is pending. Delivery is at least once: a process killed
during an attempt leaves the delivery due again a little later; webhook requests carry the
row id in ``X-Dateline-Delivery`` so that a receiver can drop a repeat.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

from dateline.config import Settings
from dateline.corpus.deliveries import DELIVERED, GIVEN_UP, PENDING, Delivery, stamp
from dateline.delivery.mail import send_email
from dateline.delivery.targets import Resolver, system_resolve
from dateline.delivery.webhook import Attempt, post_webhook
from dateline.retry import RetryPolicy

log = logging.getLogger(__name__)

#: Seconds past an attempt's timeout that a claimed delivery stays out of other deliverers'
#: reach; a deliverer killed mid-attempt leaves it due again after this.
LEASE_MARGIN = 30.0
#: Deliveries read from the store at a time.
PAGE = 50
#: Longest sleep of the background thread between looks at the table (seconds).
POLL = 30.0


@dataclass
class PassReport:
    """What one :meth:`Deliverer.run` did: deliveries ``delivered``, ``retried`` (failed, left
    pending for later) and ``given_up``; ``skipped`` ones another deliverer had claimed."""

    delivered: int = 0
    retried: int = 0
    given_up: int = 0
    skipped: int = 0

    @property
    def attempted(self) -> int:
        return self.delivered + self.retried + self.given_up


class Deliverer:
    """Sends the pending deliveries of ``store`` with ``settings.webhook`` and
    ``settings.email``. ``client`` (an ``httpx.Client``, tests: a mock transport), ``resolve``
    (host, port -> addresses) and ``now`` / ``sleep`` (UTC clock, waits) may be replaced. Safe to
    run in several processes over one store (each delivery is claimed before its attempt)."""

    def __init__(self, store, settings: Settings, *, client: httpx.Client | None = None,
                 resolve: Resolver = system_resolve,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC),
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.store = store
        self.webhook, self.email = settings.webhook, settings.email
        self.policy = RetryPolicy(retries=self.webhook.retries, backoff=self.webhook.backoff,
                                  max_backoff=self.webhook.max_backoff)
        self._client, self._resolve, self._now, self._sleep = client, resolve, now, sleep
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def notify(self) -> None:
        """Wake the background thread of :meth:`running` (new deliveries were queued)."""
        self._wake.set()

    def attempt(self, delivery: Delivery, timeout: float) -> Attempt:
        """One attempt at ``delivery``, at most ``timeout`` seconds per connection and read."""
        if delivery.channel == "webhook":
            return post_webhook(delivery.target, delivery.payload, timeout=timeout,
                                allowed_hosts=self.webhook.allowed_hosts, resolve=self._resolve,
                                client=self._client,
                                headers={"X-Dateline-Delivery": str(delivery.id)})
        if delivery.channel == "email":
            return send_email(self.email, delivery.target, delivery.payload, timeout=timeout)
        return Attempt(ok=False, message=f"unknown delivery channel {delivery.channel!r}")

    def deliver(self, delivery: Delivery, timeout: float | None = None) -> str | None:
        """Claim ``delivery``, try it once and write the outcome; return the new status
        (``delivered``, ``pending``, ``given_up``), or ``None`` when another deliverer has it.
        ``timeout`` caps the channel's own timeout (seconds)."""
        limit = self.webhook.timeout if delivery.channel == "webhook" else self.email.timeout
        timeout = min(limit, timeout) if timeout is not None else limit
        lease = self._now() + timedelta(seconds=timeout + LEASE_MARGIN)
        if not self.store.claim_delivery(delivery, stamp(lease)):
            return None
        try:
            outcome = self.attempt(delivery, timeout)
        except Exception as exc:  # noqa: BLE001 - a bug in one delivery must not stop the rest
            log.exception("delivery %d crashed", delivery.id)
            outcome = Attempt(ok=False, retry=True, message=f"internal error: {exc}")
        attempts = delivery.attempts + 1
        what = f"alert {delivery.alert_id} {delivery.channel} {delivery.target}"
        if outcome.ok:
            self.store.finish_delivery(delivery.id, status=DELIVERED, attempts=attempts)
            log.info("%s delivered (attempt %d)", what, attempts)
            return DELIVERED
        if outcome.retry and attempts <= self.policy.retries:
            wait = self.policy.wait(attempts, outcome.retry_after, now=self._now)
            due = stamp(self._now() + timedelta(seconds=wait))
            self.store.finish_delivery(delivery.id, status=PENDING, attempts=attempts,
                                       next_attempt=due, error=outcome.message)
            log.warning("%s failed: %s (attempt %d; next in %.1f s)", what, outcome.message,
                        attempts, wait)
            return PENDING
        self.store.finish_delivery(delivery.id, status=GIVEN_UP, attempts=attempts,
                                   error=outcome.message)
        log.warning("%s given up after %d attempt%s: %s", what, attempts,
                    "" if attempts == 1 else "s", outcome.message)
        return GIVEN_UP

    def run(self, max_time: float | None = None, *, everything: bool = False,
            stop: threading.Event | None = None) -> PassReport:
        """Deliver what is due. ``max_time`` ``None``: one pass over the deliveries due now.
        Otherwise keep going for at most ``max_time`` seconds: no attempt starts after that,
        each attempt's timeout is cut to the time left, and between passes the run sleeps until
        the next delivery comes due if that is within the time. ``everything``: the first pass
        takes every pending delivery, due or not (its backoff is not waited out). ``stop`` ends
        the run between two deliveries."""
        tally: Counter[str | None] = Counter()
        deadline = None if max_time is None else time.monotonic() + max_time
        take_all = everything
        while True:
            now = None if take_all else stamp(self._now())
            take_all, last = False, 0
            while batch := self.store.due_deliveries(now, limit=PAGE, after=last):
                for delivery in batch:
                    last = delivery.id
                    left = None if deadline is None else deadline - time.monotonic()
                    if (left is not None and left <= 0) or (stop is not None and stop.is_set()):
                        return _report(tally)
                    tally[self.deliver(delivery, left)] += 1
            if deadline is None:
                return _report(tally)
            due = self.store.next_delivery_due()
            if due is None:
                return _report(tally)
            wait = max(0.0, (datetime.fromisoformat(due) - self._now()).total_seconds())
            if time.monotonic() + wait >= deadline:
                return _report(tally)
            self._sleep(wait)

    def start(self) -> None:
        """Deliver in a background thread until :meth:`stop`: a pass over what is due, then a
        sleep until the next delivery comes due, :meth:`notify` or :data:`POLL` seconds. A
        daemon thread (an attempt in progress never holds the process); not started for an
        in-memory SQLite store, which has one database per thread."""
        if self._thread is not None or self.store.engine.url.database in (None, "", ":memory:"):
            return
        stop = self._stop = threading.Event()

        def loop() -> None:
            while not stop.is_set():
                wait = POLL
                try:
                    self.run(None, stop=stop)
                    due = self.store.next_delivery_due()
                    if due is not None:
                        wait = (datetime.fromisoformat(due) - self._now()).total_seconds()
                except Exception:  # noqa: BLE001 - the thread must survive a bad moment
                    log.exception("delivering alerts failed; trying again in %.0f s", POLL)
                self._wake.wait(min(max(wait, 0.05), POLL))
                self._wake.clear()

        self._thread = threading.Thread(target=loop, name="dateline-deliveries", daemon=True)
        self._thread.start()

    def stop(self, wait: float = 1.0) -> None:
        """Ask the thread of :meth:`start` to stop after the attempt in progress and wait for
        it at most ``wait`` seconds."""
        if self._thread is None:
            return
        self._stop.set()
        self._wake.set()
        self._thread.join(wait)
        self._thread = None

    @contextlib.contextmanager
    def running(self) -> Iterator[Deliverer]:
        """:meth:`start` for the length of a ``with`` block, then :meth:`stop`."""
        self.start()
        try:
            yield self
        finally:
            self.stop()


def _report(tally: Counter[str | None]) -> PassReport:
    return PassReport(delivered=tally[DELIVERED], retried=tally[PENDING],
                      given_up=tally[GIVEN_UP], skipped=tally[None])
