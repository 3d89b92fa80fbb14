"""Telling HTML pages from plain-text scrapes."""

from __future__ import annotations

import re

_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|div|p|article|meta|span|a\s|br|script)\b",
                  re.I)
#: A page is HTML when its first 8,000 characters hold at least this many common tags. A text
#: scrape that quotes a tag or two (a story about HTML) stays below it.
_MIN_TAGS = 5


def detect_format(text: str) -> str:
    """Return ``"html"`` or ``"text"`` for a decoded page."""
    head = text[:8000]
    if re.match(r"\s*<(?:!doctype\s+html|html)\b", head, re.I):
        return "html"
    return "html" if len(_TAG.findall(head)) >= _MIN_TAGS else "text"
