"""`dateline extract`: one JSON line per input, in input order; exit 0, 3 or 2."""

import io
import json
import sys

import pytest

from dateline.cli import main

STORY = ("Lifeboat crew honoured for winter rescue\n\n"
         "The crew of the Pellworth lifeboat received medals on Friday for a rescue in which "
         "they brought six fishermen ashore through a force nine gale in January.\n\n"
         "The coxswain said the crew had trained for exactly that kind of night, and that the "
         "fishermen had done everything right by staying with their boat.\n")


def run(capsys, *argv):
    status = main(list(argv))
    out = capsys.readouterr()
    return status, [json.loads(line) for line in out.out.splitlines()], out.err


def test_directory_is_walked_in_sorted_order_and_failures_keep_their_place(tmp_path, capsys):
    (tmp_path / "b.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "d.txt").write_text(STORY.upper(), encoding="utf-8")
    status, lines, err = run(capsys, "extract", "--no-nlp", str(tmp_path))
    assert status == 3
    assert lines[0]["source"]["uri"] == str(tmp_path / "a.txt")
    assert lines[0]["error"]["kind"] == "empty"
    assert lines[1]["source"]["uri"] == str(tmp_path / "b.txt")
    assert lines[1]["headline"] == "Lifeboat crew honoured for winter rescue"
    assert lines[2]["source"]["uri"] == str(tmp_path / "c" / "d.txt")
    assert "FAILED" in err and "a.txt" in err


def test_a_broken_link_in_a_directory_is_recorded_not_lost(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b-link.txt").symlink_to(tmp_path / "nowhere.txt")
    status, lines, err = run(capsys, "extract", "--no-nlp", str(tmp_path))
    assert status == 3
    assert len(lines) == 2 and lines[0]["source"]["uri"] == str(tmp_path / "a.txt")
    assert lines[1]["source"] == {"uri": str(tmp_path / "b-link.txt"), "format": None,
                                  "sha256": None}
    assert lines[1]["error"]["kind"] == "unreadable"


def test_all_good_inputs_exit_zero_and_ids_are_sha256(tmp_path, capsys):
    import hashlib

    page = tmp_path / "story.txt"
    page.write_text(STORY, encoding="utf-8")
    status, [line], _ = run(capsys, "extract", "--no-nlp", "--format", "text", str(page))
    assert status == 0
    assert line["id"] == hashlib.sha256(STORY.encode()).hexdigest()
    assert line["source"] == {"uri": str(page), "format": "text", "sha256": line["id"],
                              "replaced_chars": 0}


def test_missing_file_is_reported_and_the_batch_goes_on(tmp_path, capsys):
    page = tmp_path / "story.txt"
    page.write_text(STORY, encoding="utf-8")
    status, lines, _ = run(capsys, "extract", "--no-nlp", str(tmp_path / "nope.txt"), str(page))
    assert status == 3
    assert lines[0] == {"source": {"uri": str(tmp_path / "nope.txt"), "format": None,
                                   "sha256": None},
                        "error": {"kind": "unreadable", "message": lines[0]["error"]["message"]}}
    assert "No such file" in lines[0]["error"]["message"]
    assert lines[1]["headline"].startswith("Lifeboat crew")


def test_a_failed_page_has_the_source_object_of_a_record(tmp_path, capsys):
    # a failure's source has the keys of a record's source: the format when it was known
    # (given, or detected before the page failed), the hash of the bytes when they were read
    import hashlib

    from dateline.model import Failure

    empty, short, html = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.html"
    empty.write_bytes(b"")
    short.write_bytes(b"Too short to be an article.")
    html.write_bytes(b"<html><head><title>Menu</title></head><body><nav>Home</nav></body></html>")
    status, lines, _ = run(capsys, "extract", "--no-nlp", str(empty), str(short), str(html))
    assert status == 3
    assert [line["source"] for line in lines] == [
        {"uri": str(empty), "format": None, "sha256": hashlib.sha256(b"").hexdigest()},
        {"uri": str(short), "format": "text",
         "sha256": hashlib.sha256(short.read_bytes()).hexdigest()},
        {"uri": str(html), "format": "html",
         "sha256": hashlib.sha256(html.read_bytes()).hexdigest()}]
    assert [line["error"]["kind"] for line in lines] == ["empty", "no_article", "no_article"]
    assert all(Failure.model_validate(line) for line in lines)
    status, [line], _ = run(capsys, "extract", "--no-nlp", "--format", "html", str(empty))
    assert line["source"]["format"] == "html"  # the format asked for


def test_stdin_is_read_for_dash(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(STORY.encode())))
    status, [line], _ = run(capsys, "extract", "--no-nlp", "-")
    assert status == 0
    assert line["source"]["uri"] == "-"


@pytest.mark.parametrize("argv", [["extract"], ["extract", "--format", "pdf", "x"], ["nope"]])
def test_bad_usage_exits_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


def test_output_file_gets_records_and_stdout_a_summary(tmp_path, capsys):
    page = tmp_path / "story.txt"
    page.write_text(STORY, encoding="utf-8")
    out = tmp_path / "records.jsonl"
    status = main(["extract", "--no-nlp", "-o", str(out), str(page)])
    printed = capsys.readouterr().out
    assert status == 0
    assert json.loads(out.read_text(encoding="utf-8"))["headline"].startswith("Lifeboat")
    assert "Lifeboat crew honoured for winter rescue" in printed and "paragraphs" in printed


def test_an_unwritable_output_file_is_one_clear_error(tmp_path, capsys):
    page = tmp_path / "story.txt"
    page.write_text(STORY, encoding="utf-8")
    status = main(["extract", "--no-nlp", "-o", str(tmp_path / "no" / "such" / "dir.jsonl"),
                   str(page)])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("dateline extract: error: No such file or directory:")
    assert "Traceback" not in err


def test_search_refuses_a_date_that_is_not_a_date(capsys):
    with pytest.raises(SystemExit) as info:
        main(["search", "ferry", "--since", "2024-13-45"])
    assert info.value.code == 2
    # of the right form, so the calendar is named (session 10's trial)
    assert "'2024-13-45' is no such day: month must be in 1..12" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["search", "ferry", "--since", "2024-1-5"])
    assert info.value.code == 2
    assert "'2024-1-5' is not a date in YYYY-MM-DD form" in capsys.readouterr().err
