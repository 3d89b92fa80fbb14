"""Lines repeated across the pages of one site in a batch: strong evidence of site chrome.

A site's menus, footers, newsletter boxes and donation appeals come back on its every page; the
article does not. :class:`SiteLines` counts, per site, on how many distinct pages of a batch each
line stands. The text path takes the repeated lines of a page's site as an argument
(``extract_text(text, repeated=...)``), so extracting one page stays a pure function of its
input; :func:`dateline.pipeline.process_batch` runs the two passes over a batch.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

#: A line on at least this many distinct pages of one site is repeated chrome.
MIN_PAGES = 2
#: Lines shorter than this (characters) are not counted: "Share", "1", "Advertisement" are
#: chrome or not by their own shape, and counting them costs memory.
MIN_CHARS = 3


def site_of(url: str | None) -> str | None:
    """Return the site of a page address: its host name, lower case, without ``www.``; ``None``
    for no address or one without a host (``"page.txt"``)."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def _lines(text: str) -> set[str]:
    out = set()
    for piece in text.split("\n"):
        line = " ".join(piece.split())
        if len(line) >= MIN_CHARS:
            out.add(line)
    return out


class SiteLines:
    """Counts of the lines of a batch's pages, per site.

    ``add(site, text)`` counts each distinct non-blank line (white space collapsed, as
    :func:`dateline.extract.lines.split_lines` gives it) once per page; a page whose text was
    already added for that site (an exact copy) is not counted again. ``repeated(site)`` returns
    the lines seen on at least ``min_pages`` pages of ``site``; pages without a site (``None``)
    are never counted.
    """

    def __init__(self, min_pages: int = MIN_PAGES) -> None:
        self.min_pages = min_pages
        self._counts: dict[str, dict[str, int]] = {}
        self._seen: dict[str, set[bytes]] = {}

    def add(self, site: str | None, text: str) -> None:
        """Count the lines of one page of ``site``."""
        if site is None:
            return
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        seen = self._seen.setdefault(site, set())
        if digest in seen:
            return
        seen.add(digest)
        counts = self._counts.setdefault(site, {})
        for line in _lines(text):
            counts[line] = counts.get(line, 0) + 1

    def repeated(self, site: str | None) -> frozenset[str]:
        """Return the lines on at least ``min_pages`` distinct pages of ``site``."""
        counts = self._counts.get(site) if site is not None else None
        if not counts:
            return frozenset()
        return frozenset(line for line, n in counts.items() if n >= self.min_pages)
