"""A one-letter accented word in a line of cp1252 (session 8's trial): French "à" and Italian
"è" stand alone between spaces, which ``reads_as_western`` took for a stray UTF-8 lead byte, so
a short page (too few non-ASCII bytes to guess its code page) lost every accent of the line to
U+FFFD: "lampe \ufffd Caf\ufffd", "Genova \ufffd chiuso". The pages are written for this test."""

from __future__ import annotations

import pytest

import dateline
from dateline.extract.code_pages import reads_as_western
from dateline.extract.decode import decode_page_report

ITALIAN = "Il porto di Genova è chiuso da lunedì: la città è ferma e le navi aspettano al largo."
FRENCH = "Le phare de l'île rallume sa lampe à minuit, a dit le gardien au Café du Port."


@pytest.mark.parametrize("line", [ITALIAN, FRENCH, "à Paris", "Rendez-vous à 18h.", "È vero"])
def test_a_line_with_a_one_letter_word_decodes_as_cp1252(line):
    data = line.encode("cp1252")
    decoded = decode_page_report(data)
    assert decoded.text == line and decoded.replaced == 0


def test_a_utf8_lead_byte_is_still_no_western_word():
    # "à" followed by a continuation byte: Devanagari in UTF-8 read as cp1252, not a word
    assert not reads_as_western("नमस्ते".encode().decode("cp1252", "replace"))
    assert not reads_as_western("x Ã (y")
    assert reads_as_western("lampe à Café")


def test_a_short_italian_page_keeps_its_accents():
    page = ("<html><body><article><h1>Genova, il porto è chiuso</h1><p>" + ITALIAN + " "
            "Il sindacato ha detto che lo sciopero continua fino a venerdì.</p></article>"
            "</body></html>").encode("cp1252")
    article = dateline.extract(page, nlp=False)
    assert article.headline == "Genova, il porto è chiuso"
    assert article.paragraphs[0].startswith(ITALIAN) and article.source.replaced_chars == 0
