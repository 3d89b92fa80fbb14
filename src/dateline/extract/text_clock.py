"""The clock of a plain-text page: whether its numeric dates are day first (issue 12, item 2).

An HTML page says its locale (``lang``, ``og:locale``, the host's country ending; see
:func:`dateline.extract.page_dates.page_clock`); a text scrape says it only through what it
prints. :func:`text_clock` reads the signs of ``data/text_locale.json`` (currency signs,
international dialling codes, the host endings of addresses in the text, British and American
spellings) and the page's language (py3langid, :mod:`dateline.extract.language`): a page with
signs of a day-first country (the UK, Ireland, continental Europe, Australia ...) or in a
language other than English, and no sign of the United States, reads ``02/04/2025`` as 2 April.
With signs of both sides, or of neither, the clock says nothing (``day_first=None``) and the
text path reads dates as it always has (slashes month first unless a line's zone or label says
otherwise; :func:`dateline.extract.timestamps.parse_timestamp`). The zone stays unknown: a
country told from its currency is too weak to put a UTC offset on a printed time.

Only a page that prints an ambiguous numeric date (both numbers 12 or under) is read
for signs at all: on every other page the answer would change nothing. The text path asks a
:class:`TextClock`, which reads them only when a timestamp line holds such a date.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dateline import datafiles
from dateline.extract.clock import PageClock
from dateline.extract.language import detect_language

#: A numeric date whose day and month can swap (``02/04/2025``, ``2-4-25``; not ``04.04.2025``).
_AMBIGUOUS = re.compile(r"(?<![\d./-])(0?[1-9]|1[0-2])([/.-])(0?[1-9]|1[0-2])\2(?:\d{4}|\d{2})"
                        r"(?![\d/-])")
#: Prose lines (this many words or more) make the language sample (its first
#: :data:`dateline.extract.language.SAMPLE_CHARS` characters: :func:`detect_language` cuts it).
_PROSE_WORDS = 10


@lru_cache(maxsize=1)
def _signs():
    raw = datafiles.json_data("dateline.extract", "text_locale.json")

    def host_pattern(endings: list[str]) -> re.Pattern[str]:
        # an address: a label (any case: "Amazon.co.uk") then the ending, not inside a longer
        # word or host
        alternatives = "|".join(sorted((re.escape(e) for e in endings), key=len, reverse=True))
        return re.compile(rf"(?<![\w.@-])(?:[A-Za-z0-9-]+\.)*[A-Za-z0-9-]{{2,}}\.(?:{alternatives})"
                          rf"(?![\w-]|\.[a-z])")

    def phone_pattern(codes: list[str]) -> re.Pattern[str]:
        alternatives = "|".join(re.escape(c) for c in sorted(codes, key=len, reverse=True))
        # a number: the code, then at least 7 more digits, one separator apart at most
        return re.compile(rf"(?<![\w+])(?:{alternatives})[ (.-]*(?:\d[ ().-]{{0,2}}){{7,}}")

    british = {b: a for b, a in raw["spellings"]}
    return {
        "currency": raw["currency"],
        "phone": {side: phone_pattern(codes) for side, codes in raw["phone"].items()},
        "domains": {side: host_pattern(ends) for side, ends in raw["domains"].items()},
        "us_phone": re.compile(raw["us_phone"]),
        "british": frozenset(british),
        "american": frozenset(british.values()),
        "min_spellings": int(raw["min_spellings"]),
    }


def locale_signs(text: str) -> tuple[set[str], set[str]]:
    """Return the kinds of sign (``"currency"``, ``"phone"``, ``"domain"``, ``"spelling"``)
    that ``text`` gives for a day-first country and for the United States, as two sets."""
    signs = _signs()
    day_first: set[str] = set()
    month_first: set[str] = set()
    money = {side: sum(text.count(sign) for sign in marks)
             for side, marks in signs["currency"].items()}
    if money["day_first"] > money["month_first"]:
        day_first.add("currency")
    for side, found in (("day_first", day_first), ("month_first", month_first)):
        if signs["phone"][side].search(text):
            found.add("phone")
        if signs["domains"][side].search(text):
            found.add("domain")
    if signs["us_phone"].search(text):
        month_first.add("phone")
    words = set(re.findall(r"[a-z]+", text.lower()))
    british = len(words & signs["british"])
    american = len(words & signs["american"])
    if british - american >= signs["min_spellings"]:
        day_first.add("spelling")
    elif american - british >= signs["min_spellings"]:
        month_first.add("spelling")
    if month_first and money["month_first"] > money["day_first"]:
        month_first.add("currency")  # dollars count only beside another sign of the US
    return day_first, month_first


def _language(text: str) -> str | None:
    prose = [line for line in text.splitlines() if len(line.split()) >= _PROSE_WORDS]
    return detect_language("\n".join(prose)) if prose else None


def text_clock(text: str) -> PageClock:
    """Return the :class:`~dateline.extract.clock.PageClock` of a plain-text page (``zone``
    and ``year`` ``None``): ``day_first=True`` when it prints an ambiguous numeric date and
    gives a sign of a day-first country or is not in English, with no sign of the United States
    (see the module docstring); else ``day_first=None``. Never raises on any string."""
    return _signed_clock(text) if _AMBIGUOUS.search(text) else PageClock()


def _signed_clock(text: str) -> PageClock:
    day_first, month_first = locale_signs(text)
    if month_first:
        return PageClock()
    if not day_first:
        language = _language(text)
        if language is None or language == "en":
            return PageClock()
    return PageClock(day_first=True)


class TextClock:
    """The clock of one plain-text page, read only when needed: :meth:`for_line` gives
    :func:`text_clock`'s answer for a line that prints an ambiguous numeric date (the page's
    signs are read once, on the first such line) and ``None`` (no clock: the default reading)
    for any other line, so that a page without such a line costs one search of a short line
    per timestamp candidate (reading the signs of a page took 2 ms, the search of a whole page
    0.2 ms; text-scrapes and -modern, 2026-12-01, a loaded machine)."""

    __slots__ = ("_text", "_clock")

    def __init__(self, text: str) -> None:
        self._text = text
        self._clock: PageClock | None = None

    def for_line(self, line: str) -> PageClock | None:
        """Return the page's clock for ``line`` (one line of the page), or ``None``."""
        if not _AMBIGUOUS.search(line):
            return None
        if self._clock is None:
            self._clock = _signed_clock(self._text)
        return self._clock
