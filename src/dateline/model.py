"""The article record: pydantic models for the Article of PRODUCT.md and its JSON Schema.

A record is one JSON object per input page. Text positions use one convention everywhere: a
:class:`Span` names a ``part`` of the article (``headline``, ``standfirst``, ``caption`` or
``body``), an ``index`` (the paragraph number within ``paragraphs`` for the body, the image number
within ``images`` for a caption, 0 for headline and standfirst) and ``start``/``end``, code-point
offsets into that one string (Python ``str`` indices, end exclusive).

``SCHEMA_VERSION`` follows semantic versioning: a change that breaks readers of the schema bumps
the major number. ``schema/article.schema.json`` is generated from these models by
``make schema`` (``scripts/generate_schema.py``) and a test checks the committed file against them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.json_schema import SkipJsonSchema

SCHEMA_VERSION = "2.0.0"

Part = Literal["headline", "standfirst", "caption", "body"]
BoilerplateKind = Literal[
    "notification_prompt",
    "donation_appeal",
    "newsletter",
    "comments",
    "login",
    "navigation",
    "related",
    "advert",
    "social",
    "cookie",
    "other",
]
QuoteKind = Literal["direct", "partial", "indirect", "mixed"]
#: The sixteen event types of PLOVER 2021 (Open Event Data Alliance, PLOVER manual draft 0.8).
EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A stretch of one article string: ``text[start:end]`` of part ``part`` number ``index``."""

    part: Part
    index: int = Field(0, ge=0, description="paragraph number (body) or image number (caption)")
    start: int = Field(ge=0, description="code-point offset of the first character")
    end: int = Field(ge=0, description="code-point offset one past the last character")


class Mention(Span):
    """A span together with the text it covers, as written in the article."""

    text: str


class Source(_Model):
    """Where a record came from: ``uri`` as given, the detected ``format``, the bytes' hash, and
    how many characters decoding lost."""

    uri: str
    format: Literal["text", "html"]
    sha256: str = Field(description="hex SHA-256 of the page's bytes as read")
    replaced_chars: int = Field(
        0, ge=0, description="U+FFFD characters put in for byte sequences that no character set "
        "dateline tried could read (0: every byte was read; a U+FFFD the page holds is not "
        "counted)")


class FailedSource(_Model):
    """Where an input that gave no record came from: the keys of :class:`Source`. ``format`` is
    ``None`` when it was not known as the page failed (neither given nor detected: an empty,
    binary or unreadable page), ``sha256`` is ``None`` when the bytes could not be read."""

    uri: str
    format: Literal["text", "html"] | None = None
    sha256: str | None = Field(None, description="hex SHA-256 of the page's bytes as read")


class PageError(_Model):
    """Why an input gave no record: the error ``kind`` (see :mod:`dateline.errors`: ``empty``,
    ``binary``, ``no_article``, ...) and a message a user can act on."""

    kind: str
    message: str


class Failure(_Model):
    """The record of an input that gave no article, as ``dateline extract`` writes it in the
    article's place: ``{"source": {uri, format, sha256}, "error": {kind, message}}``."""

    source: FailedSource
    error: PageError


class Image(_Model):
    """An article image: its caption, its credit (photographer or agency) and its address."""

    caption: str | None = None
    credit: str | None = None
    url: str | None = None


class Boilerplate(_Model):
    """A block removed from the page as not belonging to the article, with its kind."""

    text: str
    kind: BoilerplateKind


class Entity(_Model):
    """One real-world referent of the article, under one canonical name, with all its mentions."""

    id: str = Field(description="id unique within the record, e.g. 'e1'")
    name: str = Field(description="canonical name: the fullest form the article uses")
    type: str = Field(description="spaCy/OntoNotes label: PERSON, ORG, GPE, LOC, NORP, ...")
    mentions: list[Mention] = Field(default_factory=list)


class Speaker(_Model):
    """The source of a quotation: the name as resolved, the entity id and the mention as written."""

    name: str
    entity: str | None = Field(None, description="id of the speaker's entity in `entities`")
    mention: Mention | None = None


class Quote(_Model):
    """A quotation (direct, partial, indirect or mixed) with its speaker, cue and medium."""

    kind: QuoteKind
    text: str = Field(description="the content, without its quotation marks")
    span: Span
    speaker: Speaker | None = None
    cue: str | None = Field(None, description="the cue verb or phrase as written: 'said'")
    cue_span: Span | None = None
    medium: str | None = Field(None, description="'on Twitter', 'in a statement', ...")


class DateRef(_Model):
    """A date expression in the text, resolved against the article's publication time."""

    text: str
    value: str = Field(description="ISO 8601 date or date-time")
    span: Span


class Actor(_Model):
    """A participant of an event (its source, target or place): the name as resolved (the
    entity's canonical name, or the phrase as written without its article), the entity id when
    an entity of the article names it, and the mention as written ("he", "Hungary's six-party
    alliance", "Russian President Vladimir Putin")."""

    name: str
    entity: str | None = Field(None, description="id of the actor's entity in `entities`")
    mention: Mention | None = None


class Event(_Model):
    """Who did what to whom, where and when, typed by the PLOVER 2021 ontology.

    ``type``, ``mode`` and ``context`` are PLOVER's (the CAMEO code whose cue matched is kept in
    ``code``); ``when`` is an ISO 8601 date resolved against the article's ``published`` (the
    date expression as written in ``when_text``), or the publication day when the text gives
    none. ``span`` is the sentence the event is told in, ``trigger_span`` its trigger words.
    ``quote`` is the index in the record's ``quotes`` of the quotation the event is reported
    in ("Putin accused the West of ..." is an ACCUSE by Putin, reported speech), else None.
    """

    type: EventType
    code: str | None = Field(None, description="CAMEO code of the cue: '112' (accuse)")
    mode: str | None = Field(None, description="PLOVER mode: 'phone', 'visit', 'allege', ...")
    context: list[str] = Field(default_factory=list,
                               description="PLOVER contexts: 'military', 'diplomatic', ...")
    source: Actor | None = None
    target: Actor | None = None
    where: Actor | None = Field(None, description="the place: a GPE, LOC or FAC entity")
    when: str | None = Field(None, description="ISO 8601 date, or None without `published`")
    when_text: str | None = Field(None, description="the date as written; None: publication day")
    trigger: str = Field(description="the trigger words as written: 'accused', 'held talks'")
    trigger_span: Span
    span: Span
    quote: int | None = Field(None, description="index in `quotes` of the quotation it is in")


def has_utc_moment(moment: datetime) -> bool:
    """True when ``moment`` is naive or its instant in UTC lies within years 1 to 9999
    (``9999-12-31T23:59:59-23:59`` has none: converting it raises ``OverflowError``)."""
    if moment.tzinfo is None:
        return True
    try:
        moment.astimezone(UTC)
    except OverflowError:
        return False
    return True


def _check_iso8601(value: str | None) -> str | None:
    """``value`` unchanged when it is None or ISO 8601 with a UTC moment
    (:func:`has_utc_moment`); raises ValueError on anything else (``fromisoformat``'s own
    error, or "no UTC moment", a time the store could not compare)."""
    if value is not None:
        # ValueError on anything that is not ISO 8601
        if not has_utc_moment(datetime.fromisoformat(value)):
            raise ValueError(f"{value!r} has no UTC moment (past year 1 or 9999)")
    return value


class LinkKeys(_Model):
    """The lookup keys of a record for the store's across-article stages
    (:mod:`dateline.corpus.linking`), computed where the record is built (the workers of
    ``dateline ingest``: :func:`dateline.corpus.link_keys.with_link_keys`) so that the store's
    single writer only looks them up. Never written to JSON; a record without them gets them in
    the store. ``version`` names the key parameters and ``digest`` the text they were computed
    from: the store computes them again when either is not its own
    (:func:`dateline.corpus.link_keys.valid_keys`)."""

    version: str
    digest: str = Field(description="hex BLAKE2b of the fields the keys are computed from")
    shingles: int = Field(0, ge=0, description="distinct body shingles (duplicate groups)")
    signature: bytes | None = Field(
        None, description="the body's MinHash signature, little-endian uint32; None: no words")
    bands: list[int] = Field(default_factory=list, description="LSH band keys of the signature")
    published_utc: str | None = Field(None, description="`published` in UTC, second precision")
    quote_keys: list[list[int]] = Field(
        default_factory=list, description="provenance lookup keys of each quotation, in order")
    lede_words: list[str] = Field(default_factory=list,
                                  description="story words of headline, standfirst, lede")
    headline_words: list[str] = Field(default_factory=list,
                                      description="story words of the headline")


class Article(_Model):
    """The record of one news page (see PRODUCT.md, "The article record").

    ``published`` and ``updated`` are ISO 8601 strings carrying the page's own UTC offset
    (``2022-02-01T13:18:00-05:00``), a bare date when the page gives no time, or ``None``.
    """

    id: str = Field(description="hex SHA-256 of the source bytes")
    source: Source
    url: str | None = None
    publisher: str | None = None
    language: str | None = Field(None, description="ISO 639-1 code")
    headline: str | None = None
    standfirst: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    section: str | None = None
    images: list[Image] = Field(default_factory=list)
    paragraphs: list[str] = Field(default_factory=list)
    boilerplate: list[Boilerplate] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    dates: list[DateRef] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    unannotated: list[Span] = Field(
        default_factory=list,
        description="strings (whole, as spans) the understanding stage left out for their "
                    "size: longer than max_part_chars, or past the first max_understood_chars "
                    "code points of the page; no entities, quotes, dates or events in them")
    story_id: str | None = Field(
        None, description="the story cluster the article belongs to in a store (the id of the "
        "article that started the story: the first of its articles stored); None outside a "
        "store")
    story_vector: SkipJsonSchema[str | None] = Field(
        None, exclude=True,
        description="the understanding stage's sentence embedding of the article's opening, "
        "for story clusters (dateline.understand.storyvec); never written to JSON")
    link_keys: SkipJsonSchema[LinkKeys | None] = Field(
        None, exclude=True,
        description="lookup keys for the store's across-article stages, computed in the "
        "ingest workers (dateline.corpus.link_keys); never written to JSON")
    duplicate_group_id: str | None = Field(
        None, description="the store's duplicate group (copies of one text: the same page in "
        "another format, syndicated copies); the article id of the group's original (earliest "
        "published). Set by the store; None in a record fresh from extraction")

    @field_validator("published", "updated")
    @classmethod
    def _iso8601(cls, value: str | None) -> str | None:
        return _check_iso8601(value)

    def part_text(self, part: Part, index: int = 0) -> str:
        """Return the string a :class:`Span` with this ``part`` and ``index`` points into.

        Raises ``IndexError`` when the article has no such paragraph or image, ``ValueError``
        when the part is empty.
        """
        if part == "body":
            return self.paragraphs[index]
        if part == "caption":
            caption = self.images[index].caption
        else:
            caption = getattr(self, part)
        if caption is None:
            raise ValueError(f"the article has no {part}")
        return caption


def json_schema() -> dict:
    """Return the JSON Schema (draft 2020-12) of :class:`Article`, with its version."""
    schema = Article.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://dateline.invalid/schema/article/{SCHEMA_VERSION}"
    schema["version"] = SCHEMA_VERSION
    return schema

