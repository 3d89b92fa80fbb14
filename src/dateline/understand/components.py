"""dateline's entity, quotation and event stages as spaCy pipeline components, with their
settings.

Importing this module (or installing dateline, which declares the factories as
``spacy_factories`` entry points, so no import is needed) registers three factories that spaCy
users can add to any English pipeline with a parser and an entity recogniser::

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("dateline_entities")
    nlp.add_pipe("dateline_quotes", config={"attribution": "rules"})
    nlp.add_pipe("dateline_events")
    doc = nlp(text)
    doc._.dateline_entities   # list[dateline.model.Entity]
    doc._.dateline_quotes     # list[dateline.model.Quote]
    doc._.dateline_events     # list[dateline.model.Event]

Each Doc is treated as one article body paragraph: mention and quote spans have ``part``
"body", ``index`` 0 and code-point offsets into ``doc.text``.

dateline's own pipeline (:mod:`dateline.understand`) runs the same component objects over whole
articles (:meth:`EntityComponent.find`, :meth:`QuoteComponent.find` on a
:class:`~dateline.understand.parsed.ParsedArticle`), built by :func:`make_components` from the
factories' ``default_config`` overridden by ``dateline.toml`` (:func:`component_config`).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from dateline.config import Settings
from dateline.model import DateRef, Entity, Event, Quote
from dateline.understand.entities import find_entities
from dateline.understand.parsed import ParsedArticle, parsed_from_doc
from dateline.understand.quotes import ATTRIBUTIONS, find_quotes

for _name in ("dateline_entities", "dateline_quotes", "dateline_events"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class EntityComponent:
    """The ``dateline_entities`` component: canonical names, one type per entity, role
    descriptions resolved (:func:`dateline.understand.entities.find_entities`). No settings."""

    def __init__(self, name: str = "dateline_entities") -> None:
        self.name = name

    def find(self, parsed: ParsedArticle) -> list[Entity]:
        """The entities of a whole parsed article (every string of it)."""
        return find_entities(parsed)

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc._.dateline_entities`` to the :class:`~dateline.model.Entity` list of the
        Doc, read as body paragraph 0."""
        doc._.dateline_entities = self.find(parsed_from_doc(doc))
        return doc


class QuoteComponent:
    """The ``dateline_quotes`` component: quotations with cue, medium and speaker
    (:func:`dateline.understand.quotes.find_quotes`), speakers named by the entities found
    before. ``attribution`` (one of :data:`ATTRIBUTIONS`) chooses how quotations are attributed
    and is passed to the quotation stage. Raises ``ValueError`` for another value."""

    def __init__(self, name: str = "dateline_quotes", attribution: str = "model") -> None:
        if attribution not in ATTRIBUTIONS:
            raise ValueError(f"dateline_quotes: attribution must be one of {ATTRIBUTIONS}, "
                             f"not {attribution!r}")
        self.name = name
        self.attribution = attribution

    def find(self, parsed: ParsedArticle, entities: list[Entity]) -> list[Quote]:
        """The quotations of a whole parsed article, speakers named by ``entities``."""
        return find_quotes(parsed, entities, attribution=self.attribution)

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc._.dateline_quotes`` to the quotations of the Doc (body paragraph 0);
        speakers are named by ``doc._.dateline_entities`` when ``dateline_entities`` ran
        before."""
        doc._.dateline_quotes = self.find(parsed_from_doc(doc), doc._.dateline_entities or [])
        return doc


class EventComponent:
    """The ``dateline_events`` component: events typed by PLOVER 2021 with source, target,
    place and date (:func:`dateline.understand.events.find_events`), actors named by the
    entities and reported speech linked to the quotations found before. No settings."""

    def __init__(self, name: str = "dateline_events") -> None:
        self.name = name

    def find(self, parsed: ParsedArticle, entities: list[Entity], quotes: list[Quote],
             dates: list[DateRef]) -> list[Event]:
        """The events of a whole parsed article, given its entities, quotations and dates."""
        from dateline.understand.events import find_events  # the event stage's own module

        return find_events(parsed, entities, quotes, dates)

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc._.dateline_events`` to the events of the Doc (body paragraph 0; see
        :func:`dateline.understand.events.events_in_doc`): add it after ``dateline_entities``
        and ``dateline_quotes`` so that actors are named and reported speech is linked."""
        from dateline.understand.events import events_in_doc

        doc._.dateline_events = events_in_doc(doc)
        return doc


@Language.factory("dateline_entities", default_config={},
                  requires=["doc.ents", "token.dep"], assigns=["doc._.dateline_entities"])
def dateline_entities(nlp: Language, name: str) -> EntityComponent:
    """Factory of the ``dateline_entities`` component (:class:`EntityComponent`)."""
    return EntityComponent(name)


@Language.factory("dateline_quotes", default_config={"attribution": "model"},
                  requires=["doc.ents", "token.dep"], assigns=["doc._.dateline_quotes"])
def dateline_quotes(nlp: Language, name: str, attribution: str) -> QuoteComponent:
    """Factory of the ``dateline_quotes`` component (:class:`QuoteComponent`)."""
    return QuoteComponent(name, attribution=attribution)


@Language.factory("dateline_events", default_config={},
                  requires=["doc.ents", "token.dep"], assigns=["doc._.dateline_events"])
def dateline_events(nlp: Language, name: str) -> EventComponent:
    """Factory of the ``dateline_events`` component (:class:`EventComponent`)."""
    return EventComponent(name)


def component_config(settings: Settings, name: str) -> dict[str, Any]:
    """The config of component ``name`` in dateline's own pipeline: its factory's
    ``default_config`` with the values ``settings`` (``dateline.toml``, environment, flags)
    gives (``attribution`` for ``dateline_quotes``)."""
    config = dict(Language.get_factory_meta(name).default_config or {})
    if name == "dateline_quotes":
        config["attribution"] = settings.attribution
    return config


def make_components(settings: Settings) -> tuple[EntityComponent, QuoteComponent]:
    """The components dateline's own pipeline runs, configured by :func:`component_config`:
    the same objects ``nlp.add_pipe("dateline_entities")`` and ``nlp.add_pipe(
    "dateline_quotes", config=...)`` make. Raises ``ValueError`` for a bad setting."""
    return (EntityComponent(**component_config(settings, "dateline_entities")),
            QuoteComponent(**component_config(settings, "dateline_quotes")))
