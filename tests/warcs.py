"""Writing small WARC files by hand for tests (WARC 1.0: text headers, a block, two CRLFs)."""

from __future__ import annotations

import gzip
import io


def warc_record(rtype: str, uri: str, block: bytes, rid: str,
                content_type: str = "application/http; msgtype=response",
                length: int | None = None) -> bytes:
    """One WARC record; ``length`` overrides the Content-Length (to write a cut record)."""
    head = (f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
            f"WARC-Date: 2024-03-05T10:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: {content_type}\r\n"
            f"Content-Length: {len(block) if length is None else length}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def http_response(body: bytes, content_type: str = "text/html; charset=utf-8",
                  status: str = "200 OK", extra: str = "") -> bytes:
    """An HTTP/1.1 response block with ``body`` (Content-Length set unless ``extra`` says
    chunked)."""
    length = "" if "chunked" in extra else f"Content-Length: {len(body)}\r\n"
    return (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{length}{extra}\r\n"
            ).encode() + body


def gzip_members(records: list[bytes]) -> bytes:
    """The records as a .warc.gz: one gzip member per record, as WARC writers do."""
    return b"".join(gzip.compress(r) for r in records)


def seen(pages) -> list[str]:
    """Each page as the record number its URL ends in, or "FAILED: message"."""
    return [f"FAILED: {p.error}" if p.error else p.url.rsplit("/", 1)[1] for p in pages]


class Pipe(io.RawIOBase):
    """Bytes that can be read but not sought, as standard input from a pipe."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self._data.read(len(buffer))
        buffer[:len(chunk)] = chunk
        return len(chunk)
