"""Dates: explicit and relative date expressions, resolved against the article's publication.

Expressions come from spaCy's DATE entities and from the patterns below (weekdays, "3rd April",
"April 3, 2022", "last week", "two days ago", a year after "in"); where they overlap the longest
wins. Each is resolved with dateparser (``RELATIVE_BASE`` = the article's ``published`` wall
time, ``PREFER_DATES_FROM`` chosen per expression):

* a weekday ("on Monday") is the last such day on or before publication, unless its sentence
  speaks of the future ("will", "could", "next", "upcoming"), then the next one;
* a day or month without a year ("3rd April", "in December") is the nearer of the past and the
  coming one (a news report speaks of the recent past and the near future);
* a span forward from publication ("in two weeks", "in three days' time", "two months from
  now") is publication plus the span, at the unit's precision (a week, a day, a month, a year);
  in a past-tense sentence ("was built in two weeks") it is a duration and left out;
* the rest ("last week", "three days ago", "2014", "13 March 2019") as dateparser reads them.

The value is ISO 8601 at the precision written: ``2022-01-31`` (a day), ``2022-W04`` (a week),
``2022-04`` (a month), ``2014`` (a year). Durations with no anchor in time ("for nearly six
weeks", "for years") are not dates and are left out; so are relative expressions of an article
with no ``published`` date.
"""

from __future__ import annotations

import functools
import logging
import re
from datetime import datetime, timedelta

from dateparser.date import DateDataParser
from dateutil.relativedelta import relativedelta
from spacy.tokens import Doc

from dateline.model import DateRef, Span
from dateline.text_fold import fold
from dateline.understand.parsed import ParsedArticle

log = logging.getLogger(__name__)

_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|"
          r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_NUMBER = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNIT = r"(?:day|week|month|year|fortnight)s?"
#: Date expressions that spaCy's small model may miss or cut short; case-insensitive.
_PATTERNS = re.compile(
    rf"\b(?:"
    rf"(?:last|next|this|past)\s+(?:{_WEEKDAY}|week|weekend|month|year|fortnight)"
    rf"|{_WEEKDAY}(?!\s+(?:mornings|afternoons|evenings|nights)\b)"
    rf"(?:\s+{_DAY}\s+{_MONTH}(?:\s+\d{{4}})?)?"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?"
    rf"|{_NUMBER}\s+{_UNIT}\s+ago"
    rf"|(?<=\bin\s){_NUMBER}\s+{_UNIT}(?:['\u2019]s?\s+time)?"
    rf"|{_NUMBER}\s+{_UNIT}\s+from\s+(?:now|today)"
    rf"|yesterday|today|tomorrow"
    rf"|(?<=\bin\s)(?:{_MONTH}\s+)?(?:1[89]|20)\d\d"
    rf")\b",
    re.IGNORECASE)
#: Words that anchor an expression in time; without one (and without a weekday, month or
#: year) an expression is a duration ("nearly six weeks") and is left out.
_ANCHORS = re.compile(
    rf"\b(?:{_WEEKDAY}|{_MONTH}|\d{{4}}|ago|last|next|this|yesterday|today|tomorrow|"
    rf"earlier|later|previous|coming)\b", re.IGNORECASE)
_EXPLICIT_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_DECADE = re.compile(r"\d0s\b|'\d0s\b")
_WEEKDAY_ONLY = re.compile(rf"(?:on\s+)?{_WEEKDAY}", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"(?:1[5-9]|20)\d\d")
_NO_YEAR = re.compile(rf"^(?:{_DAY}\s+(?:of\s+)?{_MONTH}|{_MONTH}(?:\s+{_DAY})?)$", re.IGNORECASE)
#: Expressions whose value depends on the tense of their sentence: a weekday, or a day or
#: month without a year.
_TENSE_MATTERS = re.compile(
    rf"(?:(?:on|in)\s+)?(?:{_WEEKDAY}|{_DAY}\s+(?:of\s+)?{_MONTH}|{_MONTH}(?:\s+{_DAY})?)",
    re.IGNORECASE)
#: Auxiliaries that put a weekday or a day without a year in the future.
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "would", "wo"})
#: Modals of what may yet happen ("high tides on Friday could bring more damage"): the future too,
#: unless with "have" ("could have been sent on Friday").
_MODAL_AUX = frozenset({"could", "may", "might", "should", "must"})
_PERFECT_AUX = frozenset({"have", "'ve", "has", "had"})
#: Habitual or repeated days ("on Sunday afternoons", "every Monday"): not one date.
_HABITUAL = re.compile(rf"\b(?:every|each)\b|{_WEEKDAY}s\b|"
                       r"\b(?:mornings|afternoons|evenings|nights|weekends)\b", re.IGNORECASE)
_HABITUAL_AFTER = re.compile(r"\s+(?:mornings|afternoons|evenings|nights)\b", re.IGNORECASE)
_HABITUAL_BEFORE = re.compile(r"\b(?:every|each)\s+$", re.IGNORECASE)
#: A span forward from publication: "two weeks" (after "in"), "three days' time", "a month from
#: now".
_FORWARD = re.compile(rf"^(?:in\s+({_NUMBER})\s+({_UNIT})(?:['\u2019]s?\s+time)?|(?:in\s+)?"
                      rf"({_NUMBER})\s+({_UNIT})(?:['\u2019]s?\s+time|\s+from\s+(?:now|today)))$",
                      re.IGNORECASE)
_BARE_SPAN = re.compile(rf"^{_NUMBER}\s+{_UNIT}(?:['\u2019]s?\s+time)?$", re.IGNORECASE)
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


@functools.lru_cache(maxsize=64)
def _parser(base: datetime, prefer: str) -> DateDataParser:
    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True})


def _base(published: str | None) -> datetime | None:
    if not published:
        return None
    try:
        return datetime.fromisoformat(published).replace(tzinfo=None)
    except ValueError:
        return None


def _iso(value: datetime, period: str) -> str:
    if period == "year":
        return f"{value.year:04d}"
    if period == "month":
        return f"{value.year:04d}-{value.month:02d}"
    if period == "week":
        year, week, _ = value.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return value.date().isoformat()


def _future_sentence(doc: Doc, start: int) -> bool:
    """Whether the verb the expression at ``start`` depends on speaks of the future: it has a
    "will", "shall", "'ll" or "would" auxiliary ("will reopen on Monday", "said it would open
    on Sunday") or a modal without "have" ("could bring more damage on Friday"), or is "going
    to" / "due to" / "scheduled to" do it. The walk goes up through nouns, prepositions and
    participles ("heavy rain following into Wednesday") to the first finite verb."""
    for verb in _verbs_above(doc, start):
        auxes = {fold(c.text) for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if auxes & _FUTURE_AUX or (auxes & _MODAL_AUX and not auxes & _PERFECT_AUX):
            return True
        if verb.lemma_ in ("go", "due", "schedule", "plan", "expect") and any(
                c.dep_ == "xcomp" for c in verb.children):
            return True
        if verb.tag_ != "VBG" or auxes:
            return False
    return False


def _past_sentence(doc: Doc, start: int) -> bool:
    """Whether the verb the expression at ``start`` depends on is in the past tense ("was built
    in two weeks", "finished in three days"), with no future auxiliary."""
    for verb in _verbs_above(doc, start):
        auxes = {c for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if {fold(c.text) for c in auxes} & _FUTURE_AUX:
            return False
        return verb.tag_ in ("VBD", "VBN") or any(a.tag_ == "VBD" for a in auxes)
    return False


def _verbs_above(doc: Doc, start: int):
    """Yield the verbs met walking up the parse from the token at code point ``start``, at most
    eight steps (through nouns, prepositions and participles), nearest first."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return
    token = span[0]
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX"):
            yield token
        if token.head is token:
            return
        token = token.head


def _forward(match: re.Match, base: datetime) -> str:
    number = (match.group(1) or match.group(3)).lower()
    count = int(number) if number.isdigit() else _NUMBER_WORDS[number]
    unit = (match.group(2) or match.group(4)).lower().rstrip("s")
    if unit == "fortnight":
        unit, count = "week", 2 * count
    if unit == "day":
        return _iso(base + timedelta(days=count), "day")
    if unit == "week":
        return _iso(base + timedelta(weeks=count), "week")
    if unit == "month":
        return _iso(base + relativedelta(months=count), "month")
    return _iso(base + relativedelta(years=count), "year")


def resolve(text: str, published: str | None, *, future: bool = False) -> str | None:
    """Return the ISO 8601 value of the date expression ``text`` (see the module docstring)
    against ``published`` (an ISO 8601 string; its wall time is used, not UTC), or None when it
    is not a date or cannot be resolved. ``future`` says the sentence speaks of the future.
    Results are cached: a batch of one day's news repeats its expressions."""
    return _resolve(text, published, future)


@functools.lru_cache(maxsize=4096)
def _resolve(text: str, published: str | None, future: bool) -> str | None:
    forward = _FORWARD.match(text.strip())
    if forward:
        base = _base(published)
        return _forward(forward, base) if base is not None else None
    if not _ANCHORS.search(text) or _DECADE.search(text) or _HABITUAL.search(text):
        return None
    base = _base(published)
    if base is None:
        if not _EXPLICIT_YEAR.search(text):
            return None
        base = datetime(2000, 1, 1)
    core = re.sub(r"^(?:on|in|at|by|from|since|until)\s+", "", text.strip(), flags=re.I)
    if _YEAR_ONLY.fullmatch(core):
        return core  # "2014": dateparser would say the same, at a cost
    if _WEEKDAY_ONLY.fullmatch(core):
        prefer = "future" if future else "past"
        if core.lower().endswith(base.strftime("%A").lower()):
            return base.date().isoformat()
        data = _parser(base, prefer).get_date_data(core)
    elif _NO_YEAR.fullmatch(core):
        past = _parser(base, "past").get_date_data(core)
        coming = _parser(base, "future").get_date_data(core)
        if past.date_obj is None or coming.date_obj is None:
            data = past if coming.date_obj is None else coming
        elif future or coming.date_obj - base < base - past.date_obj:
            data = coming
        else:
            data = past
    else:
        data = _parser(base, "current_period").get_date_data(core)
    if data.date_obj is None or data.period == "time":
        return None
    return _iso(data.date_obj, data.period or "day")


def _expressions(ents, text: str) -> list[tuple[int, int]]:
    """Return non-overlapping ``(start, end)`` offsets of date expressions in ``text``, from
    its spaCy entities ``ents`` and the patterns."""
    found = [(e.start_char, e.end_char) for e in ents if e.label_ == "DATE"]
    found += [m.span() for m in _PATTERNS.finditer(text)]
    found.sort(key=lambda se: (se[0], -(se[1] - se[0])))
    kept: list[tuple[int, int]] = []
    for start, end in found:
        if kept and start < kept[-1][1]:
            if end - start > kept[-1][1] - kept[-1][0]:
                kept[-1] = (start, end)
            continue
        kept.append((start, end))
    return kept


def find_dates(parsed: ParsedArticle) -> list[DateRef]:
    """Return the resolved date expressions of an article in reading order; each span's offsets
    are code points into its string ``(part, index)``. Never raises on any text."""
    published = parsed.article.published
    dates: list[DateRef] = []
    for (part, index), doc in parsed.items():
        string = parsed.text((part, index))
        for start, end in _expressions(parsed.ents((part, index)), string):
            text = string[start:end]
            if _HABITUAL_AFTER.match(string, end) or _HABITUAL_BEFORE.search(string, 0, start):
                continue
            query = text
            if _BARE_SPAN.match(text) and re.search(r"\bin\s+$", string[max(0, start - 4):start]):
                query = "in " + text  # "(in) two weeks": the span forward from publication
            try:
                if _FORWARD.match(query) and _past_sentence(doc, start):
                    continue  # "was built in two weeks": a duration
                future = bool(_TENSE_MATTERS.fullmatch(text)) and _future_sentence(doc, start)
                value = resolve(query, published, future=future)
            except (ValueError, OverflowError) as exc:  # dateparser on odd input
                log.debug("cannot resolve %r: %s", text, exc)
                continue
            if value is not None:
                dates.append(DateRef(text=text, value=value,
                                     span=Span(part=part, index=index, start=start, end=end)))
    return dates
