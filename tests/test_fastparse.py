"""The parser and entity recogniser driven step by step from Python (fastparse), and the
lemmatizer's set lookups (fastruler): spaCy's own output, token by token."""

from __future__ import annotations

import pytest
import spacy

from dateline.understand.fastparse import GreedySteps
from dateline.understand.nlp import load_nlp

#: our own sentences: long and short strings, an empty one, names, places, dates, quotations
TEXTS = [
    "Mayor Ingrid Solberg told the harbour council in Bodø on Tuesday that the ferry to the "
    "islands would run twice a day from March, and that the Nordland Transport Agency had "
    "agreed to pay for a second boat.",
    "“We are not closing the school,” said Petter Lund, the head of the county’s education "
    "office, after parents from three villages protested outside the town hall.",
    "",
    "Thanks.",
    "The Ministry of Fisheries fined two trawler companies 4.5 million kroner in 2021 for "
    "landing cod above their quota; both have appealed to the Supreme Court in Oslo.",
    "Geese flew over the frozen fjords while the older fishermen mended nets and the "
    "youngest ones were being taught to read the ice.",
]


@pytest.fixture(scope="module")
def plain():
    """spaCy's own pipeline of the same package (its greedy_parse, attribute ruler, lemmatizer),
    loaded once for the module."""
    return spacy.load(load_nlp().path)


def _rows(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i, t.lemma_, t.ent_iob_,
             t.ent_type_, t.is_sent_start) for t in doc]


def test_greedy_steps_replace_the_parser_and_ner_and_keep_their_output(plain):
    fast = load_nlp()
    assert fast.pipe_names == ["tok2vec", "tagger", "dateline_parser", "attribute_ruler",
                               "lemmatizer", "dateline_ner"]
    assert {"parser", "ner"} <= set(fast.disabled)  # kept on the pipeline, not run
    assert isinstance(fast.get_pipe("dateline_ner"), GreedySteps)
    assert fast.get_pipe("dateline_ner").inner is fast.get_pipe("ner")
    assert "PERSON" in fast.get_pipe("dateline_ner").labels  # the inner component's
    for batch_size in (1, 4):
        ours = list(fast.pipe(TEXTS, batch_size=batch_size))
        theirs = list(plain.pipe(TEXTS, batch_size=batch_size))
        assert [_rows(d) for d in ours] == [_rows(d) for d in theirs]
    one = fast(TEXTS[0])  # nlp(text) calls each component on one Doc
    assert _rows(one) == _rows(plain(TEXTS[0]))
    assert [(e.text, e.label_) for e in one.ents] == [
        ("Ingrid Solberg", "PERSON"), ("Bodø", "GPE"), ("Tuesday", "DATE"),
        ("March", "DATE"), ("the Nordland Transport Agency", "ORG"), ("second", "ORDINAL")]
    assert one[1].dep_ == "compound" and one[1].head.text == "Solberg"


def test_fast_lemmatizer_looks_forms_up_in_sets_with_spacy_s_answers(plain):
    fast = load_nlp()
    words = ("The ferries were cancelled; councils argued, wolves howled and the mice hid. "
             "She has been running faster than the oldest runners, who ran worse.")
    assert [t.lemma_ for t in fast(words)] == [t.lemma_ for t in plain(words)]
    lemmatizer = fast.get_pipe("lemmatizer")
    assert isinstance(lemmatizer._index_sets["noun"], frozenset)
    assert "ferry" in lemmatizer._index_sets["noun"]
    lemmas = {t.text: t.lemma_ for t in fast(words)}
    assert (lemmas["ferries"], lemmas["wolves"], lemmas["mice"], lemmas["ran"]) == (
        "ferry", "wolf", "mouse", "run")


def test_attribute_ruler_tests_every_sm_rule_without_a_matcher(plain):
    fast = load_nlp()
    ruler = fast.get_pipe("attribute_ruler")
    ruler(fast.make_doc("x"))  # builds the index
    *_, rest = ruler._index
    assert len(rest) == 0  # REGEX, NOT_IN, DEP, IS_SPACE and two-token rules: all stepped
    text = ("Y'all ain't gonna believe it: there are two ferries, but the one that she took "
            "is late.  I told you it was them who did it, c'mon.")
    assert _rows(fast(text)) == _rows(plain(text))
    doc = fast(text)
    rows = {(t.i, t.text): (t.lemma_, t.pos_) for t in doc}
    assert rows[(1, "ai")] == ("be", "AUX") and rows[(2, "n't")] == ("not", "PART")  # REGEX
    assert rows[(3, "gon")] == ("go", "VERB") and rows[(4, "na")] == ("to", "PART")  # pair
    assert rows[(9, "are")] == ("be", "VERB")  # "there are": DEP expl, then LOWER
    assert rows[(16, "that")] == ("that", "PRON")  # DT not as det: NOT_IN
    assert rows[(22, " ")] == (" ", "SPACE")  # IS_SPACE
    assert rows[(30, "did")] == ("do", "VERB")  # "do" heading a clause
    assert rows[(33, "c'm")] == ("come", "VERB")
