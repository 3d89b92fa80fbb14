"""The headline of a plain-text scrape: which title-like line before the body is the headline.

A logistic regression (``data/headline_model.json``, trained by ``scripts/train_line_model.py
--headline`` on the ``headline`` line labels of ../shared/eval/text-scrapes) scores each
candidate line on its shape (line features of :mod:`dateline.extract.lines`), its distance to the
body start, its rank among the candidates and the words it shares with the first body lines.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np

from dateline import datafiles
from dateline.extract.lines import FEATURE_NAMES, Line

SHAPE_COLUMNS = ["log_chars", "log_words", "title_ratio", "stop_ratio", "sentence_end",
                 "upper_ratio", "digit_ratio", "phrase_hits", "pipes", "duplicate",
                 "blank_before", "blank_after", "dateish", "linkish", "ellipsis",
                 "mean_word_len", "comma_per_word", "has_quote", "log_block_lines", "bullet"]
HEADLINE_FEATURES = SHAPE_COLUMNS + ["log_to_body", "log_rank", "nearest", "body_prob",
                                     "body_overlap", "log_candidates"]
#: The best candidate must score at least this probability to be the headline. Set on the
#: text-scrapes cross-validation of the training script.
DEFAULT_MIN_PROB = 0.1
#: A row of at most this many capitalised words ("Cronaca Politica Sport", "Het Dijkland
#: Dagblad") over a title-like line is a menu or the site's name, not a headline over its
#: standfirst. Written by the team for its trial pages (session 7), not tuned.
NAME_ROW_MAX_WORDS = 4
_COLS = [FEATURE_NAMES.index(c) for c in SHAPE_COLUMNS]
_CONTENT = re.compile(r"[^\W\d_]{4,}")


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _CONTENT.findall(text)}


def headline_features(lines: list[Line], candidates: list[int], body_start: int,
                      prob: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Return the ``(len(candidates), len(HEADLINE_FEATURES))`` matrix of the candidates.

    ``body_start`` is the index of the first body line; ``prob`` the body probabilities and
    ``X`` the line features of the page (rows of ``lines``).
    """
    body_words: set[str] = set()
    for line in lines[body_start:body_start + 3]:
        body_words |= _content_words(line.text)
    rows = []
    count = len(candidates)
    for rank, i in enumerate(reversed(candidates)):
        words = _content_words(lines[i].text)
        overlap = len(words & body_words) / len(words) if words else 0.0
        rows.append([math.log1p(max(body_start - i, 0)), math.log1p(rank),
                     1.0 if rank == 0 else 0.0, float(prob[i]), overlap, math.log1p(count)])
    rows.reverse()
    shape = X[np.asarray(candidates, dtype=np.intp)][:, _COLS]
    return np.hstack([shape, np.asarray(rows, dtype=np.float64)])


@lru_cache(maxsize=1)
def _model() -> dict | None:
    if not datafiles.exists("dateline.extract", "headline_model.json"):
        return None
    spec = datafiles.json_data("dateline.extract", "headline_model.json")
    return {"mean": np.asarray(spec["mean"]), "scale": np.asarray(spec["scale"]),
            "coef": np.asarray(spec["coef"]), "intercept": float(spec["intercept"]),
            "min_prob": float(spec.get("min_prob", DEFAULT_MIN_PROB))}


def headline_scores(F: np.ndarray) -> np.ndarray:
    """Return P(headline) for each row of a :func:`headline_features` matrix."""
    model = _model()
    if model is None:  # no trained model: the candidate nearest the body wins
        return F[:, HEADLINE_FEATURES.index("nearest")] * 0.5
    z = ((F - model["mean"]) / model["scale"]) @ model["coef"] + model["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


def pick_headline(lines: list[Line], candidates: list[int], body_start: int,
                  prob: np.ndarray | None, X: np.ndarray | None) -> int | None:
    """Return the index of the headline among ``candidates`` (line indices), or ``None``."""
    if not candidates:
        return None
    if prob is None or X is None:
        return candidates[-1]
    scores = headline_scores(headline_features(lines, candidates, body_start, prob, X))
    best = int(np.argmax(scores))
    model = _model()
    min_prob = model["min_prob"] if model else 0.0
    return candidates[best] if scores[best] >= min_prob else None


def name_row(text: str) -> bool:
    """True for a line of at most ``NAME_ROW_MAX_WORDS`` words, each capitalised: a menu row
    or a site's name ("Cronaca Politica Sport"), which is no headline over a standfirst."""
    words = text.split()
    return len(words) <= NAME_ROW_MAX_WORDS and all(w[0].isupper() for w in words)
