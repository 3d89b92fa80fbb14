"""Understand: entities with canonical names, quotations with their speakers, dates resolved.

The stage itself is :mod:`dateline.understand.stage`; its functions are named here too
(``from dateline.understand import understand_each``) and imported on first use, so that a
process that needs only a spaCy-free part of this package (the story encoder of
:mod:`dateline.understand.storyvec`, the name rules of :mod:`dateline.understand.names`, as
``dateline ingest --no-nlp`` and the store's linkers do) never imports spaCy, which takes
seconds (and, with torch installed, thinc imports torch).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dateline.understand.stage import (
        UnderstandError,
        annotate,
        parse_articles,
        understand,
        understand_each,
    )

__all__ = ["UnderstandError", "annotate", "parse_articles", "understand", "understand_each"]


def __getattr__(name: str) -> Any:
    """The stage's public names, from :mod:`dateline.understand.stage` (PEP 562); raises
    ``AttributeError`` for any other name."""
    if name in __all__:
        value = getattr(importlib.import_module("dateline.understand.stage"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
