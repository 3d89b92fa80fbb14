"""Speakers of quotations: the subject of a cue verb on the parse, its noun phrase as written,
and what a pronoun speaker refers to.

No coreference model can be installed (PRODUCT.md, "NLP stack"), so pronouns are resolved by
rule: "he"/"she" to the nearest preceding person whose gender, where the article shows it ("Mr",
"Mrs", "she" said of them before), agrees; "it" to the nearest preceding organisation or place;
"they" to the nearest preceding organisation, place, group or plural noun phrase ("Council
engineers"), never to a single person; names inside quotations are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateline import datafiles

if TYPE_CHECKING:  # spaCy is imported by the parse that makes these
    from spacy.tokens import Doc, Token

#: candidate type of a plural noun phrase that is the subject of a clause ("Council engineers")
GROUP = "GROUP"
_PRONOUNS = datafiles.rows("dateline.understand", "pronouns.txt", 3, 3)
#: pronoun (lower case) -> entity types it can refer to (``data/pronouns.txt``)
PRONOUN_TYPES: dict[str, tuple[str, ...]] = {
    pronoun: tuple(types.split()) for pronoun, types, _ in _PRONOUNS if types != "-"}
#: pronoun (lower case) -> the gender it requires of a person ("m" or "f", ``data/pronouns.txt``)
PRONOUN_GENDER: dict[str, str] = {
    pronoun: gender for pronoun, _, gender in _PRONOUNS if gender != "-"}
#: honorific (lower case, no full stop) -> the gender it shows ("m" or "f",
#: ``data/honorifics.txt``)
_HONORIFIC_GENDER: dict[str, str] = {
    row[0].lower(): row[1] for row in datafiles.rows("dateline.understand", "honorifics.txt", 1, 2)
    if len(row) == 2}
#: dependency labels through which a verb takes its subject from the verb it hangs off
_INHERIT_SUBJECT = ("xcomp", "advcl", "conj", "pcomp", "acomp", "prep")
_RELATIVE = datafiles.words("dateline.understand", "relative_pronouns.txt")
SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "NORP")


def subject_of(cue: Token, depth: int = 0) -> Token | None:
    """Return the head token of the speaker of ``cue`` (a cue verb), or None.

    Order: the verb's own ``nsubj`` (a relative pronoun included: :func:`antecedent` names it);
    the noun a participle or relative clause modifies
    ("Peter calling him ...", "Smith, who said ..."); the subject of the verb it is coordinated
    with or subordinate to ("said ... and referred to", "..., saying"); an inverted subject right of
    the verb ("said Orban").
    """
    for child in cue.children:
        if child.dep_ == "nsubj":
            return child  # a relative pronoun too ("who said"), as PolNeAR marks sources
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in cue.children)
    if cue.dep_ in ("acl", "relcl") and cue.head.pos_ in ("NOUN", "PROPN", "PRON") \
            and not infinitive \
            and not any(c.dep_ in ("dobj", "pobj") and c.lower_ in _RELATIVE for c in cue.subtree):
        return cue.head
    for child in cue.rights if depth == 0 else ():
        if child.dep_ in ("dobj", "attr", "npadvmod", "dative") and child.pos_ == "PROPN":
            if child.i == cue.i + 1 or child.i == cue.i + 2:
                return child
    if cue.dep_ == "pcomp" and any(c.dep_ == "dobj" for c in cue.head.head.children):
        return None  # "accused the West of ignoring ...": the object does the ignoring
    if depth < 4 and cue.dep_ in _INHERIT_SUBJECT and cue.head.i != cue.i:
        return subject_of(cue.head, depth + 1)
    return None


def antecedent(token: Token) -> Token:
    """The noun a relative pronoun subject stands for ("Smith, who said" -> Smith), else the
    token itself."""
    if token.lower_ in _RELATIVE and token.head.dep_ == "relcl" and token.head.head.pos_ in (
            "NOUN", "PROPN"):
        return token.head.head
    return token


def noun_phrase(head: Token) -> tuple[int, int]:
    """Return ``(first, last)`` token indices of the speaker noun phrase headed by ``head``, as
    PolNeAR marks sources (train split): the head's whole subtree, appositions and relative
    clauses included ("Jeff Smith, a professor at The New School"), without edge punctuation."""
    first, last = head.left_edge.i, head.right_edge.i
    doc = head.doc
    while first < head.i and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last > head.i and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return first, last


def name_in_phrase(doc: Doc, first: int, last: int, head: Token) -> tuple[int, int] | None:
    """Return the char span ``(start, end)`` of the named entity that names the speaker in the
    phrase ``doc[first:last+1]``: the entity holding the head, else a person or organisation in
    apposition ("the opposition candidate ... Marki-Zay Peter"). An owner ("Hungary's alliance")
    or a modifier ("Western countries") does not name the speaker. None when nothing does."""
    ents = [e for e in doc.ents if e.start >= first and e.end - 1 <= last
            and e.label_ in SPEAKER_TYPES]
    for e in ents:
        if e.start <= head.i < e.end:
            return e.start_char, e.end_char
    for label in ("PERSON", "ORG"):
        for e in ents:
            if e.label_ == label and e.root.dep_ == "appos":
                return e.start_char, e.end_char
    return None


def is_pronoun(token: Token) -> bool:
    """True for a third-person pronoun speaker that needs resolving ("he", "she", "it", "they")."""
    return token.lower_ in PRONOUN_TYPES


@dataclass(frozen=True)
class Candidate:
    """A possible antecedent: position ``(order, start)`` in reading order, its entity type
    (or :data:`GROUP`), name and entity id (``None`` when it comes from spaCy's entities without
    an Entity, or for a group)."""

    order: int
    start: int
    type: str
    name: str
    entity: str | None


def resolve_pronoun(pronoun: str, order: int, start: int, candidates: list[Candidate],
                    genders: dict[str, str] | None = None) -> Candidate | None:
    """Return the nearest candidate before position ``(order, start)`` whose type suits
    ``pronoun`` (see :data:`PRONOUN_TYPES`) and, for "he"/"she", whose gender in ``genders``
    (entity id -> "m"/"f", see :func:`gender_of`) is unknown or agrees; ``candidates`` sorted
    by position. None if none."""
    types = PRONOUN_TYPES.get(pronoun.lower())
    if not types:
        return None
    wanted = PRONOUN_GENDER.get(pronoun.lower())
    genders = genders or {}
    best = None
    for cand in candidates:
        if (cand.order, cand.start) >= (order, start):
            break
        if cand.type not in types:
            continue
        known = genders.get(cand.entity) if cand.entity else None
        if wanted is None or known is None or known == wanted:
            best = cand
    return best


def gender_of(honorific: str) -> str | None:
    """"m" or "f" for an honorific that shows a gender ("Mr", "Mrs.", "Lady"; the second column of
    ``data/honorifics.txt``), else None."""
    return _HONORIFIC_GENDER.get(honorific.lower().rstrip("."))


def group_phrase(head: Token) -> str:
    """The name of a plural noun phrase candidate: the head with its left modifiers, without a
    leading determiner ("the council engineers" -> "council engineers")."""
    doc = head.doc
    first = head.left_edge.i
    while first < head.i and (doc[first].dep_ in ("det", "punct") or doc[first].is_space):
        first += 1
    return doc[first:head.i + 1].text


#: parts of speech a source mention neither starts nor ends with, as PolNeAR marks sources
#: ("and 44 percent", "The Security Council on", "Officials in"): what the
#: tagger's span took in beside the mention (PolNeAR dev, bench/quote_errors.py)
_NOT_FIRST = ("CCONJ", "ADP")
_NOT_LAST = ("CCONJ", "ADP", "SCONJ", "DET")
#: how a second apposition after a first apposition begins ("Scott Pruitt, the attorney general
#: of Oklahoma, one of the states ..."): PolNeAR's source ends at the first apposition's comma
#: (as before a "which" clause, not a "who" one: 150 train articles, checked on dev)
_SECOND_APPOSITION = ("DET", "NUM")


#: dependency labels of the words between a determiner and its noun ("the first official
#: acknowledgement")
_PREMODIFIERS = ("det", "amod", "compound", "nummod", "quantmod")


def _to_head(doc: Doc, first: int, last: int) -> int:
    """The last token of the mention ``doc[first..last]`` run on to its noun when it ends in
    a determiner ("This" -> "This document", "the" -> "the first official acknowledgement"):
    the noun (a common noun) follows within four tokens and every token between modifies it.
    Else ``last``. Only a determiner: a possessive is a source of its own in PolNeAR ("Mr.
    Wallace's" of "Mr. Wallace's statement"), and an adjective or compound ending a tagged
    mention was as often a headline verb the parse took for a noun ("Warren Hammers"): both
    lost sources on 150 train articles."""
    tok = doc[last]
    head = tok.head
    if tok.dep_ != "det" or head.pos_ != "NOUN" or not last < head.i <= last + 4:
        return last
    if all(t.head == head and t.dep_ in _PREMODIFIERS for t in doc[last + 1:head.i]):
        return head.i
    return last


_HOLDERS = datafiles.words("dateline.understand", "source_holders.txt")


def trim_source(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Return the token range ``(first, last)`` of a tagged source mention without the words
    PolNeAR leaves out of a Source span: a leading conjunction or preposition, a trailing
    preposition, conjunction or determiner, and what follows a first apposition (a
    second apposition or a "which" clause: "Michael Mulgrew, president of the union, which
    represents ..." ends at "union"), and a noun that holds the words before the name ("the
    desk of Mayor Teague": ``data/source_holders.txt``). A mention cut after a determiner
    ("This" of "This document says") runs on to its noun (:func:`_to_head`). Never
    empties the range."""
    last = _to_head(doc, first, last)
    while first < last and doc[first].pos_ in _NOT_FIRST and doc[first].dep_ != "preconj":
        first += 1  # "Both X and Y" keeps its "Both" (PolNeAR train)
    for tok in doc[first:last]:
        if tok.lower_ in _HOLDERS and tok.i + 2 <= last and doc[tok.i + 1].lower_ == "of" \
                and doc[tok.i + 2].pos_ == "PROPN":
            first = tok.i + 2
            break
    commas = [t.i for t in doc[first:last + 1] if t.text == ","]
    if len(commas) >= 2 and commas[1] == commas[0] + 2 and doc[commas[0] + 1].pos_ == "NUM":
        commas = commas[1:]  # "Marvin Teske, 53, a security guard": the age is no apposition
    if len(commas) >= 2 and commas[1] < last:
        after = doc[commas[1] + 1]
        # "..., which represents" is left out, "..., who has been" kept (PolNeAR train)
        if after.pos_ in _SECOND_APPOSITION or after.tag_ in ("WDT", "VBG"):
            last = commas[1] - 1
    while last > first and doc[last].pos_ in _NOT_LAST:
        last -= 1
    return first, last
