"""Reading the corpus: full-text search, quotes, entities, facets and quote lookup.

Full text goes through the store's :class:`dateline.corpus.fulltext.FullText` (SQLite FTS5 or
PostgreSQL tsvector; both fold case and Latin diacritics and neither stems, so both give the same
matches). User queries go through :func:`dateline.corpus.keys.query_terms`: words are ANDed,
``"quoted phrases"``, ``OR`` and a trailing ``*`` (prefix) are understood, and anything else is
searched as plain words, so no query can raise a syntax error. Results are the models of
:mod:`dateline.corpus.results`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from rapidfuzz import fuzz, utils

from dateline.corpus.cjk import has_cjk, text_bigrams
from dateline.corpus.duplicate_reads import DuplicatesMixin
from dateline.corpus.entity_link_queries import (
    articles_of,
    linked_keys,
    member_articles,
    speaker_condition,
    speaker_name_condition,
)
from dateline.corpus.entity_names import display_names
from dateline.corpus.fulltext import FullText
from dateline.corpus.group_lines import group_line
from dateline.corpus.ids import full_id
from dateline.corpus.keys import clean, fold_words, like_pattern, query_terms, search_terms
from dateline.corpus.provenance import report_time
from dateline.corpus.results import (
    ArticleHit,
    CoEntity,
    EntityDetail,
    EntityFacet,
    EntitySummary,
    FacetCount,
    Facets,
    LookupHit,
    MonthCount,
    QuoteHit,
)
from dateline.corpus.schema import (
    article_entities,
    articles,
    entities,
    entity_variants,
    quotes,
    story_articles,
)

#: Quote lookup: how many full-text candidates rapidfuzz scores, and the fewest quotes below
#: which every stored quote is scored (no prefilter). Set by hand for speed, not tuned.
LOOKUP_CANDIDATES = 300
LOOKUP_SCAN_ALL = 2000

_WORD = re.compile(r"\w{3,}")
_KEY = re.compile(r"^[a-z_]+:\S+$")  # an entity key such as person:viktor-orban
_QUOTE_FIELDS = tuple(QuoteHit.model_fields)


def _quote_hit(row: sa.RowMapping) -> QuoteHit:
    return QuoteHit(**{k: row[k] for k in _QUOTE_FIELDS})


def _copy_key(groups: dict[str, str], hit: QuoteHit) -> tuple:
    """What the reports of one quotation in the copies of one article share: the article's
    duplicate group (``groups``: ``{article_id: group_id}``; the article itself outside any),
    the kind, the text and the speaker (entity key, else as written)."""
    return (groups.get(hit.article_id, hit.article_id), hit.kind, hit.text,
            hit.speaker_entity_key or hit.speaker)


class SearchMixin(DuplicatesMixin):
    """Read methods of :class:`dateline.corpus.Store` (needs ``self.engine`` and
    ``self.fulltext``); duplicate groups collapse search results (:class:`DuplicatesMixin`)."""

    engine: sa.Engine
    fulltext: FullText

    # -- conditions -----------------------------------------------------------------------

    @staticmethod
    def _entity_keys(entity: str) -> sa.Select:
        """Keys of the entities named by ``entity``: its exact key, or every entity whose
        folded canonical name equals the folded ``entity`` or ends with it as its last words
        (``"Orbán"`` names ``Viktor Orbán``; ``"ban"`` does not)."""
        entity = clean(entity)
        name = " ".join(fold_words(entity).split())
        conds = [entities.c.key == entity]
        if name:
            conds += [entities.c.name_norm == name,
                      entities.c.name_norm.like("% " + like_pattern(name)[1:-1], escape="\\")]
        return sa.select(entities.c.key).where(sa.or_(*conds))

    def _filters(self, publisher=None, since=None, until=None, entity=None
                 ) -> list[sa.ColumnElement[bool]]:
        conds: list[sa.ColumnElement[bool]] = []
        if publisher:
            conds.append(articles.c.publisher.in_(
                [clean(p) for p in ([publisher] if isinstance(publisher, str) else publisher)]))
        if since:
            conds.append(articles.c.published_day >= clean(str(since))[:10])
        if until:
            conds.append(articles.c.published_day <= clean(str(until))[:10])
        if entity:  # its own articles and those of entities linked to it
            conds.append(articles.c.id.in_(articles_of(self._entity_keys(entity))))
        return conds

    def _speaker_cond(self, speaker: str) -> sa.ColumnElement[bool]:
        speaker = clean(speaker)
        if _KEY.match(speaker):  # an entity key: the indexed column, following entity links
            return speaker_condition(speaker)
        return speaker_name_condition(speaker)

    # -- articles -------------------------------------------------------------------------

    def article_id_for(self, given: str) -> str | None:
        """The full id of the article ``given`` names: its id, or the start of exactly one
        stored article's id (``dateline search`` prints 12 characters; at least
        :data:`dateline.corpus.ids.MIN_PREFIX`), else None. The same reading as
        :meth:`story_id_for` (:func:`dateline.corpus.ids.full_id`); the web's article routes
        take ids through it. Raises :class:`~dateline.errors.IdPrefixError` for the start of
        several ids or one too short."""
        with self.engine.connect() as conn:
            return full_id(conn, articles.c.id, given, ("article", "articles"))

    def search(self, q: str | None = None, *, publisher: str | list[str] | None = None,
               since: str | None = None, until: str | None = None, entity: str | None = None,
               limit: int = 20, offset: int = 0, mark: tuple[str, str] = ("<mark>", "</mark>"),
               collapse: bool = True) -> tuple[list[ArticleHit], int]:
        """Search articles; return ``(items, total)``.

        ``q`` is a user's search string (see the module docstring); ``publisher`` one name or
        a list; ``since``/``until`` ``YYYY-MM-DD`` (or ISO date-times, cut to the date),
        inclusive, compared with the page's local publication date; ``entity`` an entity key
        (``person:viktor-orban``) or a name (case and accents ignored; the full canonical name
        or its last words, ``Orbán``: see ``_entity_keys``). Items are best match first with
        ``q`` (newest first without). Their snippet is HTML-safe: the words of the article's
        standfirst and body around the best hit (:mod:`dateline.corpus.snippets`), escaped,
        the matched words wrapped in ``mark`` (``("", "")`` for none); without ``q`` the
        standfirst or the start of the body.

        With ``collapse`` (the default) a duplicate group (:mod:`dateline.corpus.duplicates`)
        is one item at its best-ranked (or newest) matching member's place, showing the group's
        original where it passes the filters (:mod:`dateline.corpus.group_lines`: its id,
        headline, publisher, date; the copy's snippet, and its id in ``matched_id``, when that
        matched more query words), with ``duplicates`` the number of the group's other members;
        ``limit`` and ``offset`` count items, while ``total`` still counts matching articles
        (counting groups would read every match).
        """
        terms = search_terms(q)
        conds = self._filters(publisher, since, until, entity)
        cols = [articles.c.seq, articles.c.id, articles.c.headline, articles.c.publisher,
                articles.c.published, articles.c.standfirst, articles.c.body]
        newest = (articles.c.published_day.desc().nulls_last(), articles.c.seq.desc())
        with self.engine.connect() as conn:
            counted: list[int] = []
            if terms:
                def ranked(n: int, skip: int) -> list[int]:
                    count, seqs = self.fulltext.rank_articles(conn, terms, conds, n, skip)
                    counted.append(count)
                    return seqs
            else:
                def ranked(n: int, skip: int) -> list[int]:
                    return list(conn.execute(sa.select(articles.c.seq).where(*conds)
                                             .order_by(*newest).limit(n).offset(skip))
                                .scalars())

                counted.append(conn.execute(sa.select(sa.func.count()).select_from(articles)
                                            .where(*conds)).scalar_one())
            if collapse:
                seqs, groups = self.one_per_group(conn, ranked, limit, offset)
            else:
                seqs = ranked(limit, offset)
                groups = self.groups_of_seqs(conn, seqs)
            total = counted[0]
            # the page's hits and, collapsed, their groups' originals that pass the filters
            # (group_lines.py), in one query
            wanted: sa.ColumnElement[bool] = articles.c.seq.in_(seqs)
            if collapse and groups:
                wanted = sa.or_(wanted, sa.and_(articles.c.id.in_(sorted(set(groups.values()))),
                                                *conds))
            rows: Sequence[sa.RowMapping] = [] if not seqs else conn.execute(
                sa.select(*cols, story_articles.c.story_id).select_from(articles.outerjoin(
                    story_articles, story_articles.c.article_id == articles.c.id))
                .where(wanted)).mappings().all()
            found, by_id = {}, {}
            for r in rows:
                found[r["seq"]] = by_id[r["id"]] = r
            sizes = self.group_sizes(conn, groups.values())

            def snip(standfirst, body, marks):
                return self.fulltext.snippet(standfirst, body, terms, marks)

            items = [group_line(found[seq], by_id.get(groups.get(seq)) if collapse else None,
                                snip, mark, groups.get(seq),
                                max(0, sizes.get(groups.get(seq, ""), 1) - 1))
                     for seq in seqs]
            return items, total

    def article_matches(self, article_id: str, *, query: str | None = None,
                        speaker: str | None = None, entity: str | None = None) -> bool:
        """True when the stored article ``article_id`` matches a saved search: the full-text
        ``query`` (as :meth:`search`), has the ``entity`` (as :meth:`search`) and has a quote by
        ``speaker`` (as :meth:`quotes`), each only when given. For checking alerts on ingest."""
        return bool(self.matching_articles([article_id], query=query, speaker=speaker,
                                           entity=entity))

    def matching_articles(self, among: list[str] | None = None, *, query: str | None = None,
                          speaker: str | None = None, entity: str | None = None,
                          story_id: str | None = None,
                          event_types: str | list[str] | None = None) -> list[str]:
        """The ids of the stored articles that match a saved search (the criteria as for
        :meth:`article_matches`; ``story_id``: the article is in that story; ``event_types``:
        it has an event of one of those PLOVER types done by or to ``entity``,
        :func:`dateline.corpus.events.events_cond`), in storing order: of the ids ``among``,
        or of the whole corpus when ``among`` is ``None`` (an alert run over what is stored).
        One query."""
        conds = self._filters(entity=entity)
        if event_types:
            from dateline.corpus.events import events_cond  # events.py reads this module

            conds.append(events_cond(event_types, entity))
        if story_id:
            conds.append(articles.c.id.in_(sa.select(story_articles.c.article_id).where(
                story_articles.c.story_id == clean(story_id))))
        if among is not None:
            if not among:
                return []
            conds.append(articles.c.id.in_([clean(a) for a in among]))
        terms = query_terms(query)
        if terms:
            conds.append(self.fulltext.article_match(terms))
        if speaker:
            said = sa.select(quotes.c.article_id).where(self._speaker_cond(speaker))
            if among is not None:
                said = said.where(quotes.c.article_id.in_([clean(a) for a in among]))
            conds.append(articles.c.id.in_(said))
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(articles.c.id).where(*conds)
                                     .order_by(articles.c.seq)).scalars())

    def facets(self, q: str | None = None, *, publisher=None, since=None, until=None,
               entity=None, limit: int = 10) -> Facets:
        """Counts over the articles a :meth:`search` with the same arguments finds: publishers
        (``value`` the name), entities (``value`` the key) and months (``value`` ``YYYY-MM``),
        each with its ``count`` of articles; publishers and entities the ``limit`` most
        frequent (ties by name), months all, in order."""
        conds = self._filters(publisher, since, until, entity)
        terms = search_terms(q)
        if terms:
            conds.append(self.fulltext.article_match(terms))
        matched = sa.select(articles.c.id).where(*conds)
        n = sa.func.count().label("count")
        month = sa.func.substr(articles.c.published_day, 1, 7).label("value")
        with self.engine.connect() as conn:
            pub_rows = conn.execute(
                sa.select(articles.c.publisher.label("value"), n).where(*conds)
                .where(articles.c.publisher.is_not(None)).group_by(articles.c.publisher)
                .order_by(n.desc(), articles.c.publisher).limit(limit)).mappings()
            pubs = [FacetCount(**r) for r in pub_rows]
            if conds:
                ent_rows = conn.execute(
                    sa.select(entities.c.key.label("value"), entities.c.name, entities.c.type, n)
                    .select_from(article_entities.join(
                        entities, entities.c.key == article_entities.c.entity_key))
                    .where(article_entities.c.article_id.in_(matched))
                    .group_by(entities.c.key, entities.c.name, entities.c.type)
                    .order_by(n.desc(), entities.c.name).limit(limit)).mappings()
            else:  # the whole corpus: the counter column, no grouping
                ent_rows = conn.execute(
                    sa.select(entities.c.key.label("value"), entities.c.name, entities.c.type,
                              entities.c.articles.label("count"))
                    .where(entities.c.articles > 0)
                    .order_by(entities.c.articles.desc(), entities.c.name).limit(limit)
                ).mappings()
            listed = ent_rows.all()
            names = display_names(conn, {r["value"]: r["name"] for r in listed})
            ents = [EntityFacet(**{**r, "name": names[r["value"]]}) for r in listed]
            months = conn.execute(
                sa.select(month, n).where(*conds).where(articles.c.published_day.is_not(None))
                .group_by(month).order_by(month)).mappings()
            return Facets(publisher=pubs, entity=ents, month=[FacetCount(**r) for r in months])

    # -- quotes ---------------------------------------------------------------------------

    def _quote_select(self) -> sa.Select:
        return (sa.select(quotes.c.article_id, articles.c.headline, articles.c.publisher,
                          articles.c.published, quotes.c.kind, quotes.c.text, quotes.c.speaker,
                          quotes.c.speaker_entity_key, quotes.c.cue, quotes.c.medium,
                          quotes.c.id.label("quote_id"))
                .select_from(quotes.join(articles, articles.c.id == quotes.c.article_id)))

    def quotes(self, *, speaker: str | None = None, about: str | None = None,
               q: str | None = None, since: str | None = None, until: str | None = None,
               limit: int = 20, offset: int = 0, collapse: bool = True
               ) -> tuple[list[QuoteHit], int]:
        """Find quotations; return ``(items, total)``, newest publication day first (undated
        last), then by article id, then in reading order.

        With ``collapse`` (the default) the same quotation (kind, text, speaker) in the copies
        of one article (its duplicate group) is one item, the group's original where it is
        among them; ``limit`` and ``offset`` count items while ``total`` counts quotations, as
        :meth:`search` does.

        ``speaker``: an entity key, or a name matched case- and accent-insensitively anywhere in
        the speaker's name (``"orban"`` finds ``Viktor Orbán``) and, through the entity links,
        also every quote of the person it names (``"Mara Quist"`` as ``person:mara-quist``;
        a surname two people share names neither:
        :func:`dateline.corpus.entity_link_queries.speaker_name_condition`). ``about``: an
        entity key or name as for :meth:`search`; matches quotes whose article has that
        entity, or whose text contains the name as a phrase. ``q``: full-text words in the
        quote's text or speaker. ``since``/``until``: dates as for :meth:`search`."""
        conds: list[sa.ColumnElement[bool]] = []
        if since:
            conds.append(quotes.c.published_day >= clean(str(since))[:10])
        if until:
            conds.append(quotes.c.published_day <= clean(str(until))[:10])
        if speaker:
            conds.append(self._speaker_cond(speaker))
        if about:
            in_article = quotes.c.article_id.in_(articles_of(self._entity_keys(about)))
            name_terms = [t for term in query_terms(about.split(":", 1)[-1].replace("-", " "))
                          if term != "OR" for t in term]
            conds.append(sa.or_(in_article, self.fulltext.quote_match([name_terms]))
                         if name_terms else in_article)
        terms = search_terms(q)
        if terms:
            conds.append(self.fulltext.quote_match(terms))
        stmt = self._quote_select().where(*conds)
        with self.engine.connect() as conn:
            # every condition is on quotes columns: count without the join
            total = conn.execute(sa.select(sa.func.count()).select_from(quotes).where(*conds)
                                 ).scalar_one()
            # the order of index ix_quotes_listing (migration 0003)
            ordered = stmt.order_by(quotes.c.published_day.desc().nulls_last(),
                                    quotes.c.article_id.desc(), quotes.c.position)
            if not collapse:
                page = conn.execute(ordered.limit(limit).offset(offset)).mappings()
                return [_quote_hit(r) for r in page], total
            # read from the top in growing windows, as one_per_group does for articles
            want, n = offset + limit, max(2 * (offset + limit), 40)
            while True:
                rows = conn.execute(ordered.limit(n)).mappings().all()
                kept = self._fold_quote_copies(conn, [_quote_hit(r) for r in rows])
                if len(kept) >= want or len(rows) < n:
                    return kept[offset:want], total
                n *= 4

    def _fold_quote_copies(self, conn: sa.Connection, hits: list[QuoteHit]) -> list[QuoteHit]:
        """``hits`` with the reports of one quotation in one duplicate group folded into one,
        at the first one's place: the group's original where it is among them."""
        groups = self.duplicate_group_ids((h.article_id for h in hits), conn)
        at: dict[tuple, int] = {}
        kept: list[QuoteHit] = []
        for hit in hits:
            key = _copy_key(groups, hit)
            if key not in at:
                at[key] = len(kept)
                kept.append(hit)
            elif hit.article_id == key[0]:  # the original (its id is the group's) stands for them
                kept[at[key]] = hit
        return kept

    def lookup_quote(self, text: str, limit: int = 5, min_score: float = 50.0, *,
                     collapse: bool = True) -> list[LookupHit]:
        """The stored quotes closest to ``text`` (a pasted quotation, wording may differ), best
        first, ties by earliest publication (in UTC, undated last): items of :meth:`quotes`
        with ``score`` (0-100, the mean of rapidfuzz ``token_set_ratio`` and ``partial_ratio``
        on lower-cased, punctuation-stripped text), only those scoring at least ``min_score``.
        Candidates are the ``LOOKUP_CANDIDATES`` best full-text matches of any of the text's
        words (3+ letters), or every quote when the store holds at most ``LOOKUP_SCAN_ALL``.
        Each hit has its
        ``quote_id``; ``Store.with_provenance`` adds its provenance. With ``collapse`` (the
        default) the same quotation (kind, text, speaker) in the copies of one article (its
        duplicate group) is one hit, the first in that order, counting the others in
        ``copies``; the conflicting speaker, the misquote and the copy in another article stay
        hits of their own."""
        # a run of CJK characters (one \w run) is looked up by its bigrams, any of them
        words = sorted({w for w in _WORD.findall(fold_words(text)) if not has_cjk(w)}
                       | set(text_bigrams(text)), key=lambda w: (-len(w), w))[:16]
        if not words:
            return []
        with self.engine.connect() as conn:
            n_quotes = conn.execute(sa.select(sa.func.count()).select_from(quotes)).scalar_one()
            stmt = self._quote_select()
            if n_quotes > LOOKUP_SCAN_ALL:
                terms: list[list[str] | str] = []
                for word in words:
                    terms += [[word], "OR"]
                terms.pop()
                ids = self.fulltext.rank_quotes(terms, LOOKUP_CANDIDATES)
                stmt = stmt.where(quotes.c.id.in_(ids.scalar_subquery()))
            rows = conn.execute(stmt).mappings().all()
        wanted = utils.default_process(text)
        scored = []
        for row in rows:
            have = utils.default_process(row["text"])
            score = (fuzz.token_set_ratio(wanted, have) + fuzz.partial_ratio(wanted, have)) / 2
            if score >= min_score:
                scored.append(LookupHit(**{k: row[k] for k in _QUOTE_FIELDS},
                                        score=round(score, 1)))
        scored.sort(key=lambda r: (-r.score, report_time(r.published)))  # ties: earliest in UTC
        if collapse:
            scored = self._fold_copies(scored)
        return scored[:limit]

    def _fold_copies(self, hits: list[LookupHit]) -> list[LookupHit]:
        """``hits`` with the later reports of one quotation in one duplicate group folded into
        the first (see :meth:`lookup_quote`)."""
        groups = self.duplicate_group_ids(h.article_id for h in hits)
        first: dict[tuple, int] = {}
        kept: list[LookupHit] = []
        for hit in hits:
            key = _copy_key(groups, hit)
            if key in first:
                at = first[key]
                kept[at] = kept[at].model_copy(update={"copies": kept[at].copies + 1})
            else:
                first[key] = len(kept)
                kept.append(hit)
        return kept

    # -- entities -------------------------------------------------------------------------

    def entities(self, q: str | None = None, *, type: str | None = None, limit: int = 20,
                 offset: int = 0) -> tuple[list[EntitySummary], int]:
        """Corpus-level entities, most-mentioned-in first; ``(items, total)``. ``q`` matches
        the folded canonical name anywhere; ``type`` is a label such as ``PERSON``."""
        conds: list[sa.ColumnElement[bool]] = []
        if q:
            conds.append(entities.c.name_norm.like(like_pattern(q), escape="\\"))
        if type:
            conds.append(entities.c.type == type)
        stmt = (sa.select(entities.c.key, entities.c.name, entities.c.type, entities.c.articles)
                .where(*conds)
                .order_by(entities.c.articles.desc(), entities.c.name, entities.c.key)
                .limit(limit).offset(offset))
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(entities).where(*conds)
                                 ).scalar_one()
            rows = conn.execute(stmt).mappings().all()
            names = display_names(conn, {r["key"]: r["name"] for r in rows})
            return [EntitySummary(**{**r, "name": names[r["key"]]}) for r in rows], total

    def entity(self, key: str, *, quotes_limit: int = 20, co_limit: int = 20
               ) -> EntityDetail | None:
        """One corpus-level entity, or ``None``: its names as written (most frequent first),
        the number of articles mentioning it, its newest ``quotes_limit`` quotes as speaker
        (items of :meth:`quotes`) and their total, the ``co_limit`` entities sharing most
        articles with it, and its quotes per month (``YYYY-MM``)."""
        with self.engine.connect() as conn:
            key = clean(key)
            row = conn.execute(sa.select(entities).where(entities.c.key == key)).mappings().first()
            if row is None:
                return None
            variants = list(conn.execute(
                sa.select(entity_variants.c.variant).where(entity_variants.c.entity_key == key)
                .order_by(entity_variants.c.mentions.desc(), entity_variants.c.variant)).scalars())
            n_articles = row["articles"]
            other = article_entities.alias("other")
            n = sa.func.count().label("count")
            co_rows = conn.execute(  # over its articles, those of entities linked to it
                sa.select(entities.c.key, entities.c.name, entities.c.type, n)
                .select_from(other.join(entities, entities.c.key == other.c.entity_key))
                .where(other.c.article_id.in_(member_articles(key)), other.c.entity_key != key,
                       other.c.entity_key.not_in(linked_keys(key)))
                .group_by(entities.c.key, entities.c.name, entities.c.type)
                .order_by(n.desc(), entities.c.name).limit(co_limit)).mappings().all()
            names = display_names(conn, {key: row["name"],
                                         **{r["key"]: r["name"] for r in co_rows}})
            co = [CoEntity(**{**r, "name": names[r["key"]]}) for r in co_rows]
            month = sa.func.substr(quotes.c.published_day, 1, 7).label("month")
            month_rows = conn.execute(
                sa.select(month, n)
                .where(speaker_condition(key), quotes.c.published_day.is_not(None))
                .group_by(month).order_by(month)).mappings()
            by_month = [MonthCount(**r) for r in month_rows]
        said, total = self.quotes(speaker=key, limit=quotes_limit)
        if variants and row["name"] not in variants:
            variants.append(row["name"])
        return EntityDetail(key=key, name=names[key], type=row["type"],
                            variants=variants or [row["name"]], articles=n_articles, quotes=said,
                            quotes_total=total, co_occurring=co, quotes_by_month=by_month)
