"""Decoding in every script and the per-page bounds (issue 12 items 6 and 7), on pages we wrote."""

from __future__ import annotations

import pytest

import dateline
from dateline.config import Settings, load_settings
from dateline.errors import TooSlowError
from dateline.extract.decode import decode_page, decode_page_source, repair_text
from dateline.pipeline import process_many
from dateline.sources.page import RawPage

PROSE = ("The town council met on Tuesday evening to discuss the new harbour wall, which "
         "engineers say must be finished before the winter storms arrive.")
HTML = (f"<html><head><title>Harbour wall</title></head><body><article><h1>Harbour wall</h1>"
        f"<p>{PROSE}</p><p>Grüße aus Köln, café in Genève, 東京の港.</p><p>{PROSE}</p>"
        f"</article></body></html>")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_bom_are_detected(encoding):
    assert decode_page(HTML.encode(encoding)) == HTML
    record = dateline.extract(HTML.encode(encoding), nlp=False)
    assert record.paragraphs[1] == "Grüße aus Köln, café in Genève, 東京の港."


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_chinese_text_without_a_bom_is_detected(encoding):
    text = "市议会周二投票决定保留冬季渡轮服务。\n岛上居民说，没有渡轮学校和诊所都会关闭。\n" * 3
    assert decode_page(text.encode(encoding)) == text


def test_a_page_mixing_utf8_with_cp1252_is_repaired_line_by_line():
    data = ("<p>Caf\u00e9 owners in Genève welcomed the plan</p>\n".encode("utf-8")
            + "<p>He said \u201cno\u201d to the caf\u00e9 \u2013 twice</p>\n".encode("cp1252"))
    assert decode_page(data) == ("<p>Caf\u00e9 owners in Genève welcomed the plan</p>\n"
                                 "<p>He said \u201cno\u201d to the caf\u00e9 \u2013 twice</p>\n")


def test_a_page_ascii_but_for_a_few_invalid_utf8_bytes_is_utf8_with_replacement():
    # a new-user trial: b"\xc3\x28" (a UTF-8 lead byte before "(") came out as "\u251c(" from
    # a DOS code page that charset-normalizer guessed from four stray bytes
    data = (PROSE + " \xc3( and \xf0\x90(\xbc, then \x81 end.\n").encode("latin-1")
    assert decode_page(data) == PROSE + " \ufffd( and \ufffd(\ufffd, then \ufffd end.\n"
    # a lone lead byte alone: no isolated capital "\u00c3" from cp1252 either
    assert decode_page((PROSE + " \xc3(\n").encode("latin-1")) == PROSE + " \ufffd(\n"
    # a line of a UTF-8 page that is not UTF-8 and not cp1252 text: the same rule
    mixed = ("Caf\u00e9 owners in Gen\u00e8ve\n".encode() + b"price \xc3( list\n")
    assert decode_page(mixed) == "Caf\u00e9 owners in Gen\u00e8ve\nprice \ufffd( list\n"


def test_utf8_lines_each_holding_stray_bytes_keep_their_utf8_not_a_dos_code_page():
    # a new-user trial: a UTF-8 page whose every non-ASCII line also held a stray byte pair
    # (b"\xff\xfe") had no valid UTF-8 line, so charset-normalizer took the whole page as cp866
    # and every curly quotation mark came out as Cyrillic ("\u0442\u0410\u042c")
    line = "\u201cWe will mend the wall,\u201d she said at th\udcff\udcfe harbour."
    data = "\n".join([PROSE] + [line] * 12).encode("utf-8", "surrogateescape")
    assert decode_page(data) == "\n".join(
        [PROSE] + ["\u201cWe will mend the wall,\u201d she said at th\ufffd\ufffd harbour."] * 12)


def test_a_short_cp1252_page_is_still_cp1252():
    # a few non-ASCII bytes that read as Western text (letters inside words, typographic signs)
    data = (PROSE + " The caf\xe9 owner said she didn\x92t mind \x96 \x93at all\x94.\n"
            ).encode("latin-1")
    assert decode_page(data) == PROSE + (" The caf\u00e9 owner said she didn\u2019t mind "
                                         "\u2013 \u201cat all\u201d.\n")


def test_mojibake_is_repaired_only_where_it_is():
    text = ("<script>var s = 'Ã©';</script>\n"  # not prose, but mojibake all the same
            "<p>The caf\u00c3\u00a9 reopened \u00e2\u0080\u0094 at last</p>\n<p>Plain line</p>")
    assert repair_text(text) == ("<script>var s = 'é';</script>\n"
                                 "<p>The caf\u00e9 reopened \u2014 at last</p>\n<p>Plain line</p>")
    # decomposed letters are composed (NFC), curly quotes kept, entities in markup left alone
    assert repair_text("Cafe\u0301 \u201cyes\u201d &amp; <b>") == (
        "Caf\u00e9 \u201cyes\u201d &amp; <b>")


def test_an_article_inside_100000_nested_divs_is_still_found():
    depth = 100_000
    page = ("<html><head><title>Deep</title></head><body>" + "<div>" * depth
            + f"<h1>Harbour wall</h1><p>{PROSE}</p><p>{PROSE} Work starts in May.</p>"
            + "</div>" * depth + "</body></html>")
    record = dateline.extract(page, nlp=False)
    assert record.headline == "Harbour wall"
    assert record.paragraphs == [PROSE, f"{PROSE} Work starts in May."]


def test_a_page_of_100000_tiny_paragraphs_returns_or_is_too_slow():
    page = ("<html><body><h1>Tiny</h1>" + "<p>a b</p>" * 100_000 + "</body></html>").encode()
    try:
        record = dateline.extract(page, nlp=False)
    except TooSlowError as exc:
        assert exc.kind == "too_slow"
    except dateline.ExtractionError:
        pass  # no paragraph of prose: not an article, also a bounded answer
    else:
        assert len(record.paragraphs) <= 100_000


def test_a_page_past_the_time_limit_is_too_slow_and_the_batch_goes_on(monkeypatch):
    settings = Settings(page_time_limit=1e-9)
    pages = [RawPage(source="slow.html", data=HTML.encode()),
             RawPage(source="empty.txt", data=b"")]
    results = [r for _, r in process_many(pages, settings, nlp=False)]
    assert [r.kind for r in results] == ["too_slow", "empty"]
    assert "page_time_limit" in str(results[0])


def test_the_time_limit_is_a_setting(monkeypatch):
    assert Settings().page_time_limit == 30.0
    monkeypatch.setenv("DATELINE_PAGE_TIME_LIMIT", "2.5")
    assert load_settings().page_time_limit == 2.5


def test_a_non_english_page_keeps_its_full_record():
    page = """<html lang="de"><head><title>Fähre nach Skerrin gerettet | Küstenbote</title>
    <meta property="og:site_name" content="Küstenbote"></head><body><article>
    <h1>Fähre nach Skerrin gerettet</h1>
    <p>Der Hafenrat hat am Donnerstagabend beschlossen, die Winterfähre nach Skerrin drei
    weitere Jahre fahren zu lassen, nachdem die Inselbewohner den ganzen Sommer gekämpft hatten.</p>
    <p>Die Mitglieder sagten, der Zuschuss von 1,2 Millionen im Jahr komme aus den Rücklagen des
    Hafens, und die Fahrpreise für Einwohner würden nicht steigen.</p>
    </article></body></html>"""
    record = dateline.extract(page.encode("utf-8"), nlp=False)
    assert record.language == "de"
    assert record.headline == "Fähre nach Skerrin gerettet"
    assert record.publisher == "Küstenbote"
    assert len(record.paragraphs) == 2
    assert record.paragraphs[1].startswith("Die Mitglieder sagten, der Zuschuss")


def test_a_long_line_is_repaired_in_pieces_without_losing_or_repeating_text():
    filler = "x" * 3000
    line = f"caf\u00c3\u00a9 {filler} na\u00c3\u00afve {filler} r\u00c3\u00a9sum\u00c3\u00a9"
    assert repair_text(line) == f"caf\u00e9 {filler} na\u00efve {filler} r\u00e9sum\u00e9"
    page = f"<p>{filler}</p>" * 3 + "<p>d\u00c3\u00a9j\u00c3\u00a0 vu</p>" + f"<p>{filler}</p>"
    assert repair_text(page) == page.replace("d\u00c3\u00a9j\u00c3\u00a0", "d\u00e9j\u00e0")


def test_decode_page_source_hands_back_the_bytes_only_when_they_are_the_text():
    plain = "<p>Caf\u00e9 opens at nine</p>\n".encode()
    assert decode_page_source(plain) == (plain.decode(), plain)
    assert decode_page_source(plain)[1] is plain
    # changed on the way: CRLF line ends, a BOM, mojibake repaired, cp1252 bytes
    assert decode_page_source(b"<p>one</p>\r\n<p>two</p>") == ("<p>one</p>\n<p>two</p>", None)
    assert decode_page_source(b"\xef\xbb\xbf<p>one</p>")[1] is None
    assert decode_page_source("<p>Caf\u00c3\u00a9 opens</p>".encode())[1] is None
    assert decode_page_source(b"<p>Caf\xe9 opens at nine</p>")[1] is None
