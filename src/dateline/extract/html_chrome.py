"""In-article chrome of the HTML path: the page's own text blocks, and the rules that name
extracted blocks as chrome (link teasers, chrome markup, chrome-shaped lines at the body's edges,
teaser labels) or add what the extractor missed (the other chunks of a split body).

Every block is matched to the page by :func:`norm`, its lower-case word characters.
"""

from __future__ import annotations

import re
from functools import cache

from lxml import etree

from dateline import datafiles
from dateline.extract.boilerplate import name_kind, strong_kind
from dateline.extract.lines import phrase_hits, phrase_tables
from dateline.extract.metadata import clean_text, element_text

_BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "pre", "dd", "dt", "li", "blockquote")
#: Blocks under these are not body text (captions belong to ``images``).
_NOT_TEXT = ("figure", "figcaption", "noscript", "template", "script")
STRING = etree.XPath("string()")


@cache
def _same_class(tag: str) -> etree.XPath:
    """An XPath finding the ``tag`` elements of the page whose class is ``$cls``."""
    return etree.XPath(f"//{tag}[@class = $cls]")
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
#: A body block of at most this many words, with at least this share of its text in links and
#: no sentence end, is a related-story teaser. Set on ../shared/eval/html-articles (all 127
#: pages; F1 see bench/README.md).
LINK_TEASER_MAX_WORDS = 20
LINK_TEASER_MIN_SHARE = 0.8
#: Paragraphs of a split body's other chunks are added when at least this many words long.
SPLIT_BODY_MIN_WORDS = 8
SPLIT_BODY_MAX_LINK_SHARE = 0.5


@cache
def _kind_hints() -> tuple[tuple[str, frozenset[str]], ...]:
    """``(kind, class/id parts)`` from ``data/markup_kinds.json``, in file order."""
    raw = datafiles.json_data("dateline.extract", "markup_kinds.json")
    return tuple((kind, frozenset(parts)) for kind, parts in raw["kinds"].items())


#: How many elements up from a kept block (itself included) are looked at for chrome markup.
MARKUP_DEPTH = 4
_WORD = re.compile(r"\w+")


def norm(text: str) -> str:
    """Return the matching key of a text: white space dropped (a drop capital printed apart,
    "M uch", still matches "Much"; spacing between inline elements does not matter)."""
    return "".join(text.split())


def kind_from_markup(element) -> str | None:
    for node in [element, *element.iterancestors()][:6]:
        kind = _hint(node)
        if kind:
            return kind
    return None


class PageBlocks:
    """The text blocks of the original page (paragraphs, headings, list items, quotes), in page
    order, outside figures and scripts, with a lookup from normalised text to position."""

    def __init__(self, tree) -> None:
        self.items: list[tuple[str, str, object]] = []
        self.position: dict[str, int] = {}
        body = tree.find("body")
        if body is None:
            return
        hidden = {e for box in body.iter(_NOT_TEXT) for e in box.iter(_BLOCK_TAGS)}
        for element in body.iter(_BLOCK_TAGS):
            if element in hidden:
                continue
            if element.tag in ("li", "blockquote") and element.find(".//p") is not None:
                continue
            raw = STRING(element)
            key = norm(raw)
            if key:
                self.position.setdefault(key, len(self.items))
                self.items.append((raw, key, element))

    def element(self, text: str):
        """Return the page element of a block text, or ``None``."""
        pos = self.position.get(norm(text))
        return None if pos is None else self.items[pos][2]


def _link_share(element) -> float:
    """Return the share of an element's text (code points) that sits inside links."""
    total = len(element_text(element))
    linked = sum(len(element_text(a)) for a in element.iter("a"))
    return linked / total if total else 0.0


def is_link_teaser(text: str, element) -> bool:
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
    for kind, words in _kind_hints():
        if parts & words:
            return kind
    return None


def markup_kinds(page: PageBlocks, blocks: list[str], kinds: list[str | None]) -> None:
    """Name, in place, the kept blocks that sit inside chrome markup (a ``newsletter``,
    ``related`` or ``share`` box: ``data/markup_kinds.json``) below the body's own container."""
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
    labels = datafiles.lines("dateline.extract", "teaser_labels.txt")
    alternatives = "|".join(re.escape(label).replace("'", "['\u2019]")
                            for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"^\s*(?:{alternatives})\s*(?::|\u2013|\u2014|-|\|)\s*\S"
                      rf"|^\s*also on [\w.-]+\.\w+\b", re.I)


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


def trim_edges(blocks: list[str], kinds: list[str | None]) -> None:
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


def _merge(page: PageBlocks, paragraphs: list[str], added: list[tuple[int, str]]
           ) -> list[str]:
    """Return ``paragraphs`` with the ``(page position, text)`` blocks of ``added`` put in page
    order; a paragraph whose position is unknown keeps its place after the one before it."""
    if not added:
        return paragraphs
    keyed, last = [], -1
    for i, text in enumerate(paragraphs):
        pos = page.position.get(norm(text), -1)
        last = max(last, pos)
        keyed.append(((last, 0, i), text))
    keyed += [((pos, 1, j), text) for j, (pos, text) in enumerate(added)]
    return [text for _, text in sorted(keyed, key=lambda kt: kt[0])]


def extend_split_body(page: PageBlocks, paragraphs: list[str], skip: set[str]) -> list[str]:
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
    chunks = _same_class(parent.tag)(parent, cls=cls)
    if len(chunks) < 2:
        return paragraphs
    grand = set(parent.iterancestors())
    kept = {norm(p) for p in paragraphs}
    added = []
    for chunk in chunks:
        if chunk is parent or chunk in grand:
            continue
        shared = next((a for a in chunk.iterancestors() if a in grand), None)
        if shared is None or shared.tag in ("body", "html"):
            continue
        for element in chunk.iterfind("p"):
            text = element_text(element)
            key = norm(text)
            if (len(text.split()) >= SPLIT_BODY_MIN_WORDS and key not in kept
                    and key not in skip and strong_kind(text) is None
                    and _link_share(element) < SPLIT_BODY_MAX_LINK_SHARE
                    and kind_from_markup(element) is None):
                added.append(text)
                kept.add(key)
    return _merge(page, paragraphs, [(page.position.get(norm(t), -1), t) for t in added])


def removed_inside(page: PageBlocks, kept: list[str], skip: set[str]
                    ) -> tuple[list[tuple[str, object]], object]:
    """Return the blocks of the page between the first and the last kept body block that the
    extractor dropped, as ``(text, element)``, and the article container (or ``None``)."""
    wanted = {norm(t) for t in kept}
    hits = [i for i, (_, key, _) in enumerate(page.items) if key in wanted]
    if len(hits) < 2:
        return [], None
    first, last = hits[0], hits[-1]
    removed = [(clean_text(raw), el) for raw, key, el in page.items[first:last + 1]
               if key not in wanted and key not in skip]
    last_ancestors = set(page.items[last][2].iterancestors())
    container = next((a for a in page.items[first][2].iterancestors() if a in last_ancestors),
                     None)
    return removed, container
