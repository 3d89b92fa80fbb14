"""``dateline config``: the settings in force and where each came from."""

from __future__ import annotations

import argparse
import json

from dateline.cli.options import COMMAND_OPTIONS, settings_for
from dateline.config import Settings

#: Settings whose value is a secret: printed as ``***`` when set.
SECRETS = frozenset({"api_token", "email.password"})


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``config`` subcommand to ``sub``."""
    p = sub.add_parser("config", parents=[COMMAND_OPTIONS],
                       help="print the settings in force and where each came from",
                       description="Print every setting with its value and its origin: "
                       "default, file (dateline.toml or --config), env (DATELINE_<NAME>) or "
                       "flag (--set NAME=VALUE). Later origins win.")
    p.add_argument("--json", action="store_true",
                   help="one JSON object a line: {name, value, origin}")
    p.set_defaults(run=run)


def rows(settings: Settings) -> list[tuple[str, object, str]]:
    """``(name, value, origin)`` of every setting, secrets masked."""
    return [(name, "***" if name in SECRETS and value else value, origin)
            for name, value, origin in settings.items()]


def run(args: argparse.Namespace) -> int:
    """Print the settings in force; return the exit status (0)."""
    settings = settings_for(args)
    table = rows(settings)
    if args.json:
        for name, value, origin in table:
            print(json.dumps({"name": name, "value": value, "origin": origin}, default=str))
        return 0
    width = max(len(name) for name, _, _ in table)
    for name, value, origin in table:
        shown = json.dumps(value, ensure_ascii=False, default=str)
        print(f"{name:<{width}} = {shown:<24} # {origin}")
    if settings.extra:
        print(f"# not settings of dateline (kept for later stages): "
              f"{', '.join(sorted(settings.extra))}")
    return 0
