"""The stages of dateline, listed in one place, and the local runner over many pages.

A stage is a function ``Article -> Article`` (extraction turns a raw page into the first
Article). :func:`process` runs the stages in order on one page; it is a pure function of its input
and settings, so the local runner and the Spark job share it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from dateline.config import Settings, using
from dateline.errors import DatelineError, InternalError
from dateline.extract import extract_page
from dateline.extract.decode import decode_page
from dateline.extract.repeats import MIN_PAGES, SiteLines, site_of
from dateline.model import Article, FailedSource, Failure, PageError
from dateline.sources.page import RawPage

log = logging.getLogger(__name__)

T = TypeVar("T")


def process(page: RawPage, settings: Settings, *, format: str = "auto", nlp: bool = True,
            repeated: frozenset[str] = frozenset()) -> Article:
    """Run every stage on one page and return its record.

    ``nlp=False`` skips the understanding stage (entities, quotes, dates). ``repeated``: lines
    that other pages of the same site hold (see :func:`process_batch`), removed as chrome by the
    text path. Raises the ``DatelineError`` subclass that names what went wrong with this page.
    """
    with using(settings):
        article = extract_page(page, format=format, max_bytes=settings.max_page_bytes,
                               repeated=repeated, time_limit=settings.page_time_limit)
    if nlp:
        article = understand_articles([article], settings)[0]
    return article


def process_batch(pages: list[RawPage], settings: Settings, *, format: str = "auto",
                  nlp: bool = True, min_pages: int = MIN_PAGES
                  ) -> list[tuple[RawPage, Article | DatelineError]]:
    """Return ``(page, record or error)`` for each page of a finite batch, in input order, using
    what the batch shows about each site: a line that stands on at least ``min_pages`` distinct
    pages of one site (the host of ``page.url``, see :func:`dateline.extract.repeats.site_of`)
    is site chrome on each of them (text pages; pages without a URL are on their own).

    Two passes: the first decodes every page and counts its lines per site
    (:class:`~dateline.extract.repeats.SiteLines`), the second runs :func:`process` on each page
    with its site's repeated lines. Failures are per page, as in :func:`process_many`.
    """
    sites = SiteLines(min_pages)
    for page in pages:
        if page.error is None and page.url:
            try:
                sites.add(site_of(page.url), decode_page(page.data, settings.max_page_bytes))
            except DatelineError:
                pass  # the second pass reports it
    return list(_process_each(pages, settings, format, nlp,
                              lambda page: sites.repeated(site_of(page.url))))


def understand_articles(articles: list[Article], settings: Settings) -> list[Article]:
    """Run the understanding stage (entities, quotes, dates) on a batch of articles with the
    spaCy pipeline ``settings.model``. spaCy is imported only here, so ``nlp=False`` never
    loads it. Raises ``ModelError`` or ``UnderstandError`` (both ``DatelineError``)."""
    from dateline.understand import understand

    return understand(articles, settings)


def process_many(pages: Iterable[RawPage], settings: Settings, *, format: str = "auto",
                 nlp: bool = True) -> Iterator[tuple[RawPage, Article | DatelineError]]:
    """Yield ``(page, record or error)`` for each page, in input order; a failure never stops
    the batch. Errors that are not ``DatelineError`` (bugs) are logged and reported as kind
    ``internal`` so that the batch still goes on and nothing is lost.

    With ``nlp`` the extracted articles are understood ``settings.nlp_batch_size`` at a time,
    so that spaCy parses across documents; an article whose understanding fails yields its own
    error and the others of its batch their records."""
    return _process_each(pages, settings, format, nlp, lambda page: frozenset())


def _process_each(pages: Iterable[RawPage], settings: Settings, format: str, nlp: bool,
                  repeated_for: Callable[[RawPage], frozenset[str]]
                  ) -> Iterator[tuple[RawPage, Article | DatelineError]]:
    """The loop of :func:`process_many` and :func:`process_batch`: :func:`process` on each
    page with the repeated lines ``repeated_for(page)``, understood in batches."""
    size = max(1, settings.nlp_batch_size) if nlp else 1
    batch: list[tuple[RawPage, Article | DatelineError]] = []
    for page in pages:
        repeated = repeated_for(page)
        if page.error is not None:  # a source problem (sources set DatelineErrors)
            batch.append((page, _source_error(page)))
        else:
            batch.append((page, _guard(page, functools.partial(
                process, page, settings, format=format, nlp=False, repeated=repeated))))
        if len(batch) >= size:
            yield from _understand_batch(batch, settings, nlp)
            batch = []
    yield from _understand_batch(batch, settings, nlp)


def _understand_batch(batch: list[tuple[RawPage, Article | DatelineError]], settings: Settings,
                      nlp: bool) -> Iterator[tuple[RawPage, Article | DatelineError]]:
    articles = [result for _, result in batch if isinstance(result, Article)]
    if not nlp or not articles:
        yield from batch
        return
    from dateline.understand import understand_each

    def run() -> list[Article | DatelineError]:
        return understand_each(articles, settings)

    understood = _guard(batch[0][0], run)
    results = iter(understood if isinstance(understood, list) else [understood] * len(articles))
    for page, result in batch:
        if isinstance(result, Article):
            done = next(results)
            if isinstance(done, DatelineError) and done.format is None:
                done.format = result.source.format
            result = done
        yield page, result


def failure_record(page: RawPage, error: DatelineError) -> Failure:
    """The record of a page that gave no article: its source with the keys of an article's
    (``format`` as :attr:`DatelineError.format` knows it, ``sha256`` of the bytes unless the
    source could not be read) and the error's kind and message."""
    source = FailedSource(uri=page.source, format=error.format,
                          sha256=page.sha256 if page.error is None else None)
    return Failure(source=source, error=PageError(kind=error.kind, message=str(error)))


def _source_error(page: RawPage) -> DatelineError:
    """The error of a page its source could not read: the source's ``DatelineError``, or an
    ``InternalError`` naming any other exception."""
    error = page.error
    assert error is not None
    return error if isinstance(error, DatelineError) else InternalError.wrap(error)


def _guard(page: RawPage, step: Callable[[], T]) -> T | DatelineError:
    """Return ``step()``, or the error it raised as a ``DatelineError`` (kind ``internal`` for
    anything else, logged)."""
    try:
        return step()
    except DatelineError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - one bad page must not end the batch
        log.exception("internal error on %s", page.source)
        return InternalError.wrap(exc)
