"""Error analysis of dateline's attributions on PolNeAR (issue 9): where contents and sources miss.

Reads the records ``bench/quotes.py --jsonl-out DIR`` wrote (``DIR/SYSTEM.jsonl``, what
``dateline extract --format text`` gives) and the split's gold (first annotator, as the scorer),
joins interrupted quotations as the scorer does, matches contents exactly as the scorer does, and
for every gold content without an exact match but with a system content of token F1 >= 0.5 (the
scorer's overlap) says which boundary is off, by how many words, and what the difference is:
punctuation only, the complementiser "that", a sentence end crossed or cut, the attribution clause
("he said") taken in, a discontinuous gold content (an interrupted quotation), two gold contents in
one of ours, a headline. Then the source misses on overlap matches: no source, a pronoun, title or
role words, a wrong mention. Prints count tables and ``--examples N`` of each class, and what
content exact F1 would be if a discontinuous gold content (PolNeAR's interrupted quotation,
'“X,” he said, “Y.”' giving '“X,” “Y.”') were normalised piece by piece, the way our quotes
are: its inner marks are what no quotation text without marks can equal.

Usage: .venv/bin/python bench/quote_errors.py DIR/model.jsonl [--split dev] [--examples 3]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "eval" / "quotes-polnear"
sys.path.insert(0, str(ROOT / "src"))

from dateline.evaluation import join_interrupted, quote_norm, token_f1  # noqa: E402
from dateline.model import Quote  # noqa: E402

_PUNCT = set(" \t\n.,;:!?\"'“”‘’«»—–-()[]")
_CUE_WORDS = re.compile(r"\b(said|says|told|added|according|asked|wrote|stated|explained|"
                        r"noted|argued|claimed|tweeted|continued|insisted|reported)\b", re.I)
_PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "who", "which"}
_TITLES = re.compile(r"^(the |a )?(former |sen\.|senator|rep\.|representative|gov\.|governor|"
                     r"president|mr\.?|mrs\.?|ms\.?|dr\.?|gen\.|secretary|candidate|nominee|"
                     r"republican|democrat|democratic|chairman|spokesman|spokeswoman)", re.I)


def load_gold(split_dir: Path) -> dict[str, tuple[str, list[tuple[list[tuple[int, int]], str,
                                                                 list[tuple[int, int]]]]]]:
    """Per article: text and gold rows (content ranges, source text, source ranges)."""
    out = {}
    for path in sorted((split_dir / "text").glob("*.txt")):
        anns = sorted((split_dir / "attributions").glob(path.stem + "_*.ann"))
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        spans, rows = {}, []
        for line in anns[0].read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if line.startswith("T") and len(fields) >= 3:
                ranges = [tuple(int(n) for n in r.split())
                          for r in fields[1].split(" ", 1)[1].split(";")]
                spans[fields[0]] = ranges
            elif line.startswith("E") and len(fields) >= 2:
                roles = dict(a.split(":", 1) for a in fields[1].split()[1:])
                content = spans.get(roles.get("Content", ""), [])
                if " ".join(text[a:b] for a, b in content).strip():
                    rows.append((content, spans.get(roles.get("Source", ""), [])))
        out[path.stem] = (text, rows)
    return out


def _join(text: str, ranges) -> str:
    return " ".join(text[a:b] for a, b in ranges)


def side_kind(diff: str) -> str:
    """What a boundary difference (the words one side has and the other lacks) is."""
    words = diff.strip(" ")
    if not words:
        return "-"
    if all(c in _PUNCT for c in words):
        return "punct"
    bare = words.strip("".join(_PUNCT)).lower()
    if bare in ("that", "that the", "whether", "if", "how"):
        return "that"
    if re.search(r"[.!?][\"'”’]?\s+\S", words):
        return "sentence"
    if _CUE_WORDS.search(words):
        return "clause"
    n = len(re.findall(r"\w+", words))
    return "1 word" if n == 1 else "2-3 words" if n <= 3 else "4+ words"


def classify(text: str, gold_ranges, pred_lo: int, pred_hi: int, others) -> str:
    """The class of a boundary miss: ``kind`` or ``start:KIND,end:KIND`` (``+`` when ours
    is longer on that side, ``-`` shorter)."""
    if len(gold_ranges) > 1:
        return "gold discontinuous"
    glo, ghi = gold_ranges[0]
    for lo, hi in others:  # another gold content in ours, not one nested in the matched gold
        if (lo, hi) != (glo, ghi) and pred_lo <= lo < hi <= pred_hi + 1 \
                and not (glo <= lo and hi <= ghi) and not (lo <= glo and ghi <= hi):
            return "two golds in ours"
    start = ("+" if pred_lo < glo else "-") + side_kind(text[min(pred_lo, glo):max(pred_lo, glo)])
    end = ("+" if pred_hi > ghi else "-") + side_kind(text[min(pred_hi, ghi):max(pred_hi, ghi)])
    start = "=" if pred_lo == glo or start[1:] == "punct" else start
    end = "=" if pred_hi == ghi or end[1:] == "punct" else end
    return f"start {start:12} end {end}"


def source_kind(pred: str, gold: str) -> str:
    """Why an overlap-matched attribution's source is not the gold one."""
    if not gold.strip():
        return "gold has no source"
    if not pred:
        return "ours none"
    p, g = quote_norm(pred), quote_norm(gold)
    if g in _PRONOUNS and p not in _PRONOUNS:
        return "gold pronoun, ours other"
    if p in _PRONOUNS:
        return "ours pronoun, gold other"
    if p in g:
        return "ours shorter" + (" (title/role)" if _TITLES.match(g) else "")
    if g in p:
        return "ours longer"
    if token_f1(g, p) > 0:
        return "partial overlap"
    return "wrong mention"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("jsonl", type=Path)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--examples", type=int, default=0)
    args = ap.parse_args(argv)
    gold = load_gold(DATA / args.split)
    content, source, examples = Counter(), Counter(), defaultdict(list)
    n_exact = n_missed = n_gold = n_whatif = n_pred = 0
    heads = 0
    for line in args.jsonl.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        name = Path(record["source"]["uri"]).stem
        if name not in gold:
            continue
        text, rows = gold[name]
        quotes = [Quote.model_validate(q) for q in record.get("quotes") or []]
        preds = join_interrupted(quotes)
        # article offsets of every joined content: first quote's start .. last quote's end
        paras = record.get("paragraphs") or []
        base, pos = [], 0
        for para in paras:
            at = text.find(para, pos)
            base.append(at)
            pos = at + len(para) if at >= 0 else pos
        bounds, seen = [], {}
        for q in quotes:
            at = base[q.span.index] if q.span.part == "body" and q.span.index < len(base) else -1
            key = None if q.cue_span is None else (q.span.part, q.span.index, q.cue_span.start,
                                                   q.cue_span.end)  # join_interrupted's key
            lo, hi = (at + q.span.start, at + q.span.end) if at >= 0 else (-1, -1)
            if key is not None and key in seen:
                i = seen[key]
                bounds[i] = (bounds[i][0], hi, bounds[i][2])
                continue
            if key is not None:
                seen[key] = len(bounds)
            bounds.append((lo, hi, q.span.index == 0))
        golds = [(_join(text, r), _join(text, s), r) for r, s in rows]
        n_gold += len(golds)
        used = set()
        for p in preds:
            for i, (g, _, _) in enumerate(golds):
                if i not in used and quote_norm(p.content) == quote_norm(g):
                    used.add(i)
                    break
        n_exact += len(used)
        # what-if: a discontinuous gold content compared piece by piece normalised (its inner
        # quotation marks and the commas at the join gone), ours as the scorer joins them
        used_w = set()
        for p in preds:
            for i, (g, _, ranges) in enumerate(golds):
                pieces = " ".join(quote_norm(text[a:b]) for a, b in ranges)
                if i not in used_w and quote_norm(p.content) in (quote_norm(g), pieces):
                    used_w.add(i)
                    break
        n_whatif += len(used_w)
        n_pred += len(preds)
        free = list(range(len(preds)))
        all_ranges = [r[0][0] for r in rows if len(r[0]) == 1]
        for i, (g, _, ranges) in enumerate(golds):
            if i in used:
                continue
            best = max(free, key=lambda j: token_f1(g, preds[j].content), default=None)
            if best is None or token_f1(g, preds[best].content) < 0.5:
                n_missed += 1
                continue
            lo, hi, head = bounds[best]
            kind = "ours not found in text" if lo < 0 else \
                classify(text, ranges, lo, hi, all_ranges)
            heads += head
            content[kind] += 1
            examples[kind].append((g, preds[best].content))
        # sources on the scorer's overlap matches
        used_l = set()
        for p in preds:
            for i, (g, gs, _) in enumerate(golds):
                if i not in used_l and token_f1(g, p.content) >= 0.5:
                    used_l.add(i)
                    if not (p.source and quote_norm(p.source) == quote_norm(gs)):
                        kind = source_kind(p.source, gs)
                        source[kind] += 1
                        examples["source: " + kind].append((gs, p.source))
                    else:
                        source["right"] += 1
                    break
    print(f"gold {n_gold}: exact {n_exact}, overlap-only {sum(content.values())} "
          f"(of which in the first line, the headline: {heads}), no overlap {n_missed}")
    print(f"content exact F1 {2 * n_exact / (n_pred + n_gold):.4f}; if discontinuous gold "
          f"contents were normalised piece by piece: {2 * n_whatif / (n_pred + n_gold):.4f}")
    print(f"{'content miss with an overlap match':44} {'count':>5}")
    for kind, n in content.most_common():
        print(f"{kind:44} {n:5d}")
    print(f"\n{'source on an overlap match':44} {'count':>5}")
    for kind, n in source.most_common():
        print(f"{kind:44} {n:5d}")
    if args.examples:
        for kind, rows in examples.items():
            print(f"\n== {kind}")
            for g, p in rows[:args.examples]:
                print(f"  gold: {g[:200]!r}\n  ours: {p[:200]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
