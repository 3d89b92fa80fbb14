"""dateline: raw news pages in, structured article records out.

The public face is :func:`extract` and the :class:`~dateline.model.Article` model; errors derive
from :class:`~dateline.errors.DatelineError`.
"""

from __future__ import annotations

from dateline.errors import (
    BinaryInputError,
    DatelineError,
    EmptyInputError,
    ExtractionError,
    InputError,
    InputTooLargeError,
)
from dateline.model import Article

# The stage package ``dateline.extract`` and the function ``dateline.extract`` share a name.
# Importing the package here, before the function is defined, makes the function the attribute
# that ``dateline.extract`` names; the package stays reachable as ``sys.modules`` entry and by
# ``from dateline.extract import ...``, which is how the code base imports it.
import dateline.extract as _extract_stage  # noqa: E402,F401  isort: skip

__version__ = "0.1.0"
__all__ = [
    "Article",
    "BinaryInputError",
    "DatelineError",
    "EmptyInputError",
    "ExtractionError",
    "InputError",
    "InputTooLargeError",
    "extract",
]


def extract(page: str | bytes, *, format: str = "auto", nlp: bool = True,
            source: str = "<string>", url: str | None = None) -> Article:
    """Return the article record of one page.

    ``page`` is the page's text or its raw bytes (bytes are decoded with charset detection);
    ``format`` is ``"auto"``, ``"text"`` or ``"html"``; ``nlp=False`` skips entities, quotes and
    dates; ``source`` is what the record's ``source.uri`` says; ``url`` the page's own address if
    known. Raises ``InputError`` (empty, binary, too large), ``ExtractionError`` (no article), or
    ``TypeError`` when ``page`` is neither ``str`` nor bytes-like.
    """
    from dateline.config import load_settings
    from dateline.pipeline import process
    from dateline.sources.page import RawPage

    if isinstance(page, str):
        data = page.encode("utf-8")
    elif isinstance(page, (bytes, bytearray, memoryview)):
        data = bytes(page)
    else:
        raise TypeError(f"dateline.extract expects the page as str or bytes, not "
                        f"{type(page).__name__}")
    return process(RawPage(source=source, data=data, url=url), load_settings(),
                   format=format, nlp=nlp)
