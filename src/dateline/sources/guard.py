"""What is never read as input: the command's own output, and files that are not regular files.

``dateline extract DIR -o DIR/out.jsonl`` (or ``> DIR/out.jsonl``) would otherwise walk into its
own output and read it back while writing it, without end. As grep does, an input whose device
and inode are those of an output file is skipped (and the command says so, once per output: a
store's journal files are part of the store). A JSON Lines file met in a walk whose first object
is one of dateline's own records (an earlier run's output) is skipped and told too; named as an
input, it is an unreadable page that says what it is. A FIFO, socket or
device named as an input is an unreadable page with a clear reason instead of an ``open`` that
blocks until a writer comes (it is checked with ``os.stat`` before anything opens it); a
directory walk skips such files and counts them.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from dateline.errors import UnreadableInputError
from dateline.sources.page import RawPage

#: Why a walked JSON Lines file of dateline's own records is skipped (an earlier run's output:
#: ``dateline extract DIR > DIR/run1.jsonl``, then ``dateline extract DIR``).
RECORDS_REASON = "it holds dateline's article records (an earlier output), not pages"

#: (st_dev, st_ino): the identity of a file, whatever the path it is named by.
FileId = tuple[int, int]

#: What a non-regular file is, by ``stat.S_IFMT`` bits, in the words of the message.
_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def file_id(st: os.stat_result) -> FileId:
    """The identity of the file ``st`` describes: ``(st_dev, st_ino)``."""
    return (st.st_dev, st.st_ino)


def special_kind(st: os.stat_result) -> str | None:
    """``"a FIFO (named pipe)"``, ``"a socket"``, ``"a character device"`` or ``"a block
    device"`` when ``st`` is one of those (reading it may block or never end); else ``None``."""
    for test, name in _KINDS:
        if test(st.st_mode):
            return name
    return None


def output_ids(*, fds: Iterable[int] = (), paths: Iterable[str] = ()) -> frozenset[FileId]:
    """The identities of the regular files among the open file descriptors ``fds`` (standard
    output is 1) and the existing ``paths``: the outputs a command must not read back. A pipe,
    a terminal or a missing path is left out (it cannot be walked into)."""
    found: set[FileId] = set()
    stats: list[os.stat_result] = []
    for fd in fds:
        try:
            stats.append(os.fstat(fd))
        except OSError:
            continue
    for path in paths:
        try:
            stats.append(os.stat(path))
        except OSError:
            continue
    for st in stats:
        if stat.S_ISREG(st.st_mode):
            found.add(file_id(st))
    return frozenset(found)


@dataclass
class InputGuard:
    """Decides, input by input, what :func:`~dateline.sources.open.open_sources` reads.

    ``outputs``: identities (:func:`output_ids`) of the command's own output files, never read.
    ``on_skip(path, reason)`` is told of every output skipped, as it happens (the CLI prints it
    on standard error). After the walk, ``skipped_outputs`` lists the paths skipped as outputs
    and ``skipped_special`` the non-regular files (FIFOs, sockets, devices) met in directory
    walks and left out.
    """

    outputs: frozenset[FileId] = frozenset()
    on_skip: Callable[[str, str], None] | None = None
    skipped_outputs: list[str] = field(default_factory=list)
    skipped_special: list[str] = field(default_factory=list)
    #: JSON Lines files of dateline's own records (an earlier run's output) left out of walks
    skipped_records: list[str] = field(default_factory=list)
    #: an output file -> the output it is part of (a SQLite store's journal files -> the
    #: store), added by :meth:`add_output`: an output is told of once, however many of its
    #: files, or paths to them, are met
    groups: dict[FileId, FileId] = field(default_factory=dict)
    _told: set[FileId] = field(default_factory=set, repr=False)

    def add_output(self, ids: frozenset[FileId]) -> None:
        """Add ``ids`` (:func:`output_ids`: a file standard output goes to, a store and its
        journals) as one output of the command: never read, told of once."""
        if not ids:
            return
        first = min(ids)
        self.outputs = self.outputs | ids
        self.groups.update(dict.fromkeys(ids, first))

    def is_output(self, path: str, st: os.stat_result) -> bool:
        """True (and the skip recorded, and told the first time this output is met) when
        ``st``, the stat of ``path``, is one of the command's outputs."""
        fid = file_id(st)
        if fid not in self.outputs:
            return False
        self.skipped_outputs.append(path)
        key = self.groups.get(fid, fid)
        if key not in self._told:
            self._told.add(key)
            if self.on_skip is not None:
                self.on_skip(path, "it is this command's output")
        return True

    def skip_records(self, path: str) -> None:
        """Record and tell that the walked JSON Lines file ``path`` holds dateline's own
        records (:func:`~dateline.sources.jsonl.holds_records`), not pages (told once a
        path)."""
        told = path in self.skipped_records
        self.skipped_records.append(path)
        if self.on_skip is not None and not told:
            self.on_skip(path, RECORDS_REASON)

    def walked(self, path: str, st: os.stat_result) -> bool:
        """Whether a file met in a directory walk, with stat ``st``, is read: not when it is an
        output or not a regular file (counted in ``skipped_special``)."""
        if not stat.S_ISREG(st.st_mode):
            self.skipped_special.append(path)
            return False
        return not self.is_output(path, st)

    def named(self, name: str) -> RawPage | bool:
        """Check an input named by the user (``-`` is standard input): ``True`` to read it,
        ``False`` to skip it (it is an output), or a page whose ``error`` says why it cannot be
        read (a FIFO, socket or device; checked with ``os.stat``, nothing is opened). A path
        that cannot be stat'ed is ``True``: reading it reports the reason."""
        try:
            st = os.fstat(0) if name == "-" else os.stat(name)
        except (OSError, ValueError):
            return True
        if name == "-":  # a pipe or a terminal on standard input is what '-' is for
            return not self.is_output(name, st)
        kind = special_kind(st)
        if kind is not None:
            return RawPage(source=name, data=b"", error=UnreadableInputError(
                f"cannot read {name}: it is {kind}, not a regular file (reading it could "
                "block or never end); to read a stream, pipe it to standard input as '-'"))
        return not self.is_output(name, st)
