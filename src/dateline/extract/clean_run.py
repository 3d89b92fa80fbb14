"""Clean article text, lists and tables that the line model alone would cut (issue 9, item 2).

Two rules of the text path, each on lines the line model (:mod:`dateline.extract.boilerplate`)
has already scored, with no feature of its own (the model's features stay as they are):

* :func:`clean_run_start`: is the page clean article text (every line from its prose run on is
  body)? :func:`dateline.extract.text.clean_page` asks this of the densest run of prose lines
  (lines of at least ``PROSE_MIN_WORDS`` words that end a sentence). A page of quotations each
  signed by its speaker (a vox pop: ``"... for the children." ― Ana Ruiz``) ends no line with a
  sentence mark, and a paragraph that the paste broke into short lines (a trailing editor's
  note: ``Editor's note: the mayor`` / ``denies`` / ``every claim.``) counts as many lines
  outside the run. Here a prose line may end in such a signature, and a line that continues the
  line before it (that one ends no sentence, this one starts lower-case) is counted with it.
* :func:`introduced_lists`: the short lines of a list that a body line introduces (it ends with
  a colon) and that a body line follows are body: ``has to do the following:`` / ``Stop lying`` /
  ``Show humility`` / then prose; and so are the rows of a table so introduced, whatever follows
  it (``Final standings:`` / ``Pos. Boat Points`` / ``1 Gannet 4`` / ...; issue 12, item 5).
"""

from __future__ import annotations

import math
import re

import numpy as np

from dateline.extract.lines import (
    FEATURE_NAMES,
    PROSE_MIN_WORDS,
    RUN_GAP_PENALTY,
    Line,
    densest_run,
)

#: A page is clean article text (every line of its prose run and after it is body, issue 9
#: item 2) when its densest prose run holds at least this share of its characters and at most
#: this many lines, and this share of its lines, stand outside it. Set by hand on PolNeAR train
#: and the two scrape sets: 772 of 840 PolNeAR train articles pass, 1 of the 535 scrapes (one
#: of 8 lines whose body is nearly the whole page).
CLEAN_RUN_CHARS = 0.8
CLEAN_MAX_OUTSIDE = 3
CLEAN_MAX_OUTSIDE_SHARE = 0.25
#: At most this many lines of under ``PROSE_MIN_WORDS`` words make a list introduced by a colon.
#: Set by hand: the bullet lists of the PolNeAR train articles have 2 to 6 items.
LIST_MAX_ITEMS = 8
#: At least this many lines, each with a digit, make a table introduced by a colon.
TABLE_MIN_ROWS = 3
_LOG_CHARS = FEATURE_NAMES.index("log_chars")
_LOG_WORDS = FEATURE_NAMES.index("log_words")
_SENTENCE_END = FEATURE_NAMES.index("sentence_end")
_CONTINUES = FEATURE_NAMES.index("continues")
_DIGIT_RATIO = FEATURE_NAMES.index("digit_ratio")
_LOG_PROSE_WORDS = math.log1p(PROSE_MIN_WORDS) - 1e-9
#: A closing quotation mark, a dash and a name of at most six words: ``” ― Ana Ruiz.``
_SIGNED = re.compile(r"[\"\u201d]\s*[\u2015\u2014\u2013-]\s*[^\W\d_][\w.'\u2019-]*"
                     r"(?: [\w.'\u2019-]+){0,5}$")


def signed_quotation(text: str) -> bool:
    """Return True when ``text`` ends with a quotation signed by its speaker
    (``... the children.” ― Ana Ruiz``): a closing quotation mark, a dash (horizontal bar, em or
    en dash, hyphen) and one to six words."""
    return bool(_SIGNED.search(text))


def clean_run_start(lines: list[Line], X: np.ndarray) -> int | None:
    """Return the index of the first line of the prose run of a clean article, else ``None``.

    ``lines``: one page's lines; ``X``: their :func:`dateline.extract.lines.line_features`.
    The run is the densest run of prose lines (weights as in ``line_features``: log(1 + chars)
    for a prose line, ``-RUN_GAP_PENALTY`` for any other), where a line of at least
    ``PROSE_MIN_WORDS`` words is prose when it ends a sentence or a signed quotation
    (:func:`signed_quotation`). The page is clean when the run holds at least
    ``CLEAN_RUN_CHARS`` of its characters and at most ``CLEAN_MAX_OUTSIDE`` lines, and
    ``CLEAN_MAX_OUTSIDE_SHARE`` of its lines, stand outside it, a line that continues the one
    before it (``continues`` feature) not counted again. Passes 773 of the 840 PolNeAR train
    articles (772 pass :func:`~dateline.extract.text.clean_page`), 80 of the 84 dev ones (78)
    and, as that test, 1 of the 535 scrapes.
    """
    n = len(lines)
    if n == 0:
        return None
    long_enough = X[:, _LOG_WORDS] >= _LOG_PROSE_WORDS
    ends = X[:, _SENTENCE_END] > 0
    prose = long_enough & (ends | np.array([not e and signed_quotation(line.text)
                                            for line, e in zip(lines, ends, strict=True)]))
    start, end = densest_run(np.where(prose, X[:, _LOG_CHARS], -RUN_GAP_PENALTY).tolist())
    if end <= start:
        return None
    chars = np.array([len(line.text) for line in lines], dtype=np.float64)
    if chars[start:end].sum() < CLEAN_RUN_CHARS * max(chars.sum(), 1.0):
        return None
    outside = np.ones(n, dtype=bool)
    outside[start:end] = False
    joined = np.concatenate([[False], outside[:-1]]) & (X[:, _CONTINUES] > 0)
    counted = int((outside & ~joined).sum())
    if counted > CLEAN_MAX_OUTSIDE or counted > CLEAN_MAX_OUTSIDE_SHARE * n:
        return None
    return start


def introduced_lists(lines: list[Line], is_body: np.ndarray, X: np.ndarray) -> list[int]:
    """Return the indices of the non-body lines that are items of a list or rows of a table a
    body line introduces. After a body line ending with ``:``, the consecutive non-body lines
    of under ``PROSE_MIN_WORDS`` words each are a list when there are at most
    ``LIST_MAX_ITEMS`` of them and a body line follows; they are a table, with no bound and
    whatever follows, when there are at least ``TABLE_MIN_ROWS`` of them and every one but
    the first (a header row) holds a digit (``1 Ana Ruiz 5040 5``, ``Round 2: 8 April``)."""
    out: list[int] = []
    n = len(lines)
    for i in np.flatnonzero(is_body):
        if not lines[i].text.endswith(":"):
            continue
        j = i + 1
        while j < n and not is_body[j] and X[j, _LOG_WORDS] < _LOG_PROSE_WORDS:
            j += 1
        items = j - i - 1
        if 0 < items <= LIST_MAX_ITEMS and j < n and is_body[j]:
            out.extend(range(i + 1, j))
        elif items >= TABLE_MIN_ROWS and all(X[k, _DIGIT_RATIO] > 0 for k in range(i + 2, j)):
            out.extend(range(i + 1, j))
    return out
