"""The error hierarchy of dateline: every error class, in one place.

Every error raised for a document derives from :class:`DatelineError` and carries a short
machine-readable ``kind`` (written into the ``error`` object of a failed input's JSON line and the
store's ``failures`` table) and a message a user can act on. Callers catch at the level they care
about::

    DatelineError                    kind "error"
    ├── InputError                   "input"      the page cannot be read as text
    │   ├── UnreadableInputError     "unreadable" a missing file, no permission, a broken record
    │   ├── EmptyInputError          "empty"      no bytes, or only whitespace
    │   ├── BinaryInputError         "binary"     an image, a PDF, an archive
    │   ├── InputTooLargeError       "too_large"  over ``max_page_bytes``
    │   ├── EncodingError            "encoding"   undecodable in any detected character set
    │   └── FetchError               "fetch"      a URL that could not be fetched politely
    │       └── RobotsDisallowedError "robots"    robots.txt disallows it (or is unreachable)
    ├── ExtractionError              "no_article" readable, but no article in it
    │   └── TooSlowError             "too_slow"   past ``page_time_limit`` seconds to extract
    ├── ModelError                   "model"      the spaCy pipeline is not installed
    │   └── EncoderError             "model"      the attribution encoder missing or not pinned
    ├── UnderstandError              "understand" the understanding stage failed on an article
    ├── WorkerCrashError             "crash"      the worker process died on the page (segfault,
    │                                             out of memory)
    ├── StoreError                   "store"      the store cannot be opened or used
    │   └── IdPrefixError            "id_prefix"  an id's start too short, or of several ids
    ├── UsageError                   "usage"      a command called with arguments that cannot work
    │   ├── ConfigError              "config"     a broken settings file or a bad setting value
    │   ├── WordlessQueryError       "query"      a search query with no word in it ("***")
    │   └── AlertTargetError         "alert_target" a webhook URL or email address refused
    └── InternalError                "internal"   a bug: anything else raised while processing
        └── DataFileError            "internal"   a package data file breaks its format

Exit statuses of the ``dateline`` command are in :mod:`dateline.cli`.
"""

from __future__ import annotations


class DatelineError(Exception):
    """Base class of every dateline error. ``kind`` names the failure in machine output;
    ``format`` is the page's format (``"text"`` or ``"html"``) when it was known as the page
    failed (given, or detected before the failure), else ``None``: the failed input's
    ``source.format`` (:class:`dateline.model.Failure`)."""

    kind = "error"
    format: str | None = None

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


class FetchError(InputError):
    """A page could not be fetched (network failure, timeout, an HTTP error status)."""

    kind = "fetch"


class RobotsDisallowedError(FetchError):
    """The site's robots.txt does not allow dateline to fetch this URL (or cannot be read)."""

    kind = "robots"


class ExtractionError(DatelineError):
    """The page was read but no article could be recovered from it."""

    kind = "no_article"


class TooSlowError(ExtractionError):
    """The page took longer than the per-page time limit (``page_time_limit``) to extract: a
    pathological page (a million tiny paragraphs, deep nesting). The batch goes on."""

    kind = "too_slow"


class ModelError(DatelineError):
    """The configured spaCy pipeline is not installed or cannot be loaded."""

    kind = "model"


class EncoderError(ModelError):
    """The encoder package of the attribution model is not installed, or its weights are not
    the pinned file."""


class UnderstandError(DatelineError):
    """The understanding stage failed on one article (a bug in a rule or in spaCy)."""

    kind = "understand"


class WorkerCrashError(DatelineError):
    """The worker process that held the page died while processing it (a segfault in a C
    library such as lxml, the out-of-memory killer): the page was run alone in a new worker and
    killed it again, or was alone in its batch. The message gives the exit code ("worker died:
    exit code -11 (SIGSEGV) while processing this page"); the run goes on with the other
    pages. A rerun of ``dateline ingest`` tries such a page again."""

    kind = "crash"


class StoreError(DatelineError):
    """The store cannot be opened or used (bad URL, unreachable server, broken database)."""

    kind = "store"


class IdPrefixError(StoreError):
    """An article or story id given by its start names no one record: the start of several
    ids, or fewer characters than the shortest start accepted
    (:data:`dateline.corpus.ids.MIN_PREFIX`). The message says which and what to give; the
    REST API answers it with 400."""

    kind = "id_prefix"


class UsageError(DatelineError):
    """A command was called with arguments that cannot work (exit status 2)."""

    kind = "usage"


class WordlessQueryError(UsageError, ValueError):
    """A search query that is not empty but has no word to search for (only punctuation or a
    bare ``OR``: ``"``, ``***``): refused rather than read as "no query", which lists every
    article. A ``ValueError`` too, as the alerts' other refused criteria. The REST API answers
    it with 400."""

    kind = "query"


class ConfigError(UsageError):
    """The settings cannot be used: an unreadable or broken ``dateline.toml``, an unknown name
    in one of its sections, or a value of the wrong type in the file, the environment or a flag
    (the message names the setting and where its value came from)."""

    kind = "config"


class AlertTargetError(UsageError):
    """An alert's webhook URL or email address cannot be used: not http(s), carrying
    credentials, a host that does not resolve or resolves to a loopback, private, link-local,
    multicast or otherwise internal address (unless ``webhook.allowed_hosts`` lists it), or a
    malformed address. The REST API answers it with 400."""

    kind = "alert_target"


class InternalError(DatelineError):
    """Something that is not a ``DatelineError`` was raised while processing one page: a bug in
    dateline or a library (please report it). The original exception is its ``__cause__``."""

    kind = "internal"

    @classmethod
    def wrap(cls, exc: BaseException, reason: str | None = None) -> InternalError:
        """Return an ``InternalError`` naming ``exc`` (its type and ``reason``, by default its
        message), chained to it."""
        error = cls(f"internal error: {type(exc).__name__}: {exc if reason is None else reason}")
        error.__cause__ = exc
        return error


class DataFileError(InternalError, ValueError):
    """A package data file breaks its format; the message names the file, the line and what is
    wrong ("dateline/understand/data/demonyms.txt:12: expected 2 tab-separated columns, found
    1")."""
