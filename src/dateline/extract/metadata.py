"""The metadata layer of the HTML path: publisher, language, headline, description, authors,
times, section and url of a parsed page (images: :mod:`dateline.extract.figures`).

Sources, in order of trust for each field:

* JSON-LD (schema.org, read with extruct's ``JsonLdExtractor`` one ``<script>`` at a time so that
  one broken block does not hide the others; ``@graph`` and ``@id`` references are resolved),
* OpenGraph and ``article:*`` properties (extruct's ``OpenGraphExtractor``) and ``<meta name>``
  tags (``data/meta_*.txt`` list the names read),
* the visible page: the ``<h1>``, the byline (:mod:`dateline.extract.page_byline`) and the
  timestamps next to the headline (:mod:`dateline.extract.page_dates`); the publisher, last,
  from the ``<title>``'s site name after the headline (:func:`title_site`),
* htmldate (Barbaresi, JOSS 2020) for the publication date when nothing else gives one.

Times are ISO 8601 strings that keep the page's own UTC offset (``Z`` becomes ``+00:00``); a page
that gives only a day yields a bare date (``2024-05-14``).
"""


from __future__ import annotations

import logging
import re
from functools import cache
from itertools import islice

from extruct.jsonld import JsonLdExtractor
from extruct.opengraph import OpenGraphExtractor
from lxml import html as lxml_html
from trafilatura.utils import load_html

from dateline import datafiles
from dateline.extract.authors import (  # noqa: F401 - re-exported for the HTML path and tests
    authors_from_credit_line,
    choose_authors,
    is_byline_text,
    ld_authors,
    names_from_byline,
)
from dateline.extract.markup import (  # noqa: F401 - re-exported
    clean_text,
    element_text,
    markup_free,
)
from dateline.extract.page_byline import visible_byline
from dateline.extract.page_dates import (  # noqa: F401 - re-exported
    normalise_datetime,
    order_dates,
    page_clock,
    page_dates,
    published_from_htmldate,
)

log = logging.getLogger(__name__)

#: schema.org types whose object describes the article itself, best first.
_ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting|Report|LiveBlogPosting|Posting)$")
_PAGE_TYPE = re.compile(r"(?:WebPage|ItemPage)$")
_SITE_SUFFIX = re.compile(r"\s+[|\u2013\u2014\-:\u00b7]\s+[^|\u2013\u2014\-:\u00b7]{2,40}$")


@cache
def _names(filename: str) -> tuple[str, ...]:
    return tuple(line.lower() for line in datafiles.lines("dateline.extract", filename))


# --- JSON-LD ------------------------------------------------------------------------------------

def jsonld_objects(tree) -> list[dict]:
    """Return every JSON-LD object of the page, ``@graph`` members and a page's ``mainEntity``
    flattened, in page order.

    A ``<script>`` whose JSON cannot be parsed is logged and skipped. An escaped control
    character (``"\\u0000"``, ``"\\u0007"``: C0 but tab and line breaks, and DEL) is dropped
    from the strings, as the page's own are dropped in decoding: PostgreSQL cannot store a
    NUL (the record was lost there), and the CLI marks search hits with control characters.
    """
    extractor = JsonLdExtractor()
    found: list[dict] = []

    def walk(obj) -> None:
        if isinstance(obj, list):
            for item in obj:
                walk(item)
        elif isinstance(obj, dict):
            found.append(obj)
            for key in ("@graph", "mainEntity"):  # a WebPage's mainEntity is its article
                if isinstance(obj.get(key), (dict, list)):
                    walk(obj[key])

    # tree.iter(tag) rather than XPath ("//script[@type=...]"): the same elements in the same
    # order, without libxml2's XPath machinery over every node (slower per node than the loop)
    for node in tree.iter("script"):
        if node.get("type") != "application/ld+json":
            continue
        try:
            items = list(extractor._extract_items(node))
            walk(_without_controls(items) if _ESCAPED_CONTROL.search(node.text or "")
                 else items)
        except Exception as exc:  # extruct raises bare ValueError/JSON errors on broken blocks
            log.debug("skipping a broken JSON-LD block: %s", exc)
    return found


#: A JSON escape of a control character that the page's decoding drops (C0 but tab, line
#: feed and carriage return; DEL).
_ESCAPED_CONTROL = re.compile(r"\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF])")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _without_controls(value):
    """``value`` (parsed JSON) with the control characters of :data:`_CONTROL` removed from
    its strings and keys."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, list):
        return [_without_controls(v) for v in value]
    if isinstance(value, dict):
        return {_without_controls(k): _without_controls(v) for k, v in value.items()}
    return value


def _types(obj: dict) -> list[str]:
    value = obj.get("@type") or []
    return [str(t) for t in (value if isinstance(value, list) else [value])]


def _article_object(objects: list[dict]) -> dict | None:
    for pattern in (_ARTICLE_TYPE, _PAGE_TYPE):
        for obj in objects:
            if any(pattern.search(t) for t in _types(obj)):
                return obj
    return None


def _article_author(objects: list[dict], article: dict):
    """The JSON-LD author of the article: its ``author`` (or ``creator``, the schema.org
    property ``author`` refines), else that of another article object of the page that shares
    its ``headline``, ``url`` or ``@id`` (sites that print two blocks for one article, one of
    them without authors); ``None`` when none names one."""
    def own(obj):
        return obj.get("author") or obj.get("creator")

    author = own(article)
    if author or not article:
        return author
    keys = {k: article[k] for k in ("headline", "url", "@id")
            if isinstance(article.get(k), str)}
    for obj in objects:
        if obj is article or not any(_ARTICLE_TYPE.search(t) for t in _types(obj)):
            continue
        if own(obj) and any(obj.get(k) == v for k, v in keys.items()):
            return own(obj)
    return None


def _resolve(value, index: dict[str, dict]):
    if isinstance(value, dict) and "@id" in value and len(value) <= 2 and "name" not in value:
        return index.get(value["@id"], value)
    return value


def _ld_text(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    # a JSON-LD string is no HTML parser's text: its escapes and tags are still in it
    return markup_free(value) or None if isinstance(value, str) else None


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


#: A site name after the headline in ``<title>`` has at most this many words.
TITLE_SITE_MAX_WORDS = 6
_TITLE_SEPARATOR = re.compile(r"\s*(?:[|\uff5c\u2013\u2014\u00b7_]|\s[-:]\s)\s*")


def title_site(title: str | None, headline: str | None) -> str | None:
    """The site's name that ``title`` writes after the ``headline`` and a separator ("El puerto
    cierra | Diario del Litoral" -> "Diario del Litoral"; "|", "｜", "-", "–", "—", ":", "·",
    "_"), at most ``TITLE_SITE_MAX_WORDS`` words; ``None`` when the title does not open with the
    headline (white space and case aside) or names nothing after it."""
    if not title or not headline:
        return None
    title, headline = " ".join(title.split()), " ".join(headline.split())
    if len(title) <= len(headline) or not title.lower().startswith(headline.lower()):
        return None
    separator = _TITLE_SEPARATOR.match(title, len(headline))
    if separator is None:
        return None
    site = title[separator.end():].strip()
    if not site or len(site.split()) > TITLE_SITE_MAX_WORDS or _TITLE_SEPARATOR.search(site):
        return None
    return site


def _headline(tree, hints: list[str]) -> tuple[str | None, object]:
    """Return the headline and its ``<h1>`` element (or ``None``)."""
    body = tree.find("body")  # "//body//h1", without an XPath over the page
    h1s = [(element_text(h), h) for h in islice(body.iter("h1"), 8)] if body is not None else []
    h1s = [(t, h) for t, h in h1s if 3 <= len(t) <= 300]
    if len(h1s) > 1 and hints:
        best = max(h1s, key=lambda th: max(_similarity(th[0], hint) for hint in hints))
        if max(_similarity(best[0], hint) for hint in hints) > 0:
            return best
    if h1s:
        return h1s[0]
    return (hints[0] if hints else None), None


# --- the whole layer ----------------------------------------------------------------------------

def _meta(tree) -> dict[str, str]:
    """The page's OpenGraph properties and ``<meta>`` values by lowercase key, first wins. A
    CMS escapes HTML into attributes as it does into JSON-LD (``content="Island Post
    &lt;i&gt;"``), so each value goes through :func:`markup_free` like a JSON-LD string."""
    values: dict[str, str] = {}
    try:
        for block in OpenGraphExtractor().extract_items(tree):
            for key, value in block.get("properties", []):
                if isinstance(value, str) and value.strip():
                    values.setdefault(key.lower(), markup_free(value))
    except Exception as exc:  # a malformed prefix attribute; the <meta> scan below still runs
        log.debug("OpenGraph extraction failed: %s", exc)
    for element in tree.iter("meta"):  # "//meta[@name or @property or @itemprop][@content]"
        if element.get("content") is None or (element.get("name") is None and element.get(
                "property") is None and element.get("itemprop") is None):
            continue
        key = (element.get("name") or element.get("property") or element.get("itemprop")).lower()
        value = markup_free(element.get("content"))
        if value:
            values.setdefault(key, value)
    return values


def _first(meta: dict[str, str], listfile: str) -> str | None:
    for key in _names(listfile):
        value = meta.get(key)
        if value and not value.startswith(("http://", "https://", "@")):
            return value
    return None


def _meta_author(tree, meta: dict[str, str]) -> str | None:
    """The ``<meta>`` author (``data/meta_authors.txt``, best first); a page that repeats
    ``<meta name="author">`` once per author gives them all, joined by commas."""
    author = _first(meta, "meta_authors.txt")
    if author and meta.get("author") == author:
        values = [markup_free(v) for v in tree.xpath("//meta[@name='author']/@content")]
        values = [v for i, v in enumerate(values) if v and v not in values[:i]]
        if len(values) > 1 and not any(v.startswith(("http://", "https://", "@"))
                                       for v in values):
            return ", ".join(values)
    return author


def _title_text(tree) -> str | None:
    """``tree.findtext(".//title")``: the head, which comes first in the document, is searched
    first, and the whole page only when it holds no title."""
    head = tree.find("head")
    title = next(head.iter("title"), None) if head is not None else None
    if title is not None:
        return title.text or ""
    return tree.findtext(".//title")


def _canonical(tree) -> str | None:
    """The first ``<link rel="canonical">`` address, stripped (``None`` when there is none)."""
    for link in tree.iter("link"):
        href = link.get("href")
        if link.get("rel") == "canonical" and href is not None:
            return href.strip()
    return None


def extract_metadata(tree, url: str | None = None, *, use_htmldate: bool = True) -> dict:
    """Return the metadata of a parsed page (an ``lxml.html`` document).

    Keys: ``url``, ``publisher``, ``language`` (ISO 639-1 or ``None``), ``headline``,
    ``description`` (the page's summary, a standfirst candidate), ``authors`` (list of names),
    ``published``, ``updated`` (ISO 8601, see :func:`normalise_datetime`), ``section``, and
    ``h1``, the headline's element or ``None``. Never raises on odd markup: a field that cannot
    be read is ``None`` (or ``[]``). htmldate, used when neither the markup nor the visible
    timestamps give a publication time, prunes the tree it reads: callers that go on using
    ``tree`` pass ``use_htmldate=False`` and call :func:`published_from_htmldate` last.
    """
    objects = jsonld_objects(tree)
    index = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and len(o) > 2}
    article = _article_object(objects) or {}
    meta = _meta(tree)

    publisher = _ld_text(_resolve(article.get("publisher"), index)) or meta.get("og:site_name")
    title = markup_free(_title_text(tree)) or None
    hints = [h for h in (_ld_text(article.get("headline")), meta.get("og:title"),
                         meta.get("twitter:title"),
                         strip_site_name(title, publisher) if title else None) if h]
    headline, h1 = _headline(tree, hints)
    publisher = publisher or title_site(title, headline)

    people, organisations = ld_authors(_article_author(objects, article),
                                       lambda item: _resolve(item, index), publisher)
    meta_author = _meta_author(tree, meta)
    byline = visible_byline(tree, h1, near_only=bool(people))
    authors = choose_authors(people, organisations, meta_author, byline, publisher)

    ld_published = _ld_text(article.get("datePublished"))
    ld_modified = _ld_text(article.get("dateModified"))
    locale = tree.get("lang") or meta.get("og:locale") or meta.get("content-language")
    clock = page_clock(locale, url or meta.get("og:url"),
                       [normalise_datetime(ld_published), meta.get("article:published_time")])
    published, updated = page_dates(
        ld_published, ld_modified, meta, (_names("meta_published.txt"),
                                          _names("meta_updated.txt")), h1, clock)
    if published is None and use_htmldate:
        published, updated = order_dates(published_from_htmldate(tree), updated)

    section = _ld_text(article.get("articleSection")) or meta.get("article:section")
    language = (tree.get("lang") or _ld_text(article.get("inLanguage"))
                or meta.get("og:locale") or meta.get("content-language") or "")
    language = re.split(r"[-_]", language.strip().lower())[0] or None
    if language and not re.fullmatch(r"[a-z]{2}", language):
        language = None
    page_url = url or meta.get("og:url") or _canonical(tree) or _ld_text(article.get("url"))
    description = (_ld_text(article.get("description")) or meta.get("og:description")
                   or meta.get("description"))
    return {
        "url": page_url, "publisher": publisher, "language": language, "headline": headline,
        "description": description, "authors": authors, "published": published,
        "updated": updated, "section": section, "h1": h1,
    }


def parse_html(html: str):
    """Parse a page into an ``lxml.html`` document (lenient with broken markup).

    trafilatura's own loader comes first (its parser settings are the ones its extraction is
    tuned on: lxml's default parser cuts some paragraphs short); fragments it refuses go to
    ``lxml.html.document_fromstring``, which raises ``lxml.etree.ParserError`` on a page with
    nothing in it.
    """
    tree = load_html(html)
    return tree if tree is not None else lxml_html.document_fromstring(html)
