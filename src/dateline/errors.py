"""The error hierarchy of dateline.

Every error raised for a document derives from :class:`DatelineError` and carries a short
machine-readable ``kind`` (written into the ``error`` object of a failed input's JSON line) and a
message a user can act on. Callers catch at the level they care about: ``InputError`` for pages
that cannot be read as text at all, ``ExtractionError`` for readable pages with no article in them.
"""

from __future__ import annotations


class DatelineError(Exception):
    """Base class of every dateline error. ``kind`` names the failure in machine output."""

    kind = "error"

    def to_dict(self) -> dict[str, str]:
        """Return ``{"kind": ..., "message": ...}``, the ``error`` object of a failed input."""
        return {"kind": self.kind, "message": str(self)}


class InputError(DatelineError):
    """The page cannot be read as text (empty, binary, too large, undecodable)."""

    kind = "input"


class UnreadableInputError(InputError):
    """The source could not be read (a missing file, no permission, a broken archive record)."""

    kind = "unreadable"


class EmptyInputError(InputError):
    """The page holds no bytes, or only whitespace."""

    kind = "empty"


class BinaryInputError(InputError):
    """The page is binary data (an image, a PDF, an archive), not text or HTML."""

    kind = "binary"


class InputTooLargeError(InputError):
    """The page is larger than the configured ``max_page_bytes``."""

    kind = "too_large"


class EncodingError(InputError):
    """The page's bytes cannot be decoded in any detected character set."""

    kind = "encoding"


class ExtractionError(DatelineError):
    """The page was read but no article could be recovered from it."""

    kind = "no_article"


class TooSlowError(ExtractionError):
    """The page took longer than the per-page time limit (``page_time_limit``) to extract: a
    pathological page (a million tiny paragraphs, deep nesting). The batch goes on."""

    kind = "too_slow"


class UsageError(DatelineError):
    """A command was called with arguments that cannot work (exit status 2)."""

    kind = "usage"
