"""Timestamps as news pages print them -> ISO 8601 strings with the page's own UTC offset.

``parse_timestamp("Tuesday 01 February 2022 13:18 EST")`` gives ``"2022-02-01T13:18:00-05:00"``.
Zone abbreviations come from ``data/timezones.json`` (fixed offsets, plus DST-neutral names such as
``ET`` resolved through the IANA database on the stated date). Dates are read by
python-dateutil's parser once the label ("Published", "Updated ...") and the zone are taken off.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil import parser as du_parser

from dateline import datafiles

log = logging.getLogger(__name__)

#: A timestamp line longer than this (code points, after its label) is prose, not a timestamp.
MAX_TIMESTAMP_CHARS = 90

_MONTH = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DATE_EVIDENCE = re.compile(
    rf"\b(?:{_MONTH})\b\.?|\b\d{{4}}-\d{{1,2}}-\d{{1,2}}|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b",
    re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\b\d{1,2}[/.]\d{1,2}[/.]\d{2}\b")
_TIME = re.compile(r"(?<!\d)\d{1,2}[:.h]\d{2}\b|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)",
                   re.IGNORECASE)
_LABEL = re.compile(
    r"(?P<label>(?:first\s+)?published|(?:last\s+)?updated|(?:last\s+)?modified|posted|"
    r"created|date)\b(?:\s+(?:on|at))?\s*[:\-\u2013\u2014]?\s*", re.IGNORECASE)
_GMT_OFFSET = re.compile(r"\b(?:UTC|GMT)\s*([+\-\u2212])\s*(\d{1,2})(?::?(\d{2}))?\b")
_AMPM = re.compile(r"\b([ap])\.m\.", re.IGNORECASE)
_DATE_WORD = re.compile(
    rf"^(?:{_MONTH}|mon|tue|wed|thu|fri|sat|sun|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"am|pm|at|on|of|the|and|a\.m|p\.m|by|st|nd|rd|th|utc|gmt)\.?$", re.IGNORECASE)
#: At most this many words in a timestamp may be neither date words nor numbers (e.g. "by
#: Reuters"); more means prose that merely mentions a date.
MAX_OTHER_WORDS = 2
_JUNK = re.compile(r"[|\u2022\u00b7]|\bat\b|\bon\b|\(|\)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _zones() -> tuple[dict[str, int], dict[str, str], re.Pattern]:
    raw = datafiles.json_data("dateline.extract", "timezones.json")
    fixed, iana = raw["fixed"], raw["iana"]
    names = sorted(set(fixed) | set(iana), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w+\-])(" + "|".join(names) + r")(?![\w])")
    return fixed, iana, pattern


def zone_offset(abbreviation: str, on: datetime | None = None) -> timedelta | None:
    """Return the UTC offset of a zone abbreviation (``"EST"`` -> ``-5 h``), or ``None``.

    DST-neutral names (``ET``, ``PT``) need the local date ``on`` (naive) to pick standard or
    summer time; without it they give ``None``.
    """
    fixed, iana, _ = _zones()
    if abbreviation in fixed:
        return timedelta(minutes=fixed[abbreviation])
    if abbreviation in iana and on is not None:
        return on.replace(tzinfo=ZoneInfo(iana[abbreviation])).utcoffset()
    return None


def _numeric_only(name: str | None, offset: int | None) -> int | None:
    """dateutil ``tzinfos`` hook: keep numeric offsets ("+0100", "Z"), ignore names (our table
    has read the ones we know; never fall back to the machine's local zone)."""
    if offset is None and name in ("Z", "z"):
        return 0
    return offset


def parse_timestamp(text: str) -> str | None:
    """Return the date or date-time in ``text`` as ISO 8601, or ``None`` when it holds none.

    ``text`` is one short line such as ``"Published 9 March 2023, 18:42 GMT"``. With a time and
    a zone (abbreviation, ``GMT+2`` or a numeric offset) the result carries that offset
    (``"2023-03-09T18:42:00+00:00"``); with a time and no zone it is a naive local time
    (``"2023-03-09T18:42:00"``); with no time it is a bare date (``"2023-03-09"``). A line with
    no year, no month name or numeric date, or longer than ``MAX_TIMESTAMP_CHARS`` gives ``None``.
    Never raises.
    """
    try:
        return _parse(text)
    except (ValueError, OverflowError, TypeError) as exc:  # dateutil's failures on odd input
        log.debug("not a timestamp: %r (%s)", text[:80], exc)
        return None


def _parse(text: str) -> str | None:
    s = " ".join(text.split())
    match = _LABEL.match(s)
    if match:
        s = s[match.end():]
    if not s or len(s) > MAX_TIMESTAMP_CHARS:
        return None
    if not _DATE_EVIDENCE.search(s) or not _YEAR.search(s):
        return None
    fixed, iana, zone_re = _zones()
    offset: timedelta | None = None
    iana_name: str | None = None
    gmt = _GMT_OFFSET.search(s)
    if gmt:
        sign = -1 if gmt.group(1) in "-\u2212" else 1
        offset = sign * timedelta(hours=int(gmt.group(2)), minutes=int(gmt.group(3) or 0))
        s = s[:gmt.start()] + " " + s[gmt.end():]
    else:
        zone = zone_re.search(s)
        if zone:
            name = zone.group(1)
            if name in fixed:
                offset = timedelta(minutes=fixed[name])
            else:
                iana_name = iana[name]
            s = s[:zone.start()] + " " + s[zone.end():]
    has_time = bool(_TIME.search(s))
    others = [w for w in re.findall(r"[^\W\d]+\.?", s) if not _DATE_WORD.match(w)]
    if len(others) > MAX_OTHER_WORDS:
        return None
    s = _AMPM.sub(r"\1m", s)
    s = _JUNK.sub(" ", s)
    s = re.sub(r"(\d)h(\d\d)\b", r"\1:\2", s)
    s = re.sub(r"\b(\d{1,2})\.(\d{2})\b(?![./]\d)", r"\1:\2", s)
    parsed = du_parser.parse(s, fuzzy=True, default=datetime(1900, 1, 1), tzinfos=_numeric_only)
    if parsed.year == 1900:
        return None
    if not has_time:
        return parsed.date().isoformat()
    if parsed.tzinfo is None:
        if offset is not None:
            parsed = parsed.replace(tzinfo=timezone(offset))
        elif iana_name is not None:
            parsed = parsed.replace(tzinfo=ZoneInfo(iana_name))
            parsed = parsed.replace(tzinfo=timezone(parsed.utcoffset()))
    return parsed.isoformat()


_SPLIT = re.compile(r"(?=\b(?:(?:last\s+)?updated|(?:first\s+)?published|(?:last\s+)?modified|"
                    r"posted)\b)|\s[|\u2022\u00b7]\s", re.IGNORECASE)


def find_timestamps(line: str) -> list[tuple[str, str]]:
    """Return ``(role, iso)`` pairs for the timestamps in one line, in order.

    ``role`` is ``"updated"`` for a segment labelled "Updated"/"Modified", else ``"published"``.
    The line is cut before each label and at ``|``/bullet separators, so
    ``"Published 3 May 2021 | Updated 4 May 2021"`` gives both. Never raises.
    """
    found = []
    for segment in _SPLIT.split(line):
        if not segment or not segment.strip():
            continue
        iso = parse_timestamp(segment)
        if iso is None:
            continue
        role = "updated" if re.match(r"\s*(?:last\s+)?(?:updated|modified)", segment,
                                     re.IGNORECASE) else "published"
        found.append((role, iso))
    return found
