"""Webhooks cannot reach inside (issue 13 item 3): internal addresses in any spelling are refused
when an alert is saved (API 400, CLI usage error) and again at delivery, which connects to the
address it checked; credentials are refused and redirects are not followed."""

from __future__ import annotations

import ipaddress
import warnings

import httpx
import pytest
from receivers import LOCAL, WITHIN, Receiver
from webcorpus import FERRY

from dateline.alerts import check_alerts
from dateline.cli import main
from dateline.config import Settings, WebhookSettings
from dateline.corpus.store import Store
from dateline.delivery import Deliverer
from dateline.delivery.targets import check_webhook_url, internal_reason
from dateline.delivery.webhook import post_webhook
from dateline.errors import AlertTargetError
from dateline.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "t0ken-for-targets"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PUBLIC = ipaddress.ip_address("93.184.216.34")


def resolver(table: dict[str, list[str]]):
    """A resolver answering from ``table`` (name -> addresses), for names no DNS knows."""
    def resolve(host: str, port: int):
        if host not in table:
            raise OSError(f"no such host {host}")
        return [ipaddress.ip_address(a) for a in table[host]]
    return resolve


# Each URL, and the address (as the resolver of this machine gives it) that must be refused.
INSIDE = [
    ("http://127.0.0.1/h", "127.0.0.1", "loopback"),
    ("http://[::1]:8080/h", "::1", "loopback"),
    ("http://0x7f.1/h", "127.0.0.1", "loopback"),  # hex, short form
    ("http://2130706433/h", "127.0.0.1", "loopback"),  # one decimal number
    ("http://127.1/h", "127.0.0.1", "loopback"),
    ("http://0177.0.0.1/h", None, None),  # octal: httpx refuses to parse it at all
    ("http://[::ffff:127.0.0.1]/h", "::ffff:127.0.0.1",  # IPv4-mapped IPv6
     "loopback (embedded 127.0.0.1)"),
    ("http://[::ffff:7f00:1]/h", "::ffff:127.0.0.1", "loopback (embedded 127.0.0.1)"),
    ("http://[::ffff:a9fe:a9fe]/h", "::ffff:169.254.169.254",
     "link-local (embedded 169.254.169.254)"),
    ("http://[::127.0.0.1]/h", "::7f00:1", "reserved"),  # IPv4-compatible (deprecated)
    ("http://10.1.2.3/h", "10.1.2.3", "private"),
    ("http://172.16.0.9/h", "172.16.0.9", "private"),
    ("http://192.168.1.1/h", "192.168.1.1", "private"),
    ("http://[fd12::1]/h", "fd12::1", "private"),
    ("http://169.254.169.254/latest/meta-data", "169.254.169.254", "link-local"),
    ("http://[fe80::1]/h", "fe80::1", "link-local"),
    ("http://224.0.0.1/h", "224.0.0.1", "multicast"),
    ("http://[ff02::1]/h", "ff02::1", "multicast"),
    ("http://0.0.0.0/h", "0.0.0.0", "unspecified"),
    ("http://[::]/h", "::", "unspecified"),
    ("http://240.0.0.1/h", "240.0.0.1", "reserved"),
    ("http://100.64.0.1/h", "100.64.0.1", "special-purpose"),  # carrier-grade NAT
    ("http://[2002:7f00:1::]/h", "2002:7f00:1::", "loopback (embedded 127.0.0.1)"),  # 6to4
]


@pytest.mark.parametrize(("url", "address", "reason"), INSIDE)
def test_internal_addresses_are_refused_in_any_spelling(url, address, reason):
    with pytest.raises(AlertTargetError) as info:
        check_webhook_url(url)
    message = str(info.value)
    if address is None:
        assert message.startswith("webhook_url is not a URL")
        return
    article = "an" if reason[0] in "aeiou" else "a"  # "an unspecified address" (was "a unsp...")
    assert f"resolves to {ipaddress.ip_address(address)}, {article} {reason} address" in message
    assert "webhook.allowed_hosts" in message


def test_a_name_that_resolves_to_loopback_is_refused():
    with pytest.raises(AlertTargetError) as info:
        check_webhook_url("http://localhost:9000/h")  # 127.0.0.1 or ::1, as /etc/hosts says
    assert "webhook host localhost resolves to " in str(info.value)
    assert ", a loopback address" in str(info.value)


def test_a_name_is_refused_when_any_of_its_addresses_is_internal():
    resolve = resolver({"hooks.example": ["93.184.216.34", "10.0.0.7"],
                        "good.example": ["93.184.216.34", "2606:2800:220:1::1"]})
    with pytest.raises(AlertTargetError, match="hooks.example resolves to 10.0.0.7, a private"):
        check_webhook_url("https://hooks.example/h", resolve=resolve)
    target = check_webhook_url("https://good.example:8443/h", resolve=resolve)
    assert (target.host, target.port) == ("good.example", 8443)
    assert [str(a) for a in target.addresses] == ["93.184.216.34", "2606:2800:220:1::1"]


def test_scheme_credentials_port_and_unknown_hosts_are_refused():
    resolve = resolver({"hooks.example": ["93.184.216.34"]})
    for url, why in [("ftp://hooks.example/h", "http:// or https://"),
                     ("http://user:secret@hooks.example/h", "credentials"),
                     ("http://token@hooks.example/h", "credentials"),
                     ("http://hooks.example:99999/h", "bad port"),
                     ("http:///h", "no usable host"),
                     ("http://nowhere.example/h", "nowhere.example does not resolve")]:
        with pytest.raises(AlertTargetError, match=why):
            check_webhook_url(url, resolve=resolve)


def test_allowed_hosts_lift_the_check_by_name_or_network():
    resolve = resolver({"hooks.internal": ["10.20.30.40"]})
    check_webhook_url("http://127.0.0.1:9/h", ["127.0.0.1"])
    check_webhook_url("http://hooks.internal/h", ["hooks.internal"], resolve=resolve)
    check_webhook_url("http://hooks.internal/h", ["10.0.0.0/8"], resolve=resolve)
    with pytest.raises(AlertTargetError):
        check_webhook_url("http://[::1]/h", ["127.0.0.1"])  # another loopback address
    assert internal_reason(PUBLIC) is None


def test_settings_list_allowed_hosts_comma_separated(monkeypatch):
    from dateline.config import load_settings

    monkeypatch.setenv("DATELINE_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1, hooks.internal")
    assert load_settings().webhook.allowed_hosts == ("127.0.0.1", "hooks.internal")
    assert load_settings(webhook_allowed_hosts="::1").webhook.allowed_hosts == ("::1",)


@pytest.fixture
def store(store_url):
    with Store.open(store_url) as s:
        yield s


def test_the_api_refuses_internal_webhooks_with_400(store):
    client = TestClient(create_app(store, Settings(api_token=TOKEN)))
    for url in ("http://0x7f.1/h", "http://[::1]/h", "http://2130706433/h",
                "http://169.254.169.254/", "http://user:pw@127.0.0.1/h"):
        r = client.post("/api/v1/alerts", json={"query": "ferry", "webhook_url": url},
                        headers=AUTH)
        assert r.status_code == 400, url
        assert "webhook" in r.json()["detail"]
    assert store.alerts() == []
    allowing = TestClient(create_app(store, LOCAL.model_copy(update={"api_token": TOKEN})))
    r = allowing.post("/api/v1/alerts", json={"query": "ferry",
                                              "webhook_url": "http://127.0.0.1:9/h"},
                      headers=AUTH)
    assert r.status_code == 201 and r.json()["webhook_url"] == "http://127.0.0.1:9/h"


def test_the_cli_refuses_internal_webhooks(tmp_path, capsys):
    db = str(tmp_path / "a.db")
    with pytest.raises(SystemExit) as info:
        main(["alerts", "add", "--db", db, "--query", "ferry", "--webhook", "http://127.1/h"])
    assert info.value.code == 2
    assert "resolves to 127.0.0.1, a loopback address" in capsys.readouterr().err
    with Store.open(db) as s:
        assert s.alerts() == []


def test_delivery_checks_again_and_refuses_a_name_that_now_resolves_inside(store):
    """DNS rebinding: the name was public when the alert was saved; at delivery it resolves to
    127.0.0.1, so nothing is sent and the delivery is given up with the reason."""
    answers = {"hooks.example": ["93.184.216.34"]}
    seen: list[httpx.Request] = []
    client = httpx.Client(transport=httpx.MockTransport(
        lambda request: seen.append(request) or httpx.Response(200)))
    settings = Settings()
    store.add(FERRY)
    alert_id = store.add_alert(query="ferry", webhook_url="http://hooks.example/h")
    check_webhook_url("http://hooks.example/h", resolve=resolver(answers))  # fine when saved
    check_alerts(store, [FERRY])
    answers["hooks.example"] = ["127.0.0.1"]
    report = Deliverer(store, settings, client=client, resolve=resolver(answers)).run()
    assert report.given_up == 1 and seen == []
    [delivery] = store.deliveries(alert_id)
    assert delivery["status"] == "given_up"
    assert "resolves to 127.0.0.1, a loopback address" in delivery["last_error"]


def test_delivery_connects_to_the_checked_address_with_the_name_in_host_and_sni():
    seen: list[httpx.Request] = []
    client = httpx.Client(transport=httpx.MockTransport(
        lambda request: seen.append(request) or httpx.Response(204)))
    resolve = resolver({"hooks.example": ["93.184.216.34"]})
    outcome = post_webhook("https://hooks.example:8443/h?x=1", {"n": 1}, timeout=2,
                           resolve=resolve, client=client)
    assert outcome.ok
    [request] = seen
    assert str(request.url) == "https://93.184.216.34:8443/h?x=1"
    assert request.headers["Host"] == "hooks.example:8443"
    assert request.extensions["sni_hostname"] == "hooks.example"
    assert request.content == b'{"n": 1}'


def test_redirects_are_not_followed(store):
    hook = Receiver([302])
    try:
        store.add(FERRY)
        alert_id = store.add_alert(query="ferry", webhook_url=hook.url)
        check_alerts(store, [FERRY])
        report = Deliverer(store, LOCAL).run(WITHIN)
    finally:
        hook.close()
    assert hook.paths == ["/hook"]  # /elsewhere never asked
    assert report.given_up == 1
    [delivery] = store.deliveries(alert_id)
    assert delivery["last_error"] == "HTTP 302: redirects are not followed"


def test_the_default_settings_refuse_the_loopback_receiver_at_delivery(store):
    hook = Receiver([])
    try:
        store.add(FERRY)
        store.add_alert(query="ferry", webhook_url=hook.url)  # saved past the check
        check_alerts(store, [FERRY])
        refusing = Settings(webhook=WebhookSettings(backoff=0.01))
        assert Deliverer(store, refusing).run(1.0).given_up == 1
    finally:
        hook.close()
    assert hook.paths == []
