"""The duplicate group of an article in the REST API (issue 10 item 5): its copies, with
publishers and links, the original first (:meth:`dateline.corpus.Store.duplicate_group`)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from dateline.corpus.duplicate_reads import DuplicateGroup

router = APIRouter()


@router.get("/api/v1/articles/{article_id}/duplicates", response_model=DuplicateGroup,
            tags=["articles"], summary="The copies of an article",
            responses={404: {"description": "no such article"}})
def article_duplicates(request: Request, article_id: str):
    """The article's duplicate group: the same text in another format or with other chrome,
    and syndicated copies with their edits. ``group_id`` is the article id of the original
    (earliest published); members are the original first, then by publication time. A
    group of one lists the article alone."""
    group = request.app.state.store.duplicate_group(article_id)
    if group is None:
        raise HTTPException(404, "no such article")
    return group
