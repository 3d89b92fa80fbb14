"""Small helpers over parsed HTML shared by the metadata modules: white space and element text."""

from __future__ import annotations

import html
import re

from lxml import etree

#: An element's text content, as one string (lxml's compiled ``string()``).
element_string = etree.XPath("string()")


def clean_text(text: str | None) -> str:
    """Return ``text`` with runs of white space (including no-break spaces) made one space."""
    return " ".join(text.split()) if text else ""


#: an HTML tag or comment left in a string ("<b>", "</span>", "<br/>", "<!-- x -->")
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>", re.S)


def markup_free(text: str | None) -> str:
    """Return a string taken from a page's data (a JSON-LD value, which no HTML parser has
    read) as a reader would see it: character references unescaped once (``&amp;`` -> ``&``,
    ``&lt;b&gt;`` -> ``<b>``), HTML tags and comments removed, white space made single spaces
    (:func:`clean_text`). ``"Ola &lt;b&gt;Berg"`` -> ``"Ola Berg"``. A ``<`` that opens no tag
    ("fares < 5") is kept."""
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    return clean_text(text)


def element_text(element) -> str:
    """Return the visible text of an lxml element, its pieces joined by single spaces."""
    return clean_text(" ".join(element.itertext()))


def ancestors_at(element, levels: tuple[int, ...]):
    """Yield the ancestors of ``element`` that are ``levels`` (ascending) generations up,
    nearest first, stopping at ``body`` or ``html``: the scopes a byline or timestamp beside
    the headline is looked for in."""
    node = element
    for level in range(1, levels[-1] + 1):
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            return
        if level in levels:
            yield node
