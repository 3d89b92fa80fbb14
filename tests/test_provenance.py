"""Quote provenance (issue 10 item 3) on pages we wrote: tests/pages/provenance/*.html are four
invented articles of three outlets running one quotation of Harriet Okonjo's.

* gazette-meters (Estuary Gazette, 09:00 UTC on 3 March 2025): the first report, direct;
* post-meters (Harbour Post, 06:00 at UTC-05:00, so 11:00 UTC): a misquote ("by the summer"
  for "by the spring") and a truncated "We will not raise water bills this year ...";
* chronicle-meters (Coldwater Chronicle, 15:30 at UTC+01:00, 14:30 UTC): a verbatim copy and an
  indirect paraphrase ("Okonjo said that every household ... would get ...");
* gazette-council (Estuary Gazette, 4 March): the same words given to Tomas Breck.

They are stored in another order than they were published (the first report last), on SQLite and
on PostgreSQL (``store_url``). Every expected value below was read off the pages by hand.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

import dateline
from dateline.config import Settings
from dateline.corpus import Store, database_url, migrations
from dateline.corpus.backends import backend_for
from dateline.corpus.quote_variants import (
    WINNOW,
    QuoteText,
    Segment,
    classify,
    index_keys,
    keys,
    speaker_words,
    word_diff,
    words,
)
from dateline.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PAGES = Path(__file__).parent / "pages" / "provenance"
#: the order the pages are stored in: the first report last
STORED = ("post-meters", "gazette-council", "chronicle-meters", "gazette-meters")
SAID = ("We will not raise water bills this year, and every household on the estuary will get "
        "a new meter by the spring")


@pytest.fixture(scope="module")
def records():
    """The four pages through ``dateline.extract`` (the model and the rules), by name."""
    return {name: dateline.extract((PAGES / f"{name}.html").read_bytes()) for name in STORED}


@pytest.fixture
def store(store_url, records):
    with Store.open(store_url) as s:
        for name in STORED:
            assert s.add(records[name]) is True
        yield s


def quote_id(store: Store, article_id: str, text: str) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.text("SELECT id FROM quotes WHERE article_id = :a AND text = :t"),
                            {"a": article_id, "t": text}).scalar_one()


def test_the_pages_give_the_quotations_the_tests_expect(records):
    # what the extractor makes of the pages; the other tests build on it
    by_speaker = {name: [(q.kind, q.text, q.speaker.name if q.speaker else None)
                         for q in records[name].quotes if "water bills this year" in q.text
                         or "new meter" in q.text] for name in STORED}
    assert by_speaker["gazette-meters"] == [("direct", SAID, "Harriet Okonjo")]
    assert by_speaker["post-meters"] == [
        ("direct", SAID.replace("spring", "summer"), "Harriet Okonjo"),
        ("direct", "We will not raise water bills this year", "Harriet Okonjo")]
    assert by_speaker["chronicle-meters"] == [
        ("indirect", "No rise in water bills this year", "board"),
        ("direct", SAID, "Harriet Okonjo"),
        ("indirect", "that every household on the estuary would get a new meter by the spring "
                     "and that water bills would not rise this year", "Harriet Okonjo")]
    assert by_speaker["gazette-council"] == [("direct", SAID, "Tomas Breck")]


def test_the_first_report_and_every_variant_of_the_quotation(store, records):
    original = quote_id(store, records["gazette-meters"].id, SAID)
    got = store.quote_provenance(original)
    assert got.quote.text == SAID and got.quote.publisher == "Estuary Gazette"
    first = got.first_report
    assert (first.quote_id, first.article_id, first.publisher, first.published, first.speaker) \
        == (original, records["gazette-meters"].id, "Estuary Gazette",
            "2025-03-03T09:00:00+00:00", "Harriet Okonjo")
    # earliest first, in UTC: the Post's 06:00-05:00 is 11:00 UTC, the Chronicle's 15:30+01:00
    # 14:30 UTC; within one article in reading order
    assert [(o.publisher, o.variant, o.speaker, o.text) for o in got.occurrences] == [
        ("Harbour Post", "misquote", "Harriet Okonjo", SAID.replace("spring", "summer")),
        ("Harbour Post", "truncated", "Harriet Okonjo", "We will not raise water bills this year"),
        ("Coldwater Chronicle", "verbatim", "Harriet Okonjo", SAID),
        ("Coldwater Chronicle", "paraphrase", "Harriet Okonjo",
         "that every household on the estuary would get a new meter by the spring and that "
         "water bills would not rise this year"),
        ("Estuary Gazette", "conflicting_speaker", "Tomas Breck", SAID)]
    # 21 of the 22 words in order, 8 of 22 for the cut one
    assert [o.score for o in got.occurrences][:3] == [95.5, 36.4, 100.0]


def test_every_occurrence_knows_the_same_first_report(store, records):
    original = quote_id(store, records["gazette-meters"].id, SAID)
    for name, text in (("post-meters", SAID.replace("spring", "summer")),
                       ("post-meters", "We will not raise water bills this year"),
                       ("chronicle-meters", SAID), ("gazette-council", SAID)):
        got = store.quote_provenance(quote_id(store, records[name].id, text))
        assert got.first_report.quote_id == original, (name, text)
        assert original in [o.quote_id for o in got.occurrences]
    breck = store.quote_provenance(quote_id(store, records["gazette-council"].id, SAID))
    assert {o.variant for o in breck.occurrences} == {"conflicting_speaker"}
    # the paraphrase (an indirect quotation by Okonjo) is no conflict of Breck's words
    assert "indirect" not in {o.kind for o in breck.occurrences}


def test_a_quotation_of_no_other_article_has_itself_as_first_report(store, records):
    art = records["gazette-meters"]
    text = next(q.text for q in art.quotes if q.text.startswith("lose a fifth"))
    got = store.quote_provenance(quote_id(store, art.id, text))
    assert got.occurrences == [] and got.first_report.quote_id == got.quote.quote_id
    assert store.quote_provenance(10_000) is None


def test_the_api_and_the_pages(store, records):
    client = TestClient(create_app(store, Settings()))
    original = quote_id(store, records["gazette-meters"].id, SAID)
    body = client.get(f"/api/v1/quotes/{original}/provenance").json()
    assert body["first_report"] == {
        "quote_id": original, "article_id": records["gazette-meters"].id,
        "publisher": "Estuary Gazette", "published": "2025-03-03T09:00:00+00:00",
        "speaker": "Harriet Okonjo", "text": SAID}
    assert body["quote"]["quote_id"] == original and body["quote"]["kind"] == "direct"
    assert [o["variant"] for o in body["occurrences"]] == [
        "misquote", "truncated", "verbatim", "paraphrase", "conflicting_speaker"]
    assert body["occurrences"][0] == {
        "quote_id": quote_id(store, records["post-meters"].id, SAID.replace("spring", "summer")),
        "article_id": records["post-meters"].id,
        "headline": "Water chief pledges meters for every estuary home",
        "publisher": "Harbour Post", "published": "2025-03-03T06:00:00-05:00",
        "kind": "direct", "text": SAID.replace("spring", "summer"), "variant": "misquote",
        "speaker": "Harriet Okonjo", "score": 95.5}
    assert client.get("/api/v1/quotes/99999/provenance").status_code == 404
    assert client.get("/api/v1/quotes/x/provenance").status_code == 422

    # quote lookup: each hit with its provenance
    hits = client.get("/api/v1/quote-lookup", params={
        "text": "every household on the estuary will get a new meter by the summer"}).json()
    best = hits["items"][0]
    assert best["text"] == SAID.replace("spring", "summer") and best["quote_id"] is not None
    assert best["provenance"]["first_report"]["publisher"] == "Estuary Gazette"
    assert best["provenance"]["first_report"]["quote_id"] == original
    page = client.get("/lookup", params={"text": SAID})
    assert "First reported by Estuary Gazette on" in page.text
    assert f'href="/quotes/{original}"' in page.text

    # the timeline page: the misquoted word marked, the cut words shown struck out
    misquote = body["occurrences"][0]["quote_id"]
    page = client.get(f"/quotes/{misquote}")
    assert page.status_code == 200
    assert '<span class="w-changed">spring</span>' in page.text  # against "summer" asked about
    page = client.get(f"/quotes/{original}")
    assert '<span class="w-changed">summer</span>' in page.text
    assert ('<del class="w-dropped">and every household on the estuary will get a new meter '
            'by the spring</del>') in page.text
    assert page.text.index("first report") < page.text.index("Harbour Post")
    # a paraphrase is reported speech: shown as written, no word marked
    assert ('<blockquote class="diff">that every household on the estuary would get a new meter '
            'by the spring and that water bills would not rise this year</blockquote>') in page.text
    assert "<script" not in page.text and "style=" not in page.text
    assert client.get("/quotes/99999").status_code == 404


def test_page_text_is_escaped(store_url):
    hostile = QuoteText.of("direct", "<b>We</b> will not close the <script>bridge</script>")
    assert [s.text for s in word_diff(hostile.text, hostile.text)] == [hostile.text]
    from store_corpus import article

    para = ['"We will not close the <script>bridge</script> at night," said Ann Vo.']
    text = "We will not close the <script>bridge</script> at night,"
    one = article("h1", headline="Bridge", paragraphs=para, publisher="A",
                  entities=[("Ann Vo", "PERSON", [(0, "Ann Vo")])],
                  quotes=[{"kind": "direct", "text": text, "paragraph": 0, "speaker": 0}])
    two = article("h2", headline="Bridge", paragraphs=para, publisher="B",
                  entities=[("Ann Vo", "PERSON", [(0, "Ann Vo")])],
                  quotes=[{"kind": "direct", "text": text, "paragraph": 0, "speaker": 0}])
    with Store.open(store_url) as s:
        s.add_many([one, two])
        client = TestClient(create_app(s, Settings()))
        page = client.get(f"/quotes/{quote_id(s, one.id, text)}")
        assert "&lt;script&gt;bridge&lt;/script&gt;" in page.text
        assert "<script>bridge" not in page.text


def q(text: str, speaker: str | None = "Harriet Okonjo", kind: str = "direct") -> QuoteText:
    return QuoteText.of(kind, text, speaker)


def test_classify_by_hand():
    said = q(SAID)
    assert classify(said, q(SAID.upper() + "!")).variant == "verbatim"
    assert classify(said, q(SAID.replace("new ", ""))).variant == "misquote"  # a word dropped
    assert classify(said, q(SAID.replace("raise", "lower"))).variant == "misquote"
    assert classify(said, q("every household on the estuary will get a new meter")).variant \
        == "truncated"
    assert classify(said, q("We will not raise water bills ... by the spring")).variant \
        == "truncated"
    # words left out without an ellipsis: more than three is not a misquote
    assert classify(said, q("We will not raise water bills by the spring")) is None
    assert classify(said, q(SAID, "Okonjo")).variant == "verbatim"  # the surname alone
    assert classify(said, q(SAID, "Tomas Breck")).variant == "conflicting_speaker"
    assert classify(said, q(SAID, None)).variant == "verbatim"  # an unknown speaker: no conflict
    # a common phrase in two speakers' mouths is no conflict (bench/provenance.py found 87 such
    # wrong links before CONFLICT_MIN_WORDS); by one speaker it is a fragment
    phrase = "the former secretary of state"
    assert classify(q(phrase, "Ann Vo"), q(phrase + " was warned twice", "Ed Cole")) is None
    assert classify(q(phrase, "Ann Vo"), q(phrase, "Ed Cole")) is None
    assert classify(q(phrase, "Ann Vo"), q(phrase + " was warned twice", "Vo")).variant \
        == "truncated"
    indirect = q("that households on the estuary would get new meters by spring", kind="indirect")
    assert classify(said, indirect).variant == "paraphrase"
    assert classify(said, q(indirect.text, "Tomas Breck", "indirect")) is None
    assert classify(said, q("Water bills will rise this year, and the meters must wait")) is None
    assert classify(q("we will"), q("we will")) is None  # under three words
    # an indirect report in the very words of a direct quotation is reported speech, not a
    # fragment ("that" + the words was classed truncated before bench/provenance.py showed it);
    # two indirect ones compare by wording, the leading "that" left out
    reported = q("that " + SAID, kind="indirect")
    assert classify(said, reported).variant == "paraphrase"
    assert classify(reported, q(SAID, "Okonjo", "indirect")).variant == "verbatim"
    assert classify(q(SAID, "Tomas Breck"), reported).variant == "conflicting_speaker"


def test_words_of_ascii_and_other_text():
    # an ASCII text is lowered whole, any other folded word by word: the same words
    assert words("Don't STOP_now, 2 x4!") == ("don", "t", "stop_now", "2", "x4")
    assert words("Zoë SAID: «Ça va», Łukasz") == ("zoe", "said", "ca", "va", "lukasz")
    assert words("") == () and words("...") == ()
    assert speaker_words("Agnes THORNBURY") == ("agnes", "thornbury")
    assert speaker_words(None) == ()
    assert QuoteText.of("direct", "We will... reopen").ellipsis
    assert not QuoteText.of("direct", "We will reopen.").ellipsis


def test_keys_and_word_diff_by_hand():
    # 11 words: 9 shingles ("not" is no function word: negation is content); content stems
    # not, raise, water, bill, year, every, household: 7 speaker keys (okonjo + stem)
    assert len(keys(q("We will not raise water bills this year for every household"))) == 16
    assert len(keys(q("We will not raise water bills this year for every household", None))) \
        == 9
    # "so we did" and "we did it" are function words alone: left out, "did it again" is left
    assert len(keys(q("so we did it again", None))) == 1
    assert keys(q("so we did")) == {next(iter(keys(q("so we did"))))}  # function words alone
    assert keys(q("we did")) == set()
    # the keys kept: a winnowed subset, of which every fragment of WINNOW shingles holds one;
    # SAID has 22 words: 20 shingles, none of function words alone, and 12 content stems
    said = q(SAID)
    kept = index_keys(said)
    # winnowing keeps at least one of every 3 consecutive shingles: 7 to 19 of the 20, and
    # the 3 speaker keys of smallest hash
    assert kept < keys(said) and len(keys(said)) == 32 and 7 + 3 <= len(kept) < 20 + 3
    words = SAID.split()
    for start in range(len(words) - (WINNOW + 2) + 1):
        fragment = q(" ".join(words[start:start + WINNOW + 2]), None)
        assert index_keys(fragment) & kept, fragment.text
    assert word_diff("We will reopen the old bridge on Monday.",
                     "We will reopen the bridge on Friday!") == [
        Segment("same", "We will reopen the"), Segment("dropped", "old"),
        Segment("same", " bridge on "), Segment("changed", "Friday"), Segment("same", "!")]


def test_migration_0008_links_the_quotations_already_stored(store_url, records):
    url = database_url(store_url)
    engine = backend_for(url).create_engine(url)
    with engine.begin() as conn:
        command.upgrade(migrations.config(conn), "0007")
    old = Store(engine)
    old.linkers = []  # the store as it wrote before revision 0008
    try:
        for name in STORED:
            assert old.add(records[name]) is True
        migrations.upgrade(engine)
        with engine.connect() as conn:
            assert migrations.current(conn) == migrations.head()
        original = quote_id(old, records["gazette-meters"].id, SAID)
        got = old.quote_provenance(original)
        assert [o.variant for o in got.occurrences] == [
            "misquote", "truncated", "verbatim", "paraphrase", "conflicting_speaker"]
        with engine.begin() as conn:
            command.downgrade(migrations.config(conn), "0007")
            assert sa.inspect(conn).has_table("quote_occurrences") is False
            assert sa.inspect(conn).has_table("quote_keys") is False
    finally:
        old.close()
