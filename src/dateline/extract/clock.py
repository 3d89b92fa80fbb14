"""The clock of a page: its zone and day order, zone abbreviations read as UTC offsets, a day
joined with a time printed elsewhere, the order of ``published`` and ``updated``, and which
times a news page can have been published at (:func:`plausible_time`).

Zone abbreviations come from ``data/timezones.json``: fixed offsets (``EST`` -5 h, ``CEST`` +2 h),
DST-neutral names (``ET``, ``PT``) resolved through the IANA tz database (zoneinfo) on the stated
date, and ambiguous ones (``IST``: India, Ireland, Israel) read as the page's zone when that is one
of their readings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateline import datafiles


@dataclass(frozen=True)
class PageClock:
    """What a page says about how it prints times.

    ``zone``: the page's IANA zone name (``"Europe/London"``) or ``None``; ``day_first``: whether
    ambiguous numeric dates (``05/03/2025``) are day first (``None``: unknown, month first unless
    the line's zone or label says otherwise); ``year``: the year for dates printed without one
    (``3月5日``), or ``None``.
    """

    zone: str | None = None
    day_first: bool | None = None
    year: int | None = None


def _data(name: str):
    return datafiles.json_data("dateline.extract", name)


@lru_cache(maxsize=1)
def _zones():
    raw = _data("timezones.json")
    fixed, iana = raw["fixed"], raw["iana"]
    names = sorted(set(fixed) | set(iana), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w+\-])(" + "|".join(names) + r")(?![\w])")
    return fixed, iana, raw["ambiguous"], frozenset(raw["day_first"]), pattern


def zone_offset(abbreviation: str, on: datetime | None = None,
                page_zone: str | None = None) -> timedelta | None:
    """Return the UTC offset of a zone abbreviation (``"EST"`` -> ``-5 h``), or ``None``.

    DST-neutral names (``ET``, ``PT``) need the local date ``on`` (naive) to pick standard or
    summer time; without it they give ``None``. An ambiguous abbreviation takes the reading of
    ``page_zone`` (an IANA name) when that is one of its readings (``IST`` on an Irish page is
    +01:00, else India's +05:30).
    """
    fixed, iana, ambiguous, _, _ = _zones()
    if page_zone and page_zone in ambiguous.get(abbreviation, {}):
        return timedelta(minutes=ambiguous[abbreviation][page_zone])
    if abbreviation in fixed:
        return timedelta(minutes=fixed[abbreviation])
    if abbreviation in iana and on is not None:
        return on.replace(tzinfo=ZoneInfo(iana[abbreviation])).utcoffset()
    return None


def local_offset(zone: str, on: datetime) -> timedelta | None:
    """Return the UTC offset of IANA zone ``zone`` at the naive local time ``on`` (daylight
    saving included), or ``None`` for an unknown zone name."""
    try:
        return on.replace(tzinfo=ZoneInfo(zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return None


_GMT_OFFSET = re.compile(r"\b(?:UTC|GMT)\s*([+\-\u2212])\s*(\d{1,2})(?::?(\d{2}))?\b")
_CLOCK_TIME = re.compile(r"\d:\d\d")
_NUM_OFFSET = re.compile(r"(?<=[\d\s])([+\-\u2212])(\d{2}):?(\d{2})\b|(?<=\d)Z\b")


def take_zone(s: str, clock: PageClock) -> tuple[str, timedelta | None, str | None, bool | None]:
    """Take the zone off ``s``: ``(rest, fixed offset, DST-neutral abbreviation, day_first)``."""
    fixed, iana, ambiguous, day_first_zones, zone_re = _zones()
    gmt = _GMT_OFFSET.search(s)
    if gmt:
        sign = -1 if gmt.group(1) in "-\u2212" else 1
        offset = sign * timedelta(hours=int(gmt.group(2)), minutes=int(gmt.group(3) or 0))
        return s[:gmt.start()] + " " + s[gmt.end():], offset, None, None
    zone = zone_re.search(s)
    if zone:
        name = zone.group(1)
        rest = s[:zone.start()] + " " + s[zone.end():]
        first = name in day_first_zones
        if clock.zone and clock.zone in ambiguous.get(name, {}):
            return rest, timedelta(minutes=ambiguous[name][clock.zone]), None, first
        if name in fixed:
            return rest, timedelta(minutes=fixed[name]), None, first
        return rest, None, name, first
    num = _NUM_OFFSET.search(s)
    if num and num.group(0) != "Z" and _CLOCK_TIME.search(s[:num.start()]):
        sign = -1 if num.group(1) in "-\u2212" else 1
        offset = sign * timedelta(hours=int(num.group(2)), minutes=int(num.group(3)))
        return s[:num.start()] + " " + s[num.end():], offset, None, None
    if num and num.group(0) == "Z":
        return s[:num.start()] + " " + s[num.end():], timedelta(0), None, None
    return s, None, None, None


def offset_text(offset: timedelta) -> str:
    """``timedelta(hours=-5)`` -> ``"-05:00"``."""
    return datetime(2000, 1, 1, tzinfo=timezone(offset)).isoformat()[-6:]


def with_time(day_iso: str, time_text: str, clock: PageClock | None = None) -> str:
    """Return the date-only ``day_iso`` (``"2025-03-05"``) completed with a time read by
    :func:`time_of_day` (``"12:40:00+00:00"``); the page zone of ``clock`` gives the offset when
    the time states none. A ``day_iso`` that already has a time is returned as it is."""
    if len(day_iso) != 10:
        return day_iso
    clock = clock or PageClock()
    hms, _, zone = time_text.partition("~")
    hour, minute, second = (int(x) for x in hms[:8].split(":"))
    local = datetime.fromisoformat(day_iso).replace(hour=hour, minute=minute, second=second)
    offset = None
    if len(hms) > 8:
        return local.isoformat() + hms[8:]
    if zone:
        offset = zone_offset(zone, local)
    elif clock.zone:
        offset = local_offset(clock.zone, local)
    if offset is not None:
        local = local.replace(tzinfo=timezone(offset))
    return local.isoformat()


def instant(iso: str) -> datetime | None:
    """The moment an ISO 8601 string names, or None when it has no UTC offset or is not ISO."""
    try:
        value = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def _earlier(updated: str, published: str) -> bool:
    a, b = instant(updated), instant(published)
    if a is not None and b is not None:
        return a <= b  # the same moment in two offsets is no update
    if len(updated) > 10 and len(published) > 10 and a is None and b is None:
        return updated < published
    if len(updated) == 10:
        return updated <= published[:10]  # a bare day adds nothing to a same-day time
    return updated[:10] < published[:10]


def order_dates(published: str | None, updated: str | None) -> tuple[str | None, str | None]:
    """Return ``(published, updated)`` with ``updated`` dropped when it equals or precedes
    ``published`` (compared as instants when both carry offsets, so that one moment written in
    two offsets is dropped too, else as days or wall times; a
    bare updated day on the published day is dropped too). The published time comes from the
    more trusted source (or the line labelled so), so it stays: the two are never swapped."""
    if published and updated and (updated == published or _earlier(updated, published)):
        return published, None
    return published, updated


#: The earliest year a news page's ``published`` or ``updated`` may name: 1605, the year of
#: Johann Carolus's *Relation* (Strasbourg), which WAN-IFRA counts as the first newspaper.
#: Digitised archives reach back that far (Delpher's newspapers from 1618, the London Gazette
#: from 1665, Chronicling America and the British Newspaper Archive through the 18th and 19th
#: centuries), so a page of one of them keeps its date; a year before it (0001, 1000) is a
#: template's default or a misread number, not a publication date. The team's choice, not tuned.
EARLIEST_PUBLISHED_YEAR = 1605
#: How far past the moment of extraction (the extracting machine's clock, in UTC) a time may
#: lie: a page in UTC+14 dated its own "today", an embargoed page stamped with its release time,
#: a machine clock a little behind. Further ahead (9999-12-31, a year misread as 2052) is no
#: publication time. The team's choice, not tuned.
LATEST_AHEAD = timedelta(days=2)


def plausible_time(iso: str, now: datetime | None = None) -> bool:
    """True when the ISO 8601 date or date-time ``iso`` can be a news page's publication (or
    update) time: its year is :data:`EARLIEST_PUBLISHED_YEAR` or later and it lies at most
    :data:`LATEST_AHEAD` after ``now`` (an aware datetime; default: the clock now, UTC). A
    time with an offset is compared as its UTC instant, a naive time and a bare date as if in
    UTC (the margin covers any offset). False for what is not ISO 8601 or has no UTC moment.
    Every reader of a page's own ``published`` and ``updated`` applies it (HTML markup and
    visible timestamps, htmldate, the text path's header), so that another source of the page
    can give the time, and :meth:`dateline.extract.result.Extraction.article` applies it to the
    record's values. Never raises."""
    latest = (now or datetime.now(UTC)).astimezone(UTC) + LATEST_AHEAD
    try:
        if len(iso) == 10:
            day = date.fromisoformat(iso)
            return day.year >= EARLIEST_PUBLISHED_YEAR and day <= latest.date()
        moment = datetime.fromisoformat(iso)
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
        return (moment.year >= EARLIEST_PUBLISHED_YEAR
                and moment.replace(tzinfo=None) <= latest.replace(tzinfo=None))
    except (ValueError, OverflowError, TypeError):
        return False
