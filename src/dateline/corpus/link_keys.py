"""A record's lookup keys for the across-article stages, computed where the record is built.

The store has one writer; the pages are extracted and understood on every core. What the
stages (:mod:`dateline.corpus.linking`) compute from a record alone, before any lookup, is
computed in the worker processes instead (``dateline ingest``'s runner calls
:func:`with_link_keys` after the understanding stage, as that stage computes the story vector)
and travels on the record as :class:`dateline.model.LinkKeys`:

* duplicate groups (:mod:`dateline.corpus.duplicates`): the body's shingle count, its MinHash
  signature, its LSH band keys, ``published`` in UTC;
* quote provenance (:mod:`dateline.corpus.provenance`): the lookup keys of each quotation
  (:func:`dateline.corpus.quote_variants.index_keys`);
* story clusters (:mod:`dateline.corpus.stories`): the lede and headline words
  (:func:`dateline.corpus.story_features.article_words`), and the story vector when the record
  has none (``dateline ingest --no-nlp`` skips the understanding stage that computes it; the
  story stage would otherwise run the encoder in the writer, one record at a time).

The stages give the same links with or without them: the keys are the values the stages would
compute. The store checks them once per record (:func:`valid_keys`): keys of other parameters
(:data:`VERSION`) or of other text (a record changed after its keys were computed: the
``digest`` of the fields they are computed from) are dropped and computed in the store.
"""

from __future__ import annotations

import hashlib
import logging

from dateline.corpus import duplicates, quote_variants
from dateline.corpus.duplicates import body_keys, published_utc
from dateline.corpus.quote_variants import QuoteText, index_keys
from dateline.corpus.story_features import article_words
from dateline.model import Article, LinkKeys

log = logging.getLogger(__name__)

#: The key parameters the keys depend on: keys computed with others are computed again.
VERSION = (f"1;dup {duplicates.SHINGLE} {duplicates.NUM_PERM} {duplicates.BANDS}x"
           f"{duplicates.ROWS} {duplicates.SEED};quote {quote_variants.SHINGLE} "
           f"{quote_variants.MIN_WORDS} {quote_variants.PARAPHRASE_MIN_STEMS} "
           f"{quote_variants.WINNOW} {quote_variants.BOTTOM_STEMS}")


def digest(article: Article) -> str:
    """Hex BLAKE2b (16 bytes) of the fields the keys are computed from: ``published``,
    ``headline``, ``standfirst``, ``paragraphs`` and each quotation's kind, text and speaker."""
    h = hashlib.blake2b(digest_size=16)
    for text in (article.published, article.headline, article.standfirst):
        h.update((text or "").encode())
        h.update(b"\x00")
    for paragraph in article.paragraphs:
        h.update(paragraph.encode())
        h.update(b"\x01")
    for quote in article.quotes:
        speaker = quote.speaker.name if quote.speaker else ""
        h.update(f"\x02{quote.kind}\x00{quote.text}\x00{speaker}".encode())
    return h.hexdigest()


def link_keys(article: Article) -> LinkKeys:
    """The :class:`~dateline.model.LinkKeys` of a record (see the module docstring). Never
    raises for a valid record."""
    shingles, signature, bands = body_keys("\n\n".join(article.paragraphs))
    lede_words, headline_words = article_words(article)
    quote_keys = [sorted(index_keys(QuoteText.of(q.kind, q.text,
                                                 q.speaker.name if q.speaker else None)))
                  for q in article.quotes]
    return LinkKeys(version=VERSION, digest=digest(article), shingles=shingles,
                    signature=signature.astype("<u4").tobytes() if signature is not None
                    else None,
                    bands=bands, published_utc=published_utc(article.published),
                    quote_keys=quote_keys, lede_words=lede_words,
                    headline_words=headline_words)


def with_link_keys(article: Article) -> Article:
    """``article`` with its :func:`link_keys` and, when it has none, its story vector
    (:func:`dateline.understand.storyvec.story_vector`: what the story stage would compute in
    the store; still None without text or encoder). A copy; the input is not changed. A
    failure is logged and the record goes on without keys (the store then computes them)."""
    from dateline.understand.storyvec import story_vector

    try:
        update: dict[str, object] = {"link_keys": link_keys(article)}
        if article.story_vector is None:
            update["story_vector"] = story_vector(article)
        return article.model_copy(update=update)
    except Exception:  # noqa: BLE001 - the keys are an optimisation: never lose the record
        log.exception("%s: computing the link keys failed; the store computes them",
                      article.source.uri)
        return article


def valid_keys(article: Article) -> Article:
    """``article`` as the stages may read it: unchanged when its ``link_keys`` are absent or of
    this :data:`VERSION` and its own text (:func:`digest`), else a copy without them."""
    keys = article.link_keys
    if keys is None or (keys.version == VERSION and keys.digest == digest(article)
                        and len(keys.quote_keys) == len(article.quotes)):
        return article
    log.debug("%s: link keys of other parameters or text; computed in the store",
              article.source.uri)
    return article.model_copy(update={"link_keys": None})
