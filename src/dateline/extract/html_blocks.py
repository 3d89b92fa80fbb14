"""The text blocks of an HTML page, each kept with its element: one walk over one parse.

A block is the visible text that one block-level element (``p``, ``h2``, ``li``, ``tr``, ``div``,
...) holds directly, outside its nested blocks; ``<br><br>`` inside an element ends a block too.
Each :class:`Block` keeps its element, its link text, and the elements around it that name it
(chrome markup such as ``div.related``, ``nav``, ``aside``; captions and credits), so that later
steps never find an element again by its text. The walk (``lxml.etree.iterwalk``) is iterative:
work grows linearly with the page and deep nesting cannot overflow a stack.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import cache, lru_cache

from lxml import etree

from dateline import datafiles
from dateline.errors import TooSlowError

#: Elements whose text starts and ends a block.
BLOCK_TAGS = frozenset(
    "p div section article main header footer aside nav ul ol li dl dd dt table tr h1 h2 h3 h4 "
    "h5 h6 blockquote pre form fieldset figure figcaption address center details summary hr body "
    "html menu caption legend".split())
#: Elements whose content is never text of the page (code, media, form controls).
SKIP_TAGS = frozenset(
    "script style noscript template svg iframe head select option button textarea object embed "
    "canvas video audio map picture input title math".split())
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
#: Elements that are chrome by their tag alone, and the kind of boilerplate they hold.
TAG_KINDS = {"nav": "navigation", "menu": "navigation", "aside": "related", "footer": "other",
             "form": "other"}
#: Class or id parts that mark an image caption or credit (their text goes to ``images``).
CAPTION_PARTS = frozenset(("caption", "credit", "credits", "figcaption", "photocredit",
                           "imagecredit", "copyright", "wp-caption-text"))
#: Class or id parts that mark the article's own metadata (byline, dates): never body, never
#: boilerplate.
METADATA_PARTS = frozenset(("byline", "dateline", "timestamp", "pubdate", "date", "author",
                            "authors", "published"))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BREAK = "\u2029"
_CELL = "\u001f"
_PARAGRAPH_BREAK = re.compile(r"\u2029\s*\u2029+")
#: The walk checks the clock every this many elements (per-page time limit).
CLOCK_EVERY = 2048


@cache
def markup_hints() -> tuple[tuple[str, frozenset[str]], ...]:
    """``(kind, class/id parts)`` from ``data/markup_kinds.json``, in file order."""
    raw = datafiles.json_data("dateline.extract", "markup_kinds.json")
    return tuple((kind, frozenset(parts)) for kind, parts in raw["kinds"].items())


def class_parts(element) -> frozenset[str]:
    """The parts of an element's class and id, lower case: ``"article-body main"`` ->
    ``{"article", "body", "main"}``; the whole tokens are kept too (``"article-body"``)."""
    return _parts((element.get("class") or "") + " " + (element.get("id") or ""))


#: Where a camel-case name changes word ("articleBody"): a hyphen goes there. A literal
#: replacement at an empty match: a template (``r"\1-\2"``) is expanded in Python per match.
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@lru_cache(maxsize=16384)
def _parts(tokens: str) -> frozenset[str]:
    lower = tokens.lower()
    if lower != tokens:  # only a name with capitals can be camel case
        lower = _CAMEL.sub("-", tokens).lower()
    # the parts at runs of white space, "_" and "-", and the whole tokens (no regular
    # expression: split() was half the time)
    return frozenset(lower.replace("_", " ").replace("-", " ").split() + lower.split())


def hint_of(element) -> str | None:
    """The kind an element's class or id names: ``caption`` (:data:`CAPTION_PARTS`) or a
    boilerplate kind of ``data/markup_kinds.json``, else ``None``."""
    return _hint((element.get("class") or "") + " " + (element.get("id") or ""))


@cache
def _hint_ranks() -> dict[str, tuple[int, str]]:
    """Each class/id part that names a kind -> ``(rank, kind)``: caption parts first, then
    metadata parts, then the kinds of ``data/markup_kinds.json`` in file order."""
    ranks: dict[str, tuple[int, str]] = {}
    groups = [("caption", CAPTION_PARTS), ("metadata", METADATA_PARTS), *markup_hints()]
    for rank, (kind, words) in enumerate(groups):
        for word in words:
            ranks.setdefault(word, (rank, kind))
    return ranks


@lru_cache(maxsize=16384)
def _hint(tokens: str) -> str | None:
    # the first kind, in rank order, that any part names: one look-up per part (intersecting
    # the parts with each kind's words took twice as long on a page's first sight of a class)
    ranks = _hint_ranks()
    # the splitting of _parts, written out: calling it (and building its frozenset) costs about
    # 2% of the HTML path over html-articles (bench/extraction.py ratio 2.00 -> 1.96)
    lower = tokens.lower()
    if lower != tokens:
        lower = _CAMEL.sub("-", tokens).lower()
    found = [ranks[token] for token in lower.split() if token in ranks]
    if "-" in lower or "_" in lower:  # else the parts are the tokens
        # the parts at runs of white space, "_" and "-"
        parts = lower.replace("_", " ").replace("-", " ").split()
        found += [ranks[part] for part in parts if part in ranks]
    return min(found)[1] if found else None


@dataclass(eq=False, slots=True)
class Block:
    """One text block of the page.

    ``text``: white space collapsed. ``element``: the block element holding it. ``index``: page
    order. ``link_chars``: code points of ``text`` inside links. ``depth``: of ``element`` below
    the root. ``marks``: ``(depth, kind, element)`` of the elements around it (itself included)
    whose tag or markup names a kind (``navigation``, ``related``, ``caption``, ...), outermost
    first. ``kind``: ``None`` while body, else the boilerplate kind (or ``"caption"``,
    ``"metadata"``) later steps give it.
    """

    text: str
    element: etree._Element
    index: int
    link_chars: int
    depth: int
    marks: tuple = ()
    kind: str | None = None
    #: white-space separated words of ``text`` (counted once, when the block is made)
    words: int = -1

    def __post_init__(self) -> None:
        if self.words < 0:
            self.words = len(self.text.split())

    @property
    def tag(self) -> str:
        return self.element.tag

    @property
    def link_share(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass
class PageWalk:
    """The blocks of a page in order, and the code points each element holds (``prose``:
    element -> ``(prose chars, text chars, depth, first block index)``), for the choice of the
    article container; the ``<figure>`` elements, and the elements with a chrome mark
    (``marked``)."""

    blocks: list[Block] = field(default_factory=list)
    prose: dict = field(default_factory=dict)
    figures: list = field(default_factory=list)
    marked: set = field(default_factory=set)
    #: prose of each element's children, plus half that of its grandchildren (readability's
    #: scoring of paragraph parents).
    direct: dict = field(default_factory=dict)
    #: ``chars[i]``: code points of text in the blocks before block ``i``.
    chars: list = field(default_factory=lambda: [0])


#: A block is prose (it counts towards choosing the article container) when its element is one
#: of these, with at least ``PROSE_MIN_CHARS`` code points and at most ``PROSE_MAX_LINK_SHARE``
#: of them in links. (List items and headings are not: lists of teasers carry summaries.)
PROSE_TAGS = frozenset("p div section article main blockquote pre tr dd td center body "
                       "font span".split())
PROSE_MIN_CHARS = 60
#: A block of fewer code points that speaks of a site's cookies is a consent text, never prose
#: (a cookie "preference center" can hold more sentences than a short article).
COOKIE_MAX_CHARS = 1500
COOKIE_TEXT = re.compile(r"\bcookies?\b.{0,200}\b(?:website|browser|consent|necessary|"
                         r"analytics|third[- ]party|preferences|personal data)\b|"
                         r"\b(?:website|we use|this site uses)\b.{0,80}\bcookies\b", re.I | re.S)
PROSE_MAX_LINK_SHARE = 0.3


def walk_page(body, deadline: float | None = None) -> PageWalk:
    """Return the :class:`PageWalk` of a page's ``<body>`` element.

    ``deadline`` is a ``time.monotonic()`` value; past it the walk raises ``TooSlowError``.
    Skipped: code, media and form controls (:data:`SKIP_TAGS`), hidden elements (``hidden``,
    ``display: none``) and ``<figure>`` elements (listed in ``figures`` for the images). Chrome
    marks come from block elements only (inline elements carry styling classes).

    Work is linear in the number of elements and the length of their text: a block's size is
    added to the innermost open element only, and each element hands its sums to its parent
    when it closes (adding it to every open element took time in proportion to the depth).
    """
    out = PageWalk()
    blocks, chars, direct = out.blocks, out.chars, out.direct
    walker = etree.iterwalk(body, events=("start", "end"))
    # a frame: [element, is_block, depth, text chars, prose chars, marked?, first block]; the
    # sums of a frame cover the blocks made while it was open, its children's included
    stack: list[list] = []
    marks: list[tuple] = []
    owners: list[list] = []  # frames of block elements
    buffer: list[str] = []
    link_depth = 0
    link_chars = 0
    seen = 0

    def flush(links: int) -> None:
        raw = "".join(buffer)
        buffer.clear()
        if not owners or raw.isspace():  # the breaks and cell marks are white space too
            return
        owner = owners[-1]
        pieces = _PARAGRAPH_BREAK.split(raw) if _BREAK in raw else (raw,)
        top = stack[-1] if stack else None
        for piece in pieces:
            if _CELL in piece:  # a table row: its cells joined by " | "
                cells = (" ".join(c.replace(_BREAK, " ").split()) for c in piece.split(_CELL))
                text = " | ".join(c for c in cells if c)
            else:
                words = (piece.replace(_BREAK, " ") if _BREAK in piece else piece).split()
                text = " ".join(words)
            if not text:
                continue
            share_links = min(links, len(text)) if len(pieces) == 1 else 0
            index = len(blocks)
            element, level = owner[0], owner[2]
            blocks.append(Block(text, element, index, share_links, level, tuple(marks), None,
                                len(words) if _CELL not in piece else -1))
            size = len(text)
            prose = (size >= PROSE_MIN_CHARS and element.tag in PROSE_TAGS
                     and share_links <= PROSE_MAX_LINK_SHARE * size
                     and not (size < COOKIE_MAX_CHARS and "ookie" in text
                              and COOKIE_TEXT.search(text)))
            chars.append(chars[-1] + size)
            if prose:
                if level >= 1:
                    parent = stack[level - 1][0]
                    direct[parent] = direct.get(parent, 0) + size
                if level >= 2:
                    grand = stack[level - 2][0]
                    direct[grand] = direct.get(grand, 0) + size / 2
            if top is not None:
                top[3] += size
                if prose:
                    top[4] += size
                if top[6] < 0:
                    top[6] = index

    # names bound once: looked up per element otherwise
    skipped, block_tags, hidden_style = SKIP_TAGS | {"figure"}, BLOCK_TAGS, _HIDDEN_STYLE.search
    push, pop, add_text, prose_of = stack.append, stack.pop, buffer.append, out.prose
    for event, element in walker:
        if event == "start":
            tag = element.tag
            seen += 1
            if deadline is not None and seen % CLOCK_EVERY == 0 and time.monotonic() > deadline:
                raise TooSlowError("the page took longer than the per-page time limit "
                                   "(page_time_limit) to extract")
            get = element.get
            style = get("style")
            if tag in skipped or not isinstance(tag, str) \
                    or get("hidden") is not None or (style and hidden_style(style)):
                if tag == "figure":
                    out.figures.append(element)
                walker.skip_subtree()
                push([element, None, len(stack), 0, 0, None, -1])
                continue
            is_block = tag in block_tags
            frame = [element, is_block, len(stack), 0, 0, None, -1]
            if is_block:
                if buffer:
                    flush(link_chars)
                    link_chars = 0
                owners.append(frame)
                cls, ident = get("class"), get("id")
                kind = _hint((cls or "") + " " + (ident or "")) \
                    if cls is not None or ident is not None else None
                if kind is None:
                    kind = TAG_KINDS.get(tag)
                if kind is not None:
                    marks.append((len(stack), kind, element))
                    frame[5] = True
                    out.marked.add(element)
            push(frame)
            if tag == "br":
                add_text(_BREAK)
            elif tag == "td" or tag == "th":
                add_text(_CELL)
            elif tag == "a":
                link_depth += 1
            text = element.text
            if text:
                add_text(text)
                if link_depth:
                    link_chars += len(text.strip())
        else:
            frame = pop()
            if frame[1] is not None:  # not skipped
                if stack:  # the parent's sums cover this element's
                    parent = stack[-1]
                    if frame[3]:
                        parent[3] += frame[3]
                        parent[4] += frame[4]
                    if frame[6] >= 0 and not 0 <= parent[6] < frame[6]:
                        parent[6] = frame[6]
                if frame[1]:
                    if buffer:
                        flush(link_chars)
                        link_chars = 0
                    owners.pop()
                if frame[5]:
                    marks.pop()
                if link_depth and element.tag == "a":
                    link_depth -= 1
                if frame[3]:
                    prose_of[element] = (frame[4], frame[3], frame[2], frame[6])
            tail = element.tail
            if tail:
                add_text(tail)
                if link_depth:
                    link_chars += len(tail.strip())
    if buffer:
        flush(link_chars)
    return out
