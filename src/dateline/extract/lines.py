"""Lines of a plain-text scrape and their features for the boilerplate line model.

A scrape is split into its non-blank lines (:func:`split_lines`); each :class:`Line` keeps its
text and whether a blank line stands before and after it (block structure). :func:`line_features`
turns the lines of one page into a float matrix, one row per line, with the columns named in
``FEATURE_NAMES``: the line's own shape (length, words, punctuation, capitals, stop-word density
after jusText, bullets, digits, link-like text, chrome-phrase hits), its neighbours within two
lines, its position in the page, its distance to the densest run of long prose lines, and
features of the whole page (the share of prose, short, chrome-phrase and bullet lines).

Phrase lists come from ``data/boilerplate_phrases.json`` and ``data/stopwords.txt``.
"""

from __future__ import annotations

import math
import re
import struct
from collections import Counter
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import NamedTuple

import numpy as np

from dateline import datafiles
from dateline.extract.line_context import CONTEXT_FEATURES, context_rows
from dateline.extract.line_patterns import (
    AGO,
    ASCII_LOWER_JOINED_RUNS,
    ASCII_LOWER_RUNS,
    ASCII_NOT_DIGIT,
    ASCII_NOT_LETTER,
    ASCII_NOT_UPPER,
    ASCII_SENTENCE_BREAK,
    ASCII_WORD,
    ASCII_WORD_CAPITAL,
    BULLET,
    DATE_FROM_DIGIT,
    DAY_AFTER_MONTH_REVERSED,
    DIGIT,
    GLUED,
    GLUED_CAPITAL,
    LINKISH,
    NOT_LETTER,
    QUOTE,
    SEA_LAST,
    SENTENCE_BREAK,
    ends_sentence,
)
from dateline.extract.line_phrases import phrase_hits, phrase_tables
from dateline.extract.words import (
    CJK_CHARS_PER_WORD,
    SEA_CHARS_PER_WORD,
    WORD,
    spaced_words,
    unspaced_counts,
)

#: A line counts as prose for the densest-run search when it has at least this many words and
#: ends a sentence. Chosen by hand on the text-scrapes pages (body lines median: 40 words).
PROSE_MIN_WORDS = 12
#: A comments marker line has at most this many words (log1p of it compared with the log_words
#: feature).
MARKER_MAX_WORDS = 8
_LOG_MARKER_WORDS = math.log1p(MARKER_MAX_WORDS)
#: Penalty per non-prose line inside a run, in units of log(1 + chars) of a prose line.
RUN_GAP_PENALTY = 2.5

_WORD = WORD
#: Distance (lines) used for "no comments marker before this line".
NO_MARKER = 60
#: Words that address the reader ("you", "our"; ``data/reader_words.txt``).
_READER = datafiles.words("dateline.extract", "reader_words.txt")

OWN_FEATURES = [
    "log_chars", "log_words", "mean_word_len", "alpha_ratio", "digit_ratio", "upper_ratio",
    "title_ratio", "stop_ratio", "sentence_end", "ends_colon", "pipes", "log_sentences",
    "comma_per_word", "bullet", "starts_digit", "has_quote", "linkish", "copyright",
    "phrase_hits", "strong_hits", "reader_ratio", "dateish", "ellipsis", "blank_before",
    "blank_after", "duplicate", "caption_pair", "word_share", "glued", "ago",
]
POSITION_FEATURES = ["log_comments_before", "log_block_lines", "rel_pos", "log_from_start",
                     "log_from_end", "rel_chars_before", "log_lines", "run_dist", "in_run",
                     "run_rel"]
#: The same for every line of a page: how much of it is prose and how much looks like chrome.
#: A clean article (every line prose, a few short lines between) differs from a scrape here.
PAGE_FEATURES = ["page_prose_share", "page_run_chars", "page_short_share", "page_phrase_share",
                 "page_bullet_share", "page_end_share", "page_outside_run"]
NEIGHBOUR_COLUMNS = ["log_words", "stop_ratio", "sentence_end", "bullet", "phrase_hits",
                     "title_ratio"]
NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)
FEATURE_NAMES = OWN_FEATURES + POSITION_FEATURES + PAGE_FEATURES + [
    f"{name}@{off:+d}" for off in NEIGHBOUR_OFFSETS for name in NEIGHBOUR_COLUMNS
] + CONTEXT_FEATURES
_COL = {name: i for i, name in enumerate(OWN_FEATURES)}
_N_OWN = len(OWN_FEATURES)
_NEIGHBOUR_ROWS = [_COL[c] for c in NEIGHBOUR_COLUMNS]


class Line(NamedTuple):
    """One non-blank line of a scrape: stripped ``text``, its ``index`` among the non-blank lines,
    and whether a blank line (or the page edge) stands before and after it. A named tuple:
    immutable, and made three times faster than a frozen dataclass (every line of every page
    is one)."""

    text: str
    index: int  # type: ignore[assignment]  # the field shadows tuple.index, never called on a Line
    blank_before: bool
    blank_after: bool


def split_lines(text: str) -> list[Line]:
    """Return the non-blank lines of ``text`` (split at ``\\n``; ``\\r`` and spaces stripped)."""
    raw = text.split("\n")
    out: list[Line] = []
    blank = blank_prev = True
    pending: str | None = None
    for piece in raw:
        stripped = " ".join(piece.split())
        if not stripped:
            if pending is not None:
                out.append(Line(pending, len(out), blank_prev, True))
                pending = None
            blank = True
            continue
        if pending is not None:
            out.append(Line(pending, len(out), blank_prev, False))
        pending, blank_prev, blank = stripped, blank, False
    if pending is not None:
        out.append(Line(pending, len(out), blank_prev, True))
    return out


@lru_cache(maxsize=1)
def _cjk_function_chars() -> frozenset[str]:
    return frozenset("".join(datafiles.lines("dateline.extract", "cjk_function_chars.txt")))


@lru_cache(maxsize=1)
def _thai_function_words() -> re.Pattern:
    words = datafiles.lines("dateline.extract", "thai_function_words.txt")
    return re.compile("|".join(sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Return the English stop words of ``data/stopwords.txt``."""
    return frozenset(datafiles.lines("dateline.extract", "stopwords.txt"))


@lru_cache(maxsize=1)
def _own_tables() -> tuple[frozenset[str], frozenset[str]]:
    """The stop words and the strong chrome phrases: what :func:`_own_text` reads for every
    line, looked up once."""
    return stopwords(), phrase_tables()[2]


#: One line's own features, packed as native float64 (:func:`_own_text`).
_OWN_ROW = struct.Struct(f"{len(OWN_FEATURES)}d")


@lru_cache(maxsize=16384)
def _own_text(text: str) -> bytes:
    """The features of a line that depend on its text only (cached: site chrome repeats),
    packed as ``len(OWN_FEATURES)`` native float64 values: the page's rows are joined and read
    by numpy in one call (``np.fromiter`` over the floats took 2% of the text path).

    Each pattern runs only when the counts before it allow a match (a digit; a capital or a
    non-ASCII character; a sentence mark), and ASCII lines take the ASCII forms of the counts
    and the word pattern: the same values, in less time."""
    stops, strong = _own_tables()
    chars = len(text)
    ascii_text = text.isascii()
    cjk, sea = (0, 0) if ascii_text else unspaced_counts(text)
    if ascii_text:
        # ASCII lines: the words lower-cased straight from the line (bytes.translate, several
        # times faster than str.translate and a str.lower a word), the capitals that open a
        # word found by a pattern, and the counts by bytes.translate: the same values
        raw = text.encode("ascii")
        lowered = text.lower()
        joined = "'" in text or "-" in text
        if joined:
            # the runs of letters, digits and joiners, lower-cased: a run of letters and
            # digits alone is a word, the others hold ASCII_WORD's words (which never cross
            # any other character); half the time of ASCII_WORD over the whole line
            lower_words = []
            for run in raw.translate(ASCII_LOWER_JOINED_RUNS).decode("ascii").split():
                if run.isalnum():
                    lower_words.append(run)
                else:
                    lower_words += ASCII_WORD.findall(run)
        else:  # no joiner: the words are the runs of letters and digits
            lower_words = raw.translate(ASCII_LOWER_RUNS).decode("ascii").split()
        cjk_stops = 0
        n_words = len(lower_words)
        sentence_end = ends_sentence(text)
        letters = len(raw.translate(None, ASCII_NOT_LETTER))
        digits = len(raw.translate(None, ASCII_NOT_DIGIT))
        upper = len(raw.translate(None, ASCII_NOT_UPPER))
        word_chars = len("".join(lower_words)) if joined else letters + digits
        titles = len(ASCII_WORD_CAPITAL.findall(text)) if upper else 0
    else:
        if cjk or sea:
            # unspaced scripts are counted by characters (dateline.extract.words), and their
            # function characters (Chinese, Japanese) or words (Thai) count as stop words
            words = spaced_words(text)
            function_chars = _cjk_function_chars()
            cjk_stops = sum(c in function_chars for c in text) if cjk else 0
            if sea:
                cjk_stops += len(_thai_function_words().findall(text))
            n_words = len(words) + max(1, int(cjk / CJK_CHARS_PER_WORD
                                              + sea / SEA_CHARS_PER_WORD))
            # a long Thai or Lao line ends its sentence with no mark
            sentence_end = ends_sentence(text) or (
                n_words >= PROSE_MIN_WORDS and bool(SEA_LAST.search(text)))
        else:
            words = _WORD.findall(text)
            cjk_stops = 0
            n_words = len(words)
            sentence_end = ends_sentence(text)
        word_chars = len("".join(words))
        letter_text = NOT_LETTER.sub("", text)
        letters = len(letter_text)
        digits = len(DIGIT.findall(text))
        upper = sum(map(str.isupper, letter_text))
        lower_words = list(map(str.lower, words))
        lowered = text.lower()
        titles = sum(map(str.isupper, map(itemgetter(0), words)))
    # an ASCII line's phrase tokens are its words lower-cased: no second tokenisation; the
    # hits are kept for the strong-phrase rules and the naming of removed lines
    hits = phrase_hits(text, lower_words if ascii_text and "&" not in text else None)
    nw = max(n_words, 1)
    # every pattern below needs what the guard before it tests (a digit; a sentence mark or a
    # non-ASCII character; a capital): a guard that fails skips a search that cannot match
    if not ascii_text:
        sentences = len(SENTENCE_BREAK.findall(text))
    else:
        sentences = len(ASCII_SENTENCE_BREAK.findall(text)) if "." in text or "!" in text \
            or "?" in text else 0
    return _OWN_ROW.pack(
        math.log1p(chars),
        math.log1p(n_words),
        (word_chars + cjk + sea) / n_words if n_words else 0.0,
        letters / chars,
        digits / chars,
        upper / max(letters, 1),
        titles / nw,
        (sum(map(stops.__contains__, lower_words)) + cjk_stops) / nw,
        1.0 if sentence_end else 0.0,
        1.0 if text.endswith(":") else 0.0,
        float(text.count("|")),
        math.log1p(sentences),
        text.count(",") / nw,
        1.0 if BULLET.match(text) else 0.0,
        1.0 if text[0].isdigit() else 0.0,
        1.0 if QUOTE.search(text) else 0.0,
        1.0 if LINKISH.search(text) else 0.0,
        1.0 if ("\u00a9" in text or "copyright" in lowered) else 0.0,
        min(len(hits), 5.0),
        min(sum(map(strong.__contains__, hits)), 3.0) if hits else 0.0,
        sum(map(_READER.__contains__, lower_words)) / nw,
        1.0 if digits and (DATE_FROM_DIGIT.search(text)
                           or DAY_AFTER_MONTH_REVERSED.search(text[::-1])) else 0.0,
        1.0 if text.endswith(("...", "\u2026")) else 0.0,
        0.0,  # blank_before: set per page
        0.0,  # blank_after: set per page
        0.0,  # duplicate: filled in per page
        0.0,  # caption_pair: filled in per page
        float(n_words),  # word_share: divided by the page's words below
        float(len(GLUED.findall(text))) if (upper or not ascii_text)
        and GLUED_CAPITAL.search(text) else 0.0,
        # "ago" in the lower-cased line is needed: no other character matches a, g or o
        # ignoring case (line_context.CASE_VARIANTS)
        1.0 if digits and "ago" in lowered and AGO.search(text) else 0.0,
    )


def densest_run(prose_weight: list[float]) -> tuple[int, int]:
    """Return ``(start, end)`` (end exclusive) of the run of lines with the largest sum of
    ``prose_weight`` (positive for prose lines, negative for others; Kadane's algorithm).
    ``(0, 0)`` when no line has a positive weight."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, w in enumerate(prose_weight):
        if total <= 0:
            total, start = 0.0, i
        total += w
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def line_features(lines: list[Line]) -> np.ndarray:
    """Return the ``(len(lines), len(FEATURE_NAMES))`` float64 feature matrix of one page.

    The matrix is the transpose of a C-ordered ``(features, lines)`` array (Fortran order):
    each feature is written as one contiguous row, and the line model's trees, which read
    the features transposed, take their columns without a copy of the page."""
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    texts = list(map(attrgetter("text"), lines))
    out = np.empty((len(FEATURE_NAMES), n))  # one row per feature
    out[:_N_OWN] = np.frombuffer(b"".join(map(_own_text, texts)),
                                 dtype=np.float64).reshape(n, _N_OWN).T
    own = out[:_N_OWN]
    blank_before = np.fromiter(map(attrgetter("blank_before"), lines), dtype=bool, count=n)
    own[_COL["blank_before"]] = blank_before
    own[_COL["blank_after"]] = np.fromiter(map(attrgetter("blank_after"), lines), dtype=bool,
                                           count=n)
    counts = Counter(texts)
    own[_COL["duplicate"]] = np.fromiter(map(counts.__getitem__, texts), dtype=np.intp,
                                         count=n) > 1
    chars = np.fromiter(map(len, texts), dtype=np.float64, count=n)
    pair = own[_COL["caption_pair"]]
    # an alt-text line and its caption: the next line starts with the line and is longer
    for i in np.flatnonzero((chars[:-1] > 15) & (chars[1:] > chars[:-1])).tolist():
        if texts[i + 1].startswith(texts[i]):
            pair[i] = pair[i + 1] = 1.0
    words = own[_COL["word_share"]].copy()
    own[_COL["word_share"]] = words / max(words.sum(), 1.0)

    idx = np.arange(n, dtype=np.float64)
    before = np.concatenate([[0.0], np.cumsum(chars)[:-1]])
    prose = (words >= PROSE_MIN_WORDS) & (own[_COL["sentence_end"]] > 0)
    weight = np.where(prose, own[_COL["log_chars"]], -RUN_GAP_PENALTY).tolist()
    start, end = densest_run(weight)
    position = out[_N_OWN:_N_OWN + len(POSITION_FEATURES)]
    if end > start:
        dist = np.where(idx < start, start - idx, np.where(idx >= end, idx - end + 1, 0.0))
        position[8] = (idx >= start) & (idx < end)  # in_run
        position[9] = np.where(idx < start, -1.0, np.where(idx >= end, 1.0, 0.0))  # run_rel
    else:
        dist = np.full(n, 10.0)
        position[8:10] = 0.0
    # distance to the nearest earlier short line naming the comments ("Comments", "12 replies")
    # (only lines with a phrase hit can be one)
    kinds_of = phrase_tables()[1]
    has_phrase = own[_COL["phrase_hits"]] > 0
    marker = np.zeros(n, dtype=bool)
    for i in np.flatnonzero((own[_COL["log_words"]] <= _LOG_MARKER_WORDS)
                            & has_phrase).tolist():
        marker[i] = any("comments" in kinds_of.get(h, ()) for h in phrase_hits(texts[i]))
    last_marker = np.maximum.accumulate(np.where(marker, idx, -1.0))
    previous = np.concatenate([[-1.0], last_marker[:-1]])
    comments_before = np.where(previous >= 0, np.minimum(idx - previous, NO_MARKER),
                               float(NO_MARKER))
    block_id = np.cumsum(blank_before)
    position[0] = np.log1p(comments_before)
    position[1] = np.log(np.bincount(block_id)[block_id].astype(np.float64))
    position[2] = idx / max(n - 1, 1)
    position[3] = np.log1p(idx)
    position[4] = np.log1p(n - 1 - idx)
    position[5] = before / max(chars.sum(), 1.0)
    position[6] = math.log1p(n)
    position[7] = np.log1p(dist)
    short = words < 5
    at = _N_OWN + len(POSITION_FEATURES)
    out[at:at + len(PAGE_FEATURES)] = np.array([
        prose.mean(), float(chars[start:end].sum() / max(chars.sum(), 1.0)), short.mean(),
        has_phrase.mean(), own[_COL["bullet"]].mean(),
        own[_COL["sentence_end"]].mean(), math.log1p(n - (end - start)),
    ])[:, None]
    at += len(PAGE_FEATURES)
    base = own[_NEIGHBOUR_ROWS]
    for off in NEIGHBOUR_OFFSETS:
        shifted = out[at:at + len(NEIGHBOUR_COLUMNS)]
        if off < 0:
            shifted[:, :-off] = -1.0
            shifted[:, -off:] = base[:, :off]
        else:
            shifted[:, -off:] = -1.0
            shifted[:, :-off] = base[:, off:]
        at += len(NEIGHBOUR_COLUMNS)
    context_rows(out[at:], texts, chars, prose, short, has_phrase, own[_COL["stop_ratio"]],
                 own[_COL["sentence_end"]], words, own[_COL["dateish"]])
    return out.T
