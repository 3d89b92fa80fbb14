"""Quotations with their speakers over a whole article (issue 3, item 3): the quotation stage.

:func:`find_quotes` pairs quotation marks across the article's paragraphs
(:mod:`~dateline.understand.quotemarks`), finds the quotations of each string on its parse
(:mod:`~dateline.understand.attribution`), then settles speakers in reading order: a pronoun
speaker ("he said") becomes the nearest preceding person or organisation that fits, a quotation
with no cue of its own (the next paragraph of a long quote, or a paragraph-initial quote right
after one) takes the previous quotation's speaker, and every speaker is named by the article's
entity (canonical name and id) when one covers the mention.
"""

from __future__ import annotations

import logging
from typing import cast

from spacy.tokens import Doc, Token

from dateline.config import current
from dateline.model import Entity, Mention, Quote, Span, Speaker
from dateline.understand.attribution import DocQuote, doc_quotes, introducing_cue
from dateline.understand.entities import entity_at
from dateline.understand.names import organisation_heads
from dateline.understand.openings import article_opening
from dateline.understand.parsed import (
    ParsedArticle,
    PartKey,
    parsed_from_doc,
    token_span,
)
from dateline.understand.quotemarks import Quoted, find_quoted
from dateline.understand.speakers import (
    GROUP,
    PRONOUN_GENDER,
    SPEAKER_TYPES,
    Candidate,
    antecedent,
    gender_of,
    group_phrase,
    is_pronoun,
    name_in_phrase,
    noun_phrase,
    resolve_pronoun,
)

log = logging.getLogger(__name__)

_DETERMINERS = ("the ", "a ", "an ")


def _stretches(parsed: ParsedArticle) -> dict[PartKey, list[Quoted]]:
    """Quoted stretches of every string; body paragraphs are paired as one sequence."""
    out: dict[PartKey, list[Quoted]] = {}
    body = [(key, parsed.article.part_text(*key)) for key, _ in parsed.items()
            if key[0] == "body"]
    for (key, _), stretches in zip(body, find_quoted([t for _, t in body]), strict=True):
        out[key] = stretches
    for key, _ in parsed.items():
        if key[0] != "body":
            out[key] = find_quoted([parsed.article.part_text(*key)])[0]
    return out


def _inside(stretches: list[Quoted], start: int) -> bool:
    return any(q.start <= start < q.end for q in stretches)


def _candidates(parsed: ParsedArticle, entities: list[Entity], order: dict[PartKey, int],
                stretches: dict[PartKey, list[Quoted]]) -> list[Candidate]:
    """Possible antecedents of pronoun speakers in reading order, outside quotations and the
    dateline opening: the entities' mentions, or spaCy's entities when no Entity list is
    given; plural subjects (:data:`GROUP`); and subjects named by a proper noun that heads
    organisations' names where the tagger found no entity ("The Harbour and Dock Workers'
    Union said", as ORG)."""
    cands = []
    opening = article_opening(parsed)
    if entities:
        for entity in entities:
            if entity.type not in SPEAKER_TYPES:
                continue
            for m in entity.mentions:
                key = (m.part, m.index)
                if opening is not None and opening.within(key, m.start):
                    continue  # "HARWICK (Agency) -": no pronoun stands for the opening's names
                if key in order and not _inside(stretches.get(key, []), m.start):
                    cands.append(Candidate(order[key], m.start, entity.type, entity.name,
                                           entity.id))
    else:
        for key, doc in parsed.items():
            for e in doc.ents:
                if e.label_ in SPEAKER_TYPES and not _inside(stretches[key], e.start_char) \
                        and not (opening is not None and opening.within(key, e.start_char)):
                    cands.append(Candidate(order[key], e.start_char, e.label_, e.text, None))
    for key, doc in parsed.items():
        for tok in doc:  # plural subjects: "Council engineers ... a wall that they say ..."
            if tok.dep_ != "nsubj" or tok.ent_type_ in SPEAKER_TYPES \
                    or _inside(stretches[key], tok.idx):
                continue
            if tok.tag_ in ("NNS", "NNPS"):
                cands.append(Candidate(order[key], tok.idx, GROUP, group_phrase(tok), None))
            elif tok.tag_ == "NNP" and tok.lower_ in organisation_heads():
                # "The Harbour and Dock Workers' Union said ..., which it called": a named
                # organisation the tagger made no entity of ("the company" is not one: it
                # refers on to a name itself)
                cands.append(Candidate(order[key], tok.idx, "ORG", group_phrase(tok), None))
    cands.sort(key=lambda c: (c.order, c.start))
    return cands


def _genders(parsed: ParsedArticle, entities: list[Entity], order: dict[PartKey, int],
             stretches: dict[PartKey, list[Quoted]], candidates: list[Candidate]
             ) -> dict[str, str]:
    """Entity id -> "m"/"f" for the people whose gender the article shows: an honorific before
    a mention ("Mrs Berg"), or "he"/"she"/"his"/"her" outside quotations in a sentence where
    that person is the only one named before it ("Osei, who ... where she works"). An entity
    shown both ways gets no gender."""
    seen: dict[str, set[str]] = {}
    for entity in entities:
        if entity.type != "PERSON":
            continue
        for m in entity.mentions:
            before = parsed.article.part_text(m.part, m.index)[:m.start].split()
            gender = gender_of(before[-1]) if before else None
            if gender:
                seen.setdefault(entity.id, set()).add(gender)
    people = [c for c in candidates if c.type == "PERSON" and c.entity]
    for key, doc in parsed.items():
        for tok in doc:
            gender = PRONOUN_GENDER.get(tok.lower_)
            if gender is None or _inside(stretches[key], tok.idx):
                continue
            sent = tok.sent
            named = {c.entity for c in people if c.order == order[key]
                     and sent.start_char <= c.start < tok.idx}
            if len(named) == 1:
                seen.setdefault(cast(str, named.pop()), set()).add(gender)
    return {eid: next(iter(g)) for eid, g in seen.items() if len(g) == 1}


def _speaker(doc: Doc, text: str, key: PartKey, dq: DocQuote, entities: list[Entity],
             candidates: list[Candidate], order: int, genders: dict[str, str]
             ) -> Speaker | None:
    if dq.speaker is None or dq.speaker_head is None:
        return None
    part, index = key
    first, last = dq.speaker
    head = doc[dq.speaker_head]
    phrase = doc[first:last + 1]
    mention = Mention(part=part, index=index, start=phrase.start_char, end=phrase.end_char,
                      text=phrase.text)
    named_by = antecedent(head)
    if named_by is not head:  # "who said": named by the noun the clause hangs on
        head = named_by
        first, last = noun_phrase(head)
    if dq.cue is not None and doc[dq.cue[0]].lower_ == "according":
        owner = _owner(head)
        if owner is not None:  # "according to the council's estimate": the council says so
            head, first, last = owner, owner.left_edge.i, owner.i
            phrase = doc[first:last + 1]
    if is_pronoun(head) and first == last:
        cand = resolve_pronoun(head.lower_, order, head.idx, candidates, genders)
        if cand is None:
            return Speaker(name=head.text, entity=None, mention=mention)
        gender = PRONOUN_GENDER.get(head.lower_)
        if gender and cand.entity and cand.type == "PERSON":
            genders.setdefault(cand.entity, gender)  # "she said" of Berg: Berg is a woman
        return Speaker(name=cand.name, entity=cand.entity, mention=mention)
    named = name_in_phrase(doc, first, last, head)
    entity = entity_at(entities, part, index, head.idx, head.idx + len(head))
    if entity is None and named is not None:
        entity = entity_at(entities, part, index, *named)
    if entity is not None:
        return Speaker(name=entity.name, entity=entity.id, mention=mention)
    if named is not None:
        return Speaker(name=text[named[0]:named[1]], entity=None, mention=mention)
    name = phrase.text
    for det in _DETERMINERS:
        if name.lower().startswith(det):
            name = name[len(det):]
    return Speaker(name=name, entity=None, mention=mention)


def _owner(head: Token) -> Token | None:
    """For a common-noun source that is a document or figure ("the council's estimate",
    "figures from the borough council"), the head of who owns or issued it, else None."""
    if head.pos_ != "NOUN" or head.ent_type_ in SPEAKER_TYPES:
        return None
    for child in head.children:
        if child.dep_ == "poss" and child.pos_ in ("NOUN", "PROPN"):
            return child
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN"):
                    return pobj
    return None


#: the values of the ``attribution`` setting: the trained tagger, or the rule system alone
ATTRIBUTIONS = ("model", "rules")


def find_quotes(parsed: ParsedArticle, entities: list[Entity], attribution: str = "model"
                ) -> list[Quote]:
    """Return the quotations of ``parsed`` in reading order (headline, standfirst, captions, body).

    ``attribution`` chooses who finds them: ``"model"``, the trained tagger
    (:mod:`dateline.understand.model_quotes`, speakers resolved by the rules below), or
    ``"rules"``, the rule system on the parse alone. Raises ``ValueError`` for another value and
    ``EncoderError`` (kind ``model``) when the tagger's encoder is not installed.

    ``entities`` (from :func:`dateline.understand.entities.find_entities`, may be empty) name the
    speakers: ``speaker.name`` is the entity's canonical name and ``speaker.entity`` its id when an
    entity covers the speaker mention; ``speaker.mention`` is the phrase as written ("he",
    "NATO's Secretary General Jens Stoltenberg"). Spans are code-point offsets into their string.
    Never raises on any parse.
    """
    if attribution not in ATTRIBUTIONS:
        raise ValueError(f"attribution must be one of {ATTRIBUTIONS}, not {attribution!r}")
    stretches = _stretches(parsed)
    order = {key: n for n, (key, _) in enumerate(parsed.items())}
    candidates = _candidates(parsed, entities, order, stretches)
    genders = _genders(parsed, entities, order, stretches, candidates)
    if attribution == "model":
        from dateline.understand.model_quotes import model_quotes

        # resolving a speaker learns genders ("she said" of Berg): the model's speakers learn
        # into a copy, and the rules, when asked, start from the genders as found here, as a
        # run of the rule system alone does (the stretches and candidates are shared, not
        # found twice)
        learned = dict(genders)

        def speaker_of(doc: Doc, text: str, key: PartKey, dq: DocQuote) -> Speaker | None:
            return _speaker(doc, text, key, dq, entities, candidates, order[key], learned)

        return model_quotes(parsed, stretches, speaker_of, lambda: _rule_quotes(
            parsed, entities, stretches, order, candidates, genders))
    return _rule_quotes(parsed, entities, stretches, order, candidates, genders)


def _rule_quotes(parsed: ParsedArticle, entities: list[Entity],
                 stretches: dict[PartKey, list[Quoted]], order: dict[PartKey, int],
                 candidates: list[Candidate], genders: dict[str, str]) -> list[Quote]:
    """The rule system's quotations of ``parsed`` (``attribution = "rules"``), given what
    :func:`find_quotes` found first: the quoted stretches, each string's reading order, the
    pronouns' candidate antecedents and the genders (which speaker resolution extends)."""
    quotes: list[Quote] = []
    previous: Quote | None = None
    seen: set[tuple[PartKey, int, int]] = set()
    introduced: tuple[Speaker | None, Span | None, str | None, Span | None] | None = None
    for key, doc in parsed.items():
        string = parsed.article.part_text(*key)
        for n, dq in enumerate(doc_quotes(doc, stretches[key], string,
                                          headline=key[0] == "headline")):
            text = dq.text if dq.text is not None else string[dq.start:dq.end]
            if not text.strip() or (key, dq.start, dq.end) in seen:
                continue  # empty, or the same words reached through a second cue
            seen.add((key, dq.start, dq.end))
            if dq.inherit and n == 0 and introduced is not None and key[0] == "body":
                # "Smith said:" ended the previous paragraph: this quotation is what was said
                speaker, cue_span, cue, medium = introduced
                quote = Quote(kind=dq.kind, text=text, speaker=speaker, cue=cue,
                              cue_span=cue_span, medium=medium and parsed.article.part_text(
                                  medium.part, medium.index)[medium.start:medium.end],
                              span=Span(part=key[0], index=key[1], start=dq.start, end=dq.end))
                quotes.append(quote)
                previous = quote
                continue
            if dq.inherit:
                speaker = None
                if previous is not None and previous.speaker is not None and (
                        previous.span.part, previous.span.index) in (
                        key, (key[0], key[1] - current().quotes.max_inherit_gap)):
                    speaker = previous.speaker
                if speaker is None and dq.kind == "partial":
                    continue  # a scare quote, not a quotation
            else:
                speaker = _speaker(doc, string, key, dq, entities, candidates, order[key],
                                   genders)
            cue_span = token_span(doc, key, dq.cue)
            medium = token_span(doc, key, dq.medium)
            quote = Quote(
                kind=dq.kind, text=text,
                span=Span(part=key[0], index=key[1], start=dq.start, end=dq.end),
                speaker=speaker,
                cue=string[cue_span.start:cue_span.end] if cue_span else None,
                cue_span=cue_span,
                medium=string[medium.start:medium.end] if medium else None,
            )
            quotes.append(quote)
            if dq.kind in ("direct", "partial") and speaker is not None:
                previous = quote
            elif dq.kind in ("direct",):
                previous = quote
        introduced = None
        intro = introducing_cue(doc, string) if key[0] == "body" else None
        if intro is not None:
            cue_span = token_span(doc, key, intro.cue)
            assert cue_span is not None  # an introducing cue has its cue tokens
            introduced = (_speaker(doc, string, key, intro, entities, candidates, order[key],
                                   genders),
                          cue_span, string[cue_span.start:cue_span.end],
                          token_span(doc, key, intro.medium))
    return quotes


def quotes_in_doc(doc: Doc, attribution: str = "model") -> list[Quote]:
    """Return the quotations of one plain spaCy Doc, treated as body paragraph 0 (spans are
    offsets into ``doc.text``); speakers are named by ``doc._.dateline_entities`` when the
    ``dateline_entities`` component ran before. Used by the ``dateline_quotes`` component."""
    entities: list[Entity] = []
    if Doc.has_extension("dateline_entities"):
        entities = doc._.dateline_entities or []
    return find_quotes(parsed_from_doc(doc), entities, attribution)
