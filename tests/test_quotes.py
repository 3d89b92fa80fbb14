"""Quotations and their speakers on small pages we wrote (issue 3, item 3), one case each.

These test the rule system (``attribution = "rules"``), which stays available beside the trained
model; tests/test_quote_cases.py and tests/test_quotes_seed.py test the default, the model.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.model import Article, Source
from dateline.understand.entities import find_entities
from dateline.understand.nlp import load_nlp
from dateline.understand.parsed import ParsedArticle, article_parts
from dateline.understand.quotemarks import find_quoted
from dateline.understand.quotes import find_quotes, quotes_in_doc


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def quotes_of(nlp, paragraphs, headline=None):
    article = Article(id="t", source=Source(uri="t", format="text", sha256="t"),
                      headline=headline, paragraphs=paragraphs)
    parts = article_parts(article)
    docs = nlp.pipe([text for _, text in parts])
    parsed = ParsedArticle(article, {key: doc for (key, _), doc in zip(parts, docs, strict=True)})
    return find_quotes(parsed, find_entities(parsed), "rules")


def only(quotes, text):
    """The one quote whose text is ``text``."""
    found = [q for q in quotes if q.text == text]
    assert len(found) == 1, [(q.kind, q.text) for q in quotes]
    return found[0]


# ---- quotation marks -------------------------------------------------------------------------

def test_marks_pair_curly_and_straight():
    [[a, b], [c]] = find_quoted(["“We will win,” she said. “It is time.”", 'He said "no".'])
    assert (a.start, a.end, a.open, a.close) == (1, 13, 0, 13)
    assert (b.start, b.end) == (26, 37)
    assert (c.start, c.end, c.open, c.close) == (9, 11, 8, 11)


def test_apostrophes_are_not_quotation_marks():
    text = "Russia’s leader said the ’90s don’t matter to O’Brien's team or the players’ union."
    assert find_quoted([text]) == [[]]


def test_single_marks_quote_only_when_closed():
    [[q], []] = find_quoted(["Smith calls plan ‘a disaster’ in letter", "the ‘90s and ‘rock"])
    assert (q.start, q.end, q.single) == (18, 28, True)


def test_doubled_single_marks_are_double_marks():
    [[q]] = find_quoted(["''We will win,'' he said."])
    assert (q.start, q.end) == (2, 14)


def test_unbalanced_mark_closes_at_paragraph_end():
    [[a], [b]] = find_quoted(["He said “this never closes.", "Later “a quote,” Jones said."])
    assert (a.start, a.end, a.closed, a.continues) == (9, 27, False, False)
    assert (b.start, b.end, b.closed, b.continued) == (7, 15, True, False)


def test_quote_continues_into_next_paragraph_that_opens_with_a_mark():
    [[a], [b], [c]] = find_quoted(["“First part.", "“Second part.", "“Third part,” he said."])
    assert a.continues and not a.closed
    assert b.continued and b.continues
    assert c.continued and c.closed and not c.continues


@given(st.lists(st.text(alphabet="ab “”‘’\"' .,\n", max_size=40), max_size=4))
def test_find_quoted_spans_stay_inside_their_strings(paragraphs):
    result = find_quoted(paragraphs)
    assert len(result) == len(paragraphs)
    for text, stretches in zip(paragraphs, result, strict=True):
        for q in stretches:
            assert 0 <= q.start <= q.end <= len(text)


# ---- direct quotes and speakers --------------------------------------------------------------

def test_direct_quote_speaker_after(nlp):
    q = only(quotes_of(nlp, ["“The budget is balanced,” Angela Merkel said on Monday."]),
             "The budget is balanced")
    assert q.kind == "direct" and q.cue == "said"
    assert q.speaker.name == "Angela Merkel" and q.speaker.entity is not None
    assert (q.span.part, q.span.index, q.span.start, q.span.end) == ("body", 0, 1, 23)


def test_direct_quote_speaker_before_with_colon(nlp):
    q = only(quotes_of(nlp, ["Angela Merkel said: “The budget is balanced.”"]),
             "The budget is balanced.")
    assert q.kind == "direct" and q.speaker.name == "Angela Merkel" and q.cue == "said"


def test_inverted_order(nlp):
    quotes = quotes_of(nlp, ["“This is our third meeting,” said Merkel in Berlin.",
                             "“It is simply wrong to go,” writes Novak."])
    assert only(quotes, "This is our third meeting").speaker.name == "Merkel"
    q = only(quotes, "It is simply wrong to go")
    assert q.speaker.name == "Novak" and q.cue == "writes"


def test_straight_marks(nlp):
    q = only(quotes_of(nlp, ['"The budget is balanced," Angela Merkel said.']),
             "The budget is balanced")
    assert q.speaker.name == "Angela Merkel"


def test_clause_between_speaker_and_cue(nlp):
    q = only(quotes_of(nlp, ["“The plan is dead,” Anna Kovacs, a member of the city council, "
                             "said."]), "The plan is dead")
    assert q.speaker.name == "Anna Kovacs"
    assert q.speaker.mention.text == "Anna Kovacs, a member of the city council"


def test_pronoun_speaker_resolves_to_nearest_person(nlp):
    quotes = quotes_of(nlp, [
        "Angela Merkel met the President of France, Emmanuel Macron, in Paris.",
        "Macron described a new plan for the European Union.",
        "“Let us imagine a union of equals,” he said.",
    ])
    q = only(quotes, "Let us imagine a union of equals")
    assert q.speaker.mention.text == "he"
    assert q.speaker.name == "Emmanuel Macron"


def test_pronoun_it_resolves_to_organisation(nlp):
    quotes = quotes_of(nlp, ["Microsoft bought the company last year.",
                             "“The deal is good for customers,” it said in a statement."])
    q = only(quotes, "The deal is good for customers")
    assert q.speaker.name == "Microsoft" and q.medium == "in a statement"


def test_quote_over_several_paragraphs_keeps_its_speaker(nlp):
    quotes = quotes_of(nlp, ["“We will win,” Angela Merkel said. “We have the votes.",
                             "“And we have the money.”"])
    q = only(quotes, "And we have the money.")
    assert q.speaker.name == "Angela Merkel" and q.cue is None
    assert only(quotes, "We have the votes.").speaker.name == "Angela Merkel"


def test_paragraph_initial_quote_after_a_quote_by_the_same_speaker(nlp):
    quotes = quotes_of(nlp, ["“This is our third meeting,” said Merkel in Berlin.",
                             "“That is a rarity in Europe.”"])
    q = only(quotes, "That is a rarity in Europe.")
    assert q.speaker.name == "Merkel" and q.kind == "direct"


def test_unbalanced_mark_does_not_swallow_the_article(nlp):
    quotes = quotes_of(nlp, [
        "“Unity demands that the mayor cancel his visit to Rome and make it clear: we stay! "
        "Anna Kovacs, who is running for mayor, wrote on Twitter.",
        "“The vote is on Sunday,” Peter Novak said.",
    ])
    q = only(quotes, "Unity demands that the mayor cancel his visit to Rome and make it clear: "
                     "we stay!")
    assert q.speaker.name == "Anna Kovacs" and q.medium == "on Twitter" and q.cue == "wrote"
    assert only(quotes, "The vote is on Sunday").speaker.name == "Peter Novak"


def test_scare_quotes_without_speaker_are_not_quotations(nlp):
    quotes = quotes_of(nlp, ["For years the “eastern opening” strategy has shaped policy."])
    assert quotes == []


# ---- partial, indirect, mixed ----------------------------------------------------------------

def test_partial_quote_in_reported_speech(nlp):
    quotes = quotes_of(nlp, [
        "The mayor faced criticism, with the opposition candidate Anna Kovacs calling him out "
        "for betraying “the interests of the town and its people”."])
    q = only(quotes, "the interests of the town and its people")
    assert q.kind == "partial" and q.speaker.name == "Anna Kovacs" and q.cue == "calling"


def test_indirect_said_that(nlp):
    q = only(quotes_of(nlp, ["Angela Merkel said that the budget was balanced."]),
             "that the budget was balanced")
    assert q.kind == "indirect" and q.speaker.name == "Angela Merkel" and q.cue == "said"


def test_indirect_according_to(nlp):
    q = only(quotes_of(nlp, ["According to Angela Merkel, the budget is balanced."]),
             "the budget is balanced")
    assert q.kind == "indirect" and q.speaker.name == "Angela Merkel"
    assert q.cue == "According to"


def test_indirect_accused_of_and_denied(nlp):
    quotes = quotes_of(nlp, [
        "The city's opposition alliance has publicly accused the mayor of hiding the report.",
        "Microsoft has denied it plans to close the factory."])
    q = only(quotes, "the mayor of hiding the report")
    assert q.kind == "indirect" and q.cue == "accused"
    assert q.speaker.mention.text == "The city's opposition alliance"
    q = only(quotes, "it plans to close the factory")
    assert q.cue == "denied" and q.speaker.name == "Microsoft"


def test_indirect_inverted_sources_said(nlp):
    q = only(quotes_of(nlp, ["The plan was dropped in March, two officials said."]),
             "The plan was dropped in March")
    assert q.kind == "indirect" and q.speaker.mention.text == "two officials"


def test_mixed_quote_and_its_partial(nlp):
    quotes = quotes_of(nlp, ["Jens Stoltenberg said he had a “good call” with the mayor."])
    mixed = only(quotes, "he had a “good call” with the mayor")
    assert mixed.kind == "mixed" and mixed.speaker.name == "Jens Stoltenberg"
    partial = only(quotes, "good call")
    assert partial.kind == "partial" and partial.speaker.name == "Jens Stoltenberg"


# ---- headline and medium ---------------------------------------------------------------------

def test_headline_says_pattern_and_quoted_fragment(nlp):
    quotes = quotes_of(nlp, ["Angela Merkel spoke in Berlin."],
                       headline="Merkel says the budget is balanced")
    q = only(quotes, "the budget is balanced")
    assert q.span.part == "headline" and q.speaker.name == "Angela Merkel"
    quotes = quotes_of(nlp, ["Angela Merkel spoke in Berlin."],
                       headline="Merkel calls the plan ‘a disaster for Europe’")
    q = only(quotes, "a disaster for Europe")
    assert q.span.part == "headline" and q.speaker.name == "Angela Merkel"


@pytest.mark.parametrize("sentence, medium", [
    ("“We are ready,” Angela Merkel said at a news conference with the French leader.",
     "at a news conference"),
    ("“We are ready,” Angela Merkel told reporters.", "told reporters"),
    ("“We are ready,” Angela Merkel said in an interview with the BBC.",
     "in an interview with the BBC"),
    ("“We are ready,” Angela Merkel wrote on Twitter.", "on Twitter"),
    # the child of the cue that comes first wins; a time phrase is no medium
    ("“We are ready,” Angela Merkel told reporters at a news conference.", "told reporters"),
    ("“We are ready,” Angela Merkel said on Monday in a statement.", "in a statement"),
])
def test_medium(nlp, sentence, medium):
    q = only(quotes_of(nlp, [sentence]), "We are ready")
    assert q.medium == medium and q.speaker.name == "Angela Merkel"


def test_quotes_in_doc_for_the_spacy_component(nlp):
    doc = nlp("“We are ready,” Angela Merkel said.")
    [q] = quotes_in_doc(doc, "rules")
    assert (q.text, q.speaker.name, q.span.part, q.span.index) == (
        "We are ready", "Angela Merkel", "body", 0)


def test_name_colon_pattern_in_headline(nlp):
    quotes = quotes_of(nlp, ["Angela Merkel spoke in Berlin."],
                       headline="Merkel: Europe must pay for its own defence")
    q = only(quotes, "Europe must pay for its own defence")
    assert q.span.part == "headline" and q.cue == ":" and q.speaker.name == "Angela Merkel"
    assert quotes_of(nlp, ["Update: the vote was moved to Sunday."]) == []


def test_attribution_set_off_by_commas_inside_the_sentence(nlp):
    paragraph = "Riding alone in the park at night, the officers said, can be dangerous."
    [q] = quotes_of(nlp, [paragraph])
    assert q.kind == "indirect" and q.cue == "said"
    assert q.text == "Riding alone in the park at night can be dangerous"
    assert q.speaker.mention.text == "the officers"
    assert (q.span.start, q.span.end) == (0, len(paragraph) - 1)


def test_title_case_headline(nlp):
    quotes = quotes_of(nlp, ["Morton Blackwell spoke in Dallas."],
                       headline="Conservative Leader Morton Blackwell Endorses Ted Cruz")
    q = only(quotes, "Ted Cruz")
    assert q.span.part == "headline" and q.cue == "Endorses"
    assert q.speaker.mention.text == "Conservative Leader Morton Blackwell"


def test_object_controlled_verb_is_not_the_subjects_speech(nlp):
    quotes = quotes_of(nlp, ["Angela Merkel accused the West of ignoring the security concerns."])
    assert [(q.cue, q.text) for q in quotes] == [
        ("accused", "the West of ignoring the security concerns")]


def test_an_owner_does_not_name_the_speaker(nlp):
    q = only(quotes_of(nlp, ["Germany's opposition alliance said the talks were secret."]),
             "the talks were secret")
    assert q.speaker.name == "Germany's opposition alliance" and q.speaker.entity is None


def test_paragraph_introducing_the_next_ones_quote(nlp):
    quotes = quotes_of(nlp, ["Angela Merkel told reporters in Berlin:",
                             "“We will not pay for this.”"])
    [q] = quotes
    assert (q.text, q.kind, q.cue, q.medium) == (
        "We will not pay for this.", "direct", "told", "told reporters")
    assert q.speaker.name == "Angela Merkel" and q.cue_span.index == 0 and q.span.index == 1


# ---- rules of 2026-11-29 (precision and paragraph starts) --------------------------------------

def test_a_line_break_inside_a_string_starts_a_paragraph(nlp):
    # the quote opens its line: a direct quotation, not a fragment embedded in the line before
    quotes = quotes_of(nlp, ["Ms Varga spoke to the council on Tuesday.\n“We will not close the "
                             "library,” she said. “The reading room stays open until nine.”"])
    first = only(quotes, "We will not close the library")
    assert (first.kind, first.cue, first.speaker.name) == ("direct", "said", "Varga")
    second = only(quotes, "The reading room stays open until nine.")
    assert (second.kind, second.speaker.name) == ("direct", "Varga")


def test_a_clause_only_cue_with_a_noun_object_reports_nothing(nlp):
    assert quotes_of(nlp, ["The mayor wrote a letter to the council on Friday."]) == []
    assert quotes_of(nlp, ["Senator Holm pushed his plan for the harbour again on Monday."]) == []
    quote = only(quotes_of(nlp, ["The mayor wrote that the council had misled the town."]),
                 "that the council had misled the town")
    assert (quote.kind, quote.cue, quote.speaker.mention.text) == (
        "indirect", "wrote", "The mayor")


def test_a_negated_noun_object_is_not_reported_content(nlp):
    assert quotes_of(nlp, ["The governor showed no sign of backing down from the tax plan."]) == []
    # a relative clause inside the object does not make it reported speech
    quotes = quotes_of(nlp, ["A defiant governor showed no sign of backing down from demands "
                             "that the unions have called unfair."])
    assert [q.text for q in quotes if q.cue == "showed"] == []
    quote = only(quotes_of(nlp, ["The new poll showed a tight race between the two candidates."]),
                 "a tight race between the two candidates")
    assert (quote.cue, quote.speaker.mention.text) == ("showed", "The new poll")


def test_seeing_needs_a_speaker_who_names_someone(nlp):
    text = "The council’s “open harbour” strategy has seen the town look abroad for investors."
    assert [q for q in quotes_of(nlp, [text]) if q.kind != "partial"] == []
    quote = only(quotes_of(nlp, ["Mayor Lind sees the town losing its ferry within a year."]),
                 "the town losing its ferry within a year")
    assert (quote.kind, quote.cue, quote.speaker.name) == ("indirect", "sees", "Lind")


def test_they_refers_to_a_group_not_a_single_person(nlp):
    quotes = quotes_of(nlp, [
        "“It feels like getting the town back,” said Anna Berg, a nurse.",
        "Council engineers added a guard wall that they say will stop a barge reaching the piers.",
    ])
    # "added" with a noun-phrase object is not speech: one quote, through "say"
    assert [(q.text, q.cue) for q in quotes if q.kind == "indirect"] == [
        ("that they say will stop a barge reaching the piers", "say")]
    quote = next(q for q in quotes if q.cue == "say")
    assert (quote.speaker.mention.text, quote.speaker.name) == ("they", "Council engineers")


def test_he_and_she_agree_with_the_gender_the_article_shows(nlp):
    quotes = quotes_of(nlp, [
        "Mrs Anna Berg opened the new school on Monday.",
        "The head teacher, Mr Peter Lund, thanked the builders.",
        "“It was worth the wait,” she said.",
    ])
    assert only(quotes, "It was worth the wait").speaker.name == "Anna Berg"
    quotes = quotes_of(nlp, [
        "Anna Berg said she would open the new school on Monday.",
        "Peter Lund, the head teacher, thanked the builders. He said it was worth it.",
        "“It was worth the wait,” she said.",
    ])
    assert only(quotes, "it was worth it").speaker.name == "Peter Lund"
    assert only(quotes, "It was worth the wait").speaker.name == "Anna Berg"


def test_a_clause_under_a_cue_is_not_a_quote_holding_that_cue(nlp):
    quotes = quotes_of(nlp, ["Councillor Rosa Kell, who chairs the parks committee, said the "
                             "town had learned from the floods."])
    assert [(q.text, q.cue, q.speaker.name) for q in quotes] == [
        ("the town had learned from the floods", "said", "Rosa Kell")]



def test_according_to_a_document_is_the_word_of_its_owner(nlp):
    quotes = quotes_of(nlp, ["The cafe lost 2,000 customers a year, a figure the Société des "
                             "Cafés disputed, according to the council's estimate."])
    quote = next(q for q in quotes if q.cue == "according to")
    assert (quote.speaker.name, quote.speaker.mention.text) == (
        "council", "the council's estimate")
    quote = only(quotes_of(nlp, ["About 900 boats used the harbour last year, according to "
                                 "figures from the port authority."]),
                 "About 900 boats used the harbour last year")
    assert (quote.speaker.name, quote.speaker.mention.text) == (
        "port authority", "figures from the port authority")


def test_asking_someone_to_act_is_not_a_quote(nlp):
    assert quotes_of(nlp, ["The school asked parents to collect their children early."]) == []
    quote = only(quotes_of(nlp, ["The mayor asked whether the bridge was safe."]),
                 "whether the bridge was safe")
    assert (quote.cue, quote.speaker.mention.text) == ("asked", "The mayor")
