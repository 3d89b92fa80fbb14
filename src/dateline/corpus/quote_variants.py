"""How two quotations compare: the words of quote provenance (issue 10 item 3).

A quotation is compared as its folded words (:func:`words`: ``\\w+`` runs of the text, each
folded with :func:`dateline.corpus.keys.fold_words`, so case, punctuation and Latin diacritics
do not count). :func:`classify` tells what one quotation is of another:

* ``verbatim``: the same words;
* ``misquote``: the same quotation with a few words changed, added or dropped (at most
  :data:`MAX_EDIT_WORDS`, and at most :data:`MAX_EDIT_SHARE` of the shorter one);
* ``truncated``: one is a fragment of the other (words cut at either end), or leaves words out
  where it marks the cut with an ellipsis (``...``, ``…``);
* ``paraphrase``: one of them (not both) is an indirect quotation (``kind == "indirect"``) by
  the same speaker carrying the same content words (:func:`content_stems`);
* ``conflicting_speaker``: verbatim, misquoted or truncated words given to another speaker
  (at least :data:`CONFLICT_MIN_WORDS` words in common).

The word alignment is rapidfuzz's Levenshtein opcodes over the word lists (a word is one
symbol). :func:`keys` gives the index keys under which a quotation is found again (word
3-shingles, and speaker + content word for paraphrases); :func:`word_diff` marks the wording
differences of two quotations word by word for the quotation page.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from dateline import datafiles
from dateline.corpus.keys import fold_words

#: Words of a shingle key; quotations shorter than MIN_WORDS words are not linked (a fragment
#: of one or two words, "a betrayal", is too common to trace). Chosen, not tuned.
SHINGLE = 3
MIN_WORDS = 3
#: Misquote: at most this many words changed, added or dropped, and at most this share of the
#: shorter quotation's words. bench/provenance.py (PolNeAR contents, 300 families + 2,000
#: distractors, 2026-12-01), link P / R: 2 and 0.2 gave 0.990 / 0.993, 3 and 0.25 0.986 / 0.995,
#: 4 and 0.34 0.980 / 0.995; the middle one kept so that a four-word quotation may have a word
#: changed (the generated misquotes change one word: the set cannot tell 2 from 3).
MAX_EDIT_WORDS = 3
MAX_EDIT_SHARE = 0.25
#: A wording match needs at least this many words in common, in order.
MIN_SHARED_WORDS = 3
#: Two overlapping fragments (each cut at another end) are one truncated quotation when their
#: common words are at least this share of the shorter one (same run: 0.8 gave P 0.987 / R 0.995,
#: 0.6 0.986 / 0.995).
MIN_OVERLAP_SHARE = 0.6
#: Conflicting speaker: at least this many words in common, in order. bench/provenance.py
#: (PolNeAR, 600 families + 3,000 distractors): 87 of the 90 wrong links were conflicts over
#: five- or six-word phrases ("the former secretary of state") before this rule; link precision
#: 0.971 -> 0.989, recall 0.994 either way.
CONFLICT_MIN_WORDS = 8
#: Paraphrase: at least this many content stems in common, covering at least this share of the
#: smaller set of stems (same run: 2 and 0.5 gave P 0.983 / R 0.999, 3 and 0.6 0.986 / 0.995,
#: 4 and 0.75 0.986 / 0.985).
PARAPHRASE_MIN_STEMS = 3
PARAPHRASE_MIN_SHARE = 0.6

#: Keys kept (:func:`index_keys`): the winnowing window over shingle keys, and how many speaker
#: + stem keys. bench/provenance.py (PolNeAR, 300 families + 2,000 distractors): link recall
#: 0.995 with every key, 0.994 with these; the linker's cost on bench/corpus.py's articles
#: 1.81 -> 1.23 ms an article (20,000 articles, 2 loaded cores).
WINNOW = 3
BOTTOM_STEMS = 3

VARIANTS = ("verbatim", "misquote", "truncated", "paraphrase", "conflicting_speaker")

_WORD = re.compile(r"\w+")
_ELLIPSIS = re.compile(r"\.\s?\.\s?\.|\u2026")
_SUFFIXES = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


def _function_words() -> frozenset[str]:
    return datafiles.words("dateline.corpus", "quote_function_words.txt")


def words(text: str) -> tuple[str, ...]:
    """The folded words of ``text``: each ``\\w+`` run folded with ``fold_words``. (An ASCII
    text is lowered whole, then split: the same words, as lowering ASCII changes no ``\\w``
    run; a third of the cost. Provenance folds every candidate's text at ingest.)"""
    if text.isascii():
        return tuple(_WORD.findall(text.lower()))
    return tuple(fold_words(m.group()) for m in _WORD.finditer(text))


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem for comparing content words: one plural or verb suffix cut
    (``reopens``, ``reopened``, ``reopening`` -> ``reopen``; ``cities`` -> ``city``), keeping
    at least three letters."""
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    return word


def content_stems(folded: tuple[str, ...]) -> frozenset[str]:
    """The stems of the content words of a quotation's folded words (function words of
    ``data/quote_function_words.txt`` and digits-only words left out)."""
    function = _function_words()
    return frozenset(stem(w) for w in folded if w not in function and not w.isdigit())


def speaker_words(name: str | None) -> tuple[str, ...]:
    """The folded words of a speaker's name (empty for ``None``)."""
    return words(name) if name else ()


@dataclass(frozen=True, slots=True)
class QuoteText:
    """A quotation as provenance compares it: ``kind`` (direct, partial, indirect, mixed),
    ``text`` as stored, the speaker's resolved name and corpus entity key (either may be
    None), the folded words of the text (:func:`words`) and of the speaker's name
    (:func:`speaker_words`), and ``ellipsis``: whether the text marks a cut with ``...`` or
    ``…``. Made by :meth:`of`, once per quotation: :func:`classify` reads the words, speakers
    and cut marks of both quotations of every pair it compares."""

    kind: str
    text: str
    speaker: str | None
    speaker_key: str | None
    words: tuple[str, ...]
    speaker_words: tuple[str, ...]
    ellipsis: bool

    @classmethod
    def of(cls, kind: str, text: str, speaker: str | None = None,
           speaker_key: str | None = None) -> QuoteText:
        """The quotation ``text`` of ``kind`` by ``speaker`` (entity key ``speaker_key``); an
        indirect quotation's leading "that" is not one of its words."""
        found = words(text)
        if kind == "indirect" and found[:1] == ("that",):
            found = found[1:]
        return cls(kind, text, speaker, speaker_key, found, speaker_words(speaker),
                   _ELLIPSIS.search(text) is not None)


@dataclass(frozen=True, slots=True)
class Match:
    """What a quotation is of another: ``variant`` (one of :data:`VARIANTS`) and ``score``,
    0-100: the share of the longer quotation's words found in the other in order (for a
    paraphrase, the share of the content stems of both that they have in common)."""

    variant: str
    score: float
    common: int = 0  # words in common, in order (wording variants)


def same_speaker(a: QuoteText, b: QuoteText) -> bool | None:
    """Whether two quotations have one speaker: ``None`` when either speaker is unknown; True
    for one entity key, or names with the same last word where the first words agree or one
    name is a single word (``Thornbury`` and ``Agnes Thornbury``); False otherwise."""
    if a.speaker_key and a.speaker_key == b.speaker_key:
        return True
    sa, sb = a.speaker_words, b.speaker_words
    if not sa or not sb:
        return None
    if sa[-1] != sb[-1]:
        return False
    return len(sa) == 1 or len(sb) == 1 or sa[0] == sb[0]


def speaker_tag(speaker: str | None) -> str | None:
    """The part of a speaker's name a paraphrase key holds: the last folded word."""
    found = speaker_words(speaker)
    return found[-1] if found else None


def key_hash(key: str) -> int:
    """A key as a signed 64-bit integer (BLAKE2b, 8 bytes): what ``quote_keys`` stores."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big",
                          signed=True)


def _key_lists(quote: QuoteText) -> tuple[list[int], list[int]]:
    """``(shingle keys in order, speaker + stem keys)`` of a quotation."""
    w = quote.words
    if len(w) < MIN_WORDS:
        return [], []
    function = _function_words()
    shingles = [w[i:i + SHINGLE] for i in range(len(w) - SHINGLE + 1)]
    kept = [s for s in shingles if not all(x in function for x in s)] or shingles
    tag = speaker_tag(quote.speaker)
    stems = content_stems(w)
    speaker_keys = []
    if tag and len(stems) >= PARAPHRASE_MIN_STEMS:
        speaker_keys = [key_hash(f"s:{tag}:{s}") for s in sorted(stems)]
    return [key_hash("w:" + " ".join(s)) for s in kept], speaker_keys


def keys(quote: QuoteText) -> set[int]:
    """The lookup keys of a quotation (:func:`key_hash` of each): its word 3-shingles (those
    made of function words alone left out, unless no other is left) and, when the speaker is
    known, ``speaker's last word + content stem`` for each content stem, under which an
    indirect paraphrase by the same speaker is found. Empty under :data:`MIN_WORDS` words.
    The store looks up and keeps the subset :func:`index_keys`."""
    shingles, speaker_keys = _key_lists(quote)
    return {*shingles, *speaker_keys}


def index_keys(quote: QuoteText) -> set[int]:
    """The keys a quotation is looked up and stored under, a subset of :func:`keys` (fewer
    rows to read and write, nearly the same quotations found): the shingles chosen by
    winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003: the smallest hash of every
    :data:`WINNOW` consecutive shingles, so that two quotations sharing :data:`WINNOW`
    consecutive shingles share one of them) and the :data:`BOTTOM_STEMS` speaker + stem keys
    of smallest hash (bottom-k MinHash: a paraphrase holding most of the content words
    likely holds one of them)."""
    shingles, speaker_keys = _key_lists(quote)
    chosen = set(shingles) if len(shingles) <= WINNOW else {
        min(shingles[i:i + WINNOW]) for i in range(len(shingles) - WINNOW + 1)}
    return chosen | set(sorted(speaker_keys)[:BOTTOM_STEMS])


def _wording(a: tuple[str, ...], b: tuple[str, ...], a_cut: bool, b_cut: bool
             ) -> Match | None:
    """Verbatim, misquote or truncated for two word lists (``*_cut``: the text marks a cut
    with an ellipsis), or None when the words are not one quotation's."""
    if a == b:
        return Match("verbatim", 100.0, len(a))
    ops = [op for op in Levenshtein.opcodes(a, b)]
    equal = [op for op in ops if op.tag == "equal"]
    same = sum(op.src_end - op.src_start for op in equal)
    short = min(len(a), len(b))
    if same < MIN_SHARED_WORDS:
        return None
    score = round(100.0 * same / max(len(a), len(b)), 1)
    first, last = equal[0], equal[-1]
    lead_a, lead_b = first.src_start, first.dest_start
    trail_a, trail_b = len(a) - last.src_end, len(b) - last.dest_end
    # words at one edge on both sides are changed words; on one side only, a cut
    changed = min(lead_a, lead_b) + min(trail_a, trail_b)
    edge_only_a = lead_a + trail_a - changed  # words of a beyond b's ends
    edge_only_b = lead_b + trail_b - changed
    inner_a = inner_b = 0  # words of one side missing from the other, inside
    gaps_a = gaps_b = 0  # how many places
    for op in ops[ops.index(first):ops.index(last) + 1]:
        la, lb = op.src_end - op.src_start, op.dest_end - op.dest_start
        if op.tag == "replace":
            changed += max(la, lb)
        elif op.tag == "delete":
            inner_a, gaps_a = inner_a + la, gaps_a + 1
        elif op.tag == "insert":
            inner_b, gaps_b = inner_b + lb, gaps_b + 1
    if changed == 0 and (not (inner_a or edge_only_a) or not (inner_b or edge_only_b)):
        # one is a subsequence of the other: a fragment, an elision or a dropped word
        inner, gaps, cut = (inner_b, gaps_b, a_cut) if inner_b or edge_only_b else \
            (inner_a, gaps_a, b_cut)
        if inner == 0 or cut:
            return Match("truncated", score, same)
        if inner <= MAX_EDIT_WORDS and inner <= MAX_EDIT_SHARE * short:
            return Match("misquote", score, same)
        return None
    if changed == 0 and not inner_a and not inner_b:
        # overlapping fragments, each cut at another end
        if same >= MIN_OVERLAP_SHARE * short and same > MIN_SHARED_WORDS:
            return Match("truncated", score, same)
        return None
    edits = changed + inner_a + inner_b
    if edge_only_a and edge_only_b:
        return None  # overlapping fragments with words changed: not one quotation's words
    if edits <= MAX_EDIT_WORDS and edits <= MAX_EDIT_SHARE * short:
        return Match("misquote", score, same)
    return None


def _paraphrase(a: QuoteText, b: QuoteText) -> Match | None:
    sa, sb = content_stems(a.words), content_stems(b.words)
    common = len(sa & sb)
    if common >= PARAPHRASE_MIN_STEMS and common >= PARAPHRASE_MIN_SHARE * min(len(sa), len(sb)):
        return Match("paraphrase", round(100.0 * common / len(sa | sb), 1))
    return None


def classify(a: QuoteText, b: QuoteText) -> Match | None:
    """What ``b`` is of ``a`` (the relation is symmetric): a :class:`Match`, or None when they
    are not occurrences of one quotation. Quotations under :data:`MIN_WORDS` words match
    nothing. Wording first (verbatim, misquote, truncated; given to another known speaker:
    conflicting_speaker). An indirect quotation beside one that is not indirect is reported
    speech: a paraphrase when the speaker is the same known one and the content words agree
    (whatever the wording), else nothing, except verbatim or truncated words given to another
    known speaker (conflicting_speaker). Two indirect quotations compare by wording. A
    conflict needs :data:`CONFLICT_MIN_WORDS` words in common; fewer given to another speaker
    is no link."""
    if len(a.words) < MIN_WORDS or len(b.words) < MIN_WORDS:
        return None
    speaker = same_speaker(a, b)
    # one indirect, one not: reported speech of a quotation, never its misquote or fragment
    reported = (a.kind == "indirect") != (b.kind == "indirect")
    match = _wording(a.words, b.words, a.ellipsis, b.ellipsis)
    if match is not None and reported and (speaker or match.variant == "misquote"):
        match = None
    if match is not None and speaker is False:
        # a short common phrase ("the former secretary of state") in two speakers' mouths is
        # no conflict: only CONFLICT_MIN_WORDS words or more in common are
        return Match("conflicting_speaker", match.score, match.common) \
            if match.common >= CONFLICT_MIN_WORDS else None
    if match is not None:
        return match
    if reported and speaker:
        return _paraphrase(a, b)
    return None


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a quotation's text on the quotation page: ``kind`` ``same`` (as in the
    reference, or the text between words), ``changed`` (a word in place of another),
    ``added`` (a word the reference lacks) or ``dropped`` (``text`` is the reference's words
    missing here, which the text itself does not hold)."""

    kind: str
    text: str


def word_diff(reference: str, text: str) -> list[Segment]:
    """``text`` cut into :class:`Segment` s marking, word by word, how it differs from
    ``reference`` (folded words compared, as :func:`classify` compares them). Joining the
    segments that are not ``dropped`` gives ``text`` back."""
    spans = [m.span() for m in _WORD.finditer(text)]
    ref_words = [fold_words(m.group()) for m in _WORD.finditer(reference)]
    ref_text = [m.group() for m in _WORD.finditer(reference)]
    mine = [fold_words(text[s:e]) for s, e in spans]
    out: list[Segment] = []
    at = 0

    def emit(kind: str, start: int, end: int) -> None:
        nonlocal at
        if start > at:
            out.append(Segment("same", text[at:start]))
        out.append(Segment(kind, text[start:end]))
        at = end

    for op in Levenshtein.opcodes(ref_words, mine):
        if op.tag == "delete":
            out.append(Segment("dropped", " ".join(ref_text[op.src_start:op.src_end])))
            continue
        kind = {"equal": "same", "replace": "changed", "insert": "added"}[op.tag]
        for i in range(op.dest_start, op.dest_end):
            emit(kind, *spans[i])
        if op.tag == "replace" and op.src_end - op.src_start > op.dest_end - op.dest_start:
            extra = op.src_start + (op.dest_end - op.dest_start)
            out.append(Segment("dropped", " ".join(ref_text[extra:op.src_end])))
    if at < len(text):
        out.append(Segment("same", text[at:]))
    merged: list[Segment] = []
    for seg in out:
        if merged and merged[-1].kind == seg.kind and seg.kind != "dropped":
            merged[-1] = Segment(seg.kind, merged[-1].text + seg.text)
        else:
            merged.append(seg)
    return merged
