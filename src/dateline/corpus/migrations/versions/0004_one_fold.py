"""Re-key stored entities and refold names and the full-text index with the one ``fold()``
(:mod:`dateline.text_fold`, on anyascii): the old corpus fold kept letters without a Unicode
decomposition, so "Łukasz Kowalski" was ``person:ukasz-kowalski`` and "Søren" was "s-ren" in
keys; they are now ``person:lukasz-kowalski`` and "soren".

Only what the new fold changes is rewritten: ``entities.name_norm`` and ``quotes.speaker_norm``
where they differ; the entity rows of each article that has an entity whose key changes (its
``article_entities`` rows, the ``entities.articles`` counters, the ``entity_variants`` counts and
its quotes' ``speaker_entity_key``, recomputed from the stored record with
:func:`dateline.corpus.rows.project`); and the full-text entries whose text the old fold left
with such letters (:meth:`FullText.refold`). Entities no article names any more are deleted.
There is no downgrade of the keys (the old ones were lossy); ``downgrade`` only moves the
revision back.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

def old_fold(text: str) -> str:
    """The corpus fold before this revision (NFKD, combining marks dropped, lower case)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _stale(text: str) -> bool:
    """Whether the old fold of ``text`` differs from the new one (some letter such as ``ł``)."""
    from dateline.corpus.keys import fold_words

    return not text.isascii() and fold_words(text) != old_fold(text)


def upgrade() -> None:
    from dateline.corpus.backends import backend_for
    from dateline.corpus.keys import entity_key, fold_words

    conn = op.get_bind()
    backend = backend_for(conn)
    entities = sa.table("entities", sa.column("key"), sa.column("name"), sa.column("name_norm"),
                        sa.column("type"), sa.column("articles"))
    quotes = sa.table("quotes", sa.column("id"), sa.column("article_id"), sa.column("position"),
                      sa.column("speaker"), sa.column("speaker_norm"),
                      sa.column("speaker_entity_key"))
    mentions = sa.table("article_entities", sa.column("article_id"), sa.column("entity_key"),
                        sa.column("local_id"), sa.column("name"), sa.column("mentions"))
    variants = sa.table("entity_variants", sa.column("entity_key"), sa.column("variant"),
                        sa.column("mentions"))

    # 1. folded names
    for key, name, norm in conn.execute(sa.select(entities.c.key, entities.c.name,
                                                  entities.c.name_norm)).all():
        if fold_words(name) != norm:
            conn.execute(entities.update().where(entities.c.key == key)
                         .values(name_norm=fold_words(name)))
    for qid, speaker, norm in conn.execute(sa.select(quotes.c.id, quotes.c.speaker,
                                                     quotes.c.speaker_norm)
                                           .where(quotes.c.speaker.is_not(None))).all():
        if fold_words(speaker) != norm:
            conn.execute(quotes.update().where(quotes.c.id == qid)
                         .values(speaker_norm=fold_words(speaker)))

    # 2. articles with an entity whose key changes, re-projected in the order they were added
    rows = conn.execute(sa.select(mentions.c.article_id, mentions.c.entity_key, mentions.c.name,
                                  entities.c.type)
                        .select_from(mentions.join(entities,
                                                   entities.c.key == mentions.c.entity_key))
                        ).all()
    affected = {a for a, key, name, type_ in rows if entity_key(name, type_) != key}
    if affected:
        _rekey(conn, backend, affected, entities, quotes, mentions, variants)

    # 3. the full-text index
    backend.fulltext.refold(conn, _stale)


def _rekey(conn, backend, affected, entities, quotes, mentions, variants) -> None:
    from dateline.corpus.keys import fold_words
    from dateline.corpus.rows import project
    from dateline.model import Article

    articles = sa.table("articles", sa.column("seq"), sa.column("id"), sa.column("record"))
    records = conn.execute(sa.select(articles.c.id, articles.c.record)
                           .where(articles.c.id.in_(sorted(affected)))
                           .order_by(articles.c.seq)).all()
    new_entity = backend.insert(entities).on_conflict_do_nothing(index_elements=["key"])
    add_variant = backend.insert(variants)
    add_variant = add_variant.on_conflict_do_update(
        index_elements=["entity_key", "variant"],
        set_={"mentions": variants.c.mentions + add_variant.excluded.mentions})
    for article_id, record in records:
        article = Article.model_validate_json(record)
        # take out what the article counted under its old keys
        old_keys = conn.execute(sa.select(mentions.c.entity_key)
                                .where(mentions.c.article_id == article_id)).scalars().all()
        old_variants: Counter[tuple[str, str]] = Counter()
        for ent in article.entities:
            key = _old_key(ent.name, ent.type)  # as the store computed it before
            for m in ent.mentions:
                old_variants[key, m.text] += 1
            if not ent.mentions:
                old_variants[key, ent.name] += 1
        conn.execute(mentions.delete().where(mentions.c.article_id == article_id))
        for key in old_keys:
            conn.execute(entities.update().where(entities.c.key == key)
                         .values(articles=entities.c.articles - 1))
        for (key, text), n in old_variants.items():
            conn.execute(variants.update().where(variants.c.entity_key == key,
                                                 variants.c.variant == text)
                         .values(mentions=variants.c.mentions - n))
        # and count it under the new ones
        rows = project(article)
        for e in rows.entities:
            conn.execute(new_entity, {"key": e.key, "name": e.name,
                                      "name_norm": fold_words(e.name), "type": e.type,
                                      "articles": 0})
        for r in rows.article_entities:
            conn.execute(mentions.insert().values(article_id=r.article_id,
                                                  entity_key=r.entity_key, local_id=r.local_id,
                                                  name=r.name, mentions=r.mentions))
            conn.execute(entities.update().where(entities.c.key == r.entity_key)
                         .values(articles=entities.c.articles + 1))
        for v in rows.entity_variants:
            conn.execute(add_variant.values(entity_key=v.entity_key, variant=v.variant,
                                            mentions=v.mentions))
        for q in rows.quotes:
            conn.execute(quotes.update().where(quotes.c.article_id == article_id,
                                               quotes.c.position == q.position)
                         .values(speaker_entity_key=q.speaker_entity_key))
    conn.execute(variants.delete().where(variants.c.mentions <= 0))
    used = sa.union(sa.select(mentions.c.entity_key), sa.select(variants.c.entity_key))
    conn.execute(entities.delete().where(entities.c.articles <= 0,
                                         entities.c.key.not_in(used)))


def _old_key(name: str, type_: str) -> str:
    """The entity key before this revision."""
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", old_fold(name)).strip("-")
    return f"{type_.lower()}:{slug or old_fold(name).strip()}"


def downgrade() -> None:
    """Nothing to undo in the schema; the old keys are not restored (they were lossy)."""
