"""Story clusters: each new article joins the story of the same real-world event or starts one.

:class:`StoryLinker` (a :class:`dateline.corpus.linking.Linker`, after the duplicate groups)
runs once per new record inside its transaction. Method, single-pass streaming clustering in the
manner of Miranda et al. (EMNLP 2018, "Multilingual clustering of streaming news"): the article
is compared with the stories active around its publication time and joins the best one when a
logistic model of their similarity says so; else it starts a new story whose id is its own id.
The id never changes (alerts follow a story by id); the story's headline is that of its
earliest-published article, so it changes when an article published before the story's
earliest joins (ingest order is not publication order); while none of its articles is dated,
that of the article that started it.

* **Candidates** (bounded): the stories that held one of the article's lookup keys (its most
  mentioned entity keys, :data:`LOOKUP_ENTITIES`, and its headline words; see below for a
  record without entities) on a day within
  :data:`WINDOW_DAYS` of its publication day, at most :data:`PER_KEY` newest per key and
  :data:`MAX_CANDIDATES` in all (most shared keys first), read in one statement: a range
  scan of the index ``ix_story_keys_key_day`` per key, so it costs the same at ten stories or
  ten million. (The table's own key is story first: a story's keys are written together.)
* **Similarity** (:func:`dateline.corpus.story_features.features`): the cosine of the
  article's story vector (all-MiniLM-L6-v2, computed in the understanding stage:
  :mod:`dateline.understand.storyvec`) and the story's centroid; the share of the article's
  people, organisations and places the story's articles hold (places on their own: a second
  strike at another port shares its people, not its port), and the share of the story's main
  entities it names; a place conflict (both name places, none shared); the share of its lede
  words; the time gap to the story's span, in days (log). Entities are compared by folded name
  without their type (NER types of one name vary from article to article: "Fennick Harbour" is
  a FAC in one, a PERSON in the next). The weights (``data/story_model.json``) were fitted by
  ``bench/stories.py --fit`` on the tuning seed of the invented story set; a record without a
  vector (an older record, no encoder installed) uses the model fitted without the cosine.
* **Records without entities** (``dateline ingest --no-nlp``): every entity feature is 0, so
  they are decided by models fitted on the set's ``--no-nlp`` records
  (:func:`~dateline.corpus.story_features.model_name`: the cosine, the share of lede words
  and the gap; without a vector the share of headline words in place of the cosine), and
  looked up (and found) by their headline words then lede words,
  :data:`~dateline.corpus.story_features.LOOKUP_WORDS_ALONE` keys (``w:WORD``, as the
  headline words of every record are).

* **Records without a date** (no ``published``): the linker places one at the time it is
  linked (:func:`~dateline.corpus.story_features.instant`, the latest it can have been
  published): its lookup window is the :data:`WINDOW_DAYS` around that day, its lookup keys
  are stored with that day (``story_keys.last_day``, the lookup's recency window, never
  shown); its time gap to a story counts as 0 (unknown), as does any article's to a story
  without dated articles. It is never stored as a publication time: its
  ``story_articles.published`` is NULL and a story's ``first_published``, ``last_published``,
  ``first_day`` and ``last_day`` are those of its dated articles (NULL while it has none).

The stories, their members and the lookup keys are the tables ``stories``, ``story_articles``
and ``story_keys`` (:mod:`dateline.corpus.schema`, docs/store.md).
"""

from __future__ import annotations

import json
from datetime import date, datetime

import numpy as np
import sqlalchemy as sa

from dateline.corpus.backends import Backend
from dateline.corpus.driver import DriverStatement
from dateline.corpus.rows import Projection
from dateline.corpus.schema import stories, story_articles, story_keys
from dateline.corpus.story_features import (
    MAX_CANDIDATES,
    PER_KEY,
    WINDOW_DAYS,
    ArticleKeys,
    Story,
    article_keys,
    choose,
    grown,
    in_window,
    iso,
    started,
)
from dateline.model import Article


class StoryLinker:
    """The story stage of the store (see the module docstring). ``vectors=False`` never
    computes a missing story vector (the migration's backfill); by default a record that
    reaches the store without one (built by hand, ``--no-nlp``) gets it here, at about 8 ms."""

    def __init__(self, backend: Backend, *, vectors: bool = True) -> None:
        self.backend = backend
        self.vectors = vectors
        self._stmts: dict[str, DriverStatement] = {}
        self._lookups: dict[int, DriverStatement] = {}

    def _statements(self) -> dict[str, DriverStatement]:
        if not self._stmts:
            insert = self.backend.insert(story_keys)
            # run on the driver (:mod:`dateline.corpus.driver`): compiled once, no per-row
            # parameter work in SQLAlchemy
            self._stmts = {
                "key": DriverStatement(insert.on_conflict_do_update(
                    index_elements=["story_id", "key"],
                    set_={"last_day": sa.case((insert.excluded.last_day > story_keys.c.last_day,
                                               insert.excluded.last_day),
                                              else_=story_keys.c.last_day)}),
                    ["key", "story_id", "last_day"]),
                "member": DriverStatement(story_articles.insert(),
                                          ["article_id", "story_id", "published", "score"]),
                "new": DriverStatement(stories.insert(), [*_STORY_COLUMNS, "headline"]),
                # every column but the id: setting the key (even to itself) makes SQLite
                # look for story_keys rows of the old id (a foreign key check; before revision
                # 0015 no index there led with story_id: a scan, 5 ms an update at 8,000
                # stories and growing with the store)
                "grow": DriverStatement(stories.update().where(
                    stories.c.id == sa.bindparam("sid")), _STORY_COLUMNS[1:]),
                # an article published before the story's earliest gives it its headline
                "retitle": DriverStatement(stories.update().where(
                    stories.c.id == sa.bindparam("sid")), ["headline"]),
            }
        return self._stmts

    def _lookup(self, n: int) -> DriverStatement:
        """One statement for ``n`` keys ``k0``, ``k1``, ...: for each key the ids of the
        :data:`PER_KEY` stories that held it last on a day from ``since`` to ``until``, newest
        first (a UNION ALL of index range scans of ``story_keys``); of those, the
        :data:`MAX_CANDIDATES` stories that share the most keys, with their ``stories`` row
        and that number (``shared``)."""
        if n not in self._lookups:
            parts = [sa.select(story_keys.c.story_id).where(
                story_keys.c.key == sa.bindparam(f"k{i}"),
                story_keys.c.last_day.between(sa.bindparam("since"), sa.bindparam("until")))
                .order_by(story_keys.c.last_day.desc()).limit(PER_KEY).subquery().select()
                for i in range(n)]
            held = (parts[0] if n == 1 else sa.union_all(*parts)).subquery()
            shared = sa.func.count().label("shared")
            best = (sa.select(held.c.story_id, shared).group_by(held.c.story_id)
                    .order_by(shared.desc(), held.c.story_id).limit(MAX_CANDIDATES).subquery())
            self._lookups[n] = DriverStatement(sa.select(
                stories.c.id, stories.c.articles, stories.c.vectors, stories.c.centroid,
                stories.c.key_counts, stories.c.first_published, stories.c.last_published,
                best.c.shared).join(best, best.c.story_id == stories.c.id))
        return self._lookups[n]

    def vector_of(self, article: Article) -> np.ndarray | None:
        """The article's story vector: its own (``story_vector``), else computed now (unless
        ``vectors=False``); None when there is none."""
        from dateline.understand.storyvec import story_vector, unpack

        packed = article.story_vector
        if packed is None and self.vectors:
            packed = story_vector(article)
        return unpack(packed) if packed else None

    def candidates(self, conn: sa.Connection, a: ArticleKeys) -> list[Story]:
        """The stories the article is compared with (see the module docstring): found under
        its lookup keys held on a day within :data:`WINDOW_DAYS` of its day (for an undated
        article, the day it is linked), then :func:`~dateline.corpus.story_features.in_window`
        of their span."""
        keys = a.lookup_keys()
        if not keys:
            return []
        day = a.when.date().toordinal()
        params = {f"k{i}": key for i, key in enumerate(keys)}
        # clamped to the calendar: a page may be dated in year 1 or 9999
        params["since"] = date.fromordinal(max(1, day - WINDOW_DAYS)).isoformat()
        params["until"] = date.fromordinal(min(date.max.toordinal(), day + WINDOW_DAYS)
                                           ).isoformat()
        found = (Story(sid, n, nvec, np.frombuffer(centroid, dtype="<f4") if centroid else None,
                       json.loads(keys), datetime.fromisoformat(first) if first else None,
                       datetime.fromisoformat(last) if last else None, shared)
                 for sid, n, nvec, centroid, keys, first, last, shared
                 in self._lookup(len(keys)).execute(conn, params).tuples())
        return [story for story in found if in_window(a, story)]

    def choose(self, a: ArticleKeys, found: list[Story]) -> tuple[Story | None, float]:
        """The story the article joins (:func:`story_features.choose`)."""
        return choose(a, found)

    def link(self, conn: sa.Connection, article: Article, rows: Projection) -> None:
        """Put ``article`` into a story (see the module docstring)."""
        carried = article.link_keys
        a = article_keys(article, rows, self.vector_of(article),
                         None if carried is None else (carried.lede_words,
                                                       carried.headline_words))
        story, p = self.choose(a, self.candidates(conn, a))
        st = self._statements()
        if story is None:
            st["new"].execute(conn, {**_values(started(article.id, a)),
                                     "headline": article.headline})
        else:
            st["grow"].execute(conn, {**_values(grown(story, a)), "sid": story.id})
            # stored after a later report, or the first dated article of a story of undated
            # ones: the id stays, alerts follow it
            if a.dated and (story.first is None or a.when < story.first):
                st["retitle"].execute(conn, {"headline": article.headline, "sid": story.id})
        sid = story.id if story else article.id
        st["member"].execute(conn, {"article_id": article.id, "story_id": sid,
                                    "published": iso(a.published),
                                    "score": round(p, 4) if story else None})
        # an undated article's keys carry the day it was linked: the lookup's window only
        keys = [{"key": k, "story_id": sid, "last_day": a.day}
                for k in dict.fromkeys(a.lookup_keys())]
        if keys:  # none without entities and headline words (an executemany of no rows fails)
            st["key"].execute(conn, keys)


#: the ``stories`` columns :func:`_values` gives
_STORY_COLUMNS = ("id", "articles", "vectors", "centroid", "key_counts", "first_published",
                  "last_published", "first_day", "last_day")


def _day(moment: datetime | None) -> str | None:
    return moment.date().isoformat() if moment is not None else None


def _values(story: Story) -> dict:
    """The ``stories`` columns of ``story`` but ``headline`` (times NULL for a story without
    a dated article)."""
    return {"id": story.id, "articles": story.articles, "vectors": story.vectors,
            "centroid": story.centroid.astype("<f4").tobytes()
            if story.centroid is not None else None,
            "key_counts": json.dumps(story.keys),
            "first_published": iso(story.first), "last_published": iso(story.last),
            "first_day": _day(story.first), "last_day": _day(story.last)}


