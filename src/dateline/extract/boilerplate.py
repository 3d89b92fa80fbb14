"""The boilerplate line model: which lines of a page are article body, and what the others are.

Two passes of gradient-boosted trees (``data/line_model.json``, trained by
``scripts/train_line_model.py`` on ../shared/eval: the two text-scrape sets and the PolNeAR train
articles) score each line: the first on the line's own, neighbour, position and context features
(:mod:`dateline.extract.lines`, :mod:`dateline.extract.line_context`), the second on those plus
the first pass's probabilities of the lines around it (stacking), which smooths the decisions
over the sequence, and, when the model file says ``page_stack``, page-level statistics of those
probabilities (:func:`page_stack_features`: a clean article has nearly every line likely body).
Trees are evaluated with numpy (:mod:`dateline.extract.trees`); scikit-learn is never imported
here.

A removed line gets a kind (``notification_prompt``, ``donation_appeal``, ... ``other``) from the
chrome phrases it holds (``data/boilerplate_phrases.json``) or, failing that, from its shape and
where it stands relative to the body.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import numpy as np

from dateline import datafiles
from dateline.extract.chrome_phrases import european_kind
from dateline.extract.lines import (
    FEATURE_NAMES,
    PROSE_MIN_WORDS,
    Line,
    line_features,
    phrase_hits,
    phrase_tables,
)
from dateline.extract.trees import ROWS_AT_ONCE, TreeEnsemble  # noqa: F401 - re-exported
from dateline.extract.words import word_count

log = logging.getLogger(__name__)

#: Second-pass probability above which a line is body. Set on the out-of-fold predictions of the
#: training script (it writes its choice into the model file, which wins over this default).
DEFAULT_THRESHOLD = 0.5
#: A line of at most this many words holding a strong chrome phrase is chrome whatever the model
#: says ("Log in to comment", "Your support makes all the difference.").
STRONG_MAX_WORDS = 12
#: A strong phrase of one word ("comment", "donate", "cookies") forces only lines of at most this
#: many words: "The ministry did not respond to a request for comment." is body.
STRONG_SINGLE_MAX_WORDS = 4
#: Lines between two strong hits of the same appeal kind at most this many lines apart take that
#: kind (a donation appeal's prose between its heading and its button). Only the kinds of
#: SANDWICH_KINDS: "Read more" lines between body paragraphs must not swallow the paragraphs.
SANDWICH_SPAN = 6
SANDWICH_KINDS = frozenset({"donation_appeal", "newsletter", "notification_prompt", "login",
                            "cookie"})
STACK_OFFSETS = (-3, -2, -1, 1, 2, 3)
_WORDS = FEATURE_NAMES.index("log_words")
_SENTENCE_END = FEATURE_NAMES.index("sentence_end")
_STRONG_HITS = FEATURE_NAMES.index("strong_hits")
_LOG_PROSE_WORDS = float(np.log1p(PROSE_MIN_WORDS)) - 1e-9  # log1p(words), as lines.py
_COPYRIGHT = re.compile(r"^\s*(?:\u00a9|\(c\)\s|copyright\b)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[*\u2022\u00b7\u25aa\u25cf>\u00bb\u203a-]|\d+[.)]\s)")


#: Threshold of a first-pass "likely body" line for :func:`page_stack_features`.
LIKELY_BODY = 0.5
PAGE_STACK_FEATURES = ["p_page_mean", "p_page_high", "p_minus_mean", "log_high_run",
                       "p_high_before", "p_high_after"]


def page_stack_features(p: np.ndarray) -> np.ndarray:
    """Return the ``(n, len(PAGE_STACK_FEATURES))`` page-level second-pass features of the
    first-pass probabilities ``p`` of one page's ``n`` lines: their page mean and the share of
    lines at least ``LIKELY_BODY`` (a clean article has nearly every line there), the line's
    ``p`` minus the mean, log of the length of the run of consecutive likely-body lines the line
    stands in (0 outside one), and the shares of the page's likely-body lines before and after
    it."""
    rows = np.empty((len(PAGE_STACK_FEATURES), p.size))
    _page_stack_rows(p, rows)
    return rows.T


def _page_stack_rows(p: np.ndarray, out: np.ndarray) -> None:
    """Write :func:`page_stack_features` of ``p``, transposed, into ``out`` (features, n)."""
    high = p >= LIKELY_BODY
    total = max(int(high.sum()), 1)
    # run lengths: label each maximal run of True, then count its members
    starts = high & ~np.concatenate([[False], high[:-1]])
    run_id = np.cumsum(starts)
    run_len = np.bincount(run_id, weights=high.astype(np.float64))[run_id]
    run_len = np.where(high, run_len, 0.0)
    before: np.ndarray = np.cumsum(high) - high
    mean = p.mean()
    out[0] = mean
    out[1] = high.mean()
    out[2] = p - mean
    out[3] = np.log1p(run_len)
    out[4] = before / total
    out[5] = (total - before - high) / total if high.any() else 0.0


def stack_features(X: np.ndarray, p: np.ndarray, page: bool = False) -> np.ndarray:
    """Return the second-pass features: the first pass's probability ``p`` of the line, of the
    lines at ``STACK_OFFSETS`` (0 past the page edge), window means (+-3, +-6 lines), the largest
    probability in the 8 lines before and after, the largest anywhere before and after, with
    ``page`` the :func:`page_stack_features`, then ``X``: ``(n, columns)``, the transpose of
    :func:`stack_features_t`."""
    return stack_features_t(np.asarray(X).T, p, page).T


def stack_features_t(x_t: np.ndarray, p: np.ndarray, page: bool = False) -> np.ndarray:
    """:func:`stack_features` transposed: ``x_t`` is the first pass's ``(features, n)``
    matrix and the result the C-ordered ``(columns, n)`` one that
    :meth:`TreeEnsemble.decision_t` reads. Each column is written as one contiguous row (no
    stacking of column lists, no strided writes)."""
    n = p.size
    own = 1 + len(STACK_OFFSETS) + 2 + 2 + 2 + (len(PAGE_STACK_FEATURES) if page else 0)
    if not n:
        return np.zeros((own + x_t.shape[0], 0))
    out = np.empty((own + x_t.shape[0], n))
    out[0] = p
    for j, off in enumerate(STACK_OFFSETS, start=1):
        row = out[j]
        if off < 0:
            row[:-off] = 0.0
            row[-off:] = p[:off]
        else:
            row[-off:] = 0.0
            row[:-off] = p[off:]
    j = 1 + len(STACK_OFFSETS)
    padded = np.concatenate([np.zeros(8), p, np.zeros(8)])
    csum = np.concatenate([[0.0], np.cumsum(padded)])
    for w in (3, 6):
        lo = np.arange(n) + 8 - w
        out[j] = (csum[lo + 2 * w + 1] - csum[lo]) / (2 * w + 1)
        j += 1
    # the largest of padded[k:k + 8] for every k, by doubling (max is exact in any order)
    two = np.maximum(padded[:-1], padded[1:])
    four = np.maximum(two[:-2], two[2:])
    eight = np.maximum(four[:-4], four[4:])
    out[j] = eight[:n]            # lines i-8 .. i-1
    out[j + 1] = eight[9:9 + n]   # lines i+1 .. i+8
    out[j + 2, 0] = 0.0
    out[j + 2, 1:] = np.maximum.accumulate(p)[:-1]                  # the largest before
    out[j + 3, :-1] = np.maximum.accumulate(p[::-1])[::-1][1:]      # the largest after
    out[j + 3, -1] = 0.0
    j += 4
    if page:
        _page_stack_rows(p, out[j:j + len(PAGE_STACK_FEATURES)])
        j += len(PAGE_STACK_FEATURES)
    out[j:] = x_t
    return out


@lru_cache(maxsize=1)
def _model() -> tuple[TreeEnsemble, TreeEnsemble, float, np.ndarray, bool] | None:
    if not datafiles.exists("dateline.extract", "line_model.json"):
        log.warning("no line model at dateline/extract/data/line_model.json: using the "
                    "prose-length fallback")
        return None
    spec = datafiles.json_data("dateline.extract", "line_model.json")
    first, second = (TreeEnsemble(s) for s in spec["passes"])
    # the model names its feature columns, so features added to lines.py later do not shift them
    columns = np.array([FEATURE_NAMES.index(name) for name in spec["features"]], dtype=np.intp)
    return (first, second, float(spec.get("threshold", DEFAULT_THRESHOLD)), columns,
            bool(spec.get("page_stack", False)))


def body_probabilities(lines: list[Line], X: np.ndarray | None = None) -> np.ndarray:
    """Return P(body) for each line of one page (second pass of the line model)."""
    if not lines:
        return np.zeros(0)
    if X is None:
        X = line_features(lines)
    model = _model()
    if model is None:  # fallback without a trained model: long prose lines are body
        words = np.array([word_count(line.text) for line in lines])
        return (words >= 12).astype(np.float64)
    first, second, _, columns, page = model
    x_t = X.T[columns]  # the trees read the features as rows: see TreeEnsemble.decision_t
    return second.predict_proba_t(stack_features_t(x_t, first.predict_proba_t(x_t), page))


def body_threshold() -> float:
    """Return the probability above which a line is body (from the model file)."""
    model = _model()
    return model[2] if model else DEFAULT_THRESHOLD


@lru_cache(maxsize=16384)
def strong_kind(text: str) -> str | None:
    """Return the chrome kind of a short line holding a strong phrase, else ``None`` (cached:
    site chrome repeats from page to page)."""
    words = word_count(text)
    if words > STRONG_MAX_WORDS:
        return None
    _, kinds_of, strong, order = phrase_tables()
    found = [h for h in phrase_hits(text) if h in strong
             and (words <= STRONG_SINGLE_MAX_WORDS or " " in h)]
    if not found:
        return None
    return _best_kind(found, kinds_of, order)


def _best_kind(hits: tuple[str, ...] | list[str], kinds_of: dict[str, list[str]],
               order: list[str]) -> str | None:
    scores: dict[str, float] = {}
    for hit in hits:
        for kind in kinds_of.get(hit, ()):
            scores[kind] = scores.get(kind, 0.0) + 1.0 + 0.01 * len(hit)
    if not scores:
        return None
    # the highest score, ties to the kind first in file order
    best = max(scores.get(k, 0.0) for k in order)
    return next(k for k in order if scores.get(k, 0.0) == best)


@lru_cache(maxsize=16384)
def name_kind(text: str, where: str = "after") -> str:
    """Return the boilerplate kind of a removed line.

    The kind with the most phrase hits wins (ties: file order of ``boilerplate_phrases.json``);
    with no English hit, the phrases of other European languages may name it
    (:func:`dateline.extract.chrome_phrases.european_kind`).
    With no hit, ``where`` (``"before"`` or ``"after"`` the body, or ``"inside"``) and the
    line's shape decide: a bullet or very short line before the body is ``navigation``, a
    headline-like line after it is ``related``; anything else is ``other``.
    """
    _, kinds_of, _, order = phrase_tables()
    kind = _best_kind(phrase_hits(text), kinds_of, order) or european_kind(text)
    if kind:
        return kind
    words = word_count(text)
    if where == "before" and (_BULLET.match(text) or words <= 4):
        return "navigation"
    if where != "before" and 3 <= words <= 20 and not text.endswith("."):
        return "related"
    if _BULLET.match(text) or words <= 3:
        return "navigation"
    return "other"


def apply_strong_rules(lines: list[Line], is_body: np.ndarray, X: np.ndarray) -> dict[int, str]:
    """Return ``{line index: kind}`` for lines forced out of the body: copyright lines
    ("\u00a9 2024 ..."), short lines with a strong chrome phrase, and the lines sandwiched
    between two such lines of the same appeal kind at most ``SANDWICH_SPAN`` lines apart.
    ``is_body`` is not modified. ``X``, the lines' :func:`line_features`, spares the phrase
    look-up of the lines whose ``strong_hits`` is 0."""
    forced: dict[int, str] = {}
    strong = X[:, _STRONG_HITS] > 0
    for line, has_strong in zip(lines, strong.tolist(), strict=True):
        if _COPYRIGHT.match(line.text):
            forced[line.index] = "other"
            continue
        kind = strong_kind(line.text) if has_strong else None
        if kind:
            forced[line.index] = kind
    hits = sorted(forced.items())
    for (i, kind_i), (j, kind_j) in zip(hits, hits[1:], strict=False):
        if kind_i == kind_j and kind_i in SANDWICH_KINDS and 1 < j - i <= SANDWICH_SPAN:
            for k in range(i + 1, j):
                forced.setdefault(k, kind_i)
    return forced


def classify_blocks(blocks: list[str]) -> list[str | None]:
    """Return, for each text block of one article in order, ``None`` when it is article body and
    its boilerplate kind (a ``BoilerplateKind`` string) otherwise.

    For the HTML path: ``blocks`` are the paragraphs an HTML extractor kept; the line model sees
    them as the lines of a page, and strong chrome phrases ("Sign up to our newsletter", "Donate
    now") override it. Never raises on any list of strings.
    """
    lines = [Line(" ".join(b.split()), i, True, True) for i, b in enumerate(blocks)]
    keep = [line for line in lines if line.text]
    result: list[str | None] = [None] * len(blocks)
    if not keep:
        return ["other" if not b.strip() else None for b in blocks]
    renumbered = [Line(line.text, k, True, True) for k, line in enumerate(keep)]
    X = line_features(renumbered)
    prob = body_probabilities(renumbered, X)
    is_body = prob >= body_threshold()
    # an extractor's paragraphs hold no headline, but the line model (trained on pages that
    # open with one) doubts a page's first line: leading prose is body
    prose = (X[:, _WORDS] >= _LOG_PROSE_WORDS) & (X[:, _SENTENCE_END] > 0)
    for k in range(len(keep)):
        if is_body[k] or not prose[k]:
            break
        is_body[k] = True
    forced = apply_strong_rules(renumbered, is_body, X)
    body_idx = np.flatnonzero(is_body)
    first = body_idx[0] if body_idx.size else len(keep)
    for k, line in enumerate(keep):
        if k in forced:
            result[line.index] = forced[k]
        elif not is_body[k]:
            where = "before" if k < first else "after"
            result[line.index] = name_kind(line.text, where)
    for i, b in enumerate(blocks):
        if not b.strip():
            result[i] = "other"
    return result
