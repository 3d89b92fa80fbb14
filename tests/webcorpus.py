"""Hand-made article records for the web, API, alerts and browser tests.

Spans are found with ``str.find`` on the strings written below, so every offset here is a
code-point offset into the string it names (as in ``dateline.model.Span``). The stories are
invented; ``HOSTILE`` carries markup and script in every text field for the escaping tests.
"""

from __future__ import annotations

import hashlib

from dateline.model import Article


def _span(part: str, index: int, text: str, needle: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.find(needle, start + 1)
    assert start >= 0, (needle, text)
    return {"part": part, "index": index, "start": start, "end": start + len(needle)}


def make_article(*, source: str, headline: str, paragraphs: list[str], publisher: str,
                 published: str, entities: list[tuple[str, str, list[tuple[str, int, str]]]],
                 quotes: list[tuple[int, str, str | None, str | None]],
                 standfirst: str | None = None,
                 authors: list[str] | None = None, images: list[dict] | None = None,
                 boilerplate: list[dict] | None = None, url: str | None = None,
                 events: list[tuple] = ()) -> Article:
    """Build a record. ``entities`` are ``(name, type, [(part, index, text)])``; ``quotes`` are
    ``(paragraph, quote text, speaker name or None, speaker mention text or None)``; ``events``
    are ``(type, paragraph, trigger, source entity name or None, target entity name or None,
    when, quote index or None)``, each actor's mention its entity's first body mention and
    the event's span its whole paragraph."""
    digest = hashlib.sha256(source.encode()).hexdigest()

    def part_text(part: str, index: int) -> str:
        if part == "body":
            return paragraphs[index]
        if part == "caption":
            return images[index]["caption"]
        return {"headline": headline, "standfirst": standfirst}[part]

    ents = []
    for i, (name, etype, mentions) in enumerate(entities):
        ms = [{**_span(part, idx, part_text(part, idx), text), "text": text}
              for part, idx, text in mentions]
        ents.append({"id": f"e{i + 1}", "name": name, "type": etype, "mentions": ms})
    ids = {e["name"]: e["id"] for e in ents}
    qs = []
    for para, text, speaker, mention in quotes:
        q = {"kind": "direct", "text": text, "span": _span("body", para, paragraphs[para], text),
             "cue": "said"}
        if speaker:
            q["speaker"] = {"name": speaker, "entity": ids.get(speaker)}
            if mention:
                q["speaker"]["mention"] = {**_span("body", para, paragraphs[para], mention),
                                           "text": mention}
        qs.append(q)
    by_name = {e["name"]: e for e in ents}

    def actor(name: str | None) -> dict | None:
        if name is None:
            return None
        ent = by_name[name]
        mention = next(m for m in ent["mentions"] if m["part"] == "body")
        return {"name": name, "entity": ent["id"], "mention": mention}

    evs = [{"type": etype, "source": actor(source), "target": actor(target), "when": when,
            "trigger": trigger, "quote": quote,
            "trigger_span": _span("body", para, paragraphs[para], trigger),
            "span": _span("body", para, paragraphs[para], paragraphs[para])}
           for etype, para, trigger, source, target, when, quote in events]
    return Article.model_validate({
        "id": digest, "source": {"uri": source, "format": "text", "sha256": digest},
        "url": url, "publisher": publisher, "language": "en", "headline": headline,
        "standfirst": standfirst, "authors": authors or [], "published": published,
        "images": images or [], "paragraphs": paragraphs, "boilerplate": boilerplate or [],
        "entities": ents, "quotes": qs, "events": evs})


FERRY_P = [
    "Pellworth harbour council voted on Wednesday night to close the island's ferry terminal.",
    "\u201cWe cannot keep pouring money into a pier that the sea is taking back,\u201d said "
    "council leader Agnes Thornbury.",
    "Opponents said the Dunmore slipway would be unusable in winter. \u201cPeople will be cut "
    "off for weeks,\u201d said Colm Reddan, who runs the island shop.",
]
FERRY = make_article(
    source="test:ferry", headline="Harbour council votes to close Pellworth ferry terminal",
    standfirst="Residents say the decision leaves the island without a winter crossing",
    paragraphs=FERRY_P, publisher="The Coastal Ledger", published="2023-03-09T18:42:00+00:00",
    authors=["Marta Okonkwo-Reyes", "Daniel Frisby"], url="https://ledger.example/ferry",
    images=[{"caption": "Ferry passengers queue at the Pellworth terminal",
             "credit": "Ledger Photo/Ines Calloway"}],
    boilerplate=[{"text": "Independent journalism needs you. Donate now",
                  "kind": "donation_appeal"},
                 {"text": "Get breaking news alerts", "kind": "notification_prompt"}],
    entities=[("Agnes Thornbury", "PERSON", [("body", 1, "Agnes Thornbury")]),
              ("Colm Reddan", "PERSON", [("body", 2, "Colm Reddan")]),
              ("Pellworth", "GPE", [("headline", 0, "Pellworth"), ("body", 0, "Pellworth"),
                                    ("caption", 0, "Pellworth")])],
    quotes=[(1, "We cannot keep pouring money into a pier that the sea is taking back,",
             "Agnes Thornbury", "Agnes Thornbury"),
            (2, "People will be cut off for weeks,", "Colm Reddan", "Colm Reddan")],
    events=[("REJECT", 1, "cannot keep pouring money", "Agnes Thornbury", None, "2023-03-09", 0),
            ("ACCUSE", 2, "will be cut off", "Colm Reddan", "Agnes Thornbury", "2023-03-09",
             1)])

BRIDGE_P = [
    "The Riverside bridge reopened on Saturday after eight months of repairs.",
    "\u201cThe bridge is safe for every family in the valley,\u201d Thornbury said at the "
    "ribbon cutting.",
    "Traffic on the Pellworth road was light by the afternoon.",
]
BRIDGE = make_article(
    source="test:bridge", headline="Riverside bridge reopens after eight months",
    paragraphs=BRIDGE_P, publisher="Valley Courier", published="2023-05-14T09:00:00+01:00",
    authors=["Ines Calloway"],
    entities=[("Agnes Thornbury", "PERSON", [("body", 1, "Thornbury")]),
              ("Pellworth", "GPE", [("body", 2, "Pellworth")])],
    quotes=[(1, "The bridge is safe for every family in the valley,", "Agnes Thornbury",
             "Thornbury")],
    events=[("SUPPORT", 1, "is safe for every family", "Agnes Thornbury", None, "2023-05-14",
             0)])

STORM_P = [
    "Storm Eleni brought down power lines across the coast overnight.",
    "Engineers expect repairs to take until Friday.",
]
STORM = make_article(
    source="test:storm", headline="Storm Eleni cuts power to coastal villages",
    paragraphs=STORM_P, publisher="The Coastal Ledger", published="2023-05-20T07:15:00+00:00",
    entities=[], quotes=[])

HOSTILE_P = [
    "<script>window.__pwned = 1;</script>Residents gathered at the hall.",
    "\u201c<img src=x onerror=\"window.__pwned=2\">We will not be silenced,\u201d said "
    "<b>Mallory</b> Quince.",
]
HOSTILE = make_article(
    source="test:hostile", headline="<script>window.__pwned = 3;</script>Hall meeting",
    standfirst="<svg onload=\"window.__pwned=4\"></svg>", paragraphs=HOSTILE_P,
    publisher="<i>Evil</i> Gazette", published="2023-04-01T12:00:00+00:00",
    url="javascript:window.__pwned=5", authors=["<u>Eve</u>"],
    images=[{"caption": "<iframe src=\"https://evil.example\"></iframe>A hall",
             "url": "javascript:alert(1)"}],
    boilerplate=[{"text": "<script>window.__pwned=6</script>", "kind": "other"}],
    entities=[("<b>Mallory</b> Quince", "PERSON", [("body", 1, "<b>Mallory</b> Quince")])],
    quotes=[(1, "<img src=x onerror=\"window.__pwned=2\">We will not be silenced,",
             "<b>Mallory</b> Quince", "<b>Mallory</b> Quince")],
    events=[("PROTEST", 1, "We will not be silenced", "<b>Mallory</b> Quince", None,
             "2023-04-01", 0)])

ALL = [FERRY, BRIDGE, STORM, HOSTILE]


def fill(store, articles=ALL) -> None:
    """Add the records to ``store``."""
    for article in articles:
        store.add(article)
