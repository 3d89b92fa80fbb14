"""Pages from WARC archives (WARC 1.0 and 1.1, plain or gzip per record), read with FastWARC.

Only ``response`` records whose HTTP status is 2xx and whose ``Content-Type`` is HTML (or missing,
with a body that starts like markup) become pages: requests, metadata, images, redirects and the
like are skipped. A page's ``url`` is the record's ``WARC-Target-URI``, its ``source`` is
``"PATH#WARC-Record-ID"`` and its bytes are the HTTP payload, de-chunked and decompressed.

A record that is cut short, or whose HTTP part cannot be parsed, becomes a page whose ``error`` is
an ``UnreadableInputError``. When the archive itself breaks (a damaged gzip member, bytes that are
no WARC, a record whose header is cut), reading goes on at the next place a record can start
(:mod:`dateline.sources.warc_resync`), and the damaged bytes become one such page, its ``source``
``"PATH@A"`` and its message ``"PATH: bytes A-B skipped: REASON"`` (offsets into the file, both
included). Damage with nothing readable after it is one page to the end of the file; a last gzip
member cut short (an interrupted download) says so (``"PATH: the archive is damaged at byte A:
its last gzip member is cut short"``), and a file in which no record at all can be read is one
page ``"PATH@0"``, "not a WARC archive, or damaged from its start"; a file of 0 bytes (or empty
standard input) is one page ``"PATH"``, an ``EmptyInputError``. A plain record whose
Content-Length runs past its block (:func:`~dateline.sources.warc_resync.length_lies`) is one
such page of damaged bytes, from its start to the record that starts inside the block it
claims, where reading goes on; in a gzip archive, one page of its own. A stream that cannot seek
(standard input from a pipe) cannot be read again: there, one page names the offset of the last
record read before the damage, and reading stops.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecordType

from dateline.errors import EmptyInputError, InputTooLargeError, UnreadableInputError
from dateline.sources.page import RawPage, content_type_charset, unreadable_page
from dateline.sources.warc_http import _BadRecord, _is_html, parse_http_response
from dateline.sources.warc_resync import (
    archive_kind,
    can_seek,
    gzip_tail_damage,
    length_lies,
    member_block_length,
    next_record_start,
    plain_at,
    record_end,
    stream_size,
)

log = logging.getLogger(__name__)

#: File name endings read as WARC archives.
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")

#: A record separator and the next record's first line, as met inside a block that runs on.
_NEXT_RECORD = b"\r\n\r\nWARC/1."



def iter_warc(path: str, max_bytes: int | None = None) -> Iterator[RawPage]:
    """Yield a page for each HTML response record of the WARC file ``path`` (``-``: standard
    input), in archive order.

    Never raises for a damaged archive or record: see the module docstring. Records larger than
    ``max_bytes`` (bytes of WARC block) give a page whose error is ``InputTooLargeError``.
    """
    if path == "-":
        yield from iter_warc_stream(sys.stdin.buffer, "-", max_bytes)
        return
    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield unreadable_page(path, exc)
        return
    with handle:
        yield from iter_warc_stream(handle, path, max_bytes)


def iter_warc_stream(stream: BinaryIO, name: str, max_bytes: int | None = None
                     ) -> Iterator[RawPage]:
    """Like :func:`iter_warc` on an open binary ``stream``; ``name`` stands for the file in
    the pages' ``source`` strings. Reading goes on after damaged bytes only on a stream that
    can seek (a file); on a pipe it stops there, with one failed page."""
    if not can_seek(stream):
        yield from _read_pipe(_Counting(stream), name, max_bytes)
        return
    if stream_size(stream) == 0:
        yield _empty_page(name)
        return
    kind = archive_kind(stream)
    stream.seek(0)
    start, gap = 0, None  # where FastWARC reads from; damaged bytes waiting for their page
    while True:
        run = _Run(plain=plain_at(stream, start))
        for page in _read_run(stream, name, start, max_bytes, run):
            if gap is not None:  # the first record after damaged bytes: they end here
                if start > gap.begin:  # else no byte was skipped (FastWARC misread a length)
                    yield gap.page(name, start - 1)
                gap = None
            if page is not None:
                yield page
        if gap is None and run.last is None and run.failure is None and not _bytes_read(stream):
            return  # an empty archive holds no pages, quietly
        damage = _damage(stream, name, start, gap, run)
        if damage is None:
            return
        gap, look = damage
        found = next_record_start(stream, look, kind)
        if found is None:
            size = stream_size(stream)
            if size > gap.begin:  # else the damage was the last record's, and it has its page
                yield gap.page(name, size - 1, tail=True)
            return
        start = found


@dataclass
class _Run:
    """How one ArchiveIterator ended: ``failure``, its error (None: it ended quietly);
    ``last``, the offset of the last record it read (None: none); ``held``, that record when
    its block could not be read and the archive broke right after it; ``plain``, whether the
    records read are plain (uncompressed), so that each record's length is checked; ``lied``,
    the failed bytes of a record whose length lied and where reading goes on after them."""

    failure: str | None = None
    last: int | None = None
    held: _Unreadable | None = None
    plain: bool = False
    lied: tuple[_Gap, int] | None = None


def _read_run(stream: BinaryIO | _Counting, name: str, start: int, max_bytes: int | None, run: _Run
              ) -> Iterator[RawPage | None]:
    """Read records from byte ``start`` until FastWARC stops; yield, for each record, its page
    or None (a record that gives no page), and fill in ``run``."""
    if start:
        stream.seek(start)
    records = ArchiveIterator(stream, record_types=WarcRecordType.any_type,
                              parse_http=False, fsspec_args=False)
    # a pipe cannot be read again: neither a plain record's length nor a gzip member is checked
    seekable = None if isinstance(stream, _Counting) else stream
    lengths, members = (seekable, None) if run.plain else (None, seekable)
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as exc:  # noqa: BLE001 - FastWARC raises OSError and others
            run.failure = str(exc) or type(exc).__name__
            return
        if run.held is not None:
            yield run.held.page
            run.held = None
        run.last = record.stream_pos
        if lengths is not None:
            lie = length_lies(lengths, record.stream_pos, record.content_length)
            if lie is not None:
                record_id = (record.record_id or "").strip("<>") or f"at byte {run.last}"
                run.lied = _Gap(run.last, f"the Content-Length of the record {record_id} "
                                f"({record.content_length} bytes) runs past its end: a record "
                                f"starts at byte {lie}, inside the block it claims",
                                url=record.headers.get("WARC-Target-URI") or None), lie
                yield None  # the damaged bytes before it, if any, end here
                return
        try:
            yield (_record_page(name, record, max_bytes, members)
                   if record.record_type == WarcRecordType.response else None)
        except _Unreadable as exc:
            run.held = exc  # its own page, unless the archive breaks right after it
    if run.held is not None:
        yield run.held.page
        run.held = None


def _damage(stream: BinaryIO, name: str, start: int, gap: _Gap | None, run: _Run
            ) -> tuple[_Gap, int] | None:
    """After FastWARC stopped reading from byte ``start`` as ``run`` says: the damaged bytes
    (``gap`` goes on if no record was read) and the offset to look for a record from; None
    when the archive ended well."""
    if run.lied is not None:
        return run.lied
    if gap is not None and run.last is None:
        return gap, start + 1  # no record starts at ``start`` after all
    if run.last is None:
        # FastWARC ends quietly on bytes that are no WARC at all (a broken gzip member)
        return _Gap(0, run.failure or "no record found",
                    str(_no_record_page(name, run.failure).error)), 1
    if run.held is not None:
        return _Gap(run.last, run.held.reason, url=run.held.page.url), run.last + 1
    end = record_end(stream, run.last)
    if run.failure is not None:
        begin = end if end is not None else run.last
        return _Gap(begin, run.failure), max(begin, run.last + 1)
    # FastWARC also ends quietly on a last gzip member cut short (an interrupted download):
    # a cut in the last record's own member already gave its page (an error when its bytes
    # are short); a member after it holds a record nobody has seen
    cut = gzip_tail_damage(stream, run.last)
    if cut is not None and cut[0] > run.last:
        return _Gap(cut[0], cut[1], f"{name}: the archive is damaged at byte {cut[0]}: "
                    f"{cut[1]}"), cut[0] + 1
    # ... and on a gzip member that holds no record (an empty one); bytes after it that
    # hold no record either end the archive quietly, as FastWARC ends it
    if end is not None and end < stream_size(stream) and next_record_start(
            stream, end, archive_kind(stream)) is not None:
        return _Gap(end, "no WARC record here"), end
    return None


def _read_pipe(stream: _Counting, name: str, max_bytes: int | None) -> Iterator[RawPage]:
    """Read a stream that cannot seek: pages up to the first damage, then one failed page."""
    run = _Run()
    for page in _read_run(stream, name, 0, max_bytes, run):
        if page is not None:
            yield page
    if not stream.tell():
        yield _empty_page(name)
        return
    if run.held is not None:
        yield run.held.page
    if run.failure is not None:
        where = run.last or 0
        yield RawPage(source=f"{name}@{where}", data=b"", error=UnreadableInputError(
            f"{name}: the archive is damaged after byte {where}: {run.failure}"))
    elif run.last is None and _bytes_read(stream):
        yield _no_record_page(name)


@dataclass
class _Gap:
    """Damaged bytes being skipped: from byte ``begin``, for the reason ``why`` (FastWARC's,
    or ours); ``tail`` is the message when nothing readable follows, if not the usual one;
    ``url`` the target URI of the record lost in it, when known."""

    begin: int
    why: str
    tail: str | None = None
    url: str | None = None

    def page(self, name: str, last: int, tail: bool = False) -> RawPage:
        """The failed page standing for bytes ``begin`` to ``last`` (both included)."""
        message = self.tail if tail and self.tail else (
            f"{name}: bytes {self.begin}-{last} skipped: {self.why}")
        return RawPage(source=f"{name}@{self.begin}", data=b"", url=self.url,
                       error=UnreadableInputError(message))


class _Counting:
    """A stream that cannot seek (a pipe), as FastWARC reads it: ``tell()`` gives the bytes
    read so far (FastWARC 2.0 calls it, and panicked on a pipe's OSError)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream, self._read = stream, 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._read += len(data)
        return data

    def tell(self) -> int:
        return self._read

    def seek(self, offset: int, whence: int = 0) -> int:
        raise OSError("a pipe cannot seek")

    def close(self) -> None:
        """Leave the stream to its owner (standard input)."""


class _Unreadable(Exception):  # noqa: N818 - a signal, not an error shown to anyone
    """A record whose block could not be read: its ``page``, and the ``reason`` for the
    failed page of the damaged bytes if the archive breaks right after it."""

    def __init__(self, page: RawPage, reason: str) -> None:
        super().__init__(reason)
        self.page, self.reason = page, reason


def _empty_page(name: str) -> RawPage:
    """The failed page of an archive file (or standard input) that holds no byte."""
    what = "standard input" if name == "-" else f"{name}: the file"
    return RawPage(source=name, data=b"", error=EmptyInputError(
        f"{what} holds no WARC records (it is empty)"))


def _no_record_page(name: str, why: str | None = None) -> RawPage:
    """The failed page of an archive in which no record at all could be read."""
    return RawPage(source=f"{name}@0", data=b"", error=UnreadableInputError(
        f"{name}: not a WARC archive, or damaged from its start: no record found"
        + (f" ({why})" if why else "")))


def _bytes_read(stream: BinaryIO | _Counting) -> bool:
    """True when reading ``stream`` consumed any bytes (False where it cannot tell: a pipe)."""
    try:
        return stream.tell() > 0
    except (OSError, ValueError):
        return False


def _record_page(path: str, record, max_bytes: int | None, members: BinaryIO | None = None
                 ) -> RawPage | None:
    """The page of a response ``record`` (None: no HTML page). ``members``: its gzip archive,
    to check a block holding a record separator and a ``WARC/1.`` line against its member
    (FastWARC reads a length past its member on into the next members' records)."""
    record_id = (record.record_id or "").strip("<>") or f"offset-{record.stream_pos}"
    source = f"{path}#{record_id}"
    url = record.headers.get("WARC-Target-URI") or None
    try:
        declared = int(record.headers.get("Content-Length") or -1)
    except ValueError:
        declared = -1
    if max_bytes is not None and declared > max_bytes:
        return RawPage(source=source, data=b"", url=url, error=InputTooLargeError(
            f"{source}: the record is {declared} bytes, over the limit of {max_bytes}"))
    try:
        block = record.reader.read()
    except Exception as exc:  # noqa: BLE001
        raise _Unreadable(RawPage(source=source, data=b"", url=url, error=UnreadableInputError(
            f"{source}: cannot read the record: {exc}")),
            f"cannot read the record {record_id}: {exc}") from exc
    if declared >= 0 and len(block) < declared:
        return RawPage(source=source, data=b"", url=url, error=UnreadableInputError(
            f"{source}: the record is cut short ({len(block)} of {declared} bytes)"))
    if members is not None and _NEXT_RECORD in block:
        real = member_block_length(members, record.stream_pos)
        if real is not None and real < declared:
            return RawPage(source=source, data=b"", url=url, error=UnreadableInputError(
                f"{source}: the record's Content-Length ({declared} bytes) runs past its gzip "
                f"member ({real} bytes of block)"))
    try:
        status, headers, body = parse_http_response(block)
    except _BadRecord as exc:
        return RawPage(source=source, data=b"", url=url, error=UnreadableInputError(
            f"{source}: {exc}"))
    if not 200 <= status < 300 or not _is_html(headers.get("content-type", ""), body):
        log.debug("skipping %s (status %s, %s)", source, status, headers.get("content-type"))
        return None
    return RawPage(source=source, data=body, url=url, format="html",
                   charset=content_type_charset(headers.get("content-type", "")))
