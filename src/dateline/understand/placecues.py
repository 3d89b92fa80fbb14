"""Where a name stands in its sentence, as evidence of what it names (step 6 of
:mod:`dateline.understand.entities`).

Read on the spaCy dependency parse of the mention's string: a name that is the object of "of"
after a place noun ("the port of Harwick") or modifies one ("the Harwick harbour",
``data/place_nouns.txt``) is a place; a name that is the object of a locative preposition ("at
Harwick", ``data/place_prepositions.txt``) is likely one; a name that is a verb's subject,
object or indirect object ("Harvey told ...", "told Harvey") can be a person. Hand-written
rules; the word lists say how they were made.
"""

from __future__ import annotations

from spacy.tokens import Doc

from dateline import datafiles

_PLACE_NOUNS = datafiles.words("dateline.understand", "place_nouns.txt")
_LOCATIVES = datafiles.words("dateline.understand", "place_prepositions.txt")
#: dependency labels of a name that acts or is acted on, as people are
_PERSON_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "agent"})

PLACE = "place"
LOCATIVE = "locative"
ACTOR = "actor"


def name_cue(doc: Doc, start: int, end: int) -> str | None:
    """Return :data:`PLACE`, :data:`LOCATIVE`, :data:`ACTOR` or None for the name at
    ``[start, end)`` (code-point offsets into ``doc.text``), read off the root of its tokens.
    None when the span is no whole tokens or says nothing. Never raises."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _PLACE_NOUNS \
            and head.head.pos_ == "NOUN":
        return PLACE
    if root.dep_ == "compound" and head.lower_ in _PLACE_NOUNS and head.pos_ == "NOUN":
        return PLACE
    if root.dep_ == "pobj" and head.lower_ in _LOCATIVES:
        return LOCATIVE
    if root.dep_ in _PERSON_DEPS:
        return ACTOR
    return None
