"""Normalised forms used by the store: folded text, corpus-level entity keys, search terms."""

from __future__ import annotations

import re
import unicodedata

from dateline.corpus.cjk import fold_keeping, phrase_tokens
from dateline.errors import WordlessQueryError
from dateline.text_fold import fold

_NON_WORD = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"\w+")
# A user query chunk: a "quoted phrase" (straight or curly quotes) or a run of non-space.
_CHUNK = re.compile(r'"([^"]*)"?|[\u201c\u201e]([^\u201d]*)\u201d?|(\S+)')


class _WordsTable(dict):
    """``str.translate`` table of :func:`fold_words`: each code point folded as
    :func:`dateline.text_fold.fold` folds it, combining marks deleted; filled as needed."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = self[code] = "" if unicodedata.combining(char) else fold(char)
        return folded


_WORDS_TABLE = _WordsTable()


def fold_words(text: str) -> str:
    """``text`` folded for comparing words rather than offsets: NFC-normalised, folded with
    :func:`dateline.text_fold.fold`, combining marks left over dropped (``"Orba\u0301n"`` ->
    ``"orban"``). Used for stored names (``name_norm``, ``speaker_norm``), keys, the full-text
    index and queries."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFC", text).translate(_WORDS_TABLE)


def slug(text: str) -> str:
    """Return the folded ``text`` (:func:`fold_words`) with every run of non-ASCII-alphanumerics
    turned into one hyphen: ``slug("Łukasz Kowalski") == "lukasz-kowalski"``. May be empty."""
    return _NON_WORD.sub("-", fold_words(text)).strip("-")


def entity_key(name: str, type: str) -> str:
    """The corpus-level key of an entity: ``type:slug`` with the type in lower case,
    ``entity_key("Viktor Orbán", "PERSON") == "person:viktor-orban"``. A name with no letters or
    digits keeps its folded text so that it still gets a key of its own."""
    return f"{type.lower()}:{slug(name) or fold_words(name).strip()}"


def clean(text: str) -> str:
    """``text`` without NUL characters, which PostgreSQL text cannot hold (user input only:
    a search for them finds nothing either way)."""
    return text.replace("\x00", "")


def like_pattern(text: str) -> str:
    """A ``LIKE ... ESCAPE '\\'`` pattern matching ``fold_words(text)`` anywhere in a string."""
    escaped = fold_words(clean(text))
    escaped = escaped.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def query_terms(q: str | None) -> list[list[str] | str]:
    """Split a user's search string into terms: each term a list of folded word tokens (a
    phrase; one token for a plain word) whose last token ends in ``*`` for a prefix search, or
    the string ``"OR"`` between two terms. Never raises; punctuation other than quotes and a
    trailing ``*`` is ignored, so FTS syntax typed by a user is searched as plain words. CJK
    characters are kept as typed (:mod:`dateline.corpus.cjk`; the renderings below split them).

    ``query_terms('Orbán "prime minister" elec* OR vote')`` is
    ``[["orban"], ["prime", "minister"], ["elec*"], "OR", ["vote"]]``.
    """
    terms: list[list[str] | str] = []
    for match in _CHUNK.finditer(q or ""):
        quoted = match.group(1) if match.group(1) is not None else match.group(2)
        chunk = quoted if quoted is not None else match.group(3)
        if quoted is None and chunk == "OR":
            if terms and terms[-1] != "OR":
                terms.append("OR")
            continue
        tokens = _WORD.findall(fold_keeping(chunk, fold_words).replace("_", " "))
        if not tokens:
            continue
        if quoted is None and chunk.endswith("*"):
            tokens[-1] += "*"
        terms.append(tokens)
    while terms and terms[-1] == "OR":
        terms.pop()
    return terms


def search_terms(q: str | None) -> list[list[str] | str]:
    """:func:`query_terms` of a query a user searches with now (``dateline search``, the REST
    API, the search page, stories, quotes, a new alert): ``[]`` for no query (``None``, empty
    or only whitespace: list everything, newest first). Raises
    :class:`~dateline.errors.WordlessQueryError` for a query that has characters but no word
    to search for (``"``, ``***``, a bare ``OR``), which :func:`query_terms` would read as no
    query and so match every article. Stored alerts are matched with :func:`query_terms`."""
    terms = query_terms(q)
    if not terms and q and q.strip():
        raise WordlessQueryError(f"the query {q.strip()!r} has no word to search for (only "
                                 "punctuation or OR; give a word, or no query to list the "
                                 "newest)")
    return terms


def fts5_query(terms: list[list[str] | str]) -> str:
    """Render :func:`query_terms` output as an SQLite FTS5 query: every token double-quoted, so
    no user text is ever read as FTS syntax. ``[["prime", "minister"], "OR", ["vote*"]]`` gives
    ``'"prime" "minister" OR "vote"*'`` (a phrase is ``"a" + "b"``). A token's CJK runs become
    their bigrams in the phrase (:func:`dateline.corpus.cjk.phrase_tokens`)."""
    out = []
    for term in terms:
        if isinstance(term, str):  # "OR", the one string among the terms
            out.append("OR")
            continue
        parts = [f'"{t.rstrip("*")}"' + ("*" if t.endswith("*") else "")
                 for t in phrase_tokens(term)]
        out.append(" + ".join(parts) if len(parts) > 1 else parts[0])
    return " ".join(out)


def tsquery(terms: list[list[str] | str]) -> str:
    """Render :func:`query_terms` output as a PostgreSQL ``to_tsquery('simple', ...)`` string:
    phrases with ``<->``, terms joined with ``&``, ``OR`` as ``|``, prefixes as ``:*``. Tokens
    are ``\\w`` runs only, so none of tsquery's operator characters can reach the parser. CJK
    runs become bigrams as in :func:`fts5_query`."""
    out: list[str] = []
    for term in terms:
        if isinstance(term, str):  # "OR"
            out.append("|")
            continue
        if out and out[-1] != "|":
            out.append("&")
        parts = [t.rstrip("*") + (":*" if t.endswith("*") else "")
                 for t in phrase_tokens(term)]
        out.append("(" + " <-> ".join(parts) + ")")
    return " ".join(out)
