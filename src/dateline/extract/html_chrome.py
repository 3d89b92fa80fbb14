"""In-article chrome of the HTML path: the text-shape rules that name body candidates as chrome
(link teasers, chrome-shaped lines at the body's edges, teaser labels).
"""

from __future__ import annotations

import re
from functools import cache

from dateline import datafiles
from dateline.extract.boilerplate import name_kind
from dateline.extract.html_blocks import Block
from dateline.extract.lines import phrase_hits, phrase_tables

#: Shapes of chrome lines (``_chrome_shape``). The word limits were set on
#: ../shared/eval/html-articles (all 127 pages; bench/README.md): contact and copyright lines run
#: to 40 words. (Dropping short stubs at the edges, "Print Article", cost more than it gained.)
_URL_LINE = re.compile(r"^(?:[\w .'\u2019-]{0,30}:\s*)?(?:https?://|www\.)\S+$")
_LABELLED_URL = re.compile(r"^[\w .'\u2019-]{1,30}:\s*(?:https?://|www\.)\S+$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_COPYRIGHT = re.compile(r"(?:^|\s)(?:\u00a9|\(c\)|copyright\b)", re.I)
EDGE_CHROME_MAX_WORDS = 40
#: A block that is only the label of an advert slot.
_AD_LABEL = re.compile(r"^\W*(?:advert(?:isement)?|ad|anzeige|werbung|publicidade|publicidad|"
                       r"publicit[ée]|pubblicit[àa]|sponsored(?: content)?|reklame)\W*$", re.I)
#: A line opening with a teaser label (data/teaser_labels.txt) is a teaser up to this length.
TEASER_MAX_WORDS = 30
EDGE_MIN_PHRASES = 2
#: A body block of at most this many words, with at least this share of its text in links and
#: no sentence end, is a related-story teaser. Set on ../shared/eval/html-articles (all 127
#: pages; F1 see bench/README.md).
LINK_TEASER_MAX_WORDS = 20
LINK_TEASER_MIN_SHARE = 0.8

_WORD = re.compile(r"\w+")


def norm(text: str) -> str:
    """Return the matching key of a text: white space dropped (a drop capital printed apart,
    "M uch", still matches "Much"; spacing between inline elements does not matter)."""
    return "".join(text.split())


def is_link_teaser(block: Block) -> bool:
    """A short block whose text is all link and which does not end a sentence: a related-story
    teaser or a menu entry, not prose."""
    return (block.words <= LINK_TEASER_MAX_WORDS
            and not block.text.rstrip().endswith((".", "!", "?", ":", "\u201d", '"'))
            and block.link_share >= LINK_TEASER_MIN_SHARE)


def _strong_phrases() -> frozenset[str]:
    return phrase_tables()[2]


@cache
def _teaser_label() -> re.Pattern:
    labels = datafiles.lines("dateline.extract", "teaser_labels.txt")
    alternatives = "|".join(re.escape(label).replace("'", "['\u2019]")
                            for label in sorted(labels, key=len, reverse=True))
    upper = "|".join(re.escape(label.upper()).replace("'", "['\u2019]")
                     for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"^\s*(?i:{alternatives})\s*(?::|\u2013|\u2014|-|\|)\s*\S"
                      rf"|^\s*(?i:also on) [\w.-]+\.\w+\b|^\s*(?:{upper})\s+\S")


@cache
def _teaser_label_alone() -> re.Pattern:
    labels = datafiles.lines("dateline.extract", "teaser_labels.txt")
    alternatives = "|".join(re.escape(label).replace("'", "['\u2019]")
                            for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"^\s*(?:{alternatives})\s*[:.\u2026]?\s*$", re.I)


def _chrome_shape(text: str, at_edge: bool) -> str | None:
    """Return a boilerplate kind for a block whose shape is chrome, else ``None``.

    Anywhere: a labelled link ("Listen: http://..."), a teaser line opening with a label of
    ``data/teaser_labels.txt`` ("Related: ...") or such a label alone ("Mehr zum Thema"), or an
    advert slot's label. At the top or bottom of the body also: a bare link, a contact line with
    an e-mail address, a copyright line, or a line of at most ``EDGE_CHROME_MAX_WORDS`` words
    with a strong chrome phrase or at least ``EDGE_MIN_PHRASES`` chrome phrases of the shared
    boilerplate model.
    """
    if _LABELLED_URL.match(text) or (at_edge and _URL_LINE.match(text)):
        return "social"
    if len(text.split()) <= TEASER_MAX_WORDS and _teaser_label().match(text):
        return "related"
    if _teaser_label_alone().match(text):  # "Mehr zum Thema" over a list of teaser links
        return "related"
    if _AD_LABEL.match(text):
        return "advert"
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


