"""Understand: entities with canonical names, quotations with their speakers, dates resolved.

Fills the ``entities``, ``quotes`` and ``dates`` of :class:`~dateline.model.Article` records.
"""
