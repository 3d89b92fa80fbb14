"""Polite web fetching with httpx: robots.txt, a per-host rate limit, retries, timeouts, a size cap.

:class:`Fetcher` is the one entry point. Its :meth:`Fetcher.fetch` returns a
:class:`~dateline.sources.page.RawPage` and never raises for a page's problem: a refused, failed or
oversized page comes back with ``error`` set (a :class:`FetchError`, :class:`RobotsDisallowedError`
or ``InputTooLargeError``), so that a batch reports it and goes on.

Politeness, following RFC 9309 (robots.txt) and common crawler practice:
- robots.txt is read once per host (``scheme://host:port``) and honoured for our user-agent token
  ``dateline``; a robots.txt that answers 4xx allows everything, one that answers 5xx or cannot be
  reached after retries disallows the host (RFC 9309, section 2.3.1);
- requests to one host are spaced by at least ``min_interval`` seconds, or by the host's
  ``Crawl-delay`` when that is longer;
- redirects are followed by hand, at most ``max_redirects`` (5), and each target's robots.txt is
  checked too;
- 429, 500, 502, 503, 504, timeouts and connection errors are retried ``retries`` times with
  exponential backoff (``backoff * 2**attempt`` seconds, capped at ``max_backoff``), or after the
  server's ``Retry-After`` (seconds or an HTTP date; same cap): :mod:`dateline.retry`, the
  policy the alert webhooks use too. ``Fetcher.from_settings(settings.fetch)`` takes every knob
  from the settings (:class:`dateline.config.FetchSettings`).
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
import time
import urllib.robotparser
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import httpx

from dateline import __version__, retry
from dateline.errors import (
    FetchError,
    InputTooLargeError,
    RobotsDisallowedError,
    UnreadableInputError,
)
from dateline.sources.page import RawPage, content_type_charset

if TYPE_CHECKING:
    from dateline.config import FetchSettings

log = logging.getLogger(__name__)

#: The token robots.txt rules are matched against.
ROBOTS_TOKEN = "dateline"
#: Sent with every request: names dateline, its version and where to read about it.
USER_AGENT = f"dateline/{__version__} (+https://github.com/dateline-news/dateline)"
#: Statuses worth retrying: rate limited or a temporary server failure.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Redirect statuses followed (by hand, so that each target's robots.txt is checked).
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Redirects followed before giving up.
MAX_REDIRECTS = 5
#: A character that no host name holds, in any spelling (RFC 3986's reg-name, IDNA labels, an
#: IPv6 literal): white space, controls and the delimiters URLs never carry unescaped.
_BAD_HOST_CHARACTER = re.compile(r'[\s\x00-\x1f\x7f<>"{}|\\^`]')


class Fetcher:
    """A polite HTTP client for pages, feeds and sitemaps.

    Times are seconds: ``min_interval`` between two requests to one host, ``connect_timeout`` and
    ``read_timeout`` (the latter per read of the socket), ``backoff`` the first retry's wait.
    ``max_bytes`` caps a response body: the download stops at the first byte past it. ``client``
    lets tests pass their own ``httpx.Client``; ``sleep`` and ``clock`` their own time. Safe to
    share between threads (one lock per host keeps the spacing).
    """

    def __init__(self, *, user_agent: str = USER_AGENT, min_interval: float = 1.0,
                 retries: int = 3, backoff: float = 0.5, max_backoff: float = 30.0,
                 connect_timeout: float = 10.0, read_timeout: float = 30.0,
                 max_bytes: int = 10 * 1024 * 1024, max_redirects: int = MAX_REDIRECTS,
                 threads: int = 8, respect_robots: bool = True,
                 client: httpx.Client | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.user_agent = user_agent
        self.min_interval = min_interval
        self.policy = retry.RetryPolicy(retries=retries, backoff=backoff,
                                        max_backoff=max_backoff)
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.threads = threads
        self.respect_robots = respect_robots
        self._sleep, self._clock = sleep, clock
        timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self._client = client or httpx.Client(
            timeout=timeout, follow_redirects=False,
            headers={"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml,"
                     "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"})
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._unreadable: dict[str, str] = {}  # origin -> why its robots.txt failed
        self._last: dict[str, float] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    @classmethod
    def from_settings(cls, fetch: FetchSettings, max_bytes: int | None = None,
                      **kwargs: Any) -> Fetcher:
        """A fetcher with the knobs of ``settings.fetch`` (delays, retries, timeouts, redirects,
        threads) and the page cap ``max_bytes`` (default: the constructor's); ``kwargs`` go to
        the constructor as they are (``client``, ``sleep``, ...)."""
        if max_bytes is not None:
            kwargs["max_bytes"] = max_bytes
        return cls(min_interval=fetch.min_interval, retries=fetch.retries,
                   backoff=fetch.backoff, max_backoff=fetch.max_backoff,
                   connect_timeout=fetch.connect_timeout, read_timeout=fetch.read_timeout,
                   max_redirects=fetch.max_redirects, threads=fetch.threads, **kwargs)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    # -- public -----------------------------------------------------------------------------

    def fetch(self, url: str) -> RawPage:
        """Fetch one page politely and return it; never raises for the page's own failure.

        The page's ``source`` is ``url`` as given, its ``url`` the address after redirects, its
        ``format`` ``"html"`` or ``"text"`` from the Content-Type (``None`` when unstated).
        A URL that cannot be parsed, is not http or https (a feed's ``file:///etc/passwd``
        link failed as "robots.txt could not be read"), names no host or a host with white
        space, a control character or one of ``<>"{}|\\^`` in it gives an
        ``UnreadableInputError`` page.
        """
        try:
            parts = urlsplit(url)
            if parts.scheme.lower() not in ("http", "https"):
                raise ValueError(f"the scheme {parts.scheme!r} is not http or https"
                                 if parts.scheme else "no http:// or https:// scheme")
            if not parts.hostname or parts.port == 0:  # .port raises past 65535
                raise ValueError("no host name" if not parts.hostname else "port 0")
            if _BAD_HOST_CHARACTER.search(parts.hostname):
                raise ValueError(f"the host name {parts.hostname!r} holds a character no host "
                                 "name can")
        except ValueError as exc:  # "Invalid IPv6 URL", "Port out of range 0-65535"
            return RawPage(source=url, data=b"", url=url,
                           error=UnreadableInputError(f"{url}: not a valid URL ({exc})"))
        try:
            if not self.allowed(url):
                why = self._unreadable.get(_origin(url))
                raise RobotsDisallowedError(
                    f"{_origin(url)}/robots.txt could not be read ({why}): not fetching {url}"
                    if why else f"robots.txt of {_origin(url)} disallows {url}")
            status, headers, body, final = self.get(url, robots=True)
            if status >= 400:
                raise FetchError(f"{url}: HTTP {status}")
        except (FetchError, InputTooLargeError) as exc:
            return RawPage(source=url, data=b"", url=url, error=exc)
        mime = headers.get("content-type", "").split(";")[0].strip().lower()
        fmt = "html" if "html" in mime else "text" if mime == "text/plain" else None
        return RawPage(source=url, data=body, url=final, format=fmt,
                       charset=content_type_charset(headers.get("content-type", "")))

    def fetch_all(self, urls: Iterable[str], threads: int | None = None) -> Iterator[RawPage]:
        """Fetch ``urls`` with up to ``threads`` (default: the fetcher's ``threads``) requests at
        once and yield the pages in the
        order given. Politeness holds across threads: requests to one host still take turns
        ``min_interval`` apart, so the threads only overlap requests to different hosts. At most
        ``4 * threads`` pages are held waiting for their turn to be yielded."""
        urls = iter(urls)
        threads = threads or self.threads
        with ThreadPoolExecutor(max_workers=max(1, threads),
                                thread_name_prefix="dateline-fetch") as pool:
            pending: deque = deque(pool.submit(self.fetch, u)
                                   for u in itertools.islice(urls, 4 * max(1, threads)))
            while pending:
                page = pending.popleft().result()
                for url in itertools.islice(urls, 1):
                    pending.append(pool.submit(self.fetch, url))
                yield page

    def allowed(self, url: str) -> bool:
        """Return whether robots.txt lets dateline fetch ``url`` (always true when robots.txt
        is not respected). Reads the host's robots.txt on first use."""
        if not self.respect_robots:
            return True
        parser = self._robots_for(_origin(url))
        return parser is None or parser.can_fetch(ROBOTS_TOKEN, url)

    def get(self, url: str, *, robots: bool = False) -> tuple[int, dict[str, str], bytes, str]:
        """GET ``url`` with spacing, retries and the size cap, following up to
        ``max_redirects`` redirects; with ``robots`` every redirect target is checked
        against its host's robots.txt (the first URL is the caller's to check).

        Returns ``(status, headers with lower-case names, body, final URL)``; the status is the
        last one seen (a 4xx, or a retryable one once retries are spent). Raises
        :class:`FetchError` on network failure, timeout after retries or too many redirects,
        :class:`RobotsDisallowedError` for a refused redirect target and
        ``InputTooLargeError`` when the body passes ``max_bytes``.
        """
        for _ in range(self.max_redirects + 1):
            status, headers, body, final = self._get_retrying(url)
            location = headers.get("location")
            if status not in REDIRECT_STATUSES or not location:
                return status, headers, body, final
            target = urljoin(url, location)
            if urlsplit(target).scheme not in ("http", "https"):
                raise FetchError(f"{url}: redirected to {target}, which is not http(s)")
            if robots and not self.allowed(target):
                raise RobotsDisallowedError(
                    f"{url} redirects to {target}, which robots.txt of {_origin(target)} "
                    "disallows")
            url = target
        raise FetchError(f"{url}: more than {self.max_redirects} redirects")

    def _get_retrying(self, url: str) -> tuple[int, dict[str, str], bytes, str]:
        def attempt() -> tuple[int, dict[str, str], bytes, str]:
            self._wait_turn(url)
            return self._get_once(url)

        try:
            return retry.call(attempt, self.policy, what=url,
                              retry_status=RETRY_STATUSES.__contains__,
                              status=lambda answer: answer[0], headers=lambda answer: answer[1],
                              errors=(httpx.HTTPError,), sleep=self._sleep)
        except httpx.TimeoutException as exc:
            raise FetchError(f"{url}: timed out ({type(exc).__name__}) after "
                             f"{self.policy.retries + 1} attempts") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc

    # -- internals --------------------------------------------------------------------------

    def _get_once(self, url: str) -> tuple[int, dict[str, str], bytes, str]:
        with self._client.stream("GET", url) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise InputTooLargeError(
                    f"{url}: the page is {declared} bytes, over the limit of {self.max_bytes}")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise InputTooLargeError(
                        f"{url}: the page passed the limit of {self.max_bytes} bytes")
                chunks.append(chunk)
            return response.status_code, headers, b"".join(chunks), str(response.url)

    def _wait_turn(self, url: str) -> None:
        origin = _origin(url)
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:
            interval = self.min_interval
            robots = self._robots.get(origin)
            delay = robots.crawl_delay(ROBOTS_TOKEN) if robots is not None else None
            if delay:
                interval = max(interval, float(delay))
            last = self._last.get(origin)
            if last is not None:
                wait = last + interval - self._clock()
                if wait > 0:
                    self._sleep(wait)
            self._last[origin] = self._clock()

    def _robots_for(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        with self._guard:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:  # one thread reads a host's robots.txt; the others wait for it
            if origin not in self._robots:
                self._robots[origin] = self._read_robots(origin)
        return self._robots[origin]

    def _read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """Parse ``origin``'s robots.txt; ``None`` allows all. Unreachable disallows all."""
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            status, _, body, _ = self.get(origin + "/robots.txt")
        except (FetchError, InputTooLargeError) as exc:
            log.warning("cannot read %s/robots.txt (%s): not fetching from that host", origin, exc)
            self._unreadable[origin] = str(exc)
            parser.disallow_all = True  # type: ignore[attr-defined]  # not in typeshed
            return parser
        if 400 <= status < 500:
            return None
        if status >= 500:
            log.warning("%s/robots.txt answers HTTP %d: not fetching from that host", origin,
                        status)
            self._unreadable[origin] = f"HTTP {status}"
            parser.disallow_all = True  # type: ignore[attr-defined]  # not in typeshed
            return parser
        parser.parse(body.decode("utf-8", "replace").splitlines())
        return parser


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
