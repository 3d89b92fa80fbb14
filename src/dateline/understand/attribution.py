"""Quotations in one Doc: direct, partial, indirect and mixed, with cue and speaker phrase.

Per Doc (one article string), in linear passes over its tokens:

1. Quotation marks are paired (:mod:`dateline.understand.quotemarks`, also across paragraphs).
2. Each quoted stretch gets a cue verb and speaker: the cue right after it (``“...,” X said``,
   ``said X``), the cue right before it (``X said: “...”``), or the cue verb that governs it in the
   parse (``calling him out for betraying “...”``, a *partial* quote). A stretch with none, at the
   start of its paragraph or after a quote of the same paragraph, continues the previous speaker.
3. A string that opens with "Name:" quotes Name (headlines, interview transcripts); a Title Case
   headline splits at its first cue verb form ("Senator Endorses Cruz").
4. Every other cue verb with a subject and a content clause gives an *indirect* quote
   (``X said that ...``, ``X accused Y of ...``, ``X denied ...``, ``..., sources said``,
   ``according to X, ...``, ``Z, they said, W``); one that holds quoted fragments is *mixed*.
5. A string ending "X said:" hands its cue and speaker to the next paragraph's quotation
   (:func:`introducing_cue`).

:func:`dateline.understand.quotes.find_quotes` then resolves pronoun speakers, continues
speakers across paragraphs and names speakers by the article's entities.
Cue verbs come from the PolNeAR train split (``data/cue_verbs.txt`` says how).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from dateline.config import current
from dateline.understand.cues import (
    animate_cues,
    clause_only_cues,
    colon_labels,
    content_prepositions,
    cue_form,
    inanimate_pronouns,
    indirect_cue_verbs,
    is_cue,
    is_medium_prep,
    marked_cues,
    media_addressees,
    medium_of,
    question_complementisers,
    shape_matches,
    speech_cue_verbs,
)
from dateline.understand.quotemarks import Quoted, find_quoted
from dateline.understand.speakers import noun_phrase, subject_of

log = logging.getLogger(__name__)

# The gaps and lengths this module was tuned with (max_after_gap and the others) are settings:
# dateline.config.QuoteSettings, read here through current().quotes.

#: keep the complementiser in indirect content ("that the budget is balanced"): PolNeAR marks it
#: when the sentence has it (train content exact F1 0.489 with it, 0.419 without)
KEEP_THAT = True
_SENTENCE_END = {".", "!", "?"}
_CONTENT_DEPS = ("dobj", "xcomp", "oprd", "ccomp", "attr", "acomp")
_NOMINAL_POS = ("NOUN", "PROPN", "PRON", "NUM")
#: dependency labels that make a content phrase hold a clause, not just a noun phrase
_CLAUSE_DEPS = ("ccomp", "xcomp", "advcl", "csubj", "nsubj", "nsubjpass")


@dataclass
class DocQuote:
    """A quotation found in one Doc, before speakers are resolved across the article.

    ``start``/``end``: code-point offsets of the content in ``doc.text``; ``cue``, ``speaker``,
    ``medium``: inclusive token index pairs or None; ``speaker_head``: the speaker's head token
    index; ``inherit``: the speaker is the previous quotation's (no cue of its own); ``text``: the
    content when it is not the whole span (an attribution set off by commas inside it).
    """

    kind: str
    start: int
    end: int
    cue: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    speaker_head: int | None = None
    medium: tuple[int, int] | None = None
    inherit: bool = False
    text: str | None = None


def _stretch_tokens(doc: Doc, stretches: list[Quoted]) -> list[int]:
    """For each token, the index of the stretch holding it (content or marks), else -1."""
    owner = [-1] * len(doc)
    if not stretches:
        return owner
    k = 0
    for tok in doc:
        while k < len(stretches) and tok.idx >= _stretch_end(stretches[k]):
            k += 1
        if k < len(stretches):
            q = stretches[k]
            begin = q.open if q.open is not None else q.start
            if tok.idx >= begin:
                owner[tok.i] = k
    return owner


def _stretch_end(q: Quoted) -> int:
    return q.close + 1 if q.close is not None else q.end


def introducing_cue(doc: Doc, text: str) -> DocQuote | None:
    """For a string that ends by introducing what follows ("Smith said:"), a content-less
    DocQuote at its end with that cue, speaker and medium; the next paragraph's opening quotation
    is theirs. None otherwise."""
    if not text.rstrip().endswith(":") or len(doc) < 3:
        return None
    colon = len(doc) - 1
    while colon > 0 and doc[colon].is_space:
        colon -= 1
    for i in range(colon - 1, max(-1, colon - current().quotes.max_before_gap), -1):
        tok = doc[i]
        if tok.text in _SENTENCE_END:
            return None
        if is_cue(tok):
            speaker, head = _speaker_of(tok, [-1] * len(doc))
            if speaker is None:
                return None
            end = len(text)
            return DocQuote("direct", end, end, (tok.i, tok.i), speaker, head, medium_of(tok))
    return None


def _trailer(doc: Doc, q: Quoted) -> int | None:
    """For a stretch left open at the end of its paragraph, the char offset where an attribution
    sentence ends it ("... NATO! Peter, who's ..., wrote on Twitter."), else None."""
    for sent in doc.sents:
        if sent.start_char <= q.start or sent.end_char < q.end - 1:
            continue
        root = sent.root
        if is_cue(root) and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in root.children):
            subj = subject_of(root)
            if subj is not None and sent.start <= subj.i:
                return sent.start_char
    return None


def _inline_trailer(doc: Doc, q: Quoted) -> int | None:
    """For a stretch closed at its paragraph's end for want of a closing mark, the char offset
    of the comma before an attribution inside its last sentence ("“We will fight this, said
    Thornbury, speaking after the vote." or "..., Thornbury said after ..."), else None."""
    sents = [s for s in doc.sents if s.start_char < q.end and s.end_char > q.start]
    if not sents:
        return None
    sent = sents[-1]
    for tok in sent:
        if tok.idx <= q.start or not is_cue(tok):
            continue
        prev = _word_before(doc, tok.i)
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if prev is not None and prev.text == "," and nxt is not None and nxt.pos_ == "PROPN":
            return prev.idx  # ", said Thornbury"
        j = tok.i - 1
        while j > sent.start and doc[j].pos_ == "PROPN":
            j -= 1
        if j < tok.i - 1 and doc[j].text == "," and doc[j].idx > q.start:
            return doc[j].idx  # ", Thornbury said"
    return None


def _speaker_of(cue: Token, owner: list[int]) -> tuple[tuple[int, int] | None, int | None]:
    """The speaker phrase and head of ``cue``; when the parser took quoted words for the subject
    ("“... Every single amendment,” said Cruz"), the noun right after the cue."""
    subj = subject_of(cue)
    if subj is not None and owner[subj.i] != -1:
        subj = next((c for c in cue.rights if c.i <= cue.i + 3 and owner[c.i] == -1
                     and c.pos_ in ("PROPN", "NOUN", "PRON")), None)
    if subj is None:
        return None, None
    return noun_phrase(subj), subj.i


def _word_before(doc: Doc, i: int) -> Token | None:
    """The token before token ``i``, spaces skipped; None at the start of the string or of a
    line (a line break inside a string ends a paragraph: PolNeAR's texts, plain Docs)."""
    for j in range(i - 1, -1, -1):
        if not doc[j].is_space:
            return doc[j]
        if "\n" in doc[j].text:
            return None
    return None


def _has_own_content(cue: Token, owner: list[int]) -> bool:
    return any(c.dep_ in ("ccomp",) and c.i > cue.i and owner[c.i] == -1 for c in cue.children)


def _attribute(doc: Doc, text: str, q: Quoted, owner: list[int], first: int, last: int
               ) -> tuple[Token | None, str]:
    """The cue of stretch ``k`` (tokens ``first..last`` including its marks) and how it was
    found: "after", "before", "governs" or ""."""
    content = text[q.start:q.end].rstrip()
    ends_open = content[-1:] in (",", "—", "–", "-", "?", "!") or (
        last + 1 < len(doc) and doc[last + 1].text == ",")
    # a quotation ending in a comma is followed by its attribution, even one whose verb the
    # parser gave a clause of its own ("..., Smith said when asked about ...")

    def after() -> Token | None:
        for i in range(last + 1, min(len(doc), last + 1 + current().quotes.max_after_gap)):
            tok = doc[i]
            if owner[i] != -1 or (tok.text in _SENTENCE_END and i > last + 1):
                return None
            if is_cue(tok) and (ends_open or not _has_own_content(tok, owner)):
                return tok
        return None

    def before() -> Token | None:
        for i in range(first - 1, max(-1, first - 1 - current().quotes.max_before_gap), -1):
            tok = doc[i]
            if owner[i] != -1 or tok.text in _SENTENCE_END:
                return None
            if is_cue(tok):
                return tok
        return None

    prev = _word_before(doc, first)
    embedded = prev is not None and not prev.is_punct and not is_cue(prev)
    if not embedded:
        order = (after, before) if ends_open else (before, after)
        for finder in order:
            cue = finder()
            if cue is not None and (finder is before or ends_open or cue.i <= last + 3):
                return cue, finder.__name__
    # the cue verb that governs the quoted words in the parse
    for i in range(first, last + 1):
        tok = doc[i]
        if tok.is_punct:
            continue
        if tok.head.i < first or tok.head.i > last:
            head, steps = tok.head, 0
            while steps < 8:
                if owner[head.i] == -1 and is_cue(head) \
                        and head.lemma_.lower() in speech_cue_verbs():
                    return head, "governs"
                if head.head.i == head.i:
                    break
                head, steps = head.head, steps + 1
    return None, ""


def _quoted_quotes(doc: Doc, text: str, stretches: list[Quoted], owner: list[int],
                   bounds: dict[int, list[int]]) -> tuple[list[DocQuote], set[int]]:
    """Direct and partial quotes of the stretches; also the cue tokens they used."""
    found: list[DocQuote] = []
    used: set[int] = set()
    prev_attributed = False
    for k, q in enumerate(stretches):
        if k not in bounds or q.end <= q.start:
            continue
        first, last = bounds[k]
        end = q.end
        if not q.closed:  # a missing closing mark, or a quote going on in the next paragraph
            cut = _trailer(doc, q)
            if cut is None and not q.continues:
                cut = _inline_trailer(doc, q)
            if cut is not None:
                end = cut
                while end > q.start and text[end - 1].isspace():
                    end -= 1
                while last > first and doc[last].idx >= cut:
                    owner[last] = -1  # the attribution sentence is not quoted
                    last -= 1
        cue, how = _attribute(doc, text, replace(q, end=end), owner, first, last)
        if text[end - 1:end] == ",":  # the comma before the attribution is not quoted
            end -= 1
        prev_tok = _word_before(doc, first)
        embedded = prev_tok is not None and not prev_tok.is_punct and (
            cue is None or prev_tok.i != cue.i) and prev_tok.lower_ != "that"
        kind = "partial" if embedded else "direct"
        start = q.start
        if cue is None:
            paragraph_initial = _word_before(doc, first) is None
            words = sum(1 for t in doc[first:last + 1] if not t.is_punct)
            if q.continued or paragraph_initial or prev_attributed:
                found.append(DocQuote(kind, q.start, end, inherit=True))
            elif words >= current().quotes.min_unattributed_words and kind == "direct":
                found.append(DocQuote(kind, q.start, end))
            continue
        speaker, head = _speaker_of(cue, owner)
        if how != "governs":
            used.add(cue.i)
        found.append(DocQuote(kind, start, end, (cue.i, cue.i), speaker, head, medium_of(cue)))
        prev_attributed = speaker is not None
    return found, used


def _content_tokens(cue: Token, owner: list[int], headline: bool = False
                    ) -> tuple[int, int] | None:
    """The token span ``(first, last)`` of the reported content of ``cue``: its complement
    clause (an if/whether clause too: "asked whether ..."), else its object with a following
    "of/for/as ..." phrase, else its open complement. In a headline (``headline``) the
    infinitive complement of a verb of intent is no content ("Café owner refuses to back
    down")."""
    ccomp = [c for c in cue.children if c.dep_ == "ccomp" or (
        c.dep_ == "advcl" and c.i > cue.i
        and any(m.dep_ == "mark" and m.lower_ in question_complementisers()
                for m in c.children))]
    if ccomp:
        c = ccomp[0]
        return c.left_edge.i, c.right_edge.i
    parts: list[Token] = []
    for c in cue.rights:
        if c.dep_ in ("dobj", "dative") and c.lemma_.lower() in media_addressees():
            continue  # "told reporters": the medium, not what was told
        if c.dep_ in _CONTENT_DEPS or (c.dep_ == "prep" and c.lower_ in content_prepositions()
                                       and (parts or cue.lemma_ not in ("tell",))):
            if c.dep_ == "prep" and is_medium_prep(c):
                continue
            parts.append(c)
        elif parts and c.dep_ not in ("prt", "advmod", "npadvmod"):
            break
    if not parts:
        return None
    if parts[0].dep_ == "prep":  # "referring to X", "called for X": the preposition is cue
        objs = [c for c in parts[0].children if c.dep_ in ("pobj", "pcomp")]
        if not objs:
            return None
        return objs[0].left_edge.i, parts[-1].right_edge.i
    if cue.lemma_ in marked_cues("directive") and len(parts) > 1 and parts[1].dep_ == "xcomp":
        if cue.lemma_ in marked_cues("request"):
            return None  # "asked parents to check its website": a request, nothing reported
        return parts[1].left_edge.i, parts[-1].right_edge.i  # "told schools to let ..."
    if cue.lemma_.lower() in clause_only_cues() and _nominal(
            parts, relative=cue.lemma_.lower() in marked_cues("relative-nominal")):
        return None  # "pushed his promise", "added a wall that they say ...": not speech
    if _nominal(parts, relative=True) and any(c.dep_ == "det" and c.lower_ == "no"
                                              for c in parts[0].children):
        return None  # "showed no sign of backing down": nothing was said
    return parts[0].left_edge.i, parts[-1].right_edge.i


def _animate(head: Token) -> bool:
    """True for a speaker head that names someone: a personal pronoun, a proper noun, or a
    person, organisation, group or country entity (not "the strategy", "it")."""
    if head.pos_ == "PRON":
        return head.lower_ not in inanimate_pronouns()
    return head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")


def _nominal(parts: list[Token], relative: bool = False) -> bool:
    """True when the content starts with a noun-phrase object and holds no clause (no clausal
    complement and no subject): "a letter to the council", "no sign of backing down". With
    ``relative``, clauses that modify a noun do not count ("no sign of ... demands that others
    called ...").
    """
    if parts[0].dep_ not in ("dobj", "attr", "oprd") or parts[0].pos_ not in _NOMINAL_POS:
        return False
    skip = {t.i for p in parts for r in p.subtree if relative and r.dep_ in ("relcl", "acl")
            for t in r.subtree}
    return not any(t.dep_ in _CLAUSE_DEPS and t.i not in skip for p in parts for t in p.subtree)


def _trim_tokens(doc: Doc, first: int, last: int, cue_i: int) -> tuple[int, int]:
    while first <= last and (doc[first].is_punct and doc[first].text not in "\"“‘'"
                             or doc[first].is_space):
        first += 1
    if not KEEP_THAT and first < last and doc[first].lower_ == "that" \
            and doc[first].dep_ == "mark":
        first += 1
    while last >= first and (doc[last].is_punct and doc[last].text not in "\"”’'"
                             or doc[last].is_space or doc[last].i == cue_i
                             or doc[last].dep_ == "cc"):
        last -= 1
    return first, last


def _indirect_quotes(doc: Doc, stretches: list[Quoted], owner: list[int], used: set[int],
                     bounds: dict[int, list[int]], headline: bool = False) -> list[DocQuote]:
    found = []
    for tok in doc:
        if owner[tok.i] != -1 or tok.i in used:
            continue
        if tok.lower_ == "according":
            found.extend(_according(doc, tok, owner))
            continue
        if not is_cue(tok) or tok.lemma_.lower() not in indirect_cue_verbs():
            continue
        span = _content_tokens(tok, owner, headline)
        if span is None and tok.dep_ in ("parataxis", "ccomp") and tok.head.i < tok.i \
                and tok.right_edge.i >= tok.sent.end - 2 and not is_cue(tok.head):
            # "Z, sources said."; not "X said the council had learned": that clause is X's
            span = (tok.sent.start, tok.left_edge.i - 1)
        if span is None:
            paren = _parenthetical(doc, tok, owner)
            if paren is not None:
                found.append(paren)
            continue
        first, last = _trim_tokens(doc, span[0], span[1], tok.i)
        if last < first:
            continue
        if owner[first] != -1:  # take a quotation the content starts or ends in as a whole
            first = min(first, bounds[owner[first]][0])
        if owner[last] != -1:
            last = max(last, bounds[owner[last]][1])
        inside = {owner[i] for i in range(first, last + 1) if owner[i] != -1}
        if inside and len(inside) == 1:
            q = stretches[next(iter(inside))]
            if doc[first].idx >= (q.open if q.open is not None else q.start) and \
                    doc[last].idx + len(doc[last]) <= _stretch_end(q):
                continue  # the content is one quoted stretch: a direct quote already
        speaker, head = _speaker_of(tok, owner)
        if speaker is None or (tok.lemma_.lower() in animate_cues()
                               and not _animate(doc[head])):  # type: ignore[index]  # has one
            continue  # "the strategy has seen his government look east": nobody said it
        start, end = doc[first].idx, doc[last].idx + len(doc[last])
        kind = "mixed" if inside else "indirect"
        found.append(DocQuote(kind, start, end, (tok.i, tok.i), speaker, head, medium_of(tok)))
    return found


def _parenthetical(doc: Doc, cue: Token, owner: list[int]) -> DocQuote | None:
    """"Riding alone, they said, can be hazardous": an attribution set off by commas inside the
    sentence it reports. The content is the sentence without it (``text`` joins the two parts;
    the span runs from the first part's start to the second's end). PolNeAR train has 1,347
    such unquoted attributions."""
    lo, hi = cue.left_edge.i, cue.right_edge.i  # the commas may hang on the cue or not
    lo = lo if doc[lo].text == "," else lo - 1
    hi = hi if doc[hi].text == "," else hi + 1
    sent = cue.sent
    if cue.dep_ == "ROOT" or lo <= sent.start or hi + 1 >= sent.end - 1:
        return None
    if doc[lo].text != "," or doc[hi].text != ",":
        return None
    lo, hi = lo + 1, hi - 1
    speaker, head = _speaker_of(cue, owner)
    if speaker is None or not lo <= speaker[0] <= hi:
        return None
    left = _trim_tokens(doc, sent.start, lo - 2, cue.i)
    right = _trim_tokens(doc, hi + 2, sent.end - 1, cue.i)
    if left[1] < left[0] or right[1] < right[0]:
        return None
    parts = [doc[left[0]:left[1] + 1].text, doc[right[0]:right[1] + 1].text]
    inside = any(owner[i] != -1 for i in range(left[0], right[1] + 1))
    return DocQuote("mixed" if inside else "indirect", doc[left[0]].idx,
                    doc[right[1]].idx + len(doc[right[1]]), (cue.i, cue.i), speaker, head,
                    medium_of(cue), text=" ".join(parts))


def _according(doc: Doc, tok: Token, owner: list[int]) -> list[DocQuote]:
    """"according to X, ..." / "..., according to X" (the shape ``source:according_to`` of
    ``data/cue_shapes.json``): the rest of the sentence is the content."""
    shapes = [(nodes["to"], nodes["source"]) for key, nodes in shape_matches(doc, tok)
              if key == "source:according_to"]
    if not shapes:
        return []
    to, pobj = (doc[i] for i in min(shapes))
    if owner[pobj.i] != -1:
        return []
    sent = tok.sent
    lo, hi = tok.i, max(tok.right_edge.i, pobj.right_edge.i)
    if lo - sent.start >= sent.end - 1 - hi:
        first, last = sent.start, lo - 1
    else:
        first, last = hi + 1, sent.end - 1
    first, last = _trim_tokens(doc, first, last, tok.i)
    if last < first:
        return []
    inside = any(owner[i] != -1 for i in range(first, last + 1))
    return [DocQuote("mixed" if inside else "indirect", doc[first].idx,
                     doc[last].idx + len(doc[last]), (tok.i, to.i), noun_phrase(pobj), pobj.i)]


def _colon_quote(doc: Doc, owner: list[int]) -> DocQuote | None:
    """"Name: what they said" at the start of a string (headlines, interview transcripts):
    PolNeAR train marks 146 such attributions with the colon as their cue."""
    colon = next((t.i for t in doc[:current().quotes.max_colon_speaker + 1] if t.text == ":"),
                 None)
    if not colon or colon + 1 >= len(doc) or owner[0] != -1:
        return None
    words = doc[:colon]
    if doc[:colon].text.lower() in colon_labels() or not all(
            t.is_title or t.is_upper or t.is_punct or t.pos_ == "PROPN" for t in words):
        return None
    if not any(t.pos_ in ("PROPN", "NOUN") or t.is_upper for t in words):
        return None
    first, last = _trim_tokens(doc, colon + 1, len(doc) - 1, colon)
    if last < first:
        return None
    quoted = owner[first] != -1 and owner[first] == owner[last]
    return DocQuote("direct" if quoted else "indirect", doc[first].idx,
                    doc[last].idx + len(doc[last]), (colon, colon), (0, colon - 1), colon - 1)


def _title_case_headline(doc: Doc, owner: list[int], used: set[int]) -> DocQuote | None:
    """"Conservative Icon Morton Blackwell Endorses Ted Cruz": in a Title Case headline the
    parser seldom sees the verb, so the first capitalised present-tense cue form after a run of
    capitalised words splits speaker from content."""
    words = [t for t in doc if t.is_alpha]
    if len(words) < 4 or sum(t.is_title or t.is_upper for t in words) < 0.8 * len(words):
        return None
    for tok in doc[1:current().quotes.max_headline_speaker + 1]:
        if owner[tok.i] != -1 or tok.i in used or not (tok.is_title or tok.is_upper):
            return None
        if not cue_form(tok.lower_):
            continue
        first, last = _trim_tokens(doc, tok.i + 1, len(doc) - 1, tok.i)
        if last < first:
            return None
        inside = any(owner[i] != -1 for i in range(first, last + 1))
        return DocQuote("mixed" if inside else "indirect", doc[first].idx,
                        doc[last].idx + len(doc[last]), (tok.i, tok.i), (0, tok.i - 1),
                        tok.i - 1)
    return None


def doc_quotes(doc: Doc, stretches: list[Quoted] | None = None, text: str | None = None,
               headline: bool = False) -> list[DocQuote]:
    """Return the quotations of one Doc in text order, speakers unresolved.

    ``stretches``: the Doc's quoted stretches from :func:`find_quoted` over its whole article part
    (so quotes over several paragraphs are known); computed from ``doc.text`` alone when None.
    ``text``: ``doc.text`` when the caller has it (spaCy rebuilds it on every access).
    ``headline``: the Doc is a headline (Title Case headlines get a rule of their own).
    """
    if text is None:
        text = doc.text
    if stretches is None:
        stretches = find_quoted([text])[0]
    owner = _stretch_tokens(doc, stretches)
    bounds: dict[int, list[int]] = {}  # stretch -> [first token, last token], marks included
    for tok in doc:
        if owner[tok.i] != -1:
            bounds.setdefault(owner[tok.i], [tok.i, tok.i])[1] = tok.i
    quoted, used = _quoted_quotes(doc, text, stretches, owner, bounds)
    indirect = _indirect_quotes(doc, stretches, owner, used, bounds, headline)
    if headline:
        cues = used | {q.cue[0] for q in indirect if q.cue}
        title = _title_case_headline(doc, owner, cues)
        if title is not None and not any(q.start <= title.start < q.end for q in indirect):
            indirect.append(title)
    colon = _colon_quote(doc, owner)
    if colon is not None:  # cue-less stretches inside it are its own words
        quoted = [q for q in quoted if q.cue is not None or q.end <= colon.start] + [colon]
    return sorted(quoted + indirect, key=lambda q: (q.start, q.end))
