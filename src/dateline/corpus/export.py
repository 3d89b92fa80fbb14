"""Exports of the whole corpus: JSON Lines (full records), CSV (one flat row per article) and
Parquet (one file per table of the row projection, :mod:`dateline.corpus.rows`).

Every export is made from the stored records through :func:`dateline.corpus.rows.project`, the
function the store and the Spark job write with, so an exported table has the columns of the
Spark job's table of the same name. The across-article tables the Spark job writes are exported
too, read from the store with the Spark job's columns: ``stories`` (:class:`rows.StoryRow`),
``quote_occurrences`` (:class:`rows.QuoteOccurrenceRow`) and ``duplicate_groups``
(:data:`dateline.corpus.duplicate_spark.COLUMNS`). The Spark job's ``failures`` is not: it is the
job's account of its own inputs, while an export is the corpus (the store keeps its failures for
``dateline ingest --retry-failed``: ``Store.failures()``).
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import sqlalchemy as sa

from dateline.corpus.entity_names import renamed_entities
from dateline.corpus.provenance import report_time
from dateline.corpus.rows import (
    TABLES,
    EntityRow,
    Projection,
    QuoteOccurrenceRow,
    StoryRow,
    arrow_schema,
    as_dict,
    flat_columns,
    flat_value,
    project,
)
from dateline.corpus.schema import (
    articles,
    duplicates,
    quote_occurrences,
    quotes,
    story_articles,
)
from dateline.model import Article

#: The Spark job's table of duplicate groups, one row per article
#: (:mod:`dateline.corpus.duplicate_spark`).
DUPLICATE_GROUPS = "duplicate_groups"
#: Tables ``dateline export --format csv --table`` writes: those of the row projection, the
#: story clusters, quote provenance and duplicate groups (made across records, read from the
#: store).
CSV_TABLES = (*TABLES, StoryRow.TABLE, QuoteOccurrenceRow.TABLE, DUPLICATE_GROUPS)

#: Columns of the CSV export: the flat columns of the ``articles`` table (authors joined with
#: ``"; "``; paragraphs, images, boilerplate and the record JSON left out).
CSV_COLUMNS = tuple(flat_columns("articles"))
FORMATS = ("jsonl", "csv", "parquet")
_BATCH = 2000


class ExportMixin:
    """Export methods of :class:`dateline.corpus.Store` (needs ``self.engine``)."""

    engine: sa.Engine

    def _records(self) -> Iterator[tuple[str, dict]]:
        """``(record JSON, fields the store links it with)`` of every article in the order
        added: the fields are ``story_id`` (:mod:`dateline.corpus.stories`) and
        ``duplicate_group_id`` (:mod:`dateline.corpus.duplicates`)."""
        stmt = (sa.select(articles.c.record, story_articles.c.story_id, duplicates.c.group_id)
                .select_from(articles.outerjoin(
                    story_articles, story_articles.c.article_id == articles.c.id)
                    .outerjoin(duplicates, duplicates.c.article_id == articles.c.id))
                .order_by(articles.c.seq))
        with self.engine.connect() as conn:
            for record, story_id, group_id in conn.execution_options(yield_per=_BATCH
                                                                     ).execute(stmt):
                yield record, {"story_id": story_id, "duplicate_group_id": group_id}

    def projections(self) -> Iterator[Projection]:
        """The rows of every stored record (:func:`rows.project`), in the order added, with
        the fields the store links it with (``story_id``, ``duplicate_group_id``)."""
        for record, links in self._records():
            yield project(Article.model_validate_json(record).model_copy(update=links))

    def _shown(self) -> dict[str, str]:
        """``{key: display name}`` of the entities whose display name
        (:mod:`dateline.corpus.entity_names`) is not their stored one: the exports' ``entities``
        table carries the name the API and pages show."""
        with self.engine.connect() as conn:
            return dict(renamed_entities(conn))

    def export(self, fmt: str, path: str | Path | TextIO) -> int:
        """Write every article, in the order they were added, and return how many.

        ``jsonl``: ``path`` gets one full record per line (as ``dateline extract`` writes).
        ``csv``: ``path`` gets one row per article with the columns :data:`CSV_COLUMNS`.
        For these two ``path`` may be an open text stream (standard output), written and left
        open.
        ``parquet``: ``path`` is a directory (created) that gets ``TABLE.parquet`` for every
        table of :data:`dateline.corpus.rows.TABLES` (``articles``, ``quotes``, ``entities``,
        ``article_entities``, ``entity_variants``, ``events``), with the columns and types of
        :func:`rows.arrow_schema`; ``entities`` holds each key once (its first row, under its
        display name, :mod:`dateline.corpus.entity_names`); and
        ``stories.parquet``, the story clusters (:class:`rows.StoryRow`),
        ``quote_occurrences.parquet``, quote provenance (:meth:`quote_occurrence_rows`), and
        ``duplicate_groups.parquet``, each article's duplicate group
        (:meth:`duplicate_group_rows`): the tables the Spark job writes but ``failures``.
        Raises ``ValueError`` for another format."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
        n = 0
        if fmt == "jsonl":
            with _text_out(path) as out:
                for record, links in self._records():
                    out.write(json.dumps({**json.loads(record), **links}, ensure_ascii=False)
                              + "\n")
                    n += 1
            return n
        if fmt == "csv":
            with _text_out(path) as out:
                writer = csv.writer(out)
                writer.writerow(CSV_COLUMNS)
                for rows in self.projections():
                    writer.writerow([flat_value(getattr(rows.article, c)) for c in CSV_COLUMNS])
                    n += 1
            return n
        if not isinstance(path, str | Path):
            raise ValueError("parquet writes a directory, not a stream")
        return self._export_parquet(Path(path))

    def export_table_csv(self, table: str, path: str | Path | TextIO) -> int:
        """Write one table of :data:`CSV_TABLES` (the row projection's ``events``, ``quotes``,
        ..., ``stories``, ``quote_occurrences`` and ``duplicate_groups``) as CSV with its flat
        columns (:func:`dateline.corpus.rows.flat_columns`; lists joined with ``"; "``;
        ``duplicate_groups``: :meth:`duplicate_group_rows`) and return how
        many rows; ``articles`` is :meth:`export` ``("csv", path)``. A corpus-level table
        (``entities``) holds each key once, ``entities`` under the display name
        (:mod:`dateline.corpus.entity_names`). Raises ``ValueError`` for another table."""
        if table not in CSV_TABLES:
            raise ValueError(f"unknown table {table!r}; use one of {', '.join(CSV_TABLES)}")
        if table == DUPLICATE_GROUPS:
            return self._duplicate_groups_csv(path)
        columns = flat_columns(table)
        shown = self._shown() if table == EntityRow.TABLE else {}
        seen: set[tuple] = set()
        n = 0
        with _text_out(path) as out:
            writer = csv.writer(out)
            writer.writerow(columns)
            if table in (StoryRow.TABLE, QuoteOccurrenceRow.TABLE):  # read from the store
                made: Iterator = (self.story_rows()  # type: ignore[attr-defined]
                                  if table == StoryRow.TABLE else self.quote_occurrence_rows())
                for row in made:
                    writer.writerow([flat_value(getattr(row, c)) for c in columns])
                    n += 1
                return n
            for rows in self.projections():
                for name, row in rows.rows():
                    if name != table:
                        continue
                    if row.SHARED:
                        key = tuple(getattr(row, c) for c in row.UNIQUE)
                        if key in seen:
                            continue
                        seen.add(key)
                    if isinstance(row, EntityRow) and row.key in shown:
                        row = dataclasses.replace(row, name=shown[row.key])
                    writer.writerow([flat_value(getattr(row, c)) for c in columns])
                    n += 1
        return n

    def _export_parquet(self, folder: Path) -> int:
        import pyarrow as pa
        import pyarrow.parquet as pq

        folder.mkdir(parents=True, exist_ok=True)
        schemas = {table: arrow_schema(table) for table in TABLES}
        writers = {table: pq.ParquetWriter(folder / f"{table}.parquet", schemas[table])
                   for table in TABLES}
        batches: dict[str, list[dict]] = {table: [] for table in TABLES}
        seen: dict[str, set] = {table: set() for table in TABLES}
        shown = self._shown()
        n = 0

        def flush(table: str) -> None:
            writers[table].write_table(pa.Table.from_pylist(batches[table],
                                                            schema=schemas[table]))
            batches[table] = []

        try:
            for rows in self.projections():
                n += 1
                for table, row in rows.rows():
                    if row.SHARED:  # a corpus-level table: each key once
                        key = tuple(getattr(row, c) for c in row.UNIQUE)
                        if key in seen[table]:
                            continue
                        seen[table].add(key)
                    if isinstance(row, EntityRow) and row.key in shown:
                        row = dataclasses.replace(row, name=shown[row.key])
                    batches[table].append(as_dict(row))
                    if len(batches[table]) >= _BATCH:
                        flush(table)
            for table in TABLES:
                flush(table)  # an empty table still gets its schema
        finally:
            for writer in writers.values():
                writer.close()
        stories = [as_dict(row) for row in self.story_rows()]  # type: ignore[attr-defined]
        pq.write_table(pa.Table.from_pylist(stories, schema=arrow_schema("stories")),
                       folder / "stories.parquet")
        name = QuoteOccurrenceRow.TABLE
        _write_batched(folder / f"{name}.parquet", arrow_schema(name),
                       (as_dict(link) for link in self.quote_occurrence_rows()))
        from dateline.corpus.duplicate_spark import COLUMNS

        kinds = {"string": pa.string(), "double": pa.float64()}
        schema = pa.schema([(name, kinds[kind]) for name, kind in COLUMNS])
        _write_batched(folder / f"{DUPLICATE_GROUPS}.parquet", schema,
                       (dict(zip(schema.names, values, strict=True))
                        for values in self.duplicate_group_rows()))
        return n

    def duplicate_group_rows(self) -> Iterator[tuple]:
        """Duplicate groups as rows of the Spark job's ``duplicate_groups`` table
        (:data:`dateline.corpus.duplicate_spark.COLUMNS`: ``article_id, group_id, matched_id,
        similarity, containment``), one per stored article in the order added, read from the
        store's ``duplicates``: ``group_id`` the article id of the group's original (the
        article's own id when alone), ``matched_id`` the member it was matched to when stored,
        with the estimated Jaccard similarity and containment (0-1) of that pair; ``None`` for
        the first of a group and an article alone. (The Spark job, which has no order of
        adding, gives each copy its best verified pair.)"""
        stmt = (sa.select(duplicates.c.article_id, duplicates.c.group_id, duplicates.c.matched_id,
                          duplicates.c.similarity, duplicates.c.containment)
                .order_by(duplicates.c.article_seq))
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=_BATCH).execute(stmt):
                yield tuple(row)

    def _duplicate_groups_csv(self, path: str | Path | TextIO) -> int:
        from dateline.corpus.duplicate_spark import COLUMNS

        n = 0
        with _text_out(path) as out:
            writer = csv.writer(out)
            writer.writerow([name for name, _kind in COLUMNS])
            for values in self.duplicate_group_rows():
                writer.writerow(values)
                n += 1
        return n

    def quote_occurrence_rows(self) -> Iterator[QuoteOccurrenceRow]:
        """Quote provenance as rows of the Spark job's ``quote_occurrences`` table
        (:class:`rows.QuoteOccurrenceRow`): one per stored link of a quotation to another, by
        quotation (in the order stored) and then the other's report time; ``score`` rounded to
        a whole number; the first report as ``GET /api/v1/quotes/{id}/provenance`` gives it
        (earliest in UTC, undated last, ties by the order the articles were added)."""
        own, other = quotes.alias("own"), quotes.alias("other")
        own_a, other_a = articles.alias("own_a"), articles.alias("other_a")
        stmt = (sa.select(quote_occurrences.c.quote_id, own.c.article_id, own.c.position,
                          own_a.c.published, own_a.c.seq, other.c.article_id.label("o_article"),
                          other.c.position.label("o_position"),
                          other_a.c.published.label("o_published"),
                          other_a.c.seq.label("o_seq"), quote_occurrences.c.variant,
                          quote_occurrences.c.score)
                .select_from(quote_occurrences
                             .join(own, own.c.id == quote_occurrences.c.quote_id)
                             .join(own_a, own_a.c.id == own.c.article_id)
                             .join(other, other.c.id == quote_occurrences.c.other_id)
                             .join(other_a, other_a.c.id == other.c.article_id))
                .order_by(quote_occurrences.c.quote_id))
        with self.engine.connect() as conn:
            links: list = []
            for r in conn.execution_options(yield_per=_BATCH).execute(stmt).mappings():
                if links and links[0]["quote_id"] != r["quote_id"]:
                    yield from _occurrence_rows(links)
                    links = []
                links.append(r)
            if links:
                yield from _occurrence_rows(links)


def _occurrence_rows(links: list) -> Iterator[QuoteOccurrenceRow]:
    """The rows of one quotation's stored links (rows of :meth:`quote_occurrence_rows`'s
    statement, all of one ``quote_id``)."""
    head = links[0]
    links = sorted(links, key=lambda r: report_time(r["o_published"], r["o_seq"]))
    first = min([(report_time(head["published"], head["seq"]), head["article_id"],
                  head["position"])] +
                [(report_time(r["o_published"], r["o_seq"]), r["o_article"], r["o_position"])
                 for r in links])
    for r in links:
        yield QuoteOccurrenceRow(
            article_id=head["article_id"], position=head["position"],
            other_article_id=r["o_article"], other_position=r["o_position"],
            variant=r["variant"], score=int(round(r["score"])), first_article_id=first[1],
            first_position=first[2])


@contextmanager
def _text_out(path: str | Path | TextIO) -> Iterator[TextIO]:
    """``path`` opened for writing UTF-8 text (no newline translation: the CSV module writes its
    own line ends), or ``path`` itself, left open, when it is a stream."""
    if not isinstance(path, str | Path):
        yield path
        return
    with Path(path).open("w", encoding="utf-8", newline="") as out:
        yield out


def _write_batched(path: Path, schema, rows: Iterable[dict]) -> None:
    """Write ``rows`` (dicts of ``schema``'s columns) to the Parquet file ``path``, in row
    groups of :data:`_BATCH` (an empty table still gets its schema)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with pq.ParquetWriter(path, schema) as out:
        batch: list[dict] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= _BATCH:
                out.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        out.write_table(pa.Table.from_pylist(batch, schema=schema))
