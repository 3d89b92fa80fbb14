"""The HTML pages: search with facets, an article, an entity, quote lookup, the API's docs.

Templates autoescape everything; the only markup built in Python is the highlighted text
(:mod:`dateline.web.highlight`, which escapes first), search snippets (HTML-safe from the store:
:mod:`dateline.corpus.snippets` escapes the article's text and adds ``<mark>`` itself) and the
chart (:mod:`dateline.web.chart`).
Links taken from records are kept only when they are http(s).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from dateline import __version__
from dateline.config import MAX_OFFSET
from dateline.corpus.keys import entity_key
from dateline.corpus.results import Facets
from dateline.errors import WordlessQueryError
from dateline.web import ids
from dateline.web.chart import bar_chart, fill_months
from dateline.web.duplicates import also_published
from dateline.web.eventviews import entity_events
from dateline.web.highlight import article_highlights, highlight

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 20
#: Entity types offered as a filter on the entities page (spaCy/OntoNotes labels).
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP")


def http_url(value: str | None) -> str | None:
    """``value`` if it is an http(s) URL, else ``None`` (no ``javascript:`` links)."""
    if value and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()
    return None


def human_date(value: str | None) -> str:
    """An ISO 8601 date or date-time as people write it: ``2023-03-09T18:42:00+00:00`` gives
    ``9 March 2023, 18:42 (UTC+00:00)``, ``2023-03-09`` gives ``9 March 2023``; anything else
    is returned unchanged (``""`` for ``None``)."""
    if not value:
        return ""
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return value
    day = f"{when.day} {calendar.month_name[when.month]} {when.year}"
    if len(value) <= 10:
        return day
    text = f"{day}, {when:%H:%M}"
    if when.tzinfo is not None:
        offset = when.isoformat()[-6:] if not value.endswith("Z") else "+00:00"
        text += f" (UTC{offset})"
    return text


def snippet_markup(snippet: str | None) -> Markup:
    """A store snippet as markup: it is HTML-safe already (the article's text escaped, matched
    words in ``<mark>``, see :func:`dateline.corpus.snippets.snippet`)."""
    return Markup(snippet or "")


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    """Render template ``name`` with ``context`` plus the helpers every page uses."""
    templates = request.app.state.templates
    params = dict(request.query_params)

    def page_query(**changes) -> str:
        merged = {**params, **changes}
        return urlencode({k: v for k, v in merged.items() if v not in (None, "", 0)})

    return templates.TemplateResponse(request, name, {
        "version": __version__, "page_query": page_query, **context},
        status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """An HTML error page with ``status``."""
    return render(request, "error.html", status=status, code=status, message=message)


def _date_param(value: str | None, name: str, errors: list[str]) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        errors.append(f"'{name}' must be a date like 2023-03-09.")
        return None


def _offset(value: str | None) -> int:
    try:
        return max(0, min(int(value or 0), MAX_OFFSET))
    except ValueError:
        return 0


def _facet_links(facets: Facets) -> dict:
    out: dict[str, list[dict[str, Any]]] = {"publisher": [], "entity": [], "month": []}
    for f in facets.publisher:
        out["publisher"].append({**f.model_dump(), "params": {"publisher": f.value}})
    for f in facets.entity:
        out["entity"].append({**f.model_dump(), "label": f.name, "params": {"entity": f.value}})
    for f in facets.month:
        try:
            y, m = int(f.value[:4]), int(f.value[5:7])
        except (TypeError, ValueError):
            continue
        last = calendar.monthrange(y, m)[1]
        out["month"].append({**f.model_dump(), "params": {"since": f"{y:04d}-{m:02d}-01",
                                             "until": f"{y:04d}-{m:02d}-{last:02d}"}})
    return out


def _sentence(message: str) -> str:
    """A store message as a sentence of a page: capitalised, with a full stop."""
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, q: str | None = None, publisher: str | None = None,
                since: str | None = None, until: str | None = None, entity: str | None = None,
                offset: str | None = None):
    """Search with facets (publisher, entity, month) and pagination."""
    store = request.app.state.store
    errors: list[str] = []
    q = (q or "")[:500] or None
    since_d, until_d = _date_param(since, "From", errors), _date_param(until, "To", errors)
    start = _offset(offset)
    filters = {"publisher": publisher or None, "since": since_d, "until": until_d,
               "entity": entity or None}
    try:
        hits, total = store.search(q, **filters, limit=PAGE_SIZE, offset=start)
    except WordlessQueryError as exc:  # "***": refused with its reason, as the API and CLI
        return render(request, "search.html", status=400, q=q, publisher=publisher,
                      since=since_d, until=until_d, entity=entity, entity_name=None, items=[],
                      total=0, offset=0, limit=PAGE_SIZE, shown=0, refused=True,
                      facets=_facet_links(Facets(publisher=[], entity=[], month=[])),
                      error=" ".join([*errors, _sentence(str(exc))]))
    items = [{**hit.model_dump(), "snippet": snippet_markup(hit.snippet)} for hit in hits]
    facets = store.facets(q, **filters)
    entity_name = None
    if entity:
        entity_name = next((f.name for f in facets.entity if f.value == entity), None)
    return render(request, "search.html", q=q, publisher=publisher, since=since_d,
                  until=until_d, entity=entity, entity_name=entity_name, items=items,
                  total=total, offset=start, limit=PAGE_SIZE, shown=len(items),
                  facets=_facet_links(facets), error=" ".join(errors) or None)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str):
    """One article with its quotes and entity mentions highlighted; the start of its id
    redirects to its full id's page."""
    full = ids.resolve(request, article_id, "article", "No article with this id is stored.")
    moved = ids.redirect(request, article_id, full, f"/articles/{full}")
    if moved is not None:
        return moved
    article = request.app.state.store.get_article(full)
    if article is None:
        raise HTTPException(404, "No article with this id is stored.")
    marks = article_highlights(article)

    def mark(part: str, index: int, text: str) -> Markup:
        return highlight(text, marks.get((part, index), []))

    keys = {e.id: entity_key(e.name, e.type) for e in article.entities}
    story = request.app.state.store.story_summary(article.story_id) if article.story_id else None
    also = also_published(request.app.state.store.duplicate_group(article.id), article)
    return render(request, "article.html", a=article, mark=mark, entity_keys=keys,
                  story_headline=story and story.headline, story_articles=story and story.articles,
                  also=also, quote_ids=request.app.state.store.quote_ids(article.id))


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, q: str | None = None, type: str | None = None,
                  offset: str | None = None):
    """People, organisations and places, most articles first; ``q`` filters by name."""
    start = _offset(offset)
    q = (q or "")[:200] or None
    items, total = request.app.state.store.entities(q, type=type or None, limit=PAGE_SIZE,
                                                    offset=start)
    return render(request, "entities.html", q=q, type=type, items=items, total=total,
                  offset=start, limit=PAGE_SIZE, types=ENTITY_TYPES)


@router.get("/entities/{key:path}", response_class=HTMLResponse)
def entity_page(request: Request, key: str, offset: str | None = None):
    """An entity: quotes over time (chart), its quotes, who it appears with, name variants,
    what it did and what was done to it (events by type over time)."""
    store = request.app.state.store
    entity = store.entity(key, quotes_limit=1)
    if entity is None:
        raise HTTPException(404, "No entity with this key is stored.")
    start = _offset(offset)
    quotes, total = store.quotes(speaker=key, limit=PAGE_SIZE, offset=start)
    chart = bar_chart(fill_months([(m.month, m.count) for m in entity.quotes_by_month]))
    events = entity_events(store, key)
    return render(request, "entity.html", e=entity, key=key, chart=chart, quotes=quotes,
                  quotes_total=total, total=total, offset=start, limit=PAGE_SIZE,
                  shown=len(quotes),
                  variants=entity.variants, co_occurring=entity.co_occurring, events=events)


@router.get("/lookup", response_class=HTMLResponse)
def lookup_page(request: Request, text: str | None = None):
    """Paste a quotation; see the closest attributed quotes with speaker, article and date.
    A text longer than :data:`dateline.web.api.MAX_LOOKUP_CHARS` (the API's bound) is not
    looked up: the page says so, with status 422 as the API answers."""
    from dateline.web.api import MAX_LOOKUP_CHARS

    text = (text or "").strip()
    if len(text) > MAX_LOOKUP_CHARS:
        return render(request, "lookup.html", status=422, text=text, results=[],
                      max_chars=MAX_LOOKUP_CHARS,
                      too_long=f"This text is {len(text):,} characters long; the lookup takes "
                      f"at most {MAX_LOOKUP_CHARS:,}. Paste the quotation alone.")
    store = request.app.state.store
    results = store.with_provenance(store.lookup_quote(text, limit=10)) if text else []
    return render(request, "lookup.html", text=text, results=results,
                  max_chars=MAX_LOOKUP_CHARS)


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request):
    """The REST API, listed from the OpenAPI document (no external assets)."""
    from dateline.web.api import MAX_LIMIT

    spec = request.app.openapi()
    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p["name"], "in": p.get("in"), "required": p.get("required"),
                       "type": _type_name(p.get("schema", {})),
                       "description": p.get("description", "")}
                      for p in op.get("parameters", [])]
            operations.append({"method": method, "path": path, "summary": op.get("summary"),
                               "description": (op.get("description") or "").replace("``", ""),
                               "parameters": params})
    return render(request, "docs.html", operations=operations, max_limit=MAX_LIMIT)


def _type_name(schema: dict) -> str:
    if "anyOf" in schema:
        return " or ".join(_type_name(s) for s in schema["anyOf"] if s.get("type") != "null")
    return schema.get("format") or schema.get("type") or ""
