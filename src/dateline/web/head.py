"""``HEAD`` answered like ``GET``, without the body (RFC 9110, section 9.3.2).

FastAPI's routes answer only the methods they name, so a ``HEAD`` to a page or an API route got
405 (monitors and link checkers send ``HEAD``). :class:`HeadAsGetMiddleware` gives the
application a ``GET`` and sends its status and headers (``Content-Length`` of the body a ``GET``
gets included) without the body.
"""

from __future__ import annotations


class HeadAsGetMiddleware:
    """ASGI middleware: a ``HEAD`` request runs as ``GET``; every body chunk of the answer is
    sent empty (same ``more_body`` flags, so a streamed answer ends as it would)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)
