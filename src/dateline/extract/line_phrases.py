"""The chrome phrases of ``data/boilerplate_phrases.json`` found in a line's tokens: the lookup
tables, the phrase hits of a line (kept for the lines looked up last) and the longest-match
search over a line's lowercase tokens. Used by the line features
(:mod:`dateline.extract.lines`), the strong-phrase rules and the naming of removed lines."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress

from dateline import datafiles

_PHRASE_TOKEN = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*|[\u00a9&]")
#: Longest chrome phrase, in tokens (phrases are looked up as token n-grams up to this length).
MAX_PHRASE_TOKENS = 5


def _phrase_key(text: str) -> tuple[str, ...]:
    return tuple(_PHRASE_TOKEN.findall(text.lower().replace("\u2019", "'")))


@lru_cache(maxsize=1)
def phrase_tables() -> tuple[dict[tuple[str, ...], str], dict[str, list[str]], frozenset[str],
                             list[str]]:
    """Return ``(phrase_of_key, kinds_of_phrase, strong_phrases, kind_order)`` from
    ``data/boilerplate_phrases.json``: each phrase's lowercase token tuple mapped to the phrase,
    the kinds each phrase names, the set of strong phrases and the kinds in file order."""
    raw = datafiles.json_data("dateline.extract", "boilerplate_phrases.json")
    kinds_of: dict[str, list[str]] = {}
    for section in ("kinds", "strong"):
        for kind, phrases in raw[section].items():
            for phrase in phrases:
                if kind not in kinds_of.setdefault(phrase, []):
                    kinds_of[phrase].append(kind)
    strong = frozenset(p for phrases in raw["strong"].values() for p in phrases)
    keys = {_phrase_key(p): p for p in kinds_of}
    return keys, kinds_of, strong, list(raw["kinds"])


@lru_cache(maxsize=1)
def _phrase_starts() -> frozenset[str]:
    return frozenset(key[0] for key in phrase_tables()[0])


#: The phrase hits of the lines looked up last (:func:`phrase_hits`), emptied when it holds
#: ``HITS_KEPT`` (dropping the oldest entry one at a time costs a scan over the dict's deleted
#: slots each time: 2% of the text path).
_HITS: dict[str, tuple[str, ...]] = {}
HITS_KEPT = 16384


def phrase_hits(text: str, tokens: list[str] | None = None) -> tuple[str, ...]:
    """Return the chrome phrases found in ``text`` (whole tokens, any case), in order; at each
    token the longest phrase wins and its tokens are not matched again. Cached: the same line
    is looked up by the features (which fill the cache for the lines they tokenise anyway),
    the strong-phrase rules and the kind naming. ``tokens``: the line's lowercase phrase
    tokens when the caller has them (the features' words of an ASCII line without ``&``), so
    that a line is not tokenised a second time."""
    hits = _HITS.get(text)
    if hits is None:
        if tokens is None:
            found = _token_hits(_phrase_key(text))
        else:
            found = () if _phrase_starts().isdisjoint(tokens) else _token_hits(tuple(tokens))
        hits = _keep_hits(text, found)
    return hits


def _keep_hits(text: str, hits: tuple[str, ...]) -> tuple[str, ...]:
    if len(_HITS) >= HITS_KEPT:
        _HITS.clear()
    _HITS[text] = hits
    return hits


@lru_cache(maxsize=1)
def _phrase_sizes() -> dict[str, tuple[int, ...]]:
    """The lengths (tokens, at most ``MAX_PHRASE_TOKENS``, longest first) of the phrases that
    start with each token."""
    sizes: dict[str, set[int]] = {}
    for key in phrase_tables()[0]:
        if len(key) <= MAX_PHRASE_TOKENS:
            sizes.setdefault(key[0], set()).add(len(key))
    return {token: tuple(sorted(lengths, reverse=True)) for token, lengths in sizes.items()}


def _token_hits(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`phrase_hits` of a line given as its lowercase tokens: from left to right, at each
    token that starts a phrase the longest phrase there wins and its tokens are used up."""
    starts = _phrase_starts()
    if starts.isdisjoint(tokens):  # most lines
        return ()
    keys = phrase_tables()[0]
    sizes = _phrase_sizes()
    hits = []
    free, n = 0, len(tokens)  # tokens before ``free`` are used up
    for i in compress(range(n), map(starts.__contains__, tokens)):
        if i < free:
            continue
        for size in sizes[tokens[i]]:
            phrase = keys.get(tokens[i:i + size]) if size <= n - i else None
            if phrase is not None:
                hits.append(phrase)
                free = i + size
                break
    return tuple(hits)
