"""The exports write the across-article tables the Spark job writes (fresh-user trial, session
10): ``dateline export --format parquet`` had no ``duplicate_groups`` while ``dateline spark``
writes one. Records written by us (tests/test_quote_lines.py: a harbour story, a syndicated copy
and an unrelated article)."""

from __future__ import annotations

import csv
import io

import pyarrow.parquet as pq
from test_quote_lines import records

from dateline import spark
from dateline.cli import main
from dateline.corpus import duplicate_spark
from dateline.corpus.store import Store


def test_parquet_and_csv_exports_carry_the_duplicate_groups(tmp_path, capsys):
    story, copy, later = records()
    db = str(tmp_path / "store.db")
    with Store.open(db) as store:
        for record in (story, copy, later):
            assert store.add(record)
        store.export("parquet", tmp_path / "out")
    written = {p.stem for p in (tmp_path / "out").glob("*.parquet")}
    # every table the Spark job writes but its account of failed inputs
    assert written == {*spark.TABLES, "duplicate_groups", "stories",
                       "quote_occurrences"} - {"failures"}
    table = pq.read_table(tmp_path / "out" / "duplicate_groups.parquet")
    assert table.schema.names == [name for name, _ in duplicate_spark.COLUMNS]
    assert [str(t) for t in table.schema.types] == ["string", "string", "string", "double",
                                                    "double"]
    got = table.to_pylist()
    assert [(r["article_id"], r["group_id"], r["matched_id"]) for r in got] == [
        (story.id, story.id, None), (copy.id, story.id, story.id), (later.id, later.id, None)]
    assert got[1]["similarity"] == got[1]["containment"] == 1.0  # the same body
    assert got[0]["similarity"] is None and got[2]["containment"] is None

    assert main(["export", "--db", db, "--format", "csv", "--table", "duplicate_groups",
                 "--out", "-"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["article_id", "group_id", "matched_id", "similarity", "containment"]
    assert [r[:3] for r in rows[1:]] == [[story.id, story.id, ""], [copy.id, story.id, story.id],
                                         [later.id, later.id, ""]]
