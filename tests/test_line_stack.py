"""Page-level second-pass features of the line model (boilerplate.page_stack_features).

Probabilities written by hand; every expected value is worked out by hand.
"""

from __future__ import annotations

import numpy as np
import pytest

from dateline.extract.boilerplate import (
    PAGE_STACK_FEATURES,
    STACK_OFFSETS,
    page_stack_features,
    stack_features,
)


def test_page_stack_features_by_hand() -> None:
    p = np.array([0.9, 0.8, 0.1, 0.7, 0.2])
    F = page_stack_features(p)
    col = {name: F[:, k].tolist() for k, name in enumerate(PAGE_STACK_FEATURES)}
    assert col["p_page_mean"] == pytest.approx([0.54] * 5)
    assert col["p_page_high"] == pytest.approx([0.6] * 5)
    assert col["p_minus_mean"] == pytest.approx([0.36, 0.26, -0.44, 0.16, -0.34])
    # runs of likely-body lines: lines 0-1 (2 lines), line 3 (1 line)
    assert np.expm1(col["log_high_run"]).round().tolist() == [2, 2, 0, 1, 0]
    assert col["p_high_before"] == pytest.approx([0, 1 / 3, 2 / 3, 2 / 3, 1])
    assert col["p_high_after"] == pytest.approx([2 / 3, 1 / 3, 1 / 3, 0, 0])


def test_stack_features_add_the_page_block_only_when_asked() -> None:
    X = np.zeros((5, 2))
    p = np.array([0.9, 0.8, 0.1, 0.7, 0.2])
    plain = stack_features(X, p)
    paged = stack_features(X, p, page=True)
    # p, its neighbours, 2 window means, 2 local maxima, 2 running maxima, then X
    assert plain.shape == (5, 1 + len(STACK_OFFSETS) + 6 + 2)
    assert paged.shape == (5, plain.shape[1] + len(PAGE_STACK_FEATURES))
    assert stack_features(np.zeros((0, 2)), np.zeros(0), page=True).shape == (0, paged.shape[1])


def test_a_page_with_no_likely_body_line() -> None:
    F = page_stack_features(np.array([0.1, 0.2]))
    assert F[:, PAGE_STACK_FEATURES.index("log_high_run")].tolist() == [0.0, 0.0]
    assert F[:, PAGE_STACK_FEATURES.index("p_high_after")].tolist() == [0.0, 0.0]
