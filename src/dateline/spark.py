"""The pipeline as an Apache Spark job: WARC or JSON Lines in, Parquet out.

The job runs the very functions the local runner runs (:func:`dateline.pipeline.process_many` on
pages from :mod:`dateline.sources`), once per partition, so the spaCy pipeline is loaded once per
partition (once per Python worker, which Spark reuses across tasks). Inputs are distributed as
follows: a JSON Lines file is read with ``textFile`` (split into blocks, each line numbered), a WARC
file is one task that reads its records (WARC gzip members are not splittable); when there are WARC
files the pages are then repartitioned into ``partitions`` groups so that every core has work
whatever the file count.

Output, under ``out``, one Parquet dataset each (written with ``mode("overwrite")``):
the tables of the row projection the store and ``dateline export`` write too
(:mod:`dateline.corpus.rows`: ``articles`` with the full record JSON, ``quotes``, ``entities``
once per key under its display name (:mod:`dateline.corpus.entity_names`),
``article_entities``, ``entity_variants``, ``events``), ``stories`` (story clusters formed
within blocks of publication time: :mod:`dateline.corpus.story_batch`, which also fills
``articles.story_id``; as in the store, a story's times are those of its dated articles, null
for a story of undated articles only),
``duplicate_groups`` (one row per article: its duplicate group,
:mod:`dateline.corpus.duplicate_spark`, which also fills ``articles.duplicate_group_id``),
``quote_occurrences`` (quote provenance across the batch: :mod:`dateline.spark_provenance`) and
``failures`` (one row per page that failed, with its reason).

Local mode (no ``spark-submit``) binds to loopback only: ``SPARK_LOCAL_IP``, ``spark.driver.host``
and ``spark.driver.bindAddress`` are 127.0.0.1 and the web UI is off.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from dateline.config import Settings
from dateline.corpus import duplicate_spark, entity_names, rows
from dateline.errors import UsageError
from dateline.model import Article
from dateline.sources.files import expand_paths
from dateline.sources.jsonl import (
    JSONL_SUFFIXES,
    empty_jsonl_page,
    line_source,
    parse_jsonl_line,
)
from dateline.sources.page import RawPage
from dateline.sources.warc import WARC_SUFFIXES

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:/")

#: Columns of the ``failures`` table: (name, Spark SQL type). The other tables are those of the
#: row projection (:data:`dateline.corpus.rows.TABLES`), with its columns.
FAILURE_COLUMNS: list[tuple[str, str]] = [
    ("source", "string"), ("sha256", "string"), ("kind", "string"), ("message", "string"),
]

TABLES = (*rows.TABLES, "failures")

#: Rows per Parquet file aimed at when writing (a choice, not tuned: it keeps a small run to one
#: file per table and never makes more files than partitions).
ROWS_PER_FILE = 5000


def schema_ddl(table: str) -> str:
    """The Spark DDL schema string of output ``table`` (``"`id` string, ..."``)."""
    if table == "failures":
        return ", ".join(f"`{name}` {kind}" for name, kind in FAILURE_COLUMNS)
    return rows.spark_ddl(table)


# -- rows: pure functions, unit-tested without a JVM --------------------------------------------


def article_rows(article: Article, projection: rows.Projection | None = None
                 ) -> Iterator[tuple[str, tuple]]:
    """Yield ``(table, row)`` for one record: every row of its projection
    (:func:`dateline.corpus.rows.project`, or ``projection`` when already made), each a tuple
    in the table's column order."""
    if projection is None:
        projection = rows.project(article)
    for table, row in projection.rows():
        yield table, rows.values(row)


def failure_row(page: RawPage, error: Exception) -> tuple[str, tuple]:
    """The ``("failures", row)`` of a page that failed with ``error``."""
    return "failures", (page.source, page.sha256 if page.error is None else None,
                        getattr(error, "kind", "internal"), str(error))


def process_partition(pages: Iterable[RawPage], settings: Settings, format: str, nlp: bool
                      ) -> Iterator[tuple[str, tuple]]:
    """Run the pipeline over one partition's pages and yield tagged output rows.

    The spaCy pipeline is loaded here, once per partition (``load_nlp`` caches it for the life of
    the Python worker)."""
    from dateline.pipeline import process_many

    if nlp:
        from dateline.understand.nlp import load_nlp

        load_nlp(settings.model)
    from dateline.corpus.story_batch import STORY_INPUT, story_input

    for page, result in process_many(pages, settings, format=format, nlp=nlp):
        if isinstance(result, Article):
            projection = rows.project(result)  # once for both
            yield from article_rows(result, projection)
            yield STORY_INPUT, story_input(result, projection)
        else:
            yield failure_row(page, result)


# -- the session ----------------------------------------------------------------------------


def spark_session(master: str | None = None, *, app_name: str = "dateline",
                  shuffle_partitions: int = 4):
    """Return a ``SparkSession``.

    Under ``spark-submit`` (``PYSPARK_GATEWAY_PORT`` set) the submitted configuration is used
    as is. Otherwise the session runs in local mode on ``master`` (default ``local[*]``) bound
    to 127.0.0.1, with the web UI off, ``shuffle_partitions`` SQL shuffle partitions, and Python
    workers running this interpreter.
    """
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    if master is None and not submitted:
        master = "local[*]"
    if master is not None:
        builder = builder.master(master)
    if master is not None and master.startswith("local"):
        os.environ["SPARK_LOCAL_IP"] = LOOPBACK
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        builder = (builder.config("spark.driver.host", LOOPBACK)
                   .config("spark.driver.bindAddress", LOOPBACK)
                   .config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false"))
    builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    return builder.getOrCreate()


# -- the job --------------------------------------------------------------------------------


def _scheme(path: str) -> str:
    """The URL scheme of ``path`` (``hdfs``, ``file``, ...), or ``""`` for a plain path. Hadoop
    writes local files as ``file:/x``, so one slash after the colon is enough."""
    return urlsplit(path).scheme if _URL.match(path) else ""


def split_inputs(inputs: Iterable[str], list_url=None) -> tuple[list[str], list[str]]:
    """Return ``(JSON Lines files, WARC files)`` named by ``inputs``. Local directories are
    walked in sorted order; an input with a scheme (``hdfs://``, ``s3a://``, ``file://``: a
    file, a directory or a glob) is expanded by ``list_url(url) -> [file URL]`` (Hadoop's file
    system on the driver), or left out when ``list_url`` is ``None``. Raises ``UsageError`` for an
    input that is neither kind, a local path that does not exist or a URL that names no file."""
    jsonl, warc = [], []
    for given in inputs:
        if _scheme(given):
            if list_url is None:
                continue
            names = list_url(given)
            if not names:
                raise UsageError(f"{given}: no file matches")
        elif not Path(given).exists():
            raise UsageError(f"{given}: no such file or directory")
        else:
            names = list(expand_paths([given]))
        for name in names:
            lower = name.lower()
            if lower.endswith(JSONL_SUFFIXES):
                jsonl.append(name)
            elif lower.endswith(WARC_SUFFIXES):
                warc.append(name)
            elif names == [given]:
                raise UsageError(f"{name}: the Spark job reads JSON Lines (.jsonl) and WARC "
                                 "(.warc, .warc.gz) files only")
            else:
                log.warning("skipping %s: not JSON Lines or WARC", name)
    return jsonl, warc


def hadoop_files(sc, url: str) -> list[str]:
    """The files a URL names, listed with Hadoop's ``FileSystem`` API through the driver's JVM:
    a file, every file under a directory (recursively), or the files a glob matches; names
    starting with ``.`` or ``_`` (Hadoop's hidden and marker files) are left out. Sorted."""
    jvm = sc._jvm
    path = jvm.org.apache.hadoop.fs.Path(url)
    fs = path.getFileSystem(sc._jsc.hadoopConfiguration())
    found = []
    for status in fs.globStatus(path) or []:
        if status.isDirectory():
            files = fs.listFiles(status.getPath(), True)
            while files.hasNext():
                found.append(files.next().getPath())
        else:
            found.append(status.getPath())
    return sorted(str(p) for p in found if not str(p.getName()).startswith((".", "_")))


def _read_jsonl(sc, path: str, max_bytes: int, splits: int):
    """The pages of the JSON Lines file ``path`` (local, or a URL Hadoop reads). A file with
    no line but blank ones is one page with an ``EmptyInputError``, as ``dateline ingest``
    records it (``textFile`` alone gives no line, and the file would be neither read nor a
    failure); for a URL only a file of 0 bytes is found so (its length, from the driver)."""
    if not _scheme(path) and (path.lower().endswith(".gz") or _blank_file(path)):
        # gzip is not splittable (one task either way), and Hadoop's reader kills the job on a
        # cut-short file: read it in Python, which records the cut as an unreadable page (and
        # a blank file as an empty one)
        absolute = os.path.abspath(path)
        return sc.parallelize([absolute], 1).flatMap(
            lambda file: _jsonl_pages(file, path, max_bytes))
    if _scheme(path) and _hadoop_length(sc, path) == 0:
        return sc.parallelize([empty_jsonl_page(path)], 1)
    location = path if _scheme(path) else "file://" + os.path.abspath(path)

    def to_page(pair):
        line, index = pair
        return parse_jsonl_line(line, line_source(path, index + 1), max_bytes)

    return (sc.textFile(location, minPartitions=splits).zipWithIndex()
            .filter(lambda pair: pair[0].strip() != "").map(to_page))


def _blank_file(path: str) -> bool:
    """True when the local file ``path`` holds only whitespace (or nothing); reads up to its
    first byte that is not. False when it cannot be read (``textFile`` says why)."""
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 16):
                if chunk.strip():
                    return False
    except OSError:
        return False
    return True


def _hadoop_length(sc, url: str) -> int:
    """The length in bytes of the file ``url``, from Hadoop's ``FileSystem`` on the driver."""
    path = sc._jvm.org.apache.hadoop.fs.Path(url)
    return path.getFileSystem(sc._jsc.hadoopConfiguration()).getFileStatus(path).getLen()


def _jsonl_pages(absolute: str, given: str, max_bytes: int) -> Iterator[RawPage]:
    """The pages of a local (gzipped) JSON Lines file read at ``absolute``, named by ``given``."""
    from dateline.sources.jsonl import iter_jsonl

    return _named(iter_jsonl(absolute, max_bytes), absolute, given)


def _warc_pages(absolute: str, given: str, max_bytes: int) -> Iterator[RawPage]:
    """The pages of a local WARC file read at ``absolute``, named by the ``given`` path."""
    from dateline.sources.warc import iter_warc

    return _named(iter_warc(absolute, max_bytes), absolute, given)


def _named(pages: Iterable[RawPage], absolute: str, given: str) -> Iterator[RawPage]:
    """``pages`` of the file read at ``absolute`` with their sources under the ``given`` path."""
    import dataclasses

    for page in pages:
        if absolute != given and page.source.startswith(absolute):
            page = dataclasses.replace(page, source=given + page.source[len(absolute):])
        yield page


def _read_warc_remote(item, max_bytes: int) -> Iterator[RawPage]:
    import io

    from dateline.sources.warc import iter_warc_stream

    name, data = item
    return iter_warc_stream(io.BytesIO(data), name, max_bytes)


def page_rdd(sc, inputs: Iterable[str], max_bytes: int, partitions: int):
    """An RDD of :class:`RawPage` for every page of ``inputs``, in ``partitions`` partitions.

    Inputs with a scheme are listed with :func:`hadoop_files`. Local WARC files are read by the
    executors from their paths (in a cluster they must be on a file system every node mounts at
    the same path); WARC URLs are read with ``binaryFiles`` (each file held in memory at once)."""
    jsonl, warc = split_inputs(inputs, lambda url: hadoop_files(sc, url))
    splits = max(1, partitions // max(1, len(jsonl)))
    parts = [_read_jsonl(sc, path, max_bytes, splits) for path in jsonl]
    names = {os.path.abspath(p): p for p in warc if not _scheme(p)}
    local = list(names)
    remote = [p for p in warc if _scheme(p)]
    if local:
        parts.append(sc.parallelize(local, len(local)).flatMap(
            lambda path: _warc_pages(path, names[path], max_bytes)))
    if remote:
        parts.append(sc.binaryFiles(",".join(remote)).flatMap(
            lambda item: _read_warc_remote(item, max_bytes)))
    if not parts:
        raise UsageError("no JSON Lines or WARC input was given")
    pages = parts[0] if len(parts) == 1 else sc.union(parts)
    if warc or pages.getNumPartitions() < partitions:
        # a WARC file is one task: spread its pages (JSON Lines blocks are spread already)
        pages = pages.repartition(partitions)
    return pages


def run_job(inputs: list[str], out: str, *, settings: Settings | None = None,
            partitions: int | None = None, nlp: bool = True, format: str = "auto",
            master: str | None = None, spark=None) -> dict:
    """Process ``inputs`` (JSON Lines and WARC files or directories) and write Parquet under
    ``out`` (a local directory or a URL Spark can write). Returns counts ``{"articles",
    "quotes", "entities", ...}`` (rows made per table, :data:`TABLES`; ``entities`` before
    keeping one row per key), ``"quote_occurrences"`` (rows written) and ``"seconds"`` (wall
    clock).

    ``partitions`` defaults to twice Spark's default parallelism. ``spark`` is an existing
    ``SparkSession`` (tests pass theirs); otherwise one is made with :func:`spark_session` and
    stopped at the end. Raises ``UsageError`` for inputs the job cannot read.
    """
    from pyspark import StorageLevel

    settings = settings or Settings()
    split_inputs(inputs)  # fail on bad inputs before starting a JVM
    start = time.perf_counter()
    own = spark is None
    spark = spark or spark_session(master)
    try:
        sc = spark.sparkContext
        partitions = partitions or 2 * sc.defaultParallelism
        pages = page_rdd(sc, inputs, settings.max_page_bytes, partitions)
        tagged_rows = pages.mapPartitions(
            lambda part: process_partition(part, settings, format, nlp)
        ).persist(StorageLevel.MEMORY_AND_DISK)
        counts = {table: 0 for table in TABLES}
        counts.update(tagged_rows.map(lambda tagged: tagged[0]).countByValue())
        counts.pop("story_input", None)
        target = out if _scheme(out) else os.path.abspath(out)
        # duplicate groups (corpus/duplicate_spark.py): their table, and each article's group
        group_rows, group_of = duplicate_spark.duplicate_groups(
            sc, tagged_rows.filter(lambda tagged: tagged[0] == "articles").map(lambda x: x[1]))
        spark.createDataFrame(group_rows, schema=duplicate_spark.ddl()).coalesce(
            max(1, min(partitions, counts["articles"] // ROWS_PER_FILE + 1))
        ).write.mode("overwrite").parquet(f"{target}/duplicate_groups")
        counts["duplicate_groups"] = counts["articles"]
        grouped = sc.broadcast(group_of)
        from dateline.corpus import story_batch  # story clusters: their table, each article's

        stories = story_batch.story_values(tagged_rows, partitions)
        for table in TABLES:
            subset = tagged_rows.filter(lambda tagged, t=table: tagged[0] == t).map(lambda x: x[1])
            if table == "articles":
                subset = story_batch.with_stories(subset.map(
                    lambda r: duplicate_spark.with_group(r, grouped.value)), stories)
            if table == "entities":  # once per key, under its display name, as exported
                subset = entity_names.spark_entity_rows(subset, tagged_rows.filter(
                    lambda tagged: tagged[0] == "entity_variants").map(lambda x: x[1]))
            frame = spark.createDataFrame(subset, schema=schema_ddl(table))
            shared = rows.TABLES.get(table)
            if shared is not None and shared.SHARED:  # a corpus-level table: each key once
                frame = frame.dropDuplicates(list(shared.UNIQUE))
            files = max(1, min(partitions, counts[table] // ROWS_PER_FILE + 1))
            frame.coalesce(files).write.mode("overwrite").parquet(f"{target}/{table}")
        counts["stories"] = story_batch.write_stories(spark, tagged_rows, f"{target}/stories",
                                                      partitions, stories)
        from dateline import spark_provenance  # quote provenance, issue 10 item 6

        counts[spark_provenance.TABLE] = spark_provenance.write_table(
            spark, tagged_rows, f"{target}/{spark_provenance.TABLE}",
            max(1, min(partitions, counts["quotes"] // ROWS_PER_FILE + 1)))
        tagged_rows.unpersist()
    finally:
        if own:
            spark.stop()
    result: dict[str, float] = {k: int(v) for k, v in counts.items()}
    result["seconds"] = time.perf_counter() - start
    log.info("spark job: %s", result)
    return result
