"""Bounds of a reported content on the parse: the clause the cue verb reports, and no more.

In indirect speech ("Smith told reporters on Monday that the pier would open, but did not say
when") the content is the clausal complement of the cue verb ("that the pier would open"): the
verb's object ("reporters"), the words that date the telling ("on Monday") and what the speaker
did beside it (", but did not say when", a conjunct of the cue verb) belong to the attribution's
frame, not to what was said (PolNeAR's Content spans: Newell, Margolin and Ruths, LREC 2018).
A tagged content often takes in a word or two of that frame on either side;
:func:`fit_complement` cuts it back to the complement where the parse shows one.

Offsets are code-point offsets into the paragraph string the spaCy ``Doc`` was made from.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

#: dependency labels of the cue verb's children that may sit between the verb and its complement
#: as part of the frame: the hearer ("told reporters"), a time or place ("on Monday",
#: "Tuesday"), a manner adverb ("said repeatedly that")
_FRAME = ("dobj", "dative", "iobj", "npadvmod", "prep", "advmod", "obl", "nmod:tmod")
_QUOTE_MARKS = set("\"'“”‘’«»„‟")


def _cue_verb(doc: Doc, cue: tuple[int, int]) -> Token | None:
    tokens = doc[cue[0]:cue[1] + 1]
    verbs = [t for t in tokens if t.pos_ in ("VERB", "AUX")]
    return verbs[0] if verbs else None


def _complements(verb: Token) -> list[Token]:
    """The clausal complements of ``verb``: its ``ccomp`` children, and a clause with a
    subordinating mark ("that") that the parse hangs off the verb's object instead ("warned
    councillors that the road would flood", "flood" an ``acl`` of "councillors")."""
    out = [c for c in verb.children if c.dep_ == "ccomp"]
    for obj in verb.children:
        if obj.dep_ in ("dobj", "dative"):
            out += [c for c in obj.children if c.dep_ == "acl" and c.i > obj.i
                    and any(m.dep_ == "mark" for m in c.children)]
    return out


def _inside(token: Token, root: Token) -> bool:
    return root.left_edge.i <= token.i <= root.right_edge.i and (
        token == root or root in token.ancestors)


def fit_complement(doc: Doc, text: str, cue: tuple[int, int] | None, start: int, end: int
                   ) -> tuple[int, int]:
    """Return ``(start, end)``, the content ``text[start:end]`` cut back to the clausal
    complement (``ccomp``, see :func:`_complements`) of the cue verb ``doc[cue[0]..cue[1]]`` where the parse shows one.

    Only for a cue before the content in the same sentence, whose verb has exactly one
    complement starting inside the content. The start moves forward past words of the frame
    (children of the cue verb labelled in ``_FRAME`` and their subtrees: "reporters",
    "on Monday") to the complement's first word ("that"); the end moves back to the
    complement's last word when what follows it begins with a comma and lies outside the
    complement (", but did not say when"). Nothing inside quotation marks is cut. Returns the
    bounds unchanged when any of this does not hold."""
    if cue is None:
        return start, end
    verb = _cue_verb(doc, cue)
    span = doc.char_span(start, end, alignment_mode="expand")
    if verb is None or span is None or len(span) == 0 or cue[1] >= span.start \
            or verb.sent != span[0].sent:
        return start, end
    comps = [c for c in _complements(verb) if span.start <= c.i < span.end]
    if len(comps) != 1:
        return start, end
    comp = comps[0]
    lo, hi = comp.left_edge, comp.right_edge
    new_start, new_end = start, end
    if span.start < lo.i:
        frame = doc[span.start:lo.i]
        if all(t.is_punct or t.is_space or any(a.head == verb and a.dep_ in _FRAME
                                                for a in [t, *t.ancestors] if a != verb)
               for t in frame) and not any(c in _QUOTE_MARKS for c in frame.text):
            new_start = lo.idx
    if hi.i < span.end - 1:
        rest = doc[hi.i + 1:span.end]
        words = [t for t in rest if not t.is_space]
        if words and words[0].text == "," and not any(_inside(t, comp) for t in rest) \
                and not any(c in _QUOTE_MARKS for c in rest.text):
            new_end = hi.idx + len(hi.text)
    if new_start >= new_end:
        return start, end
    while new_end > new_start and text[new_end - 1] in " ,;:":
        new_end -= 1
    return new_start, new_end
