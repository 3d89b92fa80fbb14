"""Cue words of attribution: the cue-verb lists from PolNeAR train, media phrases, labels.

The word lists live in ``data/`` (each file says how it was made); this module loads them once
and answers the token-level questions the quotation finder asks: is this token a cue verb, which
medium phrase hangs on it.
"""

from __future__ import annotations

import functools

from spacy.tokens import Token

from dateline import datafiles

PACKAGE = "dateline.understand"

#: the share of its uses a verb must be a cue in (PolNeAR train) to make a quoted fragment it
#: governs a partial quotation: the first threshold of data/cue_verbs.txt, before it was lowered
#: for indirect speech ("has seen his government ..." does not attribute a scare quote)
SPEECH_SHARE = 0.40


def word_list(name: str) -> frozenset[str]:
    """The lower-cased first column of ``data/NAME``, comment lines (``#``) left out (see
    :func:`dateline.datafiles.words`)."""
    return datafiles.words(PACKAGE, name)


def _cue_table() -> tuple[tuple[str, ...], ...]:
    """The rows of ``data/cue_verbs.txt``: lemma, then its evidence (times a cue on PolNeAR
    train and that share, or ``variant``), then its markers."""
    return datafiles.rows(PACKAGE, "cue_verbs.txt")


@functools.cache
def cue_verbs() -> frozenset[str]:
    """The cue-verb lemmas (``data/cue_verbs.txt``, from PolNeAR train)."""
    return word_list("cue_verbs.txt")


@functools.cache
def speech_cue_verbs() -> frozenset[str]:
    """The cue-verb lemmas that are a cue in at least :data:`SPEECH_SHARE` of their uses on
    PolNeAR train (column 3 of ``data/cue_verbs.txt``; spelling variants count): the verbs
    that make a quoted fragment they govern a partial quotation ("calling ... “...”")."""
    found = set()
    for fields in _cue_table():
        if len(fields) < 2:
            continue
        share = fields[2] if len(fields) > 2 else "1"
        if fields[1] == "variant" or float(share) >= SPEECH_SHARE:
            found.add(fields[0].lower())
    return frozenset(found)


@functools.cache
def indirect_cue_verbs() -> frozenset[str]:
    """The cue-verb lemmas that also introduce indirect speech (not marked ``direct-only``)."""
    return frozenset(fields[0].lower() for fields in _cue_table()
                     if "direct-only" not in fields)


@functools.cache
def animate_cues() -> frozenset[str]:
    """The cue-verb lemmas marked ``animate`` in ``data/cue_verbs.txt``: their indirect
    quotations need a speaker that names someone ("the strategy has seen ..." is no quote)."""
    return marked_cues("animate")


@functools.cache
def clause_only_cues() -> frozenset[str]:
    """The cue-verb lemmas marked ``clause-only`` in ``data/cue_verbs.txt``: a noun-phrase
    object alone ("pushed his promise") is not reported content of theirs."""
    return marked_cues("clause-only")


@functools.cache
def marked_cues(marker: str) -> frozenset[str]:
    """The lemmas of ``data/cue_verbs.txt`` rows that have ``marker`` as a column
    (``directive``, ``request``, ``relative-nominal``, ...: the file's header says what each
    marker means and what set it)."""
    return frozenset(fields[0].lower() for fields in _cue_table() if marker in fields)


@functools.cache
def content_prepositions() -> frozenset[str]:
    """Prepositions that open a cue verb's reported content ("accused Y of ...",
    ``data/content_prepositions.txt``)."""
    return word_list("content_prepositions.txt")


@functools.cache
def media_prepositions() -> frozenset[str]:
    """Prepositions that open a medium phrase ("on Twitter", ``data/media_prepositions.txt``)."""
    return word_list("media_prepositions.txt")


@functools.cache
def question_complementisers() -> frozenset[str]:
    """Subordinators of an adverbial clause that is reported content ("asked whether ...",
    ``data/question_complementisers.txt``)."""
    return word_list("question_complementisers.txt")


@functools.cache
def inanimate_pronouns() -> frozenset[str]:
    """Pronouns that name no one as the speaker of an ``animate`` cue ("it",
    ``data/inanimate_pronouns.txt``)."""
    return word_list("inanimate_pronouns.txt")


@functools.cache
def media_heads() -> frozenset[str]:
    """Nouns that make a preposition phrase a medium (``data/media.txt``)."""
    return word_list("media.txt")


@functools.cache
def media_addressees() -> frozenset[str]:
    """Addressees that make ``told X`` a medium (``data/media_addressees.txt``)."""
    return word_list("media_addressees.txt")


def is_cue(tok: Token) -> bool:
    """True for an active-voice verb whose lemma is in the cue list."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in cue_verbs():
        return False
    return not any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def medium_of(cue: Token) -> tuple[int, int] | None:
    """The medium phrase attached to ``cue``: "on Twitter", "at a news conference", "told
    reporters", "in an interview with ..." (token index pair), or None."""
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in media_prepositions():
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.lower_ in media_heads():
                    last = pobj.i
                    if pobj.lower_ == "interview":
                        for sub in pobj.rights:
                            if sub.dep_ == "prep" and sub.lower_ == "with":
                                last = sub.right_edge.i
                    return child.i, last
        if cue.lemma_ == "tell" and child.dep_ in ("dative", "dobj") \
                and child.lemma_.lower() in media_addressees():
            return cue.i, child.i
    return None


def is_medium_prep(prep: Token) -> bool:
    return any(c.dep_ == "pobj" and c.lower_ in media_heads() for c in prep.children)


@functools.cache
def colon_labels() -> frozenset[str]:
    """Paragraph labels that are not speakers ("Update:", ``data/colon_labels.txt``)."""
    return word_list("colon_labels.txt")


def cue_form(word: str) -> bool:
    """True for a present-tense third-person form of a cue verb ("says", "blasts", "denies")."""
    if not word.endswith("s"):
        return False
    verbs = indirect_cue_verbs()
    return (word[:-1] in verbs or word[:-2] in verbs
            or (word.endswith("ies") and word[:-3] + "y" in verbs))
