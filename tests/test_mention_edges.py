"""Mentions whose tagger span runs into a function word at an edge ("Ilse Brandauer of"): the
name is cut back before its canonical name and key are made (invented stories)."""

from __future__ import annotations

from dateline.config import Settings
from dateline.corpus.keys import entity_key
from dateline.model import Article, Source
from dateline.understand import parse_articles
from dateline.understand.entities import find_entities
from dateline.understand.mentions import name_span
from dateline.understand.stage import annotate


def _parsed(paragraphs: list[str]):
    article = Article(id="t", source=Source(uri="t", format="text", sha256="t"),
                      paragraphs=paragraphs)
    [parsed] = parse_articles([article], Settings())
    return parsed


def _tag(parsed, key, start: int, end: int, label: str) -> None:
    """Make the tagger's entities of string ``key`` hold ``[start, end)`` under ``label``, as
    the small model does on some pages (it does not on these short ones)."""
    doc = parsed.docs[key]
    span = doc.char_span(start, end, label=label)
    assert span is not None
    doc.ents = [e for e in doc.ents if e.end <= span.start or e.start >= span.end] + [span]
    parsed._ents.clear()


def _speaker_key(article) -> str:
    [quote] = [q for q in article.quotes if q.speaker and q.speaker.entity]
    [entity] = [e for e in article.entities if e.id == quote.speaker.entity]
    return entity_key(entity.name, entity.type)


def test_name_span_drops_edge_function_words_and_keeps_inner_ones():
    assert name_span("Ilse Brandauer of", person=False) == (0, 14)
    assert name_span("Ilse Brandauer, of the", person=False) == (0, 14)
    assert name_span("a Mitt Romney", person=False) == (2, 13)
    assert name_span("The Selby Ledger", person=False) == (4, 16)
    assert name_span("Harwick Rovers - while", person=False) == (0, 14)
    for name in ("Bank of England", "University of the Highlands", "Isle of Man",
                 "Of Mice and Men", "bin Laden"):
        assert name_span(name, person=False) == (0, len(name))
    assert name_span("of the", person=False) == (0, 0)


def test_speaker_tagged_work_of_art_with_of_is_the_person_of_another_article():
    text = "“The quay will reopen on Friday,” said Ilse Brandauer of the harbour board."
    first = _parsed([text, "Ferries were held at Selby for two days."])
    start = text.index("Ilse")
    _tag(first, ("body", 0), start, start + len("Ilse Brandauer of"), "WORK_OF_ART")
    one = annotate(first)
    [ilse] = [e for e in one.entities if "Brandauer" in e.name]
    assert (ilse.name, ilse.type) == ("Ilse Brandauer", "PERSON")
    assert [(m.start, m.end, m.text) for m in ilse.mentions] == [(39, 53, "Ilse Brandauer")]
    other = annotate(_parsed(["“We are ready,” said Ilse Brandauer on Monday."]))
    assert _speaker_key(one) == _speaker_key(other) == "person:ilse-brandauer"


def test_trailing_function_word_cut_from_an_organisation_and_a_leading_the():
    text = "The Harwick Harbour Board of the port said the quay would reopen."
    parsed = _parsed([text])
    _tag(parsed, ("body", 0), 0, len("The Harwick Harbour Board of"), "ORG")
    [board] = [e for e in find_entities(parsed) if "Board" in e.name]
    assert (board.name, board.type) == ("Harwick Harbour Board", "ORG")
    assert [(m.start, m.end) for m in board.mentions] == [(4, 25)]


def test_names_with_inner_function_words_stay_whole():
    text = "Staff of the Bank of England met the University of the Highlands on the Isle of Man."
    parsed = _parsed([text])
    for name, label in (("Bank of England", "ORG"), ("University of the Highlands", "ORG"),
                        ("Isle of Man", "GPE")):
        start = text.index(name)
        _tag(parsed, ("body", 0), start, start + len(name), label)
    names = {e.name for e in find_entities(parsed)}
    assert {"Bank of England", "University of the Highlands", "Isle of Man"} <= names
