"""Full text for scripts written without spaces between words: Han (Chinese characters, kanji),
Hiragana, Katakana, and Hangul (spaced, but particles cling to words: "서울시는").

SQLite's ``unicode61`` tokenizer and PostgreSQL's default parser both make a whole run of such
characters one token, so "地铁" never matched "上海地铁新线开通". As search engines do (Lucene's
``CJKBigramFilter``, Elasticsearch's ``cjk`` analyzer), the indexed text gets each run as its
overlapping character bigrams ("上海 海地 地铁 铁新 新线 线开 开通"; a one-character run stays one
token), and a query's run becomes the same bigrams as a phrase ("地铁站" is "地铁" then "铁站",
adjacent). Each run's last character is indexed alone too, so every character starts a token
and a one-character query, searched as a prefix, finds all its occurrences ("铁" in "地铁"). These
characters are never folded (:func:`dateline.corpus.keys.fold_words` would strip kana
voicing marks and cut Hangul syllables to their first consonant). Thai is not handled
(its vowel signs are combining marks that the tokenizers split words at already).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

#: The characters bigrammed: Hangul compatibility jamo, Hiragana, Katakana (with "ー"),
#: Katakana phonetic extensions, "々〆〇", CJK extension A, unified ideographs, Hangul
#: syllables, compatibility ideographs, half-width Katakana, extensions B and later.
CJK_CHARS = ("\u3005-\u3007\u3040-\u309f\u30a0-\u30ff\u3130-\u318f\u31f0-\u31ff"
             "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff66-\uff9f"
             "\U00020000-\U0003134f")
_RUN = re.compile(f"[{CJK_CHARS}]+")
_SPLIT = re.compile(f"([{CJK_CHARS}]+)")


def has_cjk(text: str) -> bool:
    """True when ``text`` holds a character of :data:`CJK_CHARS`."""
    return not text.isascii() and _RUN.search(text) is not None


def bigrams(run: str) -> list[str]:
    """The overlapping two-character pieces of ``run`` (``["地铁", "铁站"]`` for "地铁站"), or
    ``[run]`` for one character."""
    return [run[i:i + 2] for i in range(len(run) - 1)] or [run]


def run_tokens(run: str) -> list[str]:
    """The index tokens of a whole run: its :func:`bigrams` and, for two characters or more,
    its last character alone (``["地铁", "铁站", "站"]``), so that every character of the run
    starts a token and a one-character query (a prefix) finds each of its occurrences."""
    return bigrams(run) + ([run[-1]] if len(run) > 1 else [])


def text_bigrams(text: str) -> list[str]:
    """The :func:`bigrams` of every CJK run of ``text``, in order (``[]`` without one)."""
    return [b for run in _RUN.findall(text) for b in bigrams(run)] if has_cjk(text) else []


def index_text(text: str, fold: Callable[[str], str]) -> str:
    """``text`` as a full-text index is given it: the parts outside CJK runs by ``fold``, each
    CJK run (NFC) as its :func:`run_tokens`, space-separated, with a space either side (so
    "3号线" gives "3 号线 线 "). Token positions stay consecutive within a run, so a bigram
    phrase matches exactly where the characters are. ``fold(text)`` when it has none."""
    return _by_runs(text, fold,
                    lambda run: f" {' '.join(run_tokens(unicodedata.normalize('NFC', run)))} ")


def fold_keeping(text: str, fold: Callable[[str], str]) -> str:
    """``fold(text)`` with the CJK runs left as written (``fold`` may change lengths: the
    pieces are folded one by one)."""
    return _by_runs(text, fold, lambda run: run)


def _by_runs(text: str, fold: Callable[[str], str], run: Callable[[str], str]) -> str:
    """``text`` with its CJK runs given by ``run`` and the (non-empty) pieces between them
    by ``fold``; ``fold(text)`` when it has none."""
    if not has_cjk(text):
        return fold(text)
    parts = _SPLIT.split(text)  # odd indices are the runs
    return "".join(run(p) if i % 2 else (fold(p) if p else "") for i, p in enumerate(parts))


def restore(original: str, folded: str) -> str:
    """``folded`` (a fold of ``original`` keeping code-point offsets, as
    :func:`dateline.text_fold.fold`) with ``original``'s CJK runs put back."""
    if not has_cjk(original):
        return folded
    out, at = [], 0
    for m in _RUN.finditer(original):
        out += [folded[at:m.start()], m.group()]
        at = m.end()
    out.append(folded[at:])
    return "".join(out)


def phrase_tokens(term: list[str]) -> list[str]:
    """A query phrase (word tokens, ``\\w`` runs, the last maybe ending in ``*`` for a prefix)
    as the index's tokens: its CJK runs as :func:`run_tokens`, except the phrase's last piece,
    which the text may go on after, as :func:`bigrams` (a one-character one as a prefix); the
    rest as it is, a trailing ``*`` on the last. ``["3", "号线"]`` for ``["3号线"]``,
    ``["号线", "线", "3"]`` for ``["号线3"]``; ``term`` itself without CJK."""
    if not any(has_cjk(t) for t in term):
        return term
    pieces: list[tuple[str, bool]] = []  # (text, is a CJK run)
    for token in term:
        pieces += [(p, bool(i % 2)) for i, p in enumerate(_SPLIT.split(token)) if p]
    star = pieces[-1][0].endswith("*")
    if star:
        pieces[-1] = (pieces[-1][0][:-1], pieces[-1][1])
        if not pieces[-1][0]:  # "地铁*": the star was a piece of its own
            pieces.pop()
    out: list[str] = []
    for n, (piece, run) in enumerate(pieces):
        last = n == len(pieces) - 1
        out += (bigrams(piece) if last else run_tokens(piece)) if run else [piece]
    if star or (pieces[-1][1] and len(out[-1]) == 1):
        out[-1] += "*"
    return out


def is_cjk(char: str) -> bool:
    """True when the one character ``char`` is of :data:`CJK_CHARS`."""
    return _RUN.match(char) is not None
