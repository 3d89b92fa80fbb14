"""The publisher of a plain-text scrape from its masthead: a newspaper's name on a line of its
own at the top of the page ("The Ridgeway Tribune", "Il Corriere di Valtorre").

A masthead line is among the first ``MASTHEAD_LINES`` non-blank lines, was not taken for the
article (body, headline, byline or timestamp), has ``MIN_WORDS`` to ``MAX_WORDS`` words, each
capitalised but for short particles ("di", "of", "de"), no sentence mark or separator, no chrome
phrase, and holds a word of ``data/newspaper_words.txt``; that word does not open the line
unless a particle follows it ("Corriere della Sera", not "Post Comment"). The text path asks
:func:`masthead_name` only when no notification prompt or copyright line names the publisher
(:func:`dateline.extract.publisher.find_publisher`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from dateline import datafiles
from dateline.extract.chrome_phrases import european_kind
from dateline.extract.line_phrases import phrase_hits

#: Non-blank lines at the top of a page where a masthead stands, and its length in words
#: (the team's choice from the newspaper titles of data/newspaper_words.txt; not tuned).
MASTHEAD_LINES = 4
MIN_WORDS = 2
MAX_WORDS = 5
#: The articles that open a title and the particles that join its words: "The", "Il", "di" ...
_PARTICLES = frozenset(("the", "of", "and", "&", "il", "la", "le", "lo", "l'", "les", "el",
                        "los", "las", "o", "a", "os", "as", "de", "des", "du", "di", "del",
                        "della", "dello", "dei", "da", "do", "dos", "das", "der", "die", "den",
                        "het", "van", "voor", "och", "en", "et", "y", "e", "für", "am"))
_MARKS = re.compile(r"[.!?:;|\u2022\u00b7/@#=+*<>\[\](){}]|\d|\s[-\u2013\u2014]\s")


@lru_cache(maxsize=1)
def _newspaper_words() -> frozenset[str]:
    return frozenset(datafiles.lines("dateline.extract", "newspaper_words.txt"))


def is_masthead(text: str) -> bool:
    """Whether ``text`` (one line) looks like a newspaper's name (see the module docstring)."""
    words = text.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS or _MARKS.search(text) or text.isupper():
        return False
    if any(not w[0].isupper() and w.lower() not in _PARTICLES for w in words):
        return False
    names = _newspaper_words()
    found = [i for i, w in enumerate(words) if w.strip(",'\u2019") in names]
    if not found:
        return False
    if found[0] == 0 and words[1].lower() not in _PARTICLES:
        return False  # "Post Comment", "Times Table"; but "Corriere della Sera"
    return not phrase_hits(text) and european_kind(text) is None


def masthead_name(top: list[tuple[str, bool]]) -> str | None:
    """Return the masthead of a page from its first non-blank lines ``top`` (``(text,
    taken)``, ``taken`` true for a line the article took), or ``None``."""
    for text, taken in top[:MASTHEAD_LINES]:
        line = " ".join(text.split())
        if not taken and is_masthead(line):
            return line
    return None
