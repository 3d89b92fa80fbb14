"""The dated entries of a timeline or live blog, kept whole in the body (issue 12, item 5).

A page of dated entries (``09:15 Crews reached the pier`` / ``10:40 ...``, or a date line
``12 March 2025`` above each entry, or ``12 March 2025 — The harbour reopened``) under a
"Share | 12 comments" bar looked to the line model like a list of links with dates: it kept
some entries and let others go (the first as ``other``), and the text path then took the date
lines at the head of the body for the header's timestamps, so that they were listed nowhere (a
new user's trial). :func:`dated_entries` finds such a run of entries that the article shares
(a third of its lines are body, the body stands right above it, or it opens the body) and
returns all its lines, which the text path makes body and keeps out of the header
(:func:`dateline.extract.text.extract_text`).

A reader-comment thread also dates each comment; the comment rule
(:mod:`dateline.extract.comment_thread`) runs first, and the lines it forces out end a run here.
Relative times ("2 days ago") never open an entry.
"""

from __future__ import annotations

import re

import numpy as np

from dateline.extract.lines import FEATURE_NAMES, Line
from dateline.extract.timestamps import find_timestamps, time_of_day
from dateline.extract.words import word_count

#: Entries of a run: at least this many dated lines (two dated lines are a byline's published
#: and updated times).
TIMELINE_MIN_ENTRIES = 3
#: An entry holds at most this many lines after its dated line.
ENTRY_MAX_LINES = 3
#: The article shares a run when at least this share of its lines are body already (or the
#: body stands right above it). Set by hand on the out-of-fold CV runs of
#: scripts/train_line_model.py: with "any line of the run" a news ticker ("20:28 End of road
#: for G14", 3 of 15 lines body) and related-story cards (a date, a headline, an author: 1 of
#: 18) became body, text-scrapes-modern 0.9260 -> 0.9240.
MIN_BODY_SHARE = 1 / 3
#: At most this many chrome lines stand between the body and the first dated line (a share bar).
BODY_REACH = 2
#: A dated line without text after its date has at most this many words ("Tuesday 12 March
#: 2025 09:15 GMT").
DATE_MAX_WORDS = 7
_DATEISH = FEATURE_NAMES.index("dateish")
_DIGIT_RATIO = FEATURE_NAMES.index("digit_ratio")
#: A time of day opening a line: ``09:15``, ``9.40am``, ``21h05``.
_LEADING_TIME = re.compile(r"^\d{1,2}(?::|\.|h)\d\d(?:\s*[ap]\.?m\.?)?(?=\s|$)", re.IGNORECASE)
#: A digit in one of the first three words: where an entry's date has its day or year
#: ("12 March", "Tuesday, 12 March", "Dienstag, 12. März", "March 12").
_EARLY_DIGIT = re.compile(r"^\W*(?:[^\W\d]+[\s,.]+){0,2}\d")  # a leading time too
#: What separates an entry's date from its text: a dash or a bar between spaces, looked for in
#: the first ``_DATE_MAX_CHARS`` characters (a date of at most ``DATE_MAX_WORDS`` words).
_DATE_MAX_CHARS = 60
_SEPARATOR = re.compile(r"\s+[\u2014\u2013|-]\s+")


def dated(line: Line, dateish: bool) -> bool:
    """Return True when ``line`` opens with a date or a time of day: a time opening the line
    (:data:`_LEADING_TIME`), or, with a digit in its first three words, the part before a dash or
    bar (the whole line when it has at
    most ``DATE_MAX_WORDS`` words) is a timestamp
    (:func:`dateline.extract.timestamps.find_timestamps`), a time of day, or a day and month of
    at most four words (``dateish``: the line model's feature of the line, "3 February")."""
    text = line.text
    if _LEADING_TIME.match(text):
        return True
    if not _EARLY_DIGIT.match(text):
        return False
    cut = _SEPARATOR.search(text, 0, _DATE_MAX_CHARS)
    head = text[:cut.start()] if cut else text
    words = word_count(head)
    if words > DATE_MAX_WORDS:
        return False
    return bool(find_timestamps(head) or time_of_day(head) or (dateish and words <= 4))


def dated_entries(lines: list[Line], is_body: np.ndarray, X: np.ndarray,
                  chrome: frozenset[int] | set[int] = frozenset()) -> list[int]:
    """Return the indices of the lines of every run of dated entries that the article shares.

    ``lines``, ``X``: the page's lines and their :func:`dateline.extract.lines.line_features`;
    ``is_body``: the body so far (not modified); ``chrome``: lines forced out of the body
    (strong chrome phrases, a comment thread), which end a run and are never returned. A run
    is at least ``TIMELINE_MIN_ENTRIES`` dated lines (:func:`dated`), each followed by at most
    ``ENTRY_MAX_LINES`` undated lines of its entry (the last entry: as many as the longest
    entry before it); a dated line with nothing after its date must have a line of text. The
    article shares it when at least ``MIN_BODY_SHARE`` of its lines are body; or a body line
    stands right above its first dated line, or above at most ``BODY_REACH`` chrome lines right
    above it; or it opens the body: no body line stands before it and one stands among its
    lines up to its last dated line (the last entry's lines may be the paragraphs of an
    article under a list of dated links)."""
    n = len(lines)
    stamp = [False] * n
    # every date and time holds a digit early in the line; and a run needs its dated lines
    # close together: only those lines are read for a date
    maybe = [int(i) for i in np.flatnonzero(X[:, _DIGIT_RATIO] > 0)
             if _EARLY_DIGIT.match(lines[i].text) and i not in chrome]
    w = TIMELINE_MIN_ENTRIES - 1
    reach = w * (ENTRY_MAX_LINES + 1)
    # close[lo]: candidates lo .. lo + w lie within reach; a line is read when it is one of
    # such a window of candidates
    close = [maybe[lo + w] - maybe[lo] <= reach for lo in range(len(maybe) - w)]
    for k, i in enumerate(maybe):
        if any(close[max(0, k - w):k + 1]):
            stamp[i] = dated(lines[i], X[i, _DATEISH] > 0)
    out: list[int] = []
    i = 0
    while i < n:
        if not stamp[i]:
            i += 1
            continue
        starts = [i]
        j = i + 1
        while True:
            k = j
            while k < n and k - j < ENTRY_MAX_LINES and not stamp[k] and k not in chrome:
                k += 1
            if k < n and stamp[k] and (k > j or _has_text(lines[k - 1])):
                starts.append(k)
                j = k + 1
            else:
                break
        if len(starts) >= TIMELINE_MIN_ENTRIES:
            longest = max(b - a - 1 for a, b in zip(starts, starts[1:], strict=False))
            end = starts[-1] + 1
            while end < n and end - starts[-1] - 1 < longest and not stamp[end] \
                    and end not in chrome:
                end += 1
            if is_body[starts[0]:end].mean() >= MIN_BODY_SHARE \
                    or _after_body(is_body, starts[0], chrome) \
                    or (not is_body[:starts[0]].any() and is_body[starts[0]:starts[-1]].any()):
                out.extend(range(starts[0], end))
            i = end
        else:
            i = starts[-1] + 1
    return out


def _after_body(is_body: np.ndarray, first: int, chrome: frozenset[int] | set[int]) -> bool:
    """Whether a body line stands right above line ``first``, or above at most ``BODY_REACH``
    chrome lines right above it (a "Share | 12 comments" bar)."""
    i = first - 1
    while i >= 0 and i in chrome and first - i <= BODY_REACH:
        i -= 1
    return i >= 0 and bool(is_body[i])


def _has_text(line: Line) -> bool:
    """A dated line that also holds its entry's text (more than its date)."""
    text = line.text
    cut = _SEPARATOR.search(text, 0, _DATE_MAX_CHARS)
    if cut:
        return bool(text[cut.end():].strip())
    lead = _LEADING_TIME.match(text)
    return bool(lead and text[lead.end():].strip())
