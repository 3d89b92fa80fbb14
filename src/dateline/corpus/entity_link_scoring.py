"""Scoring entity links (:mod:`dateline.corpus.entity_links`): the evidence an article gives
about one of its people (name tokens, titles, roles, honorific gender), and how a candidate
store entity is scored against it (see that module's docstring for the rules and the score).
The thresholds are here, each saying what set it."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from dateline.corpus.driver import DriverStatement
from dateline.corpus.schema import (
    article_entities,
    articles,
    entities,
    entity_features,
    entity_links,
    entity_names,
)
from dateline.text_fold import fold

if TYPE_CHECKING:
    from dateline.corpus.rows import ArticleEntityRow
    from dateline.model import Article, Entity

#: Candidates read per name key, most-mentioned first (bounds the cost of a common surname).
CANDIDATES = 20
#: Articles of a candidate whose entities are compared with the new article's.
SAMPLE = 50
#: Least score of a link and how many times the runner-up's it must be. Set on the generated
#: set of bench/entity_links.py (seed 11, 600 articles; grid MIN_SCORE 0.5-4.0 x MARGIN
#: 1.5-3.0, SUBSET_BASE 2.0): 3.0 and 1.5 gave pairwise precision 1.000, recall 0.980, F1
#: 0.990 (the best F1, 0.991, came with 1.0 and precision 0.995). The reported run is seed 12.
MIN_SCORE, MARGIN = 3.0, 1.5
#: Score of a title or role the candidate has held before ("prime minister", "mayor"; taken
#: off when the article and the candidate both have roles and none fits), and the head start
#: of a name_subset match over a bare surname. Set by hand with MIN_SCORE: a shared role adds
#: to the context but does not link alone; a subset name ("V. Orban") with nothing against it
#: links.
ROLE_WEIGHT, SUBSET_BASE = 1.0, MIN_SCORE
#: A store of fewer other articles counts as this many for the inverse document frequency: a
#: rare shared entity is evidence before the store is large enough to say how rare it is (a
#: surname fitting two candidates alike still stays unlinked by MARGIN). Set by hand.
PRIOR_ARTICLES = 50
#: Most context entities counted for one candidate (the heaviest ones).
MAX_SUPPORT = 5


@functools.cache
def names_and_gender():
    """:mod:`dateline.understand.names` and :func:`~dateline.understand.speakers.gender_of`,
    imported on the first link (they load spaCy, which reading the store does not need)."""
    from dateline.understand import names, speakers

    return names, speakers.gender_of


@functools.cache
def statements() -> dict[str, Any]:
    """The linker's reading statements, built once (building Core statements per lookup cost
    more than running them), with bind parameters: ``k`` a key, ``n`` a name key; run on the
    driver (:mod:`dateline.corpus.driver`: compiled once, no SQLAlchemy execution context per
    call). Each gives ``.scalars()`` and rows. The two with lists are :func:`shared_keys` and
    :func:`article_counts`."""
    b = sa.bindparam
    linked = entity_links.c.status == "linked"
    driver = {
        "blocked": sa.select(entity_links.c.target_key).where(
            entity_links.c.entity_key == b("k"), entity_links.c.status == "unlinked"),
        "owners": sa.select(entity_names.c.entity_key).where(entity_names.c.name_key == b("n")),
        "candidates": sa.select(entities.c.key, entities.c.name)
        .select_from(entity_names.join(entities, entities.c.key == entity_names.c.entity_key))
        .where(entity_names.c.name_key == b("n"))
        .order_by(entities.c.articles.desc(), entities.c.key).limit(CANDIDATES),
        "features": sa.select(entity_features.c.feature).where(
            entity_features.c.entity_key == b("k")),
        "own_sample": sa.select(article_entities.c.article_id).where(
            article_entities.c.entity_key == b("k")).limit(SAMPLE),
        "linked_sample": sa.select(entity_links.c.article_id).where(
            entity_links.c.target_key == b("k"), linked).limit(SAMPLE),
        "max_seq": sa.select(sa.func.max(articles.c.seq)),
        "context": sa.select(article_entities.c.entity_key).where(
            article_entities.c.article_id == b("k")),
        "context_links": sa.select(entity_links.c.target_key).where(
            entity_links.c.article_id == b("k"), linked),
    }
    return {name: DriverStatement(stmt) for name, stmt in driver.items()}


def _bucket(n: int) -> int:
    """The length an ``IN`` list of ``n`` values is padded to: the next power of two (one
    statement compiled per bucket, not per length)."""
    return 1 << max(0, n - 1).bit_length()


def _padded(values: list[str], prefix: str) -> dict[str, str]:
    """``values`` as the parameters ``{prefix}0``, ``{prefix}1``, ... of an ``IN`` list of
    :func:`_bucket` length, the last value repeated (``x IN (a, b, b)`` is ``x IN (a, b)``)."""
    return {f"{prefix}{i}": values[min(i, len(values) - 1)] for i in range(_bucket(len(values)))}


@functools.cache
def _shared_statement(n_ids: int, n_ctx: int) -> DriverStatement:
    """The ``context`` keys (``c0``...) that one of the articles ``i0``... names. The key is
    tested as ``entity_key || ''`` (the same text) so that no index on ``entity_key`` serves
    the test: SQLite otherwise read every article naming each context entity through
    ``ix_article_entities_entity_key`` (thousands of rows for a common one) where the primary
    key (article_id, entity_key) holds the few rows of the sampled articles: 0.40 -> 0.08 ms
    a lookup of 40 articles and 2 keys, 2.7 -> 0.1 ms with 20 keys (a copy of bench/corpus.py's
    100,000-article store, 2026-12-02, CPU time)."""
    b = sa.bindparam
    return DriverStatement(sa.select(article_entities.c.entity_key).distinct().where(
        article_entities.c.article_id.in_([b(f"i{i}") for i in range(n_ids)]),
        article_entities.c.entity_key.concat(sa.literal_column("''")).in_(
            [b(f"c{i}") for i in range(n_ctx)])))


@functools.cache
def _counts_statement(n: int) -> DriverStatement:
    """``(key, articles)`` of the entities ``c0``, ``c1``, ..."""
    return DriverStatement(sa.select(entities.c.key, entities.c.articles).where(
        entities.c.key.in_([sa.bindparam(f"c{i}") for i in range(n)])))


def shared_keys(conn: sa.Connection, ids: list[str], context: list[str]) -> set[str]:
    """The ``context`` entity keys that at least one of the articles ``ids`` names (both
    lists non-empty)."""
    params = _padded(ids, "i") | _padded(context, "c")
    return set(_shared_statement(_bucket(len(ids)), _bucket(len(context)))
               .execute(conn, params).scalars())


def article_counts(conn: sa.Connection, keys: list[str]) -> dict[str, int]:
    """``entities.articles`` of each of the entity ``keys`` that is stored."""
    if not keys:
        return {}
    return dict(_counts_statement(_bucket(len(keys))).execute(conn, _padded(keys, "c"))
                .tuples())


def run(conn: sa.Connection, name: str, params: dict | None = None) -> Any:
    """Run the reading statement ``name`` of :func:`statements` on ``conn``."""
    return statements()[name].execute(conn, params)


@functools.cache
def _honorifics() -> frozenset[str]:
    """The honorifics of ``understand/data/honorifics.txt`` ("mr", "dr", ...)."""
    from dateline import datafiles

    return frozenset(row[0] for row in datafiles.rows("dateline.understand", "honorifics.txt",
                                                      1, 2))


def roles_fit(a: str, b: str) -> bool:
    """Whether two ``role:`` features can be one person's: the same role, or a generic role
    ("leader") and a head role ("prime minister"; :func:`dateline.understand.names.
    role_matches`)."""
    names, _ = names_and_gender()
    return a == b or names.role_matches(a[5:], b[5:]) or names.role_matches(b[5:], a[5:])


@dataclass
class Local:
    """A PERSON entity of the new article: its ``article_entities`` row, name tokens, the titles
    and roles the article gives it (``role:prime minister``) and the genders its honorifics
    show (``gender:m``)."""

    row: ArticleEntityRow
    tokens: tuple[str, ...]
    features: set[str] = field(default_factory=set)
    target: str | None = None  # the store entity it names (its own key when canonical)
    canonical: bool = False  # a full name indexed for the first time by this article
    pending: bool = False  # unlinked, may link once its full name is stored
    indexed: bool = False  # its full name is a canonical name already
    blocked: set[str] | None = None  # targets its links were undone from (read on need)


@dataclass(frozen=True)
class Decision:
    """A link to be stored: the rule, the variant that matched (a name key without its
    ``full:``/``tok:`` prefix), the supporting evidence and the score."""

    target: str
    rule: str
    variant: str
    support: tuple[str, ...]
    score: float


def local_features(entity: Entity, article: Article, tokens: tuple[str, ...]) -> set[str]:
    """``role:ROLE`` for each title written right before a mention of ``entity`` ("Prime
    Minister Orban") and each role noun of a role mention ("the Hungarian prime minister"),
    ``gender:m``/``gender:f`` for a gendered honorific ("Mr Orban"). Mention offsets are
    code points into the record's strings."""
    names, gender_of = names_and_gender()
    out: set[str] = set()
    for m in entity.mentions:
        text = _part_text(article, m.part, m.index)
        folded = fold(m.text)
        if any(t in folded.split() for t in tokens):
            title = names.title_ending(text[:m.start]) if text else None
            if title and gender_of(title):
                out.add(f"gender:{gender_of(title)}")
            elif title and title not in _honorifics():  # "Dr" tells no role
                out.add(f"role:{names.canonical_role(title)}")
            continue
        words = " " + " ".join(folded.replace("'s", " ").split()) + " "
        found = [r for r, padded in _padded_roles() if padded in words]
        if found:
            out.add(f"role:{names.canonical_role(max(found, key=len))}")
    return {f for f in out if f not in ("role:", "gender:")}


@functools.cache
def _padded_roles() -> tuple[tuple[str, str], ...]:
    """Each role of ``data/roles.txt`` (:func:`dateline.understand.names.roles`, in its order)
    with a space either side, as :func:`local_features` looks for it among the words (made
    once: that dict was built for every PERSON entity of every new record)."""
    names, _ = names_and_gender()
    return tuple((role, f" {role} ") for role in names.roles())


def _part_text(article: Article, part: str, index: int) -> str | None:
    if part == "headline":
        return article.headline
    if part == "standfirst":
        return article.standfirst
    if part == "caption":
        return article.images[index].caption if index < len(article.images) else None
    return article.paragraphs[index] if index < len(article.paragraphs) else None


def full_key(tokens: tuple[str, ...]) -> str:
    """The order-free name key of a full name: ``full:`` and its sorted distinct tokens."""
    return "full:" + " ".join(sorted(set(tokens)))


def fits(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether every token of ``short`` stands for its own token of ``full``: the same token,
    or an initial of one ("v" for "viktor"). ``fits(("v", "orban"), ("viktor", "orban"))``."""
    left = list(full)
    for token in sorted(short, key=len, reverse=True):
        match = next((t for t in left if t == token), None)
        if match is None and len(token) == 1:
            match = next((t for t in left if t.startswith(token)), None)
        if match is None:
            return False
        left.remove(match)
    return True


class Stats:
    """Article counts of the store and of the new article's context entities, read once per
    article (for the inverse document frequency of a supporting entity)."""

    def __init__(self, conn: sa.Connection, context: set[str]) -> None:
        self.conn = conn
        self._n: int | None = None
        self._df: dict[str, int] = {}
        self._context = context

    def idf(self, key: str) -> float:
        if self._n is None:
            self._n = conn_max_seq(self.conn)
            self._df = article_counts(self.conn, sorted(self._context))
        # counts of the other articles: the new one names every context entity
        others, df = max(self._n - 1, PRIOR_ARTICLES), self._df.get(key, 1) - 1
        return max(0.0, math.log((others + 1) / (df + 1)))


def conn_max_seq(conn: sa.Connection) -> int:
    """The store's article count, as the largest ``articles.seq`` (an index lookup)."""
    return run(conn, "max_seq").scalar() or 0


def choose(conn: sa.Connection, local: Local, candidates: list[tuple[str, tuple[str, ...]]],
            context: set[str], stats: Stats, rule: str, base: float) -> Decision | None:
    """The candidate the article's context fits clearly best, as a :class:`Decision`, or None
    (see the module docstring for the score)."""
    if not candidates:
        return None
    genders = {f for f in local.features if f.startswith("gender:")}
    roles = {f for f in local.features if f.startswith("role:")}
    scored = []
    for cand, toks in candidates:
        feats = _features(conn, cand)
        cand_genders = {f for f in feats if f.startswith("gender:")}
        if genders and cand_genders and not genders & cand_genders:
            continue  # "Mr Berg" is not the Berg always called "Ms"
        support = []
        shared = _shared(conn, cand, context - {cand})
        weights = sorted(((stats.idf(k), k) for k in shared), reverse=True)[:MAX_SUPPORT]
        score = base + sum(w for w, _ in weights)
        support += [k for w, k in weights if w > 0]
        cand_roles = {f for f in feats if f.startswith("role:")}
        held = sorted(f for f in roles if any(roles_fit(f, g) for g in cand_roles))
        if held:
            score += ROLE_WEIGHT
            support += held
        elif roles and cand_roles:
            score -= ROLE_WEIGHT  # "Chairman Dvorak" is not the Dvorak always "Professor"
        this_rule = rule
        if rule == "surname" and local.tokens[0] != toks[-1]:
            this_rule, score = "given_name", score / 2
        scored.append((score, cand, this_rule, tuple(support)))
    if not scored:
        return None
    scored.sort(key=lambda s: (-s[0], s[1]))
    best = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if best[0] < MIN_SCORE or best[0] < MARGIN * runner_up or not (best[3] or base):
        return None
    variant = " ".join(local.tokens)
    return Decision(best[1], best[2], variant, best[3], best[0])


def _features(conn: sa.Connection, key: str) -> set[str]:
    return set(run(conn, "features", {"k": key}).scalars())


def _shared(conn: sa.Connection, cand: str, context: set[str]) -> set[str]:
    """The ``context`` keys that at least one of :data:`SAMPLE` articles of ``cand`` (its own
    and those linked to it) names too."""
    if not context:
        return set()
    sample = (set(run(conn, "own_sample", {"k": cand}).scalars())
              | set(run(conn, "linked_sample", {"k": cand}).scalars()))
    if not sample:
        return set()
    return shared_keys(conn, sorted(sample), sorted(context))
