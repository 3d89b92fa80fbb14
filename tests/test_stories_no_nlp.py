"""Story clusters of records without entities (``dateline ingest --no-nlp``) on pages we wrote
(tests/storypages.py): the linker decides them with the models fitted on --no-nlp records and
looks stories up by their headline and lede words; records with entities keep the models fitted
with entities. Before, every --no-nlp record started its own story (the entity models cannot
reach their threshold with every entity feature 0)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
import storypages

import dateline
from dateline.corpus.link_keys import with_link_keys
from dateline.corpus.store import Store
from dateline.corpus.story_batch import StoryInput, cluster, story_input
from dateline.corpus.story_features import (
    ArticleKeys,
    Story,
    choose,
    features,
    model_name,
    probability,
    story_model,
)


@pytest.fixture(scope="module")
def plain():
    """The four pages as ``dateline ingest --no-nlp`` builds their records: no entities, and
    the story vector and words its workers compute (:func:`with_link_keys`)."""
    return [with_link_keys(dateline.extract(page, nlp=False)) for page in storypages.PAGES]


def test_the_records_have_no_entities_but_a_story_vector(plain):
    assert all(not r.entities and r.story_vector is not None for r in plain)


def test_no_nlp_records_of_one_event_join_and_another_port_stays_apart(store_url, plain):
    strike, follow_up, other, other_follow_up = plain
    with Store.open(store_url) as store:
        for record in plain:
            assert store.add(record)
        # the strike and the next day's report by another outlet: one story
        assert store.story_of(strike.id) == strike.id
        assert store.story_of(follow_up.id) == strike.id
        # the strike at another port five days later: a story of its own, with its follow-up
        assert store.story_of(other.id) == other.id
        assert store.story_of(other_follow_up.id) == other.id


def test_the_spark_path_forms_the_same_stories(plain):
    strike, follow_up, other, other_follow_up = plain
    rows = cluster(StoryInput(*story_input(r)) for r in plain)
    assert sorted(sorted(row.article_ids) for row in rows) == sorted(
        [sorted([strike.id, follow_up.id]), sorted([other.id, other_follow_up.id])])


def _keys(entities, vector):
    return ArticleKeys(entities=entities,
                       words=["ships", "queue", "port", "ellery", "dock", "strike", "talks",
                              "union", "operator", "container"],
                       headline_words=["ships", "queue", "port", "ellery", "dock"],
                       when=datetime(2025, 3, 4, 11, tzinfo=UTC), vector=vector)


def test_lookup_keys_without_entities_are_eight_headline_then_lede_words():
    a = _keys({}, None)
    assert a.lookup_keys() == ["w:ships", "w:queue", "w:port", "w:ellery", "w:dock",
                               "w:strike", "w:talks", "w:union"]
    # with entities: as before, five entities and three headline words
    b = _keys({"e:port-ellery": "place", "e:mara-quist": "person"}, None)
    assert b.lookup_keys() == ["e:port-ellery", "e:mara-quist", "w:ships", "w:queue",
                               "w:port"]


def test_the_model_is_chosen_by_entities_and_vector():
    vector = np.ones(4, dtype=np.float32) / 2
    assert model_name(_keys({"e:port-ellery": "place"}, vector)) == "vector"
    assert model_name(_keys({"e:port-ellery": "place"}, None)) == "no_vector"
    assert model_name(_keys({}, vector)) == "no_entities_vector"
    assert model_name(_keys({}, None)) == "no_entities_no_vector"
    models = story_model()
    assert set(models["no_entities_vector"]["weights"]) == {"cosine", "words", "log_gap_days"}
    assert set(models["no_entities_no_vector"]["weights"]) == {"words", "headline",
                                                                "log_gap_days"}


def test_a_record_with_entities_is_decided_by_the_entity_model():
    vector = np.ones(4, dtype=np.float32) / 2
    day = datetime(2025, 3, 3, 9, tzinfo=UTC)
    story = Story("s1", articles=2, vectors=2, centroid=vector * 2,
                  keys={"e:port-ellery": 2, "p:port-ellery": 2, "w:ships": 1, "w:port": 2},
                  first=day, last=day)
    with_entities = _keys({"e:port-ellery": "place"}, vector)
    _, p = choose(with_entities, [story])
    assert p == pytest.approx(probability(features(with_entities, story),
                                          story_model()["vector"]))
    without = _keys({}, vector)
    _, q = choose(without, [story])
    assert q == pytest.approx(probability(features(without, story),
                                          story_model()["no_entities_vector"]))
    # cosine 1, words 2 of 10 held by 1 or 2 of 2 articles, a day and 2 hours after
    f = features(without, story)
    assert f["cosine"] == pytest.approx(1.0)
    assert f["words"] == pytest.approx((0.5 + 1.0) / 10)
    assert f["headline"] == pytest.approx((0.5 + 1.0) / 5)  # ships, port of 5 headline words
    assert features(with_entities, story)["headline"] == 0.0  # not for entity records
    assert p != q


def test_a_record_with_entities_joins_a_story_of_no_nlp_records(store_url, plain):
    """A store fed both ways: the strike ingested with --no-nlp, the next day's report and the
    other port's strike with the understanding stage. The pair of a record with entities and a
    story without any is decided by the model without entities (the entity model cannot reach
    its threshold there: every entity feature is 0)."""
    strike = plain[0]
    follow_up, other = (with_link_keys(dateline.extract(storypages.PAGES[i]))
                        for i in (1, 2))
    assert follow_up.entities and other.entities
    with Store.open(store_url) as store:
        for record in (strike, follow_up, other):
            assert store.add(record)
        assert store.story_of(follow_up.id) == strike.id
        assert store.story_of(other.id) == other.id


def test_the_pair_decides_the_model():
    vector = np.ones(4, dtype=np.float32) / 2
    day = datetime(2025, 3, 3, 9, tzinfo=UTC)
    words_only = Story("s2", articles=1, vectors=1, centroid=vector,
                       keys={"w:ships": 1, "w:port": 1}, first=day, last=day)
    named = Story("s3", articles=1, vectors=1, centroid=vector,
                  keys={"e:port-ellery": 1, "w:ships": 1}, first=day, last=day)
    a = _keys({"e:port-ellery": "place"}, vector)
    assert model_name(a, words_only) == "no_entities_vector"
    assert model_name(a, named) == "vector"
    assert model_name(a) == "vector"
    assert model_name(_keys({}, None), named) == "no_entities_no_vector"
    # the headline share is read where a model without entities decides
    assert features(a, words_only)["headline"] == pytest.approx(2 / 5)
    assert features(a, named)["headline"] == 0.0
