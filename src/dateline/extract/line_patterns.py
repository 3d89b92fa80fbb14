"""The patterns and character tables of the line features (:mod:`dateline.extract.lines`).

Several are written for speed (issue 12 item 7): each opens with a character class, which the
regular-expression engine scans for in C, or comes with a cheap test that finds what the plain
pattern finds (tests/test_line_patterns.py holds each equal to its plain form).
"""

from __future__ import annotations

import re

from dateline.extract.words import WORD

# sentence ends: Latin, CJK full stops, the Khmer and Myanmar full stops, then closing marks
SENTENCE_MARKS = ".!?\u2026\u3002\uff01\uff1f\u17d4\u104b"
CLOSING = "\"')]\u201d\u2019\u300d\u300f"
SENT_END = re.compile(f"[{re.escape(SENTENCE_MARKS)}][{re.escape(CLOSING)}]*$")
MARK_SET = frozenset(SENTENCE_MARKS)


def ends_sentence(text: str) -> bool:
    r"""Return whether ``text`` (one line) ends a sentence: ``bool(SENT_END.search(text))``,
    found from the end instead (the last character that is no closing mark is a sentence mark;
    ``$`` also matches before a final ``\n``). The search tried every mark of a long line."""
    if text.endswith("\n"):
        text = text[:-1]
    return text.rstrip(CLOSING)[-1:] in MARK_SET


# Sentence breaks: a Latin mark, a space and a capital; a CJK, Khmer or Myanmar full stop
# before more text; a space between Thai or Lao letters (those scripts put a space, not a mark,
# between sentences). Each match starts with one of the characters of the leading class, and
# the look-behinds then tell the three kinds apart: the same matches as the three alternatives
# written out, but a pattern that opens with a class lets the regular expression engine skip
# every other position at once (half the time on the text-scrape lines).
SENTENCE_BREAK = re.compile(
    r"[.!?\u3002\uff01\uff1f\u17d4\u104b ]"
    r"(?:(?<=[.!?])[\"'\u201d\u2019)]*\s+[\"'\u201c\u2018(]?[A-Z]"
    r"|(?<=[\u3002\uff01\uff1f\u17d4\u104b])(?=.)|(?<=[\u0e01-\u0eff] )(?=[\u0e01-\u0eff]))")
#: :data:`SENTENCE_BREAK` on ASCII lines, where only its first kind can match: the same
#: matches, and the engine skips to the marks alone (not to every space).
ASCII_SENTENCE_BREAK = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+[\"'\u201c\u2018(]?[A-Z]")
SEA_LAST = re.compile(r"[\u0e01-\u0eff\u1000-\u109f\u1780-\u17ff]$")
BULLET = re.compile(r"^\s*(?:[*\u2022\u00b7\u25aa\u25cf\u2013>\u00bb\u203a-]|\d+[.)]\s)")
LINKISH = re.compile(r"https?://|www\.|\.com\b|\.co\.uk\b|\.org\b|@\w")
QUOTE = re.compile(r"[\"\u201c\u201d\u00ab\u00bb]")
# A line is date-like when it holds "Mar 5", "March 5", "5 Mar", "2024-03-05" or "12:30" (any
# case; a word boundary before the month or the first digit). Written as two patterns that each
# open with a digit, so that the engine skips to the digits at once (a third of the time of one
# pattern of all four forms): the forms that start with a digit, and the month-then-day form
# searched in the reversed line ("5 hcram"). ``\d(?<!\w\d)`` is ``\b\d``.
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DATE_FROM_DIGIT = re.compile(
    rf"\d(?<!\w\d)(?:\d?\s+(?:{'|'.join(MONTHS)})|\d{{3}}-\d\d-\d\d|\d?[:.]\d\d)",
    re.IGNORECASE)
DAY_AFTER_MONTH_REVERSED = re.compile(
    rf"\d\s+\.?[a-z]*(?:{'|'.join(m[::-1] for m in MONTHS)})\b", re.IGNORECASE)
NOT_LETTER = re.compile(r"[\W\d_]+")
DIGIT = re.compile(r"\d")
ASCII_NOT_LETTER = bytes(c for c in range(128) if not chr(c).isalpha()) + bytes(range(128, 256))
ASCII_NOT_DIGIT = bytes(c for c in range(128) if not chr(c).isdigit()) + bytes(range(128, 256))
ASCII_NOT_UPPER = bytes(c for c in range(128) if not chr(c).isupper()) + bytes(range(128, 256))
# a title run into its teaser with no space ("...Student-AthleteA 24-year-old woman")
GLUED = re.compile(r"[a-z\u00e0-\u00ff)?!'\u2019][A-Z][a-z]")
#: Where :data:`GLUED` can match: a capital after one of its first characters and before a
#: small letter (opens with the capital, so it is found fast; most lines have none).
GLUED_CAPITAL = re.compile(r"[A-Z](?<=[a-z\u00e0-\u00ff)?!'\u2019][A-Z])[a-z]")
# "5 mins ago", "2 hours ago" (any case); ``\d(?<!\w\d)\d*`` is ``\b\d+`` opening with a digit
AGO = re.compile(
    r"\d(?<!\w\d)\d*\s*(?:sec|second|min|minute|hr|hour|day|week|month|year)s?\s+ago\b",
    re.IGNORECASE)
#: :data:`WORD` for ASCII lines, where ``[^\W_]`` is ``[A-Za-z0-9]``: the same words, found in
#: about 60% of the time.
ASCII_WORD = re.compile(WORD.pattern.replace(r"[^\W_]", "[A-Za-z0-9]"))
#: Every ASCII character but a letter or digit to a space: on an ASCII line with no apostrophe
#: or hyphen, ``line.translate(ALNUM_RUNS).split()`` are :data:`ASCII_WORD`'s words (a third
#: faster than the pattern).
ALNUM_RUNS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})
#: :data:`ALNUM_RUNS` for the bytes of an ASCII line, with the capitals lower-cased:
#: ``raw.translate(ASCII_LOWER_RUNS).decode("ascii").split()`` are the line's words lower-cased
#: (on a line with no apostrophe or hyphen), several times faster than ``str.translate``.
ASCII_LOWER_RUNS = bytes(
    ord(chr(c).lower()) if chr(c).isalnum() else ord(" ") for c in range(128)) + bytes(
    range(128, 256))
#: :data:`ASCII_LOWER_RUNS` keeping the joiners of :data:`ASCII_WORD` (apostrophe, hyphen):
#: the runs of letters, digits and joiners of an ASCII line, lower-cased.
ASCII_LOWER_JOINED_RUNS = bytes(
    ord(chr(c).lower()) if chr(c).isalnum() or chr(c) in "'-" else ord(" ")
    for c in range(128)) + bytes(range(128, 256))
#: A capital that opens one of :data:`ASCII_WORD`'s words (no letter or digit before it, nor an
#: apostrophe or hyphen that joins it to one): the words of an ASCII line that open with a
#: capital are ``len(ASCII_WORD_CAPITAL.findall(line))``, found without the words.
ASCII_WORD_CAPITAL = re.compile(r"[A-Z](?<![A-Za-z0-9][A-Z])(?<![A-Za-z0-9]['\u2019\-][A-Z])")
