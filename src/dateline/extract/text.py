"""The plain-text path: a scrape with its site chrome -> Article fields.

Steps (each a plain function below):
1. split the page into non-blank lines and score each with the boilerplate line model
   (:func:`dateline.extract.boilerplate.body_probabilities`); on clean article text every line
   from the prose run on is body (:func:`clean_page`,
   :func:`dateline.extract.clean_run.clean_run_start`); short lines with strong chrome phrases,
   and the lines they sandwich, are forced out of the body, and so is a reader-comment thread
   (:func:`dateline.extract.comment_thread.comment_lines`); the items of a list or table that a
   body line introduces with a colon are body (:func:`dateline.extract.clean_run.introduced_lists`),
   and so are the dated entries of a timeline (:func:`dateline.extract.timeline.dated_entries`);
2. images: a caption line ending in a credit in brackets ("... (AP)"), with the alt-text line just
   before it that repeats the caption counted once;
3. the header before the body start: timestamp lines (``published``, ``updated``), the byline (a
   "By ..." line, or a short name-like line next to a timestamp), then the headline and the
   standfirst (the title-like lines just before the byline/timestamp, else just before the body);
4. everything else that is not body is boilerplate with its kind; the notification prompt or
   copyright line among them names the ``publisher``.

The result is an :class:`~dateline.extract.result.Extraction`, as on the HTML path: one
:class:`~dateline.extract.result.TextBlock` per non-blank line, in page order, of kind ``body``,
``metadata`` (headline, standfirst, byline and timestamp lines), ``caption`` (image lines) or a
boilerplate kind.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from dateline import datafiles
from dateline.extract.boilerplate import (
    apply_strong_rules,
    body_probabilities,
    body_threshold,
    name_kind,
    strong_kind,
)
from dateline.extract.byline import has_byline_prefix, parse_byline
from dateline.extract.clean_run import (
    CLEAN_MAX_OUTSIDE,
    CLEAN_MAX_OUTSIDE_SHARE,
    CLEAN_RUN_CHARS,
    clean_run_start,
    introduced_lists,
)
from dateline.extract.clock import plausible_time
from dateline.extract.comment_thread import comment_lines
from dateline.extract.headline import name_row, pick_headline
from dateline.extract.lines import (
    FEATURE_NAMES,
    PROSE_MIN_WORDS,
    Line,
    line_features,
    phrase_hits,
    split_lines,
)
from dateline.extract.masthead import MASTHEAD_LINES, masthead_name
from dateline.extract.publisher import find_publisher
from dateline.extract.result import NOT_BOILERPLATE, Extraction, TextBlock
from dateline.extract.text_clock import TextClock
from dateline.extract.timeline import dated_entries
from dateline.extract.timestamps import find_timestamps, order_dates, time_of_day, with_time
from dateline.extract.words import unspaced_counts, word_count
from dateline.model import Image

#: How far before the body start (in non-blank lines) the header is searched for the headline,
#: byline and timestamps; and how many leading body lines may still be byline or timestamp lines.
HEADER_LINES = 25
HEAD_OF_BODY = 3
#: Word counts of a headline and of a byline line (name-like lines without "By").
HEADLINE_WORDS = (3, 30)
BYLINE_MAX_WORDS = 8
#: Lines repeated on other pages of a site are ignored when they would remove more than this
#: share of the body's words (the page is a near copy of another page of the batch). Set by
#: hand; checked on the sites with two pages in text-scrapes-modern (bench/clean_text.py).
REPEATED_MAX_BODY_SHARE = 0.5
_IN_RUN = FEATURE_NAMES.index("in_run")
_PAGE_RUN_CHARS = FEATURE_NAMES.index("page_run_chars")
_PAGE_OUTSIDE_RUN = FEATURE_NAMES.index("page_outside_run")
_CREDIT_TAIL = re.compile(r"^(?P<caption>.*?\S)\s*\((?P<credit>[^()]{1,80})\)\s*$")
_LABELS = "photograph|photo|picture|image|credit"
_CREDIT_LABEL = re.compile(
    rf"^(?P<caption>.*?\S)\s*(?:\||\.)?\s*(?:{_LABELS})s?\s*:\s*(?P<credit>[^:]{{2,80}})$",
    re.IGNORECASE)
#: The label :data:`_CREDIT_LABEL` needs just before a line's last colon (its credit holds no
#: colon): searched in the few characters there first, it spares most lines with a colon the
#: pattern's lazy search from the line start.
_LABEL_AT_END = re.compile(rf"(?:{_LABELS})s?\Z", re.IGNORECASE)
_LONGEST_LABEL = len("photographs")
_BULLET = re.compile(r"^\s*(?:[*\u2022\u00b7\u25aa\u25cf>\u00bb\u203a-]|\d+[.)]\s)")
# a time of day anywhere, or a timestamp label at the start: two patterns (the time's opens
# with its digit, ``\d(?<!\w\d)`` being ``\b\d``, so the engine skips to the digits; one
# pattern of both tried the label's anchor at every position)
_STAMP_TIME = re.compile(r"\d(?<!\w\d)\d?:\d\d\b")
_STAMP_LABEL = re.compile(r"(?:updated|published|posted)\b", re.IGNORECASE)
_WORDS = re.compile(r"[\w'\u2019-]+")
_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019)]*$")


@lru_cache(maxsize=1)
def _credit_words() -> frozenset[str]:
    return frozenset(datafiles.lines("dateline.extract", "credit_words.txt"))


def _credit_tail(text: str) -> tuple[str, str] | None:
    """Return the ``caption`` and ``credit`` groups of :data:`_CREDIT_TAIL` matched on
    ``text``, a line ending in ``)``, or ``None`` when it does not match. Found from the last
    ``(``: the credit is what stands between it and the final ``)`` (1 to 80 characters, no
    parenthesis), the caption what stands before it, trailing white space stripped (at least
    one character); the pattern's own lazy search from the line start took 2% of the text
    path. A line holding ``\n`` (which the pattern's ``.`` does not cross) is matched by the
    pattern itself."""
    if "\n" in text:
        match = _CREDIT_TAIL.match(text)
        return (match.group("caption"), match.group("credit")) if match else None
    start = text.rfind("(")
    credit = text[start + 1:-1]
    caption = text[:start].rstrip()
    if start < 0 or not 1 <= len(credit) <= 80 or ")" in credit or not caption:
        return None
    return caption, credit


def _credit(text: str) -> tuple[str, str] | None:
    """Return ``(caption, credit)`` when ``text`` ends in a photo credit, else ``None``."""
    if text.endswith(")"):
        found = _credit_tail(text)
    elif ":" in text:
        before = text[:text.rfind(":")].rstrip()
        match = _CREDIT_LABEL.match(text) \
            if _LABEL_AT_END.search(before, len(before) - _LONGEST_LABEL) else None
        found = (match.group("caption"), match.group("credit")) if match else None
    else:
        return None
    if not found:
        return None
    credit = found[1].strip()
    words = {w.lower() for w in re.split(r"[\s/,;.]+", credit) if w}
    if not words & _credit_words() and "/" not in credit:
        return None
    return found[0].strip(), credit


def find_images(lines: list[Line]) -> tuple[list[Image], set[int]]:
    """Return the images (:class:`~dateline.model.Image`, ``url`` None) and the indices of the
    lines they use.

    A line ``"T (CREDIT)"`` is a caption with a credit; when the line before it is ``T`` itself
    (the alt text), that line belongs to the same image.
    """
    images: list[Image] = []
    used: set[int] = set()
    for i, line in enumerate(lines):
        found = _credit(line.text)
        if not found:
            continue
        caption, credit = found
        if i > 0 and i - 1 not in used and lines[i - 1].text == caption:
            used.add(i - 1)
        elif word_count(caption) < 3:
            continue
        used.add(i)
        images.append(Image(caption=caption, credit=credit, url=None))
    return images, used


def _is_name_line(text: str) -> bool:
    return 1 < word_count(text) <= BYLINE_MAX_WORDS and bool(parse_byline(text)) and \
        not text.endswith((".", "?", "!", ":")) and not phrase_hits(text)


def headline_like(line: Line) -> bool:
    """Return True when a line may be a headline: 3 to 30 words, no bullet, no pipe, no trailing
    colon, no time of day or timestamp label, no strong chrome phrase."""
    words = word_count(line.text) if any(unspaced_counts(line.text)) \
        else len(_WORDS.findall(line.text))
    return (HEADLINE_WORDS[0] <= words <= HEADLINE_WORDS[1] and not line.text.endswith(":")
            and not _BULLET.match(line.text) and strong_kind(line.text) is None
            and "|" not in line.text and not _STAMP_TIME.search(line.text)
            and not _STAMP_LABEL.match(line.text))


@dataclass
class Header:
    """The metadata read from the header lines of a scrape.

    ``published``, ``updated``: ISO 8601 strings (see
    :func:`dateline.extract.timestamps.parse_timestamp`) or ``None``; ``authors``: names;
    ``headline``, ``standfirst``: line texts or ``None``; ``anchor``: the index (among the
    non-blank lines) of the first line of the timestamp and byline cluster, ``None`` when there is
    none; ``used``: the indices of the lines these fields took.
    """

    published: str | None = None
    updated: str | None = None
    authors: list[str] = field(default_factory=list)
    headline: str | None = None
    standfirst: str | None = None
    anchor: int | None = None
    used: set[int] = field(default_factory=set)


def _meta_lines(lines: list[Line], start: int, end: int, clock: TextClock | None = None
                ) -> dict[int, tuple[list[tuple[str, str]], list[str]]]:
    """Return ``{index: (timestamps, names)}`` for the timestamp and byline lines in a range,
    dates read on the page's ``clock`` (:class:`dateline.extract.text_clock.TextClock`); a
    timestamp that is no plausible publication time
    (:func:`~dateline.extract.clock.plausible_time`) is none."""
    found: dict[int, tuple[list[tuple[str, str]], list[str]]] = {}
    for i in range(start, end):
        text = lines[i].text
        if word_count(text) > 25:
            continue
        # "Published 3 March 9999" gives no time: no plausible publication time
        stamps = [(role, iso) for role, iso in find_timestamps(
            text, clock.for_line(text) if clock else None) if plausible_time(iso)]
        names = [n for n in parse_byline(text) if not phrase_hits(n)] \
            if has_byline_prefix(text) else []
        if stamps or names:
            found[i] = (stamps, names)
    return found


def read_meta(lines: list[Line], start: int, end: int, clock: TextClock | None = None) -> Header:
    """Read published/updated/authors from the cluster of timestamp and byline lines nearest the
    body in ``lines[start:end]`` (lines at most 2 apart; a name-like line next to a timestamp
    line is the byline). Returns a :class:`Header` without headline and standfirst; its
    ``anchor`` is the first line the header took (or ``None``), ``used`` the indices of the
    lines whose dates or names a field holds: a cluster line with another date ("Saturday 1
    March 2025" under "Published 5 March 2025") is left to the boilerplate, where the record
    lists it."""
    meta = Header()
    found = _meta_lines(lines, start, end, clock)
    if not found:
        return meta
    cluster = [max(found)]
    for i in sorted(found, reverse=True)[1:]:
        if cluster[-1] - i <= 2:
            cluster.append(i)
    for i in sorted(cluster):
        stamps, names = found[i]
        for role, iso in stamps:
            if role == "published" and meta.published is None:
                meta.published = iso
            elif role == "updated" and meta.updated is None:
                meta.updated = iso
        if names and not meta.authors:
            meta.authors = names
        # a line whose dates and names no field holds is left to the body or the boilerplate
        if names and names == meta.authors or any(iso in (meta.published, meta.updated)
                                                  for _, iso in stamps):
            meta.used.add(i)
    if not meta.authors:
        for i in (min(cluster) - 1, max(cluster) + 1):
            if start <= i < end and _is_name_line(lines[i].text):
                meta.authors = parse_byline(lines[i].text)
                meta.used.add(i)
                break
    complete_times(meta, lines, cluster, start, end)
    meta.anchor = min(meta.used)
    return meta


def complete_times(meta: Header, lines: list[Line], cluster: list[int], start: int,
                   end: int) -> None:
    """A date-only ``published`` takes the time printed alone on a line next to the cluster
    ("5 March 2025" then "12:40 GMT"); ``updated`` is dropped when not later than ``published``
    (:func:`dateline.extract.timestamps.order_dates`)."""
    if meta.published and len(meta.published) == 10:
        for i in (min(cluster) - 1, max(cluster) + 1):
            alone = time_of_day(lines[i].text) if start <= i < end else None
            if alone:
                meta.published = with_time(meta.published, alone)
                meta.used.add(i)
                break
    meta.published, meta.updated = order_dates(meta.published, meta.updated)


def read_header(lines: list[Line], start: int, end: int, prob: np.ndarray | None = None,
                X: np.ndarray | None = None, clock: TextClock | None = None) -> Header:
    """Read the header lines ``lines[start:end]`` (before the body) for metadata.

    Returns a :class:`Header`; its ``used`` is the set of line indices taken by its fields
    (``anchor`` as :func:`read_meta` found it, its dates read on ``clock``). The headline is
    the candidate the headline model scores highest (:mod:`dateline.extract.headline`); when
    two title-like lines stand right before the byline/timestamp cluster, they are headline and
    standfirst.
    """
    meta = read_meta(lines, start, end, clock)
    anchor = meta.anchor
    limit = anchor if anchor is not None else end
    candidates = [i for i in range(start, limit)
                  if i not in meta.used and headline_like(lines[i])]
    if not candidates:
        return meta
    last = candidates[-1]
    if anchor is not None and last == anchor - 1 and len(candidates) >= 2 \
            and candidates[-2] == last - 1 and word_count(lines[last].text) >= 5 \
            and (_SENTENCE_END.search(lines[last].text) or not name_row(lines[last - 1].text)):
        meta.headline, meta.standfirst = lines[last - 1].text, lines[last].text
        meta.used.update((last - 1, last))
        return meta
    best = pick_headline(lines, candidates, end, prob, X)
    if best is not None:
        meta.headline = lines[best].text
        meta.used.add(best)
    return meta


def headline_in_body(lines: list[Line], body_idx: np.ndarray, start: int) -> int:
    """Return the end of the header when the model let the page's only headline into the body:
    ``body_idx[0] + 1`` when the first body line is headline-like, ends no sentence, is followed
    by a body line of prose, and no headline-like line stands in ``lines[start:body_idx[0]]``
    (the page would have no headline); else 0."""
    if body_idx.size < 2:
        return 0
    first, second = int(body_idx[0]), int(body_idx[1])
    text = lines[first].text
    if not headline_like(lines[first]) or _SENTENCE_END.search(text) \
            or word_count(lines[second].text) < PROSE_MIN_WORDS:
        return 0
    if any(headline_like(lines[i]) for i in range(start, first)):
        return 0
    return first + 1


def _where(i: int, first: int, last: int) -> str:
    return "before" if i < first else ("after" if i > last else "inside")


def clean_page(X: np.ndarray) -> bool:
    """Return True when the page (its line features ``X``) is clean article text, not a
    scrape: its densest run of prose holds at least ``CLEAN_RUN_CHARS`` of its characters and at
    most ``CLEAN_MAX_OUTSIDE`` lines, and at most ``CLEAN_MAX_OUTSIDE_SHARE`` of its lines, stand
    outside that run. A scrape's menus, footers and related links stand outside it."""
    if not len(X):
        return False
    run_chars = X[0, _PAGE_RUN_CHARS]
    outside = round(math.expm1(X[0, _PAGE_OUTSIDE_RUN]))
    return run_chars >= CLEAN_RUN_CHARS and outside <= CLEAN_MAX_OUTSIDE \
        and outside <= CLEAN_MAX_OUTSIDE_SHARE * len(X)


def repeated_chrome(lines: list[Line], is_body: np.ndarray,
                    repeated: frozenset[str]) -> list[int]:
    """Return the indices of the lines that other pages of the same site repeat (``repeated``,
    see :mod:`dateline.extract.repeats`) and that are therefore chrome: every short one (under
    ``PROSE_MIN_WORDS`` words), and the prose ones outside the span of the body lines that are
    not repeated (a promotion or an editor's note above or below the article; a background
    paragraph that a follow-up story reuses stands between its own paragraphs and stays). When
    the repeated lines would take more than ``REPEATED_MAX_BODY_SHARE`` of the body's words, the
    page shares its article with another page of the batch and nothing is returned."""
    hits = [i for i, line in enumerate(lines) if line.text in repeated]
    if not hits:
        return []
    hit_set = set(hits)
    own = [i for i in np.flatnonzero(is_body) if i not in hit_set]
    lo, hi = (own[0], own[-1]) if own else (len(lines), -1)
    chrome = [i for i in hits
              if word_count(lines[i].text) < PROSE_MIN_WORDS or not lo < i < hi]
    body_words = sum(word_count(lines[i].text) for i in np.flatnonzero(is_body))
    taken = sum(word_count(lines[i].text) for i in chrome if is_body[i])
    return [] if taken > REPEATED_MAX_BODY_SHARE * body_words else chrome


def extract_text(text: str, repeated: frozenset[str] = frozenset()) -> Extraction:
    """Return the :class:`~dateline.extract.result.Extraction` of a plain-text scrape.

    Its fields: ``headline``, ``standfirst`` (str or None), ``authors`` (list of names),
    ``published``, ``updated`` (ISO 8601 strings, see
    :func:`dateline.extract.timestamps.parse_timestamp`), ``publisher`` (named by a removed
    notification prompt or copyright line, else by a masthead line at the top, else None; see
    :mod:`dateline.extract.publisher`, :mod:`dateline.extract.masthead`),
    ``images`` (:class:`~dateline.model.Image`, ``url`` None); ``url``, ``language`` and
    ``section`` stay None. Its ``blocks`` hold every non-blank line of the page once, in page
    order, ``line`` set to its index among the non-blank lines (:func:`split_lines`), of kind
    ``body``, ``metadata`` (a line a field took), ``caption`` (a line of an image) or a
    boilerplate kind; ``paragraphs`` are the body lines in order. A page with no body line gives
    empty ``paragraphs``. Never raises on any string.

    ``repeated`` holds the lines (white space collapsed) that other pages of the same site in
    the batch also have (:class:`dateline.extract.repeats.SiteLines`): they are chrome.
    """
    lines = split_lines(text)
    if not lines:
        return Extraction(format="text")
    X = line_features(lines)
    prob = body_probabilities(lines, X)
    is_body = prob >= body_threshold()
    run_start = int(np.argmax(X[:, _IN_RUN] > 0)) if clean_page(X) \
        else clean_run_start(lines, X)
    if run_start is not None:
        # a clean article: every line from the start of its prose run on is body; the
        # title-like lines before it are left to the header below (headline, byline)
        is_body[run_start:] = True
        for i in range(run_start):
            is_body[i] = not headline_like(lines[i]) and is_body[i]
    forced: dict[int, str | None] = dict(apply_strong_rules(lines, is_body, X))
    for i in comment_lines(lines, is_body, X):
        forced.setdefault(i, "comments")
    if repeated:
        for i in repeated_chrome(lines, is_body, repeated):
            forced.setdefault(i, None)  # its kind is named with the others below
    for i in forced:
        is_body[i] = False
    images, image_lines = find_images(lines)
    for i in image_lines:
        is_body[i] = False
    body_idx = np.flatnonzero(is_body)
    if body_idx.size == 0:
        best = int(np.argmax(prob))
        if best not in forced and best not in image_lines:
            is_body[best] = True
            body_idx = np.array([best])
    # the items of a list or table a body line introduces (that line may be the fallback's)
    chrome = set(forced) | image_lines
    items = introduced_lists(lines, is_body, X, chrome)
    # and the dated entries of a timeline: body, and the header ends above them
    entries = dated_entries(lines, is_body, X, chrome)
    if items or entries:
        is_body[items + entries] = True
        body_idx = np.flatnonzero(is_body)
    first = int(body_idx[0]) if body_idx.size else len(lines)
    # Byline and timestamp lines the model let into the head of the body move to the header.
    head_end = first
    # the lines up to the third body line, body or not: a standfirst the model let into the
    # body leaves the byline and timestamp lines after it in the head of the body
    cap = min(entries, default=len(lines))
    limit = int(body_idx[min(HEAD_OF_BODY, body_idx.size) - 1]) + 1 if body_idx.size else first
    limit = min(limit, cap)
    for i in range(first, limit):
        t = lines[i].text
        if word_count(t) <= 25 and (find_timestamps(t) or (has_byline_prefix(t)
                                                             and parse_byline(t))):
            head_end = int(i) + 1
    in_body = headline_in_body(lines, body_idx, max(0, first - HEADER_LINES))
    in_body = in_body if in_body <= cap else 0
    meta = read_header(lines, max(0, first - HEADER_LINES), min(max(head_end, in_body), cap),
                       prob, X, TextClock(text))
    if in_body and meta.headline is None and in_body - 1 not in meta.used:
        # the headline scorer was trained on lines the model left out of the body
        meta.headline = lines[in_body - 1].text
        meta.used.add(in_body - 1)
    used = meta.used | image_lines
    for i in used:
        is_body[i] = False
    if run_start is not None:  # on a clean article, what the header did not take is body
        for i in range(run_start):
            is_body[i] = i not in used and i not in forced
    body_idx = np.flatnonzero(is_body)
    first = int(body_idx[0]) if body_idx.size else len(lines)
    last = int(body_idx[-1]) if body_idx.size else -1
    blocks = []
    for i, (line, body) in enumerate(zip(lines, is_body.tolist(), strict=True)):
        if body:  # a Python bool per line: indexing the numpy array made one object each
            kind = "body"
        elif i in image_lines:
            kind = "caption"
        elif i in used:
            kind = "metadata"
        else:
            kind = forced.get(i) or name_kind(line.text, _where(i, first, last))
        blocks.append(TextBlock(line.text, kind, line=line.index))
    removed = [b.text for b in blocks if b.kind not in NOT_BOILERPLATE]
    publisher = find_publisher(removed) or masthead_name(
        [(b.text, b.kind in NOT_BOILERPLATE) for b in blocks[:MASTHEAD_LINES]])
    return Extraction(format="text", publisher=publisher,
                      headline=meta.headline, standfirst=meta.standfirst,
                      authors=meta.authors, published=meta.published, updated=meta.updated,
                      images=images, blocks=blocks)
