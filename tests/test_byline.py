"""Author names from bylines."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.extract.byline import desk_byline, has_byline_prefix, parse_byline


@pytest.mark.parametrize(("text", "expected"), [
    ("Sofia Barbarani", ["Sofia Barbarani"]),
    ("By Jane Doe", ["Jane Doe"]),
    ("By Jane Doe, Transport correspondent", ["Jane Doe"]),
    ("By Jane Doe and John Roe, Transport correspondents", ["Jane Doe", "John Roe"]),
    ("Marta Okonkwo-Reyes and Daniel Frisby", ["Marta Okonkwo-Reyes", "Daniel Frisby"]),
    ("Anna Lee, Ben Ode and Cai Wu", ["Anna Lee", "Ben Ode", "Cai Wu"]),
    ("By Anna Lee & Ben Ode", ["Anna Lee", "Ben Ode"]),
    ("BY JOHN SMITH", ["John Smith"]),
    ("By Ali al-Sadr in Baghdad", ["Ali al-Sadr"]),
    ("Written by Mary Anastasia O'Grady | Updated 3 May 2021", ["Mary Anastasia O'Grady"]),
    ("By Jane Doe (@janedoe), Political Editor", ["Jane Doe"]),
    ("By Jean-Luc de la Fontaine", ["Jean-Luc de la Fontaine"]),
    ("By Associated Press", ["Associated Press"]),
    ("By Priya Castellanos, Education correspondent", ["Priya Castellanos"]),
    ("By Victor Tangermann, Futurism", ["Victor Tangermann"]),
    ("By Troy L. Smith, Cleveland.com", ["Troy L. Smith"]),
    ("By Reuters", ["Reuters"]),
    # issue 12: names that contain "by", roles without commas, other languages
    ("By Abby Bybee and Kirby Lane", ["Abby Bybee", "Kirby Lane"]),
    ("Bybee Hartnell", ["Bybee Hartnell"]),
    ("Tomas Reiner Senior Reporter", ["Tomas Reiner"]),
    ("Olena Marchuk and Petro Hadz in Kyiv", ["Olena Marchuk", "Petro Hadz"]),
    ("Por María Ibáñez y José Núñez", ["María Ibáñez", "José Núñez"]),
    ("Von Hans Köhler und Eva Brandt", ["Hans Köhler", "Eva Brandt"]),
    ("Par Jeanne Moreau et Luc Besnard", ["Jeanne Moreau", "Luc Besnard"]),
    ("Di Marco Ferri e Lucia Gatti", ["Marco Ferri", "Lucia Gatti"]),
    ("Door Pieter de Wit en Anouk Visser", ["Pieter de Wit", "Anouk Visser"]),
    ("José Ortega y Gasset", ["José Ortega y Gasset"]),   # "y" inside one name
    ("Von Tessin", ["Von Tessin"]),                        # "Von" as part of the name
    ("By Łukasz Wróbel", ["Łukasz Wróbel"]),
    ("BY SEAN O'NEILL", ["Sean O'Neill"]),
    ("By Ines Calder. Additional reporting by Rob Tennant", ["Ines Calder"]),
    # the serial comma; after a role, a comma brings the writer's employer, not a name
    ("By Ines Calder, Rob Tennant, and Cai Wu", ["Ines Calder", "Rob Tennant", "Cai Wu"]),
    ("Ines Calder, Rob Tennant, & Cai Wu", ["Ines Calder", "Rob Tennant", "Cai Wu"]),
    ("Ines Calder, Deputy CTO, Harbour Cyber Labs", ["Ines Calder"]),
    ("By Ines Calder, Political Editor, The Harbour Times", ["Ines Calder"]),
    ("Ines Calder, Professor of Law, Harbour University", ["Ines Calder"]),
    ("By Ines Calder, Senior Reporter, and Rob Tennant, Photographer",
     ["Ines Calder", "Rob Tennant"]),
    ("Deputy Director Ines Calder", []),
    ("Edith Head and Rob Lead", ["Edith Head", "Rob Lead"]),  # titles that are also surnames
    # Korean bylines: the name before the newsroom role
    ("정다은 기자 daeun@example.kr", ["정다은"]),
    ("(부산=하버통신) 김민준·이서연 기자", ["김민준", "이서연"]),
    ("박하늘 특파원", ["박하늘"]),
    ("기자회견에서 시장은 부두를 다시 짓겠다고 말했다", []),
    ("시장은 이날 기자들에게 말했다", []),
    ("시장은 이날 기자 회견에서 말했다", []),
    # credits for pictures end the authors; an opening with a colon needs its colon
    ("By Ines Calder. Photographs by Rob Tennant", ["Ines Calder"]),
    ("Text: Ines Calder Photo: Rob Tennant", ["Ines Calder"]),
    ("Текст: Ирина Соколова Фото: Иван Петров", ["Ирина Соколова"]),
    ("Von Hans Köhler, Fotos: Eva Brandt", ["Hans Köhler"]),
    ("Autor: Jan Nowak i Anna Kowalska", ["Jan Nowak", "Anna Kowalska"]),
])
def test_parse_byline(text: str, expected: list[str]) -> None:
    assert parse_byline(text) == expected


@pytest.mark.parametrize("text", ["Comments", "By Reuters Staff", "Senior Political Editor", "",
                                  "By Futurism", "Madonna", "Staff and agencies",
                                  "Por Redacción", "Senior Reporter"])
def test_no_names(text: str) -> None:
    assert parse_byline(text) == []


def test_byline_prefix() -> None:
    assert has_byline_prefix("By Jane Doe")
    assert has_byline_prefix("Written by Jane Doe")
    assert not has_byline_prefix("Byron Bay floods again")
    assert not has_byline_prefix("From our correspondent")
    assert has_byline_prefix("Text: Ines Calder")
    assert not has_byline_prefix("Text Messages Reveal Plot")
    assert not has_byline_prefix("Автором книги стал")


@pytest.mark.parametrize(("text", "expected"), [
    ("Staff and agencies", ""), ("Reuters staff", "Reuters"), ("By Chicago Tribune staff",
                                                                "Chicago Tribune"),
    ("Redazione", ""), ("News", None), ("Jane Doe Staff Writer", None), ("Jane Doe", None),
])
def test_desk_byline(text: str, expected: str | None) -> None:
    assert desk_byline(text) == expected


@given(st.text(max_size=200))
def test_never_raises_and_is_stable(text: str) -> None:
    names = parse_byline(text)
    assert all(isinstance(n, str) and n for n in names)
    assert parse_byline(text) == names


@pytest.mark.parametrize(("text", "expected"), [
    ("By 李明", ["李明"]), ("By 山本 花子", ["山本 花子"]),
    ("By 李明 and Jane Doe", ["李明", "Jane Doe"]),
    ("By 中华人民共和国国务院", []),  # ten characters: an institution, not a name
])
def test_a_han_name_after_an_opening_is_a_name(text: str, expected: list[str]) -> None:
    # a new user's trial: <p class="byline">By 李明</p> gave no author, and the byline's
    # text was neither in the body nor in the boilerplate
    assert parse_byline(text) == expected


def test_a_han_byline_of_an_english_page_names_its_author() -> None:
    import dateline

    page = ("<html><head><title>Quay vote</title></head><body><article>"
            "<h1>Harbour council approves the new quay</h1><p class=\"byline\">By 李明</p>"
            "<p>The council of Riverside voted on Tuesday to approve the new quay after a long "
            "debate that lasted most of the evening and ended late.</p><p>Members said the "
            "work would begin in the spring and take about two years to finish.</p>"
            "</article></body></html>")
    record = dateline.extract(page.encode(), format="html", nlp=False)
    assert record.authors == ["李明"]
