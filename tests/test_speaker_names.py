"""A speaker's name finds what its entity key finds, through the entity links (issue 10 item 4),
in Store.quotes, the alerts (Store.matching_articles) and the REST quote search, on SQLite and
PostgreSQL.

The records are invented and built by hand (tests/store_corpus.py): Mara Quist, who runs the
Lowfield Library in Carrow, written in full in one article and as "Quist", "Quist, Mara" and
"Ms Quist" in three later ones that the store links to her; Jon Quist, a football coach who
shares her surname and nothing else.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings

import pytest
from store_corpus import article

from dateline.alerts import check_alerts
from dateline.config import Settings
from dateline.corpus import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

LIBRARY, TOWN = ("Lowfield Library", "ORG"), ("Carrow", "GPE")


def _said(name: str, said: str, rest: str, day: int, *others: tuple[str, str]):
    """A one-paragraph record in which the PERSON written ``name`` says ``said``, then
    ``rest`` (naming ``others``, (name, type))."""
    paragraph = f"\u201c{said}\u201d {name} said. {rest}"
    ents = [(name, "PERSON", [(0, name)])] + [(n, t, [(0, n)]) for n, t in others]
    return article(f"quist-{day}", headline=rest[:30], paragraphs=[paragraph],
                   published=f"2024-07-{day:02d}", entities=ents,
                   quotes=[{"kind": "direct", "text": said, "paragraph": 0, "speaker": 0}])


MARA = _said("Mara Quist", "The doors stay open", "Mara Quist runs the Lowfield Library in Carrow.",
             1, LIBRARY, TOWN)
JON = _said("Jon Quist", "We play to win", "Jon Quist coaches Tarn Rovers.", 2,
            ("Tarn Rovers", "ORG"))
SURNAME = _said("Quist", "The roof is mended", "The Lowfield Library in Carrow reopened.", 3,
                LIBRARY, TOWN)
INVERTED = _said("Quist, Mara", "Books are free", "The Lowfield Library in Carrow lends again.",
                 4, LIBRARY, TOWN)
HONORIFIC = _said("Ms Quist", "Come and read", "Carrow has the Lowfield Library back.", 5,
                  LIBRARY, TOWN)
ALL = [MARA, JON, SURNAME, INVERTED, HONORIFIC]
HERS = [MARA, SURNAME, INVERTED, HONORIFIC]


@pytest.fixture
def store(store_url):
    with Store.open(store_url) as s:
        s.add_many(ALL)
        yield s


def _quoted(store: Store, speaker: str) -> list[str]:
    items, total = store.quotes(speaker=speaker, limit=50)
    assert total == len(items)
    return sorted(q.article_id for q in items)


def _ids(records) -> list[str]:
    return sorted(r.id for r in records)


def test_the_variants_are_linked_to_her(store):
    links = {(k.entity_key, k.target_key) for k in store.entity_links("person:mara-quist")[0]}
    assert links == {("person:quist", "person:mara-quist"),
                     ("person:quist-mara", "person:mara-quist"),
                     ("person:ms-quist", "person:mara-quist")}


@pytest.mark.parametrize("name", ["Mara Quist", "mara quist", "MARA QUIST", "Quist, Mara",
                                  "Ms Mara Quist", "Mara"])
def test_her_name_finds_what_her_key_finds(store, name):
    assert _quoted(store, "person:mara-quist") == _ids(HERS)
    assert _quoted(store, name) == _ids(HERS)  # before: only the articles writing "mara quist"
    assert store.matching_articles(speaker=name) == [r.id for r in HERS]


def test_people_who_share_her_surname_stay_apart(store):
    assert _quoted(store, "Jon Quist") == _quoted(store, "person:jon-quist") == [JON.id]
    assert _quoted(store, "Jon") == [JON.id]
    # "Quist" names two canonical people: it follows neither's links and is the text match on
    # the speakers' written names it always was (each of the five is written with "Quist").
    assert _quoted(store, "Quist") == _ids(ALL)
    assert _quoted(store, "Ms Quist") == [HONORIFIC.id]


def test_an_alert_on_her_name_matches_an_article_linked_to_her(store_url):
    with Store.open(store_url) as s:
        s.add_many([MARA, JON])
        by_name = s.add_alert(speaker="Mara Quist")
        by_key = s.add_alert(speaker="person:mara-quist")
        by_surname = s.add_alert(speaker="Jon Quist")
        s.add_many([SURNAME, INVERTED])
        got = {(m.alert_id, m.article_id) for m in check_alerts(s, [SURNAME, INVERTED])}
        assert got == {(by_name, SURNAME.id), (by_name, INVERTED.id),
                       (by_key, SURNAME.id), (by_key, INVERTED.id)}
        assert not any(a == by_surname for a, _ in got)


def test_the_api_quote_search_follows_the_links(store):
    from dateline.web import create_app

    with TestClient(create_app(store, Settings())) as client:
        r = client.get("/api/v1/quotes", params={"speaker": "Mara Quist", "limit": 50})
        assert r.status_code == 200
        body = r.json()
        assert body["total"] == 4
        assert sorted(q["article_id"] for q in body["items"]) == _ids(HERS)
        assert {q["speaker"] for q in body["items"]} == {"Mara Quist", "Quist", "Quist, Mara",
                                                          "Ms Quist"}


@pytest.mark.parametrize(("name", "tokens"), [
    ("Mara Quist", ("mara", "quist")), ("Ms Quist", ("quist",)), ("Quist, Mara", ("quist", "mara")),
    ("Dr. Mara Quist", ("mara", "quist")), ("Prime Minister Viktor Orbán", ("viktor", "orban")),
    ("former President Lena Ostrova", ("lena", "ostrova")), ("Mara Quist's", ("mara", "quist")),
    ("Tom Reed Jr.", ("tom", "reed")), ("the Mayor Ann Lee", ("ann", "lee")),
    ("Hungary's Prime Minister Viktor Orban", ("viktor", "orban")),
    ("\u201cQuist\u201d", ("quist",)),
    ("Mr", ("mr",)),  # a title is stripped only before a name
    ("", ())])
def test_query_names_fold_as_the_linker_folds_them(name, tokens):
    # one function for both: the linker's (dateline.understand.names re-exports it) and the
    # store's reading of a typed speaker name
    from dateline.name_core import name_tokens
    from dateline.understand import names

    assert names.name_tokens is name_tokens
    assert name_tokens(name) == tokens


def test_reading_a_speaker_name_does_not_load_spacy():
    code = ("import sys\n"
            "from dateline.corpus.entity_link_queries import name_keys\n"
            "assert name_keys('Ms Mara Quist') is not None\n"
            "print(sorted(m for m in sys.modules if m == 'spacy' or "
            "m.startswith('dateline.understand')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.stdout.strip() == "[]"
