"""Reader comments under an article that the line model let into the body (issue 12, item 5).

A comment thread opens with a short marker line holding a strong comments phrase
(``data/boilerplate_phrases.json``: "[ 167 comments ]", "Top Rated Comments", "Leave a
comment") and every comment in it carries its own short time line ("2 days ago at 07:52 am",
"November 19 at 6:34 am"); an article has one such line, in its header. The line
model sees both signals (``log_comments_before``, ``win_stamp_6``) but weighs them line by line,
and keeps the longer comments, which read as prose. :func:`comment_lines` takes the whole thread
out: every body line after the first marker that follows at least ``ARTICLE_MIN_LINES`` body
lines (comments come after the article; a "Share | 12 comments" bar under the standfirst is no
thread), when at least ``THREAD_MIN_STAMPS`` time lines after that marker each have a body line
at most ``STAMP_REACH`` lines below them (the comments the model kept).
"""

from __future__ import annotations

import math

import numpy as np

from dateline.extract.lines import (
    FEATURE_NAMES,
    MARKER_MAX_WORDS,
    Line,
    phrase_hits,
    phrase_tables,
)

#: Time lines after the marker that make a thread (one is a reply's date; two are a thread).
THREAD_MIN_STAMPS = 2
#: A comment's text starts at most this many lines below its time line.
STAMP_REACH = 3
#: Body lines the article has above its comments: a dated timeline under a comment-count bar
#: after the standfirst (one body line) kept its entries before this; the threads this rule
#: takes out of text-scrapes-modern (out of fold) follow articles of several paragraphs.
ARTICLE_MIN_LINES = 3
_LOG_WORDS = FEATURE_NAMES.index("log_words")
_DATEISH = FEATURE_NAMES.index("dateish")
_STRONG_HITS = FEATURE_NAMES.index("strong_hits")
_AGO = FEATURE_NAMES.index("ago")
#: a marker or a time line has at most MARKER_MAX_WORDS words, as the comments marker of lines.py
_LOG_SHORT = math.log1p(MARKER_MAX_WORDS) + 1e-9


def _is_marker(text: str) -> bool:
    """A line naming the comments with a strong phrase ("comments", "leave a comment"); the
    weak ones of the kind ("rating", "reply", "discussion") also label parts of articles."""
    _, kinds_of, strong, _ = phrase_tables()
    return any(h in strong and "comments" in kinds_of.get(h, ()) for h in phrase_hits(text))


def comment_lines(lines: list[Line], is_body: np.ndarray, X: np.ndarray) -> list[int]:
    """Return the indices of the body lines that belong to a reader-comment thread (see the
    module docstring); ``X`` is the page's :func:`dateline.extract.lines.line_features`."""
    body = np.flatnonzero(is_body)
    if body.size <= ARTICLE_MIN_LINES:
        return []
    short = X[:, _LOG_WORDS] <= _LOG_SHORT
    # a marker holds a strong phrase: only those lines are looked up
    maybe = np.flatnonzero(short & ~is_body & (X[:, _STRONG_HITS] > 0))
    first = int(body[ARTICLE_MIN_LINES - 1]) + 1
    marker = next((i for i in maybe[maybe >= first].tolist() if _is_marker(lines[i].text)),
                  None)
    if marker is None:
        return []
    stamp = short & ((X[:, _DATEISH] > 0) | (X[:, _AGO] > 0))
    n = len(lines)
    # a comment's time line has its text (a body line) right below it
    signed = [i for i in range(marker + 1, n) if stamp[i]
              and is_body[i + 1:min(i + 1 + STAMP_REACH, n)].any()]
    if len(signed) < THREAD_MIN_STAMPS:
        return []
    return [int(i) for i in body[body > marker]]
