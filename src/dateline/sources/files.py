"""Pages from the file system and standard input."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from dateline.sources.guard import InputGuard
from dateline.sources.page import RawPage, unreadable_page

#: Names skipped when a directory is walked (editor and OS droppings, not pages).
_SKIPPED = {".DS_Store", "Thumbs.db"}


def expand_paths(paths: Iterable[str], guard: InputGuard | None = None) -> Iterator[str]:
    """Yield the inputs named by ``paths`` in order: a directory becomes its files, walked
    recursively in sorted order (hidden files skipped; a broken symbolic link, a file that cannot
    be stat'ed and a directory that cannot be listed are yielded too, so that reading them
    records them as unreadable instead of losing them); ``-`` and plain files pass
    through. In a walk, what is not a regular file (a FIFO, a socket, a device) and the
    command's own outputs are left out, as ``guard`` (an
    :class:`~dateline.sources.guard.InputGuard`) decides and counts."""
    guard = guard if guard is not None else InputGuard()
    for given in paths:
        path = Path(given)
        if given != "-" and path.is_dir():
            if not _listable(path):
                yield given
                continue
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if child.name in _SKIPPED or any(p.startswith(".") for p in rel):
                    continue
                try:
                    st = child.stat()
                except OSError:  # a broken link, no search permission, or gone since the
                    yield str(child)  # listing: reported on reading
                    continue
                if stat.S_ISDIR(st.st_mode):
                    if not _listable(child):  # rglob skips it silently: its files would be lost
                        yield str(child)
                elif guard.walked(str(child), st):
                    yield str(child)
        else:
            yield given


def _listable(path: Path) -> bool:
    """Whether the directory ``path`` can be listed (``os.scandir`` succeeds)."""
    try:
        with os.scandir(path):
            return True
    except OSError:
        return False


def read_page(source: str, max_bytes: int | None = None) -> RawPage:
    """Read one input: ``-`` is standard input, anything else a file path.

    Reads at most ``max_bytes + 1`` bytes so that a huge file is refused without being loaded
    (the extractor raises ``InputTooLargeError`` on the extra byte). A file that cannot be read
    gives a page whose ``error`` is an ``UnreadableInputError``; this function does not raise.
    """
    limit = -1 if max_bytes is None else max_bytes + 1
    try:
        if source == "-":
            data = sys.stdin.buffer.read(limit)
        else:
            with open(source, "rb") as handle:
                data = handle.read(limit)
    except OSError as exc:
        return unreadable_page(source, exc)
    return RawPage(source=source, data=data)
