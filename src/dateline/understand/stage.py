"""The understanding stage: entities with canonical names, quotations with their speakers, dates
resolved, events typed, the story vector.

Fills the ``entities``, ``quotes``, ``dates``, ``events`` and ``story_vector`` of
:class:`~dateline.model.Article` records. Every string of every article in a batch goes through
one ``nlp.pipe`` call (so spaCy batches across documents), then each article runs the stages
entities -> quotes -> dates on its parse: the entity and quotation stages are the
``dateline_entities`` and ``dateline_quotes`` spaCy components
(:mod:`dateline.understand.components`) with their settings from ``dateline.toml``.
"""

from __future__ import annotations

import logging

from dateline.config import Settings, using
from dateline.errors import DatelineError, UnderstandError
from dateline.model import Article
from dateline.understand import storyvec
from dateline.understand.components import (
    EntityComponent,
    EventComponent,
    QuoteComponent,
    make_components,
)
from dateline.understand.dates import find_dates
from dateline.understand.nlp import ModelError, load_nlp
from dateline.understand.parsed import ParsedArticle, PartKey, article_parts

log = logging.getLogger(__name__)

#: strings per spaCy ``nlp.pipe`` batch (the strings of a batch of articles, in order). Measured
#: 2026-12-01 on the 1,623 strings of the 100 bench/speed.py pages: 32 a batch 64.8 ms of CPU an
#: article, 128 59.9 ms, 512 60.8 ms; the same parse.
PARSE_BATCH = 128

__all__ = ["UnderstandError", "annotate", "parse_articles", "understand", "understand_each"]


def parse_articles(articles: list[Article], settings: Settings) -> list[ParsedArticle]:
    """Parse every string of ``articles`` with the pipeline ``settings.model`` in one
    ``nlp.pipe`` call (:data:`PARSE_BATCH` strings a batch) and return one
    :class:`ParsedArticle` per article, in order. Articles in another language than the
    pipeline's get no Doc (they stay unannotated); so do, listed in ``ParsedArticle.skipped``,
    strings over ``settings.max_part_chars`` and, in reading order, the strings past the first
    ``settings.max_understood_chars`` code points of the article (:func:`_understood_parts`).
    Raises ``ModelError`` when the pipeline is not installed."""
    nlp = load_nlp(settings.model)
    chosen = [_understood_parts(article, settings)
              if _in_model_language(article, nlp.lang or "") else ([], [])
              for article in articles]
    texts = [text for parts, _ in chosen for _, text in parts]
    docs = iter(nlp.pipe(texts, batch_size=PARSE_BATCH))
    return [ParsedArticle(article, {key: next(docs) for key, _ in parts}, skipped=skipped)
            for article, (parts, skipped) in zip(articles, chosen, strict=True)]


def _understood_parts(article: Article, settings: Settings
                      ) -> tuple[list[tuple[PartKey, str]], list[PartKey]]:
    """Split the article's strings (:func:`article_parts`, in reading order) into those the
    stage annotates and those it leaves out for their size: a string over
    ``settings.max_part_chars`` on its own (a page without line breaks), and every string from
    the first one that would take the article past ``settings.max_understood_chars`` code
    points (the understanding stage costs about 0.06 CPU-second per 1,000 code points, so a
    page of 20,000 sentences took 74 s: the cap bounds a page's share of the run)."""
    chosen: list[tuple[PartKey, str]] = []
    skipped: list[PartKey] = []
    total, capped = 0, False
    for key, text in article_parts(article):
        if not _parseable(article, key, text, settings.max_part_chars):
            skipped.append(key)
            continue
        if not capped and total + len(text) > settings.max_understood_chars:
            capped = True
            log.warning("%s: more than %d code points: not annotated from %s %d on",
                        article.source.uri, settings.max_understood_chars, *key)
        if capped:
            skipped.append(key)
        else:
            chosen.append((key, text))
            total += len(text)
    return chosen, skipped


def _parseable(article: Article, key: tuple, text: str, limit: int) -> bool:
    """Whether a string fits ``limit`` code points (``settings.max_part_chars``); a longer one
    is a page without line breaks, logged and left unannotated."""
    if len(text) <= limit:
        return True
    log.warning("%s: %s %d has %d characters, more than %d: not annotated",
                article.source.uri, key[0], key[1], len(text), limit)
    return False


def _in_model_language(article: Article, lang: str) -> bool:
    """An article whose identified language differs from the pipeline's is left unannotated:
    an English model's entities and quotes on German text are noise, not a best effort."""
    if article.language is None or article.language == lang:
        return True
    log.info("%s: language %s, pipeline %s: not annotated", article.source.uri,
             article.language, lang)
    return False


def annotate(parsed: ParsedArticle,
             components: tuple[EntityComponent, QuoteComponent] | None = None) -> Article:
    """Run entities -> quotes -> dates on one parsed article and return a new Article with
    ``entities``, ``quotes``, ``dates``, ``events`` and ``story_vector`` filled (the input is
    not changed). ``components``: the ``dateline_entities`` and ``dateline_quotes``
    components to run (from :func:`~dateline.understand.components.make_components`; default
    settings when None)."""
    entity_stage, quote_stage = components or make_components(Settings())
    entities = entity_stage.find(parsed)
    quotes = quote_stage.find(parsed, entities)
    dates = find_dates(parsed)
    return parsed.article.model_copy(update={
        "entities": entities, "quotes": quotes, "dates": dates,
        "events": EventComponent().find(parsed, entities, quotes, dates),
        "unannotated": parsed.skipped_spans(),
        "story_vector": storyvec.story_vector(parsed.article)})  # patchable there


def understand(articles: list[Article], settings: Settings) -> list[Article]:
    """Return ``articles`` with entities, quotes and dates filled, in order. Raises
    ``ModelError`` when the pipeline cannot be loaded, :class:`UnderstandError` when an
    article cannot be annotated (use :func:`understand_each` to keep the others)."""
    results = understand_each(articles, settings)
    for result in results:
        if isinstance(result, DatelineError):
            raise result
    return results  # type: ignore[return-value]


def understand_each(articles: list[Article], settings: Settings
                    ) -> list[Article | DatelineError]:
    """Like :func:`understand`, but a failure is isolated to its article: the result for it is
    an :class:`UnderstandError` (with the cause chained) and the others are still annotated.
    If parsing the batch fails, each article is parsed alone to find the one at fault.
    ``ModelError`` (no pipeline at all) is raised, as it concerns every article. The entity
    and quotation stages are the ``dateline_entities`` and ``dateline_quotes`` components,
    configured from ``settings`` (:func:`~dateline.understand.components.make_components`);
    the stages' thresholds come from ``settings`` too (made :func:`dateline.config.current`
    meanwhile)."""
    with using(settings):
        return _understand_each(articles, settings)


def _understand_each(articles: list[Article], settings: Settings
                     ) -> list[Article | DatelineError]:
    components = make_components(settings)
    try:
        parsed: list[ParsedArticle | DatelineError] = list(parse_articles(articles, settings))
    except DatelineError:
        raise
    except Exception:  # noqa: BLE001 - find the article that breaks the batch
        log.warning("parsing a batch of %d articles failed; parsing one by one", len(articles))
        parsed = []
        for article in articles:
            try:
                parsed.append(parse_articles([article], settings)[0])
            except Exception as exc:  # noqa: BLE001
                parsed.append(_failure(article, exc))
    results: list[Article | DatelineError] = []
    for item, article in zip(parsed, articles, strict=True):
        if isinstance(item, DatelineError):
            results.append(item)
            continue
        try:
            results.append(annotate(item, components))
        except ModelError:
            raise  # the attribution model is missing: every article is concerned
        except Exception as exc:  # noqa: BLE001 - one bad article must not end the batch
            results.append(_failure(article, exc))
    return results


def _failure(article: Article, exc: Exception) -> UnderstandError:
    log.exception("understanding %s failed", article.source.uri, exc_info=exc)
    error = UnderstandError(f"understanding failed: {type(exc).__name__}: {exc}")
    error.__cause__ = exc
    return error
