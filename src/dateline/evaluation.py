"""Scoring dateline's output against gold data, for tests, benchmarks and training scripts.

Article bodies (:func:`score`): the metric is the one the ScrapingHub article-extraction
benchmark defines (Zyte, 2019, ``evaluate.py``): tokens are ``\\w+`` runs; a text becomes the
multiset of its 4-token shingles; true positives, false positives and false negatives are counted
on the multisets and normalised per page so that they sum to 1; precision is the mean over pages
with ``tp + fp > 0``, recall the mean over pages with ``tp + fn > 0``, and F1 the harmonic mean
of the two means.

Quotations (:func:`score_quotes`): attributions matched by text against PolNeAR's, with the
definitions of the team's scorer ``../shared/tools/score_quotes.py`` (see :class:`QuoteScores`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dateline.model import Quote

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    """Return the multiset of ``n``-token shingles of ``text`` (a text shorter than ``n``
    tokens is one shingle of all its tokens; an empty text has none)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))
                   if tokens[i:i + n])


def page_counts(gold: str, predicted: str, n: int = 4) -> tuple[float, float, float]:
    """Return ``(tp, fp, fn)`` for one page, normalised to sum to 1 (all 0 for two empty texts)."""
    g, p = shingles(gold, n), shingles(predicted, n)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 (each in 0..1) over ``pages`` pages."""

    precision: float
    recall: float
    f1: float
    pages: int


def _ratio(tp: float, other: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == other == 0:
        return 0.0
    return tp / (tp + other)


def score(pairs: Iterable[tuple[str, str]], n: int = 4) -> Score:
    """Score ``(gold, predicted)`` text pairs, one per page, with the benchmark's metric."""
    counts = [page_counts(g, p, n) for g, p in pairs]
    precisions = [_ratio(tp, fp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [_ratio(tp, fn, fp, fn) for tp, fp, fn in counts if tp + fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, len(counts))


# --- Quotation attribution on PolNeAR ----------------------------------------------------------
#
# The definitions of the team's scorer (../shared/tools/score_quotes.py), written for our typed
# records; tests/test_quote_bench.py checks that both give the same figures on the same records.
# PolNeAR: Newell, Margolin and Ruths, LREC 2018 (brat standoff, see ../shared/eval/README.md).

#: Characters stripped from both ends of a content or source before matching (after case folding
#: with ``str.lower`` and collapsing white space): white space, punctuation, dashes, brackets and
#: quotation marks, the scorer's set.
QUOTE_STRIP = " \t\n.,;:!?\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u2014\u2013-()[]"
#: Quotation marks that open or close a direct quotation in a gold content (straight, curly,
#: low-9, guillemets, and the backtick of ``quoted'' text).
QUOTATION_MARKS = "\"'`\u201c\u201d\u201e\u2018\u2019\u201a\u00ab\u00bb"


@dataclass(frozen=True)
class Attribution:
    """One attribution as scored: its ``content`` (text of the quotation), its ``source`` (the
    speaker mention as written, ``""`` when none) and whether it is a ``direct`` quotation."""

    content: str
    source: str = ""
    direct: bool = False


@dataclass(frozen=True)
class GoldArticle:
    """A PolNeAR article: its ``name`` (file stem), ``text`` and gold ``attributions``."""

    name: str
    text: str
    attributions: tuple[Attribution, ...]


def quote_norm(text: str | None) -> str:
    """Normalise a content or source for matching: lower case, white space runs made one
    space, :data:`QUOTE_STRIP` characters stripped from both ends."""
    return " ".join((text or "").lower().split()).strip(QUOTE_STRIP)


def token_f1(gold: str, predicted: str) -> float:
    """F1 (0..1) of the multisets of lower-cased ``\\w+`` tokens of two texts (0 when they
    share none)."""
    g = Counter(_TOKEN.findall((gold or "").lower()))
    p = Counter(_TOKEN.findall((predicted or "").lower()))
    common = sum((g & p).values())
    if common == 0:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def is_direct_content(content: str) -> bool:
    """True when a gold content, white space stripped, begins and ends with a quotation mark
    (:data:`QUOTATION_MARKS`): PolNeAR's Content spans of direct quotations keep their marks."""
    s = content.strip()
    return len(s) >= 2 and s[0] in QUOTATION_MARKS and s[-1] in QUOTATION_MARKS


def read_brat(text: str, ann: str) -> tuple[Attribution, ...]:
    """The gold attributions of one brat standoff file ``ann`` over ``text``.

    ``T`` lines give spans (``ID<TAB>KIND START END[;START END...]<TAB>TEXT``; a span's text is
    its ranges of ``text`` joined by single spaces); each ``E`` line (``ID<TAB>TRIGGER ROLE:ID
    ...``) is one attribution whose ``Content`` and ``Source`` roles name spans. Attributions
    with a blank content are left out; a missing source is ``""``. Lines are split as
    ``str.splitlines`` does."""
    spans: dict[str, str] = {}
    out = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 3:
            ranges = fields[1].split(" ", 1)[1]
            pieces = [tuple(int(n) for n in r.split()) for r in ranges.split(";")]
            spans[fields[0]] = " ".join(text[a:b] for a, b in pieces)
        elif line.startswith("E") and len(fields) >= 2:
            roles = dict(arg.split(":", 1) for arg in fields[1].split()[1:])
            content = spans.get(roles.get("Content", ""), "")
            if content.strip():
                out.append(Attribution(content, spans.get(roles.get("Source", ""), ""),
                                       is_direct_content(content)))
    return tuple(out)


def load_polnear(split_dir: str | Path, limit: int | None = None,
                 annotator: int = 0) -> dict[str, GoldArticle]:
    """The articles of a PolNeAR split directory (``text/NAME.txt`` and
    ``attributions/NAME_ANNOTATOR.ann``), keyed by ``NAME``, in sorted order: the first
    ``limit`` text files, each read with its ``annotator``-th annotation file in sorted order
    (0, the first, is the gold every benchmark scores against; PolNeAR gives a second file for a
    few articles). Articles with fewer annotation files than that are left out. Files are read
    as UTF-8."""
    split_dir = Path(split_dir)
    gold = {}
    for path in sorted((split_dir / "text").glob("*.txt"))[:limit]:
        anns = sorted((split_dir / "attributions").glob(path.stem + "_*.ann"))
        if len(anns) > annotator:
            text = path.read_text(encoding="utf-8")
            ann = anns[annotator].read_text(encoding="utf-8")
            gold[path.stem] = GoldArticle(path.stem, text, read_brat(text, ann))
    return gold


def join_interrupted(quotes: Iterable[Quote]) -> list[Attribution]:
    """A record's quotes as attributions, PolNeAR's way: the quotes of one paragraph (same
    ``span.part`` and ``span.index``) whose ``cue_span`` has the same ``start`` and ``end`` are
    one content, their texts joined by a space in order, with the first non-empty speaker
    mention; direct when every joined quote is of kind ``direct``. A quote without a cue span
    stays alone. The source is the speaker's mention as written (``""`` without one)."""
    out: list[Attribution] = []
    first: dict[tuple, int] = {}
    for quote in quotes:
        speaker = quote.speaker
        mention = speaker.mention.text if speaker is not None and speaker.mention else ""
        direct = quote.kind == "direct"
        cue = quote.cue_span
        key = None if cue is None else (quote.span.part, quote.span.index, cue.start, cue.end)
        if key in first:
            i = first[key]
            prev = out[i]
            out[i] = Attribution(prev.content + " " + quote.text, prev.source or mention,
                                 prev.direct and direct)
            continue
        if key is not None:
            first[key] = len(out)
        out.append(Attribution(quote.text, mention, direct))
    return out


@dataclass(frozen=True)
class PRF:
    """``matched`` of ``predicted`` system items and ``gold`` gold items; precision, recall and
    F1 in 0..1 (0 when undefined; F1 is ``2 * matched / (predicted + gold)``)."""

    matched: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.predicted + self.gold
        return 2 * self.matched / total if total else 0.0


@dataclass(frozen=True)
class QuoteScores:
    """The quotation figures of one system over ``articles`` gold articles.

    ``content_exact``: normalised contents equal. ``content_overlap``: token F1 of the contents
    at least 0.5. Matching is one-to-one and greedy: each system attribution, in record order,
    takes the first gold attribution of its article, in file order, that is still free and
    matches (separately for exact and overlap). ``source``: an overlap match whose system source
    is non-empty and equal to the gold source after normalising; ``source_on_exact`` the same on
    exact matches. The source figures count only system attributions with a source and gold
    ones with a non-blank source."""

    articles: int
    content_exact: PRF
    content_overlap: PRF
    source: PRF
    source_on_exact: PRF


def score_quotes(gold: dict[str, GoldArticle], predicted: dict[str, list[Attribution]],
                 direct_only: bool = False) -> QuoteScores:
    """Score a system's attributions per article name against ``gold`` (see
    :class:`QuoteScores`); an article the system has nothing for counts as empty, names not in
    ``gold`` are ignored. ``direct_only`` keeps only direct attributions on both sides (gold:
    :func:`is_direct_content`; system: ``Attribution.direct``)."""
    exact = overlap = source = source_exact = 0
    n_pred = n_gold = n_pred_src = n_gold_src = 0
    for name, article in gold.items():
        rows = [g for g in article.attributions if g.direct or not direct_only]
        preds = [p for p in predicted.get(name, []) if p.direct or not direct_only]
        n_pred += len(preds)
        n_gold += len(rows)
        n_pred_src += sum(1 for p in preds if p.source)
        n_gold_src += sum(1 for g in rows if g.source.strip())
        taken_exact, taken_overlap = [False] * len(rows), [False] * len(rows)
        for p in preds:
            content = quote_norm(p.content)
            i = next((i for i, g in enumerate(rows)
                      if not taken_exact[i] and quote_norm(g.content) == content), None)
            if i is not None:
                taken_exact[i] = True
                exact += 1
                source_exact += _same_source(p, rows[i])
            i = next((i for i, g in enumerate(rows)
                      if not taken_overlap[i] and token_f1(g.content, p.content) >= 0.5), None)
            if i is not None:
                taken_overlap[i] = True
                overlap += 1
                source += _same_source(p, rows[i])
    return QuoteScores(
        articles=len(gold),
        content_exact=PRF(exact, n_pred, n_gold),
        content_overlap=PRF(overlap, n_pred, n_gold),
        source=PRF(source, n_pred_src, n_gold_src),
        source_on_exact=PRF(source_exact, n_pred_src, n_gold_src),
    )


def _same_source(system: Attribution, gold: Attribution) -> bool:
    return bool(system.source) and quote_norm(system.source) == quote_norm(gold.source)
