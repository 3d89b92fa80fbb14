"""The trained attribution tagger at run time: spans of sources, cues and contents, linked.

The model (``data/attribution_tagger.safetensors``, trained by ``scripts/train_attribution.py`` on
PolNeAR train; see docs/attribution-model.md) is all-MiniLM-L6-v2 fine-tuned with a linear layer
giving three BIO layers a word piece. Its file holds only the change of the six transformer layers
from the base weights (int8 per row) and the linear layer: :func:`load_tagger` adds it to the base
weights of the pinned package and builds one onnxruntime session per process.

:func:`link` joins the tagged spans of one paragraph into attributions: each content takes the
nearest cue of its own sentence (the gap between them in characters, a cue before the content
winning a tie; a cue across a sentence end only when its sentence has none) and that cue the
nearest source of its own sentence (none across a sentence end); a content with no cue in reach
takes the nearest source instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dateline import datafiles
from dateline.understand.cues import cue_verbs
from dateline.understand.encoder import (
    apply_delta,
    base_weights,
    build_graph,
    load_tokenizer,
    session,
)
from dateline.understand.tagging import (
    TaggedSpan,
    batch_arrays,
    decode_batch,
    pack_windows,
    paragraph_pieces,
)

MODEL_FILE = Path(__file__).parent / "data" / "attribution_tagger.safetensors"
#: windows per onnxruntime call: one. Batches are padded to their longest window, and with int8
#: dynamic quantisation the activations' scale is taken over the whole batch (padding included),
#: so a window's tags depended on the windows beside it. One window a call has no padding and was
#: faster as well: on the 100 bench/speed.py pages (3.5 windows of up to 256 pieces an article),
#: 96 ms -> 59 ms of CPU an article in onnxruntime (batches sorted by length across articles:
#: 97 ms at 16 a call, 49 ms at 2; the attention scores of a batch of 256-piece windows outgrow
#: the core's cache). PolNeAR dev through the product: content exact 0.557 -> 0.564, overlap
#: 0.803 -> 0.800, source 0.691 -> 0.693 (int8 noise; fp32 gives 0.562 / 0.805 / 0.701).
BATCH = 1
#: farthest a cue may sit from its content, and a source from its cue (characters between them in
#: one paragraph). On PolNeAR train gold (first annotator) 99% of the 19,831 cues lie within 49
#: characters of their content and 99.2% of the 18,360 sources within 120 of their cue (under 1%
#: of either pair crosses a line break); the tagged spans are looser, and 150 for both did best on
#: 150 train articles through the model (source F1 0.783 at 60/120, 0.789 at 150/150; content
#: exact 0.708, 0.709), checked on dev (source 0.684 -> 0.689, content exact 0.553 -> 0.556).
#: A cue takes no source across a sentence end ("The clerk spoke first. Then came word that
#: ...": the clerk is not the one who sent word): 120 train articles through the product,
#: source F1 0.8241 -> 0.8259 (content exact 0.7462 -> 0.7457; 0.8251 / 0.7462 when allowed
#: within 60 characters, 0.8259 / 0.7457 within 20); dev source 0.7320 -> 0.7361.
MAX_CUE_GAP = 150
MAX_SOURCE_GAP = 150
#: two content spans of one paragraph this close (characters), with no cue or source between
#: them, are one content the tagger broke up; and a content whose pieces' labels have a mean
#: probability under MIN_CONTENT_SCORE is dropped. Both set on 120 PolNeAR train articles
#: through the model alone (content exact F1, epoch-3 model: 0.487 as tagged, 0.517 merged,
#: 0.58 merged and thresholded at 0.7-0.8), then checked on dev (0.435 -> 0.458 -> 0.51).
#: Re-checked with Viterbi decoding, through the product on the same 150 train articles
#: (content exact / source F1): MERGE_GAP 0: 0.702 / 0.801, 30: 0.702 / 0.785, 60: 0.700 /
#: 0.785; on dev 0 lost content exact (0.562 -> 0.551) and 30 was even with 60, so 60 stays.
#: MIN_CONTENT_SCORE 0.7: 0.697 / 0.787, 0.75: 0.700 / 0.785, 0.8: 0.701 / 0.777: 0.75 stays.
#: Since session 7 unsure contents are dropped before the join, not after it: a joined content
#: took the lower score of its two, so a stray unsure fragment beside a sure content ("to" of
#: "is expected to endorse", 0.52, beside "the Democratic candidate ...", 0.98) dropped both.
#: Through the product on the first 120 PolNeAR train articles (content exact / overlap /
#: source F1): dropped after the join at 0.75, 0.720 / 0.888 / 0.805; before it at 0.75,
#: 0.728 / 0.907 / 0.822; 0.8, 0.730 / 0.902 / 0.814; 0.85, 0.723 / 0.890 / 0.808: 0.8 (best
#: content exact). MERGE_GAP re-checked there: 0, 0.726; 20, 0.731; 60, 0.730: 60 stays.
#: Checked on dev: 0.563 / 0.808 / 0.708 -> 0.563 / 0.825 / 0.721.
MERGE_GAP = 60
MIN_CONTENT_SCORE = 0.8
#: Tried and left out: a cue linked to two contents on the same side of it keeping only the
#: nearer (the farther taking no cue, so the scorer no longer joins the two). On 150 PolNeAR
#: train articles through the product it raised content exact 0.7146 -> 0.7161 but lowered
#: overlap 0.8845 -> 0.8820 and source 0.7991 -> 0.7970 (the split-off contents are often
#: the tagger's own false contents, hidden in a join before); dev lost on all four figures.
#: a sentence end: final punctuation (a closing mark may follow) then white space
_SENTENCE_END = re.compile(r"[.!?][\"'”’]?\s")
_WORD = re.compile(r"[a-z]+")


@functools.cache
def cue_words() -> frozenset[str]:
    """The written forms of the cue-verb lemmas (``data/cue_verbs.txt``): each lemma, its regular
    forms ("says", "predicted", "saying", "denies", "denied") and the irregular ones of
    ``data/cue_irregular_forms.txt`` ("said", "told"), lower case."""
    forms = {row[0].lower() for row in datafiles.rows("dateline.understand",
                                                      "cue_irregular_forms.txt", 2, 2)}
    for lemma in cue_verbs():
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing",
                  stem + "ing"}
        if lemma.endswith("y"):
            forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return frozenset(forms)


@dataclass(frozen=True)
class Attribution:
    """One attribution of a paragraph: its content, and the cue and source that belong to it
    (``None`` when the model tagged none in reach). Offsets are into that paragraph's string."""

    paragraph: int
    content: TaggedSpan
    cue: TaggedSpan | None
    source: TaggedSpan | None


class AttributionTagger:
    """Tags paragraphs with the attribution model. Build it with :func:`load_tagger` (once per
    process); :meth:`tag` is safe to call from one thread at a time."""

    def __init__(self, weights: dict[str, np.ndarray], int8: bool = True):
        # one unpadded window a call: no attention mask (build_graph's ``masked``)
        self._masked = BATCH > 1
        self._session = session(build_graph(weights, head=True, masked=self._masked), int8=int8)
        self._tokenizer = load_tokenizer()

    def tag(self, paragraphs: Sequence[str]) -> list[TaggedSpan]:
        """Return the spans tagged in ``paragraphs`` (one article's strings), with paragraph
        numbers indexing ``paragraphs`` and code-point offsets into them."""
        windows = pack_windows(paragraph_pieces(self._tokenizer, paragraphs))
        spans: list[TaggedSpan] = []
        for i in range(0, len(windows), BATCH):
            chunk = windows[i:i + BATCH]
            ids, mask = batch_arrays(chunk)
            feed = {"input_ids": ids}
            if self._masked:
                feed["attention_mask"] = mask
            logits = self._session.run(None, feed)[0]
            spans.extend(decode_batch(chunk, logits))
        return spans


@functools.lru_cache(maxsize=1)
def load_tagger(path: str = str(MODEL_FILE)) -> AttributionTagger:
    """Return the attribution tagger, built once per process from the pinned base weights and
    the trained file ``path``. Raises ``EncoderError`` (kind ``model``) when the encoder
    package is missing or not the pinned file, ``FileNotFoundError`` when ``path`` is."""
    from safetensors.numpy import load_file

    return AttributionTagger(apply_delta(base_weights(), load_file(path)))


def _gap(a: TaggedSpan, b: TaggedSpan) -> int:
    return max(a.start - b.end, b.start - a.end, 0)


def _merge_contents(contents: list[TaggedSpan], others: list[TaggedSpan], text: str | None
                    ) -> list[TaggedSpan]:
    """Join content spans broken up by the tagger (see ``MERGE_GAP``), in order; two contents
    with a sentence end or a cue word between them (in ``text``, the paragraph, when given)
    stay apart."""
    out: list[TaggedSpan] = []
    for span in sorted(contents, key=lambda s: s.start):
        if out:
            last = out[-1]
            between = any(last.end <= o.start and o.end <= span.start for o in others)
            # a sentence end from two characters back (_crosses_sentence): a content ending
            # '... nomination.”' has its full stop before the closing mark (120 PolNeAR train
            # articles through the product, content exact F1 0.7298 -> 0.7312; dev 0.5628 ->
            # 0.5635)
            if span.start - last.end <= MERGE_GAP and not between \
                    and not (text is not None and _crosses_sentence(text, last, span)) \
                    and not _cue_word_between(text, last, span):
                out[-1] = TaggedSpan("content", last.paragraph, last.start,
                                     max(last.end, span.end), min(last.score, span.score))
                continue
        out.append(span)
    return out


def _cue_word_between(text: str | None, a: TaggedSpan, b: TaggedSpan) -> bool:
    """True when a cue word (:func:`cue_words`) lies between the spans ``a`` and ``b`` of
    ``text``: "... would be president and predicted that ...", "... banks and saying he could
    not ..." are two contents whose second cue the tagger missed. Joins stopped so, on 120
    PolNeAR train articles through the product: content exact / source F1 0.7457 / 0.8259 ->
    0.7465 / 0.8265; dev 0.5727 / 0.7361 -> 0.5735 / 0.7364."""
    if text is None:
        return False
    return any(w in cue_words() for w in _WORD.findall(text[a.end:b.start].lower()))


def link(spans: Sequence[TaggedSpan], paragraphs: Sequence[str] | None = None
         ) -> list[Attribution]:
    """Join the spans of an article into attributions, paragraph by paragraph, in the order of
    the contents. Unsure contents are dropped first, then broken-up ones joined (not over a
    sentence end of ``paragraphs``, the strings the spans index, when given; see
    ``MIN_CONTENT_SCORE``, ``MERGE_GAP``)."""
    out: list[Attribution] = []
    by_para: dict[int, dict[str, list[TaggedSpan]]] = {}
    for span in spans:
        by_para.setdefault(span.paragraph, {}).setdefault(span.layer, []).append(span)
    for para in sorted(by_para):
        layers = by_para[para]
        cues, sources = layers.get("cue", []), layers.get("source", [])
        text = paragraphs[para] if paragraphs is not None else None
        sure = [c for c in layers.get("content", []) if c.score >= MIN_CONTENT_SCORE]
        for content in _merge_contents(sure, cues + sources, text):
            cue = _nearest(content, cues, MAX_CUE_GAP, text)
            anchor = cue or content
            candidates = [s for s in sources if not _within(s, content) and not (
                cue is not None and text is not None and _crosses_sentence(text, cue, s))]
            source = _nearest(anchor, candidates, MAX_SOURCE_GAP if cue else MAX_CUE_GAP, text)
            out.append(Attribution(para, content, cue, source))
    return out


def _within(inner: TaggedSpan, outer: TaggedSpan) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _crosses_sentence(text: str, a: TaggedSpan, b: TaggedSpan) -> bool:
    """True when a sentence end lies between the spans ``a`` and ``b`` of ``text`` (the full
    stop of the first may sit before its closing mark: '... Couric.' or '... D'Souza?”')."""
    lo, hi = (a, b) if a.start <= b.start else (b, a)
    return hi.start > lo.end and bool(_SENTENCE_END.search(text[max(0, lo.end - 2):hi.start]))


def _nearest(anchor: TaggedSpan, candidates: list[TaggedSpan], reach: int,
             text: str | None = None) -> TaggedSpan | None:
    """The candidate within ``reach`` characters of ``anchor``: one in the same sentence of
    ``text`` (the paragraph, when given) before one across a sentence end, then the nearest,
    then the one before ``anchor``. The sentence first: "A producer told The Times that Trump
    canceled the interview. Trump's campaign has not commented on the reason": the first
    content took the nearer cue of the next sentence. Through the product, content exact /
    source F1: 120 PolNeAR train articles 0.731 / 0.814 -> 0.743 / 0.824 (0.743 / 0.822 with
    the sentence rule for cues only); dev 0.564 / 0.721 -> 0.572 / 0.732."""
    best = None
    for cand in candidates:
        gap = _gap(anchor, cand)
        if gap > reach:
            continue
        crosses = text is not None and _crosses_sentence(text, anchor, cand)
        key = (crosses, gap, 0 if cand.start < anchor.start else 1)
        if best is None or key < best[0]:
            best = (key, cand)
    return best[1] if best else None
