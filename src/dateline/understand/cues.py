"""Cue words of attribution: the cue-verb lists from PolNeAR train, media phrases, labels.

The word lists live in ``data/`` (each file says how it was made) and the cue shapes that are
dependency patterns in ``data/cue_shapes.json`` (spaCy ``DependencyMatcher`` patterns), all read
by :mod:`dateline.datafiles`; this module answers the token-level questions the quotation finder
asks: is this token a cue verb, what its markers are, which medium phrase hangs on it.
"""

from __future__ import annotations

import functools

from spacy.attrs import DEP, LEMMA, LOWER
from spacy.matcher import DependencyMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from dateline import datafiles

PACKAGE = "dateline.understand"

#: the share of its uses a verb must be a cue in (PolNeAR train) to make a quoted fragment it
#: governs a partial quotation: the first threshold of data/cue_verbs.txt, before it was lowered
#: for indirect speech ("has seen his government ..." does not attribute a scare quote)
SPEECH_SHARE = 0.40


def word_list(name: str) -> frozenset[str]:
    """The lower-cased first column of ``data/NAME``, comment lines (``#``) left out (see
    :func:`dateline.datafiles.words`)."""
    return datafiles.words(PACKAGE, name)


def _cue_table() -> tuple[tuple[str, ...], ...]:
    """The rows of ``data/cue_verbs.txt``: lemma, then its evidence (times a cue on PolNeAR
    train and that share, or ``variant``), then its markers."""
    return datafiles.rows(PACKAGE, "cue_verbs.txt")


@functools.cache
def cue_verbs() -> frozenset[str]:
    """The cue-verb lemmas (``data/cue_verbs.txt``, from PolNeAR train)."""
    return word_list("cue_verbs.txt")


@functools.cache
def speech_cue_verbs() -> frozenset[str]:
    """The cue-verb lemmas that are a cue in at least :data:`SPEECH_SHARE` of their uses on
    PolNeAR train (column 3 of ``data/cue_verbs.txt``; spelling variants count): the verbs
    that make a quoted fragment they govern a partial quotation ("calling ... “...”")."""
    found = set()
    for fields in _cue_table():
        if len(fields) < 2:
            continue
        share = fields[2] if len(fields) > 2 else "1"
        if fields[1] == "variant" or float(share) >= SPEECH_SHARE:
            found.add(fields[0].lower())
    return frozenset(found)


@functools.cache
def indirect_cue_verbs() -> frozenset[str]:
    """The cue-verb lemmas that also introduce indirect speech (not marked ``direct-only``)."""
    return frozenset(fields[0].lower() for fields in _cue_table()
                     if "direct-only" not in fields)


@functools.cache
def animate_cues() -> frozenset[str]:
    """The cue-verb lemmas marked ``animate`` in ``data/cue_verbs.txt``: their indirect
    quotations need a speaker that names someone ("the strategy has seen ..." is no quote)."""
    return marked_cues("animate")


@functools.cache
def clause_only_cues() -> frozenset[str]:
    """The cue-verb lemmas marked ``clause-only`` in ``data/cue_verbs.txt``: a noun-phrase
    object alone ("pushed his promise") is not reported content of theirs."""
    return marked_cues("clause-only")


@functools.cache
def marked_cues(marker: str) -> frozenset[str]:
    """The lemmas of ``data/cue_verbs.txt`` rows that have ``marker`` as a column
    (``directive``, ``request``, ``relative-nominal``, ...: the file's header says what each
    marker means and what set it)."""
    return frozenset(fields[0].lower() for fields in _cue_table() if marker in fields)


@functools.cache
def content_prepositions() -> frozenset[str]:
    """Prepositions that open a cue verb's reported content ("accused Y of ...",
    ``data/content_prepositions.txt``)."""
    return word_list("content_prepositions.txt")


@functools.cache
def media_prepositions() -> frozenset[str]:
    """Prepositions that open a medium phrase ("on Twitter", ``data/media_prepositions.txt``)."""
    return word_list("media_prepositions.txt")


@functools.cache
def question_complementisers() -> frozenset[str]:
    """Subordinators of an adverbial clause that is reported content ("asked whether ...",
    ``data/question_complementisers.txt``)."""
    return word_list("question_complementisers.txt")


@functools.cache
def inanimate_pronouns() -> frozenset[str]:
    """Pronouns that name no one as the speaker of an ``animate`` cue ("it",
    ``data/inanimate_pronouns.txt``)."""
    return word_list("inanimate_pronouns.txt")


@functools.cache
def media_heads() -> frozenset[str]:
    """Nouns that make a preposition phrase a medium (``data/media.txt``)."""
    return word_list("media.txt")


@functools.cache
def media_addressees() -> frozenset[str]:
    """Addressees that make ``told X`` a medium (``data/media_addressees.txt``)."""
    return word_list("media_addressees.txt")


def is_cue(tok: Token) -> bool:
    """True for an active-voice verb whose lemma is in the cue list."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in cue_verbs():
        return False
    return not any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


if not Token.has_extension("dateline_lower_lemma"):
    Token.set_extension("dateline_lower_lemma", getter=lambda token: token.lemma_.lower())


@functools.lru_cache(maxsize=4)
def _shape_matcher(vocab: Vocab) -> DependencyMatcher:
    """The cue shapes of ``data/cue_shapes.json`` in one matcher, keyed ``group:shape``."""
    matcher = DependencyMatcher(vocab)
    for group, shapes in datafiles.patterns(PACKAGE, "cue_shapes.json").items():
        for shape, pattern in shapes.items():
            matcher.add(f"{group}:{shape}", [pattern])
    return matcher


#: the token attributes of a cue shape's node that :func:`_may_match` tests, by the names
#: spaCy's patterns give them
_TESTED = {"LOWER": LOWER, "LEMMA": LEMMA, "DEP": DEP}


def _value_test(value) -> frozenset[int] | None:
    """The string ids of the values a pattern's test of one attribute accepts (a word, or an
    ``IN`` set), or None for another kind of test."""
    if isinstance(value, str):
        return frozenset([get_string_id(value)])
    if isinstance(value, dict) and set(value) == {"IN"}:
        return frozenset(get_string_id(v) for v in value["IN"])
    return None


@functools.cache
def _shape_tests() -> tuple[tuple[tuple[tuple[int, frozenset[int]], ...], ...], ...]:
    """For each cue shape, for each of its nodes, the tests a token matching that node must
    pass: ``(column of the attribute in :data:`_TESTED` order, accepted string ids)`` of its
    ``LOWER``, ``LEMMA`` and ``DEP`` tests of a word or an ``IN`` set. Its other tests (custom
    attributes, other operators) are left aside: a token passing these may still fail the node,
    never the other way round."""
    shapes = []
    for group in datafiles.patterns(PACKAGE, "cue_shapes.json").values():
        for pattern in group.values():
            nodes = []
            for node in pattern:
                attrs = node.get("RIGHT_ATTRS", {})
                tests = tuple((column, values) for column, name in enumerate(_TESTED)
                              if (values := _value_test(attrs.get(name))) is not None)
                if tests:
                    nodes.append(tests)
            shapes.append(tuple(nodes))
    return tuple(shapes)


def _may_match(doc: Doc) -> bool:
    """False when no cue shape can match ``doc``: each shape has a node that no token of the Doc
    passes the tests of (:func:`_shape_tests`), so spaCy's DependencyMatcher, whose run over
    every token (the anchor node ``cue`` of the medium shapes matches any) took 3.4 ms of CPU an
    article of the bench/speed.py pages, would find nothing. True when one might: the matcher
    decides. First the words of the Doc against the words a node asks for, then, for a Doc
    that has them, each node's tests together on one token (2026-12-01, the 1,717 strings of
    the 100 bench pages: 1,462 skipped, the same 165 matches; 4.4 -> 1.6 ms an article)."""
    rows = doc.to_array(list(_TESTED.values())).tolist()
    words = {value for row in rows for value in row[:2]}  # the LOWER and LEMMA columns
    for nodes in _shape_tests():
        if all(not words.isdisjoint(values) for tests in nodes for column, values in tests
               if column < 2) \
                and all(any(all(row[column] in values for column, values in tests)
                            for row in rows) for tests in nodes):
            return True
    return False


#: the Doc the shapes were last matched on and its matches: the finder asks for one Doc's cues
#: in turn, so a single entry serves (the Doc is held, so its identity stays its own)
_last_matches: tuple[Doc | None, dict[int, list[tuple[str, dict[str, int]]]]] = (None, {})


def shape_matches(doc: Doc, cue: Token) -> list[tuple[str, dict[str, int]]]:
    """The cue shapes of ``data/cue_shapes.json`` anchored at ``cue``: ``(group:shape, {node
    name: token index})`` for each match, in the matcher's order. The Doc is matched once."""
    global _last_matches
    seen, by_anchor = _last_matches
    if seen is not doc:
        matcher = _shape_matcher(doc.vocab)
        by_anchor = {}
        for match_id, ids in matcher(doc) if _may_match(doc) else ():
            key = doc.vocab.strings[match_id]
            _, pattern = matcher.get(key)
            names = [node["RIGHT_ID"] for node in pattern[0]]
            by_anchor.setdefault(ids[0], []).append((key, dict(zip(names, ids, strict=True))))
        _last_matches = (doc, by_anchor)
    return by_anchor.get(cue.i, [])


def medium_of(cue: Token) -> tuple[int, int] | None:
    """The medium phrase attached to ``cue``: "on Twitter", "at a news conference", "told
    reporters", "in an interview with ..." (token index pair), or None. The shapes are the
    ``medium`` group of ``data/cue_shapes.json``; of several, the one whose child of the cue
    comes first (then whose object comes first) wins."""
    found = []  # (the cue's child, the object, shape)
    for key, nodes in shape_matches(cue.doc, cue):
        if key == "medium:preposition":
            found.append((nodes["preposition"], nodes["object"], key))
        elif key == "medium:addressee":
            found.append((nodes["object"], nodes["object"], key))
    if not found:
        return None
    child, last, key = min(found)
    if key == "medium:addressee":
        return cue.i, last  # "told reporters"
    obj = cue.doc[last]
    if obj.lower_ == "interview":  # "in an interview with the BBC"
        for sub in obj.rights:
            if sub.dep_ == "prep" and sub.lower_ == "with":
                last = sub.right_edge.i
    return child, last


def is_medium_prep(prep: Token) -> bool:
    return any(c.dep_ == "pobj" and c.lower_ in media_heads() for c in prep.children)


@functools.cache
def colon_labels() -> frozenset[str]:
    """Paragraph labels that are not speakers ("Update:", ``data/colon_labels.txt``)."""
    return word_list("colon_labels.txt")


def cue_form(word: str) -> bool:
    """True for a present-tense third-person form of a cue verb ("says", "blasts", "denies")."""
    if not word.endswith("s"):
        return False
    verbs = indirect_cue_verbs()
    return (word[:-1] in verbs or word[:-2] in verbs
            or (word.endswith("ies") and word[:-3] + "y" in verbs))
