"""The name tokens of a written name (:mod:`dateline.understand.names`), without spaCy.

The understanding stage compares names by these tokens, and the store's read path reads a name
typed as a query the same way (:func:`dateline.corpus.entity_link_queries.name_keys`); this
module imports nothing that loads spaCy. Its word lists are those of
``dateline/understand/data`` (:mod:`dateline.datafiles` reads them without importing that
package).
"""

from __future__ import annotations

import functools
import re

from dateline import datafiles
from dateline.text_fold import fold

#: Name suffixes that do not tell two people apart in one article (``data/name_suffixes.txt``).
_SUFFIXES = datafiles.words("dateline.understand", "name_suffixes.txt")
_QUOTES = "\"'‘’“”«»"


def data_lines(name: str) -> list[str]:
    """The first column of every entry line of ``dateline/understand/data/NAME``, as written
    (not lower-cased)."""
    return [row[0] for row in datafiles.rows("dateline.understand", name)]


def alternation(words: list[str]) -> str:
    """A regular expression alternation of ``words``, longest first, a space matching any run
    of white space."""
    words = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


@functools.cache
def title_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The leading honorific pattern and the leading title pattern (titles, honorifics and their
    modifiers: "former Prime Minister "), each with its trailing space."""
    honorifics = alternation(data_lines("honorifics.txt"))
    titles = alternation(data_lines("titles.txt") + data_lines("honorifics.txt"))
    mods = alternation(data_lines("title_modifiers.txt"))
    honorific = re.compile(rf"(?:{honorifics})\.?\s+")
    title = re.compile(rf"(?:(?:{mods})\s+)*(?:{titles})\.?\s+")
    return honorific, title


_POSSESSIVE = re.compile(r"(?:'s|')$")
_LEADING_THE = re.compile(r"the\s+")
_OWNER = re.compile(r"[^\s']+(?:\s+[^\s']+){0,3}?'s\s+")


def core_span(text: str, *, person: bool) -> tuple[int, int]:
    """Return ``(start, end)``, the code-point offsets into ``text`` of the name proper: without
    a leading "the", quotation marks, honorifics ("Mr", "Dr."), a possessive "'s" or trailing
    punctuation, and when ``person`` is true without titles either ("Prime Minister", "former
    President"). Returns ``(0, 0)`` when nothing is left."""
    folded = fold(text)
    start, end = 0, len(text)
    while start < end and (folded[start].isspace() or folded[start] in _QUOTES):
        start += 1
    while end > start and (folded[end - 1].isspace() or folded[end - 1] in _QUOTES + ".,;:"):
        end -= 1
    m = _POSSESSIVE.search(folded, start, end)
    if m and m.start() > start:
        end = m.start()
    m = _LEADING_THE.match(folded, start, end)
    if m:
        start = m.end()
    honorific, title = title_patterns()
    pattern = title if person else honorific
    m = _OWNER.match(folded, start, end)
    if person and m and m.end() < end:
        start = m.end()  # "Hungary's Prime Minister Viktor Orban", "Breitbart's Joel Pollak"
    while True:
        m = pattern.match(folded, start, end)
        if not m or m.end() >= end:
            break
        start = m.end()
    return (start, end) if start < end else (0, 0)


def name_tokens(text: str, *, person: bool = True) -> tuple[str, ...]:
    """Return the folded name tokens of ``text`` in written order ("Hungary's Prime Minister
    Viktor Orbán" -> ("viktor", "orban")); empty when nothing is left of the name."""
    start, end = core_span(text, person=person)
    words = [w.strip(".,") for w in fold(text[start:end]).replace("'s ", " ").split()]
    return tuple(w for w in words if w and w not in _SUFFIXES)
