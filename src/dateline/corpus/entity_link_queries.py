"""Reading and undoing entity links (:mod:`dateline.corpus.entity_links`): the conditions by which
the store's entity queries follow the links, and :class:`EntityLinksMixin`, the store's methods.

An entity ``K``'s articles are those whose own entity has key ``K`` and is not linked to another
entity, plus those whose entity is linked to ``K`` (``entity_links.status = 'linked'``); its
quotes likewise. :meth:`dateline.corpus.store.Store.search`, ``quotes``, ``entity`` and
``facets`` use these conditions, so a linked entity's quotes and articles show under the entity
it is linked to, and an unlinked one's go back.
"""

from __future__ import annotations

import json

import sqlalchemy as sa

from dateline.corpus.entity_link_scoring import full_key
from dateline.corpus.keys import clean, like_pattern
from dateline.corpus.results import ArticleVariants, EntityDetail, EntityLink
from dateline.corpus.schema import (
    article_entities,
    articles,
    entities,
    entity_article_variants,
    entity_links,
    entity_names,
    quotes,
)
from dateline.corpus.tracking import utc_now
from dateline.name_core import name_tokens

#: Links and articles an entity's detail lists.
DETAIL_LINKS, DETAIL_ARTICLES = 100, 20

_LINKED = entity_links.c.status == "linked"


def linked_keys(key: str) -> sa.Select:
    """Keys of the entities linked to ``key`` in some article."""
    return sa.select(entity_links.c.entity_key).where(entity_links.c.target_key == key, _LINKED)


def articles_of(keys: sa.Select | list[str]) -> sa.CompoundSelect:
    """Ids of the articles naming an entity of ``keys`` (a select of keys or a list), directly
    or through a link."""
    own = article_entities.alias("own_entities")
    return sa.union(
        sa.select(own.c.article_id).where(own.c.entity_key.in_(keys)),
        sa.select(entity_links.c.article_id).where(entity_links.c.target_key.in_(keys), _LINKED))


def member_articles(key: str) -> sa.CompoundSelect:
    """Ids of the articles of ``key``: its own (not linked away) and those linked to it."""
    own = article_entities.alias("own_entities")
    away = sa.select(entity_links.c.article_id).where(entity_links.c.entity_key == key, _LINKED)
    return sa.union(
        sa.select(own.c.article_id).where(own.c.entity_key == key, own.c.article_id.not_in(away)),
        sa.select(entity_links.c.article_id).where(entity_links.c.target_key == key, _LINKED))


def speaker_condition(key: str | sa.Select) -> sa.ColumnElement[bool]:
    """Quotes whose speaker is entity ``key`` (one key, or a select of keys): its own key and
    not linked away from it in the quote's article, or the key of an entity linked to it
    there."""
    q = quotes.alias("linked_quotes")

    def linked_quotes(cond: sa.ColumnElement[bool]) -> sa.Select:
        return (sa.select(q.c.id)  # through index ix_quotes_speaker_article
                .select_from(entity_links.join(q, sa.and_(
                    q.c.article_id == entity_links.c.article_id,
                    q.c.speaker_entity_key == entity_links.c.entity_key)))
                .where(cond, _LINKED))

    def of(column: sa.ColumnElement[str]) -> sa.ColumnElement[bool]:
        return column == key if isinstance(key, str) else column.in_(key)

    away = sa.select(entity_links.c.article_id).where(of(entity_links.c.entity_key), _LINKED)
    return sa.or_(sa.and_(of(quotes.c.speaker_entity_key), quotes.c.article_id.not_in(away)),
                  quotes.c.id.in_(linked_quotes(of(entity_links.c.target_key))))


def name_keys(name: str) -> sa.Select | None:
    """Keys of the canonical PERSON entities the speaker name ``name`` names, as the linker
    reads names (:func:`dateline.name_core.name_tokens`, the index ``entity_names``): for two
    or more tokens the canonical names with the same tokens in any order ("Mara Quist", "Quist,
    Mara", "Ms Mara Quist"); for one token ("Quist", "Ms Quist", "Mara") the one canonical
    name holding it, and none when two or more do (a surname two people share is not
    resolved to either). None when ``name`` has no name tokens."""
    tokens = name_tokens(name)
    if not tokens:
        return None
    n = entity_names
    if len(set(tokens)) > 1:
        return sa.select(n.c.entity_key).where(n.c.name_key == full_key(tokens))
    holders = sa.select(sa.func.count()).where(n.c.name_key == f"tok:{tokens[0]}")
    return sa.select(n.c.entity_key).where(n.c.name_key == f"tok:{tokens[0]}",
                                           holders.scalar_subquery() == 1)


def speaker_name_condition(name: str) -> sa.ColumnElement[bool]:
    """Quotes by the speaker ``name`` (not an entity key): those whose speaker's name as
    written contains the folded ``name`` (``"orban"`` finds ``Viktor Orbán``), and every
    quote of the entities it names (:func:`name_keys`) with their links followed
    (:func:`speaker_condition`), so ``"Mara Quist"`` finds what ``person:mara-quist`` finds:
    an article's "Quist" or "Quist, Mara" linked to her. A surname two canonical people
    share ("Quist" for Mara and Jon Quist) follows neither's links: it matches the speakers
    whose written name contains it, and nothing else; give the full name or the key to follow
    one person. Used by :meth:`dateline.corpus.Store.quotes` (CLI ``quotes --speaker``, the
    REST quote search) and :meth:`~dateline.corpus.Store.matching_articles` (alerts)."""
    written = quotes.c.speaker_norm.like(like_pattern(name), escape="\\")
    keys = name_keys(name)
    return written if keys is None else sa.or_(written, speaker_condition(keys))


def _link(row: sa.RowMapping) -> EntityLink:
    return EntityLink(**{**row, "support": json.loads(row["support"])})


class EntityLinksMixin:
    """Entity-link methods of :class:`dateline.corpus.Store` (needs ``self.engine``); its
    :meth:`entity` adds the links and the names per article to the detail of
    :meth:`dateline.corpus.search.SearchMixin.entity`."""

    engine: sa.Engine

    def entity(self, key: str, *, quotes_limit: int = 20, co_limit: int = 20
               ) -> EntityDetail | None:
        """:meth:`SearchMixin.entity` with ``links`` (links into and out of ``key``, newest
        first, at most :data:`DETAIL_LINKS`) and ``article_variants`` (the names written in
        its :data:`DETAIL_ARTICLES` newest articles)."""
        detail = super().entity(key, quotes_limit=quotes_limit,  # type: ignore[misc]
                                co_limit=co_limit)
        if detail is None:
            return None
        links, _ = self.entity_links(key, limit=DETAIL_LINKS)
        v = entity_article_variants
        n = sa.func.sum(v.c.mentions)
        with self.engine.connect() as conn:
            linked = conn.execute(
                sa.select(v.c.variant).select_from(v.join(entity_links, sa.and_(
                    entity_links.c.article_id == v.c.article_id,
                    entity_links.c.entity_key == v.c.entity_key)))
                .where(entity_links.c.target_key == clean(key), _LINKED)
                .group_by(v.c.variant).order_by(n.desc(), v.c.variant)).scalars().all()
        variants = list(dict.fromkeys([*detail.variants, *linked]))
        return detail.model_copy(update={"links": links, "variants": variants,
                                         "article_variants": self.article_variants(key)})

    def entity_links(self, key: str | None = None, *, status: str | None = None,
                     limit: int = 50, offset: int = 0) -> tuple[list[EntityLink], int]:
        """Links into or out of entity ``key`` (every link without it), newest first;
        ``status`` ``linked`` or ``unlinked`` to choose; ``(items, total)``."""
        conds = []
        if key:
            key = clean(key)
            conds.append(sa.or_(entity_links.c.target_key == key,
                                entity_links.c.entity_key == key))
        if status:
            conds.append(entity_links.c.status == status)
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(entity_links)
                                 .where(*conds)).scalar_one()
            rows = conn.execute(sa.select(entity_links).where(*conds)
                                .order_by(entity_links.c.id.desc()).limit(limit)
                                .offset(offset)).mappings().all()
        return [_link(r) for r in rows], total

    def entity_link(self, link_id: int) -> EntityLink | None:
        """One link by its id, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(entity_links).where(entity_links.c.id == link_id)
                               ).mappings().first()
        return None if row is None else _link(row)

    def unlink_entity(self, link_id: int) -> EntityLink | None:
        """Undo link ``link_id``: its entity's quotes and article count go back to its own key,
        the link stays with ``status = 'unlinked'`` and the time, and that entity key is never
        linked to that target again. Returns the link as it now is (unchanged when it was
        undone already), None when there is no such link. One transaction."""
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(entity_links).where(entity_links.c.id == link_id)
                               ).mappings().first()
            if row is None:
                return None
            if row["status"] == "linked":
                conn.execute(entity_links.update().where(entity_links.c.id == link_id)
                             .values(status="unlinked", undone=utc_now()))
                for k, d in ((row["entity_key"], 1), (row["target_key"], -1)):
                    conn.execute(entities.update().where(entities.c.key == k)
                                 .values(articles=entities.c.articles + d))
                row = conn.execute(sa.select(entity_links).where(entity_links.c.id == link_id)
                                   ).mappings().one()
        return _link(row)

    def article_variants(self, key: str, limit: int = DETAIL_ARTICLES) -> list[ArticleVariants]:
        """The names written for entity ``key`` in each of its ``limit`` newest articles (by
        publication day, undated last), entities linked to it included."""
        key = clean(key)
        linked = sa.select(entity_links.c.article_id, entity_links.c.entity_key).where(
            entity_links.c.target_key == key, _LINKED)
        with self.engine.connect() as conn:
            ids = conn.execute(
                sa.select(articles.c.id, articles.c.headline, articles.c.published)
                .where(articles.c.id.in_(member_articles(key)))
                .order_by(articles.c.published_day.desc().nulls_last(), articles.c.seq.desc())
                .limit(limit)).all()
            if not ids:
                return []
            keys = {a: k for a, k in conn.execute(
                linked.where(entity_links.c.article_id.in_([i[0] for i in ids])))}
            pairs = [(i[0], keys.get(i[0], key)) for i in ids]
            v = entity_article_variants
            rows = conn.execute(
                sa.select(v.c.article_id, v.c.entity_key, v.c.variant)
                .where(sa.tuple_(v.c.article_id, v.c.entity_key).in_(pairs))
                .order_by(v.c.mentions.desc(), v.c.variant)).all()
        names: dict[str, list[str]] = {}
        for article_id, _, variant in rows:
            names.setdefault(article_id, []).append(variant)
        return [ArticleVariants(article_id=a, headline=h, published=p,
                                entity_key=keys.get(a, key), variants=names.get(a, []))
                for a, h, p in ids]
