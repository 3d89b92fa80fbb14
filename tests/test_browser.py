"""Browser tests: Debian's chromium driven by Playwright against `dateline serve`'s app.

The server runs in a thread on 127.0.0.1 (a free port) over a temporary store holding the
hand-made records of tests/webcorpus.py and the sample pages as extracted by dateline. Each step
saves a screenshot to out/screenshots/. Skipped when /usr/bin/chromium is missing.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from webcorpus import ALL, FERRY, HOSTILE, fill

import dateline
from dateline.config import Settings
from dateline.corpus.store import Store
from dateline.errors import DatelineError
from dateline.web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "out" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

if not CHROMIUM.exists():
    pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (dev extra)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    db = tmp_path_factory.mktemp("browser") / "browser.db"
    store = Store.open(str(db))
    fill(store, ALL)
    for path in sorted((ROOT / "samples").iterdir()):
        try:
            store.add(dateline.extract(path.read_bytes(), source=str(path)))
        except DatelineError:
            pass  # a sample the extractor cannot handle yet still leaves the hand-made records
    port = _free_port()
    config = uvicorn.Config(create_app(store, Settings()), host="127.0.0.1", port=port,
                            log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.requested = []
    pg.dialogs = []
    pg.on("request", lambda r: pg.requested.append(r.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.console_messages = []
    pg.on("console", lambda m: pg.console_messages.append(m.text))
    yield pg
    context.close()
    # Nothing was fetched from anywhere but the test server, and our own pages never trip
    # the Content-Security-Policy (no inline script or style).
    assert all(u.startswith(server + "/") for u in pg.requested), pg.requested
    assert not [m for m in pg.console_messages if "Content Security Policy" in m]


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_search_article_person_and_lookup(page, server):
    page.goto(server + "/")
    page.fill("input[name=q]", "Pellworth")
    page.click("form.search button")
    page.wait_for_url("**/?q=Pellworth*")
    hits = page.locator("ol.hits li.hit a.headline")
    assert FERRY.headline in hits.all_inner_texts()
    assert page.locator(".facet-publisher li").count() >= 2
    shot(page, "search")

    page.click(f"text={FERRY.headline}")
    page.wait_for_url(f"**/articles/{FERRY.id}")
    quotes = page.locator(".body mark.quote")
    assert quotes.count() == 2
    assert quotes.first.get_attribute("title") == "Quote by Agnes Thornbury"
    assert quotes.first.inner_text() == ("We cannot keep pouring money into a pier that the sea "
                                         "is taking back,")
    # highlighted quotes are visibly coloured
    colour = quotes.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator(".body mark.entity-person").count() == 2
    details = page.locator("details.boilerplate")
    assert details.get_attribute("open") is None
    assert not page.locator("details.boilerplate li").first.is_visible()
    page.click("details.boilerplate summary")
    assert page.locator("details.boilerplate li").first.is_visible()
    shot(page, "article")

    page.click(".sidecar .quotes a:text('Agnes Thornbury')")
    page.wait_for_url("**/entities/person*agnes-thornbury")
    assert page.locator("h1").inner_text() == "Agnes Thornbury"
    assert page.locator(".chart-box svg.chart rect.bar").count() == 3  # March, April, May
    # what she did (REJECT in March, SUPPORT in May, and the samples' events) and what was
    # done to her (ACCUSE in March)
    assert page.locator(".entity-events .event-did svg.chart rect.event-reject").count() == 1
    assert page.locator(".entity-events .event-done-to svg.chart rect.event-accuse").count() == 1
    assert "Thornbury" in page.locator(".variants").inner_text()
    assert "Pellworth" in page.locator(".cooccur").inner_text()
    shot(page, "entity")

    page.click("text=Quote lookup")
    page.fill("textarea[name=text]", "the bridge is safe for all the families in the valley")
    page.click("form.lookup button")
    page.wait_for_url("**/lookup?text=*")
    first = page.locator("li.lookup-hit").first
    assert first.locator("a.speaker-link").inner_text() == "Agnes Thornbury"
    assert "The bridge is safe for every family in the valley," in first.inner_text()
    shot(page, "lookup")


def test_hostile_article_runs_no_script(page, server):
    page.goto(f"{server}/articles/{HOSTILE.id}")
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []
    headline = page.locator("h1.headline").inner_text()
    assert headline == "<script>window.__pwned = 3;</script>Hall meeting"
    assert page.locator(".body script, .body img, svg[onload], iframe").count() == 0
    page.click("details.boilerplate summary")
    assert "<script>window.__pwned=6</script>" in page.locator("details.boilerplate").inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shot(page, "hostile")


def test_people_index_and_api_docs(page, server):
    page.goto(server + "/")
    page.click("header.top >> text=People")
    page.wait_for_url("**/entities")
    page.select_option("select[name=type]", "PERSON")
    page.click("form.search button")
    page.wait_for_url("**/entities?*type=PERSON*")
    names = page.locator("ol.entity-list li a").all_inner_texts()
    assert names[0] == "Agnes Thornbury"
    assert "Pellworth" not in names
    shot(page, "people")
    page.click("header.top >> text=API")
    page.wait_for_url("**/docs")
    assert page.locator("section.op").count() >= 10
    assert "/api/v1/articles" in page.locator("main").inner_text()
    shot(page, "docs")


def test_sample_page_through_the_whole_pipeline(page, server):
    """A sample page as dateline extracts it (with whatever quotes the NLP stage finds)."""
    import hashlib

    sample = ROOT / "samples" / "harbour-council-vote.txt"
    article_id = hashlib.sha256(sample.read_bytes()).hexdigest()
    page.goto(f"{server}/articles/{article_id}")
    assert page.locator("h1.headline").inner_text().strip() != ""
    assert page.locator(".body p").count() > 3
    shot(page, "sample-article")
