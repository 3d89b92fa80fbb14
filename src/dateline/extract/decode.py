"""From bytes to text: refuse what is not a page, detect the character set, repair mojibake.

Order of checks: size (``InputTooLargeError``), emptiness (``EmptyInputError``), a byte-order
mark, UTF-16 or UTF-32 without one (zero bytes where those encodings put them), binary
signatures and control-character density (``BinaryInputError``), then decoding: strict UTF-8,
UTF-8 with a few cp1252 lines decoded line by line, a charset declared in an HTML ``<meta>`` tag;
a page with too few non-ASCII bytes for a statistical guess is cp1252 when that reads as Western
text, else UTF-8 with U+FFFD for each invalid sequence (stray bytes are damage, not a code page);
other pages: cp1252 when it reads as Western text, charset-normalizer's best guess, then cp1252.
The lines of the decoded text that show signs of mojibake (``â€™`` left by an earlier wrong
decoding, C1 control characters, Latin ligatures) go through ftfy (Speer, 2019); the rest,
scripts and markup included, is left as it is. Running ftfy over a whole raw page took 64% of the
HTML path's time (issue 12 item 7); a regular-expression scan finds the few lines it can change.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer
import ftfy

from dateline.errors import BinaryInputError, EmptyInputError, InputTooLargeError
from dateline.extract.code_pages import MIN_UTF8_LINES, line_by_line, mixed_code_pages

#: File signatures of common binary formats that reach text pipelines by mistake.
_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "a gzip file",
    b"\x7fELF": "an executable",
    b"RIFF": "a RIFF media file",
}
_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
#: Share of control bytes (other than tab, newline, carriage return, form feed) above which a
#: page is taken as binary. Text pages we have seen stay below 0.1%; binary files exceed 10%.
_MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _binary_kind(data: bytes) -> str | None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    sample = data[:65536]
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if control / len(sample) > _MAX_CONTROL_SHARE:
        return "binary data"
    return None


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return _known_charset(match.group(1).decode("ascii", "ignore")) if match else None


def _known_charset(name: str | None) -> str | None:
    """Python's name of the character set ``name`` (``"latin-1"`` -> ``"iso8859-1"``), or
    ``None`` when it is none Python knows."""
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_page(data: bytes, max_bytes: int | None = None) -> str:
    """Return the page's text as ``str`` with ``\\n`` line ends and mojibake repaired.

    Raises ``InputTooLargeError`` when ``len(data) > max_bytes``, ``EmptyInputError`` for no
    bytes or only whitespace, and ``BinaryInputError`` for binary files. Undecodable bytes
    never fail: the last resort, latin-1, maps every byte.
    """
    return decode_page_source(data, max_bytes)[0]


def decode_page_source(data: bytes, max_bytes: int | None = None) -> tuple[str, bytes | None]:
    """Return ``(text, utf8)``: the text of :func:`decode_page`, and ``data`` itself when it is
    exactly that text in UTF-8 (valid UTF-8 with no BOM, no ``\\r``, NUL or repair), else
    ``None``: the HTML parser is then given ``data`` instead of the text encoded again. Raises
    as :func:`decode_page` does."""
    decoded = decode_page_report(data, max_bytes)
    return decoded.text, decoded.utf8


@dataclass(frozen=True, slots=True)
class DecodedPage:
    """A page decoded: its ``text`` (as :func:`decode_page` returns it), ``utf8`` (the page's
    bytes when they are exactly ``text`` in UTF-8, else ``None``; see
    :func:`decode_page_source`) and ``replaced``, the number of U+FFFD characters the decoder
    put in for byte sequences that no character set it tried could read (0: every byte was
    read; a U+FFFD the page itself holds is not counted)."""

    text: str
    utf8: bytes | None
    replaced: int = 0


def decode_page_report(data: bytes, max_bytes: int | None = None,
                       charset: str | None = None) -> DecodedPage:
    """Return the :class:`DecodedPage` of ``data``. ``charset``: the character set its
    transport declared (:attr:`RawPage.charset <dateline.sources.page.RawPage>`), read after a
    BOM, valid UTF-8 and the page's own ``<meta charset>``; an unknown name is ignored. Raises
    as :func:`decode_page` does."""
    if max_bytes is not None and len(data) > max_bytes:
        raise InputTooLargeError(
            f"the page is larger than the limit of {max_bytes} bytes "
            "(raise max_page_bytes in dateline.toml or DATELINE_MAX_PAGE_BYTES to accept it)"
        )
    if not data or data.isspace():  # strip() would copy the page
        raise EmptyInputError("the page is empty")
    text = None
    replaced = 0
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            if "\ufffd" in text:
                replaced = text.count("\ufffd") - data.decode(encoding, "ignore").count("\ufffd")
            break
    if text is None:
        text = _utf16_or_32(data)
    plain = None
    if text is None:
        what = _binary_kind(data)
        if what:
            raise BinaryInputError(f"the page is {what}, not text or HTML")
        try:
            text = plain = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_without_bom(data, charset)
            if "\ufffd" in text:  # less the U+FFFD the page holds in UTF-8
                replaced = max(0, text.count("\ufffd") - data.count(b"\xef\xbf\xbd"))
    if "\r" in text:  # a membership test is a fast scan; replace() copies the page
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text or text.isspace():  # strip() would copy the page
        raise EmptyInputError("the page holds no text")
    text = repair_text(text)  # the same object when nothing was repaired
    return DecodedPage(text, data if text is plain else None, replaced)


#: A sign of mojibake: a cp1252/latin-1 reading of a UTF-8 lead byte (U+00C2 to U+00F4) followed
#: by the reading of a continuation byte (0x80 to 0xBF in cp1252 or latin-1), "\u00c2" or
#: "\u00c3" before a plain space (a no-break space lost in a scrape), a C1 control character, a
#: Latin ligature, or a stray C0 control or byte-order mark. Only lines holding one can be
#: changed by the ftfy fixes used below. (MacRoman mojibake, which ftfy also repairs, is not
#: looked for: none of the evaluation pages has it in visible text.)
_SUSPECT = re.compile(
    # one character class first, so that the regular-expression engine scans for it in C (an
    # alternation of classes is tried at every position: most of the decoding time); the
    # look-behinds then say which of the three signs it opens
    "[\u00c2-\u00f4\u0080-\u009f\ufb00-\ufb06\ufeff\x00-\x08\x0b\x0e-\x1f\x7f]"
    "(?:(?<=[\u00c2-\u00f4])[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]|(?<=[\u00c2\u00c3]) |(?<=[\u0080-\u009f\ufb00-\ufb06\ufeff\x00-\x08\x0b"
    "\x0e-\x1f\x7f]))")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.I)
_SUSPECT_OR_ENTITY = re.compile(f"{_SUSPECT.pattern}|{_ENTITY.pattern}", re.I)


def _fix(text: str, unescape_html: bool) -> str:
    # Keep curly quotation marks and apostrophes (quote attribution needs them) and full-width
    # CJK punctuation and letters (they are the publisher's text, not damage).
    return ftfy.fix_text(text, normalization="NFC", fix_line_breaks=False, uncurl_quotes=False,
                         fix_character_width=False, unescape_html=unescape_html)


#: A line longer than this (minified code, a page without line breaks) is repaired in pieces: the
#: stretch around a sign of mojibake between markup delimiters, at most this long each side.
_MAX_PIECE = 2000
_DELIMITERS = re.compile(r"[<>\n]")


def _around(text: str, first: int, last: int) -> tuple[int, int]:
    """Return the ``(start, end)`` of the line around ``text[first:last]``; in a line longer
    than about ``4 * _MAX_PIECE`` (minified code, a page without line breaks), of the stretch
    between markup delimiters around it, at most ``_MAX_PIECE`` each side (ftfy's cost grows
    with the length of what it is given). Every search is bounded: linear overall."""
    low = max(0, first - 2 * _MAX_PIECE)
    newline = text.rfind("\n", low, first)
    start = newline + 1 if newline >= 0 else (0 if low == 0 else -1)
    high = last + 2 * _MAX_PIECE
    newline = text.find("\n", last, high)
    end = newline if newline >= 0 else (len(text) if high >= len(text) else -1)
    if start >= 0 and end >= 0:
        return start, end
    low = max(0, first - _MAX_PIECE)
    cut = max(text.rfind(c, low, first) for c in "<>\n")
    start = cut + 1 if cut >= 0 else low
    high = min(len(text), last + _MAX_PIECE)
    found = _DELIMITERS.search(text, last, high)
    return start, found.start() if found else high


def repair_text(text: str) -> str:
    """Return ``text`` NFC-normalised, with mojibake repaired line by line.

    Only the lines holding a sign of :data:`_SUSPECT` go through ``ftfy.fix_text`` (the fixes
    ftfy applies to a whole text: encoding repair, C1 controls, ligatures, control characters).
    HTML entities are unescaped, as ftfy does, only in a text with no ``<`` (a text scrape, never
    markup). Linear in the length of the text.
    """
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        # NFC first, as ftfy does: a decomposed "A" + U+0303 is the mojibake "\u00c3" too
        text = unicodedata.normalize("NFC", text)
    unescape = "<" not in text
    if unescape and "&" in text:
        starts, pattern = _SUSPECT_OR_ENTITY, _SUSPECT_OR_ENTITY
    else:
        starts, pattern = _SUSPECT, _SUSPECT
    pieces, done, pos = [], 0, 0
    while True:
        hit = starts.search(text, pos)
        if hit is None:
            break
        start, end = _around(text, hit.start(), hit.end())
        start = max(start, done)
        pos = max(end, hit.end())
        line = text[start:end]
        if starts is pattern or pattern.search(line):
            pieces += [text[done:start], _fix(line, unescape)]
            done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


#: Largest share of non-ASCII characters among the letters of a cp1252 reading for it to be
#: taken as Western European text. French, German, Spanish and Portuguese news prose stays under
#: 8%; Cyrillic or Greek pages read as cp1252 are mostly non-ASCII letters.
_MAX_WESTERN_NON_ASCII = 0.15


def _western_cp1252(data: bytes) -> str | None:
    """Return ``data`` read as cp1252 when that reading looks like Western European text.

    Statistical detectors mistake short cp1252 pages for Baltic or Central European code pages;
    news pages in legacy encodings are overwhelmingly cp1252 or its subset latin-1."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text[:100_000] if ch.isalpha()]
    if not letters:
        return None
    non_ascii = sum(1 for ch in letters if ord(ch) > 127)
    return text if non_ascii / len(letters) <= _MAX_WESTERN_NON_ASCII else None


#: Characters of running text in the scripts news is written in (ASCII, Latin, Greek, Cyrillic,
#: Hebrew, Arabic, Devanagari, Thai, CJK, kana, Hangul, general and CJK punctuation).
_COMMON = re.compile("[\t\n\r\x20-\x7e\u00a0-\u024f\u0370-\u052f\u0590-\u06ff\u0900-\u097f"
                     "\u0e00-\u0e7f\u2000-\u206f\u20ac\u3000-\u30ff\u3400-\u4dbf"
                     "\u4e00-\u9fff\uac00-\ud7a3\uff00-\uffef]")
_SPACE = re.compile("[\n \u3000]")
#: A reading as UTF-16 or UTF-32 is taken when at least this share of its first
#: ``_WIDE_SAMPLE`` characters are :data:`_COMMON` (a page in an 8-bit encoding read as UTF-16
#: gives rare CJK extensions, private-use and unassigned characters).
_WIDE_COMMON_SHARE = 0.97
_WIDE_SAMPLE = 4096


_UNCOMMON = re.compile(_COMMON.pattern.replace("[", "[^", 1))


def _mostly_common(sample: str) -> bool:
    """``len(_COMMON.findall(sample)) >= _WIDE_COMMON_SHARE * len(sample)``, found by counting
    the other characters only up to the first count that decides it (an 8-bit page read as
    UTF-16 decides within a few hundred characters)."""
    n = len(sample)
    limit = 0  # the fewest uncommon characters that make the share too small
    while limit <= n and n - limit >= _WIDE_COMMON_SHARE * n:
        limit += 1
    if limit > n:
        return True
    return _UNCOMMON.subn("", sample, count=limit)[1] < limit


def _utf16_or_32(data: bytes) -> str | None:
    """Return ``data`` decoded as UTF-32 or UTF-16 (either byte order, no byte-order mark) when
    one reading decodes strictly and is running text (:data:`_COMMON`); of two such readings
    the one with more line breaks and spaces wins (a byte-swapped CJK text reads as Hangul, but
    its line breaks become U+0A00). ``None`` for anything else, and at once for data with no
    zero byte and few bytes below 0x20 (every 8-bit or UTF-8 page)."""
    head = data[:2 * _WIDE_SAMPLE]
    low = len(head) - len(head.translate(None, bytes(range(32))))
    if head.count(0) == 0 and low < len(head) * 0.02:
        return None
    best, best_spaces = None, -1
    for encoding, unit in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2),
                           ("utf-16-be", 2)):
        if len(data) % unit:
            continue
        try:
            sample = data[:unit * _WIDE_SAMPLE].decode(encoding)
        except UnicodeDecodeError:
            continue
        if not sample or not _mostly_common(sample):
            continue
        spaces = len(_SPACE.findall(sample))
        if spaces > best_spaces:
            best, best_spaces = encoding, spaces
        if unit == 4:
            break  # a strict UTF-32 reading of running text is not also UTF-16 text
    if best is None:
        return None
    try:
        return data.decode(best)
    except UnicodeDecodeError:
        return None


#: Fewer non-ASCII bytes than this are too little for a statistical guess of the code page. Set
#: by hand: on a page of 420 ASCII characters followed by Russian (cp1251, KOI8-R) or Greek
#: (cp1253) text, charset-normalizer 3 named none of the code pages right from 3 to 14 non-ASCII
#: bytes, and cp1251 from 28, cp1253 from 41, KOI8-R from 57.
_MIN_GUESS_BYTES = 32
_ASCII = bytes(range(128))


def _decode_without_bom(data: bytes, transport: str | None = None) -> str:
    """Decode ``data``, which has no BOM and is not valid UTF-8 (the caller tried that);
    ``transport``: the charset its transport declared, used when the page declares none."""
    declared = _declared_charset(data) or _known_charset(transport)
    by_line = None  # the page read a line at a time, once
    if declared in (None, "utf-8", "utf_8"):
        by_line, utf8_lines = line_by_line(data)
        if utf8_lines >= MIN_UTF8_LINES:  # UTF-8 at heart, with a few lines in another page
            return by_line
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    if len(data.translate(None, _ASCII)) < _MIN_GUESS_BYTES:  # the non-ASCII bytes
        return by_line if by_line is not None else line_by_line(data)[0]
    western = _western_cp1252(data)
    if western is not None:
        return western
    mixed = mixed_code_pages(data)
    if mixed is not None:
        return mixed
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is not None:
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so this cannot fail.
        return data.decode("latin-1")
