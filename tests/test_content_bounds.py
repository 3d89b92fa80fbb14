"""Contents of the attribution model cut back to the clause the cue verb reports
(:func:`dateline.understand.content_bounds.fit_complement`); sentences written for these tests."""

from __future__ import annotations

import pytest

from dateline.understand.content_bounds import fit_complement
from dateline.understand.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _fitted(nlp, text: str, cue: str, content: str) -> str:
    doc = nlp(text)
    verb = next(t.i for t in doc if t.text == cue)
    start = text.index(content)
    lo, hi = fit_complement(doc, text, (verb, verb), start, start + len(content))
    return text[lo:hi]


@pytest.mark.parametrize(("text", "cue", "content", "want"), [
    # the hearer and the time of the telling are the frame; the end stays where it was
    ("The harbourmaster told reporters on Monday that the pier would open in May, but did not "
     "say when the ferry would return.", "told",
     "reporters on Monday that the pier would open in May, but did not say when the ferry "
     "would return", "that the pier would open in May, but did not say when the ferry would "
     "return"),
    # the object of "urged" stays, as PolNeAR marks it
    ("The mayor urged voters to slow down and listen to their neighbours.", "urged",
     "voters to slow down and listen to their neighbours",
     "voters to slow down and listen to their neighbours"),
    # a noun the "that" clause completes is no frame word: the parse hangs the clause off it
    ("Ms Quill rejected the idea that the pier was unsafe.", "rejected",
     "the idea that the pier was unsafe", "the idea that the pier was unsafe"),
    # a content that is the complement already stays as it is
    ("Ann Ferris said the ferry would sail at noon.", "said", "the ferry would sail at noon",
     "the ferry would sail at noon"),
])
def test_content_is_the_reported_clause(nlp, text, cue, content, want):
    assert _fitted(nlp, text, cue, content) == want


def test_no_cut_without_a_cue_before_the_content(nlp):
    text = "The pier will open in May, the harbourmaster told reporters on Monday."
    doc = nlp(text)
    verb = next(t.i for t in doc if t.text == "told")
    assert fit_complement(doc, text, (verb, verb), 0, 24) == (0, 24)
    assert fit_complement(doc, text, None, 0, 24) == (0, 24)


@pytest.mark.parametrize(("text", "content", "want"), [
    ("The board wants a new jetty for the ferries and a wider slipway.",
     "a new jetty for the ferries and", "a new jetty for the ferries"),
    ("She praised the crew's work on the nets in the storm.", "the crew's work on the nets in",
     "the crew's work on the nets"),
    ("But the pier, the mayor said, would open in May.", "But the pier", "the pier"),
    # a preposition with nothing after it is the content's own
    ("She asked what the board was talking about.", "what the board was talking about",
     "what the board was talking about"),
    ("He said the storm would blow over soon, and left.", "the storm would blow over",
     "the storm would blow over"),
    ("She said the rules were old, but the board disagreed.", "the rules were old, but",
     "the rules were old"),
    ("She called either Ann or Ole.", "either Ann or Ole", "either Ann or Ole"),
    ("That is why the pier matters.", "That is why", "That is why"),
    ("But, Captain, the pier is safe.", "But, Captain, the pier is safe",
     "Captain, the pier is safe"),
    # a relative pronoun at the end is kept: PolNeAR marks "which" as a content of its own
    ("He denied the claim, which she repeated.", "the claim, which", "the claim, which"),
])
def test_frame_words_are_trimmed(nlp, text, content, want):
    from dateline.understand.content_bounds import trim_frame_words

    doc = nlp(text)
    start = text.index(content)
    lo, hi = trim_frame_words(doc, text, start, start + len(content))
    assert text[lo:hi] == want
