"""The HTML path: an HTML page -> the article fields of :class:`~dateline.model.Article`.

Steps, on one lxml parse of the page:

1. metadata (:mod:`dateline.extract.metadata`): JSON-LD, OpenGraph, meta tags, the ``<h1>``,
   the byline, htmldate;
2. the main content by trafilatura (Barbaresi, ACL 2021) in its fast mode without comments
   (``bare_extraction``), kept as blocks: paragraphs, headings, list items, table rows, quotes;
3. the blocks that repeat the headline or the standfirst, or are bare bylines or timestamps, at
   the top are metadata, not body;
4. the shared boilerplate model (:func:`dateline.extract.boilerplate.classify_blocks`) removes
   in-article chrome ("Read more: ...", newsletter and donation boxes);
5. what the extractor dropped from inside the article (between its first and last body block in
   the page) is reported in ``boilerplate`` with a kind, and the article's figures become images.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from importlib import resources

import trafilatura
from lxml import etree

from dateline.errors import ExtractionError
from dateline.extract.boilerplate import classify_blocks, name_kind, strong_kind
from dateline.extract.lines import phrase_hits, phrase_tables
from dateline.extract.metadata import (
    authors_from_credit_line,
    clean_text,
    element_text,
    extract_images,
    extract_metadata,
    is_byline_text,
    parse_html,
    published_from_htmldate,
)
from dateline.extract.timestamps import parse_timestamp

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
_STANDFIRST_PARTS = frozenset(
    "standfirst dek subtitle subheadline subhead summary lede lead intro strap strapline "
    "description excerpt deck teaser sub-headline".split())
_STANDFIRST_TAGS = frozenset(("p", "h2", "h3", "div", "span", "header"))
_PAGE_BLOCKS = etree.XPath(
    "//body//*[self::p or self::h2 or self::h3 or self::h4 or self::h5 or self::h6 or self::pre"
    " or self::dd or self::dt or ((self::li or self::blockquote) and not(.//p))]"
    "[not(ancestor::figure or ancestor::figcaption or ancestor::noscript or ancestor::template"
    " or ancestor::script)]")
_STRING = etree.XPath("string()")
#: Shapes of chrome lines (``_chrome_shape``). The word limits were set on
#: ../shared/eval/html-articles (all 127 pages; bench/README.md): contact and copyright lines run
#: to 40 words. (Dropping short stubs at the edges, "Print Article", cost more than it gained.)
_URL_LINE = re.compile(r"^(?:[\w .'\u2019-]{0,30}:\s*)?(?:https?://|www\.)\S+$")
_LABELLED_URL = re.compile(r"^[\w .'\u2019-]{1,30}:\s*(?:https?://|www\.)\S+$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_COPYRIGHT = re.compile(r"(?:^|\s)(?:\u00a9|\(c\)|copyright\b)", re.I)
EDGE_CHROME_MAX_WORDS = 40
#: A line opening with a teaser label (data/teaser_labels.txt) is a teaser up to this length.
TEASER_MAX_WORDS = 30
EDGE_MIN_PHRASES = 2
#: Image captions in the page: kept by some extractors as body, they belong to ``images``.
_CAPTIONS = etree.XPath(
    "//body//figcaption | //body//*[contains(@class,'caption')][not(ancestor::figcaption)]")
CAPTION = "caption"
#: A body block of at most this many words, with at least this share of its text in links and
#: no sentence end, is a related-story teaser. Set on ../shared/eval/html-articles (all 127
#: pages; F1 see bench/README.md).
LINK_TEASER_MAX_WORDS = 20
LINK_TEASER_MIN_SHARE = 0.8
#: Paragraphs of a split body's other chunks are added when at least this many words long.
SPLIT_BODY_MIN_WORDS = 8
SPLIT_BODY_MAX_LINK_SHARE = 0.5
_SKIP_TAGS = frozenset(("script", "style", "noscript", "template", "svg", "figure", "figcaption"))
#: Class or id parts that name a kind of in-article chrome, for removed blocks the boilerplate
#: model did not name. Source: written by the dateline team.
_KIND_HINTS = tuple((kind, frozenset(words.split())) for kind, words in (
    ("newsletter", "newsletter signup subscribe subscription"),
    ("donation_appeal", "donate donation contribute support"),
    ("related", "related readmore read more recommended recirc outbrain latest trending popular"),
    ("social", "share social sharing follow"),
    ("advert", "ad ads advert advertisement sponsor sponsored promo"),
    ("comments", "comment comments discussion"),
    ("cookie", "cookie consent gdpr"),
))
#: How many elements up from a kept block (itself included) are looked at for chrome markup.
MARKUP_DEPTH = 4
USE_MARKUP = True


_WORD = re.compile(r"\w+")


def _norm(text: str) -> str:
    """The matching key of a text: its lower-case word characters, spaces dropped (a drop
    capital printed apart, "M uch", still matches "Much")."""
    return "".join(_WORD.findall(text.lower()))


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


def _standfirst(tree, h1, description: str | None) -> str | None:
    """Return the standfirst: an element after the headline whose class names one ("dek",
    "standfirst", "summary", ...), or whose text is the page's description."""
    if h1 is None:
        return None
    wanted = _norm(description) if description else None
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
    if not isinstance(element.tag, str) or element.tag in _SKIP_TAGS:
        return None
    for node in _near(element):
        if not isinstance(node.tag, str) or node.tag not in _STANDFIRST_TAGS:
            continue
        tokens = ((node.get("class") or "") + " " + (node.get("id") or "")).lower()
        parts = set(re.split(r"[\s_-]+", tokens))
        text = None
        if parts & _STANDFIRST_PARTS:
            text = element_text(node)
        elif wanted and node.tag in ("p", "h2", "h3"):
            text = element_text(node)
            if _norm(text) != wanted:
                text = None
        if text and low <= len(text) <= high and not is_byline_text(text):
            return text
    return None


def _is_head_metadata(text: str, titles: set[str]) -> bool:
    n = _norm(text)
    if n in titles:
        return True
    if is_byline_text(text):
        return True
    return len(text) <= 80 and parse_timestamp(text) is not None


def _kind_from_markup(element) -> str | None:
    for node in [element, *element.iterancestors()][:6]:
        kind = _hint(node)
        if kind:
            return kind
    return None


class _PageBlocks:
    """The text blocks of the original page (paragraphs, headings, list items, quotes), in page
    order, outside figures and scripts, with a lookup from normalised text to position."""

    def __init__(self, tree) -> None:
        self.items: list[tuple[str, str, object]] = []
        self.position: dict[str, int] = {}
        for element in _PAGE_BLOCKS(tree):
            raw = _STRING(element)
            norm = _norm(raw)
            if norm:
                self.position.setdefault(norm, len(self.items))
                self.items.append((raw, norm, element))

    def element(self, text: str):
        """Return the page element of a block text, or ``None``."""
        pos = self.position.get(_norm(text))
        return None if pos is None else self.items[pos][2]


def _link_share(element) -> float:
    """Return the share of an element's text (code points) that sits inside links."""
    total = len(element_text(element))
    linked = sum(len(element_text(a)) for a in element.iter("a"))
    return linked / total if total else 0.0


def _is_link_teaser(text: str, element) -> bool:
    """A short block whose text is all link and which does not end a sentence: a related-story
    teaser or a menu entry, not prose."""
    return (element is not None and len(text.split()) <= LINK_TEASER_MAX_WORDS
            and not text.rstrip().endswith((".", "!", "?", ":", "\u201d", '"'))
            and _link_share(element) >= LINK_TEASER_MIN_SHARE)


def _hint(node) -> str | None:
    tokens = ((node.get("class") or "") + " " + (node.get("id") or "")).lower()
    if not tokens.strip():
        return None
    parts = set(re.split(r"[\s_-]+", tokens))
    for kind, words in _KIND_HINTS:
        if parts & words:
            return kind
    return None


def _markup_kinds(page: _PageBlocks, blocks: list[str], kinds: list[str | None]) -> None:
    """Name, in place, the kept blocks that sit inside chrome markup (a ``newsletter``,
    ``related`` or ``share`` box: ``_KIND_HINTS``) below the body's own container, and drop
    image captions that the extractor kept (they belong to ``images``)."""
    elements = [page.element(b) for b in blocks]
    parents = [e.getparent() for e, k in zip(elements, kinds, strict=True)
               if e is not None and k is None and e.tag == "p"]
    if not parents:
        return
    body_parent = max(parents, key=parents.count)  # the first of equals: deterministic
    stop = {body_parent, *body_parent.iterancestors()}
    for i, element in enumerate(elements):
        if element is None or kinds[i] is not None:
            continue
        node = element
        for _ in range(MARKUP_DEPTH):
            if node is None or node in stop:
                break
            kind = _hint(node)
            if kind:
                kinds[i] = kind
                break
            node = node.getparent()


def _strong_phrases() -> frozenset[str]:
    return phrase_tables()[2]


@cache
def _teaser_label() -> re.Pattern:
    text = resources.files("dateline.extract").joinpath("data/teaser_labels.txt").read_text(
        "utf-8")
    labels = [line.strip() for line in text.splitlines()
              if line.strip() and not line.startswith("#")]
    alternatives = "|".join(re.escape(label).replace("'", "['\u2019]")
                            for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"^\s*(?:{alternatives})\s*(?::|\u2013|\u2014|-|\|)\s*\S"
                      rf"|^\s*also on [\w.-]+\.\w+\b", re.I)


def _model_kinds(blocks: list[str]) -> list[str | None]:
    """Return the shared boilerplate model's verdict on the extracted blocks."""
    return [strong_kind(b) for b in blocks]


def _chrome_shape(text: str, at_edge: bool) -> str | None:
    """Return a boilerplate kind for a block whose shape is chrome, else ``None``.

    Anywhere: a labelled link ("Listen: http://...") or a teaser line opening with a label of
    ``data/teaser_labels.txt`` ("Related: ..."). At the top or bottom of the body also: a bare
    link, a contact line with an e-mail address, a copyright line, or a line of at most
    ``EDGE_CHROME_MAX_WORDS`` words with a strong chrome phrase or at least
    ``EDGE_MIN_PHRASES`` chrome phrases of the shared boilerplate model.
    """
    if _LABELLED_URL.match(text) or (at_edge and _URL_LINE.match(text)):
        return "social"
    if len(text.split()) <= TEASER_MAX_WORDS and _teaser_label().match(text):
        return "related"
    if not at_edge:
        return None
    words = len(text.split())
    if words <= EDGE_CHROME_MAX_WORDS and (_EMAIL.search(text) or _COPYRIGHT.search(text)):
        return "other"
    if words <= EDGE_CHROME_MAX_WORDS:
        hits = phrase_hits(text)
        if len(hits) >= EDGE_MIN_PHRASES or any(h in _strong_phrases() for h in hits):
            return name_kind(text, "after")
    return None


def _trim_edges(blocks: list[str], kinds: list[str | None]) -> None:
    """Name, in place, the chrome-shaped blocks at the top and at the bottom of the body (see
    :func:`_chrome_shape`), stopping at the first block of prose from each end."""
    for i, text in enumerate(blocks):
        if kinds[i] is None:
            kinds[i] = _chrome_shape(text, at_edge=False)
    for order in (range(len(blocks)), range(len(blocks) - 1, -1, -1)):
        for i in order:
            if kinds[i] is not None:
                continue
            kind = _chrome_shape(blocks[i], at_edge=True)
            if kind is None:
                break
            kinds[i] = kind


def _merge(page: _PageBlocks, paragraphs: list[str], added: list[tuple[int, str]]
           ) -> list[str]:
    """Return ``paragraphs`` with the ``(page position, text)`` blocks of ``added`` put in page
    order; a paragraph whose position is unknown keeps its place after the one before it."""
    if not added:
        return paragraphs
    keyed, last = [], -1
    for i, text in enumerate(paragraphs):
        pos = page.position.get(_norm(text), -1)
        last = max(last, pos)
        keyed.append(((last, 0, i), text))
    keyed += [((pos, 1, j), text) for j, (pos, text) in enumerate(added)]
    return [text for _, text in sorted(keyed, key=lambda kt: kt[0])]


def _extend_split_body(page: _PageBlocks, paragraphs: list[str], skip: set[str]) -> list[str]:
    """Add the paragraphs of sibling chunks of a body split over several containers of one class
    (``div.article__body`` repeated between adverts) that the extractor left out; return the
    body in page order."""
    elements = [page.element(p) for p in paragraphs]
    parents = [e.getparent() for e in elements if e is not None and e.tag == "p"]
    if len(parents) < 2:
        return paragraphs
    parent = max(parents, key=parents.count)  # the first of equals: deterministic
    cls = parent.get("class")
    if not cls or parents.count(parent) < 2:
        return paragraphs
    chunks = [c for c in parent.getroottree().getroot().iter(parent.tag) if c.get("class") == cls]
    if len(chunks) < 2:
        return paragraphs
    grand = set(parent.iterancestors())
    kept = {_norm(p) for p in paragraphs}
    added = []
    for chunk in chunks:
        if chunk is parent or chunk in grand:
            continue
        shared = next((a for a in chunk.iterancestors() if a in grand), None)
        if shared is None or shared.tag in ("body", "html"):
            continue
        for element in chunk.iterfind("p"):
            text = element_text(element)
            norm = _norm(text)
            if (len(text.split()) >= SPLIT_BODY_MIN_WORDS and norm not in kept
                    and norm not in skip and strong_kind(text) is None
                    and _link_share(element) < SPLIT_BODY_MAX_LINK_SHARE
                    and _kind_from_markup(element) is None):
                added.append(text)
                kept.add(norm)
    return _merge(page, paragraphs, [(page.position.get(_norm(t), -1), t) for t in added])


def _removed_inside(page: _PageBlocks, kept: list[str], skip: set[str]
                    ) -> tuple[list[tuple[str, object]], object]:
    """Return the blocks of the page between the first and the last kept body block that the
    extractor dropped, as ``(text, element)``, and the article container (or ``None``)."""
    wanted = {_norm(t) for t in kept}
    hits = [i for i, (_, norm, _) in enumerate(page.items) if norm in wanted]
    if len(hits) < 2:
        return [], None
    first, last = hits[0], hits[-1]
    removed = [(clean_text(raw), el) for raw, norm, el in page.items[first:last + 1]
               if norm not in wanted and norm not in skip]
    last_ancestors = set(page.items[last][2].iterancestors())
    container = next((a for a in page.items[first][2].iterancestors() if a in last_ancestors),
                     None)
    return removed, container


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

    document = trafilatura.bare_extraction(tree, url=url, **TRAFILATURA_OPTIONS)
    blocks = _blocks(document.body) if document is not None and document.body is not None else []

    titles = {_norm(t) for t in (meta["headline"], standfirst) if t}
    start = 0
    while start < min(len(blocks), HEAD_BLOCKS) and _is_head_metadata(blocks[start], titles):
        start += 1
    blocks = blocks[start:]

    page = _PageBlocks(tree)
    kinds = [kind or ("related" if _is_link_teaser(b, page.element(b)) else None)
             for b, kind in zip(blocks, _model_kinds(blocks), strict=True)]
    if USE_MARKUP:
        _markup_kinds(page, blocks, kinds)
    _trim_edges(blocks, kinds)
    captions = {_norm(_STRING(c)) for c in _CAPTIONS(tree)}
    kinds = [CAPTION if _norm(b) in captions else k for b, k in zip(blocks, kinds, strict=True)]
    paragraphs = [b for b, k in zip(blocks, kinds, strict=True) if k is None]
    boilerplate = [(page.position.get(_norm(b), -1), b, k)
                   for b, k in zip(blocks, kinds, strict=True) if k not in (None, CAPTION)]
    skip = titles | {_norm(b) for _, b, _ in boilerplate}
    paragraphs = _extend_split_body(page, paragraphs, skip)
    removed, container = _removed_inside(page, paragraphs, skip)
    if removed:
        removed_kinds = classify_blocks([t for t, _ in removed])
        for (text, element), kind in zip(removed, removed_kinds, strict=True):
            if not is_byline_text(text):
                boilerplate.append((page.position.get(_norm(text), -1), text,
                                    kind or _kind_from_markup(element) or "other"))
    boilerplate.sort(key=lambda item: item[0])

    if not meta["authors"]:
        meta["authors"] = authors_from_credit_line(paragraphs)
    images_root = container if container is not None else body_el
    article_el = tree.find(".//article")
    if article_el is not None and (container is None or container in article_el.iterancestors()):
        images_root = article_el
    images = extract_images(images_root)
    if meta["published"] is None:
        meta["published"] = published_from_htmldate(tree)  # last: htmldate prunes the tree
    return {**meta, "standfirst": standfirst, "images": images, "paragraphs": paragraphs,
            "boilerplate": [{"text": t, "kind": k} for _, t, k in boilerplate]}
