"""``dateline search``, ``dateline quotes`` and ``dateline export``: reading the corpus store.

``search`` and ``quotes`` print a table (rich) or, with ``--json``, one JSON object
``{"items": [...], "total": N}`` as the REST API returns; ``export`` writes JSON Lines, CSV or
Parquet (see :meth:`dateline.corpus.Store.export`).
"""

from __future__ import annotations

import argparse
import datetime
import html
import json
import re
import sys
from collections.abc import Sequence

from pydantic import BaseModel

from dateline.cli.options import (
    COMMAND_OPTIONS,
    counted,
    non_negative_int,
    positive_int,
    require_store,
    settings_for,
)
from dateline.corpus import Store
from dateline.corpus.export import CSV_TABLES, FORMATS
from dateline.errors import UsageError

#: Highlight markers asked of the store for terminal output (control characters cannot occur
#: in stored text: extraction drops them), turned into bold by :func:`_highlight`.
_MARK = ("\x02", "\x03")


def _iso_date(value: str) -> str:
    """argparse type of --since/--until: an ISO 8601 date (YYYY-MM-DD), else exit status 2,
    saying whether the form or the day is wrong ("'2026-02-30' is no such day: day is out of
    range for month")."""
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        if _DATE_FORM.fullmatch(value):  # the form is right: the calendar has no such day
            raise argparse.ArgumentTypeError(f"{value!r} is no such day: {exc}") from None
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in YYYY-MM-DD form") from None


_DATE_FORM = re.compile(r"\d{4}-\d{2}-\d{2}")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``search``, ``quotes`` and ``export`` subcommands to ``sub``."""
    p = sub.add_parser("search", parents=[COMMAND_OPTIONS],
                       help="full-text search of the stored articles",
                       description="Search headlines, standfirsts, bodies, quotes and entity "
                       "names. Words are ANDed; \"a phrase\", OR and a trailing * work; any other "
                       "punctuation is ignored, and a query of no word (\"***\") is refused. An "
                       "empty QUERY ('') lists the newest articles.")
    p.add_argument("query", metavar="QUERY")
    _db(p)
    p.add_argument("--publisher", action="append", help="only this publisher (repeatable)")
    p.add_argument("--since", metavar="DATE", type=_iso_date,
                   help="published on or after YYYY-MM-DD")
    p.add_argument("--until", metavar="DATE", type=_iso_date,
                   help="published on or before YYYY-MM-DD")
    p.add_argument("--entity", help="only articles with this entity (key or name)")
    _paging(p)
    p.set_defaults(run=run_search)

    p = sub.add_parser("quotes", parents=[COMMAND_OPTIONS],
                       help="find stored quotations by speaker, subject or words",
                       description="List quotations, newest first.")
    _db(p)
    p.add_argument("--speaker", metavar="NAME", help="speaker name (any part, any accents) or key")
    p.add_argument("--about", metavar="NAME",
                   help="an entity in the quote's article, or a name in the quote's text")
    p.add_argument("--text", metavar="WORDS", help="words in the quotation")
    p.add_argument("--since", metavar="DATE", type=_iso_date,
                   help="published on or after YYYY-MM-DD")
    p.add_argument("--until", metavar="DATE", type=_iso_date,
                   help="published on or before YYYY-MM-DD")
    _paging(p)
    p.set_defaults(run=run_quotes)

    # the table names of the help come from the one list the export writes (CSV_TABLES), so
    # the text cannot fall behind the --table choices
    tables = ", ".join(CSV_TABLES)
    p = sub.add_parser("export", parents=[COMMAND_OPTIONS],
                       help="write the whole corpus as JSON Lines, CSV or Parquet",
                       description="jsonl: full records; csv: one flat row per article (or "
                       "per row of --table, such as events); parquet: OUT is a folder that "
                       f"gets one TABLE.parquet per table ({tables}). The tables and their "
                       "columns: docs/store.md.")
    _db(p)
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("--out", metavar="PATH", required=True,
                   help="file (jsonl, csv; '-': standard output) or directory (parquet)")
    p.add_argument("--table", choices=CSV_TABLES, default="articles", metavar="TABLE",
                   help=f"with --format csv: the table to write, one of {tables} (default "
                   "articles); one CSV row per row of that table, as in parquet")
    p.set_defaults(run=run_export)


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="SQLite file or database URL (default: dateline.db)")


def _paging(p: argparse.ArgumentParser) -> None:
    p.add_argument("--limit", type=positive_int, default=20,
                   help="rows to show, 1 or more (default 20)")
    p.add_argument("--offset", type=non_negative_int, default=0,
                   help="rows to skip (default 0)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def open_store(args: argparse.Namespace) -> Store:
    """Open the store named by ``--db`` (or the configuration); a SQLite file must exist.
    Raises ``StoreError`` (exit status 1) when it does not (``--limit`` and ``--offset`` are
    checked by their argparse types, :func:`positive_int` and :func:`non_negative_int`)."""
    return Store.open(require_store(settings_for(args, db=args.db).db))


def _highlight(snippet: str):
    """A store snippet (HTML-safe text, matches between ``_MARK`` markers) as rich text."""
    from rich.text import Text

    text = Text()
    for i, piece in enumerate(snippet.replace(_MARK[1], _MARK[0]).split(_MARK[0])):
        text.append(html.unescape(piece).replace("\n", " "), style="bold yellow" if i % 2 else "")
    return text


def _print(items: Sequence[BaseModel], total: int, args: argparse.Namespace,
           columns: list[tuple], what: str, note: str = "") -> None:
    if args.json:
        print(json.dumps({"items": [i.model_dump() for i in items], "total": total},
                         ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=True)
    for name, _key, style in columns:
        table.add_column(name, style=style, overflow="fold")
    for item in items:
        table.add_row(*[key(item) if callable(key) else (getattr(item, key) or "")
                        for _name, key, _style in columns])
    console = Console()
    console.print(table)
    shown = f"{args.offset + 1}-{args.offset + len(items)}" if items else "none"
    console.print(f"{counted(total, what)}; showing {shown}{note}")


def _publisher_and_copies(hit) -> str:
    """A search hit's publisher, with the number of its group's other copies (``duplicates``)
    as the search page shows it: "The Harlow Gazette (and 1 other copy)"."""
    name = hit.publisher or ""
    return f"{name} (and {counted(hit.duplicates, 'other copies')})" if hit.duplicates else name


def run_search(args: argparse.Namespace) -> int:
    """Print the articles matching the query; return the exit status (0)."""
    with open_store(args) as store:
        items, total = store.search(args.query, publisher=args.publisher, since=args.since,
                                    until=args.until, entity=args.entity, limit=args.limit,
                                    offset=args.offset,
                                    mark=("<mark>", "</mark>") if args.json else _MARK)
    # one line per duplicate group, as the search page: say so, and how many copies a line has
    _print(items, total, args, [
        ("published", lambda i: (i.published or "")[:10], "cyan"),
        ("publisher", _publisher_and_copies, "green"),
        ("headline", "headline", "bold"),
        ("snippet", lambda i: _highlight(i.snippet or ""), ""),
        ("id", lambda i: i.id[:12], "dim")], "articles",
        note="; the copies of one article are one line" if any(
            i.duplicates for i in items) else "")
    return 0


def run_quotes(args: argparse.Namespace) -> int:
    """Print the quotations matching the filters; return the exit status (0)."""
    with open_store(args) as store:
        items, total = store.quotes(speaker=args.speaker, about=args.about, q=args.text,
                                    since=args.since, until=args.until, limit=args.limit,
                                    offset=args.offset)
    # the same quotation in the copies of one article is one line while ``total`` counts each
    # report: a short last page with a larger total is that folding, and says so
    folded = len(items) < args.limit and args.offset + len(items) < total
    _print(items, total, args, [
        ("published", lambda i: (i.published or "")[:10], "cyan"),
        ("speaker", "speaker", "green"),
        ("quote", lambda i: i.text, ""),
        ("kind", "kind", "dim"),
        ("article", "headline", "bold")], "quotes",
        note="; the copies of one article are one line" if folded else "")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Export the corpus (or, with ``--table``, one table as CSV); return the exit status (0).
    Raises ``UsageError`` for ``--table`` with another format than csv."""
    if args.table != "articles" and args.format != "csv":
        raise UsageError("--table needs --format csv (jsonl writes whole records, parquet "
                         "every table)")
    out = args.out
    if out == "-":  # standard output, as "-" is standard input to extract and ingest
        if args.format == "parquet":
            raise UsageError("--out - (standard output) takes jsonl or csv; parquet writes a "
                             "directory")
        out = sys.stdout
    with open_store(args) as store:
        if args.table != "articles":
            n = store.export_table_csv(args.table, out)
            print(f"exported {n} {args.table} rows as csv to {args.out}", file=sys.stderr)
            return 0
        n = store.export(args.format, out)
    print(f"exported {n} articles as {args.format} to {args.out}", file=sys.stderr)
    return 0
