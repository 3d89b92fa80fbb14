"""The raw page: bytes as read from a source, before any decoding."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from dateline.errors import UnreadableInputError


@dataclass(frozen=True)
class RawPage:
    """One input page.

    ``source`` is the path, URL or archive reference as the user gave it; ``data`` the page's
    bytes exactly as read; ``url`` the page's own address when the source knows it (a WARC
    record's target URI, a JSON Lines ``url`` field); ``format`` a hint (``"text"`` or
    ``"html"``) or ``None`` to detect; ``charset`` the character set the page's transport
    declared (the ``charset`` of a WARC record's or an HTTP response's Content-Type), used
    for bytes that are not UTF-8 and declare none themselves. ``error`` is set, and ``data``
    empty, when the source could not be read at all (a missing file, a broken archive record):
    the page then fails with that error and is still reported, so that nothing given is lost.

    ``source`` and ``url`` are made valid Unicode on creation (:func:`printable_name`): a file
    name that is not UTF-8 (Python hands its bytes over as lone surrogates, PEP 383) or a lone
    surrogate escaped in a JSON string could not be stored, printed or written as JSON, and a
    NUL (``\\u0000`` in a JSON Lines ``url``, NUL bytes in a damaged WARC-Record-ID) could not be
    stored in PostgreSQL, whose refusal stopped the whole ingest.
    """

    source: str
    data: bytes
    url: str | None = None
    format: str | None = None
    error: Exception | None = None
    charset: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", printable_name(self.source))
        if self.url is not None:
            object.__setattr__(self, "url", printable_name(self.url))

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of ``data``: the record id."""
        return hashlib.sha256(self.data).hexdigest()


def content_type_charset(content_type: str) -> str | None:
    """The ``charset`` parameter of an HTTP Content-Type (``"text/html; charset=ISO-8859-1"``
    -> ``"iso-8859-1"``), or ``None`` when it names none."""
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'").lower() or None
    return None


def printable_name(name: str) -> str:
    """``name`` with its lone surrogates written as the ``\\xNN`` escapes of their bytes (a
    PEP 383 escape gives back the file name's own byte, another surrogate its three UTF-8
    bytes) and each NUL as ``\\x00``; unchanged when it has neither, and the same name always
    gives the same escape: ``"z\\udcff.txt"`` (the file name ``b"z\\xff.txt"``) ->
    ``"z\\\\xff.txt"``, ``"a\\x00b"`` -> ``"a\\\\x00b"``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogateescape" if _only_escapes(name) else "surrogatepass")
        name = raw.decode("utf-8", "backslashreplace")
    return name.replace("\x00", "\\x00")


def _only_escapes(name: str) -> bool:
    """True when every lone surrogate of ``name`` is a PEP 383 escape of one byte (U+DC80-DCFF)."""
    return all("\udc80" <= c <= "\udcff" for c in name if "\ud800" <= c <= "\udfff")


def unreadable_page(source: str, exc: OSError) -> RawPage:
    """The page that stands for a source that could not be opened or read (a missing file, no
    permission): empty ``data`` and an ``UnreadableInputError`` naming the source and reason."""
    reason = exc.strerror or str(exc)
    return RawPage(source=source, data=b"",
                   error=UnreadableInputError(f"cannot read {source}: {reason}"))
