"""Story clusters of articles held in memory: the Spark job's ``stories`` table.

The same decisions as the store's linker (:mod:`dateline.corpus.stories`: the candidates of
one lookup, :func:`dateline.corpus.story_features.choose`, the same story updates), with the
stories, their keys and their members in dicts instead of tables. The Spark job cuts time into
blocks of :data:`BLOCK_DAYS` days of publication (UTC) and clusters each block on its own, in
publication order, so a block is one task; a story is cut where it crosses the edge of a block
(the store, which sees every article, is not). An article without ``published`` is placed,
as the store places it, at the time it is read
(:func:`~dateline.corpus.story_features.instant`: here when the job computes its
:class:`StoryInput`), so it is clustered in that block; as in the store it takes no part in its
story's ``first_published`` and ``last_published`` (None for a story of undated articles only)
and comes after the dated articles in its story's ``article_ids``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dateline.corpus.rows import Projection, StoryRow, columns
from dateline.corpus.story_features import (
    MAX_CANDIDATES,
    PER_KEY,
    WINDOW_DAYS,
    ArticleKeys,
    Story,
    article_keys,
    choose,
    from_json,
    grown,
    in_window,
    iso,
    started,
    to_json,
)
from dateline.model import Article

#: days of publication clustered together by one Spark task (a choice: four windows' worth)
BLOCK_DAYS = 4 * WINDOW_DAYS
#: the tag of a story input among the Spark job's output rows (no table of its own)
STORY_INPUT = "story_input"
_STORY = [name for name, _ in columns(StoryRow.TABLE)]
_STORY_ID, _STORY_MEMBERS = _STORY.index("story_id"), _STORY.index("article_ids")
_ARTICLE = [name for name, _ in columns("articles")]
_ARTICLE_ID, _ARTICLE_STORY = _ARTICLE.index("id"), _ARTICLE.index("story_id")


@dataclass(frozen=True)
class StoryInput:
    """What the clustering needs of one article, small enough to shuffle: id, headline,
    publisher and its :class:`ArticleKeys` as JSON (:func:`story_features.to_json`)."""

    article_id: str
    headline: str | None
    publisher: str | None
    keys: str

    @classmethod
    def of(cls, article: Article, rows: Projection) -> StoryInput:
        """The input of one record: its own story vector if it has one, else none (the Spark
        job's records all come from the understanding stage, which computes it)."""
        from dateline.understand.storyvec import unpack

        vector = unpack(article.story_vector) if article.story_vector else None
        return cls(article.id, article.headline, article.publisher,
                   to_json(article_keys(article, rows, vector)))

    def block(self) -> int:
        """The number of the :data:`BLOCK_DAYS`-day block of its publication day (undated:
        of the day its input was made)."""
        return from_json(self.keys).when.date().toordinal() // BLOCK_DAYS


class MemoryStories:
    """Stories formed from articles added one at a time (:meth:`add`), as the store forms
    them."""

    def __init__(self) -> None:
        self.stories: dict[str, Story] = {}
        self.index: dict[str, dict[str, str]] = {}  # key -> story id -> last day with the key
        self.members: dict[str, list[StoryInput]] = {}

    def candidates(self, a: ArticleKeys) -> list[Story]:
        since = date.fromordinal(a.when.date().toordinal() - WINDOW_DAYS).isoformat()
        shared: dict[str, int] = {}
        for key in a.lookup_keys():
            held = [(day, sid) for sid, day in self.index.get(key, {}).items() if day >= since]
            for _, sid in sorted(held, reverse=True)[:PER_KEY]:
                shared[sid] = shared.get(sid, 0) + 1
        best = sorted(shared, key=lambda sid: -shared[sid])[:MAX_CANDIDATES]
        return [s for s in (self.stories[sid] for sid in best) if in_window(a, s)]

    def add(self, item: StoryInput) -> str:
        """Put the article into a story; return the story's id."""
        a = from_json(item.keys)
        story, _p = choose(a, self.candidates(a))
        if story is None:
            sid = item.article_id
            self.stories[sid] = started(sid, a)
            self.members[sid] = []
        else:
            sid = story.id
            self.stories[sid] = grown(story, a)
        self.members[sid].append(item)
        for key in a.lookup_keys():
            days = self.index.setdefault(key, {})
            days[sid] = max(days.get(sid, ""), a.day)
        return sid

    def rows(self) -> list[StoryRow]:
        """One :class:`StoryRow` per story, in the order the stories started, with the
        headline of its earliest dated article (of its first article when none is dated) and
        its articles in time order, the undated after the dated in the order added (as the
        store's)."""
        out = []
        for sid, story in self.stories.items():
            members = sorted(self.members[sid], key=_member_order)
            out.append(StoryRow(
                story_id=sid, headline=members[0].headline,
                first_published=iso(story.first), last_published=iso(story.last),
                articles=story.articles, article_ids=[m.article_id for m in members],
                publishers=list(dict.fromkeys(m.publisher for m in members if m.publisher))))
        return out


def _member_order(item: StoryInput) -> tuple:
    """Sort key of a story's members: the dated by publication time, then the undated (a
    stable sort keeps them in the order added)."""
    a = from_json(item.keys)
    return (0, a.when) if a.dated else (1,)


def cluster(items: Iterable[StoryInput]) -> list[StoryRow]:
    """The stories of ``items`` (any order: they are added in publication order, ties by
    article id)."""
    ordered = sorted(items, key=lambda i: (from_json(i.keys).when, i.article_id))
    memory = MemoryStories()
    for item in ordered:
        memory.add(item)
    return memory.rows()


def story_input(article: Article, rows: Projection | None = None) -> tuple:
    """The :class:`StoryInput` of a record as a plain tuple (what the Spark job shuffles);
    ``rows`` its projection when already made."""
    from dateline.corpus.rows import project

    item = StoryInput.of(article, rows if rows is not None else project(article))
    return (item.article_id, item.headline, item.publisher, item.keys)


def story_values(tagged_rows, partitions: int):
    """The ``stories`` rows (:class:`StoryRow` values in column order) of the Spark job's
    ``tagged_rows`` (an RDD of ``(tag, row)``), clustered block by block: a cached RDD, read by
    :func:`with_stories` and :func:`write_stories`."""
    from dateline.corpus.rows import values

    inputs = tagged_rows.filter(lambda tagged: tagged[0] == STORY_INPUT).map(
        lambda tagged: StoryInput(*tagged[1]))
    return inputs.keyBy(StoryInput.block).groupByKey(max(1, partitions)).flatMap(
        lambda block: [values(row) for row in cluster(block[1])]).cache()


def _story_of(row: tuple, story_id: str | None) -> tuple:
    return (*row[:_ARTICLE_STORY], story_id, *row[_ARTICLE_STORY + 1:])


def with_stories(article_rows, stories):
    """``articles`` rows (an RDD of tuples in the projection's column order) with their
    ``story_id`` filled from ``stories`` (:func:`story_values`), as the store's export fills it;
    an article in no story (none: every article with a record has a story input) keeps None."""
    members = stories.flatMap(lambda s: [(aid, s[_STORY_ID]) for aid in s[_STORY_MEMBERS]])
    return article_rows.keyBy(lambda r: r[_ARTICLE_ID]).leftOuterJoin(members).map(
        lambda kv: _story_of(kv[1][0], kv[1][1]))


def write_stories(spark, tagged_rows, path: str, partitions: int, stories=None) -> int:
    """Write the ``stories`` table (:class:`StoryRow`) as Parquet at ``path`` and return the
    number of stories: ``stories`` (:func:`story_values`) when given, else clustered from the
    ``STORY_INPUT`` rows of the Spark job's ``tagged_rows`` (an RDD of ``(tag, row)``)."""
    from dateline.corpus.rows import spark_ddl

    stories = stories if stories is not None else story_values(tagged_rows, partitions)
    frame = spark.createDataFrame(stories, schema=spark_ddl(StoryRow.TABLE))
    frame.write.mode("overwrite").parquet(path)
    n = stories.count()
    stories.unpersist()
    return n
