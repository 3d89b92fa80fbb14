"""The authors of an HTML page: JSON-LD ``author``, the ``<meta>`` author and the visible byline
(found by :mod:`dateline.extract.page_byline`).

Names are read by :func:`dateline.extract.byline.parse_byline`; names after a contributor credit
("Contributions from ...") are contributors, not authors, also when JSON-LD lists them as authors.

Which source wins (:func:`choose_authors`): JSON-LD people, unless the visible byline lists
co-authors that include all of them (JSON-LD often keeps only the first); then the visible
byline; then the ``<meta>`` author; a name that is the publisher's (a JSON-LD ``Organization``
author, a ``<meta name="author">`` holding the site's name) and a desk byline ("Staff and
agencies", named by the page's publisher) come last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dateline.extract.byline import (
    cjk_names,
    desk_byline,
    has_byline_prefix,
    is_agency,
    is_role,
    parse_byline,
    split_contributors,
)
from dateline.extract.markup import markup_free

#: Byline elements longer than this (code points) are author bio boxes, not bylines.
MAX_BYLINE_CHARS = 160
#: A closing credit line ("정다은 기자 daeun@example.kr") is at most this long (code points).
MAX_CREDIT_LINE_CHARS = 80
_CREDIT_LINE = re.compile(
    r"^\s*(?:reporting|written|additional reporting)\s+by\s+(.{3,80}?)\.?\s*$", re.I)
_STAFF_SEGMENT = re.compile(r"\s+staff(?:\s+writers?|\s+reports?)?(?=\s*(?:$|[,;|]))", re.I)
_STAFF = re.compile(r"\s+staff(?:\s+writers?|\s+reports?)?$", re.I)
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
    """Return names from a closing credit line ("Reporting by The Associated Press.", a Korean
    "정다은 기자 daeun@example.kr") among the last three paragraphs, or ``[]``."""
    for text in paragraphs[-3:]:
        match = _CREDIT_LINE.match(text)
        if match:
            return [_STAFF.sub("", n) for n in parse_byline(match.group(1))]
        if len(text) <= MAX_CREDIT_LINE_CHARS and cjk_names(text):
            return cjk_names(text)
    return []


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
        raw = markup_free(item)  # JSON-LD strings keep the page's escapes ("Ola &lt;b&gt;Berg")
        if not raw:
            continue
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
