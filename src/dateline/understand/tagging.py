"""Token windows and span tags of the trained attribution model (shared by training and run time).

The attribution model tags every word piece of an article's paragraphs with three BIO layers,
``source``, ``cue`` and ``content`` (PolNeAR's span types: Newell, Margolin and Ruths, LREC 2018).
This module holds what the training script (``scripts/train_attribution.py``) and the run-time
tagger (:mod:`dateline.understand.tagger`) must do identically: split paragraphs into word pieces
with character offsets, pack them into windows the encoder reads, and turn per-piece labels back
into character spans. It imports neither torch nor onnxruntime.

Offsets are code-point offsets into one paragraph string (Python ``str`` indices, end exclusive).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

#: the three tag layers, in the order of the model's output groups
LAYERS = ("source", "cue", "content")
#: labels within one layer: outside, first piece of a span, later piece of a span
OUTSIDE, BEGIN, INSIDE = 0, 1, 2
#: the encoder's special pieces (BERT uncased vocabulary of all-MiniLM-L6-v2)
CLS_ID, SEP_ID, PAD_ID = 101, 102, 0
#: longest window in word pieces, [CLS] and [SEP] included. all-MiniLM-L6-v2 reads up to 512;
#: 256 holds about 190 words (two or three news paragraphs) at a quarter of the attention cost.
MAX_PIECES = 256


@dataclass
class Piece:
    """One word piece of a paragraph: vocabulary id, paragraph number, character offsets."""

    id: int
    paragraph: int
    start: int
    end: int


@dataclass
class Window:
    """One encoder input: ``[CLS] pieces... [SEP]``, paragraphs separated by ``[SEP]``.

    ``slots[i]`` is the :class:`Piece` at input position ``i`` or ``None`` for a special piece.
    """

    slots: list[Piece | None] = field(default_factory=list)

    def ids(self) -> list[int]:
        """Return the vocabulary ids of the window, special pieces included."""
        return [CLS_ID if i == 0 else SEP_ID if p is None else p.id
                for i, p in enumerate(self.slots)]


def paragraph_pieces(tokenizer, paragraphs: Sequence[str]) -> list[list[Piece]]:
    """Split each paragraph into word pieces with a ``tokenizers.Tokenizer`` (the encoder's own,
    loaded from its ``tokenizer.json``), without special pieces. Returns one list a paragraph."""
    encodings = tokenizer.encode_batch(list(paragraphs), add_special_tokens=False)
    return [[Piece(i, n, s, e) for i, (s, e) in zip(enc.ids, enc.offsets, strict=True)]
            for n, enc in enumerate(encodings)]


def pack_windows(pieces: list[list[Piece]], max_pieces: int = MAX_PIECES) -> list[Window]:
    """Pack paragraphs, in order, into windows of at most ``max_pieces`` inputs.

    Whole paragraphs are put together while they fit (a ``[SEP]`` between two); a paragraph longer
    than a window is cut into consecutive windows of its own. Every piece is in exactly one window.
    """
    room = max_pieces - 2
    windows: list[Window] = []
    current: list[Piece | None] = []

    def flush() -> None:
        if current:
            windows.append(Window([None, *current, None]))
            current.clear()

    for para in pieces:
        if not para:
            continue
        if len(para) > room:
            flush()
            for start in range(0, len(para), room):
                windows.append(Window([None, *para[start:start + room], None]))
            continue
        needed = len(para) + (1 if current else 0)
        if len(current) + needed > room:
            flush()
            needed = len(para)
        if current:
            current.append(None)
        current.extend(para)
    flush()
    return windows


def batch_arrays(windows: Sequence[Window]) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(input_ids, attention_mask)``, int64 arrays of shape (windows, longest window),
    padded with ``PAD_ID``/0."""
    width = max(len(w.slots) for w in windows)
    ids = np.full((len(windows), width), PAD_ID, dtype=np.int64)
    mask = np.zeros((len(windows), width), dtype=np.int64)
    for row, window in enumerate(windows):
        seq = window.ids()
        ids[row, :len(seq)] = seq
        mask[row, :len(seq)] = 1
    return ids, mask


@dataclass(frozen=True)
class TaggedSpan:
    """A span the model tagged: ``layer`` (source, cue, content), paragraph number and character
    offsets into that paragraph, and the mean probability of its pieces' labels."""

    layer: str
    paragraph: int
    start: int
    end: int
    score: float


def decode_window(window: Window, labels: np.ndarray, probs: np.ndarray) -> list[TaggedSpan]:
    """Turn one window's labels (shape (positions, 3): one label a layer) into spans.

    A span starts at a BEGIN piece, or at an INSIDE piece that does not continue a span of the same
    layer, and runs over the INSIDE pieces after it within one paragraph. ``probs`` (same shape)
    holds each chosen label's probability; a span's score is their mean (numpy's, over the
    pieces' values in the array's type)."""
    spans: list[TaggedSpan] = []
    slots = window.slots
    rows = labels.tolist()  # Python ints: a numpy scalar a piece cost more than the decoding
    for layer_no, layer in enumerate(LAYERS):
        runs: list[list[int]] = []
        for pos, piece in enumerate(slots):
            label = rows[pos][layer_no] if piece is not None else OUTSIDE
            if label == OUTSIDE:
                continue
            prev = slots[runs[-1][-1]] if runs and runs[-1][-1] == pos - 1 else None
            if label == INSIDE and prev is not None and piece is not None \
                    and prev.paragraph == piece.paragraph:
                runs[-1].append(pos)
            else:
                runs.append([pos])
        for run in runs:
            first, last = slots[run[0]], slots[run[-1]]
            assert first is not None and last is not None
            score = float(np.mean(probs[run, layer_no]))
            spans.append(TaggedSpan(layer, first.paragraph, first.start, last.end, score))
    return spans


def decode_batch(windows: Sequence[Window], logits: np.ndarray) -> list[TaggedSpan]:
    """Spans of a batch of windows from the model's output ``logits``, shape (windows,
    positions, 9): per layer a softmax over O/B/I, the likeliest label sequence under the BIO
    constraints (:func:`viterbi`), decoded by :func:`decode_window` with each chosen label's
    probability as its score. Viterbi instead of each piece's own likeliest label: PolNeAR dev
    through the product, content overlap F1 0.800 -> 0.807, source 0.693 -> 0.707 (content
    exact 0.564 -> 0.562); 150 train articles: 0.870 -> 0.876, 0.771 -> 0.785 (0.700 both)."""
    logits = logits.reshape(logits.shape[0], logits.shape[1], len(LAYERS), 3)
    probs = np.exp(logits - logits.max(-1, keepdims=True))
    probs /= probs.sum(-1, keepdims=True)
    spans: list[TaggedSpan] = []
    for row, window in enumerate(windows):
        n = len(window.slots)
        labels = viterbi(window, probs[row, :n])
        chosen = np.take_along_axis(probs[row, :n], labels[..., None], -1)[..., 0]
        spans.extend(decode_window(window, labels, chosen))
    return spans


#: allowed label transitions of one layer (row: label before, column: label after): an INSIDE
#: piece only after a BEGIN or INSIDE one
_ALLOWED = np.array([[1, 1, 0], [1, 1, 1], [1, 1, 1]], dtype=bool)


def viterbi(window: Window, probs: np.ndarray) -> np.ndarray:
    """The likeliest label sequence of each layer of ``window`` under the BIO constraints
    (no INSIDE after OUTSIDE, none at a window's or paragraph's start; special pieces are
    OUTSIDE), from the per-piece label probabilities ``probs`` (positions, layers, 3).
    Returns int labels of shape (positions, layers). Viterbi decoding over the model's own
    per-piece probabilities (no trained transition scores), run only on the layers whose
    per-piece likeliest labels break a constraint (otherwise those are the best path): 4.1 ms
    of CPU an article of PolNeAR dev (4.5 windows), 4.8 for every layer, 0.2 for argmax."""
    special = np.array([p is None for p in window.slots])
    emit = np.log(np.maximum(probs, 1e-12))
    emit[special, :, 1:] = -np.inf
    labels = emit.argmax(-1)
    # each piece's likeliest label is the best path when it breaks no constraint (an INSIDE at
    # the start or after an OUTSIDE): decode only the layers where it does
    before = np.vstack([np.zeros((1, labels.shape[1]), dtype=labels.dtype), labels[:-1]])
    broken = ((labels == INSIDE) & (before == OUTSIDE)).any(0) | (labels[0] == INSIDE)
    if broken.any():
        labels[:, broken] = _viterbi(emit[:, broken])
    return labels


def _viterbi(emit: np.ndarray) -> np.ndarray:
    """Best constrained label paths of log probabilities ``emit`` (positions, layers, 3).

    The recursion of a matrix Viterbi over the transitions :data:`_ALLOWED` (an OUTSIDE or a
    BEGIN may follow any label, an INSIDE only a BEGIN or an INSIDE), written out for three
    labels on Python floats: the same float64 sums of the float32 log probabilities, the same
    first-of-equals choice as numpy's argmax, and so the same paths, at a fifth of the cost of a
    numpy step a position (1.8 -> 0.4 ms of CPU an article on the bench/speed.py pages)."""
    n, layers = emit.shape[0], emit.shape[1]
    labels = np.zeros((n, layers), dtype=np.int64)
    inf = float("inf")
    for layer in range(layers):
        rows = emit[:, layer, :].tolist()
        s_o, s_b, s_i = rows[0][0], rows[0][1], -inf
        back: list[tuple[int, int]] = []  # (best before an OUTSIDE or BEGIN, before an INSIDE)
        for e_o, e_b, e_i in rows[1:]:
            best, arg = s_o, 0
            if s_b > best:
                best, arg = s_b, 1
            if s_i > best:
                best, arg = s_i, 2
            best_i, arg_i = -inf, 0  # an INSIDE after an OUTSIDE is -inf: the first of equals
            if s_b > best_i:
                best_i, arg_i = s_b, 1
            if s_i > best_i:
                best_i, arg_i = s_i, 2
            back.append((arg, arg_i))
            s_o, s_b, s_i = best + e_o, best + e_b, best_i + e_i
        label = 0
        if s_b > s_o:
            label = 1
        if s_i > (s_b if label == 1 else s_o):
            label = 2
        column = [0] * n
        column[-1] = label
        for pos in range(n - 1, 0, -1):
            arg, arg_i = back[pos - 1]
            label = arg_i if label == INSIDE else arg
            column[pos - 1] = label
        labels[:, layer] = column
    return labels


def piece_labels(window: Window, gold: dict[int, list[tuple[str, int, int]]]) -> np.ndarray:
    """Gold labels of a window for training: shape (positions, 3), int64.

    ``gold[paragraph]`` lists ``(layer, start, end)`` character spans of that paragraph. A piece
    belongs to a span when its start lies inside it; the first such piece is BEGIN."""
    out = np.zeros((len(window.slots), len(LAYERS)), dtype=np.int64)
    for layer_no, layer in enumerate(LAYERS):
        for pos, piece in enumerate(window.slots):
            if piece is None:
                continue
            for name, start, end in gold.get(piece.paragraph, ()):
                if name != layer or not start <= piece.start < end:
                    continue
                prev = window.slots[pos - 1] if pos > 0 else None
                continued = (prev is not None and prev.paragraph == piece.paragraph
                             and start <= prev.start < end)
                out[pos, layer_no] = INSIDE if continued else BEGIN
                break
    return out
