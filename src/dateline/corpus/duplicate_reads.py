"""Reading duplicate groups (:mod:`dateline.corpus.duplicates`): the group of an article with
its members ("also published by"), group ids for records, one line per group in searches."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field

from dateline.corpus.keys import clean
from dateline.corpus.schema import articles, duplicate_groups, duplicates
from dateline.model import Article


class DuplicateMember(BaseModel):
    """One article of a duplicate group, as the article page lists it."""

    model_config = ConfigDict(frozen=True)

    article_id: str
    publisher: str | None
    headline: str | None
    url: str | None
    published: str | None
    source_format: str | None = Field(default=None, description='"html" or "text": the '
                                      "format of the stored source")
    original: bool = Field(description="the group's original (earliest published)")
    similarity: float | None = Field(description="estimated Jaccard similarity of the body "
                                                 "shingles with the member it was matched to")
    containment: float | None = Field(description="estimated share of the smaller body's "
                                                  "shingles found in the larger")


class DuplicateGroup(BaseModel):
    """A duplicate group: its id (the original's article id) and its members, the original
    first, then by ``published`` instant and order added."""

    model_config = ConfigDict(frozen=True)

    group_id: str
    members: list[DuplicateMember]


class DuplicatesMixin:
    """Read methods of :class:`dateline.corpus.Store` for duplicate groups (needs
    ``self.engine``)."""

    engine: sa.Engine

    def duplicate_group_ids(self, article_ids: Iterable[str],
                            conn: sa.Connection | None = None) -> dict[str, str]:
        """``{article_id: group_id}`` of the given stored articles (unknown ids left out)."""
        ids = sorted({clean(a) for a in article_ids})
        if not ids:
            return {}
        stmt = sa.select(duplicates.c.article_id, duplicates.c.group_id).where(
            duplicates.c.article_id.in_(ids))
        if conn is not None:
            return dict(conn.execute(stmt).all())
        with self.engine.connect() as own:
            return dict(own.execute(stmt).all())

    def with_group(self, article: Article, group_id: str | None) -> Article:
        """``article`` with its ``duplicate_group_id`` set (a copy; the same object if equal)."""
        if article.duplicate_group_id == group_id:
            return article
        return article.model_copy(update={"duplicate_group_id": group_id})

    def duplicate_group(self, article_id: str) -> DuplicateGroup | None:
        """The group of a stored article with every member, or ``None`` for an unknown id."""
        with self.engine.connect() as conn:
            group = conn.execute(sa.select(duplicates.c.group_id).where(
                duplicates.c.article_id == clean(article_id))).scalar_one_or_none()
            if group is None:
                return None
            rows = conn.execute(
                sa.select(duplicates.c.article_id, articles.c.publisher, articles.c.headline,
                          articles.c.url, articles.c.published, articles.c.source_format,
                          duplicates.c.similarity,
                          duplicates.c.containment)
                .select_from(duplicates.join(articles, articles.c.id == duplicates.c.article_id))
                .where(duplicates.c.group_id == group)
                .order_by(duplicates.c.published_utc.is_(None), duplicates.c.published_utc,
                          duplicates.c.article_seq)).mappings().all()
        members = [DuplicateMember(**r, original=r["article_id"] == group) for r in rows]
        members.sort(key=lambda m: not m.original)
        return DuplicateGroup(group_id=group, members=members)

    def group_sizes(self, conn: sa.Connection, group_ids: Iterable[str]) -> dict[str, int]:
        """``{group_id: members}`` of the given groups (a group of one has no row: absent)."""
        ids = sorted(set(group_ids))
        if not ids:
            return {}
        return dict(conn.execute(sa.select(duplicate_groups.c.group_id,
                                           duplicate_groups.c.members)
                                 .where(duplicate_groups.c.group_id.in_(ids))).all())

    def groups_of_seqs(self, conn: sa.Connection, seqs: list[int]) -> dict[int, str]:
        """``{articles.seq: group_id}`` of stored articles (for collapsing search results)."""
        if not seqs:
            return {}
        return dict(conn.execute(sa.select(duplicates.c.article_seq, duplicates.c.group_id)
                                 .where(duplicates.c.article_seq.in_(seqs))).all())

    def one_per_group(self, conn: sa.Connection, ranked: Callable[[int, int], list[int]],
                      limit: int, offset: int) -> tuple[list[int], dict[int, str]]:
        """Page ``offset``/``limit`` of a ranked list of ``articles.seq`` with one item per
        duplicate group (its first-ranked member), and ``{seq: group_id}`` of the page.
        ``ranked(n, skip)`` gives ``n`` seqs of the list from ``skip``; it is read from the top
        in growing windows (twice the page's end first, then four times more), so a page costs
        about what its offset costs without collapsing."""
        want = offset + limit
        n = max(2 * want, 40)
        while True:
            seqs = ranked(n, 0)
            groups = self.groups_of_seqs(conn, seqs)
            seen: set[str] = set()
            keep = []
            for seq in seqs:
                group = groups.get(seq, str(seq))
                if group not in seen:
                    seen.add(group)
                    keep.append(seq)
            if len(keep) >= want or len(seqs) < n:
                page = keep[offset:want]
                return page, {s: groups[s] for s in page if s in groups}
            n *= 4
