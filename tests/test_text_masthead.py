"""The publisher of a text scrape from its masthead line (issue 12: a new user's trial found
"The Ridgeway Tribune" at the top of a page and ``publisher`` null).

Pages and lines written by the dateline team; the expected values are worked out by hand.
"""

from __future__ import annotations

import pytest

import dateline
from dateline.extract.masthead import is_masthead

BODY = [
    "The district council agreed on Tuesday to rebuild the footbridge over the Ridgeway canal, "
    "which has been closed since inspectors found cracks in two of its piers last winter.",
    "Work is to start in the spring and take about nine months, the council said, and the "
    "towpath will stay open to walkers and cyclists for most of that time.",
    "Residents will be asked to choose the colour of the new railings at a meeting in the "
    "village hall next month, and a model of the bridge will be on show there.",
]


def _page(top: list[str], tail: list[str] = ()) -> bytes:
    return "\n\n".join([*top, "Council to rebuild canal footbridge", *BODY, *tail]).encode()


def test_masthead_names_the_publisher():
    article = dateline.extract(_page(["The Ridgeway Tribune", "Home | News | Sport"]),
                               format="text", nlp=False)
    assert article.publisher == "The Ridgeway Tribune"
    assert article.headline == "Council to rebuild canal footbridge"


def test_copyright_line_wins_over_masthead():
    article = dateline.extract(_page(["The Ridgeway Tribune", "Home | News | Sport"],
                                     ["\u00a9 2025 Ridgeway Media Ltd. All rights reserved."]),
                               format="text", nlp=False)
    assert article.publisher == "Ridgeway Media Ltd."


def test_no_masthead_no_publisher():
    article = dateline.extract(_page(["Home | News | Sport", "Press Releases"]),
                               format="text", nlp=False)
    assert article.publisher is None


@pytest.mark.parametrize(("line", "expected"), [
    ("The Ridgeway Tribune", True),
    ("Il Corriere di Valtorre", True),
    ("Corriere della Valle", True),
    ("Süddeutsche Zeitung", True),
    ("Le Courrier de Marsanne", True),
    ("The Times", True),
    ("Press Releases", False),           # no newspaper word
    ("Post Comment", False),             # the word opens the line, no particle after it
    ("Sign up for the Tribune", False),  # a lowercase word that is no particle
    ("Times: Monday to Friday", False),  # a sentence mark
    ("Read more from The Herald", False),
    ("THE RIDGEWAY TRIBUNE TODAY", False),  # all capitals: a heading, not a title
    ("Tribune", False),                  # one word
    ("The Long Weekend Guide For Every Herald Reader", False),  # too long
])
def test_is_masthead(line, expected):
    assert is_masthead(line) is expected
