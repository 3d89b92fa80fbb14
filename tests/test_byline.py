"""Author names from bylines."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.extract.byline import has_byline_prefix, parse_byline


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
])
def test_parse_byline(text: str, expected: list[str]) -> None:
    assert parse_byline(text) == expected


@pytest.mark.parametrize("text", ["Comments", "By Reuters Staff", "Senior Political Editor", "",
                                  "By Futurism", "Madonna"])
def test_no_names(text: str) -> None:
    assert parse_byline(text) == []


def test_byline_prefix() -> None:
    assert has_byline_prefix("By Jane Doe")
    assert has_byline_prefix("Written by Jane Doe")
    assert not has_byline_prefix("Byron Bay floods again")
    assert not has_byline_prefix("From our correspondent")


@given(st.text(max_size=200))
def test_never_raises_and_is_stable(text: str) -> None:
    names = parse_byline(text)
    assert all(isinstance(n, str) and n for n in names)
    assert parse_byline(text) == names
