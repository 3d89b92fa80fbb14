"""Benchmark of entity linking across articles (issue 10 item 4): link quality on a generated set,
beside the exact-key peer (the store before linking) and a surname peer, and the linker's
per-article cost on bench/corpus.py's articles.

The set (written by :func:`world` and :func:`write_article`, seeded): ``--people`` invented
people (given names of several languages, some with diacritics, and invented family names of
which about a third are shared by two or three people), each with a title ("Mayor", "Coach",
...), a home town and an organisation; ``--n`` articles, each about one person and often naming
a second from the same town. An article writes its person one way throughout or in several
ways, as news does: the full name, the full name with the diacritics dropped, the family name
first ("Orbán Viktor" style, for a tenth of the people), an initial ("V. Orban"), or only the
surname with a title or honorific ("Mayor Berg", "Ms Berg", "Berg"), a quarter of the articles
never giving the full name. The town, the organisation and a random other town from a shared
pool are the context. Each page goes through ``dateline.extract(text, format="text")`` (the
whole product, spaCy and the attribution model included) and ``Store.add_many``.

Scoring: every PERSON entity of a record whose mentions are all forms the generator wrote for
one person is an item, with that person as its gold label. Pairwise precision, recall and F1
over all pairs of items, for: dateline (an item's entity is its link target when linked, else
its own key), exact keys (its own key: today's behaviour before this stage) and a surname peer
(one entity per last name token: every "Berg" one).

Cost: ``--cost-n`` (default 20,000) articles of bench/corpus.py's generator stored with
``add_many`` into two new SQLite stores, without and with the linker, a batch of 500 to each in
turn; articles per CPU-second of this process and the difference per article. Run with
``--min-score``/``--margin`` to try other thresholds, ``--sweep`` for a grid of them, and
``--cache FILE`` to extract the set once for several runs.

    .venv/bin/python bench/entity_links.py                         # seed 12, 600 articles
    .venv/bin/python bench/entity_links.py --seed 11 --min-score 1.5 --cost-n 0
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from math import comb
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

import dateline  # noqa: E402
from dateline.corpus import Store, entity_link_scoring, entity_links  # noqa: E402
from dateline.corpus.keys import entity_key  # noqa: E402
from dateline.model import Article  # noqa: E402
from dateline.text_fold import fold  # noqa: E402

GIVEN = [("Anna", "f"), ("Tomas", "m"), ("Maria", "f"), ("Łukasz", "m"), ("Viktor", "m"),
         ("Sofia", "f"), ("Erik", "m"), ("Ingrid", "f"), ("Pavel", "m"), ("Elena", "f"),
         ("Jonas", "m"), ("Marta", "f"), ("Henrik", "m"), ("Clara", "f"), ("Mateo", "m"),
         ("Irena", "f"), ("Oskar", "m"), ("Lena", "f"), ("Felix", "m"), ("Nora", "f"),
         ("Józef", "m"), ("Agnès", "f"), ("Björn", "m"), ("Zoë", "f"), ("Márton", "m"),
         ("Søren", "m"), ("Helga", "f"), ("Stefan", "m"), ("Rosa", "f"), ("Emil", "m")]
FAMILY = ["Berg", "Halvorsen", "Kowalczyk", "Dunmore", "Vasquez", "Orlov", "Brandt",
          "Lindqvist", "Moreau", "Novak", "Farrow", "Kettering", "Aaltonen", "Ribeiro", "Szabó",
          "Dvořák", "Müller", "Castellan", "Whitlow", "Bramley", "Okafor", "Petrescu", "Ferreira",
          "Holm", "Marsh", "Quill", "Sandoval", "Tennant", "Varga", "Weller", "Yilmaz", "Zeller",
          "Ashdown", "Blackwood", "Corrigan", "Delacroix", "Eriksen", "Galloway", "Hartley",
          "Ivanova"]
TITLES = ["Mayor", "Coach", "Senator", "Governor", "Judge", "Minister", "Ambassador",
          "Councillor", "Professor", "Inspector", "Chairman", "Commissioner"]
TOWNS = ["Ostervik", "Lindholm", "Marrowby", "Kestrel Bay", "Dunhallow", "Fennick", "Brightwater",
         "Calder Ford", "Ashcombe", "Rivenmoor", "Stonehaven", "Glenbarrow", "Wexcombe",
         "Harrowgate", "Millbrook", "Northwick", "Eastleigh", "Pellington", "Vardø", "Kirkton"]
ORGS = ["{town} Council", "{town} United", "the {town} Harbour Board", "{town} Savings Bank",
        "the {town} Choir", "{town} General Hospital", "the {town} Ferry Company"]
SAID = ["the plan would go ahead before the winter", "nobody had been told about the delay",
        "the money was already set aside", "the talks would resume next week",
        "the vote had been a relief for the town", "the figures did not add up",
        "the new rules would help small firms", "the road would reopen on Friday"]
QUOTES = ["We will not give up on this town", "The work starts in the spring",
          "Every family deserves a safe road", "This is a good day for the harbour",
          "We were promised more than this", "The decision was not mine to make"]


@dataclass
class Person:
    pid: int
    given: str
    family: str
    gender: str
    title: str
    town: str
    org: str
    family_first: bool


@dataclass
class Written:
    """A generated page and the forms it wrote for each person (gold: form -> person id)."""

    text: str
    forms: dict[str, int] = field(default_factory=dict)


def world(rng: random.Random, n_people: int) -> list[Person]:
    """``n_people`` invented people; about a third of the family names are shared."""
    families = FAMILY[:]
    rng.shuffle(families)
    people = []
    for pid in range(n_people):
        family = families[pid % len(families)] if rng.random() < 0.7 or pid < len(families) \
            else rng.choice(families[:12])
        given, gender = rng.choice(GIVEN)
        town = rng.choice(TOWNS)
        people.append(Person(pid, given, family, gender, rng.choice(TITLES), town,
                             rng.choice(ORGS).format(town=town), rng.random() < 0.1))
    # no two people with one full name
    seen, out = set(), []
    for p in people:
        if (p.given, p.family) not in seen:
            seen.add((p.given, p.family))
            out.append(p)
    return out


def _plain(name: str) -> str:
    """``name`` as a keyboard without diacritics writes it ("Łukasz" -> "Lukasz")."""
    name = name.translate(str.maketrans("łŁøØ", "lLoO"))
    return "".join(c for c in unicodedata.normalize("NFKD", name)
                   if not unicodedata.combining(c))


def write_article(rng: random.Random, people: list[Person], i: int, published: str) -> Written:
    """One page about a random person (see the module docstring), dated ``published``
    (``YYYY-MM-DD``) on a line under the headline, where the text path reads it."""
    p = rng.choice(people)
    out = Written("")
    given, family = (p.given, p.family) if rng.random() < 0.7 else (_plain(p.given),
                                                                    _plain(p.family))
    style = rng.random()
    full = f"{family} {given}" if p.family_first and rng.random() < 0.5 else f"{given} {family}"
    if style < 0.25:
        first = f"{p.title} {family}"  # the surname only, all through
        out.forms[family] = p.pid
    elif style < 0.35:
        first = f"{given[0]}. {family}"
        out.forms[f"{given[0]}. {family}"] = out.forms[family] = p.pid
    else:
        first = f"{p.title} {full}" if rng.random() < 0.5 else full
        out.forms[full] = out.forms[family] = p.pid
    honorific = "Mr" if p.gender == "m" else "Ms"
    later = rng.choice([family, f"{honorific} {family}", f"{p.title} {family}"])
    noise = rng.choice([t for t in TOWNS if t != p.town])
    paras = [f"{first} spoke to reporters in {p.town} on Tuesday about the plans of {p.org}.",
             f"\u201c{rng.choice(QUOTES)},\u201d {later} said.",
             f"{later} said that {rng.choice(SAID)}. Traffic in {noise} was slow all day."]
    others = [q for q in people if q.town == p.town and q.family != p.family]
    if others and rng.random() < 0.6:
        q = rng.choice(others)
        paras.append(f"{q.given} {q.family} of {q.org} said that {rng.choice(SAID)}.")
        out.forms[f"{q.given} {q.family}"] = q.pid
    headline = f"{p.org[4:] if p.org.startswith('the ') else p.org} plans {i}: " \
               f"{family} speaks"
    out.forms.setdefault(family, p.pid)
    out.text = f"{headline}\n\nPublished {published}\n\n" + "\n\n".join(paras) + "\n"
    return out


def _pairs(labels: list[tuple[object, object]]) -> tuple[float, float, float]:
    """Pairwise precision, recall, F1 of (gold, predicted) labels of items."""
    both = sum(comb(n, 2) for n in Counter(labels).values())
    gold = sum(comb(n, 2) for n in Counter(g for g, _ in labels).values())
    pred = sum(comb(n, 2) for n in Counter(p for _, p in labels).values())
    p = both / pred if pred else 1.0
    r = both / gold if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def quality(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    people = world(rng, args.people)
    pages = [write_article(rng, people, i, f"2024-{1 + i * 12 // args.n:02d}-{1 + i % 28:02d}")
             for i in range(args.n)]
    t0 = time.perf_counter()
    cache = Path(args.cache) if args.cache else None
    if cache and cache.exists():  # the records of an earlier run of the same --seed and --n
        records = [Article.model_validate_json(line) for line in cache.open()]
    else:
        records = []
        for i, page in enumerate(pages):
            records.append(dateline.extract(page.text.encode("utf-8"), format="text",
                                            source=f"gen-{i}.txt"))
        if cache:
            cache.write_text("".join(r.model_dump_json() + "\n" for r in records))
    print(f"set: seed {args.seed}, {len(people)} people "
          f"({sum(n > 1 for n in Counter(p.family for p in people).values())} shared surnames),"
          f" {len(pages)} articles, extracted in {time.perf_counter() - t0:.0f} s")
    if args.sweep:
        for min_score in (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0):
            for margin in (1.5, 2.0, 3.0):
                entity_link_scoring.MIN_SCORE, entity_link_scoring.MARGIN = min_score, margin
                p, r, f = score(pages, records)[0]["dateline (links)"]
                print(f"sweep MIN_SCORE {min_score} MARGIN {margin}: P {p:.4f} R {r:.4f} "
                      f"F1 {f:.4f}")
        return
    scores, line = score(pages, records)
    print(line)
    with tempfile.TemporaryDirectory() as tmp, Store.open(os.path.join(tmp, "n.db")) as store:
        store.linkers = [x for x in store.linkers
                         if not isinstance(x, entity_links.EntityLinker)]
        t0 = time.perf_counter()
        store.add_many(records)
        print(f"the same records stored without the linker in {time.perf_counter() - t0:.1f} s")
    print(f"{'system':24s} {'precision':>9s} {'recall':>7s} {'F1':>7s}")
    for name, (p, r, f) in scores.items():
        print(f"{name:24s} {p:9.4f} {r:7.4f} {f:7.4f}")
    base = scores["exact keys (before)"][2]
    print(f"F1 ratio dateline / exact keys: {scores['dateline (links)'][2] / base:.2f}")


def score(pages: list[Written], records: list) -> tuple[dict, str]:
    """Store ``records`` in a new store and score the items (see the module docstring):
    ``({system: (precision, recall, F1)}, a summary line)``."""
    entity_link_scoring.names_and_gender()  # spaCy's import, not timed
    with tempfile.TemporaryDirectory() as tmp:
        with Store.open(os.path.join(tmp, "q.db")) as store:
            t0 = time.perf_counter()
            store.add_many(records)
            stored = time.perf_counter() - t0
            links, _ = store.entity_links(status="linked", limit=10**9)
    target = {(link.article_id, link.entity_key): link.target_key for link in links}
    items, skipped = [], 0
    for page, record in zip(pages, records, strict=True):
        forms = {fold(f): pid for f, pid in page.forms.items()}
        for e in record.entities:
            if e.type != "PERSON":
                continue
            gold = {forms.get(fold(m.text)) for m in e.mentions}
            if len(gold) != 1 or None in gold:
                skipped += 1
                continue
            key = entity_key(e.name, e.type)
            items.append((gold.pop(), key, target.get((record.id, key), key),
                          fold(e.name).split()[-1]))
    rules = Counter(link.rule for link in links)
    line = (f"items: {len(items)} PERSON entities of {len(set(i[0] for i in items))} people "
            f"({skipped} entities not one generated person left out); {len(links)} links "
            f"({', '.join(f'{r} {n}' for r, n in sorted(rules.items()))}); "
            f"stored in {stored:.1f} s")
    scores = {name: _pairs([(i[0], i[col]) for i in items])
              for name, col in (("dateline (links)", 2), ("exact keys (before)", 1),
                                ("surname peer", 3))}
    return scores, line


def cost(n: int, batch: int = 500) -> None:
    """Store ``n`` bench/corpus.py articles into two new SQLite stores, without and with the
    linker, batch by batch in turn (so that the load of a shared machine falls on both), and
    compare the CPU time of this process (SQLite runs in it)."""
    from corpus import Generator

    gen = Generator()
    articles = [gen.article(i) for i in range(n)]
    entity_link_scoring.names_and_gender()  # spaCy's import, not timed
    spent = {"without linker": 0.0, "with linker": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        stores = {label: Store.open(os.path.join(tmp, f"{label.replace(' ', '-')}.db"))
                  for label in spent}
        stores["without linker"].linkers = [
            x for x in stores["without linker"].linkers
            if not isinstance(x, entity_links.EntityLinker)]
        for start in range(0, n, batch):
            for label, store in stores.items():
                t0 = time.process_time()  # this process's CPU: less hit by other jobs
                store.add_many(articles[start:start + batch], batch=batch)
                spent[label] += time.process_time() - t0
        links = stores["with linker"].entity_links(limit=1)[1]
        for store in stores.values():
            store.close()
    for label, seconds in spent.items():
        print(f"cost: {n} bench/corpus.py articles {label}: {n / seconds:.0f} articles per "
              "CPU-second")
    per = (spent["with linker"] - spent["without linker"]) / n * 1e6
    print(f"cost: linker {per:.0f} µs per article ({links} links made); rate with/without "
          f"{spent['without linker'] / spent['with linker']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--n", type=int, default=600, help="generated articles")
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--cost-n", type=int, default=20_000,
                        help="bench/corpus.py articles for the cost (0: skip)")
    parser.add_argument("--min-score", type=float, help="try another MIN_SCORE")
    parser.add_argument("--margin", type=float, help="try another MARGIN")
    parser.add_argument("--cache", metavar="FILE", help="keep the extracted records in FILE "
                        "(JSON Lines) and read them from it on the next run of the same set")
    parser.add_argument("--sweep", action="store_true",
                        help="score a grid of MIN_SCORE and MARGIN on the one extraction")
    args = parser.parse_args()
    if args.min_score is not None:
        entity_link_scoring.MIN_SCORE = args.min_score
    if args.margin is not None:
        entity_link_scoring.MARGIN = args.margin
    print(f"thresholds: MIN_SCORE {entity_link_scoring.MIN_SCORE}, "
          f"MARGIN {entity_link_scoring.MARGIN}")
    if args.n:
        quality(args)
    if args.cost_n:
        cost(args.cost_n)


if __name__ == "__main__":
    main()
