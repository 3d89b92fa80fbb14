"""Pages that mix a Western code page with KOI8-R or cp1251 lines, and the record's count of
what decoding could not read (issue 12 item 6, a new user's trial). Pages written by the dateline
team; the expected values are worked out by hand."""

from __future__ import annotations

import pytest

import dateline
from dateline.extract.code_pages import read_cyrillic
from dateline.extract.decode import decode_page, decode_page_report

RUSSIAN = "Жители острова требуют второй паром до начала зимних штормов."
BULGARIAN = "България и Сърбия откриха нов граничен пункт край Кула."
PROSE = ("The town council met on Tuesday evening to discuss the new harbour wall, which "
         "engineers say must be finished before the winter storms arrive.")
CAFE = "The caf\u00e9 on the quay \u2018will stay open\u2019, its owner said."
ENDING = "The company\u2019s director did not answer questions about the timetable."
UTF8 = "A na\u00efve \u201cplan\u201d from the r\u00e9gion, said the mayor of Gen\u00e8ve."


@pytest.mark.parametrize("text", [RUSSIAN, BULGARIAN, RUSSIAN.upper()[:40] + " " + RUSSIAN])
@pytest.mark.parametrize("encoding", ["koi8-r", "cp1251"])
def test_a_line_of_cyrillic_is_read_in_its_own_code_page(text, encoding):
    assert read_cyrillic(text.encode(encoding)) == text


def test_undecided_or_foreign_lines_are_not_read_as_cyrillic():
    # a short line in capitals: each reading is plausible Cyrillic in one case
    assert read_cyrillic("ПАРОМ НЕ ПРИШЁЛ".encode("cp1251")) is None
    # Greek in cp1253, French in cp1252, Cyrillic in UTF-8 with a stray byte
    assert read_cyrillic("Οι κάτοικοι του νησιού ζητούν δεύτερο πλοίο.".encode("cp1253")) is None
    assert read_cyrillic(CAFE.encode("cp1252")) is None
    assert read_cyrillic(RUSSIAN.encode("utf-8") + b"\xff") is None


@pytest.mark.parametrize("encoding", ["koi8-r", "cp1251"])
def test_a_page_mixing_cp1252_and_cyrillic_lines_is_read_line_by_line(encoding):
    # before: with a UTF-8 line on the page the Cyrillic line came out as U+FFFD; without one
    # (koi8-r), charset-normalizer read the whole page as KOI8-R ("cafИ")
    lines = [(PROSE, "ascii"), (CAFE, "cp1252"), (RUSSIAN, encoding), (ENDING, "cp1252")]
    for extra in ([], [(UTF8, "utf-8")]):
        data = b"\n".join(t.encode(e) for t, e in lines + extra) + b"\n"
        decoded = decode_page_report(data)
        assert decoded.text == "\n".join(t for t, _ in lines + extra) + "\n"
        assert decoded.replaced == 0


def test_a_short_page_keeps_its_cp1252_beside_a_cyrillic_line():
    # fewer than 32 non-ASCII bytes: the whole page was UTF-8 with U+FFFD, the cp1252 too
    data = (PROSE + "\nThe caf\xe9 owner agreed.\n").encode("latin-1")
    assert decode_page(data + "Паром придёт.".encode("koi8-r")) == \
        PROSE + "\nThe caf\u00e9 owner agreed.\nПаром придёт."
    # a line too short to tell KOI8-R from cp1251 (and no Western text: a lone letter "ñ")
    # keeps U+FFFD, counted, and the cp1252 line its letters
    decoded = decode_page_report(data + "Я не знаю.".encode("koi8-r"))
    assert decoded.text == PROSE + "\nThe caf\u00e9 owner agreed.\n\ufffd \ufffd\ufffd " + \
        "\ufffd" * 4 + "."
    assert decoded.replaced == 7


def test_the_record_counts_what_decoding_could_not_read():
    # a UTF-8 page with a line in no code page tried: its U+FFFD are counted on the record
    page = "\n\n".join([PROSE, UTF8, PROSE.replace("Tuesday", "Friday")]).encode("utf-8")
    record = dateline.extract(page + b"\n\nprice \xc3( list and \xff\xfe end\n", format="text",
                              nlp=False)
    assert record.source.replaced_chars == 3
    # a U+FFFD the page itself holds in UTF-8 is the page's text, not a loss
    record = dateline.extract(page + "\n\nA lost sign \ufffd here.\n".encode(), format="text",
                              nlp=False)
    assert record.source.replaced_chars == 0
    # and the KOI8-R line of a mixed page is read, nothing lost
    mixed = page + b"\n\n" + RUSSIAN.encode("koi8-r") + b"\n"
    record = dateline.extract(mixed, format="text", nlp=False)
    assert record.source.replaced_chars == 0
    assert RUSSIAN in record.paragraphs
