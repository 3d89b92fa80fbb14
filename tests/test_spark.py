"""The Spark job: output rows (no JVM), and one small local-mode job read back with pyarrow."""

from __future__ import annotations

import json
import shutil

import pyarrow.parquet as pq
import pytest
from warcs import gzip_members, http_response, warc_record

from dateline.config import Settings
from dateline.corpus import Store
from dateline.corpus.rows import TABLES, columns
from dateline.errors import UsageError
from dateline.model import Article
from dateline.pipeline import process
from dateline.sources.page import RawPage
from dateline.spark import article_rows, schema_ddl, split_inputs

BODY = ["Mayor Ines Varga said on Monday that \u201cthe ferry will run all winter\u201d.",
        "The harbour board agreed."]


def hand_article() -> Article:
    return Article.model_validate({
        "id": "ab" * 32, "source": {"uri": "x.jsonl:3", "format": "html", "sha256": "ab" * 32},
        "url": "https://news.example/ferry", "publisher": "Harbour Gazette",
        "headline": "Ferry to run all winter", "authors": ["Tom Reed"],
        "published": "2024-03-05T10:00:00+01:00", "paragraphs": BODY,
        "images": [{"caption": "The ferry", "credit": "Tom Reed", "url": None}],
        "boilerplate": [{"text": "Sign up for our newsletter", "kind": "newsletter"}],
        "entities": [{"id": "e1", "name": "Ines Varga", "type": "PERSON", "mentions": [
            {"part": "body", "index": 0, "start": 6, "end": 16, "text": "Ines Varga"},
            {"part": "body", "index": 0, "start": 6, "end": 16, "text": "Ines Varga"}]},
            {"id": "e2", "name": "harbour board", "type": "ORG", "mentions": [
                {"part": "body", "index": 1, "start": 4, "end": 17, "text": "harbour board"}]}],
        "quotes": [{"kind": "direct", "text": "the ferry will run all winter",
                    "span": {"part": "body", "index": 0, "start": 38, "end": 67},
                    "speaker": {"name": "Ines Varga", "entity": "e1"}, "cue": "said"}],
    })


def test_article_rows_follow_the_projection():
    rows = list(article_rows(hand_article()))
    assert [table for table, _ in rows] == [
        "articles", "quotes", "entities", "entities", "article_entities", "article_entities",
        "entity_variants", "entity_variants"]
    for table, row in rows:
        assert len(row) == len(columns(table))
    article = dict(zip([c for c, _ in columns("articles")], rows[0][1], strict=True))
    assert article["body"] == BODY[0] + "\n\n" + BODY[1]
    assert article["published_day"] == "2024-03-05"
    assert article["images"] == [{"caption": "The ferry", "credit": "Tom Reed", "url": None}]
    assert article["boilerplate"] == [{"text": "Sign up for our newsletter", "kind": "newsletter"}]
    assert (article["quote_count"], article["entity_count"]) == (1, 2)
    assert json.loads(article["record"])["headline"] == "Ferry to run all winter"
    # the speaker is the corpus-level key, as in the store and `dateline export` (the job wrote
    # the record's local id "e1" in a column named speaker_entity before)
    assert rows[1][1] == ("ab" * 32, 0, "direct", "the ferry will run all winter",
                          "Ines Varga", "person:ines-varga", "said", None, "2024-03-05",
                          "body", 0, 38, 67)
    assert rows[2][1] == ("person:ines-varga", "Ines Varga", "PERSON")
    assert rows[4][1] == ("ab" * 32, "person:ines-varga", "e1", "Ines Varga", "PERSON", 2)
    assert rows[6][1] == ("ab" * 32, "person:ines-varga", "Ines Varga", 2)
    assert "`speaker_entity_key` string" in schema_ddl("quotes")
    assert schema_ddl("failures").startswith("`source` string")


def test_split_inputs_by_ending(tmp_path):
    (tmp_path / "a.jsonl").write_text("")
    (tmp_path / "b.warc.gz").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("")
    assert split_inputs([str(tmp_path)]) == ([str(tmp_path / "a.jsonl")],
                                             [str(tmp_path / "b.warc.gz")])
    with pytest.raises(UsageError):
        split_inputs([str(tmp_path / "notes.txt")])
    with pytest.raises(UsageError):
        split_inputs([str(tmp_path / "absent.jsonl")])


STORIES = [
    ("Lifeboat crew honoured for winter rescue\n\nThe crew of the Pellworth lifeboat received "
     "medals on Friday for a rescue in which they brought six fishermen ashore through a gale."
     "\n\nThe coxswain said the crew had trained for exactly that kind of night.\n"),
    ("Ashby market moves indoors\n\nThe Saturday market in Ashby will move into the old corn "
     "exchange from April, the town council decided on Tuesday evening.\n\nTraders said the "
     "move would protect them from the wind that sweeps the square in spring.\n"),
]


@pytest.mark.spark
def test_local_mode_job_writes_parquet_that_matches_the_local_pipeline(tmp_path, samples):
    if shutil.which("java") is None:
        pytest.skip("the Spark test needs Java 17 (apt-get install openjdk-17-jre-headless)")
    from dateline.spark import run_job, spark_session

    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text("\n".join([json.dumps({"url": "https://news.example/1", "text": STORIES[0]}),
                                "{not json", "",
                                json.dumps({"url": "https://news.example/2", "text": STORIES[1]})])
                     + "\n", encoding="utf-8")
    html = (samples / "riverside-bridge-reopens.html").read_bytes()
    warc = tmp_path / "crawl.warc.gz"
    block = http_response(b"<html><body><p>cut</p></body></html>")
    warc.write_bytes(gzip_members([
        warc_record("response", "https://courier.example/bridge", http_response(html), "r1"),
        warc_record("response", "https://courier.example/gone", block[:-9], "r2",
                    length=len(block))[:-4],
    ]))
    # the local pipeline's records, which the job must reproduce exactly
    expected = [process(RawPage(f"{jsonl}:1", STORIES[0].encode(), "https://news.example/1",
                                "text"), Settings()),
                process(RawPage(f"{jsonl}:4", STORIES[1].encode(), "https://news.example/2",
                                "text"), Settings()),
                process(RawPage(f"file:{warc}#urn:uuid:r1", html, "https://courier.example/bridge",
                                "html"), Settings())]
    out = tmp_path / "out"
    spark = spark_session("local[2]", shuffle_partitions=2)
    try:
        # the WARC as a file:// URL: listed with Hadoop's file system, read with binaryFiles
        counts = run_job([str(jsonl), f"file://{warc}"], str(out), settings=Settings(),
                         partitions=2, nlp=True, spark=spark)
    finally:
        spark.stop()

    articles = sorted(pq.read_table(out / "articles").to_pylist(), key=lambda r: r["source_uri"])
    assert [a["source_uri"] for a in articles] == [f"{jsonl}:1", f"{jsonl}:4",
                                                   f"file:{warc}#urn:uuid:r1"]
    by_source = {a.source.uri: a for a in expected}
    for row in articles:
        local = by_source[row["source_uri"]]
        assert row["id"] == local.id and row["record"] == local.model_dump_json()
    bridge = articles[2]
    assert bridge["headline"] == "Riverside footbridge reopens after two-year repair"
    assert bridge["publisher"] == "The Midland Courier"
    assert bridge["url"] == "https://courier.example/bridge"
    assert articles[0]["headline"] == "Lifeboat crew honoured for winter rescue"

    failures = sorted(pq.read_table(out / "failures").to_pylist(), key=lambda r: r["source"])
    assert [(f["source"], f["kind"]) for f in failures] == [
        (f"{jsonl}:2", "unreadable"), (f"file:{warc}#urn:uuid:r2", "unreadable")]
    quotes = pq.read_table(out / "quotes").to_pylist()
    mentions = pq.read_table(out / "article_entities").to_pylist()
    assert len(quotes) == sum(len(a.quotes) for a in expected)
    assert len(mentions) <= sum(len(a.entities) for a in expected)
    assert counts["articles"] == 3 and counts["failures"] == 2
    assert counts["quotes"] == len(quotes) and counts["article_entities"] == len(mentions)
    events = pq.read_table(out / "events").to_pylist()
    assert len(events) == counts["events"] == sum(len(a.events) for a in expected)
    # three different articles: three duplicate groups of one, each named by its article
    groups = pq.read_table(out / "duplicate_groups").to_pylist()
    assert sorted((g["article_id"], g["group_id"], g["matched_id"]) for g in groups) == sorted(
        (a.id, a.id, None) for a in expected)
    assert all(a["duplicate_group_id"] == a["id"] for a in articles)
    # three unrelated pages: each starts its own story (regression: story_id was always null)
    assert all(a["story_id"] == a["id"] for a in articles)

    # `dateline export --format parquet` of the same records: the same tables, columns and types
    with Store.open(str(tmp_path / "s.db")) as store:
        store.add_many(expected)
        store.export("parquet", tmp_path / "export")
    assert "events" in TABLES
    for table in TABLES:
        job = pq.read_table(out / table)
        exported = pq.read_table(tmp_path / "export" / f"{table}.parquet")
        assert _types(job.schema) == _types(exported.schema), table
        assert job.num_rows == exported.num_rows, table
    keys = [sorted(str(r["speaker_entity_key"]) for r in pq.read_table(path).to_pylist())
            for path in (out / "quotes", tmp_path / "export" / "quotes.parquet")]
    assert keys[0] == keys[1]
    # the story clusters: three unrelated pages are three stories, in the job and the store
    job, exported = (pq.read_table(path) for path in (out / "stories",
                                                       tmp_path / "export" / "stories.parquet"))
    assert _types(job.schema) == _types(exported.schema)
    assert counts["stories"] == job.num_rows == exported.num_rows == 3
    assert sorted(r["article_ids"][0] for r in job.to_pylist()) == sorted(
        r["story_id"] for r in job.to_pylist()) == sorted(a.id for a in expected)


def _types(schema) -> list[tuple[str, str]]:
    """Column names and types, list element names left out (Spark says "element", pyarrow
    "item")."""
    return [(f.name, str(f.type).replace("element: ", "").replace("item: ", ""))
            for f in schema]


def test_spark_command_refuses_inputs_it_cannot_read_before_starting_java(tmp_path):
    from dateline.cli import main

    (tmp_path / "page.html").write_text("<p>x</p>")
    for bad in (str(tmp_path / "page.html"), str(tmp_path / "absent.jsonl")):
        with pytest.raises(SystemExit) as exc:
            main(["spark", bad, "--out", str(tmp_path / "out")])
        assert exc.value.code == 2


@pytest.mark.spark
def test_a_cut_short_jsonl_gz_is_a_failure_not_a_crashed_job(tmp_path):
    # a new-user trial: `dateline spark --out OUT cut.jsonl.gz` (a gzip cut mid-stream) killed
    # the job (Hadoop's gzip reader: "Unexpected end of input stream", status 1), where extract
    # and ingest record the file as unreadable; the whole lines before the cut are kept
    if shutil.which("java") is None:
        pytest.skip("the Spark test needs Java 17 (apt-get install openjdk-17-jre-headless)")
    import gzip

    from dateline.spark import run_job, spark_session

    lines = [json.dumps({"url": f"https://news.example/{i}", "text": STORIES[i % 2]})
             for i in range(40)]
    whole = gzip.compress(("\n".join(lines) + "\n").encode())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole[:len(whole) // 2])
    out = tmp_path / "out"
    spark = spark_session("local[2]", shuffle_partitions=2)
    try:
        run_job([str(cut)], str(out), settings=Settings(), partitions=2, nlp=False, spark=spark)
    finally:
        spark.stop()
    failures = pq.read_table(out / "failures").to_pylist()
    assert [f["kind"] for f in failures] == ["unreadable"]
    assert failures[0]["source"].startswith(f"{cut}:")
    assert pq.read_table(out / "articles").num_rows >= 1


def test_spark_help_names_every_table_the_job_writes(capsys):
    """Regression: ``dateline spark --help`` named four of the ten tables it writes."""
    from dateline.cli import main

    with pytest.raises(SystemExit):
        main(["spark", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for table in (*TABLES, "stories", "duplicate_groups", "quote_occurrences", "failures"):
        assert f"OUT/{table}" in text, table


@pytest.mark.spark
def test_empty_inputs_are_failures_of_the_job_as_of_ingest(tmp_path):
    # a fresh-user trial: `textFile` gave no line of an empty JSON Lines file, so the job
    # recorded nothing where `dateline ingest` records one `empty` failure; and an empty WARC
    # gave nothing either way
    if shutil.which("java") is None:
        pytest.skip("the Spark test needs Java 17 (apt-get install openjdk-17-jre-headless)")
    from dateline.spark import run_job, spark_session

    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"url": "https://news.example/1", "text": STORIES[0]}) + "\n",
                    encoding="utf-8")
    empty, blank, far = (tmp_path / n for n in ("empty.jsonl", "blank.jsonl", "far.jsonl"))
    empty.write_bytes(b"")
    blank.write_bytes(b"\n  \n\n")
    far.write_bytes(b"")
    warc = tmp_path / "empty.warc.gz"
    warc.write_bytes(b"")
    out = tmp_path / "out"
    spark = spark_session("local[2]", shuffle_partitions=2)
    try:
        counts = run_job([str(good), str(empty), str(blank), f"file://{far}", str(warc)],
                         str(out), settings=Settings(), partitions=2, nlp=False, spark=spark)
    finally:
        spark.stop()
    failures = sorted((f["source"], f["kind"], f["message"])
                      for f in pq.read_table(out / "failures").to_pylist())
    assert failures == sorted([
        (str(empty), "empty", f"{empty}: the file holds no JSON Lines (it is empty)"),
        (str(blank), "empty", f"{blank}: the file holds no JSON Lines, only blank lines"),
        (f"file:{far}", "empty", f"file:{far}: the file holds no JSON Lines (it is empty)"),
        (str(warc), "empty", f"{warc}: the file holds no WARC records (it is empty)")])
    assert counts["articles"] == 1 and counts["failures"] == 4
