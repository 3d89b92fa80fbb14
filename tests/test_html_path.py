"""The HTML path on pages we wrote: every expected value below was worked out by hand."""

from __future__ import annotations

import pytest

from dateline.errors import ExtractionError
from dateline.extract import extract_page
from dateline.extract.html import extract_html
from dateline.extract.result import Extraction
from dateline.sources.page import RawPage


def _page(samples, name: str) -> RawPage:
    return RawPage(source=name, data=(samples / name).read_bytes())


@pytest.fixture
def riverside(samples):
    return extract_page(_page(samples, "riverside-bridge-reopens.html"))


@pytest.fixture
def storm(samples):
    return extract_page(_page(samples, "storm-eleni-photos.html"))


def test_riverside_metadata(riverside):
    assert riverside.source.format == "html"
    assert riverside.headline == "Riverside footbridge reopens after two-year repair"
    assert riverside.standfirst == ("Cyclists and walkers return to the Ashby crossing, closed "
                                    "since a barge struck it in 2022")
    assert riverside.authors == ["Priya Lindqvist"]
    assert riverside.published == "2024-05-14T07:30:00+01:00"
    assert riverside.updated is None
    assert riverside.publisher == "The Midland Courier"
    assert riverside.section == "Local news"
    assert riverside.language == "en"
    assert riverside.url == "https://courier.example/news/2024/05/14/riverside-footbridge-reopens"


def test_riverside_body_and_boilerplate(riverside):
    paragraphs = riverside.paragraphs
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("The Ashby footbridge over the River Lenn reopened")
    assert paragraphs[2] == ("\u201cIt feels like getting a piece of the town back,\u201d said "
                             "Harriet Osei, who cycles across the river to the hospital where "
                             "she works as a nurse. \u201cI counted the days.\u201d")
    assert paragraphs[-1] == ("The bridge will be lit at night from June, once new lamps arrive "
                              "from the supplier.")
    body = "\n".join(paragraphs)
    for chrome in ("Sign up", "Read more", "cookies", "All rights reserved", "Privacy policy",
                   "Transport correspondent", "Riverside footbridge reopens"):
        assert chrome not in body
    removed = {b.text: b.kind for b in riverside.boilerplate}
    assert removed["Read more: Barge operator fined over bridge collision"] == "related"
    newsletter = [t for t in removed if t.startswith("Sign up to our free Morning Briefing")]
    assert newsletter and removed[newsletter[0]] == "newsletter"
    # the boilerplate list follows page order: the sign-up box comes before the "Read more" line
    texts = [b.text for b in riverside.boilerplate]
    assert texts.index(newsletter[0]) < texts.index(
        "Read more: Barge operator fined over bridge collision")


def test_storm_times_authors_and_images(storm):
    assert storm.headline == "In pictures: Storm Eleni batters the west coast"
    assert storm.standfirst == "Winds of 90mph close bridges and cut power to 40,000 homes"
    assert storm.authors == ["Callum Reid"]
    assert storm.published == "2025-01-21T06:15:00+00:00"
    assert storm.updated == "2025-01-21T14:40:00+00:00"
    assert storm.section == "Weather"
    assert storm.publisher == "Northgate Herald"
    assert [(i.caption, i.credit, i.url) for i in storm.images] == [
        ("Waves break over the sea wall at Carrick Bay on Tuesday morning", "Aileen Moss/Herald",
         "https://herald.example/img/eleni-seafront.jpg"),
        ("The morning ferry stays in port at Kilbrannan", "PA",
         "https://herald.example/img/eleni-ferry.jpg"),
    ]


def test_storm_body(storm):
    assert len(storm.paragraphs) == 5
    assert storm.paragraphs[0].startswith("Storm Eleni brought gusts of up to 90mph")
    assert storm.paragraphs[-1].startswith("Schools in four districts stayed closed")
    body = "\n".join(storm.paragraphs)
    for chrome in ("Subscribe for", "Log in", "Comments (12)", "Have your say", "Photograph:",
                   "Winds of 90mph", "By Callum Reid"):
        assert chrome not in body


def test_html_without_body_is_an_extraction_error():
    page = RawPage(source="empty.html", data=b"<html><head></head></html>")
    with pytest.raises(ExtractionError):
        extract_page(page, format="html")


def test_broken_html_still_gives_a_record():
    sentence = ("The harbour board voted on Monday to extend the ferry pier by forty metres, "
                "a plan that fishermen had opposed for three years. ")
    data = ("<html><head><title>Pier vote</title><body><h1>Pier extension approved</h1>"
            "<div><p>" + sentence + "<p>" + sentence.replace("Monday", "Tuesday") +
            "<p><b>Members said the work would start in spring and last six months, "
            "weather permitting, with the old pier kept open.").encode()
    article = extract_page(RawPage(source="broken.html", data=data), format="html")
    assert article.headline == "Pier extension approved"
    assert any("ferry pier by forty metres" in p for p in article.paragraphs)
    assert article.paragraphs[-1].startswith("Members said the work would start in spring")


def test_extract_html_returns_a_typed_result_with_blocks(samples):
    result = extract_html((samples / "storm-eleni-photos.html").read_text("utf-8"))
    assert isinstance(result, Extraction)
    assert result.format == "html"
    assert {b.kind for b in result.blocks} >= {"body", "metadata"}
    assert all(b.element is not None for b in result.blocks)
    assert result.paragraphs == [b.text for b in result.blocks if b.kind == "body"]


def test_url_given_by_the_source_wins(samples):
    result = extract_html((samples / "storm-eleni-photos.html").read_text("utf-8"),
                          url="https://herald.example/weather/eleni")
    assert result.url == "https://herald.example/weather/eleni"
