"""Benchmark of the corpus store: ingest rate and keyword-search latency on generated articles.

Generates ``--n`` (default 100,000) synthetic articles from invented word lists (a 20,000-word
vocabulary of syllable strings drawn with Zipf frequencies, 300 publishers, 2,000 person and
place names; some of them syndicated copies, quotations quoted again and people named
otherwise, so that every stage links: :class:`Generator`, ``--plain`` for none) and stores the
same articles twice, in two new SQLite stores: without the across-article stages
(:data:`dateline.corpus.linking.LINKERS`: duplicate groups, stories, entity links, quote
provenance) and with them, as ``dateline ingest`` runs them. Each store takes all but the last
``--single`` (default 2,000) articles with ``Store.add_many`` (batches of ``--batch``) and the
last ones with ``Store.add``, one transaction per record: what ``dateline ingest`` calls for
every record, timed at the store's full size. It prints articles per second for both modes and
both stores and their ratio (issue 10 item 6: with links at least 0.80 of the rate without, for
``add()``), the links the stages made (duplicate groups, stories, quote occurrences, entity
links) and a digest of their tables' rows (the same input must give the same links before and
after a change), then runs ``--queries`` (default 200) keyword searches (``Store.search``, first
page of 20 with total count and snippets) on each store and reports p50/p95 latency in
milliseconds, overall and per query kind. Target (issue 4): p95 under 100 ms for keyword search
on SQLite.

Last, what a user runs: ``dateline ingest`` of real pages (``--pages``: our samples and, when
present, the ../shared/eval pages, each once; :mod:`ingest_pages`) into a copy of each store as
it now stands, the command as installed into the store with links and the same command with the
across-article layer taken out (no stages, no story vectors, no lookup keys) into the store
without, with the understanding stage and with ``--no-nlp``; it prints pages per second (wall
and CPU, workers included) and the ratio with/without (issue 10 item 6).

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
from datetime import datetime, timedelta
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import ingest_pages  # noqa: E402
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
    """Deterministic synthetic articles (seeded): word sequences with Zipf(1) frequencies.

    ``mixed=False`` gives the plain articles of earlier sessions: each names one random person
    and place and quotes twelve fresh words, so the stages find nothing to link but stories.
    ``mixed=True`` (the default) draws the same articles and then, with a second seeded random
    stream, makes some of them what the stages link (shares chosen, not measured on news):

    * :data:`COPY_SHARE` are syndicated copies of one of the last :data:`RECENT` articles:
      another publisher and headline, one to thirty hours later, the last paragraph dropped
      and a "Reporting by ...; editing by ..." line added (duplicate groups; the copy's
      quotation is a verbatim occurrence; it joins the original's story);
    * :data:`REQUOTE_SHARE` quote a recent article's quotation again: verbatim, a word changed
      (misquote), cut short (truncated), or the same words given to this article's speaker
      (conflicting speaker), the speaker otherwise the earlier one;
    * people recur with a home place (:data:`HOME_SHARE` of their articles) and
      :data:`VARIANT_SHARE` of the articles write their name otherwise: the surname alone,
      surname first, or an initial ("K. Ronami"); 40 surnames are shared by two people of
      different home places (entity links, some left unlinked).
    """

    #: shares of the mixed articles (see the class docstring)
    COPY_SHARE, REQUOTE_SHARE, HOME_SHARE, VARIANT_SHARE = 0.07, 0.08, 0.7, 0.25
    #: the earlier articles a copy or a quotation is taken from
    RECENT = 300

    def __init__(self, seed: int = 7, mixed: bool = True) -> None:
        import numpy as np

        self.rng = random.Random(seed)
        self.mix = random.Random(seed + 1000)
        self.mixed = mixed
        self.recent: list[Article] = []
        self.vectors = np.random.default_rng(seed)
        self.words = vocabulary(self.rng, 20_000)
        self.cum = list(accumulate(1.0 / (rank + 1) for rank in range(len(self.words))))
        self.publishers = [f"The {w.title()} Gazette" for w in self.words[500:800]]
        self.people = [f"{a.title()} {b.title()}" for a, b in
                       zip(self.words[2000:3000], self.words[5000:6000], strict=True)]
        self.places = [w.title() + "ville" for w in self.words[3000:4000]]
        # mixed only: 40 more people, each sharing a surname with one of the first 40
        self.namesakes = [f"{a.title()} {b.title()}" for a, b in
                          zip(self.words[6000:6040], self.words[5000:5040], strict=True)]

    def sentence(self, n: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=n)

    def article(self, i: int) -> Article:
        """Article ``i`` (call in order 0, 1, 2, ...: a mixed article may copy earlier ones)."""
        rng = self.rng
        person, place = rng.choice(self.people), rng.choice(self.places)
        words = [self.sentence(rng.randint(25, 45)) for _ in range(8)]
        quote_text = " ".join(self.sentence(12))
        vec = self.vectors.standard_normal(384)
        day = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        publisher = rng.choice(self.publishers)
        headline = " ".join(self.sentence(8)).capitalize()
        standfirst = " ".join(self.sentence(18)).capitalize() + "."
        published = f"{day}T{rng.randint(0, 23):02d}:00:00+00:00"
        sha = hashlib.sha256(f"bench-{i}".encode()).hexdigest()
        if not self.mixed:
            return self._article(sha, i, person, person, place, words, quote_text, person,
                                 vec, publisher, headline, standfirst, published)
        m = self.mix
        if self.recent and m.random() < self.COPY_SHARE:
            made = self._copy(sha, i, m.choice(self.recent), publisher, headline)
        else:
            k = m.randrange(len(self.people) + len(self.namesakes))
            person = (self.people + self.namesakes)[k]
            if m.random() < self.HOME_SHARE:
                place = self.places[k % len(self.places)]
            written = self._variant(person)
            speaker = written
            if self.recent and m.random() < self.REQUOTE_SHARE:
                quote_text, speaker = self._requote(m.choice(self.recent), written)
            made = self._article(sha, i, person, written, place, words, quote_text, speaker,
                                 vec, publisher, headline, standfirst, published)
        self.recent = [*self.recent[-(self.RECENT - 1):], made]
        return made

    def _variant(self, person: str) -> str:
        """The name as this article writes it (mixed articles)."""
        m, (given, surname) = self.mix, person.split()
        if m.random() >= self.VARIANT_SHARE:
            return person
        return m.choice((surname, f"{surname} {given}", f"{given[0]}. {surname}"))

    def _requote(self, earlier: Article, written: str) -> tuple[str, str]:
        """``(quotation text, speaker as written)`` of a quotation taken from ``earlier``."""
        m = self.mix
        words = earlier.quotes[0].text.rstrip(",").split()
        speaker = earlier.quotes[0].speaker.name
        kind = m.random()
        if kind < 0.3:
            pass  # verbatim
        elif kind < 0.65:  # misquote: one word changed
            words[m.randrange(len(words))] = m.choice(self.words[100:2000])
        elif kind < 0.85:  # truncated: the last words cut
            words = words[:-3]
        else:  # the same words given to this article's speaker
            speaker = written
        return " ".join(words), speaker

    def _copy(self, sha: str, i: int, original: Article, publisher: str,
              headline: str) -> Article:
        """A syndicated copy of ``original`` (see the class docstring)."""
        m = self.mix
        when = datetime.fromisoformat(original.published) + timedelta(hours=m.randint(1, 30))
        editors = m.sample(self.people, 2)
        paragraphs = [*original.paragraphs[:-1],
                      f"Reporting by {editors[0]}; editing by {editors[1]}."]
        return original.model_copy(update={
            "id": sha, "source": Source(uri=f"bench/{i}.html", format="html", sha256=sha),
            "publisher": publisher, "headline": headline, "paragraphs": paragraphs,
            "published": when.isoformat()})

    def _article(self, sha: str, i: int, person: str, written: str, place: str,
                 words: list[list[str]], quote_text: str, speaker: str, vec, publisher: str,
                 headline: str, standfirst: str, published: str) -> Article:
        """The article of these drawn values: ``written`` is the person's name as the body
        writes it (the entity's name), ``speaker`` the quotation's speaker as written."""
        paragraphs = []
        for p, ws in enumerate(words):
            ws = list(ws)
            if p == 1:
                ws[3:3] = written.split()
            if p == 2:
                ws.insert(5, place)
            text = " ".join(ws)
            paragraphs.append(text[0].upper() + text[1:] + ".")
        paragraphs[4] = f"\u201c{quote_text},\u201d said {speaker}."
        start = len(" ".join(words[1][:3])) + 1  # the name was put after three words
        said = paragraphs[4].rindex(speaker)
        ents = [Entity(id="e1", name=written, type="PERSON", mentions=[
                    Mention(part="body", index=1, start=start, end=start + len(written),
                            text=written)]),
                Entity(id="e2", name=place, type="GPE", mentions=[])]
        if speaker == written:
            ents[0].mentions.append(Mention(part="body", index=4, start=said,
                                            end=said + len(speaker), text=speaker))
        else:
            ents.append(Entity(id="e3", name=speaker, type="PERSON", mentions=[
                Mention(part="body", index=4, start=said, end=said + len(speaker),
                        text=speaker)]))
        quote = Quote(kind="direct", text=quote_text + ",",
                      span=Span(part="body", index=4, start=1, end=2 + len(quote_text)),
                      speaker=Speaker(name=speaker, entity="e1" if speaker == written
                                      else "e3"), cue="said")
        return Article(id=sha, source=Source(uri=f"bench/{i}.html", format="html", sha256=sha),
                       publisher=publisher, language="en", headline=headline,
                       standfirst=standfirst, published=published, paragraphs=paragraphs,
                       entities=ents, quotes=[quote],
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


def page_ingests(dbs: dict[bool, str], nlp_modes: list[bool], work: str) -> None:
    """``dateline ingest`` of the real pages into a copy of each store (``dbs``: with links ->
    its file), with and without the across-article layer, per understanding mode; print each
    run and the ratios (issue 10 item 6: with the layer at least 0.80 of the rate without)."""
    corpus = Path(work) / "pages.jsonl"
    count = ingest_pages.write_pages(corpus)
    for nlp in nlp_modes:
        mode = "with the understanding stage" if nlp else "--no-nlp"
        runs = {}
        for links in sorted(dbs):
            copy = f"{dbs[links]}.{'nlp' if nlp else 'no-nlp'}"
            ingest_pages.copy_store(dbs[links], copy)
            runs[links] = run = ingest_pages.ingest(copy, corpus, count, links, nlp)
            for path in (copy, f"{copy}-wal", f"{copy}-shm"):  # none left beside --db
                if os.path.exists(path):
                    os.remove(path)
            label = f"sqlite, {'with' if links else 'without'} links"
            print(f"[{label}] dateline ingest of {count} pages, {mode}: {run.seconds:.1f} s = "
                  f"{run.rate:.1f} pages/s ({run.cpu_rate:.1f} per CPU-second, workers "
                  f"included): {run.summary.split(';')[0]}", flush=True)
        if len(runs) == 2:
            a, b = runs[False], runs[True]
            print(f"[sqlite] ratio with/without the layer, dateline ingest {mode}: "
                  f"{b.rate:.1f} / {a.rate:.1f} pages/s = {b.rate / a.rate:.2f} (per "
                  f"CPU-second: {b.cpu_rate:.1f} / {a.cpu_rate:.1f} = "
                  f"{b.cpu_rate / a.cpu_rate:.2f})", flush=True)


#: the stages' tables, and the columns of each left out of its digest (clock times)
STAGE_TABLES = {"duplicates": (), "duplicate_groups": (), "duplicate_bands": (),
                "stories": (), "story_articles": (), "story_keys": (),
                "entity_links": ("id", "created"), "entity_names": (), "entity_features": (),
                "entity_article_variants": (), "entity_link_pending": (),
                "quote_keys": (), "quote_occurrences": ()}


def links_summary(store: Store, label: str) -> None:
    """The across-article stages' output: the links made (duplicate groups of two or more,
    copies matched, stories of two or more, quote occurrences by variant, entity links by
    rule), and a digest of every stage table's rows (the same input must give the same links
    and the same digests before and after a change)."""
    h = hashlib.blake2b(digest_size=8)
    rows = 0
    with store.engine.connect() as conn:
        one = lambda sql: conn.execute(sa.text(sql)).scalar_one()  # noqa: E731
        for table, skip in STAGE_TABLES.items():
            found = conn.execute(sa.text(f"SELECT * FROM {table}")).mappings().all()
            rows += len(found)
            for line in sorted(repr(sorted((k, v) for k, v in r.items() if k not in skip))
                               for r in found):
                h.update(line.encode())
            h.update(table.encode())
        groups = one("SELECT count(*) FROM duplicate_groups")
        copies = one("SELECT count(*) FROM duplicates WHERE matched_id IS NOT NULL")
        stories = one("SELECT count(*) FROM stories WHERE articles > 1")
        variants = conn.execute(sa.text("SELECT variant, count(*) FROM quote_occurrences "
                                        "GROUP BY variant ORDER BY variant")).all()
        rules = conn.execute(sa.text("SELECT rule, count(*) FROM entity_links "
                                     "GROUP BY rule ORDER BY rule")).all()
    print(f"[{label}] links: {groups} duplicate groups ({copies} copies matched), {stories} "
          f"stories of 2+ articles, quote occurrences "
          f"{dict(variants) or 0}, entity links {dict(rules) or 0}")
    print(f"[{label}] digest of the {len(STAGE_TABLES)} stage tables ({rows} rows): "
          f"{h.hexdigest()}")


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


def stored_count(db: str) -> int:
    """Articles stored in the SQLite file ``db`` (0 when there is no such file)."""
    if not os.path.exists(db):
        return 0
    with Store.open(db) as store:
        return store.count()


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
    parser.add_argument("--plain", action="store_true",
                        help="the plain articles of earlier sessions (nothing to link but "
                             "stories) instead of the mixed ones (Generator)")
    parser.add_argument("--pages", choices=("both", "nlp", "no-nlp", "none"), default="both",
                        help="then run dateline ingest on real pages into each store: with "
                             "the understanding stage, --no-nlp, both (default) or none")
    parser.add_argument("--stores", help="keep the two SQLite stores in this folder; a store "
                        "there that already holds the --n articles is reused as it is (no "
                        "ingest timing, nor ratio: searches and the --pages phase run on it)")
    parser.add_argument("--skip-ingest", action="store_true",
                        help="only time searches on the store given by --db (and --pg)")
    args = parser.parse_args()

    print("across-article stages:", ", ".join(c.__name__ for c in linking.LINKERS))
    gen = Generator(mixed=not args.plain)
    t0 = time.perf_counter()
    articles = [gen.article(i) for i in range(1 if args.skip_ingest else args.n)]
    words = sum(len(p.split()) for p in articles[0].paragraphs)
    print(f"generated {len(articles)} articles ({words} body words in the first) in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)
    # --stores: the kept stores' article counts, read once; a store holding another number
    # (an interrupted run) would time skips of stored articles, so it is refused
    kept = {links: stored_count(os.path.join(args.stores, f"bench-{name}.db"))
            for links, name in ((True, "links"), (False, "plain"))} if args.stores else {}
    for links, count in kept.items():
        if count not in (0, len(articles)):
            parser.error(f"{args.stores}: the store {'with' if links else 'without'} links "
                         f"holds {count} articles, not 0 or --n {len(articles)}; remove it")
    if kept and all(count == len(articles) for count in kept.values()):
        args.no_link_keys = True  # nothing is stored: no keys to compute
    if not args.no_link_keys:
        cpu = time.process_time()
        articles = [with_link_keys(a) for a in articles]
        cpu = time.process_time() - cpu
        print(f"link keys computed as dateline ingest's workers do (with_link_keys): "
              f"{cpu / len(articles) * 1000:.3f} CPU ms an article (outside the store)",
              flush=True)
    queries = gen.queries(args.queries)
    single = min(args.single, len(articles))
    rates, dbs = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        # --skip-ingest searches the --db store only: the store without links would be empty
        modes = (True,) if args.skip_ingest else {"both": (False, True), "on": (True,),
                                                  "off": (False,)}[args.links]
        folder = args.stores or tmp
        os.makedirs(folder, exist_ok=True)
        reused = set()
        for links in modes:
            db = (args.db if links and args.db else
                  os.path.join(folder, f"bench-{'links' if links else 'plain'}.db"))
            if not args.skip_ingest and not (links and args.db) and \
                    kept.get(links) == len(articles):
                reused.add(links)
                print(f"[sqlite] {db}: reused as it is ({len(articles)} articles stored)")
            rates[links] = run("sqlite", db, articles, queries, single, args.batch, links,
                               args.skip_ingest or links in reused)
            dbs[links] = db
            print(f"[sqlite] file size {os.path.getsize(db) / 1e6:.0f} MB")
        if len(rates) == 2 and not reused:
            ratios("sqlite", rates[False], rates[True])
        if args.pages != "none" and not args.skip_ingest:
            page_ingests(dbs, {"both": [True, False], "nlp": [True], "no-nlp": [False]}
                         [args.pages], tmp)
    if args.pg:
        run("postgresql", args.pg, articles[: args.pg_n or args.n], queries,
            min(single, args.pg_n or args.n), args.batch, True, args.skip_ingest)


if __name__ == "__main__":
    main()
