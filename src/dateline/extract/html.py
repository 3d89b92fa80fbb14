"""The HTML path: an HTML page -> :class:`~dateline.extract.result.Extraction`.

Steps, on one lxml parse of the page (the tree is parsed once and handed on):

1. metadata (:mod:`dateline.extract.metadata`): JSON-LD, OpenGraph, meta tags, the ``<h1>``,
   the byline; the standfirst next to the headline;
2. one walk over the body gives the page's text blocks, each with its element
   (:mod:`dateline.extract.html_blocks`);
3. the article body is recovered by our own method (:mod:`dateline.extract.html_body`): the
   container that holds the page's prose, minus the chrome inside it;
4. the blocks at the top that repeat the headline or the standfirst, or are bare bylines or
   timestamps, are metadata, not body;
5. in-article chrome is named by its shape (:mod:`dateline.extract.html_chrome`): the strong
   phrases of the shared boilerplate model (:func:`dateline.extract.boilerplate.strong_kind`),
   link-only teasers, chrome-shaped lines ("Related: ...", contact and copyright lines) at the
   body's edges. The model's full line classifier is not applied to HTML blocks: trained on text
   scrapes, it cut recall on html-articles to 0.90 (bench/README.md);
6. every block that is not body, metadata or a caption is listed in ``boilerplate`` with its
   kind, and the article's figures and captions become images.

trafilatura (Barbaresi, ACL 2021) is not used for the body any more: its fast mode alone took
longer per page than twice trafilatura's default speed allows (issue 12 item 7).
"""

from __future__ import annotations

import logging
import re
import time
from functools import cache

from lxml import etree
from lxml import html as lxml_html

from dateline import datafiles
from dateline.errors import ExtractionError, TooSlowError
from dateline.extract.boilerplate import name_kind, strong_kind
from dateline.extract.figures import images_from_figures, split_credit
from dateline.extract.html_blocks import Block, walk_page
from dateline.extract.html_body import (
    choose_container,
    inside,
    outer_mark,
    select_body,
    split_body_chunks,
    void_wrapper_marks,
)
from dateline.extract.html_chrome import is_link_teaser, norm, trim_edges
from dateline.extract.metadata import (
    authors_from_credit_line,
    element_text,
    extract_metadata,
    is_byline_text,
    published_from_htmldate,
)
from dateline.extract.result import Extraction, TextBlock
from dateline.extract.timestamps import order_dates, parse_timestamp
from dateline.extract.words import CJK_CHARS_PER_WORD, unspaced_counts

log = logging.getLogger(__name__)

#: Only this many blocks at the top of the body are checked for a repeated headline,
#: standfirst, byline or timestamp.
HEAD_BLOCKS = 4
#: A body block of at most this many words that ends in a labelled credit ("(Image: GETTY)") is
#: an image caption.
CAPTION_MAX_WORDS = 40
#: A closing credit line is looked for among this many paragraphs (plus the two before them) at
#: the end of the body: sign-up and follow prompts may still come after it.
CREDIT_LINE_REACH = 12
#: A standfirst is at least / at most this many code points (see :func:`standfirst_length`).
STANDFIRST_CHARS = (25, 400)
#: A Chinese or Japanese character counts as this many code points in a standfirst's length:
#: English prose has 5.9 code points a word with its space (the pages of samples/, 2026-12-01)
#: and Chinese 1.7 characters a word (``words.CJK_CHARS_PER_WORD``), so a 13-character
#: standfirst is as long as a 45-code-point English one.
CJK_CHAR_WIDTH = 5.9 / CJK_CHARS_PER_WORD
#: A standfirst element lies within this many elements after the headline in page order.
STANDFIRST_WINDOW = 40
_STANDFIRST_TAGS = frozenset(("p", "h2", "h3", "div", "span", "header"))
#: schema.org microdata properties that mark a standfirst element.
_STANDFIRST_ITEMPROPS = frozenset(("description", "alternativeHeadline", "abstract"))
SKIP_TAGS = frozenset(("script", "style", "noscript", "template", "svg", "figure", "figcaption"))
#: One parser for every page: comments and processing instructions dropped (their text is not
#: the page's), ``huge_tree`` so that deep nesting and large text nodes do not stop libxml2.
#: Every element is an ``lxml.html.HtmlElement`` (htmldate and extruct expect them), chosen by a
#: C-level class lookup: lxml.html's own lookup calls Python for each element it wraps.
PARSER = etree.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                          remove_comments=True, remove_pis=True, huge_tree=True)
PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
    pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity))


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
        # the parts at runs of white space, "_" and "-" (a regular expression took twice as long)
        parts = set(tokens.replace("_", " ").replace("-", " ").split())
        text = None
        if parts & _standfirst_parts() or node.get("itemprop") in _STANDFIRST_ITEMPROPS:
            text = element_text(node)
        elif wanted and node.tag in ("p", "h2", "h3"):
            text = element_text(node)
            if norm(text) != wanted:
                text = None
        if text and low <= standfirst_length(text) <= high and not is_byline_text(text):
            return text
    return None


def standfirst_length(text: str) -> float:
    """The length of ``text`` for :data:`STANDFIRST_CHARS`: its code points, each Chinese or
    Japanese character counted as :data:`CJK_CHAR_WIDTH`."""
    cjk, _ = unspaced_counts(text)
    return len(text) + cjk * (CJK_CHAR_WIDTH - 1)




#: Elements that must be closed explicitly and can nest without end; past ``MAX_NESTING`` levels
#: of them their tags are dropped before parsing (libxml2 stops at 2,048 levels even with
#: ``huge_tree`` and loses everything deeper: an article inside 100,000 nested ``div``s).
_NESTING_TAG = re.compile(r"<(/?)(div|span|section|article|main|font|center|blockquote|table|"
                          r"ul|ol|dl|b|i|em|strong|aside|header|footer|nav)\b[^>]*>", re.I)
MAX_NESTING = 400


def flatten_deep_nesting(html: str) -> str:
    """Return ``html`` with the container tags nested deeper than ``MAX_NESTING`` levels
    removed (their text stays, in order). Linear in the length of the page."""
    pieces, done, depth, dropped = [], 0, 0, False
    for match in _NESTING_TAG.finditer(html):
        if match.group(1):
            depth = max(0, depth - 1)
            drop = depth >= MAX_NESTING
        else:
            drop = depth >= MAX_NESTING
            if not match.group(0).endswith("/>"):
                depth += 1
        if drop:
            pieces.append(html[done:match.start()])
            done = match.end()
            dropped = True
    if not dropped:
        return html
    pieces.append(html[done:])
    return "".join(pieces)


def parse_page(html: str, utf8: bytes | None = None):
    """Parse a page into an ``lxml.html`` document (see :data:`PARSER`); a page nested too deep
    for libxml2 is flattened (:func:`flatten_deep_nesting`) and parsed again. ``utf8``: ``html``
    in UTF-8 when the caller has it (the page's own bytes, see
    :func:`~dateline.extract.decode.decode_page_source`), spares encoding it. Raises
    ``ExtractionError`` when libxml2 finds no document in it."""
    try:
        if utf8 is None:
            utf8 = html.encode("utf-8", "surrogatepass")
        tree = lxml_html.document_fromstring(utf8, parser=PARSER)
        if not any("depth" in entry.message for entry in PARSER.error_log
                   if entry.type_name == "ERR_RESOURCE_LIMIT"):
            return tree
        flat = flatten_deep_nesting(html).encode("utf-8", "surrogatepass")
        return lxml_html.document_fromstring(flat, parser=PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"the HTML could not be parsed: {exc}") from exc


def _check(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise TooSlowError("the page took longer than the per-page time limit "
                           "(page_time_limit) to extract")


_DATE_LINE = re.compile(r"^\W*(?:published|updated|posted|last updated|first published)\b.*\d",
                        re.I)
#: Lines of at most this many words that open with "Published", "Updated", ... are timestamps.
DATE_LINE_MAX_WORDS = 14


def _is_date_line(text: str) -> bool:
    return len(text.split()) <= DATE_LINE_MAX_WORDS and bool(_DATE_LINE.match(text))


def _is_head_metadata(block: Block, titles: set[str], h1, authors: list[str]) -> bool:
    if block.element is h1 or norm(block.text) in titles:
        return True
    text = block.text
    if is_byline_text(text) or _is_date_line(text):
        return True
    if authors and len(text.split()) <= 4 * len(authors) + 6 and all(a in text for a in authors):
        return True  # "Lisa Kaczke and Trevor J. Mitchell, Argus Leader": a byline without "By"
    return len(text) <= 80 and parse_timestamp(text) is not None


def _tail_teasers(rest: list[Block]) -> None:
    """Name, in place, a list of links closing the body ("More Great Stories" and its items)
    as related."""
    i = len(rest)
    while i > 0 and rest[i - 1].kind is None and rest[i - 1].tag == "li" \
            and rest[i - 1].link_share >= TAIL_LIST_MIN_LINK_SHARE:
        i -= 1
    if i == len(rest) or len(rest) - i < 2:
        return
    for block in rest[i:]:
        block.kind = "related"
    head = rest[i - 1] if i > 0 else None
    if head is not None and head.kind is None and head.words <= 8 \
            and not head.text.rstrip().endswith((".", "!", "?")):
        head.kind = "related"


#: The items of a list closing the body are teasers with at least this share of link text.
TAIL_LIST_MIN_LINK_SHARE = 0.5


def _name_body(body: list[Block], titles: set[str], h1, authors: list[str]) -> None:
    """Give, in place, the kinds of the body candidates that are metadata or chrome by shape."""
    start = 0
    while start < min(len(body), HEAD_BLOCKS) and _is_head_metadata(body[start], titles, h1,
                                                                    authors):
        body[start].kind = "metadata"
        start += 1
    for block in body[start:]:
        if block.element is h1 or (block.tag in ("h1", "h2") and norm(block.text) in titles) \
                or _is_date_line(block.text):
            block.kind = "metadata"
        elif block.kind is None and block.words <= CAPTION_MAX_WORDS \
                and split_credit(block.text)[1] is not None:
            block.kind = "caption"  # "Protesters on the quay (Image: GETTY)"
        elif block.kind is None:
            block.kind = strong_kind(block.text) or ("related" if is_link_teaser(block) else None)
    rest = [b for b in body[start:] if b.kind != "metadata"]
    kinds = [b.kind for b in rest]
    trim_edges([b.text for b in rest], kinds)
    for block, kind in zip(rest, kinds, strict=True):
        block.kind = kind
    _tail_teasers([b for b in rest if b.kind is None or b.tag == "li"])


def _name_removed(blocks: list[Block], body_ids: set[int], titles: set[str], h1,
                  first: int, last: int) -> None:
    """Give, in place, every block outside the body its kind: ``metadata`` for the headline,
    standfirst and byline, else its chrome mark, a strong chrome phrase, or
    :func:`~dateline.extract.boilerplate.name_kind` by its place before, inside or after the
    body."""
    # a text equal to a title without white space is at least as long as the title and, its
    # spaces being single, at most twice as long: only those are normalised
    shortest = min((len(t) for t in titles), default=0)
    longest = 2 * max((len(t) for t in titles), default=-1)
    for block in blocks:
        if block.kind is not None or block.index in body_ids:
            continue
        if block.element is h1 or (shortest <= len(block.text) <= longest
                                   and norm(block.text) in titles):
            block.kind = "metadata"
            continue
        mark = outer_mark(block)
        if mark is not None:
            block.kind = mark
            continue
        where = "before" if block.index < first else "after" if block.index > last else "inside"
        if where == "inside" and is_byline_text(block.text):
            block.kind = "metadata"
            continue
        block.kind = strong_kind(block.text) or name_kind(block.text, where)


def extract_html(html: str, url: str | None = None, deadline: float | None = None,
                 utf8: bytes | None = None) -> Extraction:
    """Return the :class:`~dateline.extract.result.Extraction` of an HTML page.

    ``deadline`` is a ``time.monotonic()`` value past which ``TooSlowError`` is raised.
    ``utf8``: ``html`` in UTF-8 when the caller has it (see :func:`parse_page`). The result holds
    the metadata fields, the images (``<figure>`` elements and captions inside the
    article) and every text block of the page with its element and kind (``body``, ``metadata``,
    ``caption`` or a boilerplate kind). Raises ``ExtractionError`` when the page has no body
    text at all; a page with no recognisable article gives no body blocks.
    """
    tree = parse_page(html, utf8)
    body_el = tree.find("body")
    if body_el is None:
        raise ExtractionError("the HTML page has no body text")
    _check(deadline)
    meta = extract_metadata(tree, url, use_htmldate=False)
    h1 = meta.pop("h1")
    description = meta.pop("description")
    standfirst = _standfirst(tree, h1, description)
    _check(deadline)
    walk = walk_page(body_el, deadline)
    if not walk.blocks:
        raise ExtractionError("the HTML page has no body text")
    void_wrapper_marks(walk, body_el, h1)
    container, depth = choose_container(walk, body_el, h1)
    body = select_body(walk, container, depth)
    body = sorted(body + split_body_chunks(walk, body, container, depth), key=lambda b: b.index)
    titles = {norm(t) for t in (meta["headline"], standfirst) if t}
    _name_body(body, titles, h1, meta["authors"])
    kept = [b for b in body if b.kind is None]
    caption_ids = {b.index for b in body if b.kind == "caption"}
    body_ids = {b.index for b in kept}
    first = kept[0].index if kept else len(walk.blocks)
    last = kept[-1].index if kept else -1
    _name_removed(walk.blocks, body_ids, titles, h1, first, last)
    _check(deadline)
    _refuse_table_only(kept)
    for block in kept:
        block.kind = "body"
    paragraphs = [b.text for b in kept]
    for end in range(len(paragraphs), max(0, len(paragraphs) - CREDIT_LINE_REACH), -1):
        if meta["authors"]:
            break  # a closing credit line ("Reporting by ...") among the last paragraphs
        meta["authors"] = authors_from_credit_line(paragraphs[:end])
    figures = [f for f in walk.figures if _figure_inside(f, container)]
    captions = [b for b in walk.blocks if b.kind == "caption"
                and (b.index in caption_ids or inside(b, container, depth))]
    images = images_from_figures(figures, captions)
    if meta["published"] is None:
        # last: htmldate prunes the tree
        meta["published"], meta["updated"] = order_dates(published_from_htmldate(tree),
                                                         meta["updated"])
    return Extraction(format="html", standfirst=standfirst, images=images,
                      blocks=[_result_block(b) for b in walk.blocks], **meta)


#: A paragraph of prose beside a data table has at least this many words and a sentence end
#: in it (see :func:`_is_prose`; not ``lines.PROSE_MIN_WORDS``, the text path's): the line
#: filter of C4 (Raffel et al., JMLR 2020) asks 5 words and a terminal mark of a line; 8 keeps
#: a one-line note under a table ("Source: the central bank, rates at 14:15 CET.") from
#: counting. No page of ../shared/eval/html-articles or metadata-articles changes its body
#: with it (bench/extraction.py --set html).
TABLE_PROSE_MIN_WORDS = 8
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?:\s|$)")


def _is_prose(text: str) -> bool:
    """True when ``text`` reads as prose: :data:`TABLE_PROSE_MIN_WORDS` words or more, and a
    sentence end (``.``, ``!`` or ``?``, closing quotes or brackets after it) followed by a
    space or the end. A row of figures or names is not, whatever its length."""
    return len(text.split()) >= TABLE_PROSE_MIN_WORDS \
        and _SENTENCE_END.search(text) is not None


def _refuse_table_only(kept: list[Block]) -> None:
    """Raise ``ExtractionError`` (kind ``no_article``) when the body found is table rows and
    nothing else reads as prose: a page of exchange rates or a league table with its title is
    data, not an article. A row counts as prose when one of its cells does (a layout table
    that holds the article's text in its cells); an article with a table in it keeps the
    table's rows as body (issue 12 item 4)."""
    rows = [b for b in kept if b.tag == "tr"]
    if not rows:
        return
    for block in kept:
        cells = block.text.split(" | ") if block.tag == "tr" else (block.text,)
        if any(_is_prose(cell) for cell in cells):
            return
    raise ExtractionError(f"the page's body is only a data table ({len(rows)} row"
                          f"{'s' if len(rows) != 1 else ''}) with no paragraph of prose: "
                          "not an article")


def _figure_inside(figure, container) -> bool:
    return any(a is container for a in figure.iterancestors())


def _result_block(block: Block) -> TextBlock:
    return TextBlock(block.text, block.kind or "other", block.element)
