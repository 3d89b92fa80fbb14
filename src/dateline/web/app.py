"""The web application: REST API (``/api/v1``), HTML pages and Atom feeds over one store.

:func:`create_app` builds the FastAPI app. Two small ASGI middlewares guard every response:
:class:`BodyLimitMiddleware` refuses request bodies larger than ``settings.max_request_bytes``
with 413, and :class:`SecurityHeadersMiddleware` adds a strict Content-Security-Policy (nothing
but our own origin; no inline script), ``X-Content-Type-Options: nosniff`` and friends.
Templates are Jinja2 with autoescaping on for every file.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sqlalchemy.exc as sa_exc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from dateline import __version__
from dateline.config import Settings, load_settings
from dateline.errors import WordlessQueryError
from dateline.web.head import HeadAsGetMiddleware

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent

#: Content-Security-Policy of every response: our own origin only, no inline script or style.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeadersMiddleware:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimitMiddleware:
    """ASGI middleware that answers 413 to a request body over ``max_bytes`` bytes.

    A declared ``Content-Length`` over the limit is refused before anything is read; a body
    without one (chunked) is read into memory up to the limit and refused as soon as it passes
    it, so the application never sees more than ``max_bytes``.
    """

    def __init__(self, app, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def _refuse(self, send) -> None:
        body = b'{"detail":"request body too large"}'
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_bytes
            except ValueError:
                too_big = True
            if too_big:
                await self._refuse(send)
                return
        if scope["method"] in ("GET", "HEAD", "OPTIONS") and length is None:
            await self.app(scope, receive, send)
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away before sending its whole body
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._refuse(send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _open_store(store_or_db):
    if isinstance(store_or_db, str | os.PathLike):
        from dateline.corpus.store import Store

        return Store.open(str(store_or_db))
    return store_or_db


def create_app(store_or_db, settings: Settings | None = None) -> FastAPI:
    """Return the FastAPI app serving ``store_or_db``.

    ``store_or_db`` is an open :class:`dateline.corpus.store.Store`, or a SQLite path or
    SQLAlchemy URL to open one. ``settings`` defaults to :func:`load_settings`; the app uses
    ``api_token`` (alerts need it) and ``max_request_bytes``.
    """
    from dateline.web import api, duplicates, pages, provenance, stories

    settings = settings or load_settings()
    app = FastAPI(
        title="dateline", version=__version__,
        description="Search a corpus of news articles, their quotations and entities.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.store = _open_store(store_or_db)
    app.state.settings = settings
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True  # every template, whatever its file name ends with
    templates.env.filters["http_url"] = pages.http_url
    templates.env.filters["human_date"] = pages.human_date
    app.state.templates = templates
    # The last added is the outermost: security headers also go on the 413 answers.
    app.add_middleware(HeadAsGetMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_request_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api.router)
    app.include_router(duplicates.router)
    app.include_router(pages.router)
    app.include_router(stories.router)
    app.include_router(provenance.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        return pages.error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(WordlessQueryError)
    async def wordless_query(request: Request, exc: WordlessQueryError):
        # a query of only punctuation ("***"): 400 with the reason, as the CLI refuses it
        if _wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=400)
        return pages.error_page(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        if _wants_json(request):
            return JSONResponse({"detail": _jsonable(exc.errors())}, status_code=422)
        return pages.error_page(request, 422, "Some of the values in the address are invalid.")

    @app.exception_handler(sa_exc.SQLAlchemyError)
    async def store_failed(request: Request, exc: sa_exc.SQLAlchemyError):
        # The store's database failed (a damaged or read-only file, a lost server): 503 with
        # the database's one-line reason, not a bare 500; the traceback goes to the log.
        from dateline.corpus.store import open_reason

        log.error("%s %s: the store failed", request.method, request.url.path, exc_info=exc)
        message = f"the store failed: {open_reason(exc)}"
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=503)
        return pages.error_page(request, 503, message)

    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.endswith(".json")


def _jsonable(errors: Sequence[Any]) -> list[dict[str, Any]]:
    return [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in errors]
