"""The boilerplate kind of a removed line from chrome phrases in other European languages.

``data/boilerplate_phrases.json`` holds English phrases; the line model's features count their
hits, so phrases in other languages live apart, in ``data/chrome_phrases_europe.json`` (German,
French, Spanish, Italian, Portuguese, Dutch, Polish, Swedish: newsletter boxes, share bars,
cookie banners, comment sections, related-story boxes), and only name a line's kind:
:func:`dateline.extract.boilerplate.name_kind` asks :func:`european_kind` when no English phrase
names one ("Meld je aan voor onze nieuwsbrief" is ``newsletter``, "Deel dit artikel"
``social``; both were ``related``). Which lines are body does not change.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dateline import datafiles

_WORD = re.compile(r"\w+(?:-\w+)*")
#: Longer lines are prose, not a box's label or prompt, and are not read (their words were
#: more than half the time this module took on text-scrapes; the longest line a phrase of
#: data/chrome_phrases_europe.json named there has 18 characters).
MAX_CHARS = 120


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower().replace("\u2019", "'")))


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, list[tuple[tuple[str, ...], str]]], list[str], int]:
    """``(first token -> [(phrase tokens, kind), ...] longest first, kinds in file order,
    the most words a line named by a one-word phrase has)``."""
    raw = datafiles.json_data("dateline.extract", "chrome_phrases_europe.json")
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for kind, phrases in raw["kinds"].items():
        for phrase in phrases:
            tokens = _tokens(phrase)
            by_first.setdefault(tokens[0], []).append((tokens, kind))
    for entries in by_first.values():
        entries.sort(key=lambda entry: len(entry[0]), reverse=True)
    return by_first, list(raw["kinds"]), int(raw["single_max_words"])


def european_kind(text: str) -> str | None:
    """Return the boilerplate kind (``"newsletter"``, ``"social"``, ``"cookie"``,
    ``"comments"`` or ``"related"``) that the phrases of ``data/chrome_phrases_europe.json``
    in ``text`` (at most ``MAX_CHARS`` long) name, or ``None``. Phrases match whole words in
    any case, the longest at each word first; a one-word phrase counts only in a line of at
    most ``single_max_words`` words; the kind with the most hits wins, ties to the kind first
    in the file."""
    if len(text) > MAX_CHARS:
        return None
    by_first, order, single_max = _table()
    tokens = _tokens(text)
    if by_first.keys().isdisjoint(tokens):  # most lines
        return None
    scores: dict[str, int] = {}
    i = 0
    while i < len(tokens):
        for phrase, kind in by_first.get(tokens[i], ()):
            if tokens[i:i + len(phrase)] == phrase and (len(phrase) > 1
                                                        or len(tokens) <= single_max):
                scores[kind] = scores.get(kind, 0) + 1
                i += len(phrase) - 1
                break
        i += 1
    if not scores:
        return None
    best = max(scores.values())
    return next(kind for kind in order if scores.get(kind) == best)
