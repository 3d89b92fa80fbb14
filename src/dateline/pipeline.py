"""The stages of dateline, listed in one place, and the local runner over many pages.

A stage is a function ``Article -> Article`` (extraction turns a raw page into the first
Article). :func:`process` runs the stages in order on one page; it is a pure function of its input
and settings, so the local runner and the Spark job share it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from dateline.config import Settings
from dateline.errors import DatelineError
from dateline.extract import extract_page
from dateline.model import Article
from dateline.sources.page import RawPage

log = logging.getLogger(__name__)


def process(page: RawPage, settings: Settings, *, format: str = "auto", nlp: bool = True
            ) -> Article:
    """Run every stage on one page and return its record.

    ``nlp=False`` skips the understanding stage (entities, quotes, dates). Raises the
    ``DatelineError`` subclass that names what went wrong with this page.
    """
    article = extract_page(page, format=format, max_bytes=settings.max_page_bytes,
                           time_limit=settings.page_time_limit)
    if nlp:
        article = understand_articles([article], settings)[0]
    return article


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
    size = max(1, settings.nlp_batch_size) if nlp else 1
    batch: list[tuple[RawPage, Article | DatelineError]] = []
    for page in pages:
        batch.append((page, page.error if page.error is not None
                      else _guard(page, lambda p=page: process(p, settings, format=format,
                                                               nlp=False))))
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
        yield page, next(results) if isinstance(result, Article) else result


def _guard(page: RawPage, step):
    """Return ``step()``, or the error it raised as a ``DatelineError`` (kind ``internal`` for
    anything else, logged)."""
    try:
        return step()
    except DatelineError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - one bad page must not end the batch
        log.exception("internal error on %s", page.source)
        error = DatelineError(f"internal error: {type(exc).__name__}: {exc}")
        error.kind = "internal"
        return error
