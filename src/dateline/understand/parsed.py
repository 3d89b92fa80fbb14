"""An article together with the spaCy parse of each of its strings.

The understanding stage parses every string of an article that a :class:`~dateline.model.Span`
can point into (headline, standfirst, captions, body paragraphs) as its own ``Doc``, so that a
token's ``idx`` is a code-point offset into exactly the string a span names.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from dateline.model import Article, Part, Source
from dateline.model import Span as RecordSpan

#: (part, index): the key of one article string, as in Span.part and Span.index.
PartKey = tuple[Part, int]


def article_parts(article: Article) -> list[tuple[PartKey, str]]:
    """Return the article's strings in reading order: headline, standfirst, captions, body
    paragraphs, each with its ``(part, index)`` key. Empty strings are left out."""
    parts: list[tuple[PartKey, str]] = []
    if article.headline:
        parts.append((("headline", 0), article.headline))
    if article.standfirst:
        parts.append((("standfirst", 0), article.standfirst))
    for i, image in enumerate(article.images):
        if image.caption:
            parts.append((("caption", i), image.caption))
    for i, paragraph in enumerate(article.paragraphs):
        if paragraph:
            parts.append((("body", i), paragraph))
    return parts


@dataclass
class ParsedArticle:
    """``article`` with ``docs[(part, index)]``, the spaCy Doc of each of its strings, in the
    reading order of :func:`article_parts`; ``skipped`` lists the strings left unparsed for
    their size (see :func:`dateline.understand.parse_articles`)."""

    article: Article
    docs: dict[PartKey, Doc] = field(default_factory=dict)
    skipped: list[PartKey] = field(default_factory=list)
    _ents: dict[PartKey, tuple[Span, ...]] = field(default_factory=dict, repr=False)

    def body(self) -> Iterator[tuple[int, Doc]]:
        """Yield ``(paragraph index, Doc)`` for the body paragraphs, in order."""
        for (part, index), doc in self.docs.items():
            if part == "body":
                yield index, doc

    def text(self, key: PartKey) -> str:
        """Return the string ``key`` names (the same as ``docs[key].text``, without spaCy
        rebuilding it from the tokens)."""
        return self.article.part_text(*key)

    def ents(self, key: PartKey) -> tuple[Span, ...]:
        """Return ``docs[key].ents``, built once (spaCy makes new Span objects on each
        access)."""
        if key not in self._ents:
            self._ents[key] = tuple(self.docs[key].ents)
        return self._ents[key]

    def skipped_spans(self) -> list[RecordSpan]:
        """The ``skipped`` strings as whole-string spans (``start`` 0, ``end`` its length), the
        ``unannotated`` of the record."""
        return [RecordSpan(part=part, index=index, start=0,
                           end=len(self.article.part_text(part, index)))
                for part, index in self.skipped]

    def items(self) -> Iterator[tuple[PartKey, Doc]]:
        """Yield ``((part, index), Doc)`` for every parsed string, in reading order."""
        yield from self.docs.items()


def parsed_from_doc(doc: Doc) -> ParsedArticle:
    """Wrap one plain spaCy Doc (not from an article) as a :class:`ParsedArticle` whose only
    string is body paragraph 0, so spans found in it are offsets into ``doc.text``. Used by the
    spaCy components (:mod:`dateline.understand.components`)."""
    digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    article = Article(id=digest, source=Source(uri="<spaCy Doc>", format="text", sha256=digest),
                      paragraphs=[doc.text])
    return ParsedArticle(article, {("body", 0): doc})


def token_span(doc: Doc, key: PartKey, pair: tuple[int, int] | None) -> RecordSpan | None:
    """The record :class:`~dateline.model.Span` of the tokens ``pair`` (first and last index,
    inclusive) of ``doc``, the string ``key`` names; None for None."""
    if pair is None:
        return None
    span = doc[pair[0]:pair[1] + 1]
    return RecordSpan(part=key[0], index=key[1], start=span.start_char, end=span.end_char)
