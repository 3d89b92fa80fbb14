"""Pages read a line at a time in the code page of each line: UTF-8 beside cp1252, cp1252
beside KOI8-R or cp1251 (:mod:`dateline.extract.decode` calls these on a page that is not valid
UTF-8), and a line of Cyrillic in KOI8-R told from one in cp1251.

A page that mixes code pages (a cp1252 template around a KOI8-R quotation, a UTF-8 page with a
pasted cp1251 line) cannot be read in one code page, and a statistical guess over the whole page
names one code page for all of it. :func:`read_cyrillic` reads one line. Each of the two code
pages read as the other turns most letters into other letters of the other case (KOI8-R puts
the lower-case letters at 0xC0-0xDF, where cp1251 has the capitals), so two signals decide:

* letter case: a word of the wrong reading starts lower-case and goes on in capitals
  (``цЙФЕМЙ`` for ``Жители``), which running text never does;
* letter frequencies: the mean log frequency of the (case-folded) letters under Russian letter
  frequencies (``data/russian_letters.txt``); the right reading scores higher.

A line is read only when the decision is clear (at least ``CYRILLIC_MIN_LETTERS`` Cyrillic
letters, most of its letters Cyrillic, a winner by case or by ``MIN_MARGIN``, a score at least
``MIN_SCORE``, and few miscased words in it: Greek in cp1253 has them in both readings);
otherwise :func:`read_cyrillic` returns ``None`` and the caller keeps U+FFFD (and counts it).
Short lines in capitals alone ("ПАРОМ НЕ ПРИШЁЛ") are often undecided.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from dateline import datafiles

#: Fewest Cyrillic letters, and least share of the line's letters, for a reading to be judged.
CYRILLIC_MIN_LETTERS = 8
CYRILLIC_MIN_SHARE = 0.5
#: Least mean log frequency of the winning reading, and least lead over the other reading when
#: letter case does not decide. Set by hand on sentences written by the dateline team in Russian
#: and Bulgarian, each encoded in both code pages: right readings score -3.05 to -3.47, wrong
#: ones -3.37 to -4.0 (a short line in capitals: a lead of 0.10 to 0.20); Greek (cp1253) read
#: as cp1251 scores -4.04, UTF-8 Cyrillic read as cp1251 -5.2.
MIN_SCORE = -3.6
MIN_MARGIN = 0.25
#: At most one word in this many of the winning reading may start lower-case and go on in
#: capitals (units such as "кВт" do; a wrong reading has such words throughout).
MAX_MISCASED_SHARE_INV = 5
#: The frequency given to a Cyrillic letter Russian does not use (Ukrainian і, Serbian ђ).
_RARE = 1e-4
_ENCODINGS = ("cp1251", "koi8-r")
_WORD = re.compile(r"[\u0400-\u04ff]+")
_MISCASED = re.compile(r"[\u0430-\u045f][\u0400-\u042f]")


@lru_cache(maxsize=1)
def _log_frequencies() -> dict[str, float]:
    return {letter: math.log(float(per_cent) / 100.0)
            for letter, per_cent in datafiles.rows("dateline.extract", "russian_letters.txt",
                                                   2, 2)}


def _judge(text: str) -> tuple[int, float] | None:
    """``(miscased words, mean log letter frequency)`` of one reading, or ``None`` when it
    holds too few Cyrillic letters to judge."""
    letters = sum(1 for ch in text if ch.isalpha())
    words = _WORD.findall(text)
    cyrillic = "".join(words).lower()
    if len(cyrillic) < CYRILLIC_MIN_LETTERS or len(cyrillic) < CYRILLIC_MIN_SHARE * letters:
        return None
    table = _log_frequencies()
    score = sum(table.get(ch, math.log(_RARE)) for ch in cyrillic) / len(cyrillic)
    miscased = sum(1 for word in words if _MISCASED.match(word))
    return miscased, score


def read_cyrillic(data: bytes) -> str | None:
    """Return ``data`` (one line, not valid UTF-8) read as cp1251 or KOI8-R when it is a line of
    Cyrillic text and one reading clearly wins (see the module docstring), else ``None``."""
    readings = []
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:  # cp1251 leaves 0x98 undefined
            continue
        judged = _judge(text)
        if judged is not None:
            readings.append((judged, text))
    if not readings:
        return None
    readings.sort(key=lambda r: (r[0][0], -r[0][1]))
    (miscased, score), text = readings[0]
    if score < MIN_SCORE or miscased * MAX_MISCASED_SHARE_INV > len(_WORD.findall(text)):
        return None
    if len(readings) == 2:
        (other_miscased, other_score), _ = readings[1]
        if miscased == other_miscased and (miscased or score - other_score < MIN_MARGIN):
            return None  # case decides nothing, or both readings are miscased (Greek)
    return text


#: Lines of a page that is UTF-8 save for a few lines in cp1252 (a template in one, a pasted
#: paragraph in the other) are decoded each on its own when at least this many lines hold
#: valid multi-byte UTF-8 (:func:`line_by_line` counts them).
MIN_UTF8_LINES = 1


def mostly_utf8(line: bytes) -> bool:
    """Whether the valid multi-byte UTF-8 sequences of ``line`` (not valid UTF-8 as a whole)
    hold more bytes than its invalid ones: a UTF-8 line with stray bytes (``\u201c`` beside a
    lone ``\\xff``), not a cp1252 line where two bytes happen to form a sequence."""
    text = line.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    valid = sum(len(ch.encode("utf-8")) for ch in text if ch > "\x7f" and ch != "\ufffd")
    return valid > invalid


@lru_cache(maxsize=1)
def _one_letter_words() -> frozenset[str]:
    """Accented one-letter words (``data/western_one_letter_words.txt``: French "à", Italian
    "è", ...)."""
    return frozenset(datafiles.lines("dateline.extract", "western_one_letter_words.txt"))


def _alone(text: str, i: int) -> bool:
    """Whether ``text[i]`` stands between ASCII spaces or punctuation (or an end)."""
    return (i == 0 or (text[i - 1].isascii() and not text[i - 1].isalnum())) and (
        i + 1 == len(text) or (text[i + 1].isascii() and not text[i + 1].isalnum()))


def reads_as_western(text: str) -> bool:
    """Return True when every non-ASCII character of ``text`` (a cp1252 reading) is what
    Western text holds: a letter next to a letter (``café``), an accented one-letter word
    standing alone (French ``à``, Italian ``è``: :func:`_one_letter_words`) or a sign that is not
    a letter or a control (quotation marks, dashes, ``€``, ``©``, a no-break space). A capital
    ``Ã`` between a space and ``(`` is a UTF-8 lead byte, not a word."""
    for i, ch in enumerate(text):
        if ch.isascii():
            continue
        if ch.isalpha():
            if not (i > 0 and text[i - 1].isalpha()) and not (
                    i + 1 < len(text) and text[i + 1].isalpha()) and not (
                    ch in _one_letter_words() and _alone(text, i)):
                return False
        elif unicodedata.category(ch) == "Cc":
            return False
    return True


def cp1252_or_utf8(data: bytes) -> str:
    """Return ``data`` (not valid UTF-8) read as cp1252 when that reading is Western text
    (:func:`reads_as_western`), else as KOI8-R or cp1251 when it is clearly a line of Cyrillic
    in one of them (:func:`read_cyrillic`), else as UTF-8 with U+FFFD
    for each invalid sequence: what Scrapy and trafilatura fall back to when no code page
    fits. Cyrillic is tried first: a Cyrillic line read as cp1252 is Latin letters
    (``Æèòåëè``), which :func:`reads_as_western` lets through."""
    cyrillic = read_cyrillic(data)
    if cyrillic is not None:
        return cyrillic
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: no cp1252 text holds them
        return data.decode("utf-8", errors="replace")
    return text if reads_as_western(text) else data.decode("utf-8", errors="replace")


def line_by_line(data: bytes) -> tuple[str, int]:
    """``data`` (not valid UTF-8) decoded a line at a time, a valid UTF-8 line as UTF-8, any
    other as :func:`cp1252_or_utf8` reads it (a cp1252 line beside a KOI8-R one); and the
    number of its lines that hold multi-byte UTF-8: valid non-ASCII lines, and lines whose
    valid multi-byte sequences outweigh their stray bytes (:func:`mostly_utf8`). A page with
    at least ``MIN_UTF8_LINES`` of them is UTF-8 at heart."""
    utf8_lines = 0
    out = []
    for line in data.split(b"\n"):
        try:
            text = line.decode("utf-8")
            if not line.isascii():
                utf8_lines += 1
        except UnicodeDecodeError:
            text = cp1252_or_utf8(line)
            utf8_lines += mostly_utf8(line)
        out.append(text)
    return "\n".join(out), utf8_lines


def mixed_code_pages(data: bytes) -> str | None:
    """Return ``data`` read line by line when its lines are in two code pages, some Western
    (cp1252, :func:`reads_as_western`) and some Cyrillic (:func:`read_cyrillic`), and every
    line with non-ASCII bytes is one of the two; else ``None`` (one code page for the page)."""
    out, western, cyrillic = [], False, False
    for line in data.split(b"\n"):
        if line.isascii():
            out.append(line.decode("ascii"))
            continue
        text = read_cyrillic(line)
        if text is not None:
            cyrillic = True
        else:
            try:
                text = line.decode("cp1252")
            except UnicodeDecodeError:
                return None
            if not reads_as_western(text):
                return None
            western = True
        out.append(text)
    return "\n".join(out) if western and cyrillic else None
