"""Pages from WARC archives (WARC 1.0 and 1.1, plain or gzip per record), read with FastWARC.

Only ``response`` records whose HTTP status is 2xx and whose ``Content-Type`` is HTML (or missing,
with a body that starts like markup) become pages: requests, metadata, images, redirects and the
like are skipped. A page's ``url`` is the record's ``WARC-Target-URI``, its ``source`` is
``"PATH#WARC-Record-ID"`` and its bytes are the HTTP payload, de-chunked and decompressed.

A record that is cut short, or whose HTTP part cannot be parsed, becomes a page whose ``error`` is
an ``UnreadableInputError``; when the archive itself breaks (a damaged gzip member, or a last
member cut short, as an interrupted download leaves it) one such page names the byte offset and
reading stops, since nothing after it can be trusted.
"""

from __future__ import annotations

import logging
import sys
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecordType

from dateline.errors import InputTooLargeError, UnreadableInputError
from dateline.sources.page import RawPage, content_type_charset, unreadable_page

log = logging.getLogger(__name__)

#: File name endings read as WARC archives.
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")

_HTML_TYPES = ("text/html", "application/xhtml+xml")


class _BadRecord(Exception):
    """A record whose HTTP part cannot be used (internal; becomes an error page)."""


def _dechunk(body: bytes) -> bytes:
    out: list[bytes] = []
    pos = 0
    while True:
        end = body.find(b"\r\n", pos)
        if end < 0:
            raise _BadRecord("broken chunked transfer encoding")
        try:
            size = int(body[pos:end].split(b";")[0].strip() or b"0", 16)
        except ValueError as exc:
            raise _BadRecord("broken chunked transfer encoding") from exc
        if size == 0:
            return b"".join(out)
        out.append(body[end + 2:end + 2 + size])
        pos = end + 2 + size + 2
        if pos > len(body):
            raise _BadRecord("chunked body cut short")


def parse_http_response(block: bytes) -> tuple[int, dict[str, str], bytes]:
    """Split an HTTP/1.x response ``block`` into ``(status, headers, body)``.

    Header names are lower-cased; the body is de-chunked and gzip/deflate-decoded. Raises
    ``_BadRecord`` when the status line or the encodings cannot be parsed.
    """
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")
        if not sep:
            raise _BadRecord("no end of HTTP headers")
    lines = head.decode("latin-1").splitlines()
    parts = lines[0].split(None, 2) if lines else []
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        raise _BadRecord(f"not an HTTP status line: {lines[0][:80] if lines else ''!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon:
            headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    encoding = headers.get("content-encoding", "").lower().strip()
    if encoding in ("gzip", "x-gzip", "deflate"):
        try:
            wbits = 47 if encoding != "deflate" else zlib.MAX_WBITS
            body = zlib.decompress(body, wbits)
        except zlib.error as exc:
            raise _BadRecord(f"cannot decode {encoding} body: {exc}") from exc
    elif encoding not in ("", "identity"):
        raise _BadRecord(f"unsupported content encoding {encoding!r}")
    return int(parts[1]), headers, body


def _is_html(content_type: str, body: bytes) -> bool:
    mime = content_type.split(";")[0].strip().lower()
    if mime:
        return mime in _HTML_TYPES
    return body.lstrip()[:1] == b"<"


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
    the pages' ``source`` strings."""
    records = ArchiveIterator(stream, record_types=WarcRecordType.any_type,
                              parse_http=False, fsspec_args=False)
    offset = 0
    seen = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            if not seen and _bytes_read(stream):
                # FastWARC ends quietly on bytes that are no WARC at all (a broken gzip member)
                yield RawPage(source=f"{name}@0", data=b"", error=UnreadableInputError(
                    f"{name}: not a WARC archive, or damaged from its start: no record found"))
            elif seen:
                # ... and on a last gzip member cut short (an interrupted download)
                damage = _gzip_tail_damage(stream, offset)
                # a cut in the last record's own member already gave its page (an error when
                # its bytes are short); a member after it holds a record nobody has seen
                if damage is not None and damage[0] > offset:
                    where, why = damage
                    yield RawPage(source=f"{name}@{where}", data=b"", error=UnreadableInputError(
                        f"{name}: the archive is damaged at byte {where}: {why}"))
            return
        except Exception as exc:  # noqa: BLE001 - FastWARC raises OSError and others
            yield RawPage(source=f"{name}@{offset}", data=b"", error=UnreadableInputError(
                f"{name}: the archive is damaged after byte {offset}: {exc}"))
            return
        offset = record.stream_pos
        seen += 1
        if record.record_type != WarcRecordType.response:
            continue
        page = _record_page(name, record, max_bytes)
        if page is not None:
            yield page


#: Compressed bytes fed to zlib at a time, and the most output it may give per step, when
#: :func:`_gzip_tail_damage` walks the archive's last members (output is discarded).
_TAIL_CHUNK = 1 << 16


def _gzip_tail_damage(stream: BinaryIO, start: int) -> tuple[int, str] | None:
    """Check the gzip members from byte ``start`` (the last record FastWARC read) to the end of
    ``stream``; return ``(byte offset of the bad member, reason)`` when one is cut short or is
    no deflate data, else None. None too for a stream that cannot seek (a pipe) or that does
    not hold gzip at ``start`` (a plain WARC: a cut record there is caught by its length).

    Memory stays bounded: the members are inflated in steps of at most ``_TAIL_CHUNK`` bytes
    of output, which is thrown away.
    """
    try:
        stream.seek(start)
        if stream.read(2) != b"\x1f\x8b":
            return None
        stream.seek(start)
    except (OSError, ValueError):
        return None
    at = member = start  # offsets: of pending's first byte, of the current member's start
    inflater: zlib._Decompress | None = None
    pending = b""
    while True:
        if not pending:
            pending = stream.read(_TAIL_CHUNK)
            if not pending:
                return None if inflater is None else (member, "its last gzip member is cut short")
        if inflater is None:
            inflater, member = zlib.decompressobj(31), at
        try:
            inflater.decompress(pending, _TAIL_CHUNK)
        except zlib.error as exc:
            return member, f"not gzip data: {exc}"
        rest = inflater.unused_data if inflater.eof else inflater.unconsumed_tail
        at += len(pending) - len(rest)
        pending = rest
        if inflater.eof:
            inflater = None


def _bytes_read(stream: BinaryIO) -> bool:
    """True when reading ``stream`` consumed any bytes (False where it cannot tell: a pipe)."""
    try:
        return stream.tell() > 0
    except (OSError, ValueError):
        return False


def _record_page(path: str, record, max_bytes: int | None) -> RawPage | None:
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
        return RawPage(source=source, data=b"", url=url, error=UnreadableInputError(
            f"{source}: cannot read the record: {exc}"))
    if declared >= 0 and len(block) < declared:
        return RawPage(source=source, data=b"", url=url, error=UnreadableInputError(
            f"{source}: the record is cut short ({len(block)} of {declared} bytes)"))
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
