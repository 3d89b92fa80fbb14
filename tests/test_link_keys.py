"""Lookup keys computed where the record is built (corpus/link_keys.py): the same keys the
stages compute in the store, never in JSON, dropped when the record changed after them, and the
same links with them as without (SQLite and PostgreSQL: the ``store_url`` fixture). Pages: the
duplicates pages we wrote (tests/pages/duplicates/) and quotations written here."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

import dateline
from dateline.config import Settings
from dateline.corpus import Store
from dateline.corpus.duplicates import body_keys, published_utc
from dateline.corpus.link_keys import VERSION, digest, link_keys, valid_keys, with_link_keys
from dateline.corpus.quote_variants import QuoteText, index_keys
from dateline.corpus.story_features import article_words
from dateline.model import Article, Quote, Source, Span, Speaker
from dateline.runner import Runner
from dateline.sources.page import RawPage
from dateline.understand.storyvec import story_vector

PAGES = Path(__file__).parent / "pages" / "duplicates"


def page(name: str) -> Article:
    fmt = "html" if name.endswith(".html") else "text"
    return dateline.extract((PAGES / name).read_bytes(), format=fmt, nlp=False, source=name)


def quoted(n: int, text: str, speaker: str, published: str) -> Article:
    """A record of one paragraph holding one quotation ``text`` by ``speaker``."""
    para = f"\u201c{text}\u201d said {speaker} at the harbour office on Tuesday."
    sha = hashlib.sha256(f"link-keys-{n}".encode()).hexdigest()
    return Article(id=sha, source=Source(uri=f"q/{n}.txt", format="text", sha256=sha),
                   publisher=f"Outlet {n}", headline=f"Harbour report {n}",
                   published=published, paragraphs=[para],
                   quotes=[Quote(kind="direct", text=text,
                                 span=Span(part="body", index=0, start=1, end=1 + len(text)),
                                 speaker=Speaker(name=speaker), cue="said")])


@pytest.fixture(scope="module")
def records() -> list[Article]:
    pages = [page(n) for n in ("wire-original.html", "syndicated-copy.txt",
                               "same-subject.html", "wire-original-scrape.txt")]
    said = "the cranes at the north quay will stay idle until the inspectors are done"
    return pages + [
        quoted(1, said, "Marta Quell", "2025-03-04T09:00:00+00:00"),
        quoted(2, said.replace("idle", "still"), "Marta Quell", "2025-03-04T11:00:00+01:00"),
        quoted(3, said, "Odo Brand", "2025-03-05"),
    ]


def test_the_keys_are_the_values_the_stages_compute(records):
    wire, quote = records[0], records[5]
    keys = link_keys(wire)
    n, sig, bands = body_keys("\n\n".join(wire.paragraphs))
    assert keys.version == VERSION and keys.digest == digest(wire)
    assert keys.shingles == n > 100 and keys.bands == bands and len(bands) == 21
    assert np.array_equal(np.frombuffer(keys.signature, dtype="<u4"), sig)
    assert keys.published_utc == published_utc(wire.published) == "2025-03-04T08:15:00"
    assert (keys.lede_words, keys.headline_words) == article_words(wire)
    assert keys.quote_keys == []
    qk = link_keys(quote).quote_keys
    assert qk == [sorted(index_keys(QuoteText.of("direct", quote.quotes[0].text,
                                                 "Marta Quell")))] and len(qk[0]) >= 5
    # published 11:00 at +01:00 is 10:00 UTC
    assert link_keys(records[5]).published_utc == "2025-03-04T10:00:00"


def test_the_keys_never_reach_json(records):
    keyed = with_link_keys(records[0])
    assert keyed.link_keys is not None and records[0].link_keys is None  # a copy
    assert "link_keys" not in keyed.model_dump_json()
    assert Article.model_validate_json(keyed.model_dump_json()).link_keys is None


def test_keys_of_other_text_or_parameters_are_dropped(records):
    keyed = with_link_keys(records[1])
    assert valid_keys(keyed) is keyed
    trimmed = keyed.model_copy(update={"paragraphs": keyed.paragraphs[:-1]})
    assert valid_keys(trimmed).link_keys is None
    retimed = keyed.model_copy(update={"published": "2025-03-09"})
    assert valid_keys(retimed).link_keys is None
    older = keyed.model_copy(update={"link_keys": keyed.link_keys.model_copy(
        update={"version": "0"})})
    assert valid_keys(older).link_keys is None
    requoted = with_link_keys(records[4])
    other = requoted.model_copy(update={"quotes": [requoted.quotes[0].model_copy(
        update={"speaker": Speaker(name="Odo Brand")})]})
    assert valid_keys(other).link_keys is None


TABLES = ("duplicates", "duplicate_groups", "duplicate_bands", "story_articles", "story_keys",
          "quote_keys", "quote_occurrences", "entity_article_variants")


def links(url: str, recs: list[Article]) -> dict[str, list[tuple]]:
    """The rows of the stages' tables after storing ``recs`` (three with add_many)."""
    with Store.open(url) as store:
        store.add_many(recs[:3])
        for r in recs[3:]:
            store.add(r)
        with store.engine.connect() as conn:
            return {t: sorted(tuple(sorted(r.items())) for r in conn.execute(
                sa.text(f"SELECT * FROM {t}")).mappings()) for t in TABLES}


def check_links(found: dict[str, list[tuple]], records: list[Article]) -> None:
    """The copy and the scrape join the wire story's group, the other article on its subject
    stays apart; the quotations are linked: the misquote (one word changed) and the same words
    given to another speaker (each pair in both directions)."""
    groups = {dict(r)["article_id"]: dict(r)["group_id"] for r in found["duplicates"]}
    assert groups[records[1].id] == groups[records[3].id] == records[0].id
    assert groups[records[2].id] == records[2].id
    assert sorted(dict(r)["variant"] for r in found["quote_occurrences"]) == [
        "conflicting_speaker", "conflicting_speaker", "conflicting_speaker",
        "conflicting_speaker", "misquote", "misquote"]


def keyed_records(records: list[Article]) -> list[Article]:
    """The records with their keys, the syndicated copy's replaced by another article's (as
    if it changed after its keys were computed: the store drops them and computes its own)."""
    keyed = [with_link_keys(r) for r in records]
    keyed[1] = keyed[1].model_copy(update={"link_keys": keyed[2].link_keys})
    return keyed


def test_the_links_with_keys(records, store_url):
    check_links(links(store_url, keyed_records(records)), records)


def test_the_same_links_with_keys_as_without(records, tmp_path):
    plain = links(str(tmp_path / "plain.db"), records)
    check_links(plain, records)
    assert links(str(tmp_path / "keyed.db"), keyed_records(records)) == plain


def test_the_ingest_runner_gives_each_record_its_keys(samples):
    html = next(p for p in sorted(samples.iterdir()) if p.suffix == ".html")
    pages = [RawPage(source=str(html), data=html.read_bytes())]
    (_, with_keys), = Runner(Settings(), nlp=False, link_keys=True).run(pages)
    (_, without), = Runner(Settings(), nlp=False).run(pages)
    assert without.link_keys is None
    assert with_keys.link_keys == link_keys(without)


def test_a_record_without_nlp_gets_its_story_vector_in_the_worker(samples, monkeypatch):
    # `dateline ingest --no-nlp` skips the stage that computes story vectors: the store's one
    # writer then ran the encoder for every record (2.4x the ingest time of the same pages
    # without the across-article stages); the workers compute it with the keys instead.
    html = next(p for p in sorted(samples.iterdir()) if p.suffix == ".html")
    pages = [RawPage(source=str(html), data=html.read_bytes())]
    (_, keyed), = Runner(Settings(), nlp=False, link_keys=True).run(pages)
    (_, plain), = Runner(Settings(), nlp=False).run(pages)
    assert plain.story_vector is None
    assert keyed.story_vector is not None and keyed.story_vector == story_vector(plain)
    # kept, not computed again (a second computation would give another vector here)
    monkeypatch.setattr("dateline.understand.storyvec.story_vector", lambda article: "other")
    assert with_link_keys(keyed).story_vector == keyed.story_vector
