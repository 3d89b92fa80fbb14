"""Alerts: matching on ingest, webhook delivery with retries, the Atom feed."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.etree import ElementTree as ET

import pytest
from webcorpus import BRIDGE, FERRY, HOSTILE, STORM

from dateline.alerts import WebhookDispatcher, atom_feed, check_alerts
from dateline.cli import main
from dateline.corpus.store import Store

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def store(store_url):
    with Store.open(store_url) as s:
        yield s


class Receiver:
    """A webhook receiver on 127.0.0.1: answers the statuses in ``script`` in turn, then 200."""

    def __init__(self, script: list[int]):
        self.script = list(script)
        self.bodies: list[dict] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = receiver.script.pop(0) if receiver.script else 200
                receiver.statuses.append(status)
                receiver.bodies.append(json.loads(body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(script):
        made.append(Receiver(script))
        return made[-1]

    yield make
    for r in made:
        r.close()


def test_check_alerts_matches_query_speaker_and_entity(store):
    for a in (FERRY, BRIDGE, STORM, HOSTILE):
        store.add(a)
    by_query = store.add_alert(query="ferry terminal")
    by_speaker = store.add_alert(speaker="thornbury")
    by_entity = store.add_alert(entity="person:colm-reddan")
    both = store.add_alert(query="bridge", speaker="Colm Reddan")  # no article has both
    found = check_alerts(store, [FERRY, BRIDGE, STORM, HOSTILE])
    got = {(m.alert_id, m.article_id) for m in found}
    assert got == {(by_query, FERRY.id), (by_speaker, FERRY.id), (by_speaker, BRIDGE.id),
                   (by_entity, FERRY.id)}
    assert not any(m.alert_id == both for m in found)
    # Checking the same articles again records nothing new.
    assert check_alerts(store, [FERRY, BRIDGE]) == []
    assert [m["article_id"] for m in store.alert_matches(by_speaker)].count(BRIDGE.id) == 1


def test_webhook_retries_after_500_then_succeeds(receiver):
    hook = receiver([500])
    dispatcher = WebhookDispatcher(timeout=5, retries=3, backoff=0.01)
    dispatcher.submit(hook.url, {"hello": "world"})
    dispatcher.join()
    assert hook.statuses == [500, 200]
    assert hook.bodies == [{"hello": "world"}, {"hello": "world"}]
    assert (dispatcher.delivered, dispatcher.failed) == (1, 0)


def test_webhook_gives_up_after_retries_and_on_client_errors(receiver):
    failing = receiver([503, 503, 503, 503])
    refusing = receiver([404])
    dispatcher = WebhookDispatcher(timeout=5, retries=2, backoff=0.01)
    dispatcher.submit(failing.url, {"n": 1})
    dispatcher.submit(refusing.url, {"n": 2})
    dispatcher.join()
    assert failing.statuses == [503, 503, 503]  # 1 attempt + 2 retries
    assert refusing.statuses == [404]  # a 4xx is final
    assert (dispatcher.delivered, dispatcher.failed) == (0, 2)


def test_join_times_out_while_a_delivery_is_pending(receiver):
    hook = receiver([500, 500])
    dispatcher = WebhookDispatcher(timeout=5, retries=2, backoff=0.5)  # waits 0.5 s, then 1 s
    dispatcher.submit(hook.url, {"n": 1})
    assert dispatcher.join(timeout=0.1) is False
    assert dispatcher.join() is True
    assert hook.statuses == [500, 500, 200]


def test_webhook_unreachable_is_retried_and_counted(receiver):
    dead = receiver([])
    url = dead.url
    dead.close()  # nothing listens on the port any more
    dispatcher = WebhookDispatcher(timeout=1, retries=1, backoff=0.01)
    assert dispatcher.deliver(url, {"n": 1}) is False


def test_check_alerts_posts_matches_to_the_webhook(store, receiver):
    hook = receiver([500])
    store.add(FERRY)
    alert_id = store.add_alert(speaker="Agnes Thornbury", webhook_url=hook.url)
    dispatcher = WebhookDispatcher(timeout=5, retries=2, backoff=0.01)
    found = check_alerts(store, [FERRY], dispatcher=dispatcher)  # returns before delivery
    assert [m.article_id for m in found] == [FERRY.id]
    dispatcher.join()
    assert hook.statuses == [500, 200]
    body = hook.bodies[-1]
    assert body["alert"] == {"id": alert_id, "query": None, "speaker": "Agnes Thornbury",
                             "entity": None}
    assert body["article"]["id"] == FERRY.id
    assert body["article"]["headline"] == "Harbour council votes to close Pellworth ferry terminal"


def test_atom_feed_lists_matches_escaped(store):
    store.add(FERRY)
    store.add(HOSTILE)
    alert_id = store.add_alert(query="hall OR ferry")
    check_alerts(store, [FERRY, HOSTILE])
    alert = store.get_alert(alert_id)
    entries = [{**m, "summary": "a <b>bold</b> summary"} for m in store.alert_matches(alert_id)]
    xml = atom_feed(alert, entries, "http://127.0.0.1:8000/")
    assert xml.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(xml)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id").text == f"urn:dateline:alert:{alert_id}"
    assert root.find(f"{ATOM}title").text == 'dateline alert: query hall OR ferry'
    assert root.find(f"{ATOM}link").get("href") == f"http://127.0.0.1:8000/alerts/{alert_id}.atom"
    found = {e.find(f"{ATOM}title").text: e for e in root.findall(f"{ATOM}entry")}
    assert set(found) == {"Harbour council votes to close Pellworth ferry terminal",
                          "<script>window.__pwned = 3;</script>Hall meeting"}
    ferry = found["Harbour council votes to close Pellworth ferry terminal"]
    assert ferry.find(f"{ATOM}link").get("href") == f"http://127.0.0.1:8000/articles/{FERRY.id}"
    assert ferry.find(f"{ATOM}published").text == "2023-03-09T18:42:00+00:00"
    assert ferry.find(f"{ATOM}author/{ATOM}name").text == "The Coastal Ledger"
    # Markup in the record is text in the feed, never elements.
    assert b"<script>" not in xml and b"&lt;script&gt;" in xml
    assert b"&lt;b&gt;bold&lt;/b&gt;" in xml


def test_ingest_posts_to_the_webhook_and_fills_the_feed(tmp_path, receiver, capsys):
    """End to end: `dateline ingest` matches a saved alert, the webhook gets the match after a
    500 and a retry, and the alert's Atom feed served by the web app lists the article."""
    import warnings

    from dateline.config import Settings
    from dateline.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    hook = receiver([500])
    pages = tmp_path / "in"
    pages.mkdir()
    (pages / "quay.txt").write_text(
        "Quay wall repairs begin in Pellworth\n\n"
        "Work to rebuild the collapsed quay wall in Pellworth began on Monday, the harbour "
        "office said, and is expected to last until the spring.\n\n"
        "Fishing boats will moor at the north pier while the work goes on.\n")
    (pages / "fair.txt").write_text(
        "Garth summer fair returns after two years\n\n"
        "The summer fair on Garth green returns this weekend with a dog show, a brass band "
        "and stalls from forty local growers.\n\n"
        "Organisers expect more than three thousand visitors on Saturday alone.\n")
    db = str(tmp_path / "corpus.db")
    with Store.open(db) as store:
        alert_id = store.add_alert(query="quay wall", webhook_url=hook.url)
    status = main(["ingest", "--db", db, "--workers", "1", "--no-nlp", "--no-progress",
                   str(pages)])
    assert status == 0
    assert hook.statuses == [500, 200]
    [body] = hook.bodies[1:]
    assert body["alert"]["id"] == alert_id
    assert body["article"]["headline"] == "Quay wall repairs begin in Pellworth"
    with Store.open(db) as store:
        client = TestClient(create_app(store, Settings()))
        feed = ET.fromstring(client.get(f"/alerts/{alert_id}.atom").content)
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["Quay wall repairs begin in Pellworth"]
