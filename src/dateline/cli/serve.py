"""``dateline serve``: the web UI and REST API over a store, with uvicorn (127.0.0.1 by default).

The HTTP protocol is :class:`dateline.web.guard.GuardedH11Protocol` (uvicorn's h11 with header
and body timeouts and connection limits, settings ``[serve]``); :func:`uvicorn_config` builds
the whole uvicorn configuration from the settings."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import socket
import sys

from dateline.cli.options import (
    COMMAND_OPTIONS,
    new_sqlite_file,
    non_negative_int,
    require_extra,
    settings_for,
)
from dateline.config import Settings

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``serve`` subcommand to ``sub``."""
    p = sub.add_parser("serve", parents=[COMMAND_OPTIONS],
                       help="serve the web UI and REST API over the store",
                       description="Serve search, article, entity and quote-lookup pages, the "
                       "REST API (/api/v1, OpenAPI at /openapi.json) and alert feeds.")
    p.add_argument("--db", help="SQLite file or database URL (default: dateline.db)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=non_negative_int, default=8000,
                   help="port (default 8000; 0: any free port, printed on the serving line)")
    p.add_argument("--proxy-headers", action="store_true", default=None,
                   help="behind a reverse proxy: trust X-Forwarded-For/-Proto from "
                   "--forwarded-allow-ips (setting serve.proxy_headers)")
    p.add_argument("--forwarded-allow-ips", metavar="ADDRS",
                   help="trusted proxies, comma separated addresses or networks (default "
                   "127.0.0.1,::1; setting serve.forwarded_allow_ips)")
    p.set_defaults(run=run)


def is_loopback(host: str) -> bool:
    """True when ``host`` is ``localhost`` or a loopback IP address."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """Return a listening TCP socket on ``host:port`` (IPv4 or IPv6, ``SO_REUSEADDR`` as uvicorn
    sets it). Raises ``OSError`` when the address cannot be bound (``EADDRINUSE``: the port is
    taken; ``EADDRNOTAVAIL``: not an address of this machine).

    The protocol is named (``IPPROTO_TCP``, not 0): asyncio turns Nagle's algorithm off
    (``TCP_NODELAY``) only on sockets whose ``proto`` says TCP, and uvicorn writes a response's
    head and body apart, so with Nagle on every response on a kept-alive connection waited for
    the client's delayed ACK (40 ms on Linux)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def run(args: argparse.Namespace) -> int:
    """Open the store, bind the address and serve until interrupted; return the exit status:
    0, or ``EXIT_CANNOT_BIND`` (4) when the address cannot be bound (nothing is served and no
    "serving" line is printed)."""
    require_extra("web", "uvicorn", "fastapi", "jinja2")
    import uvicorn

    from dateline.cli import EXIT_CANNOT_BIND
    from dateline.corpus.store import Store
    from dateline.delivery import Deliverer
    from dateline.errors import UsageError
    from dateline.web.app import create_app

    if not 0 <= args.port < 65536:
        raise UsageError("--port must be between 0 and 65535")
    settings = settings_for(args, db=args.db, serve_proxy_headers=args.proxy_headers,
                            serve_forwarded_allow_ips=args.forwarded_allow_ips)
    if not is_loopback(args.host):
        log.warning("serving on %s: reachable from other machines", args.host)
    if new_sqlite_file(settings.db):  # a mistyped --db served an empty site without a word
        print(f"dateline serve: no store at {settings.db}: serving a new, empty one (fill it "
              f"with `dateline ingest --db {settings.db} PATH...`)", file=sys.stderr)
    with Store.open(settings.db) as store:
        app = create_app(store, settings)
        try:
            sock = bind(args.host, args.port)
        except OSError as exc:
            print(f"dateline serve: error: cannot listen on {args.host}:{args.port}: "
                  f"{exc.strerror or exc}", file=sys.stderr)
            return EXIT_CANNOT_BIND
        with sock:
            server = uvicorn.Server(uvicorn_config(app, settings))
            port = sock.getsockname()[1]
            print(f"dateline: serving {settings.db} on http://{_netloc(args.host, port)}/",
                  flush=True)
            with Deliverer(store, settings).running():  # pending alert deliveries
                server.run(sockets=[sock])
    return 0


def uvicorn_config(app, settings: Settings):
    """The ``uvicorn.Config`` that serves ``app`` under ``settings.serve``: the guarded h11
    protocol, uvicorn's keep-alive timeout and proxy headers from the settings, no
    ``limit_concurrency`` (it counted idle and slow connections too; the guard's
    ``max_connections`` replaces it), no WebSockets, no ``Server`` header."""
    import uvicorn

    from dateline.web.guard import protocol_for

    serve = settings.serve
    return uvicorn.Config(app, log_level="warning", server_header=False,
                          http=protocol_for(serve),  # type: ignore[arg-type]
                          ws="none",  # no WebSocket routes; an upgrade would leave the guard
                          timeout_keep_alive=serve.keep_alive_timeout,
                          proxy_headers=serve.proxy_headers,
                          forwarded_allow_ips=serve.forwarded_allow_ips)


def _netloc(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
