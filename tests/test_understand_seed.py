"""The seed page (../shared/seed): entities and dates after the full understanding stage.

The page's text belongs to its publisher and is read from ../shared, never copied here; the
test is skipped when ../shared is absent.
"""

from __future__ import annotations

import pytest

from dateline.text_fold import fold
from dateline.understand.entities import entity_named

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def seed(understood_seed):
    return understood_seed


def _holding(entities, surname):
    return [e for e in entities
            if any(surname in fold(m.text).split() for m in e.mentions)]


@pytest.mark.parametrize(("surname", "canonical"), [
    ("putin", "Vladimir Putin"),
    ("orban", "Viktor Orban"),
    ("marki-zay", "Marki-Zay Peter"),
    ("stoltenberg", "Jens Stoltenberg"),
    ("gyongyosi", "Márton Gyöngyösi"),
])
def test_each_person_is_one_entity(seed, surname, canonical):
    [entity] = _holding(seed.entities, surname)
    assert entity.name == canonical
    assert entity.type == "PERSON"


def test_shortened_and_described_mentions_join_their_person(seed):
    putin = entity_named(seed.entities, "Vladimir Putin")
    orban = entity_named(seed.entities, "Viktor Orban")
    marki_zay = entity_named(seed.entities, "Peter Márki-Zay")
    texts = {e.id: [m.text for m in e.mentions] for e in seed.entities}
    assert "the Russian leader" in texts[putin.id]
    assert "the prime minister" in texts[orban.id]
    assert texts[marki_zay.id] == ["Marki-Zay Peter", "Peter"]
    assert texts[entity_named(seed.entities, "Gyöngyösi").id] == ["Márton Gyöngyösi",
                                                                  "Gyöngyösi"]
    # "Orban" tagged ORG in two sentences and PERSON elsewhere: one person
    assert texts[orban.id].count("Orban") >= 6
    assert entity_named(seed.entities, "Mr Orban") is orban
    assert entity_named(seed.entities, "Orbán") is orban
    # "the leader of an EU member state": of what is not a known country; left alone
    assert all(m.text != "the leader" for e in seed.entities for m in e.mentions)


def test_types_of_places_and_organisations(seed):
    types = {e.name: e.type for e in seed.entities}
    assert (types["NATO"], types["Kremlin"], types["Hungary"], types["Kiev"]) == (
        "ORG", "ORG", "GPE", "GPE")


def test_every_mention_slices_back_to_its_text(seed):
    for entity in seed.entities:
        for m in entity.mentions:
            assert seed.part_text(m.part, m.index)[m.start:m.end] == m.text


def test_dates(seed):
    values = {d.text: d.value for d in seed.dates}
    assert values["Monday"] == "2022-01-31"
    assert values["3rd April"] == "2022-04-03"
    assert values["2014"] == "2014"
    assert "nearly six weeks" not in values and "weeks" not in values
