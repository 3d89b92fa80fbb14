"""Pages from JSON Lines corpora: one object a line, ``{"url", "html"}`` or ``{"url", "text"}``.

A line may also carry ``"source"`` (kept as the page's source string) and ``"format"``. A line
that is not a JSON object, or has neither ``html`` nor ``text``, gives a page whose ``error`` is an
``UnreadableInputError`` naming the line, so that the batch goes on and the failure is reported.
Blank lines are skipped. Files ending in ``.gz`` are decompressed, and so are standard input
and any other file that starts with the gzip signature (``zcat`` is not needed for
``--input-kind jsonl - < dump.jsonl.gz``).
"""

from __future__ import annotations

import gzip
import json
import logging
import sys
from collections.abc import Iterator
from typing import BinaryIO

from dateline.errors import EmptyInputError, InputTooLargeError, UnreadableInputError
from dateline.sources.page import RawPage, unreadable_page

#: How a JSON value that is not an object is named in an error (json.loads' Python types).
_JSON_KINDS = {list: "array", str: "string", int: "number", float: "number",
               bool: "true or false", type(None): "null"}

log = logging.getLogger(__name__)

#: File name endings read as JSON Lines.
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


def line_source(path: str, lineno: int) -> str:
    """The source string of line ``lineno`` (1-based) of ``path``: ``"PATH:LINENO"``."""
    return f"{path}:{lineno}"


def parse_jsonl_line(line: str | bytes, source: str, max_bytes: int | None = None) -> RawPage:
    """Return the page held by one JSON Lines line; never raises.

    ``source`` is used when the object has no ``source`` field. ``html`` wins over ``text`` when
    both are present; the page's bytes are the chosen string encoded as UTF-8 (so the record id is
    the SHA-256 of those bytes) and its ``format`` hint is ``"html"`` or ``"text"``. A line longer
    than ``max_bytes`` gives a page whose error is ``InputTooLargeError``.
    """
    if max_bytes is not None and len(line) > max_bytes * 2 + 1024:
        # JSON escaping can at most double the text; far beyond that the page is too large.
        return RawPage(source=source, data=b"", error=InputTooLargeError(
            f"{source}: the line is {len(line)} bytes, over the limit of {max_bytes}"))
    try:
        # without its line break: a line cut inside a string is "Unterminated string", not
        # an "Invalid control character" at the break
        obj = json.loads(line.rstrip(b"\r\n") if isinstance(line, bytes) else line.rstrip("\r\n"))
    except ValueError as exc:
        return RawPage(source=source, data=b"", error=UnreadableInputError(
            f"{source}: not a JSON object: {exc}"))
    except RecursionError:
        return RawPage(source=source, data=b"", error=UnreadableInputError(
            f"{source}: not a JSON object: nested too deeply to read"))
    if not isinstance(obj, dict):
        return RawPage(source=source, data=b"", error=UnreadableInputError(
            f"{source}: the line is JSON {_JSON_KINDS.get(type(obj), type(obj).__name__)}, "
            "not an object"))
    given = obj.get("source")
    src: str = given if isinstance(given, str) else source
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    for key in ("html", "text"):
        value = obj.get(key)
        if isinstance(value, str):
            fmt = obj.get("format") if obj.get("format") in ("html", "text") else key
            return RawPage(source=src, data=value.encode("utf-8", "surrogatepass"), url=url,
                           format=fmt)
    return RawPage(source=src, data=b"", url=url, error=UnreadableInputError(
        f"{source}: the object has no 'html' or 'text' string"))


#: The first line of a file is read up to this many bytes to tell whether it holds records.
RECORD_PROBE_BYTES = 1 << 24


def is_record(obj: object) -> bool:
    """True when ``obj`` (one parsed JSON line) is a record dateline writes, not a page: an
    :class:`~dateline.model.Article` or a :class:`~dateline.model.Failure`, whose ``source``
    is an object with ``uri`` and ``sha256`` (a page's ``source`` is a string), and which has
    no ``html`` or ``text`` string to read."""
    if not isinstance(obj, dict):
        return False
    source = obj.get("source")
    return (isinstance(source, dict) and "uri" in source and "sha256" in source
            and ("id" in obj or "error" in obj)
            and not any(isinstance(obj.get(key), str) for key in ("html", "text")))


def holds_records(path: str) -> bool:
    """True when the first non-blank line of the JSON Lines file ``path`` (``.gz`` too) is a
    record of dateline's (:func:`is_record`): the output of an earlier ``dateline extract``.
    False when the file cannot be read or its first line is not such a record."""
    try:
        with (gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")) as handle:
            line = b""
            while not line.strip():
                line = handle.readline(RECORD_PROBE_BYTES)
                if not line:
                    return False
        return is_record(json.loads(line))
    except (OSError, EOFError, ValueError, RecursionError):
        return False


def iter_jsonl(path: str, max_bytes: int | None = None) -> Iterator[RawPage]:
    """Yield the pages of the JSON Lines file ``path`` (``-`` is standard input), in line order.

    A file that cannot be opened yields one page with an ``UnreadableInputError``; one with no
    line but blank ones (a download that wrote nothing) one page, source ``path``, with an
    ``EmptyInputError``, so that the input is recorded as failed rather than passed over.
    Standard input, or a file not named ``.gz``, that starts with the gzip signature (``1f 8b``)
    is decompressed too (read as lines, its compressed bytes would fail one line at a time).
    """
    raw = None
    handle: BinaryIO | gzip.GzipFile
    try:
        if path.endswith(".gz"):
            handle = gzip.open(path, "rb")
        else:
            raw = sys.stdin.buffer if path == "-" else open(path, "rb")
            handle = gzip.GzipFile(fileobj=raw) if _gzip_signed(raw) else raw
    except OSError as exc:
        yield unreadable_page(path, exc)
        return
    try:
        lineno = pages = 0
        while True:
            try:
                line = handle.readline()
            except (OSError, EOFError) as exc:  # a damaged .gz
                yield RawPage(source=line_source(path, lineno + 1), data=b"",
                              error=UnreadableInputError(f"cannot read {path}: {exc}"))
                return
            if not line:
                if not pages:
                    yield empty_jsonl_page(path, blank_lines=lineno > 0)
                return
            lineno += 1
            if line.strip():
                pages += 1
                yield parse_jsonl_line(line, line_source(path, lineno), max_bytes)
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()  # a GzipFile leaves the file it was given open
        if raw is not None and raw is not sys.stdin.buffer:
            raw.close()


def empty_jsonl_page(path: str, blank_lines: bool = False) -> RawPage:
    """The failed page of the JSON Lines input ``path`` that holds no line (``blank_lines``:
    none but blank ones): ``source`` ``path``, an ``EmptyInputError``."""
    what = "standard input" if path == "-" else f"{path}: the file"
    how = ", only blank lines" if blank_lines else " (it is empty)"
    return RawPage(source=path, data=b"", error=EmptyInputError(f"{what} holds no JSON Lines{how}"))


#: The first bytes of every gzip member (RFC 1952, ID1 ID2).
_GZIP_SIGNATURE = b"\x1f\x8b"


def _gzip_signed(handle) -> bool:
    """True when the buffered binary ``handle`` starts with the gzip signature; reads nothing
    (``peek``). A stream without ``peek`` counts as not compressed."""
    peek = getattr(handle, "peek", None)
    return peek is not None and peek(2)[:2] == _GZIP_SIGNATURE
