"""Event cues on one spaCy parse: triggers from the cue lexicon, typed by PLOVER 2021.

The lexicon (``data/event_cues.txt``, hand-written phrases under CAMEO codes) is typed through
the CAMEO-to-PLOVER table (``data/plover_codes.txt``, built from the PLOVER manual draft 0.8 by
``scripts/build_plover_codes.py``), both read by :mod:`dateline.understand.eventlexicon`, whose
names this module also exports. On a parse:

1. Every verb or noun whose lemma heads a cue is a candidate trigger; its cue is the longest
   one whose other words all stand in the trigger's frame (particle, objects, prepositions and
   complements, up to :data:`FRAME_DEPTH` steps down the parse; a passive verb's subject, as
   its object: "the demands were met" is "meet demand"), a particle or preposition of the cue
   on the trigger or another word of it ("allow in", not the "in" of "allow X to take part in").
2. A trigger under another one (through objects, complements, a noun's content clause,
   prepositions or coordination, never through a subject, relative or adverbial clause) is
   part of it, not an event of its own: "demanded the release of prisoners" is one REQUEST,
   "accused X of attacking Y" one ACCUSE, "threatened to impose sanctions" one THREATEN, "its
   demand that the army free the prisoners" one REQUEST.
3. Mood, as CAMEO codes it: a cooperative deed that is only intended ("will withdraw", "ready
   to hold talks", "said it would provide aid") is AGREE, a hostile one (attack, coerce,
   sanction, mobilise, protest) THREATEN; a negated cooperative deed ("did not agree") is
   REJECT, and other negated deeds are no event; an intended deed on a condition ("will
   withdraw its force unless ...") is THREATEN; a reported clause with "must" or "should"
   ("Russia said Sudan must return the helicopter") is a REQUEST by the reporter of the
   clause's subject. A deed inside an "if" or "unless" clause is not done: no event.
4. Background: a deed told as the time or cause of an event, in a clause or phrase of "after",
   "following", "since", "because (of)" or "amid" on it ("suspended flights one day after a jet
   was shot down"), or presupposed by a relative clause or passive participle on one of its
   words ("released the nurses who had been kidnapped", "freed villagers taken hostage"; not a
   "to" infinitive, "a rally to denounce the ban", which tells an aim) is not an event of its
   own: the sentence tells the event above it (as a sentence's main event is the syntactically
   dominant one in TimeML's main-event guidelines, Stubbs et al. 2006). Like a contained deed it
   may still add a place or target to the same event told elsewhere in the article. With no
   event told above it ("the men who attacked the mosque fled"; "the visit of Mr Orban - who
   pledged co-operation - was controversial", where the visit is only talked about) it is the
   sentence's event.

:mod:`dateline.understand.eventactors` then finds each trigger's source, target and place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from dateline.understand.eventlexicon import (
    FRAME_DEPTH,
    Code,
    Cue,
    code,
    codes,
    cues,
    cues_heads,
    forms,
    frame,
    is_light,
    lemma,
    words,
)

__all__ = ["FRAME_DEPTH", "Code", "Cue", "DocEvent", "code", "codes", "condition_of", "cues",
           "cues_heads", "doc_events", "forms", "frame", "is_light", "lemma", "words"]

#: relations through which a trigger is not part of the trigger above it
SEPARATE_DEPS = frozenset({"relcl", "nsubj", "nsubjpass", "csubj", "csubjpass", "appos",
                           "parataxis", "advcl", "dep", "meta", "list", "acl"})
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
#: CAMEO code of an intention to do a deed of each type (03x "express intent", 13x threaten)
INTENT_CODE = {"CONSULT": "036", "SUPPORT": "032", "COOPERATE": "031", "AID": "033",
               "CONCEDE": "035", "RETREAT": "035", "ASSAULT": "138", "COERCE": "131",
               "SANCTION": "131", "MOBILIZE": "138", "PROTEST": "133"}
#: CAMEO code of refusing a deed of each type (12x reject)
REFUSAL_CODE = {"AGREE": "120", "CONSULT": "125", "SUPPORT": "120", "COOPERATE": "121",
                "AID": "122", "CONCEDE": "124", "RETREAT": "124"}
#: spaCy labels of names whose words are never triggers
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "LAW",
                          "EVENT", "PRODUCT"})
#: subordinators of a condition: what is said in one is not a deed done
_CONDITIONS = frozenset({"if", "unless"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})
_VERB_POS = frozenset({"VERB"})


@dataclass
class DocEvent:
    """An event on one parse: its ``trigger`` token, the tokens of its trigger words, its
    CAMEO ``code`` (typed by :func:`code`), the triggers it contains (``inner``) and the deeds
    told as its time or cause (``background``, step 4 of the module docstring)."""

    trigger: Token
    cue: Cue
    code: str
    words: list[Token]
    inner: list[DocEvent] = field(default_factory=list)
    demand: bool = False
    background: list[DocEvent] = field(default_factory=list)

    @property
    def type(self) -> str:
        """The PLOVER type of :attr:`code`."""
        return code(self.code).type


#: the cue of a demand made by a modal ("must", "should") in a reported clause
_DEMAND = Cue("100", "must", False, (), -1)


def _match(token: Token) -> tuple[Cue, list[Token]] | None:
    if token.ent_type_ in _NAME_LABELS:
        return None  # "the Asia-Pacific Economic Cooperation forum": a name, not a deed
    noun = token.pos_ in _NOUN_POS
    if not noun and not (token.pos_ in _VERB_POS or token.tag_.startswith("VB")):
        return None
    found = next((f for f in (cues().get((w, noun)) for w in forms(token)) if f), None)
    if not found:
        return None
    around = frame(token)
    if not noun:  # "the demands were met": a passive subject is the object of "meet demand"
        around += [c for c in token.children if c.dep_ == "nsubjpass"]
    if noun:  # "reached an agreement", "went on strike": the verb above a noun trigger
        around += [a for a in (token.head, token.head.head) if a.i != token.i]
    by_lemma: dict[str, Token] = {}
    for t in around:
        by_lemma.setdefault(lemma(t), t)
        by_lemma.setdefault(t.lower_, t)
    for cue in found:
        if all(w in by_lemma for w in cue.words):
            matched = [token] + [by_lemma[w] for w in cue.words]
            if all(_attached(t, matched) for t in matched[1:]):
                return cue, matched
    return None


def _attached(word: Token, matched: list[Token]) -> bool:
    """A cue's particle or preposition belongs to its trigger or to another word of the cue
    ("allow in", "call for"), or governs one ("on alert"), not a verb further down ("allow X
    to take part in")."""
    if word.pos_ not in ("ADP", "PART") and word.dep_ != "prt":
        return True
    return any(word.head.i == t.i or t.head.i == word.i for t in matched)


def _elaborates(token: Token) -> bool:
    """An adverbial participle or purpose clause without a subject of its own ("shelled Juba,
    killing 20", "blocked roads demanding reforms", "staged rallies to demand ..."): it tells
    the result or aim of the deed above it, not a deed of its own."""
    if token.dep_ != "advcl" or any(c.dep_ in ("nsubj", "nsubjpass", "mark")
                                    for c in token.children):
        return False
    return token.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to"
                                      for c in token.children)


def _content(token: Token) -> bool:
    """A noun's content clause ("its demand that Israel ease ...", "an admission that its
    forces killed ..."): a clause on a noun opened by "that" or "whether" as a conjunction, not
    as a relative pronoun. Like a verb's complement, it tells what the noun's deed is about."""
    return token.dep_ in ("acl", "relcl") and any(  # "relcl" when the parser errs
        c.dep_ == "mark" and c.lower_ in ("that", "whether") for c in token.children)


def _absorber(token: Token, triggers: dict[int, DocEvent], hosts: dict[int, int]
              ) -> int | None:
    """The index of the trigger ``token`` is part of (step 2 of the module docstring), else
    None. ``hosts`` maps a light verb to the noun trigger it carries ("staged rallies")."""
    node = token
    for _ in range(10):
        if node.head.i == node.i or (node.dep_ in SEPARATE_DEPS and not _elaborates(node)
                                     and not _content(node)):
            return None
        head = node.head
        if head.i in triggers:
            if node.dep_ == "conj":  # "attacked and seized": a second deed, unless the first
                return _absorber(head, triggers, hosts)  # is itself part of a third
            return head.i
        if head.i in hosts and hosts[head.i] != node.i and node.dep_ != "conj":
            return hosts[head.i]
        node = head
    return None


def _negated(token: Token) -> bool:
    if any(c.dep_ == "neg" for c in token.children):
        return True
    head = token.head
    if token.dep_ == "xcomp" and lemma(head) in words("failed"):
        return True  # "failed to reach agreement"
    return token.dep_ == "xcomp" and any(c.dep_ == "neg" for c in head.children) and \
        lemma(head) not in cues_heads()


def _intended(token: Token) -> bool:
    intent = words("intent")
    if any(c.dep_ == "aux" and c.lower_ in intent for c in token.children):
        return True
    head = token.head
    if token.dep_ == "xcomp" and head.i != token.i and any(f in intent for f in forms(head)):
        return True
    if token.dep_ == "xcomp" and head.lemma_ == "go" and head.tag_ == "VBG":
        return True  # "is going to attack"
    return False


def _conditional(token: Token) -> bool:
    """"will withdraw ... unless X": a deed promised on a condition against the target."""
    condition = condition_of(token)
    return condition is not None and any(m.lower_ == "unless" for m in condition.children)


def _mood(event: DocEvent) -> DocEvent | None:
    kind = event.type
    if event.demand:
        return event
    verb = event.trigger
    if event.cue.noun and verb.dep_ in ("dobj", "attr") and is_light(verb.head):
        verb = verb.head  # "failed to reach an agreement", "will hold talks"
    if _negated(verb):
        if kind in REFUSAL_CODE:
            event.code = REFUSAL_CODE[kind]
            return event
        return None
    if _intended(verb) and kind not in ("REQUEST", "ACCUSE", "THREATEN"):
        if _conditional(verb):
            event.code = "130"
        elif kind in INTENT_CODE:
            event.code = INTENT_CODE[kind]
    return event


def _demand(token: Token) -> Token | None:
    """The modal of a reported clause that demands ("said that Sudan must return ..."), else
    None: a verb with a ``must`` auxiliary whose clause is the complement of another verb."""
    if token.dep_ != "ccomp" or token.head.pos_ not in ("VERB", "AUX"):
        return None
    for child in token.children:
        if child.dep_ == "aux" and child.lower_ in words("must"):
            return child
    return None


def doc_events(doc: Doc) -> list[DocEvent]:
    """Return the events of one parse in text order (steps 1 to 3 of the module docstring),
    each with the events inside it in ``inner``. Never raises on any parse."""
    triggers: dict[int, DocEvent] = {}
    for token in doc:
        matched = _match(token)
        if matched is not None:
            cue, tokens = matched
            triggers[token.i] = DocEvent(token, cue, cue.code, tokens)
        modal = _demand(token)
        if modal is not None:  # the demand contains the deed demanded
            triggers[token.i] = DocEvent(token, _DEMAND, _DEMAND.code, [modal, token],
                                         demand=True)
    hosts = {e.trigger.head.i: i for i, e in triggers.items()
             if e.cue.noun and e.trigger.dep_ in ("dobj", "attr")
             and is_light(e.trigger.head) and e.trigger.head.i not in triggers}
    top: list[DocEvent] = []
    for event in triggers.values():
        absorber = _absorber(event.trigger, triggers, hosts)
        if absorber is not None:
            triggers[absorber].inner.append(event)
            continue
        host = _background_host(event.trigger, triggers, hosts)
        if host is None:
            top.append(event)
        else:
            triggers[host].background.append(event)
    return [e for e in (_mood(e) for e in top) if e is not None and not _hypothetical(e.trigger)]


def _background_host(token: Token, triggers: dict[int, DocEvent], hosts: dict[int, int]
                     ) -> int | None:
    """The index of the trigger whose background ``token``'s deed is (step 4 of the module
    docstring), else None: a clause or phrase of "after", "following", "since", "because (of)"
    or "amid" ("suspended flights one day after a jet was shot down", "lifted the curfew ...
    after clashes"), or a relative clause or passive participle, on the trigger, on its light
    verb (``hosts``, as for :func:`_absorber`) or on a word below them."""
    node = token
    adjunct = None
    for _ in range(12):
        if adjunct is not None and node.i in triggers and _told(triggers[node.i].trigger):
            return node.i
        if adjunct is not None and node.i in hosts:
            return hosts[node.i]
        if adjunct is not None and is_light(node):  # "remained on alert ... after unrest"
            carried = _carried(node, triggers)
            if carried is not None:
                return carried
        if adjunct is None and _is_background(node):
            adjunct = node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _told(trigger: Token) -> bool:
    """Whether a trigger tells a deed: a verb, or a noun a light verb carries ("announced a
    suspension"); not a noun that is only talked about ("the visit of Mr Orban - who pledged
    ... - was controversial")."""
    if trigger.pos_ not in _NOUN_POS:
        return True
    if trigger.dep_ in ("dobj", "attr") and is_light(trigger.head):
        return True
    return trigger.dep_ == "pobj" and is_light(trigger.head.head)


def _carried(verb: Token, triggers: dict[int, DocEvent]) -> int | None:
    """The noun trigger a light verb carries as its object or through a preposition ("held
    talks", "went on strike"), else None."""
    for child in verb.children:
        if child.dep_ in ("dobj", "attr") and child.i in triggers:
            return child.i
        if child.dep_ == "prep":
            for grand in child.children:
                if grand.dep_ == "pobj" and grand.i in triggers:
                    return grand.i
    return None


def _infinitive(token: Token) -> bool:
    """Whether ``token`` is a "to" infinitive ("a rally to protest the law")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _is_background(node: Token) -> bool:
    background = words("background")
    if node.dep_ == "relcl" and not _infinitive(node) and not _content(node):
        return True  # "the helicopter that was captured by ...": presupposed, not told
    if node.dep_ == "acl" and node.tag_ == "VBN" and not _content(node):
        return True  # "30 members of his government taken hostage in May"
    if node.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in background for c in node.children)
    if node.dep_ in ("pobj", "pcomp"):
        return node.head.lower_ in background
    return False


def condition_of(token: Token) -> Token | None:
    """The verb of an "if" or "unless" clause attached to ``token``, else None."""
    for child in token.children:
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONS
                                         for m in child.children):
            return child
    return None


def _hypothetical(token: Token) -> bool:
    """A deed inside a condition ("unless Baghdad accepted", "if it is attacked") is not done;
    nor is one only suspected ("nationals suspected of blowing up a plane")."""
    node = token
    for _ in range(10):
        if node.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONS
                                        for m in node.children):
            return True
        if node is not token and any(f in words("alleged") for f in forms(node)):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False
