"""Article recovery on HTML: which of a page's blocks are the article body.

Our own method, on the blocks of :mod:`dateline.extract.html_blocks`:

1. the article container is found by prose: every block of prose (a paragraph-like element of
   at least ``PROSE_MIN_CHARS`` code points, little link text) counts its length towards each
   element around it, and every block its length towards the element's text; the container is
   the element with the most prose less ``OTHER_TEXT_WEIGHT`` times its other text (so a wrapper
   that adds menus and teasers to the article scores lower than the article's own element).
   Elements marked as chrome (``div#comments``, ``aside``) are never the container;
2. the blocks inside the container are the body, except those inside chrome below the container:
   tags (``nav``, ``aside``, ``footer``, ``form``) and class or id parts
   (``data/markup_kinds.json``: ``related``, ``newsletter``, ``share``, ``comments``, ...);
   captions and credits go to the images;
3. the other chunks of a body split over several containers of one class (``div.article__body``
   repeated between adverts) are added.

Text-shape rules (teasers, strong chrome phrases, chrome lines at the edges) are applied after, by
:mod:`dateline.extract.html_chrome`.
"""

from __future__ import annotations

from dateline.extract.html_blocks import Block, PageWalk

#: Weight of the text that is not prose (menus, teasers, headings, captions) against the prose
#: an element holds. Set on ../shared/eval/html-articles (all 127 pages, extract_html): F1 0.9700
#: at 0.3, 0.9685 at 0.5 and 1.0.
OTHER_TEXT_WEIGHT = 0.3
#: An element that starts this many code points of text after the headline scores half.
HEADLINE_GAP_CHARS = 1500
#: The container grows to its parent when that adds at least this share of its prose ...
EXPAND_MIN_GAIN = 0.15
#: ... and at most this many code points of other text per code point of prose it adds.
EXPAND_OTHER_WEIGHT = 0.1
#: Paragraphs of a split body's other chunks are added when at least this many words long.
SPLIT_BODY_MIN_WORDS = 8
SPLIT_BODY_MAX_LINK_SHARE = 0.5
#: A split-body paragraph with a chrome mark this many levels up or nearer is not added.
SPLIT_MARK_LEVELS = 6


#: A chrome mark on an element holding at least this share of the page's prose is a page
#: wrapper's class ("page has-ads"), not chrome. Set on ../shared/eval/html-articles (all 127).
WRAPPER_PROSE_SHARE = 0.5


def void_wrapper_marks(walk: PageWalk, body, h1) -> None:
    """Drop, in place, the marks of elements that wrap the article rather than sit beside it:
    those holding the headline, or at least ``WRAPPER_PROSE_SHARE`` of the page's prose."""
    total = walk.prose.get(body, (0, 0, 0))[0]
    heads = set(h1.iterancestors()) if h1 is not None else set()
    floor = WRAPPER_PROSE_SHARE * total if total else float("inf")
    void = {e for e in walk.marked
            if e in heads or walk.prose.get(e, (0, 0, 0))[0] >= floor}
    walk.marked -= void
    if void:
        for block in walk.blocks:
            if block.marks:
                block.marks = tuple(m for m in block.marks if m[2] not in void)


def choose_container(walk: PageWalk, body, h1=None):
    """Return ``(element, depth)`` of the article container (see the module docstring), or
    ``(body, 0)`` when the page has no prose."""
    h1_at = None
    if h1 is not None:
        h1_at = next((b.index for b in walk.blocks if b.element is h1), None)
    best, best_score = None, 0.0
    for element, score in walk.direct.items():
        if element in walk.marked or element not in walk.prose:
            continue
        first = walk.prose[element][3]
        if h1_at is not None and first > h1_at:
            score /= 1 + (walk.chars[first] - walk.chars[h1_at + 1]) / HEADLINE_GAP_CHARS
        if score > best_score:
            best, best_score = element, score
    if best is None:
        return body, 0
    prose, text, depth, _ = walk.prose[best]
    node = best
    while True:
        parent = node.getparent()
        if parent is None or parent in walk.marked or parent not in walk.prose:
            break
        p_prose, p_text, p_depth, _ = walk.prose[parent]
        gain = p_prose - prose
        other = (p_text - p_prose) - (text - prose)
        if gain < EXPAND_MIN_GAIN * prose or other > EXPAND_OTHER_WEIGHT * gain:
            if gain or other:
                break
        node, prose, text, depth = parent, p_prose, p_text, p_depth
    return node, depth


def inside(block: Block, container, depth: int) -> bool:
    """Return True when ``block``'s element is ``container`` or lies below it (``depth`` is the
    container's depth)."""
    element = block.element
    for _ in range(block.depth - depth):
        element = element.getparent()
        if element is None:
            return False
    return element is container


def chrome_mark(block: Block, depth: int) -> str | None:
    """The kind of the outermost chrome mark around ``block`` below ``depth`` (the container's),
    else ``None``."""
    for mark_depth, kind, _ in block.marks:
        if mark_depth > depth:
            return kind
    return None


def outer_mark(block: Block) -> str | None:
    """The kind of the innermost mark around ``block`` anywhere on the page, else ``None``."""
    return block.marks[-1][1] if block.marks else None


def select_body(walk: PageWalk, container, depth: int) -> list[Block]:
    """Return the body candidates: the blocks inside ``container`` not under chrome marks below
    it (those get the mark's kind), in page order."""
    body, held = [], []
    for block in walk.blocks:
        if not inside(block, container, depth):
            continue
        kind = chrome_mark(block, depth)
        if kind is not None:
            block.kind = kind
            held.append(block)
            continue
        body.append(block)
    signature = body_signature(body)
    if signature is not None:
        for block in held:
            if block.kind not in ("caption", "comments") and _signature(block) == signature:
                block.kind = None
                body.append(block)
        body.sort(key=lambda b: b.index)
    return body


def _signature(block: Block) -> str | None:
    cls = block.element.get("class")
    return cls.split()[0] if cls and cls.strip() else None


def body_signature(body: list[Block]) -> str | None:
    """The first class most of the body's prose blocks share (``zn-body__paragraph``), if any:
    a block with it is body even inside a box marked as chrome (a "read more" box that holds the
    rest of the story), unless the box is comments."""
    counts: dict[str, int] = {}
    for block in body:
        key = _signature(block)
        if key and block.words >= SPLIT_BODY_MIN_WORDS:
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return None
    key, count = max(counts.items(), key=lambda kv: kv[1])
    return key if count >= 3 else None


def split_body_chunks(walk: PageWalk, body: list[Block], container, depth: int) -> list[Block]:
    """Return the blocks of the other chunks of a body split over several containers that share
    the tag and class of the body paragraphs' parent (``div.article__body`` repeated between
    adverts), outside ``container``, with at least ``SPLIT_BODY_MIN_WORDS`` words and no chrome
    mark or link-heavy text."""
    parents = [b.element.getparent() for b in body if b.tag == "p" and b.kind is None]
    parents = [p for p in parents if p is not None]
    if len(parents) < 2:
        return []
    counts: dict = {}
    for element in parents:  # counted once each: parents.count per parent was quadratic
        counts[element] = counts.get(element, 0) + 1
    parent = max(counts, key=counts.__getitem__)  # the first of equals: deterministic
    cls = parent.get("class")
    if not cls or counts[parent] < 2:
        return []
    added = []
    for block in walk.blocks:
        if block.tag != "p" or block.kind is not None:
            continue
        chunk = block.element.getparent()
        if chunk is None or chunk is parent or chunk.tag != parent.tag \
                or chunk.get("class") != cls or inside(block, container, depth):
            continue
        if (block.words >= SPLIT_BODY_MIN_WORDS and block.link_share < SPLIT_BODY_MAX_LINK_SHARE
                and chrome_mark(block, block.depth - SPLIT_MARK_LEVELS) is None):
            added.append(block)
    return added
