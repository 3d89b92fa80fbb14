"""Polite fetching against an HTTP server the test starts on 127.0.0.1."""

from __future__ import annotations

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from waiting import wait_until

from dateline.sources.feeds import iter_feed
from dateline.sources.fetch import USER_AGENT, Fetcher
from dateline.sources.open import open_sources

ARTICLE = b"<html><body><h1>Quay</h1><p>The quay reopened on Monday.</p></body></html>"


class Site:
    """A tiny scripted web site: ``routes`` maps a path to a list of responses served in turn
    (the last one repeats); each response is ``(status, headers, body)`` or a callable."""

    def __init__(self) -> None:
        self.routes: dict[str, list] = {}
        self.seen: list[tuple[str, str, float]] = []  # (path, user agent, monotonic time)
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                site.seen.append((self.path, self.headers.get("User-Agent", ""),
                                  time.monotonic()))
                turns = site.routes.get(self.path) or [(404, {}, b"not found")]
                count = sum(1 for p, _, _ in site.seen if p == self.path)
                answer = turns[min(count, len(turns)) - 1]
                if callable(answer):
                    answer = answer(self)
                    if answer is None:
                        return
                status, headers, body = answer
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def paths(self) -> list[str]:
        return [p for p, _, _ in self.seen]


@pytest.fixture
def site():
    s = Site()
    s.routes["/robots.txt"] = [(200, {"Content-Type": "text/plain"},
                                b"User-agent: *\nDisallow: /private/\n")]
    yield s
    s.server.shutdown()
    s.server.server_close()


def html(body: bytes = ARTICLE, **headers: str) -> tuple[int, dict, bytes]:
    return 200, {"Content-Type": "text/html; charset=utf-8", **headers}, body


def fetcher(**kw) -> Fetcher:
    kw.setdefault("min_interval", 0.0)
    kw.setdefault("backoff", 0.01)
    return Fetcher(**kw)


def test_page_fetched_with_our_user_agent_and_robots_disallow_honoured(site):
    site.routes["/news/quay"] = [html()]
    site.routes["/private/memo"] = [html(b"<p>secret</p>")]
    with fetcher() as f:
        page = f.fetch(site.base + "/news/quay")
        refused = f.fetch(site.base + "/private/memo")
    assert page.error is None and page.data == ARTICLE and page.format == "html"
    assert page.source == page.url == site.base + "/news/quay"
    assert refused.error.kind == "robots" and refused.data == b""
    assert site.paths() == ["/robots.txt", "/news/quay"]  # the private page was never asked for
    assert {ua for _, ua, _ in site.seen} == {USER_AGENT}
    assert USER_AGENT.startswith("dateline/0.1.0 (+https://")


def test_robots_rules_for_our_token(site):
    site.routes["/robots.txt"] = [(200, {}, b"User-agent: dateline\nDisallow: /\n\n"
                                           b"User-agent: *\nAllow: /\n")]
    with fetcher() as f:
        assert f.fetch(site.base + "/news/quay").error.kind == "robots"


def test_robots_404_allows_and_robots_5xx_disallows(site):
    site.routes["/robots.txt"] = [(404, {}, b"")]
    site.routes["/a"] = [html()]
    with fetcher() as f:
        assert f.fetch(site.base + "/a").error is None
    site.routes["/robots.txt"] = [(500, {}, b"")]
    with fetcher(retries=1) as f:
        error = f.fetch(site.base + "/a").error
    assert error.kind == "robots" and "could not be read (HTTP 500)" in str(error)


def test_503_then_200_is_retried(site):
    site.routes["/flaky"] = [(503, {}, b"busy"), html()]
    with fetcher() as f:
        page = f.fetch(site.base + "/flaky")
    assert page.error is None and page.data == ARTICLE
    assert site.paths().count("/flaky") == 2


def test_retries_give_up_with_the_last_status(site):
    site.routes["/down"] = [(502, {}, b"bad gateway")]
    with fetcher(retries=2) as f:
        page = f.fetch(site.base + "/down")
    assert page.error.kind == "fetch" and str(page.error).endswith("HTTP 502")
    assert site.paths().count("/down") == 3  # one try and two retries


def test_backoff_doubles_and_retry_after_is_obeyed():
    waits: list[float] = []
    f = Fetcher(backoff=0.5, max_backoff=3.0, sleep=waits.append)
    assert [f.policy.wait(n, None) for n in range(1, 5)] == [0.5, 1.0, 2.0, 3.0]
    assert f.policy.wait(1, "2") == 2.0 and f.policy.wait(1, "120") == 3.0
    f.close()


def test_429_waits_retry_after_seconds(site):
    site.routes["/busy"] = [(429, {"Retry-After": "7"}, b""), html()]
    waits: list[float] = []
    with Fetcher(min_interval=0.0, sleep=waits.append) as f:
        assert f.fetch(site.base + "/busy").error is None
    assert waits == [7.0]


def test_requests_to_one_host_are_spaced(site):
    for name in ("/1", "/2", "/3"):
        site.routes[name] = [html()]
    # The fetcher's clock moves only when it sleeps: with the real clock, a request that took
    # longer than the interval (a loaded machine) left nothing to wait for the next.
    clock = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += seconds

    with Fetcher(min_interval=0.4, sleep=sleep, clock=lambda: clock[0]) as f:
        for name in ("/1", "/2", "/3"):
            assert f.fetch(site.base + name).error is None
    # robots.txt, /1, /2, /3: every request after the first waited out the 0.4 s
    assert site.paths() == ["/robots.txt", "/1", "/2", "/3"]
    assert waits == pytest.approx([0.4, 0.4, 0.4])


def test_spacing_uses_crawl_delay_when_longer():
    clock = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(round(seconds, 6))
        clock[0] += seconds

    f = Fetcher(min_interval=0.5, sleep=sleep, clock=lambda: clock[0])
    f._wait_turn("https://a.example/1")
    f._wait_turn("https://a.example/2")
    f._wait_turn("https://b.example/1")  # another host: no wait
    clock[0] += 0.2
    f._wait_turn("https://a.example/3")
    assert waits == [0.5, 0.3]
    f.close()


def test_oversized_pages_are_cut(site):
    big = b"<p>" + b"x" * 50_000 + b"</p>"
    site.routes["/declared"] = [html(big)]

    def undeclared(handler):  # no Content-Length: the fetcher must count while streaming
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            for _ in range(50):
                handler.wfile.write(b"y" * 1000)
        except (BrokenPipeError, ConnectionResetError):
            pass
        handler.close_connection = True
        return None

    site.routes["/streamed"] = [undeclared]
    with fetcher(max_bytes=10_000) as f:
        declared = f.fetch(site.base + "/declared")
        streamed = f.fetch(site.base + "/streamed")
    assert declared.error.kind == "too_large" and "50007 bytes" in str(declared.error)
    assert streamed.error.kind == "too_large" and "passed the limit of 10000" in str(
        streamed.error)


def test_read_timeout_is_retried_then_reported(site):
    # The page never answers while the fetcher waits (a sleep of 1 s answered a client that a
    # loaded machine had not woken by then), and robots.txt is not asked for: its fetch had the
    # same 0.2 s read timeout and failed as "robots" when the site was slow to answer it.
    answer = threading.Event()

    def slow(handler):
        answer.wait(60)
        return html()

    site.routes["/slow"] = [slow]
    try:
        with fetcher(read_timeout=0.2, retries=1, respect_robots=False) as f:
            page = f.fetch(site.base + "/slow")
    finally:
        answer.set()
    assert page.error.kind == "fetch" and "timed out" in str(page.error)
    # the site records a request when its thread gets to it, which may be after the client
    # gave up on it
    wait_until(lambda: site.paths().count("/slow") >= 2, 30, every=0.01)
    assert site.paths().count("/slow") == 2


def test_connection_refused_is_a_fetch_error():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again at once: nothing listens there
    with fetcher(retries=1) as f:
        page = f.fetch(f"http://127.0.0.1:{port}/a")
    # robots.txt unreachable: the host is not fetched (RFC 9309, 2.3.1.4)
    assert page.error.kind == "robots" and "robots.txt could not be read" in str(page.error)
    with fetcher(retries=1, respect_robots=False) as f:
        assert f.fetch(f"http://127.0.0.1:{port}/a").error.kind == "fetch"


def test_feed_pages_fetched_once_each_in_order(site):
    rss = (f"<rss version='2.0'><channel><title>t</title>"
           f"<item><link>{site.base}/n/1</link></item><item><link>{site.base}/n/2</link></item>"
           f"<item><link>{site.base}/n/1</link></item>"
           f"<item><link>{site.base}/private/3</link></item></channel></rss>").encode()
    site.routes["/feed.xml"] = [(200, {"Content-Type": "application/rss+xml"}, rss)]
    site.routes["/n/1"] = [html(b"<p>one</p>")]
    site.routes["/n/2"] = [html(b"<p>two</p>")]
    with fetcher() as f:
        pages = list(iter_feed(site.base + "/feed.xml", f))
    assert [p.source for p in pages] == [site.base + x for x in ("/n/1", "/n/2", "/private/3")]
    assert [p.data for p in pages[:2]] == [b"<p>one</p>", b"<p>two</p>"]
    assert pages[2].error.kind == "robots"


def test_sitemap_index_is_followed_through_open_sources(site):
    site.routes["/sitemap.xml"] = [(200, {"Content-Type": "application/xml"}, (
        "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><sitemap><loc>"
        f"{site.base}/sm-1.xml</loc></sitemap></sitemapindex>").encode())]
    site.routes["/sm-1.xml"] = [(200, {"Content-Type": "application/xml"}, (
        "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"<url><loc>{site.base}/s/a</loc></url></urlset>").encode())]
    site.routes["/s/a"] = [html()]
    site.routes["/direct"] = [html(b"<p>direct</p>")]
    f = fetcher()
    pages = list(open_sources([site.base + "/direct"], feeds=[site.base + "/sitemap.xml"],
                              fetcher=f))
    f.close()
    assert [(p.source, p.data) for p in pages] == [(site.base + "/direct", b"<p>direct</p>"),
                                                   (site.base + "/s/a", ARTICLE)]


def test_a_feed_saved_on_disk_is_read_and_its_pages_fetched(site, tmp_path):
    # session 7's trial: "--feed news.xml" failed as "not a valid URL (no host name)"
    feed = tmp_path / "news.xml"
    feed.write_bytes((f"<rss version='2.0'><channel><title>t</title><item><link>{site.base}/n/1"
                      f"</link></item><item><link>{site.base}/n/2</link></item></channel>"
                      f"</rss>").encode())
    site.routes["/n/1"] = [html(b"<p>one</p>")]
    site.routes["/n/2"] = [html(b"<p>two</p>")]
    with fetcher() as f:
        pages = list(iter_feed(str(feed), f))
        (missing,) = list(iter_feed(str(tmp_path / "none.xml"), f))
    assert [(p.source, p.data) for p in pages] == [(site.base + "/n/1", b"<p>one</p>"),
                                                   (site.base + "/n/2", b"<p>two</p>")]
    assert missing.error.kind == "unreadable" and "No such file" in str(missing.error)


def test_a_feed_that_is_not_a_feed_is_one_error_page(site):
    site.routes["/feed"] = [html(b"<html><body>hello</body></html>")]
    with fetcher() as f:
        (page,) = list(iter_feed(site.base + "/feed", f))
    assert page.error.kind == "unreadable" and page.source == site.base + "/feed"


def test_fetch_all_keeps_the_given_order_across_hosts(site):
    other = Site()
    try:
        other.routes["/robots.txt"] = [(404, {}, b"")]
        for n in range(6):
            (site if n % 2 else other).routes[f"/p{n}"] = [html(f"<p>{n}</p>".encode())]
        urls = [f"{(site if n % 2 else other).base}/p{n}" for n in range(6)]
        urls.insert(3, site.base + "/private/x")
        with fetcher() as f:
            pages = list(f.fetch_all(urls, threads=3))
    finally:
        other.server.shutdown()
        other.server.server_close()
    assert [p.source for p in pages] == urls
    assert [p.data for p in pages if p.error is None] == [f"<p>{n}</p>".encode()
                                                          for n in range(6)]
    assert pages[3].error.kind == "robots"
    assert site.paths().count("/robots.txt") == 1 and other.paths().count("/robots.txt") == 1


def test_ingest_with_a_feed_stores_its_pages_and_the_refused_one_as_a_failure(site, tmp_path,
                                                                              capsys):
    from dateline.cli import main
    from dateline.corpus.store import Store

    story = (b"<html><head><title>Quay reopens</title></head><body><article><h1>Quay reopens"
             b"</h1><p>The harbour quay reopened on Monday after a winter of repairs to its "
             b"stone wall, the harbour master said.</p><p>Fishing boats had used the north "
             b"pier since November, adding an hour to every landing.</p></article></body></html>")
    site.routes["/news/quay"] = [html(story)]
    site.routes["/feed.xml"] = [(200, {"Content-Type": "application/rss+xml"}, (
        f"<rss version='2.0'><channel><title>t</title><item><link>{site.base}/news/quay</link>"
        f"</item><item><link>{site.base}/private/memo</link></item></channel></rss>").encode())]
    db = str(tmp_path / "corpus.db")
    status = main(["ingest", "--db", db, "--workers", "1", "--no-nlp", "--no-progress",
                   "--feed", site.base + "/feed.xml"])
    assert status == 3
    with Store.open(db) as store:
        assert store.count() == 1
        article = store.get_article(hashlib.sha256(story).hexdigest())
        failures = store.failures()
    assert article.headline == "Quay reopens" and article.source.uri == site.base + "/news/quay"
    assert [(f.source.uri, f.error.kind) for f in failures] == [(site.base + "/private/memo",
                                                             "robots")]



def test_redirects_are_followed_and_their_targets_checked_against_robots(site):
    site.routes["/old"] = [(301, {"Location": "/news/quay"}, b"")]
    site.routes["/sneaky"] = [(302, {"Location": site.base + "/private/memo"}, b"")]
    site.routes["/loop"] = [(302, {"Location": "/loop"}, b"")]
    site.routes["/news/quay"] = [html()]
    site.routes["/private/memo"] = [html(b"<p>secret</p>")]
    with fetcher() as f:
        moved = f.fetch(site.base + "/old")
        sneaky = f.fetch(site.base + "/sneaky")
        loop = f.fetch(site.base + "/loop")
    assert moved.error is None and moved.data == ARTICLE
    assert moved.source == site.base + "/old" and moved.url == site.base + "/news/quay"
    assert sneaky.error.kind == "robots" and "redirects to" in str(sneaky.error)
    assert "/private/memo" not in site.paths()
    assert loop.error.kind == "fetch" and "more than 5 redirects" in str(loop.error)
    assert site.paths().count("/loop") == 6


def test_a_malformed_url_is_one_failed_page_and_the_batch_goes_on():
    # a new-user trial: `dateline extract 'http://[::1'` ended the whole command with a
    # ValueError traceback (status 1); 'http://:80/x' failed as a robots.txt refusal
    from dateline.errors import UnreadableInputError

    # ... and 'https://exa mple.com/a' (a space in the host) failed as a robots.txt refusal too
    urls = ["http://[::1", "http://:80/x", "https://news.example:99999/a",
            "https://exa mple.com/a", "https://news.example|x/b"]
    with Fetcher(min_interval=0.0, sleep=lambda _s: None) as f:
        pages = list(f.fetch_all(urls))
    assert [p.source for p in pages] == urls
    assert all(isinstance(p.error, UnreadableInputError) for p in pages)
    assert "not a valid URL" in str(pages[0].error)
    assert str(pages[3].error) == ("https://exa mple.com/a: not a valid URL (the host name "
                                   "'exa mple.com' holds a character no host name can)")
