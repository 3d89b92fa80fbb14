"""A four-article corpus written by hand for the store tests (SQLite and PostgreSQL).

A1 Northgate Herald 2024-03-05: Viktor Orbán on the border fence, in Budapest (direct quote;
   one event: Orbán REJECT, in Budapest, reported in the quote).
A2 The Midland Courier 2024-04-10: harbour council budget, Ana Müller (indirect quote; one
   event: the harbour council, no entity, AGREE "on Tuesday", 2024-04-09).
A3 Northgate Herald 2024-04-22: budget talks in Budapest, "Viktor Orban" without the accent
   (partial quote, on Twitter); same corpus entity as A1's Viktor Orbán. Two CONSULT events:
   talks in Budapest "on Monday" (no source), and Orban's "talks will resume next week"
   (2024-04-29, in the quote).
A4 no publisher, no date: Storm Eleni, no entities, no quotes, no events.
"""

from __future__ import annotations

import hashlib

from dateline.model import (
    Actor,
    Article,
    Entity,
    Event,
    Mention,
    Quote,
    Source,
    Span,
    Speaker,
)


def _mention(paragraphs: list[str], index: int, text: str) -> Mention:
    start = paragraphs[index].index(text)
    return Mention(part="body", index=index, start=start, end=start + len(text), text=text)


def _span(paragraphs: list[str], index: int, text: str) -> Span:
    m = _mention(paragraphs, index, text)
    return Span(part="body", index=index, start=m.start, end=m.end)


def article(name: str, *, headline: str, paragraphs: list[str], publisher: str | None = None,
            published: str | None = None, entities: list[tuple[str, str, list[tuple[int, str]]]]
            = (), quotes: list[dict] = (), authors: list[str] = (), events: list[dict] = ()
            ) -> Article:
    """Build a record: ``entities`` as (name, type, [(paragraph, text as written)]), ``quotes``
    as dicts with kind, text, paragraph, speaker (entity index or None), cue, medium;
    ``events`` as dicts with type, code, mode, context, paragraph, sentence (its text),
    trigger, source/target/where (an entity index, or ``(name, text as written)`` without an
    entity), when, when_text, quote."""
    source = f"test://{name}".encode()
    ents = [Entity(id=f"e{i + 1}", name=n, type=t,
                   mentions=[_mention(paragraphs, p, text) for p, text in ms])
            for i, (n, t, ms) in enumerate(entities)]
    qs = []
    for q in quotes:
        speaker = None
        if q.get("speaker") is not None:
            ent = ents[q["speaker"]]
            speaker = Speaker(name=ent.name, entity=ent.id, mention=ent.mentions[-1])
        qs.append(Quote(kind=q["kind"], text=q["text"],
                        span=_span(paragraphs, q["paragraph"], q["text"]), speaker=speaker,
                        cue=q.get("cue"), medium=q.get("medium")))
    evs = []
    for e in events:
        para = e["paragraph"]
        actors = {}
        for role in ("source", "target", "where"):
            who = e.get(role)
            if isinstance(who, int):
                ent = ents[who]
                actors[role] = Actor(name=ent.name, entity=ent.id,
                                     mention=next(m for m in ent.mentions if m.index == para))
            elif who is not None:
                actors[role] = Actor(name=who[0], mention=_mention(paragraphs, para, who[1]))
        evs.append(Event(type=e["type"], code=e.get("code"), mode=e.get("mode"),
                         context=e.get("context", []), **actors, when=e.get("when"),
                         when_text=e.get("when_text"), trigger=e["trigger"],
                         trigger_span=_span(paragraphs, para, e["trigger"]),
                         span=_span(paragraphs, para, e["sentence"]), quote=e.get("quote")))
    return Article(id=hashlib.sha256(source).hexdigest(),
                   source=Source(uri=f"{name}.html", format="html",
                                 sha256=hashlib.sha256(source).hexdigest()),
                   url=f"https://news.invalid/{name}", publisher=publisher, language="en",
                   headline=headline, authors=list(authors), published=published,
                   paragraphs=paragraphs, entities=ents, quotes=qs, events=evs)


P1 = ["Viktor Orbán said the border fence would stay.",
      "\u201cWe will not give in,\u201d Orbán told reporters in Budapest."]
A1 = article("a1", headline="Orbán defends border fence", paragraphs=P1,
             publisher="Northgate Herald", published="2024-03-05T09:00:00+01:00",
             authors=["Kata Szabó"],
             entities=[("Viktor Orbán", "PERSON", [(0, "Viktor Orbán"), (1, "Orbán")]),
                       ("Budapest", "GPE", [(1, "Budapest")])],
             quotes=[{"kind": "direct", "text": "We will not give in,", "paragraph": 1,
                      "speaker": 0, "cue": "told"}],
             events=[{"type": "REJECT", "code": "120", "paragraph": 1,
                      "sentence": P1[1], "trigger": "will not give in", "source": 0,
                      "where": 1, "when": "2024-03-05", "quote": 0}])
P2 = ["The harbour council approved the budget on Tuesday.",
      "Mayor Ana Müller said the vote was a relief for fishermen."]
A2 = article("a2", headline="Harbour council approves budget", paragraphs=P2,
             publisher="The Midland Courier", published="2024-04-10",
             authors=["Tom Reed", "Ana Lee"],
             entities=[("Ana Müller", "PERSON", [(1, "Ana Müller")])],
             quotes=[{"kind": "indirect", "text": "the vote was a relief for fishermen",
                      "paragraph": 1, "speaker": 0, "cue": "said"}],
             events=[{"type": "AGREE", "code": "030", "paragraph": 0, "sentence": P2[0],
                      "trigger": "approved", "source": ("harbour council", "The harbour council"),
                      "when": "2024-04-09", "when_text": "on Tuesday"}])
P3 = ["Talks on the budget stalled in Budapest on Monday.",
      "Viktor Orban said on Twitter that \u201cthe talks will resume next week\u201d."]
A3 = article("a3", headline="Budget talks stall in Budapest", paragraphs=P3,
             publisher="Northgate Herald", published="2024-04-22T18:00:00-05:00",
             entities=[("Budapest", "GPE", [(0, "Budapest")]),
                       ("Viktor Orban", "PERSON", [(1, "Viktor Orban")])],
             quotes=[{"kind": "partial", "text": "the talks will resume next week",
                      "paragraph": 1, "speaker": 1, "cue": "said", "medium": "on Twitter"}],
             events=[{"type": "CONSULT", "code": "040", "mode": "meet",
                      "context": ["economic"], "paragraph": 0, "sentence": P3[0],
                      "trigger": "Talks", "where": 0, "when": "2024-04-22",
                      "when_text": "on Monday"},
                     {"type": "CONSULT", "code": "040", "paragraph": 1, "sentence": P3[1],
                      "trigger": "talks will resume", "source": 1, "when": "2024-04-29",
                      "when_text": "next week", "quote": 0}])
A4 = article("a4", headline="Storm Eleni closes schools",
             paragraphs=["Storm Eleni closed every school in the valley."])
CORPUS = [A1, A2, A3, A4]


def stored(db: str, records: list[Article] | None = None) -> str:
    """Add ``records`` (default :data:`CORPUS`) to the store at ``db`` (a path or a URL, as
    :meth:`Store.open` takes it) and return ``db``."""
    from dateline.corpus import Store

    with Store.open(db) as store:
        for record in CORPUS if records is None else records:
            store.add(record)
    return db
