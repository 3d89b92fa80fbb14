"""Leftovers of a new user's trial of the reading commands, on the hand-made corpus of
store_corpus.py: ``alerts add --story`` takes the id prefix ``dateline stories`` prints and
refuses an unknown or ambiguous one (one resolver, :meth:`Store.story_id_for`, shared with
``stories --story``); every count option refuses 0 and negatives as a usage error; ``export
--help`` names the tables the export writes."""

from __future__ import annotations

import pytest
from store_corpus import A1, CORPUS, article

from dateline.cli import build_parser, main
from dateline.corpus import Store
from dateline.corpus.export import CSV_TABLES
from dateline.errors import StoreError

# Its id (sha256 of "test://ferry-3152") starts with "da4e", A1's with "da4f": "da4" is the
# start of two stories' ids (each article is its own story: they share no entity or word).
FERRY = article("ferry-3152", headline="Ferry timetable changes in winter",
                paragraphs=["The island ferry sails twice a day from December."],
                publisher="The Midland Courier", published="2024-11-02T10:00:00+00:00")


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "corpus.db")
    with Store.open(path) as store:
        for art in [*CORPUS, FERRY]:
            store.add(art)
    return path


def test_the_two_ambiguous_stories_are_what_the_test_says():
    assert A1.id.startswith("da4f") and FERRY.id.startswith("da4e")


def test_story_id_for_resolves_a_unique_prefix(db):
    with Store.open(db) as store:
        assert store.story_of(FERRY.id) == FERRY.id and store.story_of(A1.id) == A1.id
        assert store.story_id_for(A1.id) == A1.id
        assert store.story_id_for(A1.id[:12]) == A1.id  # what `dateline stories` prints
        assert store.story_id_for("da4e") == FERRY.id
        assert store.story_id_for("nope") is None
        assert store.story_id_for("%") is None and store.story_id_for("da4_") is None
        assert store.story_id_for("") is None and store.story_id_for("  ") is None
        # at least 4 characters since session 9 (the ambiguous start: test_short_ids.py)
        with pytest.raises(StoreError, match="story id da4 is too short"):
            store.story_id_for("da4")


def _alerts(store_path: str) -> list:
    with Store.open(store_path) as store:
        return store.alerts()


def test_alerts_add_story_takes_the_printed_prefix(db, capsys):
    # before: the 12 characters were saved as the story id, an alert that never matched
    assert main(["alerts", "add", "--db", db, "--story", A1.id[:12]]) == 0
    assert "alert 1 saved" in capsys.readouterr().out
    assert [a.story_id for a in _alerts(db)] == [A1.id]


def test_alerts_add_refuses_an_unknown_story(db, capsys):
    # before: saved silently, exit 0
    assert main(["alerts", "add", "--db", db, "--story", "nope"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("dateline alerts: error: no story nope in the store")
    assert err.count("\n") == 1
    assert _alerts(db) == []


def test_alerts_add_refuses_a_too_short_story_id(db, capsys):
    # "da4" was the start of two stories' ids; since session 9 a start needs 4 characters
    # (the ambiguous start of 4: test_short_ids.py)
    assert main(["alerts", "add", "--db", db, "--story", "da4", "--query", "ferry"]) == 1
    err = capsys.readouterr().err
    assert "story id da4 is too short: give at least 4 characters" in err
    assert _alerts(db) == []
    # stories --story says the same, through the same resolver
    assert main(["stories", "--db", db, "--story", "da4"]) == 1
    assert "story id da4 is too short" in capsys.readouterr().err
    assert main(["stories", "--db", db, "--story", "da4e", "--json"]) == 0
    assert FERRY.id in capsys.readouterr().out


def test_alerts_add_story_needs_an_existing_store(tmp_path, capsys):
    missing = tmp_path / "none.db"
    assert main(["alerts", "add", "--db", str(missing), "--story", "da4f"]) == 1
    assert "no store at" in capsys.readouterr().err
    assert not missing.exists()  # a new store would hold no story: none is made


COUNT_OPTIONS = [
    ["search", "x", "--limit"], ["quotes", "--limit"], ["stories", "--limit"],
    ["entities", "links", "--limit"], ["ingest", "p", "--workers"], ["ingest", "p", "--batch"],
    ["spark", "p", "--out", "o", "--partitions"],
]


@pytest.mark.parametrize("value", ["0", "-1", "two"])
@pytest.mark.parametrize("command", COUNT_OPTIONS, ids=lambda c: " ".join(c[:-1] + c[-1:]))
def test_count_options_refuse_zero_and_negatives(command, value, capsys):
    # before: `stories --limit 0` printed "showing none", `ingest --batch 0` took the default
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args([*command, value])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {command[-1]}: {value!r} is not a" in err


@pytest.mark.parametrize("command", [["search", "x", "--offset"], ["serve", "--port"],
                                     ["entities", "links", "--offset"]])
def test_offset_and_port_may_be_zero_not_negative(command, capsys):
    assert getattr(build_parser().parse_args([*command, "0"]),
                   command[-1].lstrip("-")) == 0
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args([*command, "-3"])
    assert exc.value.code == 2
    assert "'-3' is not a whole number of 0 or more" in capsys.readouterr().err


def test_stories_limit_zero_is_a_usage_error(db, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["stories", "--db", db, "--limit", "0"])
    assert exc.value.code == 2
    assert "showing none" not in capsys.readouterr().out


def test_export_help_names_every_table_it_writes(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    assert "quote_occurrences" in CSV_TABLES
    # before: the description stopped at stories and the --table help named two tables
    assert f"per table ({', '.join(CSV_TABLES)})" in text
    assert f"one of {', '.join(CSV_TABLES)} (default articles)" in text


@pytest.mark.parametrize("given", ["", "  "])
def test_stories_refuses_an_empty_story_id(db, capsys, given):
    # before: `stories --story ''` listed every story ("4 stories; showing 1-4")
    with pytest.raises(SystemExit) as exc:
        main(["stories", "--db", db, "--story", given])
    assert exc.value.code == 2
    out, err = capsys.readouterr()
    assert "--story: needs a story id" in err and "showing" not in out


def test_alerts_add_refuses_an_empty_story_id(db, capsys):
    # before: `alerts add --query x --story ''` saved an alert that followed no story
    with pytest.raises(SystemExit) as exc:
        main(["alerts", "add", "--db", db, "--query", "ferry", "--story", ""])
    assert exc.value.code == 2
    assert "--story: needs a story id" in capsys.readouterr().err


def test_one_story_is_counted_in_the_singular(db, capsys):
    # before: "1 stories; showing 1-1" and "(1 articles; ...)"
    assert main(["stories", "--db", db, "timetable"]) == 0
    assert "1 story; showing 1-1" in capsys.readouterr().out
    assert main(["stories", "--db", db, "--story", FERRY.id[:12]]) == 0
    assert "(1 article; The Midland Courier)" in capsys.readouterr().out
    assert main(["search", "--db", db, "ferry"]) == 0
    assert "1 article; showing 1-1" in capsys.readouterr().out
