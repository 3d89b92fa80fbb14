"""Pages named by RSS/Atom feeds (feedparser) and XML sitemaps (lxml, sitemaps.org protocol).

:func:`feed_links` turns a feed or sitemap document into the page URLs it lists;
:func:`iter_feed` fetches a feed or sitemap URL with a :class:`~dateline.sources.fetch.Fetcher`
and then each page it lists, politely, yielding :class:`~dateline.sources.page.RawPage` objects.
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Iterator
from urllib.parse import urljoin

import feedparser
from feedparser.exceptions import ThingsNobodyCaresAboutButMe
from lxml import etree

from dateline.errors import InputTooLargeError, UnreadableInputError
from dateline.sources.fetch import Fetcher, FetchError, RobotsDisallowedError
from dateline.sources.files import read_page
from dateline.sources.page import RawPage

log = logging.getLogger(__name__)

#: Sitemap indexes are followed this many levels deep (the protocol allows one; some sites nest).
MAX_SITEMAP_DEPTH = 3

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                              recover=True)


def _ungzip(data: bytes) -> bytes:
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise UnreadableInputError(f"a gzip sitemap that cannot be read: {exc}") from exc
    return data


def parse_sitemap(data: bytes) -> tuple[list[str], list[str]] | None:
    """Return ``(page URLs, child sitemap URLs)`` of a sitemap or sitemap index, in document order,
    or ``None`` when ``data`` is not a sitemap (its root is not ``urlset`` or ``sitemapindex``).
    Gzip-compressed sitemaps are accepted; namespaces are ignored."""
    data = _ungzip(data)
    try:
        root = etree.fromstring(data.lstrip(), _XML_PARSER)
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    name = etree.QName(root).localname
    if name not in ("urlset", "sitemapindex"):
        return None
    locs = [loc.text.strip() for loc in root.xpath("./*/*[local-name()='loc']") if loc.text]
    return (locs, []) if name == "urlset" else ([], locs)


def parse_feed(data: bytes, base_url: str | None = None) -> list[str]:
    """Return the entry links of an RSS or Atom feed, in feed order, resolved against
    ``base_url``; an entry without a link is skipped. Raises ``UnreadableInputError`` when
    ``data`` has no entry and feedparser finds no feed ``version`` in it: broken XML, an empty
    file, a well-formed web page given as the feed (these two gave no page and no error). A
    feed with no entries gives ``[]`` (it failed on feedparser's ``bozo`` for a missing
    Content-Type, "no Content-type specified", which a feed read from a file always has)."""
    parsed = feedparser.parse(data, response_headers={"content-location": base_url or ""})
    if not parsed.entries and not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        reason = "the file is empty" if not data.strip() else (
            problem if problem is not None and not isinstance(problem, ThingsNobodyCaresAboutButMe)
            else "no RSS, Atom or sitemap element in it (a web page?)")  # XML's own error
        raise UnreadableInputError(
            f"{base_url or 'the document'} is not a readable RSS/Atom feed or sitemap: {reason}")
    links = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            alternates = [x.get("href") for x in entry.get("links", [])
                          if x.get("rel", "alternate") == "alternate" and x.get("href")]
            link = alternates[0] if alternates else None
        if link:
            links.append(urljoin(base_url, link) if base_url else link)
    return links


def feed_links(data: bytes, base_url: str | None = None) -> tuple[list[str], list[str]]:
    """Return ``(page URLs, child sitemap URLs)`` of a feed or sitemap document. Raises
    ``UnreadableInputError`` when it is neither."""
    sitemap = parse_sitemap(data)
    if sitemap is not None:
        return sitemap
    return parse_feed(data, base_url), []


def iter_feed(url: str, fetcher: Fetcher) -> Iterator[RawPage]:
    """Fetch the feed or sitemap at ``url`` (or read it, when ``url`` is a file path) and yield
    each page it lists, fetched with ``fetcher`` (robots.txt, rate limits and retries apply to
    the feed too).

    A page URL listed twice is fetched once. A feed or sitemap that cannot be fetched or read
    yields one page whose ``error`` says why; child sitemaps deeper than
    :data:`MAX_SITEMAP_DEPTH` are skipped with a warning.
    """
    seen: set[str] = set()
    yield from _walk(url, fetcher, seen, depth=0)


def _walk(url: str, fetcher: Fetcher, seen: set[str], depth: int) -> Iterator[RawPage]:
    if "://" in url:
        document = fetcher.fetch(url)
    else:  # a feed or sitemap saved on disk ("--feed news.xml"): its pages are fetched
        document = read_page(url, fetcher.max_bytes)
    if document.error is not None:
        yield document
        return
    try:
        pages, children = feed_links(document.data, document.url or url)
    except (UnreadableInputError, InputTooLargeError, FetchError, RobotsDisallowedError) as exc:
        yield RawPage(source=url, data=b"", url=url, error=exc)
        return
    log.info("%s lists %d pages and %d sitemaps", url, len(pages), len(children))
    fresh = [link for link in dict.fromkeys(pages) if link not in seen]
    seen.update(fresh)
    yield from fetcher.fetch_all(fresh)
    for child in children:
        if depth + 1 > MAX_SITEMAP_DEPTH:
            log.warning("skipping sitemap %s: nested deeper than %d", child, MAX_SITEMAP_DEPTH)
            continue
        yield from _walk(child, fetcher, seen, depth + 1)
