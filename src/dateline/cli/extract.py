"""``dateline extract``: pages to JSON Lines, one line per input, in input order."""

from __future__ import annotations

import argparse
import json
import sys

from dateline.cli.options import COMMAND_OPTIONS, print_special, settings_for, skip_notice
from dateline.errors import DatelineError
from dateline.extract import FORMATS
from dateline.model import Article
from dateline.pipeline import failure_record, process_many
from dateline.sources.guard import InputGuard, output_ids
from dateline.sources.open import open_sources
from dateline.sources.page import RawPage


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``extract`` subcommand to ``sub``."""
    p = sub.add_parser("extract", parents=[COMMAND_OPTIONS],
                       help="extract article records from pages (JSON Lines out)",
                       description="Extract one article record per page. A directory is walked "
                       "in sorted order; '-' reads standard input; JSON Lines (.jsonl) and WARC "
                       "(.warc, .warc.gz) files give a record per page; http(s) URLs are "
                       "fetched politely.")
    p.add_argument("paths", nargs="+", metavar="PATH_OR_URL")
    p.add_argument("--format", choices=FORMATS, default="auto", help="input format (default auto)")
    p.add_argument("--no-nlp", action="store_true", help="skip entities, quotes and dates")
    p.add_argument("--model", help="spaCy pipeline to load (default en_core_web_sm)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the JSON Lines to FILE and print a human summary per page")
    p.set_defaults(run=run)


def record_line(page: RawPage, result: Article | DatelineError) -> dict:
    """The JSON object written for one input: the record, or its
    :class:`~dateline.model.Failure` (``{"source": {uri, format, sha256}, "error"}``)."""
    if isinstance(result, Article):
        return result.model_dump(mode="json")
    return failure_record(page, result).model_dump(mode="json")


def summary_line(article: Article) -> str:
    """One human line about a record: headline, byline, date and counts."""
    bits = [article.headline or "(no headline)"]
    if article.authors:
        bits.append("by " + ", ".join(article.authors))
    if article.published:
        bits.append(article.published)
    bits.append(f"{len(article.paragraphs)} paragraphs, {len(article.images)} images, "
                f"{len(article.boilerplate)} boilerplate blocks, {len(article.quotes)} quotes, "
                f"{len(article.entities)} entities")
    return " | ".join(bits)


def run(args: argparse.Namespace) -> int:
    """Extract every input and write one JSON line each; return the exit status."""
    settings = settings_for(args, model=args.model)
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    # Never read our output back: neither the -o file nor a file standard output goes to.
    guard = InputGuard(output_ids(fds=[1, out.fileno()] if args.output else [1]),
                       on_skip=skip_notice("extract"))
    pages = open_sources(args.paths, max_bytes=settings.max_page_bytes, fetch=settings.fetch,
                         guard=guard)
    failed = 0
    try:
        for page, result in process_many(pages, settings, format=args.format,
                                         nlp=not args.no_nlp):
            out.write(json.dumps(record_line(page, result), ensure_ascii=False) + "\n")
            out.flush()
            if isinstance(result, Article):
                if args.output:
                    print(f"{page.source}: {summary_line(result)}")
            else:
                failed += 1
                print(f"FAILED {page.source}: {result.kind}: {result}", file=sys.stderr)
    finally:
        if args.output:
            out.close()
    print_special(guard)
    return 3 if failed else 0
