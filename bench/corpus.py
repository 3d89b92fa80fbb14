"""Benchmark of the corpus store: ingest rate and keyword-search latency on generated articles.

Generates ``--n`` (default 100,000) synthetic articles from invented word lists (a 20,000-word
vocabulary of syllable strings drawn with Zipf frequencies, 300 publishers, 2,000 person and
place names) and stores the same articles twice, in two new SQLite stores: without the
across-article stages (:data:`dateline.corpus.linking.LINKERS`: duplicate groups, stories,
entity links, quote provenance) and with them, as ``dateline ingest`` runs them. Each store
takes all but the last ``--single`` (default 2,000) articles with ``Store.add_many`` (batches of
``--batch``) and the last ones with ``Store.add``, one transaction per record: what ``dateline
ingest`` calls for every record, timed at the store's full size. It prints articles per second
for both modes and both stores and their ratio (issue 10 item 6: with links at least 0.80 of the
rate without, for ``add()``), the counts the stages wrote (duplicate groups, stories, quote
occurrences, entity links: the same input must give the same counts before and after a change),
then runs ``--queries`` (default 200) keyword searches (``Store.search``, first page of 20 with
total count and snippets) on each store and reports p50/p95 latency in milliseconds, overall
and per query kind. Target (issue 4): p95 under 100 ms for keyword search on SQLite.

    .venv/bin/python bench/corpus.py                       # SQLite, 100,000 articles
    .venv/bin/python bench/corpus.py --n 20000 --pg postgresql://user@127.0.0.1:5432/db

With ``--pg URL`` the same articles (``--pg-n``, default ``--n``) and queries also run on
PostgreSQL, with links (the database should be empty or hold an earlier run's schema).
``--links on`` or ``off`` runs one of the two SQLite stores only.

Each generated article carries a story vector as the understanding stage computes it in the
worker processes (here a seeded random unit vector: the store never runs the encoder for a
record that has one), and the lookup keys of the across-article stages as ``dateline ingest``'s
workers compute them (:func:`dateline.corpus.link_keys.with_link_keys`, called here on each
generated record: its CPU milliseconds an article are printed, the cost that moved out of the
store into the workers). ``--no-link-keys`` leaves them off (the store computes them, as for a
record built by hand). With links, each stage's CPU milliseconds an article are printed per
mode (its ``link`` call; the commit's share of the links is in the rates, not there).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import sqlalchemy as sa  # noqa: E402

from dateline.corpus import Store, linking  # noqa: E402
from dateline.corpus.link_keys import with_link_keys  # noqa: E402
from dateline.model import Article, Entity, Mention, Quote, Source, Span, Speaker  # noqa: E402
from dateline.understand.storyvec import pack  # noqa: E402

SYLLABLES = ("ka ro mi ne ta lu vo se di pa an el or ut is ba go ri fe lo ma nu te si da ve "
             "po ki sa le mo").split()


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words, key=lambda w: (len(w), w))  # short words first: the frequent ones


class Generator:
    """Deterministic synthetic articles (seeded): word sequences with Zipf(1) frequencies."""

    def __init__(self, seed: int = 7) -> None:
        import numpy as np

        self.rng = random.Random(seed)
        self.vectors = np.random.default_rng(seed)
        self.words = vocabulary(self.rng, 20_000)
        self.cum = list(accumulate(1.0 / (rank + 1) for rank in range(len(self.words))))
        self.publishers = [f"The {w.title()} Gazette" for w in self.words[500:800]]
        self.people = [f"{a.title()} {b.title()}" for a, b in
                       zip(self.words[2000:3000], self.words[5000:6000], strict=True)]
        self.places = [w.title() + "ville" for w in self.words[3000:4000]]

    def sentence(self, n: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=n)

    def article(self, i: int) -> Article:
        rng = self.rng
        person, place = rng.choice(self.people), rng.choice(self.places)
        paragraphs = []
        for p in range(8):
            words = self.sentence(rng.randint(25, 45))
            if p == 1:
                words[3:3] = person.split()
            if p == 2:
                words.insert(5, place)
            text = " ".join(words)
            paragraphs.append(text[0].upper() + text[1:] + ".")
        quote_text = " ".join(self.sentence(12))
        paragraphs[4] = f"\u201c{quote_text},\u201d said {person}."
        start = paragraphs[1].index(person)
        said = paragraphs[4].rindex(person)
        ents = [Entity(id="e1", name=person, type="PERSON", mentions=[
                    Mention(part="body", index=1, start=start, end=start + len(person),
                            text=person),
                    Mention(part="body", index=4, start=said, end=said + len(person),
                            text=person)]),
                Entity(id="e2", name=place, type="GPE", mentions=[])]
        quote = Quote(kind="direct", text=quote_text + ",",
                      span=Span(part="body", index=4, start=1, end=2 + len(quote_text)),
                      speaker=Speaker(name=person, entity="e1"), cue="said")
        sha = hashlib.sha256(f"bench-{i}".encode()).hexdigest()
        vec = self.vectors.standard_normal(384)
        day = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        return Article(id=sha, source=Source(uri=f"bench/{i}.html", format="html", sha256=sha),
                       publisher=rng.choice(self.publishers), language="en",
                       headline=" ".join(self.sentence(8)).capitalize(),
                       standfirst=" ".join(self.sentence(18)).capitalize() + ".",
                       published=f"{day}T{rng.randint(0, 23):02d}:00:00+00:00",
                       paragraphs=paragraphs, entities=ents, quotes=[quote],
                       story_vector=pack(vec / (vec @ vec) ** 0.5))

    def queries(self, n: int) -> list[tuple[str, dict]]:
        """``(kind, search kwargs)``: words by corpus frequency (rank 100 on: the top 100 are
        function-word stand-ins), two-word ANDs, person names, prefixes and filtered searches."""
        rng = random.Random(11)
        mid = self.words[100:]
        cum = list(accumulate(1.0 / (rank + 101) for rank in range(len(mid))))
        out = []
        for k in range(n):
            kind = ("word", "word", "two words", "name", "prefix", "word+publisher")[k % 6]
            word = rng.choices(mid, cum_weights=cum)[0]
            if kind == "word":
                out.append((kind, {"q": word}))
            elif kind == "two words":
                out.append((kind, {"q": f"{word} {rng.choices(mid, cum_weights=cum)[0]}"}))
            elif kind == "name":
                out.append((kind, {"q": f'"{rng.choice(self.people)}"'}))
            elif kind == "prefix":
                out.append((kind, {"q": word[:4] + "*"}))
            else:
                out.append((kind, {"q": word, "publisher": rng.choice(self.publishers)}))
        return out


def ms_stats(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return (f"p50 {statistics.median(times) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  "
            f"max {times[-1] * 1000:7.1f} ms")


class Timed:
    """A linker whose ``link`` calls add their CPU time (``time.process_time``) to
    ``seconds``."""

    def __init__(self, linker) -> None:
        self.linker, self.seconds = linker, 0.0
        self.name = type(linker).__name__

    def link(self, conn, article, rows) -> None:
        start = time.process_time()
        try:
            self.linker.link(conn, article, rows)
        finally:
            self.seconds += time.process_time() - start


def ingest(store: Store, articles: list[Article], single_n: int, batch: int,
           label: str) -> tuple[tuple[float, float], ...]:
    """Store ``articles``: all but the last ``single_n`` with ``add_many(batch=batch)``, then
    the last ``single_n`` with ``add()`` (a transaction per record, as ``dateline ingest``
    stores them), timed at the store's full size. Returns, per mode, the rate in articles a
    second of wall clock and per CPU-second of this process (the steadier figure on a busy
    machine), and prints them."""
    rates = []
    bulk, single = articles[:len(articles) - single_n], articles[len(articles) - single_n:]
    for mode, part in ((f"add_many(batch={batch})", bulk), ("add()", single)):
        if not part:
            rates.append((float("nan"), float("nan")))
            continue
        already = store.count()
        timed = store.linkers = [Timed(linker) for linker in store.linkers]
        start, cpu = time.perf_counter(), time.process_time()
        if mode == "add()":
            added = sum(store.add(a) for a in part)
        else:
            added = sum(store.add_many(part, batch=batch))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        rates.append((len(part) / elapsed, len(part) / cpu))
        print(f"[{label}] ingest with {mode}: {added} new of {len(part)} in {elapsed:.1f} s = "
              f"{len(part) / elapsed:.0f} articles/s ({len(part) / cpu:.0f} per CPU-second; "
              f"store held {already} before)", flush=True)
        if timed:
            print(f"[{label}]   CPU ms an article in each stage's link(), {mode}: " + ", ".join(
                f"{t.name} {t.seconds / len(part) * 1000:.3f}" for t in timed) +
                f"; all {sum(t.seconds for t in timed) / len(part) * 1000:.3f}")
        store.linkers = [t.linker for t in timed]
    return tuple(rates)


def searches(store: Store, label: str, queries: list[tuple[str, dict]],
             lookup_text: str) -> None:
    """Time the keyword ``queries`` (second of two passes: the first warms the page cache) and
    one quote lookup; print p50/p95 overall and per query kind."""
    totals, by_kind, all_times = [], {}, []
    for _ in range(2):
        all_times.clear()
        by_kind.clear()
        for kind, kwargs in queries:
            t0 = time.perf_counter()
            _items, total = store.search(**kwargs, limit=20)
            dt = time.perf_counter() - t0
            all_times.append(dt)
            by_kind.setdefault(kind, []).append(dt)
            totals.append(total)
    print(f"[{label}] search, {len(queries)} queries over {store.count()} articles: "
          f"{ms_stats(all_times)}; median hits {statistics.median(totals):.0f}")
    for kind, times in by_kind.items():
        print(f"[{label}]   {kind:16s} {ms_stats(times)}")
    t0 = time.perf_counter()
    hits = store.lookup_quote(lookup_text)
    print(f"[{label}] quote lookup: {(time.perf_counter() - t0) * 1000:.1f} ms, "
          f"best score {hits[0].score if hits else None}")


def links_summary(store: Store, label: str) -> None:
    """The across-article stages' output counts (to compare runs: same input, same counts)."""
    counts = []
    with store.engine.connect() as conn:
        for table in ("duplicate_groups", "stories", "quote_occurrences", "entity_links"):
            n = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            counts.append(f"{n} {table}")
    print(f"[{label}] " + ", ".join(counts))


def run(label: str, db: str, articles: list[Article], queries: list[tuple[str, dict]],
        single_n: int, batch: int, links: bool, skip_ingest: bool = False) -> tuple:
    """Ingest ``articles`` into the store at ``db`` with the across-article stages or without
    them (``links``), then time the searches; return the two ingest rates."""
    label = f"{label}, {'with' if links else 'without'} links"
    with Store.open(db) as store:
        if not links:
            store.linkers = []
        lookup_text = articles[len(articles) // 2].quotes[0].text
        rates = ((float("nan"),) * 2,) * 2 if skip_ingest else ingest(store, articles, single_n,
                                                               batch, label)
        if links:
            links_summary(store, label)
        searches(store, label, queries, lookup_text)
    return rates


def ratios(label: str, without: tuple, with_links: tuple) -> None:
    """Print the ingest rate with links over the rate without, per mode (issue 10: 0.80 or
    more for the mode ``dateline ingest`` uses, ``add()``)."""
    for mode, a, b in (("add_many", without[0], with_links[0]),
                       ("add() (dateline ingest)", without[1], with_links[1])):
        print(f"[{label}] ratio with/without links, {mode}: {b[0]:.0f} / {a[0]:.0f} "
              f"articles/s = {b[0] / a[0]:.2f} (per CPU-second: {b[1]:.0f} / {a[1]:.0f} = "
              f"{b[1] / a[1]:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles to generate")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db", help="SQLite file with links (default: a new temporary file; "
                        "the store without links is always a temporary file)")
    parser.add_argument("--pg", help="also run on this PostgreSQL URL (with links only)")
    parser.add_argument("--pg-n", type=int, help="articles for PostgreSQL (default --n)")
    parser.add_argument("--single", type=int, default=2000,
                        help="the last articles, stored with add() one transaction each as "
                             "dateline ingest does, after the rest went in with add_many()")
    parser.add_argument("--batch", type=int, default=500, help="add_many batch size")
    parser.add_argument("--links", choices=("both", "on", "off"), default="both",
                        help="run with the across-article stages, without, or both and "
                             "print the ratio (default)")
    parser.add_argument("--no-link-keys", action="store_true",
                        help="store the records without the lookup keys dateline ingest's "
                             "workers give them (the store computes them)")
    parser.add_argument("--skip-ingest", action="store_true",
                        help="only time searches on the store given by --db (and --pg)")
    args = parser.parse_args()

    print("across-article stages:", ", ".join(c.__name__ for c in linking.LINKERS))
    gen = Generator()
    t0 = time.perf_counter()
    articles = [gen.article(i) for i in range(1 if args.skip_ingest else args.n)]
    words = sum(len(p.split()) for p in articles[0].paragraphs)
    print(f"generated {len(articles)} articles ({words} body words in the first) in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)
    if not args.no_link_keys:
        cpu = time.process_time()
        articles = [with_link_keys(a) for a in articles]
        cpu = time.process_time() - cpu
        print(f"link keys computed as dateline ingest's workers do (with_link_keys): "
              f"{cpu / len(articles) * 1000:.3f} CPU ms an article (outside the store)",
              flush=True)
    queries = gen.queries(args.queries)
    single = min(args.single, len(articles))
    rates = {}
    with tempfile.TemporaryDirectory() as tmp:
        # --skip-ingest searches the --db store only: the store without links would be empty
        modes = (True,) if args.skip_ingest else {"both": (False, True), "on": (True,),
                                                  "off": (False,)}[args.links]
        for links in modes:
            db = (args.db if links and args.db else
                  os.path.join(tmp, f"bench-{'links' if links else 'plain'}.db"))
            rates[links] = run("sqlite", db, articles, queries, single, args.batch, links,
                               args.skip_ingest)
            print(f"[sqlite] file size {os.path.getsize(db) / 1e6:.0f} MB")
        if len(rates) == 2:
            ratios("sqlite", rates[False], rates[True])
    if args.pg:
        run("postgresql", args.pg, articles[: args.pg_n or args.n], queries,
            min(single, args.pg_n or args.n), args.batch, True, args.skip_ingest)


if __name__ == "__main__":
    main()
