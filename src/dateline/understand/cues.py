"""Cue words of attribution: the cue-verb lists from PolNeAR train, media phrases, labels.

The word lists live in ``data/`` (each file says how it was made); this module loads them once
and answers the token-level questions the quotation finder asks: is this token a cue verb, which
medium phrase hangs on it.
"""

from __future__ import annotations

import functools
from importlib import resources

from spacy.tokens import Token

#: the share of its uses a verb must be a cue in (PolNeAR train) to make a quoted fragment it
#: governs a partial quotation: the first threshold of data/cue_verbs.txt, before it was lowered
#: for indirect speech ("has seen his government ..." does not attribute a scare quote)
SPEECH_SHARE = 0.40


def word_list(name: str) -> frozenset[str]:
    """The lower-cased first column of ``data/NAME``, comment lines (``#``) left out."""
    text = resources.files("dateline.understand").joinpath("data", name).read_text("utf-8")
    return frozenset(line.split("\t")[0].strip().lower() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


@functools.cache
def cue_verbs() -> frozenset[str]:
    """The cue-verb lemmas (``data/cue_verbs.txt``, from PolNeAR train)."""
    return word_list("cue_verbs.txt")


@functools.cache
def speech_cue_verbs() -> frozenset[str]:
    """The cue-verb lemmas that are a cue in at least :data:`SPEECH_SHARE` of their uses on
    PolNeAR train (column 3 of ``data/cue_verbs.txt``; spelling variants count): the verbs
    that make a quoted fragment they govern a partial quotation ("calling ... “...”")."""
    text = resources.files("dateline.understand").joinpath("data", "cue_verbs.txt")
    found = set()
    for line in text.read_text("utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("#") or len(fields) < 2:
            continue
        share = fields[2] if len(fields) > 2 else "1"
        if fields[1] == "variant" or float(share) >= SPEECH_SHARE:
            found.add(fields[0].strip().lower())
    return frozenset(found)


@functools.cache
def indirect_cue_verbs() -> frozenset[str]:
    """The cue-verb lemmas that also introduce indirect speech (not marked ``direct-only``)."""
    text = resources.files("dateline.understand").joinpath("data", "cue_verbs.txt")
    return frozenset(line.split("\t")[0].strip().lower()
                     for line in text.read_text("utf-8").splitlines()
                     if line.strip() and not line.startswith("#")
                     and "direct-only" not in line.split("\t"))


@functools.cache
def animate_cues() -> frozenset[str]:
    """The cue-verb lemmas marked ``animate`` in ``data/cue_verbs.txt``: their indirect
    quotations need a speaker that names someone ("the strategy has seen ..." is no quote)."""
    return _marked("animate")


@functools.cache
def clause_only_cues() -> frozenset[str]:
    """The cue-verb lemmas marked ``clause-only`` in ``data/cue_verbs.txt``: a noun-phrase
    object alone ("pushed his promise") is not reported content of theirs."""
    return _marked("clause-only")


def _marked(marker: str) -> frozenset[str]:
    """The lemmas of ``data/cue_verbs.txt`` lines that have ``marker`` as a column."""
    text = resources.files("dateline.understand").joinpath("data", "cue_verbs.txt")
    return frozenset(line.split("\t")[0].strip().lower()
                     for line in text.read_text("utf-8").splitlines()
                     if not line.startswith("#") and marker in line.split("\t"))


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
        if child.dep_ == "prep" and child.lower_ in ("on", "in", "at", "during", "via", "through"):
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
