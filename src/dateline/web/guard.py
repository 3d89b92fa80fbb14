"""Connection guards of ``dateline serve``: slow or greedy clients cannot starve the server.

uvicorn 0.54's h11 protocol has a keep-alive timeout but nothing that bounds how long a client
may take to send its request, and its ``limit_concurrency`` counts every open connection, so a
few dozen connections trickling header bytes ("slowloris") turned every other request into a
503. :class:`GuardedH11Protocol` is that protocol with the defences of Apache's mod_reqtimeout
and nginx's ``client_header_timeout`` / ``limit_conn`` (settings ``[serve]``,
:class:`dateline.config.ServeSettings`):

- **header timeout**: a request's line and headers must be complete within ``header_timeout``
  seconds of the connection's opening (its first request) or of the request's first byte (a
  later request on a kept-alive connection; the idle wait before it is ``keep_alive_timeout``).
  Past it the client gets ``408 Request Timeout`` (when part of a request had arrived) and the
  connection is closed.
- **body timeout**: the body must arrive within ``body_timeout`` seconds of the headers' end,
  plus one second for every ``body_min_rate`` bytes received. Past it the client gets 408 (if no
  response was started), the connection is closed and the application's ``receive()`` returns
  ``http.disconnect``.
- **per client**: at most ``max_connections_per_client`` open connections from one TCP peer
  address (trusted reverse proxies exempt); **in all**: at most ``max_connections``. A
  connection past either limit is answered ``503`` with ``Retry-After: 1`` and closed at once,
  before anything of it is read, so it costs the server no more than the accept.

Nothing here is imported unless the ``web`` extra is installed (uvicorn, h11).
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import logging
from collections import Counter
from dataclasses import dataclass, field

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.utils import get_remote_addr

from dateline.config import ServeSettings

log = logging.getLogger(__name__)


def _response(status: int, reason: str, text: str, *extra: str) -> bytes:
    """A whole HTTP/1.1 response that closes the connection, as raw bytes."""
    body = text.encode()
    head = [f"HTTP/1.1 {status} {reason}", "content-type: text/plain; charset=utf-8",
            f"content-length: {len(body)}", "connection: close", *extra]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


REQUEST_TIMEOUT = _response(408, "Request Timeout", "request not received in time\n")
TOO_MANY = _response(503, "Service Unavailable", "too many connections\n", "retry-after: 1")


@dataclass
class ConnectionGuard:
    """The limits of one server and its count of open connections per client address; shared
    by every :class:`GuardedH11Protocol` of that server (one event loop: no locking)."""

    settings: ServeSettings
    open_by_client: Counter[str] = field(default_factory=Counter)
    trusted: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.settings.proxy_headers:
            for item in self.settings.forwarded_allow_ips.split(","):
                if item.strip() and item.strip() != "*":
                    self.trusted.append(ipaddress.ip_network(item.strip(), strict=False))

    def is_trusted(self, host: str | None) -> bool:
        """True when ``host`` is a trusted reverse proxy (only with ``proxy_headers`` on)."""
        if not self.settings.proxy_headers or host is None:
            return False
        if "*" in self.settings.forwarded_allow_ips.split(","):
            return True
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.trusted)

    def admit(self, host: str | None, open_connections: int) -> bool:
        """Count a new connection from ``host`` and return True, or return False when it is
        over a limit (``open_connections`` is the server's count before this one)."""
        if open_connections >= self.settings.max_connections:
            return False
        limit = self.settings.max_connections_per_client
        if host is not None and limit and not self.is_trusted(host):
            if self.open_by_client[host] >= limit:
                return False
        if host is not None:
            self.open_by_client[host] += 1
        return True

    def release(self, host: str | None) -> None:
        """Forget one admitted connection from ``host``."""
        if host is not None:
            self.open_by_client[host] -= 1
            if self.open_by_client[host] <= 0:
                del self.open_by_client[host]


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with the header and body timeouts and connection limits of the
    module docstring. Build it for a server with :func:`protocol_for`."""

    def __init__(self, *args, guard: ConnectionGuard, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.guard = guard
        self._peer: str | None = None
        self._admitted = False
        self._header_timer: asyncio.TimerHandle | None = None
        self._body_timer: asyncio.TimerHandle | None = None
        self._body_start = 0.0
        self._body_bytes = 0
        self._served = 0  # responses completed on this connection

    # -- connection limits ----------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        remote = get_remote_addr(transport)
        self._peer = remote[0] if remote else None
        if not self.guard.admit(self._peer, len(self.connections)):
            log.info("refused a connection from %s: too many connections", self._peer)
            self.transport = transport
            transport.write(TOO_MANY)
            transport.close()
            return
        self._admitted = True
        super().connection_made(transport)
        self._arm_header(self.guard.settings.header_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self._admitted:
            return
        self._admitted = False
        self.guard.release(self._peer)
        self._cancel_header()
        self._cancel_body()
        super().connection_lost(exc)

    # -- timeouts -------------------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._body_bytes += len(data)
        self._watch()

    def on_response_complete(self) -> None:
        self._served += 1
        super().on_response_complete()
        self._watch()

    def _watch(self) -> None:
        """Arm or cancel the timers for the state h11 is in after new bytes or a response."""
        if self.transport.is_closing():
            return
        state = self.conn.their_state
        if state is h11.IDLE:
            self._cancel_body()
            if self.conn.trailing_data[0]:  # part of the next request is here
                if self._header_timer is None:
                    self._arm_header(self.guard.settings.header_timeout)
            elif self._served:
                self._cancel_header()  # idle between requests: the keep-alive timeout's turn
        elif state is h11.SEND_BODY:
            self._cancel_header()
            if self._body_timer is None:
                self._body_start, self._body_bytes = self.loop.time(), 0
            self._arm_body()
        else:
            self._cancel_header()
            self._cancel_body()

    def _arm_header(self, delay: float) -> None:
        self._cancel_header()
        self._header_timer = self.loop.call_later(delay, self._header_timed_out)

    def _cancel_header(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _arm_body(self) -> None:
        settings = self.guard.settings
        deadline = (self._body_start + settings.body_timeout
                    + self._body_bytes / settings.body_min_rate)
        self._cancel_body()
        self._body_timer = self.loop.call_at(deadline, self._body_timed_out)

    def _cancel_body(self) -> None:
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None

    def _header_timed_out(self) -> None:
        self._header_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        log.info("closed a connection from %s: headers not complete in %.0f s",
                 self._peer, self.guard.settings.header_timeout)
        if self.conn.trailing_data[0] and self.conn.our_state is h11.IDLE:
            self.transport.write(REQUEST_TIMEOUT)
        self.transport.close()

    def _body_timed_out(self) -> None:
        self._body_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.SEND_BODY:
            return
        if self.flow.read_paused:  # we stopped reading, not the client: wait on
            self._body_start = self.loop.time()
            self._body_bytes = 0
            self._arm_body()
            return
        log.info("closed a connection from %s: request body not received in time", self._peer)
        cycle = self.cycle
        if cycle is not None:
            if not cycle.response_started:
                self.transport.write(REQUEST_TIMEOUT)
            cycle.disconnected = True
            cycle.message_event.set()
        self.transport.close()


def protocol_for(settings: ServeSettings) -> functools.partial[GuardedH11Protocol]:
    """The protocol factory to give ``uvicorn.Config(http=...)`` for one server: every
    connection shares one :class:`ConnectionGuard` over ``settings``."""
    return functools.partial(GuardedH11Protocol, guard=ConnectionGuard(settings))
