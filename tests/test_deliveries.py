"""Durable deliveries (issue 13 item 4): webhook and email deliveries are rows of the store,
retried from there with the one retry policy (its backoff state in the table, Retry-After
honoured), given up after ``1 + retries`` attempts and counted; a crash loses none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from receivers import LOCAL, WITHIN, Receiver
from waiting import wait_until
from webcorpus import BRIDGE, FERRY

from dateline.alerts import check_alerts
from dateline.cli import main
from dateline.config import Settings, WebhookSettings
from dateline.corpus.deliveries import DeliveryCounts, stamp
from dateline.corpus.store import Store
from dateline.delivery import Deliverer
from dateline.retry import RetryPolicy

HOOK = "http://hooks.example/h"


def public(host, port):
    import ipaddress

    return [ipaddress.ip_address("93.184.216.34")]


class Clock:
    """A UTC clock the test moves; starts just after the real now (deliveries queued by the
    store are due at the real time of queueing)."""

    def __init__(self):
        self.at = datetime.now(UTC) + timedelta(seconds=1)

    def __call__(self):
        return self.at

    def advance(self, seconds: float):
        self.at += timedelta(seconds=seconds)


def scripted(answers: list[httpx.Response]) -> tuple[httpx.Client, list[httpx.Request]]:
    """A client answering ``answers`` in turn (the last one repeats) and the requests it got."""
    seen: list[httpx.Request] = []

    def handler(request):
        seen.append(request)
        return answers[min(len(seen), len(answers)) - 1]

    return httpx.Client(transport=httpx.MockTransport(handler)), seen


@pytest.fixture
def store(store_url):
    with Store.open(store_url) as s:
        s.add(FERRY)
        s.add(BRIDGE)
        yield s


def settings(**webhook) -> Settings:
    return Settings(webhook=WebhookSettings(**webhook))


def test_backoff_lives_in_the_table_and_a_delivery_is_given_up_after_the_retries(store):
    alert_id = store.add_alert(query="ferry", webhook_url=HOOK)
    check_alerts(store, [FERRY])
    clock = Clock()
    client, seen = scripted([httpx.Response(503)])
    deliverer = Deliverer(store, settings(retries=2, backoff=10, max_backoff=3600),
                          client=client, resolve=public, now=clock)
    assert deliverer.run().retried == 1
    [row] = store.deliveries(alert_id)
    assert (row["status"], row["attempts"], row["last_error"]) == ("pending", 1, "HTTP 503")
    assert row["next_attempt"] == stamp(clock.at + timedelta(seconds=10))  # backoff * 2**0
    clock.advance(9)
    assert deliverer.run().attempted == 0 and len(seen) == 1  # not due yet
    clock.advance(1)
    assert deliverer.run().retried == 1
    [row] = store.deliveries(alert_id)
    assert row["attempts"] == 2
    assert row["next_attempt"] == stamp(clock.at + timedelta(seconds=20))  # backoff * 2**1
    clock.advance(20)
    assert deliverer.run().given_up == 1  # 1 attempt + 2 retries
    [row] = store.deliveries(alert_id)
    assert (row["status"], row["attempts"]) == ("given_up", 3) and row["finished"]
    assert len(seen) == 3
    clock.advance(10_000)
    assert deliverer.run().attempted == 0
    assert store.delivery_counts() == {alert_id: DeliveryCounts(given_up=1)}


@pytest.mark.parametrize(("retry_after", "seconds"), [("120", 120), ("100000", 3600)])
def test_retry_after_sets_the_next_attempt(store, retry_after, seconds):
    alert_id = store.add_alert(query="ferry", webhook_url=HOOK)
    check_alerts(store, [FERRY])
    clock = Clock()
    client, seen = scripted([httpx.Response(429, headers={"Retry-After": retry_after}),
                             httpx.Response(200)])
    deliverer = Deliverer(store, settings(backoff=1, max_backoff=3600), client=client,
                          resolve=public, now=clock)
    deliverer.run()
    [row] = store.deliveries(alert_id)
    assert row["next_attempt"] == stamp(clock.at + timedelta(seconds=seconds))  # capped
    clock.advance(seconds)
    assert deliverer.run().delivered == 1 and len(seen) == 2


def test_a_refusal_is_final(store):
    alert_id = store.add_alert(query="ferry", webhook_url=HOOK)
    check_alerts(store, [FERRY])
    client, seen = scripted([httpx.Response(404)])
    report = Deliverer(store, settings(retries=5), client=client, resolve=public).run()
    assert report.given_up == 1 and len(seen) == 1
    assert store.deliveries(alert_id)[0]["last_error"] == "HTTP 404"


def test_a_crash_before_or_during_delivery_loses_nothing(store_url, store):
    """The match and its delivery are written in one transaction; a process that dies before
    delivering (or in the middle of an attempt, after claiming) leaves the delivery pending,
    and the next deliverer, in another process and store, sends it."""
    hook = Receiver([])
    try:
        alert_id = store.add_alert(query="ferry OR bridge", webhook_url=hook.url)
        check_alerts(store, [FERRY, BRIDGE])  # ... and the process dies here
        first, second = store.due_deliveries()
        clock = Clock()
        assert store.claim_delivery(second, stamp(clock.at + timedelta(seconds=35)))
        # ... a deliverer claimed the second and died mid-attempt
        with Store.open(store_url) as later:
            deliverer = Deliverer(later, LOCAL, now=clock)
            assert deliverer.run().delivered == 1
            clock.advance(36)  # the claim has run out
            assert deliverer.run().delivered == 1
            counts = later.delivery_counts()
    finally:
        hook.close()
    assert counts == {alert_id: DeliveryCounts(delivered=2)}
    assert sorted(b["article"]["id"] for b in hook.bodies) == sorted([FERRY.id, BRIDGE.id])


def test_a_claimed_delivery_is_not_taken_twice(store):
    store.add_alert(query="ferry", webhook_url=HOOK)
    check_alerts(store, [FERRY])
    [delivery] = store.due_deliveries()
    assert store.claim_delivery(delivery, stamp()) is True
    assert store.claim_delivery(delivery, stamp()) is False  # the row changed since it was read


def test_alerts_command_counts_and_deliver_retries_given_up(tmp_path, capsys):
    db = str(tmp_path / "c.db")
    hook = Receiver([404])
    try:
        with Store.open(db) as s:
            s.add(FERRY)
            alert_id = s.add_alert(query="ferry", webhook_url=hook.url)
            check_alerts(s, [FERRY])
        knobs = ["--set", "webhook.allowed_hosts=127.0.0.1", "--set", f"webhook.timeout={WITHIN}"]
        assert main([*knobs, "alerts", "deliver", "--db", db, "--max-time", "0"]) == 3
        assert "0 delivered, 0 to retry, 1 given up; 0 pending" in capsys.readouterr().err
        assert main(["alerts", "--db", db]) == 0
        out = capsys.readouterr().out
        assert out == (f"   {alert_id}  query ferry  -> webhook_url {hook.url}  "
                       "[0 delivered, 0 pending, 1 given up]\n")
        assert main([*knobs, "alerts", "deliver", "--db", db, "--retry-given-up"]) == 0
        assert "1 delivered, 0 to retry, 0 given up; 0 pending" in capsys.readouterr().err
    finally:
        hook.close()
    assert hook.statuses == [404, 200]


def test_the_background_deliverer_of_serve_sends_what_is_queued(tmp_path):
    db = str(tmp_path / "bg.db")
    hook = Receiver([])
    try:
        with Store.open(db) as s:
            s.add(FERRY)
            alert_id = s.add_alert(query="ferry", webhook_url=hook.url)
            deliverer = Deliverer(s, LOCAL)
            with deliverer.running():
                check_alerts(s, [FERRY], deliverer.notify)
                # until the thread has written the outcome, not just until the receiver has
                # answered: stop() waits 1 s for the thread, and a stalled one wrote "delivered"
                # after the count was read
                wait_until(lambda: s.delivery_counts().get(alert_id, DeliveryCounts()).delivered,
                           WITHIN)
            assert hook.statuses == [200]
            assert s.delivery_counts() == {alert_id: DeliveryCounts(delivered=1)}
    finally:
        hook.close()


def test_the_policy_of_the_table_is_the_one_retry_policy():
    deliverer = Deliverer(None, settings(retries=1, backoff=2.0, max_backoff=9.0))
    assert deliverer.policy == RetryPolicy(retries=1, backoff=2.0, max_backoff=9.0)


def test_the_next_ingest_sends_what_an_earlier_one_left_pending(tmp_path, capsys):
    db = str(tmp_path / "next.db")
    pages = tmp_path / "in"
    pages.mkdir()
    (pages / "fair.txt").write_text(
        "Garth summer fair returns after two years\n\n"
        "The summer fair on Garth green returns this weekend with a dog show, a brass band "
        "and stalls from forty local growers.\n\n"
        "Organisers expect more than three thousand visitors on Saturday alone.\n")
    hook = Receiver([])
    try:
        with Store.open(db) as s:
            s.add(FERRY)
            alert_id = s.add_alert(query="ferry", webhook_url=hook.url)
            check_alerts(s, [FERRY])  # queued; nothing sent it
        # a flush time a loaded machine does not reach (the default 2 s cuts the attempt's
        # timeout to what is left of it, and a cut-off attempt leaves the delivery pending)
        assert main(["--set", "webhook.allowed_hosts=127.0.0.1", "--set",
                     f"webhook.flush_time={WITHIN}", "ingest", "--db", db, "--workers", "1",
                     "--no-nlp", "--no-progress", str(pages)]) == 0
        assert "pending" not in capsys.readouterr().err
    finally:
        hook.close()
    assert [b["article"]["id"] for b in hook.bodies] == [FERRY.id]
    with Store.open(db) as s:
        assert s.delivery_counts() == {alert_id: DeliveryCounts(delivered=1)}
