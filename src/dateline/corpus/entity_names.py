"""The name a corpus-level entity is shown under, chosen when the store is read.

An entity's row in ``entities`` keeps its name as first stored, and the key it is stored under
is made from the folded name, so "Jose Nunez" (one article) and "José Núñez" (eight) are one
entity whose stored name is whichever came first. Readers show its **display name** instead:
among the entity's names as written (``entity_variants``, mentions summed over the corpus) that
spell the stored name (the same :func:`~dateline.corpus.keys.slug`: case, accents and
punctuation aside), the one written most often; on a tie the one with more letters outside
ASCII (the accents written out: "José Núñez" over "Jose Nunez"), then the stored name, then
the first in code-point order. A form all in capitals ("JOSÉ NÚÑEZ" of a headline) is chosen
only when every form is. Names that are not spellings of it ("Núñez", "Mr Núñez") never are.

The choice is made at read time from the variant counts, so it follows the corpus as it grows
and needs no write of its own; the entity list, the entity page and detail, facets,
co-occurring entities, a story's entities (API, pages, ``dateline entities list``) and the
exports' ``entities`` table all read names through :func:`display_names` or
:func:`renamed_entities`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import sqlalchemy as sa

from dateline.corpus.keys import slug
from dateline.corpus.schema import entities, entity_variants

#: Keys per ``IN (...)`` list of a variant query (SQLite allows 32,766 parameters, PostgreSQL
#: 65,535; a list page asks for at most 100).
_CHUNK = 500


def display_name(stored: str, variants: Iterable[tuple[str, int]]) -> str:
    """The display name of an entity stored as ``stored`` whose names as written are
    ``variants`` (``(variant, mentions)`` pairs, mentions summed over the corpus): the rule of
    the module docstring. ``stored`` itself when no variant spells it."""
    own = slug(stored)
    counts: dict[str, int] = {}
    for variant, mentions in variants:
        if slug(variant) == own and own:
            counts[variant] = counts.get(variant, 0) + mentions
    if not counts:
        return stored
    if not stored.isupper():
        counts = {v: n for v, n in counts.items() if not v.isupper()} or counts
    return min(counts, key=lambda v: (-counts[v], -_accented(v), v != stored, v))


def _accented(name: str) -> int:
    """How many letters of ``name`` lie outside ASCII."""
    return sum(1 for c in name if not c.isascii() and c.isalpha())


def display_names(conn: sa.Connection, stored: Mapping[str, str]) -> dict[str, str]:
    """``{key: display name}`` for ``stored`` (``{key: name as stored in entities}``): one
    indexed read of ``entity_variants`` per :data:`_CHUNK` keys."""
    keys = list(stored)
    variants: dict[str, list[tuple[str, int]]] = {}
    for i in range(0, len(keys), _CHUNK):
        rows = conn.execute(sa.select(entity_variants.c.entity_key, entity_variants.c.variant,
                                      entity_variants.c.mentions)
                            .where(entity_variants.c.entity_key.in_(keys[i:i + _CHUNK])))
        for key, variant, mentions in rows:
            variants.setdefault(key, []).append((variant, mentions))
    return {key: display_name(name, variants.get(key, ())) for key, name in stored.items()}


def renamed_entities(conn: sa.Connection) -> Iterator[tuple[str, str]]:
    """``(key, display name)`` of every entity whose display name is not its stored name, in
    key order: one pass over ``entity_variants`` joined to ``entities``."""
    stmt = (sa.select(entities.c.key, entities.c.name, entity_variants.c.variant,
                      entity_variants.c.mentions)
            .join(entity_variants, entity_variants.c.entity_key == entities.c.key)
            .order_by(entities.c.key))
    key: str | None = None
    name = ""
    variants: list[tuple[str, int]] = []
    for k, n, variant, mentions in conn.execution_options(yield_per=2000).execute(stmt):
        if k != key:
            if key is not None and (shown := display_name(name, variants)) != name:
                yield key, shown
            key, name, variants = k, n, []
        variants.append((variant, mentions))
    if key is not None and (shown := display_name(name, variants)) != name:
        yield key, shown


def spark_entity_rows(entity_rows, variant_rows):
    """The Spark job's ``entities`` table as the store's export writes it: ``entity_rows`` (a
    pyspark RDD of ``entities`` tuples ``(key, name, type)``, one per article naming the entity)
    once per key, under its display name over ``variant_rows`` (an RDD of ``entity_variants``
    tuples ``(article_id, entity_key, variant, mentions)``, mentions summed here over the
    batch). Of a key's names the job keeps the least in code-point order as the stored one (no
    order of storing exists in a batch; it decides only ties). Returns an RDD of
    ``(key, display name, type)``."""
    heads = entity_rows.map(lambda r: (r[0], (r[1], r[2]))).reduceByKey(min)
    spellings = (variant_rows.map(lambda r: ((r[1], r[2]), r[3])).reduceByKey(_add)
                 .map(lambda kv: (kv[0][0], [(kv[0][1], kv[1])])).reduceByKey(_add))
    return heads.leftOuterJoin(spellings).map(
        lambda kv: (kv[0], display_name(kv[1][0][0], kv[1][1] or ()), kv[1][0][1]))


def _add(a, b):
    return a + b
