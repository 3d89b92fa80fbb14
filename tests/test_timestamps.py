"""Timestamps with zone abbreviations -> ISO 8601 with the stated offset."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.extract.timestamps import (
    PageClock,
    find_timestamps,
    parse_timestamp,
    time_of_day,
    with_time,
)


@pytest.mark.parametrize(("text", "expected"), [
    # North American zones, standard and daylight time
    ("Tuesday 01 February 2022 13:18 EST", "2022-02-01T13:18:00-05:00"),
    ("July 4, 2021 9:30 am EDT", "2021-07-04T09:30:00-04:00"),
    ("Jan 5, 2020 11:00 PM CST", "2020-01-05T23:00:00-06:00"),
    ("Aug 5, 2020 11:00 PM CDT", "2020-08-05T23:00:00-05:00"),
    ("Mar 3, 2021 at 5:00 pm MST", "2021-03-03T17:00:00-07:00"),
    ("Jun 3, 2021 at 5:00 pm MDT", "2021-06-03T17:00:00-06:00"),
    ("Dec 1, 2019 8:15 a.m. PST", "2019-12-01T08:15:00-08:00"),
    ("Mar 3, 2021 at 5:00 pm PDT", "2021-03-03T17:00:00-07:00"),
    # British and European zones
    ("Thursday 09 March 2023 18:42 GMT", "2023-03-09T18:42:00+00:00"),
    ("Published: 12 May 2021, 09:30 BST", "2021-05-12T09:30:00+01:00"),
    ("3 February 2020 10:00 CET", "2020-02-03T10:00:00+01:00"),
    ("12 July 2020 10.30 CEST", "2020-07-12T10:30:00+02:00"),
    ("2021-03-01 08:00 UTC", "2021-03-01T08:00:00+00:00"),
    # Asia-Pacific zones
    ("20/11/2019 14:05 AEST", "2019-11-20T14:05:00+10:00"),
    ("Monday 6 July 2020 9:00 IST", "2020-07-06T09:00:00+05:30"),
    # DST-neutral names resolved on the stated date, and GMT+N written out
    ("Updated 3:45 p.m. ET, Mon March 4, 2019", "2019-03-04T15:45:00-05:00"),
    ("Updated 3:45 p.m. ET, Thu July 4, 2019", "2019-07-04T15:45:00-04:00"),
    ("1 June 2021 08:00 GMT+2", "2021-06-01T08:00:00+02:00"),
    # numeric forms, no zone, no time
    ("2019-11-20T10:00:00Z", "2019-11-20T10:00:00+00:00"),
    ("2019-11-20T10:00:00+01:00", "2019-11-20T10:00:00+01:00"),
    ("14 June 2024 07:15", "2024-06-14T07:15:00"),
    ("November 20, 2019", "2019-11-20"),
])
def test_parse_timestamp(text: str, expected: str) -> None:
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize("text", [
    "Comments", "Sofia Barbarani", "Posted 2 hours ago", "", "13:18 EST",
    "The council said the 2019 report in May had been ignored by everyone involved",
])
def test_not_a_timestamp(text: str) -> None:
    assert parse_timestamp(text) is None


def test_find_published_and_updated_on_one_line() -> None:
    assert find_timestamps("Published 3 May 2021 10:00 BST | Updated 4 May 2021 11:20 BST") == [
        ("published", "2021-05-03T10:00:00+01:00"), ("updated", "2021-05-04T11:20:00+01:00")]
    assert find_timestamps("Updated 14 June 2024, 11:02 BST") == [
        ("updated", "2024-06-14T11:02:00+01:00")]


@given(st.text(max_size=120))
def test_never_raises_and_is_iso_or_none(text: str) -> None:
    from datetime import datetime

    value = parse_timestamp(text)
    assert value is None or datetime.fromisoformat(value)
    assert parse_timestamp(text) == value


@pytest.mark.parametrize(("text", "expected"), [
    # day-first numerics with European zones (issue 12, item 2)
    ("05.03.2025 12:40 CET", "2025-03-05T12:40:00+01:00"),
    ("2025.03.25. 16:10 CET", "2025-03-25T16:10:00+01:00"),
    ("01.04.2025 kl. 18:10 CEST", "2025-04-01T18:10:00+02:00"),
    ("05/03/2025 12:40 GMT", "2025-03-05T12:40:00+00:00"),   # a British zone: day first
    # the time before the date, "at 7:45 a.m.", "2.05pm"
    ("09:40 BST, Wed, Apr 2, 2025", "2025-04-02T09:40:00+01:00"),
    ("March 24, 2025 at 7:45 a.m. ET", "2025-03-24T07:45:00-04:00"),  # EDT from 9 March
    ("March 6, 2025 at 7:45 a.m. ET", "2025-03-06T07:45:00-05:00"),   # still EST
    ("13 March 2025 2.05pm GMT", "2025-03-13T14:05:00+00:00"),
    # month names and labels in other languages; their numeric dates are day first
    ("Atualizado em 03/04/2024", "2024-04-03"),
    ("Publicado el 5 de marzo de 2025 a las 12:40", "2025-03-05T12:40:00"),
    ("Publicado em 5 de março de 2025", "2025-03-05"),
    ("Publié le 5 mars 2025 à 12h40", "2025-03-05T12:40:00"),
    ("Veröffentlicht am 5. März 2025, 12:40 Uhr", "2025-03-05T12:40:00"),
    ("Pubblicato il 5 marzo 2025 alle 12:40", "2025-03-05T12:40:00"),
    ("Gepubliceerd op 3 maart 2025 om 14:05", "2025-03-03T14:05:00"),
    ("2025年3月5日 12:40", "2025-03-05T12:40:00"),
])
def test_date_styles(text: str, expected: str) -> None:
    assert parse_timestamp(text) == expected


def test_labels_in_other_languages_give_the_role() -> None:
    assert find_timestamps("Atualizado em 03/04/2024") == [("updated", "2024-04-03")]
    assert find_timestamps("Publié le 5 mars 2025 | Mis à jour le 6 mars 2025") == [
        ("published", "2025-03-05"), ("updated", "2025-03-06")]


def test_the_page_clock_gives_day_order_zone_and_year() -> None:
    british = PageClock(zone="Europe/London", day_first=True, year=2025)
    assert parse_timestamp("05/03/2025 12:40") == "2025-05-03T12:40:00"   # unknown: US order
    assert parse_timestamp("05/03/2025 12:40", british) == "2025-03-05T12:40:00+00:00"
    assert parse_timestamp("05/07/2025 12:40", british) == "2025-07-05T12:40:00+01:00"  # BST
    tokyo = PageClock(zone="Asia/Tokyo", year=2025)
    assert parse_timestamp("3月5日") is None                 # no year on the line or the page
    assert parse_timestamp("3月5日 12:40", tokyo) == "2025-03-05T12:40:00+09:00"
    # an ambiguous abbreviation takes the page's reading: Irish Standard Time in summer
    assert parse_timestamp("4 July 2025 10:00 IST") == "2025-07-04T10:00:00+05:30"
    assert parse_timestamp("4 July 2025 10:00 IST", PageClock(zone="Europe/Dublin")) == \
        "2025-07-04T10:00:00+01:00"


def test_a_time_alone_completes_a_date_only_line() -> None:
    assert time_of_day("12:40 GMT") == "12:40:00+00:00"
    assert time_of_day("kl. 18:10") == "18:10:00"
    assert time_of_day("5 March 2025") is None
    assert time_of_day("Read the full story at 10:00") is None
    assert with_time("2025-03-05", "12:40:00+00:00") == "2025-03-05T12:40:00+00:00"
    assert with_time("2025-07-05", "18:10:00", PageClock(zone="Europe/Oslo")) == \
        "2025-07-05T18:10:00+02:00"
    assert with_time("2025-07-04", time_of_day("10:00 ET")) == "2025-07-04T10:00:00-04:00"
    assert with_time("2025-07-04T09:00:00", "10:00:00") == "2025-07-04T09:00:00"


BODY_LINES = [
    "The harbour board met on Thursday and agreed to rebuild the north pier, which has been "
    "closed to ferries since the storms of last winter, at a cost of four million pounds.",
    "Work will begin in the spring and should take about eighteen months, the chair of the "
    "board told the meeting, and the ferry timetable will change while the work lasts.",
    "Local traders welcomed the decision, saying the closure had cost them a third of their "
    "summer trade, and asked the board to keep the south slipway open for small boats.",
]


def _scrape(*header: str) -> str:
    return "\n\n".join(["Harbour Times", "North pier to be rebuilt after the winter storms",
                        *header, *BODY_LINES]) + "\n"


def test_text_path_date_only_line_takes_the_time_on_the_next_line() -> None:
    from dateline.extract.text import extract_text

    record = extract_text(_scrape("By Ines Calder", "5 March 2025", "12:40 GMT"))
    assert record.authors == ["Ines Calder"]
    assert record.published == "2025-03-05T12:40:00+00:00"


def test_text_path_updated_before_published_is_dropped() -> None:
    from dateline.extract.text import extract_text

    record = extract_text(_scrape("By Ines Calder",
                                  "Published 05.03.2025 12:40 CET | Updated 04.03.2025 09:00 CET"))
    assert (record.published, record.updated) == ("2025-03-05T12:40:00+01:00", None)
    record = extract_text(_scrape("Por María Ibáñez", "Atualizado em 06/03/2025 09:00"))
    assert record.authors == ["María Ibáñez"]
    assert record.updated == "2025-03-06T09:00:00"


@given(st.text(max_size=80), st.sampled_from([None, "Europe/London", "Asia/Tokyo"]),
       st.sampled_from([None, True, False]))
def test_never_raises_with_any_clock(text: str, zone, day_first) -> None:
    from datetime import datetime

    clock = PageClock(zone=zone, day_first=day_first, year=2025)
    for _, value in find_timestamps(text, clock):
        assert datetime.fromisoformat(value)
    alone = time_of_day(text, clock)
    assert alone is None or datetime.fromisoformat(with_time("2025-03-05", alone, clock))
