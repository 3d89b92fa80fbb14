"""Bad input: every page gets a clear per-document error or a best-effort record."""

import pytest

import dateline
from dateline.config import load_settings
from dateline.errors import BinaryInputError, EmptyInputError, InputTooLargeError
from dateline.extract.decode import decode_page
from dateline.pipeline import process_many
from dateline.sources.page import RawPage

PROSE = ("The town council met on Tuesday evening to discuss the new harbour wall, which "
         "engineers say must be finished before the winter storms arrive. ")


def test_empty_page_is_an_empty_input_error():
    with pytest.raises(EmptyInputError):
        dateline.extract(b"", nlp=False)
    with pytest.raises(EmptyInputError):
        dateline.extract(b"  \n\t \n", nlp=False)


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    bytes(range(256)) * 40,
])
def test_binary_page_is_a_binary_input_error(data):
    with pytest.raises(BinaryInputError) as info:
        dateline.extract(data, nlp=False)
    assert info.value.kind == "binary"


def test_a_50_mb_page_is_refused_without_loading_it_whole(tmp_path):
    from dateline.sources.files import read_page

    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.write(PROSE.encode() * (50 * 1024 * 1024 // len(PROSE)))
    limit = load_settings().max_page_bytes
    page = read_page(str(path), limit)
    assert len(page.data) == limit + 1  # read stops one byte past the limit
    [(_, result)] = list(process_many([page], load_settings(), nlp=False))
    assert isinstance(result, InputTooLargeError)
    assert str(limit) in str(result)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encodings_are_detected(encoding):
    text = "Café owners in Zürich said the “new rules” cost them €2,000 a month. " * 3
    if encoding == "latin-1":
        text = text.replace("“", '"').replace("”", '"').replace("€", "EUR ")
    decoded = decode_page(text.encode(encoding))
    assert "Café owners in Zürich" in decoded
    if encoding == "cp1252":
        assert "“new rules”" in decoded and "€2,000" in decoded


def test_mojibake_is_repaired():
    # UTF-8 bytes once wrongly decoded as cp1252 and saved again as UTF-8: "â€™" for "’".
    broken = "The minister’s café plan was “unworkable”".encode().decode("cp1252", "replace")
    assert "â€™" in broken
    fixed = decode_page(broken.encode("utf-8"))
    assert fixed.startswith("The minister’s café plan was “unworkable")


def test_charset_declared_in_html_meta_is_used():
    html = ('<html><head><meta charset="windows-1252"></head><body><p>Na\xefve caf\xe9 '
            'prices</p></body></html>').encode("latin-1")
    assert "Naïve café prices" in decode_page(html)


def test_utf16_with_bom_is_decoded():
    text = "A short story about the harbour wall and the storms."
    assert decode_page(text.encode("utf-16")) == text


def test_page_in_another_language_gets_a_best_effort_record():
    german = ("Stadtrat beschließt Neubau der Hafenmauer\n\n"
              + "Der Stadtrat hat am Dienstagabend beschlossen, die alte Hafenmauer bis zum "
                "Winter vollständig zu erneuern, weil die Stürme jedes Jahr stärker werden.\n\n"
              * 4)
    article = dateline.extract(german, format="text", nlp=False)
    assert article.language == "de"
    assert any("Hafenmauer" in p for p in article.paragraphs)


def test_one_bad_page_never_stops_the_batch():
    pages = [RawPage("a.txt", b""), RawPage("b.bin", b"\x89PNG\r\n\x1a\nxx"),
             RawPage("c.txt", ("Headline of the story\n\n" + PROSE * 3).encode()),
             RawPage("d.txt", b"", error=OSError("gone"))]
    results = list(process_many(pages, load_settings(), nlp=False))
    assert [page.source for page, _ in results] == ["a.txt", "b.bin", "c.txt", "d.txt"]
    kinds = [getattr(result, "kind", "ok") for _, result in results]
    assert kinds[:2] == ["empty", "binary"]
    assert isinstance(results[2][1], dateline.Article)


def test_a_batch_reports_a_source_error_as_a_dateline_error():
    # process_batch handed the source's own OSError back (no kind); process_many wraps it
    from dateline.errors import InternalError
    from dateline.pipeline import process_batch

    page = RawPage("d.txt", b"", error=OSError("gone"))
    for results in (process_batch([page], load_settings(), nlp=False),
                    list(process_many([page], load_settings(), nlp=False))):
        [(_, error)] = results
        assert isinstance(error, InternalError) and error.kind == "internal"
        assert str(error) == "internal error: OSError: gone"


def test_a_page_that_fails_understanding_keeps_its_format(monkeypatch):
    # the failure record's source.format comes from the extracted article
    import dateline.understand
    from dateline.errors import UnderstandError
    from dateline.pipeline import failure_record

    monkeypatch.setattr(dateline.understand, "understand_each",
                        lambda articles, settings: [UnderstandError("the parse broke")])
    page = RawPage("c.txt", ("Headline of the story\n\n" + PROSE * 3).encode())
    [(_, error)] = process_many([page], load_settings(), format="text", nlp=True)
    assert isinstance(error, UnderstandError)
    assert failure_record(page, error).model_dump() == {
        "source": {"uri": "c.txt", "format": "text", "sha256": page.sha256},
        "error": {"kind": "understand", "message": "the parse broke"}}


@pytest.mark.parametrize("page", ["hello", "Click here to subscribe", "Home\nNews\nSport\n",
                                  "samples/harbour-council-vote.txt"])
def test_a_page_with_a_few_words_is_not_an_article(page):
    from dateline.errors import ExtractionError

    with pytest.raises(ExtractionError, match="not an article"):
        dateline.extract(page, nlp=False)


@pytest.mark.parametrize("page", [None, 42, ["a list"]])
def test_extract_refuses_what_is_not_a_page(page):
    with pytest.raises(TypeError, match="str or bytes"):
        dateline.extract(page, nlp=False)


def test_full_width_cjk_punctuation_is_kept():
    text = "港口委员会周三投票决定关闭码头，结束了八十年的渡轮服务。％ＡＢＣ"
    assert decode_page(text.encode("utf-8")) == text
