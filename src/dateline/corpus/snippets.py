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

from dateline.corpus.cjk import CJK_CHARS, is_cjk, restore
from dateline.text_fold import fold

#: Words of context in a snippet (SQLite snippet() used 16 tokens before; kept).
SNIPPET_WORDS = 16
#: Of those, how many come before the first hit of the window.
LEAD_WORDS = 4
#: Characters of a snippet without query: the standfirst, else the body's first 200.
PLAIN_CHARS = 200

#: A word: one CJK character (:mod:`dateline.corpus.cjk`, scripts without spaces), or a run
#: of other letters and digits.
_TOKEN = re.compile(rf"[{CJK_CHARS}]|[^\W_{CJK_CHARS}]+")
_LETTERS = rf"[^\W_{CJK_CHARS}]"
_TOKEN_CHAR = re.compile(_LETTERS)
#: Characters folded at a time (then up to the next white space); a news body is 2,000 to
#: 8,000, and the first hit is mostly in its first few hundred.
FOLD_PIECE = 1024
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


class _Folded:
    """``fold(text)`` made as far as it is needed, in pieces cut after white space (folding
    is one code point for each, and lower-casing looks no further than a word, so the pieces
    joined equal the whole folded at once). Folding a body costs as much as the rest of a
    snippet; most snippets need only its start."""

    def __init__(self, text: str) -> None:
        self.text, self.value = text, ""

    @property
    def complete(self) -> bool:
        return len(self.value) == len(self.text)

    def extend(self) -> bool:
        """Fold the next piece; False when the whole text is folded already."""
        done = len(self.value)
        if done == len(self.text):
            return False
        space = _SPACE.search(self.text, done + FOLD_PIECE)
        cut = space.end() if space else len(self.text)
        piece = self.text[done:cut]
        self.value += restore(piece, fold(piece))  # query terms keep CJK as written
        return True


class _Hits:
    """The query's words in a text, found as far as asked (most snippets need only the first
    hit): ``found`` holds ``(word index, query word or prefix)`` in text order. Candidates are
    found by one regular expression and word indices by counting the tokens between hits, both
    in C; before, every word of the text went through a Python loop."""

    def __init__(self, folded: _Folded, exact: frozenset[str], prefixes: tuple[str, ...]
                 ) -> None:
        self.folded, self.exact, self.prefixes = folded, exact, prefixes
        alternatives = []
        # a word ending in a CJK character ends a token there (each such character is one);
        # longest first, as the alternatives are tried in order
        ended = sorted((w for w in exact if is_cjk(w[-1])), key=lambda w: (-len(w), w))
        if ended:
            alternatives.append("|".join(map(re.escape, ended)))
        exact_words = sorted(w for w in exact if not is_cjk(w[-1]))
        if exact_words:
            alternatives.append(rf"(?:{'|'.join(map(re.escape, exact_words))})(?!{_LETTERS})")
        if prefixes:
            alternatives.append(rf"(?:{'|'.join(map(re.escape, prefixes))}){_LETTERS}*")
        # No look-behind for the token's start at the front: it would defeat the regex
        # engine's scan for the first letters; a candidate inside a word is skipped below.
        self._pattern = re.compile("|".join(alternatives)) if alternatives else None
        self.found: list[tuple[int, str]] = []
        self.spans: dict[int, int] = {}  # words a hit covers, by its first word's index
        self._count = 0  # tokens before ``_pos``
        self._pos = 0
        self._done = self._pattern is None

    def _next(self) -> None:
        assert self._pattern is not None
        folded, at = self.folded, self._pos
        while True:
            match = self._pattern.search(folded.value, at)
            if match is None:
                if folded.extend():
                    continue
                self._done = True
                return
            if (match.start() and _TOKEN_CHAR.match(folded.value, match.start() - 1)
                    and _TOKEN_CHAR.match(match.group())):
                at = match.end()  # inside a word: the rest of that word is no hit either
                continue
            break
        self._count += len(_TOKEN.findall(folded.value, self._pos, match.start()))
        word = match.group()
        if word not in self.exact:
            word = next(p for p in self.prefixes if word.startswith(p))
        self.found.append((self._count, word))
        span = len(_TOKEN.findall(match.group()))  # one, or a CJK word's characters
        self.spans[self._count] = span
        self._count += span
        self._pos = match.end()

    def reach(self, i: int) -> bool:
        """Find hits until there are more than ``i``; False when the text has no more."""
        while len(self.found) <= i and not self._done:
            self._next()
        return len(self.found) > i

    def past(self, index: int) -> None:
        """Find every hit before word ``index``."""
        while not self._done and (not self.found or self.found[-1][0] < index):
            self._next()


def _words_of(word: str) -> bool:
    """True when ``word`` is a run of several tokens with a CJK character among them."""
    return any(is_cjk(c) for c in word) and "".join(_TOKEN.findall(word)) == word


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
    folded = _Folded(text)  # fold keeps offsets: spans index ``text``
    while _TOKEN.search(folded.value) is None:
        if not folded.extend():
            return _escape(text[:PLAIN_CHARS])
    exact, prefixes = _words(terms)
    # A query word with other characters than a token's never equals a token (query words are
    # \w+ runs without "_", so none is dropped in practice); one with CJK characters is a run
    # of tokens ("地铁站", "3号线"), found as written (a CJK prefix is found as a word).
    exact = frozenset([*(w for w in exact if _TOKEN.fullmatch(w) or _words_of(w)),
                       *(p for p in prefixes if is_cjk(p[-1]) and _words_of(p))])
    prefixes = tuple(p for p in prefixes if _TOKEN.fullmatch(p) and not is_cjk(p[-1]))
    hits = _Hits(folded, exact, prefixes)
    most = len(exact | set(prefixes))  # distinct words a window can hold: none does better
    best, best_score, i, j = 0, -1, 0, 0
    found = hits.found
    while hits.reach(i):
        first = found[i][0]
        hits.past(first + words - LEAD_WORDS)
        while j < len(found) and found[j][0] < first + words - LEAD_WORDS:
            j += 1
        score = len({w for _, w in found[i:j]})
        if score > best_score:
            best, best_score = first, score
            if score == most:  # the earliest window with every word: later ones cannot win
                break
        i += 1
    start = max(0, best - LEAD_WORDS) if found else 0
    while True:  # the window's words and one more, if the text has them
        tokens = list(itertools.islice(_TOKEN.finditer(folded.value), start + words + 1))
        if len(tokens) > start + words or not folded.extend():
            break
    stop = min(len(tokens), start + words)
    start = max(0, stop - words)
    more = len(tokens) > stop
    hits.past(stop)  # the window's own hits
    hit_at = {n + k for n, _ in found for k in range(hits.spans[n])}
    out = ["… "] if start > 0 else []
    pos = tokens[start].start() if start > 0 else 0
    for i in range(start, stop):
        token = tokens[i]
        gap = _escape(text[pos:token.start()])
        word = html.escape(text[token.start():token.end()], quote=False)
        if i in hit_at and i - 1 in hit_at and not gap and mark[1] and i > start:
            out[-1] = out[-1][:-len(mark[1])] + word + mark[1]  # one mark over a CJK word
        else:
            out.append(gap)
            out.append(f"{mark[0]}{word}{mark[1]}" if i in hit_at else word)
        pos = token.end()
    if more:
        out.append(" …")
    else:
        out.append(_escape(text[pos:]).rstrip())
    return "".join(out)
