"""The store's tables, as SQLAlchemy Core ``Table`` objects (the same on SQLite and PostgreSQL).

The tables are plain and readable on purpose (docs/store.md documents each with example SQL) so
that ``dateline.db`` opens in Datasette, sqlite-utils or any SQL client. Their columns are those
of the row projection (:mod:`dateline.corpus.rows`) that the store keeps, plus the store's own
(:data:`dateline.corpus.store.STORE_ONLY`). Full-text search lives beside them and is not
declared here: its implementations own their tables (:mod:`dateline.corpus.fts5`: two FTS5
virtual tables whose ``rowid`` equals ``articles.seq`` / ``quotes.id``;
:mod:`dateline.corpus.tsvector`: a ``tsv`` column on ``articles`` and ``quotes`` with a GIN
index), created by the Alembic migrations (``corpus/migrations``) and written with the rows.

Dates: ``published`` and ``updated`` are the record's ISO 8601 strings as written (with the page's
own UTC offset); ``published_day`` is their first ten characters (``YYYY-MM-DD``, the page's local
date), the column that date filters and month facets use. ``added`` and failure times are UTC ISO
8601 strings.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

articles = sa.Table(
    "articles", metadata,
    # seq is the stable integer row key; the FTS5 row of an article has rowid = seq
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(64), nullable=False, unique=True),  # hex SHA-256 of the source
    sa.Column("source_uri", sa.Text, nullable=False),
    sa.Column("source_format", sa.String(8), nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("publisher", sa.Text),
    sa.Column("language", sa.String(16)),
    sa.Column("headline", sa.Text),
    sa.Column("standfirst", sa.Text),
    sa.Column("authors", sa.Text, nullable=False),  # JSON list of names
    sa.Column("published", sa.String(40)),
    sa.Column("published_day", sa.String(10)),
    sa.Column("updated", sa.String(40)),
    sa.Column("section", sa.Text),
    sa.Column("body", sa.Text, nullable=False),  # paragraphs joined by blank lines
    sa.Column("record", sa.Text, nullable=False),  # the full Article record as JSON
    sa.Column("added", sa.String(40), nullable=False),
)

quotes = sa.Table(
    "quotes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("position", sa.Integer, nullable=False),  # index in the record's quotes list
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("speaker", sa.Text),  # the speaker's name as resolved in the article
    sa.Column("speaker_norm", sa.Text),  # lower case, diacritics folded: for LIKE matching
    sa.Column("speaker_entity_key", sa.Text),  # corpus-level entity key, or NULL
    sa.Column("cue", sa.Text),
    sa.Column("medium", sa.Text),
    sa.Column("published_day", sa.String(10)),  # the article's, copied for listing order
)

entities = sa.Table(
    "entities", metadata,
    sa.Column("key", sa.Text, primary_key=True),  # "person:viktor-orban"
    sa.Column("name", sa.Text, nullable=False),  # canonical name, as first stored
    sa.Column("name_norm", sa.Text, nullable=False),  # lower case, diacritics folded
    sa.Column("type", sa.String(32), nullable=False),  # spaCy/OntoNotes label: PERSON, ORG, ...
    sa.Column("articles", sa.Integer, nullable=False, server_default="0"),  # articles naming it
)

article_entities = sa.Table(
    "article_entities", metadata,
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("entity_key", sa.Text, sa.ForeignKey("entities.key"), primary_key=True),
    sa.Column("local_id", sa.Text, nullable=False),  # the entity's id inside the record ("e1")
    sa.Column("name", sa.Text, nullable=False),  # canonical name in this article
    sa.Column("mentions", sa.Integer, nullable=False),  # number of mentions in this article
)

entity_variants = sa.Table(
    "entity_variants", metadata,
    sa.Column("entity_key", sa.Text, sa.ForeignKey("entities.key"), primary_key=True),
    sa.Column("variant", sa.Text, primary_key=True),  # a mention's text as written
    sa.Column("mentions", sa.Integer, nullable=False),  # how often, over the corpus
)

events = sa.Table(
    "events", metadata,
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),  # index in the record's events list
    sa.Column("type", sa.String(16), nullable=False),  # PLOVER type: ACCUSE, CONSULT, ...
    sa.Column("code", sa.String(8)),  # CAMEO code of the cue
    sa.Column("mode", sa.Text),  # PLOVER mode
    sa.Column("context", sa.Text, nullable=False),  # JSON list of PLOVER contexts
    sa.Column("source_name", sa.Text),  # each actor: name as resolved, corpus entity key (or
    sa.Column("source_entity_key", sa.Text),  # NULL), the mention as written
    sa.Column("source_mention", sa.Text),
    sa.Column("target_name", sa.Text),
    sa.Column("target_entity_key", sa.Text),
    sa.Column("target_mention", sa.Text),
    sa.Column("where_name", sa.Text),
    sa.Column("where_entity_key", sa.Text),
    sa.Column("where_mention", sa.Text),
    sa.Column("when_date", sa.String(40)),  # ISO 8601 date of the event
    sa.Column("when_text", sa.Text),  # the date as written; NULL: the publication day
    sa.Column("published_day", sa.String(10)),  # the article's, copied for listing order
    sa.Column("trigger", sa.Text, nullable=False),
    sa.Column("part", sa.String(16), nullable=False),  # span of the sentence: code-point
    sa.Column("index", sa.Integer, nullable=False),  # offsets into paragraph `index` of `part`
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("quote_position", sa.Integer),  # quotes.position of its quotation, or NULL
)

failures = sa.Table(
    "failures", metadata,
    sa.Column("source", sa.Text, primary_key=True),
    sa.Column("sha256", sa.String(64)),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("failed_at", sa.String(40), nullable=False),
)

alerts = sa.Table(
    "alerts", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("query", sa.Text),
    sa.Column("speaker", sa.Text),
    sa.Column("entity", sa.Text),
    sa.Column("webhook_url", sa.Text),
    sa.Column("created", sa.String(40), nullable=False),
    # revision 0010 (issue 13): an email address to send matches to, and the UTC time the alert
    # was deleted: a deleted alert stays as a tombstone so that its id is never given again
    sa.Column("email", sa.Text),
    sa.Column("deleted", sa.String(40)),
)

alert_matches = sa.Table(
    "alert_matches", metadata,
    sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("matched_at", sa.String(40), nullable=False),
)

sa.Index("ix_articles_published_day", articles.c.published_day)
sa.Index("ix_articles_publisher", articles.c.publisher)
sa.Index("ix_articles_source_uri", articles.c.source_uri)
sa.Index("ix_quotes_article_id", quotes.c.article_id)
sa.Index("ix_quotes_speaker_entity_key", quotes.c.speaker_entity_key)
sa.Index("ix_article_entities_entity_key", article_entities.c.entity_key)
sa.Index("ix_entities_articles", entities.c.articles)
sa.Index("ix_events_type", events.c.type)
sa.Index("ix_events_source_entity_key", events.c.source_entity_key)
sa.Index("ix_events_target_entity_key", events.c.target_entity_key)
sa.Index("ix_events_when_date", events.c.when_date)
# ix_quotes_listing (published_day DESC, article_id DESC, position): created by migration 0003
# with dialect-specific NULLS LAST; not declared here.

# -- Alert deliveries (issue 13 items 4-5, revision 0010) ------------------------------------
# One row per webhook POST or email an alert match asks for, written in the transaction that
# records the match; delivered and retried from here (dateline.delivery), so a crash or a dead
# receiver loses none. Times are UTC ISO 8601 with microseconds (they compare as strings).

alert_deliveries = sa.Table(
    "alert_deliveries", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("article_id", sa.String(64), nullable=False),
    sa.Column("channel", sa.String(16), nullable=False),  # "webhook" or "email"
    sa.Column("target", sa.Text, nullable=False),  # the URL or address, as when matched
    sa.Column("payload", sa.Text, nullable=False),  # JSON body {alert, article, matched_at}
    sa.Column("status", sa.String(16), nullable=False),  # pending, delivered, given_up
    sa.Column("attempts", sa.Integer, nullable=False),  # attempts made so far
    sa.Column("next_attempt", sa.String(40), nullable=False),  # due time while pending
    sa.Column("last_error", sa.Text),  # the last failed attempt's outcome
    sa.Column("created", sa.String(40), nullable=False),
    sa.Column("finished", sa.String(40)),  # when delivered or given up
    sa.UniqueConstraint("alert_id", "article_id", "channel", name="uq_alert_deliveries_match"),
)
sa.Index("ix_alert_deliveries_due", alert_deliveries.c.status, alert_deliveries.c.next_attempt)

# -- story clusters (issue 10 item 2; dateline.corpus.stories) ----------------------------------
# A story is the articles of any outlet about one real-world event. Its id is the id of the
# article that started it (the first stored; it never changes), its headline that of its
# earliest-published article. ``centroid`` is the sum of its articles' story vectors (384 float32,
# little-endian; cosine with a unit vector is dot / norm), ``key_counts`` a JSON object of the
# entity and word keys of its articles with the number of its articles holding each (the 96 most
# held).

stories = sa.Table(
    "stories", metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # the first stored article's id
    sa.Column("headline", sa.Text),  # the earliest-published article's headline
    sa.Column("first_published", sa.String(40)),  # ISO 8601 UTC of its earliest dated
    # article (NULL while none of its articles is dated: revision 0017)
    sa.Column("last_published", sa.String(40)),  # ... and of its latest
    sa.Column("first_day", sa.String(10)),  # first_published[:10], last_published[:10]
    sa.Column("last_day", sa.String(10)),
    sa.Column("articles", sa.Integer, nullable=False),  # articles in the story
    sa.Column("vectors", sa.Integer, nullable=False),  # articles whose vector is in centroid
    sa.Column("centroid", sa.LargeBinary),  # sum of the story vectors, or NULL
    sa.Column("key_counts", sa.Text, nullable=False),  # JSON {key: articles holding it}
)

story_articles = sa.Table(
    "story_articles", metadata,
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id"), nullable=False),
    sa.Column("published", sa.String(40)),  # ISO 8601 UTC; NULL for an undated article
    sa.Column("score", sa.Float),  # the linker's probability of joining; NULL: it started it
    sqlite_with_rowid=False,  # one B-tree, the key's, written per row (revision 0016)
)

story_keys = sa.Table(
    "story_keys", metadata,  # the lookup of candidate stories: key -> stories, newest first
    sa.Column("key", sa.Text, nullable=False),  # entity key ("gpe:port-ellery"), "w:strike"
    sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id"), nullable=False),
    # the latest day an article of the story held the key (the lookup's window)
    sa.Column("last_day", sa.String(10), nullable=False),
    # story first (revision 0015): a story's keys are adjacent rows, one page to write for the
    # keys of a new story; the lookup reads ix_story_keys_key_day
    sa.PrimaryKeyConstraint("story_id", "key"),
    sqlite_with_rowid=False,  # one B-tree fewer to write on SQLite (bench/corpus.py)
)

# an alert can follow a story: its articles match (dateline.alerts)
alerts.append_column(sa.Column("story_id", sa.String(64)))
# an alert can watch an entity's events of some PLOVER types (comma-separated; revision 0011)
alerts.append_column(sa.Column("event_types", sa.Text))

sa.Index("ix_story_articles_story", story_articles.c.story_id, story_articles.c.published)
sa.Index("ix_story_keys_key_day", story_keys.c.key, story_keys.c.last_day)
sa.Index("ix_stories_last_day", stories.c.last_day)

# -- One entity across the store (issue 10 item 4): corpus/entity_links.py, migration 0009 ----
# entity_links: one row per linked entity of an article, with the evidence of the link;
# entity_names: the lookup index of canonical PERSON names ("full:orban viktor", "tok:orban");
# entity_features: titles, roles and genders a canonical entity was given, with article counts;
# entity_article_variants: the names as written per article and entity key;
# entity_link_pending: one-token names and initials left unlinked, until their full name comes.

entity_links = sa.Table(
    "entity_links", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("entity_key", sa.Text, nullable=False),  # the entity's key in this article
    sa.Column("name", sa.Text, nullable=False),  # its canonical name in this article
    sa.Column("target_key", sa.Text, nullable=False),  # the store entity it is linked to
    sa.Column("rule", sa.String(16), nullable=False),  # same_tokens, name_subset, surname, ...
    sa.Column("variant", sa.Text, nullable=False),  # the folded name that matched: "orban"
    sa.Column("support", sa.Text, nullable=False),  # JSON list: supporting keys and roles
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("status", sa.String(8), nullable=False),  # "linked" or "unlinked" (undone)
    sa.Column("created", sa.String(40), nullable=False),  # UTC ISO 8601
    sa.Column("undone", sa.String(40)),  # when it was unlinked, UTC ISO 8601
    sa.UniqueConstraint("article_id", "entity_key", name="uq_entity_links_article_entity"),
)

entity_names = sa.Table(
    "entity_names", metadata,
    sa.Column("name_key", sa.Text, primary_key=True),  # "full:orban viktor" or "tok:orban"
    sa.Column("entity_key", sa.Text, primary_key=True),  # a canonical entity's key
)

entity_features = sa.Table(
    "entity_features", metadata,
    sa.Column("entity_key", sa.Text, primary_key=True),
    sa.Column("feature", sa.Text, primary_key=True),  # "role:prime minister", "gender:m"
    sa.Column("articles", sa.Integer, nullable=False),  # articles that gave it
)

entity_article_variants = sa.Table(
    "entity_article_variants", metadata,
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("entity_key", sa.Text, primary_key=True),
    sa.Column("variant", sa.Text, primary_key=True),  # a mention's text as written
    sa.Column("mentions", sa.Integer, nullable=False),  # how often in this article
    sqlite_with_rowid=False,  # one B-tree, the key's, written per row (revision 0016)
)

entity_link_pending = sa.Table(
    "entity_link_pending", metadata,
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("entity_key", sa.Text, primary_key=True),  # "person:berg", "person:v-orban"
    sa.Column("name", sa.Text, nullable=False),  # its canonical name in that article
    sa.Column("features", sa.Text, nullable=False),  # JSON list: "role:mayor", "gender:f"
)

sa.Index("ix_entity_link_pending_entity_key", entity_link_pending.c.entity_key)
sa.Index("ix_entity_links_target_key", entity_links.c.target_key, entity_links.c.status)
sa.Index("ix_entity_links_entity_key", entity_links.c.entity_key, entity_links.c.status)
# the quotes of an entity in the articles of its links (entity_link_queries.speaker_condition)
sa.Index("ix_quotes_speaker_article", quotes.c.speaker_entity_key, quotes.c.article_id)

# -- duplicate groups and syndication (issue 10 item 1; dateline.corpus.duplicates, migration
# 0006). Every stored article is a member of exactly one group; a group's id is the article id
# of its original (the earliest `published` instant, then the earliest added).

duplicate_groups = sa.Table(
    "duplicate_groups", metadata,
    sa.Column("group_id", sa.String(64), primary_key=True),  # = articles.id of the original
    sa.Column("members", sa.Integer, nullable=False),  # articles in the group, the original too
)  # groups of two or more only: an article whose group has no row here is alone

duplicates = sa.Table(
    "duplicates", metadata,
    sa.Column("article_seq", sa.Integer, primary_key=True, autoincrement=False),  # articles.seq
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              nullable=False, unique=True),
    sa.Column("group_id", sa.String(64), nullable=False),  # duplicate_groups.group_id
    sa.Column("matched_id", sa.String(64)),  # the member it was matched to; NULL: first member
    sa.Column("similarity", sa.Float),  # estimated Jaccard with matched_id (MinHash), or NULL
    sa.Column("containment", sa.Float),  # estimated share of the smaller body in the larger
    sa.Column("published_utc", sa.String(19)),  # `published` as a UTC instant, for ordering
    sa.Column("shingles", sa.Integer, nullable=False),  # distinct 4-word shingles of the body
    sa.Column("signature", sa.LargeBinary),  # 126 MinHash values, uint32 little-endian; NULL
)                                            # when the body has no shingle

# LSH band keys: one row per band of an article's signature; a lookup is an indexed select of
# the rows sharing a key (the primary key's index), whatever the size of the store.
duplicate_bands = sa.Table(
    "duplicate_bands", metadata,
    sa.Column("key", sa.BigInteger, primary_key=True),  # signed 64-bit hash of (band, values)
    sa.Column("article_seq", sa.Integer, primary_key=True),  # articles.seq
    sqlite_with_rowid=False,
)

sa.Index("ix_duplicates_group_id", duplicates.c.group_id)

# -- quote provenance (issue 10 item 3: dateline.corpus.provenance) --------------------------
# quote_keys: the index under which a stored quotation is found again, one row per key of the
# quotation (dateline.corpus.quote_variants.keys: BLAKE2b of a word 3-shingle of its folded
# words, or of speaker + content stem), read at most PROVENANCE_POSTINGS rows a key.
# quote_occurrences: one row per ordered pair of linked quotations (both directions stored),
# `variant` what `other_id` is of `quote_id` (verbatim, misquote, truncated, paraphrase,
# conflicting_speaker), `score` 0-100.

quote_keys = sa.Table(
    "quote_keys", metadata,
    sa.Column("key_hash", sa.BigInteger, primary_key=True),
    sa.Column("quote_id", sa.Integer, sa.ForeignKey("quotes.id", ondelete="CASCADE"),
              primary_key=True),
    sqlite_with_rowid=False,  # one B-tree, the key: half the writes of a rowid table + index
)

quote_occurrences = sa.Table(
    "quote_occurrences", metadata,
    sa.Column("quote_id", sa.Integer, sa.ForeignKey("quotes.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("other_id", sa.Integer, sa.ForeignKey("quotes.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("variant", sa.String(24), nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sqlite_with_rowid=False,
)

sa.Index("ix_quote_occurrences_other_id", quote_occurrences.c.other_id)
