"""Reading the story clusters of the store: lists of stories and one story in full.

:class:`StoriesMixin` is mixed into :class:`dateline.corpus.Store`; its results are pydantic
models, which the REST API (:mod:`dateline.web.stories`) answers with as they are. Times are the
UTC ISO 8601 strings of the ``stories`` and ``story_articles`` tables (``published`` of an
article is the record's own, with the page's offset). A story's ``first_published`` and
``last_published`` are the stored columns, those of its dated articles only (None while none of
its articles has a ``published``: :mod:`dateline.corpus.stories`). Undated articles come after
the dated ones of their story, in the order they were stored; stories of undated articles only
come after the dated stories (:meth:`StoriesMixin.stories`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field

from dateline.corpus.entity_names import display_names
from dateline.corpus.fulltext import FullText
from dateline.corpus.ids import full_id
from dateline.corpus.keys import clean, search_terms
from dateline.corpus.results import QuoteHit
from dateline.corpus.rows import StoryRow
from dateline.corpus.schema import (
    article_entities,
    articles,
    duplicates,
    entities,
    quotes,
    stories,
    story_articles,
)

_SUMMARY = (stories.c.id, stories.c.headline, stories.c.first_published,
            stories.c.last_published, stories.c.articles)
#: a story's articles in time order: the dated by publication, then the undated (NULL
#: ``published``), each in the order stored (NULLS LAST: SQLite sorts NULL first,
#: PostgreSQL last)
_MEMBER_ORDER = (story_articles.c.published.asc().nulls_last(), articles.c.seq)


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class StorySummary(_Result):
    """A story: its id (the id of the article that started it, the first stored), the headline
    of its earliest-published article, the UTC times of its earliest and latest dated article
    (None when none of its articles has a ``published``), how many articles, which outlets."""

    id: str
    headline: str | None
    first_published: str | None
    last_published: str | None
    articles: int
    publishers: list[str] = Field(description="outlets, in the order they joined")


class StoryArticle(_Result):
    """An article of a story, with its record's ``published``, the linker's probability
    of its joining (None for the article that started the story), and the two ids the store
    links every record with."""

    id: str
    headline: str | None
    publisher: str | None
    published: str | None
    url: str | None
    score: float | None
    story_id: str | None = Field(None, description="the story (the one it is listed in)")
    duplicate_group_id: str | None = Field(None, description="its duplicate group (the article "
                                           "id of its original: copies of one text share it)")


class StoryEntity(_Result):
    """An entity of a story's articles and in how many of them it is."""

    key: str
    name: str
    type: str
    articles: int


class StoryDetail(StorySummary):
    """One story: its articles in time order, its entities (most articles first) and the
    quotations of its articles (in the articles' time order, then reading order), each once:
    the same words of the same speaker in a later article (a syndicated copy, the text page of
    an HTML one) are left out, as its provenance lists every report."""

    items: list[StoryArticle] = Field(description="one page of its articles, in time order")
    total: int = Field(0, description="its articles in all (``items`` is a page of them)")
    entities: list[StoryEntity]
    quotes: list[QuoteHit] = Field(description="one page of its quotations, each once")
    quotes_total: int = Field(0, description="its quotations in all, each once")


class StoriesMixin:
    """Story reads of :class:`dateline.corpus.Store` (needs ``self.engine``,
    ``self.fulltext`` and ``_filters`` of :class:`dateline.corpus.search.SearchMixin`)."""

    engine: sa.Engine
    fulltext: FullText

    def story_of(self, article_id: str) -> str | None:
        """The id of the story the article is in, or None (no such article)."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(story_articles.c.story_id).where(
                story_articles.c.article_id == clean(article_id))).scalar_one_or_none()

    def _publishers(self, conn: sa.Connection, ids: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {sid: [] for sid in ids}
        if not ids:
            return out
        rows = conn.execute(
            sa.select(story_articles.c.story_id, articles.c.publisher)
            .join(articles, articles.c.id == story_articles.c.article_id)
            .where(story_articles.c.story_id.in_(ids))
            .order_by(*_MEMBER_ORDER))
        for sid, publisher in rows:
            if publisher and publisher not in out[sid]:
                out[sid].append(publisher)
        return out

    def stories(self, q: str | None = None, *, since: str | None = None,
                entity: str | None = None, limit: int = 20, offset: int = 0
                ) -> tuple[list[StorySummary], int]:
        """Stories, latest activity first (by the publication time of the latest dated
        article; the stories of undated articles only, which have none, after all the others,
        by id); return ``(items, total)``. ``q``: some article of the story matches the
        full-text query (as :meth:`Store.search`); ``since`` (``YYYY-MM-DD``): its latest dated
        article is of that UTC day or later (a story of undated articles only is left out: when
        it happened is unknown); ``entity`` (key or name, as :meth:`Store.search`): some
        article of it names the entity."""
        conds: list[sa.ColumnElement[bool]] = []
        member_conds = self._filters(entity=entity) if entity else []  # type: ignore[attr-defined]
        terms = search_terms(q)
        if terms:
            member_conds.append(self.fulltext.article_match(terms))
        if member_conds:
            conds.append(stories.c.id.in_(
                sa.select(story_articles.c.story_id)
                .join(articles, articles.c.id == story_articles.c.article_id)
                .where(*member_conds)))
        if since:
            conds.append(stories.c.last_day >= clean(str(since))[:10])
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(stories)
                                 .where(*conds)).scalar_one()
            rows = conn.execute(sa.select(*_SUMMARY).where(*conds).order_by(
                stories.c.last_published.desc().nulls_last(), stories.c.id)
                .limit(limit).offset(offset)).mappings().all()
            pubs = self._publishers(conn, [r["id"] for r in rows])
        return [StorySummary(**r, publishers=pubs[r["id"]]) for r in rows], total

    def story_rows(self) -> Iterator[StoryRow]:
        """Every story as a :class:`dateline.corpus.rows.StoryRow` (the ``stories`` table of
        the Parquet export and the Spark job), in the order the stories started (by their
        earliest dated article; the stories of undated articles only last, by id)."""
        members = (sa.select(story_articles.c.story_id, story_articles.c.article_id,
                             articles.c.publisher)
                   .join(articles, articles.c.id == story_articles.c.article_id)
                   .order_by(story_articles.c.story_id, *_MEMBER_ORDER))
        by_story: dict[str, list[tuple[str, str | None]]] = {}
        with self.engine.connect() as conn:
            for sid, aid, publisher in conn.execute(members):
                by_story.setdefault(sid, []).append((aid, publisher))
            heads = conn.execute(sa.select(*_SUMMARY).order_by(
                stories.c.first_published.asc().nulls_last(), stories.c.id)).mappings().all()
        for head in heads:
            items = by_story.get(head["id"], [])
            yield StoryRow(story_id=head["id"], headline=head["headline"],
                           first_published=head["first_published"],
                           last_published=head["last_published"], articles=head["articles"],
                           article_ids=[aid for aid, _ in items],
                           publishers=list(dict.fromkeys(p for _, p in items if p)))

    def story_id_for(self, given: str) -> str | None:
        """The full id of the story ``given`` names: the story whose id is ``given``, else the
        one story whose id starts with it (``dateline stories`` prints 12 of an id's 64 hex
        characters; at least :data:`dateline.corpus.ids.MIN_PREFIX`), else None (no story, or
        ``given`` empty). The CLI's ``stories --story`` and ``alerts add --story`` and the web's
        ``/api/v1/stories/{id}`` and ``/stories/{id}`` all read ids through this
        (:func:`dateline.corpus.ids.full_id`). Raises :class:`~dateline.errors.IdPrefixError`
        (a :class:`~dateline.errors.StoreError`) when ``given`` is the start of several
        stories' ids (the message says to give more of it) or too short to be read as one."""
        with self.engine.connect() as conn:
            return full_id(conn, stories.c.id, given, ("story", "stories"))

    def story_summary(self, story_id: str) -> StorySummary | None:
        """The :class:`StorySummary` of story ``story_id``, or None."""
        with self.engine.connect() as conn:
            head = conn.execute(sa.select(*_SUMMARY).where(stories.c.id == clean(story_id))
                                ).mappings().first()
            if head is None:
                return None
            return StorySummary(**head, publishers=self._publishers(conn, [head["id"]])[head["id"]])

    def story(self, story_id: str, *, limit: int | None = None, offset: int = 0,
              quotes_limit: int | None = 100, quotes_offset: int = 0) -> StoryDetail | None:
        """The story ``story_id`` (see :class:`StoryDetail`), or None: its articles from
        ``offset``, at most ``limit`` (``None``: all), and its quotations from
        ``quotes_offset``, at most ``quotes_limit`` (``None``: all); ``total`` and
        ``quotes_total`` count them all, and ``publishers`` and ``entities`` are those of every
        article, whatever the page."""
        sid = clean(story_id)
        with self.engine.connect() as conn:
            head = conn.execute(sa.select(*_SUMMARY).where(stories.c.id == sid)
                                ).mappings().first()
            if head is None:
                return None
            members = conn.execute(
                sa.select(articles.c.id, articles.c.headline, articles.c.publisher,
                          articles.c.published, articles.c.url, story_articles.c.score,
                          story_articles.c.story_id,
                          duplicates.c.group_id.label("duplicate_group_id"))
                .join(articles, articles.c.id == story_articles.c.article_id)
                .outerjoin(duplicates, duplicates.c.article_id == articles.c.id)
                .where(story_articles.c.story_id == sid)
                .order_by(*_MEMBER_ORDER)).mappings().all()
            ids = [m["id"] for m in members]
            ents = conn.execute(
                sa.select(entities.c.key, entities.c.name, entities.c.type,
                          sa.func.count().label("n"))
                .join(article_entities, article_entities.c.entity_key == entities.c.key)
                .where(article_entities.c.article_id.in_(ids))
                .group_by(entities.c.key, entities.c.name, entities.c.type)
                .order_by(sa.desc("n"), entities.c.key).limit(50)).all()
            names = display_names(conn, {k: n for k, n, _, _ in ents})
            order = {aid: i for i, aid in enumerate(ids)}
            quote_rows = conn.execute(
                sa.select(quotes.c.article_id, articles.c.headline, articles.c.publisher,
                          articles.c.published, quotes.c.kind, quotes.c.text, quotes.c.speaker,
                          quotes.c.speaker_entity_key, quotes.c.cue, quotes.c.medium,
                          quotes.c.position, quotes.c.id.label("quote_id"))
                .join(articles, articles.c.id == quotes.c.article_id)
                .where(quotes.c.article_id.in_(ids))).mappings().all()
        quote_rows = _once(sorted(quote_rows,
                                  key=lambda r: (order[r["article_id"]], r["position"])))
        publishers = list(dict.fromkeys(m["publisher"] for m in members if m["publisher"]))
        return StoryDetail(
            **head, publishers=publishers,
            items=[StoryArticle(**m) for m in _page(members, offset, limit)], total=len(members),
            entities=[StoryEntity(key=k, name=names[k], type=t, articles=c)
                      for k, _, t, c in ents],
            quotes=[QuoteHit(**{k: r[k] for k in QuoteHit.model_fields})
                    for r in _page(quote_rows, quotes_offset, quotes_limit)],
            quotes_total=len(quote_rows))


def _page(rows: Sequence[Any], offset: int, limit: int | None) -> Sequence[Any]:
    """``rows[offset:offset + limit]`` (to the end for ``limit`` None)."""
    return rows[offset:] if limit is None else rows[offset:offset + limit]


def _once(rows: list) -> list:
    """``rows`` (quotation rows in story order) without the later repeats of one quotation: the
    same ``kind``, ``text`` and speaker (entity key, else the speaker as written)."""
    seen: set[tuple] = set()
    out = []
    for r in rows:
        key = (r["kind"], r["text"], r["speaker_entity_key"] or r["speaker"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
