"""Alerts keep their identity (issue 13 item 5): ids are never given twice, an old feed answers
410, an id too large for the database is 404 on every alert route, ``--backfill`` runs a new
alert over the stored articles, and matches can be mailed through an SMTP server."""

from __future__ import annotations

import warnings

import pytest
from receivers import WITHIN, Mailbox
from webcorpus import ALL, BRIDGE, FERRY, STORM, fill

from dateline.alerts import check_alerts, create_alert
from dateline.cli import main
from dateline.config import EmailSettings, Settings
from dateline.corpus.deliveries import DeliveryCounts
from dateline.corpus.store import Store
from dateline.delivery import Deliverer
from dateline.errors import AlertTargetError
from dateline.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "identity-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
HUGE = "99999999999999999999"


@pytest.fixture
def client(store):
    return TestClient(create_app(store, Settings(api_token=TOKEN)))


def test_a_deleted_alerts_id_is_never_given_again_and_its_feed_is_gone(store, client):
    """SQLite gives a deleted last row's id to the next insert (rowid = max + 1): the old feed
    URL then served another alert's matches."""
    first = client.post("/api/v1/alerts", json={"query": "ferry"}, headers=AUTH).json()["id"]
    second = client.post("/api/v1/alerts", json={"query": "bridge"}, headers=AUTH).json()["id"]
    check_alerts(store, ALL)
    assert client.delete(f"/api/v1/alerts/{second}", headers=AUTH).status_code == 204
    third = client.post("/api/v1/alerts", json={"query": "storm OR bridge"},
                        headers=AUTH).json()["id"]
    check_alerts(store, ALL)
    assert len({first, second, third}) == 3 and third > second
    old = client.get(f"/alerts/{second}.atom")
    assert old.status_code == 410 and b"<entry" not in old.content
    assert client.get(f"/alerts/{third}.atom").status_code == 200
    assert [a["id"] for a in client.get("/api/v1/alerts", headers=AUTH).json()] == [first, third]
    assert client.delete(f"/api/v1/alerts/{second}", headers=AUTH).status_code == 404
    assert store.get_alert(second) is None
    tomb = store.get_alert(second, deleted=True)
    assert tomb is not None and tomb.deleted and tomb.query == "bridge"
    assert tomb.webhook_url is None
    assert store.alert_matches(second) == []


@pytest.mark.parametrize("alert_id", [HUGE, "2147483648", "0", "-1"])
def test_an_id_the_database_cannot_hold_is_404_on_every_alert_route(client, alert_id):
    assert client.get(f"/alerts/{alert_id}.atom").status_code == 404
    assert client.delete(f"/api/v1/alerts/{alert_id}", headers=AUTH).status_code == 404


def test_backfill_runs_a_new_alert_over_the_stored_articles(store, client):
    r = client.post("/api/v1/alerts", json={"speaker": "Thornbury", "backfill": True},
                    headers=AUTH)
    assert r.status_code == 201 and r.json()["backfilled"] == 2
    matched = {m.article_id for m in store.alert_matches(r.json()["id"])}
    assert matched == {FERRY.id, BRIDGE.id}
    plain = client.post("/api/v1/alerts", json={"speaker": "Thornbury"}, headers=AUTH).json()
    assert plain["backfilled"] is None and store.alert_matches(plain["id"]) == []
    # an ingest after the backfill adds nothing twice
    assert {m.alert_id for m in check_alerts(store, ALL)} == {plain["id"]}


def test_backfill_from_the_cli(tmp_path, capsys):
    db = str(tmp_path / "b.db")
    with Store.open(db) as s:
        fill(s, ALL)
    assert main(["alerts", "add", "--db", db, "--query", "storm OR ferry", "--backfill"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "alert 1 saved; feed /alerts/1.atom\n"
    assert "2 stored articles matched" in captured.err
    with Store.open(db) as s:
        assert {m.article_id for m in s.alert_matches(1)} == {FERRY.id, STORM.id}


@pytest.fixture
def mailbox():
    made = []

    def make(refuse=None):
        made.append(Mailbox(refuse))
        return made[-1]

    yield make
    for box in made:
        box.close()


def mail_settings(box: Mailbox) -> Settings:
    return Settings(email=EmailSettings(smtp_host="127.0.0.1", smtp_port=box.port, timeout=30,
                                        sender="alerts@dateline.test"))


def test_matches_are_mailed_through_the_configured_smtp_server(store, mailbox):
    box = mailbox()
    settings = mail_settings(box)
    made = create_alert(store, settings, speaker="Agnes Thornbury",
                        email="desk@newsroom.test", backfill=True)
    assert made.backfilled == 2
    report = Deliverer(store, settings).run(WITHIN)
    assert report.delivered == 2
    assert store.delivery_counts() == {made.alert.id: DeliveryCounts(delivered=2)}
    got = {msg["Subject"].strip(): (rcpt, msg) for rcpt, msg in box.messages}  # folded
    subject = (f"dateline alert {made.alert.id}: Harbour council votes to close Pellworth "
               "ferry terminal")
    rcpt, msg = got[subject]
    assert rcpt == ["desk@newsroom.test"]
    assert (msg["From"], msg["To"]) == ("alerts@dateline.test", "desk@newsroom.test")
    body = msg.get_content()
    assert "Publisher: The Coastal Ledger" in body and f"Article id: {FERRY.id}" in body
    assert "speaker Agnes Thornbury" in body


def test_a_refused_recipient_is_given_up_and_email_needs_a_server(store, mailbox):
    box = mailbox(refuse="550 no such mailbox")
    settings = mail_settings(box)
    made = create_alert(store, settings, query="ferry", email="nobody@newsroom.test",
                        backfill=True)
    assert Deliverer(store, settings).run(WITHIN).given_up == 1
    [row] = store.deliveries(made.alert.id)
    assert row["status"] == "given_up" and "550" in row["last_error"]
    with pytest.raises(AlertTargetError, match="email.smtp_host"):
        create_alert(store, Settings(), query="ferry", email="desk@newsroom.test")
    for bad in ("desk@newsroom.test\r\nBcc: all@x.test", "Desk <desk@newsroom.test>",
                "a@b.test, c@d.test", "no-at-sign"):
        with pytest.raises(AlertTargetError, match="not a plain email address"):
            create_alert(store, settings, query="ferry", email=bad)


def test_migration_0010_keeps_the_alerts_and_their_matches(store_url):
    """A store at revision 0009 with an alert and a match: 0010 adds the columns and the
    deliveries table and keeps both; the downgrade keeps them too."""
    import sqlalchemy as sa
    from alembic import command

    from dateline.corpus import migrations
    from dateline.corpus.backends import backend_for
    from dateline.corpus.store import database_url

    url = database_url(store_url)
    engine = backend_for(url).create_engine(url)
    try:
        with engine.begin() as conn:
            command.upgrade(migrations.config(conn), "0009")
            conn.execute(sa.text("INSERT INTO alerts (query, created) VALUES ('ferry', 'x')"))
        old = Store(engine)
        old.add_many([FERRY])
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO alert_matches VALUES (1, :a, 'y')"), {"a": FERRY.id})
            command.upgrade(migrations.config(conn), "head")  # 0010 and after
        s = Store(engine)
        assert s.get_alert(1).email is None and s.get_alert(1, deleted=True).deleted is None
        assert [m.article_id for m in s.alert_matches(1)] == [FERRY.id]
        assert s.delivery_counts() == {}
        with engine.begin() as conn:
            command.downgrade(migrations.config(conn), "0009")
            assert conn.execute(sa.text("SELECT count(*) FROM alert_matches")).scalar_one() == 1
            assert conn.execute(sa.text("SELECT query FROM alerts")).scalar_one() == "ferry"
    finally:
        engine.dispose()
