"""The typed result both extraction paths return, and its one way into an Article.

The text path (:mod:`dateline.extract.text`) and the HTML path (:mod:`dateline.extract.html`)
each return an :class:`Extraction`: the metadata fields, the images, and the page's text blocks
in page order, each with its kind and (on the HTML path) its lxml element. Both end in the same
:class:`~dateline.model.Article` through :meth:`Extraction.article`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from dateline.extract.clock import plausible_time
from dateline.model import Article, Boilerplate, Image, Source

#: Kinds of a block that are not boilerplate: article body, metadata shown elsewhere in the
#: record (headline, standfirst, byline, timestamps) and image captions or credits.
NOT_BOILERPLATE = frozenset(("body", "metadata", "caption"))


@dataclass(eq=False, slots=True)
class TextBlock:
    """One block of the page: its ``text`` (white space collapsed), its ``kind`` (``"body"``,
    ``"metadata"``, ``"caption"`` or a boilerplate kind of :data:`dateline.model.BoilerplateKind`),
    and the lxml ``element`` holding it (HTML path) or its ``line``, the index of its line among
    the page's non-blank lines (text path, :func:`dateline.extract.lines.split_lines`)."""

    text: str
    kind: str
    element: object | None = None
    line: int | None = None


@dataclass(eq=False)
class Extraction:
    """What an extraction path found on one page.

    Times are ISO 8601 strings with the page's UTC offset (or a bare date); ``language`` is an
    ISO 639-1 code; ``images`` are :class:`~dateline.model.Image`; ``blocks`` are in page order.
    """

    format: Literal["text", "html"]
    url: str | None = None
    publisher: str | None = None
    language: str | None = None
    headline: str | None = None
    standfirst: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    section: str | None = None
    images: list[Image] = field(default_factory=list)
    blocks: list[TextBlock] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        """The body, one string per block of kind ``body``, in page order."""
        return [b.text for b in self.blocks if b.kind == "body"]

    @property
    def boilerplate(self) -> list[Boilerplate]:
        """What was removed, in page order, each text once (its first kind)."""
        return [Boilerplate(**removed) for removed in self._removed()]

    def _removed(self) -> list[dict[str, str]]:
        """:attr:`boilerplate` as ``{"text", "kind"}`` dicts, which the Article validates in
        one call, in pydantic's compiled core, instead of one model built in Python per block."""
        seen: set[str] = set()
        out = []
        for block in self.blocks:
            if block.kind in NOT_BOILERPLATE or block.text in seen:
                continue
            seen.add(block.text)
            out.append({"text": block.text, "kind": block.kind})
        return out

    def article(self, *, id: str, source: Source, url: str | None = None,
                language: str | None = None) -> Article:
        """Return the :class:`~dateline.model.Article` of this extraction; ``url`` and
        ``language`` fill those fields when the page did not state them. A ``published`` or
        ``updated`` that is no plausible publication time
        (:func:`~dateline.extract.clock.plausible_time`) is ``None`` in the record, whichever
        path set it (each path's readers already pass over such values, so that another
        source of the page gives the time)."""
        return Article(id=id, source=source, url=self.url or url, publisher=self.publisher,
                       language=self.language or language, headline=self.headline,
                       standfirst=self.standfirst, authors=list(self.authors),
                       published=_plausible(self.published),
                       updated=_plausible(self.updated), section=self.section,
                       images=list(self.images), paragraphs=self.paragraphs,
                       boilerplate=self._removed())


def _plausible(iso: str | None) -> str | None:
    return iso if iso and plausible_time(iso) else None
