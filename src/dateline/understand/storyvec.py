"""The story vector of an article: a sentence embedding of its opening, for story clusters.

all-MiniLM-L6-v2 (the pinned base encoder of :mod:`dateline.understand.encoder`, no fine-tuning)
reads the headline, the standfirst and the first paragraphs, up to :data:`MAX_PIECES` word pieces;
its last hidden states are mean-pooled over the attention mask and L2-normalised, as
sentence-transformers computes the model's sentence embedding (Reimers and Gurevych, 2019;
the package's ``1_Pooling`` config: mean pooling). The vector is computed here, in the
understanding stage (the worker processes of ``dateline ingest``), not in the store's writer
process, and travels on the record as :attr:`dateline.model.Article.story_vector`: 384 signed
bytes (the unit vector times 127, rounded), base64, 512 characters. The field is left out of
the record's JSON (exports, ``dateline extract``), like any value of the pipeline's own.

Cost (this 2-core machine, one thread, int8 matrix products, the session without onnxruntime's
SkipLayerNormalization fusion: :data:`~dateline.understand.encoder.UNFUSED`): about 5 ms of CPU
a vector at :data:`MAX_PIECES` = 48, tokenizing included (12 ms at the former 128; the 127 HTML
pages of ../shared/eval, 2026-12-02); the full record costs about 140 ms (README,
bench/speed.py), a ``dateline ingest --no-nlp`` record about 20-24 ms.
"""

from __future__ import annotations

import base64
import functools
import logging
import math

import numpy as np

from dateline.errors import EncoderError
from dateline.model import Article
from dateline.understand.tagging import CLS_ID, SEP_ID

log = logging.getLogger(__name__)

#: word pieces read, [CLS] and [SEP] included: the headline and the lede carry the event
#: (bench/stories.py: 128 pieces did as well as 256 at half the cost). 2026-12-02, bench/stories.py
#: --pieces N, story BCubed F1 seed 2 / seed 2 without twins / seed 1, with story_model.json as
#: fitted at 128: 128: 0.9671 / 0.9729 / 0.9865; 96: 0.9657 / 0.9713 / 0.9817; 64: 0.9617 /
#: 0.9669 / 0.9857; 48: 0.9648 / 0.9702 / 0.9835 (seeds 3, 4: 0.9162 -> 0.9168, 0.9696 -> 0.9692);
#: CPU a vector cut at N pieces: 9.1, 6.5-7.0, 4.1-5.5, 3.3-4.5 ms (the eval's real pages:
#: 128: 11.5-12.8 ms, 48: 4.7-5.3 ms). 48 keeps seed 2 within 0.003 of 128 at 40% of the
#: cost; a refit at 48 did worse on seed 2 (0.961), so story_model.json stays.
MAX_PIECES = 48
DIM = 384


def story_text(article: Article) -> str:
    """The text the story vector reads: headline, standfirst and paragraphs, one a line (the
    encoder stops at :data:`MAX_PIECES` pieces)."""
    parts = [article.headline or "", article.standfirst or "", *article.paragraphs[:6]]
    return "\n".join(p for p in parts if p)


class StoryEncoder:
    """The base encoder with mean pooling. Build with :func:`load_story_encoder` (once per
    process); :meth:`embed` is safe from one thread at a time."""

    def __init__(self) -> None:
        from dateline.understand.encoder import (
            UNFUSED,
            base_weights,
            build_graph,
            load_tokenizer,
            session,
        )

        # one unpadded sequence a call: no attention mask (build_graph's ``masked``)
        self._session = session(build_graph(base_weights(), head=False, masked=False),
                                int8=True, unfused=UNFUSED)
        self._tokenizer = load_tokenizer()

    def embed(self, text: str) -> np.ndarray:
        """The unit-length float32 vector (384,) of ``text`` (its first pieces); the zero
        vector for a text without words."""
        ids = self._tokenizer.encode(text).ids[1:-1][:MAX_PIECES - 2]
        if not ids:
            return np.zeros(DIM, np.float32)
        arr = np.array([[CLS_ID, *ids, SEP_ID]], dtype=np.int64)
        hidden = self._session.run(None, {"input_ids": arr})[0][0]
        vec = hidden.mean(axis=0)  # every position is unmasked: the mask mean is the mean
        norm = float(np.linalg.norm(vec))
        return (vec / norm).astype(np.float32) if norm else vec.astype(np.float32)


@functools.lru_cache(maxsize=1)
def load_story_encoder() -> StoryEncoder:
    """The process's story encoder. Raises :class:`EncoderError` when the encoder package is
    missing or not the pinned file."""
    return StoryEncoder()


def pack(vec: np.ndarray) -> str:
    """A unit vector (384,) as the compact text of ``Article.story_vector``: int8 (x 127) in
    base64."""
    q = np.clip(np.round(np.asarray(vec, np.float32) * 127.0), -127, 127).astype(np.int8)
    return base64.b64encode(q.tobytes()).decode("ascii")


def unpack(text: str) -> np.ndarray:
    """The float32 unit vector (384,) of a :func:`pack` text (renormalised). Raises
    ``ValueError`` on text that is not 384 base64 bytes."""
    raw = base64.b64decode(text, validate=True)
    if len(raw) != DIM:
        raise ValueError(f"a story vector has {DIM} bytes, not {len(raw)}")
    vec = np.frombuffer(raw, dtype=np.int8).astype(np.float32)
    norm = math.sqrt(float(vec @ vec))
    return vec / norm if norm else vec


#: the encoder could not be loaded in this process (``lru_cache`` keeps no exception: without
#: this, every article would look for the package again, and re-read and hash its 90 MB weights
#: when they are not the pinned file)
_unavailable = False


def story_vector(article: Article) -> str | None:
    """The packed story vector of ``article``, or None when it has no text or the encoder
    package is not installed (logged and tried once per process; the story linker then goes on
    entities and words)."""
    global _unavailable
    text = story_text(article)
    if not text or _unavailable:
        return None
    try:
        encoder = load_story_encoder()
    except EncoderError as exc:
        log.warning("no story vectors: %s", exc)
        _unavailable = True
        return None
    return pack(encoder.embed(text))
