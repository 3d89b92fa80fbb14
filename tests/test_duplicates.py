"""Duplicate groups (corpus/duplicates.py) on pages we wrote (tests/pages/duplicates/), on SQLite
and PostgreSQL (the ``store_url`` fixture):

- wire-original.html: a wire story, 6 paragraphs, published 2025-03-04T08:15:00+00:00;
- wire-original-scrape.txt: a text scrape of that page with other chrome (menu, share and
  sign-up lines), the same date;
- syndicated-copy.txt: the Grenmouth Courier's copy: new headline, "Courier staff" byline, the
  last paragraph trimmed, a "Reporting by ...; Editing by ..." line, published 14:30 that day;
- same-subject.html: the Vellan Herald's own article on the same crane collapse (same port,
  union, authority, Grenmouth), written in other words, the next day.
"""

from __future__ import annotations

import csv
import importlib
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa
from alembic import command

import dateline
from dateline.corpus import Store, migrations
from dateline.corpus.backends import backend_for
from dateline.corpus.duplicates import (
    MIN_CONTAINED,
    NUM_PERM,
    Signer,
    band_keys,
    is_copy,
    published_utc,
    shingle_hashes,
    similarity,
)
from dateline.corpus.store import database_url

PAGES = Path(__file__).parent / "pages" / "duplicates"
M0006 = importlib.import_module("dateline.corpus.migrations.versions.0006_duplicates")


def page(name: str):
    fmt = "html" if name.endswith(".html") else "text"
    return dateline.extract((PAGES / name).read_bytes(), format=fmt, nlp=False, source=name)


@pytest.fixture(scope="module")
def records():
    return {name.split(".")[0]: page(name) for name in
            ("wire-original.html", "wire-original-scrape.txt", "syndicated-copy.txt",
             "same-subject.html")}


def test_shingles_fold_case_and_diacritics():
    assert len(shingle_hashes("one two three four five")) == 2  # two runs of four words
    assert np.array_equal(shingle_hashes("Łódź Søren, ORBÁN said"),
                          shingle_hashes("lodz soren orban said"))
    assert len(shingle_hashes("just three words")) == 1
    assert len(shingle_hashes("  ... ")) == 0


def test_similarity_estimates_and_the_rule():
    signer = Signer()
    a = shingle_hashes(" ".join(f"w{i}" for i in range(203)))  # 200 shingles
    sig = signer.signature(a)
    assert sig.dtype == np.uint32 and len(sig) == NUM_PERM and len(band_keys(sig)) == 21
    assert similarity(sig, 200, sig, 200) == (1.0, 1.0)
    # a half of it: J = 100/200 = 0.5 exactly, containment 1
    half = signer.signature(shingle_hashes(" ".join(f"w{i}" for i in range(103))))
    j, c = similarity(sig, 200, half, 100)
    assert 0.35 < j < 0.65 and c > 0.8
    assert is_copy(0.5, 0.0, 10, 10)
    assert is_copy(0.3, 0.8, 500, MIN_CONTAINED)
    assert not is_copy(0.3, 0.8, 500, MIN_CONTAINED - 1)  # too short for containment
    assert not is_copy(0.2, 0.5, 500, 300)


def test_signature_is_datasketchs_minhash():
    # the signer applies the permutations itself; the values must be datasketch's affine32
    # MinHash of the same hashes (signatures stored by an earlier version stay comparable)
    from datasketch import MinHash

    signer = Signer()
    for text in ("one two three four five", " ".join(f"w{i}" for i in range(203)),
                 "Łódź Søren, ORBÁN said the port would open on Monday morning"):
        hashes = shingle_hashes(text)
        m = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32", hashfunc=int)
        m.update_batch(hashes.tolist())
        sig = signer.signature(hashes)
        assert sig.dtype == np.uint32
        assert sig.tolist() == m.hashvalues.astype(np.uint32).tolist()


def test_published_utc():
    assert published_utc("2024-03-05T10:00:00+01:00") == "2024-03-05T09:00:00"
    assert published_utc("2024-03-05T23:30:00-05:00") == "2024-03-06T04:30:00"
    assert published_utc("2024-03-05") == "2024-03-05T00:00:00"
    assert published_utc(None) is None and published_utc("March") is None


def test_syndicated_copy_scrape_and_page_group_same_subject_does_not(store_url, records):
    r = records
    with Store.open(store_url) as store:
        # the copy arrives first; the wire page and its scrape after; the other article last
        for name in ("syndicated-copy", "wire-original-scrape", "wire-original",
                     "same-subject"):
            assert store.add(r[name]) is True
        groups = store.duplicate_group_ids(a.id for a in r.values())
        # the original: the earliest published (08:15 UTC), of the two at 08:15 the one added
        # first (the scrape); the copy (14:30) and the HTML page join its group
        original = r["wire-original-scrape"].id
        assert groups == {r["syndicated-copy"].id: original, r["wire-original-scrape"].id:
                          original, r["wire-original"].id: original,
                          r["same-subject"].id: r["same-subject"].id}
        group = store.duplicate_group(r["syndicated-copy"].id)
        assert group.group_id == original
        assert [m.article_id for m in group.members] == [
            original, r["wire-original"].id, r["syndicated-copy"].id]
        assert [m.publisher for m in group.members] == [None, "Wireline",
                                                        "The Grenmouth Courier"]
        assert group.members[0].original and not group.members[2].original
        scrape, html, copy = group.members
        assert copy.similarity is None  # stored first: matched to no one
        assert scrape.containment > 0.9  # the copy: five of its six paragraphs, nothing else
        assert html.similarity == 1.0  # the very body of the scrape
        with store.engine.connect() as conn:
            rows = dict(conn.execute(sa.text(
                "SELECT group_id, members FROM duplicate_groups")).all())
            # the group was renamed once: copy -> scrape (earlier, 2 members), kept at the
            # scrape (3); a group of one has no row
            assert rows == {original: 3}
        got = store.get_article(r["wire-original"].id)
        assert got.duplicate_group_id == original
        # search: one line per group, its best-ranked member, with the other copies counted
        items, total = store.search("crane")
        assert total == 4 and len(items) == 2
        assert {(i.duplicate_group_id, i.duplicates) for i in items} == {
            (original, 2), (r["same-subject"].id, 0)}
        assert len(store.search("crane", collapse=False)[0]) == 4
        assert len(store.search("crane", limit=1, offset=1)[0]) == 1
        assert store.search(None)[1] == 4 and len(store.search(None)[0]) == 2


def test_export_carries_the_group(store_url, records, tmp_path):
    with Store.open(store_url) as store:
        for name in ("wire-original", "syndicated-copy"):
            store.add(records[name])
        store.export("csv", tmp_path / "a.csv")
        store.export("jsonl", tmp_path / "a.jsonl")
    with open(tmp_path / "a.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    original = records["wire-original"].id
    assert [row["duplicate_group_id"] for row in rows] == [original, original]
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert [dateline.model.Article.model_validate_json(ln).duplicate_group_id
            for ln in lines] == [original, original]


def test_0006_backfills_the_groups_of_stored_records(store_url, records):
    engine = backend_for(database_url(store_url)).create_engine(database_url(store_url))
    with engine.begin() as conn:
        command.upgrade(migrations.config(conn), "0005")
    old = Store(engine)
    old.linkers = []  # the store as it wrote before revision 0006
    order = ("syndicated-copy", "same-subject", "wire-original")
    assert old.add_many([records[n] for n in order]) == [True] * 3
    migrations.upgrade(engine)
    try:
        store = Store(engine)
        original = records["wire-original"].id
        assert store.duplicate_group_ids(records[n].id for n in order) == {
            records["syndicated-copy"].id: original, original: original,
            records["same-subject"].id: records["same-subject"].id}
        # a record added after the upgrade joins the backfilled group
        assert store.add(records["wire-original-scrape"]) is True
        assert store.get_article(records["wire-original-scrape"].id).duplicate_group_id \
            == original  # same instant as the HTML page, added later
        with engine.begin() as conn:
            command.downgrade(migrations.config(conn), "0005")
            assert not sa.inspect(conn).has_table("duplicates")
    finally:
        engine.dispose()
    assert M0006.revision == "0006"


def test_api_and_pages_show_the_copies(store_url, records):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from dateline.config import Settings
    from dateline.web import create_app

    r = records
    with Store.open(store_url) as store:
        for name in ("wire-original", "syndicated-copy", "same-subject"):
            store.add(r[name])
        client = TestClient(create_app(store, Settings()))
        original, copy = r["wire-original"].id, r["syndicated-copy"].id
        body = client.get(f"/api/v1/articles/{copy}/duplicates").json()
        assert body["group_id"] == original
        assert [(m["publisher"], m["original"]) for m in body["members"]] == [
            ("Wireline", True), ("The Grenmouth Courier", False)]
        assert client.get("/api/v1/articles/" + "0" * 64 + "/duplicates").status_code == 404
        assert client.get(f"/api/v1/articles/{copy}").json()["duplicate_group_id"] == original
        hits = client.get("/api/v1/articles", params={"q": "Grenmouth"}).json()
        assert hits["total"] == 3 and len(hits["items"]) == 2
        page = client.get(f"/articles/{copy}").text
        assert "Also published by" in page and f'href="/articles/{original}">Wireline' in page
        alone = client.get(f"/articles/{r['same-subject'].id}").text
        assert "Also published by" not in alone
        assert "and 1 other copy" in client.get("/", params={"q": "Grenmouth"}).text


def test_spark_grouping_functions_match_the_store(records):
    """The functions the Spark job runs per partition and on the driver (no JVM here; the
    local-mode job is tests/test_spark.py), on the same pages: the same groups."""
    from dateline.corpus import duplicate_spark as ds
    from dateline.corpus.rows import project, values

    r = records
    arts = [r[n] for n in ("syndicated-copy", "wire-original", "wire-original-scrape",
                           "same-subject")]
    sigs = list(ds.signatures(values(project(a).article) for a in arts))
    assert [s[0] for s in sigs] == [a.id for a in arts]
    buckets: dict[int, list[str]] = {}
    for s in sigs:
        for k in s[4]:
            buckets.setdefault(k, []).append(s[0])
    pairs = {p for ids in buckets.values() for p in ds.bucket_pairs(ids)}
    by_id = {s[0]: s for s in sigs}
    edges = [e for a, b in sorted(pairs) if (e := ds.verify((by_id[a], by_id[b])))]
    got = ds.groups(edges, {s[0]: s[1] for s in sigs})
    # 08:15 UTC for the page and its scrape: the job breaks the tie by the smaller id
    original = min(r["wire-original"].id, r["wire-original-scrape"].id)
    assert {x: g[0] for x, g in got.items()} == {a.id: original for a in arts[:3]}
    assert got[original][1:] == (None, None, None)
    assert r["same-subject"].id not in got
    assert list(ds.bucket_pairs(["c", "a", "b"])) == [("a", "b"), ("a", "c"), ("b", "c")]
    many = [f"x{i:02d}" for i in range(ds.BUCKET_PAIRS + 1)]
    assert list(ds.bucket_pairs(many)) == list(zip(many, many[1:], strict=False))
    row = values(project(arts[0]).article)
    assert ds.with_group(row, {arts[0].id: original})[ds.GROUP_COLUMN] == original


def test_a_record_without_headline_or_entities_is_stored_by_every_linker(store_url):
    """Regression: the story linker wrote its lookup keys as an executemany of no rows (SQLite:
    'near "ON": syntax error') for a record with no entities and no headline words, as
    ``--no-nlp`` gives for a page whose headline is not found."""
    from dateline.model import Article, Source

    sha = "5" * 64
    bare = Article(id=sha, source=Source(uri="bare.txt", format="text", sha256=sha),
                   paragraphs=["Nine words of a body with no headline at all."])
    with Store.open(store_url) as store:
        assert store.add(bare) is True
        assert store.get_article(sha).duplicate_group_id == sha


def test_a_record_dated_in_year_one_is_stored_by_every_linker(store_url):
    """Regression: the story linker's 10-day window left the calendar for a page dated
    0001-01-03 (``ValueError: ordinal must be >= 1``), as one page of html-articles is."""
    from dateline.model import Article, Source

    sha = "6" * 64
    old = Article(id=sha, source=Source(uri="old.html", format="html", sha256=sha),
                  headline="Harbour crane inquiry opens", published="0001-01-03",
                  paragraphs=["The inquiry into the harbour crane opened on Monday morning."])
    with Store.open(store_url) as store:
        assert store.add(old) is True
        assert store.get_article(sha).duplicate_group_id == sha


def test_the_article_page_lists_each_other_outlet_once_and_its_own_copies_apart(
        store_url, records):
    """Regression: the HTML page and the text scrape of one outlet's article were both listed
    under "Also published by", the article's own outlet among them."""
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from dateline.config import Settings
    from dateline.model import Source
    from dateline.web import create_app

    r = records
    # the scrape as one with a copyright line gives it: the page's own publisher
    scrape = r["wire-original-scrape"].model_copy(update={"publisher": "Wireline"})
    courier = r["syndicated-copy"]
    # the Courier's copy stored a second time, from its HTML page
    twin_id = "c" * 64
    twin = courier.model_copy(update={"id": twin_id, "source": Source(
        uri="courier-copy.html", format="html", sha256=twin_id)})
    with Store.open(store_url) as store:
        for record in (r["wire-original"], scrape, courier, twin):
            store.add(record)
        client = TestClient(create_app(store, Settings()))
        wire = client.get(f"/articles/{r['wire-original'].id}").text
        also = wire[wire.index('class="also-published"'):]
        also = also[:also.index("</section>")]
        # the Courier once, linked to its earliest copy; Wireline not an "other" outlet
        assert also.count(">The Grenmouth Courier</a>") == 1
        assert f'href="/articles/{courier.id}">The Grenmouth Courier' in also
        assert ">Wireline</a>" not in also
        assert f'Also stored as <a href="/articles/{scrape.id}">a text copy</a>' in also
        copy = client.get(f"/articles/{scrape.id}").text
        assert f'Also stored as <a href="/articles/{r["wire-original"].id}">an HTML copy</a>' \
            in copy
        courier_page = client.get(f"/articles/{courier.id}").text
        also = courier_page[courier_page.index('class="also-published"'):]
        assert also.count(">Wireline</a>") == 1
        assert f'<a href="/articles/{twin_id}">an HTML copy</a>' in also


def test_a_collapsed_search_line_names_the_groups_original(store_url, records):
    """Regression: the line of a duplicate group showed its best-ranked copy (the Courier's,
    whose headline holds the query's words) instead of the original (Wireline's, earliest)."""
    r = records
    original = r["wire-original"]
    # the Courier's copy with a paragraph of its own
    copy = r["syndicated-copy"].model_copy(update={"paragraphs": r["syndicated-copy"].paragraphs
                                                   + ["Courier readers can watch the harbour "
                                                      "webcam on the Grenmouth pier."]})
    with Store.open(store_url) as store:
        for record in (original, copy, r["same-subject"]):
            store.add(record)
        # "diverted" and "Grenmouth" are in the Courier's headline: it ranks first
        assert [h.id for h in store.search("diverted Grenmouth", collapse=False)[0]][0] == copy.id
        (line,), total = store.search("diverted Grenmouth")
        assert total == 2
        assert (line.id, line.publisher, line.published, line.headline) == (
            original.id, "Wireline", "2025-03-04T08:15:00+00:00",
            "Crane collapse halts work at Port Vellan container terminal")
        assert (line.duplicates, line.duplicate_group_id, line.matched_id) == (
            1, original.id, None)
        # both bodies hold the paragraph: the original's snippet
        assert "<mark>diverted</mark>" in line.snippet and "<mark>Grenmouth</mark>" in line.snippet
        # the webcam is only in the Courier's text: its snippet, and its id to say so
        (line,), _ = store.search("harbour webcam")
        assert (line.id, line.matched_id) == (original.id, copy.id)
        assert "the <mark>harbour</mark> <mark>webcam</mark> on the Grenmouth" in line.snippet
        # a search of the Courier's articles keeps the Courier's copy
        (line,), _ = store.search("diverted", publisher="The Grenmouth Courier")
        assert (line.id, line.publisher, line.duplicates) == (copy.id, "The Grenmouth Courier", 1)
        # listings without a query show the original too, at the newest member's place
        lines, _ = store.search(None)
        assert [h.id for h in lines] == [r["same-subject"].id, original.id]
