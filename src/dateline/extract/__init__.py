"""Extract: from a raw page to an :class:`~dateline.model.Article` (metadata, body, boilerplate).

Two paths, one record: :mod:`dateline.extract.text` for plain-text scrapes and
:mod:`dateline.extract.html` for HTML. Both return the same dictionary of article fields and share
the boilerplate model and the metadata parsers.
"""

from __future__ import annotations

from dateline.errors import ExtractionError, UsageError
from dateline.extract.decode import decode_page
from dateline.extract.detect import detect_format
from dateline.extract.language import detect_language
from dateline.extract.words import word_count
from dateline.model import Article, Source
from dateline.sources.page import RawPage

FORMATS = ("auto", "text", "html")
#: Fewest words a body must hold to count as an article. A news brief has 30 or more; menus,
#: single prompts ("Click here to subscribe") and stray file names have a handful. Words of
#: Chinese, Japanese, Thai, ... are estimated from characters (:func:`dateline.extract.words.
#: word_count`).
MIN_BODY_WORDS = 20


def extract_page(page: RawPage, *, format: str = "auto", max_bytes: int | None = None,
                 repeated: frozenset[str] = frozenset()) -> Article:
    """Return the article record of one raw page, without the understanding stage.

    ``format`` is ``"auto"`` (detect), ``"text"`` or ``"html"``; a page's own ``format`` hint wins
    over ``"auto"``. Raises the ``InputError`` subclasses of :func:`decode_page`,
    ``ExtractionError`` when the page holds no article body (or fewer than
    ``MIN_BODY_WORDS`` words of it), and ``UsageError`` for an unknown
    format. ``repeated``: lines that other pages of the page's site in a batch also hold
    (:mod:`dateline.extract.repeats`), chrome for the text path; the HTML path ignores them.
    """
    if format not in FORMATS:
        raise UsageError(f"unknown format {format!r}: choose one of {', '.join(FORMATS)}")
    text = decode_page(page.data, max_bytes)
    if format == "auto":
        format = page.format or detect_format(text)
    if format == "html":
        from dateline.extract.html import extract_html

        fields = extract_html(text, url=page.url)
    else:
        from dateline.extract.text import extract_text

        fields = extract_text(text, repeated)
    if not fields.get("paragraphs"):
        raise ExtractionError("no article body was found on the page")
    words = sum(word_count(paragraph) for paragraph in fields["paragraphs"])
    if words < MIN_BODY_WORDS:
        raise ExtractionError(f"the page's body has {words} words, fewer than the "
                              f"{MIN_BODY_WORDS} an article needs: not an article")
    if page.url and not fields.get("url"):
        fields["url"] = page.url
    if not fields.get("language"):
        fields["language"] = detect_language("\n".join(fields["paragraphs"]))
    digest = page.sha256
    return Article(id=digest, source=Source(uri=page.source, format=format, sha256=digest),
                   **fields)
