"""The event cue lexicon and its word classes (issue 11): CAMEO codes typed by PLOVER 2021, the
cue phrases under them, and the lemmas and frames :mod:`dateline.understand.eventcues` matches
them on.

* ``data/plover_codes.txt``: CAMEO code -> PLOVER 2021 type, mode and contexts, built from the
  CAMEO-to-PLOVER table of the PLOVER manual draft 0.8 by ``scripts/build_plover_codes.py``.
* ``data/event_cues.txt``: hand-written cue phrases under CAMEO codes (the file says how a
  phrase is matched).
* ``data/event_words.txt``: word classes of the event stage (actor nouns, intent, light verbs,
  place prepositions, background subordinators, ...).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Token

from dateline import datafiles

#: how many steps down the parse a cue's other words may stand from its trigger
FRAME_DEPTH = 3
#: relations that make up a trigger's frame (where a cue's words and its target are looked for)
FRAME_DEPS = frozenset({"prt", "prep", "pobj", "pcomp", "dobj", "xcomp", "acomp", "compound",
                        "amod", "attr", "oprd", "dative", "agent", "nmod", "ccomp", "advmod",
                        "npadvmod"})


@dataclass(frozen=True)
class Code:
    """One CAMEO code as PLOVER 2021 types it (``data/plover_codes.txt``)."""

    code: str
    type: str
    mode: str | None
    context: tuple[str, ...]


@dataclass(frozen=True)
class Cue:
    """One lexicon phrase: the trigger lemma (``noun`` when it is a noun), the other lemmas
    that must stand in its frame, the CAMEO code, and its place in the file (ties)."""

    code: str
    head: str
    noun: bool
    words: tuple[str, ...]
    rank: int


def _data(name: str, columns: int) -> tuple[tuple[str, ...], ...]:
    return datafiles.rows("dateline.understand", name, columns, columns)


@functools.cache
def codes() -> dict[str, Code]:
    """CAMEO code -> :class:`Code`, from ``data/plover_codes.txt``."""
    out = {}
    for number, kind, mode, context, _ in _data("plover_codes.txt", 5):
        out[number] = Code(number, kind, mode or None,
                           tuple(c for c in context.split(";") if c))
    return out


def code(number: str) -> Code:
    """The :class:`Code` of a CAMEO code; raises ``KeyError`` for a code the table lacks."""
    return codes()[number]


@functools.cache
def cues() -> dict[tuple[str, bool], tuple[Cue, ...]]:
    """(trigger lemma, is a noun) -> its cues, longest first, from ``data/event_cues.txt``."""
    table: dict[tuple[str, bool], list[Cue]] = {}
    for rank, (number, phrase) in enumerate(_data("event_cues.txt", 2)):
        code(number)  # every cue's code is in the PLOVER table
        head, *words = phrase.split()
        noun = head.endswith("/n")
        head = head.removesuffix("/n")
        table.setdefault((head, noun), []).append(Cue(number, head, noun, tuple(words), rank))
    return {key: tuple(sorted(found, key=lambda c: (-len(c.words), c.rank)))
            for key, found in table.items()}


@functools.cache
def words(kind: str) -> frozenset[str]:
    """The lemmas of one class of ``data/event_words.txt`` (actor, intent, light, place)."""
    return frozenset(w for w, k in _data("event_words.txt", 2) if k == kind)


def lemma(token: Token) -> str:
    """The token's lemma in lower case ("talks" -> "talk", "Sanctions" -> "sanction")."""
    return token.lemma_.lower()


def forms(token: Token) -> tuple[str, ...]:
    """The token's lemma and, for an inflected verb, its stem written out ("staged" -> stage;
    the small model's lemmatiser gives "stag"), most likely first."""
    word = token.lower_
    out = [lemma(token)]
    if token.tag_ in ("VBD", "VBN") and word.endswith("ed"):
        out += [word[:-1], word[:-2]]
    elif token.tag_ == "VBG" and word.endswith("ing"):
        out += [word[:-3] + "e", word[:-3]]
    elif token.tag_ == "VBZ" and word.endswith("s"):
        out += [word[:-1]]
    return tuple(dict.fromkeys(out))


def is_light(token: Token) -> bool:
    """Whether ``token`` is a light verb ("held talks", "staged a protest")."""
    return any(f in words("light") for f in forms(token))


def frame(token: Token, depth: int = FRAME_DEPTH) -> list[Token]:
    """The tokens of ``token``'s frame, nearest first: its children through :data:`FRAME_DEPS`,
    theirs, and so on, ``depth`` steps down."""
    out: list[Token] = []
    level = [token]
    for _ in range(depth):
        level = [c for t in level for c in t.children if c.dep_ in FRAME_DEPS]
        out.extend(level)
    return out


@functools.cache
def cues_heads() -> frozenset[str]:
    """Every trigger lemma of the lexicon."""
    return frozenset(head for head, _ in cues())
