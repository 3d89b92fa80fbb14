"""The one row projection of an article record: ``Article`` -> typed rows of the tables
``articles``, ``quotes``, ``entities``, ``article_entities``, ``entity_variants`` and ``events``.

The store (:mod:`dateline.corpus.store`), every export format (:mod:`dateline.corpus.export`) and
the Spark job (:mod:`dateline.spark`) all write the rows :func:`project` returns, so the columns of
a table are the same wherever it is written. Each row class declares its columns as dataclass
fields whose ``kind`` (:data:`STRING`, :data:`LONG`, :data:`STRINGS`, :data:`IMAGES`,
:data:`BOILERPLATE`) maps to one Parquet/Arrow type, one Spark SQL type and one SQL storage
(:func:`arrow_schema`, :func:`spark_ddl`, :func:`sql_value`).

Adding a table is one place: a row class here, its entry in :data:`TABLES` and a field of
:class:`Projection` filled by :func:`project`; the exports and the Spark job pick it up from
:data:`TABLES` (the store writes the tables it has a schema for, see :mod:`schema`).

Keys: ``entities.key``, ``article_entities.entity_key``, ``quotes.speaker_entity_key`` and the
``events`` columns ``source_entity_key``, ``target_entity_key``, ``where_entity_key`` are
corpus-level entity keys (:func:`dateline.corpus.keys.entity_key`, ``person:viktor-orban``);
``article_entities.local_id`` is the entity's id inside its record (``e1``). Local entities of one
article that share a key are one ``article_entities`` row (the first one's id and name, the sum of
their mentions). ``entities`` rows repeat across articles: a writer keeps the first row of a key.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from dateline.corpus.keys import entity_key
from dateline.model import Actor, Article, Event

#: Column kinds: a string, a 64-bit integer, a list of strings, a list of image structs
#: ``{caption, credit, url}``, a list of boilerplate structs ``{text, kind}``.
STRING, LONG, STRINGS, IMAGES, BOILERPLATE = "string", "long", "strings", "images", "boilerplate"

_SPARK = {STRING: "string", LONG: "bigint", STRINGS: "array<string>",
          IMAGES: "array<struct<caption:string,credit:string,url:string>>",
          BOILERPLATE: "array<struct<text:string,kind:string>>"}


def _column(kind: str, *, flat: bool = True) -> Any:
    """A dataclass field declaring a column of ``kind``; ``flat=False`` leaves it out of the
    CSV export (long or nested text that other columns already carry)."""
    return field(metadata={"kind": kind, "flat": flat})


@dataclass(slots=True)
class ArticleRow:
    """One row of ``articles`` per record. ``published_day`` is the first ten characters of
    ``published`` (the page's local date, ``YYYY-MM-DD``); ``body`` the paragraphs joined by
    blank lines; ``record`` the full record as JSON; ``story_id`` the story cluster it is in
    (:mod:`dateline.corpus.stories`; None outside a store); ``duplicate_group_id`` its
    duplicate group (:mod:`dateline.corpus.duplicates`; None outside a store)."""

    TABLE: ClassVar[str] = "articles"
    UNIQUE: ClassVar[tuple[str, ...]] = ("id",)
    SHARED: ClassVar[bool] = False
    id: str = _column(STRING)
    source_uri: str = _column(STRING)
    source_format: str = _column(STRING)
    url: str | None = _column(STRING)
    publisher: str | None = _column(STRING)
    language: str | None = _column(STRING)
    headline: str | None = _column(STRING)
    standfirst: str | None = _column(STRING)
    authors: list[str] = _column(STRINGS)
    published: str | None = _column(STRING)
    published_day: str | None = _column(STRING)
    updated: str | None = _column(STRING)
    section: str | None = _column(STRING)
    paragraphs: list[str] = _column(STRINGS, flat=False)
    body: str = _column(STRING)
    images: list[dict] = _column(IMAGES, flat=False)
    boilerplate: list[dict] = _column(BOILERPLATE, flat=False)
    quote_count: int = _column(LONG)
    entity_count: int = _column(LONG)
    event_count: int = _column(LONG)
    duplicate_group_id: str | None = _column(STRING)
    record: str = _column(STRING, flat=False)
    story_id: str | None = _column(STRING)


@dataclass(slots=True)
class QuoteRow:
    """One row of ``quotes`` per quotation, ``position`` its index in the record's list;
    ``part``, ``index``, ``start``, ``end`` its span (code-point offsets into that part)."""

    TABLE: ClassVar[str] = "quotes"
    UNIQUE: ClassVar[tuple[str, ...]] = ("article_id", "position")
    SHARED: ClassVar[bool] = False
    article_id: str = _column(STRING)
    position: int = _column(LONG)
    kind: str = _column(STRING)
    text: str = _column(STRING)
    speaker: str | None = _column(STRING)
    speaker_entity_key: str | None = _column(STRING)
    cue: str | None = _column(STRING)
    medium: str | None = _column(STRING)
    published_day: str | None = _column(STRING)
    part: str = _column(STRING)
    index: int = _column(LONG)
    start: int = _column(LONG)
    end: int = _column(LONG)


@dataclass(slots=True)
class EntityRow:
    """One row of ``entities`` per corpus-level entity: its key, canonical name (as first
    written; the store's export writes its display name, :mod:`dateline.corpus.entity_names`)
    and type."""

    TABLE: ClassVar[str] = "entities"
    UNIQUE: ClassVar[tuple[str, ...]] = ("key",)
    SHARED: ClassVar[bool] = True
    key: str = _column(STRING)
    name: str = _column(STRING)
    type: str = _column(STRING)


@dataclass(slots=True)
class ArticleEntityRow:
    """One row of ``article_entities`` per entity key per article: the local id, the name in
    this article, the type and the number of mentions in this article."""

    TABLE: ClassVar[str] = "article_entities"
    UNIQUE: ClassVar[tuple[str, ...]] = ("article_id", "entity_key")
    SHARED: ClassVar[bool] = False
    article_id: str = _column(STRING)
    entity_key: str = _column(STRING)
    local_id: str = _column(STRING)
    name: str = _column(STRING)
    type: str = _column(STRING)
    mentions: int = _column(LONG)


@dataclass(slots=True)
class EntityVariantRow:
    """One row of ``entity_variants`` per name as written per entity per article, with the
    number of mentions written so (an entity without mentions counts its name once). The store
    keeps the sums over the corpus, without ``article_id``."""

    TABLE: ClassVar[str] = "entity_variants"
    UNIQUE: ClassVar[tuple[str, ...]] = ("article_id", "entity_key", "variant")
    SHARED: ClassVar[bool] = False
    article_id: str = _column(STRING)
    entity_key: str = _column(STRING)
    variant: str = _column(STRING)
    mentions: int = _column(LONG)


@dataclass(slots=True)
class EventRow:
    """One row of ``events`` per event (:class:`dateline.model.Event`), ``position`` its index
    in the record's ``events`` list. Each actor (``source``, ``target``, ``where``) is three
    columns: ``*_name`` as resolved, ``*_entity_key`` the corpus-level key of its entity (or
    None when no entity of the article names it), ``*_mention`` the words as written.
    ``when_date`` is the event's ISO 8601 date (``when``), ``when_text`` the date as written
    (None: the publication day); ``published_day`` the article's (``YYYY-MM-DD``).
    ``part``, ``index``, ``start``, ``end`` are the span of the sentence (code-point offsets
    into that part); ``quote_position`` the ``quotes.position`` of the quotation the event is
    reported in, else None. ``context`` is the list of PLOVER contexts."""

    TABLE: ClassVar[str] = "events"
    UNIQUE: ClassVar[tuple[str, ...]] = ("article_id", "position")
    SHARED: ClassVar[bool] = False
    article_id: str = _column(STRING)
    position: int = _column(LONG)
    type: str = _column(STRING)
    code: str | None = _column(STRING)
    mode: str | None = _column(STRING)
    context: list[str] = _column(STRINGS)
    source_name: str | None = _column(STRING)
    source_entity_key: str | None = _column(STRING)
    source_mention: str | None = _column(STRING)
    target_name: str | None = _column(STRING)
    target_entity_key: str | None = _column(STRING)
    target_mention: str | None = _column(STRING)
    where_name: str | None = _column(STRING)
    where_entity_key: str | None = _column(STRING)
    where_mention: str | None = _column(STRING)
    when_date: str | None = _column(STRING)
    when_text: str | None = _column(STRING)
    published_day: str | None = _column(STRING)
    trigger: str = _column(STRING)
    part: str = _column(STRING)
    index: int = _column(LONG)
    start: int = _column(LONG)
    end: int = _column(LONG)
    quote_position: int | None = _column(LONG)


Row = ArticleRow | QuoteRow | EntityRow | ArticleEntityRow | EntityVariantRow | EventRow

#: Every table of the projection, in writing order, by name. Each row class has ``TABLE`` (its
#: name), ``UNIQUE`` (the columns that identify a row) and ``SHARED`` (rows repeat across
#: articles: a writer keeps the first row of each ``UNIQUE`` value).
TABLES: dict[str, type[Row]] = {cls.TABLE: cls for cls in
                           (ArticleRow, QuoteRow, EntityRow, ArticleEntityRow, EntityVariantRow,
                            EventRow)}


@dataclass(slots=True)
class StoryRow:
    """One row of ``stories`` per story cluster (:mod:`dateline.corpus.stories`): its id (the
    id of the article that started it), the headline of its earliest-published article, the
    UTC ISO 8601 times of its earliest and latest article, its article count, its article ids
    in time order and its outlets in the order they joined. A corpus-level table: made across
    records (the store's export, the Spark job), not by :func:`project`."""

    TABLE: ClassVar[str] = "stories"
    UNIQUE: ClassVar[tuple[str, ...]] = ("story_id",)
    SHARED: ClassVar[bool] = True
    story_id: str = _column(STRING)
    headline: str | None = _column(STRING)
    first_published: str | None = _column(STRING)
    last_published: str | None = _column(STRING)
    articles: int = _column(LONG)
    article_ids: list[str] = _column(STRINGS)
    publishers: list[str] = _column(STRINGS)


@dataclass(slots=True)
class QuoteOccurrenceRow:
    """One row of ``quote_occurrences`` per ordered pair of linked quotations (quote
    provenance, :mod:`dateline.spark_provenance`): the quotation (``article_id``, ``position``:
    its row of ``quotes``), the other one, ``variant`` (what the other is of it: verbatim,
    misquote, truncated, paraphrase, conflicting_speaker), ``score`` (0-100, rounded to a whole
    number) and the quotation's first report (``first_article_id``, ``first_position``: the
    earliest published, compared in UTC, of it and its occurrences; undated last; ties by
    article id and position). A corpus-level table, made across records."""

    TABLE: ClassVar[str] = "quote_occurrences"
    UNIQUE: ClassVar[tuple[str, ...]] = ("article_id", "position", "other_article_id",
                                         "other_position")
    SHARED: ClassVar[bool] = False
    article_id: str = _column(STRING)
    position: int = _column(LONG)
    other_article_id: str = _column(STRING)
    other_position: int = _column(LONG)
    variant: str = _column(STRING)
    score: int = _column(LONG)
    first_article_id: str = _column(STRING)
    first_position: int = _column(LONG)


#: Tables made across records rather than by :func:`project`, by name: their columns, kinds and
#: schemas work as those of :data:`TABLES`.
CORPUS_TABLES: dict[str, type] = {StoryRow.TABLE: StoryRow,
                                  QuoteOccurrenceRow.TABLE: QuoteOccurrenceRow}


@dataclass(frozen=True, slots=True)
class FullTextDoc:
    """The text of an article the full-text index holds, by field: ``quotes`` the quote texts
    one a line, ``names`` the entity names and mentions as written (each once, in order)."""

    headline: str
    standfirst: str
    body: str
    quotes: str
    names: str


@dataclass(frozen=True, slots=True)
class Projection:
    """Every row of one record (see the module docstring) and its full-text document."""

    article: ArticleRow
    quotes: list[QuoteRow]
    entities: list[EntityRow]
    article_entities: list[ArticleEntityRow]
    entity_variants: list[EntityVariantRow]
    events: list[EventRow]
    text: FullTextDoc

    def rows(self) -> Iterator[tuple[str, Row]]:
        """``(table, row)`` for every row, tables in :data:`TABLES` order."""
        yield ArticleRow.TABLE, self.article
        for table in (self.quotes, self.entities, self.article_entities, self.entity_variants,
                      self.events):
            for row in table:
                yield row.TABLE, row


def project(article: Article) -> Projection:
    """The rows of ``article`` (see the module docstring). Never raises for a valid record."""
    day = article.published[:10] if article.published else None
    local_keys: dict[str, str] = {}
    entity_rows: dict[str, EntityRow] = {}
    per_key: dict[str, dict] = {}
    variants: Counter[tuple[str, str]] = Counter()
    names: list[str] = []
    for ent in article.entities:
        key = entity_key(ent.name, ent.type)
        local_keys[ent.id] = key
        names.append(ent.name)
        entity_rows.setdefault(key, EntityRow(key=key, name=ent.name, type=ent.type))
        counted = per_key.setdefault(key, {"article_id": article.id, "entity_key": key,
                                           "local_id": ent.id, "name": ent.name,
                                           "type": ent.type, "mentions": 0})
        counted["mentions"] += len(ent.mentions)
        for mention in ent.mentions:
            variants[key, mention.text] += 1
            names.append(mention.text)
        if not ent.mentions:
            variants[key, ent.name] += 1

    quotes = []
    for position, quote in enumerate(article.quotes):
        speaker = quote.speaker
        quotes.append(QuoteRow(
            article_id=article.id, position=position, kind=quote.kind, text=quote.text,
            speaker=speaker.name if speaker else None,
            speaker_entity_key=local_keys.get(speaker.entity) if speaker and speaker.entity
            else None,
            cue=quote.cue, medium=quote.medium, published_day=day, part=quote.span.part,
            index=quote.span.index, start=quote.span.start, end=quote.span.end))

    events = [_event_row(article.id, position, event, day, local_keys)
              for position, event in enumerate(article.events)]

    body = "\n\n".join(article.paragraphs)
    row = ArticleRow(
        id=article.id, source_uri=article.source.uri, source_format=article.source.format,
        url=article.url, publisher=article.publisher, language=article.language,
        headline=article.headline, standfirst=article.standfirst, authors=list(article.authors),
        published=article.published, published_day=day, updated=article.updated,
        section=article.section, paragraphs=list(article.paragraphs), body=body,
        images=[{"caption": i.caption, "credit": i.credit, "url": i.url} for i in article.images],
        boilerplate=[{"text": b.text, "kind": b.kind} for b in article.boilerplate],
        quote_count=len(article.quotes), entity_count=len(article.entities),
        event_count=len(article.events), duplicate_group_id=article.duplicate_group_id,
        record=article.model_dump_json(), story_id=article.story_id)
    text = FullTextDoc(headline=article.headline or "", standfirst=article.standfirst or "",
                       body=body, quotes="\n".join(q.text for q in article.quotes),
                       names=" ".join(dict.fromkeys(names)))
    return Projection(
        article=row, quotes=quotes, entities=list(entity_rows.values()),
        article_entities=[ArticleEntityRow(**r) for r in per_key.values()],
        entity_variants=[EntityVariantRow(article_id=article.id, entity_key=k, variant=v,
                                          mentions=n) for (k, v), n in variants.items()],
        events=events, text=text)


def _actor(actor: Actor | None, local_keys: dict[str, str]) -> tuple:
    """``(name, entity key, mention text)`` of an event's actor, Nones when there is none."""
    if actor is None:
        return None, None, None
    key = local_keys.get(actor.entity) if actor.entity else None
    return actor.name, key, actor.mention.text if actor.mention else None


def _event_row(article_id: str, position: int, event: Event, day: str | None,
               local_keys: dict[str, str]) -> EventRow:
    source, target, where = (_actor(a, local_keys)
                             for a in (event.source, event.target, event.where))
    return EventRow(
        article_id=article_id, position=position, type=event.type, code=event.code,
        mode=event.mode, context=list(event.context),
        source_name=source[0], source_entity_key=source[1], source_mention=source[2],
        target_name=target[0], target_entity_key=target[1], target_mention=target[2],
        where_name=where[0], where_entity_key=where[1], where_mention=where[2],
        when_date=event.when, when_text=event.when_text, published_day=day,
        trigger=event.trigger, part=event.span.part, index=event.span.index,
        start=event.span.start, end=event.span.end, quote_position=event.quote)


# -- column lists and types ---------------------------------------------------------------


def _table(name: str) -> type:
    return TABLES[name] if name in TABLES else CORPUS_TABLES[name]


def columns(table: str) -> list[tuple[str, str]]:
    """``[(column, kind)]`` of ``table`` in order. Raises ``KeyError`` for an unknown table."""
    return [(f.name, f.metadata["kind"]) for f in dataclasses.fields(_table(table))]


def flat_columns(table: str) -> list[str]:
    """The columns of ``table`` in a flat (CSV) export: all but the nested or long ones."""
    return [f.name for f in dataclasses.fields(_table(table)) if f.metadata["flat"]]


def values(row: Any) -> tuple:
    """The row's values in column order (nested values as lists of dicts)."""
    return tuple(getattr(row, f.name) for f in dataclasses.fields(row))


def as_dict(row: Row | StoryRow | QuoteOccurrenceRow) -> dict[str, Any]:
    """The row as ``{column: value}`` (not copied deeply)."""
    return {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}


def flat_value(value: Any) -> Any:
    """A value as a CSV cell: a list of strings joined with ``"; "`` (authors)."""
    return "; ".join(value) if isinstance(value, list) else value


def sql_value(kind: str, value: Any) -> Any:
    """A value as the store keeps it in SQL: lists as JSON text, the rest as they are."""
    if kind in (STRING, LONG):
        return value
    return json.dumps(value, ensure_ascii=False)


def spark_ddl(table: str) -> str:
    """The Spark SQL DDL schema of ``table`` (``"`id` string, ..."``)."""
    return ", ".join(f"`{name}` {_SPARK[kind]}" for name, kind in columns(table))


def arrow_schema(table: str):
    """The pyarrow schema of ``table`` (strings, int64, lists and lists of structs)."""
    import pyarrow as pa

    types = {STRING: pa.string(), LONG: pa.int64(), STRINGS: pa.list_(pa.string()),
             IMAGES: pa.list_(pa.struct([("caption", pa.string()), ("credit", pa.string()),
                                         ("url", pa.string())])),
             BOILERPLATE: pa.list_(pa.struct([("text", pa.string()), ("kind", pa.string())]))}
    return pa.schema([(name, types[kind]) for name, kind in columns(table)])
