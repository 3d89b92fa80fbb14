"""Quote provenance in the Spark job (issue 10 item 6): the ``quote_occurrences`` table.

The store links each new quotation at ingest (:mod:`dateline.corpus.provenance`); a batch has
all its quotations at once, so here they are linked all together, with the same keys
(:func:`dateline.corpus.quote_variants.index_keys`), the same bound on each key (the
:data:`~dateline.corpus.provenance.POSTINGS` earliest quotations holding it; the store reads
the earliest added, the job the earliest published) and the same word alignment
(:func:`~dateline.corpus.quote_variants.classify`). Quotations are named as in ``quotes``, by
``(article_id, position)``. The functions below are plain Python over plain tuples, so that
:func:`occurrence_rows` runs them without Spark and tests need no JVM; :func:`write_table` is
the same steps as Spark transformations.

The table (:class:`dateline.corpus.rows.QuoteOccurrenceRow`, one of the corpus-level tables of
the row projection) has one row per ordered pair of linked quotations (both
directions) with the first report of the first one; a quotation with no occurrence has no row
(its first report is itself).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from dateline.corpus import rows
from dateline.corpus.provenance import POSTINGS, utc_moment
from dateline.corpus.quote_variants import QuoteText, classify, index_keys

TABLE = rows.QuoteOccurrenceRow.TABLE


def spark_ddl() -> str:
    """The Spark SQL DDL schema of ``quote_occurrences`` (:func:`rows.spark_ddl`)."""
    return rows.spark_ddl(TABLE)


#: A quotation as the job carries it: (article_id, position, kind, text, speaker,
#: speaker_entity_key, published).
Info = tuple


def when(info: Info) -> tuple:
    """Sort key of a quotation's report: its article's ``published`` in UTC (no offset: UTC),
    undated after dated; ties by article id and position. Plain strings (picklable)."""
    moment = utc_moment(info[6])
    if moment is not None:
        return (0, moment.isoformat(), info[0], info[1])
    return (1, "", info[0], info[1])


def _text(info: Info) -> QuoteText:
    return QuoteText.of(info[2], info[3], info[4], info[5])


def keyed(info: Info) -> list[tuple[int, Info]]:
    """``(key, info)`` for every key the store would keep of the quotation
    (:func:`~dateline.corpus.quote_variants.index_keys`)."""
    return [(key, info) for key in index_keys(_text(info))]


def bucket_pairs(infos: Iterable[Info]) -> Iterator[tuple[tuple, tuple[Info, Info]]]:
    """The pairs of the quotations that share one key, of two articles, among its
    :data:`POSTINGS` earliest: ``((id_a, id_b), (a, b))`` with ``id_a < id_b``, ids
    ``(article_id, position)``."""
    kept = sorted(set(infos), key=when)[:POSTINGS]
    for i, a in enumerate(kept):
        for b in kept[i + 1:]:
            if a[0] != b[0]:
                pair = (a, b) if (a[0], a[1]) < (b[0], b[1]) else (b, a)
                yield ((pair[0][0], pair[0][1]), (pair[1][0], pair[1][1])), pair


def directed_links(a: Info, b: Info) -> list[tuple[tuple, tuple]]:
    """The two directed links of a matching pair, ``(quote id, (own when, other id, other
    when, variant, score))``, or none when they do not match (:func:`classify`)."""
    match = classify(_text(a), _text(b))
    if match is None:
        return []
    score = int(round(match.score))
    ia, ib = (a[0], a[1]), (b[0], b[1])
    return [(ia, (when(a), ib, when(b), match.variant, score)),
            (ib, (when(b), ia, when(a), match.variant, score))]


def quote_rows(quote: tuple, links: Iterable[tuple]) -> list[tuple]:
    """The ``quote_occurrences`` rows (tuples in column order) of one quotation's links."""
    links = list(links)
    own = links[0][0]
    first = min([(own, quote)] + [(other_when, other) for _, other, other_when, _, _ in links])
    fa, fp = first[1]
    return [(quote[0], quote[1], other[0], other[1], variant, score, fa, fp)
            for _, other, _, variant, score in sorted(links, key=lambda link: link[2])]


def occurrence_rows(infos: Iterable[Info]) -> list[tuple]:
    """The whole table for ``infos``, in plain Python (the steps of :func:`write_table`)."""
    buckets: dict[int, list[Info]] = defaultdict(list)
    for info in infos:
        for key, same in keyed(info):
            buckets[key].append(same)
    pairs = dict(pair for bucket in buckets.values() for pair in bucket_pairs(bucket))
    by_quote: dict[tuple, list] = defaultdict(list)
    for a, b in pairs.values():
        for quote, link in directed_links(a, b):
            by_quote[quote].append(link)
    return [row for quote in sorted(by_quote) for row in quote_rows(quote, by_quote[quote])]


def write_table(spark, tagged_rows, path: str, files: int = 1) -> int:
    """Build ``quote_occurrences`` from the job's tagged rows (``(table, values)`` of the row
    projection, :func:`dateline.spark.article_rows`) and write it as Parquet at ``path``
    (overwriting); return its number of rows."""
    q_cols = [name for name, _ in rows.columns("quotes")]
    a_cols = [name for name, _ in rows.columns("articles")]
    qi = [q_cols.index(n) for n in ("article_id", "position", "kind", "text", "speaker",
                                    "speaker_entity_key")]
    a_id, a_pub = a_cols.index("id"), a_cols.index("published")
    published = tagged_rows.filter(lambda t: t[0] == "articles").map(
        lambda t: (t[1][a_id], t[1][a_pub]))
    quotes = tagged_rows.filter(lambda t: t[0] == "quotes").map(
        lambda t: (t[1][qi[0]], tuple(t[1][i] for i in qi[1:])))
    infos = quotes.join(published).map(lambda kv: (kv[0], *kv[1][0], kv[1][1]))
    links = (infos.flatMap(keyed).groupByKey()
             .flatMap(lambda kv: bucket_pairs(kv[1])).reduceByKey(lambda x, _y: x)
             .flatMap(lambda kv: directed_links(*kv[1])))
    table = links.groupByKey().flatMap(lambda kv: quote_rows(kv[0], kv[1]))
    frame = spark.createDataFrame(table, schema=spark_ddl())
    frame.coalesce(max(1, files)).write.mode("overwrite").parquet(path)
    return spark.read.parquet(path).count()  # read back: not the whole lineage again
