"""The ``quote_occurrences`` table of the Spark job (issue 10 item 6): its plain-Python steps on
quotations written by hand, and the same steps as a local Spark job (needs Java)."""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq
import pytest
from store_corpus import article

from dateline.corpus.rows import columns, spark_ddl
from dateline.spark import article_rows
from dateline.spark_provenance import TABLE, occurrence_rows, write_table

SAID = ("We will not raise water bills this year, and every household on the estuary will get "
        "a new meter by the spring")


def _article(name: str, publisher: str, published: str | None, speaker: str, text: str,
             kind: str = "direct"):
    para = [f"Speaking on Monday, {speaker} said: \u201c{text}.\u201d"]
    return article(name, headline=f"Meters ({name})", paragraphs=para, publisher=publisher,
                   published=published, entities=[(speaker, "PERSON", [(0, speaker)])],
                   quotes=[{"kind": kind, "text": text, "paragraph": 0, "speaker": 0}])


ARTICLES = [
    _article("p1", "Harbour Post", "2025-03-03T06:00:00-05:00", "Harriet Okonjo",
             SAID.replace("spring", "summer")),
    _article("g1", "Estuary Gazette", "2025-03-03T09:00:00+00:00", "Harriet Okonjo", SAID),
    _article("g2", "Estuary Gazette", "2025-03-04T08:00:00+00:00", "Tomas Breck", SAID),
    _article("u1", "Undated Weekly", None, "Harriet Okonjo", "We will not raise water bills"),
]
P1, G1, G2, U1 = (a.id for a in ARTICLES)


def infos():
    return [(a.id, 0, q.kind, q.text, q.speaker.name, None, a.published)
            for a in ARTICLES for q in a.quotes]


def test_the_table_by_hand():
    got = occurrence_rows(infos())
    # first report of every quotation: g1 (09:00 UTC; p1's 06:00-05:00 is 11:00 UTC)
    first = (G1, 0)
    expected = {
        (P1, G1): ("misquote", 96), (P1, G2): ("conflicting_speaker", 96),  # 95.5
        (G1, G2): ("conflicting_speaker", 100),
        # u1's six words in Breck's mouth: too few for a conflict (CONFLICT_MIN_WORDS)
        (U1, P1): ("truncated", 27), (U1, G1): ("truncated", 27)}
    rows = {(r[0], r[2]): (r[4], r[5]) for r in got}
    assert rows == {**expected, **{(b, a): v for (a, b), v in expected.items()}}
    assert {(r[6], r[7]) for r in got} == {first}
    # rows of one quotation: its occurrences earliest first, the undated one last
    assert [r[2] for r in got if r[0] == G1] == [P1, G2, U1]
    assert spark_ddl(TABLE) == (
        "`article_id` string, `position` bigint, `other_article_id` string, "
        "`other_position` bigint, `variant` string, `score` bigint, "
        "`first_article_id` string, `first_position` bigint")


def test_the_spark_job_writes_the_same_table(tmp_path):
    if shutil.which("java") is None:
        pytest.skip("the Spark test needs Java 17 (apt-get install openjdk-17-jre-headless)")
    from dateline.spark import spark_session

    spark = spark_session("local[2]", shuffle_partitions=2)
    try:
        tagged = spark.sparkContext.parallelize(
            [row for a in ARTICLES for row in article_rows(a)], 2)
        n = write_table(spark, tagged, str(tmp_path / "quote_occurrences"))
    finally:
        spark.stop()
    table = pq.read_table(tmp_path / "quote_occurrences")
    assert table.column_names == [name for name, _ in columns(TABLE)]
    got = sorted(tuple(r.values()) for r in table.to_pylist())
    assert n == len(got) == 10
    assert got == sorted(occurrence_rows(infos()))
