"""The dateline opening of an article's lede: "HARWICK (Northline) - Dockworkers walked out ...".

Wire copy opens its first paragraph with the place the story was filed from, in capitals,
often followed by a date or a region after a comma and by the agency's credit in brackets, then
a dash: "BERLIN (Reuters) -", "KYIV, Ukraine, March 3 (AP) —", "SELBY QUAY -". The
opening is not part of the first sentence: its place is a place whatever the tagger says of
it, its credit names the agency that filed the story, and neither is a speaker nor what a
pronoun later in the article stands for. The pattern is the wire services' style (AP
Stylebook, "datelines"; Reuters Handbook of Journalism); the extraction stage keeps the opening
in the lede, as written, and this module reads it there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dateline import datafiles
from dateline.understand.parsed import ParsedArticle, PartKey

#: capitalised words that open a paragraph before a dash but name no place ("BREAKING -",
#: ``data/opening_labels.txt``)
_LABELS = frozenset(datafiles.lines("dateline.understand", "opening_labels.txt"))

# the place: one to four words in capitals (at least two letters in all), then an optional
# comma and up to four more words (a region, a country, a date: "KYIV, Ukraine, March 3"),
# an optional credit in round brackets, and a dash followed by a space (not a colon:
# "UPDATE: ...", "NATO: ..." open sentences)
_OPENING = re.compile(
    r"(?P<place>[A-Z][A-Z.'\u2019&-]*[A-Z.](?:[ \t]+[A-Z][A-Z.'\u2019&-]*[A-Z.]){0,3})"
    r"(?:,[ \t]+[\w.]+(?:[ \t,]+[\w.]+){0,4})?"
    r"(?:[ \t]*\((?P<credit>[^()\n]{1,40})\))?"
    r"[ \t]*[-\u2010-\u2015]+[ \t]+(?=\S)")


@dataclass(frozen=True)
class Opening:
    """The dateline opening of the string ``key`` (``("body", n)``): ``place`` and ``credit``
    are ``(start, end)`` code-point offsets into that string (``credit`` is None without
    brackets); ``end`` is where the first sentence starts."""

    key: PartKey
    place: tuple[int, int]
    credit: tuple[int, int] | None
    end: int

    def holds(self, key: PartKey, start: int, end: int) -> str | None:
        """"place" or "credit" when ``[start, end)`` of string ``key`` lies inside that part of
        the opening, else None."""
        if key != self.key:
            return None
        if self.place[0] <= start and end <= self.place[1]:
            return "place"
        if self.credit is not None and self.credit[0] <= start and end <= self.credit[1]:
            return "credit"
        return None

    def within(self, key: PartKey, start: int) -> bool:
        """Whether offset ``start`` of string ``key`` lies in the opening."""
        return key == self.key and start < self.end


def find_opening(text: str) -> tuple[tuple[int, int], tuple[int, int] | None, int] | None:
    """Return ``(place, credit, end)`` of the dateline opening ``text`` starts with (offsets as
    in :class:`Opening`), or None. A capitalised word alone ("The", "In") is no place: the
    place is written in capitals, and something must follow the dash; a label of the story's
    kind ("BREAKING -", ``data/opening_labels.txt``) is none either."""
    match = _OPENING.match(text)
    if match is None:
        return None
    place = match.span("place")
    written = " ".join(text[place[0]:place[1]].lower().replace("\u2019", "'").split())
    if sum(ch.isalpha() for ch in written) < 2 or written in _LABELS:
        return None
    credit = match.span("credit") if match.group("credit") is not None else None
    if credit is not None:
        raw = text[credit[0]:credit[1]]
        credit = (credit[0] + len(raw) - len(raw.lstrip()), credit[1] - len(raw) + len(
            raw.rstrip()))
    return place, credit, match.end()


def article_opening(parsed: ParsedArticle) -> Opening | None:
    """The dateline opening of the article's first body paragraph, or None (no paragraph, or
    it opens otherwise). Never raises."""
    for key, _doc in parsed.items():
        if key[0] != "body":
            continue
        found = find_opening(parsed.text(key))
        if found is None:
            return None
        place, credit, end = found
        return Opening(key, place, credit, end)
    return None
