"""Timestamps as news pages print them -> ISO 8601 strings with the page's own UTC offset.

``parse_timestamp("Tuesday 01 February 2022 13:18 EST")`` gives ``"2022-02-01T13:18:00-05:00"``.
Our own reader, in four steps on one short line:

1. the label ("Published", "Updated", "Atualizado em", "Mis à jour le": ``data/date_words.json``)
   is taken off; it gives the role and, outside English, says numeric dates are day first;
2. the zone: ``GMT+2``, a numeric offset, or an abbreviation (:mod:`dateline.extract.clock`:
   fixed offsets; DST-neutral names such as ``ET`` resolved through the IANA database (zoneinfo)
   on the stated date; an ambiguous one such as ``IST`` read as the page's zone when that is one
   of its readings);
3. the date: ISO-like ``2025-03-25`` and ``2025.03.25.``, numeric ``05.03.2025`` (dots: day
   first) and ``05/03/2025`` (day first on a day-first page, see :class:`PageClock`), CJK
   ``2025年3月5日`` and ``3月5日`` (year from the page), and month names in English, Spanish,
   Portuguese, French, German, Italian, Dutch, Scandinavian languages, Hungarian, Polish, Czech,
   Russian and Turkish;
4. the time of day: ``12:40``, ``2.05pm``, ``7:45 a.m.``, ``12h40``, ``16:10 Uhr``, ``18時05分``.

A time with no zone takes the page's zone (with its daylight-saving rule on that date) when the
page's :class:`PageClock` knows it, else stays naive. dateparser is not used here: it reads every
line of every text scrape, and dateparser's search costs milliseconds a line.
"""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from dateline import datafiles
from dateline.extract.clock import (  # noqa: F401 - re-exported
    PageClock,
    local_offset,
    offset_text,
    order_dates,
    take_zone,
    with_time,
    zone_offset,
)
from dateline.model import has_utc_moment

log = logging.getLogger(__name__)

#: A timestamp line longer than this (code points, after its label) is prose, not a timestamp.
MAX_TIMESTAMP_CHARS = 90
#: At most this many words in a timestamp may be neither date words nor numbers (e.g. "by
#: Reuters"); more means prose that merely mentions a date.
MAX_OTHER_WORDS = 2


@dataclass(frozen=True)
class Stamp:
    """One timestamp read from a line: ``day``, the time of day (``None`` when not printed)
    and the UTC offset (``None`` when not known)."""

    day: date
    time: tuple[int, int, int] | None
    offset: timedelta | None

    def iso(self) -> str:
        """ISO 8601: ``2025-03-05T12:40:00+01:00``, ``2025-03-05T12:40:00`` or ``2025-03-05``."""
        if self.time is None:
            return self.day.isoformat()
        value = datetime(self.day.year, self.day.month, self.day.day, *self.time)
        if self.offset is not None:
            value = value.replace(tzinfo=timezone(self.offset))
        return value.isoformat()


def _data(name: str):
    return datafiles.json_data("dateline.extract", name)


@lru_cache(maxsize=1)
def _words():
    raw = _data("date_words.json")
    months: dict[str, int] = {}
    for names in raw["months"].values():
        months.update(names)
    labels = []
    for role, by_lang in raw["labels"].items():
        for lang, phrases in by_lang.items():
            labels += [(p, role, lang) for p in phrases]
    labels.sort(key=lambda item: -len(item[0]))
    label_re = re.compile(r"^\s*(?:" + "|".join(re.escape(p) for p, _, _ in labels) +
                          r")(?![\w])(?:\s+(?:on|at))?\s*[:\-\u2013\u2014]?\s*", re.IGNORECASE)
    roles = {p: (role, lang) for p, role, lang in labels}
    ignorable = set(raw["weekdays"]) | set(raw["connectors"])
    month_alt = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    split_re = re.compile(
        r"(?=(?<![\w])(?:" + "|".join(re.escape(p) for p, _, _ in labels if p != "date") +
        r")(?![\w]))|\s[|\u2022\u00b7]\s", re.IGNORECASE)
    return months, label_re, roles, ignorable, month_alt, split_re


_ISO = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)\.?(?:T(?=\d))?")
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})([./\-])(\d{1,2})\2(\d{4}|\d{2})(?![\d])\.?")
_CJK = re.compile(r"(?:(\d{4})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_TIME = re.compile(
    r"(?<![\d.:])(\d{1,2})(?:([:.h]|[時时시]\s?)(\d{2})(?::(\d{2}))?(?:\.\d+)?[分분]?)?\s*"
    r"(a\.?\s?m\.?|p\.?\s?m\.?)?(?![\w:])", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d.:])((?:19|20)\d{2})(?![\d:])")
_ORDINAL = r"(?:st|nd|rd|th|er|º|\.)?"
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _month_patterns() -> tuple[re.Pattern, re.Pattern]:
    """The day-month and month-day patterns of :func:`_date` (any case), compiled once: built
    as f-strings at every call, the long month alternation was formatted, hashed and compared
    again by ``re``'s cache on each line read."""
    month_alt = _words()[4]
    day_month = re.compile(
        rf"(?<![\d:.])(\d{{1,2}}){_ORDINAL}\s*(?:de\s+|of\s+)?({month_alt})\.?(?![\w])"
        rf"(?:,?\s*(?:de\s+)?(\d{{4}}))?", re.IGNORECASE)
    month_day = re.compile(
        rf"(?<![\w])({month_alt})\.?\s+(\d{{1,2}}){_ORDINAL}(?![\d:.]\d)(?:,?\s+(\d{{4}}))?(?!\d)",
        re.IGNORECASE)
    return day_month, month_day


def _label(s: str) -> tuple[str, str | None, str | None]:
    """Return ``(rest, role, language)`` with the label of ``s`` taken off."""
    _, label_re, roles, _, _, _ = _words()
    match = label_re.match(s)
    if not match:
        return s, None, None
    phrase = re.sub(r"(?:\s+(?:on|at))?\s*[:\-\u2013\u2014]?\s*$", "", match.group(0)).strip()
    role, lang = roles.get(phrase.lower(), (None, None))
    return s[match.end():], role, lang


def _valid(year: int, month: int, day: int) -> date | None:
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return date(year, month, day)


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def _date(s: str, day_first: bool | None,
          clock: PageClock) -> tuple[date, list[tuple[int, int]]] | None:
    """Return the date in ``s`` and the spans of ``s`` it was read from."""
    months = _words()[0]
    m = _ISO.search(s)
    if m:
        found = _valid(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        return (found, [m.span()]) if found else None
    m = _CJK.search(s)
    if m:
        year = int(m.group(1)) if m.group(1) else clock.year
        found = _valid(year, int(m.group(2)), int(m.group(3))) if year else None
        return (found, [m.span()]) if found else None
    m = _NUMERIC.search(s)
    if m:
        a, b, year = int(m.group(1)), int(m.group(3)), _year(m.group(4))
        first = day_first if day_first is not None else m.group(2) == "."
        if a > 12:
            first = True
        elif b > 12:
            first = False
        found = _valid(year, b, a) if first else _valid(year, a, b)
        return (found, [m.span()]) if found else None
    day_month_re, month_day_re = _month_patterns()
    day_month = day_month_re.search(s)
    month_day = month_day_re.search(s)
    m = day_month or month_day
    if day_month and month_day and month_day.start() < day_month.start() and month_day.group(3):
        m = month_day
    if m is None:
        return None
    if m is day_month:
        day, month, year_text = m.group(1), m.group(2), m.group(3)
    else:
        month, day, year_text = m.group(1), m.group(2), m.group(3)
    spans = [m.span()]
    if year_text is not None:
        year = int(year_text)
    else:
        masked = s[:m.start()] + " " * (m.end() - m.start()) + s[m.end():]
        other = _YEAR.search(masked)
        year = int(other.group(1)) if other else clock.year
        if other:
            spans.append(other.span())
    if not year:
        return None
    found = _valid(year, months[month.lower()], int(day))
    return (found, spans) if found else None


def _time(s: str) -> tuple[int, int, int] | None:
    for m in _TIME.finditer(s):
        hour, sep, minute, second, ampm = m.groups()
        if sep is None and ampm is None:
            continue  # a bare number is no time of day
        hour, minute, second = int(hour), int(minute or 0), int(second or 0)
        if ampm:
            if not 1 <= hour <= 12:
                continue
            pm = ampm.lower().startswith("p")
            hour = hour % 12 + (12 if pm else 0)
        if hour < 24 and minute < 60 and second < 60:
            return hour, minute, second
    return None


def read_timestamp(text: str, clock: PageClock | None = None) -> tuple[Stamp, str | None] | None:
    """Return the :class:`Stamp` of one short line and its role (``"published"``,
    ``"updated"`` or ``None`` with no label), or ``None`` when the line holds no date (see
    :func:`parse_timestamp`). Never raises."""
    try:
        return _read(text, clock or PageClock())
    except (ValueError, OverflowError, KeyError) as exc:  # odd numbers in odd input
        log.debug("not a timestamp: %r (%s)", text[:80], exc)
        return None


def _read(text: str, clock: PageClock) -> tuple[Stamp, str | None] | None:
    s = " ".join(text.split()).replace("\u2212", "-")
    s, role, lang = _label(s)
    if not s or len(s) > MAX_TIMESTAMP_CHARS:
        return None
    s, offset, neutral, zone_first = take_zone(s, clock)
    day_first = clock.day_first
    if zone_first is not None and day_first is None:
        day_first = zone_first
    if lang and lang != "en" and day_first is None:
        day_first = True
    found = _date(s, day_first, clock)
    if found is None:
        return None
    day, spans = found
    chars = list(s)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    rest = "".join(chars)
    hms = _time(rest)
    if hms is not None:
        rest = _TIME.sub(" ", rest, count=1)
    months, _, _, ignorable, _, _ = _words()
    others = [w for w in re.findall(r"[^\W\d]+\.?", rest)
              if w.lower().rstrip(".") not in ignorable and w.lower().rstrip(".") not in months]
    if len(others) > MAX_OTHER_WORDS:
        return None
    if hms is not None and offset is None:
        local = datetime(day.year, day.month, day.day, *hms)
        if neutral is not None:
            offset = zone_offset(neutral, local)
        elif clock.zone:
            offset = local_offset(clock.zone, local)
    stamp = Stamp(day, hms, offset if hms is not None else None)
    if stamp.time is not None and stamp.offset is not None and \
            not has_utc_moment(datetime.fromisoformat(stamp.iso())):
        return None  # a moment with no UTC time (31 December 9999, 23:30 EST)
    return stamp, role


def parse_timestamp(text: str, clock: PageClock | None = None) -> str | None:
    """Return the date or date-time in ``text`` as ISO 8601, or ``None`` when it holds none.

    ``text`` is one short line such as ``"Published 9 March 2023, 18:42 GMT"``. With a time and
    a zone (abbreviation, ``GMT+2`` or a numeric offset) the result carries that offset
    (``"2023-03-09T18:42:00+00:00"``); with a time and no zone it takes ``clock.zone``'s offset
    on that date, or is a naive local time (``"2023-03-09T18:42:00"``); with no time it is a bare
    date (``"2023-03-09"``). A line with no date, a date with no year (and no ``clock.year``), or
    longer than ``MAX_TIMESTAMP_CHARS`` gives ``None``. Never raises.
    """
    found = read_timestamp(text, clock)
    return found[0].iso() if found else None


def find_timestamps(line: str, clock: PageClock | None = None) -> list[tuple[str, str]]:
    """Return ``(role, iso)`` pairs for the timestamps in one line, in order.

    ``role`` is ``"updated"`` for a segment labelled "Updated"/"Modified" (or their equivalents
    in ``data/date_words.json``), else ``"published"``. The line is cut before each label and at
    ``|``/bullet separators, so ``"Published 3 May 2021 | Updated 4 May 2021"`` gives both.
    Never raises.
    """
    if not _DIGIT.search(line):  # every date form holds a digit: no digit, no timestamp
        return []
    *_, split_re = _words()
    found = []
    for segment in split_re.split(line):
        if not segment or not segment.strip():
            continue
        read = read_timestamp(segment, clock)
        if read is None:
            continue
        stamp, role = read
        found.append((role if role == "updated" else "published", stamp.iso()))
    return found


def time_of_day(text: str, clock: PageClock | None = None) -> str | None:
    """Return the time printed alone on a short line (``"12:40 GMT"``, ``"kl. 18:10"``) as
    ``HH:MM:SS`` plus its offset when stated (``"12:40:00+00:00"``), or ``None`` when the line
    holds a date, no time, or other words. Never raises."""
    clock = clock or PageClock()
    s = " ".join(text.split())
    s, _, _ = _label(s)
    if not s or len(s) > 30:
        return None
    s, offset, neutral, _ = take_zone(s, clock)
    hms = _time(s)
    if hms is None or _YEAR.search(s):
        return None
    rest = _TIME.sub(" ", s, count=1)
    _, _, _, ignorable, _, _ = _words()
    if any(w.lower().rstrip(".") not in ignorable for w in re.findall(r"[^\W\d]+\.?", rest)):
        return None
    out = "{:02d}:{:02d}:{:02d}".format(*hms)
    if neutral:
        return out + "~" + neutral
    if offset is not None:
        return out + offset_text(offset)
    return out


