"""dateline's prediction-time LayerNorm forward (:mod:`dateline.understand.fastnorm`) against
thinc's own: the same values to the last bit."""

from __future__ import annotations

import numpy as np
import pytest
from thinc.api import LayerNorm
from thinc.layers import layernorm

from dateline.understand import fastnorm


def _model(width: int, gain: np.ndarray | None = None, shift: np.ndarray | None = None):
    model = LayerNorm(nI=width)
    model.initialize()
    if gain is not None:
        model.set_param("G", gain)
    if shift is not None:
        model.set_param("b", shift)
    return model


def test_rows_normalised_by_hand():
    """Row [1, 2, 3]: mean 2, variance 2/3 (+1e-8), so (x - 2) / sqrt(2/3) = -1.2247, 0,
    1.2247; a constant row [5, 5, 5] has no spread: zeros. Gain 2, shift 1."""
    model = _model(3, np.full(3, 2.0, np.float32), np.ones(3, np.float32))
    X = np.array([[1, 2, 3], [5, 5, 5]], np.float32)
    Y, _ = fastnorm.forward(model, X, False)
    assert Y.dtype == np.float32
    assert Y.ravel().tolist() == pytest.approx([1 - 2.4494897, 1.0, 1 + 2.4494897, 1, 1, 1])


def test_same_bits_as_thinc():
    rng = np.random.default_rng(7)
    model = _model(96, rng.normal(1, 0.2, 96).astype(np.float32),
                   rng.normal(0, 0.1, 96).astype(np.float32))
    for rows in (1, 7, 300):
        X = (rng.normal(0, 3, (rows, 96)) + rng.normal(0, 5, (rows, 1))).astype(np.float32)
        want, _ = layernorm.forward(model, X, False)
        got, _ = fastnorm.forward(model, X, False)
        assert np.array_equal(got, want)


def test_training_goes_through_thinc():
    model = _model(4)
    X = np.arange(8, dtype=np.float32).reshape(2, 4)
    Y, backprop = fastnorm.forward(model, X, True)
    assert np.array_equal(Y, layernorm.forward(model, X, True)[0])
    assert backprop(np.ones_like(Y)).shape == (2, 4)
