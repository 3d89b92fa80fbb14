"""The one ``fold()`` of names, keys and search words, shared by the understanding stage and the
corpus (it sits before both in the flow).

``fold(text)`` lower-cases ``text`` and writes every Latin letter as the plain ASCII letter it
stands for, *code point for code point*: the result has the same length as ``text``, so an offset
into one is an offset into the other (the understanding stage relies on that). Latin letters are
transliterated with anyascii 0.3.3 (https://github.com/anyascii/anyascii), keeping the first letter
of a transliteration longer than one ("ß" -> "s", "æ" -> "a", "Þ" -> "t"): "Łukasz Søren Orbán"
folds to "lukasz soren orban". Letters of other scripts (Greek, Cyrillic, CJK, ...) keep their
own letter, lower-cased: a one-letter-per-letter transliteration of them would mangle them.
Punctuation keeps its NFKD base character, except that curly apostrophes and the hyphen and en
dash characters become ``'`` and ``-``.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

#: Punctuation that stands for a plain ASCII character in names ("O’Brien", "Marki‐Zay").
_PUNCTUATION = {"’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-", "–": "-"}


def _fold_char(char: str) -> str:
    """One code point folded to one code point (see the module docstring)."""
    if char.isascii():
        return char.lower()
    if char in _PUNCTUATION:
        return _PUNCTUATION[char]
    if char.isalnum() and unicodedata.name(char, "").startswith("LATIN"):
        ascii_form = anyascii(char)
        if ascii_form[:1].isascii() and ascii_form[:1].isalnum():
            return ascii_form[0].lower()
    base = unicodedata.normalize("NFKD", char)[0]
    folded = base if base.isalnum() or not char.isalnum() else char
    lowered = folded.lower()
    return lowered if len(lowered) == 1 else folded


class _Table(dict):
    """``str.translate`` table that folds each new code point once and remembers it."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_TABLE = _Table()
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_TABLE)


def fold(text: str) -> str:
    """Return ``text`` lower-cased with Latin letters made plain ASCII ("Łukasz Kowalski" ->
    "lukasz kowalski", "Søren" -> "soren", "Márton Gyöngyösi’s" -> "marton gyongyosi's"), one
    code point for each code point of ``text`` (same length, same offsets). Never raises.
    Decomposed input keeps its combining marks (``fold("e\\u0301")`` is ``"e\\u0301"``):
    normalise to NFC first where offsets do not matter."""
    if text.isascii():
        return text.lower()
    # non-ASCII runs through the table, then ASCII lower case in C (translating the whole text
    # leaves CPython's ASCII fast path at the first non-ASCII character: several times slower
    # on news text with curly quotes); folded characters are lower case already
    return _NON_ASCII.sub(_fold_run, text).lower()
