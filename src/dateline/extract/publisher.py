"""The publisher of a plain-text scrape, from the chrome lines that name it.

Two kinds of line name the site: a notification prompt ("Stay up to date with notifications from
The Independent", "Get news alerts from NAME") and a copyright line ("© 2024 The Midland
Courier. All rights reserved.", "Copyright © 2019, Los Angeles Times | Terms of Service").
The prompt names the publication and wins; a copyright line names its owner, often a company
("NYP Holdings, Inc."). A "© NAME" line with neither a year nor "all rights reserved" is a
photo credit, not the publisher.
"""

from __future__ import annotations

import re

#: A publisher name has at most this many words ("Telegraph Media Group Limited" has 4).
MAX_NAME_WORDS = 8

_NOTIFY = re.compile(r"\b(?:notifications?|alerts|updates)\s+from\s+"
                     r"(?P<name>[A-Z\d][^.!?|:]{1,79}?)\s*[.!?]*$")
_COPYRIGHT = re.compile(r"(?:\u00a9|\(c\)|\(\u0441\)|\bcopyright\b)", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_RIGHTS = re.compile(r"\ball\s+rights\s+reserved\b\.?", re.IGNORECASE)
# what a copyright line says around the name: marks, years, year ranges
_NOISE = re.compile(r"\u00a9|\(c\)|\(\u0441\)|\bcopyright\b|\b(?:19|20)\d\d\b(?:\s*[-\u2013]\s*"
                    r"(?:19|20)\d\d\b)?", re.IGNORECASE)
#: A copyright line has at most this many words before its mark (a caption or a disclaimer that
#: ends in a credit has more).
MAX_WORDS_BEFORE_MARK = 11
# the name ends at a separator, a bracket, or the full stop of a sentence
_CUT = re.compile(r"\s[|\u2022\u00b7](?:\s|$)|\s[-\u2013\u2014]\s|\(|;|,\s+(?:a|an|the)\s"
                  r"|\.(?:\s|$)")
#: Company abbreviations whose full stop does not end the name.
_ABBREVIATIONS = ("Inc", "Ltd", "Co", "Corp", "LLC", "Pty", "plc", "S.A", "Bhd")
_LETTER = re.compile(r"[^\W\d_]")


def _clean(name: str) -> str | None:
    name = " ".join(name.split()).strip(" ,;:|-\u2013\u2014\"'\u201c\u201d")
    if not name.endswith(tuple(a + "." for a in _ABBREVIATIONS)):
        name = name.rstrip(".")
    if not name or not _LETTER.match(name) or len(name.split()) > MAX_NAME_WORDS:
        return None
    return name


def _first_part(rest: str) -> str:
    """``rest`` up to the first separator, bracket or sentence end (an abbreviation's full stop
    is kept)."""
    pos = 0
    while True:
        cut = _CUT.search(rest, pos)
        if cut is None:
            return rest
        if cut.group().startswith(".") and rest[:cut.start()].endswith(_ABBREVIATIONS):
            pos = cut.start() + 1
            continue
        return rest[:cut.start()]


def copyright_name(text: str) -> str | None:
    """Return the owner named by a copyright line, or ``None`` when ``text`` is not one.

    ``"\u00a9 2019 NYP Holdings, Inc. All Rights Reserved | Terms of Use"`` gives ``"NYP Holdings,
    Inc."``; ``"\u00a9 Aaron Schwartz"`` (no year, no "all rights reserved") gives ``None``."""
    match = _COPYRIGHT.search(text)
    if not match or not (_YEAR.search(text) or _RIGHTS.search(text)) \
            or len(text[:match.start()].split()) > MAX_WORDS_BEFORE_MARK:
        return None
    rest = _NOISE.sub(" ", _RIGHTS.sub(" | ", text[match.start():]))
    rest = " ".join(rest.split()).lstrip(" ,.:-")
    if rest.lower().startswith("by "):
        rest = rest[3:]
    return _clean(_first_part(rest))


def notification_name(text: str) -> str | None:
    """Return the site named by a notification prompt ("... notifications from The
    Independent", "Get breaking news alerts from NAME"), else ``None``."""
    match = _NOTIFY.search(text)
    return _clean(match.group("name")) if match else None


def find_publisher(texts: list[str]) -> str | None:
    """Return the publisher named by the lines ``texts`` (the removed chrome of one page, in page
    order): the first notification prompt's site, else the last copyright line's owner (the
    footer's line comes last), else ``None``."""
    for text in texts:
        # the words _NOTIFY needs (it holds case), tested before the search
        if " from " in text and ("notification" in text or "alerts" in text
                                 or "updates" in text):
            name = notification_name(text)
            if name:
                return name
    for text in reversed(texts):
        if len(text) < 400 and ("\u00a9" in text or "opyright" in text or "OPYRIGHT" in text
                                or "(c)" in text or "(C)" in text or "(\u0441)" in text):
            name = copyright_name(text)
            if name:
                return name
    return None
