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
    article = extract_page(page, format=format, max_bytes=settings.max_page_bytes)
    if nlp:
        article = understand_articles([article], settings)[0]
    return article


def understand_articles(articles: list[Article], settings: Settings) -> list[Article]:
    """Run the understanding stage on a batch of articles (placeholder until it exists)."""
    return articles


def process_many(pages: Iterable[RawPage], settings: Settings, *, format: str = "auto",
                 nlp: bool = True) -> Iterator[tuple[RawPage, Article | DatelineError]]:
    """Yield ``(page, record or error)`` for each page, in input order; a failure never stops
    the batch. Errors that are not ``DatelineError`` (bugs) are logged and reported as kind
    ``internal`` so that the batch still goes on and nothing is lost."""
    for page in pages:
        if page.error is not None:
            yield page, page.error
            continue
        try:
            yield page, process(page, settings, format=format, nlp=nlp)
        except DatelineError as exc:
            yield page, exc
        except Exception as exc:  # noqa: BLE001 - one bad page must not end the batch
            log.exception("internal error on %s", page.source)
            error = DatelineError(f"internal error: {type(exc).__name__}: {exc}")
            error.kind = "internal"
            yield page, error
