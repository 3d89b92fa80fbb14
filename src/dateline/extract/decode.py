"""From bytes to text: refuse what is not a page, detect the character set, repair mojibake.

Order of checks: size (``InputTooLargeError``), emptiness (``EmptyInputError``), binary
signatures and control-character density (``BinaryInputError``), then decoding: a byte-order mark,
strict UTF-8, a charset declared in an HTML ``<meta>`` tag, then charset-normalizer's best guess,
then cp1252. The decoded text goes through ftfy (Speer, 2019) to undo mojibake such as ``â€™``
left by an earlier wrong decoding.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
import ftfy

from dateline.errors import BinaryInputError, EmptyInputError, InputTooLargeError

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


def _binary_kind(data: bytes) -> str | None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    sample = data[:65536]
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if control / len(sample) > _MAX_CONTROL_SHARE:
        return "binary data"
    return None


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if match:
        name = match.group(1).decode("ascii", "ignore").lower()
        try:
            return codecs.lookup(name).name
        except LookupError:
            return None
    return None


def decode_page(data: bytes, max_bytes: int | None = None) -> str:
    """Return the page's text as ``str`` with ``\\n`` line ends and mojibake repaired.

    Raises ``InputTooLargeError`` when ``len(data) > max_bytes``, ``EmptyInputError`` for no
    bytes or only whitespace, and ``BinaryInputError`` for binary files. Undecodable bytes
    never fail: the last resort, latin-1, maps every byte.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise InputTooLargeError(
            f"the page is larger than the limit of {max_bytes} bytes "
            "(raise max_page_bytes in dateline.toml or DATELINE_MAX_PAGE_BYTES to accept it)"
        )
    if not data.strip():
        raise EmptyInputError("the page is empty")
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            break
    if text is None:
        what = _binary_kind(data)
        if what:
            raise BinaryInputError(f"the page is {what}, not text or HTML")
        text = _decode_without_bom(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise EmptyInputError("the page holds no text")
    # Keep curly quotation marks and apostrophes (quote attribution needs them) and full-width
    # CJK punctuation and letters (they are the publisher's text, not damage).
    return ftfy.fix_text(text, normalization="NFC", fix_line_breaks=False, uncurl_quotes=False,
                         fix_character_width=False)


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


def _decode_without_bom(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    western = _western_cp1252(data)
    if western is not None:
        return western
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
