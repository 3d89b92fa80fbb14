"""Quotation marks: pairing opening and closing marks within and across paragraphs.

Works on plain strings, before and apart from any parse. Rules (issue 3, item 3):

* Curly (“ ” ‘ ’ „ « ») and straight (" ') marks are handled, and doubled single marks ('' and
  ``, as some newspapers' archives write double marks). A straight double mark opens when no
  quotation is open and closes one that is.
* Apostrophes are not quotation marks: ``Russia’s``, ``don’t``, ``O’Brien`` (a mark between two
  letters), ``’90s`` / ``'em`` (elisions) and ``students’`` (a plural possessive, whenever no single
  quotation is open). Single marks only quote when both the opening and the closing mark are found
  in the same paragraph; single marks inside a double quotation are content.
* A double quotation left open at the end of its paragraph continues into the next paragraph when
  that one opens with a quotation mark (the newspaper convention for quotes over several
  paragraphs); otherwise it is closed at the end of its own paragraph, so an unbalanced mark never
  swallows the rest of the article.

Offsets are code-point offsets into each paragraph string.
"""

from __future__ import annotations

from dataclasses import dataclass

from dateline import datafiles

OPEN_DOUBLE = "“„«‟"
CLOSE_DOUBLE = "”»"
STRAIGHT_DOUBLE = '"'
OPEN_SINGLE = "‘‚‹"
CLOSE_SINGLE = "’›"
STRAIGHT_SINGLE = "'"
QUOTE_CHARS = OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT_DOUBLE + OPEN_SINGLE + CLOSE_SINGLE + "'"
#: characters after which a straight or curly opening mark may stand
_OPENER_CONTEXT = " \t\n([{—–-/:;,"
#: elisions written with a leading apostrophe, each with the space after it: 'em, 'tis, 'n'
#: (``data/elisions.txt``; ’90s is a digit rule)
_ELISIONS = tuple(sorted(f"{word} " for word in datafiles.words("dateline.understand",
                                                                 "elisions.txt")))


@dataclass(frozen=True)
class Quoted:
    """One quoted stretch of a paragraph.

    ``start``/``end`` bound the content without its marks; ``open`` is the offset of the opening
    mark (``None`` when the stretch continues a quotation opened in an earlier paragraph without a
    new mark), ``close`` the offset of the closing mark (``None`` when the paragraph ended first).
    ``continued``: this stretch continues the previous paragraph's open quotation;
    ``continues``: the quotation goes on in the next paragraph. ``single``: single marks.
    """

    start: int
    end: int
    open: int | None
    close: int | None
    continued: bool = False
    continues: bool = False
    single: bool = False

    @property
    def closed(self) -> bool:
        """True when the closing mark was found in this paragraph."""
        return self.close is not None


def _is_apostrophe(text: str, i: int) -> bool:
    """True when the single mark at ``text[i]`` is an apostrophe, not a quotation mark."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return True  # Russia’s, don’t, O’Brien, rock’n’roll
    if after.isdigit():
        return True  # ’90s
    rest = text[i + 1 : i + 8].lower()
    return before in " (" and any(rest.startswith(e) for e in _ELISIONS)


def _opens(text: str, i: int) -> bool:
    """True when a straight or single mark at ``text[i]`` stands where a quotation can open."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPENER_CONTEXT or before in OPEN_DOUBLE or before == '"') \
        and not after.isspace()


def _closes(text: str, i: int) -> bool:
    """True when a single mark at ``text[i]`` stands where a quotation can close."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _single_pairs(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Pairs (open, close) of single quotation marks in ``text[lo:hi]``, outside double quotes."""
    pairs = []
    opened: int | None = None
    for i in range(lo, hi):
        ch = text[i]
        if ch not in OPEN_SINGLE and ch not in CLOSE_SINGLE and ch != STRAIGHT_SINGLE:
            continue
        if _is_apostrophe(text, i):
            continue
        if opened is None:
            if (ch in OPEN_SINGLE or ch == STRAIGHT_SINGLE) and _opens(text, i):
                opened = i
        elif (ch in CLOSE_SINGLE or ch == STRAIGHT_SINGLE) and _closes(text, i):
            pairs.append((opened, i))
            opened = None
    return pairs


def _double_stretches(text: str) -> list[tuple[int, int | None]]:
    """Pairs (open, close) of double marks in ``text``; close is None for a mark left open at the
    end of the string."""
    pairs: list[tuple[int, int | None]] = []
    opened: int | None = None
    skip = -1
    for i, ch in enumerate(text):
        if i == skip:
            continue
        if ch in "'`" and text[i + 1:i + 2] == ch:  # '' and `` stand for a double mark
            skip = i + 1
            ch = STRAIGHT_DOUBLE
        if ch in OPEN_DOUBLE:
            if opened is not None:  # a quotation never closed: close it before the new one
                pairs.append((opened, None if i == opened else i))
            opened = i
        elif ch in CLOSE_DOUBLE:
            if opened is not None:
                pairs.append((opened, i))
                opened = None
            elif (i == 0 or text[i - 1] in _OPENER_CONTEXT) and text[i + 1:i + 2].isalnum():
                opened = i  # a closing mark typed where a quotation opens
        elif ch == STRAIGHT_DOUBLE:
            if opened is None:
                after = text[i + 1] if i + 1 < len(text) else " "
                if not after.isspace():
                    opened = i
            else:
                pairs.append((opened, i))
                opened = None
    if opened is not None:
        pairs.append((opened, None))
    return pairs


def _starts_with_open(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and (stripped[0] in OPEN_DOUBLE or stripped[0] == STRAIGHT_DOUBLE
                               or stripped[:2] in ("''", "``"))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quoted(paragraphs: list[str]) -> list[list[Quoted]]:
    """Return, for each string of ``paragraphs`` (consecutive paragraphs of one article part),
    its quoted stretches in order. Never raises; every ``start <= end`` lies within its string.

    A double quotation open at the end of paragraph *i* gets ``continues=True`` when paragraph
    *i+1* opens with a double mark; that paragraph's first stretch then has ``continued=True``.
    """
    result: list[list[Quoted]] = []
    carry = False  # the previous paragraph left a quotation open and this one opens with a mark
    for n, text in enumerate(paragraphs):
        stretches: list[Quoted] = []
        pairs = _double_stretches(text)
        for k, (op, cl) in enumerate(pairs):
            if cl is None:
                nxt = paragraphs[n + 1] if n + 1 < len(paragraphs) else ""
                continues = _starts_with_open(nxt)
                start, end = _trim(text, op + (2 if text[op] in "'`" else 1), len(text))
                stretches.append(Quoted(start, end, op, None, carry and k == 0, continues))
            else:
                start = op + 2 if text[op] in "'`" else op + 1
                stretches.append(Quoted(min(start, cl), cl, op, cl, carry and k == 0))
        # single quotations outside the double ones
        lo = 0
        singles: list[Quoted] = []
        for q in stretches + [Quoted(len(text), len(text), len(text), len(text))]:
            hi = q.open if q.open is not None else q.start
            for op, cl in _single_pairs(text, lo, hi):
                singles.append(Quoted(op + 1, cl, op, cl, single=True))
            lo = (q.close + 1) if q.close is not None else len(text)
        stretches = sorted(stretches + singles, key=lambda q: q.start)
        carry = bool(stretches) and stretches[-1].continues and not stretches[-1].single
        result.append(stretches)
    return result


def strip_marks(text: str) -> str:
    """Return ``text`` without leading and trailing quotation marks and spaces."""
    return text.strip().strip(QUOTE_CHARS).strip()
