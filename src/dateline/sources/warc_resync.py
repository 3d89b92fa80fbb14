"""Where a damaged WARC archive can be read again, and where its damage begins.

When FastWARC stops on damaged bytes (a broken gzip member, bytes that are no WARC, a cut
record), :func:`next_record_start` scans forward for the next place a record can start: the next
gzip member header (``1f 8b 08``, RFC 1952) whose inflated start is a ``WARC/1.0`` or ``WARC/1.1``
line, or, in a plain archive, the next line starting ``WARC/1.0`` or ``WARC/1.1`` (the resync of
warcio's proposed ``skip_bad_records``, webrecorder/warcio#99, and of the member search of
JustAnotherArchivist's ``warc-peek``, named in warcio#127). Every candidate is checked before it
is used, so that ``1f 8b 08`` met by chance inside compressed data gives no junk records; the
caller always looks past the place it last read from, so a bad last record cannot loop (the bug
of ukwa/webarchive-discovery#165). An archive gzipped as one whole member has no place to
resynchronise: its damage runs to its end. In a plain archive, :func:`length_lies` finds a
record whose Content-Length runs past its block (its block is not followed by the record
separator and the next record, and a record starts inside the block it claims).

All offsets are bytes from the start of the stream. The stream must be able to seek; memory
stays bounded (reads of at most :data:`SCAN_CHUNK` bytes), and a scan reads each byte once,
plus at most :data:`_CHECK_BYTES` for each candidate it checks.
"""

from __future__ import annotations

import os
import re
import zlib
from typing import BinaryIO, Literal

#: Bytes read at a time by the scan (memory per scan, not a limit on how far it looks).
SCAN_CHUNK = 1 << 16

#: Bytes read at a candidate to check it: a gzip member's header and its first deflate block
#: (a WARC line comes out of far fewer), or a plain record's first line.
_CHECK_BYTES = 1 << 12

_GZIP_MAGIC = b"\x1f\x8b\x08"  # ID1, ID2, CM=deflate (RFC 1952 section 2.3)
_LINE_START = b"\nWARC/1."  # a plain record starts a line
_WARC_LINE = re.compile(rb"WARC/1\.[01]\r?\n")
#: The longest header block looked at for a plain record's Content-Length: FastWARC's default
#: ``max_header_len`` (32 KiB); a header block longer than that is no record FastWARC reads.
_MAX_HEADER = 32 << 10
_CONTENT_LENGTH = re.compile(rb"(?im)^content-length:[ \t]*(\d+)[ \t]*\r?$")

Kind = Literal["gzip", "plain"]


def can_seek(stream: BinaryIO) -> bool:
    """True when ``stream`` can seek (a file; not a pipe or a socket)."""
    try:
        return stream.seekable()
    except (OSError, ValueError, AttributeError):
        return False


def archive_kind(stream: BinaryIO) -> Kind | None:
    """``"gzip"`` when ``stream`` starts with a gzip member, ``"plain"`` when it starts with a
    WARC line, None when it starts with neither (damaged from its start: both are looked for)."""
    stream.seek(0)
    head = stream.read(8)
    if head.startswith(_GZIP_MAGIC[:2]):
        return "gzip"
    return "plain" if head.startswith(b"WARC/1.") else None


def stream_size(stream: BinaryIO) -> int:
    """The length of ``stream`` in bytes."""
    return stream.seek(0, 2)


def is_record_start(stream: BinaryIO, at: int) -> bool:
    """True when a WARC record can start at byte ``at``: a gzip member there inflates to a
    line ``WARC/1.0`` or ``WARC/1.1`` (CRLF or LF), or the bytes there are that line. (The
    caller checks that a plain line starts a line of the archive.)"""
    stream.seek(at)
    head = stream.read(_CHECK_BYTES)
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(31).decompress(head, 16)
        except zlib.error:
            return False
    return _WARC_LINE.match(head) is not None


def next_record_start(stream: BinaryIO, start: int, kind: Kind | None) -> int | None:
    """The offset of the first place at or after byte ``start`` where a record can start (see
    :func:`is_record_start`), looking for gzip members when ``kind`` is ``"gzip"``, WARC lines
    when it is ``"plain"``, both when None; None when there is none before the end."""
    patterns = [p for k, p in (("gzip", _GZIP_MAGIC), ("plain", _LINE_START))
                if kind in (None, k)]
    keep = max(len(p) for p in patterns) - 1  # a match cut by a chunk's end is found next time
    if kind != "gzip" and start == 0 and is_record_start(stream, 0):
        return 0  # a line at the very start has no newline before it
    pos = max(start - 1, 0)  # offset of buf[0]; the byte before ``start`` ends its line
    stream.seek(pos)
    buf = stream.read(SCAN_CHUNK)
    tried = -1  # candidates are tried in rising order; the overlap must not try one twice
    while buf:
        hits: list[int] = []
        for pattern in patterns:
            skip = 1 if pattern is _LINE_START else 0  # the record starts after the newline
            found = buf.find(pattern)
            while found >= 0:
                hits.append(pos + found + skip)
                found = buf.find(pattern, found + 1)
        for at in sorted(hits):
            if start <= at and tried < at:
                tried = at
                if is_record_start(stream, at):
                    return at
        end = pos + len(buf)
        stream.seek(end)
        more = stream.read(SCAN_CHUNK)
        if not more:
            return None
        pos, buf = end - min(keep, len(buf)), buf[-keep:] + more
    return None


def _inflate_member(stream: BinaryIO, at: int, keep: int = 0
                    ) -> tuple[int | None, str, bytes, int]:
    """Inflate the gzip member at byte ``at`` in steps of at most :data:`SCAN_CHUNK` bytes of
    output, of which only the first ``keep`` bytes are kept; return ``(offset after it, "",
    those bytes, its inflated length)``, or ``(None, reason, b"", 0)`` when it is cut short
    or is no deflate data. Leaves the stream's position where it was."""
    inflater = zlib.decompressobj(31)
    offset, pending, first, total = at, b"", b"", 0  # offset: of pending's first byte
    while not inflater.eof:
        if not pending:
            pending = read_at(stream, offset, SCAN_CHUNK)
            if not pending:
                return None, "its last gzip member is cut short", b"", 0
        try:
            out = inflater.decompress(pending, SCAN_CHUNK)
        except zlib.error as exc:
            return None, f"not gzip data: {exc}", b"", 0
        if len(first) < keep:
            first += out[:keep - len(first)]
        total += len(out)
        rest = inflater.unused_data if inflater.eof else inflater.unconsumed_tail
        offset += len(pending) - len(rest)
        pending = rest
    return offset, "", first, total


def record_end(stream: BinaryIO, at: int) -> int | None:
    """The offset just after the record that starts at byte ``at``: the end of its gzip member,
    or for a plain record its header block, its ``Content-Length`` bytes of block and the line
    ends after them. None when that cannot be worked out (a damaged member, no length)."""
    stream.seek(at)
    head = stream.read(_MAX_HEADER)
    if head.startswith(_GZIP_MAGIC[:2]):
        return _inflate_member(stream, at)[0]
    blank = head.find(b"\r\n\r\n")
    length = _CONTENT_LENGTH.search(head, 0, blank) if blank >= 0 else None
    if length is None:
        return None
    end = at + blank + 4 + int(length.group(1))
    stream.seek(end)
    after = stream.read(4)
    return end + len(after) - len(after.lstrip(b"\r\n"))


def gzip_tail_damage(stream: BinaryIO, start: int) -> tuple[int, str] | None:
    """Check the gzip members from byte ``start`` (the last record FastWARC read) to the end of
    ``stream``; return ``(offset of the bad member, reason)`` when one is cut short or is no
    deflate data, else None. None too when ``stream`` does not hold gzip at ``start`` (a plain
    WARC: a cut record there is caught by its length)."""
    stream.seek(start)
    if stream.read(2) != _GZIP_MAGIC[:2]:
        return None
    member = start
    while True:
        stream.seek(member)
        if not stream.read(1):
            return None
        end, why, _, _ = _inflate_member(stream, member)
        if end is None:
            return member, why
        member = end


#: Bytes read at a plain record's start to find the end of its header block (most are far
#: shorter; a longer one is read again up to :data:`_MAX_HEADER`).
_HEADER_PROBE = 1 << 11
#: Bytes read after a plain record's block to check the separator and the next ``WARC/1.``.
_AFTER_PROBE = 64


def read_at(stream: BinaryIO, at: int, size: int) -> bytes:
    """Up to ``size`` bytes of ``stream`` from byte ``at``, leaving its position where it was:
    ``os.pread`` on a file (one system call, no seek), else a seek and a read and a seek back."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        fd = -1
    if fd >= 0:
        return os.pread(fd, size, at)
    back = stream.tell()
    try:
        stream.seek(at)
        return stream.read(size)
    finally:
        stream.seek(back)


def header_end(stream: BinaryIO, at: int) -> int | None:
    """The offset just after the header block (its blank line, CRLF CRLF) of the plain record
    at byte ``at``; None when there is none within :data:`_MAX_HEADER` bytes. Leaves the
    stream's position where it was."""
    head = read_at(stream, at, _HEADER_PROBE)
    blank = head.find(b"\r\n\r\n")
    if blank < 0 and len(head) == _HEADER_PROBE:
        head = read_at(stream, at, _MAX_HEADER)
        blank = head.find(b"\r\n\r\n")
    return at + blank + 4 if blank >= 0 else None


def block_ends_well(stream: BinaryIO, block_start: int, length: int) -> bool:
    """True when the ``length`` bytes of block from byte ``block_start`` of a plain archive are
    followed by the record separator (CRLF CRLF; further line ends are let pass) and then a
    ``WARC/1.`` line or the end of the stream: else the record's Content-Length lied (WARC 1.1
    section 5.8). Reads :data:`_AFTER_PROBE` bytes; leaves the stream's position where it was."""
    after = read_at(stream, block_start + length, _AFTER_PROBE)
    if not after.startswith(b"\r\n\r\n"):
        return False
    rest = after.lstrip(b"\r\n")
    return not rest or rest.startswith(b"WARC/1.")


def plain_at(stream: BinaryIO, at: int) -> bool:
    """True when the bytes at ``at`` are a plain (uncompressed) record's, not a gzip member's;
    leaves ``stream`` at ``at``."""
    stream.seek(at)
    plain = stream.read(7) == b"WARC/1."
    stream.seek(at)
    return plain


def length_lies(stream: BinaryIO, at: int, length: int) -> int | None:
    """For the plain record at byte ``at`` whose header says Content-Length ``length``: None
    when its block is followed by the record separator and a next record (or the end), or when
    no record starts inside the block it claims (a last record cut short keeps its own page;
    bytes that are no WARC after a record are damage after it). Else its length lied (too long:
    it swallowed the records after it), and the offset of the next ``WARC/1.`` line after its
    header, where reading goes on. Leaves the stream's position where it was (FastWARC reads on
    from there)."""
    block = header_end(stream, at)
    if block is None or block_ends_well(stream, block, length):
        return None
    back = stream.tell()
    try:
        resume = next_record_start(stream, block, "plain")
    finally:
        stream.seek(back)
    return resume if resume is not None and resume < block + length else None


def member_block_length(stream: BinaryIO, at: int) -> int | None:
    """The bytes of block of the one record in the gzip member at byte ``at``: its inflated
    length less its header block (to its CRLF CRLF) and the record separator (CRLF CRLF).
    None when the member is damaged or its header has no end. Inflates the whole member
    (:func:`_inflate_member`, keeping its first :data:`_MAX_HEADER` bytes, for the header);
    leaves the stream's position where it was."""
    end, _, first, total = _inflate_member(stream, at, _MAX_HEADER)
    blank = first.find(b"\r\n\r\n") if end is not None else -1
    return total - blank - 8 if blank >= 0 else None
