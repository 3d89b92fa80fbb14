"""``dateline serve``: the web UI and REST API over a store, with uvicorn (127.0.0.1 by default)."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import socket
import sys

from dateline.cli.options import require_extra, settings_for

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``serve`` subcommand to ``sub``."""
    p = sub.add_parser("serve", help="serve the web UI and REST API over the store",
                       description="Serve search, article, entity and quote-lookup pages, the "
                       "REST API (/api/v1, OpenAPI at /openapi.json) and alert feeds.")
    p.add_argument("--db", help="SQLite file or database URL (default: dateline.db)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
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
    taken; ``EADDRNOTAVAIL``: not an address of this machine)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
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

    if not 0 < args.port < 65536:
        raise UsageError("--port must be between 1 and 65535")
    settings = settings_for(args, db=args.db)
    if not is_loopback(args.host):
        log.warning("serving on %s: reachable from other machines", args.host)
    with Store.open(settings.db) as store:
        app = create_app(store, settings)
        try:
            sock = bind(args.host, args.port)
        except OSError as exc:
            print(f"dateline serve: error: cannot listen on {args.host}:{args.port}: "
                  f"{exc.strerror or exc}", file=sys.stderr)
            return EXIT_CANNOT_BIND
        with sock:
            config = uvicorn.Config(app, log_level="warning", server_header=False,
                                    limit_concurrency=64)
            server = uvicorn.Server(config)
            print(f"dateline: serving {settings.db} on http://{_netloc(args.host, args.port)}/",
                  flush=True)
            with Deliverer(store, settings).running():  # pending alert deliveries
                server.run(sockets=[sock])
    return 0


def _netloc(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
