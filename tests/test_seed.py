"""The seed page (../shared/seed): the record issue 2 asks for. Its text is read from ../shared,
never copied here; only short values are asserted."""

from __future__ import annotations

import pytest
from conftest import shared_path

from dateline.extract.result import Extraction
from dateline.extract.text import extract_text

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def record() -> Extraction:
    path = shared_path("seed", "independent-2022-02-01.txt")
    return extract_text(path.read_text(encoding="utf-8"))


def test_headline_and_standfirst(record: Extraction) -> None:
    assert record.headline.startswith("Putin accuses the West")
    assert record.headline.endswith("concerns over Ukraine")
    assert len(record.headline.split()) == 11
    assert record.standfirst.startswith("It is the first public comments")
    assert record.standfirst.endswith("since the crisis began")


def test_byline_and_time(record: Extraction) -> None:
    assert record.authors == ["Sofia Barbarani"]
    assert record.published == "2022-02-01T13:18:00-05:00"
    assert record.updated is None


def test_one_image_credited_ap(record: Extraction) -> None:
    assert len(record.images) == 1
    image = record.images[0]
    assert image.credit == "AP"
    assert image.caption.startswith("Russian President Vladimir Putin, left")
    assert "(AP)" not in image.caption


def test_body_is_the_sixteen_paragraphs(record: Extraction) -> None:
    body = record.paragraphs
    assert len(body) == 16
    assert body[0].startswith("Russian President Vladimir Putin accused")
    assert body[-1].endswith("writes Gyöngyösi.")


def test_no_chrome_in_body(record: Extraction) -> None:
    text = "\n".join(record.paragraphs).lower()
    for chrome in ("notification", "donation", "your support", "commenting forum",
                   "logged in", "registering", "refresh the page"):
        assert chrome not in text


def test_chrome_in_boilerplate_with_kinds(record: Extraction) -> None:
    kinds = [b.kind for b in record.boilerplate]
    assert kinds[:2] == ["notification_prompt", "notification_prompt"]
    assert kinds.count("donation_appeal") == 5
    assert "comments" in kinds and "login" in kinds
    by_text = {b.text: b.kind for b in record.boilerplate}
    assert by_text["Comments"] == "comments"
    login = [t for t in by_text if t.startswith("Please refresh the page")]
    assert login and by_text[login[0]] == "login"
