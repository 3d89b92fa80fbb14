"""One entity across the store: the :class:`EntityLinker` across-article stage (issue 10 item 4).

Inside an article the understanding stage has already put "Viktor Orbán", "Orbán", "Mr Orban"
and "the Hungarian prime minister" under one entity with the fullest name as canonical
(:mod:`dateline.understand.entities`), and the corpus key folds diacritics with the one
:func:`dateline.text_fold.fold` ("Łukasz Kowalski" and "Lukasz Kowalski" are one key,
``person:lukasz-kowalski``). What stays apart is what differs across articles: the name order
("Orbán Viktor"), a shorter or longer full name ("Viktor Mihály Orbán"), an initial ("V.
Orban"), and an article that only ever writes the surname ("Orban", "Mr Orban", "Prime Minister
Orban": key ``person:orban``). This stage links each PERSON entity of a new article to the store
entity it names, by these rules, in this order:

``same_tokens``
    The same name tokens in any order (:func:`dateline.understand.names.name_tokens`: folded,
    titles, honorifics and possessives stripped) as a stored canonical name: linked, score 1.
``name_subset``
    Two or more tokens, all of them in a stored canonical name of two or more tokens, or all
    of its tokens in this one; an initial fits a token it begins ("V. Orban" fits "Viktor
    Orban"). Scored like a surname with :data:`SUBSET_BASE` added.
``surname`` / ``given_name``
    One token, the last (``surname``) or another (``given_name``: a given name, or a surname
    written first, "Orbán Viktor") token of stored canonical names. Scored by the article's
    context against each candidate's: the entities that the article names and the
    candidate's articles name too (each weighted by its inverse document frequency among the
    other articles, ``log((N + 1) / (df + 1))``, N the store's other articles but at least
    :data:`PRIOR_ARTICLES` and df those naming it), a title or role the article gives the
    entity that the candidate has been given before (:data:`ROLE_WEIGHT`), and an
    honorific's gender ("Mr" never links to someone only ever called "Ms"); a role that fits
    none the candidate held counts against it. A ``given_name`` match scores half.

A full name that links to nothing becomes canonical (indexed for the next articles) unless it
has an initial: "V. Orban" waits for a "Viktor Orban" to link to.

A scored candidate links when its score is at least :data:`MIN_SCORE` and at least
:data:`MARGIN` times the runner-up's (thresholds and weights are in
:mod:`dateline.corpus.entity_link_scoring`): a surname whose context fits no candidate, or two
candidates alike ("Berg" in an article about neither Anna nor Tomas Berg, or about both),
stays unlinked. A one-token name that is a token of another person's name in the same article
is not linked (the article itself could not tell them apart).

The lookup is indexed and bounded: candidates come from ``entity_names`` (``full:`` and ``tok:``
keys of canonical names, at most ``CANDIDATES`` a key) and a candidate's context from at
most ``SAMPLE`` of its articles, so a link costs about the same at ten articles or ten million.
Each link is a row of ``entity_links`` with its evidence (the rule, the name variant that
matched, the supporting entities and roles, the score); the entity's article count moves with
it (``entities.articles``) and
:meth:`dateline.corpus.entity_link_queries.EntityLinksMixin.unlink_entity` undoes it (the link
stays, ``status = 'unlinked'``, and the same entity key is never linked to that target again).
``entity_article_variants`` keeps the names as written per article and entity,
``entity_features`` the titles, roles and genders each canonical entity has
been given. Tables: :mod:`dateline.corpus.schema` (last block), docs/store.md.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from dateline.corpus.driver import DriverStatement
from dateline.corpus.entity_link_scoring import (
    SUBSET_BASE,
    Decision,
    Local,
    Stats,
    choose,
    fits,
    full_key,
    local_features,
    names_and_gender,
    run,
)
from dateline.corpus.keys import entity_key
from dateline.corpus.rows import ArticleEntityRow
from dateline.corpus.schema import (
    entities,
    entity_article_variants,
    entity_features,
    entity_link_pending,
    entity_links,
    entity_names,
)
from dateline.corpus.tracking import utc_now

if TYPE_CHECKING:
    from dateline.corpus.backends import Backend
    from dateline.corpus.rows import Projection
    from dateline.model import Article

#: Earlier unlinked names looked at when a full name first becomes canonical.
BACKLINK_SAMPLE = 20
#: Link rules, as stored in ``entity_links.rule``.
RULES = ("same_tokens", "name_subset", "surname", "given_name")
class EntityLinker:
    """The across-article stage of entity linking (see the module docstring)."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._stmts: dict[str, Any] = {}

    def _statements(self) -> dict[str, Any]:
        if self._stmts:
            return self._stmts
        insert = self.backend.insert
        feature = insert(entity_features)
        # run on the driver (:mod:`.driver`): compiled once, no execution context per call
        self._stmts = {
            "variant": DriverStatement(entity_article_variants.insert(),
                                       ["article_id", "entity_key", "variant", "mentions"]),
            "name": DriverStatement(insert(entity_names).on_conflict_do_nothing(
                index_elements=["name_key", "entity_key"]), ["name_key", "entity_key"]),
            "feature": DriverStatement(feature.on_conflict_do_update(
                index_elements=["entity_key", "feature"],
                set_={"articles": entity_features.c.articles + 1}),
                ["entity_key", "feature", "articles"]),
            "link": DriverStatement(entity_links.insert().inline(), [
                "article_id", "entity_key", "name", "target_key", "rule", "variant", "support",
                "score", "status", "created", "undone"]),
            "pending": DriverStatement(entity_link_pending.insert(),
                                       ["article_id", "entity_key", "name", "features"]),
            "move": DriverStatement(entities.update().where(entities.c.key == sa.bindparam("k"))
                                    .values(articles=entities.c.articles + sa.bindparam("d"))),
        }
        return self._stmts

    def link(self, conn: sa.Connection, article: Article, rows: Projection) -> None:
        """Store the article's names as written per entity and link its PERSON entities to
        the store's (the rules of the module docstring). Raises only ``sqlalchemy`` errors."""
        st = self._statements()
        if rows.entity_variants:
            st["variant"].execute(conn, [
                {"article_id": v.article_id, "entity_key": v.entity_key, "variant": v.variant,
                 "mentions": v.mentions} for v in rows.entity_variants])
        people = self.people(article, rows)
        if not people:
            return
        decisions = self.decide(conn, people, rows)
        self._store(conn, article.id, [(p, decisions[p.row.entity_key]) for p in people
                                       if p.row.entity_key in decisions])
        features = [{"entity_key": p.target, "feature": f, "articles": 1}
                    for p in people if p.target for f in sorted(p.features)]
        if features:
            st["feature"].execute(conn, features)
        pending = [{"article_id": article.id, "entity_key": p.row.entity_key,
                    "name": p.row.name, "features": json.dumps(sorted(p.features))}
                   for p in people if p.pending]
        if pending:
            st["pending"].execute(conn, pending)
        for local in people:
            if local.canonical:
                self._backlink(conn, article.id, local)

    def _store(self, conn: sa.Connection, article_id: str,
               decided: list[tuple[Local, Decision]]) -> None:
        """Write the links of one article's entities and move their article counts."""
        if not decided:
            return
        now = utc_now()
        self._statements()["link"].execute(conn, [
            {"article_id": article_id, "entity_key": local.row.entity_key,
             "name": local.row.name, "target_key": d.target, "rule": d.rule,
             "variant": d.variant, "support": json.dumps(list(d.support), ensure_ascii=False),
             "score": round(d.score, 4), "status": "linked", "created": now, "undone": None}
            for local, d in decided])
        self._statements()["move"].execute(conn, [
            move for local, d in decided
            for move in ({"k": local.row.entity_key, "d": -1}, {"k": d.target, "d": 1})])

    def _backlink(self, conn: sa.Connection, article_id: str, canon: Local) -> None:
        """Link entities of earlier articles that waited for ``canon``, a name just made
        canonical: their one-token names ("Kettering") and initials ("H. Kettering") that
        stayed unlinked (``entity_link_pending``, at most :data:`BACKLINK_SAMPLE`), each
        decided as if its article were new, and linked only when the decision is ``canon``."""
        names, _ = names_and_gender()
        toks = canon.tokens
        keys = {entity_key(t, "PERSON") for t in toks if len(t) > 1}
        keys |= {entity_key(" ".join(t[0] if j == i else t for j, t in enumerate(toks)),
                            "PERSON") for i in range(len(toks) - 1)}
        p = entity_link_pending
        waiting = conn.execute(sa.select(p).where(p.c.entity_key.in_(sorted(keys)),
                                                  p.c.article_id != article_id)
                               .limit(BACKLINK_SAMPLE)).mappings().all()
        for row in waiting:
            tokens = names.name_tokens(row["name"])
            if not tokens:
                continue
            local = Local(ArticleEntityRow(
                article_id=row["article_id"], entity_key=row["entity_key"], local_id="",
                name=row["name"], type="PERSON", mentions=0), tokens,
                set(json.loads(row["features"])))
            context = set(run(conn, "context", {"k": row["article_id"]}).scalars())
            context |= set(run(conn, "context_links", {"k": row["article_id"]}).scalars())
            stats = Stats(conn, context)
            decision = (self._single(conn, local, context, stats) if len(tokens) == 1
                        else self._full(conn, local, context, stats))
            if decision is None or decision.target != canon.row.entity_key:
                continue
            self._store(conn, row["article_id"], [(local, decision)])
            if local.features:
                self._statements()["feature"].execute(conn, [
                    {"entity_key": decision.target, "feature": f, "articles": 1}
                    for f in sorted(local.features)])
            conn.execute(p.delete().where(p.c.article_id == row["article_id"],
                                          p.c.entity_key == row["entity_key"]))

    @staticmethod
    def people(article: Article, rows: Projection) -> list[Local]:
        """The PERSON entities of the record with their name tokens and features."""
        names, _ = names_and_gender()
        by_id = {e.id: e for e in article.entities}
        out = []
        for row in rows.article_entities:
            if row.type != "PERSON" or row.local_id not in by_id:
                continue
            tokens = names.name_tokens(row.name)
            if tokens:
                out.append(Local(row, tokens, local_features(by_id[row.local_id], article,
                                                             tokens)))
        return out

    def decide(self, conn: sa.Connection, people: list[Local], rows: Projection
               ) -> dict[str, Decision]:
        """The links of the article's people, by entity key; sets each one's ``target``.
        Full names first (a new canonical name is indexed), then one-token names, scored
        against the context of the article (its entities, with the full names resolved)."""
        decisions: dict[str, Decision] = {}
        context = {r.entity_key for r in rows.article_entities}
        full = [p for p in people if len(p.tokens) > 1]
        single = [p for p in people if len(p.tokens) == 1]
        stats = Stats(conn, context)
        for local in full:
            decision = self._full(conn, local, context, stats)
            if decision is not None:
                decisions[local.row.entity_key] = decision
                local.target = decision.target
                context.add(decision.target)
            else:
                local.target = local.row.entity_key
                if all(len(t) > 1 for t in local.tokens):  # "V. Orban" is never canonical
                    if not local.indexed:
                        self._index(conn, local)
                        local.canonical = True
                else:
                    local.pending = True  # waits for a full name to link to
        others = {t for p in full for t in p.tokens}
        for local in single:
            if local.tokens[0] in others:
                continue  # two people of the article share it: the article cannot tell
            decision = self._single(conn, local, context, stats)
            if decision is not None:
                decisions[local.row.entity_key] = decision
                local.target = decision.target
            else:
                local.pending = True
        return decisions

    def _index(self, conn: sa.Connection, local: Local) -> None:
        """Index a new canonical name under its ``full:`` and ``tok:`` keys."""
        keys = [full_key(local.tokens)] + [f"tok:{t}" for t in dict.fromkeys(local.tokens)
                                           if len(t) > 1]
        self._statements()["name"].execute(conn,
                     [{"name_key": k, "entity_key": local.row.entity_key} for k in keys])

    def _full(self, conn: sa.Connection, local: Local, context: set[str], stats: Stats
              ) -> Decision | None:
        key = local.row.entity_key
        fkey = full_key(local.tokens)
        owners = run(conn, "owners", {"n": fkey}).scalars()
        if key in owners:
            local.indexed = True
            return None
        owners = [o for o in owners if o not in blocked_of(conn, local)] if owners else []
        if owners:
            return Decision(min(owners), "same_tokens", fkey[5:], (), 1.0)
        longest = max((t for t in local.tokens if len(t) > 1), key=len, default=None)
        if longest is None:
            return None
        candidates = [(c, toks) for c, toks in _candidates(conn, f"tok:{longest}", local)
                      if len(toks) > 1 and set(toks) != set(local.tokens)
                      and (fits(local.tokens, toks) or fits(toks, local.tokens))]
        return choose(conn, local, candidates, context - {key}, stats, "name_subset",
                       SUBSET_BASE)

    def _single(self, conn: sa.Connection, local: Local, context: set[str], stats: Stats
                ) -> Decision | None:
        key = local.row.entity_key
        token = local.tokens[0]
        if len(token) < 2:
            return None
        candidates = [(c, toks) for c, toks in
                      _candidates(conn, f"tok:{token}", local) if len(toks) > 1]
        return choose(conn, local, candidates, context - {key}, stats, "surname", 0.0)


def blocked_of(conn: sa.Connection, local: Local) -> set[str]:
    """The targets a link of ``local``'s entity key was undone from (never linked to again),
    read on first need."""
    if local.blocked is None:
        local.blocked = set(run(conn, "blocked", {"k": local.row.entity_key}).scalars())
    return local.blocked


def _candidates(conn: sa.Connection, name_key: str, local: Local
                ) -> list[tuple[str, tuple[str, ...]]]:
    """Up to ``CANDIDATES`` canonical entities indexed under ``name_key``, most articles
    first, with their name tokens; not ``local``'s own entity nor one it was unlinked from."""
    names, _ = names_and_gender()
    own = local.row.entity_key
    found = [(key, name) for key, name in run(conn, "candidates", {"n": name_key})
             if key != own]
    if not found:
        return []
    blocked = blocked_of(conn, local)
    return [(key, names.name_tokens(name)) for key, name in found if key not in blocked]


