"""The syndication set of bench/duplicates.py: copies of real wire-length texts with the edits
syndication makes, generated at bench time from ../shared/eval (never written to the repo).

Originals are the gold bodies of two sets (html-articles ``articleBody``, one paragraph a line;
text-scrapes, the lines labelled ``body``) with at least :data:`MIN_PARAGRAPHS` paragraphs and
:data:`MIN_WORDS` words, none sharing more than :data:`MAX_OVERLAP` of its 5-word shingles
with another. Each original is published by one invented outlet and copied by 1 to 3 others,
each copy with a seeded random choice of these edits (at least two of them):

- a new headline and another byline (always: every outlet writes its own);
- a wire dateline before the first paragraph ("BRISTOL (Wireline) -");
- trimmed paragraphs: the last 1 to 40% of the paragraphs dropped, or one middle paragraph;
- added paragraphs: one or two of the outlet's own (a local angle, a correction notice, a
  request for comment; invented text) after the second paragraph or at the end;
- a "Reporting by ...; Editing by ..." line at the end.

Every page is rendered in its outlet's template: HTML (a nav menu, related links, a footer,
``<article>`` with ``<h1>``, byline and ``<time>``) or a text scrape (menu lines, share
buttons and footer kept, one block a line). Copies are published 1 to 48 hours after their
original, in other UTC offsets, and the pages are shuffled so that a copy is often stored
before its original. The gold groups are the original with its copies.
"""

from __future__ import annotations

import html
import json
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

MIN_PARAGRAPHS = 4
MIN_WORDS = 150
#: An original sharing more than this share of its 5-word shingles (exact sets) with an earlier
#: one is left out: the sets hold real syndicated copies of each other (L3S-GN1 was collected
#: from news clusters), which would be gold pairs the generator does not know of.
MAX_OVERLAP = 0.2

FIRST = ("Ada Brennan Carlo Dunmore Elif Farrow Gita Hollis Ines Jarvik Kofi Lindqvist Mara "
         "Novak Oren Pascoe Quill Ravel Sana Torvik Uma Vesely Wren Yates Zora Abelard").split()
CITIES = ("Bristol Lisbon Utrecht Tampere Ghent Porto Aarhus Graz Lyon Turin Cork Leeds").split()
AGENCIES = ("Wireline", "Press Union", "Newsfeed International")
LOCAL = (
    "{outlet} has asked the authorities for further comment and will update this story.",
    "Councillors in {city} said they were following the case closely and would discuss it "
    "at their next meeting.",
    "A spokesperson for the regional office in {city} declined to comment when contacted "
    "by {outlet} on {day}.",
    "This article was amended on {day} to correct the spelling of a name in the fourth "
    "paragraph.",
    "Readers in {city} who have been affected can write to the {outlet} newsroom, which is "
    "collecting accounts for a follow-up report.",
    "Local business owners in {city} told {outlet} the news had come as a surprise and that "
    "they expected more details within the week.",
)


@dataclass(frozen=True)
class Outlet:
    name: str
    host: str
    kind: str  # "html" or "text"
    offset: int  # UTC offset in hours


OUTLETS = [Outlet(f"The {c} {k}", f"{c.lower()}-{k.lower()}.example", kind, off)
           for (c, k, kind, off) in [
               ("Bristol", "Gazette", "html", 0), ("Lisbon", "Post", "text", 1),
               ("Utrecht", "Courier", "html", 1), ("Tampere", "Herald", "text", 2),
               ("Ghent", "Observer", "html", 1), ("Porto", "Daily", "text", 0),
               ("Aarhus", "Ledger", "html", 1), ("Graz", "Tribune", "text", 1),
               ("Lyon", "Record", "html", 1), ("Turin", "Chronicle", "text", 1),
               ("Cork", "Examiner", "html", 0), ("Leeds", "Messenger", "text", -5)]]


@dataclass(frozen=True)
class Page:
    """One generated page: its file name, bytes, format, gold group and whether it is the
    group's original."""

    name: str
    data: bytes
    format: str
    group: str
    original: bool


def originals(eval_dir: Path) -> list[tuple[str, list[str]]]:
    """``(id, paragraphs)`` of the gold bodies long enough to be wire texts, in a fixed order."""
    found = []
    gt = json.loads((eval_dir / "html-articles" / "ground-truth.json").read_text("utf-8"))
    for key in sorted(gt):
        found.append((f"h-{key}", [p.strip() for p in gt[key]["articleBody"].split("\n")]))
    scrapes = eval_dir / "text-scrapes"
    for labels in sorted(scrapes.glob("*.labels.json")):
        stem = labels.name[: -len(".labels.json")]
        lines = (scrapes / f"{stem}.txt").read_text("utf-8").split("\n")
        tags = json.loads(labels.read_text("utf-8"))
        found.append((f"t-{stem}", [ln.strip() for ln, t in zip(lines, tags, strict=False)
                                    if t == "body"]))
    out: list[tuple[str, list[str]]] = []
    kept: list[set[tuple[str, ...]]] = []
    for key, paragraphs in found:
        paragraphs = [p for p in paragraphs if len(p.split()) >= 3]
        if len(paragraphs) < MIN_PARAGRAPHS or sum(len(p.split()) for p in paragraphs) < \
                MIN_WORDS:
            continue
        words = re.findall(r"\w+", " ".join(paragraphs).lower())
        shingles = {tuple(words[i:i + 5]) for i in range(len(words) - 4)}
        if any(len(shingles & other) > MAX_OVERLAP * min(len(shingles), len(other))
               for other in kept):
            continue
        kept.append(shingles)
        out.append((key, paragraphs))
    return out


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(FIRST)}son"


def _headline(rng: random.Random, paragraphs: list[str]) -> str:
    words = rng.choice(paragraphs[: max(1, len(paragraphs) // 2)]).split()
    start = rng.randrange(max(1, len(words) - 8))
    return " ".join(words[start:start + rng.randint(5, 9)]).strip(" ,.;:").capitalize()


def _edit(rng: random.Random, paragraphs: list[str], outlet: Outlet, when: datetime) -> list[str]:
    """The body of a copy: the original's paragraphs with two or more edits."""
    out = list(paragraphs)
    edits = rng.sample(["dateline", "trim", "add", "credit"], rng.randint(2, 4))
    city = rng.choice(CITIES)
    day = when.strftime("%A")
    if "trim" in edits:
        if rng.random() < 0.7:
            cut = rng.randint(1, max(1, int(len(out) * 0.4)))
            out = out[:-cut]
        else:
            del out[rng.randrange(1, len(out) - 1)]
    if "add" in edits:
        for _ in range(rng.randint(1, 2)):
            text = rng.choice(LOCAL).format(outlet=outlet.name, city=city, day=day)
            out.insert(2 if rng.random() < 0.5 else len(out), text)
    if "dateline" in edits:
        out[0] = f"{city.upper()} ({rng.choice(AGENCIES)}) - {out[0]}"
    if "credit" in edits:
        out.append(f"Reporting by {_name(rng)} in {city}; Editing by {_name(rng)}")
    return out


def render(outlet: Outlet, headline: str, byline: str, when: datetime,
           paragraphs: list[str]) -> bytes:
    """The page of ``outlet``'s template (HTML or a text scrape with its chrome)."""
    stamp = when.isoformat()
    menu = ["Home", "News", "Sport", "Business", "Culture", "Opinion"]
    if outlet.kind == "text":
        lines = [outlet.name, " | ".join(menu), "Subscribe", headline, f"By {byline}",
                 when.strftime("%d %B %Y %H:%M"), *paragraphs, "Share on Facebook",
                 "Share on X", "Most read", f"Copyright {when.year} {outlet.name}. "
                 "All rights reserved."]
        return "\n\n".join(lines).encode("utf-8")
    e = html.escape
    body = "\n".join(f"<p>{e(p)}</p>" for p in paragraphs)
    nav = "".join(f'<li><a href="/{m.lower()}">{m}</a></li>' for m in menu)
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{e(headline)}"
            f" | {e(outlet.name)}</title><meta property=\"og:site_name\" content=\""
            f"{e(outlet.name)}\"></head><body><header><a href=\"/\">{e(outlet.name)}</a>"
            f"<nav><ul>{nav}</ul></nav></header><main><article><h1>{e(headline)}</h1>"
            f"<p class=\"byline\">By <span rel=\"author\">{e(byline)}</span></p>"
            f"<time datetime=\"{stamp}\">{when.strftime('%d %B %Y')}</time>{body}</article>"
            "<aside><h2>Related</h2><ul><li><a href=\"/news/1\">Roadworks to start next week"
            "</a></li><li><a href=\"/news/2\">Weekend weather: showers</a></li></ul></aside>"
            f"</main><footer><p>&copy; {when.year} {e(outlet.name)}</p><a href=\"/privacy\">"
            "Privacy</a></footer></body></html>").encode()


def generate(eval_dir: Path, *, limit: int | None = None, seed: int = 10) -> list[Page]:
    """The pages of the set (see the module docstring), shuffled, ``limit`` originals at
    most."""
    rng = random.Random(seed)
    pages = []
    for key, paragraphs in originals(eval_dir)[:limit]:
        outlets = rng.sample(OUTLETS, 1 + rng.randint(1, 3))
        t0 = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(
            minutes=rng.randrange(365 * 24 * 60))
        for n, outlet in enumerate(outlets):
            when = t0 if n == 0 else t0 + timedelta(minutes=rng.randint(60, 48 * 60))
            when = when.astimezone(timezone(timedelta(hours=outlet.offset)))
            body = paragraphs if n == 0 else _edit(rng, paragraphs, outlet, when)
            data = render(outlet, _headline(rng, paragraphs), _name(rng), when, body)
            ext = "html" if outlet.kind == "html" else "txt"
            pages.append(Page(f"{key}-{n}.{ext}", data, outlet.kind, key, n == 0))
    rng.shuffle(pages)
    return pages
