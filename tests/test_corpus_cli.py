"""``dateline search``, ``quotes`` and ``export`` on the hand-made corpus of store_corpus.py."""

from __future__ import annotations

import csv
import json

import pytest
from store_corpus import A1, A2, A3, CORPUS, stored

from dateline.cli import main


@pytest.fixture
def db(tmp_path):
    return stored(str(tmp_path / "corpus.db"))


def run_json(capsys, *argv):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_search_json(db, capsys):
    out = run_json(capsys, "search", "budget", "--db", db, "--json")
    assert out["total"] == 2
    assert sorted(i["id"] for i in out["items"]) == sorted([A2.id, A3.id])
    out = run_json(capsys, "search", "budget", "--db", db, "--json",
                   "--publisher", "Northgate Herald")
    assert [i["id"] for i in out["items"]] == [A3.id]
    out = run_json(capsys, "search", "fence", "--db", db, "--json", "--until", "2024-03-31")
    assert out["items"][0]["headline"] == "Orbán defends border fence"
    assert "<mark>fence</mark>" in out["items"][0]["snippet"]
    out = run_json(capsys, "search", "budapest", "--db", db, "--json", "--limit", "1",
                   "--offset", "1")
    assert [i["id"] for i in out["items"]] == [A1.id] and out["total"] == 2


def test_search_table(db, capsys):
    assert main(["search", "orban", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Budget talks" in out and "Northgate" in out
    assert "2 articles; showing 1-2" in out
    assert "\x02" not in out and "\x03" not in out


def test_quotes(db, capsys):
    out = run_json(capsys, "quotes", "--speaker", "orbán", "--db", db, "--json")
    assert [i["text"] for i in out["items"]] == ["the talks will resume next week",
                                                 "We will not give in,"]
    out = run_json(capsys, "quotes", "--about", "Budapest", "--since", "2024-04-01",
                   "--db", db, "--json")
    assert [i["article_id"] for i in out["items"]] == [A3.id]
    out = run_json(capsys, "quotes", "--text", "fishermen", "--db", db, "--json")
    assert [i["speaker"] for i in out["items"]] == ["Ana Müller"]
    assert main(["quotes", "--db", db]) == 0
    assert "3 quotes; showing 1-3" in capsys.readouterr().out


def export_csv(db: str, table: str, out, capsys) -> list[dict[str, str]]:
    """Export ``table`` of the four-article store as CSV to ``out`` and read its rows back;
    the store holds four rows of each table exported here."""
    assert main(["export", "--format", "csv", "--table", table, "--db", db,
                 "--out", str(out)]) == 0
    assert f"exported 4 {table} rows as csv" in capsys.readouterr().err
    with open(out, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_export_events_as_csv(db, tmp_path, capsys):
    out = tmp_path / "events.csv"
    rows = export_csv(db, "events", out, capsys)
    # the events of A1, A2 and A3 of tests/store_corpus.py, in the order they were added
    assert [(r["type"], r["source_name"], r["where_name"], r["when_date"], r["trigger"])
            for r in rows] == [
        ("REJECT", "Viktor Orbán", "Budapest", "2024-03-05", "will not give in"),
        ("AGREE", "harbour council", "", "2024-04-09", "approved"),
        ("CONSULT", "", "Budapest", "2024-04-22", "Talks"),
        ("CONSULT", "Viktor Orban", "", "2024-04-29", "talks will resume")]
    assert (rows[0]["source_entity_key"], rows[0]["quote_position"]) == (
        "person:viktor-orban", "0")
    assert rows[2]["context"] == "economic"
    with pytest.raises(SystemExit) as exit_:  # a usage error
        main(["export", "--format", "jsonl", "--table", "events", "--db", db, "--out", str(out)])
    assert exit_.value.code == 2


def test_export_stories_as_csv(db, tmp_path, capsys):
    # the story clusters are made across records, not by the row projection: before, --table
    # had no stories choice although the Parquet export writes stories.parquet
    rows = export_csv(db, "stories", tmp_path / "stories.csv", capsys)
    # four articles on four different events: four stories of one article each, in the order
    # they started; A1's time is its 09:00 +01:00 in UTC
    assert [(r["headline"], r["articles"]) for r in rows] == [
        ("Orbán defends border fence", "1"), ("Harbour council approves budget", "1"),
        ("Budget talks stall in Budapest", "1"), ("Storm Eleni closes schools", "1")]
    assert (rows[0]["story_id"], rows[0]["article_ids"], rows[0]["publishers"],
            rows[0]["first_published"]) == (A1.id, A1.id, "Northgate Herald",
                                            "2024-03-05T08:00:00+00:00")


def test_export(db, tmp_path, capsys):
    out = tmp_path / "all.jsonl"
    assert main(["export", "--format", "jsonl", "--db", db, "--out", str(out)]) == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [
        a.id for a in CORPUS]
    assert "exported 4 articles" in capsys.readouterr().err
    out = tmp_path / "all.csv"
    assert main(["export", "--format", "csv", "--db", db, "--out", str(out)]) == 0
    with open(out, newline="", encoding="utf-8") as f:
        assert [r["headline"] for r in csv.DictReader(f)] == [a.headline for a in CORPUS]


def test_usage_errors(tmp_path, db, capsys):
    # a store that cannot be opened is a failure of the command: one line, exit status 1
    assert main(["search", "x", "--db", str(tmp_path / "missing.db")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("dateline search: error: no store at") and err.count("\n") == 1
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(SystemExit) as exc:
        main(["search", "x", "--db", db, "--limit", "-1"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["export", "--format", "xml", "--db", db, "--out", "x"])
    assert exc.value.code == 2
