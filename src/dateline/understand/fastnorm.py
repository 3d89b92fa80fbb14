"""thinc's ``LayerNorm`` at prediction time without the mean worked out twice, with the same
output.

thinc's forward (``thinc.layers.layernorm.forward``) takes the row means with ``X.mean`` and the
variances with ``X.var``, which sums the rows again for its own mean and subtracts it again
before squaring; the normalised rows then subtract the mean a third time. :func:`forward` makes
``X - mean`` once and finishes the variance as numpy's ``_var`` does (the same sums of the same
squares, divided by the row width through the same ``true_divide`` call), so every value is the
one thinc computes, to the last bit. Training (``is_train``) still goes through thinc's own
forward, which keeps what its backward pass needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from spacy.language import Language
from thinc.api import Model
from thinc.layers import layernorm


def forward(model: Model, X: Any, is_train: bool) -> tuple[Any, Callable]:
    """thinc's LayerNorm forward (``model``'s ``G`` and ``b``, rows of ``X`` normalised);
    at prediction time computed once per step (see the module), in training thinc's."""
    if is_train:
        return layernorm.forward(model, X, is_train)
    mu = X.mean(axis=1, keepdims=True)
    dist = X - mu
    var = np.add.reduce(np.multiply(dist, dist), axis=1, keepdims=True)
    var = np.true_divide(var, np.intp(X.shape[1]), out=var, casting="unsafe", subok=False)
    var = var + 1e-08
    Y = dist * var ** (-1.0 / 2.0) * model.get_param("G")
    Y += model.get_param("b")
    return Y, _no_backprop


def _no_backprop(dY: Any) -> Any:
    raise NotImplementedError("dateline's LayerNorm forward is for prediction only")


def fast_layer_norms(nlp: Language) -> Language:
    """Run every thinc ``LayerNorm`` node of ``nlp``'s models through :func:`forward`. In place;
    returns ``nlp``."""
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                if node._func is layernorm.forward:
                    node._func = forward
    return nlp
