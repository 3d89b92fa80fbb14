"""Benchmark of the corpus store: ingest rate and keyword-search latency on generated articles.

Generates ``--n`` (default 100,000) synthetic articles from invented word lists (a 20,000-word
vocabulary of syllable strings drawn with Zipf frequencies, 300 publishers, 2,000 person and
place names; some of them syndicated copies, quotations quoted again and people named
otherwise, so that every stage links: :class:`Generator`, ``--plain`` for none) and stores the
same articles twice, in two new SQLite stores: without the across-article stages
(:data:`dateline.corpus.linking.LINKERS`: duplicate groups, stories, entity links, quote
provenance) and with them. Each store takes all but the last ``--single`` (default 2,000)
articles with ``Store.add_many`` (batches of ``--batch``) and the last ones with ``Store.add``,
one transaction per record as ``dateline ingest`` stores them, timed at the store's full size.
Both stores are open at once and each phase runs in ``--rounds`` (default 10) rounds: a chunk
into one store, then the same chunk into the other, the order alternating, so that the host's
drifting speed falls on both alike (:mod:`store_rounds`). It prints articles per second (wall
and per CPU-second) per mode and store and the ratio with/without, of the totals and the median
and range of the rounds' ratios (issue 10 item 6: with links at least 0.80 of the rate
without). The ``add()`` ratio is the store's writer alone: the records already carry their
story vectors and lookup keys, which ``dateline ingest``'s workers compute (the product
command's ratio is the ``--pages`` phase's). Then it prints the links the stages made
(duplicate groups, stories, quote occurrences, entity links) and a digest of their tables' rows
(the same input must give the same links before and after a change), and runs ``--queries``
(default 200) keyword searches (``Store.search``, first page of 20 with total count and
snippets) on each store and reports p50/p95 latency in milliseconds, overall and per query
kind. Target (issue 4): p95 under 100 ms for keyword search on SQLite.

``--stores DIR`` keeps the two stores in ``DIR``; a store there that holds exactly the first
``--n`` generated articles (its count and its last article are checked) is reused as it is:
``--n`` + ``--single`` articles are generated and the ``add()`` phase stores the ``--single``
after the first ``--n`` into new copies of the kept stores (the backup API), which are deleted
afterwards; a missing store is built first with ``add_many`` of all ``--n``. The searches, the
links and the ``--pages`` phase run on the kept stores.

Last, what a user runs: ``dateline ingest`` of real pages (``--pages``: our samples and, when
present, the ../shared/eval pages, each once; :mod:`ingest_pages`) into a new copy of each store
for every run, the command as installed into the store with links and the same command with
the across-article layer taken out (no stages, no story vectors, no lookup keys) into the store
without, with the understanding stage and with ``--no-nlp``, ``--repeats`` (default 3) pairs
each, the order alternating; it prints pages per second of every run (wall and CPU, workers
included) and the median ratio with/without of the pairs, with its range (issue 10 item 6).

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
mode (its ``link`` call; the commit's share of the links is in the rates, not there). The held
records are frozen out of the cyclic garbage collector's scans before the timing (``main``).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import ingest_pages  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from store_rounds import alternate, chunks, ratio  # noqa: E402

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


def survey(label: str, db: str, links: bool, queries: list[tuple[str, dict]],
           lookup_text: str) -> None:
    """The links made (with ``links``: :func:`links_summary`), the searches' latency and the
    file's size of the store at ``db``."""
    label = f"{label}, {'with' if links else 'without'} links"
    with Store.open(db) as store:
        if links:
            links_summary(store, label)
        searches(store, label, queries, lookup_text)
    if os.path.exists(db):
        print(f"[sqlite] file size {os.path.getsize(db) / 1e6:.0f} MB")


def stored_count(db: str) -> int:
    """Articles stored in the SQLite file ``db`` (0 when there is no such file)."""
    if not os.path.exists(db):
        return 0
    with Store.open(db) as store:
        return store.count()


@contextlib.contextmanager
def opened(db: str, links: bool) -> Iterator[Store]:
    """The store at ``db``, with the across-article stages or without them (``links``)."""
    with Store.open(db) as store:
        if not links:
            store.linkers = []
        yield store


def single_rounds(stores: dict[bool, Store], tail: list[Article], rounds: int, batch: int,
                  what: str) -> None:
    """``tail`` into ``stores`` with ``add()``, a record a transaction, in ``rounds``
    alternating rounds, and the ratio line (``what`` names the calls) when there are two."""
    done = alternate(stores, chunks(tail, rounds), "add()", batch, "sqlite")
    if len(done) == 2:
        ratio("sqlite", what, done)


def store_phases(dbs: dict[bool, str], reused: set[bool], bulk: list[Article],
                 tail: list[Article], rounds: int, batch: int, work: str, what: str) -> None:
    """The timed ingest into the SQLite stores ``dbs`` (with links -> file). The stores not
    ``reused`` take ``bulk`` with ``add_many``, in ``rounds`` alternating rounds; then ``tail``
    goes in with ``add()``, a record a transaction, in alternating rounds: into the stores
    themselves when none is reused, else into copies of them made in ``work`` (the backup API;
    the kept stores stay as they are). ``what`` names the ``add()`` calls in the ratio line."""
    fresh = [links for links in dbs if links not in reused]
    with contextlib.ExitStack() as stack:
        stores = {links: stack.enter_context(opened(dbs[links], links)) for links in fresh}
        if stores and bulk:
            done = alternate(stores, chunks(bulk, rounds, batch), f"add_many(batch={batch})",
                             batch, "sqlite")
            if len(done) == 2:
                ratio("sqlite", "add_many", done)
        if not reused and tail:
            single_rounds(stores, tail, rounds, batch, what)
    if not reused or not tail:
        return
    copies = {links: os.path.join(work, f"add-{'links' if links else 'plain'}.db")
              for links in dbs}
    try:
        for links in dbs:
            ingest_pages.copy_store(dbs[links], copies[links])
        print(f"[sqlite] add() into copies of the kept stores (the backup API, in {work}): "
              f"the {len(tail)} generated articles after those stored", flush=True)
        with contextlib.ExitStack() as stack:
            stores = {links: stack.enter_context(opened(copies[links], links)) for links in dbs}
            single_rounds(stores, tail, rounds, batch, what)
    finally:
        for copy in copies.values():
            ingest_pages.remove_store(copy)


def holds_first(db: str, last: Article) -> bool:
    """Whether the store at ``db`` holds ``last`` (the last of the first ``--n`` generated
    articles) as generated: a kept store of the same ids but other articles (``--plain``, an
    older generator) would time other links."""
    with Store.open(db) as store:
        stored = store.get_article(last.id)
    return stored is not None and (stored.headline, stored.paragraphs) == (last.headline,
                                                                            last.paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles to generate")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db", help="SQLite file with links (default: a new temporary file; "
                        "the store without links is always a temporary file)")
    parser.add_argument("--pg", help="also run on this PostgreSQL URL (with links only)")
    parser.add_argument("--pg-n", type=int, help="articles for PostgreSQL (default --n)")
    parser.add_argument("--single", type=int, default=2000,
                        help="articles stored with add() one transaction each as dateline "
                             "ingest stores them: the last of the --n, after the rest went in "
                             "with add_many(), or with --stores reused the ones after the --n")
    parser.add_argument("--batch", type=int, default=500, help="add_many batch size")
    parser.add_argument("--rounds", type=int, default=10,
                        help="rounds of each timed ingest phase: a chunk into the store "
                             "without links, the same chunk into the store with them, the "
                             "order alternating (the host's drifting speed falls on both)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="pairs of dateline ingest runs, without and with the layer (the "
                             "order alternating), per understanding mode of --pages")
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
                        "there that already holds the --n articles is reused as it is: the "
                        "add() phase runs on a copy of it (the --single articles after the "
                        "--n), the searches and the --pages phase on it")
    parser.add_argument("--skip-ingest", action="store_true",
                        help="only time searches on the store given by --db (and --pg)")
    args = parser.parse_args()

    print("across-article stages:", ", ".join(c.__name__ for c in linking.LINKERS))
    # --skip-ingest searches the --db store only: the store without links would be empty
    modes = (True,) if args.skip_ingest else {"both": (False, True), "on": (True,),
                                              "off": (False,)}[args.links]
    # --stores: the kept stores' article counts, read once; one holding the --n articles is
    # reused (checked below against the generated ones), one holding none is built
    kept = {links: stored_count(os.path.join(args.stores, f"bench-{name}.db"))
            for links, name in ((True, "links"), (False, "plain"))
            if links in modes and not (links and args.db)} if args.stores else {}
    for links, count in kept.items():  # another number: an interrupted run; it would time
        if count not in (0, args.n):     # skips of stored articles
            parser.error(f"{args.stores}: the store {'with' if links else 'without'} links "
                         f"holds {count} articles, not 0 or --n {args.n}; remove it")
    reused = set() if args.skip_ingest else {links for links, count in kept.items()
                                              if count == args.n}
    single = min(args.single, args.n)
    # with a store reused, the add() phase takes the articles after the --n stored ones
    bulk_n = args.n if reused else args.n - single
    total = 1 if args.skip_ingest else bulk_n + single
    pg_n = min(args.pg_n or args.n, args.n) if args.pg else 0
    # held in memory: the records to store (the first bulk_n only if a store is built here)
    held = 0 if args.skip_ingest else max(bulk_n if len(reused) < len(modes) else 0, pg_n)
    gen = Generator(mixed=not args.plain)
    t0 = time.perf_counter()
    head, tail, lookup_text, words, last = [], [], "", 0, None
    for i in range(total):
        article = gen.article(i)
        if i == 0:
            words = sum(len(p.split()) for p in article.paragraphs)
        if i == (0 if args.skip_ingest else args.n // 2):
            lookup_text = article.quotes[0].text
        if i == args.n - 1:
            last = article
        if i >= bulk_n and not args.skip_ingest:
            tail.append(article)
        elif i < held:
            head.append(article)
    print(f"generated {total} articles ({words} body words in the first) in "
          f"{time.perf_counter() - t0:.1f} s; {len(head) + len(tail)} held to store",
          flush=True)
    for links in sorted(reused):
        db = os.path.join(args.stores, f"bench-{'links' if links else 'plain'}.db")
        if not holds_first(db, last):
            parser.error(f"{args.stores}: the store {'with' if links else 'without'} links "
                         f"holds other articles than the first --n {args.n} generated; "
                         f"remove it")
    if not args.no_link_keys and (head or tail):
        cpu = time.process_time()
        head, tail = [with_link_keys(a) for a in head], [with_link_keys(a) for a in tail]
        cpu = time.process_time() - cpu
        print(f"link keys computed as dateline ingest's workers do (with_link_keys): "
              f"{cpu / (len(head) + len(tail)) * 1000:.3f} CPU ms an article (outside the "
              f"store)", flush=True)
    # The held records (100,000 pydantic models: millions of Python objects) would otherwise
    # be traversed by every full collection the cyclic collector runs during the timed store
    # calls, a cost of this bench's memory, not of the store: moved to the permanent
    # generation, they are never scanned (they are never freed before the end either).
    gc.collect()
    gc.freeze()
    queries = gen.queries(args.queries)
    what = ("add(), the store's writer alone (records already carrying story vectors and link "
            "keys)" if not args.no_link_keys else "add(), the store's writer alone (records "
            "carrying story vectors; the store computes the link keys)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.stores or tmp
        os.makedirs(folder, exist_ok=True)
        dbs = {links: args.db if links and args.db else
               os.path.join(folder, f"bench-{'links' if links else 'plain'}.db")
               for links in modes}
        for links in sorted(reused):
            print(f"[sqlite] {dbs[links]}: reused as it is ({args.n} articles stored)")
        if not args.skip_ingest:
            store_phases(dbs, reused, head, tail, args.rounds, args.batch, tmp, what)
        for links in modes:
            survey("sqlite", dbs[links], links, queries, lookup_text)
        if args.pages != "none" and not args.skip_ingest:
            ingest_pages.page_ingests(dbs, {"both": [True, False], "nlp": [True],
                                            "no-nlp": [False]}[args.pages], tmp, args.repeats)
    if args.pg:
        records = (head + tail)[:pg_n]
        pg_single = min(single, pg_n)
        with opened(args.pg, True) as store:
            for mode, part in ((f"add_many(batch={args.batch})", records[:pg_n - pg_single]),
                               ("add()", records[pg_n - pg_single:])):
                if part and not args.skip_ingest:
                    alternate({True: store}, [part], mode, args.batch, "postgresql")
        survey("postgresql", args.pg, True, queries, lookup_text)


if __name__ == "__main__":
    main()
