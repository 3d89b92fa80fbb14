"""Scoring extracted text against a gold text, for tests, benchmarks and training scripts.

The metric is the one the ScrapingHub article-extraction benchmark defines (Zyte, 2019,
``evaluate.py``): tokens are ``\\w+`` runs; a text becomes the multiset of its 4-token shingles;
true positives, false positives and false negatives are counted on the multisets and normalised
per page so that they sum to 1; precision is the mean over pages with ``tp + fp > 0``, recall the
mean over pages with ``tp + fn > 0``, and F1 the harmonic mean of the two means.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

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
