"""Extract: from a raw page to an :class:`~dateline.model.Article` (metadata, body, boilerplate).

Two paths, one record: :mod:`dateline.extract.text` for plain-text scrapes and
:mod:`dateline.extract.html` for HTML. Both return an
:class:`~dateline.extract.result.Extraction` (fields, and blocks with their kinds) and share the
boilerplate model and the metadata parsers; both end in the same Article.
"""

from __future__ import annotations

import time

from dateline.config import current
from dateline.errors import DatelineError, ExtractionError, TooSlowError, UsageError
from dateline.extract.decode import decode_page_report
from dateline.extract.detect import detect_format
from dateline.extract.language import detect_language
from dateline.extract.words import word_count
from dateline.model import Article, Source
from dateline.sources.page import RawPage

FORMATS = ("auto", "text", "html")
#: The language of a page that does not state it is told from this many code points of its body:
#: on ../shared/eval/html-articles 1,000 and 600 give the same language as 3,000 on all 127
#: pages, at 3.2 instead of 5.6 ms a page.
LANGUAGE_SAMPLE = 1000


def extract_page(page: RawPage, *, format: str = "auto", max_bytes: int | None = None,
                 repeated: frozenset[str] = frozenset(),
                 time_limit: float | None = None) -> Article:
    """Return the article record of one raw page, without the understanding stage.

    ``format`` is ``"auto"`` (detect), ``"text"`` or ``"html"``; a page's own ``format`` hint wins
    over ``"auto"``. ``repeated``: lines that other pages of the page's site in a batch also hold
    (:mod:`dateline.extract.repeats`), chrome for the text path; the HTML path ignores them.
    ``time_limit`` is the most seconds the page may take (``None`` or 0: no limit). Raises the
    ``InputError`` subclasses of :func:`decode_page`, ``TooSlowError`` past the time limit,
    ``ExtractionError`` when the page holds no article body (or fewer than
    ``current().extract.min_body_words`` words of it, see :mod:`dateline.config`), and
    ``UsageError`` for an unknown format.
    """
    if format not in FORMATS:
        raise UsageError(f"unknown format {format!r}: choose one of {', '.join(FORMATS)}")
    deadline = time.monotonic() + time_limit if time_limit else None
    known = page.format if format == "auto" else format
    try:
        decoded = decode_page_report(page.data, max_bytes, charset=page.charset)
        known = known or detect_format(decoded.text)
        return _record(page, decoded.text, known, repeated, deadline, time_limit, decoded.utf8,
                       decoded.replaced)
    except DatelineError as exc:
        exc.format = exc.format or known  # the failure's source.format
        raise


def _record(page: RawPage, text: str, format: str, repeated: frozenset[str],
            deadline: float | None, time_limit: float | None,
            utf8: bytes | None = None, replaced: int = 0) -> Article:
    """The record of a decoded page whose format (``"text"`` or ``"html"``) is known;
    ``utf8``: the page's bytes when they are exactly ``text`` in UTF-8; ``replaced``: the
    U+FFFD the decoder put in (the record's ``source.replaced_chars``)."""
    if format == "html":
        from dateline.extract.html import extract_html

        result = extract_html(text, url=page.url, deadline=deadline, utf8=utf8)
    else:
        from dateline.extract.text import extract_text

        result = extract_text(text, repeated)
    if deadline is not None and time.monotonic() > deadline:
        raise TooSlowError(f"the page took longer than the per-page time limit of {time_limit} s "
                           "(page_time_limit) to extract")
    paragraphs = result.paragraphs
    if not paragraphs:
        raise ExtractionError("no article body was found on the page")
    min_words = current().extract.min_body_words
    words = 0
    for paragraph in paragraphs:  # counted only as far as the minimum
        words += word_count(paragraph)
        if words >= min_words:
            break
    if words < min_words:
        noun = "word" if words == 1 else "words"
        raise ExtractionError(f"the page's body has {words} {noun}, fewer than the "
                              f"{min_words} an article needs: not an article")
    language = None if result.language else detect_language(
        "\n".join(paragraphs)[:LANGUAGE_SAMPLE])
    digest = page.sha256
    source = Source(uri=page.source, format=format, sha256=digest, replaced_chars=replaced)
    return result.article(id=digest, source=source,
                          url=page.url, language=language)
