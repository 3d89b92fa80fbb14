"""No endless input: a command never reads its own output, FIFOs and devices never block it.

Each test runs the real `dateline` command in a subprocess, bounded twice: a timeout, and a
limit on the size of any file it writes (RLIMIT_FSIZE), so that a command reading its own
output back dies at once instead of filling the disk.
"""

from __future__ import annotations

import json
import os
import resource
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.corpus.store import Store

CLI = [sys.executable, "-c", "import sys; from dateline.cli import main; sys.exit(main())"]
#: Bounds of every run: seconds, and bytes of any one file written. The seconds only end a hang
#: (a FIFO opened for reading): a run takes 2 to 5 CPU-seconds, but the ingest took 53 s of
#: wall clock on a loaded machine.
TIMEOUT, MAX_FILE = 600, 100_000_000  # py3langid unpacks its model (65 MiB) to a temp file

STORY = ("Harbour ferry returns after storm repairs\n\n"
         "The ferry between Pellworth and Carrow sailed again on Monday, three weeks after a "
         "winter storm tore away part of its landing stage and flooded the ticket office.\n\n"
         "Engineers rebuilt the stage from the old timbers that could be saved, and the first "
         "crossing carried forty passengers and a van of post.\n")


def _limit_files() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE, MAX_FILE))


def dateline(*argv: str, stdout=subprocess.PIPE, cwd: Path | None = None
             ) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *argv], stdout=stdout, stderr=subprocess.PIPE, text=True,
                          timeout=TIMEOUT, preexec_fn=_limit_files, cwd=cwd)


def pages_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY, encoding="utf-8")
    (folder / "b.txt").write_text(STORY.replace("Monday", "Tuesday"), encoding="utf-8")
    return folder


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_extract_with_o_inside_the_walked_directory_does_not_read_it_back(tmp_path):
    folder = pages_dir(tmp_path)
    out = folder / "out.jsonl"
    done = dateline("extract", "--no-nlp", str(folder), "-o", str(out))
    assert done.returncode == 0, done.stderr
    got = records(out)
    assert [r["source"]["uri"] for r in got] == [str(folder / "a.txt"), str(folder / "b.txt")]
    assert f"dateline extract: skipping {out}: it is this command's output" in done.stderr


def test_extract_to_a_redirected_stdout_inside_the_walked_directory(tmp_path):
    folder = pages_dir(tmp_path)
    out = folder / "out.jsonl"
    with out.open("w") as handle:
        done = dateline("extract", "--no-nlp", str(folder), stdout=handle)
    assert done.returncode == 0, done.stderr
    assert [r["headline"] for r in records(out)] == [
        "Harbour ferry returns after storm repairs"] * 2
    assert f"skipping {out}: it is this command's output" in done.stderr


def test_the_output_named_as_an_input_is_skipped_too(tmp_path):
    folder = pages_dir(tmp_path)
    out = tmp_path / "records.jsonl"
    done = dateline("extract", "--no-nlp", str(folder / "a.txt"), str(out), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert len(records(out)) == 1
    assert f"skipping {out}: it is this command's output" in done.stderr


def test_standard_input_that_is_the_output_file_is_skipped(tmp_path):
    out = tmp_path / "out.jsonl"
    with out.open("w+") as handle:  # `dateline extract - < out.jsonl > out.jsonl`
        done = subprocess.run([*CLI, "extract", "--no-nlp", "-"], stdin=handle, stdout=handle,
                              stderr=subprocess.PIPE, text=True, timeout=TIMEOUT,
                              preexec_fn=_limit_files)
    assert done.returncode == 0, done.stderr
    assert out.read_text() == ""
    assert "dateline extract: skipping -: it is this command's output" in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_as_input_is_an_error_of_its_own_not_a_hang(tmp_path):
    folder = pages_dir(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # no writer ever comes: opening it for reading would block for ever
    done = dateline("extract", "--no-nlp", str(fifo), str(folder / "a.txt"), "/dev/zero")
    assert done.returncode == 3
    first, second, third = (json.loads(line) for line in done.stdout.splitlines())
    assert first["source"]["uri"] == str(fifo)
    assert first["error"]["kind"] == "unreadable"
    assert "it is a FIFO (named pipe), not a regular file" in first["error"]["message"]
    assert second["headline"] == "Harbour ferry returns after storm repairs"
    assert third["source"]["uri"] == "/dev/zero"
    assert "it is a character device" in third["error"]["message"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_walk_skips_fifos_and_sockets_and_counts_them(tmp_path):
    folder = pages_dir(tmp_path)
    os.mkfifo(folder / "a-pipe")
    listener = socket.socket(socket.AF_UNIX)
    try:
        listener.bind(str(folder / "b-socket"))
        done = dateline("extract", "--no-nlp", str(folder))
    finally:
        listener.close()
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 2
    assert ("2 inputs skipped: not regular files (FIFO, socket or device), first "
            f"{folder / 'a-pipe'}") in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_ingest_skips_its_own_store_and_stdout_file_and_counts_fifos(tmp_path):
    folder = pages_dir(tmp_path)
    os.mkfifo(folder / "c-pipe")
    db = folder / "corpus.db"
    log = folder / "log.txt"
    with log.open("w") as handle:
        done = dateline("ingest", "--db", str(db), "--workers", "1", "--no-nlp",
                        "--no-progress", str(folder), stdout=handle)
    assert done.returncode == 0, done.stderr
    assert "2 new articles, 0 unchanged, 0 skipped (already stored or failed), 0 failed" in (
        done.stderr)
    assert f"dateline ingest: skipping {db}: it is this command's output" in done.stderr
    assert f"dateline ingest: skipping {log}: it is this command's output" in done.stderr
    assert "1 input skipped: not regular files (FIFO, socket or device)" in done.stderr
    with Store.open(str(db)) as store:
        assert store.count() == 2 and list(store.failures()) == []


def skip_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": skipping " in line]


def test_a_rerun_of_extract_over_its_earlier_output_reads_only_the_pages(tmp_path):
    # a new user's trial: `dateline extract pages/ > pages/out.jsonl`, then again into another
    # file: the second run read the first one's records as pages, one failure a record
    folder = pages_dir(tmp_path)
    first, second = folder / "run1.jsonl", folder / "run2.jsonl"
    with first.open("w") as handle:
        assert dateline("extract", "--no-nlp", str(folder), stdout=handle).returncode == 0
    with second.open("w") as handle:
        done = dateline("extract", "--no-nlp", str(folder), str(folder), stdout=handle)
    assert done.returncode == 0, done.stderr
    assert [r["source"]["uri"] for r in records(second)] == [
        str(folder / "a.txt"), str(folder / "b.txt")] * 2
    # each skipped file told once, though the folder is walked twice
    assert skip_lines(done.stderr) == [
        f"dateline extract: skipping {first}: it holds dateline's article records (an earlier "
        "output), not pages",
        f"dateline extract: skipping {second}: it is this command's output"]


def test_a_file_of_records_named_as_an_input_is_one_failure_that_says_what_it_is(tmp_path):
    folder = pages_dir(tmp_path)
    first = tmp_path / "run1.jsonl"
    assert dateline("extract", "--no-nlp", str(folder), "-o", str(first)).returncode == 0
    done = dateline("extract", "--no-nlp", str(first))
    assert done.returncode == 3
    assert [json.loads(line) for line in done.stdout.splitlines()] == [{
        "source": {"uri": str(first), "format": None, "sha256": None},
        "error": {"kind": "unreadable", "message": f"{first}: it holds dateline's article "
                  "records (an earlier output), not pages; give the pages it was made from"}}]


def test_ingest_tells_of_its_store_once_and_skips_earlier_records(tmp_path):
    folder = pages_dir(tmp_path)
    (folder / "old.jsonl").write_text(json.dumps({
        "id": "ab" * 32, "source": {"uri": "x.txt", "format": "text", "sha256": "ab" * 32},
        "headline": "Harbour ferry returns"}) + "\n", encoding="utf-8")
    db = folder / "corpus.db"
    done = dateline("ingest", "--db", str(db), "--workers", "1", "--no-nlp", "--no-progress",
                    str(folder))
    assert done.returncode == 0, done.stderr
    # the store's -wal and -shm files are part of the store: not told of again
    assert skip_lines(done.stderr) == [
        f"dateline ingest: skipping {db}: it is this command's output",
        f"dateline ingest: skipping {folder / 'old.jsonl'}: it holds dateline's article "
        "records (an earlier output), not pages"]
    assert "2 new articles, 0 unchanged, 0 skipped (already stored or failed), 0 failed" in (
        done.stderr)


def test_a_file_name_that_is_not_utf8_is_stored_under_an_escaped_name(tmp_path):
    # a new user's trial: one file named b"z\xff.txt" beside a good one made `dateline ingest`
    # die with UnicodeEncodeError (surrogates not allowed) and store nothing, not even the good
    # file; `extract` wrote the raw byte 0xff into its JSON output
    folder = pages_dir(tmp_path)
    os.rename(folder / "b.txt", os.path.join(os.fsencode(folder), b"z\xff.txt"))
    db = tmp_path / "c.db"
    run = dateline("ingest", "--db", str(db), "--no-nlp", "--no-progress", str(folder))
    assert run.returncode == 0, run.stderr
    with Store.open(str(db)) as store:
        assert store.count() == 2
    out = tmp_path / "out.jsonl"
    run = dateline("extract", "--no-nlp", "-o", str(out), str(folder))
    assert run.returncode == 0, run.stderr
    sources = sorted(r["source"]["uri"] if isinstance(r["source"], dict) else r["source"]
                     for r in records(out))  # records() reads the output as strict UTF-8
    assert sources == [str(folder / "a.txt"), str(folder / "z\\xff.txt")]
