"""One entry point over every source: :func:`open_sources`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.errors import UnreadableInputError, UsageError
from dateline.sources.files import expand_paths, read_page
from dateline.sources.guard import RECORDS_REASON, InputGuard
from dateline.sources.jsonl import JSONL_SUFFIXES, holds_records, iter_jsonl
from dateline.sources.page import RawPage
from dateline.sources.warc import WARC_SUFFIXES, iter_warc

if TYPE_CHECKING:
    from dateline.config import FetchSettings
    from dateline.sources.fetch import Fetcher

#: Values of ``kind``: how to read every input (``auto`` decides per input).
SOURCE_KINDS = ("auto", "file", "jsonl", "warc", "url", "feed")


def source_kind(name: str) -> str:
    """Return how :func:`open_sources` reads the input ``name`` when ``kind`` is ``auto``:
    ``url`` for http(s) URLs, ``jsonl`` and ``warc`` by file name ending, else ``file``."""
    lower = name.lower()
    if lower.startswith(("http://", "https://")):
        return "url"
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(WARC_SUFFIXES):
        return "warc"
    return "file"


def open_sources(inputs: Iterable[str], *, feeds: Iterable[str] = (), kind: str = "auto",
                 max_bytes: int | None = None, fetcher: Fetcher | None = None,
                 fetch: FetchSettings | None = None, guard: InputGuard | None = None
                 ) -> Iterator[RawPage]:
    """Yield the raw pages of every input, in input order, then of every feed.

    ``inputs`` are paths (a directory is walked in sorted order and each file read by its
    ending), ``-`` (standard input; JSON Lines when ``kind`` is ``jsonl``), JSON Lines files
    (``.jsonl``, ``.ndjson``, optionally ``.gz``), WARC files (``.warc``, ``.warc.gz``) and
    http(s) URLs (fetched politely). ``feeds`` are RSS/Atom feed or sitemap URLs whose pages are
    fetched; with ``kind="feed"`` the ``inputs`` are read as feeds too. ``kind`` forces one reader
    for every input (see :data:`SOURCE_KINDS`). ``max_bytes`` caps a page (bytes). ``fetcher`` is
    a :class:`~dateline.sources.fetch.Fetcher`, made on first need with ``max_bytes`` and the
    knobs of ``fetch`` (``settings.fetch``; default: the built-in ones) and closed at the end when
    this function made it.

    ``guard`` (an :class:`~dateline.sources.guard.InputGuard`) leaves out the command's own
    outputs (by device and inode) and, in directory walks, what is not a regular file and JSON
    Lines files of dateline's own records (an earlier run's output,
    :func:`~dateline.sources.jsonl.holds_records`); a FIFO, socket or device named as an input,
    and a file of records named as one, give a page with an ``UnreadableInputError``.

    A source problem never raises: it becomes a page with ``error`` set. Raises ``UsageError``
    for an unknown ``kind``.
    """
    if kind not in SOURCE_KINDS:
        raise UsageError(f"unknown source kind {kind!r}: choose one of {', '.join(SOURCE_KINDS)}")
    own_fetcher = fetcher is None
    guard = guard if guard is not None else InputGuard()
    state: dict[str, Fetcher | None] = {"fetcher": fetcher}

    def get_fetcher() -> Fetcher:
        made = state["fetcher"]
        if made is None:
            from dateline.config import FetchSettings
            from dateline.sources.fetch import Fetcher

            made = state["fetcher"] = Fetcher.from_settings(fetch or FetchSettings(),
                                                            max_bytes or None)
        return made

    try:
        urls: list[str] = []  # a run of URL inputs, fetched together (several hosts at once)
        for given in inputs:
            first = kind if kind != "auto" else source_kind(given)
            if first == "url":
                urls.append(given)
                continue
            if urls:
                yield from get_fetcher().fetch_all(urls)
                urls = []
            if first == "feed":
                yield from _read(given, first, max_bytes, get_fetcher)
                continue
            walked = given != "-" and Path(given).is_dir()
            if walked:
                names = expand_paths([given], guard)
            else:
                check = guard.named(given)
                if isinstance(check, RawPage):
                    yield check
                    continue
                names = iter([given] if check else [])
            for name in names:
                each = kind if kind != "auto" else source_kind(name)
                if each == "jsonl" and name != "-" and holds_records(name):
                    if walked:
                        guard.skip_records(name)
                    else:
                        yield RawPage(source=name, data=b"", error=UnreadableInputError(
                            f"{name}: {RECORDS_REASON}; give the pages it was made from"))
                    continue
                yield from _read(name, each, max_bytes, get_fetcher)
        if urls:
            yield from get_fetcher().fetch_all(urls)
        for feed in feeds:
            yield from _read(feed, "feed", max_bytes, get_fetcher)
    finally:
        made = state["fetcher"]
        if own_fetcher and made is not None:
            made.close()


def _read(name: str, kind: str, max_bytes: int | None, get_fetcher: Callable[[], Fetcher]
          ) -> Iterator[RawPage]:
    if kind == "jsonl":
        yield from iter_jsonl(name, max_bytes)
    elif kind == "warc":
        yield from iter_warc(name, max_bytes)
    elif kind == "feed":
        from dateline.sources.feeds import iter_feed

        yield from iter_feed(name, get_fetcher())
    else:
        yield read_page(name, max_bytes)
