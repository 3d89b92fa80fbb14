"""One line of search results for a duplicate group (:meth:`dateline.corpus.Store.search` with
``collapse``): the line names and links the group's original (its earliest published member,
whose article id is the group id), with its headline, publisher and date, whatever member
ranked best; the snippet is the original's unless the best-ranked copy's snippet holds more of
the query's words (a syndicated copy that added the matched paragraph, say).

The original stands in only when it passes the search's filters (publisher, dates, entity):
a search of one outlet's articles keeps that outlet's copy. Its row is read in the same query
as the page's hits, so a page costs no query more.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from dateline.corpus.results import ArticleHit

#: marks no article text holds, wrapped around matched words while two snippets are compared
_OPEN, _CLOSE = "\x00", "\x01"
_MARKED = re.compile(f"{_OPEN}(.*?){_CLOSE}", re.S)

Snippet = Callable[[str | None, str | None, tuple[str, str]], str | None]


def _matched(snippet: str | None) -> int:
    """How many distinct words (case folded) a snippet made with the private marks marks."""
    return len({w.casefold() for w in _MARKED.findall(snippet or "")})


def group_line(hit: Mapping, original: Mapping | None, snippet: Snippet,
               mark: tuple[str, str], group_id: str | None, duplicates: int) -> ArticleHit:
    """The result line of the best-ranked member ``hit`` (an ``articles`` row: ``id``,
    ``headline``, ``publisher``, ``published``, ``standfirst``, ``body``; ``story_id`` when
    read with it) of group
    ``group_id`` with ``duplicates`` other members; ``original`` is the group's original's
    row, or ``None`` when it is ``hit`` itself, is not stored, or fails the filters.
    ``snippet(standfirst, body, mark)`` makes an HTML-safe snippet for the search's query.
    ``matched_id`` is set to ``hit``'s id when the line shows the original but the copy's
    snippet."""
    row, matched_id = hit, None
    if original is None or original["id"] == hit["id"]:
        text = snippet(hit["standfirst"], hit["body"], mark)
    else:
        row = original
        ours = snippet(original["standfirst"], original["body"], (_OPEN, _CLOSE))
        theirs = snippet(hit["standfirst"], hit["body"], (_OPEN, _CLOSE))
        if _matched(theirs) > _matched(ours):
            ours, matched_id = theirs, hit["id"]
        text = ours.replace(_OPEN, mark[0]).replace(_CLOSE, mark[1]) if ours else ours
    return ArticleHit(id=row["id"], headline=row["headline"], publisher=row["publisher"],
                      published=row["published"], snippet=text, duplicate_group_id=group_id,
                      story_id=row.get("story_id"), duplicates=duplicates, matched_id=matched_id)
