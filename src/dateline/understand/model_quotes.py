"""Quotations found by the trained attribution model (setting ``attribution = "model"``).

The tagger (:mod:`dateline.understand.tagger`) finds the source, cue and content spans of each
paragraph and links them; the rules keep what they are good at: each speaker mention is resolved
to the article's entities on the parse (pronouns, titles and roles, as the rule system does in
:mod:`dateline.understand.quotes`), the medium hangs on the cue verb
(:func:`~dateline.understand.cues.medium_of`), and quotation marks give the kind (direct when the
content is one quoted stretch, mixed when it holds one among unquoted words, partial for a quoted
fragment, indirect otherwise). An indirect content starts at the clausal complement of its cue
verb, and contents lose function words at their edges whose phrase runs on outside them
(:mod:`dateline.understand.content_bounds`). A content with neither cue nor source of its own
continues the previous quotation's speaker when that one is at most ``quotes.max_inherit_gap``
(a setting) strings earlier; one with neither, and no speaker to continue, is nobody's word
and left out (on 120 PolNeAR train articles 20 such contents of ours, 5 of them near a gold
content; through the product content exact F1 0.743 -> 0.746 there, 0.572 -> 0.574 on dev).
"""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.config import current
from dateline.model import Quote, Span, Speaker
from dateline.understand.attribution import DocQuote
from dateline.understand.content_bounds import fit_complement, trim_frame_words
from dateline.understand.cues import medium_of
from dateline.understand.parsed import ParsedArticle, PartKey, token_span
from dateline.understand.quotemarks import Quoted
from dateline.understand.speakers import trim_source
from dateline.understand.tagger import Attribution, link, load_tagger

_EDGE = " \t\n.,;:!?—–-"
_MARKS = "\"'“”‘’«»„‟"
_LEAD = "(-–—\"'“‘ "


def _tokens(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.start, span.end - 1


def _head(doc: Doc, first: int, last: int) -> int:
    for tok in doc[first:last + 1]:
        if not first <= tok.head.i <= last or tok.head.i == tok.i:
            return tok.i
    return last


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span cut inside a word ("i-Zay Peter" of "Marki-Zay Peter") to whole words."""
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def _kind(text: str, start: int, end: int, stretches: list[Quoted]) -> tuple[str, int, int]:
    """Return ``(kind, start, end)``: the kind by quotation marks, and the content's bounds
    without its outer marks when it is one quoted stretch. A content running past the end of a
    quotation whose closing mark is missing stops where the marks' rules close it."""
    for q in stretches:
        if q.close is None and q.start <= start + 1 < q.end < end:
            end = q.end
    inside = [q for q in stretches if q.start < end and start < q.end]
    for q in inside:
        lo = q.open if q.open is not None else q.start
        hi = q.close + 1 if q.close is not None else q.end
        outer_lo, outer_hi = _trim(text, start, end)
        if lo <= outer_lo + 1 and outer_hi - 1 <= hi:  # the content is this one stretch
            body_lo, body_hi = _trim(text, max(q.start, start), min(q.end, end))
            words = text[body_lo:body_hi]
            sentence = bool(words) and (words[0].isupper() or q.end - q.start > 80)
            return ("direct" if sentence else "partial"), body_lo, body_hi
    s, e = _trim(text, start, end)
    while s < e and text[s] in _MARKS and not any(q.open == s for q in inside):
        s += 1
    if inside:
        return "mixed", s, e
    return "indirect", s, e


def _with_rules(quote: Quote, rules: list[Quote]) -> Quote:
    """A quotation in marks that the model left without a speaker takes the rule system's
    attribution of the same words: speaker, cue and medium where the model has none, and the
    rules' bounds and kind (they close a quotation whose closing mark is missing)."""
    span = quote.span
    for rule in rules:
        other = rule.span
        if rule.speaker is None or (other.part, other.index) != (span.part, span.index) \
                or other.end <= span.start or span.end <= other.start:
            continue
        return quote.model_copy(update={
            "speaker": rule.speaker, "cue": quote.cue or rule.cue,
            "cue_span": quote.cue_span or rule.cue_span, "medium": quote.medium or rule.medium,
            "kind": rule.kind, "text": rule.text, "span": rule.span})
    return quote


def model_quotes(parsed: ParsedArticle, stretches: dict[PartKey, list[Quoted]], speaker_of,
                 rule_quotes=None) -> list[Quote]:
    """Return the model's quotations of ``parsed`` in reading order.

    ``stretches`` are the quoted stretches of every string (as
    :func:`dateline.understand.quotes.find_quotes` pairs them); ``speaker_of(doc, text, key,
    doc_quote)`` resolves a speaker mention to a :class:`Speaker` (the rule system's resolver);
    ``rule_quotes()``, when given, returns the rule system's quotations of the article, asked for
    only when a quotation in marks has no speaker of the model's. Raises ``EncoderError`` when
    the model cannot be loaded."""
    rules: list[Quote] | None = None
    keys = [key for key, _ in parsed.items()]
    texts = [parsed.text(key) for key in keys]
    attributions = link(load_tagger().tag(texts), texts)
    quotes: list[Quote] = []
    previous: tuple[int, Speaker] | None = None
    inherit_gap = current().quotes.max_inherit_gap
    for att in attributions:
        key = keys[att.paragraph]
        doc, text = parsed.docs[key], texts[att.paragraph]
        kind, start, end = _kind(text, *_snap(text, att.content.start, att.content.end),
                                 stretches.get(key, []))
        cue = _cue_tokens(doc, text, att)
        if kind == "indirect":
            start, end = fit_complement(doc, text, cue, start, end)
        if kind in ("indirect", "mixed"):
            start, end = trim_frame_words(doc, text, start, end)
        if start >= end:
            continue
        quote = _quote(doc, text, key, att, kind, start, end, cue, speaker_of)
        if quote.speaker is None and kind != "indirect" and rule_quotes is not None:
            rules = rule_quotes() if rules is None else rules
            quote = _with_rules(quote, rules)
        if quote.speaker is None and att.cue is None and previous is not None \
                and key[0] == "body" and att.paragraph - previous[0] <= inherit_gap:
            quote = quote.model_copy(update={"speaker": previous[1]})
        if quote.speaker is not None:
            previous = (att.paragraph, quote.speaker)
        elif quote.cue is None:
            continue  # nobody says it: no cue, no source, no speaker to continue
        quotes.append(quote)
    return quotes


def _cue_tokens(doc: Doc, text: str, att: Attribution) -> tuple[int, int] | None:
    return _tokens(doc, *_trim(text, *_snap(text, att.cue.start, att.cue.end))) \
        if att.cue else None


def _quote(doc: Doc, text: str, key: PartKey, att: Attribution, kind: str, start: int,
           end: int, cue: tuple[int, int] | None, speaker_of) -> Quote:
    """The :class:`Quote` of one attribution; ``cue``: its :func:`_cue_tokens`."""
    source = None
    if att.source is not None:  # "-Councillor Lowe", "(Smith)": the name without the marks
        lo, hi = _trim(text, *_snap(text, att.source.start, att.source.end))
        while lo < hi and text[lo] in _LEAD:
            lo += 1
        source = _tokens(doc, lo, hi) if lo < hi else None
        if source is not None:  # "(from the desk of) Mayor Teague": trim_source drops both
            source = trim_source(doc, *source)
    medium = None
    if cue is not None:
        verbs = [t for t in doc[cue[0]:cue[1] + 1] if t.pos_ in ("VERB", "AUX")]
        medium = medium_of(verbs[0] if verbs else doc[_head(doc, *cue)])
        if medium is not None and cue[0] < medium[0] <= cue[1]:
            cue = (cue[0], medium[0] - 1)  # "wrote on Twitter": the cue "wrote", the medium apart
    speaker = None
    if source is not None:
        dq = DocQuote(kind=kind, start=start, end=end, cue=cue, speaker=source,
                      speaker_head=_head(doc, *source), medium=medium)
        speaker = speaker_of(doc, text, key, dq)
        if speaker is not None and speaker.entity is None:  # "-Councillor Lowe" as one token
            speaker = speaker.model_copy(update={"name": speaker.name.lstrip(_LEAD) or
                                                 speaker.name})
    cue_span = token_span(doc, key, cue)
    medium_span = token_span(doc, key, medium)
    return Quote(kind=kind, text=text[start:end],
                 span=Span(part=key[0], index=key[1], start=start, end=end), speaker=speaker,
                 cue=text[cue_span.start:cue_span.end] if cue_span else None, cue_span=cue_span,
                 medium=text[medium_span.start:medium_span.end] if medium_span else None)


