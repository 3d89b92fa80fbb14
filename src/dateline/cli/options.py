"""Options every subcommand shares: the settings in force for a command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.config import MAX_OFFSET, Settings, load_settings
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


#: Where each level of the command line keeps its ``--set`` flags: before the command name
#: (``dateline --set ... ingest``), after it (``dateline ingest --set ...``) and after an action's
#: name (``dateline alerts list --set ...``). One dest would not do: argparse copies a
#: subcommand's parsed values over its parent's, so the flags given before the name would be
#: lost. :func:`set_flags` joins them in command-line order (a later flag wins).
SET_DESTS = ("set", "set_command", "set_action")
SET_HELP = ("set any setting (e.g. fetch.retries=5), over the file and the environment; "
            "before or after the command name; see `dateline config`")
CONFIG_HELP = "settings file (default: ./dateline.toml if present)"


def _settings_parent(dest: str) -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--set", action="append", dest=dest, default=argparse.SUPPRESS,
                        metavar="NAME=VALUE", help=SET_HELP)
    # one dest at every level: the last --config given wins, wherever it stands
    parent.add_argument("--config", default=argparse.SUPPRESS, help=CONFIG_HELP)
    return parent


#: The options every subcommand shares, given to each as ``parents=[COMMAND_OPTIONS]``
#: (argparse's parent parsers): ``--set`` and ``--config`` after the command name.
COMMAND_OPTIONS = _settings_parent(SET_DESTS[1])
#: The same for the actions of a subcommand (``alerts list``, ``entities links``).
ACTION_OPTIONS = _settings_parent(SET_DESTS[2])


#: The singular of the nouns counted in the CLI's output ("1 story", not "1 stories").
_SINGULAR = {"articles": "article", "quotes": "quote", "stories": "story",
             "entities": "entity", "links": "link", "workers": "worker", "inputs": "input",
             "deliveries": "delivery", "pages": "page", "copies": "copy"}


def counted(n: int, noun: str) -> str:
    """``n`` and the plural ``noun``, its last word made singular for one:
    ``counted(1, "stories")`` is ``"1 story"``, ``counted(2, "stories")`` ``"2 stories"``,
    ``counted(1, "new articles")`` ``"1 new article"``."""
    head, _, last = noun.rpartition(" ")
    word = _SINGULAR.get(last, last) if n == 1 else last
    return f"{n} {head} {word}" if head else f"{n} {word}"


def story_arg(value: str) -> str:
    """argparse ``type`` of ``--story`` (``stories``, ``alerts add``): a story id or the start
    of one, else ``ArgumentTypeError`` (a usage error, exit status 2): an empty id names no
    story (``stories`` listed them all, ``alerts add`` ignored it)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("needs a story id or the start of one "
                                         "(`dateline stories` lists them)")
    return value


def positive_int(value: str) -> int:
    """argparse ``type`` of a count that must be 1 or more (``--limit``, ``--workers``,
    ``--batch``, ``--partitions``): the int, else ``ArgumentTypeError`` (a usage error, exit
    status 2, naming the value), so ``--limit 0`` is refused instead of showing nothing."""
    number = _int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number (1 or more)")
    return number


def non_negative_int(value: str) -> int:
    """argparse ``type`` of a number that may be 0 but not negative (``--offset``, ``--port``
    where 0 means any free port): the int, else ``ArgumentTypeError`` (exit status 2)."""
    number = _int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 0 or more")
    return number


def _int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number > MAX_OFFSET:
        raise argparse.ArgumentTypeError(f"{value!r} is more than {MAX_OFFSET:,}")
    return number


def set_flags(args: argparse.Namespace) -> list[str]:
    """Every ``--set`` value of a command line, in command-line order: those before the command
    name, after it, and after its action's name."""
    return [pair for dest in SET_DESTS for pair in getattr(args, dest, None) or ()]


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
    overrides: dict[str, object] = dict(set_pairs(set_flags(args)))
    overrides.update({k: v for k, v in flags.items() if v is not None})
    return load_settings(getattr(args, "config", None), **overrides)


def new_sqlite_file(db: str) -> bool:
    """True when ``db`` names a SQLite file that does not exist (opening it makes an empty
    store), not a database URL or ``:memory:``. A directory is not new: it exists, and
    :meth:`~dateline.corpus.store.Store.open` says why it cannot be a store."""
    return "://" not in db and db != ":memory:" and not Path(db).exists()


def require_store(db: str) -> str:
    """``db``, when it names a database URL, ``:memory:`` or an existing SQLite file; raises
    ``StoreError`` (exit status 1) for a SQLite file that does not exist (opening it would make
    an empty store)."""
    if new_sqlite_file(db):
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
        print(f"{counted(count, 'inputs')} skipped: not regular files (FIFO, "
              f"socket or device), first {guard.skipped_special[0]}", file=sys.stderr)


def database_failure(exc: BaseException) -> str | None:
    """The one-line reason of ``exc`` when it is an error of the database under the store
    (an SQLAlchemy error raised while a command used it: a damaged file, "database disk image
    is malformed"; a read-only one, "attempt to write a readonly database"; a full disk; a
    lost server), in the database's own words (:func:`dateline.corpus.store.open_reason`,
    without the statement and its parameters); ``None`` for any other exception."""
    sa_exc = sys.modules.get("sqlalchemy.exc")  # not imported: the error cannot be one
    if sa_exc is None or not isinstance(exc, sa_exc.SQLAlchemyError):
        return None
    from dateline.corpus.store import open_reason

    return open_reason(exc)


def store_unusable(exc: BaseException) -> bool:
    """True when ``exc``, raised while writing one record, says the store cannot take any
    (SQLAlchemy's ``OperationalError``: read-only, locked past the busy timeout, disk full,
    I/O error, connection lost; or a bare ``DatabaseError``: SQLite's "database disk image is
    malformed"), rather than something about that record (an ``IntegrityError``, a bug)."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and (isinstance(exc, sa_exc.OperationalError)
                                   or type(exc) is sa_exc.DatabaseError)
