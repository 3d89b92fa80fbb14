"""One entity across the store (corpus/entity_links.py), on SQLite and PostgreSQL.

The pages of tests/pages/entity-links/ are invented: Viktor Orbán named in full in one article
and only as "Orban" / "Mr Orban" / "Prime Minister Orban" in another (both in Budapest);
Łukasz Kowalski with and without the diacritic; Anna Berg (a choir in Ostervik) and Tomas Berg
(a football club), a follow-up about the Ostervik choir that says only "Berg", and a bakery
story whose "Berg" is neither. Name order, initials, a middle name, a surname that fits two
people and an honorific's gender are records built by hand (tests/store_corpus.py).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from store_corpus import article

import dateline
from dateline.cli import main
from dateline.config import Settings
from dateline.corpus import Store, migrations
from dateline.corpus.backends import backend_for
from dateline.corpus.entity_links import fits, full_key, local_features
from dateline.corpus.keys import entity_key
from dateline.corpus.store import database_url

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PAGES = Path(__file__).parent / "pages" / "entity-links"


@pytest.fixture(scope="session")
def pages():
    """The understood records of the pages, by file stem, each published on its own day."""
    days = {"orban-budget": 1, "orban-interview": 2, "kowalski-port": 3, "kowalski-strike": 4,
            "anna-berg-choir": 5, "tomas-berg-football": 6, "berg-choir-followup": 7,
            "berg-bakery": 8}
    return {stem: dateline.extract((PAGES / f"{stem}.txt").read_bytes(), format="text",
                                   source=f"{stem}.txt")
            .model_copy(update={"published": f"2024-05-{day:02d}"})
            for stem, day in days.items()}


def _said_by(record, name: str) -> int:
    """Quotes of ``record`` whose speaker is its entity named ``name``."""
    ids = {e.id for e in record.entities if e.name == name}
    return sum(1 for q in record.quotes if q.speaker and q.speaker.entity in ids)


def test_surname_title_and_honorific_link_to_the_full_name(store_url, pages):
    budget, interview = pages["orban-budget"], pages["orban-interview"]
    # inside the interview, "Orban", "Mr Orban" and "Prime Minister Orban" are one entity
    [orban] = [e for e in interview.entities if e.type == "PERSON"]
    assert orban.name == "Orban" and len(orban.mentions) == 4
    said = _said_by(budget, "Viktor Orbán") + _said_by(interview, "Orban")
    assert _said_by(interview, "Orban") >= 1
    with Store.open(store_url) as s:
        s.add_many([budget, interview])
        [link], total = s.entity_links("person:viktor-orban")
        assert total == 1
        assert (link.article_id, link.entity_key, link.name, link.target_key, link.rule,
                link.variant, link.status) == (interview.id, "person:orban", "Orban",
                                               "person:viktor-orban", "surname", "orban",
                                               "linked")
        assert "role:prime minister" in link.support and link.score >= 1.0
        e = s.entity("person:viktor-orban")
        assert e.articles == 2 and e.quotes_total == said
        assert {q.article_id for q in e.quotes} == {budget.id, interview.id}
        assert {(a.article_id, a.entity_key, tuple(a.variants)) for a in e.article_variants} == {
            (budget.id, "person:viktor-orban", ("Viktor Orbán",)),
            (interview.id, "person:orban", ("Orban",))}
        assert e.variants[:2] == ["Viktor Orbán", "Orban"]
        assert [c.key for c in e.co_occurring] == ["gpe:budapest", "gpe:hungary"]
        assert s.entity("person:orban").articles == 0
        assert s.search(entity="person:viktor-orban")[1] == 2
        assert s.quotes(speaker="person:viktor-orban")[1] == said
        assert s.quotes(speaker="person:orban")[1] == 0


def test_diacritics_are_one_key(store_url, pages):
    port, strike = pages["kowalski-port"], pages["kowalski-strike"]
    with Store.open(store_url) as s:
        s.add_many([port, strike])
        e = s.entity("person:lukasz-kowalski")
        assert e.articles == 2
        assert {a.article_id: a.variants for a in e.article_variants} == {
            port.id: ["Łukasz Kowalski"], strike.id: ["Lukasz Kowalski"]}
        assert s.entity_links()[1] == 0  # one key already: nothing to link


def test_people_who_share_a_surname_stay_two(store_url, pages):
    anna, tomas = pages["anna-berg-choir"], pages["tomas-berg-football"]
    followup, bakery = pages["berg-choir-followup"], pages["berg-bakery"]
    with Store.open(store_url) as s:
        s.add_many([anna, tomas, followup, bakery])
        assert s.entity("person:anna-berg").articles == 2  # and the choir's follow-up
        assert s.entity("person:tomas-berg").articles == 1
        [link], _ = s.entity_links()
        assert (link.article_id, link.entity_key, link.target_key, link.support) == (
            followup.id, "person:berg", "person:anna-berg", ["org:ostervik"])
        # the bakery's Berg is neither: it stays under its own key
        berg = s.entity("person:berg")
        assert berg.articles == 1 and [a.article_id for a in berg.article_variants] == [
            bakery.id]
        assert s.quotes(speaker="person:tomas-berg")[1] == _said_by(tomas, "Tomas Berg")


def test_unlink_undoes_a_link_and_it_stays_undone(store_url, pages):
    budget, interview = pages["orban-budget"], pages["orban-interview"]
    with Store.open(store_url) as s:
        s.add_many([budget, interview])
        [link], _ = s.entity_links()
        undone = s.unlink_entity(link.id)
        assert undone.status == "unlinked" and undone.undone is not None
        assert s.unlink_entity(link.id) == undone  # a second time changes nothing
        assert s.unlink_entity(link.id + 1000) is None
        viktor, orban = s.entity("person:viktor-orban"), s.entity("person:orban")
        assert viktor.articles == 1 and orban.articles == 1
        assert {q.article_id for q in viktor.quotes} == {budget.id}
        assert s.quotes(speaker="person:orban")[1] == _said_by(interview, "Orban")
        assert [a.article_id for a in viktor.article_variants] == [budget.id]
        # the same entity key is not linked to that target again
        again = interview.model_copy(update={"id": "e" * 64, "published": "2024-05-09"})
        assert s.add(again) is True
        assert s.entity_links(status="linked")[1] == 0
        assert s.entity("person:orban").articles == 2


def test_unlink_from_the_command_line(tmp_path, pages, capsys):
    db = str(tmp_path / "c.db")
    with Store.open(db) as s:
        s.add_many([pages["orban-budget"], pages["orban-interview"]])
        [link], _ = s.entity_links()
    assert main(["entities", "links", "person:viktor-orban", "--db", db, "--json"]) == 0
    out = capsys.readouterr().out
    assert '"rule": "surname"' in out and '"total": 1' in out
    assert main(["entities", "unlink", str(link.id), "--db", db]) == 0
    assert "is no longer person:viktor-orban" in capsys.readouterr().err
    assert main(["entities", "unlink", "999", "--db", db]) == 1
    with Store.open(db) as s:
        assert s.entity("person:viktor-orban").articles == 1


def test_api_and_entity_page_show_links_and_names_per_article(store_url, pages):
    budget, interview = pages["orban-budget"], pages["orban-interview"]
    with Store.open(store_url) as s:
        s.add_many([budget, interview])
        client = TestClient(create_app(s))
        body = client.get("/api/v1/entities/person:viktor-orban").json()
        assert body["articles"] == 2
        assert [(k["entity_key"], k["rule"], k["variant"]) for k in body["links"]] == [
            ("person:orban", "surname", "orban")]
        assert {a["article_id"]: a["variants"] for a in body["article_variants"]} == {
            budget.id: ["Viktor Orbán"], interview.id: ["Orban"]}
        html = client.get("/entities/person:viktor-orban").text
        assert "Names in each article" in html and "surname “orban”" in html
        assert f'/articles/{interview.id}">Orban defends the spending plan' in html


def create_app(store):
    from dateline.web import create_app as make

    return make(store, Settings())


# -- hand-built records: name order, initials, middle names, two fits, gender ---------------


def _person(name: str, paragraph: str, *others: tuple[str, str]):
    """A one-paragraph record naming ``name`` (a PERSON, written so in ``paragraph``) and
    ``others`` ((name, type))."""
    ents = [(name, "PERSON", [(0, name)])] + [(n, t, [(0, n)]) for n, t in others]
    return article(f"{name}-{paragraph[:20]}", headline=paragraph[:30], paragraphs=[paragraph],
                   published="2024-06-01", entities=ents)


def test_name_order_initials_and_middle_names_link(store_url):
    first = _person("Viktor Orbán", "Viktor Orbán spoke in Budapest.", ("Budapest", "GPE"))
    reversed_ = _person("Orbán Viktor", "Orbán Viktor spoke again.")
    initial = _person("V. Orban", "V. Orban arrived late.")
    middle = _person("Viktor Mihály Orbán", "Viktor Mihály Orbán left early.")
    with Store.open(store_url) as s:
        s.add_many([first, reversed_, initial, middle])
        links = {k.entity_key: (k.target_key, k.rule, k.variant)
                 for k in s.entity_links("person:viktor-orban")[0]}
        assert links == {
            "person:orban-viktor": ("person:viktor-orban", "same_tokens", "orban viktor"),
            "person:v-orban": ("person:viktor-orban", "name_subset", "v orban"),
            "person:viktor-mihaly-orban": ("person:viktor-orban", "name_subset",
                                           "viktor mihaly orban")}
        assert s.entity("person:viktor-orban").articles == 4


def test_a_surname_that_fits_both_or_a_conflicting_honorific_stays_unlinked(store_url):
    anna = _person("Anna Berg", "Ms Anna Berg led the Ostervik Choir in Ostervik.",
                   ("Ostervik Choir", "ORG"), ("Ostervik", "GPE"))
    tomas = _person("Tomas Berg", "Tomas Berg signed for Harbour United.",
                    ("Harbour United", "ORG"))
    both = _person("Berg", "Berg met Harbour United fans in Ostervik.",
                   ("Harbour United", "ORG"), ("Ostervik", "GPE"))
    mister = _person("Berg", "Mr Berg opened a shop in Ostervik.", ("Ostervik", "GPE"))
    choir = _person("Berg", "Berg thanked the Ostervik Choir in Ostervik.",
                    ("Ostervik Choir", "ORG"), ("Ostervik", "GPE"))
    with Store.open(store_url) as s:
        s.add_many([anna, tomas, both, mister, choir])
        [link], _ = s.entity_links()
        assert (link.article_id, link.target_key) == (choir.id, "person:anna-berg")
        assert s.entity("person:berg").articles == 2


def test_a_role_that_fits_none_of_the_candidates_counts_against_it(store_url):
    senator = _person("Agnes Dvorak", "Senator Agnes Dvorak spoke in Millbrook.",
                      ("Millbrook", "GPE"))
    coach = _person("Dvorak", "Coach Dvorak trained the team in Millbrook.",
                    ("Millbrook", "GPE"))
    again = _person("Dvorak", "Senator Dvorak voted in Millbrook.", ("Millbrook", "GPE"))
    with Store.open(store_url) as s:
        s.add_many([senator, coach, again])
        [link], _ = s.entity_links()
        assert (link.article_id, link.target_key, link.support) == (
            again.id, "person:agnes-dvorak", ["gpe:millbrook", "role:senator"])


def test_earlier_surnames_and_initials_link_when_the_full_name_comes(store_url):
    early = _person("Kettering", "Kettering opened an office of Fennick Ferries in Fennick.",
                    ("Fennick Ferries", "ORG"), ("Fennick", "GPE"))
    initial = _person("H. Kettering", "H. Kettering spoke in Fennick.", ("Fennick", "GPE"))
    other = _person("Kettering", "Kettering won the chess cup in Lindholm.",
                    ("Lindholm", "GPE"))
    full = _person("Helga Kettering", "Helga Kettering of Fennick Ferries spoke in Fennick.",
                   ("Fennick Ferries", "ORG"), ("Fennick", "GPE"))
    with Store.open(store_url) as s:
        s.add_many([early, initial, other])
        assert s.entity_links()[1] == 0
        s.add(full)
        links = {(k.article_id, k.entity_key, k.rule) for k in s.entity_links()[0]}
        assert links == {(early.id, "person:kettering", "surname"),
                         (initial.id, "person:h-kettering", "name_subset")}
        assert s.entity("person:helga-kettering").articles == 3
        assert s.entity("person:kettering").articles == 1  # the chess player
        with s.engine.connect() as conn:
            waiting = conn.execute(sa.text("SELECT article_id FROM entity_link_pending")
                                   ).scalars().all()
        assert waiting == [other.id]


def test_fits_and_keys():
    assert full_key(("viktor", "orban")) == full_key(("orban", "viktor")) == "full:orban viktor"
    assert fits(("v", "orban"), ("viktor", "orban"))
    assert fits(("orban",), ("viktor", "mihaly", "orban"))
    assert not fits(("anna", "berg"), ("tomas", "berg"))
    assert not fits(("v", "v"), ("viktor", "orban"))


def test_local_features_read_titles_roles_and_honorifics():
    para = "Prime Minister Orban spoke. Mr Orban left. The Hungarian prime minister smiled."
    record = article("f", headline="x", paragraphs=[para], entities=[
        ("Orban", "PERSON", [(0, "Orban"), (0, "The Hungarian prime minister")])])
    ent = record.entities[0]
    at = para.index("Orban", para.index("Mr"))
    ent.mentions.append(ent.mentions[0].model_copy(update={"start": at, "end": at + 5}))
    assert local_features(ent, record, ("orban",)) == {"role:prime minister", "gender:m"}
    assert local_features(ent.model_copy(update={"mentions": ent.mentions[1:2]}), record,
                          ("orban",)) == {"role:prime minister"}


def test_0009_links_the_records_already_stored(store_url, pages):
    url = database_url(store_url)
    engine = backend_for(url).create_engine(url)
    with engine.begin() as conn:
        command.upgrade(migrations.config(conn), "0008")
    old = Store(engine)
    old.linkers = []  # the store before revision 0009
    old.add_many([pages["orban-budget"], pages["orban-interview"]])
    migrations.upgrade(engine)
    try:
        with engine.connect() as conn:
            got = conn.execute(sa.text("SELECT entity_key, target_key, rule FROM entity_links"
                                       )).all()
            n_variants = conn.execute(sa.text("SELECT count(*) FROM entity_article_variants")
                                      ).scalar_one()
        assert [tuple(r) for r in got] == [("person:orban", "person:viktor-orban", "surname")]
        records = [pages["orban-budget"], pages["orban-interview"]]
        assert n_variants == len({(a.id, entity_key(e.name, e.type), m.text)
                                  for a in records for e in a.entities for m in e.mentions})
        assert Store(engine).entity("person:viktor-orban").articles == 2
    finally:
        engine.dispose()


def test_shared_keys_and_counts_read_by_the_sampled_articles(store_url):
    """The context keys the sampled articles name (the lists padded to a power of two: the
    last value repeated), and the article counts of the stored context entities."""
    from dateline.corpus.entity_link_scoring import _bucket, _padded, article_counts, shared_keys

    assert [_bucket(n) for n in (1, 2, 3, 4, 5, 9)] == [1, 2, 4, 4, 8, 16]
    assert _padded(["a", "b", "c"], "c") == {"c0": "a", "c1": "b", "c2": "c", "c3": "c"}
    one = _person("Anna Berg", "Anna Berg sang in Ostervik.", ("Ostervik", "GPE"))
    two = _person("Lars Holm", "Lars Holm spoke for Brightline in Ostervik.", ("Brightline", "ORG"),
                  ("Ostervik", "GPE"))
    three = _person("Ivo Rand", "Ivo Rand came from Kelso.", ("Kelso", "GPE"))
    with Store.open(store_url) as s:
        s.add_many([one, two, three])
        with s.engine.connect() as conn:
            context = ["gpe:kelso", "gpe:ostervik", "org:brightline", "person:nobody"]
            # Kelso is named by the third article only, not sampled
            assert shared_keys(conn, [one.id, two.id], context) == {"gpe:ostervik",
                                                                    "org:brightline"}
            assert shared_keys(conn, [one.id], context) == {"gpe:ostervik"}
            assert shared_keys(conn, [three.id, one.id, two.id], ["gpe:kelso"]) == {"gpe:kelso"}
            assert article_counts(conn, context) == {"gpe:kelso": 1, "gpe:ostervik": 2,
                                                     "org:brightline": 1}
            assert article_counts(conn, []) == {}
