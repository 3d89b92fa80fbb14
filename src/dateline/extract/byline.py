"""Author names from a byline: ``"By Jane Doe and John Roe, Transport correspondents"``.

``parse_byline`` takes off the opening ("By", "Written by": ``data/byline_prefixes.txt``), e-mail
addresses, handles and bracketed asides, cuts the byline at separators and timestamps, splits the
names at commas, "and", "&" and "with", drops segments that are roles or desks
(``data/byline_roles.txt``) and places ("in Kyiv"), and keeps what looks like a name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dateline import datafiles

#: A name has at most this many words ("Mary Anastasia O'Grady" has 3; particles count).
MAX_NAME_WORDS = 5
#: Lower-case particles of personal names ("van", "de", "bin"; ``data/name_particles.txt``).
_PARTICLES = datafiles.words("dateline.extract", "name_particles.txt")
_CUT = re.compile(r"\s[|\u2022\u00b7]\s|\s[\u2013\u2014-]\s|\b(?:updated|published|posted)\b"
                  r"|\d{1,2}:\d{2}|\d{4}", re.IGNORECASE)
_SPLIT = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*|\s+with\s+|\s*;\s*|\s+\+\s+", re.IGNORECASE)
_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|[\w.+\-]+@[\w.\-]+\.\w+|@\w+|https?://\S+|www\.\S+")
_DOMAIN = re.compile(r"\w\.\w{2,}")
_PLACE = re.compile(r"\s+(?:in|at|for|from|on)\s+\S.*$", re.IGNORECASE)
_NAME_WORD = re.compile(
    r"^(?:(?:al|el|ad|ad|ibn|bin|d|l|o|mc|mac)[\-'\u2019])?(?:[A-Z\u00c0-\u00de][\w'\u2019.\-]*|[A-Z]\.)$")


def _data_lines(name: str) -> tuple[str, ...]:
    return datafiles.lines("dateline.extract", name)


@lru_cache(maxsize=1)
def _tables() -> tuple[re.Pattern, frozenset[str], frozenset[str]]:
    prefixes = sorted(_data_lines("byline_prefixes.txt"), key=len, reverse=True)
    prefix_re = re.compile(r"^\s*(?:" + "|".join(re.escape(p) for p in prefixes) + r")\b[:\s]*",
                           re.IGNORECASE)
    roles = frozenset(w.lower() for w in _data_lines("byline_roles.txt"))
    agencies = frozenset(_data_lines("byline_agencies.txt"))
    return prefix_re, roles, agencies


def has_byline_prefix(text: str) -> bool:
    """Return True when ``text`` opens like a byline ("By ...", "Written by ...")."""
    prefix_re, _, _ = _tables()
    match = prefix_re.match(text)
    return bool(match) and not text[:match.end()].strip().lower().startswith("from")


def parse_byline(text: str) -> list[str]:
    """Return the author names in a byline, in order, without "By", roles or places.

    ``"By Jane Doe and John Roe, Transport correspondents"`` -> ``["Jane Doe", "John Roe"]``;
    ``"Ann Lee, Bo Ode and Cai Wu"`` -> three names. A name has 2 to ``MAX_NAME_WORDS`` words
    (single words and web addresses are publishers: "Futurism", "Cleveland.com"). Names
    printed in capitals are title-cased. Agency bylines ("Associated Press", "Reuters") are kept
    as names. A text with no name-like segment gives ``[]``. Never raises.
    """
    prefix_re, roles, agencies = _tables()
    s = " ".join(text.split())
    s = prefix_re.sub("", s, count=1)
    s = _NOISE.sub(" ", s)
    cut = _CUT.search(s)
    if cut:
        s = s[:cut.start()]
    names: list[str] = []
    for piece in _SPLIT.split(s):
        piece = piece.strip(" .:;,'\"\u2018\u2019\u201c\u201d")
        piece = prefix_re.sub("", piece, count=1)
        if not piece:
            continue
        if piece in agencies:
            names.append(piece)
            continue
        piece = _PLACE.sub("", piece)
        words = piece.split()
        if not words or len(words) > MAX_NAME_WORDS:
            continue
        if any(w.lower().strip(".,") in roles for w in words):
            continue
        if piece.isupper() and len(piece) > 3:
            words = [w.capitalize() if "-" not in w else
                     "-".join(p.capitalize() for p in w.split("-")) for w in words]
        if len(words) < 2 or any(_DOMAIN.search(w) for w in words):
            continue  # "Futurism", "Cleveland.com": a publisher, not a person
        if all(_NAME_WORD.match(w) or w.lower() in _PARTICLES for w in words) and \
                _NAME_WORD.match(words[0]):
            name = " ".join(words)
            if name not in names:
                names.append(name)
    return names
