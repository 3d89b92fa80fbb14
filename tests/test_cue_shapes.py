"""The cue shapes of data/cue_shapes.json (:mod:`dateline.understand.cues`): the word test that
spares a string the DependencyMatcher never drops a match; sentences written for these tests."""

from __future__ import annotations

import pytest

from dateline.understand import cues
from dateline.understand.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.mark.parametrize(("text", "cue", "want"), [
    # a medium preposition and its object: the shape matches
    ("The harbourmaster said on Twitter that the pier would open.", "said", (3, 4)),
    ("Ms Quill spoke at a news conference in Dunmore.", "spoke", (3, 6)),
    # "told reporters": the addressee shape
    ("The mayor told reporters the ferry would sail.", "told", (2, 3)),
    # "on" and "in" but no medium word: no shape can match, the matcher is not run
    ("The harbourmaster said on Monday that the pier in Dunmore would open.", "said", None),
    ("Ann Ferris said the ferry would sail at noon.", "said", None),
])
def test_medium_of_with_and_without_the_matcher(nlp, text, cue, want):
    doc = nlp(text)
    verb = next(t for t in doc if t.text == cue)
    assert cues.medium_of(verb) == want
    assert cues._may_match(doc) is (want is not None)
    matcher = cues._shape_matcher(doc.vocab)
    if not cues._may_match(doc):
        assert matcher(doc) == []  # what the test spares is an empty answer


def test_words_of_a_node_must_meet_on_one_token(nlp):
    """"Twitter" is in the Doc and so is a prep "on", but "Twitter" is no preposition's object
    here (it is the subject): the word test passes, the one-token test does not."""
    doc = nlp("Twitter said on Monday that the pier would open.")
    assert cues._may_match(doc) is False
    assert cues._shape_matcher(doc.vocab)(doc) == []
