"""Source, target and place of an event trigger, by dependency patterns over the spaCy parse.

* A verb trigger's source is its subject (:func:`dateline.understand.speakers.subject_of`: its
  own, the noun a relative clause or participle hangs on, or the subject of the verb it is
  coordinated with or subordinate to); in the passive, the "by" phrase, with the subject as
  target ("Aristide has been accused ... by the government").
* Its target is, in order: an indirect object; an object that names an actor (an entity, a
  pronoun, a proper noun, or an actor noun of ``data/event_words.txt`` or ``roles.txt``); the
  owner or "of" phrase of an object that does not ("condemned Israel's raid", "demanded the
  resignation of the minister"); the subject of a clause it governs ("demanded that Israel
  withdraw"); an actor after with, against, on, to, at, toward, from or for ("called on Russia
  to ...", "met with Orban"); else the nearest actor object further down its frame.
* A noun trigger ("talks", "the visit", "an attack") takes its source from its owner ("Russia's
  invasion"), a "by" phrase, a named modifier ("US sanctions"), "between X and Y", its "of"
  phrase for deeds done by their subject ("the visit of Mr Orban"), or the subject of the light
  verb it is the object of ("held talks", "had a call"); its target from the same prepositions,
  on the noun or on its "of" phrase ("a suspension of air links with Serbia").
* Coordinated actors are split: "Jordan and Britain agreed" has two sources.
* The place is the object of "in", "at", "near", ... (``place`` words), or of "to" after a visit,
  in the trigger's frame or its light verb's, when it is a named place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from dateline.understand.eventcues import (
    DocEvent,
    code,
    condition_of,
    frame,
    is_light,
    lemma,
    words,
)
from dateline.understand.names import is_role
from dateline.understand.speakers import subject_of

#: spaCy labels of named actors (people, organisations, places, nationalities)
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
#: how far down its frame a trigger's target may stand ("amassed troops on its border with
#: Ukraine": four steps)
DEEP_DEPTH = 4
#: spaCy labels of places
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us",
                       "me", "who", "whom", "which", "that"})
#: prepositions that introduce a target, in order of preference
TARGET_PREPS = ("with", "against", "on", "upon", "to", "at", "toward", "towards", "from", "for",
                "over", "into")
#: an accusation's target is what it is about, before whom it is made to ("complained to the
#: UN over Israeli raids")
ACCUSE_PREPS = ("against", "over", "about", "of", "on", "upon", "at", "with", "toward",
                "towards", "for", "to", "from", "into")
#: types whose noun trigger's "of" phrase is the doer ("the visit of X", "protests of workers")
_OF_IS_SOURCE = frozenset({"CONSULT", "PROTEST", "CONCEDE", "MOBILIZE", "SUPPORT", "AGREE",
                           "RETREAT"})
#: types whose object may be what they deploy, send or withdraw ("force" words), not a target
_FORCE_TYPES = frozenset({"MOBILIZE", "AID", "RETREAT"})
#: types of deeds done together, whose "their meeting" joins the clause's subject and object
_JOINT_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})


@dataclass
class Roles:
    """Head tokens of an event's sources and targets (coordinated actors split) and of its
    place, and the light verb of a noun trigger."""

    sources: list[Token] = field(default_factory=list)
    targets: list[Token] = field(default_factory=list)
    place: Token | None = None
    light: Token | None = None


def actor_like(token: Token) -> bool:
    """Whether ``token`` heads a phrase that names an actor (see the module docstring)."""
    if token.ent_type_ in ACTOR_LABELS:
        return True
    if token.ent_type_:
        return False  # a date, a number, an amount
    if token.pos_ == "PRON":
        return token.lower_ in _PRONOUNS
    if token.pos_ == "PROPN":
        return True
    word = lemma(token)
    if token.pos_ == "NOUN" and (word in words("actor") or is_role(word)):
        return True
    return token.pos_ == "NOUN" and token.tag_ == "NNS" and any(
        c.dep_ in ("compound", "amod") and c.ent_type_ in ("NORP", "GPE")
        for c in token.children)  # "two Iraqi youths"


def owner(noun: Token, exclude: set[int]) -> Token | None:
    """Whose thing a noun that is no actor names: its possessor ("Sweden's decision"), its
    "by" or "from" phrase ("calls by Belarus's rulers"), or a named modifier ("an Australian
    ultimatum", "a Security Council resolution"); else None."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ in ("NOUN", "PROPN") and child.i not in exclude:
            return child  # not "its", "their": "closed its borders" is mostly its own
    for obj in _preps(noun, ("by", "from")):
        if actor_like(obj) and obj.i not in exclude:
            return obj
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ in (
                "NORP", "GPE", "ORG", "PERSON") and child.i not in exclude:
            return child
    return None


def conjuncts(token: Token) -> list[Token]:
    """``token`` and the tokens coordinated with it ("Jordan and Britain")."""
    out = [token]
    for t in out:
        out.extend(c for c in t.children if c.dep_ == "conj" and c.pos_ in (
            "NOUN", "PROPN", "PRON"))
    return out


def _pobj(prep: Token) -> Token | None:
    for child in prep.children:
        if child.dep_ in ("pobj", "pcomp"):
            return child
    return None


def _preps(token: Token, names: tuple[str, ...]) -> list[Token]:
    """Objects of ``token``'s prepositions in ``names``, in the order of ``names``."""
    found = []
    for name in names:
        for child in token.children:
            if child.dep_ in ("prep", "agent", "dative") and child.lower_ == name:
                obj = _pobj(child)
                if obj is not None:
                    found.append(obj)
    return found


def _passive(token: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)


def _object_target(token: Token, exclude: set[int]) -> Token | None:
    for child in token.children:
        if child.dep_ == "dative" and actor_like(child) and child.i not in exclude:
            return child
    for child in token.children:
        if child.dep_ == "dobj":  # a cue word ("rejected the proposal") may have an owner
            if actor_like(child) and child.i not in exclude:
                return child
            found = owner(child, exclude)
            if found is not None:
                return found
            for obj in _preps(child, ("of",)):
                if actor_like(obj) and obj.i not in exclude:
                    return obj
    for child in token.children:
        if child.dep_ in ("ccomp", "xcomp"):
            for grand in child.children:
                if grand.dep_ in ("nsubj", "nsubjpass") and actor_like(grand) \
                        and grand.i not in exclude:
                    return grand
    return None


def _prep_target(token: Token, exclude: set[int], visit: bool, kind: str = "") -> Token | None:
    preps = tuple(p for p in (ACCUSE_PREPS if kind == "ACCUSE" else TARGET_PREPS)
                  if not (visit and p == "to"))
    objects = _preps(token, preps)
    for obj in objects:
        if actor_like(obj) and obj.i not in exclude:
            return obj
    for obj in objects:
        if obj.i not in exclude:
            found = owner(obj, exclude)  # "opposed to French mediation"
            if found is not None:
                return found
    return None


def _deep_target(token: Token, exclude: set[int]) -> Token | None:
    place_preps = words("place")
    for t in frame(token, DEEP_DEPTH):
        if t.dep_ in ("dobj", "pobj", "dative") and actor_like(t) and t.i not in exclude:
            if t.dep_ == "pobj" and t.head.lower_ in place_preps | {"by"}:
                continue  # where it happened, or who suspected: not whom it was done to
            return t
    return None


def _condition_target(event: DocEvent, exclude: set[int]) -> Token | None:
    """Whom a threat is aimed at: the subject of its condition ("will withdraw its force unless
    Kerrland releases the prisoners"), on the trigger, a deed it contains or a verb it governs
    ("threatened to hold a strike unless the council ...")."""
    if event.type != "THREATEN":
        return None
    governed = [t for t in frame(event.trigger) if t.dep_ == "xcomp"]
    for token in (event.trigger, *(i.trigger for i in event.inner), *governed):
        condition = condition_of(token)
        if condition is not None:
            for child in condition.children:
                if child.dep_ in ("nsubj", "nsubjpass") and actor_like(child) \
                        and child.i not in exclude:
                    return child
    return None


def _inner_target(event: DocEvent, exclude: set[int]) -> Token | None:
    """The target of the deed an event is about ("threatened to shell Iraqi towns", "staged
    demonstrations to demand reforms by Suharto's government"), when it names one."""
    for inner in event.inner:
        roles = roles_of(inner)
        for target in roles.targets:
            if target.i not in exclude and target.ent_type_ not in ("DATE", "TIME"):
                return target
    return None


def _fallback_target(token: Token, exclude: set[int]) -> Token | None:
    """The owner of an object or prepositional object down the frame, then the place: with no
    actor acted on, event data code the place where the deed was done as its target ("killed
    in Jericho", "demonstrated in Kirkuk"), as CAMEO coders do."""
    for t in frame(token, DEEP_DEPTH):
        if t.dep_ in ("dobj", "pobj") and t.i not in exclude:
            found = owner(t, exclude)
            if found is not None:
                return found
    return None


def _noun_sources(token: Token, kind: str) -> list[Token]:
    for child in token.children:
        if child.dep_ in ("poss", "nsubj"):  # a subject: the parser took a verb for a noun
            return [child]  # ("Unity for Hungary demands that ...")
    found = _preps(token, ("by",))
    if found:
        return found
    for child in token.children:
        if child.dep_ in ("compound", "amod", "nmod") and child.ent_type_ in ACTOR_LABELS:
            return [child]
    found = _preps(token, ("between", "among"))
    if found:
        return found
    if kind in _OF_IS_SOURCE:
        found = [t for t in _preps(token, ("of",)) if actor_like(t)]
    return found


def _light_verb(token: Token) -> Token | None:
    if token.dep_ in ("dobj", "attr", "nsubjpass") and is_light(token.head):
        return token.head
    if token.dep_ == "pobj" and token.head.dep_ == "prep" and is_light(token.head.head):
        return token.head.head  # "went on strike", "took part in talks"
    return None


def roles_of(event: DocEvent) -> Roles:
    """Find the source, target and place of one event on its parse (module docstring)."""
    trigger = event.trigger
    kind = event.type
    cue_kind = code(event.cue.code).type  # before mood: "will withdraw its troops" -> AGREE
    visit = event.code in ("042", "043") or lemma(trigger) in ("visit", "trip")
    out = Roles()
    cue_words = {t.i for t in event.words[1:]  # "recalled its ambassador": not the target,
                 if lemma(t) in words("force") or any(c.dep_ == "poss" for c in t.children)}
    cue_words.add(trigger.i)  # but "released 12 hostages" is
    if event.demand:
        subject = subject_of(trigger.head)
        out.sources = conjuncts(subject) if subject is not None else []
        targets = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
        out.targets = [s for t in targets for s in conjuncts(t)]
    elif trigger.pos_ in ("NOUN", "PROPN"):
        sources = _noun_sources(trigger, kind)
        between = [t for t in sources if t.head.lower_ in ("between", "among")]
        if between and len(conjuncts(between[0])) > 1:
            first, *rest = conjuncts(between[0])
            out.sources, out.targets = [first], rest[:1]
            sources = [first]
        light = _light_verb(trigger)
        out.light = light
        if kind in _JOINT_TYPES and sources and sources[0].lower_ in ("their", "our") \
                and light is None:
            joint = _joint(trigger)
            if joint is None:
                return out  # whose meeting the clause does not say: no source
            out.sources, out.targets = [joint[0]], [joint[1]]  # "X listens to Y during
            sources = []  # their meeting"
        if not sources and light is not None:
            subject = subject_of(light) or next(  # "Serb forces were engaged in cleansing"
                (c for c in light.children if c.dep_ == "nsubjpass" and trigger.dep_ == "pobj"),
                None)
            if subject is not None:
                sources = [subject]
        if sources or not out.sources:
            out.sources = [s for t in sources for s in conjuncts(t)]
        exclude = {t.i for t in out.sources} | cue_words
        if not out.targets:
            target = _prep_target(trigger, exclude, visit, kind)
            if target is None and kind not in _OF_IS_SOURCE:
                target = next((t for t in _preps(trigger, ("of",)) if actor_like(t)
                               and t.i not in exclude), None)
            if target is None:
                for child in trigger.children:  # "its demand that Israel ease ..."
                    if child.dep_ in ("acl", "ccomp", "relcl"):
                        target = next((g for g in child.children if g.dep_ == "nsubj"
                                       and actor_like(g) and g.i not in exclude), None)
                        if target is not None:
                            break
            if target is None and light is not None:
                target = _prep_target(light, exclude, visit, kind)
            if target is None:
                target = _inner_target(event, exclude)
            for thing in _preps(trigger, ("of",)) if target is None else []:
                target = _prep_target(thing, exclude, visit, kind)  # "a suspension of air
                if target is not None:  # links with Serbia": with whom the thing was
                    break
            if target is None and light is not None:  # "continued their hunger strike in
                exclude.add(light.i)  # protest of the government's refusal"
                target = _fallback_target(light, exclude)
            if target is not None:
                out.targets = conjuncts(target)
    elif trigger.dep_ in ("amod", "acl") and trigger.tag_ == "VBG" and trigger.head.pos_ in (
            "NOUN", "PROPN"):
        # "the visiting prime minister", "troops firing on protesters": the noun does it
        out.sources = [trigger.head]
        exclude = {trigger.head.i}
        target = _prep_target(trigger, exclude, visit) or _object_target(trigger, exclude)
        if target is None and visit:
            target = _host(trigger.head, exclude)  # "Putin said ... with the visiting X"
        if target is not None:
            out.targets = conjuncts(target)
    else:
        if _passive(trigger):
            cue_objects = {t.i for t in event.words[1:] if not actor_like(t)}
            targets = [c for c in trigger.children if c.dep_ == "nsubjpass"
                       and c.i not in cue_objects]  # "control was taken": a cue word
            out.sources = [s for t in _preps(trigger, ("by",)) for s in conjuncts(t)]
            out.targets = [s for t in targets for s in conjuncts(t)]
            if not out.targets and not targets:
                found = _prep_target(trigger, {t.i for t in out.sources} | cue_objects,
                                     visit, kind)
                out.targets = conjuncts(found) if found is not None else []
        else:
            subject = subject_of(trigger)
            out.sources = conjuncts(subject) if subject is not None else []
            exclude = {t.i for t in out.sources} | cue_words
            if cue_kind in _FORCE_TYPES:
                exclude |= {t.i for t in frame(trigger) if lemma(t) in words("force")}
            target = (_object_target(trigger, exclude)
                      or _prep_target(trigger, exclude, visit, kind)
                      or _inner_target(event, exclude)
                      or _condition_target(event, exclude)
                      or _deep_target(trigger, exclude)
                      or _fallback_target(trigger, exclude))
            if target is not None:
                out.targets = conjuncts(target)
    out.place = _place(trigger, out.light, visit)
    if out.place is None and visit:
        places = [t for t in out.targets if t.ent_type_ in PLACE_LABELS]
        out.place = places[0] if places else None
    if not out.targets and out.place is not None and out.place.ent_type_ in PLACE_LABELS:
        out.targets = [out.place]  # see _fallback_target
    return out


def _clause_verb(token: Token) -> Token | None:
    node = token
    for _ in range(8):
        if node.head.i == node.i:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def _host(noun: Token, exclude: set[int]) -> Token | None:
    """The subject of the clause a visitor phrase stands in: the host of the visit."""
    verb = _clause_verb(noun)
    if verb is None:
        return None
    subject = subject_of(verb)
    if subject is None or subject.i in exclude or not actor_like(subject):
        return None
    return subject


def _joint(noun: Token) -> tuple[Token, Token] | None:
    """The subject and the object (or prepositional object) of the clause a "their meeting"
    stands in, when both name actors."""
    verb = _clause_verb(noun)
    if verb is None:
        return None
    subject = subject_of(verb)
    if subject is None or not actor_like(subject):
        return None
    for child in verb.children:
        if child.dep_ in ("dobj", "dative") and actor_like(child):
            return subject, child
    for obj in _preps(verb, TARGET_PREPS):
        if actor_like(obj) and not noun.is_ancestor(obj) and obj.i != noun.i:
            return subject, obj
    return None


def _place(trigger: Token, light: Token | None, visit: bool) -> Token | None:
    preps = tuple(words("place")) + (("to",) if visit else ())
    for host in (trigger, light):
        if host is None:
            continue
        for t in [host] + frame(host):
            for obj in _preps(t, preps):
                if obj.ent_type_ not in PLACE_LABELS and obj.pos_ == "NOUN":
                    named = _preps(obj, ("of",))  # "in the northern city of Kirkuk"
                    obj = named[0] if named else obj
                if obj.ent_type_ in PLACE_LABELS or (obj.pos_ == "PROPN" and not obj.ent_type_):
                    return obj
    return None
