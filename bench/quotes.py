"""Quotation benchmark on PolNeAR (issue 3, item 6): dateline beside textacy, in one run.

Data: ../shared/eval/quotes-polnear/SPLIT/{text,attributions} (Newell, Margolin and Ruths, LREC
2018): brat standoff, ``T`` lines ``Source``/``Cue``/``Content`` with character offsets (several
ranges joined by ``;``), ``E`` lines tying one attribution's spans. One annotator file is used per
article (the first in sorted order).

Method. Each article text is split into paragraphs at line breaks (one paragraph a line in PolNeAR,
as the pipeline gives one string a paragraph; until 2026-11-29 the split was at blank lines, which
left most bodies one string: with the rules of that day, dev content exact F1 0.553 with line
paragraphs against 0.550 with blank-line ones, train 0.537 against 0.534); dateline parses each
paragraph as one spaCy Doc and runs :func:`dateline.understand.quotes.find_quotes` (entities empty,
so only the mention as written is scored); textacy's ``direct_quotations`` runs on a Doc of the
whole text from the same spaCy pipeline. Matching is by text, one-to-one and greedy within an
article, after normalising both sides the same way (whitespace collapsed, case folded,
leading/trailing quotation marks and punctuation stripped):

* content exact: equal normalised content;
* content overlap: token F1 of the two contents at least 0.5;
* source exact: a content-overlap match whose normalised source text is equal (gold attributions
  without a source are left out of recall; system quotes without a speaker out of precision).

Several dateline quotes of one paragraph with the same cue are joined into one attribution, as
PolNeAR joins the stretches of a quotation interrupted by its cue. Prints precision, recall and F1
for each system and dateline's ratio to textacy.

``--derive-cues`` prints the cue-verb table from the train split (how data/cue_verbs.txt was made).

Usage: .venv/bin/python bench/quotes.py [--split dev] [--limit N] [--cache DIR] [--derive-cues]
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "eval" / "quotes-polnear"
sys.path.insert(0, str(ROOT / "src"))



@dataclass
class Gold:
    content: str
    source: str | None
    cue: str | None
    content_ranges: list[tuple[int, int]]
    cue_ranges: list[tuple[int, int]]


@dataclass
class Item:
    name: str
    text: str
    gold: list[Gold]


def _ranges(spec: str) -> list[tuple[int, int]]:
    return [tuple(map(int, r.split())) for r in spec.split(";")]  # type: ignore[misc]


def parse_ann(path: Path, text: str) -> list[Gold]:
    """Return the attributions of one brat ``.ann`` file that have a Content span."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) > 1 and " " in fields[1]:
            kind, spec = fields[1].split(" ", 1)
            spans[fields[0]] = (kind, _ranges(spec))
        elif line.startswith("E") and len(fields) > 1:
            events.append(dict(p.split(":", 1) for p in fields[1].split() if ":" in p))
    gold = []
    for event in events:
        if "Content" not in event or event["Content"] not in spans:
            continue
        content = spans[event["Content"]][1]
        source = spans.get(event.get("Source", ""), (None, None))[1]
        cue = spans.get(event.get("Cue", ""), (None, []))[1] or []
        gold.append(Gold(
            content=" ".join(text[a:b] for a, b in content),
            source=" ".join(text[a:b] for a, b in source) if source else None,
            cue=" ".join(text[a:b] for a, b in cue) if cue else None,
            content_ranges=content, cue_ranges=cue,
        ))
    return gold


def load_split(split: str, limit: int | None = None) -> list[Item]:
    """Return the articles of ``split`` with their gold attributions (one annotator each)."""
    items = []
    for text_path in sorted((DATA / split / "text").glob("*.txt"))[:limit]:
        anns = sorted((DATA / split / "attributions").glob(text_path.stem + "_*.ann"))
        if not anns:
            continue
        text = text_path.read_text(encoding="utf-8")
        items.append(Item(text_path.stem, text, parse_ann(anns[0], text)))
    return items


def paragraphs(text: str) -> list[tuple[int, str]]:
    """Split ``text`` into its lines: ``(offset of the paragraph in text, paragraph)``.
    PolNeAR's texts hold one paragraph a line (a blank line only after the title), and
    dateline's pipeline gives the understanding stage one string a paragraph."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        para = m.group(0)
        stripped = para.strip()
        if stripped:
            out.append((m.start() + para.index(stripped), stripped))
    return out


def parse_docs(nlp, texts: list[str], cache: Path | None, key: str):
    """Parse ``texts`` with ``nlp.pipe``, through an on-disk DocBin cache when given."""
    from spacy.tokens import DocBin

    if cache is not None:
        digest = hashlib.sha1("\x00".join(texts).encode()).hexdigest()[:16]
        path = cache / f"{key}-{digest}.spacy"
        if path.exists():
            return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=64))
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs, store_user_data=False).to_disk(path)
    return docs


def norm(text: str | None) -> str:
    """Normalise a content or source text for matching (both systems alike): its ``\\w+``
    tokens, case-folded, joined by spaces (so quotation marks and punctuation do not count)."""
    if not text:
        return ""
    return " ".join(re.findall(r"\w+", text.casefold()))


def token_f1(a: str, b: str) -> float:
    ta, tb = re.findall(r"\w+", a), re.findall(r"\w+", b)
    if not ta or not tb:
        return 0.0
    common = sum((collections.Counter(ta) & collections.Counter(tb)).values())
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


@dataclass
class Pred:
    content: str
    source: str | None
    kind: str = ""
    cue: str = ""


def score(items_pred: list[tuple[list[Gold], list[Pred]]]) -> dict[str, tuple[float, float, float]]:
    """Return ``{metric: (precision, recall, f1)}`` over all articles, micro-averaged."""
    tp = collections.Counter()
    n_pred = n_gold = n_pred_src = n_gold_src = 0
    for gold, pred in items_pred:
        n_pred += len(pred)
        n_gold += len(gold)
        n_pred_src += sum(1 for p in pred if p.source)
        n_gold_src += sum(1 for g in gold if g.source)
        gn = [norm(g.content) for g in gold]
        pn = [norm(p.content) for p in pred]
        used: set[int] = set()
        for p in pn:
            for j, g in enumerate(gn):
                if j not in used and p == g:
                    used.add(j)
                    tp["exact"] += 1
                    break
        used = set()
        for i, p in enumerate(pn):
            best, best_j = 0.5, None
            for j, g in enumerate(gn):
                if j not in used:
                    f = token_f1(p, g)
                    if f >= best:
                        best, best_j = f, j
            if best_j is not None:
                used.add(best_j)
                tp["overlap"] += 1
                if pred[i].source and norm(pred[i].source) == norm(gold[best_j].source):
                    tp["source"] += 1

    def prf(t: int, np_: int, ng: int) -> tuple[float, float, float]:
        p = t / np_ if np_ else 0.0
        r = t / ng if ng else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    return {
        "content exact": prf(tp["exact"], n_pred, n_gold),
        "content overlap": prf(tp["overlap"], n_pred, n_gold),
        "source exact": prf(tp["source"], n_pred_src, n_gold_src),
    }


def run_dateline(item: Item, docs) -> list[Pred]:
    """dateline's quotes of one article, mapped to whole-text strings and joined per cue."""
    from dateline.model import Article, Source
    from dateline.understand.parsed import ParsedArticle
    from dateline.understand.quotes import find_quotes

    paras = [p for _, p in paragraphs(item.text)]
    # PolNeAR's first line is the title: it is the article's headline
    article = Article(id="x", source=Source(uri=item.name, format="text", sha256="x"),
                      headline=paras[0], paragraphs=paras[1:])
    keys = [("headline", 0)] + [("body", i) for i in range(len(paras) - 1)]
    parsed = ParsedArticle(article, dict(zip(keys, docs, strict=True)))
    joined: dict[tuple, list] = {}
    order: list[tuple] = []
    quotes = find_quotes(parsed, [])
    # paragraph numbers over the whole text: 0 the title, then the body
    spans = [(q.span.index + (q.span.part == "body"), q.span.start, q.span.end) for q in quotes]
    previous_key = None
    for n, quote in enumerate(quotes):
        i, a, b = spans[n]
        if any(j == i and c <= a and b <= d and (c, d) != (a, b) for j, c, d in spans):
            continue  # a partial quote inside a mixed one: PolNeAR marks the whole
        if quote.cue_span is not None:
            key = (i, quote.cue_span.start, quote.cue_span.end)
        elif quote.kind == "direct" and quote.speaker is not None and previous_key and (
                previous_key[0] == i or (previous_key[0] == i - 1 and joined[previous_key][-1]
                                         .span.end == len(paras[i - 1]))):
            # a quotation continued without a new cue, in its paragraph or from a paragraph
            # left open (PolNeAR joins the stretches into one content)
            key = previous_key
        else:
            key = ("q", n)
        if quote.kind == "direct":
            previous_key = key
        if key not in joined:
            joined[key] = []
            order.append(key)
        joined[key].append(quote)
    preds = []
    for key in order:
        quotes = joined[key]
        text = " ".join(q.text for q in quotes)
        speaker = quotes[0].speaker
        source = speaker.mention.text if speaker and speaker.mention else None
        preds.append(Pred(text, source, quotes[0].kind, (quotes[0].cue or "").lower()))
    return preds


def run_textacy(doc) -> list[Pred]:
    """textacy 0.13's direct_quotations on a Doc of the whole article."""
    from textacy.extract.triples import direct_quotations

    preds = []
    try:
        for triple in direct_quotations(doc):
            speaker = " ".join(t.text for t in triple.speaker) if triple.speaker else None
            preds.append(Pred(triple.content.text, speaker))
    except Exception:  # textacy raises on some malformed quotation layouts
        pass
    return preds


def derive_cues(items: list[Item], docs_per_item, min_count: int, min_ratio: float) -> None:
    """Print the cue-verb table from train: lemma, times a cue, times seen as a verb, ratio."""
    as_cue: collections.Counter = collections.Counter()
    seen: collections.Counter = collections.Counter()
    for item, docs in zip(items, docs_per_item, strict=True):
        cue_chars = set()
        for g in item.gold:
            for a, b in g.cue_ranges:
                cue_chars.update(range(a, b))
        for (offset, _), doc in zip(paragraphs(item.text), docs, strict=True):
            for tok in doc:
                if tok.pos_ not in ("VERB", "NOUN", "ADP"):
                    continue
                lemma = tok.lemma_.lower()
                seen[lemma] += 1
                if offset + tok.idx in cue_chars:
                    as_cue[lemma] += 1
    print("# lemma\tcue\tseen\tratio")
    for lemma, n in as_cue.most_common():
        ratio = n / seen[lemma]
        if n >= min_count and ratio >= min_ratio:
            print(f"{lemma}\t{n}\t{seen[lemma]}\t{ratio:.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: dateline's)")
    ap.add_argument("--cache", type=Path, help="directory for cached parses (DocBin)")
    ap.add_argument("--derive-cues", action="store_true")
    ap.add_argument("--no-textacy", action="store_true")
    ap.add_argument("--show", type=int, default=0, help="print N dateline misses")
    args = ap.parse_args(argv)

    from dateline.understand.nlp import load_nlp

    nlp = load_nlp(args.model) if args.model else load_nlp()
    if not (DATA / args.split).exists():
        print(f"no data at {DATA / args.split}", file=sys.stderr)
        return 1
    items = load_split(args.split, args.limit)
    flat = [p for item in items for _, p in paragraphs(item.text)]
    t0 = time.perf_counter()
    docs = parse_docs(nlp, flat, args.cache, f"{args.split}-paras")
    t_parse = time.perf_counter() - t0
    per_item, k = [], 0
    for item in items:
        n = len(paragraphs(item.text))
        per_item.append(docs[k:k + n])
        k += n
    if args.derive_cues:
        derive_cues(items, per_item, min_count=5, min_ratio=0.15)
        return 0

    t0 = time.perf_counter()
    ours = [(item.gold, run_dateline(item, d)) for item, d in zip(items, per_item, strict=True)]
    t_ours = time.perf_counter() - t0
    results = {"dateline": score(ours)}
    if not args.no_textacy:
        whole = parse_docs(nlp, [item.text for item in items], args.cache, f"{args.split}-whole")
        peer = [(item.gold, run_textacy(doc)) for item, doc in zip(items, whole, strict=True)]
        results["textacy"] = score(peer)

    n_gold = sum(len(i.gold) for i in items)
    print(f"PolNeAR {args.split}: {len(items)} articles, {n_gold} gold attributions; "
          f"parse {len(items) / max(t_parse, 1e-9):.1f} articles/s"
          f"{' (cached)' if args.cache else ''}, quote finding "
          f"{len(items) / max(t_ours, 1e-9):.0f} articles/s")
    print(f"{'system':10} {'metric':16} {'P':>6} {'R':>6} {'F1':>6}")
    for system, res in results.items():
        for metric, (p, r, f) in res.items():
            print(f"{system:10} {metric:16} {p:6.4f} {r:6.4f} {f:6.4f}")
    if "textacy" in results:
        for metric in results["dateline"]:
            ours_f, peer_f = results["dateline"][metric][2], results["textacy"][metric][2]
            ratio = ours_f / peer_f if peer_f else float("inf")
            print(f"ratio dateline/textacy {metric}: {ratio:.2f}")
    if args.show:
        _show_misses(items, ours, args.show)
    return 0


def _show_misses(items: list[Item], ours, n: int) -> None:
    shown = 0
    for item, (gold, pred) in zip(items, ours, strict=True):
        gn = {norm(g.content): g for g in gold}
        for p in pred:
            if norm(p.content) not in gn and shown < n:
                best = max(gold, key=lambda g: token_f1(norm(p.content), norm(g.content)),
                           default=None)
                print(f"--- {item.name}\n  ours: {p.content!r} [{p.source}]")
                if best is not None:
                    print(f"  gold: {best.content!r} [{best.source}] cue={best.cue!r}")
                shown += 1


if __name__ == "__main__":
    raise SystemExit(main())
