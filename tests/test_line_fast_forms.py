"""The faster forms of the line model's inputs give the values worked out by hand (issue 12 item
7): ASCII words and the capitals that open them found without a str pass a word, the feature
matrix built as rows (its transpose returned), the second pass's stacking written as rows, and
the trees reading that matrix as it is. Lines written by us."""

from __future__ import annotations

import math

import numpy as np

from dateline.extract import boilerplate
from dateline.extract.line_context import CONTEXT_FEATURES, context_features
from dateline.extract.line_patterns import ASCII_LOWER_RUNS, ASCII_WORD, ASCII_WORD_CAPITAL
from dateline.extract.lines import FEATURE_NAMES, Line, line_features, split_lines


def _capitals(text: str) -> int:
    return len(ASCII_WORD_CAPITAL.findall(text))


def test_capitals_that_open_a_word() -> None:
    # words: O'Neil, met, McDonald, in, New-York: three open with a capital (O, M, N); the N
    # after the apostrophe, the D inside McDonald and the Y after the hyphen open none
    assert _capitals("O'Neil met McDonald in New-York") == 3
    assert _capitals("'Tis the season") == 1  # the apostrophe joins nothing before it
    assert _capitals("A--B") == 2  # two hyphens join nothing: the words A and B
    assert _capitals("no capitals here") == 0
    for text in ("O'Neil met McDonald in New-York", "'Tis the season", "A--B", "x-Y z'W 9A"):
        words = ASCII_WORD.findall(text)
        assert _capitals(text) == sum(w[0].isupper() for w in words)


def test_ascii_words_lower_cased_by_bytes() -> None:
    raw = "Hello, World_2 x".encode("ascii")  # the underscore is no letter or digit
    assert raw.translate(ASCII_LOWER_RUNS).decode("ascii").split() == ["hello", "world", "2",
                                                                       "x"]


def test_title_ratio_and_word_length_of_ascii_lines() -> None:
    X = line_features([Line("Breaking News from the City", 0, True, True),
                       Line("O'Neil met McDonald", 1, True, True)])
    row = dict(zip(FEATURE_NAMES, X[0].tolist(), strict=True))
    assert row["title_ratio"] == 3 / 5  # Breaking, News, City of five words
    assert row["mean_word_len"] == 23 / 5  # 23 letters in five words
    row = dict(zip(FEATURE_NAMES, X[1].tolist(), strict=True))
    assert row["title_ratio"] == 2 / 3  # O'Neil, McDonald of three words
    assert row["mean_word_len"] == 17 / 3  # "O'Neil" is six characters, the apostrophe too


def test_feature_matrix_is_a_transposed_row_array_with_page_edges_at_minus_one() -> None:
    lines = split_lines("Home\n\nThe council met on Monday to agree the budget.\n")
    X = line_features(lines)
    assert X.shape == (2, len(FEATURE_NAMES))
    assert X.T.flags.c_contiguous  # each feature one contiguous row
    row0 = dict(zip(FEATURE_NAMES, X[0].tolist(), strict=True))
    row1 = dict(zip(FEATURE_NAMES, X[1].tolist(), strict=True))
    assert row0["log_words@-1"] == -1.0 and row0["log_words@-2"] == -1.0
    assert row0["log_words@+1"] == math.log1p(9)
    assert row0["log_words@+2"] == -1.0
    assert row1["log_words@-1"] == math.log1p(1)
    assert row1["log_words@+1"] == -1.0
    assert row0["blank_after"] == 1.0 and row1["blank_before"] == 1.0


def test_stacking_written_as_rows_by_hand() -> None:
    p = np.array([0.2, 0.6, 0.9])
    X = np.array([[1.0], [2.0], [3.0]])
    F = boilerplate.stack_features(X, p)
    # p, then the lines at -3, -2, -1, +1, +2, +3 (0 past the page edge)
    assert F[:, 0].tolist() == [0.2, 0.6, 0.9]
    assert F[:, 3].tolist() == [0.0, 0.2, 0.6]
    assert F[:, 4].tolist() == [0.6, 0.9, 0.0]
    assert F[:, 1].tolist() == [0.0, 0.0, 0.0]
    # the largest before and after the line, then X
    assert F[:, 11].tolist() == [0.0, 0.2, 0.6]
    assert F[:, 12].tolist() == [0.9, 0.9, 0.0]
    assert F[:, -1].tolist() == [1.0, 2.0, 3.0]
    assert np.array_equal(boilerplate.stack_features_t(X.T, p), F.T)


def test_body_probabilities_equal_the_untransposed_passes() -> None:
    lines = split_lines("Home | News | Sport\n\nThe council met on Monday to agree the budget "
                        "for the next year, its leader said.\n\nShare this article\n")
    X = line_features(lines)
    model = boilerplate._model()
    assert model is not None
    first, second, _, columns, page = model
    X1 = np.ascontiguousarray(X[:, columns])  # C order, as the passes read it before
    expected = second.predict_proba(boilerplate.stack_features(X1, first.predict_proba(X1),
                                                               page))
    assert np.array_equal(boilerplate.body_probabilities(lines, X), expected)


def test_context_rows_by_hand() -> None:
    texts = ["The end of it", "and more here."]
    chars = np.array([13.0, 14.0])
    F = context_features(texts, chars, np.array([False, False]), np.array([False, False]),
                         np.array([False, False]), np.zeros(2), np.array([0.0, 1.0]),
                         np.array([4.0, 3.0]), np.zeros(2))
    col = {name: F[:, i].tolist() for i, name in enumerate(CONTEXT_FEATURES)}
    assert col["starts_lower"] == [0.0, 1.0]
    assert col["continues"] == [0.0, 1.0]  # after a line that ends no sentence
    assert col["punct_ratio"] == [0.0, 1 / 14]


def test_words_of_an_ascii_line_with_joiners() -> None:
    text = "Don't re-open the Mayor's well-known case --now"
    # words: don't, re-open, the, mayor's, well-known, case, now (the two hyphens join nothing)
    words = ["don't", "re-open", "the", "mayor's", "well-known", "case", "now"]
    assert [w.lower() for w in ASCII_WORD.findall(text)] == words
    row = dict(zip(FEATURE_NAMES, line_features([Line(text, 0, True, True)])[0].tolist(),
                   strict=True))
    assert row["log_words"] == math.log1p(7)
    assert row["mean_word_len"] == 39 / 7
    assert row["title_ratio"] == 2 / 7  # Don't, Mayor's
