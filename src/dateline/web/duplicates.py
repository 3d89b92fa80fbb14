"""The duplicate group of an article in the REST API (issue 10 item 5): its copies, with
publishers and links, the original first (:meth:`dateline.corpus.Store.duplicate_group`), and
what the article page lists of it (:func:`also_published`)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request, Response

from dateline.corpus.duplicate_reads import DuplicateGroup, DuplicateMember
from dateline.model import Article
from dateline.web import ids

router = APIRouter()


@router.get("/api/v1/articles/{article_id}/duplicates", response_model=DuplicateGroup,
            tags=["articles"], summary="The copies of an article",
            responses={400: {"description": "the start of several ids, or too short a start"},
                       404: {"description": "no such article"}})
def article_duplicates(request: Request, response: Response, article_id: str):
    """The article's duplicate group: the same text in another format or with other chrome,
    and syndicated copies with their edits. ``group_id`` is the article id of the original
    (earliest published); members are the original first, then by publication time. A
    group of one lists the article alone. ``article_id`` may be the start of the id, as for
    ``/api/v1/articles/{article_id}``."""
    full = ids.resolve(request, article_id, "article")
    group = request.app.state.store.duplicate_group(full)
    if group is None:
        raise HTTPException(404, "no such article")
    ids.locate(request, response, article_id, full, f"/api/v1/articles/{full}/duplicates")
    return group


@dataclass(frozen=True)
class AlsoPublished:
    """What the article page says of an article's duplicate group.

    ``outlets``: one member per OTHER publisher ("Also published by"), that publisher's
    original if it holds the group's original, else its earliest; ``copies``: the other stored
    copies of the article's own outlet (its HTML page and a text scrape of it: the same
    publisher, or the same address when a publisher is unknown), in group order."""

    outlets: list[DuplicateMember]
    copies: list[DuplicateMember]


def _outlet(name: str | None) -> str | None:
    return " ".join(name.casefold().split()) or None if name else None


def _address(url: str | None) -> str | None:
    if not url:
        return None
    url = url.strip().split("#")[0].rstrip("/").casefold()
    return url.split("://", 1)[-1].removeprefix("www.") or None


def also_published(group: DuplicateGroup | None, article: Article) -> AlsoPublished:
    """Split ``group`` (members in group order, the original first) for ``article``'s page:
    other outlets once each, and the article's own outlet's other copies (see
    :class:`AlsoPublished`). A member with no publisher and another address is an outlet of
    its own ("unknown publisher"). ``None`` or a group of one gives two empty lists."""
    own, own_url = _outlet(article.publisher), _address(article.url)
    outlets: dict[str, DuplicateMember] = {}
    copies: list[DuplicateMember] = []
    for member in group.members if group else []:
        if member.article_id == article.id:
            continue
        name, url = _outlet(member.publisher), _address(member.url)
        if (own and name == own) or (url and url == own_url and (name is None or own is None)):
            copies.append(member)
        else:
            outlets.setdefault(name or member.article_id, member)
    return AlsoPublished(outlets=list(outlets.values()), copies=copies)
