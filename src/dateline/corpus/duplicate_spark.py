"""Duplicate groups in the Spark job (:mod:`dateline.spark`): the same shingles, datasketch
MinHash signatures, LSH bands and verification as the store (:mod:`dateline.corpus.duplicates`),
run per partition; candidate pairs are the articles sharing a band key, the verified pairs are
joined into groups on the driver (union-find over the edges, which are few: one per copy).

The table ``duplicate_groups`` has one row per article (:data:`COLUMNS`): its group id (the
article id of the group's original: the earliest ``published`` instant, undated last; the job
has no order of adding, so ties go to the smaller article id), the member it was matched to with
the estimated Jaccard similarity and containment (its best verified pair; ``None`` for the
original and for an article alone). The ``articles`` table's ``duplicate_group_id`` is filled
from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from dateline.corpus import rows
from dateline.corpus.duplicates import (
    Signer,
    band_keys,
    is_copy,
    published_utc,
    shingle_hashes,
    similarity,
)

#: Columns of ``duplicate_groups``: (name, Spark SQL type).
COLUMNS: list[tuple[str, str]] = [
    ("article_id", "string"), ("group_id", "string"), ("matched_id", "string"),
    ("similarity", "double"), ("containment", "double"),
]
#: Articles of one band key paired all with all up to this many; a larger bucket is paired
#: as a chain in id order (a group's members still link up; a common key costs linear time).
BUCKET_PAIRS = 20

_ARTICLE = [name for name, _ in rows.columns("articles")]
_ID, _BODY, _PUBLISHED = (_ARTICLE.index(c) for c in ("id", "body", "published"))
GROUP_COLUMN = _ARTICLE.index("duplicate_group_id")


def ddl() -> str:
    """The Spark DDL schema of ``duplicate_groups``."""
    return ", ".join(f"`{name}` {kind}" for name, kind in COLUMNS)


def signatures(articles: Iterable[tuple]) -> Iterator[tuple]:
    """``(id, published_utc, shingles, signature bytes, band keys)`` of each ``articles`` row
    (a tuple in the projection's column order) with a body; one :class:`Signer` a partition."""
    signer = Signer()
    for row in articles:
        hashes = shingle_hashes(row[_BODY] or "")
        if not len(hashes):
            continue
        sig = signer.signature(hashes)
        yield (row[_ID], published_utc(row[_PUBLISHED]), len(hashes),
               sig.astype("<u4").tobytes(), band_keys(sig))


def bucket_pairs(ids: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Candidate pairs ``(a, b)``, ``a < b``, of the articles sharing one band key."""
    members = sorted(set(ids))
    if len(members) <= BUCKET_PAIRS:
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                yield a, b
    else:
        yield from zip(members, members[1:], strict=False)


def verify(pair: tuple[tuple, tuple]) -> tuple[str, str, float, float] | None:
    """``(a, b, jaccard, containment)`` of a candidate pair of signature records when it
    passes :func:`dateline.corpus.duplicates.is_copy`, else ``None``."""
    (a, _, n_a, sig_a, _), (b, _, n_b, sig_b, _) = pair
    j, c = similarity(np.frombuffer(sig_a, "<u4"), n_a, np.frombuffer(sig_b, "<u4"), n_b)
    return (a, b, j, c) if is_copy(j, c, n_a, n_b) else None


def groups(edges: list[tuple[str, str, float, float]], published: dict[str, str | None]
           ) -> dict[str, tuple[str, str | None, float | None, float | None]]:
    """``{article_id: (group_id, matched_id, similarity, containment)}`` of the articles in a
    verified pair (the others are alone), from the ``edges`` and the ``published_utc`` of
    their ends."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    best: dict[str, tuple[float, float, str]] = {}
    for a, b, j, c in edges:
        parent[find(a)] = find(b)
        for me, other in ((a, b), (b, a)):
            if me not in best or (j, c) > best[me][:2]:
                best[me] = (j, c, other)
    members: dict[str, list[str]] = {}
    for x in list(parent):
        members.setdefault(find(x), []).append(x)
    out: dict[str, tuple[str, str | None, float | None, float | None]] = {}
    for group in members.values():
        original = min(group, key=lambda x: (published.get(x) is None, published.get(x) or "",
                                             x))
        for x in group:
            j, c, other = best[x]
            out[x] = ((original, None, None, None) if x == original
                      else (original, other, round(j, 4), round(c, 4)))
    return out


def duplicate_groups(sc, article_rows):
    """``(rdd of duplicate_groups rows, {article_id: group_id} of the grouped articles)`` for
    an RDD of ``articles`` rows (tuples in the projection's column order)."""
    sigs = article_rows.mapPartitions(signatures).cache()
    by_id = sigs.map(lambda s: (s[0], s))
    pairs = (sigs.flatMap(lambda s: ((k, s[0]) for k in s[4])).groupByKey()
             .flatMap(lambda kv: bucket_pairs(kv[1])).distinct())
    edges = (pairs.join(by_id).map(lambda kv: (kv[1][0], kv[1][1]))
             .join(by_id).map(lambda kv: verify((kv[1][0], kv[1][1])))
             .filter(lambda e: e is not None).collect())
    ends = {x for a, b, _, _ in edges for x in (a, b)}
    published = dict(sigs.filter(lambda s: s[0] in ends).map(lambda s: (s[0], s[1])).collect()
                     ) if ends else {}
    grouped = groups(edges, published)
    sigs.unpersist()
    table = sc.broadcast(grouped)
    out = article_rows.map(lambda r: (r[_ID], *table.value.get(r[_ID], (r[_ID], None, None,
                                                                       None))))
    return out, {x: g[0] for x, g in grouped.items()}


def with_group(row: tuple, group_of: dict[str, str]) -> tuple:
    """An ``articles`` row with its ``duplicate_group_id`` (its own id when alone)."""
    group = group_of.get(row[_ID], row[_ID])
    return (*row[:GROUP_COLUMN], group, *row[GROUP_COLUMN + 1:])
