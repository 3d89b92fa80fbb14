"""The exports write the across-article tables the Spark job writes (fresh-user trial, session
10): ``dateline export --format parquet`` had no ``duplicate_groups`` while ``dateline spark``
writes one. Records written by us (a harbour story, a syndicated copy and an unrelated article)."""

from __future__ import annotations

import csv
import io

import pyarrow.parquet as pq
from store_corpus import article

from dateline import spark
from dateline.cli import main
from dateline.corpus import duplicate_spark
from dateline.corpus.store import Store

STORY = [
    "Dredgers began clearing the silted channel at Wrenmouth harbour on Monday after three "
    "trawlers ran aground in a week, the harbour board said in a notice to skippers.",
    "“The channel has been shallower every spring for ten years,” said Ysolde Marrack, the "
    "harbour master. “We cannot wait for another trawler to stick fast.”",
    "The board said the work would take six weeks and that boats would be guided in by a pilot "
    "launch at high water until the dredgers had reached the outer buoy of the channel.",
]
OTHER = [
    "Ysolde Marrack, the harbour master at Wrenmouth, told the parish council on Thursday that "
    "the pilot launch would run at every high water until the summer.",
    "“Skippers should call us before they enter,” she said, adding that the fee was waived.",
]
PEOPLE = [("Ysolde Marrack", "PERSON", [(1, "Ysolde Marrack")])]
OTHER_PEOPLE = [("Ysolde Marrack", "PERSON", [(0, "Ysolde Marrack")])]
SAID = [
    dict(kind="direct", text="The channel has been shallower every spring for ten years",
         paragraph=1, speaker=0, cue="said"),
    dict(kind="direct", text="We cannot wait for another trawler to stick fast", paragraph=1,
         speaker=0, cue="said"),
]


def records():
    """The story (08:00), its copy by another outlet (09:30) and a later article."""
    story = article("wrenmouth-1", headline="Dredgers clear Wrenmouth channel",
                    paragraphs=STORY, publisher="The Wrenmouth Packet",
                    published="2026-04-06T08:00:00+00:00", entities=PEOPLE, quotes=SAID)
    copy = article("wrenmouth-2", headline="Harbour channel to be dredged", paragraphs=STORY,
                   publisher="Coastline Daily", published="2026-04-06T09:30:00+00:00",
                   entities=PEOPLE, quotes=SAID)
    later = article("wrenmouth-3", headline="Pilot launch to run all summer", paragraphs=OTHER,
                    publisher="The Wrenmouth Packet", published="2026-04-09T10:00:00+00:00",
                    entities=OTHER_PEOPLE,
                    quotes=[dict(kind="direct", text="Skippers should call us before they enter",
                                 paragraph=1, speaker=0, cue="said")])
    return story, copy, later


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
