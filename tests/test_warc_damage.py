"""A damaged WARC archive loses only its damaged bytes: reading goes on at the next record.

Before, the first damage (a broken gzip member, bytes that are no WARC) gave one failed page and
reading stopped: every record after it was never read, stored or recorded as failed.
"""

from __future__ import annotations

import gzip
import io
import os
import sqlite3

from warcs import Pipe, http_response, seen, warc_record

from dateline.cli import main
from dateline.sources import warc_resync
from dateline.sources.warc import iter_warc, iter_warc_stream
from dateline.sources.warc_resync import next_record_start, record_end


def _page(n: int) -> bytes:
    return (f"<html><body><h1>Harbour report {n}</h1><p>The harbour board met on day {n} and "
            f"agreed to dredge the eastern channel before the ferries of spring {n} begin their "
            f"summer timetable, the chair said after a long meeting.</p></body></html>").encode()


def _records(count: int) -> list[bytes]:
    return [warc_record("response", f"https://news.example/{n}", http_response(_page(n)),
                        f"000{n}") for n in range(count)]


def _broken(member: bytes) -> bytes:
    """The gzip member with ten bytes of its deflate data zeroed (a disk or transfer error)."""
    return member[:15] + b"\0" * 10 + member[25:]


def test_a_damaged_gzip_member_in_the_middle_loses_only_its_record(tmp_path):
    members = [gzip.compress(r) for r in _records(4)]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(members[0] + _broken(members[1]) + members[2] + members[3])
    pages = list(iter_warc(str(path)))
    begin, end = len(members[0]), len(members[0]) + len(members[1]) - 1  # member 1, inclusive
    assert seen(pages)[0] == "0" and seen(pages)[2:] == ["2", "3"]
    failed = pages[1]
    assert failed.source == f"{path}@{begin}" and failed.error.kind == "unreadable"
    assert str(failed.error).startswith(f"{path}: bytes {begin}-{end} skipped: ")
    assert pages[2].data == _page(2) and pages[3].source == f"{path}#urn:uuid:0003"


def test_two_damaged_regions_give_two_failures_and_every_record_between(tmp_path):
    members = [gzip.compress(r) for r in _records(5)]
    junk, zeros = b"\x1f\x8b\x08\x00not deflate data", b"\0" * 300
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(members[0] + junk + members[1] + members[2] + zeros + members[3]
                     + _broken(members[4]))
    pages = list(iter_warc(str(path)))
    first = len(members[0])
    second = first + len(junk) + len(members[1]) + len(members[2])
    tail = second + len(zeros) + len(members[3])
    size = tail + len(members[4])
    assert [p.source.rsplit("@", 1)[-1] if p.error else p.url[-1] for p in pages] == [
        "0", str(first), "1", "2", str(second), "3", str(tail)]
    assert str(pages[1].error).startswith(f"{path}: bytes {first}-{first + len(junk) - 1} "
                                          "skipped: ")
    assert str(pages[4].error).startswith(f"{path}: bytes {second}-{second + 299} skipped: ")
    # a damaged last member: nothing readable after it, one failure to the end of the file
    assert str(pages[6].error).startswith(f"{path}: bytes {tail}-{size - 1} skipped: ")


def test_damage_in_a_plain_warc_is_skipped_to_the_next_warc_line(tmp_path):
    records = _records(4)
    junk = b"\r\n\x00\x07 these bytes are no WARC record\r\nWARC/9.9 nor is this line\r\n"
    path = tmp_path / "crawl.warc"
    path.write_bytes(records[0] + junk + records[1] + records[2][:80] + records[3])
    pages = list(iter_warc(str(path)))
    begin = len(records[0])
    assert seen(pages)[0] == "0" and seen(pages)[2] == "1"
    assert pages[1].source == f"{path}@{begin}"
    assert str(pages[1].error).startswith(
        f"{path}: bytes {begin}-{begin + len(junk) - 1} skipped: ")
    # record 2 is cut after 80 bytes of its header: FastWARC reads its header on into record
    # 3's, so it is a failed page of its own; the rest of record 3 is the next record there is
    assert len(pages) == 4 and pages[3].error is not None


def test_damage_from_the_first_byte_is_skipped_too(tmp_path):
    members = [gzip.compress(r) for r in _records(2)]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"garbage" + members[0] + members[1])
    pages = list(iter_warc(str(path)))
    assert seen(pages)[1:] == ["0", "1"]
    assert pages[0].source == f"{path}@0" and str(pages[0].error).startswith(
        f"{path}: bytes 0-6 skipped: ")


def _with_false_header(record: bytes) -> bytes:
    """A stored (uncompressed) gzip member of ``record``, in whose deflate data stand the
    bytes of a whole gzip member that is no WARC (a gzip-encoded page kept as it came)."""
    inner = gzip.compress(b"<p>not a WARC record</p>")
    assert inner[:3] == b"\x1f\x8b\x08"
    return gzip.compress(record.replace(b"</p>", b"</p>" + inner, 1), compresslevel=0)


def test_a_false_gzip_header_inside_a_damaged_member_is_not_a_record_start(tmp_path):
    records = _records(3)
    middle = _with_false_header(records[1])
    # a stored block's LEN and NLEN (bytes 11-14) must be complements: break NLEN
    damaged = middle[:13] + bytes([middle[13] ^ 0xFF]) + middle[14:]
    first = gzip.compress(records[0])
    data = first + damaged + gzip.compress(records[2])
    false_at = data.index(b"\x1f\x8b\x08", len(first) + 3)
    assert false_at < len(first) + len(damaged)  # the inner member's header, in the damage
    stream = io.BytesIO(data)
    assert next_record_start(stream, len(first) + 1, "gzip") == len(first) + len(damaged)
    assert next_record_start(stream, false_at, None) == len(first) + len(damaged)
    pages = list(iter_warc_stream(io.BytesIO(data), "x.warc.gz"))
    assert [p.error is None for p in pages] == [True, False, True]  # no page of the false one
    assert str(pages[1].error).startswith(
        f"x.warc.gz: bytes {len(first)}-{len(first) + len(damaged) - 1} skipped: ")


def test_a_gzip_member_that_is_no_warc_is_not_a_record_start():
    data = gzip.compress(b"HTTP/1.1 200 OK\r\n\r\n") + gzip.compress(_records(1)[0])
    assert next_record_start(io.BytesIO(data), 0, "gzip") == len(gzip.compress(
        b"HTTP/1.1 200 OK\r\n\r\n"))


def test_a_record_start_cut_by_the_scan_chunk_is_found(monkeypatch):
    monkeypatch.setattr(warc_resync, "SCAN_CHUNK", 16)  # every offset meets a chunk's end
    records = _records(2)
    member = gzip.compress(records[1])
    for n in range(40):
        junk = b"x" * n + b"\r\n"
        plain = records[0] + junk + records[1]
        assert next_record_start(io.BytesIO(plain), len(records[0]), "plain") == (
            len(records[0]) + len(junk)), n
        assert next_record_start(io.BytesIO(b"x" * n + member), 0, "gzip") == n, n


def test_a_plain_line_counts_only_at_the_start_of_a_line():
    records = _records(2)
    data = records[0] + b"see WARC/1.0\r\n" + records[1]
    assert next_record_start(io.BytesIO(data), len(records[0]), "plain") == (
        len(records[0]) + len(b"see WARC/1.0\r\n"))


def test_record_end_of_a_plain_record_and_of_a_gzip_member():
    records = _records(2)
    assert record_end(io.BytesIO(b"".join(records)), 0) == len(records[0])  # after its CRLFs
    members = gzip.compress(records[0]) + gzip.compress(records[1])
    assert record_end(io.BytesIO(members), 0) == len(gzip.compress(records[0]))
    assert record_end(io.BytesIO(_broken(members)), 0) is None


BODY = os.urandom(150_000).hex().encode()  # 300 kB, 171 kB as gzip: over FastWARC's buffer


def _big_records_damaged_in_the_second() -> tuple[bytes, int, int]:
    """Three gzip members of 171 kB, the second with ten bytes zeroed far into its block; and
    the offsets of the second's first and last bytes."""
    records = [warc_record("response", f"https://news.example/{n}",
                           http_response(_page(n) + BODY), f"000{n}") for n in range(3)]
    members = [gzip.compress(r) for r in records]
    assert len(members[1]) > 150_010
    middle = members[1][:150_000] + b"\0" * 10 + members[1][150_010:]
    return members[0] + middle + members[2], len(members[0]), len(members[0] + middle) - 1


def test_a_record_whose_member_breaks_in_its_block_is_one_failure_with_its_url(tmp_path):
    # its header is read, its block fails; before, that was two failures (the record's, and
    # "damaged after byte ...") and the end of the archive
    data, begin, end = _big_records_damaged_in_the_second()
    path = tmp_path / "big.warc.gz"
    path.write_bytes(data)
    pages = list(iter_warc(str(path)))
    assert [p.error is None for p in pages] == [True, False, True]
    assert pages[1].source == f"{path}@{begin}" and pages[1].url == "https://news.example/1"
    assert str(pages[1].error).startswith(
        f"{path}: bytes {begin}-{end} skipped: cannot read the record urn:uuid:0001: ")
    assert pages[2].data == _page(2) + BODY


def test_an_empty_gzip_member_no_longer_ends_the_archive_quietly(tmp_path):
    # FastWARC stops without a word at a gzip member that inflates to nothing
    members = [gzip.compress(r) for r in _records(2)]
    empty = gzip.compress(b"")
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(members[0] + empty + members[1])
    pages = list(iter_warc(str(path)))
    begin = len(members[0])
    assert seen(pages) == ["0", f"FAILED: {path}: bytes {begin}-{begin + len(empty) - 1} "
                            "skipped: no WARC record here", "1"]


def test_a_warc_from_a_pipe_is_read_and_stops_at_damage():
    # FastWARC asks the stream where it is: a pipe's OSError made it panic (PanicException,
    # not an Exception: the whole batch ended)
    members = [gzip.compress(r) for r in _records(3)]
    whole = io.BufferedReader(Pipe(b"".join(members)))
    assert seen(iter_warc_stream(whole, "-")) == ["0", "1", "2"]
    damaged = io.BufferedReader(Pipe(members[0] + b"garbage" + members[1]))
    pages = list(iter_warc_stream(damaged, "-"))
    assert seen(pages)[0] == "0" and len(pages) == 2  # a pipe cannot be read again
    assert pages[1].source == "-@0" and "the archive is damaged after byte 0" in str(
        pages[1].error)
    # a record whose block breaks keeps its own failed page there
    big, second, _ = _big_records_damaged_in_the_second()
    pages = list(iter_warc_stream(io.BufferedReader(Pipe(big)), "-"))
    assert [p.source for p in pages] == ["-#urn:uuid:0000", "-#urn:uuid:0001", f"-@{second}"]
    assert "cannot read the record" in str(pages[1].error)


def test_ingest_of_a_damaged_archive_stores_the_good_records_and_one_failure(tmp_path, capsys):
    members = [gzip.compress(r) for r in _records(4)]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(members[0] + members[1] + _broken(members[2]) + members[3])
    db = tmp_path / "d.db"
    status = main(["ingest", "--db", str(db), "--no-progress", "--no-nlp", "--workers", "1",
                   str(path)])
    err = capsys.readouterr().err
    assert status == 3 and "3 new articles," in err and "1 failed" in err
    begin = len(members[0]) + len(members[1])
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (3,)
        [(source, kind, message)] = conn.execute(
            "SELECT source, kind, message FROM failures").fetchall()
    assert (source, kind) == (f"{path}@{begin}", "unreadable")
    assert message.startswith(
        f"{path}: bytes {begin}-{begin + len(members[2]) - 1} skipped: ")
