"""Chrome phrases in other European languages name a removed line's boilerplate kind (issue 12:
a new user's trial found a Dutch newsletter box and share bar named ``related``).

Pages and lines written by the dateline team; the expected kinds are worked out by hand.
"""

from __future__ import annotations

import pytest

import dateline
from dateline.extract.boilerplate import name_kind
from dateline.extract.chrome_phrases import european_kind

BODY = [
    "De gemeenteraad van Veldhoven heeft dinsdagavond besloten de oude brug over het kanaal "
    "te vervangen door een nieuwe fietsbrug, die volgend voorjaar klaar moet zijn.",
    "Volgens de wethouder was herstel van de brug te duur geworden nadat inspecteurs vorig "
    "jaar scheuren in de pijlers hadden gevonden en het verkeer werd omgeleid.",
    "Omwonenden mogen in een inspraakavond meepraten over de kleur van de leuningen en over "
    "de verlichting, die 's nachts gedimd wordt om vleermuizen niet te storen.",
    "De bouw kost ongeveer vier miljoen euro, waarvan de provincie de helft betaalt uit een "
    "fonds voor fietsverbindingen tussen dorpen en steden in de regio.",
]


def test_dutch_newsletter_and_share_lines():
    page = "\n\n".join(["Nieuws | Sport | Regio", "Veldhoven krijgt een nieuwe fietsbrug",
                        "Deel dit artikel", *BODY, "Meld je aan voor onze nieuwsbrief",
                        "Lees ook", "Nieuwe rotonde bij Eersel gaat in mei open",
                        "Reacties (4)", "Copyright 2025 Kempen Courant"]).encode()
    article = dateline.extract(page, format="text", nlp=False)
    kinds = {b.text: b.kind for b in article.boilerplate}
    assert kinds["Deel dit artikel"] == "social"
    assert kinds["Meld je aan voor onze nieuwsbrief"] == "newsletter"
    assert kinds["Reacties (4)"] == "comments"
    assert kinds["Lees ook"] == "related"
    assert article.paragraphs == BODY


@pytest.mark.parametrize(("line", "kind"), [
    ("Melden Sie sich für unseren Newsletter an", "newsletter"),  # English 'newsletter'
    ("Meld je aan voor onze nieuwsbrief", "newsletter"),
    ("Inscrivez-vous à notre lettre d\u2019information", "newsletter"),
    ("Zapisz się do newslettera", "newsletter"),
    ("Prenumerera på vårt nyhetsbrev", "newsletter"),
    ("Deel dit artikel", "social"),
    ("Teilen", "social"),
    ("Condividi questo articolo", "social"),
    ("Udostępnij", "social"),
    ("Alle akzeptieren", "cookie"),
    ("Aceptar todas", "cookie"),
    ("Lascia un commento", "comments"),
    ("Deixe um comentário", "comments"),
    ("Kommentare (12)", "comments"),
    ("Lees ook", "related"),
    ("Przeczytaj także", "related"),
    ("Läs också", "related"),
    ("Lo más leído", "related"),
])
def test_european_phrases_name_kind(line, kind):
    assert name_kind(line, "after") == kind


def test_one_word_phrase_needs_a_short_line():
    # 'teilen' as the verb of a headline is no share bar: the line keeps its shape's kind
    assert european_kind("Bund und Länder teilen sich die Kosten der neuen Brücke") is None
    assert name_kind("Bund und Länder teilen sich die Kosten der neuen Brücke") == "related"
    assert european_kind("Jetzt teilen") == "social"


def test_no_phrase_no_kind():
    assert european_kind("De gemeenteraad besluit over de brug") is None
