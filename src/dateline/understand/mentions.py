"""Mentions: the named-entity spans of an article, cut to the names proper.

Step 1 of :mod:`dateline.understand.entities`: every entity span spaCy finds in the article's
strings, without "the", honorifics, titles, possessives (:func:`names.core_span`) and the
lower-case function words a tagger's span runs into at its edges (:func:`name_span`), never over
a line break; a span so cut back from a trailing word, labelled WORK_OF_ART and reading as a
personal name is a PERSON mention (no work's title ends in "of"). Several-word spans that the
tagger ran together on title-case lines ("Stoltenberg Calls Orban Ally") or past a full name
("Donald Trump Wins") are dropped or cut back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from dateline.text_fold import fold
from dateline.understand.names import (
    core_span,
    demonyms,
    name_tokens,
    organisation_heads,
    place_type,
    title_before,
)
from dateline.understand.parsed import ParsedArticle, PartKey

#: spaCy (OntoNotes) labels that name entities; dates, times and numbers are left out.
ENTITY_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT",
                           "WORK_OF_ART", "LAW", "LANGUAGE"})


@dataclass
class NameMention:
    """One mention as the entity stage works with it (see ``entities``)."""

    key: PartKey
    order: tuple[int, int]  # (position of the string in reading order, start)
    start: int
    end: int
    text: str
    label: str | None  # the tagger's label; None for string-matched and role mentions
    tokens: tuple[str, ...]
    titled: bool = False
    role: bool = False
    #: "place" or "credit" for a mention inside the article's dateline opening
    #: (:mod:`dateline.understand.openings`), else None
    opening: str | None = None
    #: where the name stands in its sentence (:func:`dateline.understand.placecues.name_cue`)
    cue: str | None = None


_WORD = re.compile(r"\S+")


def name_span(text: str, *, person: bool) -> tuple[int, int]:
    """Return ``(start, end)``, the code-point offsets into ``text`` of the name proper: the
    span of :func:`~dateline.name_core.core_span` without the lower-case function words a
    tagger's span runs into at either edge ("said Ilse Brandauer *of* the harbour board" tagged
    "Ilse Brandauer of"; "*a* Mitt Romney"), the words of spaCy's English stop-word list
    (``spacy.lang.en.stop_words``, the list :func:`_title_case` reads), and a dash left at an
    edge ("Minnesota Vikings *- while*"). Words inside the name
    stay ("Bank of England", "University of the Highlands"), a capitalised word stays at an edge
    too ("Of Mice and Men", "Under Armour"; the leading "The" goes, by ``core_span``), and so
    does a lower-case particle that is no stop word ("bin Laden", "de Gaulle"). Returns
    ``(0, 0)`` when nothing is left."""
    start, end = 0, len(text)
    while True:
        s, e = core_span(text[start:end], person=person)
        if s == e:
            return (0, 0)
        start, end = start + s, start + e
        words = list(_WORD.finditer(text, start, end))
        if _function_word(words[-1].group()):
            end = words[-1].start()
        elif _function_word(words[0].group()):
            start = words[0].end()
        else:
            return (start, end)


def _function_word(word: str) -> bool:
    """A lower-case stop word, or a "word" with no letter or digit (a dash, "&")."""
    return word.islower() and word in STOP_WORDS or not any(c.isalnum() for c in word)


def collect(parsed: ParsedArticle) -> tuple[list[NameMention], dict[PartKey, int]]:
    """Return the article's entity mentions (labels of ``ENTITY_LABELS``) in reading order,
    and the reading-order position of each string key."""
    mentions: list[NameMention] = []
    positions: dict[PartKey, int] = {}
    for pos, (key, _doc) in enumerate(parsed.items()):
        positions[key] = pos
        text = parsed.text(key)
        for ent in parsed.ents(key):
            if ent.label_ not in ENTITY_LABELS:
                continue
            person = ent.label_ == "PERSON"
            s, e = name_span(ent.text, person=person)
            if s == e:
                continue
            start, end = ent.start_char + s, ent.start_char + e
            if "\n" in text[start:end]:  # a name never runs over a line break
                end = start + text[start:end].index("\n")
                s2, e2 = name_span(text[start:end], person=person)
                start, end = start + s2, start + e2
                if end <= start:
                    continue
            tokens = name_tokens(text[start:end], person=False)
            if not tokens or text[start:end].islower():
                continue  # "council", "west coast": not a name
            label = ent.label_
            if label == "WORK_OF_ART" and e < core_span(ent.text, person=False)[1] \
                    and _personal_name(text[start:end], tokens):
                label = "PERSON"  # "said Ilse Brandauer of the harbour board": no title
            titled = person and s > 0 and any(
                t not in STOP_WORDS for t in name_tokens(ent.text[:s], person=False))
            # a lower-case title counts before a PERSON or a two-word name ("council leader
            # Agnes Thornbury", which the small model tags ORG), a capitalised one before any
            titled = titled or title_before(text[:start], person=person or len(tokens) > 1)
            mentions.append(NameMention(key, (pos, start), start, end, text[start:end],
                                     label, tokens, titled))
    return mentions, positions


def _personal_name(text: str, tokens: tuple[str, ...]) -> bool:
    """Whether a name the tagger labelled WORK_OF_ART with a function word after it ("Ilse
    Brandauer of") reads as a person's: two to four capitalised words, not in capitals, none
    an organisation's head noun, a demonym or a known place. A work's title does not end in
    "of"; the tagger's label was for a span that ran past the name."""
    words = text.split()
    return (2 <= len(tokens) <= 4 and len(words) == len(tokens) and not text.isupper()
            and all(w[0].isupper() for w in words)
            and not any(t in organisation_heads() or t in demonyms() or place_type(t)
                        for t in tokens)
            and place_type(text) is None)


def _title_case(text: str) -> bool:
    """Whether a string capitalises its words ("Stoltenberg Calls Orban Ally", "Sanders Pins
    The Rise Of ISIS On Iraq"): every word of four letters or more begins with a capital, and
    either a short word inside it does too ("Of", "The") or it is a short line with no final
    stop (a headline). A sentence naming many people ("Prime Minister Lars Haugen met President
    Aino Virtanen in Oslo.") is not."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    if len(words) < 3 or any(w[0].islower() for w in words if len(w) >= 4):
        return False
    if any(w[0].isupper() and w.lower() in STOP_WORDS for w in words[1:]):
        return True
    return len(words) <= 12 and not text.rstrip().endswith((".", "!", "?", '"', "”"))


def _line(text: str, start: int) -> tuple[int, int]:
    begin = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    return begin, len(text) if end < 0 else end


def drop_title_case_runs(parsed: ParsedArticle, mentions: list[NameMention]) -> list[NameMention]:
    """Leave out several-word mentions on title-case lines (a headline, a related-link line)
    that no sentence-case line writes ("Stoltenberg Calls Orban Ally" tagged PERSON): the
    tagger runs the capitals together. The names in them are found again by string matching
    (step 4)."""
    titled: dict[tuple[PartKey, tuple[int, int]], bool] = {}

    def on_titled_line(m: NameMention) -> bool:
        text = parsed.text(m.key)
        line = _line(text, m.start)
        if (m.key, line) not in titled:
            titled[(m.key, line)] = _title_case(text[line[0]:line[1]])
        return titled[(m.key, line)]

    flags = [on_titled_line(m) for m in mentions]
    if not any(flags):
        return mentions
    elsewhere = [set(m.tokens) for m, flag in zip(mentions, flags, strict=True) if not flag]
    return [m for m, flag in zip(mentions, flags, strict=True)
            if not flag or len(set(m.tokens)) < 2
            or any(set(m.tokens) <= other for other in elsewhere)]


def trim_runs(mentions: list[NameMention]) -> None:
    """Cut a several-word mention that is another mention's full name followed by more
    capitalised words ("Donald Trump Wins" where "Donald Trump" is written too) back to that
    name: a name does not go on after the surname. In place."""
    names = {m.tokens for m in mentions if len(m.tokens) > 1}
    for m in mentions:
        if len(m.tokens) < 3:
            continue
        for k in range(len(m.tokens) - 1, 1, -1):
            if m.tokens[:k] in names:
                pattern = r"\.?\s+".join(re.escape(t) for t in m.tokens[:k]) + r"\.?"
                match = re.match(pattern, fold(m.text))
                if match:
                    m.end = m.start + match.end()
                    m.text, m.tokens = m.text[:match.end()], m.tokens[:k]
                break
