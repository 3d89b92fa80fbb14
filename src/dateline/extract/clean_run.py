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
  it (``Final standings:`` / ``Pos. Boat Points`` / ``1 Gannet 4`` / ...; issue 12, item 5). A
  long list (30 street names) is body when a line of prose follows it, and that line is body
  too: the paragraph after a list is never lost to the list's look of a menu.
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
#: At most this many short lines make a long list introduced by a colon, which a line of prose
#: must follow (a new user's 30 street names). Set by hand: a list longer than this is a site
#: map, not an article's list.
LIST_MAX_LONG = 60
#: At least this many lines, each with a digit, make a table introduced by a colon.
TABLE_MIN_ROWS = 3
_LOG_CHARS = FEATURE_NAMES.index("log_chars")
_LOG_WORDS = FEATURE_NAMES.index("log_words")
_SENTENCE_END = FEATURE_NAMES.index("sentence_end")
_CONTINUES = FEATURE_NAMES.index("continues")
_DIGIT_RATIO = FEATURE_NAMES.index("digit_ratio")
_LOG_PROSE_WORDS = math.log1p(PROSE_MIN_WORDS) - 1e-9
#: A colon line the model left out of the body introduces a list when it has at least this many
#: words (a sentence, "The closures affect these roads:"; not a label, "More:").
INTRO_MIN_WORDS = 3
_LOG_INTRO_WORDS = math.log1p(INTRO_MIN_WORDS) - 1e-9
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
    signed = np.zeros(n, dtype=bool)  # looked for only where it can make a line prose
    for i in np.flatnonzero(long_enough & ~ends).tolist():
        signed[i] = signed_quotation(lines[i].text)
    prose = long_enough & (ends | signed)
    start, end = densest_run(np.where(prose, X[:, _LOG_CHARS], -RUN_GAP_PENALTY).tolist())
    if end <= start:
        return None
    chars = np.fromiter((len(line.text) for line in lines), dtype=np.float64, count=n)
    if chars[start:end].sum() < CLEAN_RUN_CHARS * max(chars.sum(), 1.0):
        return None
    outside = np.ones(n, dtype=bool)
    outside[start:end] = False
    joined = np.concatenate([[False], outside[:-1]]) & (X[:, _CONTINUES] > 0)
    counted = int((outside & ~joined).sum())
    if counted > CLEAN_MAX_OUTSIDE or counted > CLEAN_MAX_OUTSIDE_SHARE * n:
        return None
    return start


def _list_end(lines: list[Line], is_body: np.ndarray, X: np.ndarray, start: int,
              chrome: frozenset[int] | set[int]) -> int:
    """Return the index of the first line after the items that begin at ``start``: the items
    are the consecutive lines that are not body, not ``chrome`` and of under
    ``PROSE_MIN_WORDS`` words; in a tight list (no blank line between its first two items) a
    blank line ends them too. At most ``LIST_MAX_LONG + 1`` lines are looked at."""
    n = len(lines)
    stop = min(n, start + LIST_MAX_LONG + 1)
    tight = start + 1 < n and not lines[start + 1].blank_before
    j = start
    while j < stop and not is_body[j] and j not in chrome \
            and X[j, _LOG_WORDS] < _LOG_PROSE_WORDS \
            and not (tight and j > start and lines[j].blank_before):
        j += 1
    return j


def _prose(X: np.ndarray, j: int) -> bool:
    """A line of at least ``PROSE_MIN_WORDS`` words that ends a sentence."""
    return X[j, _LOG_WORDS] >= _LOG_PROSE_WORDS and X[j, _SENTENCE_END] > 0


def introduced_lists(lines: list[Line], is_body: np.ndarray, X: np.ndarray,
                     chrome: frozenset[int] | set[int] = frozenset()) -> list[int]:
    """Return the indices of the non-body lines that are items of a list or rows of a table a
    line ending with ``:`` introduces, with the lines that are body with them.

    ``lines``, ``X``: the page's lines and their :func:`dateline.extract.lines.line_features`;
    ``is_body``: the body so far (not modified); ``chrome``: indices of lines forced out of the
    body (strong chrome phrases, comments, image lines), which end a list and are never
    returned. The introducer is a body line ending with ``:``, or such a line of at least
    ``INTRO_MIN_WORDS`` words that is not body but stands right after a body line of prose
    (:func:`_prose`; it is returned with its list). Its items (:func:`_list_end`) are the
    consecutive short lines after it (under ``PROSE_MIN_WORDS`` words); a blank line in a tight
    list, a line of prose, a body line or a chrome line ends them. They are, in this order:

    * a table (its rows alone, with no bound and whatever follows) when a body line introduces
      at least ``TABLE_MIN_ROWS`` of them and every one but the first (a header row) holds a
      digit (``1 Ana Ruiz 5040 5``, ``Round 2: 8 April``);
    * a list when a body line follows them and there are at most ``LIST_MAX_ITEMS`` of them
      after a body introducer (``has to do the following:`` / ``Stop lying`` / ``Show
      humility`` / then prose), or the line after them is prose;
    * a list, with the line of prose after it made body too, when at most ``LIST_MAX_LONG``
      items are followed by prose the model left out (``The closures affect these roads:`` /
      30 street names / the paragraph after them: issue 12 item 5, a new user's trial).

    Items of which half or more hold a digit follow only a body introducer (a table)."""
    out: list[int] = []
    n = len(lines)
    for i in range(n):
        if not lines[i].text.endswith(":") or i in chrome:
            continue
        body_intro = bool(is_body[i])
        if not body_intro and not (i > 0 and is_body[i - 1] and _prose(X, i - 1)
                                   and X[i, _LOG_WORDS] >= _LOG_INTRO_WORDS):
            continue
        j = _list_end(lines, is_body, X, i + 1, chrome)
        items = j - i - 1
        if items == 0 or items > LIST_MAX_LONG:
            continue
        if not body_intro and 2 * sum(X[k, _DIGIT_RATIO] > 0 for k in range(i + 1, j)) >= items:
            continue  # rows of numbers: a table, which only a body line introduces
        after = j < n and j not in chrome
        intro = [] if body_intro else [i]
        if body_intro and items >= TABLE_MIN_ROWS \
                and all(X[k, _DIGIT_RATIO] > 0 for k in range(i + 2, j)):
            out.extend(range(i + 1, j))  # a table: its rows, whatever follows
        elif after and is_body[j] and (items <= LIST_MAX_ITEMS and body_intro or _prose(X, j)):
            out.extend(intro + list(range(i + 1, j)))
        elif after and _prose(X, j):
            out.extend([*intro, *range(i + 1, j), j])
    return out
