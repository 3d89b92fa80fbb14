"""Neighbourhood and script-independent line features for the boilerplate line model.

:func:`dateline.extract.lines.line_features` computes each line's own features; this module adds
the ones that look around the line or count characters in a way that works in every script,
computed per page with numpy (no per-line regexes):

* ``punct_ratio``: the line's share of punctuation characters (Unicode general category ``P*``),
  read from one table lookup over the page's code points. Menus and share rows have none, prose
  has one every few words in every script.
* ``starts_lower`` and ``continues``: the line starts with a lower-case letter, and it does so
  right after a line that ends no sentence (a paragraph broken across lines, as pasted clean
  text has it).
* window shares over the lines around (the line itself included; the page edge counts as
  nothing): ``win_prose_3``/``win_prose_6`` prose lines within 3 and 6 lines, ``win_short_3``
  short lines, ``win_phrase_6`` lines holding a chrome phrase, ``win_stop_3`` the mean stop-word
  ratio.
* comment signals: ``first_person``, the share of the line's words that are first-person
  singular (``data/first_person_words.txt``), found by one regex pass over the page; and
  ``log_stamps_before``/``win_stamp_6``, how many short date lines stand before the line and
  within 6 lines of it (every reader comment carries its own time line; an article has one).
* position relative to the prose: ``prose_before``, the share of the page's prose characters
  standing before the line (0 above the article, 1 below it), and the distances in lines to the
  previous and the next prose line (``log_prev_prose``, ``log_next_prose``, capped at
  ``FAR_LINES``).

Each is a column of the ``CONTEXT_FEATURES`` block, in that order.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

from dateline import datafiles

CONTEXT_FEATURES = [
    "punct_ratio", "starts_lower", "continues", "win_prose_3", "win_prose_6", "win_short_3",
    "win_phrase_6", "win_stop_3", "prose_before", "log_prev_prose", "log_next_prose",
    "first_person", "log_stamps_before", "win_stamp_6",
]
#: Distance (lines) standing for "no prose line on that side".
FAR_LINES = 60
_NEWLINE = 10
#: A date line of at most this many words is a time stamp (a comment's "November 19 at 6:34 am").
STAMP_MAX_WORDS = 8


@lru_cache(maxsize=1)
def _punctuation_table() -> np.ndarray:
    """Boolean table over the Basic Multilingual Plane: True for punctuation (category ``P*``)."""
    return np.array([unicodedata.category(chr(c)).startswith("P") for c in range(0x10000)],
                    dtype=bool)


def punctuation_counts(texts: list[str]) -> np.ndarray:
    """Return the number of punctuation characters (Unicode ``P*``, Basic Multilingual Plane)
    of each string of ``texts`` (which hold no ``\\n``), as a float array."""
    if not texts:
        return np.zeros(0)
    joined = "\n".join(texts)
    if joined.isascii():  # one byte a character, all in the table
        codes = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
        line_of = np.cumsum(codes == _NEWLINE)
        hit = _punctuation_table()[codes]
    else:  # UTF-16 code units: a character beyond the BMP is two surrogates, no punctuation
        codes = np.frombuffer(joined.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
        line_of = np.cumsum(codes == _NEWLINE)
        hit = _punctuation_table()[codes]
    return np.bincount(line_of, weights=hit, minlength=len(texts)).astype(np.float64)


#: The characters other than a letter's two ASCII cases that match it when case is ignored
#: (Python's ``re.IGNORECASE`` on ``str`` patterns; tests/test_line_context.py checks every code
#: point).
CASE_VARIANTS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


@lru_cache(maxsize=1)
def _first_person() -> re.Pattern:
    r"""The first-person words as whole words (any case), in a pattern that opens with the
    class of their first letters, matched with case, so that the regular-expression engine
    scans for it in C: after that letter, a look-behind asks that no word character stand
    before it, and the rest of each word follows a look-behind for its first letter (any
    case). The same matches as ``(?<![\w'-])(?:word|...)(?![\w'-])`` with case ignored (at
    most one word can end a match at a position: the words hold letters and apostrophes only),
    in a quarter of the time."""
    words = sorted(datafiles.words("dateline.extract", "first_person_words.txt"), key=len,
                   reverse=True)
    by_initial: dict[str, list[str]] = {}
    for w in words:
        by_initial.setdefault(w[0], []).append(w[1:])
    firsts = "".join(sorted({c for x in by_initial
                             for c in x + x.upper() + CASE_VARIANTS.get(x, "")}))
    rests = "|".join(
        f"(?<={re.escape(x)})(?:" + "|".join(re.escape(r).replace("'", "['\u2019]") for r in rs)
        + ")" for x, rs in by_initial.items())
    return re.compile(rf"(?-i:[{firsts}])(?<![\w'\u2019-].)(?:{rests})(?![\w'\u2019-])",
                      re.IGNORECASE)


def first_person_counts(texts: list[str]) -> np.ndarray:
    """Return how many first-person singular words (``data/first_person_words.txt``, any case)
    each string of ``texts`` (which hold no ``\\n``) holds: one regex pass over the joined
    page, each match placed on its line by its offset."""
    if not texts:
        return np.zeros(0)
    joined = "\n".join(texts)
    offsets = [m.start() for m in _first_person().finditer(joined)]
    if not offsets:
        return np.zeros(len(texts))
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    line_of = np.searchsorted(starts, np.array(offsets), side="right") - 1
    return np.bincount(line_of, minlength=len(texts)).astype(np.float64)


def _window_means(columns: np.ndarray, widths: tuple[int, ...]) -> np.ndarray:
    """Mean of each column of ``columns`` (``n`` rows) over the rows ``[i - w, i + w]``, ``w``
    its entry of ``widths``, the page edge counting as 0: a window sum from one running sum
    per column (running sums are sequential, so each column's means are those it would get
    alone)."""
    n, k = columns.shape
    pad = max(widths)
    padded = np.zeros((n + 2 * pad, k))
    padded[pad:pad + n] = columns
    csum = np.zeros((n + 2 * pad + 1, k))
    np.cumsum(padded, axis=0, out=csum[1:])
    out = np.empty((n, k))
    for width in sorted(set(widths)):
        cols = [j for j, w in enumerate(widths) if w == width]
        lo = np.arange(n) + pad - width
        out[:, cols] = (csum[lo + 2 * width + 1][:, cols] - csum[lo][:, cols]) / (2 * width + 1)
    return out


def _distance_to_previous(flags: np.ndarray) -> np.ndarray:
    """Lines from each line back to the nearest earlier flagged line (``FAR_LINES`` if none)."""
    n = flags.size
    idx = np.arange(n)
    last = np.where(flags, idx, -1)
    last = np.maximum.accumulate(last)
    prev = np.concatenate([[-1], last[:-1]])
    return np.where(prev >= 0, np.minimum(idx - prev, FAR_LINES), FAR_LINES).astype(np.float64)


def context_features(texts: list[str], chars: np.ndarray, prose: np.ndarray,
                     short: np.ndarray, phrase: np.ndarray, stop_ratio: np.ndarray,
                     sentence_end: np.ndarray, words: np.ndarray, dateish: np.ndarray
                     ) -> np.ndarray:
    """Return the ``(n, len(CONTEXT_FEATURES))`` float64 matrix of one page's ``n`` lines.

    ``texts``: the stripped line texts; ``chars``: their lengths; ``prose``, ``short``,
    ``phrase``: boolean arrays (a prose line, a line under 5 words, a line holding a chrome
    phrase); ``stop_ratio``: the stop-word ratio per line; ``sentence_end``: 1.0 where the line
    ends a sentence; ``words``: word counts; ``dateish``: 1.0 where the line holds a date or a
    time of day.
    """
    n = len(texts)
    if n == 0:
        return np.zeros((0, len(CONTEXT_FEATURES)))
    out = np.empty((len(CONTEXT_FEATURES), n))
    context_rows(out, texts, chars, prose, short, phrase, stop_ratio, sentence_end, words,
                 dateish)
    return out.T


def context_rows(out: np.ndarray, texts: list[str], chars: np.ndarray, prose: np.ndarray,
                 short: np.ndarray, phrase: np.ndarray, stop_ratio: np.ndarray,
                 sentence_end: np.ndarray, words: np.ndarray, dateish: np.ndarray) -> None:
    """Write :func:`context_features` transposed into ``out``, a ``(len(CONTEXT_FEATURES),
    n)`` array (one contiguous row per feature; ``n`` at least 1)."""
    out[0] = punctuation_counts(texts) / np.maximum(chars, 1.0)
    starts_lower = out[1]
    starts_lower[:] = np.fromiter(map(str.islower, map(_first_char, texts)), dtype=bool,
                                  count=len(texts))
    out[2, 0] = 0.0
    np.multiply(starts_lower[1:], 1.0 - sentence_end[:-1], out=out[2, 1:])  # continues
    prose_f = prose.astype(np.float64)
    prose_chars = np.where(prose, chars, 0.0)
    total = max(prose_chars.sum(), 1.0)
    stamp = ((dateish > 0) & (words <= STAMP_MAX_WORDS)).astype(np.float64)
    # win_prose_3, win_prose_6, win_short_3, win_phrase_6, win_stop_3; win_stamp_6
    windows = _window_means(np.column_stack([prose_f, prose_f, short, phrase, stop_ratio, stamp]),
                            (3, 6, 3, 6, 3, 6))
    out[3:8] = windows[:, :5].T
    out[8] = (np.cumsum(prose_chars) - prose_chars) / total  # prose_before
    out[9] = np.log1p(_distance_to_previous(prose))
    out[10] = np.log1p(_distance_to_previous(prose[::-1])[::-1])
    out[11] = first_person_counts(texts) / np.maximum(words, 1.0)
    out[12] = np.log1p(np.cumsum(stamp) - stamp)
    out[13] = windows[:, 5]


def _first_char(text: str) -> str:
    return text[:1]
