"""The one loader of the package's data files: word lists, tables, patterns and trained models.

Each stage keeps the words, tables and fitted parameters its rules use in the ``data/`` folder of
its package (``dateline/extract/data``, ``dateline/understand/data``); no list of words sits in
code. This module, before every stage in the flow, reads them all: word lists, tables and
patterns once per process (cached; word lists and tables as immutable values), JSON documents
on each call.

Formats:

* ``.txt`` (word lists and tables): UTF-8, one entry a line; blank lines and lines starting with
  ``#`` (the file's description: what the list is for, its source, what it was tuned on) are left
  out; the columns of a table are separated by tabs, each stripped of surrounding spaces.
* ``.json``: one JSON document (trained models, phrase tables); :func:`patterns` reads spaCy
  ``Matcher``/``DependencyMatcher`` patterns, where ``{"IN": "@NAME.txt"}`` stands for the word
  list ``data/NAME.txt`` of the same package.

A file that breaks its format (a table row with the wrong number of columns, an empty first
column, invalid JSON) raises :class:`DataFileError` naming the file and the line. A broken package
data file is a bug in dateline, not in the user's input.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from dateline.errors import DataFileError

__all__ = ["DataFileError", "exists", "json_data", "lines", "mapping", "patterns", "rows", "words"]


def _path(package: str, name: str) -> str:
    return f"{package.replace('.', '/')}/data/{name}"


def _file(package: str, name: str) -> Traversable:
    """``data/NAME`` of ``package``, found from the top-level package without importing
    ``package`` itself (a package's ``__init__`` may import what a reader of its word lists,
    such as :mod:`dateline.name_core` on the store's read path, does not need)."""
    top, *sub = package.split(".")
    return resources.files(top).joinpath(*sub, "data", name)


def exists(package: str, name: str) -> bool:
    """Whether ``package``'s data folder holds a file ``name`` (``package`` a dotted name such
    as ``"dateline.extract"``)."""
    return _file(package, name).is_file()


def _text(package: str, name: str) -> str:
    try:
        return _file(package, name).read_text("utf-8")
    except FileNotFoundError as exc:
        raise DataFileError(f"{_path(package, name)}: no such data file") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{_path(package, name)}: not UTF-8 ({exc})") from exc


@functools.cache
def _entries(package: str, name: str) -> tuple[tuple[int, str], ...]:
    """``(line number, line without trailing white space)`` of every entry line (not blank,
    not a ``#`` comment)."""
    return tuple((number, line.rstrip())
                 for number, line in enumerate(_text(package, name).splitlines(), 1)
                 if line.strip() and not line.startswith("#"))


def lines(package: str, name: str) -> tuple[str, ...]:
    """The entry lines of ``data/NAME`` of ``package``, stripped, in file order (blank lines and
    ``#`` comments left out). Raises :class:`DataFileError` when the file is missing."""
    return tuple(line.strip() for _, line in _entries(package, name))


@functools.cache
def rows(package: str, name: str, min_columns: int = 1, max_columns: int | None = None
         ) -> tuple[tuple[str, ...], ...]:
    """The entry lines of ``data/NAME`` split at tabs, each column stripped, in file order.
    Raises :class:`DataFileError` (file and line named) for a row with fewer than
    ``min_columns`` or more than ``max_columns`` columns, or an empty first column."""
    found = []
    for number, line in _entries(package, name):
        columns = tuple(column.strip() for column in line.split("\t"))
        wanted = (f"{min_columns}" if max_columns == min_columns
                  else f"at least {min_columns}" if max_columns is None
                  else f"{min_columns} to {max_columns}")
        if len(columns) < min_columns or (max_columns is not None and len(columns) > max_columns):
            raise DataFileError(f"{_path(package, name)}:{number}: expected {wanted} "
                                f"tab-separated columns, found {len(columns)}: {line!r}")
        if not columns[0]:
            raise DataFileError(f"{_path(package, name)}:{number}: empty first column: "
                                f"{line!r}")
        found.append(columns)
    return tuple(found)


@functools.cache
def words(package: str, name: str, lower: bool = True) -> frozenset[str]:
    """The first column of every entry line of ``data/NAME`` (lower-cased unless ``lower`` is
    false): a word list, or the keys of a table whose other columns are notes. Raises
    :class:`DataFileError` for an empty first column."""
    return frozenset(row[0].lower() if lower else row[0] for row in rows(package, name))


@functools.cache
def mapping(package: str, name: str) -> dict[str, str]:
    """``{first column: second column}`` of a two-column table (``data/demonyms.txt``:
    "russian" -> "russia"), later rows winning. Raises :class:`DataFileError` for a row that
    does not have exactly two columns. The dict is shared: do not change it."""
    return dict(rows(package, name, 2, 2))  # type: ignore[arg-type]


def json_data(package: str, name: str) -> Any:
    """The parsed JSON document ``data/NAME`` of ``package``, parsed anew on each call (trained
    models are large: their readers cache what they build from them). Raises
    :class:`DataFileError` (file, line and column named) when it is not valid JSON."""
    try:
        return json.loads(_text(package, name))
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{_path(package, name)}:{exc.lineno}:{exc.colno}: invalid JSON: "
                            f"{exc.msg}") from exc


@functools.cache
def patterns(package: str, name: str) -> dict[str, dict[str, list]]:
    """Named spaCy ``DependencyMatcher`` (or ``Matcher``) patterns from the JSON file
    ``data/NAME``: ``{group: {shape: pattern}}``, where a pattern is spaCy's list of token or
    node dicts. A set written ``{"IN": "@FILE.txt"}`` (or ``NOT_IN``) is the word list
    ``data/FILE.txt`` of ``package`` (:func:`words`), sorted. Keys starting with ``#`` are
    comments and left out. Raises :class:`DataFileError` for invalid JSON, a shape that is not a
    list, or a missing word list."""
    raw = json_data(package, name)
    if not isinstance(raw, dict):
        raise DataFileError(f"{_path(package, name)}: expected an object of pattern groups")
    found: dict[str, dict[str, list]] = {}
    for group, shapes in raw.items():
        if group.startswith("#"):
            continue
        if not isinstance(shapes, dict):
            raise DataFileError(f"{_path(package, name)}: group {group!r} is not an object")
        found[group] = {}
        for shape, pattern in shapes.items():
            if shape.startswith("#"):
                continue
            if not isinstance(pattern, list) or not all(isinstance(n, dict) for n in pattern):
                raise DataFileError(f"{_path(package, name)}: {group}.{shape} is not a list of "
                                    "objects")
            found[group][shape] = [_resolve(package, name, node) for node in pattern]
    return found


def _resolve(package: str, name: str, value: object) -> object:
    if isinstance(value, dict):
        return {key: (sorted(words(package, item[1:])) if key in ("IN", "NOT_IN")
                      and isinstance(item, str) and item.startswith("@")
                      else _resolve(package, name, item))
                for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve(package, name, item) for item in value]
    return value
