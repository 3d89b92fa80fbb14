"""Article and story ids in web addresses: the full id or the start of one, as the CLI takes them.

Every route with an article or story id reads it through the store's one resolver
(:meth:`~dateline.corpus.Store.article_id_for`, :meth:`~dateline.corpus.Store.story_id_for`,
:func:`dateline.corpus.ids.full_id`): a unique start of at least
:data:`~dateline.corpus.ids.MIN_PREFIX` characters names the record. The REST API then answers
exactly as for the full id (200, the record carrying its full ``id``), with a
``Content-Location`` header giving the full id's address (RFC 9110 section 8.7): clients such as
``curl`` do not follow redirects by default, and a record is one fetch. The HTML pages redirect
(307) to the full id's address instead, so what a reader bookmarks or shares is the address that
stays valid when a later article's id starts the same way. A start of several ids or a too
short one is a 400 whose message says which (and the minimum); no match is a 404.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import HTTPException, Request, Response
from fastapi.responses import RedirectResponse

from dateline.errors import IdPrefixError


def resolve(request: Request, given: str, kind: str, missing: str | None = None) -> str:
    """The full id of the ``kind`` (``"article"`` or ``"story"``) that ``given`` names. Raises
    ``HTTPException`` 404 (nothing stored by that id or start: ``missing``, by default
    ``"no such article"``) or 400 (the start of several ids, or fewer characters than the
    minimum: the store's message)."""
    store = request.app.state.store
    lookup: Callable[[str], str | None] = (store.article_id_for if kind == "article"
                                           else store.story_id_for)
    try:
        full = lookup(given)
    except IdPrefixError as exc:
        raise HTTPException(400, str(exc)) from None
    if full is None:
        raise HTTPException(404, missing or f"no such {kind}")
    return full


def _with_query(request: Request, path: str) -> str:
    query = request.url.query
    return path + (f"?{query}" if query else "")


def locate(request: Request, response: Response, given: str, full: str, path: str) -> None:
    """For an API answer to a request that named the record by ``given``: when that was not
    its ``full`` id, set ``Content-Location`` to ``path`` (the full id's address) with the
    request's query."""
    if given != full:
        response.headers["Content-Location"] = _with_query(request, path)


def redirect(request: Request, given: str, full: str, path: str) -> RedirectResponse | None:
    """For a page: a 307 redirect to ``path`` (the full id's address, with the request's
    query) when ``given`` was not the ``full`` id, else None (render the page)."""
    if given == full:
        return None
    return RedirectResponse(_with_query(request, path), status_code=307)
