"""Bounds of a reported content on the parse: the clause the cue verb reports, and no more.

In indirect speech ("Smith told reporters on Monday that the pier would open") the content is
the clausal complement of the cue verb ("that the pier would open"): the verb's object
("reporters") and the words that date the telling ("on Monday") belong to the attribution's
frame, not to what was said (PolNeAR's Content spans: Newell, Margolin and Ruths, LREC 2018).
A tagged content often takes in a word or two of that frame before it: :func:`fit_complement`
starts it at the complement where the parse shows one. (Cutting the end back to the
complement as well, before ", but ...", ", while ...", lost more than it won on 150 PolNeAR
train articles: PolNeAR keeps such clauses in the content, and the parse hangs them off the
cue verb or the complement about as often either way.) :func:`trim_frame_words` drops
function words at a content's edges.

Offsets are code-point offsets into the paragraph string the spaCy ``Doc`` was made from.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dateline import datafiles

#: dependency labels of the cue verb's children that may sit between the verb and its complement
#: as part of the frame: the hearer ("told reporters"), a time or place ("on Monday",
#: "Tuesday"), a manner adverb ("said repeatedly that")
_FRAME = ("dobj", "dative", "iobj", "npadvmod", "prep", "advmod")
#: wh-words: a frame word with one of these tags is the complement's own ("what
#: characteristics he wants"), parsed apart from it
_WH = ("WDT", "WP", "WP$", "WRB")


def _cue_verb(doc: Doc, cue: tuple[int, int]) -> Token | None:
    tokens = doc[cue[0]:cue[1] + 1]
    verbs = [t for t in tokens if t.pos_ in ("VERB", "AUX")]
    return verbs[0] if verbs else None


def fit_complement(doc: Doc, text: str, cue: tuple[int, int] | None, start: int, end: int
                   ) -> tuple[int, int]:
    """Return ``(start, end)``, the content ``text[start:end]`` started at the clausal
    complement (``ccomp``) of the cue verb ``doc[cue[0]..cue[1]]`` where the parse shows one
    ("told reporters that ..."). Not an infinitive after the object: PolNeAR keeps the object
    ("supporters to monitor polling places" of "urged supporters to ..."; dev and train).

    Only for a cue before the content in the same sentence, whose verb has exactly one
    complement starting inside the content, and when every word before the complement is a
    word of the frame: in the subtree of a child of the cue verb labelled in ``_FRAME``
    ("reporters", "on Monday"), no punctuation ("Florida Sen. Marco Rubio, hasn't been
    tested": a subject the parse took for an object) and no wh-word. The start moves to
    the complement's first word ("that"); the end stays. Returns the bounds unchanged
    otherwise."""
    if cue is None:
        return start, end
    verb = _cue_verb(doc, cue)
    span = doc.char_span(start, end, alignment_mode="expand")
    if verb is None or span is None or len(span) == 0 or cue[1] >= span.start \
            or verb.sent != span[0].sent:
        return start, end
    comps = [c for c in verb.children if c.dep_ == "ccomp" and span.start <= c.i < span.end]
    if len(comps) != 1:
        return start, end
    comp = comps[0]
    lo = comp.left_edge
    if span.start >= lo.i:
        return start, end
    frame = doc[span.start:lo.i]
    if all(not t.is_punct and t.tag_ not in _WH
           and any(a.head == verb and a.dep_ in _FRAME for a in [t, *t.ancestors] if a != verb)
           for t in frame):
        return lo.idx, end
    return start, end


#: a reported content does not end with a function word whose phrase runs on past it ("... the
#: oil that funds the Islamic State and", "... actions on guns in", "... despite"): a
#: conjunction, a preposition whose object, or a determiner or subordinating conjunction whose
#: head, lies after the content. A preposition with nothing after it is the content's own
#: ("what he was talking about", "fires him up"). PolNeAR train gold: 45 of 13,091 contents
#: without quotation marks end with a preposition (stranded ones included), none with "and",
#: "or", "but"; one word too many was the commonest overlong end of the tagged contents on
#: 150 train articles (23, mostly these: bench/quote_errors.py).
#: Words kept at a content's end all the same (``data/content_last_words.txt``).
_KEEP_LAST = datafiles.words("dateline.understand", "content_last_words.txt")
#: punctuation left dangling at a content's end once the function word after it is gone
_DANGLING = (",", ";", ":", "(", "—", "–", "-")


def _runs_on(tok: Token, last: int) -> bool:
    """True when ``tok`` (the content's last token, index ``last``) is a function word whose
    phrase continues after the content."""
    if tok.lower_ in _KEEP_LAST:
        return False
    if tok.pos_ == "CCONJ":
        return True
    if tok.pos_ == "ADP":
        return tok.dep_ != "prt" and any(c.i > last for c in tok.children)
    if tok.pos_ in ("DET", "SCONJ"):
        return tok.tag_ not in _WH and tok.head.i > last
    return False


def trim_frame_words(doc: Doc, text: str, start: int, end: int) -> tuple[int, int]:
    """Return ``(start, end)`` without a leading coordinating conjunction ("But the pier ...";
    "either" of "either A or B" stays) and without trailing function words whose phrase runs
    on past the content (see :func:`_runs_on`) of the content ``text[start:end]``; never
    empties it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) < 2:
        return start, end
    first, last = span.start, span.end - 1
    trimmed = False
    while last > first:
        if _runs_on(doc[last], last):
            last, trimmed = last - 1, True
        elif trimmed and doc[last].text in _DANGLING:
            last -= 1  # "modernized, but" -> "modernized", not "modernized,"
        else:
            break
    if last > first and doc[first].pos_ == "CCONJ" and doc[first].dep_ != "preconj":
        first += 1
        while first < last and (doc[first].is_punct or doc[first].is_space):
            first += 1  # "But, Governor, ..."
    if (first, last) == (span.start, span.end - 1):
        return start, end
    return max(start, doc[first].idx), min(end, doc[last].idx + len(doc[last].text))
