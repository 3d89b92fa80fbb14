"""Neighbourhood and script-independent line features (dateline.extract.line_context).

Lines written by the dateline team; every expected value is worked out by hand.
"""

from __future__ import annotations

import numpy as np
import pytest

from dateline.extract.line_context import (
    CONTEXT_FEATURES,
    FAR_LINES,
    context_features,
    first_person_counts,
    punctuation_counts,
)
from dateline.extract.lines import FEATURE_NAMES, line_features, split_lines


def test_punctuation_counts_in_every_script() -> None:
    texts = ["Hello, world.", "Home Sport Weather", "港口明天重新开放。", "«Oui», dit-il !",
             "ท่าเรือเปิดแล้ว", ""]
    # ", ." / none / the ideographic full stop / « » , - ! / Thai has no marks here / empty
    assert punctuation_counts(texts).tolist() == [2.0, 0.0, 1.0, 5.0, 0.0, 0.0]


def test_punctuation_counts_outside_the_basic_plane() -> None:
    # an emoji (outside the BMP) is not punctuation and does not shift the next line
    assert punctuation_counts(["Ship \U0001F6A2 sails.", "Yes!"]).tolist() == [1.0, 1.0]


def _page(texts: list[str], prose: list[bool], end: list[float],
          dateish: list[float] | None = None) -> np.ndarray:
    n = len(texts)
    chars = np.array([len(t) for t in texts], dtype=np.float64)
    words = np.array([len(t.split()) for t in texts], dtype=np.float64)
    return context_features(texts, chars, np.array(prose), np.zeros(n, dtype=bool),
                            np.zeros(n, dtype=bool), np.zeros(n), np.array(end), words,
                            np.array(dateish if dateish is not None else [0.0] * n))


def _col(X: np.ndarray, name: str) -> list[float]:
    return X[:, CONTEXT_FEATURES.index(name)].tolist()


def test_a_paragraph_broken_across_lines_continues() -> None:
    texts = ["Menu", "The council said the bridge would", "reopen in May.", "and more"]
    X = _page(texts, [False, False, False, False], [0.0, 0.0, 1.0, 0.0])
    assert _col(X, "starts_lower") == [0.0, 0.0, 1.0, 1.0]
    # "and more" starts lower-case, but the line before it ended its sentence
    assert _col(X, "continues") == [0.0, 0.0, 1.0, 0.0]


def test_prose_position_and_distances() -> None:
    texts = ["Home", "aaaa", "bbbbbb", "News", "Share"]
    X = _page(texts, [False, True, True, False, False], [0.0] * 5)
    # prose characters: 4 then 6 (of 10)
    assert _col(X, "prose_before") == pytest.approx([0.0, 0.0, 0.4, 1.0, 1.0])
    assert np.expm1(_col(X, "log_prev_prose")).round().tolist() == [FAR_LINES, FAR_LINES, 1, 1, 2]
    assert np.expm1(_col(X, "log_next_prose")).round().tolist() == [1, 1, FAR_LINES, FAR_LINES,
                                                                    FAR_LINES]
    # within 3 lines of the first line: itself and lines 1-3 (two prose) of 7 slots
    assert _col(X, "win_prose_3")[0] == pytest.approx(2 / 7)


def test_line_features_carry_the_context_block() -> None:
    lines = split_lines("Home\n\nThe ferry will run again from Monday, the harbour authority "
                        "said on Friday, after three weeks of storms.\n\nShare")
    X = line_features(lines)
    assert X.shape == (3, len(FEATURE_NAMES))
    assert FEATURE_NAMES[-len(CONTEXT_FEATURES):] == CONTEXT_FEATURES
    start = FEATURE_NAMES.index("prose_before")
    assert X[:, start].tolist() == [0.0, 0.0, 1.0]
    # the prose line: two commas and a full stop in 100 characters
    assert X[1, FEATURE_NAMES.index("punct_ratio")] == pytest.approx(3 / len(lines[1].text))


def test_first_person_words_are_counted_per_line() -> None:
    texts = ["I think my laptop is fine, and I\u2019m keeping it.", "The minister said it.",
             "Im done. IMAX is not a word of mine", "Item: iPhone mine-shaft"]
    # I, my, I'm / none / Im, mine (IMAX, Item, iPhone and mine-shaft are other words)
    assert first_person_counts(texts).tolist() == [3.0, 0.0, 2.0, 0.0]


def test_comment_time_stamps_before_and_around() -> None:
    texts = ["Rivers had a poor night.", "November 19, 2019 at 6:34 am", "Bench him.",
             "November 19, 2019 at 6:40 am", "He is done, and that is that."]
    X = _page(texts, [False] * 5, [1.0] * 5, dateish=[0.0, 1.0, 0.0, 1.0, 0.0])
    assert np.expm1(_col(X, "log_stamps_before")).round().tolist() == [0, 0, 1, 1, 2]
    # two stamps within 6 lines of every line, 13 slots
    assert _col(X, "win_stamp_6") == pytest.approx([2 / 13] * 5)
    assert _col(X, "first_person") == [0.0] * 5


def test_case_variants_are_all_the_characters_that_match_a_letter_ignoring_case() -> None:
    import re
    import string

    from dateline.extract.line_context import CASE_VARIANTS

    any_letter = re.compile("[a-z]", re.IGNORECASE)
    for code in range(0x110000):
        c = chr(code)
        if c.isascii() or not any_letter.fullmatch(c):
            continue
        letters = [x for x in string.ascii_lowercase if re.fullmatch(x, c, re.IGNORECASE)]
        assert letters and all(c in CASE_VARIANTS.get(x, "") for x in letters), hex(code)


def _first_person_plain():
    import re

    from dateline import datafiles

    words = sorted(datafiles.words("dateline.extract", "first_person_words.txt"), key=len,
                   reverse=True)
    alternatives = "|".join(re.escape(w).replace("'", "['\u2019]") for w in words)
    return re.compile(rf"(?<![\w'\u2019-])(?:{alternatives})(?![\w'\u2019-])", re.IGNORECASE)


def test_first_person_pattern_finds_what_the_plain_one_finds() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from dateline.extract.line_context import _first_person

    plain, fast = _first_person_plain(), _first_person()

    @given(st.text(alphabet="iImM\u0130\u0131yselfnev'\u2019- \nx\u00e9_1", max_size=30))
    def same(text: str) -> None:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]

    same()
    text = "I think my view, mine: I'm sure I\u2019ve said it. Imagine me myself. MY, \u0130M"
    assert [m.group() for m in fast.finditer(text)] == [
        "I", "my", "mine", "I'm", "I\u2019ve", "me", "myself", "MY", "\u0130M"]


def test_punctuation_counts_of_ascii_pages_and_lone_surrogates() -> None:
    assert punctuation_counts(["Hi, you.", "No marks"]).tolist() == [2.0, 0.0]  # all ASCII
    assert punctuation_counts(["a\ud800b.", "\u3002!"]).tolist() == [1.0, 2.0]
