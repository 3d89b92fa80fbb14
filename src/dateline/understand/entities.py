"""Entities: one per real-world referent of an article, under one canonical name and one type.

Method (rules on the spaCy parse; no coreference model can be installed, see PRODUCT.md):

1. Every named-entity span of the article's strings is a mention, cut to the name proper
   (:mod:`dateline.understand.mentions`: no "the", honorific, title or possessive, no
   lower-case function word at an edge ("Ilse Brandauer of" -> "Ilse Brandauer", a PERSON
   mention when the tagger said WORK_OF_ART of the longer span); runs of capitals the tagger
   joined on title-case lines dropped or cut back).
2. Mentions of two or more name tokens that hold the same tokens in any order are one
   entity ("Marki-Zay Peter" = "Peter Marki-Zay"); a person's shorter full name joins the one
   longer name that contains it.
3. A one-token mention ("Orban", "Peter", "Gyöngyösi") joins the person whose name holds that
   token: the only one, else the one mentioned last before it. spaCy's label is not trusted
   here (the small model tags "Stoltenberg" GPE and "Orban" ORG in some sentences), except that
   a country name or demonym never joins a person.
4. Name tokens of a person that the tagger missed are found by string matching.
5. Role descriptions ("the Russian leader") join the person the article gives that role
   (:mod:`dateline.understand.roles`).
6. The canonical name is the fullest form written (diacritics kept when the fullest form has
   them; sentence case preferred to capitals); the type is PERSON when any mention stands
   after a title; a place (GPE unless ``data/places.txt`` says otherwise) when a mention is the
   place of the dateline opening, ORG when one is its agency credit
   (:mod:`dateline.understand.openings`); PERSON when a mention is a full personal name not
   outnumbered by mentions tagged as places, or the article gives it a role; a place type for
   a well-known place (``data/places.txt``); a place when a mention stands where places do
   ("the port of Harwick", :mod:`dateline.understand.placecues`); else the label most name
   words carry (PERSON on a tie, except for a one-word name never written in full that stands
   after "at" or "in" and never acts; an acronym is never a PERSON vote).
   One name gets one type in an article, whatever the tagger says of each mention.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import cast

from spacy.lang.en.stop_words import STOP_WORDS

from dateline import datafiles
from dateline.model import Entity, Mention, Part
from dateline.text_fold import fold
from dateline.understand import placecues
from dateline.understand import roles as rolemod
from dateline.understand.mentions import NameMention, collect, drop_title_case_runs, trim_runs
from dateline.understand.names import (
    demonyms,
    name_tokens,
    part_of,
    place_type,
    same_name,
)
from dateline.understand.openings import article_opening
from dateline.understand.parsed import ParsedArticle, PartKey

#: Labels of a place or nationality: such a one-word mention never joins a person's name when
#: it is a known country or demonym ("Jordan" the country is not Michael Jordan).
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP"})
#: Labels the small model gives people by mistake; a title or role next to such a mention
#: makes it a person.
_MAYBE_PERSON = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "PRODUCT", "FAC"})
#: Labels of a named place (a facility included: the small model tags towns FAC)
_NAMED_PLACES = frozenset({"GPE", "LOC", "FAC"})
#: Words of a name left out of its initials (``data/name_connectors.txt``).
_CONNECTORS = datafiles.words("dateline.understand", "name_connectors.txt")


@dataclass
class _Cluster:
    mentions: list[NameMention] = field(default_factory=list)
    person: bool = False

    @property
    def tokens(self) -> tuple[str, ...]:
        named = [m for m in self.mentions if not m.role]
        return max((m.tokens for m in named), key=len) if named else ()


def _is_person(group: list[NameMention]) -> bool:
    if any(m.opening and not m.titled for m in group):
        return False  # the place or the agency of the dateline opening ("SELBY QUAY (Agency) -")
    return any(m.label == "PERSON" or m.titled for m in group)


def _initials(tokens: tuple[str, ...]) -> str:
    return "".join(t[0] for t in tokens if t not in _CONNECTORS)


def _cluster(mentions: list[NameMention]) -> list[_Cluster]:
    groups: dict[frozenset[str], list[NameMention]] = {}
    for m in mentions:
        if len(set(m.tokens)) > 1:
            groups.setdefault(frozenset(m.tokens), []).append(m)
    clusters: list[_Cluster] = []
    for tokset in sorted(groups, key=len, reverse=True):
        group = groups[tokset]
        person = _is_person(group)
        if person:
            wider = [c for c in clusters if c.person and tokset < set(c.tokens)]
            if len(wider) == 1:
                wider[0].mentions.extend(group)
                continue
        clusters.append(_Cluster(list(group), person))
    singles: dict[str, _Cluster] = {}
    places = set(demonyms()) | set(demonyms().values())
    alone = [m for m in mentions if len(set(m.tokens)) == 1]
    labels: dict[str, Counter[str | None]] = {}
    for m in alone:
        labels.setdefault(m.tokens[0], Counter())[m.label] += 1
    for m in sorted(alone, key=lambda m: m.order):
        token = m.tokens[0]
        candidates = [c for c in clusters if c.person and token in c.tokens]
        seen = labels[token]
        place_votes = sum(seen[label] for label in _PLACE_LABELS)
        if m.opening or m.label in _PLACE_LABELS and (token in places or place_type(token) or (
                place_votes >= 2 and place_votes > seen["PERSON"])):
            candidates = []  # a place in its own right ("London" of "Breitbart London")
        if candidates:
            _nearest(candidates, m).mentions.append(m)
            continue
        acronym = [c for c in clusters if not c.person and len(token) > 1
                   and _initials(c.tokens) == token]
        if len(acronym) == 1 and m.text.isupper():
            acronym[0].mentions.append(m)
            continue
        # "the Ledger" for "The Coastal Ledger", "Stanek" for "Tomas Stanek" tagged GPE both
        # times: the last word of one other name, under the same label
        headed = [c for c in clusters if not c.person and c.tokens and c.tokens[-1] == token
                  and any(x.label == m.label for x in c.mentions)]
        if len(headed) == 1:
            headed[0].mentions.append(m)
            continue
        if token not in singles:
            singles[token] = _Cluster()
            clusters.append(singles[token])
        singles[token].mentions.append(m)
    for cluster in clusters:
        cluster.person = cluster.person or _is_person(cluster.mentions)
    return clusters


def _nearest(candidates: list[_Cluster], m: NameMention) -> _Cluster:
    """The candidate mentioned last before ``m``, else the first one mentioned."""
    def last_before(c: _Cluster) -> tuple[int, int]:
        return max((x.order for x in c.mentions if x.order <= m.order), default=(-1, -1))
    best = max(candidates, key=last_before)
    if last_before(best) == (-1, -1):
        best = min(candidates, key=lambda c: min(x.order for x in c.mentions))
    return best


def _string_matches(parsed: ParsedArticle, clusters: list[_Cluster],
                    positions: dict[PartKey, int]) -> None:
    """Add mentions of person names the tagger missed (step 4 of the module docstring)."""
    persons = [c for c in clusters if c.person]
    counts = Counter(t for c in persons for t in set(c.tokens))
    texts = [(key, parsed.text(key)) for key, _ in parsed.items()]
    folded = {key: fold(text) for key, text in texts}
    taken: dict[PartKey, list[tuple[int, int]]] = {}
    for c in clusters:
        for m in c.mentions:
            taken.setdefault(m.key, []).append((m.start, m.end))
    for cluster in persons:
        forms = {m.tokens for m in cluster.mentions if len(m.tokens) > 1}
        forms |= {(t,) for t in cluster.tokens
                  if counts[t] == 1 and len(t) > 2 and t not in STOP_WORDS}
        if not forms:
            continue
        alternation = "|".join(r"\s+".join(map(re.escape, f))
                               for f in sorted(forms, key=lambda f: -sum(map(len, f))))
        pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")
        for key, text in texts:
            for match in pattern.finditer(folded[key]):
                start, end = match.span()
                if not text[start].isupper() or any(
                        s < end and start < e for s, e in taken.get(key, ())):
                    continue
                taken.setdefault(key, []).append((start, end))
                cluster.mentions.append(NameMention(
                    key, (positions[key], start), start, end, text[start:end], None,
                    tuple(match.group().split())))


def _add_roles(parsed: ParsedArticle, clusters: list[_Cluster],
               positions: dict[PartKey, int]) -> None:
    """Add role-description mentions (step 5 of the module docstring)."""
    starts: dict[tuple[PartKey, int], int] = {}
    ends: dict[tuple[PartKey, int], int] = {}
    for n, c in enumerate(clusters):
        if c.person or any(m.label in _MAYBE_PERSON for m in c.mentions):
            for m in c.mentions:
                starts[(m.key, m.start)] = n
                ends[(m.key, m.end)] = n
    facts: list[rolemod.RoleFact] = []
    pending: list[tuple[PartKey, rolemod.RolePhrase, str]] = []
    for key, doc in parsed.items():
        for phrase in rolemod.role_phrases(doc, parsed.ents(key)):
            named = starts.get((key, phrase.next_char))
            weight = rolemod.TITLE_WEIGHT if phrase.capitalised else rolemod.DESCRIPTION_WEIGHT
            if named is None and phrase.determiner in ("the", "a"):
                named = ends.get((key, phrase.prev_char))  # apposition: "X, the party leader"
                weight = rolemod.DESCRIPTION_WEIGHT
            if named is not None:
                facts.append(rolemod.RoleFact(named, phrase.role, phrase.affiliations, weight,
                                              phrase.former))
                clusters[named].person = True  # a role is a person's: fixes an ORG tag
            elif phrase.determiner in ("the", "poss"):
                pending.append((key, phrase, parsed.text(key)[phrase.start:phrase.end]))
    for key, phrase, text in pending:
        target = rolemod.resolve(phrase, facts)
        if target is not None:
            clusters[target].mentions.append(NameMention(
                key, (positions[key], phrase.start), phrase.start, phrase.end, text, None,
                (), role=True))


def _canonical(cluster: _Cluster) -> str:
    named = [m for m in cluster.mentions if not m.role]
    # prefer names as a sentence writes them: not in capitals ("CHARLESTON"), not over a line
    # break ("Donald Trump\nMANCHESTER")
    plain = [m for m in named if not m.text.isupper() and "\n" not in m.text]
    named = plain or named
    longest = max(len(m.tokens) for m in named)
    full = [m for m in named if len(m.tokens) == longest]
    with_diacritics = [m for m in full if fold(m.text) != m.text.lower()]
    chosen = min(with_diacritics or full, key=lambda m: m.order)
    return " ".join(chosen.text.split())


def _type(cluster: _Cluster) -> str:
    named = [m for m in cluster.mentions if m.label is not None]
    if any(m.titled for m in named):
        return "PERSON"
    openings = {m.opening for m in cluster.mentions if m.opening}
    if "place" in openings:  # "SELBY QUAY (Agency) -": the place a story was filed from
        return place_type(_canonical(cluster)) or "GPE"
    if "credit" in openings:
        return "ORG"  # "(Northline)" of the opening: the agency that filed it
    # a full personal name tagged PERSON makes a person, unless the article's other mentions
    # of it, tagged as places, outnumber those tagged PERSON ("strike at Selby Quay" tagged LOC
    # twice, PERSON once)
    persons = sum(m.label == "PERSON" for m in named)
    places = sum(m.label in _NAMED_PLACES for m in named)
    if persons >= places and any(m.label == "PERSON" and len(m.tokens) > 1 for m in named):
        return "PERSON"
    if cluster.person and not any(m.label == "PERSON" for m in named):
        return "PERSON"  # only a role the article gives it says so ("X, the foreign minister")
    known = {place_type(m.text) for m in named}
    if len(known) == 1 and (place := next(iter(known))) is not None:
        return place  # "Kiev" tagged PERSON, "Crimea" ORG: a well-known place
    cues = {m.cue for m in cluster.mentions}
    if placecues.PLACE in cues:  # "the port of Harwick", "the Harwick harbour"
        places_seen = Counter(m.label for m in named if m.label in _NAMED_PLACES)
        return places_seen.most_common(1)[0][0] if places_seen else "GPE"
    # a vote weighs as many name words as its mention has ("Fox Business Network" outweighs
    # one "FBN"); an acronym is never a personal name, whatever the tagger says
    votes: Counter[str] = Counter()
    for m in named:
        if not (m.label == "PERSON" and m.text.isupper()):
            votes[cast(str, m.label)] += len(m.tokens)
    if not votes:
        return "PERSON" if cluster.person else "ORG"
    top = max(votes.values())
    # a one-word name never written in full, found after "at" or "in" and never acting
    # ("a stoppage at Harwick"): a place or a company, not the person a tie would make it
    placed = all(len(m.tokens) == 1 for m in named) and placecues.LOCATIVE in cues \
        and placecues.ACTOR not in cues
    if votes["PERSON"] == top and (not placed or list(votes.values()).count(top) == 1):
        return "PERSON"  # a tie: the small model tags people ORG far more than the reverse
    return cast(str, min((m for m in named if votes[cast(str, m.label)] == top
                          and m.label != "PERSON"), key=lambda m: m.order).label)


def _mark_opening(parsed: ParsedArticle, mentions: list[NameMention],
                  positions: dict[PartKey, int]) -> None:
    """Mark the mentions inside the article's dateline opening with their part of it ("place"
    or "credit"), and add the opening's place as a mention when the tagger left it out (a town
    in capitals often is): it names the place the story was filed from."""
    opening = article_opening(parsed)
    if opening is None:
        return
    for m in mentions:
        m.opening = opening.holds(m.key, m.start, m.end)
    start, end = opening.place
    if any(m.opening == "place" for m in mentions):
        return
    if any(m.key == opening.key and m.start < end and start < m.end for m in mentions):
        return  # a mention of the tagger's own runs over it
    text = parsed.text(opening.key)[start:end]
    tokens = name_tokens(text, person=False)
    if tokens:
        mentions.append(NameMention(opening.key, (positions[opening.key], start), start, end,
                                    text, None, tokens, opening="place"))
        mentions.sort(key=lambda m: m.order)


def find_entities(parsed: ParsedArticle) -> list[Entity]:
    """Return the entities of one parsed article, numbered ``e1``, ``e2``, ... in the order
    of their first mention (headline, standfirst, captions, body). Each mention's ``start`` and
    ``end`` are code-point offsets into the string ``(part, index)`` of the article; mentions
    are in reading order. Never raises on any text."""
    mentions, positions = collect(parsed)
    mentions = drop_title_case_runs(parsed, mentions)
    trim_runs(mentions)
    _mark_opening(parsed, mentions, positions)
    docs = dict(parsed.items())
    for m in mentions:
        m.cue = placecues.name_cue(docs[m.key], m.start, m.end)
    clusters = _cluster(mentions)
    _string_matches(parsed, clusters, positions)
    _add_roles(parsed, clusters, positions)
    _string_matches(parsed, clusters, positions)  # for names a role has just made people
    clusters = [c for c in clusters if any(not m.role for m in c.mentions)]
    clusters.sort(key=lambda c: min(m.order for m in c.mentions))
    entities = []
    for n, cluster in enumerate(clusters, start=1):
        ordered = sorted(cluster.mentions, key=lambda m: (m.order, m.end))
        entities.append(Entity(
            id=f"e{n}", name=_canonical(cluster), type=_type(cluster),
            mentions=[Mention(part=_part(m.key), index=m.key[1], start=m.start, end=m.end,
                              text=m.text) for m in ordered]))
    return entities


def _part(key: PartKey) -> Part:
    return key[0]


def entity_at(entities: list[Entity], part: str, index: int, start: int, end: int
              ) -> Entity | None:
    """Return the entity with a mention overlapping ``[start, end)`` of string ``(part,
    index)`` (code-point offsets), the one overlapping most when several do; else None."""
    best, best_overlap = None, 0
    for entity in entities:
        for m in entity.mentions:
            if m.part == part and m.index == index:
                overlap = min(end, m.end) - max(start, m.start)
                if start == end and m.start <= start < m.end:
                    overlap = 1  # an empty span inside the mention
                if overlap > best_overlap:
                    best, best_overlap = entity, overlap
    return best


def entity_named(entities: list[Entity], name: str) -> Entity | None:
    """Return the entity ``name`` refers to under the canonical-name rules: a mention written
    the same way ("the Russian leader", "Mr Orban"), else the same name tokens in any order
    with diacritics, titles and possessives ignored ("Orbán", "Peter Marki-Zay"), else the only
    entity (people first) whose name holds all of its tokens ("Peter", "Orban"). None when
    nothing or more than one entity fits."""
    written = " ".join(fold(name).split())
    for entity in entities:
        if fold(entity.name) == written or any(
                " ".join(fold(m.text).split()) == written for m in entity.mentions):
            return entity
    tokens = name_tokens(name)
    if not tokens:
        return None
    for test in (same_name, part_of):
        fits = [e for e in entities if test(tokens, name_tokens(e.name, person=False))]
        people = [e for e in fits if e.type == "PERSON"]
        if len(people) == 1:
            return people[0]
        if len(fits) == 1:
            return fits[0]
        if fits:
            return None
    return None
