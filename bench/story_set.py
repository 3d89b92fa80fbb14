"""The invented story set of bench/stories.py: news pages about invented events, with gold stories.

Everything is made up by this script (no text of any real page): a coast of invented towns,
people, companies and unions, and a calendar of events in them. Each event is one gold story and
is reported by 2 to 6 of six invented outlets, each with its own house style (a wire service
with a ``TOWN, Month D (Wire) -`` dateline and terse paragraphs, a local broadsheet with
background paragraphs, a tabloid with punchy headlines and short paragraphs, a regional
daily, a business paper that leads with the company, a radio newsroom writing in the present
tense), over the following days: a first report on the day, then follow-ups (the second day's
developments, then the outcome) up to six days later. The wording of every sentence is drawn
from several templates per event kind and phase, with varied verbs, numbers that move between
phases, quotations by the event's people, and background sentences.

Hard cases are built in on purpose:

* **same kind, other place and time**: a "sibling" event of the same kind in another town
  9 to 30 days later, led by the same person where a person leads across towns (a union leader
  calls a second strike at another port a fortnight later; a company's second factory fire);
* **same people and place, other event**: a second event of another kind in the same town
  within 0 to 6 days (the town's mayor speaks in both);
* **same person, same place, same day, other event**: a "twin", an event of another kind in
  the same town on the same day (2 to 8 hours apart), led by the first event's lead person in
  that person's role (a union leader at a strike in the morning and at a factory fire in the
  afternoon); one twin for every ten events. The twins are drawn after the calendar from their
  own random stream, so the other events and their pages are those of the set without them;
* **people everywhere**: two ministers and a regional police chief comment on many events.

Each page is an HTML file with ``og:site_name`` and ``article:published_time``, as news sites
write them, so that ``dateline.extract`` recovers publisher and time from the page itself.
One town holds no two events of one kind within 30 days (their gold would be ambiguous: a
strike resumed at the same port a week after a deal is arguably the same story); derailments
are of the rail company's trains. ``build(seed)`` is deterministic; bench/stories.py fits on
seed 1 and reports on seed 2.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from story_templates import COMMENTS, KINDS

TOWNS = ["Port Ellery", "Kelsham", "Dunmore Bay", "Arnsby", "Wrexley", "Tollbridge",
         "Saltmarsh", "Carrow Point", "Haverleigh", "Brenmoor", "Ostley", "Fennick Harbour"]
PORTS = ["Port Ellery", "Dunmore Bay", "Carrow Point", "Fennick Harbour", "Saltmarsh"]
RIVERS = {"Kelsham": "River Kell", "Arnsby": "River Arn", "Wrexley": "River Wrex",
          "Tollbridge": "River Toll", "Haverleigh": "River Haver", "Brenmoor": "River Bren",
          "Ostley": "River Ost", "Port Ellery": "River Elle", "Dunmore Bay": "River Dun",
          "Saltmarsh": "River Salt", "Carrow Point": "River Carrow",
          "Fennick Harbour": "River Fenn"}
FIRST = ["Mara", "Tobias", "Ines", "Gareth", "Lucia", "Oskar", "Priya", "Declan", "Helena",
         "Rafael", "Nadia", "Callum", "Yvette", "Anselm", "Bronwen", "Ivo", "Talia", "Emrys",
         "Sunniva", "Matthias", "Orla", "Kasper", "Delphine", "Rowan", "Agata", "Fergus"]
LAST = ["Quist", "Harrowgate", "Velmont", "Okafor", "Brannagh", "Lindqvist", "Marchetti",
        "Pellow", "Szabo", "Trevanion", "Achterberg", "Kowalczyk", "Fairweather", "Duvall",
        "Mbeki", "Castellane", "Thorsby", "Whitlock", "Rennard", "Oyelaran", "Galbraith",
        "Haldane", "Ferreira", "Novak", "Ashdown", "Ingleby"]
COMPANIES = ["Ellery Harbour Holdings", "Brightwater Plastics", "Northcoast Rail",
             "Calder Foods", "Sefton Marine Logistics", "Averill Steel", "Greymoor Chemicals"]
UNIONS = ["Coastal Workers Union", "National Transport Union", "Allied Industrial Union"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@dataclass
class Outlet:
    """An invented outlet: its name, site address, house style and reporters."""

    name: str
    host: str
    style: str  # wire, broadsheet, tabloid, regional, business, radio
    reporters: list[str]


OUTLETS = [
    Outlet("The Harbour Wire", "harbourwire.example", "wire", ["Ann Corrigan", "Piet Halloran"]),
    Outlet("The Midvale Courier", "midvalecourier.example", "broadsheet",
           ["Judith Penhale", "Samuel Okonjo"]),
    Outlet("Daily Clarion", "dailyclarion.example", "tabloid", ["Vic Danby", "Shelley Rourke"]),
    Outlet("Northshore Post", "northshorepost.example", "regional",
           ["Eilidh Marr", "Tom Ravenscroft"]),
    Outlet("The Coastal Ledger", "coastalledger.example", "business",
           ["Frances Oduya", "Hugh Carbery"]),
    Outlet("Radio Brenmoor News", "radiobrenmoor.example", "radio", ["Gwen Tallis"]),
]


@dataclass
class Event:
    """One real-world event of the invented world: a gold story."""

    id: int
    kind: str
    town: str
    day: datetime
    slots: dict[str, str]
    sibling_of: int | None = None
    #: a twin (drawn from ``World.twin_rng``, articles and pages too)
    twin: bool = False
    #: (day offset, phase, outlet) of each article about it
    articles: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass
class Page:
    """A generated page: its HTML bytes, gold story (event id), publication time, outlet;
    ``twin_of``: for a twin's page, the event id of the event it is the twin of."""

    name: str
    html: bytes
    story: int
    published: datetime
    outlet: str
    kind: str
    twin_of: int | None = None


#: kinds led by a person who acts in more than one town (the sibling events share them)
ROAMING = {"strike": "lead", "layoffs": "lead", "derailment": "lead", "trial": "lead"}


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in used:
            used.add(name)
            return name


class World:
    """The invented world of one seed: mayors per town, people per role, the calendar."""

    def __init__(self, seed: int) -> None:
        self.rng = rng = random.Random(seed)
        used: set[str] = set()
        self.mayor = {t: _name(rng, used) for t in TOWNS}
        self.fire_chief = {t: _name(rng, used) for t in TOWNS}
        self.engineer = {t: _name(rng, used) for t in TOWNS}
        self.union_leads = {u: _name(rng, used) for u in UNIONS}
        self.ceos = {c: _name(rng, used) for c in COMPANIES}
        self.investigators = [_name(rng, used) for _ in range(2)]
        self.prosecutors = [_name(rng, used) for _ in range(3)]
        self.directors = {t: _name(rng, used) for t in TOWNS}
        self.minister_t, self.minister_e, self.police = (_name(rng, used) for _ in range(3))
        self.used = used
        #: the twins' own stream (a str seed is hashed, deterministically)
        self.twin_rng = random.Random(f"twins-{seed}")

    def slots(self, kind: str, town: str, lead: str | None = None,
              company: str | None = None, rng: random.Random | None = None
              ) -> dict[str, str]:
        rng = rng or self.rng
        union = rng.choice(UNIONS)
        company = company or ("Northcoast Rail" if kind == "derailment" else
                              "Ellery Harbour Holdings" if kind == "strike" and rng.random() < 0.3
                              else rng.choice(COMPANIES))
        leads = {"strike": self.union_leads[union], "fire": self.fire_chief[town],
                 "flood": self.mayor[town], "bridge": self.engineer[town],
                 "layoffs": self.ceos[company], "derailment": rng.choice(self.investigators),
                 "festival": self.directors[town], "trial": rng.choice(self.prosecutors)}
        bridge = rng.choice(["Old Stone Bridge", "Victoria Bridge", "Mill Lane Bridge",
                             "Harbour Swing Bridge", "Kingsway Bridge"])
        return {
            "town": town, "company": company, "union": union,
            "lead": lead or leads[kind], "union_lead": self.union_leads[union],
            "ceo": self.ceos[company], "mayor": self.mayor[town], "river": RIVERS[town],
            "bridge": bridge, "defendant": _name(rng, self.used),
            "n": str(rng.choice([120, 180, 240, 300, 350, 400, 450, 600, 800])),
            "ships": str(rng.randint(6, 30)), "pct": str(rng.randint(3, 9)),
            "injured": str(rng.randint(2, 9)), "crews": str(rng.randint(8, 25)),
            "homes": str(rng.choice([40, 60, 90, 120, 200, 300])),
            "miles": str(rng.randint(4, 15)), "cost": str(rng.randint(2, 12)),
            "years": str(rng.randint(2, 7)), "wagons": str(rng.randint(3, 14)),
            "cargo": rng.choice(["timber", "coal", "grain", "containers", "fuel"]),
            "minister_t": self.minister_t, "minister_e": self.minister_e,
            "police": self.police}


def _calendar(world: World, n_events: int, twins: bool = True) -> list[Event]:
    rng = world.rng
    start = datetime(2025, 3, 3, 6, 0)
    events: list[Event] = []
    def clash(kind: str, town: str, day: datetime) -> bool:
        # one town does not hold two events of one kind within 30 days: the gold would be
        # ambiguous (a strike at a port resumed a week after a deal is arguably one story)
        return any(e.kind == kind and e.town == town and abs((e.day - day).days) < 30
                   for e in events)

    while len(events) < n_events:
        r = rng.random()
        if events and r < 0.3:  # a sibling: same kind, another town, 9-30 days later
            base = rng.choice(events)
            towns = PORTS if base.kind == "strike" else TOWNS
            town = rng.choice([t for t in towns if t != base.town])
            lead = base.slots["lead"] if base.kind in ROAMING else None
            company = base.slots["company"] if base.kind in ("fire", "layoffs") else None
            day = base.day + timedelta(days=rng.randint(9, 30), hours=rng.randint(-4, 8))
            if clash(base.kind, town, day):
                continue
            events.append(Event(len(events), base.kind, town, day,
                                world.slots(base.kind, town, lead, company), base.id))
        elif events and r < 0.5:  # same town and people, another kind, within 6 days
            base = rng.choice(events)
            kind = rng.choice([k for k in KINDS if k != base.kind
                               and (k != "strike" or base.town in PORTS)])
            day = base.day + timedelta(days=rng.randint(0, 6), hours=rng.randint(-3, 8))
            if clash(kind, base.town, day):
                continue
            events.append(Event(len(events), kind, base.town, day,
                                world.slots(kind, base.town), base.id))
        else:
            kind = rng.choice(list(KINDS))
            town = rng.choice(PORTS if kind == "strike" else TOWNS)
            day = start + timedelta(days=rng.randint(0, 80), hours=rng.randint(0, 12))
            if clash(kind, town, day):
                continue
            events.append(Event(len(events), kind, town, day, world.slots(kind, town)))
    if twins:
        _twins(world, events, clash)
    for event in events:
        r = world.twin_rng if event.twin else rng
        outlets = r.sample(range(len(OUTLETS)), r.randint(2, 5))
        for k, o in enumerate(outlets):
            event.articles.append((r.choice([0, 0, 1]), 0, OUTLETS[o].name))
            if k < 3 and r.random() < 0.6:
                event.articles.append((r.randint(1, 3), 1, OUTLETS[o].name))
            if k < 2 and r.random() < 0.5:
                event.articles.append((r.randint(3, 6), 2, OUTLETS[o].name))
    return events


def _twins(world: World, events: list[Event], clash) -> None:
    """Append the twins (see the module docstring): for one event in ten, an event of another
    kind in its town on the same calendar day, 2 to 8 hours apart, whose lead is the first
    event's lead in that person's role. Draws only from ``world.twin_rng``."""
    rng = world.twin_rng
    wanted, bases = len(events) // 10, list(events)
    rng.shuffle(bases)
    for base in bases:
        if wanted == 0:
            break
        kinds = [k for k in KINDS if k != base.kind and (k != "strike" or base.town in PORTS)]
        kind = rng.choice(kinds)
        later = min(8, 23 - base.day.hour)
        hours = rng.randint(2, later) if later >= 2 else -rng.randint(2, min(8, base.day.hour))
        day = base.day + timedelta(hours=hours)
        if clash(kind, base.town, day):
            continue
        slots = world.slots(kind, base.town, base.slots["lead"], rng=rng)
        slots["lead_role"] = KINDS[base.kind]["lead_role"].format(**base.slots)
        events.append(Event(len(events), kind, base.town, day, slots, base.id, twin=True))
        wanted -= 1


def _fill(template: str, slots: dict[str, str]) -> str:
    return template.format(**slots)


def _article(rng: random.Random, event: Event, phase: int, outlet: Outlet, when: datetime
             ) -> tuple[str, str | None, list[str], str]:
    spec = KINDS[event.kind]
    # a twin keeps its lead's role in the first event
    slots = dict(event.slots, weekday=when.strftime("%A"),
                 lead_role=event.slots.get("lead_role")
                 or spec["lead_role"].format(**event.slots))
    headline = _fill(rng.choice(spec["headline"][phase]), slots)
    ledes = list(spec["lede"][phase])
    rng.shuffle(ledes)
    lede = _fill(ledes[0], slots)
    body = [_fill(s, slots) for s in rng.sample(spec["body"][phase],
                                                k=min(len(spec["body"][phase]),
                                                      rng.randint(2, 4)))]
    extra = [_fill(s, slots) for s in (spec["body"][max(0, phase - 1)] if phase else [])]
    standfirst = _fill(ledes[1], slots) if len(ledes) > 1 and outlet.style in (
        "broadsheet", "regional", "business") else None
    style = outlet.style
    if style == "wire":
        lede = f"{event.town.upper()}, {MONTHS[when.month - 1]} {when.day} ({outlet.name}) - " \
               + lede
        paragraphs = [lede, *body]
    elif style == "tabloid":
        headline = headline.upper() if rng.random() < 0.3 else headline + "!"
        paragraphs = [lede.split(", ")[0] + "." if lede.count(", ") > 1 else lede,
                      *[p for s in body for p in [s]]]
    elif style == "broadsheet":
        paragraphs = [lede, *body, *rng.sample(extra, k=min(2, len(extra)))]
    elif style == "business":
        paragraphs = [lede, *body[:2],
                      f"Shares in {event.slots['company']} were little changed in morning "
                      "trading." if event.kind in ("fire", "layoffs", "derailment", "strike")
                      else f"Traders in {event.town} said the week had been a quiet one."]
    elif style == "radio":
        lede = lede.replace(" said on ", " says on ").replace(" said ", " says ")
        paragraphs = [lede, *[s.replace(" said", " says") for s in body[:2]]]
    else:
        paragraphs = [lede, *body]
    if event.kind in COMMENTS and rng.random() < 0.5:
        paragraphs.insert(min(2, len(paragraphs)), _fill(COMMENTS[event.kind], slots))
    return headline, standfirst, paragraphs, rng.choice(outlet.reporters)


def _page(outlet: Outlet, when: datetime, headline: str, standfirst: str | None,
          paragraphs: list[str], byline: str, slug: str) -> bytes:
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{esc(headline)} | {esc(outlet.name)}</title>",
        f"<meta property='og:site_name' content='{esc(outlet.name)}'>",
        f"<meta property='og:url' content='https://{outlet.host}/news/{slug}'>",
        f"<meta property='article:published_time' content='{when.isoformat()}+00:00'>",
        "</head><body><header><nav><a href='/'>Home</a> <a href='/news'>News</a> "
        "<a href='/sport'>Sport</a></nav></header><main><article>",
        f"<h1>{esc(headline)}</h1>"]
    if standfirst:
        parts.append(f"<p class='standfirst'>{esc(standfirst)}</p>")
    parts.append(f"<p class='byline'>By {esc(byline)}</p>")
    parts.extend(f"<p>{esc(p)}</p>" for p in paragraphs)
    parts.append("</article></main><footer><p>Copyright " + esc(outlet.name) +
                 ". All rights reserved.</p></footer></body></html>")
    return "\n".join(parts).encode("utf-8")


def build(seed: int, n_events: int = 60, *, twins: bool = True) -> list[Page]:
    """The pages of seed ``seed`` in arrival order (publication time; ties keep their
    order), each with its gold story; ``twins=False``: without the twins (the set as it was
    before they were added, page for page). Deterministic."""
    world = World(seed)
    events = _calendar(world, n_events, twins)
    by_name = {o.name: o for o in OUTLETS}
    pages: list[Page] = []
    for event in events:
        rng = world.twin_rng if event.twin else world.rng
        for offset, phase, outlet_name in event.articles:
            outlet = by_name[outlet_name]
            when = event.day + timedelta(days=offset, hours=rng.randint(1, 10),
                                         minutes=rng.randint(0, 59))
            headline, standfirst, paragraphs, byline = _article(rng, event, phase, outlet,
                                                                when)
            slug = f"{event.id}-{phase}-{len(pages)}"
            pages.append(Page(f"s{seed}-{slug}.html",
                              _page(outlet, when, headline, standfirst, paragraphs, byline,
                                    slug), event.id, when, outlet.name, event.kind,
                              event.sibling_of if event.twin else None))
    pages.sort(key=lambda p: p.published)
    return pages


if __name__ == "__main__":
    import sys

    for page in build(int(sys.argv[1]) if len(sys.argv) > 1 else 2)[:3]:
        print(page.name, page.story, page.published, page.outlet)
        print(page.html.decode()[:1500])
