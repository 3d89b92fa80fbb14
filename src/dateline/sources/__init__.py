"""Sources: where raw pages come from (files, standard input, JSON Lines, WARC, feeds, the web).

Every source yields :class:`~dateline.sources.page.RawPage` objects: the bytes as read and the
``source`` string the record will carry.
"""

from dateline.sources.page import RawPage

__all__ = ["RawPage"]
