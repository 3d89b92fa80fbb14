"""The one retry policy (dateline.retry) of page fetches and webhooks, with httpx MockTransport
answers (no network): backoff doubling, the cap, Retry-After in seconds and as an HTTP date."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from dateline.config import load_settings
from dateline.retry import RetryPolicy, parse_retry_after
from dateline.sources.fetch import Fetcher

NOW = datetime(2026, 12, 1, 9, 0, 0, tzinfo=UTC)


def scripted(answers: list[httpx.Response | Exception], seen: list[str]) -> httpx.Client:
    """A client whose requests get ``answers`` in turn (the last one repeats)."""

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        answer = answers[min(len(seen), len(answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_waits_double_from_backoff_up_to_the_cap():
    policy = RetryPolicy(retries=5, backoff=0.5, max_backoff=3.0)
    assert [policy.wait(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_retry_after_seconds_and_http_date():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(" 7 ") == 7.0
    # An HTTP date 90 seconds after NOW (RFC 9110's IMF-fixdate).
    assert parse_retry_after("Tue, 01 Dec 2026 09:01:30 GMT", now=lambda: NOW) == 90.0
    assert parse_retry_after("Tue, 01 Dec 2026 08:00:00 GMT", now=lambda: NOW) == 0.0  # past
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
    policy = RetryPolicy(retries=1, backoff=0.5, max_backoff=60.0)
    assert policy.wait(1, "Tue, 01 Dec 2026 09:01:30 GMT", now=lambda: NOW) == 60.0  # capped


def test_fetch_honours_retry_after_and_gives_up_after_the_retries():
    seen: list[str] = []
    waits: list[float] = []
    client = scripted([httpx.Response(200, text="User-agent: *\nAllow: /\n"),  # robots.txt
                       httpx.Response(503, headers={"Retry-After": "4"}),
                       httpx.Response(503),
                       httpx.Response(503)], seen)
    with Fetcher(min_interval=0.0, retries=2, backoff=0.25, client=client,
                 sleep=waits.append) as f:
        page = f.fetch("http://news.test/a")
    assert page.error is not None and page.error.kind == "fetch"
    assert str(page.error).endswith("HTTP 503")
    assert seen == ["GET /robots.txt", "GET /a", "GET /a", "GET /a"]  # 1 attempt + 2 retries
    assert waits == [4.0, 0.5]  # the server's 4 s, then backoff * 2 for the second retry


def test_fetch_retries_a_transport_error_then_succeeds():
    seen: list[str] = []
    waits: list[float] = []
    client = scripted([httpx.Response(404),  # no robots.txt: everything allowed
                       httpx.ConnectError("refused"),
                       httpx.Response(200, text="<p>The quay reopened.</p>",
                                      headers={"Content-Type": "text/html"})], seen)
    with Fetcher(min_interval=0.0, retries=3, backoff=0.5, client=client,
                 sleep=waits.append) as f:
        page = f.fetch("http://news.test/quay")
    assert page.error is None and page.data == b"<p>The quay reopened.</p>"
    assert waits == [0.5]


def test_fetcher_from_settings_takes_every_knob():
    settings = load_settings(fetch_retries=6, fetch_backoff=0.1, fetch_max_backoff=2.0,
                             fetch_min_interval=3.0, fetch_max_redirects=2, fetch_threads=3)
    with Fetcher.from_settings(settings.fetch, 1000) as f:
        assert f.policy == RetryPolicy(retries=6, backoff=0.1, max_backoff=2.0)
        assert (f.min_interval, f.max_redirects, f.threads, f.max_bytes) == (3.0, 2, 3, 1000)


@pytest.mark.parametrize("answer, expected", [
    (httpx.Response(429, headers={"Retry-After": "3"}), (False, True, "3")),
    (httpx.Response(503), (False, True, None)),
    (httpx.Response(404), (False, False, None)),  # a refusal: final
    (httpx.ConnectError("refused"), (False, True, None)),
    (httpx.Response(204), (True, False, None)),
])
def test_one_webhook_attempt_says_whether_to_retry_and_after_what(answer, expected):
    """The deliverer (dateline.delivery) turns these into the row's next attempt with the
    policy's wait (tests/test_deliveries.py)."""
    from ipaddress import ip_address

    from dateline.delivery.webhook import post_webhook

    seen: list[str] = []
    outcome = post_webhook("http://hooks.test/h", {"n": 1}, timeout=1,
                           resolve=lambda host, port: [ip_address("93.184.216.34")],
                           client=scripted([answer], seen))
    assert (outcome.ok, outcome.retry, outcome.retry_after) == expected
    assert seen == ["POST /h"]


def test_webhook_deliveries_take_the_policy_of_the_settings():
    from dateline.delivery import Deliverer

    settings = load_settings(webhook_retries=1, webhook_timeout=2.5, webhook_max_backoff=9.0)
    deliverer = Deliverer(None, settings)
    assert deliverer.webhook.timeout == 2.5
    assert deliverer.policy == RetryPolicy(retries=1, backoff=30.0, max_backoff=9.0)
    # an HTTP-date Retry-After decades away waits the cap
    assert deliverer.policy.wait(1, "Fri, 01 Jan 2100 00:00:00 GMT") == 9.0
