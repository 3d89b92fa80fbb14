"""The one fold() of names, keys and search words (dateline.text_fold)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dateline.corpus.keys import entity_key, query_terms, slug
from dateline.text_fold import fold


def test_fold_makes_latin_letters_plain_ascii():
    # the corpus's old fold kept "ł" and "ø" ("ukasz" once the slug dropped them)
    assert fold("Łukasz Kowalski") == "lukasz kowalski"
    assert fold("Søren Ørsted") == "soren orsted"
    assert fold("Straße Æsir Œuvre Þór") == "strase asir ouvre tor"
    assert fold("Márton Gyöngyösi’s") == "marton gyongyosi's"
    assert fold("Marki‐Zay – x") == "marki-zay - x"


def test_fold_keeps_other_scripts_and_punctuation():
    assert fold("Путин 中国 Αθήνα") == "путин 中国 αθηνα"
    assert fold("“quoted” — and…") == "“quoted” — and."


def test_keys_and_queries_use_the_same_fold():
    assert entity_key("Łukasz Kowalski", "PERSON") == "person:lukasz-kowalski"
    assert slug("Søren") == "soren"
    assert entity_key("Orba\u0301n", "PERSON") == "person:orban"  # decomposed accent
    assert query_terms("Łukasz Søren") == [["lukasz"], ["soren"]]


@given(st.text(max_size=60))
def test_fold_keeps_every_offset(text):
    folded = fold(text)
    assert len(folded) == len(text)
    assert fold(folded) == folded
    assert folded == "".join(fold(c) for c in text)  # code point by code point
