"""Story clusters on the web: ``GET /api/v1/stories``, ``GET /api/v1/stories/{id}`` and the
pages ``/stories`` and ``/stories/{id}`` (:mod:`dateline.corpus.story_search`)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse

from dateline.corpus.results import Page
from dateline.corpus.story_search import StoryDetail, StorySummary
from dateline.errors import WordlessQueryError
from dateline.web import ids
from dateline.web.api import DEFAULT_LIMIT, EntityRef, Limit, Offset, Since, _day, store_of
from dateline.web.pages import PAGE_SIZE, _date_param, _offset, _sentence, render

router = APIRouter()

StoryList = Page[StorySummary]


@router.get("/api/v1/stories", response_model=StoryList, tags=["stories"],
            summary="Find stories")
def list_stories(request: Request,
                 q: str | None = Query(None, max_length=500,
                                       description="words some article of the story has"),
                 since: Since = None, entity: EntityRef = None, limit: Limit = DEFAULT_LIMIT,
                 offset: Offset = 0):
    """Story clusters (the articles of any outlet about one event), latest activity first:
    ``q`` full-text words of some article of the story, ``since`` its latest article on or
    after that day (UTC), ``entity`` (key or name) named by some article of it."""
    items, total = store_of(request).stories(q or None, since=_day(since),
                                             entity=entity or None, limit=limit, offset=offset)
    return StoryList(items=items, total=total)


@router.get("/api/v1/stories/{story_id}", response_model=StoryDetail, tags=["stories"],
            summary="One story", responses={
                400: {"description": "the start of several ids, or too short a start"},
                404: {"description": "no such story"}})
def get_story(request: Request, response: Response, story_id: str, limit: Limit = DEFAULT_LIMIT,
              offset: Offset = 0, quotes_limit: Limit = DEFAULT_LIMIT, quotes_offset: Offset = 0):
    """A story: a page of its articles in time order (``items``: ``limit`` from ``offset``;
    ``total`` counts them all), its outlets and entities (of every article), and a page of the
    quotations of its articles (``quotes``: ``quotes_limit`` from ``quotes_offset``;
    ``quotes_total`` counts them all). ``story_id`` is the id or its start (at least 4
    characters, as ``dateline stories`` prints 12): the answer is the same, with
    ``Content-Location`` giving the full id's address (:mod:`dateline.web.ids`)."""
    full = ids.resolve(request, story_id, "story")
    story = store_of(request).story(full, limit=limit, offset=offset,
                                    quotes_limit=quotes_limit, quotes_offset=quotes_offset)
    if story is None:
        raise HTTPException(404, "no such story")
    ids.locate(request, response, story_id, full, f"/api/v1/stories/{full}")
    return story


@router.get("/stories", response_class=HTMLResponse, include_in_schema=False)
def stories_page(request: Request, q: str | None = None, since: str | None = None,
                 entity: str | None = None, offset: str | None = None):
    """Stories, latest first, with the filters of the API."""
    errors: list[str] = []
    since_d = _date_param(since, "Since", errors)
    start = _offset(offset)
    q = (q or "")[:500] or None
    try:
        items, total = request.app.state.store.stories(q, since=since_d, entity=entity or None,
                                                       limit=PAGE_SIZE, offset=start)
    except WordlessQueryError as exc:  # "***": refused with its reason, as the API and CLI
        return render(request, "stories.html", status=400, q=q, since=since_d, entity=entity,
                      items=[], total=0, offset=0, limit=PAGE_SIZE,
                      error=" ".join([*errors, _sentence(str(exc))]))
    return render(request, "stories.html", q=q, since=since_d, entity=entity, items=items,
                  total=total, offset=start, limit=PAGE_SIZE, error=" ".join(errors) or None)


@router.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
def story_page(request: Request, story_id: str):
    """One story: a timeline of its articles, its outlets, entities and quotations; the start
    of its id redirects to its full id's page."""
    full = ids.resolve(request, story_id, "story", "No story with this id is stored.")
    moved = ids.redirect(request, story_id, full, f"/stories/{full}")
    if moved is not None:
        return moved
    story = request.app.state.store.story(full)
    if story is None:
        raise HTTPException(404, "No story with this id is stored.")
    return render(request, "story.html", s=story)
