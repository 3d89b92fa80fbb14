"""The story linker's model: what it knows of an article and of a story, their similarity
features, the fitted logistic model and the decision (:mod:`dateline.corpus.stories` applies it
in the store, :mod:`dateline.corpus.story_batch` to articles held in memory, as in the Spark job).

Pure functions of their inputs; see :mod:`dateline.corpus.stories` for the method.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from dateline import datafiles
from dateline.corpus.keys import fold_words
from dateline.corpus.rows import Projection
from dateline.corpus.tracking import utc_now
from dateline.model import Article

#: a story takes articles published up to this many days after its latest (or before its
#: earliest); the invented set's follow-ups come within 6 days, its same-kind events of other
#: places 9 to 30 days apart (bench/story_set.py)
WINDOW_DAYS = 10
#: lookup: entity keys per article (most mentioned first), headline words, newest stories per
#: key, stories compared in all. Cut from 8 / 8 / 20 / 30 for speed (bench/corpus.py: the
#: linker's CPU time 0.85 -> 0.6 ms an article) with the story set's BCubed F1 unchanged
#: (seed 1 and seed 2, 0.958 on seed 2)
LOOKUP_ENTITIES = 5
LOOKUP_WORDS = 3
#: lookup keys of a record without entities (``dateline ingest --no-nlp``): its headline
#: words, then its lede words, this many in all (the same statement, at most this many range
#: scans). Chosen on seed 1's --no-nlp records of the invented story set (bench/stories.py
#: --fit-no-nlp; BCubed F1 with vectors 0.898 at 8, 0.894 at 12; at 3 headline words recall
#: was capped near 0.64)
LOOKUP_WORDS_ALONE = 8
PER_KEY = 20
MAX_CANDIDATES = 12
#: keys kept per story in ``stories.key_counts`` (the most held)
STORY_KEYS = 64
#: entity types that name what a story is about (spaCy/OntoNotes labels)
PEOPLE, ORGS, PLACES = {"person"}, {"org"}, {"gpe", "loc", "fac"}
ENTITY_TYPES = PEOPLE | ORGS | PLACES | {"norp", "event", "product", "law", "work_of_art"}
FEATURES = ("cosine", "people", "orgs", "places", "entities", "coverage", "place_conflict",
            "words", "headline", "log_gap_days")
#: the features of the models of records without entities (the entity features are 0 for
#: them), with and without the story vector. The headline share helps only without the vector
#: (seed 1's --no-nlp records, bench/stories.py: BCubed F1 0.717 -> 0.745 without vectors,
#: 0.898 -> 0.872 with them, so left out there)
FEATURES_NO_ENTITIES = {"no_entities_vector": ("cosine", "words", "log_gap_days"),
                        "no_entities_no_vector": ("words", "headline", "log_gap_days")}
_WORD = re.compile(r"[^\W\d_]{4,}")


@functools.cache
def _stopwords() -> frozenset[str]:
    return frozenset(datafiles.lines("dateline.extract", "stopwords.txt")) | frozenset(
        datafiles.lines("dateline.corpus", "story_stopwords.txt"))


@functools.cache
def story_model() -> dict:
    """The fitted logistic models (``data/story_model.json``): ``{"vector": {...},
    "no_vector": {...}, "no_entities_vector": {...}, "no_entities_no_vector": {...}}``, each
    ``{"weights": {feature: w}, "bias", "threshold"}`` (see :func:`model_name`)."""
    return datafiles.json_data("dateline.corpus", "story_model.json")


def iso(moment: datetime | None) -> str | None:
    """``moment`` as UTC ISO 8601 to the second, as the story tables and the Spark job's
    ``stories`` store it, or None (a story without a dated article, an undated member)."""
    return moment.isoformat(timespec="seconds") if moment is not None else None


def instant(article: Article) -> datetime:
    """The time the linker places the article at, in UTC: its publication time (a bare date
    is midnight UTC), or for a record without ``published`` the time it is linked (now, as
    :func:`dateline.corpus.tracking.utc_now` gives it): a page is published no later than it
    is fetched and stored, so that is the latest it can have been published. Only the lookup
    window (:meth:`dateline.corpus.stories.StoryLinker.candidates`, :func:`in_window`) and
    the Spark job's block read that time; the time gap of :func:`features` takes it as
    unknown, and it is never stored as a publication time (:attr:`ArticleKeys.dated`)."""
    text = article.published or utc_now()
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@dataclass
class ArticleKeys:
    """What the linker knows of a new article: its entities as ``e:SLUG`` keys (the folded name
    without the type: the NER types of one name vary from article to article) with their
    group (person, org, place, other), most mentioned first; lede words (folded, first seen
    first); headline words; its UTC time (:func:`instant`) and story vector; ``dated``:
    whether that time is its publication time (False for a record without ``published``:
    then ``when`` is the time it was linked, which places its lookup and is never taken into
    a story's time span)."""

    entities: dict[str, str]
    words: list[str]
    headline_words: list[str]
    when: datetime
    vector: np.ndarray | None
    dated: bool = True
    word_keys: list[str] = field(init=False)
    headline_keys: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.word_keys = ["w:" + w for w in self.words]
        self.headline_keys = ["w:" + w for w in self.headline_words]

    @property
    def day(self) -> str:
        """The UTC day of ``when`` (``YYYY-MM-DD``): the day its lookup keys are stored with
        (``story_keys.last_day``), for an undated record the day it was linked."""
        return self.when.date().isoformat()

    @property
    def published(self) -> datetime | None:
        """Its publication time in UTC, None when the record has no ``published``."""
        return self.when if self.dated else None

    def lookup_keys(self) -> list[str]:
        """The keys the article is found under and looks stories up with: its
        :data:`LOOKUP_ENTITIES` most mentioned entities and :data:`LOOKUP_WORDS` headline
        words; without entities (a ``--no-nlp`` record), its first
        :data:`LOOKUP_WORDS_ALONE` lede words (:func:`article_words`: the headline's first)."""
        if self.entities:
            return list(self.entities)[:LOOKUP_ENTITIES] + self.headline_keys[:LOOKUP_WORDS]
        return self.word_keys[:LOOKUP_WORDS_ALONE]

    def all_keys(self) -> list[str]:
        """The keys counted in ``stories.key_counts``: entities, ``p:SLUG`` for the names
        this article types as places, words."""
        return (list(self.entities)
                + ["p:" + k[2:] for k, group in self.entities.items() if group == "place"]
                + self.word_keys)


def _words(text: str) -> list[str]:
    stop = _stopwords()
    return list(dict.fromkeys(w for w in _WORD.findall(fold_words(text)) if w not in stop))


def _group(entity_type: str) -> str:
    kind = entity_type.lower()
    return ("person" if kind in PEOPLE else "org" if kind in ORGS
            else "place" if kind in PLACES else "other")


def article_words(article: Article) -> tuple[list[str], list[str]]:
    """``(lede words, headline words)`` of a record: the folded words of four letters or more,
    stopwords left out, first seen first, of its headline, standfirst and first paragraph, and
    of its headline alone."""
    lede = " ".join([article.headline or "", article.standfirst or "", *article.paragraphs[:1]])
    return _words(lede), _words(article.headline or "")


def article_keys(article: Article, rows: Projection, vector: np.ndarray | None,
                 words: tuple[list[str], list[str]] | None = None) -> ArticleKeys:
    """The :class:`ArticleKeys` of a record and its row projection; ``words``: its
    :func:`article_words` when the caller has them (computed in the ingest workers)."""
    ents: dict[str, str] = {}
    for r in sorted(rows.article_entities, key=lambda r: -r.mentions):
        if r.type.lower() in ENTITY_TYPES:
            ents.setdefault("e:" + r.entity_key.split(":", 1)[1], _group(r.type))
    lede_words, headline_words = words if words is not None else article_words(article)
    return ArticleKeys(entities=ents, words=list(lede_words),
                       headline_words=list(headline_words), when=instant(article),
                       vector=vector, dated=article.published is not None)


@dataclass
class Story:
    """A stored story as the linker compares it: key counts, centroid, time span (UTC: the
    publication times of its earliest and latest dated articles; both None while none of its
    articles has a ``published``)."""

    id: str
    articles: int
    vectors: int
    centroid: np.ndarray | None
    keys: dict[str, int]
    first: datetime | None
    last: datetime | None
    shared: int = field(default=0)


def features(a: ArticleKeys, s: Story) -> dict[str, float]:
    """The similarity of article ``a`` and story ``s`` (see the module docstring): each share
    in [0, 1], ``cosine`` in [-1, 1] (0 when either has no vector), ``log_gap_days`` the
    natural log of 1 + the days between the article's publication and the story's span, 0
    when either time is unknown (an undated article; a story none of whose articles is dated):
    no evidence of a gap, and the lookup found the story under a key held within
    :data:`WINDOW_DAYS` of the article's day (for an undated article the day it is linked),
    all that is known. (Measuring an undated article's gap from its time of linking instead
    did worse on seed 2 of the story set with a share of its records undated and stored some
    hours after publication, an ad-hoc run through ``Store.add``: BCubed F1 0.9600 against
    0.9648 with 40% undated stored 72 h late, 0.9480 against 0.9544 at 168 h; 0.9648 with
    every record dated.) ``headline`` the
    share of its headline words where a model without entities decides (:func:`model_name`;
    0 otherwise: the models with entities do not read it). (Written as plain loops: it runs
    for every candidate of every article, bench/corpus.py.)"""
    keys, n = s.keys, s.articles
    sums = {"person": 0.0, "org": 0.0, "place": 0.0, "other": 0.0}
    counts = dict.fromkeys(sums, 0)
    for key, group in a.entities.items():
        held = keys.get(key, 0)
        sums[group] += held / n if held < n else 1.0
        counts[group] += 1
    places, main = [], []
    for key, held in keys.items():
        if held * 2 >= n:
            if key[0] == "p":
                places.append("e:" + key[2:])
            elif key[0] == "e":
                main.append(key)
    conflict = float(bool(counts["place"] and places
                          and not any(k in a.entities for k in places)))
    coverage = sum(k in a.entities for k in main) / len(main) if main else 0.0
    words = 0.0
    for key in a.word_keys:
        held = keys.get(key, 0)
        words += held / n if held < n else 1.0
    head = 0.0
    if not a.entities or not has_entities(s):
        for key in a.headline_keys:
            held = keys.get(key, 0)
            head += held / n if held < n else 1.0
        head = head / len(a.headline_keys) if a.headline_keys else 0.0
    cosine = 0.0
    if a.vector is not None and s.centroid is not None and s.vectors:
        norm = math.sqrt(float(s.centroid @ s.centroid))
        cosine = float(a.vector @ s.centroid) / norm if norm else 0.0
    if not a.dated or s.first is None or s.last is None:
        gap = 0.0
    elif a.when < s.first:
        gap = (s.first - a.when).total_seconds()
    else:
        gap = max(0.0, (a.when - s.last).total_seconds())
    total = len(a.entities)

    def share(group: str) -> float:
        return sums[group] / counts[group] if counts[group] else 0.0

    return {"cosine": cosine, "people": share("person"), "orgs": share("org"),
            "places": share("place"),
            "entities": sum(sums.values()) / total if total else 0.0,
            "coverage": coverage, "place_conflict": conflict,
            "words": words / len(a.word_keys) if a.word_keys else 0.0, "headline": head,
            "log_gap_days": math.log1p(gap / 86400.0)}


def probability(feats: dict[str, float], model: dict) -> float:
    """The logistic model's probability that the article belongs to the story."""
    z = model["bias"] + sum(w * feats[name] for name, w in model["weights"].items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def has_entities(s: Story) -> bool:
    """Whether any article of story ``s`` named an entity (an ``e:`` key among its kept
    keys); a story of ``dateline ingest --no-nlp`` records names none."""
    return any(key.startswith("e:") for key in s.keys)


def model_name(a: ArticleKeys, s: Story | None = None) -> str:
    """The model that decides whether article ``a`` joins story ``s``: ``vector`` or
    ``no_vector`` (fitted on records with entities, with and without the cosine) when both
    name entities (``s`` None: the article alone decides), else ``no_entities_vector`` or
    ``no_entities_no_vector`` (fitted on ``dateline ingest --no-nlp`` records, whose entity
    features are all 0: the models with entities cannot reach their threshold for them, nor
    for an article with entities and a story of such records)."""
    name = "vector" if a.vector is not None else "no_vector"
    both = a.entities and (s is None or has_entities(s))
    return name if both else "no_entities_" + name


def choose(a: ArticleKeys, found: list[Story]) -> tuple[Story | None, float]:
    """The story article ``a`` joins among ``found`` and its probability, each story scored
    by the model of the pair (:func:`model_name`): the most probable of those that reach
    their model's threshold, or ``(None, best probability)`` when none does."""
    models = story_model()
    best, best_p, top = None, 0.0, 0.0
    for story in found:
        model = models[model_name(a, story)]
        p = probability(features(a, story), model)
        top = max(top, p)
        if p >= model["threshold"] and p > best_p:
            best, best_p = story, p
    return (best, best_p) if best is not None else (None, top)


def started(story_id: str, a: ArticleKeys) -> Story:
    """The new story ``story_id`` that article ``a`` starts (no time span when ``a`` is
    undated)."""
    return Story(story_id, 1, int(a.vector is not None), a.vector,
                 dict.fromkeys(a.all_keys()[:STORY_KEYS], 1), a.published, a.published)


def grown(story: Story, a: ArticleKeys) -> Story:
    """``story`` with article ``a`` added: counts, keys (the :data:`STORY_KEYS` most held),
    centroid and time span (an undated ``a`` leaves the span as it is)."""
    keys = dict(story.keys)
    for key in a.all_keys():
        keys[key] = keys.get(key, 0) + 1
    if len(keys) > STORY_KEYS:
        keys = dict(sorted(keys.items(), key=lambda kv: -kv[1])[:STORY_KEYS])
    centroid = story.centroid
    if a.vector is not None:
        centroid = a.vector if centroid is None else centroid + a.vector
    first, last = story.first, story.last
    if a.dated:
        first = a.when if first is None else min(first, a.when)
        last = a.when if last is None else max(last, a.when)
    return Story(story.id, story.articles + 1, story.vectors + int(a.vector is not None),
                 centroid, keys, first, last)


def in_window(a: ArticleKeys, story: Story) -> bool:
    """Whether article ``a`` (at :func:`instant`) is within :data:`WINDOW_DAYS` of the story's
    span; True for a story without one (the lookup's key window is all that bounds it)."""
    if story.first is None or story.last is None:
        return True
    return (a.when - story.last).days <= WINDOW_DAYS and (story.first - a.when).days <= WINDOW_DAYS


def to_json(a: ArticleKeys) -> str:
    """``a`` as JSON (the vector packed as :func:`dateline.understand.storyvec.pack`)."""
    from dateline.understand.storyvec import pack

    return json.dumps({"entities": a.entities, "words": a.words,
                       "headline_words": a.headline_words, "when": a.when.isoformat(),
                       "dated": a.dated,
                       "vector": pack(a.vector) if a.vector is not None else None})


def from_json(text: str) -> ArticleKeys:
    """The :class:`ArticleKeys` of a :func:`to_json` text (one written without ``dated``
    is dated)."""
    from dateline.understand.storyvec import unpack

    d = json.loads(text)
    return ArticleKeys(d["entities"], d["words"], d["headline_words"],
                       datetime.fromisoformat(d["when"]),
                       unpack(d["vector"]) if d["vector"] else None, d.get("dated", True))
