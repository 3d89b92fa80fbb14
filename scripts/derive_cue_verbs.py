"""Print the cue-verb table of PolNeAR (how ``understand/data/cue_verbs.txt`` was made).

Data: ../shared/eval/quotes-polnear/SPLIT/{text,attributions} (Newell, Margolin and Ruths, LREC
2018; brat standoff, first annotator file per article in sorted order). Each article is split
into its lines (one paragraph a line in PolNeAR) and each line parsed with dateline's spaCy
pipeline. For every token tagged VERB, NOUN or ADP, its lower-cased lemma is counted as seen,
and as a cue when the token's first character lies inside a gold ``Cue`` span. Printed: every
lemma a cue at least ``--min-count`` times (default 5) in at least ``--min-ratio`` (default
0.15) of the times seen, most frequent cue first, as ``lemma<TAB>cue<TAB>seen<TAB>ratio``.
The cue-verb list keeps the rows of the train split that pass the stricter cut its header names.

Usage: .venv/bin/python scripts/derive_cue_verbs.py [--split train] [--limit N] [--cache DIR]
(``bench/quotes.py --derive-cues`` runs the same.)
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "eval" / "quotes-polnear"
sys.path.insert(0, str(ROOT / "src"))


def cue_chars(ann: str) -> set[int]:
    """The character offsets of an article's text covered by the ``Cue`` spans that an ``E``
    line (an attribution with a Content span) of the brat file ``ann`` names."""
    spans: dict[str, list[tuple[int, int]]] = {}
    out: set[int] = set()
    events = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) > 1 and " " in fields[1]:
            spec = fields[1].split(" ", 1)[1]
            spans[fields[0]] = [tuple(map(int, r.split())) for r in spec.split(";")]
        elif line.startswith("E") and len(fields) > 1:
            events.append(dict(p.split(":", 1) for p in fields[1].split() if ":" in p))
    for event in events:
        if event.get("Content") in spans:
            for a, b in spans.get(event.get("Cue", ""), []):
                out.update(range(a, b))
    return out


def paragraphs(text: str) -> list[tuple[int, str]]:
    """The non-blank lines of ``text``, stripped: ``(offset of the line in text, line)``."""
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


def derive_cues(split: str = "train", limit: int | None = None, model: str | None = None,
                cache: Path | None = None, min_count: int = 5, min_ratio: float = 0.15) -> int:
    """Print the cue-verb table of ``split`` (see the module docstring); return 0, or 1 when
    the data is absent."""
    from dateline.understand.nlp import load_nlp

    split_dir = DATA / split
    if not split_dir.exists():
        print(f"no data at {split_dir}", file=sys.stderr)
        return 1
    nlp = load_nlp(model) if model else load_nlp()
    items = []
    for text_path in sorted((split_dir / "text").glob("*.txt"))[:limit]:
        anns = sorted((split_dir / "attributions").glob(text_path.stem + "_*.ann"))
        if anns:
            text = text_path.read_text(encoding="utf-8")
            items.append((text, cue_chars(anns[0].read_text(encoding="utf-8"))))
    flat = [p for text, _ in items for _, p in paragraphs(text)]
    docs = iter(parse_docs(nlp, flat, cache, f"{split}-paras"))
    as_cue: collections.Counter = collections.Counter()
    seen: collections.Counter = collections.Counter()
    for text, cues in items:
        for offset, _ in paragraphs(text):
            for tok in next(docs):
                if tok.pos_ not in ("VERB", "NOUN", "ADP"):
                    continue
                lemma = tok.lemma_.lower()
                seen[lemma] += 1
                if offset + tok.idx in cues:
                    as_cue[lemma] += 1
    print("# lemma\tcue\tseen\tratio")
    for lemma, n in as_cue.most_common():
        ratio = n / seen[lemma]
        if n >= min_count and ratio >= min_ratio:
            print(f"{lemma}\t{n}\t{seen[lemma]}\t{ratio:.2f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="train")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: dateline's)")
    ap.add_argument("--cache", type=Path, help="directory for cached parses (DocBin)")
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--min-ratio", type=float, default=0.15)
    args = ap.parse_args(argv)
    return derive_cues(args.split, args.limit, args.model, args.cache, args.min_count,
                       args.min_ratio)


if __name__ == "__main__":
    raise SystemExit(main())
