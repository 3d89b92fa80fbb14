"""What the store's reading methods return: pydantic models, which the REST API answers with as
they are (``dateline.web.api`` declares them as its response models).

Dates are the record's ISO 8601 strings as written (``published``) or ``YYYY-MM`` months;
entity keys are corpus-level keys (``person:viktor-orban``).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from dateline.corpus.provenance import Provenance
from dateline.model import Failure

T = TypeVar("T")


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class Page(_Result, Generic[T]):
    """One page of a list: its items and how many there are in all."""

    items: list[T]
    total: int


class ArticleHit(_Result):
    """An article found by :meth:`Store.search`."""

    id: str
    headline: str | None
    publisher: str | None
    published: str | None
    snippet: str | None = Field(description="HTML-safe text of the article around the matched "
                                            "words (markup in the text is escaped)")
    duplicate_group_id: str | None = Field(None, description="the article's duplicate group "
                                           "(the article id of its original)")
    story_id: str | None = Field(None, description="the story cluster the article is in (the id "
                                 "of the story's first stored article; GET /api/v1/stories/{id})")
    duplicates: int = Field(0, description="other articles of its duplicate group in the store "
                                           "(copies that one line of results stands for)")
    matched_id: str | None = Field(None, description="a collapsed line shows its group's "
                                   "original: the copy whose snippet it shows when that is "
                                   "another article (its text matched the query better)")


class QuoteHit(_Result):
    """A quotation found by :meth:`Store.quotes`, with its article's headline and date."""

    article_id: str
    headline: str | None
    publisher: str | None
    published: str | None
    kind: str
    text: str
    speaker: str | None
    speaker_entity_key: str | None
    cue: str | None
    medium: str | None
    quote_id: int | None = Field(None, description="the quotation's id (quotes.id), for GET "
                                 "/api/v1/quotes/{id}/provenance")


class LookupHit(QuoteHit):
    """A quotation close to a pasted text (:meth:`Store.lookup_quote`)."""

    score: float = Field(description="similarity 0-100 (rapidfuzz)")
    copies: int = Field(0, description="the same quotation in copies of its article (its "
                        "duplicate group: syndicated, or another format) folded into this hit")
    provenance: Provenance | None = Field(None, description="its first report and other "
                                          "occurrences (GET /api/v1/quotes/{id}/provenance)")


class EntitySummary(_Result):
    """A corpus-level entity and how many articles name it."""

    key: str
    name: str
    type: str
    articles: int


class CoEntity(_Result):
    """An entity that shares articles with another."""

    key: str
    name: str
    type: str
    count: int = Field(description="articles shared")


class MonthCount(_Result):
    """Quotations in one month (``YYYY-MM``)."""

    month: str
    count: int


class EntityLink(_Result):
    """A link of one article's entity to a store entity (:mod:`dateline.corpus.entity_links`),
    with the evidence that made it: ``rule`` (``same_tokens``, ``name_subset``, ``surname``,
    ``given_name``), ``variant`` (the folded name that matched: ``orban``), ``support`` (the
    keys of co-occurring entities and the ``role:...`` titles that supported it) and
    ``score``. ``status`` is ``linked`` or ``unlinked`` (undone, ``undone`` the UTC time)."""

    id: int
    article_id: str
    entity_key: str = Field(description="the entity's own key in that article")
    name: str = Field(description="its canonical name in that article")
    target_key: str = Field(description="the store entity it is linked to")
    rule: str
    variant: str
    support: list[str]
    score: float
    status: str
    created: str
    undone: str | None


class ArticleVariants(_Result):
    """The names one article writes for an entity (or for an entity linked to it), most
    mentions first."""

    article_id: str
    headline: str | None
    published: str | None
    entity_key: str = Field(description="the key the article's entity has")
    variants: list[str]


class EntityDetail(_Result):
    """One entity (:meth:`Store.entity`): names as written (most frequent first), article count,
    newest quotes as speaker, who it appears with, quotes per month; the links of other
    articles' entities to it with their evidence, and the names written in each of its newest
    articles (entities linked to it included)."""

    key: str
    name: str
    type: str
    variants: list[str]
    articles: int
    quotes: list[QuoteHit]
    quotes_total: int
    co_occurring: list[CoEntity]
    quotes_by_month: list[MonthCount]
    links: list[EntityLink] = []
    article_variants: list[ArticleVariants] = []


class FacetCount(_Result):
    """A value of a facet (a publisher, a ``YYYY-MM`` month) and its number of articles."""

    value: str
    count: int


class EntityFacet(FacetCount):
    """An entity facet: ``value`` is the key."""

    name: str
    type: str


class Facets(_Result):
    """Counts over the articles a search finds (:meth:`Store.facets`)."""

    publisher: list[FacetCount]
    entity: list[EntityFacet]
    month: list[FacetCount]


class StoredFailure(Failure):
    """A failed page as :meth:`Store.failures` returns it: the :class:`~dateline.model.Failure`
    that ``dateline extract`` writes (``source.format`` is ``None``: the table keeps no
    format), how many runs failed on it and when the last one did (ISO 8601, UTC)."""

    model_config = ConfigDict(frozen=True)

    attempts: int
    failed_at: str


class EventActor(_Result):
    """A participant of a stored event: the name as resolved, the corpus-level entity key when
    an entity of the article names it (else None), the words as written (or None)."""

    name: str
    entity_key: str | None
    mention: str | None


class EventHit(_Result):
    """An event found by :meth:`Store.events`, with its article's headline and date: the
    columns of the ``events`` table (docs/store.md), actors grouped. ``when`` is the event's
    ISO 8601 date, ``when_text`` the date as written (None: the publication day); ``part``,
    ``index``, ``start``, ``end`` the span of its sentence (code-point offsets into that
    part of the record); ``quote_position`` the index in the record's ``quotes`` of the
    quotation it is reported in, else None."""

    article_id: str
    headline: str | None
    publisher: str | None
    published: str | None
    position: int = Field(description="index in the record's events")
    type: str = Field(description="PLOVER type: ACCUSE, CONSULT, ...")
    code: str | None
    mode: str | None
    context: list[str]
    source: EventActor | None
    target: EventActor | None
    where: EventActor | None
    when: str | None
    when_text: str | None
    trigger: str
    part: str
    index: int
    start: int
    end: int
    quote_position: int | None


class StoredAlert(_Result):
    """A saved alert as :meth:`Store.alerts` and :meth:`Store.get_alert` return it: a row of
    the ``alerts`` table (docs/store.md). The criteria are those of
    :data:`dateline.alerts.CRITERIA` (``event_types`` stored as ``"ACCUSE,THREATEN"``);
    ``webhook_url`` and ``email`` say where matches go; ``created`` and ``deleted`` are UTC
    ISO 8601 times (``deleted`` is ``None`` for a live alert; a deleted one's tombstone keeps
    its criteria and loses its webhook URL and email)."""

    id: int
    query: str | None
    speaker: str | None
    entity: str | None
    story_id: str | None
    event_types: str | None
    webhook_url: str | None
    email: str | None
    created: str
    deleted: str | None = None


class StoredMatch(_Result):
    """An article that matched an alert, as :meth:`Store.alert_matches` returns it: the
    ``alert_matches`` row (``matched_at`` UTC ISO 8601) with its article's headline, publisher,
    date and URL. ``summary`` is empty from the store; the feed fills it in
    (:func:`dateline.alerts.atom_feed`)."""

    alert_id: int
    article_id: str
    matched_at: str
    headline: str | None
    publisher: str | None
    published: str | None
    url: str | None
    summary: str | None = None
