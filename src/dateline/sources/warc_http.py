"""The HTTP part of a WARC ``response`` record: status, headers and body (de-chunked and
decoded), for :mod:`dateline.sources.warc`."""

from __future__ import annotations

import zlib

__all__ = ["_BadRecord", "_is_html", "parse_http_response"]

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
