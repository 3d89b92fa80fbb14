"""Day-first numeric dates on plain-text pages from day-first countries (issue 12, item 2: a new
user's trial): the text path's page clock from currency signs, dialling codes, addresses,
spellings and language (:mod:`dateline.extract.text_clock`).

Pages written by the dateline team; the expected values are worked out by hand.
"""

from __future__ import annotations

import dateline
from dateline.extract.text_clock import locale_signs, text_clock

BODY = [
    "The county council agreed on Tuesday to spend \u00a34.2m on repairs to the Hollin Lane "
    "bridge, which has been closed to lorries since a crack was found in its centre span.",
    "Councillors said the work would start in the summer and take about nine months, and that "
    "the colour of the new railings would be chosen by residents in a vote this spring.",
    "A spokesperson for the highways team said the organisation had realised the repairs could "
    "not wait another year, and apologised to drivers for the long diversion through Marlow.",
    "Residents can read the plans at www.hollinshire.gov.uk or call 0300 555 0192 (from abroad "
    "+44 300 555 0192) on weekdays between nine and five.",
]


def _page(stamp: str, body: list[str] = BODY) -> bytes:
    lines = ["Home | News | Sport | Contact", "Council backs \u00a34.2m bridge repair",
             stamp, *body, "Copyright 2025 Hollinshire Echo"]
    return "\n\n".join(lines).encode()


def test_british_page_reads_numeric_date_day_first():
    article = dateline.extract(_page("Published: 02/04/2025 09:40"), format="text", nlp=False)
    assert article.published == "2025-04-02T09:40:00"


def test_signs_of_a_british_page():
    day_first, month_first = locale_signs("\n".join(BODY))
    assert day_first == {"currency", "phone", "domain", "spelling"}
    assert month_first == set()
    assert text_clock("\n".join(["Published: 02/04/2025 09:40", *BODY])).day_first is True


US_BODY = [
    "The city council voted on Tuesday to spend $4.2 million on repairs to the Hollin Avenue "
    "bridge, which has been closed to trucks since a crack was found in its center span.",
    "Council members said the work would start in the summer, and that the color of the new "
    "railings would be picked by residents; the organization running the vote has realized "
    "turnout matters.",
    "Residents can call (555) 555-0192 on weekdays between nine and five.",
]


def test_american_page_keeps_month_first():
    article = dateline.extract(_page("Published: 02/04/2025 09:40", US_BODY), format="text",
                               nlp=False)
    assert article.published == "2025-02-04T09:40:00"
    assert locale_signs("\n".join(US_BODY))[1] == {"currency", "phone", "spelling"}


def test_conflicting_signs_keep_todays_reading():
    # pounds and a British address, but a US phone number: no decision
    mixed = [*BODY[:3], "Call our New York desk on (555) 555-0192."]
    assert text_clock("\n".join(["02/04/2025", *mixed])).day_first is None
    article = dateline.extract(_page("Published: 02/04/2025 09:40", mixed), format="text",
                               nlp=False)
    assert article.published == "2025-02-04T09:40:00"


def test_no_signs_and_english_keep_todays_reading():
    plain = ["The committee met on Tuesday and agreed to repair the bridge over the river "
             "before the end of the year, members said after a long meeting in the town hall.",
             "Work is expected to take about nine months and to start as soon as the weather "
             "allows, according to the engineer in charge of the repairs."]
    assert text_clock("\n".join(["02/04/2025", *plain])).day_first is None


def test_non_english_page_reads_day_first():
    french = ["Le conseil municipal a vot\u00e9 mardi soir un budget de quatre millions pour "
              "la r\u00e9paration du pont de la rue Haute, ferm\u00e9 aux camions depuis "
              "l'hiver dernier.",
              "Les travaux commenceront au printemps et dureront environ neuf mois, selon "
              "l'ing\u00e9nieur charg\u00e9 du chantier, qui a pr\u00e9sent\u00e9 les plans "
              "aux habitants."]
    assert text_clock("\n".join(["02/04/2025 09:40", *french])).day_first is True


def test_page_without_ambiguous_date_is_not_read():
    # 13/04 can only be day first: the clock is not needed and says nothing
    assert text_clock("\n".join(["13/04/2025", *BODY])).day_first is None


def test_text_clock_reads_signs_only_for_an_ambiguous_line():
    from dateline.extract.text_clock import TextClock

    clock = TextClock("\n".join(["Published: 02/04/2025 09:40", *BODY]))
    assert clock.for_line("Published: 13 March 2025") is None
    assert clock.for_line("Published: 02/04/2025 09:40").day_first is True
