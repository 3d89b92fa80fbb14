"""The REST API under ``/api/v1`` and the alerts' Atom feeds.

Lists answer ``{"items": [...], "total": N}`` and take ``limit`` (1 to :data:`MAX_LIMIT`) and
``offset``. Dates are ``YYYY-MM-DD``. Creating, listing and deleting alerts needs
``Authorization: Bearer TOKEN`` equal to the configured ``api_token``; with no token configured
those routes are refused (403). Every query reaches the database through the store's
parameterised SQLAlchemy statements.
"""

from __future__ import annotations

import hmac
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from dateline.alerts import CRITERIA, atom_feed
from dateline.alerts import create_alert as new_alert
from dateline.config import MAX_OFFSET
from dateline.corpus.deliveries import DeliveryCounts
from dateline.corpus.results import (
    ArticleHit,
    EntityDetail,
    EntitySummary,
    EventHit,
    LookupHit,
    Page,
    QuoteHit,
    StoredAlert,
)
from dateline.errors import AlertTargetError
from dateline.model import Article
from dateline.web import ids

#: Largest page of any list (items per request).
MAX_LIMIT = 100
DEFAULT_LIMIT = 20
#: Longest text a quote lookup takes, in characters (code points), on the API and the
#: ``/lookup`` page alike: a quotation or a paragraph of one, not an article.
MAX_LOOKUP_CHARS = 2000

router = APIRouter()
bearer = HTTPBearer(auto_error=False, description="the server's configured api_token")

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"items per page, 1-{MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
Since = Annotated[date | None, Query(description="first day, YYYY-MM-DD (inclusive)")]
Until = Annotated[date | None, Query(description="last day, YYYY-MM-DD (inclusive)")]
EntityRef = Annotated[str | None, Query(max_length=200, description="entity key or name")]


ArticleList = Page[ArticleHit]
QuoteList = Page[QuoteHit]
LookupList = Page[LookupHit]
EntityList = Page[EntitySummary]
EventList = Page[EventHit]


class AlertIn(BaseModel):
    """A saved search: at least one of ``query``, ``speaker``, ``entity``, ``story_id``,
    ``event_types``."""

    query: str | None = Field(None, max_length=500)
    speaker: str | None = Field(None, max_length=200)
    entity: str | None = Field(None, max_length=200)
    story_id: str | None = Field(None, max_length=64, description="a story to follow")
    event_types: str | None = Field(None, max_length=200, description="PLOVER types separated "
                                    "by commas: an event of one of them by or to the entity")
    webhook_url: str | None = Field(None, max_length=2000,
                                    description="http(s) URL of a public address to POST each "
                                    "match to as JSON (no credentials; redirects not followed)")
    email: str | None = Field(None, max_length=254,
                              description="address to mail each match to (needs the server's "
                              "email.smtp_host)")
    backfill: bool = Field(False, description="also match the articles already stored")

    @field_validator("webhook_url")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        if value and not value.lower().startswith(("http://", "https://")):
            raise ValueError("webhook_url must be an http:// or https:// URL")
        return value or None

    @model_validator(mode="after")
    def _some_criterion(self) -> AlertIn:
        if not any((getattr(self, k) or "").strip() for k in CRITERIA):
            raise ValueError("an alert needs a query, a speaker, an entity, a story_id or "
                             "event_types")
        return self


class DeliveryCountsOut(BaseModel):
    delivered: int = Field(0, description="webhook POSTs and emails the receiver took")
    pending: int = Field(0, description="waiting for their next attempt")
    given_up: int = Field(0, description="refused, or failed on every attempt")


class AlertOut(StoredAlert):
    """A saved alert as the API gives it: the store's :class:`StoredAlert` (without
    ``deleted``: the API shows live alerts only) with its feed, delivery counts and backfill."""

    deleted: SkipJsonSchema[str | None] = Field(None, exclude=True)
    feed: str = Field(description="path of the alert's Atom feed")
    deliveries: DeliveryCountsOut = DeliveryCountsOut()
    backfilled: int | None = Field(None, description="stored articles matched on creation "
                                   "(with backfill)")


def store_of(request: Request):
    """The app's store (a dependency)."""
    return request.app.state.store


def require_token(request: Request,
                  creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """Refuse the request unless it carries ``Authorization: Bearer <api_token>``.

    403 when the server has no token configured, 401 when the token is missing or wrong
    (compared in constant time)."""
    token = request.app.state.settings.api_token
    if not token:
        raise HTTPException(403, "alerts are disabled: the server has no api_token configured")
    given = creds.credentials if creds else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "a valid bearer token is required",
                            headers={"WWW-Authenticate": "Bearer"})


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


@router.get("/api/v1/articles", response_model=ArticleList, tags=["articles"],
            summary="Search articles")
def list_articles(request: Request, q: str | None = Query(None, max_length=500,
                                                         description="search words"),
                  publisher: str | None = Query(None, description="publisher name, exactly"),
                  since: Since = None, until: Until = None, entity: EntityRef = None,
                  limit: Limit = DEFAULT_LIMIT, offset: Offset = 0):
    """Full-text search (words, "phrases", prefix*, OR) with filters: publisher, publication
    date range (inclusive, the page's local date), entity key or name. Newest first without
    ``q``."""
    items, total = store_of(request).search(
        q, publisher=publisher or None, since=_day(since), until=_day(until),
        entity=entity or None, limit=limit, offset=offset, mark=("", ""))
    return ArticleList(items=items, total=total)


@router.get("/api/v1/articles/{article_id}", response_model=Article, tags=["articles"],
            summary="One article record", responses={
                400: {"description": "the start of several ids, or too short a start"},
                404: {"description": "no such article"}})
def get_article(request: Request, response: Response, article_id: str):
    """The full record, as ``dateline extract`` writes it. ``article_id`` is the id or its
    start (at least 4 characters, as ``dateline search`` prints 12): the answer is the same,
    with ``Content-Location`` giving the full id's address (:mod:`dateline.web.ids`)."""
    full = ids.resolve(request, article_id, "article")
    article = store_of(request).get_article(full)
    if article is None:  # deleted between the two reads
        raise HTTPException(404, "no such article")
    ids.locate(request, response, article_id, full, f"/api/v1/articles/{full}")
    return article


@router.get("/api/v1/quotes", response_model=QuoteList, tags=["quotes"], summary="Find quotes")
def list_quotes(request: Request,
                speaker: str | None = Query(None, description="entity key or part of a name"),
                about: EntityRef = None,
                q: str | None = Query(None, max_length=500, description="words in the quote"),
                since: Since = None, until: Until = None, limit: Limit = DEFAULT_LIMIT,
                offset: Offset = 0):
    """Quotations by ``speaker`` (entity key or part of a name, accents ignored), ``about`` an
    entity, containing the words ``q``; newest article first."""
    items, total = store_of(request).quotes(
        speaker=speaker or None, about=about or None, q=q or None, since=_day(since),
        until=_day(until), limit=limit, offset=offset)
    return QuoteList(items=items, total=total)


@router.get("/api/v1/quote-lookup", response_model=LookupList, tags=["quotes"],
            summary="Who said this?")
def quote_lookup(request: Request,
                 text: str = Query(min_length=1, max_length=MAX_LOOKUP_CHARS,
                                   description=f"the quotation, 1-{MAX_LOOKUP_CHARS} "
                                   "characters"),
                 limit: Annotated[int, Query(ge=1, le=50)] = 10):
    """The attributed quotations closest to ``text``, tolerant of small wording differences
    (rapidfuzz), best first, each with its provenance (first report, other occurrences)."""
    store = store_of(request)
    items = store.with_provenance(store.lookup_quote(text, limit=limit))
    return LookupList(items=items, total=len(items))


@router.get("/api/v1/entities", response_model=EntityList, tags=["entities"],
            summary="List entities")
def list_entities(request: Request, q: str | None = Query(None, max_length=200),
                  type: str | None = Query(None, max_length=32), limit: Limit = DEFAULT_LIMIT,
                  offset: Offset = 0):
    """People, organisations and places, most articles first; ``q`` matches part of the name."""
    items, total = store_of(request).entities(q or None, type=type or None, limit=limit,
                                               offset=offset)
    return EntityList(items=items, total=total)


@router.get("/api/v1/entities/{key:path}", response_model=EntityDetail, tags=["entities"],
            summary="One entity", responses={404: {"description": "no such entity"}})
def get_entity(request: Request, key: str, quotes_limit: Limit = DEFAULT_LIMIT):
    """An entity by key (``person:agnes-thornbury``): name variants, article count, newest
    quotes, who it appears with, quotes per month, the links of other articles' entities to it
    with their evidence (``links``) and the names each of its newest articles writes
    (``article_variants``); linked entities' quotes and articles count as its own."""
    entity = store_of(request).entity(key, quotes_limit=quotes_limit)
    if entity is None:
        raise HTTPException(404, "no such entity")
    return entity


@router.get("/api/v1/events", response_model=EventList, tags=["events"], summary="Find events",
            responses={422: {"description": "not a PLOVER type, or a bad date or limit"}})
def list_events(request: Request,
                type: str | None = Query(None, max_length=16,
                                         description="PLOVER type: ACCUSE, CONSULT, ..."),
                source: EntityRef = None, target: EntityRef = None, since: Since = None,
                until: Until = None, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0):
    """Events (who did what to whom, where and when) of one PLOVER ``type`` (case ignored), by
    ``source`` and to ``target`` (entity key, entity name, or an actor's name as resolved),
    dated ``since``/``until`` (the event's date, inclusive); newest event first."""
    try:
        items, total = store_of(request).events(
            type=type or None, source=source or None, target=target or None,
            since=_day(since), until=_day(until), limit=limit, offset=offset)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    return EventList(items=items, total=total)


def _alert_out(alert: StoredAlert, counts: DeliveryCounts | None = None,
               backfilled: int | None = None) -> AlertOut:
    return AlertOut(**alert.model_dump(exclude={"deleted"}), feed=f"/alerts/{alert.id}.atom",
                    deliveries=DeliveryCountsOut(**vars(counts or DeliveryCounts())),
                    backfilled=backfilled)


@router.post("/api/v1/alerts", response_model=AlertOut, status_code=201, tags=["alerts"],
             summary="Save an alert", dependencies=[Depends(require_token)],
             responses={400: {"description": "a webhook URL or email address refused, or "
                              "no such story"}})
def create_alert(request: Request, alert: AlertIn):
    """Save a search; every later ingest checks new articles against it. Needs the token.
    JSON body: {"query", "speaker", "entity", "story_id", "event_types", "webhook_url", "email",
    "backfill"}, at least one of the first five. A webhook URL whose host resolves to a
    loopback, private, link-local, multicast or other internal address, or carrying
    credentials, is refused with 400, and so is a ``story_id`` that is no stored story's id
    (the full id of ``GET /api/v1/stories``): such an alert would never match."""
    if alert.story_id and alert.story_id.strip() and \
            store_of(request).story_summary(alert.story_id) is None:
        raise HTTPException(400, f"no story with id {alert.story_id!r} is stored (give the "
                            "full id, as GET /api/v1/stories lists it)")
    try:
        made = new_alert(store_of(request), request.app.state.settings,
                         webhook_url=alert.webhook_url, email=alert.email,
                         backfill=alert.backfill, **{k: getattr(alert, k) for k in CRITERIA})
    except (AlertTargetError, ValueError) as exc:  # ValueError: event_types no PLOVER type
        raise HTTPException(400, str(exc)) from exc
    return _alert_out(made.alert, backfilled=made.backfilled if alert.backfill else None)


@router.get("/api/v1/alerts", response_model=list[AlertOut], tags=["alerts"],
            summary="List alerts", dependencies=[Depends(require_token)])
def list_alerts(request: Request):
    """Every saved alert (webhook URLs included, hence the token), with the counts of its
    deliveries: delivered, pending and given up."""
    store = store_of(request)
    counts = store.delivery_counts()
    return [_alert_out(a, counts.get(a.id)) for a in store.alerts()]


@router.delete("/api/v1/alerts/{alert_id}", status_code=204, tags=["alerts"],
               summary="Delete an alert", dependencies=[Depends(require_token)],
               responses={404: {"description": "no such alert"}})
def delete_alert(request: Request, alert_id: int):
    """Delete an alert and its matches. Needs the token. Its id is never given to another
    alert; its feed answers 410 from then on."""
    if not store_of(request).delete_alert(alert_id):
        raise HTTPException(404, "no such alert")
    return Response(status_code=204)


def _summary(article: Article, size: int = 300) -> str:
    """The standfirst, else the first paragraph, cut to ``size`` characters at a space."""
    text = article.standfirst or (article.paragraphs[0] if article.paragraphs else "")
    if len(text) <= size:
        return text
    return text[:size].rsplit(" ", 1)[0] + "…"


@router.get("/alerts/{alert_id}.atom", tags=["alerts"], summary="An alert's Atom feed",
            response_class=Response,
            responses={200: {"content": {"application/atom+xml": {}}}, 404: {},
                       410: {"description": "the alert was deleted"}})
def alert_feed(request: Request, alert_id: int,
               limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50):
    """The newest ``limit`` articles that matched the alert, as Atom 1.0."""
    store = store_of(request)
    alert = store.get_alert(alert_id, deleted=True)
    if alert is None:
        raise HTTPException(404, "no such alert")
    if alert.deleted:
        raise HTTPException(410, "this alert was deleted")
    entries = []
    for entry in store.alert_matches(alert_id, limit=limit):
        article = store.get_article(entry.article_id)
        if article is not None:
            entry = entry.model_copy(update={"summary": _summary(article)})
        entries.append(entry)
    xml = atom_feed(alert, entries, str(request.base_url))
    return Response(xml, media_type="application/atom+xml; charset=utf-8")
