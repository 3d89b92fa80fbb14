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
    ``"html"``) or ``None`` to detect. ``error`` is set, and ``data`` empty, when the source could
    not be read at all (a missing file, a broken archive record): the page then fails with that
    error and is still reported, so that nothing given is lost.
    """

    source: str
    data: bytes
    url: str | None = None
    format: str | None = None
    error: Exception | None = None

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of ``data``: the record id."""
        return hashlib.sha256(self.data).hexdigest()


def unreadable_page(source: str, exc: OSError) -> RawPage:
    """The page that stands for a source that could not be opened or read (a missing file, no
    permission): empty ``data`` and an ``UnreadableInputError`` naming the source and reason."""
    reason = exc.strerror or str(exc)
    return RawPage(source=source, data=b"",
                   error=UnreadableInputError(f"cannot read {source}: {reason}"))
