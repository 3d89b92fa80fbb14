"""Naming a stored article or story by the start of its id, as the lists print it.

``dateline search`` and ``dateline stories`` print 12 of an id's 64 hex characters (a SHA-256:
:attr:`dateline.model.Article.id`; a story's id is its first article's). :func:`full_id` is the
one reading of such a start, used by the store's :meth:`~dateline.corpus.Store.article_id_for`
and :meth:`~dateline.corpus.Store.story_id_for`, and through them by the CLI (``stories
--story``, ``alerts add --story``) and the web (``/api/v1/articles/{id}``, ``/stories/{id}``...).
It is one indexed range query (``id BETWEEN start AND start + 'fff...'``, LIMIT 2), never a scan
and never a ``LIKE`` (which SQLite's case-insensitive LIKE and PostgreSQL's locale collations
keep off the index).
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from dateline.corpus.keys import clean
from dateline.errors import IdPrefixError

#: Fewest characters of an id accepted as its start: git's shortest abbreviation of an object
#: id (``core.abbrev`` minimum), 16**4 = 65,536 values, so a start a user types is seldom the
#: start of several ids in a corpus of a few thousand. Not tuned.
MIN_PREFIX = 4

#: Characters of a full id (hex SHA-256).
ID_LENGTH = 64

_HEX = re.compile(r"[0-9a-f]+")


def full_id(conn: sa.Connection, column: sa.Column, given: str, what: tuple[str, str]
            ) -> str | None:
    """The full id in ``column`` (an indexed string column of ids: ``articles.id``,
    ``stories.id``) that ``given`` names: ``given`` itself when stored, else the one id that
    starts with ``given`` (hex, case ignored, at least :data:`MIN_PREFIX` characters), else
    None (nothing stored by that id or start; ``given`` empty, or not hex and not an id).
    ``what`` is the record's noun, singular and plural (``("story", "stories")``), for the
    messages. Raises :class:`~dateline.errors.IdPrefixError` when ``given`` is hex but shorter
    than :data:`MIN_PREFIX` (the message gives the minimum) or the start of several ids (the
    message names two of them and says to give more)."""
    given = clean(given).strip()
    if not given:
        return None
    if conn.execute(sa.select(column).where(column == given)).scalar_one_or_none() is not None:
        return given
    start = given.lower()
    if not _HEX.fullmatch(start) or len(start) > ID_LENGTH:
        return None
    if len(start) < MIN_PREFIX:
        raise IdPrefixError(f"{what[0]} id {given} is too short: give at least {MIN_PREFIX} "
                            "characters of it (the lists print 12)")
    # every id starting with `start` lies between it and it followed by f's: hex digits sort
    # the same in every collation, so this is an index range on SQLite and PostgreSQL alike
    ids = [i for i in conn.execute(
        sa.select(column).where(column >= start, column <= start + "f" * (ID_LENGTH - len(start)))
        .order_by(column).limit(2)).scalars() if i.startswith(start)]
    if len(ids) > 1:
        raise IdPrefixError(f"{what[0]} id {given} is the start of several {what[1]}' ids "
                            f"({ids[0][:16]}..., {ids[1][:16]}..., ...): give more of it")
    return ids[0] if ids else None
