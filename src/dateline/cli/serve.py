"""``dateline serve``: the web UI and REST API over a store, with uvicorn (127.0.0.1 by default)."""

from __future__ import annotations

import argparse
import ipaddress
import logging

from dateline.config import load_settings

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


def run(args: argparse.Namespace) -> int:
    """Open the store and serve until interrupted; return the exit status."""
    import uvicorn

    from dateline.corpus.store import Store
    from dateline.errors import UsageError
    from dateline.web.app import create_app

    if not 0 < args.port < 65536:
        raise UsageError("--port must be between 1 and 65535")
    settings = load_settings(args.config, db=args.db)
    if not is_loopback(args.host):
        log.warning("serving on %s: reachable from other machines", args.host)
    with Store.open(settings.db) as store:
        app = create_app(store, settings)
        print(f"dateline: serving {settings.db} on http://{args.host}:{args.port}/")
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning",
                    server_header=False, limit_concurrency=64)
    return 0
