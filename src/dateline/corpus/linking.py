"""The across-article stages: what links a new record to the records already stored.

Each stage is a :class:`Linker`. :class:`dateline.corpus.store.Store` builds one of each class in
:data:`LINKERS` when it opens and, for every new record, calls :meth:`Linker.link` inside the
record's own transaction, after the record's rows are written, in the order of
:data:`LINKERS` (duplicate groups first: a later stage may use the group of the record). A
stage's tables are its own and are created by its Alembic migration
(``corpus/migrations/versions``); a stage keeps what it needs for its next lookup in those
tables, so that a lookup costs about the same at ten records or ten million and a crash leaves
either the record with all of its links or neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from dateline.corpus.duplicates import DuplicateLinker
from dateline.corpus.entity_links import EntityLinker
from dateline.corpus.provenance import ProvenanceLinker
from dateline.corpus.stories import StoryLinker

if TYPE_CHECKING:
    import sqlalchemy as sa

    from dateline.corpus.backends import Backend
    from dateline.corpus.rows import Projection
    from dateline.model import Article


class Linker(Protocol):
    """One across-article stage. ``__init__(backend)`` receives the store's
    :class:`~dateline.corpus.backends.Backend` (for dialect-specific inserts); ``link`` is
    called once per new record with the open transaction, the record and its row projection."""

    def __init__(self, backend: Backend) -> None: ...

    def link(self, conn: sa.Connection, article: Article, rows: Projection) -> None:
        """Link ``article`` (whose rows ``rows`` are already written on ``conn``) to the stored
        records. Raises only ``sqlalchemy`` errors (the record's transaction is then rolled back
        and the batch retried one record at a time, as for any write error)."""
        ...


#: The stages, in calling order: duplicate groups first (a story may read the group of the
#: record), then story clusters (issue 10 item 2), entity links (10.4) and quote provenance
#: (10.3). Tests and benches replace a store's ``linkers`` to leave some out.
LINKERS: list[type[Linker]] = [DuplicateLinker, StoryLinker, EntityLinker, ProvenanceLinker]
