"""The visible byline of an HTML page, next to its headline.

Visible bylines are elements whose ``class``/``id`` holds "byline" or "author" ("autor",
"auteur"), ``rel="author"``, ``itemprop="author"`` (its text, or the ``content`` of its
``<meta itemprop="name">``), and links to an author page (``data/author_paths.txt``:
``/author/...``, ``/by/...``), looked for near the headline first, then in the whole body; when
two or more such elements sit side by side in one short parent ("By <span class=author>A</span>
and <span class=author>B</span>"), the parent's text is the byline. Near the headline, a short
line that opens like a byline ("By Jane Doe", "Von Hans Köhler") or is a Korean one ("정다은
기자") is one too, whatever its markup. Left out: elements inside chrome (``aside``,
``footer``, ``nav``, or a ``related``/``sidebar``/``comments``/... container) and bylines of
teaser cards (a small block with a relative time such as "2 hours ago",
``data/relative_times.json``, and a headline link of its own). What a byline text says is
read by :func:`dateline.extract.authors.read_byline`. Also the footer of the article
(``footer`` inside ``article`` or ``main``) is searched: HTML puts "who wrote it" there.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from lxml import etree

from dateline import datafiles
from dateline.extract.authors import MAX_BYLINE_CHARS, Byline, names_from_byline, read_byline
from dateline.extract.byline import cjk_names, has_byline_prefix
from dateline.extract.markup import (
    ancestors_at,
    clean_text,
    element_string,
    element_text,
    markup_free,
)

#: Ancestor levels above the headline whose subtrees are searched for a byline before the body.
BYLINE_SCOPE_LEVELS = (2, 4)
#: How many elements with byline-like markup are looked at, at most, in page order.
MAX_BYLINE_SCAN = 120
#: How many byline candidate elements are tried, in document order, after the headline.
MAX_BYLINE_CANDIDATES = 25
#: A teaser card: an ancestor (at most ``CARD_LEVELS`` up) of the byline with at most
#: ``MAX_CARD_CHARS`` code points of text. Written by the team for its test pages, not tuned.
CARD_LEVELS = 3
MAX_CARD_CHARS = 400
#: Parts of an ancestor's class or id ("related-links" -> "related") that put a byline-looking
#: element outside the article's own byline; "comments-open" (a state) does not.
_NOT_BYLINE_PARTS = datafiles.words("dateline.extract", "not_byline_classes.txt")
#: Parts of a class or id that name a state, not a place ("comments-open", "no-sidebar";
#: ``data/state_classes.txt``).
_STATE_PARTS = datafiles.words("dateline.extract", "state_classes.txt")
#: A line that opens like a byline counts only as one of these elements with at most
#: ``MAX_LINE_CHILDREN`` children, among the first ``MAX_LINE_SCAN`` elements after the
#: headline. Written by the team for its test pages, not tuned.
_LINE_TAGS = frozenset(("p", "div", "span", "li", "address", "small", "strong", "b", "em",
                        "font", "h4", "h5", "h6"))
MAX_LINE_CHILDREN = 6
MAX_LINE_SCAN = 60
#: Function words that are never part of a person's name, even capitalised ("Order Of The
#: Court"; ``data/byline_function_words.txt``).
_FUNCTION_WORDS = datafiles.words("dateline.extract", "byline_function_words.txt")


@cache
def _author_paths() -> tuple[str, ...]:
    return datafiles.lines("dateline.extract", "author_paths.txt")


@cache
def _author_link() -> re.Pattern:
    return re.compile("|".join(re.escape(f"/{p}/") for p in _author_paths()))


_BYLINE_CLASS = re.compile("yline|uthor|autor|auteur")


def byline_elements(scope):
    """Yield, in document order, the elements under ``scope`` (not itself) with byline markup:
    a class holding "yline", "uthor", "autor" or "auteur", ``rel="author"``,
    ``itemprop="author"``, an id or ``data-testid`` holding "byline", or a link to an author
    page (``data/author_paths.txt``). What the XPath ``descendant::*[contains(@class,'yline')
    or ...]`` selects, in a Python loop: libxml2 took three times as long, and a generator
    stops at the scan limit."""
    author_link = _author_link()
    elements = scope.iter(etree.Element)
    next(elements, None)  # the scope itself
    for element in elements:
        get = element.get
        cls = get("class")
        if cls is not None and _BYLINE_CLASS.search(cls):
            yield element
        elif get("rel") == "author" or get("itemprop") == "author" or \
                "byline" in (get("id") or "") or "byline" in (get("data-testid") or ""):
            yield element
        elif element.tag == "a":
            href = get("href")
            if href and author_link.search(href):
                yield element


@cache
def _relative_time() -> re.Pattern:
    raw = datafiles.json_data("dateline.extract", "relative_times.json")

    def alt(words):
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    units, after, before = alt(raw["units"]), alt(raw["after"]), alt(raw["before"])
    return re.compile(rf"\b\d+\s*(?:{units})\.?\s+(?:{after})\b"
                      rf"|\b(?:{before})\s+\d+\s*(?:{units})\b", re.IGNORECASE)


def outside_article(element) -> bool:
    """Whether ``element`` lies in page chrome: inside ``aside``/``footer``/``nav`` or a
    container whose class or id names comments, related links, a sidebar, a bio, ... A
    ``footer`` inside an ``article`` or ``main`` is the article's own (HTML: "information about
    its section such as who wrote it"), not chrome."""
    for ancestor in element.iterancestors():
        tag = ancestor.tag
        if tag in ("body", "html"):
            return False  # a body class ("no-sidebar", "single-post") says nothing of one block
        if tag in ("aside", "nav"):
            return True
        if tag == "footer" and not any(True for _ in ancestor.iterancestors("article", "main")):
            return True
        cls, ident = ancestor.get("class"), ancestor.get("id")
        if (cls is not None or ident is not None) and _names_chrome((cls or "") + " " +
                                                                    (ident or "")):
            return True
    return False


@lru_cache(maxsize=16384)
def _names_chrome(tokens: str) -> bool:
    """Whether a class and id (``tokens``) name chrome for :func:`outside_article` (cached:
    the same classes recur on every ancestor of every candidate)."""
    for token in tokens.split():
        parts = set(token.lower().replace("_", "-").split("-"))  # the parts at "-" and "_"
        if parts & _NOT_BYLINE_PARTS and not parts & _STATE_PARTS:
            return True
    return False


def _is_author_link(element) -> bool:
    # one scan of the paths' alternation: the same test as a substring search per path
    href = element.get("href")
    return bool(href) and _author_link().search(href.lower()) is not None


def _people(element) -> int:
    """How many links to author pages ``element`` holds (itself included)."""
    return sum(1 for a in element.iter("a") if _is_author_link(a))


def _mark_joined(byline: Byline, people: int) -> Byline:
    """``byline`` marked as a list of co-authors (``joined``) also when its names sit in two or
    more people elements."""
    byline.joined = byline.joined or (people >= 2 and len(byline.names) >= 2)
    return byline


def in_card(element, headline_path: frozenset) -> bool:
    """Whether ``element`` is the byline of a teaser card: a small ancestor holds a relative
    time ("2 hours ago") and a link or heading of four words or more besides the byline."""
    node = element
    for _ in range(CARD_LEVELS):
        node = node.getparent()
        if node is None or node.tag in ("body", "html", "main", "article") or \
                node in headline_path:
            return False
        if len(element_string(node)) > 4 * MAX_CARD_CHARS:
            return False
        text = element_text(node)
        if len(text) > MAX_CARD_CHARS:
            return False
        if not _relative_time().search(text):
            continue
        for other in node.iter("a", "h2", "h3", "h4"):
            if other is element or element in other.iterancestors() or \
                    other in element.iterancestors() or _is_author_link(other):
                continue
            if len(clean_text(element_string(other)).split()) >= 4:
                return True
    return False


def _candidate_text(element) -> tuple[str, int]:
    """The byline text of one byline-like element and how many separate people elements it
    holds (links to author pages, or the elements like it in a merged parent). The text is the
    element's (pieces joined by spaces: "By A</a><span>Contributions"), the ``content`` of a
    ``<meta itemprop="name">`` inside an ``itemprop="author"`` element that shows no text, or
    the text of its short parent when that parent holds two or more elements like it and names
    all of their authors ("By <span class=author>A</span> and <span class=author>B</span>")."""
    text = element_text(element)
    if not text and element.get("itemprop") == "author":
        names = element.xpath(".//meta[@itemprop='name']/@content")
        return clean_text(", ".join(markup_free(n) for n in names)), len(names)
    people = _people(element)
    parent = element.getparent()
    if parent is None or parent.tag in ("body", "html"):
        return text, people
    alike = [c for c in parent if c.tag == element.tag and c.get("class") == element.get("class")]
    if len(alike) < 2 or len(element_string(parent)) > 4 * MAX_BYLINE_CHARS:
        return text, people
    whole = element_text(parent)
    names = names_from_byline(whole)
    wanted = [n for c in alike for n in names_from_byline(element_text(c))]
    if len(whole) <= MAX_BYLINE_CHARS and len(names) > 1 and set(wanted) <= set(names):
        return whole, len(alike)
    return text, people


def _byline_candidates(scope, anchor, headline_path: frozenset) -> list[tuple[str, int]]:
    """Return the byline texts under ``scope`` with their people elements (see
    :func:`_candidate_text`): those after the headline in page order, then those before it,
    nearest first."""
    after, before = [], []
    line = anchor.sourceline if anchor is not None else None
    for scanned, element in enumerate(byline_elements(scope)):
        if scanned >= MAX_BYLINE_SCAN:
            break
        if element.tag in ("meta", "link", "script", "style", "img", "body", "html"):
            continue
        raw = element_string(element)
        if len(raw) > 4 * MAX_BYLINE_CHARS:
            continue
        text, people = _candidate_text(element)
        if not 3 <= len(text) <= MAX_BYLINE_CHARS or outside_article(element) or \
                in_card(element, headline_path):
            continue
        if line is None or element.sourceline is None or element.sourceline >= line:
            after.append((text, people))
            if len(after) >= MAX_BYLINE_CANDIDATES:
                break
        else:
            before.append((text, people))
    return (after + before[::-1])[:MAX_BYLINE_CANDIDATES]


def _byline_scopes(tree, anchor, near_only: bool):
    """Yield where bylines are looked for, nearest the headline first: its ancestors two and
    four levels up, then the whole body (the byline sits next to the headline; searching the
    whole page first costs more than the rest of the metadata layer together)."""
    body = tree.find("body")
    yielded = False
    for node in ancestors_at(anchor, BYLINE_SCOPE_LEVELS) if anchor is not None else ():
        yielded = True
        yield node
    if body is not None and (not near_only or not yielded):
        yield body


def _near_scope(anchor):
    """The highest ancestor of the headline at most ``BYLINE_SCOPE_LEVELS[-1]`` levels up and
    below ``body`` (the headline's parent at least)."""
    scope = anchor.getparent()
    for node in ancestors_at(anchor, tuple(range(1, BYLINE_SCOPE_LEVELS[-1] + 1))):
        scope = node
    return scope


def _following(anchor, scope):
    """Yield the elements after ``anchor`` (not inside it) within ``scope``, in page order."""
    node = anchor
    while node is not None and node is not scope:
        for sibling in node.itersiblings():
            yield from sibling.iter()
        node = node.getparent()


def _short_text(element, limit: int) -> str | None:
    """The element's text (as :func:`element_text`), or ``None`` once it passes ``limit``."""
    pieces, size = [], 0
    for piece in element.itertext():
        size += len(piece)
        if size > 2 * limit:
            return None
        pieces.append(piece)
    text = clean_text(" ".join(pieces))
    return text if len(text) <= limit else None


def _prefixed_line(element) -> Byline | None:
    """The :class:`Byline` of a short line that opens like one ("By Jane Doe") or is a Korean
    byline ("정다은 기자"), or ``None``.
    A name holding a capitalised function word ("By Order Of The Court") is no name."""
    if element.tag not in _LINE_TAGS or len(element) > MAX_LINE_CHILDREN:
        return None
    text = _short_text(element, MAX_BYLINE_CHARS)
    if not text or not (has_byline_prefix(text) or cjk_names(text)):
        return None
    byline = read_byline(text)
    if any(w.lower() in _FUNCTION_WORDS for n in byline.names for w in n.split()):
        return None
    byline = _mark_joined(byline, _people(element))
    return byline if byline.found() else None


def prefixed_byline(anchor, headline_path: frozenset) -> Byline:
    """Return the byline of the first short line after the headline ``anchor`` (within
    :func:`_near_scope`, at most ``MAX_LINE_SCAN`` elements on) that opens like a byline, its
    innermost such element ("<div><span>By Jane Doe</span> <time>May 3</time></div>" reads the
    ``span``); lines in chrome, teaser cards or figures are left out. An empty :class:`Byline` when
    there is none."""
    scope = _near_scope(anchor)
    if scope is None:
        return Byline()
    for scanned, element in enumerate(_following(anchor, scope)):
        if scanned >= MAX_LINE_SCAN:
            break
        if not isinstance(element.tag, str):
            continue
        byline = _prefixed_line(element)
        if byline is None or outside_article(element) or in_card(element, headline_path) or \
                next(element.iterancestors("figure", "figcaption"), None) is not None:
            continue  # a picture's credit ("By Jane Doe/Agency") is no byline
        for inner in element.iterdescendants():
            deeper = _prefixed_line(inner) if isinstance(inner.tag, str) else None
            if deeper is not None:
                byline = deeper
        return byline
    return Byline()


def _texts_and_lines(tree, anchor, near_only: bool, headline_path: frozenset):
    """Yield byline texts (``(text, people elements)``) near the headline, then the byline of a
    prefixed line after it (a :class:`Byline`), then byline texts of the whole body."""
    body = tree.find("body")
    lines_done = anchor is None
    for scope in _byline_scopes(tree, anchor, near_only):
        if scope is body and not lines_done:
            lines_done = True
            yield prefixed_byline(anchor, headline_path)
        yield from _byline_candidates(scope, anchor, headline_path)
    if not lines_done:
        yield prefixed_byline(anchor, headline_path)


def visible_byline(tree, anchor, near_only: bool = False) -> Byline:
    """Return the first visible byline with names (or a desk byline), with the contributors
    credited in any byline tried before it. ``anchor`` is the headline element (or ``None``);
    ``near_only`` looks only near the headline (enough to complete a JSON-LD author list). A
    byline whose names sit in two or more people elements (links to author pages) is a list
    of co-authors (``joined``), as one joined by "and" is."""
    headline_path = frozenset(anchor.iterancestors()) if anchor is not None else frozenset()
    contributors: list[str] = []
    seen: set[str] = set()
    for found in _texts_and_lines(tree, anchor, near_only, headline_path):
        if isinstance(found, Byline):
            byline = found
        elif found[0] in seen:
            continue
        else:
            text, people = found
            seen.add(text)
            byline = _mark_joined(read_byline(text), people)
        contributors += [n for n in byline.contributors if n not in contributors]
        if byline.found():
            byline.contributors = contributors
            return byline
    return Byline(contributors=contributors)
