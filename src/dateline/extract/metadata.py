"""The metadata layer of the HTML path: publisher, language, headline, description, authors,
times, section and url of a parsed page (images: :mod:`dateline.extract.figures`).

Sources, in order of trust for each field:

* JSON-LD (schema.org, read with extruct's ``JsonLdExtractor`` one ``<script>`` at a time so that
  one broken block does not hide the others; ``@graph`` and ``@id`` references are resolved),
* OpenGraph and ``article:*`` properties (extruct's ``OpenGraphExtractor``) and ``<meta name>``
  tags (``data/meta_*.txt`` list the names read),
* the visible page: the ``<h1>``, byline elements (``class`` containing "byline" or "author",
  ``rel="author"``, ``itemprop="author"``) parsed by :func:`dateline.extract.byline.parse_byline`,
  and a closing credit line ("Reporting by ..."),
* htmldate (Barbaresi, JOSS 2020) with ``original_date=True`` for the publication date when no
  JSON-LD ``datePublished`` exists.

Times are ISO 8601 strings that keep the page's own UTC offset (``Z`` becomes ``+00:00``); a page
that gives only a day yields a bare date (``2024-05-14``).
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from functools import cache

from extruct.jsonld import JsonLdExtractor
from extruct.opengraph import OpenGraphExtractor
from htmldate import find_date
from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import load_html

from dateline import datafiles
from dateline.extract.byline import has_byline_prefix, parse_byline
from dateline.extract.timestamps import parse_timestamp

log = logging.getLogger(__name__)

#: schema.org types whose object describes the article itself, best first.
_ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting|Report|LiveBlogPosting|Posting)$")
_PAGE_TYPE = re.compile(r"(?:WebPage|ItemPage)$")
#: Byline elements longer than this (code points) are author bio boxes, not bylines.
MAX_BYLINE_CHARS = 160
_STRING = etree.XPath("string()")
#: Ancestor levels above the headline whose subtrees are searched for a byline before the body.
BYLINE_SCOPE_LEVELS = (2, 4)
#: How many elements with byline-like markup are looked at, at most, in page order.
MAX_BYLINE_SCAN = 120
#: How many byline candidate elements are tried, in document order, after the headline.
MAX_BYLINE_CANDIDATES = 25
_BYLINE_XPATH = etree.XPath(
    "descendant::*[contains(@class,'yline') or contains(@class,'uthor') or @rel='author' or "
    "@itemprop='author' or contains(@id,'byline') or contains(@data-testid,'byline')]")
#: Parts of an ancestor's class or id ("related-links" -> "related") that put a byline-looking
#: element outside the article's own byline; "comments-open" (a state) does not.
_NOT_BYLINE_PARTS = datafiles.words("dateline.extract", "not_byline_classes.txt")
#: Parts of a class or id that name a state, not a place ("comments-open";
#: ``data/state_classes.txt``).
_STATE_PARTS = datafiles.words("dateline.extract", "state_classes.txt")
_CREDIT_LINE = re.compile(
    r"^\s*(?:reporting|written|additional reporting)\s+by\s+(.{3,80}?)\.?\s*$", re.I)
_STAFF_SEGMENT = re.compile(r"\s+staff(?:\s+writers?|\s+reports?)?(?=\s*(?:$|[,;|]))", re.I)
_STAFF = re.compile(r"\s+staff(?:\s+writers?|\s+reports?)?$", re.I)
_SITE_SUFFIX = re.compile(r"\s+[|\u2013\u2014\-:\u00b7]\s+[^|\u2013\u2014\-:\u00b7]{2,40}$")


@cache
def _names(filename: str) -> tuple[str, ...]:
    return tuple(line.lower() for line in datafiles.lines("dateline.extract", filename))


def clean_text(text: str | None) -> str:
    """Return ``text`` with runs of white space (including no-break spaces) made one space."""
    return " ".join(text.split()) if text else ""


def element_text(element) -> str:
    """Return the visible text of an lxml element, its pieces joined by single spaces."""
    return clean_text(" ".join(element.itertext()))


# --- JSON-LD ------------------------------------------------------------------------------------

def jsonld_objects(tree) -> list[dict]:
    """Return every JSON-LD object of the page, ``@graph`` members flattened, in page order.

    A ``<script>`` whose JSON cannot be parsed is logged and skipped.
    """
    extractor = JsonLdExtractor()
    found: list[dict] = []

    def walk(obj) -> None:
        if isinstance(obj, list):
            for item in obj:
                walk(item)
        elif isinstance(obj, dict):
            found.append(obj)
            if "@graph" in obj:
                walk(obj["@graph"])

    for node in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            walk(list(extractor._extract_items(node)))
        except Exception as exc:  # extruct raises bare ValueError/JSON errors on broken blocks
            log.debug("skipping a broken JSON-LD block: %s", exc)
    return found


def _types(obj: dict) -> list[str]:
    value = obj.get("@type") or []
    return [str(t) for t in (value if isinstance(value, list) else [value])]


def _article_object(objects: list[dict]) -> dict | None:
    for pattern in (_ARTICLE_TYPE, _PAGE_TYPE):
        for obj in objects:
            if any(pattern.search(t) for t in _types(obj)):
                return obj
    return None


def _resolve(value, index: dict[str, dict]):
    if isinstance(value, dict) and "@id" in value and len(value) <= 2 and "name" not in value:
        return index.get(value["@id"], value)
    return value


def _ld_names(value, index: dict[str, dict]) -> list[str]:
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        item = _resolve(item, index)
        if isinstance(item, dict):
            item = item.get("name")
            if isinstance(item, list):
                item = ", ".join(str(x) for x in item)
        if isinstance(item, str) and item.strip() and not item.startswith("http"):
            names.append(clean_text(item))
    return names


def _ld_text(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return clean_text(value) or None if isinstance(value, str) else None


# --- dates --------------------------------------------------------------------------------------

def normalise_datetime(value: str | None) -> str | None:
    """Return an ISO 8601 string for a machine-readable date from a page, or ``None``.

    Keeps the stated UTC offset (``Z`` -> ``+00:00``), drops fractions of a second, and gives
    a bare date for a day with no time. ``"2023-12-22 10:50:53 -0800"`` ->
    ``"2023-12-22T10:50:53-08:00"``. Anything unreadable gives ``None``.
    """
    if not value or not isinstance(value, str):
        return None
    s = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return s
    s = re.sub(r"(?<=\d)Z$", "+00:00", s)
    s = re.sub(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)\s*", r"\1T\2", s)
    s = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", s)
    try:
        parsed = datetime.fromisoformat(s)
    except ValueError:
        iso = parse_timestamp(value)
        return iso
    return parsed.replace(microsecond=0).isoformat()


def published_from_htmldate(tree) -> str | None:
    """Return htmldate's original publication date of a page (ISO 8601, a bare date when
    htmldate found no time of day), or ``None``. Prunes ``tree`` in place."""
    try:
        found = find_date(tree, original_date=True, extensive_search=False,
                          outputformat="%Y-%m-%dT%H:%M:%S%z")
    except Exception as exc:  # htmldate fails on odd trees; the date is then unknown
        log.debug("htmldate failed: %s", exc)
        return None
    if not found:
        return None
    if found.endswith("T00:00:00"):  # htmldate's way of saying "no time of day"
        return found[:10]
    return normalise_datetime(found)


# --- headline and bylines -----------------------------------------------------------------------

def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _similarity(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / max(1, min(len(wa), len(wb))) if wa and wb else 0.0


def strip_site_name(title: str, site: str | None) -> str:
    """Return a ``<title>`` without its " | Site" or " - Site" suffix."""
    if site and title.lower().endswith(site.lower()):
        stripped = re.sub(r"[\s|\u2013\u2014\-:\u00b7]+$", "", title[: -len(site)])
        return stripped or title
    return _SITE_SUFFIX.sub("", title)


def _headline(tree, hints: list[str]) -> tuple[str | None, object]:
    """Return the headline and its ``<h1>`` element (or ``None``)."""
    h1s = [(element_text(h), h) for h in tree.xpath("//body//h1")[:8]]
    h1s = [(t, h) for t, h in h1s if 3 <= len(t) <= 300]
    if len(h1s) > 1 and hints:
        best = max(h1s, key=lambda th: max(_similarity(th[0], hint) for hint in hints))
        if max(_similarity(best[0], hint) for hint in hints) > 0:
            return best
    if h1s:
        return h1s[0]
    return (hints[0] if hints else None), None


def _outside_article(element) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag in ("aside", "footer", "nav"):
            return True
        for token in ((ancestor.get("class") or "") + " " + (ancestor.get("id") or "")).split():
            parts = set(re.split(r"[-_]+", token.lower()))
            if parts & _NOT_BYLINE_PARTS and not parts & _STATE_PARTS:
                return True
    return False


def _byline_candidates(scope, anchor) -> list[str]:
    """Return the byline texts under ``scope``: those after the headline in page order, then
    those before it, nearest first."""
    after, before = [], []
    line = anchor.sourceline if anchor is not None else None
    for scanned, element in enumerate(_BYLINE_XPATH(scope)):
        if scanned >= MAX_BYLINE_SCAN:
            break
        if element.tag in ("meta", "link", "script", "style", "img", "body", "html"):
            continue
        raw = _STRING(element)
        if len(raw) > 4 * MAX_BYLINE_CHARS:
            continue
        text = clean_text(raw)
        if not 3 <= len(text) <= MAX_BYLINE_CHARS or _outside_article(element):
            continue
        if line is None or element.sourceline is None or element.sourceline >= line:
            after.append(text)
            if len(after) >= MAX_BYLINE_CANDIDATES:
                break
        else:
            before.append(text)
    return (after + before[::-1])[:MAX_BYLINE_CANDIDATES]


def names_from_byline(text: str) -> list[str]:
    """Return the author names of one byline text.

    A trailing affiliation after a list joined by "and" is not a name: "A and B, Financial
    Times" gives ``["A", "B"]``; a desk byline ("Chicago Tribune staff") gives the paper.
    """
    text = re.split(r"\s[|\u2022\u00b7]\s|\s[\u2013\u2014-]\s", text)[0]
    text = _STAFF_SEGMENT.sub("", text)  # "Chicago Tribune staff": the desk, named by its paper
    match = re.match(r"^(.*\S\s+(?:and|&)\s+[^,]+),\s*([^,]+)$", text)
    if match and not re.search(r"\b(?:and|&)\b", match.group(2)):
        text = match.group(1)
    return [_STAFF.sub("", name) for name in parse_byline(text)]


def _byline_scopes(tree, anchor, near_only: bool):
    """Yield where bylines are looked for, nearest the headline first: its ancestors two and
    four levels up, then the whole body (the byline sits next to the headline; searching the
    whole page first costs more than the rest of the metadata layer together)."""
    body = tree.find("body")
    yielded = False
    if anchor is not None:
        node = anchor
        for level in range(1, BYLINE_SCOPE_LEVELS[-1] + 1):
            node = node.getparent()
            if node is None or node.tag in ("body", "html"):
                break
            if level in BYLINE_SCOPE_LEVELS:
                yielded = True
                yield node
    if body is not None and (not near_only or not yielded):
        yield body


def _visible_authors(tree, anchor, near_only: bool = False) -> tuple[list[str], bool]:
    """Return the names of the first byline that has any, and whether that byline joins names
    with "and"/"&" (a list of co-authors rather than a name followed by roles). ``near_only``
    looks only near the headline (enough to complete a JSON-LD author list)."""
    for scope in _byline_scopes(tree, anchor, near_only):
        for text in _byline_candidates(scope, anchor):
            names = names_from_byline(text)
            if names:
                return names, bool(re.search(r"\s(?:and|&)\s", text))
    return [], False


def _credit_line_authors(paragraphs: list[str]) -> list[str]:
    for text in paragraphs[-3:]:
        match = _CREDIT_LINE.match(text)
        if match:
            return [_STAFF.sub("", n) for n in parse_byline(match.group(1))]
    return []


# --- the whole layer ----------------------------------------------------------------------------

def _meta(tree) -> dict[str, str]:
    values: dict[str, str] = {}
    try:
        for block in OpenGraphExtractor().extract_items(tree):
            for key, value in block.get("properties", []):
                if isinstance(value, str) and value.strip():
                    values.setdefault(key.lower(), clean_text(value))
    except Exception as exc:  # a malformed prefix attribute; the <meta> scan below still runs
        log.debug("OpenGraph extraction failed: %s", exc)
    for element in tree.xpath("//meta[@name or @property or @itemprop][@content]"):
        key = (element.get("name") or element.get("property") or element.get("itemprop")).lower()
        value = clean_text(element.get("content"))
        if value:
            values.setdefault(key, value)
    return values


def _first(meta: dict[str, str], listfile: str) -> str | None:
    for key in _names(listfile):
        value = meta.get(key)
        if value and not value.startswith(("http://", "https://", "@")):
            return value
    return None


def extract_metadata(tree, url: str | None = None, *, use_htmldate: bool = True) -> dict:
    """Return the metadata of a parsed page (an ``lxml.html`` document).

    Keys: ``url``, ``publisher``, ``language`` (ISO 639-1 or ``None``), ``headline``,
    ``description`` (the page's summary, a standfirst candidate), ``authors`` (list of names),
    ``published``, ``updated`` (ISO 8601, see :func:`normalise_datetime`), ``section``, and
    ``h1``, the headline's element or ``None``. Never raises on odd markup: a field that cannot
    be read is ``None`` (or ``[]``). htmldate, used when JSON-LD gives no ``datePublished``,
    prunes the tree it reads: callers that go on using ``tree`` pass ``use_htmldate=False`` and
    call :func:`published_from_htmldate` last.
    """
    objects = jsonld_objects(tree)
    index = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and len(o) > 2}
    article = _article_object(objects) or {}
    meta = _meta(tree)

    publisher = _ld_text(_resolve(article.get("publisher"), index)) or meta.get("og:site_name")
    title = clean_text(tree.findtext(".//title")) or None
    hints = [h for h in (_ld_text(article.get("headline")), meta.get("og:title"),
                         meta.get("twitter:title"),
                         strip_site_name(title, publisher) if title else None) if h]
    headline, h1 = _headline(tree, hints)

    ld_authors = [n for raw in _ld_names(article.get("author"), index)
                  for n in (names_from_byline(raw) or [_STAFF.sub("", raw)])]
    meta_author = _first(meta, "meta_authors.txt")
    visible, joined = _visible_authors(tree, h1, near_only=bool(ld_authors or meta_author))
    # JSON-LD names win unless the visible byline lists co-authors that include all of them
    # (JSON-LD often keeps only the first author).
    if ld_authors and not (joined and set(ld_authors) < set(visible)):
        authors = ld_authors
    elif visible:
        authors = visible
    elif meta_author and not meta_author.startswith("http"):
        authors = names_from_byline(meta_author)
    else:
        authors = []

    published = normalise_datetime(_ld_text(article.get("datePublished")))
    if published is None and use_htmldate:
        published = published_from_htmldate(tree)
    updated = normalise_datetime(_ld_text(article.get("dateModified"))
                                 or _first(meta, "meta_updated.txt"))
    if updated == published:
        updated = None

    section = _ld_text(article.get("articleSection")) or meta.get("article:section")
    language = (tree.get("lang") or _ld_text(article.get("inLanguage"))
                or meta.get("og:locale") or meta.get("content-language") or "")
    language = re.split(r"[-_]", language.strip().lower())[0] or None
    if language and not re.fullmatch(r"[a-z]{2}", language):
        language = None
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    page_url = (url or meta.get("og:url") or (canonical[0].strip() if canonical else None)
                or _ld_text(article.get("url")))
    description = (_ld_text(article.get("description")) or meta.get("og:description")
                   or meta.get("description"))
    return {
        "url": page_url, "publisher": publisher, "language": language, "headline": headline,
        "description": description, "authors": authors, "published": published,
        "updated": updated, "section": section, "h1": h1,
    }


def authors_from_credit_line(paragraphs: list[str]) -> list[str]:
    """Return names from a closing credit line ("Reporting by The Associated Press.") among
    the last three paragraphs, or ``[]``."""
    return _credit_line_authors(paragraphs)


def is_byline_text(text: str) -> bool:
    """Return True for a short line that is a byline ("By Jane Doe")."""
    return len(text) <= MAX_BYLINE_CHARS and has_byline_prefix(text) and bool(parse_byline(text))


def parse_html(html: str):
    """Parse a page into an ``lxml.html`` document (lenient with broken markup).

    trafilatura's own loader comes first (its parser settings are the ones its extraction is
    tuned on: lxml's default parser cuts some paragraphs short); fragments it refuses go to
    ``lxml.html.document_fromstring``, which raises ``lxml.etree.ParserError`` on a page with
    nothing in it.
    """
    tree = load_html(html)
    return tree if tree is not None else lxml_html.document_fromstring(html)
