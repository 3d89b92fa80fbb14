"""The text path's faster implementations give the values worked out by hand (issue 12 item 7):
the line features counted by bytes, the tree ensemble run in row chunks, the digit pre-check of
timestamps and the early-stopping UTF-16 check of decoding. Pages and lines written by us."""

from __future__ import annotations

import math

import numpy as np

from dateline.extract import boilerplate, decode
from dateline.extract.lines import FEATURE_NAMES, Line, line_features
from dateline.extract.timestamps import find_timestamps


def _row(text: str) -> dict[str, float]:
    X = line_features([Line(text, 0, True, True)])
    return dict(zip(FEATURE_NAMES, X[0].tolist(), strict=True))


def test_ascii_line_counts_letters_digits_and_capitals() -> None:
    row = _row("ABC def 12")  # 10 characters: 6 letters (3 capitals), 2 digits, 3 words
    assert row["alpha_ratio"] == 6 / 10
    assert row["digit_ratio"] == 2 / 10
    assert row["upper_ratio"] == 3 / 6
    assert row["log_words"] == math.log1p(3)


def test_non_ascii_line_counts_the_same_way() -> None:
    row = _row("Ärger über 3 Öfen")  # 17 characters: 13 letters (2 capitals), 1 digit
    assert row["alpha_ratio"] == 13 / 17
    assert row["digit_ratio"] == 1 / 17
    assert row["upper_ratio"] == 2 / 13


def test_date_and_ago_features_need_a_digit() -> None:
    assert _row("Posted Mar 5 by the desk")["dateish"] == 1.0
    assert _row("Posted in March by the desk")["dateish"] == 0.0
    assert _row("Updated 5 minutes ago")["ago"] == 1.0
    assert _row("Updated minutes ago")["ago"] == 0.0


def test_trees_on_more_rows_than_one_chunk() -> None:
    # one stump: feature 0 <= 0.5 goes left (value -1), else right (value +2)
    spec = {"init": 0.25, "learning_rate": 1.0, "depth": 1, "feature": [[0, 0, 0]],
            "threshold": [[0.5, 0.0, 0.0]], "left": [[1, 1, 2]], "right": [[2, 1, 2]],
            "value": [[0.0, -1.0, 2.0]]}
    trees = boilerplate.TreeEnsemble(spec)
    rows = 2 * boilerplate.ROWS_AT_ONCE + 3
    X = np.zeros((rows, 2))
    X[1::2, 0] = 1.0
    expected = np.where(np.arange(rows) % 2 == 1, 2.25, -0.75)
    assert np.array_equal(trees.decision(X), expected)


def test_a_line_without_a_digit_has_no_timestamp() -> None:
    assert find_timestamps("Updated on Tuesday morning") == []
    assert find_timestamps("Published 5 March 2025 12:40 GMT") == [
        ("published", "2025-03-05T12:40:00+00:00")]


def test_running_text_share_of_a_wide_reading() -> None:
    common = "a" * 97
    assert decode._mostly_common(common + "\ue000" * 3)  # 97 of 100: just enough
    assert not decode._mostly_common(common[:-1] + "\ue000" * 4)  # 96 of 100
    assert decode._mostly_common("x")
    assert not decode._mostly_common("\ue000")


def _walk(spec: dict, row: np.ndarray) -> float:
    """The trees of ``spec`` walked one row at a time: left when x <= threshold."""
    total = 0.0
    for t in range(len(spec["feature"])):
        node = 0
        while spec["left"][t][node] != node:
            go_left = row[spec["feature"][t][node]] <= spec["threshold"][t][node]
            node = spec["left"][t][node] if go_left else spec["right"][t][node]
        total += spec["value"][t][node]
    return spec["init"] + spec["learning_rate"] * total


def test_trees_equal_a_walk_row_by_row() -> None:
    # tree 0: x0 <= 1 ? (x1 <= 0 ? 1 : 2) : 3 (leaves at depths 2, 2, 1)
    # tree 1: a stump on x1 <= 0.5: -1 or 4; tree 2: a single leaf of 0.5
    spec = {"init": 0.1, "learning_rate": 0.5, "depth": 2,
            "feature": [[0, 1, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 0, 0, 0]],
            "threshold": [[1.0, 0.0, 0.0, 0.0, 0.0], [0.5, 0, 0, 0, 0], [0, 0, 0, 0, 0]],
            "left": [[1, 3, 2, 3, 4], [1, 1, 2, 3, 4], [0, 1, 2, 3, 4]],
            "right": [[2, 4, 2, 3, 4], [2, 1, 2, 3, 4], [0, 1, 2, 3, 4]],
            "value": [[0, 0, 3.0, 1.0, 2.0], [0, -1.0, 4.0, 0, 0], [0.5, 0, 0, 0, 0]]}
    X = np.array([[0.0, 0.0], [1.0, 0.7], [1.5, -2.0], [-3.0, 0.5]])
    # row 0: 1 - 1 + 0.5; row 1: 2 + 4 + 0.5; row 2: 3 - 1 + 0.5; row 3: 2 - 1 + 0.5
    expected = [0.1 + 0.5 * 0.5, 0.1 + 0.5 * 6.5, 0.1 + 0.5 * 2.5, 0.1 + 0.5 * 1.5]
    trees = boilerplate.TreeEnsemble(spec)
    assert trees.decision(X).tolist() == expected
    rng = np.random.default_rng(7)
    R = rng.normal(size=(300, 2))
    assert trees.decision(R).tolist() == [_walk(spec, r) for r in R]


def test_trees_refuse_a_matrix_narrower_than_their_features() -> None:
    import pytest

    spec = {"init": 0.0, "learning_rate": 1.0, "depth": 1, "feature": [[2, 0, 0]],
            "threshold": [[0.5, 0.0, 0.0]], "left": [[1, 1, 2]], "right": [[2, 1, 2]],
            "value": [[0.0, -1.0, 2.0]]}
    with pytest.raises(ValueError, match="feature 2"):
        boilerplate.TreeEnsemble(spec).decision(np.zeros((3, 2)))
