"""``dateline spark``: the pipeline as an Apache Spark job, WARC or JSON Lines in, Parquet out."""

from __future__ import annotations

import argparse
import sys

from dateline.cli.options import COMMAND_OPTIONS, positive_int, require_extra, settings_for


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``spark`` subcommand to ``sub``."""
    p = sub.add_parser(
        "spark", parents=[COMMAND_OPTIONS],
        help="run the pipeline as a Spark job (WARC / JSON Lines in, Parquet out)",
        description="Process WARC (.warc, .warc.gz) and JSON Lines (.jsonl) inputs with pyspark "
        "and write Parquet: OUT/articles, OUT/quotes, OUT/entities, OUT/article_entities, "
        "OUT/entity_variants, OUT/events, OUT/stories, OUT/duplicate_groups, "
        "OUT/quote_occurrences and OUT/failures (docs/store.md). Without "
        "--master the job runs in local mode bound to 127.0.0.1; under spark-submit the "
        "submitted master is used.")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="WARC or JSON Lines files or directories of them")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory (replaced)")
    p.add_argument("--partitions", type=positive_int, default=None,
                   help="partitions of pages to process (default: 2 x default parallelism)")
    p.add_argument("--no-nlp", action="store_true", help="skip entities, quotes and dates")
    p.add_argument("--model", help="spaCy pipeline to load (default en_core_web_sm)")
    p.add_argument("--format", choices=("auto", "text", "html"), default="auto",
                   help="page format for extraction (default auto)")
    p.add_argument("--master", default=None,
                   help="Spark master (default: spark-submit's, else local[*] on 127.0.0.1)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the job; print the counts; return 0, or 3 when some pages failed."""
    require_extra("spark", "pyspark")
    from dateline.spark import run_job

    settings = settings_for(args, model=args.model)
    counts = run_job(args.inputs, args.out, settings=settings, partitions=args.partitions,
                     nlp=not args.no_nlp, format=args.format, master=args.master)
    print(f"{counts['articles']} articles, {counts['quotes']} quotes, {counts['entities']} "
          f"entity rows, {counts['failures']} failures written to {args.out} in "
          f"{counts['seconds']:.1f} s", file=sys.stderr)
    return 3 if counts["failures"] else 0
