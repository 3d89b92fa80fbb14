"""The authors of an HTML page: JSON-LD ``author``, the ``<meta>`` author and the visible byline.

Visible bylines are elements whose ``class``/``id`` holds "byline" or "author" ("autor",
"auteur"), ``rel="author"``, ``itemprop="author"`` (its text, or the ``content`` of its
``<meta itemprop="name">``), and links to an author page (``data/author_paths.txt``:
``/author/...``, ``/by/...``), looked for near the headline first, then in the whole body; when
two or more such elements sit side by side in one short parent ("By <span class=author>A</span>
and <span class=author>B</span>"), the parent's text is the byline. Near the headline, a short
line that opens like a byline ("By Jane Doe", "Von Hans Köhler") is one too, whatever its
markup. Left out: elements
inside chrome (``aside``, ``footer``, ``nav``, or a ``related``/``sidebar``/``comments``/...
container) and bylines of teaser cards (a small block with a relative time such as "2 hours
ago", ``data/relative_times.json``, and a headline link of its own). Names are read by
:func:`dateline.extract.byline.parse_byline`; names after a contributor credit ("Contributions
from ...") are contributors, not authors, also when JSON-LD lists them as authors.

Which source wins (:func:`choose_authors`): JSON-LD people, unless the visible byline lists
co-authors that include all of them (JSON-LD often keeps only the first); then the visible
byline; then the ``<meta>`` author; a name that is the publisher's (a JSON-LD ``Organization``
author, a ``<meta name="author">`` holding the site's name) and a desk byline ("Staff and
agencies", named by the page's publisher) come last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from lxml import etree

from dateline import datafiles
from dateline.extract.byline import (
    desk_byline,
    has_byline_prefix,
    is_agency,
    is_role,
    parse_byline,
    split_contributors,
)
from dateline.extract.markup import ancestors_at, clean_text, element_string, element_text

#: Byline elements longer than this (code points) are author bio boxes, not bylines.
MAX_BYLINE_CHARS = 160
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
_CREDIT_LINE = re.compile(
    r"^\s*(?:reporting|written|additional reporting)\s+by\s+(.{3,80}?)\.?\s*$", re.I)
_STAFF_SEGMENT = re.compile(r"\s+staff(?:\s+writers?|\s+reports?)?(?=\s*(?:$|[,;|]))", re.I)
_STAFF = re.compile(r"\s+staff(?:\s+writers?|\s+reports?)?$", re.I)
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
_ORGANISATION = re.compile(r"Organi[sz]ation|NewsMediaOrganization|Corporation$")


@dataclass
class Byline:
    """What one byline says: ``names`` (authors, in order), ``joined`` (names joined by
    "and"/"&": a list of co-authors), ``contributors`` (names after "Contributions from"),
    ``desk`` (for a desk byline, the organisation it names, ``""`` for none; else ``None``)."""

    names: list[str] = field(default_factory=list)
    joined: bool = False
    contributors: list[str] = field(default_factory=list)
    desk: str | None = None

    def found(self) -> bool:
        """Whether this is a byline at all (names, or a desk)."""
        return bool(self.names) or self.desk is not None


@cache
def _author_paths() -> tuple[str, ...]:
    return datafiles.lines("dateline.extract", "author_paths.txt")


@cache
def _byline_xpath() -> etree.XPath:
    links = " or ".join(f"contains(@href,'/{p}/')" for p in _author_paths())
    return etree.XPath(
        "descendant::*[contains(@class,'yline') or contains(@class,'uthor') or "
        "contains(@class,'autor') or contains(@class,'auteur') or @rel='author' or "
        "@itemprop='author' or contains(@id,'byline') or contains(@data-testid,'byline') or "
        f"(self::a and ({links}))]")


@cache
def _relative_time() -> re.Pattern:
    raw = datafiles.json_data("dateline.extract", "relative_times.json")

    def alt(words):
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    units, after, before = alt(raw["units"]), alt(raw["after"]), alt(raw["before"])
    return re.compile(rf"\b\d+\s*(?:{units})\.?\s+(?:{after})\b"
                      rf"|\b(?:{before})\s+\d+\s*(?:{units})\b", re.IGNORECASE)


def names_from_byline(text: str) -> list[str]:
    """Return the author names of one byline text.

    A trailing affiliation after a list joined by "and" is not a name: "A and B, Financial
    Times" gives ``["A", "B"]``; a desk byline ("Chicago Tribune staff") gives the paper, one
    that names no paper ("Staff and agencies") gives ``[]``; an agency after a comma that
    follows a person's name is the person's employer ("Jane Doe, Associated Press" gives
    ``["Jane Doe"]``; "By Reuters" gives ``["Reuters"]``).
    """
    text = re.split(r"\s[|\u2022\u00b7]\s|\s[\u2013\u2014-]\s", text)[0]
    desk = desk_byline(text)
    if desk is not None:
        return [desk] if desk else []
    text = _STAFF_SEGMENT.sub("", text)  # "Chicago Tribune staff": the desk, named by its paper
    match = re.match(r"^(.*\S\s+(?:and|&)\s+[^,]+),\s*([^,]+)$", text)
    if match and not re.search(r"\b(?:and|&)\b", match.group(2)):
        text = match.group(1)
    match = re.match(r"^(.*\w.*),\s*([^,]+)$", text)
    if match and is_agency(match.group(2)) and parse_byline(match.group(1)):
        text = match.group(1)  # "Jane Doe, Associated Press": the agency she writes for
    return [_STAFF.sub("", name) for name in parse_byline(text)]


def read_byline(text: str) -> Byline:
    """Return the :class:`Byline` of one byline text (``"By A and B. Additional reporting by
    C"`` -> names A, B, joined, contributor C)."""
    authors, credited = split_contributors(text)
    head = re.split(r"\s[|\u2022\u00b7]\s|\s[\u2013\u2014-]\s", authors)[0]
    desk = desk_byline(head)
    names = ([desk] if desk else []) if desk is not None else names_from_byline(authors)
    return Byline(names=names, joined=bool(re.search(r"\s(?:and|&)\s", authors)),
                  contributors=parse_byline(credited) if credited else [], desk=desk)


def is_byline_text(text: str) -> bool:
    """Return True for a short line that is a byline ("By Jane Doe", "Por María García")."""
    return len(text) <= MAX_BYLINE_CHARS and has_byline_prefix(text) and bool(parse_byline(text))


def authors_from_credit_line(paragraphs: list[str]) -> list[str]:
    """Return names from a closing credit line ("Reporting by The Associated Press.") among
    the last three paragraphs, or ``[]``."""
    for text in paragraphs[-3:]:
        match = _CREDIT_LINE.match(text)
        if match:
            return [_STAFF.sub("", n) for n in parse_byline(match.group(1))]
    return []


# --- the visible byline ---------------------------------------------------------------------------

def outside_article(element) -> bool:
    """Whether ``element`` lies in page chrome: inside ``aside``/``footer``/``nav`` or a
    container whose class or id names comments, related links, a sidebar, a bio, ..."""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("body", "html"):
            return False  # a body class ("no-sidebar", "single-post") says nothing of one block
        if ancestor.tag in ("aside", "footer", "nav"):
            return True
        for token in ((ancestor.get("class") or "") + " " + (ancestor.get("id") or "")).split():
            parts = set(re.split(r"[-_]+", token.lower()))
            if parts & _NOT_BYLINE_PARTS and not parts & _STATE_PARTS:
                return True
    return False


def _is_author_link(element) -> bool:
    href = (element.get("href") or "").lower()
    return any(f"/{p}/" in href for p in _author_paths())


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


def _candidate_text(element) -> str:
    """The byline text of one byline-like element: its text (pieces joined by spaces: "By
    A</a><span>Contributions"), the ``content`` of a ``<meta itemprop="name">`` inside an
    ``itemprop="author"`` element that shows no text, or the text of its short parent when that
    parent holds two or more elements like it and names all of their authors ("By <span
    class=author>A</span> and <span class=author>B</span>")."""
    text = element_text(element)
    if not text and element.get("itemprop") == "author":
        names = element.xpath(".//meta[@itemprop='name']/@content")
        return clean_text(", ".join(names))
    parent = element.getparent()
    if parent is None or parent.tag in ("body", "html"):
        return text
    alike = [c for c in parent if c.tag == element.tag and c.get("class") == element.get("class")]
    if len(alike) < 2 or len(element_string(parent)) > 4 * MAX_BYLINE_CHARS:
        return text
    whole = element_text(parent)
    names = names_from_byline(whole)
    wanted = [n for c in alike for n in names_from_byline(element_text(c))]
    if len(whole) <= MAX_BYLINE_CHARS and len(names) > 1 and set(wanted) <= set(names):
        return whole
    return text


def _byline_candidates(scope, anchor, headline_path: frozenset) -> list[str]:
    """Return the byline texts under ``scope``: those after the headline in page order, then
    those before it, nearest first."""
    after, before = [], []
    line = anchor.sourceline if anchor is not None else None
    for scanned, element in enumerate(_byline_xpath()(scope)):
        if scanned >= MAX_BYLINE_SCAN:
            break
        if element.tag in ("meta", "link", "script", "style", "img", "body", "html"):
            continue
        raw = element_string(element)
        if len(raw) > 4 * MAX_BYLINE_CHARS:
            continue
        text = _candidate_text(element)
        if not 3 <= len(text) <= MAX_BYLINE_CHARS or outside_article(element) or \
                in_card(element, headline_path):
            continue
        if line is None or element.sourceline is None or element.sourceline >= line:
            after.append(text)
            if len(after) >= MAX_BYLINE_CANDIDATES:
                break
        else:
            before.append(text)
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
    """The :class:`Byline` of a short line that opens like one ("By Jane Doe"), or ``None``.
    A name holding a capitalised function word ("By Order Of The Court") is no name."""
    if element.tag not in _LINE_TAGS or len(element) > MAX_LINE_CHILDREN:
        return None
    text = _short_text(element, MAX_BYLINE_CHARS)
    if not text or not has_byline_prefix(text):
        return None
    byline = read_byline(text)
    if any(w.lower() in _FUNCTION_WORDS for n in byline.names for w in n.split()):
        return None
    return byline if byline.found() else None


def prefixed_byline(anchor, headline_path: frozenset) -> Byline:
    """Return the byline of the first short line after the headline ``anchor`` (within
    :func:`_near_scope`, at most ``MAX_LINE_SCAN`` elements on) that opens like a byline, its
    innermost such element ("<div><span>By Jane Doe</span> <time>May 3</time></div>" reads the
    ``span``); lines in chrome or teaser cards are left out. An empty :class:`Byline` when
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
        if byline is None or outside_article(element) or in_card(element, headline_path):
            continue
        for inner in element.iterdescendants():
            deeper = _prefixed_line(inner) if isinstance(inner.tag, str) else None
            if deeper is not None:
                byline = deeper
        return byline
    return Byline()


def _texts_and_lines(tree, anchor, near_only: bool, headline_path: frozenset):
    """Yield byline texts (str) near the headline, then the byline of a prefixed line after it
    (a :class:`Byline`), then byline texts of the whole body."""
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
    ``near_only`` looks only near the headline (enough to complete a JSON-LD author list)."""
    headline_path = frozenset(anchor.iterancestors()) if anchor is not None else frozenset()
    contributors: list[str] = []
    seen: set[str] = set()
    for text in _texts_and_lines(tree, anchor, near_only, headline_path):
        if isinstance(text, Byline):
            byline = text
        elif text in seen:
            continue
        else:
            seen.add(text)
            byline = read_byline(text)
        contributors += [n for n in byline.contributors if n not in contributors]
        if byline.found():
            byline.contributors = contributors
            return byline
    return Byline(contributors=contributors)


# --- JSON-LD and the choice -----------------------------------------------------------------------

def ld_authors(value, resolve, publisher: str | None) -> tuple[list[str], list[str]]:
    """Return ``(people, organisations)`` named by a JSON-LD ``author`` value (an object, a
    name, or a list of them; ``resolve`` maps an ``@id`` reference to its object). An author
    typed ``Organization``, or named as the publisher, is an organisation; a bare role ("Senior
    Reporter") is neither."""
    people: list[str] = []
    organisations: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        item = resolve(item)
        kinds: list[str] = []
        if isinstance(item, dict):
            types = item.get("@type")
            kinds = [str(t) for t in (types if isinstance(types, list) else [types]) if t]
            item = item.get("name")
            if isinstance(item, list):
                item = ", ".join(str(x) for x in item)
        if not isinstance(item, str) or not item.strip() or item.startswith("http"):
            continue
        raw = clean_text(item)
        if any(_ORGANISATION.search(k) for k in kinds) or _same_name(raw, publisher):
            organisations.append(raw)
            continue
        names = names_from_byline(raw)
        if not names and desk_byline(raw) is None and not is_role(raw):
            names = [_STAFF.sub("", raw)]  # a pen name that JSON-LD marks as the author
        people += [n for n in names if n not in people]
    return people, organisations


def _same_name(a: str | None, b: str | None) -> bool:
    def fold(s):
        return re.sub(r"^the", "", "".join(re.findall(r"\w+", s.lower())))
    return bool(a and b) and fold(a) == fold(b)


def _without_publisher(names: list[str], publisher: str | None) -> list[str]:
    """``names`` less the publisher's own name when a person is named beside it ("By Jane
    Doe, The Harbour Times" on The Harbour Times: the paper she writes for)."""
    people = [n for n in names if not _same_name(n, publisher)]
    return people or names


def choose_authors(people: list[str], organisations: list[str], meta_author: str | None,
                   byline: Byline, publisher: str | None) -> list[str]:
    """Return the page's authors from JSON-LD ``people``/``organisations``, the ``<meta>``
    author and the visible ``byline`` (order of trust in the module docstring); contributors
    are never authors, nor is the publisher named after a person."""
    drop = set(byline.contributors)
    people = [n for n in people if n not in drop]
    if people and not (byline.joined and set(people) < set(byline.names)):
        return people
    if byline.names:
        return _without_publisher(byline.names, publisher)
    meta_names: list[str] = []
    if meta_author and not meta_author.startswith("http"):
        meta_names = _without_publisher(
            [n for n in names_from_byline(meta_author) if n not in drop], publisher)
        if meta_names and not _same_name(meta_author, publisher) and \
                desk_byline(meta_author) is None:
            return meta_names
    if organisations:
        return organisations[:1]
    if byline.desk is not None or (meta_author and desk_byline(meta_author) is not None):
        return [publisher] if publisher else meta_names
    return meta_names  # the publisher named as the author, or nothing
