"""The ``dateline`` command. Each subcommand lives in its own module of this package and adds
itself with ``register(subparsers)``; ``COMMANDS`` lists them in the order ``--help`` shows.

Exit status: 0 when every input succeeded, 3 when some inputs failed (each is reported), 2 on bad
usage (a bad setting included), 1 on an error of the command itself (an unwritable output file, a
store that cannot be opened, or whose database fails while it is used: damaged, read-only), 4 when
``serve`` cannot bind its address (the port is taken), 130 after Ctrl-C, 143 when ``ingest`` is
ended by SIGTERM.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

#: Subcommand modules, in the order of the data flow.
COMMANDS = ("extract", "ingest", "corpus", "stories", "entities", "alerts", "spark", "serve",
            "config")

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SOME_FAILED, EXIT_CANNOT_BIND = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="dateline", description="Turn raw news pages into structured article records.")
    from dateline import __version__
    from dateline.cli.options import CONFIG_HELP, SET_HELP

    parser.add_argument("--version", action="version", version=f"dateline {__version__}")
    parser.add_argument("--config", help=CONFIG_HELP)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help=SET_HELP)  # after the command name too: cli.options
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"dateline.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``) and return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)  # exits with status 2 on bad usage
    logging.basicConfig(level=logging.WARNING - 10 * args.verbose,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    from dateline.errors import DatelineError, UsageError

    try:
        return args.run(args)
    except UsageError as exc:
        parser.error(str(exc))  # exits 2
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`dateline extract ... | head`): stop quietly, as Unix tools do.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
        return EXIT_ERROR
    except (DatelineError, OSError) as exc:
        # A failure of the command itself (an unwritable output file, an unreachable store):
        # one clear line, no traceback (-v shows it).
        logging.getLogger("dateline.cli").debug("command failed", exc_info=True)
        if isinstance(exc, OSError) and exc.filename:
            message = f"{exc.strerror or exc}: {exc.filename}"
        else:
            message = str(exc)
        print(f"dateline {args.command}: error: {message}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        # The store's database failed while the command used it (a damaged or read-only
        # file): one line too, in the database's words, not SQLAlchemy's traceback.
        from dateline.cli.options import database_failure

        reason = database_failure(exc)
        if reason is None:
            raise
        logging.getLogger("dateline.cli").debug("the store failed", exc_info=True)
        print(f"dateline {args.command}: error: the store failed: {reason}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
