"""The corpus: stored article records, full-text search, quotes and entities across articles.

``Store.open("dateline.db")`` (or a ``postgresql://`` URL) is the entry point; see
:mod:`dateline.corpus.store` and docs/store.md for the schema.
"""

from __future__ import annotations

from dateline.corpus.keys import entity_key, fold, slug
from dateline.corpus.store import Store, StoreError, database_url

__all__ = ["Store", "StoreError", "database_url", "entity_key", "fold", "slug"]
