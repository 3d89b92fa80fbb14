"""Receivers for the alert tests, each on 127.0.0.1 with bounded timeouts: a webhook receiver
(``http.server``) and an SMTP server (aiosmtpd), both stopped by the tests' fixtures."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from dateline.config import Settings, WebhookSettings

#: Seconds a test lets its deliveries to these receivers take (``Deliverer.run``'s
#: ``max_time``, a wait for the background deliverer): a bound that only a hang reaches. A run
#: ends as soon as nothing is due, so a passing test never waits it out; a loaded machine can
#: stall a local request past a few seconds, and a cut-off attempt is retried later, which
#: fails the test.
WITHIN = 60.0

#: Settings that let webhooks reach the tests' receivers on 127.0.0.1, with quick retries (and
#: an attempt timeout a loaded machine does not reach).
LOCAL = Settings(webhook=WebhookSettings(allowed_hosts=("127.0.0.1",), timeout=30, retries=2,
                                         backoff=0.01, flush_time=2.0))


class Receiver:
    """A webhook receiver on 127.0.0.1: answers the statuses in ``script`` in turn, then
    ``then`` (200); a 3xx answer points ``Location`` at ``/elsewhere``; 429 and 503 answers
    carry ``Retry-After: retry_after`` when given. Records every request:
    ``paths``, ``statuses``, JSON ``bodies`` and ``headers``."""

    def __init__(self, script: list[int], then: int = 200, retry_after: str | None = None):
        self.script, self.then, self.retry_after = list(script), then, retry_after
        self.bodies: list[dict] = []
        self.statuses: list[int] = []
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 5  # seconds a client may take to send its request

            def do_POST(self):  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = receiver.script.pop(0) if receiver.script else receiver.then
                receiver.paths.append(self.path)
                receiver.statuses.append(status)
                receiver.headers.append(dict(self.headers))
                receiver.bodies.append(json.loads(body))
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "/elsewhere")
                if status in (429, 503) and receiver.retry_after is not None:
                    self.send_header("Retry-After", receiver.retry_after)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 just now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """An SMTP server on 127.0.0.1 (aiosmtpd) that keeps every message it is given, or answers
    every RCPT with ``refuse`` (an SMTP reply such as ``"550 no such user"``)."""

    def __init__(self, refuse: str | None = None):
        from aiosmtpd.controller import Controller

        self.messages: list = []
        self.refuse = refuse
        box = self

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
                if box.refuse:
                    return box.refuse
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):  # noqa: N802
                from email import message_from_bytes, policy

                box.messages.append((envelope.rcpt_tos,
                                     message_from_bytes(envelope.content, policy=policy.default)))
                return "250 Message accepted"

        self.port = free_port()
        # aiosmtpd's own advice for "failed to start within allotted time" on a busy machine
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port,
                                     ready_timeout=60)
        self.controller.start()

    def close(self):
        self.controller.stop()
