"""Timestamps with zone abbreviations -> ISO 8601 with the stated offset."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.extract.timestamps import find_timestamps, parse_timestamp


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
