"""The across-articles layer as a user reads it (a new user's trial, session 6), on pages we
wrote: a wire story about a ferry strike at an invented port and copies of it run by other
outlets under their own headlines, and a follow-up by another outlet the next day.

* a quotation id past what an ``INTEGER`` key holds names no quotation (it gave 500: SQLite's
  OverflowError past 2**63, PostgreSQL's out-of-range past 2**31);
* the search page folds the copies of one article into one line while ``total`` counts
  articles, so its pager offered pages of nothing ("1-20 of 23", "Next" to an empty page);
* a story lists each quotation once, not once per syndicated copy (its 100 quotations were
  filled by the copies' repeats);
* an alert cannot follow a story id that is no stored story (the 12 characters the story list
  shows, a typo: saved, and never matched);
* every listed quotation carries its id and links to its provenance; quotation lists and the
  quote lookup give a quotation repeated by copies of one article once;
* the quote page sets a left-out word apart; an undated article reads "undated" on its story;
* the export carries quote provenance (the Spark job's ``quote_occurrences``).
"""

from __future__ import annotations

import warnings

import pytest
import storypages

import dateline
from dateline.config import Settings
from dateline.corpus.store import Store
from dateline.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

WIRE = [
    "KESTON (Tidewire) - Ferry crews at the port of Keston stopped work on Tuesday, leaving "
    "hundreds of passengers stranded on the quay after talks over rest breaks between "
    "crossings broke down late on Monday night.",
    "“We asked for twenty minutes between crossings and they gave us a letter,” said Orla "
    "Penhale, who speaks for the crews' union. “Nobody should steer a ferry on no sleep.”",
    "The ferry operator, Keston Sound Lines, said three of its eight daily sailings would "
    "still run with managers on the bridge. “We are sorry for the disruption,” said its "
    "operations director, Bram Tennick.",
    "Island shopkeepers said deliveries of bread and newspapers would be a day late at least, "
    "and the island school told parents it would open an hour later on Wednesday.",
]

FOLLOW_UP = [
    "Ferry crews at Keston returned to the quay on Wednesday morning for a second day of their "
    "stoppage over rest breaks, as the operator cancelled every sailing before noon.",
    "Orla Penhale, who speaks for the crews' union, said no new offer had been made. “The "
    "letter is still the only thing they have given us,” she said.",
    "Keston Sound Lines said it hoped to run a full timetable again by the weekend and that "
    "stranded passengers could claim their fares back at the ticket office.",
    "Harbour cafes along the quay said they had sold out of soup by eleven o'clock.",
]


def page(outlet: str, published: str, headline: str, paragraphs: list[str]) -> bytes:
    """An HTML news page with the outlet's name and publication time in its metadata."""
    return storypages.page(outlet, published, headline, None, paragraphs)


def wire_copy(n: int) -> bytes:
    """Copy ``n`` of the wire story: outlet n, its own headline, 30 minutes after the last."""
    return page(f"The Coast Post {n}", f"2026-05-05T{8 + n // 2:02d}:{30 * (n % 2):02d}:00+00:00",
                f"Keston ferry crews walk out over rest breaks ({n})", WIRE)


@pytest.fixture(scope="module")
def story_records():
    """The wire story, two copies and the follow-up, understood (quotations, entities)."""
    return [dateline.extract(p) for p in (
        wire_copy(0), wire_copy(1), wire_copy(2),
        page("The Island Herald", "2026-05-06T12:00:00+00:00",
             "Keston ferry strike goes into a second day", FOLLOW_UP))]


@pytest.fixture
def story_store(store_url, story_records):
    with Store.open(store_url) as s:
        for article in story_records:
            assert s.add(article)
        yield s


def test_a_quote_id_past_the_integer_key_is_no_quotation(story_store):
    client = TestClient(create_app(story_store, Settings()))
    for quote_id in (2**31, 2**63, 10**22):
        assert story_store.quote_provenance(quote_id) is None
        assert client.get(f"/api/v1/quotes/{quote_id}/provenance").status_code == 404
        assert client.get(f"/quotes/{quote_id}").status_code == 404
    assert client.get("/api/v1/quotes/0/provenance").status_code == 404


def test_a_story_lists_each_quotation_once_across_its_copies(story_store, story_records):
    wire, copy1, copy2, follow_up = story_records
    client = TestClient(create_app(story_store, Settings()))
    story = client.get(f"/api/v1/stories/{story_store.story_of(wire.id)}").json()
    assert [a["id"] for a in story["items"]] == [wire.id, copy1.id, copy2.id, follow_up.id]
    texts = [q["text"] for q in story["quotes"]]
    # every quotation of the wire once, from the wire itself, then the follow-up's
    said = "Nobody should steer a ferry on no sleep"
    assert texts.count(said) == 1
    assert [q["article_id"] for q in story["quotes"] if q["text"] == said] == [wire.id]
    assert "The letter is still the only thing they have given us" in texts
    assert len(texts) == len(set(zip(texts, [q["speaker"] for q in story["quotes"]],
                                     strict=True)))
    assert len(texts) < sum(len(r.quotes) for r in story_records)


def test_an_alert_cannot_follow_a_story_that_is_not_stored(story_store, story_records):
    sid = story_store.story_of(story_records[0].id)
    client = TestClient(create_app(story_store, Settings(api_token="t0ken")))
    auth = {"Authorization": "Bearer t0ken"}
    for wrong in (sid[:12], "nope", "0" * 64):
        made = client.post("/api/v1/alerts", json={"story_id": wrong}, headers=auth)
        assert made.status_code == 400 and "no story" in made.json()["detail"]
    assert story_store.alerts() == []
    made = client.post("/api/v1/alerts", json={"story_id": sid}, headers=auth)
    assert made.status_code == 201 and made.json()["story_id"] == sid


def test_the_search_pager_counts_the_lines_of_folded_copies(tmp_path):
    # 23 copies of one wire text (one duplicate group) and the follow-up: two lines, one page
    with Store.open(str(tmp_path / "copies.db")) as s:
        copies = [dateline.extract(wire_copy(n), nlp=False) for n in range(23)]
        other = dateline.extract(page("The Island Herald", "2026-05-06T12:00:00+00:00",
                                      "Keston ferry strike goes into a second day", FOLLOW_UP),
                                 nlp=False)
        for article in [*copies, other]:
            assert s.add(article)
        hits, total = s.search("Keston")
        assert total == 24 and len(hits) == 2 and hits[0].duplicates + hits[1].duplicates == 22
        text = TestClient(create_app(s, Settings())).get("/?q=Keston").text
    assert "24 articles for <q>Keston</q>; the copies of one article are one line" in text
    assert '<span class="count">1–2</span>' in text
    assert 'rel="next"' not in text


def test_every_listed_quotation_leads_to_its_provenance(story_store, story_records):
    # /api/v1/quotes, the story, the entity page and the article page gave no quotation id, so
    # "who said it first" was reached only by pasting the words into the lookup
    wire, copy1 = story_records[:2]
    said = "Nobody should steer a ferry on no sleep"
    client = TestClient(create_app(story_store, Settings()))
    every, total = story_store.quotes(q="steer ferry sleep", collapse=False)
    assert total == 3
    assert sorted(h.article_id for h in every) == sorted(r.id for r in story_records[:3])
    for hit in every:
        prov = client.get(f"/api/v1/quotes/{hit.quote_id}/provenance").json()
        assert prov["quote"]["text"] == said and prov["quote"]["article_id"] == hit.article_id
        assert prov["first_report"]["article_id"] == wire.id
    ids = {h.article_id: h.quote_id for h in every}
    listed = client.get("/api/v1/quotes", params={"q": "steer ferry sleep"}).json()
    assert [h["quote_id"] for h in listed["items"]] == [ids[wire.id]]
    assert story_store.quote_ids("nope") == []
    position = next(i for i, q in enumerate(copy1.quotes) if q.text == said)
    assert story_store.quote_ids(copy1.id)[position] == ids[copy1.id]
    assert f'href="/quotes/{ids[copy1.id]}">who said it first' in client.get(
        f"/articles/{copy1.id}").text
    story = client.get(f"/stories/{story_store.story_of(wire.id)}").text
    assert f'href="/quotes/{ids[wire.id]}">who said it first' in story
    assert every[0].speaker_entity_key == "person:orla-penhale"
    entity = client.get("/entities/person:orla-penhale").text
    assert f'href="/quotes/{ids[wire.id]}">who said it first' in entity


def test_a_speakers_quotations_are_listed_once_for_the_copies_of_an_article(story_store,
                                                                             story_records):
    # "what has she said": each of the wire's quotations came three times, once per copy
    wire, follow_up = story_records[0], story_records[3]
    every, total = story_store.quotes(speaker="person:orla-penhale", collapse=False)
    folded, same_total = story_store.quotes(speaker="person:orla-penhale")
    assert same_total == total == len(every)
    wire_quotes = [q.text for q in wire.quotes if q.speaker and q.speaker.name == "Orla Penhale"]
    assert len(wire_quotes) >= 2
    follow_up_quotes = [h.text for h in every if h.article_id == follow_up.id]
    assert len(every) == 3 * len(wire_quotes) + len(follow_up_quotes)
    # newest day first: the follow-up's, then the wire's, each once and from the original
    assert [h.text for h in folded] == follow_up_quotes + wire_quotes
    assert {h.article_id for h in folded} == {follow_up.id, wire.id}
    assert [h.text for h in story_store.quotes(speaker="person:orla-penhale", limit=1,
                                               offset=len(follow_up_quotes))[0]] == wire_quotes[:1]
    client = TestClient(create_app(story_store, Settings()))
    page = client.get("/entities/person:orla-penhale").text
    assert page.count("Nobody should steer a ferry on no sleep</blockquote>") == 1
    assert f'<span class="count">1–{len(folded)}</span>' in page


def test_a_word_left_out_of_a_quotation_stands_apart_on_its_timeline(store_url):
    # the left-out word was written against its neighbours: "strike<del>but</del> ... the"
    # read "strikebut ..."
    from store_corpus import article

    said = "We asked for twenty minutes, but they gave us a letter"
    cut = "We asked for twenty minutes ... they gave us a letter"
    first_words = "Frankly, we asked for twenty minutes, but they gave us a letter"
    people = [("Orla Penhale", "PERSON", [(0, "Orla Penhale")])]

    def one(name: str, day: str, text: str):
        paragraphs = [f"Orla Penhale spoke to reporters at the quay. “{text},” she said."]
        return article(name, headline=f"Crews at Keston ({name})", paragraphs=paragraphs,
                       publisher=name, published=f"2026-05-0{day}T09:00:00+00:00",
                       entities=people, quotes=[{"kind": "direct", "text": text,
                                                 "paragraph": 0, "speaker": 0}])

    with Store.open(store_url) as s:
        for record in (one("first", "5", first_words), one("second", "6", said),
                       one("third", "7", cut)):
            assert s.add(record)
        hits, _ = s.quotes(speaker="Orla Penhale")
        own = next(h.quote_id for h in hits if h.text == first_words)
        variants = {o.text: o.variant for o in s.quote_provenance(own).occurrences}
        assert variants == {said: "truncated", cut: "truncated"}  # a word left out, each
        page = TestClient(create_app(s, Settings())).get(f"/quotes/{own}").text
    assert '<del class="w-dropped">Frankly</del> We asked' in page
    assert 'minutes <del class="w-dropped">but</del> ... they gave' in page


def test_an_undated_article_is_undated_on_its_story_page(store_url):
    # its line of the timeline was an empty <time datetime=""> before the publisher
    from store_corpus import article

    undated = article("undated", headline="Why the Keston crews walked out",
                      paragraphs=FOLLOW_UP, publisher="The Island Herald")
    with Store.open(store_url) as s:
        assert s.add(undated)
        page = TestClient(create_app(s, Settings())).get(f"/stories/{s.story_of(undated.id)}")
    assert page.status_code == 200
    assert '<time datetime="">' not in page.text
    assert ">undated</span> · <span class=\"publisher\">The Island Herald</span>" in page.text


def test_quote_lookup_gives_a_quotation_once_for_the_copies_of_its_article(story_store,
                                                                           story_records):
    # the wire and its two copies were three hits of one quotation (ten in the trial's store,
    # for four articles), pushing the other reports off the page
    wire = story_records[0]
    client = TestClient(create_app(story_store, Settings()))
    said = "Nobody should steer a ferry on no sleep"
    hits = client.get("/api/v1/quote-lookup", params={"text": said}).json()["items"]
    assert [(h["article_id"], h["text"], h["copies"]) for h in hits if h["score"] == 100] == [
        (wire.id, said, 2)]
    assert len(story_store.lookup_quote(said, collapse=False)) == len(hits) + 2
    first = hits[0]["provenance"]
    assert first["first_report"]["article_id"] == wire.id
    assert len(first["occurrences"]) == 2  # the copies are still its occurrences
    page = client.get("/lookup", params={"text": said}).text
    assert "and 2 other copies of the article</a>" in page


def test_the_export_carries_quote_provenance(story_store, story_records, tmp_path):
    # `dateline spark` wrote quote_occurrences; `dateline export` of a store had no such table
    import csv

    import pyarrow.parquet as pq

    wire, copy1, copy2, _ = story_records
    said = "Nobody should steer a ferry on no sleep"
    at = {r.id: next(i for i, q in enumerate(r.quotes) if q.text == said)
          for r in story_records[:3]}
    rows = list(story_store.quote_occurrence_rows())
    of_copy1 = [(r.other_article_id, r.other_position, r.variant, r.score, r.first_article_id,
                 r.first_position) for r in rows
                if (r.article_id, r.position) == (copy1.id, at[copy1.id])]
    # the other two reports, in time order (the wire at 08:00, copy 2 at 09:00), verbatim
    assert of_copy1 == [(wire.id, at[wire.id], "verbatim", 100, wire.id, at[wire.id]),
                        (copy2.id, at[copy2.id], "verbatim", 100, wire.id, at[wire.id])]
    # every row says what the provenance API says
    ids = {(r.id, position): quote_id for r in story_records
           for position, quote_id in enumerate(story_store.quote_ids(r.id))}
    for r in rows:
        prov = story_store.quote_provenance(ids[(r.article_id, r.position)])
        assert (r.first_article_id, ids[(r.first_article_id, r.first_position)]) == (
            prov.first_report.article_id, prov.first_report.quote_id)
        assert (ids[(r.other_article_id, r.other_position)], r.variant) in {
            (o.quote_id, o.variant) for o in prov.occurrences}
    assert len(rows) == sum(len(story_store.quote_provenance(i).occurrences)
                            for i in ids.values())
    assert story_store.export_table_csv("quote_occurrences", tmp_path / "qo.csv") == len(rows)
    with (tmp_path / "qo.csv").open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == len(rows)
    story_store.export("parquet", tmp_path / "pq")
    table = pq.read_table(tmp_path / "pq" / "quote_occurrences.parquet")
    assert table.num_rows == len(rows) and table.column_names == [
        "article_id", "position", "other_article_id", "other_position", "variant", "score",
        "first_article_id", "first_position"]
