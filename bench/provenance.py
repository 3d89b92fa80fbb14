"""Benchmark of quote provenance (issue 10 item 3): occurrence links and variants on a generated
set, beside a naive peer (exact string match), and the linker's cost per article at ingest.

**The set** is made at run time and never written to the repository. Quotations come from the
PolNeAR attribution contents of ``../shared/eval/quotes-polnear`` (train and dev, one annotator
file per article, single-range contents of 8 to 40 words; ``--source invented`` draws word
sequences from bench/corpus.py's invented vocabulary instead). ``--families`` of them become an
original article (an invented outlet, speaker and date), each followed by later articles of other
outlets running a variant:

* verbatim: the same text;
* misquote: one content word inside (not the first or last word) replaced by a word of another
  quotation, or dropped;
* truncated: a fragment (the first or last 50-80% of the words, with "..." at the cut half the
  time) or an elision (three or more middle words replaced by " ... ");
* paraphrase: an indirect quotation by the same speaker: "that ", person and tense shifted
  (we -> they, will -> would, is -> was, ...), one content word in five dropped, and the two
  halves swapped at a comma when there is one;
* conflicting: the same text given to another invented speaker.

``--distractors`` further quotations stand alone, given to the same pool of speakers. Every
record goes into a fresh store with ``Store.add_many`` and every quotation's
``Store.quote_provenance`` is read, as a user would. A link is a pair of quotations; the gold
links are (original, variant) pairs; a link between two variants of one family is neither right
nor wrong (both systems may find them); any other link is wrong. Precision, recall and F1 of
links; variant accuracy over the gold links found. The peer links quotations whose text is the
same after case folding and stripping (``verbatim``, or ``conflicting_speaker`` when the
speakers' names differ).

**Cost**: ``--cost-n`` articles of bench/corpus.py's generator (one 12-word quotation each)
stored with ``add_many`` (batches of 500) into two fresh SQLite files, one without the linker
and one with it, a batch to each in turn: articles per second each and the linker's
milliseconds per article.

    .venv/bin/python bench/provenance.py                        # PolNeAR, 600 families, 20k cost
    .venv/bin/python bench/provenance.py --source invented --cost-n 0
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import sqlalchemy as sa  # noqa: E402
from corpus import Generator  # noqa: E402

from dateline.corpus import Store  # noqa: E402
from dateline.corpus.provenance import ProvenanceLinker  # noqa: E402
from dateline.corpus.quote_variants import _function_words  # noqa: E402
from dateline.model import Article, Entity, Mention, Quote, Source, Span, Speaker  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "eval" / "quotes-polnear"
VARIANTS = ("verbatim", "misquote", "truncated", "paraphrase", "conflicting")
SHIFT = {"we": "they", "our": "their", "us": "them", "i": "he", "my": "his", "me": "him",
         "will": "would", "is": "was", "are": "were", "can": "could", "has": "had",
         "have": "had", "am": "was", "won't": "wouldn't", "don't": "didn't"}


def polnear_quotes() -> list[str]:
    """Single-range attribution contents of 8-40 words, one annotator file per article."""
    out: list[str] = []
    for split in ("train", "dev"):
        seen: set[str] = set()
        for ann in sorted((POLNEAR / split / "attributions").glob("*.ann")):
            name = ann.stem.rsplit("_", 1)[0]
            if name in seen:
                continue
            seen.add(name)
            for line in ann.read_text("utf-8").splitlines():
                parts = line.split("\t")
                if len(parts) == 3 and parts[1].startswith("Content ") and ";" not in parts[1]:
                    text = " ".join(parts[2].split()).strip(" ,.\"\u201c\u201d")
                    if 8 <= len(text.split()) <= 40:
                        out.append(text)
    return list(dict.fromkeys(out))


def invented_quotes(n: int) -> list[str]:
    gen = Generator(seed=3)
    return [" ".join(gen.sentence(gen.rng.randint(8, 30))) for _ in range(n)]


class SetMaker:
    """Variants of quotations, seeded."""

    def __init__(self, pool: list[str], seed: int = 5) -> None:
        self.rng = random.Random(seed)
        self.pool_words = [w for text in pool for w in text.split() if w.isalpha()]
        self.function = _function_words()

    def _content_positions(self, words: list[str]) -> list[int]:
        # interior words only: a word cut at either end is a truncation, not a misquote
        return [i for i, w in enumerate(words[:-1])
                if re.sub(r"\W", "", w).lower() not in self.function and i > 0] or [1]

    def misquote(self, text: str) -> str:
        words = text.split()
        i = self.rng.choice(self._content_positions(words))
        if self.rng.random() < 0.5:
            while (new := self.rng.choice(self.pool_words)).casefold() == words[i].casefold():
                pass
            words[i] = new
        else:
            del words[i]
        return " ".join(words)

    def truncated(self, text: str) -> str:
        words = text.split()
        if self.rng.random() < 0.6 or len(words) < 10:
            k = max(4, int(len(words) * self.rng.uniform(0.5, 0.8)))
            cut = self.rng.random() < 0.5
            if self.rng.random() < 0.5:
                return " ".join(words[:k]) + (" ..." if cut else "")
            return ("... " if cut else "") + " ".join(words[-k:])
        start = self.rng.randint(2, len(words) - 6)
        end = start + self.rng.randint(3, max(3, len(words) // 3))
        return " ".join(words[:start]) + " ... " + " ".join(words[min(end, len(words) - 2):])

    def paraphrase(self, text: str) -> str:
        if ", " in text and self.rng.random() < 0.5:
            head, tail = text.split(", ", 1)
            text = f"{tail}, {head[0].lower()}{head[1:]}"
        words = []
        for w in text.split():
            bare = re.sub(r"\W", "", w).lower()
            if bare in SHIFT:
                words.append(SHIFT[bare])
            elif bare not in self.function and self.rng.random() < 0.2 and len(words) > 1:
                continue
            else:
                words.append(w)
        return "that " + " ".join(words)


def make_record(i: int, publisher: str, published: str, speaker: str, text: str, kind: str
                ) -> Article:
    para = f"{speaker} said: \u201c{text}\u201d"
    start = para.index("\u201c") + 1
    sha = hashlib.sha256(f"provenance-bench-{i}".encode()).hexdigest()
    ent = Entity(id="e1", name=speaker, type="PERSON", mentions=[
        Mention(part="body", index=0, start=0, end=len(speaker), text=speaker)])
    quote = Quote(kind=kind, text=text, span=Span(part="body", index=0, start=start,
                                                  end=start + len(text)),
                  speaker=Speaker(name=speaker, entity="e1", mention=ent.mentions[0]),
                  cue="said")
    return Article(id=sha, source=Source(uri=f"bench/prov-{i}.html", format="html", sha256=sha),
                   publisher=publisher, language="en", headline=f"Report {i}",
                   published=published, paragraphs=[para], entities=[ent], quotes=[quote])


def build_set(texts: list[str], families: int, distractors: int, seed: int = 5):
    """``(records, truth)``: truth maps an article id to ``(family, variant)`` (``original``
    for the original, family None for a distractor)."""
    rng = random.Random(seed)
    gen = Generator(seed=9)
    speakers = gen.people[:300]
    outlets = gen.publishers[:40]
    texts = texts[:]
    rng.shuffle(texts)
    maker = SetMaker(texts, seed)
    records, truth = [], {}

    def add(text: str, speaker: str, kind: str, day: int, hour: int, family, variant) -> None:
        i = len(records)
        published = f"2024-{1 + day // 28:02d}-{1 + day % 28:02d}T{hour:02d}:00:00+00:00"
        records.append(make_record(i, rng.choice(outlets), published, speaker, text, kind))
        truth[records[-1].id] = (family, variant)

    for f in range(min(families, len(texts))):
        text, speaker, day = texts[f], rng.choice(speakers), rng.randint(0, 300)
        add(text, speaker, "direct", day, 6, f, "original")
        for variant in VARIANTS:
            hour = rng.randint(7, 23)
            if variant == "verbatim":
                add(text, speaker, "direct", day, hour, f, variant)
            elif variant == "misquote":
                add(maker.misquote(text), speaker, "direct", day, hour, f, variant)
            elif variant == "truncated":
                add(maker.truncated(text), speaker, "direct", day, hour, f, variant)
            elif variant == "paraphrase":
                add(maker.paraphrase(text), speaker, "indirect", day, hour, f, variant)
            else:
                other = rng.choice([s for s in speakers if s != speaker])
                add(text, other, "direct", day, hour, f, variant)
    for text in texts[families:families + distractors]:
        add(text, rng.choice(speakers), rng.choice(("direct", "direct", "indirect")),
            rng.randint(0, 300), rng.randint(0, 23), None, None)
    order = list(range(len(records)))
    rng.shuffle(order)  # stored in another order than published
    return [records[i] for i in order], truth


EXPECTED = {"verbatim": "verbatim", "misquote": "misquote", "truncated": "truncated",
            "paraphrase": "paraphrase", "conflicting": "conflicting_speaker"}


def score(links: dict[frozenset, str], truth: dict[str, tuple], name: str,
          verbose: bool = False) -> dict:
    """Precision, recall, F1 of links (pairs of article ids) and variant accuracy."""
    gold = {}
    by_family = defaultdict(dict)
    for article_id, (family, variant) in truth.items():
        if family is not None:
            by_family[family][variant] = article_id
    for members in by_family.values():
        for variant, article_id in members.items():
            if variant != "original":
                gold[frozenset((members["original"], article_id))] = EXPECTED[variant]
    tp = fp = right = 0
    per_variant = Counter()
    for pair, variant in links.items():
        if pair in gold:
            tp += 1
            if variant == gold[pair]:
                right += 1
                per_variant[gold[pair]] += 1
            continue
        a, b = (truth[x] for x in pair)
        if a[0] is not None and a[0] == b[0]:
            continue  # two variants of one family: not scored
        fp += 1
    if verbose:
        confusion = Counter((gold[p], v) for p, v in links.items() if p in gold and v != gold[p])
        print(f"{name}: wrong variants (gold, given): {confusion.most_common(8)}")
        wrong = [(sorted((truth[x] for x in p), key=str), v) for p, v in links.items()
                 if p not in gold and not (truth[min(p)][0] is not None
                                           and truth[min(p)][0] == truth[max(p)][0])]
        print(f"{name}: wrong links: {wrong[:8]}")
    found_by = Counter(gold[p] for p in links if p in gold)
    total_by = Counter(gold.values())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / len(gold) if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = right / tp if tp else 0.0
    print(f"{name:24s} links P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  variant accuracy {acc:.3f}  "
          f"(tp {tp}, fp {fp}, gold {len(gold)})")
    print(" " * 25 + "recall / right variant by kind: " + ", ".join(
        f"{v} {found_by[v] / total_by[v]:.2f}/{per_variant[v] / max(1, found_by[v]):.2f}"
        for v in EXPECTED.values()))
    return {"p": p, "r": r, "f1": f1, "acc": acc}


def dateline_links(records: list[Article], db: str) -> tuple[dict, float, float]:
    with Store.open(db) as store:
        t0 = time.perf_counter()
        store.add_many(records, batch=500)
        ingest = time.perf_counter() - t0
        with store.engine.connect() as conn:
            ids = conn.execute(sa.text("SELECT id, article_id FROM quotes")).all()
        links: dict[frozenset, str] = {}
        t0 = time.perf_counter()
        for qid, article_id in ids:
            for occ in store.quote_provenance(qid).occurrences:
                links.setdefault(frozenset((article_id, occ.article_id)), occ.variant)
        read = time.perf_counter() - t0
    return links, ingest, read / max(1, len(ids))


def exact_match_links(records: list[Article]) -> dict:
    groups = defaultdict(list)
    for art in records:
        for quote in art.quotes:
            groups[quote.text.strip().casefold()].append((art.id, quote.speaker.name))
    links = {}
    for members in groups.values():
        for i, (a, sa_) in enumerate(members):
            for b, sb in members[i + 1:]:
                if a != b:
                    links[frozenset((a, b))] = "verbatim" if sa_ == sb else "conflicting_speaker"
    return links


def cost(n: int, batch: int = 500) -> None:
    """Store the same ``n`` generated articles into two fresh SQLite stores, one without the
    linker and one with it, batch by batch in turn (the machine is shared: load from other
    processes falls on both alike); print each one's rate and the linker's cost."""
    gen = Generator()
    articles = [gen.article(i) for i in range(n)]
    spent = {False: 0.0, True: 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        stores = {}
        for linked in (False, True):
            stores[linked] = Store.open(os.path.join(tmp, f"{linked}.db"))
            # this stage alone (other across-article stages are measured by their own benches)
            stores[linked].linkers = [ProvenanceLinker(stores[linked].backend)] if linked else []
        try:
            for start in range(0, n, batch):
                chunk = articles[start:start + batch]
                for linked in (False, True) if start // batch % 2 == 0 else (True, False):
                    t0 = time.perf_counter()
                    stores[linked].add_many(chunk, batch=batch)
                    spent[linked] += time.perf_counter() - t0
            with stores[True].engine.connect() as conn:
                links = conn.execute(sa.text("SELECT count(*) FROM quote_occurrences")
                                     ).scalar_one() // 2
                keys = conn.execute(sa.text("SELECT count(*) FROM quote_keys")).scalar_one()
        finally:
            for store in stores.values():
                store.close()
    for linked in (False, True):
        print(f"cost: {n} bench/corpus.py articles {'with' if linked else 'without'} the "
              f"linker: {n / spent[linked]:.0f} articles/s")
    print(f"cost: the linker adds {(spent[True] - spent[False]) / n * 1000:.2f} ms an article "
          f"({keys} keys, {links} links); rate with / without = "
          f"{spent[False] / spent[True]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", choices=("polnear", "invented"), default="polnear")
    parser.add_argument("--families", type=int, default=600)
    parser.add_argument("--distractors", type=int, default=3000)
    parser.add_argument("--cost-n", type=int, default=20_000)
    parser.add_argument("--verbose", action="store_true", help="list wrong variants and links")
    args = parser.parse_args()
    if args.source == "polnear" and not POLNEAR.exists():
        print(f"{POLNEAR} is absent: using --source invented")
        args.source = "invented"
    texts = polnear_quotes() if args.source == "polnear" else \
        invented_quotes(args.families + args.distractors)
    records, truth = build_set(texts, args.families, args.distractors)
    print(f"set: {args.source}, {len(texts)} quotations available, {args.families} families x "
          f"{len(VARIANTS)} variants + {args.distractors} distractors = {len(records)} records")
    with tempfile.TemporaryDirectory() as tmp:
        links, ingest, read = dateline_links(records, os.path.join(tmp, "prov.db"))
    print(f"dateline: ingest {len(records) / ingest:.0f} articles/s, "
          f"quote_provenance {read * 1000:.2f} ms a call")
    ours = score(links, truth, "dateline", args.verbose)
    t0 = time.perf_counter()
    peer_links = exact_match_links(records)
    peer_time = time.perf_counter() - t0
    peer = score(peer_links, truth, "exact string match")
    print(f"exact string match: {peer_time * 1000:.0f} ms for the set")
    print(f"ratio dateline / exact match: F1 {ours['f1'] / max(peer['f1'], 1e-9):.2f}, "
          f"recall {ours['r'] / max(peer['r'], 1e-9):.2f}, variant accuracy "
          f"{ours['acc'] / max(peer['acc'], 1e-9):.2f}")
    if args.cost_n:
        cost(args.cost_n)


if __name__ == "__main__":
    main()
