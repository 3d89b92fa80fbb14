"""The HTML path: an HTML page -> the article fields of :class:`~dateline.model.Article`.

Steps, on one lxml parse of the page:

1. metadata (:mod:`dateline.extract.metadata`): JSON-LD, OpenGraph, meta tags, the ``<h1>``,
   the byline, htmldate;
2. the main content by trafilatura (Barbaresi, ACL 2021) in its fast mode without comments
   (``bare_extraction``), kept as blocks: paragraphs, headings, list items, table rows, quotes;
3. the blocks that repeat the headline or the standfirst, or are bare bylines or timestamps, at
   the top are metadata, not body;
4. in-article chrome is named and removed (:mod:`dateline.extract.html_chrome`): the strong
   phrases of the shared boilerplate model (:func:`dateline.extract.boilerplate.strong_kind`),
   link-only teasers, blocks inside chrome markup (a ``newsletter`` or ``related`` box), and
   chrome-shaped lines ("Related: ...", contact and copyright lines) at the body's edges. The
   model's full line classifier is not applied to extracted blocks: trained on text scrapes, it
   cut recall on html-articles to 0.90 (bench/README.md);
5. what the extractor dropped from inside the article (between its first and last body block in
   the page) is reported in ``boilerplate`` with a kind, and the article's figures become images.
"""

from __future__ import annotations

import logging
import re
from functools import cache

import trafilatura
from lxml import etree

from dateline import datafiles
from dateline.errors import ExtractionError
from dateline.extract.boilerplate import name_kind, strong_kind
from dateline.extract.figures import extract_images
from dateline.extract.html_chrome import (
    PageBlocks,
    extend_split_body,
    is_link_teaser,
    kind_from_markup,
    markup_kinds,
    norm,
    removed_inside,
    trim_edges,
)
from dateline.extract.metadata import (
    authors_from_credit_line,
    clean_text,
    element_text,
    extract_metadata,
    is_byline_text,
    parse_html,
    published_from_htmldate,
)
from dateline.extract.timestamps import order_dates, parse_timestamp

log = logging.getLogger(__name__)

#: trafilatura settings. ``fast`` (no readability/jusText fallback) and no comments scored best
#: on ../shared/eval/html-articles (127 pages, all of them; bench/extraction.py): F1 0.960 vs
#: 0.952 for trafilatura's defaults, and 1.5 times faster.
TRAFILATURA_OPTIONS = {"fast": True, "include_comments": False, "include_tables": True,
                       "include_images": False, "include_formatting": False,
                       "include_links": False, "with_metadata": False, "deduplicate": False}
#: Only this many blocks at the top of the extracted body are checked for a repeated headline,
#: standfirst, byline or timestamp.
HEAD_BLOCKS = 4
#: A standfirst is at least / at most this many code points.
STANDFIRST_CHARS = (25, 400)
#: A standfirst element lies within this many elements after the headline in page order.
STANDFIRST_WINDOW = 40
_STANDFIRST_TAGS = frozenset(("p", "h2", "h3", "div", "span", "header"))
SKIP_TAGS = frozenset(("script", "style", "noscript", "template", "svg", "figure", "figcaption"))
def _blocks(body) -> list[str]:
    """Return the text blocks of trafilatura's XML body, in order."""
    out: list[str] = []
    if body.text and body.text.strip():
        out.append(clean_text(body.text))
    for child in body:
        tag = child.tag
        if tag == "list":
            for item in child.iter("item"):
                text = clean_text(" ".join(item.itertext()))
                if text:
                    out.append(text)
        elif tag == "table":
            for row in child.iter("row"):
                text = clean_text(" ".join(clean_text(" ".join(c.itertext())) for c in row))
                if text:
                    out.append(text)
        elif tag != "graphic":
            for lb in child.iter("lb"):
                lb.tail = "\u2029" + (lb.tail or "")
            pieces = "".join(child.itertext()).split("\u2029")
            out.extend(t for t in (clean_text(p) for p in pieces) if t)
        if child.tail and child.tail.strip():
            out.append(clean_text(child.tail))
    return out


@cache
def _standfirst_parts() -> frozenset[str]:
    """Class or id parts that name a standfirst (``data/standfirst_classes.txt``)."""
    return frozenset(line.lower() for line in datafiles.lines("dateline.extract",
                                                              "standfirst_classes.txt"))


def _standfirst(tree, h1, description: str | None) -> str | None:
    """Return the standfirst: an element after the headline whose class names one ("dek",
    "standfirst", "summary", ...), or whose text is the page's description."""
    if h1 is None:
        return None
    wanted = norm(description) if description else None
    low, high = STANDFIRST_CHARS
    for count, element in enumerate(h1.itersiblings()):
        if count > STANDFIRST_WINDOW:
            break
        found = _standfirst_in(element, wanted, low, high)
        if found:
            return found
    parent = h1.getparent()
    if parent is not None:
        for count, element in enumerate(parent.itersiblings()):
            if count > 3:
                break
            found = _standfirst_in(element, wanted, low, high)
            if found:
                return found
    return None


def _near(element):
    """Yield ``element``, its children and its grandchildren (not deeper: a body container
    next to the headline holds the lede, which is not a standfirst)."""
    yield element
    for child in element:
        yield child
        yield from child


def _standfirst_in(element, wanted, low, high) -> str | None:
    if not isinstance(element.tag, str) or element.tag in SKIP_TAGS:
        return None
    for node in _near(element):
        if not isinstance(node.tag, str) or node.tag not in _STANDFIRST_TAGS:
            continue
        tokens = ((node.get("class") or "") + " " + (node.get("id") or "")).lower()
        parts = set(re.split(r"[\s_-]+", tokens))
        text = None
        if parts & _standfirst_parts():
            text = element_text(node)
        elif wanted and node.tag in ("p", "h2", "h3"):
            text = element_text(node)
            if norm(text) != wanted:
                text = None
        if text and low <= len(text) <= high and not is_byline_text(text):
            return text
    return None


def _is_head_metadata(text: str, titles: set[str]) -> bool:
    n = norm(text)
    if n in titles:
        return True
    if is_byline_text(text):
        return True
    return len(text) <= 80 and parse_timestamp(text) is not None


def extract_html(html: str, url: str | None = None) -> dict:
    """Return the article fields of an HTML page as a dict for :class:`~dateline.model.Article`.

    Keys: ``url``, ``publisher``, ``language``, ``headline``, ``standfirst``, ``authors``,
    ``published``, ``updated``, ``section``, ``images`` (``[{caption, credit, url}]``),
    ``paragraphs`` (body, one string per block) and ``boilerplate`` (``[{text, kind}]``: what was
    removed from inside the article). Raises ``ExtractionError`` when the page has no body
    text at all; a page whose body the extractor cannot find gives ``paragraphs == []``.
    """
    try:
        tree = parse_html(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"the HTML could not be parsed: {exc}") from exc
    body_el = tree.find("body")
    if body_el is None or not clean_text(body_el.text_content()):
        raise ExtractionError("the HTML page has no body text")
    meta = extract_metadata(tree, url, use_htmldate=False)
    h1 = meta.pop("h1")
    description = meta.pop("description")
    standfirst = _standfirst(tree, h1, description)

    # code and styles are never body: dropping them makes trafilatura's copy of the tree and its
    # cleaning cheaper (JSON-LD stays for htmldate, which reads dates in it)
    for element in list(tree.iter("script", "style")):
        if element.get("type") != "application/ld+json":
            element.drop_tree()
    document = trafilatura.bare_extraction(tree, url=url, **TRAFILATURA_OPTIONS)
    blocks = _blocks(document.body) if document is not None and document.body is not None else []

    titles = {norm(t) for t in (meta["headline"], standfirst) if t}
    start = 0
    while start < min(len(blocks), HEAD_BLOCKS) and _is_head_metadata(blocks[start], titles):
        start += 1
    blocks = blocks[start:]

    page = PageBlocks(tree)
    kinds = [strong_kind(b) or ("related" if is_link_teaser(b, page.element(b)) else None)
             for b in blocks]
    markup_kinds(page, blocks, kinds)
    trim_edges(blocks, kinds)
    paragraphs = [b for b, k in zip(blocks, kinds, strict=True) if k is None]
    boilerplate = [(page.position.get(norm(b), -1), b, k)
                   for b, k in zip(blocks, kinds, strict=True) if k is not None]
    skip = titles | {norm(b) for _, b, _ in boilerplate}
    paragraphs = extend_split_body(page, paragraphs, skip)
    removed, container = removed_inside(page, paragraphs, skip)
    for text, element in removed:
        if not is_byline_text(text):
            kind = strong_kind(text) or kind_from_markup(element) or name_kind(text, "inside")
            boilerplate.append((page.position.get(norm(text), -1), text, kind))
    boilerplate.sort(key=lambda item: item[0])

    if not meta["authors"]:
        meta["authors"] = authors_from_credit_line(paragraphs)
    images_root = container if container is not None else body_el
    article_el = tree.find(".//article")
    if article_el is not None and (container is None or container in article_el.iterancestors()):
        images_root = article_el
    images = extract_images(images_root)
    if meta["published"] is None:  # last: htmldate prunes the tree
        meta["published"], meta["updated"] = order_dates(published_from_htmldate(tree),
                                                         meta["updated"])
    return {**meta, "standfirst": standfirst, "images": images, "paragraphs": paragraphs,
            "boilerplate": [{"text": t, "kind": k} for _, t, k in boilerplate]}
