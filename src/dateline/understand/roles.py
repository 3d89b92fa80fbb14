"""Role descriptions: "the Russian leader", "the prime minister", "Hungary's prime minister".

An article gives a person a role in a title or an apposition next to their name ("Russian
President Vladimir Putin", "Hungary's Prime Minister Viktor Orban", "the visiting prime minister
of Hungary Viktor Orban"): each is a :class:`RoleFact`. A definite description with no name next
to it ("the Russian leader") is a :class:`RolePhrase` that :func:`resolve` maps to the one person
the facts fit: the same role (or a generic role such as "leader" for any head of state or
organisation) and, when the description names a country or organisation ("Russian", "of
Hungary"), the same affiliation. There is no coreference model here (see PRODUCT.md): these
rules on the parse are the whole method.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dateline import datafiles
from dateline.text_fold import fold
from dateline.understand.names import (
    GENERIC_ROLES,
    affiliation_key,
    canonical_role,
    demonyms,
    role_class,
    role_matches,
    roles,
)

#: Entity labels whose text can name an affiliation ("Hungary's", "of NATO", "Russian").
_AFFILIATION_LABELS = frozenset({"GPE", "ORG", "NORP", "LOC"})
#: Entity labels inside which a role noun is part of a name ("the Office of the President").
_NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "FAC", "EVENT", "LAW", "PRODUCT"})
#: Words a description may put between its determiner and its role ("the visiting prime
#: minister"); a demonym or an affiliation entity may stand there too.
_MAX_MODIFIERS = 4
#: Dependency labels of a word that modifies the role noun ("the *visiting* prime minister"),
#: as opposed to a verb before it ("endorsed Ohio Gov. X").
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "advmod", "npadvmod", "nummod"})
_MODIFIER_CLASSES = datafiles.rows("dateline.understand", "role_modifiers.txt", 2, 2)
#: Modifiers that make a role a past one ("the former president"; ``data/role_modifiers.txt``).
_FORMER = frozenset(word for word, cls in _MODIFIER_CLASSES if cls == "former")
#: Modifiers after which a description names no one in particular ("the next president", "the
#: only candidate"); a superlative adjective ("the best candidate") counts as "best".
_NON_REFERRING = frozenset(word for word, cls in _MODIFIER_CLASSES if cls == "non-referring")
#: Determiners that open a description -> "the" (definite) or "a" (``data/determiners.txt``).
_DETERMINERS = datafiles.mapping("dateline.understand", "determiners.txt")
#: Weight of a fact from a capitalised title before the name (a formal title) and from a
#: lower-case description next to it (looser, more often a misparse). Set by hand on the seed
#: page's pattern "the office of the prime minister <other name>"; not tuned on data.
TITLE_WEIGHT, DESCRIPTION_WEIGHT = 2, 1


@dataclass(frozen=True)
class RolePhrase:
    """A role noun phrase in one Doc: character offsets ``start``/``end`` into ``doc.text``
    (determiner to the end of an "of X" complement), the role ("prime minister"), the
    affiliation keys it names, its determiner ("the", "a", "poss" for "X's", or "") and whether
    the role word is capitalised (a formal title)."""

    start: int
    end: int
    role: str
    affiliations: frozenset[str]
    determiner: str
    capitalised: bool
    next_char: int  # offset of the first word after the phrase (and an optional comma)
    prev_char: int  # offset one past the last word before the phrase (and an optional comma)
    qualified: bool = False  # an "of ..." complement that names no known affiliation
    former: bool = False  # "the former president", "ex-minister": a past holder
    referring: bool = True  # False for "the next president", "the only candidate", "is the X"


@dataclass(frozen=True)
class RoleFact:
    """The article gives the entity ``cluster`` (an index) the ``role`` with ``affiliations``."""

    cluster: int
    role: str
    affiliations: frozenset[str]
    weight: int
    former: bool = False


@functools.cache
def _role_index() -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for role in roles():
        words = tuple(role.split())
        index[words[0]].append(words)
    for entries in index.values():
        entries.sort(key=len, reverse=True)
    return index


def _match_role(tokens: list[Token], i: int) -> int:
    """Return how many of ``tokens[i:]`` form the longest role, 0 when none."""
    for words in _role_index().get(_word(tokens[i]), ()):
        if i + len(words) <= len(tokens) and all(
                _word(tokens[i + k]) == w for k, w in enumerate(words)):
            if tokens[i + len(words) - 1].pos_ in ("NOUN", "PROPN"):
                return len(words)
    return 0


def _word(token: Token) -> str:
    return fold(token.text).rstrip(".")


def role_phrases(doc: Doc, ents: tuple[Span, ...] | None = None) -> list[RolePhrase]:
    """Return every role noun phrase of ``doc`` (see :class:`RolePhrase`), left to right.
    Roles inside a name (an ORG such as "the Office of the President") are left out."""
    tokens = [t for t in doc if t.text not in ("-", "‐")]
    ent_at: dict[int, Span] = {t: ent for ent in (doc.ents if ents is None else ents)
                               for t in range(ent.start, ent.end)}
    found: list[RolePhrase] = []
    i = 0
    while i < len(tokens):
        n = _match_role(tokens, i)
        if not n:
            i += 1
            continue
        first, last = tokens[i], tokens[i + n - 1]
        i += n
        ent = ent_at.get(first.i)
        if ent is not None and ent.label_ in _NAME_LABELS:
            continue
        affiliations: set[str] = set()
        modifiers: set[str] = set()
        start, start_i, determiner = first.idx, first.i, ""
        j, taken = first.i - 1, 0
        while j >= 0 and taken < _MAX_MODIFIERS:
            tok = doc[j]
            left_ent = ent_at.get(j)
            if tok.lower_ in _DETERMINERS:
                start, start_i = tok.idx, j
                determiner = _DETERMINERS[tok.lower_]
                break
            if tok.tag_ == "POS" and j > 0:
                owner = ent_at.get(j - 1)
                text = owner.text if owner is not None else doc[j - 1].text
                affiliations.add(affiliation_key(text))
                start_i = owner.start if owner is not None else j - 1
                start, determiner = doc[start_i].idx, "poss"
                break
            if left_ent is not None and left_ent.label_ in _AFFILIATION_LABELS:
                affiliations.add(affiliation_key(left_ent.text))
                start, start_i, j = left_ent.start_char, left_ent.start, left_ent.start - 1
                taken += 1
                continue
            if fold(tok.text) in demonyms():
                affiliations.add(demonyms()[fold(tok.text)])
            elif fold(tok.text) in _FORMER or (
                    tok.pos_ in ("ADJ", "NOUN", "VERB", "ADV") and tok.text.islower()
                    and tok.dep_ in _MODIFIER_DEPS):
                modifiers.add("best" if tok.tag_ in ("JJS", "RBS") else fold(tok.text))
            else:
                break
            start, start_i, j = tok.idx, j, j - 1
            taken += 1
        end = last.idx + len(last.text)
        k, qualified = last.i + 1, False
        if k + 1 < len(doc) and doc[k].lower_ == "of":
            m = k + 1
            if doc[m].lower_ == "the" and m + 1 < len(doc):
                m += 1
            right_ent = ent_at.get(m)
            if right_ent is not None and right_ent.label_ in _AFFILIATION_LABELS \
                    and right_ent.start == m:
                affiliations.add(affiliation_key(right_ent.text))
                end, k = right_ent.end_char, right_ent.end
            else:
                qualified = True  # "the leader of an EU member state": of what we cannot tell
        if k < len(doc) and doc[k].text == ",":
            k += 1
        next_char = doc[k].idx if k < len(doc) else doc[-1].idx + len(doc[-1].text)
        p = start_i - 1
        if p >= 0 and doc[p].text == ",":
            p -= 1
        prev_char = doc[p].idx + len(doc[p].text) if p >= 0 else -1
        role = " ".join(_word(t) for t in tokens[i - n:i])
        referring = (last.dep_ != "attr" and not modifiers & _NON_REFERRING
                     and (role not in GENERIC_ROLES or role == "leader" or bool(affiliations)))
        found.append(RolePhrase(start, end, canonical_role(role), frozenset(affiliations),
                                determiner, first.text[:1].isupper(), next_char, prev_char,
                                qualified, bool(modifiers & _FORMER), referring))
    return found


def resolve(phrase: RolePhrase, facts: list[RoleFact]) -> int | None:
    """Return the cluster a definite description refers to: the one whose facts fit its role
    and affiliations with the highest total weight, or None when none fits, two tie, or the
    phrase has an "of ..." complement that names no known country or organisation."""
    if phrase.qualified or not phrase.referring or role_class(phrase.role) == "descriptive":
        return None
    scores: dict[int, int] = defaultdict(int)
    for fact in facts:
        if not role_matches(phrase.role, fact.role) or phrase.former != fact.former:
            continue
        if phrase.affiliations and not phrase.affiliations & fact.affiliations:
            continue
        scores[fact.cluster] += fact.weight
    if not scores:
        return None
    ranked = sorted(scores.values(), reverse=True)
    if len(ranked) > 1 and ranked[0] == ranked[1]:
        return None
    return max(scores, key=scores.__getitem__)
