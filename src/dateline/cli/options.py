"""Options every subcommand shares: the settings in force for a command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.config import Settings, load_settings
from dateline.errors import DatelineError, StoreError, UsageError

if TYPE_CHECKING:
    from dateline.sources.guard import InputGuard


def require_extra(extra: str, *modules: str) -> None:
    """Import ``modules`` or raise ``DatelineError`` saying which extra of the package installs
    them (``pip install 'dateline[web]'``): a command of an extra fails with one clear line."""
    import importlib

    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise DatelineError(f"this command needs dateline's {extra!r} extra ({exc}): "
                                f"pip install 'dateline[{extra}]'") from exc


def set_pairs(pairs: list[str] | None) -> dict[str, str]:
    """``["fetch.retries=5", "model=x"]`` (the ``--set`` flags) -> ``{"fetch.retries": "5", ...}``.
    Raises ``UsageError`` for an item without ``=``."""
    values: dict[str, str] = {}
    for pair in pairs or ():
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--set expects NAME=VALUE, not {pair!r}")
        values[name.strip()] = value
    return values


def settings_for(args: argparse.Namespace, **flags: object) -> Settings:
    """The settings of a command line: ``--config``'s file (or the default one), the
    environment, then the ``--set NAME=VALUE`` flags and the command's own ``flags`` (``None``
    values, flags not given, are ignored). Raises ``ConfigError`` for a bad setting."""
    overrides: dict[str, object] = dict(set_pairs(getattr(args, "set", None)))
    overrides.update({k: v for k, v in flags.items() if v is not None})
    return load_settings(getattr(args, "config", None), **overrides)


def require_store(db: str) -> str:
    """``db``, when it names a database URL, ``:memory:`` or an existing SQLite file; raises
    ``StoreError`` (exit status 1) for a SQLite file that does not exist (opening it would make
    an empty store)."""
    if "://" not in db and db != ":memory:" and not Path(db).is_file():
        raise StoreError(f"no store at {db}: run `dateline ingest --db {db} PATH...` first")
    return db


def skip_notice(command: str) -> Callable[[str, str], None]:
    """The ``on_skip`` of an :class:`InputGuard` for ``command``: one line on standard error."""
    def notice(path: str, reason: str) -> None:
        print(f"dateline {command}: skipping {path}: {reason}", file=sys.stderr)
    return notice


def print_special(guard: InputGuard) -> None:
    """Say on standard error how many non-regular files the directory walks left out."""
    count = len(guard.skipped_special)
    if count:
        print(f"{count} input{'s' if count != 1 else ''} skipped: not regular files (FIFO, "
              f"socket or device), first {guard.skipped_special[0]}", file=sys.stderr)
