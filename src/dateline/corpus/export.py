"""Exports of the whole corpus: JSON Lines (full records), CSV (one flat row per article) and
Parquet (three files: articles, quotes, article entities)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from dateline.corpus.schema import article_entities, articles, entities, quotes

#: Columns of the CSV export and of articles.parquet (plus ``paragraphs`` and ``record`` there).
CSV_COLUMNS = ("id", "source_uri", "source_format", "url", "publisher", "language", "headline",
               "standfirst", "authors", "published", "updated", "section", "paragraphs",
               "quotes", "entities", "body")
FORMATS = ("jsonl", "csv", "parquet")
_BATCH = 2000


class ExportMixin:
    """Export methods of :class:`dateline.corpus.Store` (needs ``self.engine``)."""

    engine: sa.Engine

    def _records(self) -> Iterator[dict]:
        stmt = sa.select(articles.c.record).order_by(articles.c.seq)
        with self.engine.connect() as conn:
            for record in conn.execution_options(yield_per=_BATCH).execute(stmt).scalars():
                yield json.loads(record)

    def export(self, fmt: str, path: str | Path) -> int:
        """Write every article, in the order they were added, and return how many.

        ``jsonl``: ``path`` gets one full record per line (as ``dateline extract`` writes).
        ``csv``: ``path`` gets one row per article with the columns ``CSV_COLUMNS``: authors
        joined with ``"; "``, ``paragraphs``/``quotes``/``entities`` as counts, ``body`` the
        paragraphs joined by blank lines. ``parquet``: ``path`` is a directory (created) that
        gets ``articles.parquet`` (CSV columns with ``authors`` and ``paragraphs`` as lists and
        ``record`` the JSON), ``quotes.parquet`` (one row per quote: article_id, position, kind,
        text, speaker, speaker_entity_key, cue, medium) and ``entities.parquet`` (one row per
        entity per article: article_id, entity_key, name, type, mentions). Raises ``ValueError``
        for another format."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
        path = Path(path)
        if fmt == "jsonl":
            n = 0
            with path.open("w", encoding="utf-8") as out:
                for record in self._records():
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    n += 1
            return n
        if fmt == "csv":
            n = 0
            with path.open("w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
                writer.writeheader()
                for record in self._records():
                    writer.writerow(_flat(record, lists=False))
                    n += 1
            return n
        return self._export_parquet(path)

    def _export_parquet(self, folder: Path) -> int:
        import pyarrow as pa
        import pyarrow.parquet as pq

        folder.mkdir(parents=True, exist_ok=True)
        str_list = pa.list_(pa.string())
        schema = pa.schema([(c, pa.int64() if c in ("quotes", "entities") else pa.string())
                            if c not in ("authors", "paragraphs") else (c, str_list)
                            for c in CSV_COLUMNS] + [("record", pa.string())])
        n = 0
        with pq.ParquetWriter(folder / "articles.parquet", schema) as writer:
            batch: list[dict] = []
            for record in self._records():
                batch.append(_flat(record, lists=True))
                n += 1
                if len(batch) >= _BATCH:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    batch = []
            if batch or n == 0:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        with self.engine.connect() as conn:
            q = conn.execute(sa.select(quotes.c.article_id, quotes.c.position, quotes.c.kind,
                                       quotes.c.text, quotes.c.speaker,
                                       quotes.c.speaker_entity_key, quotes.c.cue, quotes.c.medium)
                             .order_by(quotes.c.id)).mappings().all()
            e = conn.execute(sa.select(article_entities.c.article_id, article_entities.c.entity_key,
                                       article_entities.c.name, entities.c.type,
                                       article_entities.c.mentions)
                             .join(entities, entities.c.key == article_entities.c.entity_key)
                             .order_by(article_entities.c.article_id,
                                       article_entities.c.entity_key)).mappings().all()
        q_schema = pa.schema([("article_id", pa.string()), ("position", pa.int64()),
                              ("kind", pa.string()), ("text", pa.string()),
                              ("speaker", pa.string()), ("speaker_entity_key", pa.string()),
                              ("cue", pa.string()), ("medium", pa.string())])
        e_schema = pa.schema([("article_id", pa.string()), ("entity_key", pa.string()),
                              ("name", pa.string()), ("type", pa.string()),
                              ("mentions", pa.int64())])
        pq.write_table(pa.Table.from_pylist([dict(r) for r in q], schema=q_schema),
                       folder / "quotes.parquet")
        pq.write_table(pa.Table.from_pylist([dict(r) for r in e], schema=e_schema),
                       folder / "entities.parquet")
        return n


def _flat(record: dict, *, lists: bool) -> dict:
    """One article as a flat row (see :meth:`ExportMixin.export`)."""
    row = {c: record.get(c) for c in ("id", "url", "publisher", "language", "headline",
                                      "standfirst", "published", "updated", "section")}
    row["source_uri"] = record["source"]["uri"]
    row["source_format"] = record["source"]["format"]
    row["authors"] = record["authors"] if lists else "; ".join(record["authors"])
    row["paragraphs"] = record["paragraphs"] if lists else len(record["paragraphs"])
    row["quotes"] = len(record["quotes"])
    row["entities"] = len(record["entities"])
    row["body"] = "\n\n".join(record["paragraphs"])
    if lists:
        row["record"] = json.dumps(record, ensure_ascii=False)
    return row
