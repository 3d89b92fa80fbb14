"""Search snippets: the words of an article's own text around the best hit of a query.

Both full-text implementations make their snippets here, from the standfirst and body as stored
(never from the index, which holds entity names and quote texts too), so a snippet reads as the
article does. A snippet is HTML-safe text: the article's characters escaped (``<``, ``>``, ``&``),
matched words wrapped in the caller's markers, runs of white space made one space.
"""

from __future__ import annotations

import html
import itertools
import re

from dateline.text_fold import fold

#: Words of context in a snippet (SQLite snippet() used 16 tokens before; kept).
SNIPPET_WORDS = 16
#: Of those, how many come before the first hit of the window.
LEAD_WORDS = 4
#: Characters of a snippet without query: the standfirst, else the body's first 200.
PLAIN_CHARS = 200

_TOKEN = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")


def _words(terms: list[list[str] | str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The exact words and the prefixes (``elec*``) of a query's terms."""
    exact, prefixes = set(), []
    for term in terms:
        if term == "OR":
            continue
        for token in term:
            if token.endswith("*"):
                prefixes.append(token[:-1])
            else:
                exact.add(token)
    return frozenset(exact), tuple(prefixes)


def _escape(text: str) -> str:
    return html.escape(_SPACE.sub(" ", text), quote=False)


def plain_snippet(standfirst: str | None, body: str | None) -> str | None:
    """The snippet of a listing without a query: the standfirst, else the body's first
    :data:`PLAIN_CHARS` characters, escaped; ``None`` when both are empty."""
    text = standfirst or (body or "")[:PLAIN_CHARS]
    return _escape(text) if text else None


def snippet(standfirst: str | None, body: str | None, terms: list[list[str] | str], *,
            mark: tuple[str, str] = ("<mark>", "</mark>"),
            words: int = SNIPPET_WORDS) -> str | None:
    """The snippet of an article for the query ``terms`` (:func:`keys.query_terms` output):
    ``words`` words of the standfirst and body (joined) around the window holding the most
    distinct query words (the earliest such window), matched words wrapped in ``mark``, ``…`` where
    text is cut. Without any hit in that text (the query matched the headline, say) it is the
    first ``words`` words. ``None`` when the article has no standfirst or body."""
    text = "\n\n".join(t for t in (standfirst, body) if t)
    if not text:
        return None
    folded = fold(text)  # fold keeps offsets: spans index ``text``
    words_seen = _TOKEN.findall(folded)
    if not words_seen:
        return _escape(text[:PLAIN_CHARS])
    exact, prefixes = _words(terms)
    if prefixes:
        found = [(i, w) for i, w in enumerate(words_seen)
                 if w in exact or w.startswith(prefixes)]
        found = [(i, w if w in exact else next(p for p in prefixes if w.startswith(p)))
                 for i, w in found]
    else:
        found = [(i, w) for i, w in enumerate(words_seen) if w in exact]
    best, best_score, j = 0, -1, 0
    for i, (first, _) in enumerate(found):
        while j < len(found) and found[j][0] < first + words - LEAD_WORDS:
            j += 1
        score = len({w for _, w in found[i:j]})
        if score > best_score:
            best, best_score = first, score
    start = max(0, best - LEAD_WORDS) if found else 0
    stop = min(len(words_seen), start + words)
    start = max(0, stop - words)
    tokens = list(itertools.islice(_TOKEN.finditer(folded), stop))
    hits = {i for i, _ in found}
    out = ["… "] if start > 0 else []
    pos = tokens[start].start() if start > 0 else 0
    for i in range(start, stop):
        token = tokens[i]
        out.append(_escape(text[pos:token.start()]))
        word = html.escape(text[token.start():token.end()], quote=False)
        out.append(f"{mark[0]}{word}{mark[1]}" if i in hits else word)
        pos = token.end()
    if stop < len(words_seen):
        out.append(" …")
    else:
        out.append(_escape(text[pos:]).rstrip())
    return "".join(out)
