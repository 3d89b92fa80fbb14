"""The line features' fast patterns (issue 12 item 7) find what the plain forms they replace
find: each plain form is written out here and compared on lines written by us and on random
strings over the characters that matter, and a few values are worked out by hand."""

from __future__ import annotations

import math
import re

from hypothesis import given
from hypothesis import strategies as st

from dateline.extract import line_patterns as P
from dateline.extract import line_phrases
from dateline.extract.lines import FEATURE_NAMES, Line, line_features, phrase_hits

# the patterns as they were written before they were made fast
PLAIN_DATEISH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\b\d{1,2}\s+(?:jan|feb|"
    r"mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b\d{4}-\d\d-\d\d|\b\d{1,2}[:.]\d\d\s*(?:am|pm)?",
    re.IGNORECASE)
PLAIN_AGO = re.compile(r"\b\d+\s*(?:sec|second|min|minute|hr|hour|day|week|month|year)s?\s+ago\b",
                       re.IGNORECASE)
PLAIN_SENTENCE_BREAK = re.compile(
    r"[.!?][\"'\u201d\u2019)]*\s+[\"'\u201c\u2018(]?[A-Z]|[\u3002\uff01\uff1f\u17d4\u104b](?=.)"
    r"|(?<=[\u0e01-\u0eff]) (?=[\u0e01-\u0eff])")

LINES = [
    "Published 12 Jan 2024", "Jan. 5, 2024", "x12 jan", "On 1999-01-01 the", "a1999-01-01",
    "Updated 10:30am", "at 7.45 pm", "Sept 3", "SEPTEMBER 30", "decade 5", "\u017fep 5",
    "Posted 5 mins ago", "5mins ago", "x5 mins ago", "2 Hours Ago", "15 years agony",
    "Hello. World", "Wait!  \"The end", "The end.", "\u0e17\u0e14 \u0e2a\u0e2d\u0e1a", "\u3002a",
    "iPhoneXsMax", "aBcDe", "Top storiesUkraine says", "ALL CAPS LINE", "caf\u00e9Bar",
]
DATE_CHARS = "janfebmrpyulgsoctvdJANFEBSEP .:-0123456789\u017f\u212a\u0131\u00e9x_"
BREAK_CHARS = ".!? \"'\u201d\u2019)\u201c\u2018(Ab\u3002\uff01\u17d4\u104b\u0e01\u0e20x"
GLUE_CHARS = "aBcD\u00e9)?!'\u2019xYZ 1"


def _dateish(text: str) -> bool:
    return bool(P.DATE_FROM_DIGIT.search(text)
                or P.DAY_AFTER_MONTH_REVERSED.search(text[::-1]))


def _glued(text: str) -> int:
    return len(P.GLUED.findall(text)) if P.GLUED_CAPITAL.search(text) else 0


def test_fast_patterns_on_written_lines() -> None:
    for text in LINES:
        assert _dateish(text) == bool(PLAIN_DATEISH.search(text)), text
        assert bool(P.AGO.search(text)) == bool(PLAIN_AGO.search(text)), text
        assert P.SENTENCE_BREAK.findall(text) == PLAIN_SENTENCE_BREAK.findall(text), text
        assert _glued(text) == len(P.GLUED.findall(text)), text
        if text.isascii():
            assert P.ASCII_WORD.findall(text) == P.WORD.findall(text), text


@given(st.text(alphabet=DATE_CHARS, max_size=30))
def test_dateish_and_ago_as_plain(text: str) -> None:
    assert _dateish(text) == bool(PLAIN_DATEISH.search(text))
    assert bool(P.AGO.search(text)) == bool(PLAIN_AGO.search(text))


@given(st.text(alphabet=BREAK_CHARS, max_size=30))
def test_sentence_break_as_plain(text: str) -> None:
    assert P.SENTENCE_BREAK.findall(text) == PLAIN_SENTENCE_BREAK.findall(text)


@given(st.text(alphabet=GLUE_CHARS, max_size=30))
def test_glued_as_plain(text: str) -> None:
    assert _glued(text) == len(P.GLUED.findall(text))


def test_values_by_hand() -> None:
    X = line_features([Line(t, i, True, True) for i, t in enumerate(
        ["Jan. 5, 2024", "Sept 3", "aBcDe", "Hello. World! Bye. Now", "Posted 5 mins ago"])])
    col = {name: X[:, i].tolist() for i, name in enumerate(FEATURE_NAMES)}
    assert col["dateish"] == [1.0, 1.0, 0.0, 0.0, 0.0]
    # "aBcDe": "aBc" is glued; "cDe" overlaps it and is not counted again
    assert col["glued"] == [0.0, 0.0, 1.0, 0.0, 0.0]
    assert col["ago"] == [0.0, 0.0, 0.0, 0.0, 1.0]
    assert col["log_sentences"][3] == math.log1p(3)
    # "Jan. 5, 2024": words Jan, 5, 2024; one starts with a capital
    assert col["title_ratio"][0] == 1 / 3


def test_phrase_hits_kept_by_the_features_equal_a_fresh_look_up() -> None:
    text = "Sign up for our newsletter"
    line_phrases._HITS.pop(text, None)
    line_features([Line(text, 0, True, True)])
    kept = line_phrases._HITS[text]  # filled by the features from the words they split
    line_phrases._HITS.pop(text)
    assert phrase_hits(text) == kept
    assert kept  # the line holds a chrome phrase


def _credit_by_pattern(text: str) -> tuple[str, str] | None:
    from dateline.extract.text import _CREDIT_TAIL

    match = _CREDIT_TAIL.match(text)
    return (match.group("caption"), match.group("credit")) if match else None


@given(st.text(alphabet="ab ()\n\t\u00a0", max_size=25))
def test_credit_tail_as_its_pattern(text: str) -> None:
    from dateline.extract.text import _credit_tail

    assert _credit_tail(text + ")") == _credit_by_pattern(text + ")")


def test_credit_tail_by_hand() -> None:
    from dateline.extract.text import _credit_tail

    assert _credit_tail("Crowds at the pier (Photo: A. Writer)") == (
        "Crowds at the pier", "Photo: A. Writer")
    assert _credit_tail("Crowds (at) the pier (AP)") == ("Crowds (at) the pier", "AP")
    assert _credit_tail("(AP)") is None  # no caption before the credit
    assert _credit_tail("Crowds ()") is None
    assert _credit_tail("Crowds (" + "x" * 81 + ")") is None


@given(st.lists(st.sampled_from(["photo", "PHOTOS", "Image", "credit", "picture", "s", ":", " ",
                                 "|", ".", "x", "\u017f", "\u0130", "\n"]), max_size=12))
def test_credit_label_found_as_by_its_pattern(parts: list[str]) -> None:
    from dateline.extract.text import _CREDIT_LABEL, _credit, _credit_words

    text = "".join(parts) + ": Staff/AP"  # a credit the words check accepts
    assert _credit_words()  # the data file is there
    match = _CREDIT_LABEL.match(text)
    expected = (match.group("caption").strip(), match.group("credit").strip()) if match else None
    assert _credit(text) == expected


PLAIN_SENT_END = re.compile(
    r"[.!?\u2026\u3002\uff01\uff1f\u17d4\u104b][\"'\u201d\u2019)\]\u300d\u300f]*$")


@given(st.text(alphabet=".!?\u2026\u3002\"')]\u201d\u2019\u300d\u300fab \n", max_size=15))
def test_sentence_end_as_plain(text: str) -> None:
    assert P.ends_sentence(text) == bool(PLAIN_SENT_END.search(text))


@given(st.text(alphabet=".!? \"')(AbZ\t1", max_size=30))
def test_ascii_sentence_break_as_plain(text: str) -> None:
    assert P.ASCII_SENTENCE_BREAK.findall(text) == PLAIN_SENTENCE_BREAK.findall(text)


def test_sentence_end_by_hand() -> None:
    assert P.ends_sentence("He left.\u201d")
    assert P.ends_sentence("Done!\n")  # $ matches before a final newline
    assert not P.ends_sentence("Done!\n\n")
    assert not P.ends_sentence("Read more")
    assert not P.ends_sentence("")


def test_ago_in_any_case() -> None:
    X = line_features([Line(t, i, True, True) for i, t in enumerate(
        ["Posted 5 MINS AGO", "5 Hours Ago", "5 mins a go", "Copyright 2024 Example Co."])])
    col = {name: X[:, i].tolist() for i, name in enumerate(FEATURE_NAMES)}
    assert col["ago"] == [1.0, 1.0, 0.0, 0.0]
    assert col["copyright"] == [0.0, 0.0, 0.0, 1.0]


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_words_of_ascii_lines_without_joiners_by_translate(text: str) -> None:
    text = text.replace("'", " ").replace("-", " ")
    assert text.translate(P.ALNUM_RUNS).split() == P.ASCII_WORD.findall(text) \
        == P.WORD.findall(text)


@given(st.lists(st.sampled_from(["1", "12", ":", "00", " ", "a", "_", "Updated", "POSTED",
                                 "published", "\n", "\u0661"]), max_size=10))
def test_stamp_patterns_as_the_plain_one(parts: list[str]) -> None:
    from dateline.extract.text import _STAMP_LABEL, _STAMP_TIME

    text = "".join(parts)
    plain = re.compile(r"\b\d{1,2}:\d\d\b|^(?:updated|published|posted)\b", re.IGNORECASE)
    assert bool(_STAMP_TIME.search(text) or _STAMP_LABEL.match(text)) == bool(plain.search(text))
