"""Author names from a byline: ``"By Jane Doe and John Roe, Transport correspondents"``.

``parse_byline`` takes off the opening ("By", "Written by", "Por", "Von", "Par", "Di", "Door":
``data/byline_prefixes.txt``), e-mail addresses, handles and bracketed asides, cuts the byline at
separators, timestamps and contributor credits (``data/byline_contributors.txt``), splits the
names at commas, "and", "&" and "with" (and at "y", "und", "et", ... of
``data/byline_joiners.txt`` between two names of two words or more), drops segments that are roles
or desks (``data/byline_roles.txt``) and places ("in Kyiv"), and keeps what looks like a name.
``desk_byline`` recognises bylines that name a desk, not a person ("Staff and agencies").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from dateline import datafiles

#: A name has at most this many words ("Mary Anastasia O'Grady" has 3; particles count).
MAX_NAME_WORDS = 5
#: Lower-case particles of personal names ("van", "de", "bin"; ``data/name_particles.txt``).
_PARTICLES = datafiles.words("dateline.extract", "name_particles.txt")
_CUT = re.compile(r"\s[|\u2022\u00b7]\s|\s[\u2013\u2014-]\s|\b(?:updated|published|posted)\b"
                  r"|\d{1,2}:\d{2}|\d{4}", re.IGNORECASE)
#: Where a byline splits into names; ", and" (the serial comma) is one separator, and a bare
#: comma is told apart from the others (after a role, a comma brings an affiliation); a spaced
#: slash splits too ("Por Lucía Ferrándiz / Madrid": the place, one word, is no name).
_SPLIT = re.compile(r"(\s*,\s*(?:and\s+|&\s*)|\s*,\s*|\s+and\s+|\s*&\s*|\s+with\s+|\s*;\s*"
                    r"|\s+\+\s+|\s+/\s+)", re.IGNORECASE)
_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|[\w.+\-]+@[\w.\-]+\.\w+|@\w+|https?://\S+|www\.\S+")
_DOMAIN = re.compile(r"\w\.\w{2,}")
_PLACE = re.compile(r"\s+(?:in|at|for|from|on)\s+\S.*$", re.IGNORECASE)
_PREFIX_WORD = re.compile(r"^(?:(?:al|el|ad|ibn|bin|d|l|o|mc|mac)[\-'\u2019])", re.IGNORECASE)
_APOSTROPHE_CAPS = re.compile(r"\b([OD]['\u2019])(\w)")


def _data_lines(name: str) -> tuple[str, ...]:
    return datafiles.lines("dateline.extract", name)


def _alternation(phrases: Iterable[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=1)
def _tables() -> tuple[re.Pattern, frozenset[str], frozenset[str]]:
    prefix_re = re.compile(
        r"^\s*(?:" + _alternation(_data_lines("byline_prefixes.txt")) + r")(?!\w)[:\s]*",
        re.IGNORECASE)
    roles = frozenset(w.lower() for w in _data_lines("byline_roles.txt"))
    agencies = frozenset(_data_lines("byline_agencies.txt"))
    return prefix_re, roles, agencies


@lru_cache(maxsize=1)
def _more_tables() -> tuple[re.Pattern, re.Pattern, frozenset[str], frozenset[str]]:
    joiners = re.compile(r"\s+(?:" + _alternation(_data_lines("byline_joiners.txt")) + r")\s+",
                         re.IGNORECASE)
    contributors = re.compile(
        r"(?:^|[\s.,;:|])(?:" + _alternation(_data_lines("byline_contributors.txt")) +
        r")(?!\w)[:\s]*", re.IGNORECASE)
    desks = frozenset(_data_lines("byline_desks.txt"))
    modifiers = frozenset(_data_lines("byline_role_modifiers.txt"))
    return joiners, contributors, desks, modifiers


@lru_cache(maxsize=1)
def _korean_byline() -> re.Pattern:
    roles = _alternation(_data_lines("byline_korean_roles.txt"))
    return re.compile(r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4}(?:\s?[\u00b7\u318d,]\s?"
                      r"[\uac00-\ud7a3]{2,4})*)\s?(?:" + roles + r")"
                      r"(?=\s*(?:$|[=\[\](),.|/\u00b7]|[\w.+\-]+@))")


def korean_names(text: str) -> list[str]:
    """Return the names of a Korean byline: Hangul names of two to four syllables before a
    newsroom role (``data/byline_korean_roles.txt``) that ends the byline (then only an e-mail
    address, "=" or a bracket): ``"정다은 기자 daeun@example.kr"`` -> ``["정다은"]``,
    ``"김민준·이서연 기자"`` -> two names; "이날 기자 회견에서" (a press conference) -> ``[]``."""
    names: list[str] = []
    for match in _korean_byline().finditer(text):
        for name in re.split(r"\s?[\u00b7\u318d,]\s?", match.group(1)):
            if name not in names:
                names.append(name)
    return names


_HAN = "\u4e00-\u9fff"
#: a Chinese or Japanese name after a byline opening ("By 李明", "By 山本 花子"): two to four Han
#: characters, or two words of one to three
_HAN_NAME = re.compile(rf"[{_HAN}]{{2,4}}|[{_HAN}]{{1,3}} [{_HAN}]{{1,3}}")


@lru_cache(maxsize=1)
def _han_bylines() -> tuple[re.Pattern, re.Pattern]:
    after = _alternation(_data_lines("byline_japanese_roles.txt"))
    before = _alternation(_data_lines("byline_chinese_roles.txt"))
    japanese = re.compile(rf"(?<![{_HAN}])([{_HAN}]{{1,3}}\s?[{_HAN}]{{1,3}})\s?(?:{after})"
                          r"(?=\s*(?:$|[=\[\]()\uff08\uff09|/]))")
    chinese = re.compile(rf"(?:^|[\s\u3000|/\uff1a:])(?:{before})\s?[\uff1a:]?\s?"
                         rf"([{_HAN}]{{2,4}})(?=$|[\s\u3000|/])")
    return japanese, chinese


def cjk_names(text: str) -> list[str]:
    """Return the names of a Korean, Japanese or Chinese byline, or ``[]``: Korean as
    :func:`korean_names`; Japanese, a Kanji name before a role of
    ``data/byline_japanese_roles.txt`` that ends the line (``"山本 花子 記者"`` ->
    ``["山本 花子"]``); Chinese, a Han name of two to four characters after a role of
    ``data/byline_chinese_roles.txt`` (``"来源：青岚日报 记者 林晓雯"`` -> ``["林晓雯"]``; "记者会"
    or "记者了解到，" name nobody)."""
    names = korean_names(text)
    if not names:
        for pattern in _han_bylines():  # Japanese, then Chinese
            names = list(dict.fromkeys(match.group(1) for match in pattern.finditer(text)))
            if names:
                break
    return names


def has_byline_prefix(text: str) -> bool:
    """Return True when ``text`` opens like a byline ("By ...", "Written by ...", "Por ...")."""
    prefix_re, _, _ = _tables()
    match = prefix_re.match(text)
    return match is not None and not text[:match.end()].strip().lower().startswith("from")


def is_agency(text: str) -> bool:
    """Return True when ``text`` is a news agency of ``data/byline_agencies.txt`` ("Reuters",
    "The Associated Press")."""
    _, _, agencies = _tables()
    text = " ".join(text.split()).strip(" .")
    return text in agencies or text.removeprefix("The ") in agencies


def is_role(text: str) -> bool:
    """Return True when ``text`` holds a role or desk word ("Senior Reporter", "Staff")."""
    _, roles, _ = _tables()
    desks = {w.lstrip("~") for w in _more_tables()[2]}
    return any(w.lower().strip(".,") in roles or w.lower().strip(".,") in desks
               for w in text.split())


def split_contributors(text: str) -> tuple[str, str]:
    """Return ``(authors part, contributors part)`` of a byline: ``"By Ann Lee Contributions
    from Bo Ode"`` -> ``("By Ann Lee", "Bo Ode")``; without a contributor credit the second part
    is ``""``."""
    _, contributors, _, _ = _more_tables()
    match = contributors.search(text)
    if not match:
        return text, ""
    return text[:match.start()], text[match.end():]


def desk_byline(text: str) -> str | None:
    """Return the organisation a desk byline names, ``""`` for a desk byline that names none,
    or ``None`` when ``text`` is not a desk byline.

    ``"Staff and agencies"`` -> ``""``; ``"Reuters staff"`` -> ``"Reuters"``; ``"By Chicago
    Tribune staff"`` -> ``"Chicago Tribune"``; ``"Jane Doe"`` -> ``None``. The desk words are
    ``data/byline_desks.txt``.
    """
    prefix_re, _, agencies = _tables()
    _, _, desks, _ = _more_tables()
    s = prefix_re.sub("", " ".join(text.split()), count=1).strip(" .:")
    words = re.findall(r"[\w'\u2019.\-]+|&", s)
    if not words or len(words) > 8:
        return None
    strong = {w for w in desks if not w.startswith("~")}
    desk_words = strong | {w[1:] for w in desks if w.startswith("~")} | {"and", "&", "the"}
    tail = len(words)
    while tail and words[tail - 1].lower() in desk_words:
        tail -= 1
    if tail == len(words) or not any(w.lower() in desk_words - {"and", "&", "the"}
                                     for w in words[tail:]):
        return None
    if tail == 0 and not any(w.lower() in strong for w in words):
        return None  # "News", "Team": a desk word that needs a paper's name or "staff"
    head = " ".join(words[:tail])
    if not head or head.lower() == "the":
        return ""
    if head in agencies or head.removeprefix("The ") in agencies:
        return head
    if all(w[:1].isupper() for w in words[:tail]) and 2 <= tail <= 4:
        return head  # the paper's own desk: "Chicago Tribune staff"
    return "" if tail == 1 else None


def _is_name_word(word: str) -> bool:
    core = _PREFIX_WORD.sub("", word)
    if not core:
        return False
    if re.fullmatch(r"[^\W\d_]\.", core):
        return core[0].isupper()
    return core[0].isupper() and all(c.isalpha() or c in "'\u2019.-" for c in core)


def _drop_role_tail(words: list[str], roles: frozenset[str]) -> list[str] | None:
    """``["Jane", "Doe", "Senior", "Reporter"]`` -> ``["Jane", "Doe"]``: the words before the
    first role word, less role modifiers at their end (down to two words); ``None`` when no
    name is left."""
    _, _, _, modifiers = _more_tables()
    first = next(i for i, w in enumerate(words) if w.lower().strip(".,") in roles)
    name = words[:first]
    while len(name) > 2 and name[-1].lower() in modifiers:
        name.pop()
    return name if len(name) >= 2 and name[-1].lower() not in modifiers else None


def _pieces(s: str) -> list[tuple[str, bool]]:
    """The segments of a byline, each with whether a bare comma comes before it."""
    joiners, _, _, _ = _more_tables()
    out: list[tuple[str, bool]] = []
    parts = _SPLIT.split(s)
    for i in range(0, len(parts), 2):
        comma = i > 0 and parts[i - 1].strip() == ","
        piece = parts[i]
        names = joiners.split(piece)
        if len(names) > 1 and all(len(p.split()) >= 2 for p in names):
            out += [(name, comma and j == 0) for j, name in enumerate(names)]
        else:
            out.append((piece, comma))
    return out


def parse_byline(text: str) -> list[str]:
    """Return the author names in a byline, in order, without "By", roles or places.

    ``"By Jane Doe and John Roe, Transport correspondents"`` -> ``["Jane Doe", "John Roe"]``;
    ``"Ann Lee, Bo Ode and Cai Wu"`` -> three names; ``"Por María García y José Pérez"`` -> two;
    ``"Jane Doe Senior Reporter"`` -> ``["Jane Doe"]``; after a role, what follows a comma is an
    affiliation (``"Jane Doe, Deputy CTO, Harbour Cyber Labs"`` -> ``["Jane Doe"]``). A name has
    2 to ``MAX_NAME_WORDS`` words (single words and web addresses are publishers: "Futurism",
    "Cleveland.com"). Names printed in capitals are title-cased. Agency bylines ("Associated
    Press", "Reuters") are kept as names; names after a contributor credit ("Additional
    reporting by") are left out. A text with no name-like segment gives ``[]``. Korean, Japanese
    and Chinese bylines are read by :func:`cjk_names`; a Han name after an opening ("By 李明")
    is a name too. Never raises.
    """
    prefix_re, _, _ = _tables()
    s = " ".join(text.split())
    cjk = cjk_names(s)
    if cjk:
        return cjk
    names = _parse(prefix_re.sub("", s, count=1))
    opening = prefix_re.match(s)
    if not names and opening and opening.group(0).strip().lower() in _PARTICLES:
        names = _parse(s, strip=False)  # "Von Miller": the opening was part of the name
    return names


def _parse(s: str, strip: bool = True) -> list[str]:
    prefix_re, roles, agencies = _tables()
    roles = roles | {w.lstrip("~") for w in _more_tables()[2]}
    s, _ = split_contributors(s)
    s = _NOISE.sub(" ", s)
    cut = _CUT.search(s)
    if cut:
        s = s[:cut.start()]
    names: list[str] = []
    after_role = False  # "Jane Doe, Deputy CTO, Harbour Cyber Labs": the employer follows
    for piece, comma in _pieces(s):
        if after_role and comma:
            continue
        after_role = False
        piece = piece.strip(" .:;,'\"\u2018\u2019\u201c\u201d")
        if strip:
            piece = prefix_re.sub("", piece, count=1)
        if not piece:
            continue
        if piece in agencies:
            names.append(piece)
            continue
        piece = _PLACE.sub("", piece)
        words = piece.split()
        if not words:
            continue
        if any(w.lower().strip(".,") in roles for w in words):
            after_role = True
            kept = _drop_role_tail(words, roles)
            if not kept:
                continue
            words = kept
        if len(words) > MAX_NAME_WORDS:
            continue
        if piece.isupper() and len(piece) > 3:
            words = [_APOSTROPHE_CAPS.sub(lambda m: m.group(1) + m.group(2).upper(),
                                          "-".join(p.capitalize() for p in w.split("-")))
                     for w in words]
        name = " ".join(words)
        if not _HAN_NAME.fullmatch(name):  # "By 李明", "By 山本 花子": a name as it stands
            if len(words) < 2 or any(_DOMAIN.search(w) for w in words):
                continue  # "Futurism", "Cleveland.com": a publisher, not a person
            if not (all(_is_name_word(w) or w.lower() in _PARTICLES for w in words)
                    and _is_name_word(words[0])):
                continue
        if name not in names:
            names.append(name)
    return names
