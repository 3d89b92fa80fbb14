"""Binary gradient-boosted trees evaluated with numpy: the line model's two passes
(:mod:`dateline.extract.boilerplate`), read from the flat arrays that
``scripts/train_line_model.py`` exports from scikit-learn's HistGradientBoostingClassifier.
scikit-learn is never imported here."""

from __future__ import annotations

from typing import Any

import numpy as np

#: Rows of a page the trees are run on at once, so that the node arrays stay in the CPU cache:
#: run in one go, a generated 1 MB scrape took 1.70 CPU-s a MB against 1.06 for a 0.1 MB one
#: (bench/text_scaling.py); in chunks 0.93 and 0.98. 256 to 512 rows were fastest on the scrapes.
ROWS_AT_ONCE = 512


class TreeEnsemble:
    """Binary gradient-boosted trees in flat arrays (``T`` trees padded to ``M`` nodes).

    ``predict_proba(X)`` returns the probability of the positive class (body) for each row of the
    float matrix ``X``. Leaves point to themselves, so ``depth`` rounds reach every leaf.
    A row goes left when ``x <= threshold``, as in scikit-learn's HistGradientBoosting
    predictors (``"float32": true`` in the spec first rounds ``X`` to float32, as its
    DecisionTree models do).
    """

    def __init__(self, spec: dict) -> None:
        self.init = float(spec["init"])
        self.rate = float(spec["learning_rate"])
        self.depth = int(spec["depth"])
        self.float32 = bool(spec.get("float32", False))
        feature = np.asarray(spec["feature"], dtype=np.intp)
        threshold = np.asarray(spec["threshold"], dtype=np.float64)
        left = np.asarray(spec["left"], dtype=np.intp)
        right = np.asarray(spec["right"], dtype=np.intp)
        value = np.asarray(spec["value"], dtype=np.float64)
        # Re-lay every tree breadth-first so that a node's two children sit side by side: one
        # round is then ``node = child[node] + (x > threshold[node])``. Leaves point to
        # themselves with an infinite threshold.
        flat_child: list[int] = []
        flat_feature: list[int] = []
        flat_threshold: list[float] = []
        flat_value: list[float] = []
        roots: list[int] = []
        for t in range(feature.shape[0]):
            base = len(flat_child)
            roots.append(base)
            order, new_id = [0], {0: base}
            slots: list[Any] = [None]  # (child, feature, threshold, value) of each new node
            k = 0
            while k < len(order):
                old = order[k]
                if left[t, old] == old:  # leaf
                    slots[k] = (new_id[old], 0, np.inf, value[t, old])
                else:
                    first = base + len(order)
                    for child in (left[t, old], right[t, old]):
                        new_id[child] = base + len(order)
                        order.append(child)
                        slots.append(None)
                    slots[k] = (first, feature[t, old], threshold[t, old], 0.0)
                k += 1
            for child_id, feat, thr, val in slots:
                flat_child.append(child_id)
                flat_feature.append(feat)
                flat_threshold.append(thr)
                flat_value.append(val)
        self.child = np.asarray(flat_child, dtype=np.intp)
        self.feature = np.asarray(flat_feature, dtype=np.intp)
        self.threshold = np.asarray(flat_threshold, dtype=np.float64)
        self.value = np.asarray(flat_value, dtype=np.float64)
        self.roots = np.asarray(roots, dtype=np.intp)
        self._root_child = self.child[self.roots]
        self._root_feature = self.feature[self.roots]
        self._root_threshold = self.threshold[self.roots]
        self._feature_end = int(self.feature.max()) + 1

    def decision(self, X: np.ndarray) -> np.ndarray:
        """Return the raw log-odds for each row of ``X``, ``ROWS_AT_ONCE`` rows at a time (the
        ``(rows, trees)`` node arrays of a 100,000-line page would not fit in any cache)."""
        return self.decision_t(np.asarray(X, dtype=np.float64).T)

    def decision_t(self, x_t: np.ndarray) -> np.ndarray:
        """:meth:`decision` of the transposed matrix ``x_t`` (features, rows): the trees read
        each feature as one row, so a C-ordered ``x_t`` (the transpose of
        :func:`dateline.extract.lines.line_features`'s matrix) is read without a copy."""
        if self.float32:
            x_t = x_t.astype(np.float32).astype(np.float64)
        n = x_t.shape[1]
        if n <= ROWS_AT_ONCE:
            return self._decision(np.ascontiguousarray(x_t, dtype=np.float64))
        return np.concatenate([
            self._decision(np.ascontiguousarray(x_t[:, i:i + ROWS_AT_ONCE], dtype=np.float64))
            for i in range(0, n, ROWS_AT_ONCE)])

    def _decision(self, x_t: np.ndarray) -> np.ndarray:
        # Tree-major: the node arrays are (trees, rows), so that each row of them walks one
        # tree's nodes (a few cache lines) and reads x_t, C-ordered (features, rows); 5-10%
        # faster than (rows, trees). The leaf values are summed per row in the (rows, trees)
        # order, as ever: the same sums to the last bit.
        # Every index below is in range by construction (node ids from __init__, features
        # checked against x_t's height here), so take() may skip its range check: mode="clip"
        # (which then never clips) is 8% faster than the default "raise".
        width, n = x_t.shape
        if self._feature_end > width:
            raise ValueError(f"the trees read feature {self._feature_end - 1}; X has {width}")
        at_feature = self.feature * n  # where each node's feature starts in x_t, flat
        rows = np.arange(n, dtype=np.intp)
        # the first round starts every row at the roots: their features and thresholds at once
        node = self._root_child[:, None] + (x_t[self._root_feature]
                                            > self._root_threshold[:, None])
        x_t = x_t.ravel()
        for _ in range(self.depth - 1):
            go_right = x_t.take(at_feature.take(node, mode="clip") + rows, mode="clip") \
                > self.threshold.take(node, mode="clip")
            node = self.child.take(node, mode="clip") + go_right
        leaves = np.ascontiguousarray(self.value.take(node, mode="clip").T)
        return self.init + self.rate * leaves.sum(axis=1)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Return P(body) for each row of ``X``."""
        return 1.0 / (1.0 + np.exp(-self.decision(X)))

    def predict_proba_t(self, x_t: np.ndarray) -> np.ndarray:
        """:meth:`predict_proba` of the transposed matrix ``x_t`` (see :meth:`decision_t`)."""
        return 1.0 / (1.0 + np.exp(-self.decision_t(x_t)))
