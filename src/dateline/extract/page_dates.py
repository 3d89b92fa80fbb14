"""The times of an HTML page: ``published`` and ``updated`` with the page's own UTC offset.

Sources, best first, for each of the two: JSON-LD (``datePublished``, ``dateModified``), the
``<meta>`` tags of ``data/meta_published.txt`` and ``data/meta_updated.txt``, the visible
timestamps next to the headline (``<time>`` elements and elements whose class or id names a date
or time, read by :func:`dateline.extract.timestamps.find_timestamps` with the page's
:class:`~dateline.extract.timestamps.PageClock`; when none is marked, the first short leaf
element after the headline whose whole text is a timestamp), and, last, htmldate (Barbaresi,
JOSS 2020) with ``original_date=True`` (:func:`published_from_htmldate`), never taking the 1st
of the month htmldate makes of a day not in the calendar (``2025-02-30``). A value that is no
plausible publication time (:func:`dateline.extract.clock.plausible_time`: before 1605, or past
the time of extraction) is no candidate, whichever source gives it.

The page's clock: its zone from its locale (``lang``, ``og:locale``) or its host's country
ending (``data/page_zones.json``), day-first numerics unless the locale writes month first
(en-US), and the year of its machine-readable dates for dates printed without one.

Rules across sources (``order_dates`` is :func:`dateline.extract.clock.order_dates`): a date-only
value keeps the time another source gives for the same day
(a date-only line next to a time-only one, ``"5 March 2025"`` + ``"12:40 GMT"``, is joined); a
machine time in UTC that a visible timestamp gives at the same instant takes the visible
timestamp's offset (the page's own); machine times written without an offset take the one a
same-moment value with an offset implies (JSON-LD ``17:06:41`` beside a ``<meta>``
``22:06:41Z`` is ``17:06:41-05:00``, and so is a JSON-LD ``dateModified`` on the same clock);
``updated`` equal to ``published`` is dropped, and so is an ``updated`` earlier than
``published`` (the published time comes from the more trusted source; an earlier "update" is a
template's or a misread time, so it is dropped rather than swapped).
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from itertools import islice
from urllib.parse import urlsplit

from htmldate import find_date
from lxml import etree

from dateline import datafiles
from dateline.extract.clock import instant, order_dates, plausible_time
from dateline.extract.markup import ancestors_at, clean_text, element_string
from dateline.extract.page_byline import in_card, outside_article
from dateline.extract.timeline import TIMELINE_MIN_ENTRIES
from dateline.extract.timestamps import (
    PageClock,
    find_timestamps,
    parse_timestamp,
    time_of_day,
    with_time,
)
from dateline.model import has_utc_moment

log = logging.getLogger(__name__)

#: Ancestor levels above the headline whose subtrees hold the visible timestamps.
TIMESTAMP_SCOPE_LEVELS = (2, 4)
#: At most this many elements are read as visible timestamps.
MAX_TIMESTAMP_ELEMENTS = 40
#: Also Spanish "fecha", German, Dutch and Scandinavian "datum" (``<span class="fecha">``).
_STAMP_CLASS = re.compile("date|time|publish|updated|posted|fecha|datum")


def stamp_elements(scope):
    """Yield, in document order, the elements under ``scope`` (not itself) that may hold a
    timestamp: ``<time>``, a class holding "date", "time", "publish", "updated", "posted",
    "dateline", "fecha" or "datum", an id holding "date" or "time", ``itemprop``
    ``datePublished`` or ``dateModified``. What the XPath ``descendant::time |
    descendant::*[contains(@class,'date') or ...]`` selects, in a Python loop: libxml2 took
    six times as long."""
    elements = scope.iter(etree.Element)
    next(elements, None)  # the scope itself
    for element in elements:
        if element.tag == "time":
            yield element
            continue
        get = element.get
        cls = get("class")
        if cls is not None and _STAMP_CLASS.search(cls):
            yield element
            continue
        ident = get("id")
        if ident is not None and ("date" in ident or "time" in ident):
            yield element
        elif get("itemprop") in ("datePublished", "dateModified"):
            yield element


_UPDATED_MARK = re.compile(r"updat|modif|dateModified", re.IGNORECASE)


@cache
def _zones() -> dict:
    return datafiles.json_data("dateline.extract", "page_zones.json")


def normalise_datetime(value: str | None) -> str | None:
    """Return an ISO 8601 string for a machine-readable date from a page, or ``None``.

    Keeps the stated UTC offset (``Z`` -> ``+00:00``), drops fractions of a second, and gives
    a bare date for a day with no time. ``"2023-12-22 10:50:53 -0800"`` ->
    ``"2023-12-22T10:50:53-08:00"``. Anything else goes to
    :func:`~dateline.extract.timestamps.parse_timestamp`; unreadable gives ``None``, and so do a
    day that is not in the calendar (``"0000-00-00"``), a time whose UTC moment falls outside
    years 1-9999 (the store orders records in UTC) and a time that is no plausible publication
    time (:func:`~dateline.extract.clock.plausible_time`: ``"0001-01-01"``, ``"9999-12-31"``).
    """
    if not value or not isinstance(value, str):
        return None
    found = _normalise(value)
    return found if found and plausible_time(found) else None


def _normalise(value: str) -> str | None:
    s = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        try:
            return date.fromisoformat(s).isoformat()
        except ValueError:  # "0000-00-00", "2025-02-30"
            return None
    s = re.sub(r"(?<=\d)Z$", "+00:00", s)
    s = re.sub(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)\s*", r"\1T\2", s)
    s = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", s)
    try:
        parsed = datetime.fromisoformat(s)
    except ValueError:
        return parse_timestamp(value)
    if not has_utc_moment(parsed):  # "9999-12-31T23:00:00-05:00" is no date to keep
        return None
    return parsed.replace(microsecond=0).isoformat()


#: A day, month and year in digits as htmldate reads them (its ``YMD_PATTERN``: year first or
#: last, ``-``, ``/`` or ``.`` between).
_NUMERIC_DAY = re.compile(r"(?<!\d)(?:(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|"
                          r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}))(?!\d)")


def _in_calendar(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _impossible_day(match: re.Match) -> bool:
    """True when a :data:`_NUMERIC_DAY` match names a real month (1-12) and a day 1-31 that
    the month does not have, in every reading (``2025-02-30``, ``31.04.2025``)."""
    if match.group(1):
        readings = [(int(match.group(1)), int(match.group(2)), int(match.group(3)))]
    else:
        first, second, year = int(match.group(4)), int(match.group(5)), int(match.group(6))
        readings = [(year, second, first), (year, first, second)]
    plausible = [r for r in readings if 1 <= r[1] <= 12 and 1 <= r[2] <= 31]
    return bool(plausible) and not any(_in_calendar(*r) for r in readings)


def _has_impossible_day(value: str | None) -> bool:
    return value is not None and any(_impossible_day(m) for m in _NUMERIC_DAY.finditer(value))


def hide_impossible_days(tree) -> int:
    """Remove from ``tree``, in place, each date in digits whose day is not in the calendar
    (``2025-02-30``, ``2025-04-31T10:00:00Z``, ``31.04.2025``): a ``<meta>`` whose ``content``
    holds one, any other attribute that holds one, and the date itself from the text of elements
    (JSON-LD and other scripts included). htmldate, failing to read such a day, falls back to its
    month and gives the 1st (``2025-02-01``), a day the page never stated; without them it reads
    the page's other dates (its URL, other tags) or finds none. Returns how many it removed."""
    removed = 0
    for element in list(tree.iter(etree.Element)):
        for name, value in list(element.attrib.items()):
            if _has_impossible_day(value):
                removed += 1
                if element.tag == "meta" and name == "content" and element.getparent() is not None:
                    element.getparent().remove(element)
                    break
                del element.attrib[name]
        for part in ("text", "tail"):
            value = getattr(element, part)
            if value and _has_impossible_day(value):
                removed += 1
                setattr(element, part, _NUMERIC_DAY.sub(
                    lambda m: " " if _impossible_day(m) else m.group(0), value))
    return removed


def _month_has_impossible_day(tree, month: str) -> bool:
    """True when the serialised ``tree`` holds, in one of the digit forms htmldate reads, a day
    the month ``month`` (``"2025-02"``) does not have (``2025-02-30``, ``30.02.2025``): a
    substring test, fast enough to run on every page whose htmldate date is a 1st."""
    year, number = int(month[:4]), int(month[5:7])
    days = [d for d in (29, 30, 31) if not _in_calendar(year, number, d)]
    if not days:
        return False
    text = etree.tostring(tree, encoding=str)
    months = {f"{number:02d}", str(number)}
    return any(form in text for d in days for sep in "-/." for m in months
               for form in (f"{year}{sep}{m}{sep}{d}", f"{d}{sep}{m}{sep}{year}",
                            f"{m}{sep}{d}{sep}{year}"))


def _htmldate(tree) -> str | None:
    try:
        return find_date(tree, original_date=True, extensive_search=False,
                         outputformat="%Y-%m-%dT%H:%M:%S%z")
    except Exception as exc:  # htmldate fails on odd trees; the date is then unknown
        log.debug("htmldate failed: %s", exc)
        return None


def published_from_htmldate(tree) -> str | None:
    """Return htmldate's original publication date of a page (ISO 8601, a bare date when
    htmldate found no time of day), or ``None``; never an impossible day or the 1st htmldate
    makes of one (a 1st of a month on a page that holds an impossible day of that month is
    asked again with those days hidden, :func:`hide_impossible_days`: walking every page's
    strings would cost 10 ms a page on html-articles), nor an implausible time (see
    :func:`~dateline.extract.clock.plausible_time`). May prune ``tree`` in place."""
    found = _htmldate(tree)
    if found and found.endswith("-01T00:00:00") and _month_has_impossible_day(tree, found[:7]):
        hide_impossible_days(tree)
        found = _htmldate(tree)
    if not found:
        return None
    if found.endswith("T00:00:00"):  # htmldate's way of saying "no time of day"
        return found[:10] if plausible_time(found[:10]) else None
    return normalise_datetime(found)


def page_clock(locale: str | None, url: str | None, known: list[str | None]) -> PageClock:
    """Return the :class:`PageClock` of a page from its locale (``"en-GB"``, ``"de_DE"``), its
    URL and the ISO dates already ``known`` from its markup (their year serves dates printed
    without one)."""
    data = _zones()
    loc = (locale or "").strip().lower().replace("_", "-")
    zone = data["locales"].get(loc) or data["locales"].get(loc.split("-")[0])
    if zone is None and url:
        host = urlsplit(url).hostname or ""
        zone = data["tlds"].get(host.rsplit(".", 1)[-1]) if "." in host else None
    if loc in data["month_first"]:
        day_first: bool | None = False
    elif zone is not None or (loc and not loc.startswith("en")):
        day_first = True
    else:
        day_first = None
    year = next((int(k[:4]) for k in known if k and re.match(r"\d{4}-", k)), None)
    if year is None and url:
        match = re.search(r"/((?:19|20)\d\d)/", url)
        year = int(match.group(1)) if match else None
    return PageClock(zone=zone, day_first=day_first, year=year)


def visible_times(anchor, clock: PageClock) -> dict[str, list[str]]:
    """Return the visible timestamps near the headline element ``anchor``:
    ``{"published": [iso, ...], "updated": [...], "time": [time_of_day, ...]}`` in page order
    (``time``: times printed alone, see :func:`~dateline.extract.timestamps.time_of_day`)."""
    found: dict[str, list[str]] = {"published": [], "updated": [], "time": []}
    if anchor is None:
        return found
    headline_path = frozenset(anchor.iterancestors())
    seen: set = set()
    scopes = list(ancestors_at(anchor, TIMESTAMP_SCOPE_LEVELS))
    parent = anchor.getparent()
    if not scopes and parent is not None and parent.tag not in ("body", "html"):
        # a shallow page (``<body><article><h1>``): the levels end at ``body`` before the
        # first one, and the headline's own container holds its timestamp
        scopes = [parent]
    for scope in scopes:
        for element in islice(stamp_elements(scope), MAX_TIMESTAMP_ELEMENTS):
            if element in seen or element.tag in ("script", "style", "meta", "link", "body"):
                continue
            seen.add(element)
            if outside_article(element) or in_card(element, headline_path):
                continue
            _read_element(element, clock, found)
        if found["published"] or found["updated"]:
            break
    if not (found["published"] or found["updated"] or found["time"]):
        _unmarked_stamp(anchor, clock, found)
    _live_entries(found)
    return found


#: Elements after the headline (its following siblings and what they hold) read for a
#: timestamp that no class or ``<time>`` marks, and the longest text such a line has.
UNMARKED_SCAN = 12
UNMARKED_MAX_CHARS = 60


def _unmarked_stamp(anchor, clock: PageClock, found: dict[str, list[str]]) -> None:
    """Add, in place, the timestamp of the first leaf element among the ``UNMARKED_SCAN`` after
    the headline ``anchor`` whose whole text is one (``<span>2025年03月18日 09:30</span>`` in an
    unclassed ``<div>`` under the headline); the scan stops at a longer text, the body."""
    scanned = 0
    for sibling in anchor.itersiblings():
        for element in sibling.iter(etree.Element):
            scanned += 1
            if scanned > UNMARKED_SCAN:
                return
            text = clean_text(element.text or "") if len(element) == 0 else ""
            if len(text) > UNMARKED_MAX_CHARS:
                return
            iso = parse_timestamp(text, clock) if text else None
            if iso and plausible_time(iso):
                found["published"].append(iso)
                return


#: A headline's scope with this many visible timestamps at distinct instants, all within
#: ``LIVE_SPAN`` of each other, is a live blog's entries (the same minimum as the text path's
#: timeline, :data:`dateline.extract.timeline.TIMELINE_MIN_ENTRIES`; the span is the team's
#: choice, not tuned: times months apart are dates the article cites).
LIVE_ENTRIES_MIN = TIMELINE_MIN_ENTRIES
LIVE_SPAN = timedelta(days=7)


def _live_entries(found: dict[str, list[str]]) -> None:
    """Make, in place, a live blog's entry times (at least ``LIVE_ENTRIES_MIN`` visible
    published times, all with an offset, at distinct instants within ``LIVE_SPAN``) give its
    earliest entry as the ``published`` candidate and its latest as an ``updated`` one (after
    any labelled update): the page lists them newest first, so the first in page order is its
    last update."""
    values = found["published"]
    moments = [m for m in (instant(v) for v in values) if m is not None]
    if len(moments) < len(values) or len(set(moments)) < LIVE_ENTRIES_MIN:
        return
    pairs = sorted(zip(moments, values, strict=True), key=lambda pair: pair[0])
    if pairs[-1][0] - pairs[0][0] > LIVE_SPAN:
        return
    found["published"] = [pairs[0][1]]
    found["updated"] = [*found["updated"], pairs[-1][1]]


def _read_element(element, clock: PageClock, found: dict[str, list[str]]) -> None:
    marks = " ".join(filter(None, (element.get("class"), element.get("itemprop"),
                                   element.get("id"))))
    parent = element.getparent()
    context = clean_text(parent.text or "") if parent is not None else ""
    updated = bool(_UPDATED_MARK.search(marks)) or bool(re.search(r"updat", context, re.I))
    machine = element.get("datetime") if element.tag == "time" else None
    if machine:
        iso = normalise_datetime(machine)
        if iso:
            found["updated" if updated else "published"].append(iso)
            return
    raw = element_string(element)
    if len(raw) > 300:
        return
    text = clean_text(raw)
    stamps = find_timestamps(text, clock)
    for role, iso in stamps:
        if plausible_time(iso):
            found["updated" if updated and role == "published" else role].append(iso)
    if not stamps:
        alone = time_of_day(text, clock)
        if alone:
            found["time"].append(alone)


def _day(iso: str) -> str:
    return iso[:10]


def _has_time(iso: str) -> bool:
    return len(iso) > 10


def _best(values: list[str | None], times: list[str], clock: PageClock) -> str | None:
    """The first candidate (the values that are not ``None`` or empty); a date-only one takes
    the time of a later candidate of the same day, or a time printed alone; a UTC one takes the
    offset of a later candidate (visible or not) at the same instant in another offset."""
    candidates = [c for c in values if c]
    if not candidates:
        return None
    best = candidates[0]
    if not _has_time(best):
        same_day = [c for c in candidates[1:] if _has_time(c) and _day(c) == best]
        if same_day:
            return same_day[0]
        if times:
            return with_time(best, times[0], clock)
        return best
    moment = instant(best)
    offset = moment.utcoffset() if moment is not None else None
    if offset is not None and offset.total_seconds() == 0:
        for other in candidates[1:]:
            other_instant = instant(other)
            if other_instant is not None and other_instant == moment and \
                    other_instant.utcoffset() != offset:
                return other
    return best


#: UTC offsets in use are whole quarter hours within 14 hours of UTC (tz database).
_OFFSET_STEP = timedelta(minutes=15)
_MAX_OFFSET = timedelta(hours=14)


def naive_offset(values: list[str | None]) -> timezone | None:
    """The UTC offset of the page's wall-clock machine times: for a time with no offset
    (``"2023-12-13T17:06:41"``) and another value of the same list (the same moment, from
    another source) with one (``"2023-12-13T22:06:41+00:00"``), their difference when it is a
    whole quarter hour within 14 hours (here ``-05:00``); else ``None``."""
    naive = [v for v in values if v and _has_time(v) and instant(v) is None]
    aware = [m for m in (instant(v) for v in values if v and _has_time(v)) if m is not None]
    for value in naive:
        try:
            wall = datetime.fromisoformat(value)
        except ValueError:
            continue
        for moment in aware:
            diff = wall - moment.astimezone(UTC).replace(tzinfo=None)
            if abs(diff) <= _MAX_OFFSET and diff % _OFFSET_STEP == timedelta(0):
                return timezone(diff)
    return None


def _with_offset(value: str | None, offset: timezone) -> str | None:
    if not value or not _has_time(value) or instant(value) is not None:
        return value
    try:
        return datetime.fromisoformat(value).replace(tzinfo=offset).isoformat()
    except ValueError:
        return value


def page_dates(ld_published: str | None, ld_modified: str | None, meta: dict[str, str],
               meta_names: tuple[tuple[str, ...], tuple[str, ...]], anchor,
               clock: PageClock) -> tuple[str | None, str | None]:
    """Return ``(published, updated)`` of a page from its JSON-LD values, its ``<meta>`` values
    (``meta``, lowercase keys; ``meta_names`` the published and updated names to read, best
    first), the visible timestamps near ``anchor`` and the page's ``clock`` (see the module
    docstring for the rules). Either may be ``None``; htmldate is not called here."""
    pub_names, upd_names = meta_names
    published: list[str | None] = [normalise_datetime(ld_published)] + [
        normalise_datetime(meta.get(k)) for k in pub_names]
    updated: list[str | None] = [normalise_datetime(ld_modified)] + [
        normalise_datetime(meta.get(k)) for k in upd_names]
    offset = naive_offset(published) or naive_offset(updated)
    if offset is not None:  # the site writes its machine times on its own clock
        published = [_with_offset(v, offset) for v in published]
        updated = [_with_offset(v, offset) for v in updated]
    first = next((v for v in published if v), None)
    if first and _has_time(first) and not first.endswith("+00:00") and any(updated):
        # the markup says it all, in the page's own offset: the visible timestamps (a third of
        # the metadata layer's time) would change nothing
        return order_dates(_best(published, [], clock), _best(updated, [], clock))
    visible = visible_times(anchor, clock)
    return order_dates(_best([*published, *visible["published"]], visible["time"], clock),
                       _best([*updated, *visible["updated"]], [], clock))
