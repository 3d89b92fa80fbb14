"""How far PolNeAR's annotators agree with each other, scored as bench/quotes.py scores dateline.

PolNeAR (Newell, Margolin and Ruths, LREC 2018) gives a second annotator's file for a few
articles (``../shared/eval/quotes-polnear/SPLIT/attributions/NAME_ANNOTATOR.ann``: 16 of train's
and 2 of dev's). Every benchmark scores a system against the first file of each article
(:func:`dateline.evaluation.load_polnear`). Here the second file is the "system" and the first
the gold, on the articles that have both, with :func:`dateline.evaluation.score_quotes`, the
definitions of the team's scorer ``../shared/tools/score_quotes.py``. The result is the
agreement of two trained people under the metric that issue 9's targets are stated in (content
exact F1 0.70, source F1 0.80): a reference for what the data lets a system show. (The other
direction, the second file as gold, gives the same F1 on these articles: 2026-12-01.)

Printed: content exact, content overlap, source and source-on-exact F1 over all attributions
and over the direct quotations alone, with a 95% interval from resampling the articles with
replacement (``--resamples``, default 500, seed 7; about 40 CPU-seconds). The interval is wide:
these are about 500 attributions in 18 articles.

    .venv/bin/python bench/quote_agreement.py [--splits train,dev]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from dateline.evaluation import GoldArticle, QuoteScores, load_polnear, score_quotes  # noqa: E402

POLNEAR = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "quotes-polnear"
FIGURES = ("content_exact", "content_overlap", "source", "source_on_exact")


def annotator_pairs(splits: list[str], root: Path = POLNEAR
                    ) -> tuple[dict[str, GoldArticle], dict[str, GoldArticle]]:
    """The articles of ``splits`` with two annotation files: (first annotator's, second's),
    each keyed ``SPLIT/NAME``."""
    first: dict[str, GoldArticle] = {}
    second: dict[str, GoldArticle] = {}
    for split in splits:
        other = load_polnear(root / split, annotator=1)
        gold = load_polnear(root / split)
        for name, article in other.items():
            first[f"{split}/{name}"] = gold[name]
            second[f"{split}/{name}"] = article
    return first, second


def agreement(gold: dict[str, GoldArticle], other: dict[str, GoldArticle],
              direct_only: bool = False) -> QuoteScores:
    """``other``'s attributions scored against ``gold``'s, article by article."""
    return score_quotes(gold, {name: list(a.attributions) for name, a in other.items()},
                        direct_only=direct_only)


def interval(gold: dict[str, GoldArticle], other: dict[str, GoldArticle], direct_only: bool,
             resamples: int, seed: int = 7) -> dict[str, tuple[float, float]]:
    """2.5th and 97.5th percentiles of each figure's F1 over ``resamples`` samples of the
    articles drawn with replacement (a drawn article counts as often as it is drawn)."""
    rng = random.Random(seed)
    names = sorted(gold)
    samples: dict[str, list[float]] = {f: [] for f in FIGURES}
    for _ in range(resamples):
        drawn = [rng.choice(names) for _ in names]
        g = {f"{i}/{n}": gold[n] for i, n in enumerate(drawn)}
        o = {f"{i}/{n}": other[n] for i, n in enumerate(drawn)}
        scores = agreement(g, o, direct_only)
        for f in FIGURES:
            samples[f].append(getattr(scores, f).f1)
    out = {}
    for f, values in samples.items():
        values.sort()
        out[f] = (values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--splits", default="train,dev")
    ap.add_argument("--resamples", type=int, default=500)
    args = ap.parse_args(argv)
    if not POLNEAR.is_dir():
        print(f"no PolNeAR data at {POLNEAR}", file=sys.stderr)
        return 2
    first, second = annotator_pairs(args.splits.split(","))
    print(f"{len(first)} articles with two annotators "
          f"({sum(len(a.attributions) for a in first.values())} and "
          f"{sum(len(a.attributions) for a in second.values())} attributions)")
    for direct_only in (False, True):
        scores = agreement(first, second, direct_only)
        ci = interval(first, second, direct_only, args.resamples)
        print(f"\nsecond annotator scored against the first"
              f"{', direct quotations only' if direct_only else ''}:")
        for f in FIGURES:
            prf = getattr(scores, f)
            lo, hi = ci[f]
            print(f"  {f:<16} F1 {prf.f1:.3f}  (95% {lo:.3f}-{hi:.3f})  "
                  f"P {prf.precision:.3f} R {prf.recall:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
