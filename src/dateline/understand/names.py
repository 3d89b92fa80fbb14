"""Canonical-name matching: when two written names are the same person or organisation.

A name is compared by its *name tokens*: the words left once diacritics are folded ("Orbán" ->
"orban"), case is ignored, titles and honorifics are stripped ("Mr", "Prime Minister"), and a
possessive "'s" is removed. Two full names match when they hold the same tokens in any order, so
the family-name-first "Marki-Zay Peter" is "Peter Marki-Zay"; a shorter name matches a longer one
whose tokens include all of its own ("Orban" in "Viktor Orban", "Peter" in "Marki-Zay Peter").
The tokens themselves are :mod:`dateline.name_core` (spaCy-free: the store reads queries with it).

Word lists live in ``data/``: ``honorifics.txt`` (stripped from any mention), ``titles.txt`` and
``title_modifiers.txt`` (stripped from person mentions), ``roles.txt`` (role nouns of definite
descriptions, with their class), ``generic_roles.txt``, ``name_suffixes.txt`` and ``demonyms.txt``
(adjectives and short names mapped to one country or organisation key), read by
:mod:`dateline.datafiles`.
"""

from __future__ import annotations

import functools
import re

from dateline import datafiles
from dateline.name_core import alternation, core_span, data_lines, title_patterns
from dateline.name_core import name_tokens as name_tokens  # the one definition, spaCy-free
from dateline.text_fold import fold


@functools.cache
def _role_table() -> dict[str, tuple[str, str]]:
    table = {}
    for role, cls, *canonical in datafiles.rows("dateline.understand", "roles.txt", 2, 3):
        role = role.replace("-", " ")
        table[role] = (cls, canonical[0] if canonical else role)
    return table


def roles() -> dict[str, str]:
    """Return ``{role: class}`` from ``data/roles.txt`` ("prime minister" -> "head"), every
    written form included ("gov" -> "head")."""
    return {role: cls for role, (cls, _) in _role_table().items()}


def is_role(word: str) -> bool:
    """Whether ``word`` is a role of ``data/roles.txt`` (a key of :func:`roles`), without
    building that dict: for tests on every token."""
    return word in _role_table()


def canonical_role(role: str) -> str:
    """Return the role a written form stands for ("gov" -> "governor", "premier" stays)."""
    return _role_table().get(role, ("", role))[1]


def role_class(role: str) -> str:
    """Return the class of a role ("head", "minister", "descriptive", ...), "" if unknown."""
    return _role_table().get(role, ("", role))[0]


#: Roles that name no particular office and match any role of class "head"
#: (``data/generic_roles.txt``).
GENERIC_ROLES = datafiles.words("dateline.understand", "generic_roles.txt")


@functools.cache
def organisation_heads() -> frozenset[str]:
    """Nouns heading an organisation's name or description ("council", "ministry"), lower
    case (``data/organisation_heads.txt``)."""
    return datafiles.words("dateline.understand", "organisation_heads.txt")


@functools.cache
def demonyms() -> dict[str, str]:
    """Return ``{word: key}`` from ``data/demonyms.txt`` ("russian" -> "russia")."""
    return datafiles.mapping("dateline.understand", "demonyms.txt")


def affiliation_key(text: str) -> str:
    """Return the key of a country or organisation as written ("Russian", "Russia's", "the US"
    -> "russia", ..., "united states"): the demonym table's key, else the folded name."""
    start, end = core_span(text, person=False)
    key = " ".join(fold(text[start:end]).split())
    return demonyms().get(key, key)


def role_matches(described: str, held: str) -> bool:
    """Whether a description's role noun ``described`` ("leader") fits a role an entity is given
    in the article ``held`` ("president"): the same role, or a generic role for any head role."""
    if described == held:
        return True
    return described in GENERIC_ROLES and role_class(held) == "head"


def same_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two token tuples name the same referent: the same tokens in any order."""
    return bool(a) and set(a) == set(b)


def part_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether ``short`` can be a shortened reference to ``full``: all its tokens are in it
    (surname only, given name only, or a middle name dropped)."""
    return bool(short) and set(short) <= set(full)


def is_title(text: str) -> bool:
    """Whether ``text`` is a title or honorific alone ("Prime Minister", "Mr")."""
    _, title = title_patterns()
    m = title.fullmatch(fold(text).strip() + " ")
    return m is not None


@functools.cache
def _title_suffix() -> re.Pattern[str]:
    titles = alternation(data_lines("titles.txt") + data_lines("honorifics.txt"))
    return re.compile(rf"(?<![\w-])(?:{titles})\.?\s+$")


def title_before(text: str, *, person: bool = True) -> bool:
    """Whether ``text`` (what precedes a name) ends with a title or honorific and a space
    ("... Prime Minister ", "Mr "). With ``person`` false only a capitalised title counts."""
    tail = text[-40:]
    m = _title_suffix().search(fold(tail))
    return m is not None and (person or tail[m.start()].isupper())


def title_ending(text: str) -> str | None:
    """The title or honorific that ends ``text`` (what precedes a name), folded, without its
    full stop and with single spaces: ``"Hungary's Prime Minister "`` -> ``"prime minister"``,
    ``"said Mr. "`` -> ``"mr"``; None when ``text`` does not end with one (the test of
    :func:`title_before` with ``person`` true). For a name's roles across articles
    (:mod:`dateline.corpus.entity_links`)."""
    m = _title_suffix().search(fold(text[-40:]))
    if m is None:
        return None
    return " ".join(m.group().replace(".", " ").split())


@functools.cache
def _places() -> dict[str, str]:
    table = dict(datafiles.mapping("dateline.understand", "places.txt"))
    for country in set(demonyms().values()):
        table.setdefault(country, "GPE")
    return table


def place_type(name: str) -> str | None:
    """Return the entity type of a well-known place written ``name`` ("Kiev" -> "GPE",
    "Crimea" -> "LOC", any country of ``demonyms.txt`` -> "GPE"), None for other names."""
    return _places().get(" ".join(fold(name).split()))
