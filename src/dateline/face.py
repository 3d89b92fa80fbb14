"""The public face: :func:`extract`, one page in, one :class:`~dateline.model.Article` out.

``dateline.extract`` is both this function and the extraction stage package
(:mod:`dateline.extract`: ``extract_page``, the text and HTML paths). The package's module object
is made callable (:class:`CallableStageModule`), so ``dateline.extract(page)`` calls
:func:`extract` while ``import dateline.extract`` and ``from dateline.extract import ...`` keep
giving the package; neither name hides the other.
"""

from __future__ import annotations

import types

from dateline.config import Settings, default_settings
from dateline.model import Article


def extract(page: str | bytes, *, format: str = "auto", nlp: bool = True,
            source: str = "<string>", url: str | None = None,
            settings: Settings | None = None) -> Article:
    """Return the article record of one page.

    ``page`` is the page's text or its raw bytes (bytes are decoded with charset detection);
    ``format`` is ``"auto"``, ``"text"`` or ``"html"``; ``nlp=False`` skips entities, quotes and
    dates; ``source`` is what the record's ``source.uri`` says; ``url`` the page's own address if
    known; ``settings`` the settings to use (default: :func:`dateline.config.default_settings`,
    read from ``dateline.toml`` and the environment once per process, on the first call).
    Raises ``InputError`` (empty, binary, too large), ``ExtractionError`` (no article),
    ``ModelError`` / ``UnderstandError`` (the understanding stage), ``UsageError`` (an unknown
    ``format``), or ``TypeError`` when ``page`` is neither ``str`` nor bytes-like.
    """
    from dateline.pipeline import process
    from dateline.sources.page import RawPage

    if isinstance(page, str):
        data = page.encode("utf-8")
    elif isinstance(page, (bytes, bytearray, memoryview)):
        data = bytes(page)
    else:
        raise TypeError(f"dateline.extract expects the page as str or bytes, not "
                        f"{type(page).__name__}")
    return process(RawPage(source=source, data=data, url=url),
                   settings if settings is not None else default_settings(),
                   format=format, nlp=nlp)


class CallableStageModule(types.ModuleType):
    """The module type of the :mod:`dateline.extract` package: calling the module calls
    :func:`extract` (same arguments, same result, same errors)."""

    def __call__(self, page: str | bytes, *, format: str = "auto", nlp: bool = True,
                 source: str = "<string>", url: str | None = None,
                 settings: Settings | None = None) -> Article:
        return extract(page, format=format, nlp=nlp, source=source, url=url, settings=settings)

    __call__.__doc__ = extract.__doc__
