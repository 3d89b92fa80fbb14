"""Events of an article: who did what to whom, where and when, typed by PLOVER 2021 (issue 11).

Method (rules over the spaCy parse and a hand-written cue lexicon; no event model is shipped):

1. Triggers and their types: :mod:`dateline.understand.eventcues` (a cue lexicon under CAMEO
   codes, typed by the CAMEO-to-PLOVER table; one event per trigger that no other contains;
   intended and negated deeds retyped as CAMEO codes them).
2. Source, target and place on the parse: :mod:`dateline.understand.eventactors`.
3. Actors are named by the article's entities (the entity holding the actor phrase's head), else
   by the phrase as written; a relative pronoun by the noun it stands for; "I"/"we" in a
   quotation by its speaker; "he"/"she"/"it"/"they" in reported speech by the speaker when the
   types agree ("Stoltenberg said he had a call with Orban"), else by the nearest preceding
   entity of a fitting type (:func:`dateline.understand.speakers.resolve_pronoun`).
4. Reported speech: an event whose trigger is a quotation's cue ("Putin accused the West of
   ...") or lies inside a quotation keeps that quotation's index, and a cue's event takes the
   quotation's resolved speaker as its source.
5. When: a date expression of the sentence (``dates``, resolved against ``published``) attached
   to the trigger, its light verb or a verb above them ("on Monday said he had a call"); else
   the publication day (the date of ``published`` as the page states it).
6. An event told twice in the article (same type, source, target and day: a headline and its
   lead) is one record, at its first telling; a later telling, or a mention inside another
   event ("demands that Orban cancel his visit to Moscow") or in its background ("after the
   attack on Kirsk"), may add the place or target.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dateline.model import Actor, DateRef, Entity, Event, Mention, Quote, Span
from dateline.understand.entities import entity_at
from dateline.understand.eventactors import PLACE_LABELS, roles_of
from dateline.understand.eventcues import DocEvent, code, doc_events, lemma, words
from dateline.understand.names import demonyms, fold, is_role
from dateline.understand.parsed import ParsedArticle, PartKey, parsed_from_doc
from dateline.understand.speakers import PRONOUN_TYPES, Candidate, antecedent, resolve_pronoun

#: dependents left out of an actor's phrase as written (clauses, appositions, coordination)
_CUT = frozenset({"relcl", "acl", "appos", "conj", "cc", "advcl", "punct", "parataxis"})
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
#: possessive pronoun -> the pronoun it is resolved as ("his visit" is the visit of "he")
_POSSESSIVE = {"his": "he", "her": "she", "its": "it", "their": "they", "our": "we", "my": "i"}
_DETERMINERS = ("the ", "a ", "an ")
_PLACE_TYPES = PLACE_LABELS


@dataclass
class _Article:
    parsed: ParsedArticle
    entities: list[Entity]
    quotes: list[Quote]
    dates: list[DateRef]
    candidates: list[Candidate]
    order: dict[PartKey, int]


def _phrase(head: Token) -> tuple[int, int]:
    keep = [head]
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in _CUT or (child.dep_ == "prep" and (child.lower_ != "of" or any(
                    g.dep_ == "pcomp" or g.tag_ == "VBG" for g in child.children))):
                continue  # "the minister of lying": the deed, misparsed, not the actor
            keep.append(child)
            stack.append(child)
    first, last = min(t.i for t in keep), max(t.i for t in keep)
    doc = head.doc
    while first < head.i and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last > head.i and (doc[last].is_punct or doc[last].is_space
                             or doc[last].dep_ == "case"):
        last -= 1  # "the developer's" -> "the developer"
    return first, last


def _quote_at(art: _Article, key: PartKey, start: int) -> tuple[int, Quote, bool] | None:
    """The quotation whose cue (True) or text (False) holds offset ``start`` of ``key``."""
    inside = None
    for n, quote in enumerate(art.quotes):
        cue = quote.cue_span
        if cue is not None and (cue.part, cue.index) == key and cue.start <= start < cue.end:
            return n, quote, True
        span = quote.span
        if inside is None and (span.part, span.index) == key and span.start <= start < span.end:
            inside = (n, quote, False)
    return inside


def _speaker_actor(quote: Quote, mention: Mention | None) -> Actor | None:
    speaker = quote.speaker
    if speaker is None:
        return None
    return Actor(name=speaker.name, entity=speaker.entity, mention=mention or speaker.mention)


def _entity_type(art: _Article, entity_id: str | None) -> str | None:
    for entity in art.entities:
        if entity.id == entity_id:
            return entity.type
    return None


def _actor(art: _Article, key: PartKey, token: Token, quote: Quote | None) -> Actor:
    head = antecedent(token)
    doc = head.doc
    first, last = _phrase(head)
    phrase = doc[first:last + 1]
    mention = Mention(part=key[0], index=key[1], start=phrase.start_char, end=phrase.end_char,
                      text=phrase.text)
    word = _POSSESSIVE.get(head.lower_, head.lower_)
    if first == last and word in _FIRST_PERSON and quote is not None:
        actor = _speaker_actor(quote, mention)
        if actor is not None:
            return actor
    if first == last and word in PRONOUN_TYPES:
        if quote is not None and quote.kind != "direct" and quote.speaker is not None:
            kind = _entity_type(art, quote.speaker.entity)
            if kind in PRONOUN_TYPES[word] or (kind is None and word in ("it", "they")):
                return Actor(name=quote.speaker.name, entity=quote.speaker.entity,
                             mention=mention)
        cand = resolve_pronoun(word, art.order[key], head.idx, art.candidates)
        if cand is not None:
            return Actor(name=cand.name, entity=cand.entity, mention=mention)
        return Actor(name=head.text, entity=None, mention=mention)
    entity = entity_at(art.entities, key[0], key[1], head.idx, head.idx + len(head))
    if entity is None and is_role(lemma(head)):  # "the visiting prime minister ... Orban",
        edge = max([last] + [c.right_edge.i for c in head.children if c.dep_ == "appos"])
        lo, hi = phrase.start_char, doc[edge].idx + len(doc[edge])
        entity = next((e for e in art.entities if e.type == "PERSON" and any(  # "the minister,
            (m.part, m.index) == key and lo <= m.start and m.end <= hi  # Sigrun Eggertsdottir"
            for m in e.mentions)), None)
    if entity is not None:
        entity = _country(art, entity)
        return Actor(name=entity.name, entity=entity.id, mention=mention)
    name = phrase.text
    for det in _DETERMINERS:
        if name.lower().startswith(det):
            name = name[len(det):]
    return Actor(name=name, entity=None, mention=mention)


def _country(art: _Article, entity: Entity) -> Entity:
    """The country entity a nationality entity stands for ("Russian" -> Russia), when the
    article names that country (``data/demonyms.txt``); else ``entity``."""
    if entity.type != "NORP":
        return entity
    key = demonyms().get(fold(entity.name))
    for other in art.entities:
        if key and other.type == "GPE" and fold(other.name) == key:
            return other
    return entity


def _place(art: _Article, key: PartKey, token: Token | None) -> Actor | None:
    if token is None:
        return None
    first, last = _phrase(token)
    phrase = token.doc[first:last + 1]
    mention = Mention(part=key[0], index=key[1], start=phrase.start_char, end=phrase.end_char,
                      text=phrase.text)
    entity = entity_at(art.entities, key[0], key[1], token.idx, token.idx + len(token))
    if entity is not None:
        if entity.type not in _PLACE_TYPES:
            return None
        return Actor(name=entity.name, entity=entity.id, mention=mention)
    if art.entities or token.ent_type_ not in _PLACE_TYPES:
        return None
    # the spaCy entity around the token names the place ("New York", not "York")
    span = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    return Actor(name=span.text if span is not None else token.text, mention=mention)


def _ancestors(token: Token | None) -> list[Token]:
    out: list[Token] = []
    while token is not None and len(out) < 12:
        out.append(token)
        token = token.head if token.head.i != token.i else None
    return out


def _when(art: _Article, key: PartKey, doc: Doc, event: DocEvent, light: Token | None
          ) -> tuple[str | None, str | None]:
    sent = event.trigger.sent
    above = {t.i: n for n, t in enumerate(_ancestors(event.trigger))}
    for n, t in enumerate(_ancestors(light)):
        above.setdefault(t.i, n)
    best: tuple[int, DateRef] | None = None
    for date in art.dates:
        span = date.span
        if (span.part, span.index) != key or not (
                sent.start_char <= span.start and span.end <= sent.end_char):
            continue
        found = doc.char_span(span.start, span.end, alignment_mode="expand")
        if found is None:
            continue
        node = found.root  # up to the verb the date is said of ("met ... in X on Monday")
        for _ in range(8):
            if node.head.i == node.i:
                break
            node = node.head
            if node.i in above and (best is None or above[node.i] < best[0]):
                best = (above[node.i], date)
                break
            if node.pos_ in ("VERB", "AUX"):
                break
    if best is not None:
        return best[1].value, best[1].text
    published = art.parsed.article.published
    return (published[:10] if published else None), None


def _trigger(doc: Doc, key: PartKey, tokens: list[Token]) -> tuple[str, Span]:
    ordered = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    groups: list[list[Token]] = []
    for t in ordered:
        if groups and t.i == groups[-1][-1].i + 1:
            groups[-1].append(t)
        else:
            groups.append([t])
    text = " ... ".join(doc[g[0].i:g[-1].i + 1].text for g in groups)
    span = Span(part=key[0], index=key[1], start=ordered[0].idx,
                end=ordered[-1].idx + len(ordered[-1]))
    return text, span


def _inner(events: list[DocEvent]) -> list[DocEvent]:
    out = []
    for event in events:
        out.extend(event.inner + event.background)
        out.extend(_inner(event.inner + event.background))
    return out


def _events_of(art: _Article, key: PartKey, doc: Doc, told: list[DocEvent]) -> list[Event]:
    """Events of the DocEvents ``told`` of string ``key`` (steps 3 to 5)."""
    out = []
    for event in told:
        roles = roles_of(event)
        if event.trigger.pos_ in ("NOUN", "PROPN") and (not roles.sources or any(
                c.dep_ == "amod" and lemma(c) in words("maybe") for c in event.trigger.children)):
            continue  # "the peace talks", "a possible invasion": a topic, not a deed done
        if not roles.sources and not roles.targets:
            continue
        found = _quote_at(art, key, event.trigger.idx)
        quote_index, quote, is_cue = found if found else (None, None, False)
        sources: list[Actor | None] = [_actor(art, key, t, quote) for t in roles.sources]
        if is_cue and quote is not None and quote.speaker is not None and (
                not sources or (len(sources) == 1 and antecedent(roles.sources[0]).pos_ == "PRON")):
            sources = [_speaker_actor(quote, None)]  # the cue's speaker, resolved
        sources = sources or [None]
        targets: list[Actor | None] = [_actor(art, key, t, quote) for t in roles.targets]
        targets = targets or [None]
        when, when_text = _when(art, key, doc, event, roles.light)
        trigger, trigger_span = _trigger(doc, key, event.words + (
            [roles.light] if roles.light is not None else []))
        sent = event.trigger.sent
        span = Span(part=key[0], index=key[1], start=sent.start_char,
                    end=sent.start_char + len(sent.text.rstrip()))
        typed = code(event.code)
        place = _place(art, key, roles.place)
        for source in sources:
            for target in targets:
                if source is not None and target is not None and source.entity and \
                        source.entity == target.entity:
                    target = None  # "Syria ... withdraw its troops": no one else acted on
                out.append(Event(
                    type=typed.type, code=typed.code, mode=typed.mode,
                    context=list(typed.context), source=source, target=target, where=place,
                    when=when, when_text=when_text, trigger=trigger,
                    trigger_span=trigger_span, span=span, quote=quote_index))
    return out


def _key(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    return actor.entity or " ".join(actor.name.lower().split())


def _named_target(event: Event) -> str | None:
    """The target's key, or None when there is none or it is only the place (see
    :func:`dateline.understand.eventactors.roles_of`)."""
    if event.target is None or (event.where is not None and event.target.entity is not None
                                and event.target.entity == event.where.entity):
        return None
    return _key(event.target)


def _merge(events: list[Event], mentions: list[Event]) -> list[Event]:
    """Step 6 of the module docstring: a telling joins an earlier one of the same type, source
    and day whose target is the same, or either of which names no target ("the visit of Mr
    Orban" after "the visiting prime minister" with Putin). ``mentions`` are events named
    inside other events ("cancel his visit to Moscow"): they are no events of their own but
    may add the place or target of one told elsewhere."""
    out: list[Event] = []
    for event in events + [m.model_copy(update={"quote": -1}) for m in mentions]:
        same = None
        for n, first in enumerate(out):
            if (first.type, _key(first.source), first.when) != (
                    event.type, _key(event.source), event.when) or first.source is None:
                continue
            if _key(first.target) == _key(event.target) or _named_target(first) is None \
                    or _named_target(event) is None:
                same = n
                break
        if same is None:
            if event.quote != -1:
                out.append(event)
            continue
        first = out[same]
        update = {}
        if first.where is None and event.where is not None:
            update["where"] = event.where
        if first.target is None and event.target is not None:
            update["target"] = event.target
        if update:
            out[same] = first.model_copy(update=update)
    return out


def find_events(parsed: ParsedArticle, entities: list[Entity], quotes: list[Quote],
                dates: list[DateRef]) -> list[Event]:
    """Return the events of one parsed article in reading order (headline, standfirst,
    captions, body), given its ``entities``, ``quotes`` (their indices become
    ``Event.quote``) and resolved ``dates``. Spans are code-point offsets into their string.
    Never raises on any parse."""
    order = {key: n for n, (key, _) in enumerate(parsed.items())}
    candidates = sorted(
        (Candidate(order[(m.part, m.index)], m.start, e.type, e.name, e.id)
         for e in entities for m in e.mentions if (m.part, m.index) in order),
        key=lambda c: (c.order, c.start))
    art = _Article(parsed, entities, quotes, dates, candidates, order)
    events: list[Event] = []
    mentions: list[Event] = []
    for key, doc in parsed.items():
        told = doc_events(doc)
        events.extend(_events_of(art, key, doc, told))
        mentions.extend(_events_of(art, key, doc, _inner(told)))
    return _merge(events, mentions)


def events_in_doc(doc: Doc) -> list[Event]:
    """Return the events of one plain spaCy Doc, treated as body paragraph 0 (spans are offsets
    into ``doc.text``); actors are named by ``doc._.dateline_entities`` and reported speech
    found through ``doc._.dateline_quotes`` when those components ran before. ``when`` is only
    set by a date the sentence gives with a year. Used by the ``dateline_events`` component."""
    from dateline.understand.dates import find_dates

    entities = (doc._.dateline_entities or []) if Doc.has_extension("dateline_entities") else []
    quotes = (doc._.dateline_quotes or []) if Doc.has_extension("dateline_quotes") else []
    parsed = parsed_from_doc(doc)
    return find_events(parsed, entities, quotes, find_dates(parsed))
